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


def load(path: Path, name: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("lark")
    build = runpy.run_path(str(ROOT / "setup.py"), run_name="pipespec_setup")
    path = Path(build["generate_parser"](str(tmp_path_factory.mktemp("gen"))))
    assert "import logging" not in path.read_text(encoding="utf-8")  # the start-up trims applied
    return path.parent


@pytest.fixture(scope="module")
def generated(built: Path) -> Any:
    return load(built / "pipespec_parser.py", "pipespec_generated_parser_under_test")


@pytest.fixture(scope="module")
def stored(built: Path) -> Any:
    """The lexer's spec setup.py stores beside the generated parser."""
    return load(built / "pipespec_spec.py", "pipespec_generated_spec_under_test")


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


def test_the_generated_parser_is_current_with_the_grammar(generated: Any, stored: Any) -> None:
    """The module records the grammar it was made from, and holds the tables lark builds from that grammar now; the
    lexer's spec stored in it is the one its own tables give."""
    import zlib

    import lark

    from pipespec.language.lexer import SPEC_VERSION, FastParser

    grammar = (ROOT / "grammar" / "pipespec.lark").read_bytes()
    assert generated.GRAMMAR_CRC32 == stored.GRAMMAR_CRC32 == zlib.crc32(grammar)
    assert stored.FAST_SPEC["version"] == SPEC_VERSION
    assert stored.FAST_SPEC == FastParser.spec_of_generated(generated)  # what the module's own tables give
    built = FastParser(stored.FAST_SPEC, lambda: generated, generated.Lark_StandAlone)
    live = FastParser.of_parser(lark.Lark(grammar.decode("utf-8"), **syntax.LARK_OPTIONS), lark)
    same = ("order", "regexps", "flags", "ignore", "skips", "newline_types", "kept", "unless", "embedded", "keywords",
            "rules", "chars", "classes")
    assert {k: built.spec[k] for k in same} == {k: live.spec[k] for k in same}

    def actions(fast: FastParser) -> list[dict[str, tuple[str, str]]]:
        """The table with its states numbered in the order a walk from the start state meets them (the numbers
        lark gives them depend on the order of sets)."""
        number = {fast.start_state: 0}
        order = [fast.start_state]
        out = []
        for state in order:
            row = {}
            for symbol, action in sorted(fast.rows[state].items()):
                if action >= 0:
                    if action not in number:
                        number[action] = len(order)
                        order.append(action)
                    row[symbol] = ("shift", str(number[action]))
                else:
                    row[symbol] = ("reduce", str(~action))
            out.append(row)
        assert len(order) == len(fast.rows)
        return out + [{"end": ("state", str(number[fast.end_state]))}]

    assert actions(built) == actions(live)


@pytest.mark.parametrize("stale", ["", "grammar", "layout"])
def test_a_stored_spec_is_used_only_for_its_grammar_and_layout(
        stored: Any, stale: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pipespec.data.grammar.pipespec_spec", stored)
    if stale == "grammar":
        monkeypatch.setattr(stored, "GRAMMAR_CRC32", stored.GRAMMAR_CRC32 ^ 1)
    if stale == "layout":
        monkeypatch.setattr(stored, "FAST_SPEC", {**stored.FAST_SPEC, "version": -1})
    syntax._stored.cache_clear()
    try:
        assert syntax._stored() is (None if stale else stored)
    finally:
        syntax._stored.cache_clear()


def test_a_valid_text_is_parsed_from_the_stored_spec_alone(stored: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the stored spec, the generated parser (or lark) is loaded for the exact path only: a syntax error."""
    expected = [outcome(text) for text in VALID]
    loaded: list[str] = []
    runtime = syntax._runtime

    def counted() -> Any:
        loaded.append("runtime")
        return runtime()

    monkeypatch.setattr(syntax, "_stored", lambda: stored)
    monkeypatch.setattr(syntax, "_runtime", counted)
    syntax._front.cache_clear()
    try:
        assert [outcome(text) for text in VALID] == expected
        assert loaded == []
        assert outcome(MALFORMED[0])[0][0] == "PS101" and loaded
    finally:
        syntax._front.cache_clear()


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
