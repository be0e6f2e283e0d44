"""The data flow of a draft: every stage the text states reaches an output, and each model takes what the text says
it was built from. Each cause of a stage left hanging, or of a model wired from the wrong source, has paragraphs
written for it here (none is a corpus text) and names the principle it protects."""

from __future__ import annotations

import pytest

from pipespec.analysis.engine import analyse
from pipespec.draft import draft


def _flow(text: str) -> tuple[dict[str, str], set[tuple[str, str]], list[str]]:
    """The draft's stages (name -> "kind head"), its edges, and the check's PS201 findings on it."""
    d = draft(text)
    stages = {s.name: f"{s.kind} {s.head}" for s in d.stages}
    edges = {(e.source, e.target) for e in d.edges}
    dangling = [f.message for f in analyse(d.pipeline).findings if f.code == "PS201"]
    return stages, edges, dangling


def _of_kind(stages: dict[str, str], kind: str, word: str = "") -> list[str]:
    return [n for n, h in stages.items() if h.startswith(kind + " ") and word in h]


# ------------------------------------------------------------------------------ a delineation nothing else takes
@pytest.mark.parametrize("text", [
    "Breast lesions on ultrasound were enclosed in a rectangular box by a radiologist. The images were resized to "
    "256 x 256 pixels. A ResNet-34 pretrained on ImageNet was fine-tuned to separate benign from malignant lesions.",
    "A radiologist outlined each renal mass on contrast-enhanced CT. The volumes were resampled to 1 mm voxels. A 3D "
    "DenseNet-121 was trained from scratch to predict the ISUP grade.",
    "On each FDG PET/CT, the nuclear medicine physician contoured the primary tumour. PET and CT were co-registered. "
    "A two-channel 3D CNN was trained from scratch to predict overall survival.",
])
def test_a_delineation_no_extraction_takes_is_the_region_the_network_is_given(text: str) -> None:
    # a region drawn by a reader and then no features taken from it: it is drawn for the network on the images (the
    # region it is given or cropped to), as a careful reader draws the flow; a draft leaving the delineation with
    # nowhere to go (the check's PS201) says the text drew a region for nothing
    stages, edges, dangling = _flow(text)
    seg = [n for n, h in stages.items() if "segmentation" in h or "bounding_box" in h or "roi_crop" in h]
    nets = _of_kind(stages, "model")
    assert seg and len(nets) == 1, stages
    assert (seg[0], nets[0]) in edges, edges
    assert not dangling, dangling


def test_a_delineation_features_are_extracted_from_does_not_also_feed_the_network_on_whole_images() -> None:
    # the region feeds the extraction; a network said to read the whole images keeps the whole images
    text = ("Tumours were segmented manually on MRI by a radiologist. PyRadiomics features were extracted from the "
            "masks, and a random forest predicted the grade. Separately, a ResNet-18 was trained from scratch on the "
            "whole MRI slices to predict the grade.")
    stages, edges, dangling = _flow(text)
    seg = [n for n, h in stages.items() if "segmentation" in h]
    rad = _of_kind(stages, "feature_extraction")
    assert seg and rad and (seg[0], rad[0]) in edges, (stages, edges)
    net = [n for n, h in stages.items() if "ResNet-18" in h]
    assert net and (seg[0], net[0]) not in edges, edges
    assert not dangling, dangling
