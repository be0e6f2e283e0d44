"""Hostile input: nothing a stranger writes may raise out of the library or print a traceback from the command.

Every rejection must be a located, one-line diagnostic (line and column >= 1, on a line the text has).  The
fuzz properties run 100 examples each under the `default` profile and 100,000 under
``pytest tests/language/test_fuzz.py --hypothesis-profile=long``.  Input limits must each be a clean error in well
under a second, overridable by CLI options; YAML must be safe; identifiers NFC with no control or bidi chars.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import pipespec
from pipespec import strategies as ps
from pipespec.checker import Options, check_file, check_text
from pipespec.errors import Diagnostic, InputError, LimitError
from pipespec.language import decode
from pipespec.language.writer import format_dsl, to_document, to_json, to_yaml
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.report import FileReport

ROOT = Path(__file__).resolve().parents[2]


def _reference_seconds() -> float:
    """How long this machine takes to check a small valid pipeline, once imports and caches are warm: the unit of
    the time bounds below, so that a slow or busy machine stretches them alike."""
    text = (ROOT / "examples" / "metrics-e3" / "example-2.yaml").read_text(encoding="utf-8")
    check_text(text, "ref.yaml", "yaml", Options(use_config=False))  # warm-up: imports, parser, caches
    times = []
    for _ in range(5):
        start = time.perf_counter()
        check_text(text, "ref.yaml", "yaml", Options(use_config=False))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def time_bound() -> float:
    """A wide bound for one hostile input: a hang or a blow-up (quadratic on a megabyte) fails it by far, a loaded
    machine does not (limit errors take well under a second on an idle one)."""
    if not _BOUND:
        _BOUND.append(max(10.0, 2000 * _reference_seconds()))
    return _BOUND[0]


_BOUND: list[float] = []
FORMATS = (None, "dsl", "yaml", "json")
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def assert_located(diags: list[Diagnostic], text: str | None = None) -> None:
    assert diags, "a rejection must say why"
    for d in diags:
        assert d.code.startswith("PS"), d
        assert d.message.strip() and "\n" not in d.message, d
        assert d.span.line >= 1 and d.span.column >= 1, d
        if text is not None:
            assert d.span.line <= sum(text.count(c) for c in _BREAKS) + 2, (d, text[:200])


def assert_outcome(report: FileReport, text: str | None = None) -> None:
    """A report either carries located input errors, or five verdicts."""
    if report.errors:
        assert_located(report.errors, text)
        assert not report.conditions
        event("rejected: " + report.errors[0].code)
    else:
        assert sorted(report.conditions) == [1, 2, 3, 4, 5]
        assert {v.verdict for v in report.conditions.values()} <= {"yes", "no", "review"}
        event("judged")


def check(text: str, fmt: str | None, path: str = "<fuzz>") -> FileReport:
    report = check_text(text, path, fmt, Options(use_config=False))
    assert_outcome(report, text)
    return report


# ---------------------------------------------------------------------------- arbitrary input
@given(st.text(), st.sampled_from(FORMATS))
def test_arbitrary_text_never_raises(text: str, fmt: str | None) -> None:
    """Hostile input: arbitrary text never raises out of checker.check_text; rejections are located."""
    check(text, fmt)


@given(st.binary(), st.sampled_from(["x.pipe", "x.yaml", "x.json"]))
def test_arbitrary_bytes_never_raise(data: bytes, path: str) -> None:
    """Hostile input: arbitrary bytes are decoded or rejected with a located ReadError (binary, not UTF-8),
    and decoded text is checked without raising."""
    try:
        text = decode(data, path)
    except InputError as exc:
        assert_located(exc.diagnostics)
        return
    check(text, None, path)


@given(st.text(), st.sampled_from(FORMATS))
def test_api_load_raises_only_input_errors(text: str, fmt: str | None) -> None:
    """The Python API: pipespec.load raises nothing but InputError (with located diagnostics) for bad text."""
    if "\n" not in text and os.path.exists(text):
        text += "\n"  # a one-line text naming a file would be read as a path
    try:
        p = pipespec.load(text, format=fmt)
    except InputError as exc:
        assert_located(exc.diagnostics, text)
    else:
        assert isinstance(p, pipespec.model.Pipeline)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=20)


@given(json_values)
def test_arbitrary_yaml_documents(value: Any) -> None:
    """Hostile input: any YAML document (any shape of plain data) gets a located diagnostic or a verdict."""
    check(yaml.safe_dump(value, allow_unicode=True), "yaml")


@given(json_values)
def test_arbitrary_json_documents(value: Any) -> None:
    """Hostile input: any JSON document, NaN and Infinity included, gets a located diagnostic or a verdict."""
    check(json.dumps(value), "json")


# pipeline-shaped documents: the right keys, often the wrong values
_KEYS = ("name", "kind", "from", "form", "modality", "holds", "ops", "method", "tool", "architecture",
         "algorithm", "family", "task", "training", "pretrained_on", "corrected", "epochs", "label", "classes",
         "feature_classes", "layer", "target", "bogus")
_WORDS = st.sampled_from(("input", "model", "output", "preprocessing", "feature_extraction", "CT", "image2d",
                          "tabular", "ResNet-34", "SVM", "deep", "handcrafted", "PyRadiomics", "a", "b", "c",
                          "fuse", "segmentation", "manual", "yes", "no", "clinical", "radiomics", "MLP", ""))
_VALUES = st.one_of(_WORDS, json_values, st.lists(_WORDS, max_size=3),
                    st.lists(st.fixed_dictionaries({"op": _WORDS}, optional={"mode": _WORDS, "args": json_values}),
                             max_size=2))
_STAGE = st.dictionaries(st.sampled_from(_KEYS), _VALUES, max_size=6)
_SHAPED = st.fixed_dictionaries(
    {"pipeline": st.one_of(st.just("t"), json_values), "stages": st.one_of(st.lists(_STAGE, max_size=5), json_values)},
    optional={"declare": st.dictionaries(st.sampled_from(("condition5", "c1", "condition9", "x")), _VALUES,
                                         max_size=2),
              "expect": json_values, "waive": st.lists(st.dictionaries(
                  st.sampled_from(("code", "justification", "stage")), _VALUES), max_size=2),
              "study": json_values, "extra": json_values})


@given(_SHAPED, st.sampled_from(["yaml", "json"]))
def test_pipeline_shaped_documents(doc: dict[str, Any], fmt: str) -> None:
    """Hostile input: documents with the keys of a pipeline and arbitrary values never raise."""
    check(yaml.safe_dump(doc, allow_unicode=True) if fmt == "yaml" else json.dumps(doc), fmt)


# ---------------------------------------------------------------------------- text from the grammar
def _grammar_strategy() -> st.SearchStrategy[str]:
    from hypothesis.extra.lark import from_lark
    from lark import Lark

    from pipespec.resources import resource_path

    grammar = Lark(resource_path("grammar", "pipespec.lark").read_text(encoding="utf-8"), parser="lalr")
    explicit: dict[str, st.SearchStrategy[str]] = {}
    for t in grammar.terminals:
        if t.name in grammar.ignore_tokens:
            continue
        if t.name == "_NL":
            explicit[t.name] = st.sampled_from(["\n", "\n  ", "\n# note\n", "\r\n", "\n\n"])
        elif t.pattern.type == "str":
            explicit[t.name] = st.just(f" {t.pattern.value} ")
        else:  # regex terminals, padded so that neighbouring tokens stay apart
            explicit[t.name] = st.from_regex(t.pattern.to_regexp(), fullmatch=True).map(lambda s: f" {s} ")
    names = st.one_of(st.sampled_from(("a", "b", "net", "img", "CT", "ResNet-34", "image2d", "condition5", "yes",
                                       "manual", "segmentation", "fuse", "deep", "SVM", "tabular", "PyRadiomics")),
                      st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True))
    explicit["NAME"] = names.map(lambda s: f" {s} ")  # mostly words the rules know, so stages get built
    return from_lark(grammar, explicit=explicit)


@given(st.data())
def test_grammar_generated_text(data: st.DataObject) -> None:
    """Hostile input: text generated from grammar/pipespec.lark itself (hypothesis.extra.lark) always gets a
    verdict or a located diagnostic (mostly model errors: the grammar knows nothing of names and types)."""
    text = data.draw(_GRAMMAR)
    check(text, "dsl")


_GRAMMAR = st.deferred(_grammar_strategy)


# ---------------------------------------------------------------------------- near misses and mutations
@given(st.data())
def test_near_misses_of_valid_dsl(data: st.DataObject) -> None:
    """Hostile input: valid DSL with characters, tokens or lines deleted, inserted, swapped or duplicated."""
    text = data.draw(ps.dsl_texts(ps.pipelines(max_stages=8, incomplete=True)))
    check(data.draw(ps.near_misses(text)), "dsl")


@given(st.data(), st.sampled_from(["yaml", "json"]))
def test_near_misses_of_valid_yaml_and_json(data: st.DataObject, fmt: str) -> None:
    """Hostile input: valid YAML/JSON specs with characters, tokens or lines mangled."""
    p = data.draw(ps.pipelines(max_stages=8, incomplete=True))
    text = to_yaml(p) if fmt == "yaml" else to_json(p)
    check(data.draw(ps.near_misses(text)), fmt)


def _mutate(doc: Any, data: st.DataObject) -> Any:
    """Replace, delete or add one node somewhere in a document."""
    if isinstance(doc, dict) and doc and data.draw(st.booleans()):
        key = data.draw(st.sampled_from(sorted(doc, key=str)))
        how = data.draw(st.integers(0, 3))
        if how == 0:
            del doc[key]
        elif how == 1:
            doc[key] = data.draw(_VALUES)
        elif how == 2:
            doc[data.draw(st.sampled_from(_KEYS))] = data.draw(_VALUES)
        else:
            doc[key] = _mutate(doc[key], data)
        return doc
    if isinstance(doc, list) and doc and data.draw(st.booleans()):
        i = data.draw(st.integers(0, len(doc) - 1))
        how = data.draw(st.integers(0, 3))
        if how == 0:
            del doc[i]
        elif how == 1:
            doc.append(json.loads(json.dumps(doc[i])))  # a duplicate
        elif how == 2:
            doc[i] = data.draw(_VALUES)
        else:
            doc[i] = _mutate(doc[i], data)
        return doc
    return data.draw(_VALUES) if data.draw(st.booleans()) else doc


@given(st.data(), st.sampled_from(["dsl", "yaml", "json"]))
def test_mutated_valid_specs(data: st.DataObject, fmt: str) -> None:
    """Hostile input: a valid spec with one to three nodes replaced, deleted, duplicated or added (wrong
    types, unknown names, dangling flows, duplicate stages) gets a verdict or located diagnostics."""
    doc = to_document(data.draw(ps.pipelines(max_stages=8, incomplete=True)))
    for _ in range(data.draw(st.integers(1, 3))):
        doc = _mutate(doc, data)
    if fmt == "dsl":  # the mutated document, printed as DSL when the builder accepts it, else as YAML
        try:
            from pipespec.language.build import build

            text = format_dsl(build(doc, {}))
        except InputError:
            fmt, text = "yaml", yaml.safe_dump(doc, allow_unicode=True)
    else:
        text = yaml.safe_dump(doc, allow_unicode=True) if fmt == "yaml" else json.dumps(doc)
    check(text, fmt)


# ---------------------------------------------------------------------------- the command
GARBAGE = {
    "empty.pipe": b"",
    "binary.pipe": b"\x00\x01\x02pipeline",
    "latin1.yaml": "pipeline: caf\xe9\n".encode("latin-1"),
    "brace.pipe": b'pipeline "x" {\n',
    "junk.json": b"{\"pipeline\": [1, 2,",
    "tag.yaml": b"!!python/object/apply:os.system ['echo pwned']\n",
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "deep.yaml": b"[" * 100_000 + b"]" * 100_000,
    "laughs.yaml": b"a: &a [x, x, x, x, x, x, x, x, x]\n" + b"".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n".encode() for i in range(9)),
    "cycle.pipe": b'pipeline "c" {\n  model a: CNN\n  model b: CNN\n  flow a -> b -> a\n}\n',
    "bidi.yaml": "pipeline: x\nstages:\n- {name: \"a\u202eb\", kind: input, form: image2d}\n".encode(),
}


def _run_cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipespec", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


def test_cli_garbage_exits_2_without_traceback(tmp_path: Path) -> None:
    """Hostile input through the command: every garbage file is reported with file:line:col, exit code 2, and
    no traceback or internal error, alone and in a batch."""
    for name, data in GARBAGE.items():
        (tmp_path / name).write_bytes(data)
    batch = _run_cli("check", "--no-config", str(tmp_path))
    assert batch.returncode == 2, batch.stderr
    for name in GARBAGE:
        assert f"{tmp_path / name}:" in batch.stdout + batch.stderr, name
    for name in GARBAGE:
        proc = _run_cli("check", "--no-config", str(tmp_path / name))
        assert proc.returncode == 2, (name, proc.stdout, proc.stderr)
        out = proc.stdout + proc.stderr
        assert "Traceback" not in out and "internal error" not in out, (name, out)
        assert f"{tmp_path / name}:" in out, (name, out)


@settings(max_examples=10, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(st.binary(max_size=200) | st.text(max_size=200).map(str.encode), min_size=1, max_size=15))
def test_cli_random_files_exit_2_without_traceback(tmp_path: Path, blobs: list[bytes]) -> None:
    """Hostile input through the command: a batch of random files never prints a traceback."""
    folder = tmp_path / f"r{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    for i, b in enumerate(blobs):
        (folder / f"f{i}.{('pipe', 'yaml', 'json')[i % 3]}").write_bytes(b)
    proc = _run_cli("check", "--no-config", str(folder))
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and "internal error" not in out, out
    assert proc.returncode in (0, 1, 2)


# ---------------------------------------------------------------------------- limits
def _stages_dsl(n: int) -> str:
    return 'pipeline "big" {\n' + "".join(f"  input s{i}: CT image2d\n" for i in range(n)) + "}\n"


def _stages_doc(n: int) -> dict[str, Any]:
    return {"pipeline": "big", "stages": [{"name": f"s{i}", "kind": "input", "form": "image2d"} for i in range(n)]}


LAUGHS = GARBAGE["laughs.yaml"].decode()
HOSTILE = {
    "size": ("dsl", "#" * (DEFAULT_LIMITS.max_bytes + 1), "PS112"),
    "depth-dsl": ("dsl", 'pipeline "x" {\n  model m: CNN { loss: ' + "[" * 100_000 + "a" + "]" * 100_000 + " }\n}\n",
                  "PS112"),
    "depth-yaml-flow": ("yaml", "[" * 100_000 + "]" * 100_000, "PS112"),
    "depth-yaml-block": ("yaml", "- " * 30_000 + "x\n", "PS112"),
    "depth-yaml-map": ("yaml", "".join(" " * i + f"k{i}:\n" for i in range(1_000)) + " " * 1_000 + "v\n", "PS112"),
    "depth-json": ("json", '{"a":' * 100_000 + "1" + "}" * 100_000, "PS112"),
    "billion-laughs": ("yaml", LAUGHS, "PS112"),
    "recursive-alias": ("yaml", "a: &a [*a]\n", "PS"),
    "stages-dsl": ("dsl", _stages_dsl(DEFAULT_LIMITS.max_stages + 1), "PS112"),
    "stages-yaml": ("yaml", yaml.safe_dump(_stages_doc(DEFAULT_LIMITS.max_stages + 1)), "PS112"),
    "stages-json": ("json", json.dumps(_stages_doc(DEFAULT_LIMITS.max_stages + 1)), "PS112"),
    "identifier-dsl": ("dsl", 'pipeline "x" {\n  input ' + "a" * 10_000 + ": CT image2d\n}\n", "PS111"),
    "identifier-json": ("json", json.dumps({"pipeline": "x", "stages": [
        {"name": "a" * 10_000, "kind": "input", "form": "image2d"}]}), "PS111"),
    "wide-flow": ("dsl", 'pipeline "x" {\n  input a: CT image2d\n  flow ' + ", ".join(["a"] * 2_000) + " -> "
                  + ", ".join(["a"] * 2_000) + "\n}\n", "PS112"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_limits_are_clean_fast_errors(name: str) -> None:
    """Input limits: size, nesting depth, YAML alias expansion, stage count, identifier length (and flow
    width) are each a located error, fast (within a wide bound scaled to this machine), from the library and
    from pipespec.load."""
    fmt, text, code = HOSTILE[name]
    bound = time_bound()  # measured first: it also warms the imports and caches
    start = time.perf_counter()
    report = check_text(text, "hostile", fmt, Options(use_config=False))
    elapsed = time.perf_counter() - start
    assert report.errors, name
    assert_located(report.errors)
    assert report.errors[0].code.startswith(code), report.errors[0]
    assert elapsed < bound, f"{name}: {elapsed:.2f}s"
    with pytest.raises(InputError):
        pipespec.load(text, format=fmt)


def test_limits_have_documented_defaults_and_cli_overrides(tmp_path: Path) -> None:
    """Input limits: every limit has a documented default (`check --help`) and a CLI option that overrides it."""
    help_text = _run_cli("check", "--help").stdout
    for option, default in (("--max-bytes", DEFAULT_LIMITS.max_bytes), ("--max-depth", DEFAULT_LIMITS.max_depth),
                            ("--max-nodes", DEFAULT_LIMITS.max_nodes), ("--max-stages", DEFAULT_LIMITS.max_stages),
                            ("--max-identifier", DEFAULT_LIMITS.max_identifier)):
        assert option in help_text
        assert str(default) in help_text, option
    ok = tmp_path / "ok.pipe"
    ok.write_text('pipeline "t" {\n  input img: CT image2d { description: "x" }\n  model network: CNN\n'
                  '  output out: classification\n  flow img -> network -> out\n}\n', encoding="utf-8")
    nested = tmp_path / "nested.yaml"
    nested.write_text("pipeline: t\nstages: [[[[[1]]]]]\n", encoding="utf-8")
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", encoding="utf-8")
    assert _run_cli("check", "--no-config", "--fail-on", "never", str(ok)).returncode == 0
    for args, path in ((["--max-bytes", "20"], ok), (["--max-stages", "2"], ok), (["--max-identifier", "5"], ok),
                       (["--max-depth", "3"], nested), (["--max-nodes", "20"], laughs)):
        proc = _run_cli("check", "--no-config", *args, str(path))
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert "PS11" in proc.stdout + proc.stderr, (args, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_limits_are_overridable_in_the_library() -> None:
    """Input limits: Limits(...) raises or lowers each limit for library callers."""
    text = _stages_dsl(3)
    assert not check_text(text, "x.pipe", "dsl", Options(use_config=False)).errors
    with pytest.raises(LimitError):
        from pipespec.language import load_text

        load_text(text, "x.pipe", "dsl", Limits(max_stages=2))
    big = yaml.safe_dump(_stages_doc(DEFAULT_LIMITS.max_stages + 1))
    report = check_text(big, "x.yaml", "yaml", Options(Limits(max_stages=10_000), use_config=False))
    assert not any(d.code == "PS112" for d in report.errors)


# ---------------------------------------------------------------------------- safe YAML
@pytest.mark.parametrize("doc", [
    "!!python/object/apply:os.system ['touch {sentinel}']\n",
    "pipeline: !!python/object/apply:os.system ['touch {sentinel}']\nstages: []\n",
    "pipeline: !!python/name:os.system\nstages: []\n",
    "pipeline: x\nstages: !!python/object/new:list [[]]\n",
    "pipeline: !!binary aGVsbG8=\nstages: []\n",
    "pipeline: x\nstages: !!set {{a, b}}\n",
    "pipeline: !custom x\nstages: []\n",
    "%TAG !e! tag:example.com,2000:\n---\npipeline: !e!thing x\nstages: []\n",
])
def test_yaml_tags_that_build_objects_are_rejected(doc: str, tmp_path: Path) -> None:
    """Safety: only plain YAML data; tags that construct objects are a located error and are never
    executed."""
    sentinel = tmp_path / "pwned"
    text = doc.format(sentinel=sentinel)
    report = check_text(text, "t.yaml", "yaml", Options(use_config=False))
    assert report.errors and report.errors[0].code == "PS101", report.errors
    assert_located(report.errors, text)
    assert not sentinel.exists()


# ---------------------------------------------------------------------------- identifiers
def test_identifiers_are_nfc_normalised() -> None:
    """Identifiers are NFC: a stage declared in decomposed form and referenced composed is one stage."""
    nfd, nfc = "ne\u0301t", "n\u00e9t"
    text = (f'pipeline "t" {{\n  input img: CT image2d\n  model {nfd}: CNN\n  output out: classification\n'
            f"  flow img -> {nfc} -> out\n}}\n")
    p = pipespec.load(text)
    assert [s.name for s in p.stages] == ["img", nfc, "out"]
    doc = {"pipeline": "t", "stages": [{"name": "img", "kind": "input", "form": "image2d"},
                                       {"name": nfc, "kind": "model", "architecture": "CNN", "from": ["img"]},
                                       {"name": "out", "kind": "output", "from": [nfd]}]}
    q = pipespec.load(json.dumps(doc), format="json")
    assert q.stage(nfc).inputs == ("img",) and q.stage("out").inputs == (nfc,)


@pytest.mark.parametrize("char", ["\u202e", "\u202d", "\u2066", "\u2069", "\u200f", "\u200b", "\x07", "\x1b",
                                  "\x85", "\ufeff", "\x7f"])
@pytest.mark.parametrize("fmt", ["dsl", "yaml", "json"])
def test_control_and_bidi_characters_in_identifiers_are_rejected(char: str, fmt: str) -> None:
    """Identifiers with control or bidirectional-override characters are rejected, located at the name."""
    name = f"net{char}x"
    if fmt == "dsl":
        text = f'pipeline "t" {{\n  input img: CT image2d\n  model {name}: CNN\n  flow img -> {name}\n}}\n'
    else:
        doc = {"pipeline": "t", "stages": [{"name": "img", "kind": "input", "form": "image2d"},
                                           {"name": name, "kind": "model", "architecture": "CNN", "from": ["img"]}]}
        # escaped (allow_unicode would let PyYAML write a raw NEL that its reader folds into a space)
        text = json.dumps(doc) if fmt == "json" else yaml.safe_dump(doc)
    report = check_text(text, "t", fmt, Options(use_config=False))
    assert report.errors, (fmt, repr(char))
    assert_located(report.errors)
    if fmt != "dsl":  # the DSL's grammar already refuses the character; the builder names it
        assert any(d.code == "PS110" for d in report.errors), report.errors
    assert not any(char in d.message for d in report.errors), "the message must not echo the raw character"


# ---------------------------------------------------------------------------- the YAML test suite
# the inputs of the YAML test suite (MIT licence, see LICENSE there), kept with the tests
SUITE = ROOT / "tests" / "data" / "yaml-test-suite"
SUITE_FILES = sorted(p.name for p in SUITE.glob("*.yaml"))


def test_yaml_test_suite_is_complete() -> None:
    """The corpus is the 402 documents of the YAML test suite (so the test below is not silently shrinking)."""
    assert len(SUITE_FILES) == 402


@pytest.mark.parametrize("name", SUITE_FILES)
def test_yaml_test_suite_document(name: str) -> None:
    """Hostile input: each YAML test-suite document (valid and invalid YAML, none of them a pipeline) gets a
    located diagnostic, read as a file, never a traceback or a hang."""
    path = str(SUITE / name)
    bound = time_bound()
    start = time.perf_counter()
    report = check_file(path, Options(use_config=False))
    assert time.perf_counter() - start < bound
    assert report.errors, name  # none of them is a pipeline
    text = (SUITE / name).read_text(encoding="utf-8", errors="replace")
    assert_located(report.errors, text)


def test_yaml_test_suite_through_the_command() -> None:
    """Hostile input through the command: the whole suite in one batch exits 2 with no traceback."""
    proc = _run_cli("check", "--no-config", str(SUITE), timeout=300)
    assert proc.returncode == 2
    out = proc.stdout + proc.stderr
    assert "Traceback" not in out and "internal error" not in out


def test_builder_names_are_the_grammar_names() -> None:
    """Identifiers: the builder's NAME (used for YAML/JSON stage names) is the grammar's NAME token, so every
    front end accepts the same names."""
    from lark import Lark

    from pipespec.language.lexicon import NAME
    from pipespec.resources import resource_path

    grammar = Lark(resource_path("grammar", "pipespec.lark").read_text(encoding="utf-8"), parser="lalr")
    token = next(t for t in grammar.terminals if t.name == "NAME")
    assert token.pattern.value == NAME.pattern


def test_yaml_dates_are_plain_strings() -> None:
    """Safe YAML, read as YAML 1.2: an unquoted date is a string (not a rejected timestamp object); an explicit
    !!timestamp tag is still refused."""
    text = "pipeline: t\nstudy: {date: 2021-03-01}\nstages: [{name: a, kind: input, form: image2d}]\n"
    assert pipespec.load(text, format="yaml").study == (("date", "2021-03-01"),)
    report = check_text(text.replace("2021-03-01", "!!timestamp 2021-03-01"), "t.yaml", "yaml")
    assert report.errors and report.errors[0].code == "PS101"
