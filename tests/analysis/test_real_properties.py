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
