"""A row of a METRICS answer sheet written into a spec: items as assess answers unless the verdicts switch them off,
conditions as declare lines where none is declared, blank cells leaving the spec's answers, labels without the CSV
guard prefix."""

from __future__ import annotations

from pathlib import Path

from pipespec.language import load_source, source_from_text
from pipespec.sheet_import import import_row, sheet_rows, unguard

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE2 = (ROOT / "examples" / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
HEAD = "Paper,Rater,Condition#1,Condition#2,Condition#3,Condition#4,Condition#5," + \
    ",".join(f"Item#{n}" for n in range(1, 31)) + "\n"


def _row(paper: str, conditions: list[str], items: dict[int, str]) -> str:
    return ",".join([paper, "A", *conditions, *(items.get(n, "") for n in range(1, 31))]) + "\n"


def test_items_conditions_and_what_is_left_out() -> None:
    # example 2: segmentation yes and automated (D101, D201), no hand-crafted features (D301), no table (D401)
    sheet = HEAD + _row("P1", ["yes", "yes", "yes", "no", "yes"],
                        {1: "yes", 2: "No", 9: "yes", 12: "yes", 14: "no", 17: "n/a", 20: "YES"})
    rows = sheet_rows(sheet)
    text, notes = import_row(EXAMPLE2 + "", "dsl", rows.rows[0])
    p = load_source(source_from_text(text, "<t>", "dsl"))
    assert {a.item: a.answer for a in p.assessment} == {1: "yes", 2: "no", 9: "yes", 20: "yes"}
    # conditions 3 and 4 were not declared: now they are, as the sheet says; 1, 2 and 5 stay as declared
    assert sorted((d.condition, d.value) for d in p.declarations) == [(1, "yes"), (2, "yes"), (3, "yes"), (4, "no"),
                                                                      (5, "yes")]
    assert notes[0] == "4 answers written from the sheet"
    assert "declared from the sheet: condition3 = yes, condition4 = no" in notes
    # item 12 is switched off by the verdict on Condition #3 (D301), item 14 by Condition #4 (D401), whatever the
    # sheet declares; item 17 applies (Condition #5 is Yes) yet is n/a in the sheet
    assert any("D301" in n and n.endswith("item 12") for n in notes), notes
    assert any("D401" in n and n.endswith("item 14") for n in notes), notes
    assert any("n/a in the sheet" in n and n.endswith("item 17") for n in notes), notes
    # the rest of the text is as it was: it starts the same and only gains lines
    assert text.startswith(EXAMPLE2[:EXAMPLE2.index("  declare condition5")])
    assert len(text.splitlines()) == len(EXAMPLE2.splitlines()) + 6


def test_a_blank_cell_keeps_the_spec_answer() -> None:
    spec = EXAMPLE2.replace("  expect condition1", '  assess item3 = yes "biopsy"\n  expect condition1')
    sheet = HEAD + _row("P1", ["", "", "", "", ""], {1: "no"})
    text, _ = import_row(spec, "dsl", sheet_rows(sheet).rows[0])
    assert '  assess item3 = yes "biopsy"\n' in text and "  assess item1 = no\n" in text
    assert "declare condition3" not in text  # a blank condition declares nothing


def test_rows_are_labelled_by_their_identifier_columns_without_guard_prefixes() -> None:
    sheet = HEAD.replace("Paper,Rater,", "Paper,Rater,Status,") + \
        "'=cmd,A,assessed," + ",".join([""] * 35) + "\n" + "P2,'-B,assessed," + ",".join([""] * 35) + "\n"
    rows = sheet_rows(sheet)
    labels = [label for _, label in rows.labelled()]
    assert labels == ["Paper: =cmd, Rater: A", "Paper: P2, Rater: -B"]  # Status describes a row, it names none
    assert rows.one(None) is None and rows.one(rows.rows[1].row) is rows.rows[1]
    assert unguard("'@x") == "@x" and unguard("'plain") == "'plain"
