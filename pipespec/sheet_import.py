"""Answers from a METRICS answer sheet written into a spec: one row of a CSV in the METRICS tool's layout (exported
by the METRICS tool, or by ``check --format metrics-csv``) becomes ``assess`` lines, and its conditions become
``declare`` lines where the spec declares none.

The verdicts stay pipespec's: an answer to an item that the verdicts switch off is not written (a note lists such
items with the condition and rule that switch them off), nor is ``n/a`` for an item that applies.  A blank cell
leaves the spec's answer as it is.  Every answer is written by :func:`pipespec.language.answers.set_answer`, so the
rest of the text stays as written.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from collections.abc import Iterator
from typing import NamedTuple

from pipespec.errors import spreadsheet_unguard
from pipespec.language.answers import ASSESS, DECLARE, Entry, set_answers
from pipespec.metrics import CONDITION_NUMBERS, ITEM_NUMBERS, condition, effective_conditions, item
from pipespec.scoring.sheets import SheetRow, parse_sheet

SOURCE = "<sheet>"
NOT_LABELS = ("status", "left to review")  # identifier columns that describe the row rather than name it


def unguard(value: str) -> str:
    """A cell without the ``'`` a CSV writer put in front of a value a spreadsheet would take for a formula."""
    return spreadsheet_unguard(value)


class Rows(NamedTuple):
    """The data rows of a sheet."""

    rows: list[SheetRow]

    def __len__(self) -> int:
        return len(self.rows)

    def labelled(self) -> Iterator[tuple[SheetRow, str]]:
        """Each row with a label made of its identifier columns (``Paper: 12, Rater: A``), else its line."""
        for r in self.rows:
            parts = [f"{name}: {unguard(value)}" for name, value in r.ident
                     if value and name.strip().lower() not in NOT_LABELS]
            yield r, ", ".join(parts) or f"row on line {r.row}"

    def one(self, line: int | None) -> SheetRow | None:
        """The row starting on ``line`` (``None``: the only row)."""
        if line is None:
            return self.rows[0] if len(self.rows) == 1 else None
        return next((r for r in self.rows if r.row == line), None)


def sheet_rows(csv_text: str) -> Rows:
    """The rows of a sheet given as text (raises InputError, ``M100``, for a sheet that cannot be read)."""
    return Rows(parse_sheet(csv_text, SOURCE))


def _gates(text: str, fmt: str, path: str) -> tuple[dict[int, bool | None], dict[int, str]]:
    """The conditions the scoring gates on (the verdict, or the declared answer where the verdict is review) and
    why each is what it is."""
    from pipespec.checker import Options, check_text
    from pipespec.errors import InputError

    report = check_text(text, path, fmt, Options(use_config=False))
    if report.errors:
        raise InputError(report.errors)
    gates: dict[int, bool | None] = {}
    why: dict[int, str] = {}
    for n, v in report.conditions.items():
        if v.verdict in ("yes", "no"):
            gates[n] = v.verdict == "yes"
            why[n] = f"Condition #{n} is {v.verdict.capitalize()}, decided by {v.rule}"
        elif v.declared in ("yes", "no"):
            gates[n] = v.declared == "yes"
            why[n] = f"Condition #{n} is {v.declared.capitalize()} as declared ({v.rule} leaves it to review)"
        else:
            gates[n] = None
    if gates.get(1) is False and gates.get(2) is not False:
        why[2] = why[1]
    return effective_conditions(gates), why


def _items(numbers: list[int]) -> str:
    return ("item " if len(numbers) == 1 else "items ") + ", ".join(str(n) for n in numbers)


def import_row(text: str, fmt: str, row: SheetRow, path: str = "<string>") -> tuple[str, list[str]]:
    """``text`` with the row's answers written, and notes on what was not written.  Raises InputError when the
    text does not read, AnswerError when an answer cannot be written."""
    from pipespec.language import load_source, source_from_text

    pipeline = load_source(source_from_text(text, path, fmt))
    notes: list[str] = []
    declared = [Entry(DECLARE, n, answer) for n in CONDITION_NUMBERS
                for answer in (row.condition(n),) if answer in ("yes", "no") and pipeline.declared(n) is None]
    text = set_answers(text, fmt, declared, path)
    if declared:
        notes.append("declared from the sheet: " + ", ".join(f"{e.key} = {e.answer}" for e in declared))
    gates, why = _gates(text, fmt, path)
    off: dict[str, list[int]] = {}
    na_applies: list[int] = []
    written: list[Entry] = []
    for n in ITEM_NUMBERS:
        answer = row.answer(n)
        if answer is None:
            continue
        switched = [c for c in item(n).conditions if gates.get(c) is False]
        if switched:
            if answer != "n/a":
                c = switched[0]
                off.setdefault(f"no {condition(c).name}: {why.get(c, f'Condition #{c} is No')}", []).append(n)
            continue
        if answer == "n/a":
            if all(gates.get(c) for c in item(n).conditions):
                na_applies.append(n)
            continue
        written.append(Entry(ASSESS, n, answer))
    text = set_answers(text, fmt, written, path)
    notes.insert(0, f"{len(written)} answer{'s' if len(written) != 1 else ''} written from the sheet")
    for reason, numbers in off.items():
        notes.append(f"not written, switched off ({reason}): {_items(numbers)}")
    if na_applies:
        notes.append(f"not written, n/a in the sheet although the verdicts make them apply: {_items(na_applies)}")
    return text, notes
