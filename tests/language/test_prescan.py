"""pipespec.language.prescan: every input limit is checked once, before the parsers and the builder, and each
violation is a located one-line PS112 that names the option raising the limit."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipespec.checker import Options, check_text
from pipespec.errors import Diagnostic, LimitError
from pipespec.language import load_text, prescan
from pipespec.limits import DEFAULT_LIMITS, Limits


def limit_error(text: str, fmt: str, limits: Limits = DEFAULT_LIMITS) -> Diagnostic:
    with pytest.raises(LimitError) as info:
        load_text(text, f"x.{ {'dsl': 'pipe'}.get(fmt, fmt)}", fmt, limits)
    (d,) = info.value.diagnostics
    assert d.code == "PS112" and "\n" not in d.message and d.span.line >= 1 and d.span.column >= 1, d
    return d


def names(n: int) -> list[str]:
    return [f"s{i}" for i in range(n)]


def dense_dsl(stages: int, fan_in: int) -> str:
    """``stages`` stages, each but the first ``fan_in`` fed by ``fan_in`` earlier ones in a ``from`` list."""
    lines = ['pipeline "dense" {']
    for i, n in enumerate(names(stages)):
        froms = names(stages)[max(0, i - fan_in):i] if i >= fan_in else []
        lines.append(f"  preprocessing {n}: normalize" + (" from " + ", ".join(froms) if froms else ""))
    return "\n".join(lines) + "\n}\n"


def dense_doc(stages: int, fan_in: int) -> dict[str, Any]:
    out = []
    for i, n in enumerate(names(stages)):
        stage: dict[str, Any] = {"name": n, "kind": "preprocessing", "ops": ["normalize"]}
        if i >= fan_in:
            stage["from"] = names(stages)[i - fan_in:i]
        out.append(stage)
    return {"pipeline": "dense", "stages": out}


def test_max_edges_is_a_limit_with_a_default() -> None:
    assert DEFAULT_LIMITS.max_edges == 100_000
    assert Limits(max_edges=7).max_edges == 7


def test_600_stages_with_180000_from_edges_is_a_located_limit_error() -> None:
    """A dense graph written with `from` lists (no flow statement) is counted: the error names the stage."""
    up = ", ".join(names(300))
    lines = ['pipeline "dense" {'] + [f"  input {n}: CT" for n in names(300)]
    lines += [f"  model m{i}: CNN from {up}, {up}" for i in range(300)]  # 300 x 600 = 180,000 edges
    text = "\n".join(lines) + "\n}\n"
    start = time.perf_counter()
    d = limit_error(text, "dsl", Limits(max_bytes=4 << 20))
    elapsed = time.perf_counter() - start
    assert "--max-edges" in d.message and "100000" in d.message
    # the 167th model line is the first whose 600 names cross 100,000 edges (166 x 600 = 99,600)
    assert (d.span.line, d.span.column) == (1 + 300 + 167, lines[300 + 167].index("from") + 1)
    assert elapsed < 30  # a pre-scan, not a parse: far below a second on any machine


def test_a_dense_graph_under_the_edge_limit_loads() -> None:
    pipeline = load_text(dense_dsl(60, 20), "x.pipe", "dsl", Limits(max_edges=40 * 20))
    assert sum(len(s.inputs) for s in pipeline.stages) == 40 * 20
    with pytest.raises(LimitError):
        load_text(dense_dsl(60, 20), "x.pipe", "dsl", Limits(max_edges=40 * 20 - 1))


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_from_lists_count_as_edges_in_yaml_and_json(fmt: str) -> None:
    doc = dense_doc(40, 30)  # 10 stages x 30 = 300 edges
    text = yaml.safe_dump(doc, default_flow_style=True, width=10_000) if fmt == "yaml" else json.dumps(doc)
    load_text(text, f"x.{fmt}", fmt, Limits(max_edges=300))
    d = limit_error(text, fmt, Limits(max_edges=299))
    assert "--max-edges" in d.message
    # located at the 300th edge: the last entry (s38) of the last stage's `from` list
    line = text.splitlines()[d.span.line - 1]
    assert line[d.span.column - 1:].startswith(("s38]", '"s38"]')), (d, line[d.span.column - 1:][:20])


def test_a_yaml_from_given_as_one_name_counts_one_edge() -> None:
    text = "pipeline: t\nstages:\n  - {name: a, kind: input}\n  - {name: b, kind: model, from: a}\n" \
           "  - {name: c, kind: output, from: [a, b]}\n"
    load_text(text, "x.yaml", "yaml", Limits(max_edges=3))
    d = limit_error(text, "yaml", Limits(max_edges=2))
    assert (d.span.line, "--max-edges" in d.message) == (5, True)


@pytest.mark.parametrize("spelling", ["flow a -> b", "model b: CNN from a"])
def test_dsl_flow_and_from_edges_share_one_count(spelling: str) -> None:
    text = 'pipeline "t" {\n  input a: CT\n  input c: CT\n  model b: CNN from c\n  output o: classification\n' \
           '  flow b -> o\n}\n'
    load_text(text, "x.pipe", "dsl", Limits(max_edges=2))
    d = limit_error(text, "dsl", Limits(max_edges=1))
    assert d.span.line == 6 and "--max-edges" in d.message  # the 'from' edge counted first, the flow crosses


def test_a_from_attribute_key_is_not_a_from_clause() -> None:
    text = 'pipeline "t" {\n  input a: CT { description: "from x, y, z" }  # from p, q, r\n}\n'
    load_text(text, "x.pipe", "dsl", Limits(max_edges=0))


@pytest.mark.parametrize("fmt", ["dsl", "yaml", "json"])
def test_the_stage_limit_is_located_at_the_first_stage_over_it(fmt: str) -> None:
    doc = {"pipeline": "t", "stages": [{"name": n, "kind": "input"} for n in names(5)]}
    text = {"dsl": 'pipeline "t" {\n' + "".join(f"  input {n}: CT\n" for n in names(5)) + "}\n",
            "yaml": yaml.safe_dump(doc, sort_keys=False),
            "json": '{"pipeline": "t", "stages": [\n' + ",\n".join(json.dumps(s) for s in doc["stages"]) + "]}"}[fmt]
    d = limit_error(text, fmt, Limits(max_stages=3))
    assert d.message == "more than 3 stages (--max-stages)"
    assert "s3" in text.splitlines()[d.span.line - 1], (d, text)


@pytest.mark.parametrize(("fmt", "text", "option"), [
    ("dsl", "#" * 2000, "--max-bytes"),
    ("yaml", "#" * 2000, "--max-bytes"),
    ("dsl", 'pipeline "t" {\n  study { a: ' + "[" * 70 + "]" * 70 + " }\n}\n", "--max-depth"),
    ("json", "[" * 70 + "]" * 70, "--max-depth"),
    ("yaml", "[" * 70 + "]" * 70, "--max-depth"),
    ("yaml", "[" * 5000 + "]" * 5000, "--max-depth"),  # beyond libyaml's own limit of 1,000
    ("yaml", "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: [*b, *b, *b, *b]\n", "--max-nodes"),
])
def test_each_limit_names_its_option(fmt: str, text: str, option: str) -> None:
    limits = Limits(max_bytes=1000) if option == "--max-bytes" else Limits(max_nodes=30) \
        if option == "--max-nodes" else DEFAULT_LIMITS
    d = limit_error(text, fmt, limits)
    assert option in d.message
    # where no command-line option applies (a library caller's own limits, the server's API), none is named
    quiet = limit_error(text, fmt, limits._replace(options=False))
    assert (quiet.code, quiet.span) == (d.code, d.span) and "--" not in quiet.message
    assert quiet.message == d.message.replace(f" ({option})", "")


def test_deep_yaml_flow_beyond_libyaml_is_refused_fast() -> None:
    """libyaml refuses more than 1,000 open flow collections; that is a depth error at once, not a slow
    fall-back to the pure-Python parser."""
    small, big = ("[" * n + "]" * n for n in (2_000, 100_000))
    timings = []
    for text in (small, big):
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            report = check_text(text, "x.yaml", "yaml", Options(use_config=False))
            best = min(best, time.perf_counter() - start)
            assert [d.code for d in report.errors] == ["PS112"]
            assert "--max-depth" in report.errors[0].message
        timings.append(best)
    assert timings[1] < 10 * timings[0] + 0.05, timings  # 50x the text, far less than 50x the time


def test_the_builder_and_the_parsers_check_no_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stage and edge limits live in prescan alone: with its checks disabled, nothing else stops a
    pipeline over them."""
    text = 'pipeline "t" {\n' + "".join(f"  input {n}: CT\n" for n in names(6)) + "  model m: CNN from s0, s1\n}\n"
    limits = Limits(max_stages=2, max_edges=1)
    with pytest.raises(LimitError):
        load_text(text, "x.pipe", "dsl", limits)
    monkeypatch.setattr(prescan, "check_text", lambda *args: None)
    assert len(load_text(text, "x.pipe", "dsl", limits).stages) == 7
    doc = dense_doc(5, 2)
    monkeypatch.setattr(prescan, "check_document", lambda *args: None)
    assert len(load_text(json.dumps(doc), "x.json", "json", limits).stages) == 5
    assert len(load_text(yaml.safe_dump(doc), "x.yaml", "yaml", limits).stages) == 5


def test_the_stage_and_edge_limits_are_compared_in_one_place() -> None:
    from pathlib import Path

    import pipespec

    root = Path(pipespec.__file__).parent
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if "max_stages" in (t := p.read_text(encoding="utf-8")) or "max_edges" in t)
    # the value (limits), the one comparison (prescan) and the command-line options (cli); strategies has an
    # unrelated parameter of the same name
    assert users == ["cli/args.py", "language/prescan.py", "limits.py", "strategies.py"], users
    text = (root / "language" / "prescan.py").read_text(encoding="utf-8")
    import re

    assert len(re.findall(r">\s*self\.limits\.max_stages", text)) == 1
    assert len(re.findall(r">\s*self\.limits\.max_edges", text)) == 1
    assert not re.search(r"[<>]=?\s*(?:self\.)?limits\.max_(?:stages|edges)|max_(?:stages|edges)\s*[<>]", text.replace(
        "self.stages > self.limits.max_stages", "").replace("self.edges > self.limits.max_edges", ""))


# ----------------------------------------------------------------------------- the DSL scan's shortcuts
_DSL_PIECES = ["input a", "model m", "preprocessing p", "output o", "feature_extraction f", "flow a -> b",
               "flow a, b -> c, d -> e", "flow a, b, c, d, e, f -> g, h, i, j, k, l", "from a, b", "from: x", "datafrom a, b", '"x, y -> z"', '"input"', "# a, b",
               '"unterminated, -> ', "[1, 2]", "(x)", "{ k: v }", ",", "->", " ", "\t", "\n", "\r\n", "a"]


@settings(max_examples=300, deadline=None)
@example(["flow a, b, c, d, e, f -> g, h, i, j, k, l"], 6, 12, 30)  # 36 edges on one line of 10 commas
@example(['"x" input a\n', '"x" model b\n'], 6, 1, 80)  # declarations after a string that starts the line
@given(st.lists(st.sampled_from(_DSL_PIECES), max_size=40), st.integers(0, 6), st.integers(0, 12),
       st.integers(0, 80))
def test_the_dsl_shortcut_decides_as_the_full_scan(pieces: list[str], depth: int, stages: int, edges: int) -> None:
    """Where the counts of the raw text prove a text within the limits, the full scan finds it within them too; the
    old multi-line patterns count the same stage and flow lines as the ones searched after line breaks."""
    import re

    text = "".join(pieces)
    limits = Limits(max_depth=depth, max_stages=stages, max_edges=edges)

    def outcome(check: Any) -> Any:
        try:
            check(text, "t.pipe", limits)
        except LimitError as exc:
            return [(d.code, d.message, d.span) for d in exc.diagnostics]
        return None

    assert outcome(prescan.check_dsl) == outcome(prescan._scan_dsl)
    if prescan._dsl_within_limits(text, limits):
        assert outcome(prescan._scan_dsl) is None
    cleaned = prescan._DSL_SKIP.sub(prescan._blank, text)
    for line, first, after in [(prescan._STAGE_LINE, prescan._DSL_STAGE, prescan._DSL_STAGES),
                               (prescan._FLOW_LINE, prescan._DSL_FLOW, prescan._DSL_FLOWS)]:
        multiline = [m.start() for m in re.finditer("^" + line, cleaned, re.M)]
        assert multiline == [0] * bool(first.match(cleaned)) + [m.start() + 1 for m in after.finditer(cleaned)]


# ----------------------------------------------------------------------------- the YAML scan's shortcut
_YAML_PIECES = ["- ", "- - ", "-\n", "? ", ": ", "--- ", "a: ", "a:\n", "from: ", "stages:\n", "from:\n", "- a: b",
                "[", "]", "{", "}", ", ", "x", "\n", "  ", "    ", "'q: - x'", '"\\L\\L"', "# - - c\n", "... ",
                "|\n", ">-\n", "&a ", "*a", "!!str ", "\t", "\r\n", "\u00e9", "\U0001f600", "- [a, b]\n",
                "stages:\n- name: a\n  from: [x, y]\n", "stages: [a, b, c]\n", "{from, a}", "? from\n"]


def _yaml_scan_outcome(text: str, limits: Limits) -> Any:
    outcomes = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        try:
            prescan._yaml_events(loader(text), "t.yaml", limits)
        except LimitError as exc:
            outcomes.append([(d.code, d.message, d.span) for d in exc.diagnostics])
        except (yaml.YAMLError, RecursionError):
            outcomes.append(None)  # (a syntax error: the loader reports it)
        else:
            outcomes.append(None)
    return outcomes


@settings(max_examples=400, deadline=None)
@example(["- ", "- ", "- ", "x"], 2, 5, 5, 50, 100)  # three sequences, one in the other, on one line
@example(["a:\n", "- ", "b:\n", "  ", "- ", "x"], 3, 5, 5, 50, 100)  # sequences under keys, at the keys' columns
@example(["? ", "? ", "? "], 6, 5, 5, 8, 100)  # each `?` is a mapping with an empty key and value
@example(['"\\L\\L"'], 6, 5, 5, 50, 8)  # two escapes, six bytes, from six characters
@example(["stages: [a, b, c]\n"], 6, 2, 5, 50, 100)
@example(["stages:\n- name: a\n  from: [x, y]\n", "{from, a}"], 6, 5, 1, 50, 100)
@given(st.lists(st.sampled_from(_YAML_PIECES), max_size=30), st.integers(0, 8), st.integers(0, 6),
       st.integers(0, 6), st.integers(0, 120), st.integers(0, 200))
def test_the_yaml_shortcut_never_passes_a_text_the_scan_refuses(pieces: list[str], depth: int, stages: int,
                                                                 edges: int, nodes: int, nbytes: int) -> None:
    """Where the counts of the raw text prove a YAML text within the limits, the event scan (libyaml's and the
    pure-Python parser's) finds no limit crossed either; check_yaml decides as the scan where it is not proved."""
    text = "".join(pieces)
    limits = Limits(max_depth=depth, max_stages=stages, max_edges=edges, max_nodes=nodes, max_expanded_bytes=nbytes)
    if prescan._yaml_within_limits(text, limits):
        assert _yaml_scan_outcome(text, limits) == [None, None]


def test_the_yaml_shortcut_passes_usual_files_and_refuses_what_it_cannot_prove() -> None:
    """A usual specification is passed without a scan (the shipped YAML examples), and so is the same text under
    the depth its indentation allows; an alias, a tab or a deeper nesting than the limit goes to the scan."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    examples = sorted((root / "examples").rglob("*.yaml"))
    assert examples
    for path in examples:
        text = path.read_text(encoding="utf-8")
        if not any(c in text for c in "*&!\t\r"):
            assert prescan._yaml_within_limits(text, DEFAULT_LIMITS), path
    assert not prescan._yaml_within_limits("a: &x [1]\nb: *x\n", DEFAULT_LIMITS)
    assert not prescan._yaml_within_limits("a:\n\t- 1\n", DEFAULT_LIMITS)
    deep = "".join("  " * k + f"k{k}:\n" for k in range(40))
    assert not prescan._yaml_within_limits(deep, DEFAULT_LIMITS)  # 40 columns, up to 80 collections
    assert prescan._yaml_within_limits(deep, Limits(max_depth=80))
    assert _yaml_scan_outcome(deep, Limits(max_depth=39))[0] is not None
    # a one-pair mapping inside a flow sequence opens with no bracket of its own: two collections a "["
    pairs = "stages: " + "[a: " * 20 + "x" + "]" * 20 + "\n"
    assert not prescan._yaml_within_limits(pairs, Limits(max_depth=30))
    assert _yaml_scan_outcome(pairs, Limits(max_depth=30))[0] is not None
