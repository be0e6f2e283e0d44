"""Whatever Methods text it reads, a draft loads, checks without an input error and quotes the document for every
stage and edge. Texts are made by mixing paragraphs of the development splits (never the held-out one) in any
order and number, which puts stages, readers, networks and outputs side by side in ways no single text does."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pipespec
from pipespec.draft import NothingToDraft
from tests.draft.reading import shown

CORPUS = Path(__file__).parent / "corpus"
PARAGRAPHS = [p.strip() for f in sorted(CORPUS.glob("dev*/*.md"))  # the development splits, never the held-out one
              for p in re.split(r"\n\s*\n", f.read_text(encoding="utf-8")) if len(p.split()) >= 8]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PARAGRAPHS), min_size=1, max_size=6))
def test_a_draft_of_any_mixture_of_methods_paragraphs_loads_and_quotes_the_document(paragraphs: list[str]) -> None:
    text = "Methods\n\n" + "\n\n".join(paragraphs)
    try:
        d = pipespec.draft(text)
    except NothingToDraft:
        return  # declining is an answer; any other error is a draft that does not load
    report = pipespec.check(d.pipeline)
    assert not report.errors, [p.message for p in report.errors]
    # (a draft the language refused is written again without its attribute blocks: it loads, but lost what it read)
    assert not [n.message for n in d.notes if "refused" in n.message], d.spec
    for stage in d.stages:
        assert stage.evidence and all(shown(text[ev.start:ev.end]) == ev.quote for ev in stage.evidence)
    for edge in d.edges:
        assert edge.evidence and all(shown(text[ev.start:ev.end]) == ev.quote for ev in edge.evidence)


def test_predictions_averaged_after_a_segmentation_and_a_classification_head_are_averaged_apart() -> None:
    """Fold models averaged at test time, in a network with a segmentation and a classification head: masks and
    class probabilities are not one table, so each is averaged by a post-processing stage of its own."""
    text = ("Methods\n\nCT volumes were segmented by an nnU-Net trained on masks that two radiologists drew manually. "
            "A 3D ResNet-18 trained on the same volumes classified each lesion as benign or malignant. "
            "The five fold models were ensembled at test time by averaging their softmax outputs.")
    check_averaged_apart(text)
    check_averaged_apart(
        "Methods\n\nTwo tasks were addressed on the same chest radiographs. For detection, a YOLOv8 detector was "
        "trained on boxes that two radiologists drew manually around each nodule. For diagnosis, a ResNet-18 was "
        "trained on the whole radiographs to classify each as normal or abnormal. For each task, the five fold models "
        "were ensembled at test time by averaging their outputs.")

    check_averaged_apart(  # an nnU-Net delineates though no task is stated
        "Methods\n\nAn nnU-Net was trained from scratch on the MRI scans. An Xception pretrained on ImageNet was "
        "fine-tuned to classify each scan as normal or abnormal. The five fold models of each network were ensembled "
        "by averaging their outputs.")


def test_a_multi_task_network_that_segments_is_averaged_with_the_masks() -> None:
    """A network with a segmentation head passes masks on, whichever head an output takes (as the type check reads
    a multi-task network that delineates): its folds are averaged apart from a classifier's values."""
    check_averaged_apart(
        "Methods\n\nTumours on CT were segmented automatically with nnU-Net. A Swin Transformer with a segmentation "
        "head and a classification head was fine-tuned to segment the tumour and to classify it as benign or "
        "malignant. PyRadiomics features extracted from the masks fed an MLP that classified the tumours. The five "
        "fold models of each network were ensembled at test time by averaging their softmax outputs.")


def check_averaged_apart(text: str) -> None:
    d = pipespec.draft(text)
    assert not [n.message for n in d.notes if "refused" in n.message], d.spec
    posts = [s.name for s in d.stages if s.kind == "preprocessing" and "averaging" in s.head]
    assert len(posts) == 2, d.spec
    fed = {p: {e.source for e in d.edges if e.target == p} for p in posts}
    assert all(fed.values()) and not set.intersection(*fed.values())
    assert not pipespec.check(d.pipeline).errors


def test_voxel_wise_feature_maps_are_not_selected_or_reduced_as_a_table() -> None:
    """Feature maps are images: a selection or a reduction of features, which works on tables, takes the other
    tables (or none) and the maps go to the model beside it; the draft keeps every attribute it read."""
    for text in (
            "Methods\n\nA radiologist manually outlined the lesions on MRI. PyRadiomics computed voxel-based feature "
            "maps of GLCM features inside each lesion. Features with a Pearson correlation above 0.9 were removed, and "
            "a random forest was trained to predict response.",
            "Methods\n\nA radiologist manually outlined the lesions on MRI. PyRadiomics computed voxel-wise feature "
            "maps of GLCM features inside each lesion. Clinical variables were recorded. The maps and the clinical "
            "variables were reduced by PCA before a random forest predicted response."):
        d = pipespec.draft(text)
        assert not [n.message for n in d.notes if "refused" in n.message], d.spec
        assert "produces: maps" in d.spec and "feature_classes" in d.spec, d.spec
        assert not pipespec.check(d.pipeline).errors
