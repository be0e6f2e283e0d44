"""METRICS rater sheets: read CSV sheets in the METRICS tool's column layout, score each row, check it, and
measure agreement between raters of the same paper.

A sheet has a header row with ``Condition#1``..``Condition#5`` and ``Item#1``..``Item#30`` (headers are
matched loosely: case, spaces, punctuation, a stray non-breaking space or ``?`` in front), answers yes / no /
n/a, optionally a stated total score (``Total METRICS score:``, ``60.00%``) and a stated quality category
(``Quality category:``).  Every other column is kept as an identifier.  Scores, categories and the gating
table come from :mod:`pipespec.metrics` (Kocak et al. 2024); agreement statistics from
:mod:`pipespec.scoring.agreement`.

Row findings (``M1xx``):

- ``M100`` error: the sheet cannot be read (an input error, exit 2)
- ``M101`` error: an item answered yes/no although the row's own condition answers switch it off
- ``M102`` error: an applicable item answered n/a
- ``M103`` warning: the stated total score does not follow from the answers
- ``M104`` warning: the stated quality category does not follow from the answers
- ``M105`` warning: applicable items left unanswered (they count as No)
- ``M106`` warning: a condition left unanswered (the score is given as a range)
- ``M107`` warning: Condition #2 answered Yes although Condition #1 is No (it counts as No)
- ``M108`` warning: the same rater rates the same paper twice (the later row is left out of agreement)
"""

from __future__ import annotations

import csv
import io
import os
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from pipespec.errors import Diagnostic, InputError, ReadError, Span
from pipespec.metrics import (
    CONDITION_NUMBERS,
    ITEM_NUMBERS,
    NA,
    NO,
    YES,
    Answer,
    ScoreRange,
    applicable_items,
    category,
    effective_conditions,
    item,
    normalise_answer,
    normalise_category,
    round_score,
    score,
    score_range,
)

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2
UNSCORED = ("not assessed", "input error")  # the Status values of rows that are listed, not scored
FORMATS = ("text", "json", "markdown", "csv", "html")
MAX_BYTES = 64 << 20  # a sheet larger than this is refused
MAX_VALUE = 200  # characters of a value echoed from a sheet
MAX_ERRORS = 50  # input errors printed before "... and N more"
FORMAT_VERSION = 2  # of the JSON answer (schema/score.schema.json): moves on when a field changes shape

CODES: dict[str, tuple[str, str]] = {
    "M100": ("error", "the sheet cannot be read"),
    "M101": ("error", "an item is answered although the row's conditions switch it off"),
    "M102": ("error", "an applicable item is answered n/a"),
    "M103": ("warning", "the stated score does not follow from the answers"),
    "M104": ("warning", "the stated quality category does not follow from the answers"),
    "M105": ("warning", "applicable items are unanswered and count as No"),
    "M106": ("warning", "a condition is unanswered: the score is a range"),
    "M107": ("warning", "Condition #2 is Yes although Condition #1 is No"),
    "M108": ("warning", "the same rater rates a paper twice"),
}

# --- sanitising -----------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")


def clean(value: str, limit: int = MAX_VALUE) -> str:
    """``value`` safe to echo on one line: control and bidirectional characters escaped, at most ``limit``
    characters (cut with an ellipsis)."""
    if len(value) > limit * 4:
        value = value[:limit * 4]
    value = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)
    return value if len(value) <= limit else value[:limit - 1] + "\u2026"


# --- results --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One problem in a row of a sheet."""

    code: str
    message: str
    span: Span

    @property
    def severity(self) -> str:
        return CODES[self.code][0]

    def one_line(self) -> str:
        return f"{self.span}: {self.code} {self.severity}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "line": self.span.line, "column": self.span.column}


class ColumnLookup:
    """A sheet's identifier columns matched loosely in constant time (as :func:`_match_column`, whose linear scan
    per row made a wide sheet cost columns x rows)."""

    def __init__(self, names: Sequence[str]):
        self.exact = frozenset(names)
        self.loose: dict[str, str] = {}
        for name in names:
            self.loose.setdefault(_squashed(header_name(name)), name)

    def match(self, name: str) -> str | None:
        return name if name in self.exact else self.loose.get(_squashed(header_name(name)))


@dataclass(frozen=True)
class SheetRow:
    """One data row of a sheet, its values parsed."""

    source: str
    row: int  # the line of the sheet where the row starts
    ident: tuple[tuple[str, str], ...]  # the row's non-blank identifier cells (column name, value)
    conditions: tuple[Answer | None, ...]  # Condition#1..#5 (None: blank)
    items: tuple[Answer | None, ...]  # Item#1..#30 (None: blank)
    stated_score: Decimal | None = None
    stated_category: str | None = None  # as written (cleaned)
    columns: tuple[tuple[str, int, int], ...] = ()  # (name, line, column) of each Condition/Item/score cell
    id_columns: tuple[str, ...] = ()  # every identifier column of the sheet (one tuple shared by its rows)
    id_lookup: ColumnLookup | None = field(default=None, compare=False, repr=False)  # shared, like id_columns

    def condition(self, n: int) -> Answer | None:
        return self.conditions[n - 1]

    def answer(self, n: int) -> Answer | None:
        return self.items[n - 1]

    def where(self, key: str) -> Span:
        for k, line, column in self.columns:
            if k == key:
                return Span(self.source, line, column)
        return Span(self.source, self.row, 1)

    @property
    def unscored(self) -> str | None:
        """``not assessed`` or ``input error`` when the row's ``Status`` column says so (a row ``check --format
        metrics-csv`` wrote for a file without answers, or one it could not judge): such a row is listed, not
        scored."""
        status = " ".join(self.id_value("Status").lower().split())
        return status if status in UNSCORED else None

    def id_value(self, column: str) -> str:
        """The value of an identifier column, its name matched loosely (``''`` if there is no such column or the
        cell is blank)."""
        if self.id_lookup is not None:
            hit = self.id_lookup.match(column)
        else:
            hit = _match_column(column, self.id_columns or [k for k, _ in self.ident])
        for k, v in self.ident:
            if k == hit:
                return v
        return ""


@dataclass(frozen=True)
class RowResult:
    """A scored row: the score (or its range when conditions are unanswered), the category, the findings."""

    sheet: SheetRow
    score: Decimal | None
    score_range: ScoreRange | None
    category: str | None
    findings: tuple[Finding, ...]
    unscored: str | None = None  # not assessed | input error: the row is listed, not scored

    @property
    def source(self) -> str:
        return self.sheet.source

    @property
    def row(self) -> int:
        return self.sheet.row

    def _with(self, **changes: Any) -> RowResult:
        return replace(self, **changes)

    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    def category_range(self) -> tuple[str, str] | None:
        if self.score_range is None:
            return None
        return category(self.score_range.low), category(self.score_range.high)

    def to_dict(self) -> dict[str, Any]:
        s = self.sheet
        rng = self.score_range
        return {
            "source": s.source,
            "row": s.row,
            "id": dict(s.ident),
            "score": _num(self.score),
            "score_range": None if rng is None else [_num(rng.low), _num(rng.high)],
            "category": self.category,
            "category_range": None if rng is None else list(self.category_range() or ()),
            "stated_score": _num(s.stated_score),
            "stated_category": s.stated_category,
            "findings": [f.to_dict() for f in self.findings],
            "unscored": self.unscored,
        }


def _num(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


QUESTIONS = (*(f"condition{n}" for n in CONDITION_NUMBERS), *(f"item{n}" for n in ITEM_NUMBERS))
"""The names of the 35 answers compared between raters, in the order of :func:`ratings` (as the DSL names them)."""


@dataclass(frozen=True)
class PairKappa:
    """Cohen's kappa of one pair of raters on every condition and item (in the order of :data:`QUESTIONS`), over
    the papers both rated."""

    raters: tuple[str, str]  # in the order the raters first appear
    subjects: int  # papers both rated
    kappas: tuple[float | None, ...]  # per question; None: undefined (see answered and same)
    answered: tuple[int, ...]  # per question: papers on which both raters gave an answer that can be compared
    same: tuple[str | None, ...]  # per question: the one answer both gave on every paper when kappa is undefined

    @property
    def pair(self) -> str:
        """``A|B``, for people (a name may hold ``|``: machines read :attr:`raters`)."""
        return f"{self.raters[0]}|{self.raters[1]}"

    def to_dict(self) -> dict[str, Any]:
        return {"raters": list(self.raters),
                "subjects": self.subjects,
                "kappa": {q: _round(k, 4) for q, k in zip(QUESTIONS, self.kappas)},
                "fewer_subjects": {q: n for q, n in zip(QUESTIONS, self.answered) if n < self.subjects},
                "undefined": {q: same for q, k, same in zip(QUESTIONS, self.kappas, self.same) if k is None}}


@dataclass(frozen=True)
class VariableAgreement:
    """Agreement on one condition or item between all the raters of each paper (Cohen's kappa per rater pair is
    :attr:`Agreement.cohen`)."""

    fleiss_kappa: float | None
    fleiss_reason: str | None
    subjects: int  # papers in Fleiss' kappa (every one of their raters answered)
    percent_agreement: float | None
    percent_subjects: int  # papers with two or more answers

    def to_dict(self) -> dict[str, Any]:
        undefined: dict[str, str] = {}
        if self.fleiss_reason:
            undefined["fleiss_kappa"] = self.fleiss_reason
        return {
            "fleiss_kappa": _round(self.fleiss_kappa, 4),
            "subjects": self.subjects,
            "percent_agreement": _round(self.percent_agreement, 2),
            "percent_subjects": self.percent_subjects,
            "undefined": undefined,
        }


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


@dataclass(frozen=True)
class Agreement:
    """Agreement between the raters of each paper (rows grouped by the ``group_by`` column)."""

    group_by: str
    rater: str | None  # the rater column, or None: the row's order within its paper
    papers: int  # distinct non-blank values of the group column
    subjects: int  # papers rated by the most common number of raters (used for Fleiss' kappa)
    raters: int  # that number
    left_out: int  # papers not used for Fleiss' kappa
    rater_names: tuple[str, ...]
    conditions: tuple[tuple[int, VariableAgreement], ...]
    items: tuple[tuple[int, VariableAgreement], ...]
    pairwise_note: str | None = None  # why Cohen's kappa per rater pair is left out (None: it is given)
    cohen: tuple[PairKappa, ...] = ()  # per rater pair, in the order of the raters' first appearance

    def pairs(self) -> list[tuple[str, str]]:
        """Every rater pair with a Cohen's kappa, in the order of the raters' first appearance."""
        return [p.raters for p in self.cohen]

    def to_dict(self) -> dict[str, Any]:
        return {
            "group_by": self.group_by,
            "rater": self.rater,
            "papers": self.papers,
            "subjects": self.subjects,
            "raters": self.raters,
            "left_out": self.left_out,
            "rater_names": list(self.rater_names),
            "pairwise_note": self.pairwise_note,
            "conditions": {str(n): v.to_dict() for n, v in self.conditions},
            "items": {str(n): v.to_dict() for n, v in self.items},
            "cohen_kappa": [p.to_dict() for p in self.cohen],
        }


@dataclass(frozen=True)
class ScoreResult:
    """Every scored row, in input order, and the agreement when rows were grouped."""

    version: str
    rows: tuple[RowResult, ...]
    agreement: Agreement | None = None
    sources: tuple[str, ...] = field(default=())

    def has_errors(self) -> bool:
        return any(r.errors() for r in self.rows)

    def summary(self) -> dict[str, int]:
        return {"rows": len(self.rows),
                "scored": sum(r.score is not None for r in self.rows),
                "unscored": sum(r.unscored is not None for r in self.rows),
                "ranges": sum(r.score_range is not None for r in self.rows),
                "rows_with_errors": sum(bool(r.errors()) for r in self.rows),
                "rows_with_warnings": sum(bool(r.warnings()) for r in self.rows)}

    def to_dict(self) -> dict[str, Any]:
        return {"pipespec_version": self.version,
                "format_version": FORMAT_VERSION,
                "rows": [r.to_dict() for r in self.rows],
                "agreement": None if self.agreement is None else self.agreement.to_dict(),
                "summary": self.summary()}


# --- reading a sheet ------------------------------------------------------------------------------------

_HEAD_JUNK = "\u00a0\ufeff\u200b\ufffd? \t"
_NUMBERED = re.compile(r"^(condition|cond|item)\s?0*(\d+)(?:\s.*)?$")
_SCORE_HEAD = re.compile(r"^(?:total)?(?:metrics)?score(?:percent|pct)?$")
_CATEGORY_HEAD = re.compile(r"^(?:metrics)?(?:quality)?category$|^quality$")


def _spaced(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", cell.lower()).strip()


def _squashed(cell: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", cell.lower())


def header_name(cell: str) -> str:
    """A header cell as shown to people: stray marks in front and spaces around removed."""
    return cell.replace("\u00a0", " ").strip(_HEAD_JUNK).strip()


@dataclass(frozen=True)
class _Column:
    index: int
    kind: str  # condition | item | score | category | id
    number: int = 0
    name: str = ""


def _classify(cells: list[str], path: str, where: Callable[[int], Span]) -> tuple[list[_Column], list[Diagnostic]]:
    columns: list[_Column] = []
    errors: list[Diagnostic] = []
    seen: dict[tuple[str, int], int] = {}
    names: set[str] = set()
    suffix: dict[str, int] = {}  # the next number to try for a repeated name (repeats cost no rescans)
    for i, raw in enumerate(cells):
        name = header_name(raw)
        m = _NUMBERED.match(_spaced(name))
        squashed = _squashed(name)
        col: _Column
        if m:
            kind = "item" if m.group(1) == "item" else "condition"
            n = int(m.group(2))
            valid = ITEM_NUMBERS if kind == "item" else CONDITION_NUMBERS
            if n not in valid:
                top = "Item#1..Item#30" if kind == "item" else "Condition#1..Condition#5"
                errors.append(_error(where(i), f"unknown column '{clean(name)}': a METRICS sheet has {top}"))
                continue
            col = _Column(i, kind, n, f"{'Item' if kind == 'item' else 'Condition'}#{n}")
        elif _SCORE_HEAD.match(squashed):
            col = _Column(i, "score", 0, "stated score")
        elif _CATEGORY_HEAD.match(squashed):
            col = _Column(i, "category", 0, "stated category")
        else:
            label = clean(name) or f"column {i + 1}"
            if label in names:
                base, k = label, suffix.get(label, 2)
                while label in names:
                    label, k = f"{base} ({k})", k + 1
                suffix[base] = k
            names.add(label)
            columns.append(_Column(i, "id", 0, label))
            continue
        key = (col.kind, col.number)
        if key in seen:
            errors.append(_error(where(i), f"duplicate column '{clean(name)}': {col.name} is already column "
                                           f"{seen[key] + 1}"))
            continue
        seen[key] = i
        columns.append(col)
    if not errors:
        missing = [f"Condition#{n}" for n in CONDITION_NUMBERS if ("condition", n) not in seen]
        missing += [f"Item#{n}" for n in ITEM_NUMBERS if ("item", n) not in seen]
        if len(missing) == 35:
            errors.append(_error(Span(path, where(0).line, 1),
                                 "not a METRICS rater sheet: the header has no Condition#1..#5 or Item#1..#30 "
                                 "columns"))
        elif missing:
            shown = ", ".join(missing[:8]) + (f" and {len(missing) - 8} more" if len(missing) > 8 else "")
            errors.append(_error(Span(path, where(0).line, 1), f"the header lacks {shown} (a METRICS sheet has "
                                                               "Condition#1..#5 and Item#1..#30)"))
    return columns, errors


def _error(span: Span, message: str) -> Diagnostic:
    return Diagnostic("M100", message, span)


def _field_offsets(text: str, start: int, delimiter: str) -> list[int]:
    """The character offset of every field of the record starting at ``start`` (one pass, quote-aware)."""
    offsets = [start]
    pos, quoted, end = start, False, len(text)
    while pos < end:
        ch = text[pos]
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            if ch == delimiter:
                offsets.append(pos + 1)
            elif ch in "\r\n":
                break
        pos += 1
    return offsets


def _places(text: str, record: list[str], starts: list[int], first: int, last: int,
            delimiter: str) -> list[tuple[int, int]]:
    """(line, column) of every field of a record that spans lines ``first``..``last``."""
    start, end = starts[first - 1], starts[min(last, len(starts) - 1)]
    if '"' not in text[start:end]:  # unquoted: one line, fields at their lengths
        out, col = [], 1
        for cell in record:
            out.append((first, col))
            col += len(cell) + 1
        return out
    places = []
    for pos in _field_offsets(text, start, delimiter):
        line = bisect_right(starts, pos)
        places.append((line, pos - starts[line - 1] + 1))
    return places


_answer = lru_cache(maxsize=512)(normalise_answer)  # sheets repeat a handful of spellings


def _parse_score(value: str) -> Decimal | None:
    v = value.replace("\u00a0", " ").strip().rstrip("%").strip()
    if "," in v and "." not in v:
        v = v.replace(",", ".")
    if not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", v, re.ASCII):  # ASCII digits: not ١٠٠, １００ or 𝟗𝟗.𝟗
        return None
    d = Decimal(v)
    return d if d <= 100 else None


def read_bytes(path: str) -> bytes:
    """The bytes of a sheet, or a located ReadError (missing, a directory, too large, unreadable)."""
    where = Span(path, 1, 1)
    try:
        if os.path.isdir(path):
            raise ReadError(_error(where, "is a directory with no .csv sheets"))
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise ReadError(_error(where, f"the sheet is {size} bytes; the limit is {MAX_BYTES}"))
        with open(path, "rb") as fh:
            return fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise ReadError(_error(where, "no such file")) from None
    except PermissionError:
        raise ReadError(_error(where, "permission denied")) from None
    except OSError as exc:
        raise ReadError(_error(where, f"cannot read the file: {clean(exc.strerror or str(exc))}")) from None


def decode(data: bytes, path: str) -> str:
    """UTF-8 text (a byte-order mark is dropped), or a located ReadError."""
    if data.startswith(b"PK\x03\x04"):
        raise ReadError(_error(Span(path, 1, 1), "this is a spreadsheet workbook (xlsx/ods), not CSV: export the "
                                                 "sheet as CSV UTF-8"))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError(_error(Span(path, 1, 1), "the sheet is UTF-16: save it as CSV UTF-8"))
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise ReadError(_error(Span(path, line, nul - (data.rfind(b"\n", 0, nul) + 1) + 1),
                               "binary data (a NUL byte): not a CSV sheet"))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        pos = exc.start
        line = data.count(b"\n", 0, pos) + 1
        col = len(data[data.rfind(b"\n", 0, pos) + 1:pos].decode("utf-8", "replace")) + 1
        raise ReadError(_error(Span(path, line, col), f"not UTF-8 (byte 0x{data[pos]:02x}): save the sheet as "
                                                      "CSV UTF-8")) from None


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def parse_sheet(text: str, path: str) -> list[SheetRow]:
    """The data rows of a sheet's text, in order; blank rows are skipped.  Raises InputError (``M100``) with
    every problem found, each located at file:line:column."""
    lines = list(io.StringIO(text, newline=""))
    starts = [0]
    for ln in lines:
        starts.append(starts[-1] + len(ln))
    if not text.strip():
        raise InputError(_error(Span(path, 1, 1), "the sheet is empty: no header row"))
    delimiter = _delimiter(next((ln for ln in lines if ln.strip()), ""))
    reader = csv.reader(iter(lines), delimiter=delimiter, strict=True)
    errors: list[Diagnostic] = []
    rows: list[SheetRow] = []
    columns: list[_Column] | None = None
    layout: _Layout | None = None
    line_before = 0
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            at = Span(path, max(reader.line_num, 1), 1)
            raise InputError(errors + [_error(at, f"malformed CSV: {clean(str(exc))}")]) from None
        start_line = line_before + 1
        line_before = reader.line_num

        places = _places(text, record, starts, start_line, line_before, delimiter)

        def where(i: int, _places: list[tuple[int, int]] = places) -> Span:
            return Span(path, *_places[min(i, len(_places) - 1)])

        if not any(cell.strip() for cell in record):
            continue
        if columns is None:
            columns, errs = _classify(record, path, where)
            if errs:
                raise InputError(errs)
            layout = _Layout(columns)
            continue
        if len(record) > len(columns) and any(c.strip() for c in record[len(columns):]):
            errors.append(_error(where(len(columns)), f"the row has {len(record)} cells but the header has "
                                                      f"{len(columns)}"))
            continue
        assert layout is not None
        row, errs = _row(record, layout, path, start_line, places)
        errors += errs
        if row is not None:
            rows.append(row)
    if columns is None:  # pragma: no cover - a non-blank text has a non-blank record
        raise InputError(_error(Span(path, 1, 1), "the sheet is empty: no header row"))
    if errors:
        raise InputError(errors)
    return rows


class _Layout:
    """A header's columns split once: the answer columns (at most 37) and the identifier columns in order."""

    def __init__(self, columns: list[_Column]):
        self.answers = [c for c in columns if c.kind != "id"]
        self.ids = [c for c in columns if c.kind == "id"]
        self.id_index = [c.index for c in self.ids]
        self.id_names = tuple(c.name for c in self.ids)
        self.id_lookup = ColumnLookup(self.id_names)


def _row(record: list[str], layout: _Layout, path: str, line: int,
         places: list[tuple[int, int]]) -> tuple[SheetRow | None, list[Diagnostic]]:
    """One data row; the work is in the answer columns (at most 37) and the record's own cells, not in the
    header's width (a wide header over short rows stays linear)."""
    errors: list[Diagnostic] = []
    conds: list[Answer | None] = [None] * 5
    items: list[Answer | None] = [None] * 30
    ident: list[tuple[str, str]] = []
    spans: list[tuple[str, int, int]] = []
    stated_score: Decimal | None = None
    stated_category: str | None = None
    width = len(record)
    for col in layout.ids[:bisect_left(layout.id_index, width)]:
        value = record[col.index].strip()
        if value:
            ident.append((col.name, clean(value)))
    for col in layout.answers:
        value = record[col.index] if col.index < width else ""
        at = places[min(col.index, len(places) - 1)]
        spans.append((col.name, *at))
        v = value.replace("\u00a0", " ").strip()
        if not v:
            continue
        span = Span(path, *at)
        if col.kind in ("condition", "item"):
            answer = _answer(v)
            if answer is None:
                errors.append(_error(span, f"{col.name} is '{clean(v)}': answer yes, no or n/a"))
            elif col.kind == "condition":
                conds[col.number - 1] = answer
            else:
                items[col.number - 1] = answer
        elif col.kind == "score":
            stated_score = _parse_score(v)
            if stated_score is None:
                errors.append(_error(span, f"the stated score '{clean(v)}' is not a percentage between 0 "
                                           "and 100 (such as 60.00% or 60)"))
        else:
            stated_category = clean(v)
    if errors:
        return None, errors
    return SheetRow(path, line, tuple(ident), tuple(conds), tuple(items), stated_score, stated_category,
                    tuple(spans), layout.id_names, layout.id_lookup), []


def read_sheet(path: str) -> list[SheetRow]:
    """The data rows of the sheet at ``path`` (raises InputError, code ``M100``, on any problem)."""
    return parse_sheet(decode(read_bytes(path), path), path)


# --- scoring a row --------------------------------------------------------------------------------------


def _items_text(numbers: Sequence[int]) -> str:
    return ("item " if len(numbers) == 1 else "items ") + ", ".join(str(n) for n in numbers)


@lru_cache(maxsize=4096)  # raters' rows repeat a few answer patterns; a range costs up to 32 scores
def _score_of(conds: tuple[Answer | None, ...], items: tuple[Answer | None, ...]) -> tuple[Decimal | None,
                                                                                           ScoreRange | None]:
    """The score of a row's answers, or the range of scores its unanswered conditions allow."""
    given: dict[int, bool | None] = {n: True if a == YES else False if a == NO else None
                                     for n, a in zip(CONDITION_NUMBERS, conds)}
    answers = dict(zip(ITEM_NUMBERS, items))
    if any(v is None for v in effective_conditions(given).values()):
        rng = score_range(answers, given)
        return (rng.low, None) if rng.low == rng.high else (None, rng)
    return score(answers, applicable_items(given)), None


def score_row(row: SheetRow) -> RowResult:
    """Score one row and check it: gating, unanswered items, the stated score and category (a row whose Status
    says it was not assessed, or could not be judged, is listed without a score)."""
    if row.unscored is not None:
        return RowResult(row, None, None, None, (), row.unscored)
    findings: list[Finding] = []
    given: dict[int, bool | None] = {}
    for n in CONDITION_NUMBERS:
        a = row.condition(n)
        given[n] = True if a == YES else False if a == NO else None
    if given[1] is False and given[2] is True:
        findings.append(Finding("M107", "Condition #2 is Yes although Condition #1 is No: without segmentation "
                                        "there is no automated segmentation, so it counts as No",
                                row.where("Condition#2")))
    eff = effective_conditions(given)
    undecided = [n for n in CONDITION_NUMBERS if eff[n] is None]
    if undecided:
        which = ", ".join(f"#{n}" for n in undecided)
        findings.append(Finding("M106", f"Condition {which} not answered (yes or no): the score is the range "
                                        "every answer allows", row.where(f"Condition#{undecided[0]}")))

    # gating, grouped by the condition that switches items off
    off: dict[int, list[int]] = {}
    na_applicable: list[int] = []
    unanswered: list[int] = []
    for n in ITEM_NUMBERS:
        ans = row.answer(n)
        gates = [c for c in item(n).conditions if eff[c] is False]
        if gates:
            if ans in (YES, NO):
                off.setdefault(gates[0], []).append(n)
            continue
        applies = all(eff[c] is True for c in item(n).conditions)
        if not applies:
            continue  # under an undecided condition: any answer is possible
        if ans == NA:
            na_applicable.append(n)
        elif ans is None:
            unanswered.append(n)
    for cond, numbers in sorted(off.items()):
        given_text = ", ".join(f"{n}: {row.answer(n)}" for n in numbers)
        why = "Condition #1 is No" if cond == 2 and given[1] is False else f"Condition #{cond} is No"
        one = len(numbers) == 1
        findings.append(Finding("M101", f"{why}, so {_items_text(numbers)} {'does' if one else 'do'} not apply, "
                                        f"but {'it is' if one else 'they are'} answered ({given_text}); answer n/a",
                                row.where(f"Item#{numbers[0]}")))
    if na_applicable:
        one = len(na_applicable) == 1
        findings.append(Finding("M102", f"{_items_text(na_applicable)} {'applies' if one else 'apply'} under the "
                                        f"row's conditions but {'is' if one else 'are'} answered n/a (counted as "
                                        "No); answer yes or no",
                                row.where(f"Item#{na_applicable[0]}")))
    if unanswered:
        findings.append(Finding("M105", f"{_items_text(unanswered)} unanswered: counted as No, as the METRICS "
                                        "tool does", row.where(f"Item#{unanswered[0]}")))

    value, rng = _score_of(row.conditions, row.items)
    possible = (value,) if value is not None else (rng.scores if rng else ())
    cat = category(value) if value is not None else None

    if row.stated_score is not None:
        stated = round_score(row.stated_score)
        if stated not in possible:
            expected = f"{value}" if value is not None else \
                f"between {rng.low} and {rng.high}" if rng else "no score"
            findings.append(Finding("M103", f"the stated score {stated} does not follow from the answers, "
                                            f"which give {expected}", row.where("stated score")))
    if row.stated_category is not None:
        stated_cat = normalise_category(row.stated_category)
        cats = sorted({category(s) for s in possible})
        if stated_cat is None:
            findings.append(Finding("M104", f"the stated category '{row.stated_category}' is not a METRICS "
                                            "category (very low, low, moderate, good, excellent)",
                                    row.where("stated category")))
        elif stated_cat not in cats:
            findings.append(Finding("M104", f"the stated category '{stated_cat}' does not follow from the "
                                            f"answers, which give '{' or '.join(cats)}'",
                                    row.where("stated category")))
    return RowResult(row, value, rng, cat, tuple(findings))


# --- agreement ------------------------------------------------------------------------------------------


def ratings(row: SheetRow) -> tuple[str | None, ...]:
    """The row's effective answers to Condition #1..#5 then Item #1..#30, as compared between raters.

    Conditions are yes/no (a blank Condition #2 counts as No when Condition #1 is No); items are as written, a
    blank counting as No where the item applies and as n/a where the row's conditions switch it off.  ``None``:
    unknown (a blank condition; a blank item under a blank condition)."""
    given: dict[int, bool | None] = {c: (True if row.condition(c) == YES else False if row.condition(c) == NO
                                         else None) for c in CONDITION_NUMBERS}
    eff = effective_conditions(given)
    out: list[str | None] = [None if eff[c] is None else YES if eff[c] else NO for c in CONDITION_NUMBERS]
    for n in ITEM_NUMBERS:
        a = row.answer(n)
        if a is None:
            needs = [eff[c] for c in item(n).conditions]
            a = NA if False in needs else NO if all(needs) else None
        out.append(a)
    return tuple(out)


def _match_column(name: str, columns: Sequence[str]) -> str | None:
    if name in columns:
        return name
    key = _squashed(header_name(name))
    hits = [c for c in columns if _squashed(c) == key]
    return hits[0] if hits else None


MAX_PAIRWISE_RATERS = 100  # Cohen's kappa per pair for at most this many raters of a paper (4,950 pairs)


def agreement(rows: Sequence[RowResult], group_by: str, rater: str | None = None,
              pairwise: bool = True) -> tuple[Agreement, list[Finding]]:
    """Agreement between the raters of each paper (rows with the same ``group_by`` value), and the ``M108``
    findings of rows left out because their rater already rated that paper.  Column names are matched loosely,
    once per sheet.  Cohen's kappa per rater pair is computed when ``pairwise`` and no paper has more than
    :data:`MAX_PAIRWISE_RATERS` raters (pairs grow with the square of a paper's raters); else Fleiss' kappa and
    percent agreement only, with a note.  Linear in the rows (times the raters of a paper, at most 100)."""
    from pipespec.scoring.agreement import cohen_kappa, fleiss_kappa_of, percent_agreement

    def value(sheet: SheetRow, column: str) -> str:
        return sheet.id_value(column).strip()

    groups: dict[str, list[tuple[str, RowResult]]] = {}
    taken: dict[str, set[str]] = {}
    extra: list[Finding] = []
    order: dict[str, int] = {}
    for r in rows:
        key = value(r.sheet, group_by)
        if not key or r.unscored is not None:
            continue
        members = groups.setdefault(key, [])
        names = taken.setdefault(key, set())
        who = value(r.sheet, rater) if rater else ""
        if not who:
            who = str(len(members) + 1)
            while who in names:
                who += "'"
        if who in names:
            extra.append(Finding("M108", f"rater '{who}' already rated paper '{key}': this row is left out of "
                                         "the agreement", Span(r.source, r.row, 1)))
            continue
        names.add(who)
        order.setdefault(who, len(order))
        members.append((who, r))
    sizes = Counter(len(m) for m in groups.values() if len(m) >= 2)
    n_raters = max(sizes, key=lambda k: (sizes[k], k)) if sizes else 0
    modal = [m for m in groups.values() if len(m) == n_raters]
    most = max((len(m) for m in groups.values()), default=0)
    note: str | None = None
    if not pairwise:
        note = "Cohen's kappa per rater pair not asked for"
    elif most > MAX_PAIRWISE_RATERS:
        note = (f"Cohen's kappa per rater pair left out: a paper has {most} raters, and pairs are listed for at "
                f"most {MAX_PAIRWISE_RATERS} raters of a paper; Fleiss' kappa only")

    rated = [[(w, ratings(r.sheet)) for w, r in sorted(m, key=lambda x: order[x[0]])] for m in groups.values()]
    # (rater a, rater b) -> the pairs of rating tuples of every paper both rated (a before b)
    together: dict[tuple[str, str], list[tuple[tuple[str | None, ...], tuple[str | None, ...]]]] = {}
    if note is None:
        for members_rated in rated:
            for i, (a, ra_all) in enumerate(members_rated):
                for b, rb_all in members_rated[i + 1:]:
                    together.setdefault((a, b), []).append((ra_all, rb_all))
    pairs = sorted(together, key=lambda p: (order[p[0]], order[p[1]]))
    modal_rated = [[ratings(r.sheet) for _, r in m] for m in modal]

    def measure(k: int) -> VariableAgreement:
        complete = [[t[k] for t in m] for m in modal_rated]
        fleiss_rows = [s for s in complete if all(x is not None for x in s)]
        if fleiss_rows and n_raters >= 2:
            fk = fleiss_kappa_of(fleiss_rows)
            fleiss, reason = fk.value, fk.reason
        else:
            fleiss = None
            reason = (f"no paper has answers from all {n_raters} raters" if n_raters >= 2
                      else "no paper has two or more raters")
        answered = [[t[k] for _, t in m if t[k] is not None] for m in rated]
        answered = [s for s in answered if len(s) >= 2]
        return VariableAgreement(fleiss, reason, len(fleiss_rows), percent_agreement(answered), len(answered))

    def cohen(pair: tuple[str, str]) -> PairKappa:
        both = together[pair]
        kappas: list[float | None] = []
        answered: list[int] = []
        same: list[str | None] = []
        for k in range(len(QUESTIONS)):
            ra: list[str] = []
            rb: list[str] = []
            for ta, tb in both:
                x, y = ta[k], tb[k]
                if x is not None and y is not None:
                    ra.append(x)
                    rb.append(y)
            value = cohen_kappa(ra, rb).value if ra else None
            kappas.append(value)
            answered.append(len(ra))
            same.append(ra[0] if ra and value is None else None)  # undefined: both gave one answer throughout
        return PairKappa(pair, len(both), tuple(kappas), tuple(answered), tuple(same))

    conditions = tuple((n, measure(n - 1)) for n in CONDITION_NUMBERS)
    items = tuple((n, measure(5 + n - 1)) for n in ITEM_NUMBERS)
    return Agreement(group_by, rater, len(groups), len(modal), n_raters, len(groups) - len(modal),
                     tuple(order), conditions, items, note, tuple(cohen(p) for p in pairs)), extra


# --- the whole run --------------------------------------------------------------------------------------


def expand(paths: Sequence[str]) -> list[str]:
    """The sheets to read: files as given, folders' regular ``.csv`` files (recursively, sorted; links, FIFOs
    and devices are not followed).  ``pipespec score`` walks folders as ``check`` does instead, and passes the
    files it found (see pipespec.cli.commands)."""
    import stat

    out: list[str] = []
    for p in paths:
        if not os.path.isdir(p):
            out.append(p)
            continue
        found = []
        for d, _, fs in os.walk(p):
            for f in fs:
                path = os.path.join(d, f)
                try:
                    regular = stat.S_ISREG(os.lstat(path).st_mode)
                except OSError:
                    regular = False
                if regular and f.lower().endswith(".csv"):
                    found.append(path)
        out += sorted(found) or [p]
    return out


CLI_NAMES = {"group_by": "--group-by", "rater": "--rater", "ids": "--id"}
API_NAMES = {"group_by": "the field 'group_by'", "rater": "the field 'rater'", "ids": "the field 'ids'"}


def score_sheets(paths: Sequence[str], group_by: str | None = None, rater: str | None = None,
                 version: str = "", *, ids: Sequence[str] | None = None, pairwise: bool = True,
                 errors: Sequence[Diagnostic] = ()) -> ScoreResult:
    """Read, score and check every sheet (folders: see :func:`expand`); with ``group_by``, add agreement; with
    ``ids``, keep only those identifier columns (``version``: the pipespec version the result names).  Raises
    InputError with every input problem of every sheet (``M100``), after ``errors`` (a caller's walk's)."""
    result, problems = score_readable_sheets(paths, group_by, rater, version, ids=ids, pairwise=pairwise,
                                             errors=errors)
    if problems or result is None:
        raise InputError(problems)
    return result


def score_readable_sheets(paths: Sequence[str], group_by: str | None = None, rater: str | None = None,
                          version: str = "", *, ids: Sequence[str] | None = None, pairwise: bool = True,
                          errors: Sequence[Diagnostic] = ()) -> tuple[ScoreResult | None, list[Diagnostic]]:
    """As :func:`score_sheets`, but a sheet that cannot be read never stops the others: the result of the sheets
    that could be read (``None`` when none could), and the input problems of the others (after ``errors``).
    A problem of the options (a ``group_by`` column no sheet has) still raises InputError."""
    problems = list(errors)
    files = expand(paths)
    sheets: list[tuple[str, list[SheetRow]]] = []
    for path in files:
        try:
            sheets.append((path, read_sheet(path)))
        except InputError as exc:
            problems += exc.diagnostics
    if not sheets:
        return None, problems
    read = tuple(path for path, _ in sheets)
    return _scored(sheets, group_by, rater, read, version, ids, pairwise, CLI_NAMES), problems


def score_text(text: str, *, group_by: str | None = None, rater: str | None = None,
               ids: Sequence[str] | None = None, pairwise: bool = True,
               source: str = "<request>", version: str = "") -> ScoreResult:
    """The result of one sheet given as text (the web API's entry point; its errors name the JSON fields).
    Raises InputError (``M100``) for a sheet that cannot be read."""
    return _scored([(source, parse_sheet(text, source))], group_by, rater, (source,), version, ids, pairwise,
                   API_NAMES)


def _scored(sheets: list[tuple[str, list[SheetRow]]], group_by: str | None, rater: str | None,
            files: tuple[str, ...], version: str, ids: Sequence[str] | None = None, pairwise: bool = True,
            names: dict[str, str] = CLI_NAMES) -> ScoreResult:
    errors: list[Diagnostic] = []
    kept: dict[int, tuple[str, ...]] = {}  # id(a sheet's id_columns) -> the columns ``ids`` keeps
    for path, rows in sheets:
        if not rows:
            continue
        columns = rows[0].id_columns or tuple(k for k, _ in rows[0].ident)
        cols = ", ".join(f"'{c}'" for c in columns[:10]) + (f" and {len(columns) - 10} more"
                                                            if len(columns) > 10 else "") or "none"
        wanted_all = [("group_by", group_by), ("rater", rater), *(("ids", w) for w in ids or ())]
        hits: list[str] = []
        for field_name, wanted in wanted_all:
            if wanted is None:
                continue
            hit = _match_column(wanted, columns)
            if hit is None:
                errors.append(_error(Span(path, 1, 1), f"{names[field_name]} '{clean(wanted)}': the sheet has no "
                                                       f"such column (identifier columns: {cols})"))
            elif field_name == "ids":
                hits.append(hit)
        if ids is not None:
            for row_ in rows:
                kept.setdefault(id(row_.id_columns), tuple(dict.fromkeys(hits)))
    if errors:
        raise InputError(errors)
    scored = [score_row(row) for _, rows in sheets for row in rows]
    agree: Agreement | None = None
    if group_by is not None:
        agree, extra = agreement(scored, group_by, rater, pairwise)
        if extra:
            by_place = {(f.span.file, f.span.line): f for f in extra}
            scored = [r._with(findings=r.findings + (by_place[(r.source, r.row)],))
                      if (r.source, r.row) in by_place else r for r in scored]
    if ids is not None:
        def narrowed(sheet: SheetRow) -> SheetRow:
            keep = kept.get(id(sheet.id_columns), ())
            wanted = set(keep)
            return replace(sheet, ident=tuple((k, v) for k, v in sheet.ident if k in wanted), id_columns=keep,
                           id_lookup=None)

        scored = [r._with(sheet=narrowed(r.sheet)) for r in scored]
    return ScoreResult(version, tuple(scored), agree, files)
