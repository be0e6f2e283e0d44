"""The rule engine: one pass over one pipeline, from its graph to verdicts, findings and the drawing data.

The graph is built once; the deciding rules (rules.conditions) read it, the finding rules (rules.declarations,
rules.labels) compare the author's answers and labels with it, the configuration and the waivers apply last.
"""

from __future__ import annotations

from pipespec.analysis.graph import Graph
from pipespec.analysis.results import Analysis, Config, ExpectationResult
from pipespec.analysis.rules import RULES, conditions, declarations, items, labels, readings, waivers
from pipespec.analysis.rules import expectations as expectation_rules
from pipespec.errors import Problem
from pipespec.model import Pipeline


def _with_severity(f: Problem, severity: str) -> Problem:
    """``f`` with ``severity``: ``f`` itself when that is its severity (nearly always: a configuration rarely names a
    finding); its texts, made safe once, are kept as they are either way."""
    return f if severity == f.severity else f._replace(severity=severity)


def analyse(p: Pipeline, config: Config | None = None, drawing: bool = False) -> Analysis:
    """Verdicts and findings for one pipeline (graph errors raise :class:`~pipespec.errors.ModelFailure`).

    ``drawing``: also compute the picture of the graph (stages, typed edges, the Condition #5 path) that the HTML
    report and ``pipespec graph`` lay out, from the graph already built here.
    """
    g = Graph(p)
    decisions = conditions.decide(g)
    verdicts = decisions.verdicts
    findings: list[Problem] = list(g.warnings)
    findings += declarations.misclassifications(p, g, decisions)
    findings += labels.label_findings(p, g, decisions.delineating)
    findings += readings.readings(p, g, decisions)
    if p.expectations:
        findings += expectation_rules.unmet(p, verdicts)
    assessment = None
    if p.assessment:  # only a pipeline with METRICS item answers is scored
        assessment, findings = items.assess(p, g, decisions, findings,
                                            config.disable if config is not None else frozenset())
    if config is not None:
        findings = [_with_severity(f, config.severity.get(f.code, f.severity))
                    for f in findings if f.code not in config.disable]
        findings += waivers.configuration_findings(p, config, RULES)
    findings = waivers.apply_waivers(p, findings, RULES)
    findings.sort(key=lambda f: (f.span.line, f.span.column, f.code))
    expectations = [ExpectationResult(e.condition, e.value, verdicts[e.condition].verdict, e.span.line)
                    for e in p.expectations]
    view = None
    if drawing:
        from pipespec.analysis.drawing import drawing as draw

        view = draw(g, verdicts.get(5))
    return Analysis(verdicts, findings, expectations, view, assessment)
