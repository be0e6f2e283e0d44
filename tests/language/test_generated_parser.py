"""The parser setup.py generates at build time behaves as lark's in-process parser: same documents, same errors."""

from __future__ import annotations

import importlib.util
import runpy
import sys
from pathlib import Path
from typing import Any

import pytest

from pipespec.errors import SyntaxFailure
from pipespec.language import dsl as syntax

ROOT = Path(__file__).resolve().parents[2]

VALID = sorted(p.read_text(encoding="utf-8") for p in (ROOT / "examples").rglob("*.pipe"))
MALFORMED = [
    'pipeline "x" {\n  input a CT\n}\n', 'pipeline "x" {\n  input a: CT ^\n}\n', 'pipeline "x" {\n  input a: CT\n',
    'pipeline "x" {\n  model m: CNN { task: }\n}\n', 'pipeline x {\n}\n', 'pipeline "x" {\n  flow a -> \n}\n',
    'pipeline "x" {\n  declare condition5 yes\n}\n', 'pipeline "x" {\n  input a: "unterminated\n}\n',
    'pipeline "x" {\n  study { doi: "a" }\n  study { year: 2020 }\n}\n', 'pipeline "x" {}\n', "",
    'pipeline "x" {\n  preprocessing p: resample(1, ) normalize\n}\n', 'pipeline "x" {\n  input at: CT\n}\n',
]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Any:
    pytest.importorskip("lark")
    build = runpy.run_path(str(ROOT / "setup.py"), run_name="pipespec_setup")
    path = build["generate_parser"](str(tmp_path_factory.mktemp("gen")))
    assert "import logging" not in Path(path).read_text(encoding="utf-8")  # the start-up trims applied
    spec = importlib.util.spec_from_file_location("pipespec_generated_parser_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def outcome(text: str) -> Any:
    try:
        return syntax.parse_document(text, "t.pipe")
    except SyntaxFailure as exc:
        return [(d.code, d.message, d.span, d.fix) for d in exc.diagnostics]


def with_runtime(rt: Any, parser: Any, text: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as m:
        m.setattr(syntax, "_engine", lambda: (rt, parser))
        m.setattr(syntax, "_runtime", lambda: rt)
        return outcome(text)


@pytest.mark.parametrize("text", VALID + MALFORMED)
def test_generated_parser_agrees_with_lark(generated: Any, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import lark

    grammar = (ROOT / "grammar" / "pipespec.lark").read_text(encoding="utf-8")
    in_process = with_runtime(lark, lark.Lark(grammar, **syntax.LARK_OPTIONS), text, monkeypatch)
    built = with_runtime(generated, generated.Lark_StandAlone(), text, monkeypatch)
    assert built == in_process


def test_the_generated_parser_is_current_with_the_grammar(generated: Any) -> None:
    """The module records the grammar it was made from, and holds the tables lark builds from that grammar now."""
    import zlib

    import lark

    from pipespec.language.lexer import FastParser

    grammar = (ROOT / "grammar" / "pipespec.lark").read_bytes()
    assert generated.GRAMMAR_CRC32 == zlib.crc32(grammar)
    built = FastParser.of_generated(generated, generated.Lark_StandAlone)
    live = FastParser.of_parser(lark.Lark(grammar.decode("utf-8"), **syntax.LARK_OPTIONS), lark)
    assert built.order == live.order and built.regexps == live.regexps
    assert [str(r) for r in built.rules] == [str(r) for r in live.rules]

    def actions(fast: FastParser) -> list[dict[str, tuple[str, str]]]:
        """The table with its states numbered in the order a walk from the start state meets them (the numbers
        lark gives them depend on the order of sets)."""
        number = {fast.start_state: 0}
        order = [fast.start_state]
        out = []
        for state in order:
            row = {}
            for symbol, (action, arg) in sorted(fast.states[state].items(), key=lambda kv: str(kv[0])):
                if action is fast.Shift:
                    if arg not in number:
                        number[arg] = len(order)
                        order.append(arg)
                    row[str(symbol)] = ("shift", str(number[arg]))
                else:
                    row[str(symbol)] = ("reduce", str(arg))
            out.append(row)
        assert len(order) == len(fast.states)
        return out + [{"end": ("state", str(number[fast.end_state]))}]

    assert actions(built) == actions(live)


@pytest.mark.parametrize("stale", [False, True])
def test_a_generated_parser_is_used_only_for_the_grammar_it_was_made_from(
        generated: Any, stale: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    import lark

    monkeypatch.setitem(sys.modules, "pipespec.data.grammar.pipespec_parser", generated)
    if stale:
        monkeypatch.setattr(generated, "GRAMMAR_CRC32", generated.GRAMMAR_CRC32 ^ 1)
    syntax._runtime.cache_clear()
    try:
        assert syntax._runtime() is (lark if stale else generated)
    finally:
        syntax._runtime.cache_clear()
