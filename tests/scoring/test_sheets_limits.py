"""``pipespec score`` on hostile sheets: cells a spreadsheet would run, folders holding FIFOs and device links, rater
names that spell each other's pairs, more raters than pairwise kappa is listed for, answers over the size limit,
and growth: reading and scoring stay linear in the sheet's columns, rows and repeated headers."""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipespec.cli import main
from pipespec.errors import InputError, spreadsheet_text, spreadsheet_unguard
from pipespec.render.sheets import MAX_ANSWER, AnswerTooLarge, render
from pipespec.scoring.sheets import MAX_PAIRWISE_RATERS, score_sheets, score_text

from .test_sheets import HEAD, SCHEMA, row, write

ANSWERS = [f"Condition#{n}" for n in range(1, 6)] + [f"Item#{n}" for n in range(1, 31)]
YES = ["Yes"] * 5 + ["Yes"] * 30


def cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- CSV formula injection ------------------------------------------------------------------------------

FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
FORMULAS = ["=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", " =1+1", "\t=1", "\uff1d1+1",
            "\uff0b1", "\uff0d1", "\uff20SUM(1)"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_cell_that_would_start_a_formula_is_guarded(text: str) -> None:
    guarded = spreadsheet_text(text)
    assert guarded == "'" + text
    assert spreadsheet_text("plain") == "plain" and spreadsheet_text("1-2") == "1-2" and spreadsheet_text("") == ""


@given(st.text(max_size=12) | st.text(alphabet="'= +x\t\uff1d\u3000", max_size=8))
def test_unguarding_a_guarded_cell_gives_the_value_back(text: str) -> None:
    guarded = spreadsheet_text(text)
    assert spreadsheet_unguard(guarded) == text
    assert guarded == text or guarded == "'" + text


def test_score_csv_guards_every_cell_headers_included(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """OWASP's rule (CSV Injection): no cell pipespec writes, header or value, starts a formula."""
    head = [*FORMULAS[:4], *ANSWERS]
    p = write(tmp_path, [[f"{f}v" for f in FORMULAS[4:8]] + YES], head=head)
    assert main(["score", p, "--format", "csv"]) == 0
    out = capsys.readouterr().out
    table = cells(out)
    for line in table:
        for cell in line:
            assert cell.lstrip(" \u3000")[:1] not in FORMULA_START, cell
    header = table[0]
    assert "'=HYPERLINK(\"http://x\")" in header and "'@SUM(1+1)" in header and "'-2+3" in header
    assert "'=1+1v" in table[1]  # the sheet's value, stripped of its space when read, is guarded after


def test_metrics_csv_guards_every_cell(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    spec = Path("\uff1dfile.pipe")
    spec.write_text('pipeline "\uff0bcmd" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n'
                    "  flow a -> m -> y\n}\n", encoding="utf-8")
    main(["check", str(spec), "--format", "metrics-csv"])
    table = cells(capsys.readouterr().out)
    assert len(table) == 2
    assert table[1][0] == "'\uff1dfile.pipe" and table[1][1] == "'\uff0bcmd"
    for line in table:
        for cell in line:
            assert spreadsheet_text(spreadsheet_unguard(cell)) == cell, cell  # every cell is guarded once
            assert cell.lstrip(" \u3000")[:1] not in FORMULA_START, cell


# --- folders --------------------------------------------------------------------------------------------

@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_score_walks_folders_as_check_does(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO named .csv would block the run; a .csv link to /dev/zero would read 64 MiB of NULs; a link out of
    the tree is left out as ``check`` leaves it out.  Only the regular sheet is read, and the skips are counted."""
    folder = tmp_path / "sheets"
    folder.mkdir()
    write(folder, [row("P1", "A")], name="good.csv")
    os.mkfifo(folder / "pipe.csv")
    os.symlink("/dev/zero", folder / "zero.csv")
    outside = tmp_path / "outside.csv"
    outside.write_text(",".join(HEAD) + "\n", encoding="utf-8")
    os.symlink(outside, folder / "out.csv")
    result: list[int] = []
    t = threading.Thread(target=lambda: result.append(main(["score", str(folder), "--format", "json"])),
                         daemon=True)
    t.start()
    t.join(60)
    if t.is_alive():  # unblock the reader so the test process can end, then fail
        with open(folder / "pipe.csv", "w"):
            pass
        pytest.fail("score hung on a FIFO")
    out, err = capsys.readouterr()
    assert result == [0], err
    doc = json.loads(out)
    assert [r["source"] for r in doc["rows"]] == [str(folder / "good.csv")]
    assert "skipped 3 (not errors): link out of the checked tree 2, not a regular file 1" in err


def test_a_folder_without_sheets_is_a_located_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["score", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert "M100" in err and "no .csv sheets" in err and "Traceback" not in err


# --- raters ---------------------------------------------------------------------------------------------

def test_rater_names_that_spell_each_others_pair_keep_both_kappas(tmp_path: Path) -> None:
    """Raters ``x|y``, ``z``, ``x``, ``y|z``: the pairs (x|y, z) and (x, y|z) were one key ``x|y|z`` and one
    kappa was lost; now each pair is a list of two names."""
    rows = []
    for paper in ("P1", "P2", "P3"):
        rows += [row(paper, who, "yyyy" + c) for who, c in zip(["x|y", "z", "x", "y|z"], "ynyn")]
    doc = score_sheets([write(tmp_path, rows)], "Paper", "Rater").to_dict()
    pairs = [p["raters"] for p in doc["agreement"]["cohen_kappa"]]
    assert len(pairs) == 6 and ["x|y", "z"] in pairs and ["x", "y|z"] in pairs
    assert doc["format_version"] == 2


def test_rater_names_that_spell_each_others_pair_stay_apart_in_every_format(tmp_path: Path) -> None:
    """Few pairs are columns labelled ``A|B``, a ``|`` or ``\\`` in a name escaped; many pairs are rows of a
    table of their own, one cell per name."""
    rows = []
    for paper in ("P1", "P2", "P3"):
        rows += [row(paper, who, "yyyy" + c) for who, c in zip(["x|y", "z", "x", "y|z"], "ynyn")]
    result = score_sheets([write(tmp_path, rows)], "Paper", "Rater")
    text = render(result, "text")
    assert "x\\|y|z" in text and "x|y\\|z" in text
    md = render(result, "markdown")
    assert "Cohen x\\\\\\|y\\|z |" in md and "Cohen x\\|y\\\\\\|z |" in md  # GFM: x\|y|z and x|y\|z
    page = render(result, "html")
    assert "Cohen x\\|y|z" in page and "Cohen x|y\\|z" in page


def test_many_pairs_are_rows_of_their_own_table(tmp_path: Path) -> None:
    result = score_text(_many_raters(5, papers=3), group_by="Paper", rater="Rater")  # 10 pairs
    a = result.agreement
    assert a is not None and len(a.cohen) == 10
    kappa = {tuple(p["raters"]): p["kappa"] for p in a.to_dict()["cohen_kappa"]}
    text = render(result, "text").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("Cohen's kappa per rater pair"))
    assert text[at + 1].split()[:5] == ["rater", "rater", "papers", "C1", "C2"] and text[at + 1].split()[-1] == "I30"
    r0r4 = next(line.split() for line in text[at + 2:] if line.split()[:2] == ["R0", "R4"])
    assert len(r0r4) == 38 and r0r4[2] == "3"
    assert r0r4[3 + 4] == f"{kappa[('R0', 'R4')]['condition5']:.3f}" and r0r4[3 + 5] == "n/a"  # item1 all yes
    assert "R0|R1" not in "\n".join(text)  # the table of questions has no pair columns then
    page = render(result, "html")
    assert "<tr><td>R0</td><td>R4</td><td>3</td>" in page and "Cohen R0|R1" not in page
    md = render(result, "markdown")
    assert "| R0 | R4 | 3 |" in md and "| rater | rater | papers | C1 |" in md


def _many_raters(n: int, papers: int = 2, distinct: bool = False) -> str:
    """``n`` raters of each of ``papers`` papers: the same raters throughout, or (``distinct``) other raters for
    each paper, whose pairs then add up."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEAD)
    for p in range(papers):
        for r in range(n):
            w.writerow(row(f"P{p}", f"R{r}" + (f"/P{p}" if distinct else ""), "yyyy" + "yn"[(r * 7 + p) % 3 == 0]))
    return buf.getvalue()


def test_pairwise_kappa_is_listed_for_at_most_100_raters_of_a_paper() -> None:
    text = _many_raters(MAX_PAIRWISE_RATERS)
    a = score_text(text, group_by="Paper", rater="Rater").agreement
    assert a is not None and a.pairwise_note is None
    assert len(a.pairs()) == MAX_PAIRWISE_RATERS * (MAX_PAIRWISE_RATERS - 1) // 2  # 4,950
    many = score_text(_many_raters(MAX_PAIRWISE_RATERS + 1), group_by="Paper", rater="Rater")
    b = many.agreement
    assert b is not None and b.pairs() == [] and b.raters == MAX_PAIRWISE_RATERS + 1
    assert b.pairwise_note is not None and "101 raters" in b.pairwise_note and "Fleiss' kappa only" in b.pairwise_note
    assert dict(b.conditions)[5].fleiss_kappa is not None  # Fleiss' kappa is still there
    text_out = render(many, "text")
    assert "Fleiss' kappa only" in text_out and "R0|R1" not in text_out


def test_no_pairwise_leaves_cohen_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "s.csv"
    p.write_text(_many_raters(3), encoding="utf-8")
    assert main(["score", str(p), "--group-by", "Paper", "--rater", "Rater", "--no-pairwise", "--format",
                 "json"]) == 0
    a = json.loads(capsys.readouterr().out)["agreement"]
    assert a["pairwise_note"] and a["cohen_kappa"] == []


# --- the size of an answer ------------------------------------------------------------------------------

def _wide(columns: int, rows: int, fill: bool = True) -> str:
    """A sheet with ``columns`` identifier columns (all named the same) before the answers."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id"] * columns + ANSWERS)
    for r in range(rows):
        w.writerow([f"v{r}" if fill else ""] * columns + YES)
    return buf.getvalue()


def _short_rows(columns: int, rows: int) -> str:
    """The answers first, then ``columns`` identifier columns that the rows leave out: a small sheet whose CSV
    answer has columns x rows cells."""
    return ",".join(ANSWERS + ["id"] * columns) + "\n" + (",".join(YES) + "\n") * rows


def test_no_answer_is_over_10_mib_and_the_error_names_the_option(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "wide.csv"
    p.write_text(_short_rows(6000, 2000), encoding="utf-8")  # 0.3 MB in; its CSV answer has 12 million cells
    assert main(["score", str(p), "--format", "csv"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "10 MiB" in err and "--id COLUMN" in err
    # narrowed, it is answered; JSON holds the non-blank cells only, so it is small anyway
    assert main(["score", str(p), "--format", "csv", "--id", "id (7)"]) == 0
    table = cells(capsys.readouterr().out)
    assert table[0][:3] == ["source", "row", "id (7)"] and len(table) == 2001
    assert main(["score", str(p), "--format", "json"]) == 0
    assert len(capsys.readouterr().out) < MAX_ANSWER


def test_the_api_names_the_json_field_that_narrows() -> None:
    from pipespec.cli.web import jobs
    from pipespec.render.sheets import API_NARROW

    with pytest.raises(AnswerTooLarge) as exc:
        render(score_text(_short_rows(6000, 2000)), "csv")
    assert "the field 'ids'" in exc.value.message(API_NARROW)
    # three papers of 100 raters each, other raters for each paper: 14,850 pairs, over 10 MiB in JSON
    many = _many_raters(100, papers=3, distinct=True)
    status, _, body = jobs.score({"text": many, "group_by": "Paper", "rater": "Rater"})
    err = json.loads(body)["error"]
    assert status == 422 and err["code"] == "too-large" and "the field 'pairwise': false" in err["message"]
    assert "\n" not in err["message"] and "10 MiB" in err["message"]
    status, _, body = jobs.score({"text": many, "group_by": "Paper", "rater": "Rater", "pairwise": False})
    assert status == 200 and json.loads(body)["agreement"]["cohen_kappa"] == []


def test_the_command_names_no_pairwise_when_the_pairs_are_too_many(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "s.csv"
    p.write_text(_many_raters(100, papers=3, distinct=True), encoding="utf-8")
    assert main(["score", str(p), "--group-by", "Paper", "--rater", "Rater", "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "10 MiB" in err and "Cohen's kappa" in err
    assert "--no-pairwise" in err and "Traceback" not in err


def test_100_raters_of_three_papers_are_answered_well_under_10_mib(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The most raters pairwise kappa is listed for, on several papers: 4,950 pairs of 35 kappas, each pair one
    line of the JSON answer, in every format well under the limit (an answer per question and pair made 10 MiB
    from 55 raters).  Mostly undefined kappas (every rater answers most items yes) are the largest case: each
    names its answer."""
    from pipespec.cli.web import jobs

    p = tmp_path / "s.csv"
    p.write_text(_many_raters(MAX_PAIRWISE_RATERS, papers=3), encoding="utf-8")
    assert main(["score", str(p), "--group-by", "Paper", "--rater", "Rater", "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert len(out.encode("utf-8")) < 0.6 * MAX_ANSWER
    doc = json.loads(out)
    pairs = doc["agreement"]["cohen_kappa"]
    jsonschema.validate({**doc, "agreement": {**doc["agreement"], "cohen_kappa": pairs[::99]}}, SCHEMA)  # fast
    assert len(pairs) == 4950 and len({tuple(x["raters"]) for x in pairs}) == 4950
    assert sum(line.lstrip().startswith('{"raters":') for line in out.splitlines()) == 4950  # one line each
    first = pairs[0]
    assert first["raters"] == ["R0", "R1"] and first["subjects"] == 3 and first["fewer_subjects"] == {}
    assert first["kappa"]["item1"] is None and first["undefined"]["item1"] == "yes"
    result = score_text(p.read_text(encoding="utf-8"), group_by="Paper", rater="Rater")
    for fmt in ("text", "markdown", "csv", "html"):
        assert len(render(result, fmt).encode("utf-8")) < 0.6 * MAX_ANSWER, fmt
    status, _, body = jobs.score({"text": p.read_text(encoding="utf-8"), "group_by": "Paper", "rater": "Rater"})
    assert status == 200 and len(body) < 0.6 * MAX_ANSWER
    assert json.loads(body)["agreement"]["cohen_kappa"] == pairs


def test_the_api_names_its_json_fields_not_the_command_flags() -> None:
    from pipespec.cli.web import jobs

    status, _, body = jobs.score({"text": _many_raters(2), "group_by": "Papr"})
    message = json.loads(body)["error"]["message"]
    assert status == 422 and "the field 'group_by'" in message and "--group-by" not in message
    with pytest.raises(InputError) as exc:
        score_text(_many_raters(2), rater="Ratr", group_by="Paper")
    assert "the field 'rater'" in exc.value.diagnostics[0].message


def test_the_command_names_its_flags(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "s.csv"
    p.write_text(_many_raters(2), encoding="utf-8")
    assert main(["score", str(p), "--group-by", "Papr"]) == 2
    assert "--group-by 'Papr'" in capsys.readouterr().err


# --- growth ---------------------------------------------------------------------------------------------

def _growth(make: Callable[[int], str], n: int, *formats: str, rounds: int = 3) -> float:
    """The time ratio of scoring (and rendering) a sheet of size 4n against one of size n: linear work gives
    about 4, quadratic 16.  Two doublings, so that the noise of a shared machine is small beside the difference;
    the best of ``rounds`` interleaved runs of each, so that a busy moment hits both sizes alike."""
    def run(text: str) -> float:
        t0 = time.perf_counter()
        result = score_text(text, group_by="g", rater="r") if text.startswith("g,r") else score_text(text)
        for fmt in formats:
            try:
                render(result, fmt)
            except AnswerTooLarge:
                pass
        return time.perf_counter() - t0

    small, big = make(n), make(4 * n)
    run(small)  # warm the caches
    best_small = best_big = float("inf")
    for _ in range(rounds):
        best_small = min(best_small, run(small))
        best_big = min(best_big, run(big))
    return best_big / best_small


LIMIT = 8.0  # n to 4n: linear about 4, quadratic 16 (a wide margin for a loaded machine)


def test_identifier_columns_over_short_rows_grow_linearly() -> None:
    """Many identifier columns over rows of one cell each (71 KB took 54 s and 4.5 GB)."""
    def make(n: int) -> str:
        head = ",".join(["x"] * n + ANSWERS)
        return head + "\n" + "a\n" * (n // 4)  # columns x rows would quadruple per doubling
    assert _growth(make, 1500, "json", "text") < LIMIT


def test_rows_grow_linearly() -> None:
    def make(n: int) -> str:
        return _wide(3, n)
    assert _growth(make, 300, "json", "csv", "text") < LIMIT


def test_repeated_header_names_grow_linearly() -> None:
    def make(n: int) -> str:
        return ",".join(["same"] * n + ANSWERS) + "\n" + ",".join([""] * n + YES) + "\n"
    assert _growth(make, 3000, "json", "csv") < LIMIT


def test_raters_of_one_paper_grow_with_their_pairs_not_faster() -> None:
    """Pairs grow as raters squared; the work per pair must stay constant (it was N^4 in text output).  Papers
    doubled at a fixed number of raters is linear."""
    def make(papers: int) -> str:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(["g", "r", *ANSWERS])
        for p in range(papers):
            for r in range(8):
                w.writerow([f"P{p}", f"R{r}", *(["Yes", "No"][(p + r + k) % 2] for k in range(35))])
        return buf.getvalue()
    assert _growth(make, 20, "json", "text") < LIMIT


def test_raters_of_one_paper_cost_in_proportion_to_their_pairs() -> None:
    """50 then 100 raters of one paper (1,225 then 4,950 pairs, about four times as many): scoring and rendering
    cost about four times as much, the work per pair staying constant up to the most raters pairs are listed for
    (16 would be the square of the pairs)."""
    def make(n: int) -> str:  # sqrt(n) raters: pairs grow as n
        raters = round(n ** 0.5)
        rows = [",".join(["g", "r", *ANSWERS])]
        for r in range(raters):
            rows.append(",".join(["P1", f"R{r}", *(["Yes", "No"][(r * k) % 3 == 0] for k in range(35))]))
        return "\n".join(rows) + "\n"
    assert _growth(make, 2500, "json", "text", rounds=2) < LIMIT


def test_sheet_reading_memory_is_linear() -> None:
    """The wide sheet of one-cell rows is held in memory proportional to its text, not columns x rows: four times
    both is about four times the peak (it was their product)."""
    import tracemalloc

    def peak(n: int) -> int:
        text = ",".join(["x"] * n + ANSWERS) + "\n" + "a\n" * n
        tracemalloc.start()
        try:
            score_text(text)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    assert peak(2000) / peak(500) < LIMIT


if sys.platform == "win32":  # pragma: no cover
    pytestmark = pytest.mark.skip("POSIX FIFOs and /dev/zero")


def test_an_unreadable_sheet_never_stops_the_others(tmp_path: Path) -> None:
    # one bad file in a batch: its one-line error on stderr, the other sheets scored as usual, exit 2
    import shutil

    from tests.cli.test_cli import run

    folder = tmp_path / "sheets"
    folder.mkdir()
    good = Path(__file__).resolve().parents[2] / "examples" / "sheets" / "three-papers-three-raters.csv"
    shutil.copy(good, folder / "a-good.csv")
    (folder / "b-bad.csv").write_bytes(b"Condition#1,Item#1\n\xff\xfe\x00broken\n")
    out = run("score", str(folder))
    assert out.returncode == 2
    assert "b-bad.csv" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert "9 row(s) scored" in out.stdout
