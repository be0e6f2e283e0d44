"""Fixes as data: an :class:`Edit` replaces a range of a source text, a :class:`Fix` is the edits of one
correction with its applicability.

``pipespec check --fix``, the language server's code actions and the page's answer buttons all apply edits through
:func:`apply_edits`, so a correction changes only the characters it replaces (layout, comments and line endings
stay as written).  Positions are pipespec's own: 1-based lines counted at ``\\n`` and 1-based columns in code
points, as every :class:`~pipespec.errors.Span` is; a front end converting to another unit (an editor's UTF-16)
converts at its edge.
"""

# Annotations are evaluated (no `from __future__ import annotations`): see errors.py.
from collections.abc import Iterable
from itertools import accumulate
from typing import Any, NamedTuple

SAFE = "safe"  # cannot change a verdict: applied by --fix
UNSAFE = "unsafe"  # may change what the pipeline says: applied only with --unsafe-fixes
APPLICABILITIES = (SAFE, UNSAFE)


class Edit(NamedTuple):
    """Replace the text from (``line``, ``column``) up to, not including, (``end_line``, ``end_column``) with
    ``new_text``. An insertion has its end equal to its start."""

    line: int
    column: int
    end_line: int
    end_column: int
    new_text: str


class Fix(NamedTuple):
    """One correction: what it does (``title``, shown to the user), its edits, and whether it is ``safe``."""

    title: str
    edits: tuple[Edit, ...]
    applicability: str = SAFE

    @property
    def safe(self) -> bool:
        return self.applicability == SAFE


class EditConflict(ValueError):
    """Two edits overlap, or an edit lies outside the text."""


def line_starts(text: str) -> list[int]:
    """The offset of the first character of every line (lines counted at ``\\n``)."""
    # each line's length plus its "\n", summed in C (a find loop in Python is slower on typical files)
    return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))


def offset(starts: list[int], text: str, line: int, column: int) -> int:
    """The code-point offset of 1-based (``line``, ``column``) in ``text`` whose :func:`line_starts` are
    ``starts``. A column may stand one past the line's last character (the end of the line)."""
    if not 1 <= line <= len(starts) or column < 1:
        raise EditConflict(f"position {line}:{column} is outside the text")
    start = starts[line - 1]
    end = starts[line] - 1 if line < len(starts) else len(text)
    if start + column - 1 > end:
        raise EditConflict(f"position {line}:{column} is outside the text")
    return start + column - 1


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with every edit applied. Edits are positioned in the original text; they may come in any order
    but must not overlap (two insertions at one place are applied in the order given)."""
    starts = line_starts(text)
    spans = sorted(((offset(starts, text, e.line, e.column), offset(starts, text, e.end_line, e.end_column), k, e)
                    for k, e in enumerate(edits)), key=lambda s: (s[0], s[1], s[2]))
    out: list[str] = []
    pos = 0
    for start, end, _, edit in spans:
        if end < start:
            raise EditConflict(f"edit {edit.line}:{edit.column} ends before it starts")
        if start < pos:
            raise EditConflict(f"edits overlap at {edit.line}:{edit.column}")
        out.append(text[pos:start])
        out.append(edit.new_text)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def apply_fixes(text: str, fixes: Iterable[Fix]) -> tuple[str, list[Fix]]:
    """``text`` with as many of ``fixes`` applied as do not overlap an earlier one (as ruff does, a fix that
    collides with one already taken waits for the next pass), and the fixes applied."""
    taken: list[Fix] = []
    edits: list[Edit] = []
    starts = line_starts(text)
    used: list[tuple[int, int]] = []
    for fix in fixes:
        try:
            ranges = [(offset(starts, text, e.line, e.column), offset(starts, text, e.end_line, e.end_column))
                      for e in fix.edits]
        except EditConflict:
            continue
        if any(a < d and c < b or a == b == c == d for a, b in ranges for c, d in used):
            continue
        used.extend(ranges)
        edits.extend(fix.edits)
        taken.append(fix)
    return apply_edits(text, edits), taken


def derivable(problem: Any) -> bool:
    """Whether a correction may be derived for a problem from the text: an idle waiver, or a message naming the one
    spelling meant ("did you mean 'x'?")."""
    return problem.code == "W101" or "did you mean" in problem.message


def offers_corrections(report: Any) -> bool:
    """Whether a file's report has anything for pipespec.fixing.with_fixes to do: a problem with a correction of its
    own, or one a correction may be derived for from the text. Most files of a batch have none, and then that
    module is not even imported."""
    problems = [*report.errors, *report.findings]
    return any(p.autofix is not None for p in problems) or (
        report.source_text is not None and any(derivable(p) for p in problems))
