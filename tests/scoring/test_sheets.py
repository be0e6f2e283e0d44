"""``pipespec score``: METRICS rater sheets read, scored, checked and compared between raters (pipespec.scoring.sheets)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest

from pipespec.cli import main
from pipespec.errors import InputError
from pipespec.metrics import applicable_items
from pipespec.render.sheets import render
from pipespec.scoring.sheets import CODES, clean, parse_sheet, score_sheets

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = "examples/sheets/three-papers-three-raters.csv"
SCHEMA = json.loads((ROOT / "schema" / "score.schema.json").read_text(encoding="utf-8"))
HEAD = ["Paper", "Rater", *[f"Condition#{n}" for n in range(1, 6)], *[f"Item#{n}" for n in range(1, 31)]]


def row(paper: str, rater: str, conds: str = "yyyyy", **items: str) -> list[str]:
    """A consistent row: conditions as y/n/blank (' '), applicable items Yes, switched-off items n/a;
    ``i17="No"`` overrides one item."""
    words = {"y": "Yes", "n": "No", " ": ""}
    c = [words[ch] for ch in conds]
    known = {n: (ch == "y") for n, ch in enumerate(conds, 1) if ch != " "}
    full = {n: known.get(n, True) for n in range(1, 6)}
    app = applicable_items(full)
    its = [items.get(f"i{n}", "Yes" if n in app else "n/a") for n in range(1, 31)]
    return [paper, rater, *c, *its]


def write(tmp_path: Path, rows: list[list[str]], head: list[str] | None = None, name: str = "s.csv",
          bom: bool = False, newline: str = "\n", delimiter: str = ",") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=newline, delimiter=delimiter)
    w.writerow(head or HEAD)
    w.writerows(rows)
    p = tmp_path / name
    p.write_text(("\ufeff" if bom else "") + buf.getvalue(), encoding="utf-8", newline="")
    return str(p)


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def as_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = run(["score", *argv, "--format", "json"], capsys)
    assert "Traceback" not in err
    doc = json.loads(out)
    jsonschema.validate(doc, SCHEMA)
    return code, doc


def codes(doc: dict, i: int = 0) -> list[str]:  # type: ignore[type-arg]
    return [f["code"] for f in doc["rows"][i]["findings"]]


# --- the example and the score ---------------------------------------------------------------------------


def test_the_shipped_example_scores_cleanly(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = as_json([EXAMPLE, "--group-by", "Paper", "--rater", "Rater"], capsys)
    assert code == 0
    assert len(doc["rows"]) == 9 and [r["row"] for r in doc["rows"]] == list(range(2, 11))
    assert all(r["findings"] == [] for r in doc["rows"])  # stated scores and categories all follow
    first = doc["rows"][0]
    # conditions Y N Y Y N: items 9 and 17 off, applicable weights 1 - .0225 - .0200 = .9575; Yes items
    # 1 2 6 7 8 10 11 12 13 15 16 20 22 25 26 27 weigh .5958; .5958 / .9575 = 62.22... -> 62.2
    assert first["score"] == 62.2 and first["category"] == "good" and first["stated_score"] == 62.2
    assert first["id"] == {"Paper": "EX-0001 (made-up)", "Rater": "A"}
    a = doc["agreement"]
    assert (a["subjects"], a["raters"], a["left_out"], a["papers"]) == (3, 3, 0, 3)
    assert a["rater_names"] == ["A", "B", "C"]
    assert [p["raters"] for p in a["cohen_kappa"]] == [["A", "B"], ["A", "C"], ["B", "C"]]
    assert all(len(p["kappa"]) == 35 and p["subjects"] == 3 for p in a["cohen_kappa"])
    assert a["conditions"]["1"]["fleiss_kappa"] == 1.0 and a["conditions"]["1"]["percent_agreement"] == 100.0
    assert a["items"]["6"]["fleiss_kappa"] is None and "'yes'" in a["items"]["6"]["undefined"]["fleiss_kappa"]


def test_score_from_the_library_matches_the_command() -> None:
    result = score_sheets([EXAMPLE])
    assert [r.score for r in result.rows][:3] == [Decimal("62.2"), Decimal("67.6"), Decimal("64.2")]
    assert result.agreement is None and not result.has_errors()


def test_directories_are_searched_for_csv_sheets(capsys: pytest.CaptureFixture[str]) -> None:
    code, doc = as_json(["examples/sheets"], capsys)
    assert code == 0 and {r["source"] for r in doc["rows"]} == {str(Path("examples/sheets/three-papers-three-raters.csv"))}


# --- findings ---------------------------------------------------------------------------------------------


def test_gating_errors_exit_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [
        row("P1", "A", "yyynn", i14="Yes", i15="No", i17="No"),  # condition 4 and 5 No, items answered
        row("P2", "A", "yyyyy", i3="n/a"),  # an applicable item answered n/a
        row("P3", "A", "nyyyy", i9="Yes"),  # condition 1 No: 2 counts as No, 8-10 n/a except 9
        row("P4", "A", "yyyyy"),
    ])
    code, doc = as_json([p], capsys)
    assert code == 1
    assert codes(doc, 0) == ["M101", "M101"]
    m = doc["rows"][0]["findings"]
    assert "Condition #4 is No" in m[0]["message"] and "14, 15" in m[0]["message"]
    assert "Condition #5 is No" in m[1]["message"] and "item 17" in m[1]["message"]
    assert m[0]["line"] == 2 and m[0]["column"] == len(",".join(row("P1", "A", "yyynn")[:20])) + 2  # Item#14
    assert codes(doc, 1) == ["M102"] and "item 3 " in doc["rows"][1]["findings"][0]["message"]
    assert codes(doc, 2) == ["M107", "M101"] and "Condition #1 is No" in doc["rows"][2]["findings"][1]["message"]
    assert codes(doc, 3) == []
    # the score ignores the switched-off answers and counts the n/a as No
    assert doc["rows"][0]["score"] == 100.0
    assert doc["rows"][1]["score"] == 90.8  # 100 - 9.19 (item 3)


def test_unanswered_items_count_as_no_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [row("P1", "A", "yyyyy", i27="", i30=""), row("P2", "A", "nnnnn", i8="")])
    code, doc = as_json([p], capsys)
    assert code == 0  # warnings only
    assert codes(doc, 0) == ["M105"] and "items 27, 30" in doc["rows"][0]["findings"][0]["message"]
    assert doc["rows"][0]["score"] == 91.8  # 100 - 7.49 - 0.75 (items 27 and 30)
    assert codes(doc, 1) == []  # a blank switched-off item is fine


def test_unanswered_condition_gives_a_range(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [row("P1", "A", "yyyy ", i17="No"), row("P2", "A", "yyyy ", i17="")])
    code, doc = as_json([p], capsys)
    assert code == 0
    r = doc["rows"][0]
    assert r["score"] is None and r["score_range"] == [98.0, 100.0] and r["category"] is None
    assert r["category_range"] == ["excellent", "excellent"]
    assert codes(doc, 0) == ["M106"]
    # item 17 blank under the unanswered condition: no warning, same range
    assert doc["rows"][1]["score_range"] == [98.0, 100.0] and codes(doc, 1) == ["M106"]


def test_condition_one_no_decides_condition_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [row("P1", "A", "n yyy")])
    code, doc = as_json([p], capsys)
    assert code == 0 and codes(doc) == [] and doc["rows"][0]["score"] == 100.0


@pytest.mark.parametrize("stated,warn", [
    ("62.20%", False), ("62.2", False), ("62.24 %", False), ("62,2", False), ("62.25%", True), ("60.00%", True),
])
def test_stated_score_is_compared_at_one_decimal(tmp_path: Path, capsys: pytest.CaptureFixture[str], stated: str,
                                                 warn: bool) -> None:
    r = row("P", "A", "ynyyn", **{f"i{n}": "No" for n in (3, 4, 5, 9, 14, 17, 18, 19, 21, 23, 24, 28, 29, 30)})
    r[6] = "No"  # condition 5
    r[2 + 5 + 8] = "n/a"  # item 9 (condition 2 No)
    r[2 + 5 + 16] = "n/a"  # item 17
    p = write(tmp_path, [r + [stated, "Good"]], HEAD + ["Total METRICS score:", "Quality category:"])
    code, doc = as_json([p], capsys)
    assert doc["rows"][0]["score"] == 62.2, doc["rows"][0]
    assert ("M103" in codes(doc)) is warn and code == 0
    if warn:
        assert "which give 62.2" in doc["rows"][0]["findings"][0]["message"]


def test_stated_category(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    head = HEAD + ["Quality category:"]
    p = write(tmp_path, [row("P", "A") + ["Excellent"], row("P", "B") + ["good"], row("P", "C") + ["superb"]], head)
    code, doc = as_json([p], capsys)
    assert codes(doc, 0) == [] and codes(doc, 1) == ["M104"] and codes(doc, 2) == ["M104"]
    assert "'excellent'" in doc["rows"][1]["findings"][0]["message"]
    assert "not a METRICS category" in doc["rows"][2]["findings"][0]["message"]
    assert doc["rows"][0]["stated_category"] == "Excellent"


def test_finding_codes_are_documented() -> None:
    assert set(CODES) == {f"M10{i}" for i in range(9)}
    text = (ROOT / "docs" / "score.md").read_text(encoding="utf-8")
    assert all(code in text for code in CODES)


# --- reading sheets ----------------------------------------------------------------------------------------


def test_headers_are_matched_loosely_with_bom_crlf_and_semicolons(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    head = ["DOI", " rater "] + [f" condition #{n} " for n in range(1, 6)] + \
        [f"ITEM {n:02d}" if n % 2 else f"\u00a0?Item#{n}" for n in range(1, 31)] + \
        ["\u00a0?Total METRICS score:", "?Quality category:"]
    rows = [row("10.1/x", "A") + ["100.00%", "Excellent"], row("10.1/x", "B", i27="no") + ["92.5%", "excellent"]]
    p = write(tmp_path, rows, head, bom=True, newline="\r\n", delimiter=";")
    code, doc = as_json([p, "--group-by", "doi", "--rater", "RATER"], capsys)
    assert code == 0, doc
    assert [r["score"] for r in doc["rows"]] == [100.0, 92.5]
    assert doc["rows"][0]["id"] == {"DOI": "10.1/x", "rater": "A"}  # names cleaned, BOM gone
    assert all(r["findings"] == [] for r in doc["rows"])
    assert doc["agreement"]["rater_names"] == ["A", "B"]


@pytest.mark.parametrize("content,where,words", [
    (b"", "1:1", "empty"),
    (b"Paper,Score\nx,1\n", "1:1", "not a METRICS rater sheet"),
    (b"PK\x03\x04rest", "1:1", "export the sheet as CSV"),
    ("Paper,Item#1\n\u00e9".encode("latin-1"), "2:1", "not UTF-8"),
    (b"a,b\x00", "1:4", "binary"),
])
def test_unreadable_sheets_are_one_line_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                               where: str, words: str) -> None:
    p = tmp_path / "bad.csv"
    p.write_bytes(content)
    code, out, err = run(["score", str(p)], capsys)
    assert code == 2 and out == ""
    first = err.splitlines()[0]
    assert first.startswith(f"{p}:{where}: M100 ") and words in first, err
    assert "Traceback" not in err


def test_bad_cells_are_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = row("P1", "A")
    r[2 + 5 + 2] = "maybe\x1b[31m"  # Item#3
    r2 = row("P2", "A")
    p = write(tmp_path, [r, r2 + ["extra"], row("P3", "A") + [], row("P4", "A")])
    lines = (tmp_path / "s.csv").read_text().splitlines()
    code, out, err = run(["score", p], capsys)
    assert code == 2 and out == ""
    errs = err.splitlines()
    col = lines[1].index("maybe") + 1
    assert errs[0] == f"{p}:2:{col}: M100 Item#3 is 'maybe\\x1b[31m': answer yes, no or n/a"
    assert errs[1].startswith(f"{p}:3:{len(lines[2]) - len('extra') + 1}: M100 the row has 38 cells")
    assert len(errs) == 2


def test_bad_headers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [], HEAD + ["Item#3"], name="dup.csv")
    code, _, err = run(["score", p], capsys)
    assert code == 2 and f"dup.csv:1:{len(','.join(HEAD)) + 2}: M100 duplicate column 'Item#3'" in err
    p2 = write(tmp_path, [], HEAD[:-2], name="short.csv")
    code, _, err = run(["score", p2], capsys)
    assert code == 2 and "the header lacks Item#29, Item#30" in err
    p3 = write(tmp_path, [], HEAD + ["Item#31"], name="31.csv")
    code, _, err = run(["score", p3], capsys)
    assert code == 2 and "unknown column 'Item#31'" in err


def test_bad_stated_score_and_malformed_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [row("P", "A") + ["lots"]], HEAD + ["Total METRICS score:"])
    code, _, err = run(["score", p], capsys)
    assert code == 2 and "the stated score 'lots' is not a percentage" in err
    q = tmp_path / "quote.csv"
    q.write_text(",".join(HEAD) + '\n"P,unterminated\n', encoding="utf-8")
    code, _, err = run(["score", str(q)], capsys)
    assert code == 2 and err.startswith(f"{q}:") and "M100 malformed CSV" in err


def test_missing_file_and_unknown_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["score", str(tmp_path / "nope.csv")], capsys)
    assert code == 2 and err.startswith(f"{tmp_path / 'nope.csv'}:1:1: M100 no such file")
    p = write(tmp_path, [row("P", "A")])
    code, _, err = run(["score", p, "--group-by", "DOI"], capsys)
    assert code == 2 and "--group-by 'DOI': the sheet has no such column (identifier columns: 'Paper', 'Rater')" in err
    code, _, err = run(["score", p, "--format", "pdf"], capsys)
    assert code == 2
    code, _, err = run(["score", p, "--rater", "Rater"], capsys)
    assert code == 2 and "give --group-by" in err


def test_echoed_values_are_sanitised_and_cut() -> None:
    assert clean("a\x00b\u202ec") == "a\\x00b\\u202ec"
    long = clean("x" * 500)
    assert len(long) == 200 and long.endswith("\u2026")
    text = ",".join(HEAD) + "\n" + ",".join(row("P" * 300 + "\x07", "A")) + "\n"
    [r] = parse_sheet(text, "t.csv")
    assert r.ident[0][1].endswith("\u2026") and len(r.ident[0][1]) == 200 and "\x07" not in r.ident[0][1]


def test_errors_carry_every_problem_of_every_sheet(tmp_path: Path) -> None:
    bad = row("P", "A")
    bad[2] = "?"
    p1 = write(tmp_path, [bad, bad], name="a.csv")
    p2 = tmp_path / "b.csv"
    p2.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        score_sheets([p1, str(p2)])
    assert [(d.span.file, d.span.line) for d in exc.value.diagnostics] == [(p1, 2), (p1, 3), (str(p2), 1)]


# --- agreement ---------------------------------------------------------------------------------------------


def test_agreement_hand_computed_with_a_missing_rater(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [
        row("P1", "A", "yyyyy"), row("P1", "B", "yyyyy"),
        row("P2", "A", "yyyyy"), row("P2", "B", "yyyyn"),
        row("P3", "A", "yyyyn"), row("P3", "B", "yyyyn"),
        row("P4", "A", "yyyyn"), row("P4", "B", "yyyyn"),
        row("P5", "A", "yyyyy"),  # one rater only: left out
        row("", "A", "nnnnn"),  # no paper: left out
    ])
    code, doc = as_json([p, "--group-by", "Paper", "--rater", "Rater"], capsys)
    assert code == 0
    a = doc["agreement"]
    assert (a["papers"], a["subjects"], a["raters"], a["left_out"]) == (5, 4, 2, 1)
    c5 = a["conditions"]["5"]
    # Fleiss: P-bar = 3/4, p_yes = 3/8 -> Pe = 34/64, kappa = 7/15
    assert c5["fleiss_kappa"] == round(7 / 15, 4) and c5["subjects"] == 4
    # Cohen A|B: po = 3/4, pe = (2/4)(1/4) + (2/4)(3/4) = 1/2 -> 0.5
    [ab] = a["cohen_kappa"]
    assert ab["raters"] == ["A", "B"] and ab["subjects"] == 4 and ab["kappa"]["condition5"] == 0.5
    assert c5["percent_agreement"] == 75.0 and c5["percent_subjects"] == 4
    # item 17 follows condition 5, with n/a a category of its own
    assert a["items"]["17"]["fleiss_kappa"] == round(7 / 15, 4)
    one = a["conditions"]["1"]
    # everybody answered Condition #1 yes: both kappas undefined, and the pair says which answer made it so
    assert one["fleiss_kappa"] is None and ab["kappa"]["condition1"] is None
    assert "'yes'" in one["undefined"]["fleiss_kappa"] and ab["undefined"]["condition1"] == "yes"
    assert ab["kappa"]["item17"] == 0.5 and "item17" not in ab["undefined"] and ab["fewer_subjects"] == {}
    assert set(ab["undefined"]) == {q for q, k in ab["kappa"].items() if k is None}


def test_a_pair_says_on_which_questions_fewer_papers_count(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    """A blank condition leaves that paper out of the pair's kappa on it (fewer_subjects says how many papers
    count); a condition one rater never answers has no kappa, and undefined says so with null, not an answer."""
    p = write(tmp_path, [
        row("P1", "A", "yyyyy"), row("P1", "B", "yyyyy"),
        row("P2", "A", "yyyyn"), row("P2", "B", "yyyyn"),
        row("P3", "A", "yyyyn"), row("P3", "B", "yyyyy"),
        row("P4", "A", "yy yy"), row("P4", "B", "yyyyn"),  # A leaves Condition #3 blank on P4
    ])
    code, doc = as_json([p, "--group-by", "Paper", "--rater", "Rater"], capsys)
    [ab] = doc["agreement"]["cohen_kappa"]
    assert ab["subjects"] == 4 and ab["fewer_subjects"] == {"condition3": 3}
    # Condition #5 over all four papers: (y,y) (n,n) (n,y) (y,n): po 1/2, pe 1/2 -> 0
    assert ab["kappa"]["condition5"] == 0.0 and ab["undefined"]["condition3"] == "yes"
    p = write(tmp_path, [row("P1", "A", "yy yy"), row("P1", "B", "yyyyy"),
                         row("P2", "A", "yy yy"), row("P2", "B", "yyyyn")])
    code, doc = as_json([p, "--group-by", "Paper", "--rater", "Rater"], capsys)
    [ab] = doc["agreement"]["cohen_kappa"]
    assert ab["fewer_subjects"] == {"condition3": 0} and ab["kappa"]["condition3"] is None
    assert ab["undefined"]["condition3"] is None and "condition5" not in ab["undefined"]


def test_most_common_number_of_raters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = []
    for paper, c5 in (("Q1", "yyn"), ("Q2", "yyy"), ("Q3", "nnn")):
        rows += [row(paper, rater, "yyyy" + v) for rater, v in zip("ABC", c5)]
    rows += [row("Q4", "A", "yyyyy"), row("Q4", "B", "yyyyn")]  # rater C missing
    p = write(tmp_path, rows)
    code, doc = as_json([p, "--group-by", "Paper"], capsys)  # raters numbered 1, 2, 3 within each paper
    a = doc["agreement"]
    assert (a["subjects"], a["raters"], a["left_out"]) == (3, 3, 1) and a["rater"] is None
    c5 = a["conditions"]["5"]
    # Fleiss over Q1-Q3 (counts yes/no: 2/1, 3/0, 0/3): P_i = 1/3, 1, 1 -> P-bar = 7/9;
    # p_yes = 5/9 -> Pe = 25/81 + 16/81 = 41/81; kappa = (7/9 - 41/81) / (40/81) = 22/40 = 0.55
    assert c5["fleiss_kappa"] == 0.55 and c5["subjects"] == 3
    # Cohen 1|2 over Q1-Q4: (y,y) (y,y) (n,n) (y,n): po 3/4, pe = (3/4)(2/4) + (1/4)(2/4) = 1/2 -> 0.5
    kappas = {tuple(p["raters"]): p["kappa"]["condition5"] for p in a["cohen_kappa"]}
    assert kappas[("1", "2")] == 0.5
    assert set(kappas) == {("1", "2"), ("1", "3"), ("2", "3")}
    assert c5["percent_agreement"] == 50.0  # Q2, Q3 of Q1-Q4


def test_the_same_rater_twice_is_left_out_with_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [row("P1", "A"), row("P1", "B"), row("P1", "A", "yyyyn")])
    code, doc = as_json([p, "--group-by", "Paper", "--rater", "Rater"], capsys)
    assert code == 0 and codes(doc, 2) == ["M108"]
    assert doc["agreement"]["raters"] == 2 and doc["agreement"]["conditions"]["5"]["percent_agreement"] == 100.0


def test_agreement_without_multi_rated_papers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, [row("P1", "A"), row("P2", "A")])
    code, doc = as_json([p, "--group-by", "Paper"], capsys)
    a = doc["agreement"]
    assert code == 0 and (a["subjects"], a["raters"], a["left_out"]) == (0, 0, 2)
    assert a["conditions"]["1"]["fleiss_kappa"] is None and "two or more raters" in \
        a["conditions"]["1"]["undefined"]["fleiss_kappa"]


# --- formats and the command --------------------------------------------------------------------------------


def _hostile(tmp_path: Path) -> str:
    evil = '<script>alert(1)</script>|*x*'
    return write(tmp_path, [[evil, "=HYPERLINK(1)", *row("P", "A")[2:]], row(evil, "B", i14="n/a")])


def test_text_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["score", EXAMPLE, "--group-by", "paper"], capsys)
    assert code == 0
    assert f"{EXAMPLE}:2: 62.2 (good)" in out and "Fleiss' kappa over 3 paper(s) rated by 3 raters" in out
    assert "Condition #5" in out and "9 row(s) scored: 0 with errors" in out
    code, out, _ = run(["score", _hostile(tmp_path)], capsys)
    assert code == 1 and "M102 error: item 14 applies under the row's conditions but is answered n/a" in out


def test_markdown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["score", _hostile(tmp_path), "--format", "markdown", "--group-by", "Paper"], capsys)
    assert code == 1 and out.startswith("# METRICS scores")
    assert "<script>" not in out and "&lt;script&gt;" in out and "\\|" in out and "\\*x\\*" in out
    table = [ln for ln in out.splitlines() if ln.startswith("| ") and "s.csv" in ln]
    assert len(table) == 2 and all(ln.count(" | ") == 5 for ln in table)
    assert "## Agreement" in out


def test_csv_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["score", _hostile(tmp_path), "--format", "csv"], capsys)
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["Rater"] for r in rows] == ["'=HYPERLINK(1)", "B"]  # no formula reaches a spreadsheet
    assert rows[0]["score"] == "100.0" and rows[0]["category"] == "excellent" and rows[0]["findings"] == ""
    assert rows[1]["findings"] == "M102" and rows[1]["errors"] == "1"


def test_html_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out_file = tmp_path / "scores.html"
    code, out, _ = run(["score", _hostile(tmp_path), "--format", "html", "-o", str(out_file),
                        "--group-by", "Paper"], capsys)
    assert code == 1 and out == ""
    page = out_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http://" not in page and "https://" not in page and "src=" not in page  # self-contained
    assert "<h2>Agreement</h2>" in page and "0.0919" in page


def test_every_format_renders_the_example() -> None:
    result = score_sheets([EXAMPLE], "Paper", "Rater")
    for fmt in ("text", "json", "markdown", "csv", "html"):
        assert "62.2" in render(result, fmt), fmt
    with pytest.raises(ValueError):
        render(result, "pdf")


def test_command_end_to_end_through_python_dash_m(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    r = subprocess.run([sys.executable, "-m", "pipespec", "score", EXAMPLE, "--group-by", "Paper", "--rater",
                        "Rater", "--format", "json", "-o", str(out)], cwd=ROOT, capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 0 and r.stdout == "" and "Traceback" not in r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.validate(doc, SCHEMA)
    assert doc["agreement"]["raters"] == 3
    bad = subprocess.run([sys.executable, "-m", "pipespec", "score", "no-such.csv"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and bad.stderr == "no-such.csv:1:1: M100 no such file\n"


@pytest.mark.parametrize("score", ["\u0661\u0660\u0660", "\uff11\uff10\uff10", "\U0001d7d7\U0001d7d7.\U0001d7d7"])
def test_a_stated_score_in_other_digits_than_ascii_is_unreadable(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 score: str) -> None:
    # Arabic-Indic, full-width and mathematical bold digits are digits to Python, not to a spreadsheet
    p = write(tmp_path, [row("P", "A") + [score]], HEAD + ["Total METRICS score:"])
    code, _, err = run(["score", p], capsys)
    assert code == 2 and "the stated score" in err and "is not a percentage" in err
    q = write(tmp_path, [row("P", "A") + ["100"]], HEAD + ["Total METRICS score:"], name="ascii.csv")
    assert run(["score", q], capsys)[0] in (0, 1)  # the same score in ASCII digits is read
