"""How verdicts and stages are shown: the evidence path of a table-fed No follows the reason (image input, the
extraction that made the table, the model), and lists read as the author writes them, never as Python tuples."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipespec.analysis.drawing import describe
from pipespec.analysis.engine import analyse
from pipespec.cli import main
from pipespec.language import load_path, load_text
from pipespec.language.lexicon import op_text, value_text
from pipespec.model import Op
from tests.support.helpers import pipe

ROOT = Path(__file__).resolve().parents[3]

FUSED_WITH_CLINICAL = """\
input ct: CT image3d
input clin: tabular clinical
preprocessing roi: segmentation(mode: manual)
feature_extraction dl: deep ResNet-50 { layer: avgpool }
feature_extraction rad: handcrafted PyRadiomics
preprocessing sel: fuse, select(method: LASSO)
model nomogram: logistic regression
output y: classification
flow ct -> roi -> dl, rad -> sel -> nomogram -> y
flow clin -> nomogram
"""


def _path5(body: str) -> tuple[str, ...]:
    v = analyse(load_text(pipe(body), "t.pipe")).conditions[5]
    assert v.verdict == "no"
    return v.evidence[0].paths[0]


def test_fused_no_path_runs_from_the_image_through_the_extraction_not_the_clinical_side_input() -> None:
    """METRICS-E3 advice on fused models: the No is decided by the extraction, so the path shows it (the clinical
    side input of a nomogram is one hop shorter, and was shown before)."""
    path = _path5(FUSED_WITH_CLINICAL)
    assert path[0] == "ct" and path[-1] == "y" and "clin" not in path
    assert "nomogram" in path and ({"dl", "rad"} & set(path))


def test_deep_features_no_path_goes_through_the_deep_extraction() -> None:
    """METRICS-E3 Example 6 (deep features, logistic regression) beside a hand-crafted branch into another
    model: the path of a deep-features No runs through the deep extraction the reason names."""
    body = """\
    input cxr: XR image2d
    input age: tabular clinical
    feature_extraction emb: deep ResNet-50
    model lr: logistic regression
    output y: classification
    flow cxr -> emb -> lr -> y
    flow age -> lr
    """
    assert _path5(body) == ("cxr", "emb", "lr", "y")


def test_shipped_nomogram_example_path_names_the_extraction() -> None:
    report = analyse(load_path(str(ROOT / "examples" / "dl-radiomics-nomogram.pipe")))
    path = report.conditions[5].evidence[0].paths[0]
    assert path[0] == "ct" and "clin" not in path and path[-2:] == ("nomogram", "y")


def test_a_table_from_elsewhere_is_the_start_of_its_path() -> None:
    """A table of radiomics computed elsewhere (no image input): the path starts at that table."""
    body = """\
    input feats: tabular radiomics
    input clin: tabular clinical
    model m: SVM
    output y: classification
    flow clin -> m
    flow feats -> m -> y
    """
    assert _path5(body) == ("feats", "m", "y")


def test_values_are_shown_as_the_author_writes_them() -> None:
    assert value_text((0.5, 0.5, 3)) == "[0.5, 0.5, 3]"
    assert value_text(("inter_reader", "random forest", True)) == '[inter_reader, "random forest", yes]'
    assert op_text(Op("resample", params=(("spacing", (0.5, 0.5, 3)),))) == "resample(spacing: [0.5, 0.5, 3])"
    assert op_text(Op("N4 bias field", custom=True)) == '"N4 bias field"'


def test_lists_in_drawings_messages_and_the_page_are_never_python_tuples(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    text = pipe("""\
    input ct: CT image3d
    preprocessing prep: resample(spacing: [0.5, 0.5, 3]), segmentation(mode: manual, reproducibility: [inter_reader])
    feature_extraction rad: handcrafted PyRadiomics
    model m { algorithm: [SVM, "random forest"] }
    output y: classification
    flow ct -> prep -> rad -> m -> y
    declare condition5 = yes
    """)
    p = load_text(text, "t.pipe")
    assert describe(p.stages[1]) == ("resample(spacing: [0.5, 0.5, 3]), "
                                     "segmentation(mode: manual, reproducibility: [inter_reader])")
    assert describe(p.stages[3]) == '[SVM, "random forest"]'
    src = tmp_path / "t.pipe"
    src.write_text(text, encoding="utf-8")
    shown: dict[str, str] = {}
    for fmt in ("mermaid", "dot"):
        main(["graph", str(src), "--format", fmt])
        shown[fmt] = capsys.readouterr().out
    for fmt in ("text", "json", "markdown"):
        main(["check", str(src), "--format", fmt])
        shown[fmt] = capsys.readouterr().out
    page = tmp_path / "page.html"
    main(["report", str(src), "--html", str(page)])
    capsys.readouterr()
    shown["html"] = page.read_text(encoding="utf-8")
    for fmt, out in shown.items():
        assert "(0.5, 0.5, 3)" not in out and "('inter_reader'" not in out, fmt
    assert "[0.5, 0.5, 3]" in shown["html"] and "[0.5, 0.5, 3]" in shown["dot"]
