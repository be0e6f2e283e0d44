"""Property tests of the rules and the front ends over pipespec.strategies: the invariants a verdict must keep.

Each test's docstring names the invariant it protects.  Profiles: `default` (CI) and `long`
(``pytest --hypothesis-profile=long``), registered in conftest.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import pipespec
from pipespec import check
from pipespec import strategies as ps
from pipespec.analysis.engine import analyse
from pipespec.analysis.facts import model_family
from pipespec.analysis.graph import Graph
from pipespec.language import load_text
from pipespec.language.writer import format_dsl, to_document, to_json, to_yaml
from pipespec.model import Pipeline

ROOT = Path(__file__).resolve().parents[2]


def verdicts(p: Pipeline) -> dict[int, str]:
    return {c: v.verdict for c, v in analyse(p).conditions.items()}


def show(p: Pipeline) -> str:
    return "\n" + format_dsl(p)


any_pipeline = ps.pipelines(incomplete=True)


# ---------------------------------------------------------------------------- the strategies themselves
@given(st.data(), st.sampled_from([None, True, False]), st.sampled_from([None, True, False]), st.booleans())
def test_strategy_knobs_hold(data: st.DataObject, e2e: bool | None, fusion: bool | None, incomplete: bool) -> None:
    """The strategies' contract: every drawn pipeline is valid, and the knobs mean what they say
    (end_to_end=True -> Condition #5 Yes, False -> No; with_fusion=True -> Conditions #3 and #4 Yes)."""
    p = data.draw(ps.pipelines(end_to_end=e2e, with_fusion=fusion, incomplete=incomplete))
    v = verdicts(p)  # raises ModelFailure for an invalid graph
    assert 3 <= len(p.stages) <= 14
    if e2e is not None:
        assert v[5] == ("yes" if e2e else "no"), show(p)
    if fusion:
        assert v[3] == v[4] == "yes", show(p)
    if not incomplete:  # fully specified: review only where METRICS-E3 leaves it open (features from elsewhere)
        assert v[3] != "review" and v[5] != "review", show(p)
        assert v[2] != "review" or v[1] == "review", show(p)


@given(st.data(), st.integers(3, 30), st.integers(0, 20))
def test_stage_bounds_hold(data: st.DataObject, lo: int, extra: int) -> None:
    """The strategies' contract: min_stages <= number of stages <= max_stages."""
    p = data.draw(ps.pipelines(min_stages=lo, max_stages=max(lo, 6) + extra, max_branches=4))
    assert lo <= len(p.stages) <= max(lo, 6) + extra
    Graph(p)


# ---------------------------------------------------------------------------- front ends and round trips
@given(any_pipeline)
def test_round_trips_keep_the_model(p: Pipeline) -> None:
    """Round trips: DSL <-> YAML <-> JSON convert losslessly: every writer's output reads back as the same
    model (spans aside), directly and through a chain of the three."""
    assert load_text(format_dsl(p), fmt="dsl") == p, show(p)
    assert load_text(to_yaml(p), fmt="yaml") == p, to_yaml(p)
    assert load_text(to_json(p), fmt="json") == p, to_json(p)
    chained = load_text(format_dsl(load_text(to_json(load_text(to_yaml(p), fmt="yaml")), fmt="json")), fmt="dsl")
    assert chained == p


@given(st.data())
def test_round_trips_keep_renamed_unicode_models(data: st.DataObject) -> None:
    """Round trips: round trips stay lossless with arbitrary (NFC, Unicode) stage names and free-text values."""
    p = data.draw(ps.renamed(data.draw(ps.pipelines(max_stages=8))))
    p = data.draw(ps.with_waiver(p))
    for fmt, text in (("dsl", format_dsl(p)), ("yaml", to_yaml(p)), ("json", to_json(p))):
        assert load_text(text, fmt=fmt) == p, text


@given(any_pipeline)
def test_format_is_idempotent(p: Pipeline) -> None:
    """`pipespec fmt` is idempotent: formatting the canonical text again changes nothing."""
    once = format_dsl(p)
    twice = format_dsl(load_text(once, fmt="dsl"))
    assert once == twice


@given(ps.texts(any_pipeline))
def test_api_load_reads_every_front_end(ft: tuple[str, str]) -> None:
    """The Python API: pipespec.load(text) detects the front end and returns the same model as an explicit
    format; pipespec.check(model) has five verdicts."""
    fmt, text = ft
    p = pipespec.load(text, format=fmt)
    assert pipespec.load(text) == p
    assert set(pipespec.check(p).conditions) == {1, 2, 3, 4, 5}


# ---------------------------------------------------------------------------- invariants of the verdicts
@given(st.data())
def test_renaming_never_changes_a_verdict(data: st.DataObject) -> None:
    """Invariant: renaming stages never changes a verdict (nor the rule and cause behind it)."""
    p = data.draw(any_pipeline)
    q = data.draw(ps.renamed(p))
    a, b = analyse(p).conditions, analyse(q).conditions
    for c in a:
        assert (a[c].verdict, a[c].rule, a[c].cause) == (b[c].verdict, b[c].rule, b[c].cause), show(q)


@given(st.data())
def test_reordering_declarations_never_changes_a_verdict(data: st.DataObject) -> None:
    """Invariant: reordering stage declarations (and declared answers, waivers) never changes a verdict."""
    p = data.draw(any_pipeline)
    q = data.draw(ps.reordered(p))
    assert verdicts(p) == verdicts(q), show(p) + show(q)


@given(any_pipeline)
def test_front_ends_give_the_same_verdicts(p: Pipeline) -> None:
    """Invariant: DSL <-> YAML <-> JSON round trips never change a verdict (checked end to end on the text)."""
    from pipespec.checker import check_text

    expected = verdicts(p)
    for fmt, text in (("dsl", format_dsl(p)), ("yaml", to_yaml(p)), ("json", to_json(p))):
        report = check_text(text, f"x.{fmt}", fmt)
        assert not report.errors, report.errors
        assert {c: v.verdict for c, v in report.conditions.items()} == expected


@given(st.data())
def test_image_preprocessing_never_changes_condition_5(data: st.DataObject) -> None:
    """Invariant: inserting image pre-processing between an input and a deep model never changes Condition #5
    (nor, since the inserted operations delineate nothing, any other condition)."""
    p = data.draw(ps.pipelines(end_to_end=data.draw(st.sampled_from([True, None])), incomplete=True))
    q = data.draw(ps.with_preprocessing(p, deep_only=data.draw(st.booleans())))
    assert verdicts(q) == verdicts(p), show(q)


@given(st.data())
def test_a_ready_made_network_preparing_the_images_never_changes_a_verdict(data: st.DataObject) -> None:
    """Invariant (METRICS-E3, Condition #5, Explanation: networks producing the classification, regression or
    segmentation): inserting on an image edge a deep network applied as is that forms or prepares the images,
    however it is written (an operation's tool, the operation's name, a model used as is, a ready-made product
    with no training stated), never changes any verdict."""
    p = data.draw(ps.pipelines(incomplete=True))
    q = data.draw(ps.with_ready_made_preparation(p))
    assert verdicts(q) == verdicts(p), show(q)


@given(st.data())
def test_transfer_learning_never_changes_condition_5(data: st.DataObject) -> None:
    """Invariant: marking a deep model pretrained (pretrained_on), fine-tuned or frozen-backbone never changes
    Condition #5."""
    p = data.draw(ps.pipelines(end_to_end=data.draw(st.sampled_from([True, None])), incomplete=True))
    q = data.draw(ps.with_transfer_learning(p))
    assert verdicts(q)[5] == verdicts(p)[5], show(q)


@given(st.data())
def test_independent_end_to_end_branch_makes_condition_5_yes(data: st.DataObject) -> None:
    """Invariant: adding an independent input -> deep model -> output branch makes Condition #5 Yes."""
    p = data.draw(any_pipeline)
    q = data.draw(ps.with_end_to_end_branch(p))
    assert verdicts(q)[5] == "yes", show(q)


@given(st.data())
def test_fused_handcrafted_branch(data: st.DataObject) -> None:
    """Invariant: adding a hand-crafted branch fused with extracted deep features never turns Condition #5 from
    No to Yes, and makes Conditions #3 and #4 Yes."""
    p = data.draw(any_pipeline)
    q = data.draw(ps.with_fused_features(p))
    before, after = verdicts(p), verdicts(q)
    if before[5] == "no":
        assert after[5] == "no", show(q)
    assert after[3] == after[4] == "yes", show(q)


@given(st.data())
def test_deep_network_on_tables_never_makes_condition_5_yes(data: st.DataObject) -> None:
    """Invariant: a deep network whose inputs are only tabular never makes Condition #5 Yes: adding one keeps
    the verdict, and no such network is ever cited as the end-to-end evidence."""
    p = data.draw(ps.pipelines(end_to_end=data.draw(st.sampled_from([False, None])), incomplete=True))
    q = data.draw(ps.with_deep_model_on_tables(p))
    assert verdicts(q)[5] == verdicts(p)[5], show(q)
    g = Graph(q)
    tabular_deep = {s.name for s in q.stages if s.kind == "model" and model_family(s) == "deep"
                    and not g.image_inputs(s.name)}
    c5 = analyse(q).conditions[5]
    if c5.verdict == "yes":
        assert not tabular_deep & {n for e in c5.evidence for n in e.stages}


@given(st.data())
def test_waivers_never_change_a_verdict(data: st.DataObject) -> None:
    """Waivers suppress findings, never verdicts: adding a `waive` never changes a verdict."""
    p = data.draw(any_pipeline)
    q = data.draw(ps.with_waiver(p))
    assert verdicts(q) == verdicts(p)
    report = analyse(q)
    assert len(report.findings) >= len(analyse(p).findings)  # a waiver is always reported


@given(st.lists(any_pipeline, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_verdicts_do_not_depend_on_batch_order(batch: list[Pipeline], rnd: object) -> None:
    """Invariant: the verdict of a pipeline is the same run twice or in a batch, whatever the batch order."""
    first = [json.dumps(check(p).to_dict(), sort_keys=True) for p in batch]
    order = list(range(len(batch)))
    rnd.shuffle(order)  # type: ignore[attr-defined]
    again = {i: json.dumps(check(batch[i]).to_dict(), sort_keys=True) for i in order}
    assert [again[i] for i in range(len(batch))] == first


_WORKER = r"""
import json, sys
from pipespec.checker import check_text
out = []
for text in json.load(sys.stdin):
    r = check_text(text, "x.pipe", "dsl")
    out.append({str(c): [v.verdict, v.rule, v.cause, v.reason] for c, v in r.conditions.items()})
json.dump(out, sys.stdout)
"""


@settings(max_examples=5, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_pipeline, min_size=1, max_size=25))
def test_verdicts_are_the_same_in_another_process(batch: list[Pipeline]) -> None:
    """Invariant: the verdict of a pipeline is the same in one process or another (different hash seeds, so
    no set or dict ordering leaks into a decision), and in reverse batch order."""
    texts = [format_dsl(p) for p in batch]
    here = [{str(c): [v.verdict, v.rule, v.cause, v.reason] for c, v in analyse(p).conditions.items()}
            for p in batch]
    for seed, order in (("1", texts), ("4242", texts[::-1])):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", _WORKER], input=json.dumps(order), capture_output=True,
                             text=True, env=env, check=True, timeout=120).stdout
        there = json.loads(out)
        if order is not texts:
            there.reverse()
        assert there == here


@settings(max_examples=3, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(any_pipeline, min_size=2, max_size=12))
def test_cli_batch_gives_the_library_verdicts(tmp_path: Path, batch: list[Pipeline]) -> None:
    """Invariant: `pipespec check` on a directory (a batch, in its own process) gives every file the verdicts
    the library gives the pipeline alone."""
    folder = tmp_path / f"b{len(list(tmp_path.iterdir()))}"
    folder.mkdir()
    writers = (("pipe", format_dsl), ("yaml", to_yaml), ("json", to_json))
    expected = {}
    for i, p in enumerate(batch):
        suffix, write = writers[i % 3]
        path = folder / f"p{i:02d}.{suffix}"
        path.write_text(write(p), encoding="utf-8")
        expected[str(path)] = {str(c): v for c, v in verdicts(p).items()}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "7"}
    proc = subprocess.run([sys.executable, "-m", "pipespec", "check", "--format", "json", "--no-config",
                           "--fail-on", "never", str(folder)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    files = json.loads(proc.stdout)["files"]
    got = {f["path"]: {c: v["verdict"] for c, v in f["conditions"].items()} for f in files}
    assert got == expected


# ---------------------------------------------------------------------------- document form
@given(ps.documents(any_pipeline))
def test_documents_validate_against_the_schema(doc: dict[str, object]) -> None:
    """Round trips: the document of every valid pipeline satisfies schema/pipeline.schema.json (the writers never
    produce what the YAML/JSON front end would reject)."""
    from pipespec.language.schema import validator

    errors = [e.message for e in validator().iter_errors(doc)]
    assert not errors


@given(st.data())
def test_mutations_keep_pipelines_valid(data: st.DataObject) -> None:
    """The strategies' contract: every mutation returns a valid pipeline (the graph builds) with the same
    declarations."""
    p = data.draw(any_pipeline)
    mutate = data.draw(st.sampled_from([ps.renamed, ps.reordered, ps.with_preprocessing, ps.with_waiver,
                                        ps.with_end_to_end_branch, ps.with_fused_features,
                                        ps.with_transfer_learning, ps.with_deep_model_on_tables]))
    q = data.draw(mutate(p))
    Graph(q)
    assert q.declarations == p.declarations
    assert to_document(ps.canonical(q)) == to_document(q)


def test_mutations_change_something() -> None:
    """The mutations are not no-ops on a pipeline that has what they act on (so the invariants above are not
    vacuously true)."""
    p = pipespec.load('pipeline "t" {\n  input img: CT image3d\n  model net: ResNet-34\n'
                      '  output out: classification\n  flow img -> net -> out\n}\n')

    @settings(max_examples=20)
    @given(st.data())
    def inner(data: st.DataObject) -> None:
        for mutate in (ps.renamed, ps.with_preprocessing, ps.with_waiver, ps.with_end_to_end_branch,
                       ps.with_fused_features, ps.with_transfer_learning, ps.with_deep_model_on_tables):
            q = data.draw(mutate(p))
            assume(q != p)  # renamed could, in principle, draw the same names
            assert q != p

    inner()


@pytest.mark.parametrize("knobs", [dict(max_stages=2), dict(end_to_end=True, with_fusion=True, max_stages=8),
                                   dict(branches=("e2e",), end_to_end=False)])
def test_impossible_knobs_are_rejected(knobs: dict[str, object]) -> None:
    """The strategies' contract: knobs that no pipeline can satisfy are an InvalidArgument, not a hang."""
    from hypothesis.errors import InvalidArgument

    with pytest.raises(InvalidArgument):
        ps.pipelines(**knobs).example()  # type: ignore[arg-type]


@given(st.lists(st.text(min_size=1, max_size=8), min_size=3, max_size=3, unique=True), st.text(max_size=8))
def test_any_accepted_yaml_or_json_pipeline_converts_to_dsl(names: list[str], waived_at: str) -> None:
    """Round trips: any of the front ends converts losslessly to the others: whatever stage names the JSON front
    end accepts, the DSL prints and reads back (names that the DSL cannot write are rejected up front)."""
    from pipespec.errors import InputError

    a, b, c = names
    doc = {"pipeline": "t", "stages": [{"name": a, "kind": "input", "form": "image2d"},
                                       {"name": b, "kind": "model", "architecture": "CNN", "from": [a]},
                                       {"name": c, "kind": "output", "from": [b]}],
           "waive": [{"code": "C500", "justification": "ok", "stage": waived_at}]}
    try:
        p = load_text(json.dumps(doc), fmt="json")
    except InputError:
        return
    assert load_text(format_dsl(p), fmt="dsl") == p


def test_the_documented_example_property_runs() -> None:
    """docs/strategies.md: the ten-line example a methodologist copies is a working property test."""
    import re

    text = (ROOT / "docs" / "strategies.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    namespace: dict[str, object] = {}
    exec(compile(code.group(1), "docs/strategies.md", "exec"), namespace)
    tests = [v for k, v in namespace.items() if k.startswith("test_")]
    assert len(tests) == 1 and len(code.group(1).strip().splitlines()) <= 10
    tests[0]()  # type: ignore[operator]
