"""pipespec.errors: file names and configuration errors shown to people."""

from __future__ import annotations

import os

import pytest

from pipespec.errors import ConfigError, Span, display_path


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
