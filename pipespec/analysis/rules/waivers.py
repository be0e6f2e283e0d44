"""Waivers: the author's justified suppression of a finding, and the checks on waivers themselves (W1xx)."""

from __future__ import annotations

from pipespec import vocab
from pipespec.analysis.rules.record import Rule, problem
from pipespec.errors import Problem
from pipespec.model import Pipeline
from pipespec.records import replace

W101 = Rule(
    code='W101',
    title='waiver that suppresses nothing',
    condition=None,
    severity='warning',
    what='A waive statement whose code produced no finding in this pipeline.',
    why='Stale waivers hide future findings; every waiver must earn its place.',
    fix='Remove the waiver.',
    example="""\
pipeline "Glioma radiomics" {
  input mri: MRI image3d
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  model svm: SVM
  output grade: classification
  flow mri -> seg -> rad -> svm -> grade
  declare condition5 = no
  waive C501 "fusion is done inside the network"
}
""",
    configurable=False,
)

W102 = Rule(
    code='W102',
    title='waiver of an unknown or unwaivable code',
    condition=None,
    severity='warning',
    what=('A waive statement naming a code that does not exist, or an input error (which cannot be '
          'waived).'),
    why='A mistyped waiver would silently do nothing.',
    fix='Use a code from `pipespec rules`.',
    example="""\
pipeline "Glioma radiomics" {
  input mri: MRI image3d
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  model svm: SVM
  output grade: classification
  flow mri -> seg -> rad -> svm -> grade
  declare condition5 = no
  waive C5O1 "a mistyped code"
}
""",
    configurable=False,
)


RULES = (W101, W102)


def apply_waivers(p: Pipeline, findings: list[Problem], known: dict[str, Rule]) -> list[Problem]:
    """Mark the findings a waiver suppresses (with its justification); report waivers that suppress nothing
    (W101) or name an unknown or unwaivable code (W102). ``known``: every rule by code."""
    used: set[int] = set()
    out: list[Problem] = []
    for f in findings:
        for k, w in enumerate(p.waivers):
            if w.code == f.code and (w.stage is None or w.stage == f.stage):
                f = replace(f, waived=w.justification)
                used.add(k)
                break
        out.append(f)
    for k, w in enumerate(p.waivers):
        if k in used:
            continue
        rule = known.get(w.code)
        if rule is None:
            out.append(problem(W102, f"waiver of {w.code}: not a rule code{vocab.did_you_mean(w.code, list(known)) or ''}",
                               w.span))
        elif not rule.configurable:
            out.append(problem(W102, f"waiver of {w.code}: input errors, verdict rules and waiver checks cannot be "
                               "waived", w.span))
        else:
            out.append(problem(W101, f"waiver of {w.code}{' at ' + w.stage if w.stage else ''} suppresses "
                                "nothing in this pipeline", w.span))
    return out


