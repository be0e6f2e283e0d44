"""The pipeline model's records: equality and hashing read what a pipeline says, never where or how it was
written, so the same pipeline read from DSL, YAML or JSON compares equal."""

from __future__ import annotations

from typing import Any

import pytest

from pipespec.errors import Problem, Span
from pipespec.model import Facts, ItemAnswer, Op, Pipeline, Stage, Statement, Waiver

# the fields that say where a thing was written (spans, the file) or how (spellings): never compared
WHERE_AND_HOW = {"span", "spans", "input_spans", "attr_spans", "spelling", "source"}

HERE, THERE = Span("a.pipe", 3, 5), Span("b.yaml", 9, 1)
OP = Op("normalize")
STAGE = Stage("net", "model", ("img",), (("architecture", "ResNet"),), ())
FACTS = Facts((("centers", 2),))

# each record with one instance: every field given a value, and a different value of the same type for each field
EXAMPLES: dict[type, tuple[dict[str, Any], dict[str, Any]]] = {
    Op: ({"name": "resize", "args": (224,), "params": (("mode", "x"),), "custom": False, "span": HERE,
          "spelling": (("op", "Resize"),)},
         {"name": "crop", "args": (112,), "params": (("mode", "y"),), "custom": True, "span": THERE,
          "spelling": (("op", "RESIZE"),)}),
    Stage: ({"name": "net", "kind": "model", "inputs": ("img",), "attrs": (("task", "classification"),),
             "ops": (), "span": HERE, "input_spans": (HERE,), "attr_spans": (("task", HERE),),
             "spelling": (("task", "Classification"),)},
            {"name": "clf", "kind": "output", "inputs": ("x",), "attrs": (("task", "regression"),),
             "ops": (OP,), "span": THERE, "input_spans": (THERE,), "attr_spans": (("task", THERE),),
             "spelling": (("task", "CLASSIFICATION"),)}),
    Statement: ({"condition": 5, "value": "yes", "span": HERE, "spelling": (("value", "Yes"),)},
                {"condition": 4, "value": "no", "span": THERE, "spelling": (("value", "YES"),)}),
    Waiver: ({"code": "W101", "justification": "why", "stage": "net", "span": HERE, "spelling": ()},
             {"code": "W102", "justification": "because", "stage": "clf", "span": THERE,
              "spelling": (("code", "w101"),)}),
    ItemAnswer: ({"item": 7, "answer": "yes", "note": "n", "span": HERE, "spelling": ()},
                 {"item": 8, "answer": "no", "note": "m", "span": THERE, "spelling": (("answer", "Yes"),)}),
    Facts: ({"values": (("centers", 2),), "spans": (("centers", HERE),), "span": HERE, "spelling": ()},
            {"values": (("centers", 3),), "spans": (("centers", THERE),), "span": THERE,
             "spelling": (("centers", "two"),)}),
    Pipeline: ({"title": "t", "stages": (STAGE,), "study": (("year", 2020),), "declarations": (),
                "expectations": (), "waivers": (), "span": HERE, "source": "a.pipe", "assessment": (),
                "cohort": None, "evaluation": None, "availability": None, "spelling": ()},
               {"title": "u", "stages": (), "study": (("year", 2021),),
                "declarations": (Statement(5, "yes"),), "expectations": (Statement(5, "no"),),
                "waivers": (Waiver("W101", "j"),), "span": THERE, "source": "b.yaml",
                "assessment": (ItemAnswer(7, "yes"),), "cohort": FACTS, "evaluation": FACTS,
                "availability": FACTS, "spelling": (("pipeline", "T"),)}),
}


def test_every_field_of_every_record_is_covered() -> None:
    for cls, (one, other) in EXAMPLES.items():
        assert set(one) == set(other) == set(cls._fields), cls.__name__


@pytest.mark.parametrize("cls", list(EXAMPLES), ids=lambda c: c.__name__)
def test_records_compare_on_what_they_say_not_where_or_how_it_was_written(cls: type) -> None:
    one, other = EXAMPLES[cls]
    base = cls(**one)
    assert base == cls(**one) and not base != cls(**one) and hash(base) == hash(cls(**one))
    for name in cls._fields:
        changed = cls(**{**one, name: other[name]})
        if name in WHERE_AND_HOW:
            assert changed == base and not changed != base and hash(changed) == hash(base), name
        else:
            assert changed != base and not changed == base, name


def test_a_record_never_equals_a_record_of_another_kind_or_a_plain_tuple() -> None:
    stage = Stage(**EXAMPLES[Stage][0])
    assert stage != tuple(stage) and Statement(5, "yes") != Statement(5, "yes")._replace(value="no")
    assert Waiver("W101", "j") != ItemAnswer(7, "yes")


def test_records_are_immutable_and_replace_gives_a_changed_copy() -> None:
    stage = Stage(**EXAMPLES[Stage][0])
    with pytest.raises(AttributeError):
        stage.name = "other"  # type: ignore[misc]
    assert stage._replace(name="other").name == "other" and stage.name == "net"


def test_a_problem_stays_one_safe_line_however_it_is_made() -> None:
    """Problem messages quote the input: made safe when made, and again when changed with _replace."""
    p = Problem("PS104", "bad\nvalue \x1b[31m", Span("a.pipe", 1, 1), fix="x\ny", stage="s\u202e", waived="w\n")
    assert "\n" not in p.message and "\x1b" not in p.message and "\n" not in (p.fix or "")
    assert "\u202e" not in (p.stage or "") and "\n" not in (p.waived or "")
    q = p._replace(message="again\nbroken", waived="z\rz")
    assert "\n" not in q.message and "\r" not in (q.waived or "") and q.code == "PS104" and q.fix == p.fix


def test_pickled_records_come_back_as_they_were() -> None:
    """Worker processes send problems and verdicts pickled: they come back equal, their text not made safe again
    (cutting an escaped text a second time would cut it shorter)."""
    import pickle

    from pipespec.analysis.results import StageView, Verdict

    long = "x\n" + "b" * 250
    for record in (Problem("PS104", f"unknown value '{long}' for 'task'", Span("a.pipe", 1, 1)),
                   Verdict(5, "yes", "D501", f"an end-to-end network: {long}"), StageView("net", "model", long)):
        back = pickle.loads(pickle.dumps(record))
        assert back == record and type(back) is type(record)


def test_replace_makes_safe_only_what_it_changes() -> None:
    from pipespec.analysis.results import StageView, Verdict

    p = Problem("PS104", "unknown value 'x\n" + "b" * 250 + "' for 'task'", Span("a.pipe", 1, 1))
    assert p._replace(severity="warning").message == p.message
    v = Verdict(5, "yes", "D501", "x\n" + "b" * 300)
    assert v._replace(declared="no").reason == v.reason and v._replace(declared="no").declared == "no"
    view = StageView("a", "model", "ok")._replace(detail="evil\n\x1b[2J" + "z" * 500)
    assert "\n" not in view.detail and "\x1b" not in view.detail and len(view.detail) < 300
    assert "\n" not in Problem._make(["PS1", "a\nb", Span()] + [None] * 6).message


def test_reports_compare_by_value() -> None:
    from pipespec.report import FileReport, Report, Skipped

    assert Report([FileReport("a.pipe", title="t")], "1", "2") == Report([FileReport("a.pipe", title="t")], "1", "2")
    assert Report([FileReport("a.pipe")]) != Report([FileReport("b.pipe")])
    assert Report([], skipped=[Skipped("x", "hidden folder")]) != Report([])
    assert FileReport("a.pipe", source_text="x") == FileReport("a.pipe", source_text="y")  # excerpts not compared
