"""``pipespec check --format metrics-csv``: one METRICS answer-sheet row per file, which ``pipespec score`` reads
back to the same scores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pipespec.cli import main
from pipespec.render.metrics_csv import COLUMNS
from tests.support.helpers import pipe

ROOT = Path(__file__).resolve().parents[2]
RADIOMICS = """\
input ct: CT image3d
preprocessing seg: segmentation({mode})
feature_extraction rad: handcrafted PyRadiomics
model svm: SVM
output y: classification
flow ct -> seg -> rad -> svm -> y
"""


def _files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "example": ROOT / "examples" / "assessed-radiomics.pipe",
        "partial": tmp_path / "partial.pipe",
        "gated": tmp_path / "gated.pipe",
        "review": tmp_path / "review.pipe",
        "declared": tmp_path / "declared.pipe",
        "plain": tmp_path / "plain.pipe",
        "broken": tmp_path / "broken.pipe",
        "formula": tmp_path / "formula.pipe",
    }
    files["partial"].write_text(pipe(RADIOMICS.format(mode="mode: manual") + "assess item1 = yes\nassess item3 = yes"))
    files["gated"].write_text(pipe(RADIOMICS.format(mode="mode: manual") + "assess item17 = yes\nassess item2 = yes"))
    files["review"].write_text(pipe(RADIOMICS.format(mode="") + "assess item9 = yes\nassess item4 = yes"))
    files["declared"].write_text(pipe(RADIOMICS.format(mode="") + "declare condition2 = yes\nassess item9 = yes"))
    files["plain"].write_text(pipe(RADIOMICS.format(mode="mode: manual")))
    files["broken"].write_text("pipeline {\n")
    files["formula"].write_text(pipe(RADIOMICS.format(mode="mode: manual") + "assess item1 = yes", title="=HYPERLINK(1)"))
    return files


def _export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[list[dict[str, str]], Path]:
    files = _files(tmp_path)
    out = tmp_path / "sheet.csv"
    code = main(["check", "--no-config", "--format", "metrics-csv", "-o", str(out), *map(str, files.values())])
    assert code == 2  # the broken file is an input error
    capsys.readouterr()
    return list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8")))), out


def test_one_row_per_file_in_the_metrics_tool_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows, out = _export(tmp_path, capsys)
    assert out.read_text().splitlines()[0].split(",")[:8] == ["File", "Title", "Condition#1", "Condition#2",
                                                              "Condition#3", "Condition#4", "Condition#5", "Item#1"]
    assert tuple(next(csv.reader(io.StringIO(out.read_text())))) == COLUMNS
    assert len(rows) == 8
    by = {Path(r["File"]).stem: r for r in rows}
    ex = by["assessed-radiomics"]
    assert [ex[f"Condition#{n}"] for n in range(1, 6)] == ["yes", "no", "yes", "yes", "no"]
    assert ex["Item#14"] == "yes" and ex["Item#9"] == "n/a" and ex["Total METRICS score:"] == "87.1"
    assert by["review"]["Condition#2"] == "" and by["review"]["Total METRICS score:"] == ""
    assert by["declared"]["Condition#2"] == "yes", "the declared answer where the verdict is review"
    assert by["partial"]["Item#2"] == "" and by["partial"]["Item#1"] == "yes"
    assert all(by["plain"][f"Item#{n}"] == "" for n in range(1, 31)) and by["plain"]["Condition#1"] == "yes"
    broken = by["broken"]
    assert broken["File"].endswith("broken.pipe") and broken["Status"] == "input error"
    assert all(v == "" for k, v in broken.items() if k not in ("File", "Status"))
    assert by["plain"]["Status"] == "not assessed" and by["plain"]["Total METRICS score:"] == ""
    assert ex["Status"] == "assessed" and by["review"]["Status"] == "assessed"
    assert by["formula"]["Title"] == "'=HYPERLINK(1)"


def test_score_reads_the_export_back_to_the_same_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _files(tmp_path)
    paths = [str(p) for p in files.values() if p.name != "broken.pipe"]
    assert main(["check", "--no-config", "--format", "json", *paths]) in (0, 1)
    checked = {Path(f["path"]).name: f for f in json.loads(capsys.readouterr().out)["files"]}
    _, out = _export(tmp_path, capsys)
    main(["score", "--format", "json", str(out)])
    scored = {Path(r["id"]["File"]).name: r for r in json.loads(capsys.readouterr().out)["rows"]}
    compared = 0
    for name, f in checked.items():
        if not f["assessed"]:
            assert f["score"] is None
            assert scored[name]["unscored"] == "not assessed" and scored[name]["score"] is None, name
            assert scored[name]["findings"] == [], "listed, not scored: no unanswered-item warnings"
            continue
        row = scored[name]
        if f["score"] is None:
            assert row["score"] is None or row.get("score_range") or f["score_range"], name
        else:
            assert row["score"] == f["score"], name
            assert row["category"] == f["category"], name
            compared += 1
        # the stated score the export writes agrees with the answers: no M103/M104 on any row
        assert not {x["code"] for x in row["findings"]} & {"M103", "M104"}, (name, row["findings"])
    assert compared >= 4
    # the gating error pipespec reports is the one the sheet reports
    assert "M201" in {f["code"] for f in checked["gated.pipe"]["findings"]}
    assert "M101" in {x["code"] for x in scored["gated.pipe"]["findings"]}


def test_score_lists_unassessed_and_unreadable_rows_without_scoring_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _export(tmp_path, capsys)
    assert main(["score", str(out)]) in (0, 1)
    text = capsys.readouterr().out
    assert "not scored (not assessed)" in text and "not scored (input error)" in text
    assert "0.0 (very low)" not in text
    assert "2 listed without a score" in text
