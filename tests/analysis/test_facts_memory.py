"""The facts of a stage read once per distinct attributes: the same facts as read afresh, in every pipeline."""

from __future__ import annotations

from hypothesis import given, settings

from pipespec import strategies as ps
from pipespec.analysis import facts
from pipespec.model import Pipeline, Stage

FACTS = (facts.model_family, facts.model_candidates, facts.deep_candidates, facts.model_training,
         facts.extraction_method, facts.model_tasks, facts.is_clustering, facts.model_task, facts.used_as_is,
         facts.ready_made_product)


@settings(max_examples=60)
@given(p=ps.pipelines())
def test_a_fact_remembered_is_the_fact_read_afresh(p: Pipeline) -> None:
    for s in p.stages:
        for fact in FACTS:
            assert fact(s) == fact.__wrapped__(s), (fact.__name__, s)  # type: ignore[attr-defined]


def test_stages_alike_in_attributes_share_facts_whatever_their_name_kind_and_wiring() -> None:
    attrs = (("architecture", "ResNet-50"), ("task", "classification"), ("training", "fine_tuned"))
    one = Stage("net", "model", ("ct",), attrs)
    other = Stage("backbone2", "feature_extraction", ("prep", "mask"), attrs)
    for fact in FACTS:
        assert fact(one) == fact(other) == fact.__wrapped__(other)  # type: ignore[attr-defined]
    assert facts.model_family(one) == "deep" and facts.model_training(one) == "fine_tuned"



def test_a_hand_built_stage_whose_attributes_cannot_be_remembered_still_has_its_facts() -> None:
    """A model built in Python may hold a list where a file's model holds a tuple (``pipespec.check`` accepts it):
    its facts are read afresh, never an unhashable-type error."""
    import pipespec

    listed = Stage("net", "model", ("ct",), (("architecture", "ResNet-50"), ("task", ["classification"])))
    for fact in FACTS:
        assert fact(listed) == fact.__wrapped__(listed)  # type: ignore[attr-defined]
    p = pipespec.load('pipeline "t" {\n  input ct: CT image3d\n  model net: ResNet-50 { task: classification }\n'
                      "  output y: classification\n  flow ct -> net -> y\n}\n")
    hand = p._replace(stages=tuple(listed._replace(span=s.span) if s.name == "net" else s for s in p.stages))
    assert set(pipespec.check(hand).conditions) == {1, 2, 3, 4, 5}
