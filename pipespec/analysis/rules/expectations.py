"""Expectations: an ``expect conditionN = value`` the verdict does not meet is a finding of ``check`` (T1xx), so
that a batch's summary, its exit code (``--fail-on warning``) and every output format count it, as
``pipespec test`` does."""

from __future__ import annotations

from pipespec.analysis.results import Verdict
from pipespec.analysis.rules.examples import GLIOMA_RADIOMICS, pipeline
from pipespec.analysis.rules.record import Rule, problem
from pipespec.errors import Problem
from pipespec.model import Pipeline

T101 = Rule(
    code='T101',
    title='expectation not met',
    condition=None,
    severity='warning',
    what=('An `expect conditionN = value` statement (the oracle `pipespec test` checks) whose condition the '
          'pipeline decides otherwise.'),
    why=('An expectation records what the author or a reviewer knows the answer to be: a verdict that differs means '
         'the pipeline, the rules or the expectation changed, and a check that passed quietly would hide it.'),
    fix=('Correct the expect statement if the verdict is right; otherwise draw the pipeline as the study is. '
         '`pipespec test` runs every expectation on its own.'),
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS, "declare condition5 = no", "expect condition5 = yes"),
)

RULES = (T101,)


def unmet(p: Pipeline, verdicts: dict[int, Verdict]) -> list[Problem]:
    """T101 for each expectation its condition's verdict does not meet."""
    out: list[Problem] = []
    for e in p.expectations:
        v = verdicts.get(e.condition)
        if v is None or v.verdict == e.value:
            continue
        out.append(problem(T101, f"expectation condition{e.condition} = {e.value} not met: the verdict is "
                                 f"{v.verdict} ({v.rule}: {v.reason})", e.span))
    return out
