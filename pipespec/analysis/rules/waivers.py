"""Waivers: the author's justified suppression of a finding, and the checks on waivers themselves (W1xx)."""

from __future__ import annotations

from pipespec import vocab
from pipespec.analysis.results import Config
from pipespec.analysis.rules.examples import GLIOMA_RADIOMICS, pipeline
from pipespec.analysis.rules.record import Rule, problem
from pipespec.errors import Problem, Span, display_path
from pipespec.model import Pipeline

W101 = Rule(
    code='W101',
    title='waiver that suppresses nothing',
    condition=None,
    severity='warning',
    what='A waive statement whose code produced no finding in this pipeline.',
    why='Stale waivers hide future findings; every waiver must earn its place.',
    fix='Remove the waiver.',
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS, "declare condition5 = no",
                     'waive C501 "fusion is done inside the network"'),
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
    example=pipeline("Glioma radiomics", *GLIOMA_RADIOMICS, "declare condition5 = no", 'waive C5O1 "a mistyped code"'),
    configurable=False,
)


W103 = Rule(
    code='W103',
    title='configuration switches off an error-severity rule',
    condition=None,
    severity='warning',
    what=('The configuration that judged this file (a .pipespec.toml or a [tool.pipespec] table found beside it or '
          'above it, or --config) disables a rule whose findings are errors, or lowers its severity. Each file '
          'that configuration judges carries this warning, naming the rule and the configuration file.'),
    why=('A submission can bring its own configuration: one that switches off a misclassification check (C) or a '
         'label check (L) would otherwise make a misclassified pipeline pass with nothing in the report to say '
         'why. The warning keeps the decision visible to a reviewer.'),
    fix=('Remove the rule from `disable` (or its `severity` entry) and fix or waive the finding in the pipeline '
         'itself, where the justification is visible; a reviewer can check with --isolated to ignore every '
         'configuration file.'),
    example="""\
# .pipespec.toml beside the pipeline
disable = ["C501"]
[severity]
L101 = "warning"
""",
    example_format='toml',
    configurable=False,
)


RULES = (W101, W102, W103)


def configuration_findings(p: Pipeline, config: Config, known: dict[str, Rule]) -> list[Problem]:
    """W103 for each error-severity rule the configuration disables or downgrades (none when no file judged)."""
    if config.source is None:
        return []
    where = Span(p.source, 1, 1)
    shown = display_path(config.source)
    out: list[Problem] = []
    for code in sorted(config.disable | set(config.severity)):
        rule = known.get(code)
        if rule is None or rule.severity != "error":
            continue
        if code in config.disable:
            how = f"disables {code} ({rule.title}), an error-severity rule: this file is judged without it"
        elif config.severity[code] != "error":
            how = (f"lowers {code} ({rule.title}) from error to {config.severity[code]}: its findings no longer fail "
                   "this file")
        else:
            continue
        out.append(problem(W103, f"the configuration {shown} {how}", where))
    return out


def apply_waivers(p: Pipeline, findings: list[Problem], known: dict[str, Rule]) -> list[Problem]:
    """Mark the findings a waiver suppresses (with its justification); report waivers that suppress nothing
    (W101) or name an unknown or unwaivable code (W102). ``known``: every rule by code."""
    used: set[int] = set()
    out: list[Problem] = []
    for f in findings:
        rule = known.get(f.code)
        if rule is not None and not rule.configurable:  # W103 and the like: the pipeline cannot silence them
            out.append(f)
            continue
        for k, w in enumerate(p.waivers):
            if w.code == f.code and (w.stage is None or w.stage == f.stage):
                f = f._replace(waived=w.justification)
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


