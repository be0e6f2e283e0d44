"""Invariants of the real-study constructs (property-tested): weight transfer never changes a verdict's data-flow
path, a list of compared candidates decides like its most end-to-end candidate alone, and the new constructs
survive every front end."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipespec import check
from pipespec import strategies as ps
from pipespec.language import load_text
from pipespec.language.writer import format_dsl, to_yaml

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _verdicts(p: object) -> dict[int, tuple[str, tuple[tuple[str, ...], ...]]]:
    r = check(p)  # type: ignore[arg-type]
    return {c: (v.verdict, tuple(path for e in v.evidence for path in e.paths)) for c, v in r.conditions.items()}


@SETTINGS
@given(st.data())
def test_weight_transfer_never_changes_a_verdict_or_its_path(data: st.DataObject) -> None:
    p = data.draw(ps.pipelines(max_stages=10))
    q = data.draw(ps.with_weight_transfer(p))
    assert _verdicts(q) == _verdicts(p)
    added = {s.name for s in q.stages} - {s.name for s in p.stages}
    assert not [f for f in check(q).findings if f.code == "PS201" and f.stage in added]


@SETTINGS
@given(st.data())
def test_a_candidate_list_decides_like_its_most_end_to_end_candidate(data: st.DataObject) -> None:
    p = data.draw(ps.pipelines(max_stages=10, incomplete=True))
    q = data.draw(ps.with_candidates(p))
    assert check(q).conditions[5].verdict == check(p).conditions[5].verdict


@SETTINGS
@given(st.data())
def test_new_constructs_round_trip(data: st.DataObject) -> None:
    p = data.draw(ps.with_candidates(data.draw(ps.with_weight_transfer(data.draw(ps.pipelines(max_stages=8))))))
    assert load_text(format_dsl(p)) == p
    assert load_text(to_yaml(p), "t.yaml", "yaml") == p


def _c2_c5(p: object) -> tuple[str, str]:
    r = check(p)  # type: ignore[arg-type]
    return r.conditions[2].verdict, r.conditions[5].verdict


def _dangling(p: object) -> set[str | None]:
    return {f.stage for f in check(p).findings if f.code == "PS201"}  # type: ignore[arg-type]


@SETTINGS
@given(st.data())
def test_labels_from_never_changes_condition_2_or_5_nor_adds_a_dangling_stage(data: st.DataObject) -> None:
    """Training labels are a training-time relation: taking labels from stages already in the pipeline (or from a
    new teacher that reaches no output) never changes Condition #2 or #5 and never adds a PS201."""
    p = data.draw(ps.pipelines(max_stages=10, incomplete=data.draw(st.booleans())))
    q = data.draw(ps.with_labels(p))
    assert _c2_c5(q) == _c2_c5(p)
    assert _dangling(q) <= _dangling(p)


@SETTINGS
@given(st.data())
def test_training_only_data_behind_a_delineation_never_changes_condition_2_or_5(data: st.DataObject) -> None:
    """Marking training_only a stage whose data reaches the models only through a delineation never changes
    Condition #2 or #5 and never adds a PS201; the stage is then on no evidence path of Condition #5 unless
    nothing else leads there."""
    p = data.draw(ps.pipelines(max_stages=10, incomplete=data.draw(st.booleans())))
    q = data.draw(ps.with_training_only(p))
    assert _c2_c5(q) == _c2_c5(p)
    assert _dangling(q) <= _dangling(p)


@SETTINGS
@given(st.data())
def test_training_relations_round_trip(data: st.DataObject) -> None:
    p = data.draw(ps.with_training_only(data.draw(ps.with_labels(data.draw(ps.pipelines(max_stages=8))))))
    assert load_text(format_dsl(p)) == p
    assert load_text(to_yaml(p), "t.yaml", "yaml") == p
