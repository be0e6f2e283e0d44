"""JUnit XML for CI dashboards.

One ``<testsuite>`` per file, and in it one ``<testcase>`` per METRICS condition (``condition1`` ... ``condition5``)
plus one named ``findings`` for error-level findings that concern no single condition (a "deep" SVM, ...).
A condition's test case fails when an active error-level finding concerns that condition (a misclassified
declaration, or a stage label that contradicts the data flow); a file that could not be read or parsed has
``<error>`` in each of its test cases: its input errors listed once, in ``findings``.  The verdict, the declared answer and the rule are test-case properties.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from pipespec.analysis.rules import RULES
from pipespec.errors import Problem, display_path
from pipespec.render import RenderOptions
from pipespec.render.common import CONDITION_NAMES
from pipespec.report import Report

_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot carry (control characters, lone surrogates) become U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _condition_of(f: Problem) -> int | None:
    rule = RULES.get(f.code)
    return rule.condition if rule is not None else None


def _describe(f: Problem) -> str:
    s = f.span
    text = f"{s}: {f.code} {f.message}"
    return text + (f"\nfix: {f.fix}" if f.fix else "")


def to_element(report: Report) -> ET.Element:
    root = ET.Element("testsuites", name="pipespec")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for file in report.files:
        suite = ET.SubElement(root, "testsuite", name=display_path(file.path))
        counts = {"tests": 0, "failures": 0, "errors": 0}
        skipped = 0
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", name="ruleset_version", value=report.ruleset_version)
        if file.title:
            ET.SubElement(props, "property", name="title", value=file.title)
        if file.assessment is not None:
            a = file.assessment
            ET.SubElement(props, "property", name="metrics_score", value="" if a.score is None else str(a.score))
            ET.SubElement(props, "property", name="metrics_category", value=a.category or "")
            if a.score_range is not None:
                ET.SubElement(props, "property", name="metrics_score_range",
                              value=f"{a.score_range[0]}-{a.score_range[1]}")
        by_condition: dict[int | None, list[Problem]] = {}
        for f in file.active("error"):
            by_condition.setdefault(_condition_of(f), []).append(f)
        names: list[tuple[int | None, str]] = [(c, f"condition{c} {CONDITION_NAMES[c]}") for c in range(1, 6)]
        names.append((None, "findings"))
        for c, name in names:
            case = ET.SubElement(suite, "testcase", name=name, classname=display_path(file.path))
            counts["tests"] += 1
            if file.errors:  # listed once, in the findings case; each condition case says it was not decided
                n = len(file.errors)
                many = f"{n} input error{'s' if n != 1 else ''}"
                if c is None:
                    err = ET.SubElement(case, "error", type=file.errors[0].code,
                                        message=f"{many}: the file could not be judged")
                    err.text = "\n".join(_describe(d) for d in file.errors)
                else:
                    ET.SubElement(case, "error", type="input",
                                  message=f"not decided: {many}, listed in the 'findings' test case")
                counts["errors"] += 1
                continue
            v = file.conditions.get(c) if c is not None else None
            if v is not None:
                cprops = ET.SubElement(case, "properties")
                ET.SubElement(cprops, "property", name="verdict", value=v.verdict)
                ET.SubElement(cprops, "property", name="declared", value=v.declared or "")
                ET.SubElement(cprops, "property", name="rule", value=v.rule)
            problems = by_condition.get(c, [])
            if problems:
                fail = ET.SubElement(case, "failure", type=problems[0].code,
                                     message=f"{problems[0].code} {problems[0].message}")
                fail.text = "\n".join(_describe(f) for f in problems)
                counts["failures"] += 1
            elif v is not None and v.verdict == "review":  # left to the reviewer: visible, neither pass nor fail
                ET.SubElement(case, "skipped", message=f"review ({v.rule}): {v.reason}")
                skipped += 1
            if v is not None:
                out = ET.SubElement(case, "system-out")
                out.text = f"verdict {v.verdict} ({v.rule}): {v.reason}" + (
                    f"; declared {v.declared}" if v.declared else "")
        for k, n in counts.items():
            suite.set(k, str(n))
            totals[k] += n
        suite.set("skipped", str(skipped))
    for k, n in totals.items():
        root.set(k, str(n))
    return root


def render(report: Report, options: RenderOptions = RenderOptions()) -> str:
    root = to_element(report)
    for el in root.iter():
        if el.text:
            el.text = _clean(el.text)
        for k, v in el.attrib.items():
            el.set(k, _clean(v))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
