"""Patterns compiled on first use, and the shortcuts that spare a check from compiling the rare ones at all."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipespec import errors
from pipespec.language import build
from pipespec.lazyre import LazyPattern
from pipespec.render import common

PATTERNS = [r"(\d+)-(\w+)", r"[\s\u00a0]+", r"^\s*item\s*0*(\d{1,3})\s*$"]


def test_a_lazy_pattern_is_compiled_once_on_first_use() -> None:
    lazy = LazyPattern(r"a+b", re.IGNORECASE)
    assert lazy._compiled is None and lazy.pattern == "a+b"
    assert lazy.search("xAAb") is not None
    first = lazy._compiled
    assert first is not None and first.flags & re.IGNORECASE
    lazy.match("ab")
    assert lazy._compiled is first


@pytest.mark.parametrize("pattern", PATTERNS)
@given(text=st.text(alphabet="12 -ab\u00a0item0\n_", max_size=30), pos=st.integers(0, 5))
def test_a_lazy_pattern_answers_as_the_compiled_one(pattern: str, text: str, pos: int) -> None:
    lazy, compiled = LazyPattern(pattern, re.MULTILINE), re.compile(pattern, re.MULTILINE)

    def same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                             and a.groups() == b.groups())

    assert same(lazy.search(text, pos), compiled.search(text, pos))
    assert same(lazy.match(text, pos), compiled.match(text, pos))
    assert same(lazy.fullmatch(text), compiled.fullmatch(text))
    assert lazy.sub("<\\g<0>>", text) == compiled.sub("<\\g<0>>", text)
    assert lazy.subn(lambda m: m.group().upper(), text, 2) == compiled.subn(lambda m: m.group().upper(), text, 2)
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert lazy.findall(text) == compiled.findall(text)
    assert lazy.split(text, 3) == compiled.split(text, 3)


def _every_character() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1))


@pytest.mark.parametrize(("pattern", "skipped"), [
    (errors._UNSAFE, "printable"), (errors._PATH_UNSAFE, "printable"),
    (build._BAD_CHARS, "printable ASCII"), (build._INVISIBLE, "printable ASCII"),
    (common._HIDDEN, "ASCII"), (common._JSON_ESCAPE, "ASCII but DEL"),
])
def test_a_text_the_shortcut_passes_holds_nothing_the_pattern_finds(pattern: LazyPattern, skipped: str) -> None:
    """Messages, paths, names and excerpts skip their pattern when the text is printable (or ASCII): sound only if
    no character such a text can hold is one the pattern finds. Checked over every code point."""
    passes = {
        "printable": str.isprintable,
        "printable ASCII": lambda c: c.isascii() and c.isprintable(),
        "ASCII": str.isascii,
        "ASCII but DEL": lambda c: c.isascii() and c != "\x7f",
    }[skipped]
    found = [c for c in pattern.findall(_every_character()) if passes(c)]
    assert found == []


@pytest.mark.parametrize("text", ["plain message", "a\u202eb", "tab\there", "caf\u00e9", "\x1b[31mred", "\ud800"])
def test_the_shortcuts_leave_every_text_as_before(text: str) -> None:
    assert errors.safe_text(text) == (errors._UNSAFE.sub(errors._escape, text) if errors._UNSAFE.search(text)
                                      else text)
    assert errors.display_path(text) == (errors._PATH_UNSAFE.sub(errors._escape_path_char, text)
                                         if errors._PATH_UNSAFE.search(text) else text)
    hidden = common._HIDDEN.sub(common._code_point, text)
    assert common.shown_source(text) == errors.safe_text(hidden)
