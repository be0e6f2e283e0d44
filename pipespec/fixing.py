"""Corrections a check can apply by itself: ``pipespec check --fix`` and the language server's code actions.

A problem's correction is a :class:`~pipespec.edits.Fix`: the rule that found it may attach one
(``Problem.autofix``); for the rest, this module derives one from what every problem already says, located in the
text as written:

- a name the message calls unknown, with one "did you mean" suggestion, whose span in the text is exactly that name
  (a misspelled keyword, attribute, vocabulary name or stage name) is replaced by the suggestion;
- a waiver that suppresses nothing (W101) is removed, with its line.

Applicability, as ruff splits it: a **safe** fix cannot change a verdict, an **unsafe** one may change what the
pipeline says (a corrected architecture turns a review into a decision; a corrected stage name adds an edge).
Removing an idle waiver, correcting a misspelt answer, expectation or waiver keyword (``decalre``) and
correcting a misspelled attribute name are the safe candidates; an attribute's
correction stays safe only when the five verdicts and the items that apply are the same with the corrected
attribute as without it (computed, never assumed). The author's declared answers are never changed by a fix.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pipespec.analysis.graph import Graph
from pipespec.analysis.rules.conditions import decide
from pipespec.checker import Options, check_text
from pipespec.edits import SAFE, UNSAFE, Edit, Fix, apply_edits, apply_fixes, derivable, line_starts, offset
from pipespec.errors import InputError, Problem
from pipespec.language import load_source, source_from_text
from pipespec.model import Pipeline
from pipespec.report import FileReport

MAX_PASSES = 10  # a fix may uncover another (ruff makes up to 100 passes; one file here needs few)

# a message naming an unknown attribute key: its correction is safe when no decision depends on the attribute
_KEY_MESSAGE = re.compile(r"unknown (?:attribute|key) '")
_SUGGESTION = re.compile(r"did you mean '([^'\n]+)'\?")
_QUOTED = re.compile(r"'([^'\n]*)'")
_BARE_DSL = re.compile(r"[A-Za-z_][\w.-]*\Z", re.ASCII)
_WORD = re.compile(r"[\w.+-]+")
_WAIVE_LINE = re.compile(r"[ \t]*waive[ \t]")
_DECLARED = re.compile(r"\(at /declare/")  # a YAML or JSON problem inside the declared answers


class FixResult(NamedTuple):
    """What fixing one text gave: the fixed text, the fixes applied (in order), the check of the fixed text and
    how many unsafe fixes remain available in it."""

    text: str
    applied: tuple[Fix, ...]
    report: FileReport
    unsafe_available: int


def fixes_for(report: FileReport) -> list[tuple[Problem, Fix]]:
    """Every problem of ``report`` that has a correction, with it (its own, or one derived from the text). Waived
    findings have none; a derived fix is offered only where the text at the problem's span is what it names."""
    text = report.source_text
    if text is None or not any(p.autofix is not None or derivable(p) for p in [*report.errors, *report.findings]):
        return []  # (nothing carries a correction, and nothing names one to derive: most files of a batch)
    starts = line_starts(text)
    out: list[tuple[Problem, Fix]] = []
    waivers = _Waivers(text, starts, report.findings)
    for p in [*report.errors, *report.findings]:
        if p.waived is not None:
            continue
        fix = p.autofix or _derived(p, text, starts, report.format or "dsl", waivers)
        if fix is not None and not fix.safe and _answers_keyword(p, fix):
            fix = fix._replace(applicability=SAFE)
        if fix is not None and not _touches_declarations(fix, text, starts) and not _DECLARED.search(p.message):
            out.append((p, fix))
    if any(f.applicability == SAFE and _names_key(p) for p, f in out):
        out = _verify_attribute_fixes(report, out)
    return out


def with_fixes(report: FileReport) -> FileReport:
    """``report`` (changed in place) with each problem's ``autofix`` the correction :func:`fixes_for` offers for it
    (its own or one derived from the text, safe or unsafe as computed) and ``None`` where none is offered: what the
    JSON and SARIF reports carry, so that a tool applying their edits does what ``--fix`` would. Done only for the
    formats that carry it: deriving and verifying fixes is no part of a check."""
    offered = {id(p): f for p, f in fixes_for(report)}
    if not offered and all(p.autofix is None for p in report.errors) and all(
            p.autofix is None for p in report.findings):
        return report  # (most files of a batch)
    report.errors = [_with(p, offered.get(id(p))) for p in report.errors]
    report.findings = [_with(p, offered.get(id(p))) for p in report.findings]
    return report


def _with(p: Problem, fix: Fix | None) -> Problem:
    return p if p.autofix == fix else p._replace(autofix=fix)


# statements that never change a verdict: the author's answers, expectations, waivers (of findings) and item answers
_ANSWER_KEYWORDS = frozenset({"declare", "expect", "waive", "assess"})


def _answers_keyword(p: Problem, fix: Fix) -> bool:
    """A misspelt statement word whose correction makes an answer, expectation or waiver statement: no verdict
    depends on one, so the correction is safe."""
    return p.code == "PS101" and len(fix.edits) == 1 and fix.edits[0].new_text in _ANSWER_KEYWORDS


def _names_key(p: Problem) -> bool:
    return p.code in ("PS102", "PS103") and _KEY_MESSAGE.match(p.message) is not None


def _derived(p: Problem, text: str, starts: list[int], fmt: str, waivers: "_Waivers") -> Fix | None:
    if not derivable(p):
        return None
    if p.code == "W101":
        return _remove_waiver(p, text, starts, fmt, waivers)
    return _rename(p, text, starts, fmt)


def _span_text(p: Problem, text: str, starts: list[int]) -> tuple[int, int] | None:
    s = p.span
    try:
        a = offset(starts, text, s.line, s.column)
        if s.end_line is None or s.end_column is None:  # a point: the word that starts there
            word = _WORD.match(text, a)
            return (a, word.end()) if word else None
        b = offset(starts, text, s.end_line, s.end_column)
    except ValueError:
        return None
    return (a, b) if a < b else None


def _rename(p: Problem, text: str, starts: list[int], fmt: str) -> Fix | None:
    """The one suggested spelling in place of the name the message quotes first, where the span is that name."""
    hits = _SUGGESTION.findall(p.message)
    if len(hits) != 1 or " or '" in p.message.split("did you mean", 1)[1]:
        return None
    named = _QUOTED.search(p.message)
    where = _span_text(p, text, starts)
    if named is None or where is None:
        return None
    written = text[where[0]:where[1]]
    quote = written[0] if len(written) >= 2 and written[0] in "'\"" and written[-1] == written[0] else ""
    if (written[1:-1] if quote else written) != named.group(1):
        return None
    suggestion = hits[0]
    new = quote + suggestion + quote if quote else _bare_or_quoted(suggestion, fmt)
    a, b = where
    line = p.span.line
    end_line = line + text.count("\n", a, b)
    end_column = b - (text.rfind("\n", 0, b) + 1) + 1
    applicability = SAFE if _names_key(p) else UNSAFE
    return Fix(f"replace '{named.group(1)}' with '{suggestion}'",
               (Edit(line, p.span.column, end_line, end_column, new),), applicability)


def _bare_or_quoted(word: str, fmt: str) -> str:
    if fmt == "json":
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if _BARE_DSL.match(word):
        return word
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _remove_waiver(p: Problem, text: str, starts: list[int], fmt: str, waivers: "_Waivers") -> Fix | None:
    """The waiver's line (DSL), or its list item (YAML block style), removed; JSON and flow-style YAML get none."""
    line = p.span.line
    if not 1 <= line <= len(starts):
        return None
    if fmt == "dsl":
        begin = starts[line - 1]
        end = starts[line] if line < len(starts) else len(text)
        if not _WAIVE_LINE.match(text, begin) or text.count("waive", begin, end) != 1:
            return None
        return Fix("remove the waiver that suppresses nothing", (_delete_lines(starts, text, line, line),))
    if fmt != "yaml":
        return None
    return waivers.remove(line)


def _line(text: str, starts: list[int], n: int) -> str:
    end = starts[n] - 1 if n < len(starts) else len(text)
    return text[starts[n - 1]:end].rstrip("\r")


def _delete_lines(starts: list[int], text: str, first: int, last: int) -> Edit:
    """An edit removing lines ``first``..``last`` with their line break (the text's last line, which has none:
    with the break before it)."""
    if last < len(starts):
        return Edit(first, 1, last + 1, 1, "")
    end_column = len(text) - starts[last - 1] + 1
    if first == 1:
        return Edit(first, 1, last, end_column, "")
    before = starts[first - 1] - 1 - starts[first - 2]  # characters of the line before, up to its "\n"
    if before and text[starts[first - 1] - 2] == "\r":
        before -= 1
    return Edit(first - 1, before + 1, last, end_column, "")


def _indent(s: str) -> int:
    return len(s) - len(s.lstrip(" "))


_WAIVE_KEY = re.compile(r"[ \t]*waive[ \t]*:[ \t]*(#.*)?$")
_WAIVE_WORD = re.compile(r"^[ \t]*waive[ \t]*:", re.M)


class _Waivers:
    """The block-style YAML lists under a ``waive:`` key, read in one pass over the lines (the first time a YAML
    waiver is removed): each item's lines, and the key each list belongs to. A file of many idle waivers read each
    list again per waiver, with a nested scan per item: minutes for a few hundred."""

    def __init__(self, text: str, starts: list[int], findings: Sequence[Problem]) -> None:
        self.text, self.starts = text, starts
        self.idle = {f.span.line for f in findings if f.code == "W101" and f.waived is None}
        self.items: dict[int, tuple[int, int, int]] | None = None  # a line of an item -> (key, dash, last)
        self.lists: dict[int, list[tuple[int, int]]] = {}  # key -> its items, (dash, last)
        self.idle_items: set[int] = set()  # the items with a waiver that suppresses nothing, by their first line
        self.all_idle: dict[int, bool] = {}  # key -> whether every item of its list waives nothing

    def remove(self, line: int) -> Fix | None:
        """The item of the waiver on ``line`` removed, and the key with it when no item would be left: the only
        item, or every item waiving nothing (each such waiver then offers the one correction that removes all)."""
        if self.items is None:
            self.items = self._read()
            self.idle_items = {self.items[n][1] for n in self.idle if n in self.items}  # their dashes
        found = self.items.get(line)
        if found is None:
            return None
        key, dash, last = found
        items = self.lists[key]
        if len(items) == 1:
            return Fix("remove the waiver that suppresses nothing", (_delete_lines(self.starts, self.text, key, last),))
        if key not in self.all_idle:
            self.all_idle[key] = all(dash in self.idle_items for dash, _ in items)
        if self.all_idle[key]:
            return Fix("remove the waivers that suppress nothing",
                       (_delete_lines(self.starts, self.text, key, items[-1][1]),))
        return Fix("remove the waiver that suppresses nothing", (_delete_lines(self.starts, self.text, dash, last),))

    def _read(self) -> dict[int, tuple[int, int, int]]:
        text, starts = self.text, self.starts
        n = len(starts) - (1 if text.endswith("\n") else 0)
        lines = text.split("\n")[:n]  # (what _line reads, split at once)
        if "\r" in text:
            lines = [line.rstrip("\r") for line in lines]
        items: dict[int, tuple[int, int, int]] = {}
        k = 1
        # the lines that may hold a waive key, found in the whole text at once (then matched as before)
        for found in sorted({bisect_right(starts, m.start()) for m in _WAIVE_WORD.finditer(text)}):
            if found < k or found > n or not _WAIVE_KEY.match(lines[found - 1]):
                continue
            key, k = found, found + 1
            while k <= n and not lines[k - 1].strip():
                k += 1
            if k > n or not lines[k - 1].lstrip(" ").startswith("- "):
                continue
            col = _indent(lines[k - 1])
            listed: list[tuple[int, int]] = []
            flow = False
            while k <= n:
                here = lines[k - 1]
                if not here.strip():
                    k += 1
                    continue
                if _indent(here) < col or not (here.lstrip(" ").startswith("- ") and _indent(here) == col):
                    break  # the list has ended (a line at its indent that is no item is not YAML of ours)
                dash = last = k
                while last < n and lines[last].strip() and _indent(lines[last]) > col:
                    last += 1
                listed.append((dash, last))
                flow = flow or "{" in here or "[" in here.split("#", 1)[0].split(":", 1)[0]
                k = last + 1
            if flow:
                continue  # flow style: left to the author
            self.lists[key] = listed
            for dash, last in listed:
                for m in range(dash, last + 1):
                    items[m] = (key, dash, last)
        return items


def _touches_declarations(fix: Fix, text: str, starts: list[int]) -> bool:
    """Whether a fix would change a declared answer (a ``declare`` line's value): never done by a fix."""
    for e in fix.edits:
        if not e.new_text:  # a deletion writes no answer (and may span many lines)
            continue
        for n in range(e.line, e.end_line + 1):
            if n <= len(starts) and _line(text, starts, n).lstrip().startswith("declare"):
                return True
    return False


def _decisions(pipeline: Pipeline) -> dict[int, str]:
    """What a fix must not change to be safe: the five verdicts, and so which METRICS items apply (they follow from
    the verdicts and the declared answers, which no attribute's correction changes). Only the rules that decide
    run, not a whole analysis: its findings were half the cost of verifying a file's corrections."""
    return {c: v.verdict for c, v in decide(Graph(pipeline)).verdicts.items()}


def _verify_attribute_fixes(report: FileReport, fixes: list[tuple[Problem, Fix]]) -> list[tuple[Problem, Fix]]:
    """The safe attribute corrections that keep every decision the same as without the attribute; the others
    become unsafe. All are applied together (each alone may leave the others' errors), then each is taken out."""
    text = report.source_text or ""
    candidates = [(p, f) for p, f in fixes if f.applicability == SAFE and _names_key(p)]
    try:
        fixed = apply_edits(text, [e for _, f in candidates for e in f.edits])
        pipeline = load_source(source_from_text(fixed, report.path, report.format))
        whole = _decisions(pipeline)
    except (InputError, ValueError, RecursionError):
        return [(p, f._replace(applicability=UNSAFE) if (p, f) in candidates else f) for p, f in fixes]
    moved = _moved(text, fixed, [f.edits[0] for _, f in candidates])
    owner = {(k, sp.line, sp.column): n for n, s in enumerate(pipeline.stages) for k, sp in s.attr_spans}
    out = []
    for p, f in fixes:
        if (p, f) in candidates:
            e = f.edits[0]
            key = e.new_text.strip("'\"")
            at = moved[e]  # where the corrected key stands in the fixed text (a longer one before it moves it)
            n = owner.get((key, *at))  # the stage that has it
            stages = pipeline.stages if n is None else (
                *pipeline.stages[:n], pipeline.stages[n]._replace(attrs=tuple(a for a in pipeline.stages[n].attrs
                                                                               if a[0] != key)),
                *pipeline.stages[n + 1:])
            try:
                same = _decisions(pipeline._replace(stages=stages)) == whole
            except (InputError, ValueError, RecursionError):
                same = False
            f = f if same else f._replace(applicability=UNSAFE)
        out.append((p, f))
    return out


def _moved(text: str, fixed: str, edits: list[Edit]) -> dict[Edit, tuple[int, int]]:
    """The line and column in ``fixed`` (``text`` with ``edits`` applied) where each edit's replacement starts."""
    starts = line_starts(text)
    spans = sorted((offset(starts, text, e.line, e.column), offset(starts, text, e.end_line, e.end_column), e)
                   for e in edits)
    fixed_starts = line_starts(fixed)
    out: dict[Edit, tuple[int, int]] = {}
    delta = 0
    for a, b, e in spans:
        pos = a + delta
        line = bisect_right(fixed_starts, pos)
        out[e] = (line, pos - fixed_starts[line - 1] + 1)
        delta += len(e.new_text) - (b - a)
    return out


def fix_text(text: str, path: str = "<string>", fmt: str | None = None, options: Options = Options(),
             unsafe: bool = False) -> FixResult:
    """``text`` with its safe fixes applied (and the unsafe ones with ``unsafe``), pass after pass until none is
    left; a pass that would add input errors is not kept. Only the characters a fix replaces change.

    Only what is wrong is fixed: an input error, an error or a warning. An information finding's edit (the other
    honest drawing of a study, R501-R503) changes a reading that is not wrong; an editor offers it one by one."""
    applied: list[Fix] = []
    report = check_text(text, path, fmt, options)
    for _ in range(MAX_PASSES):
        chosen = [f for p, f in fixes_for(report) if (f.safe or unsafe) and p.severity != "info"]
        if not chosen:
            break
        new_text, taken = apply_fixes(text, _unique(chosen))
        if not taken or new_text == text:
            break
        new_report = check_text(new_text, path, fmt, options)
        if _adds_errors(report, new_report, new_text, text, taken):
            break
        text, report = new_text, new_report
        applied.extend(taken)
    unsafe_left = sum(1 for p, f in fixes_for(report) if not f.safe and p.severity != "info")
    return FixResult(text, tuple(applied), report, unsafe_left)


def _adds_errors(old: FileReport, new: FileReport, new_text: str, text: str, taken: Sequence[Fix]) -> bool:
    """Whether a pass broke the text: an input error where there was none, or a new one on a line a fix wrote.
    Other new errors were hidden behind the one fixed (the parser stops at the first), and are kept to report."""
    if not new.errors:
        return False
    if not old.errors:
        return True
    known = {(e.code, e.message) for e in old.errors}
    starts = line_starts(text)
    spans = sorted((offset(starts, text, e.line, e.column), offset(starts, text, e.end_line, e.end_column),
                    len(e.new_text)) for f in taken for e in f.edits)
    written: set[int] = set()  # the fixed text's lines that an edit wrote into
    delta = 0
    for a, b, n in spans:
        first = new_text.count("\n", 0, a + delta) + 1
        written.update(range(first, first + new_text.count("\n", a + delta, a + delta + n) + 1))
        delta += n - (b - a)
    return any((e.code, e.message) not in known and e.span.line in written for e in new.errors)


def _unique(fixes: Iterable[Fix]) -> list[Fix]:
    seen: set[tuple[Edit, ...]] = set()
    out = []
    for f in fixes:
        if f.edits not in seen:
            seen.add(f.edits)
            out.append(f)
    return out


def summary(results: Sequence[FixResult], files_changed: int, unsafe: bool) -> str:
    """``N fixes applied in M files (K unsafe fixes available: --unsafe-fixes)``."""
    n = sum(len(r.applied) for r in results)
    k = sum(r.unsafe_available for r in results)
    line = f"{n} fix{'es' if n != 1 else ''} applied in {files_changed} file{'s' if files_changed != 1 else ''}"
    if k and not unsafe:
        line += f" ({k} unsafe fix{'es' if k != 1 else ''} available: --unsafe-fixes)"
    elif k:
        line += f" ({k} more fix{'es' if k != 1 else ''} could not be applied)"
    return line
