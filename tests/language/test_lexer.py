"""The lexer made for the DSL grammar (pipespec.language.lexer) cuts the same tokens as lark's contextual lexer and
feeds the same LALR tables: same tokens and positions, same documents and spans, same errors where it hands over."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipespec import strategies as ps
from pipespec.errors import SyntaxFailure
from pipespec.language import dsl
from pipespec.language.lexer import Unsure
from pipespec.language.writer import format_dsl

ROOT = Path(__file__).resolve().parents[2]
TEXTS = sorted(p.read_text(encoding="utf-8") for p in [*(ROOT / "examples").rglob("*.pipe"),
                                                       *(ROOT / "tests" / "data").rglob("*.pipe")])
# the contextual lexer's corners: keywords where a name is expected, a keyword glued to a name, numbers that start
# a name, comments and blank lines between statements, multi-word phrases, escapes, CRLF line ends
CORNERS = [
    'pipeline "x" {\n  input model: CT\n  model at: CNN\n  flow model -> at\n}\n',
    'pipeline "x" {\n  input flowx: CT\n  output fromage: classification\n  flow flowx -> fromage\n}\n',
    'pipeline "x" {\n  input 3D: "CT" volume\n  preprocessing p: resample(1.5, 1.5, 3) 2.5e3 "my op"\n'
    '  flow 3D -> p\n}\n',
    '# head\n\npipeline "x" {  # trailing\n\n  input a: CT   # c\n\n\n  model m: CNN { task: seg, layers: [1, 2,\n'
    '  3], note: "a \\"q\\" b" }\n  flow a -> m\n}\n\n# tail',
    'pipeline "x" {\n  preprocessing p: correlation filter, random forest importance(top: 10) Mann-Whitney U\n}\n',
    'pipeline "x" {\r\n  input a: CT\r\n  model m: CNN\r\n  flow a -> m\r\n}\r\n',
    'pipeline "x" {\n  assess item14 = yes "see the appendix"\n  cohort { patients: 120 }\n'
    '  waive C101 "fine" at m\n  declare condition5 = yes\n  expect condition1 = met\n}\n',
    'pipeline "x" {\n  study { doi: "10.1/x", year: 2020 }\n  input a: CT\n  flow a, a -> a\n}\n',
]
MALFORMED = [
    'pipeline "x" {\n  input a CT\n}\n', 'pipeline "x" {\n  input a: CT ^\n}\n', 'pipeline "x" {\n  input a: CT\n',
    'pipeline "x" {\n  model m: CNN { task: }\n}\n', 'pipeline x {\n}\n', 'pipeline "x" {\n  flow a -> \n}\n',
    'pipeline "x" {\n  declare condition5 yes\n}\n', 'pipeline "x" {\n  input a: "unterminated\n}\n',
    'pipeline "x" {}\n', 'pipeline "x" {\n  preprocessing p: resample(1, ) normalize\n}\n',
    'pipeline "x" {\n  input at: CT\n}\n', 'pipeline "x" {\n  input model: CT\n  model model: CNN\n}\n',
    'pipeline "x" {\n  input a: CT\n  flow a -> \n  model m: CNN\n}\n', 'pipeline "x" {\n  input a: C§T\n}\n',
    'pipeline "x" {\n  study { doi: "a" }\n  study { year: 2020 }\n}\n',
    # a statement-wide error found during the parse, then a syntax error further on: the syntax error is reported
    ' pipeline  ""  { \n study  {  } \n study  {  } \n# } ',
]


def front() -> Any:
    return dsl._front(dsl._runtime())


def key(tok: Any) -> tuple[Any, ...]:
    return (tok.type, str(tok), tok.start_pos, tok.line, tok.column, tok.end_line, tok.end_column, tok.end_pos)


def lark_tokens(text: str) -> list[tuple[Any, ...]]:
    """The tokens lark's contextual lexer feeds its parser (through the interactive parser)."""
    return [key(t) for t in dsl.parser().parse_interactive(text).iter_parse()]


def fast_tokens(text: str) -> list[tuple[Any, ...]]:
    f = front()
    lent = f.lend()
    try:
        record: list[Any] = []
        lent[0].begin("t.pipe", text)
        f.fast.parse(text, lent[1], record=record)
        assert record[-1].type == "$END"
        return [key(t) for t in record[:-1]]
    finally:
        lent[0].begin("<string>", "")
        f.free.append(lent)


def outcome(text: str, fast: bool) -> Any:
    try:
        return dsl.parse_document(text, "t.pipe", fast=fast)
    except SyntaxFailure as exc:
        return [(d.code, d.message, d.span, d.fix) for d in exc.diagnostics]


@pytest.mark.parametrize("text", TEXTS + CORNERS)
def test_the_same_tokens_as_lark(text: str) -> None:
    text = text if text.endswith("\n") else text + "\n"
    try:
        expected = lark_tokens(text)
    except Exception:  # noqa: BLE001 - a text lark rejects: the fast lexer must hand it over, not accept it
        with pytest.raises(Unsure):
            fast_tokens(text)
        return
    assert fast_tokens(text) == expected


@pytest.mark.parametrize("text", TEXTS + CORNERS + MALFORMED)
def test_the_same_documents_spans_and_errors(text: str) -> None:
    assert outcome(text, fast=True) == outcome(text, fast=False)


def test_every_syntax_error_is_handed_to_lark() -> None:
    errors = [t for t in MALFORMED if isinstance(outcome(t, fast=False), list) and "PS101" in outcome(t, False)[0]]
    assert len(errors) >= 10
    for text in errors:
        with pytest.raises(Unsure):
            fast_tokens(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ps.pipelines(), st.data())
def test_generated_pipelines_and_their_damage(pipeline: Any, data: st.DataObject) -> None:
    text = format_dsl(pipeline)
    assert fast_tokens(text) == lark_tokens(text)
    assert outcome(text, fast=True) == outcome(text, fast=False)
    # a character dropped, doubled or replaced: the same result (document or located error) both ways
    at = data.draw(st.integers(0, max(0, len(text) - 1)))
    char = data.draw(st.sampled_from(list(':{}(),->"#=\n x1[]') + ["\r\n", "§"]))
    for damaged in (text[:at] + text[at + 1:], text[:at] + char + text[at:], text[:at] + char + text[at + 1:]):
        assert outcome(damaged, fast=True) == outcome(damaged, fast=False)


def test_the_pattern_is_the_grammars_terminals() -> None:
    """One compiled pattern, one group per terminal the parser cuts, each with the parser's own regexp, then the
    ignored terminals skipped (this grammar's blanks and comments are proved skippable)."""
    fast = front().fast
    terminals = {str(t.name): t.pattern.to_regexp() for t in dsl.parser().terminals}
    assert fast.skips
    assert set(fast.pattern.groupindex) == set(terminals) - fast.ignore
    for name, rx in terminals.items():
        if name in fast.ignore:
            assert f"(?:{rx})" in fast.skip and fast.pattern.pattern.endswith(fast.skip)
        else:
            assert f"(?P<{name}>{rx})" in fast.pattern.pattern
    # nothing of the grammar is spelled in the lexer's source: its terminals come from the parser
    source = (ROOT / "pipespec" / "language" / "lexer.py").read_text(encoding="utf-8")
    grammar = (ROOT / "grammar" / "pipespec.lark").read_text(encoding="utf-8")
    regexps = re.findall(r"^[A-Z_]+(?:\.\d+)?:\s*/(.+)/\s*$", grammar, re.M)
    keywords = re.findall(r'"([a-z_]{3,})"', grammar)
    assert regexps and keywords
    for rx in regexps:
        assert rx not in source
    for word in keywords:
        assert f'"{word}"' not in source


def test_a_syntax_error_after_a_statement_wide_error_is_the_one_reported() -> None:
    text = ' pipeline  ""  { \n study  {  } \n study  {  } \n# } '
    reported = outcome(text, True)
    assert reported == outcome(text, False)
    assert [code for code, *_ in reported] == ["PS101"]  # the unclosed brace, not the second study block


def test_blanks_are_skipped_only_where_the_terminals_prove_it() -> None:
    """The proof of :func:`_skip` from the patterns: ignored terminals that no other terminal can start like, that
    take at least one character, hold no new line and no capturing group."""
    from pipespec.language.lexer import _can_hold_newline, _skip

    blank, comment, name = r"[\t \f]+", r"#[^\n]*", r"[^\W\d]\w*"
    ignored = frozenset({"WS", "COMMENT"})
    assert _skip({"WS": blank, "COMMENT": comment, "NAME": name}, ignored, 0)
    assert not _skip({"WS": blank, "COMMENT": comment, "HASH": r"#\d+"}, ignored, 0)  # a token starting like one
    assert not _skip({"WS": r"[\t \f]*", "COMMENT": comment}, ignored, 0)  # matches nothing
    assert not _skip({"WS": r"\s+", "COMMENT": comment}, ignored, 0)  # holds a new line
    assert not _skip({"WS": r"([\t ])+", "COMMENT": comment}, ignored, 0)  # a capturing group
    assert not _skip({"WS": blank, "COMMENT": comment, "ANY": r"(?i:x)"}, ignored, 0)  # not analysed: no proof
    assert not _skip({"WS": blank, "COMMENT": comment, "SPACED": r"\w\s\w"}, frozenset({"WS", "COMMENT", "SPACED"}), 0)
    # a terminal lark watches for new lines, narrowed where its pattern cannot take one
    assert not _can_hold_newline(name, 0) and not _can_hold_newline(r'"(?:[^"\\\n]|\\.)*"', 0)
    assert _can_hold_newline(r"(\r?\n[\t \f]*(#[^\n]*)?)+", 0) and _can_hold_newline(r"[^x]", 0)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_terminal_is_in_the_class_of_each_character_it_can_start_with(data: st.DataObject) -> None:
    """A token's first character picks the pattern that cuts it: that pattern has every terminal whose match can
    start with that character (a terminal left out could be the one lark's lexer chooses)."""
    fast = front().fast
    candidates = [k for k, name in enumerate(fast.order) if not (fast.skips and name in fast.ignore)]
    k = data.draw(st.sampled_from(candidates))
    value = data.draw(st.from_regex(fast.regexps[k], fullmatch=True).filter(lambda s: s != ""))
    if value[0].isascii():
        assert k in fast.classes[fast.chars[value[0]]], (fast.order[k], value)
        assert fast.pattern_at(value[0]).match(value) is not None


def test_a_text_with_a_very_long_line_is_parsed_by_lark_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """A line longer than LONG_LINE (generated or hostile text) is not cut by the fast lexer: the same document."""
    long = dsl.LONG_LINE
    assert not dsl._has_long_line("a" * long + "\n" + "b" * long) and dsl._has_long_line("a\n" + "b" * (long + 1))
    assert dsl._has_long_line("a" * (long + 1) + "\nb")
    text = 'pipeline "x" {\n  input a: CT { note: "' + "y" * long + '" }\n}\n'
    expected = outcome(text, fast=False)
    assert isinstance(expected, tuple)  # a document
    with monkeypatch.context() as m:
        m.setattr(front().fast, "parse", lambda *args, **kwargs: pytest.fail("the fast lexer was used"))
        assert outcome(text, fast=True) == expected
