"""pipespec.errors: file names and configuration errors shown to people, and what every problem, reason and title
goes through before any format shows it."""

from __future__ import annotations

import os

import pytest

from pipespec.errors import (
    ECHO_LIMIT,
    MAX_DIAGNOSTICS,
    MESSAGE_LIMIT,
    ConfigError,
    Problem,
    Span,
    capped,
    display_path,
    shorten,
    shown,
)
from tests.hostile.generators import growth


@pytest.mark.parametrize("raw,shown", [
    ("plain/name.pipe", "plain/name.pipe"),
    ("a\nb.pipe", "a\\x0ab.pipe"),
    ("esc\x1b[2J.pipe", "esc\\x1b[2J.pipe"),
    ("c1\x9b.pipe", "c1\\x9b.pipe"),
    ("rtl\u202egnp.pipe", "rtl\\u202egnp.pipe"),
    (os.fsdecode(b"latin\xe9.pipe"), "latin\\xe9.pipe"),  # a byte that is not UTF-8 shows as the byte
    ("ünïcode-名前.pipe", "ünïcode-名前.pipe"),  # printable text stays as it is
])
def test_display_path(raw: str, shown: str) -> None:
    assert display_path(raw) == shown


def test_a_span_shows_its_file_escaped() -> None:
    assert str(Span("x\ny.pipe", 3, 4)) == "x\\x0ay.pipe:3:4"


def test_config_error_is_one_safe_line() -> None:
    e = ConfigError("unknown key a\x1bb", "/c\n/.pipespec.toml", 2, 5)
    assert str(e) == "/c\\x0a/.pipespec.toml:2:5: unknown key a\\x1bb"
    assert e.located() == "/c\\x0a/.pipespec.toml:2:5: PS113 unknown key a\\x1bb"
    assert ConfigError("bad", "/p.toml").located() == "/p.toml:1:1: PS113 bad"



def test_long_quoted_values_and_runs_are_cut_with_an_ellipsis() -> None:
    assert shorten("unknown '" + "q" * 500 + "' in 'm'") == "unknown '" + "q" * ECHO_LIMIT + "\u2026' in 'm'"
    assert shorten("x" * 500) == "x" * ECHO_LIMIT + "\u2026"


def test_prose_between_two_quoted_values_is_not_a_value() -> None:
    message = "'emb' -> 'probe' is drawn as " + "word " * 80 + "'cxr' instead of 'emb'"
    assert shorten(message) == message


def test_shown_bounds_a_whole_text_and_makes_it_one_safe_line() -> None:
    text = shown("a b " * 1_000 + "\x1b[2J\n")
    assert len(text) <= MESSAGE_LIMIT + 1 and text.endswith("\u2026")
    assert shown("t\x1b]0;x\x07\nforged") == "t\\x1b]0;x\\x07\\nforged"


def test_cutting_is_linear_on_many_unclosed_quotes() -> None:
    t1, t2 = growth(lambda n: " 'x" * n, shorten, 100_000, rounds=3)
    assert t2 / max(t1, 1e-4) <= 2.5


def test_diagnostics_are_capped_with_one_line_saying_how_many_more() -> None:
    many = [Problem("PS102", f"bad {i}", Span("t.yaml", i + 1, 1)) for i in range(250)]
    out = capped(many)
    assert len(out) == MAX_DIAGNOSTICS + 1 and out[:MAX_DIAGNOSTICS] == many[:MAX_DIAGNOSTICS]
    assert out[-1].message == f"... and {250 - MAX_DIAGNOSTICS} more" and out[-1].span == many[MAX_DIAGNOSTICS].span
    assert capped(many[:MAX_DIAGNOSTICS + 1]) == many[:MAX_DIAGNOSTICS + 1]


@pytest.mark.parametrize("limit", [ECHO_LIMIT, MESSAGE_LIMIT])
def test_a_long_message_said_again_is_shown_as_the_first_time(limit: int) -> None:
    """A batch repeats long messages; the second is shown from memory, and exactly as the first (per limit)."""
    from pipespec.errors import _shown

    long_name = "n" * (ECHO_LIMIT + 50)
    for text in (f"stage '{long_name}' feeds 'head' " + "and more words " * 20, "plain " * 60 + "\u202e end"):
        first, again = shown(text, limit), shown(text, limit)
        assert first == again == _shown(text, limit)
        assert len(first) <= limit + 1 + 40  # cut to the limit (and escapes)


def test_a_record_refuses_a_change_to_a_field_it_does_not_have() -> None:
    """``_replace`` of a problem or a verdict refuses a misspelt field, as a named tuple's does, also when the change
    leaves every field that is made safe alone (it is never silently dropped)."""
    from pipespec.analysis.results import Verdict

    problem = Problem("X100", "message", Span("f", 1, 1))
    verdict = Verdict(5, "yes", "D501", "reason")
    for record, typo in ((problem, {"severty": "warning"}), (verdict, {"declard": "yes"}),
                         (problem, {"message": "new", "severty": "warning"})):
        with pytest.raises((TypeError, ValueError)):
            record._replace(**typo)
    assert problem._replace(severity="warning").severity == "warning"
    assert verdict._replace(declared="yes").declared == "yes"
