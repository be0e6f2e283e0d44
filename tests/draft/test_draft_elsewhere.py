"""A sentence about methods the study did not run changes no verdict: what other studies reported, what future work
could do, the field's background and the reasons for a choice. Each is put into the development texts (never the
held-out split) at the start of their Methods and at their end, and every text must draft the verdicts it drafts
without it; a sentence that turns back to the study's own method ("..., which we fine-tuned here") still states it."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipespec
from pipespec.draft import NothingToDraft
from tests.draft.reading import heads, verdicts

CORPUS = Path(__file__).parent / "corpus"
TEXTS = sorted(p for split in ("dev5", "dev7", "dev8") for p in sorted((CORPUS / split).glob("*.md"))[::3])

ELSEWHERE = [
    # what others reported
    "Another group has reported that nnU-Net segments this organ automatically with high accuracy.",
    "A previous multicentre study showed that a ResNet-50 fine-tuned end to end outperformed radiologists.",
    "It has been shown that deep features from a pretrained VGG16 classified by an SVM predict the outcome.",
    "Earlier reports found that radiomic features extracted with PyRadiomics were not reproducible.",
    "One study concluded that TotalSegmentator masks needed no manual correction.",
    # what future work could do
    "Future studies could train a U-Net to automate the segmentation.",
    "In the future, a vision transformer trained end to end may replace the radiomics model.",
    "Future work will fine-tune a foundation model on these images.",
    # the field, and reasons (already read as not the study's; kept here as part of the property)
    "Previous studies have used convolutional neural networks such as ResNet-50 for this task.",
    "Deep learning approaches were not considered because of the small sample size.",
    "Manual segmentation is time-consuming and subject to inter-observer variability.",
]


def _read(text: str) -> tuple[str, ...] | str:
    try:
        return tuple(v for _, v in sorted(verdicts(text).items()))
    except NothingToDraft:
        return "declined"


def _inserted(text: str, sentence: str, early: bool) -> str:
    paragraphs = text.split("\n\n")
    if early:
        paragraphs.insert(min(2, len(paragraphs)), sentence)
    else:
        paragraphs.append(sentence)
    return "\n\n".join(paragraphs)


@pytest.mark.parametrize("sentence", ELSEWHERE)
def test_a_sentence_about_methods_the_study_did_not_run_changes_no_verdict(sentence: str) -> None:
    # before these were read as not the study's, "Another group has reported that nnU-Net ..." changed the verdicts
    # of 34 of 55 development texts and "Future studies could train a U-Net ..." of 11
    changed = []
    for path in TEXTS:
        text = path.read_text(encoding="utf-8")
        before = _read(text)
        if before == "declined":
            continue
        for early in (True, False):
            if _read(_inserted(text, sentence, early)) != before:
                changed.append((path.name, "early" if early else "end"))
    assert not changed, changed


@pytest.mark.parametrize(("text", "expected"), [
    # the sentence turns back to the study: its network is the study's (Condition #5 Yes)
    ("Methods\n\nChest radiographs of 900 patients were used. A previous study described a DenseNet-121, which we "
     "fine-tuned here on our radiographs to classify pneumothorax.", "yes"),
    ("Methods\n\nChest radiographs of 900 patients were used. Another group reported that a DenseNet-121 works well; "
     "we fine-tuned a DenseNet-121 on our radiographs to classify pneumothorax.", "yes"),
    # only another group's network, the study's own model a logistic regression on reader-scored features: no
    ("Methods\n\nTwo radiologists scored nodule margins and density on CT. Another group has reported that a "
     "DenseNet-121 fine-tuned end to end classifies such nodules. We fitted a logistic regression to the scores.",
     "no"),
])
def test_what_others_reported_and_what_the_study_did_in_one_text(text: str, expected: str) -> None:
    assert verdicts(text)[5] == expected, pipespec.draft(text).spec


def test_a_clause_about_what_another_network_does_is_still_another_groups() -> None:
    text = ("Methods\n\nTwo radiologists scored nodule margins on CT and a logistic regression was fitted to the scores. "
            "Another group has reported that a DenseNet-121 classifies such nodules, which takes two seconds a scan.")
    assert verdicts(text)[5] == "no", pipespec.draft(text).spec


@pytest.mark.parametrize("said", [
    "Several authors independently contoured all tumours on the CT images.",
    "One of the authors contoured all tumours on the CT images and noted any artefacts.",
    "A separate group of two radiologists contoured all tumours on the CT images and described their margins.",
    "One study radiologist contoured all tumours on the CT images and noted their margins.",
])
def test_the_studys_own_people_are_not_other_studies(said: str) -> None:
    # "authors", "investigators" and a "group" are others' only where said to be ("another group", "previous
    # authors"): the study's own readers so named still delineate (Condition #1 Yes)
    text = f"{said} Radiomic features were extracted with PyRadiomics, and a random forest was trained on them."
    h = heads(text)
    assert any("segmentation" in x for x in h.values()) and any(x.startswith("feature_extraction") for x in h.values())
    assert "input CT" in h.values(), h


@pytest.mark.parametrize("said", [
    "Previous studies have shown that manual segmentation varies between readers, so two radiologists segmented each "
    "tumour independently.",
    "A previous study showed that this tumour is heterogeneous, and therefore two radiologists segmented each tumour "
    "independently.",
    "It has been shown that manual contours vary; thus two radiologists segmented each tumour independently.",
])
def test_what_others_found_given_as_the_reason_for_the_studys_own_step_keeps_it(said: str) -> None:
    # the clause after "so", "therefore" or "thus" says what this study did because of what others found: its
    # delineation stays (Condition #1 Yes)
    text = ("CT images of 200 patients were collected. " + said + " Radiomic features were extracted with PyRadiomics "
            "and a random forest was trained on them.")
    assert verdicts(text)[1] == "yes", heads(text)
