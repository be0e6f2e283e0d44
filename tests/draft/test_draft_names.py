"""A name pipespec's vocabulary knows is read whatever form a Methods text gives it: in the plural, possessive, in a
hyphenated or en-dashed compound, paired with a slash, in brackets, wrapped over a line; and an architecture whose
name is also how a text refers back to a network ("the transformer") names the network where none was named
before. Each principle is checked on the whole vocabulary or on paragraphs written for it, with phrasings that must
not change."""

from __future__ import annotations

import functools

import pytest

from pipespec import vocab
from pipespec.analysis.engine import analyse
from pipespec.draft import NothingToDraft, draft
from pipespec.draft.mentions import read_sentence
from pipespec.draft.sentences import Sentence


def term_names(sentence: str) -> set[str]:
    """The canonical names of the vocabulary's terms read in one sentence."""
    found = read_sentence(Sentence(0, len(sentence), 1, 1, sentence), 0).names
    out = set()
    for m in found:
        if m.kind == "term":
            term = vocab.lookup(m.value)
            out.add(term.name if term is not None else m.value)
    return out


# each form a Methods text gives a name, as a sentence around it
FORMS = {
    "possessive": "The {n}'s output was thresholded.",
    "based": "A {n}-based model was built on the images.",
    "derived": "The {n}-derived masks were used.",
    "en dash": "Tumours were {n}\u2013segmented before the analysis.",
    "slash before": "We compared {n}/SVM on the images.",
    "slash after": "We compared SVM/{n} on the images.",
    "brackets": "A model ({n}) was built.",
    "line wrap": "A model named\n{n} was built.",
    "plural": "Two {n}s were compared on the images.",
}
PLAIN = "We built the model with {n} on the images."


def _readable() -> list[tuple[str, str]]:
    """Every spelling of the vocabulary (canonical names and aliases) that a plain sentence reads as its term."""
    out = []
    for name, term in vocab.terms():
        if term.name in term_names(PLAIN.format(n=name)):
            out.append((name, term.name))
    return out


READABLE = _readable()


def test_most_of_the_vocabulary_is_readable_in_a_plain_sentence() -> None:
    # (the forms below are checked on the names a plain sentence reads: this keeps that set from shrinking unseen)
    assert len(READABLE) >= 0.95 * len(vocab.terms())


def _has_plural(name: str) -> bool:
    """Whether a plural s can be written after the name: not after a name in s, a number or a dimension."""
    return name[-1:].lower() != "s" and name[-1:].isalpha() and not name[-2:-1].isdigit()


@pytest.mark.parametrize("form", sorted(FORMS))
def test_every_name_the_plain_sentence_reads_is_read_in_each_form(form: str) -> None:
    lost = []
    for name, canonical in READABLE:
        if form == "plural" and (not _has_plural(name) or " " in name and name.split()[-1].islower()):
            continue  # (a lower-case phrase's plural is its last word's: "random forests", tested below)
        if canonical not in term_names(FORMS[form].format(n=name)):
            lost.append(name)
    assert not lost, f"{len(lost)} names lost in the {form} form: {lost[:20]}"


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2013", "\u2212"])
def test_a_name_written_with_another_hyphen_or_a_dash_is_the_name(dash: str) -> None:
    # word processors and PDF extraction write U-Net with a non-breaking hyphen (U+2011), a hyphen (U+2010), an en
    # dash or a minus sign
    lost = []
    for name, canonical in READABLE:
        if "-" in name and canonical not in term_names(PLAIN.format(n=name.replace("-", dash))):
            lost.append(name)
    assert not lost, f"{len(lost)} names lost with {dash!r}: {lost[:20]}"


def test_a_numbered_name_with_a_non_breaking_hyphen_is_drafted_with_a_plain_one() -> None:
    d = draft("CT of 200 patients was used. A ResNet\u201150 was trained to predict malignancy.")
    assert [s.get("architecture") for s in d.pipeline.stages if s.kind == "model"] == ["ResNet-50"]


@pytest.mark.parametrize(("text", "head", "condition5"), [
    # plurals of names written with capitals inside them are the names
    ("CT of 200 patients was used. ResNets and DenseNets were trained to predict malignancy.", "ResNet", "yes"),
    ("Two EfficientNets were fine-tuned on the mammograms to detect cancer.", "EfficientNet", "yes"),
    ("Chest radiographs were classified by RetinaNets trained from scratch to find nodules.", "RetinaNet", None),
    # a possessive, a compound, a slash pair, brackets and a wrapped line keep the name
    ("CT of 200 patients was used. The ResNet-50's weights were fine-tuned to predict malignancy.", "ResNet-50",
     "yes"),
    ("CT of 200 patients was used. A ResNet-based classifier was trained to predict malignancy.", "ResNet", "yes"),
    ("CT of 200 patients was used. Tumours were nnU-Net\u2013segmented, PyRadiomics features were extracted and an "
     "SVM classified them.", "nnU-Net", None),
    ("CT of 200 patients was used. PyRadiomics features were classified with LASSO/SVM.", "SVM", "no"),
    ("CT of 200 patients was used. A convolutional neural network (CNN) was trained to predict malignancy.", "CNN",
     "yes"),
    ("CT of 200 patients was used. A convolutional neural\nnetwork was trained to predict malignancy.", "CNN", "yes"),
    ("CT of 200 patients was used. PyRadiomics features entered XGBoost's classifier to predict malignancy.",
     "XGBoost", "no"),
])
def test_a_name_in_another_form_keeps_its_stage(text: str, head: str, condition5: str | None) -> None:
    d = draft(text)
    assert any(head in s.head for s in d.stages), [s.head for s in d.stages]
    if condition5 is not None:
        assert analyse(d.pipeline).conditions[5].verdict == condition5


@pytest.mark.parametrize("text", [
    # capitalised words with a plural s that name nothing the vocabulary knows stay words
    "Two readers with PhDs reviewed the CT images; no model was built.",
    "The iPads used to view the images were calibrated; no model was built.",
])
def test_a_plural_of_no_known_name_names_nothing(text: str) -> None:
    with pytest.raises(NothingToDraft):
        draft(text)


# ------------------------------------------------------------------------------------------- "transformer"
@pytest.mark.parametrize("text", [
    "MRI of 300 patients was used. The transformer was trained from scratch to predict IDH status.",
    "MRI of 300 patients was used. Our transformer model was trained to predict IDH status.",
    "MRI of 300 patients was used. This transformer was fine-tuned on the slices to predict IDH status.",
    "Transformer encoder was trained from scratch on MRI of 300 patients to predict IDH status.",
    "MRI of 300 patients was used. A transformer encoder was trained to predict IDH status.",
    "MRI of 300 patients was used. Transformer layers were trained on the slices to predict IDH status.",
    "MRI of 300 patients was used. The Swin Transformer was fine-tuned to predict IDH status.",
    # a classifier or a segmentation network named before is not what "the transformer" refers back to
    "MRI of 300 patients was used. An SVM was fitted on radiomic features. The transformer was trained on the MRI "
    "crops to predict IDH status.",
    "MRI of 300 patients was used. A U-Net segmented the tumour. The transformer was then trained on the tumour "
    "crops to predict IDH status.",
])
def test_a_transformer_named_where_no_network_was_named_before_is_the_network(text: str) -> None:
    # a definite word before "transformer" refers back only where there is a network to refer back to
    models = [s for s in draft(text).pipeline.stages if s.kind == "model" and s.get("family") != "classical"
              and "Transformer" in str(s.get("architecture"))]
    assert len(models) == 1, draft(text).pipeline.stages
    assert analyse(draft(text).pipeline).conditions[5].verdict == "yes"


@pytest.mark.parametrize(("text", "model"), [
    ("CT slices of 420 patients were classified by a ViT trained from scratch. The transformer's output was a "
     "malignancy score.", "ViT"),
    ("A DenseNet-121 was trained on the MRI slices to grade the gliomas; the transformer-free design kept it small. "
     "Our transformer baseline was not used.", "DenseNet-121"),
    ("A Swin-T network was fine-tuned on the radiographs. The transformer was trained for 50 epochs.", "Swin"),
])
def test_the_transformer_after_a_network_is_named_is_that_network(text: str, model: str) -> None:
    models = [str(s.get("architecture")) for s in draft(text).pipeline.stages if s.kind == "model"]
    assert len(models) == 1 and models[0].startswith(model), models


@pytest.mark.parametrize(("text", "architecture"), [
    # a hybrid named by the networks it is built of, joined by a hyphen or a plus sign, is one network
    ("MRI of 300 patients was used. A hybrid CNN-Transformer was trained to predict IDH status.", "CNN-Transformer"),
    ("MRI of 300 patients was used. A ResNet+ViT hybrid was trained to predict IDH status.", "ResNet+ViT"),
    # layers, blocks or a head of one architecture added to another network are parts of that network
    ("MRI of 300 patients was used. Transformer layers were added on top of a CNN and trained to predict IDH status.",
     "CNN"),
    ("MRI of 300 patients was used. A ResNet-50 followed by two transformer layers was trained end to end to predict "
     "IDH status.", "ResNet-50"),
    ("MRI of 300 patients was used. A ResNet-50 with an LSTM head was trained on the sequence of slices to predict "
     "IDH status.", "ResNet-50"),
])
def test_a_network_built_of_named_parts_is_one_network(text: str, architecture: str) -> None:
    models = [str(s.get("architecture")) for s in draft(text).pipeline.stages if s.kind == "model"]
    assert models == [architecture], models
    assert analyse(draft(text).pipeline).conditions[5].verdict == "yes"


@pytest.mark.parametrize(("text", "names"), [
    # a slash pairs alternatives, and a deep and a classical name joined are a network and a classifier
    ("CT of 200 patients was used. PyRadiomics features were classified with CNN/SVM.", ["CNN", "SVM"]),
    ("CT of 200 patients was used. Deep features of a CNN were classified by an SVM (a CNN-SVM pipeline).",
     ["CNN", "SVM"]),
    # two networks, one after the other, stay two
    ("CT of 200 patients was used. A U-Net segmented the liver and a ResNet-50 classified the lesions in it.",
     ["U-Net", "ResNet-50"]),
])
def test_names_that_are_not_one_network_stay_apart(text: str, names: list[str]) -> None:
    stages = draft(text).stages
    where = [[s.name for s in stages if name in s.head] for name in names]
    assert all(len(w) == 1 for w in where) and len({w[0] for w in where}) == len(names), \
        [(s.name, s.head) for s in stages]


# the forms at the level of a draft: the model a sentence names is a stage of the draft whatever form its name takes
DRAFT_FORMS = {
    "based": "CT images of 200 patients were analysed. A {n}-based model was trained to predict malignancy.",
    "brackets": "CT images of 200 patients were analysed. A model ({n}) was trained to predict malignancy.",
    "possessive": "CT images of 200 patients were analysed. The {n}'s predictions of malignancy were reported after "
                  "training.",
    "line wrap": "CT images of 200 patients were analysed. A\n{n} was trained to predict malignancy.",
    "slash": "CT images of 200 patients were analysed. {n}/XGBoost models were trained to predict malignancy.",
    "plural": "CT images of 200 patients were analysed. Two {n}s were trained to predict malignancy.",
}
DRAFT_PLAIN = "CT images of 200 patients were analysed. A {n} was trained to predict malignancy."


def _drafted(text: str, name: str, canonical: str) -> bool:
    try:
        stages = draft(text).stages
    except NothingToDraft:
        return False
    return any(canonical in f"{s.head} {s.block}" or name in f"{s.head} {s.block}" for s in stages)


@functools.cache
def _models_drafted_plainly() -> tuple[tuple[str, str], ...]:
    """The vocabulary's models (canonical names) that a plain sentence drafts as a stage: all but the tools of image
    operations and names too short or too common to be read alone."""
    methods = set(vocab.method_index().values())
    out = []
    for name, term in vocab.terms():
        if term.role == "model" and term.name not in methods and name == term.name and _drafted(
                DRAFT_PLAIN.format(n=name), name, term.name):
            out.append((name, term.name))
    assert len(out) >= 80, out
    return tuple(out)


@pytest.mark.parametrize("form", sorted(DRAFT_FORMS))
def test_every_model_a_plain_sentence_drafts_is_drafted_in_each_form(form: str) -> None:
    # (names that are also feature-processing methods, such as LASSO, are read by the role the sentence gives them)
    lost = [name for name, canonical in _models_drafted_plainly()
            if not (form == "plural" and not _has_plural(name))
            and not _drafted(DRAFT_FORMS[form].format(n=name), name, canonical)]
    assert not lost, f"{len(lost)} models lost in the {form} form: {lost[:20]}"



@pytest.mark.parametrize("text", [
    "Transformer-based models were not used. A random forest classified PyRadiomics features from manual CT "
    "segmentations.",
    "No transformer was trained. PyRadiomics features from manually delineated CT tumours entered a random forest.",
    "Instead of a transformer, an SVM classified PyRadiomics features from manual CT contours.",
])
def test_a_transformer_the_text_negates_is_no_network_of_the_pipeline(text: str) -> None:
    p = draft(text).pipeline
    assert not any(s.kind == "model" and "Transformer" in str(s.get("architecture")) for s in p.stages)
    assert analyse(p).conditions[5].verdict == "no"
