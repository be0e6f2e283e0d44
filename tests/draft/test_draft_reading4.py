"""Misreadings that recur in many Methods sections, each principle with paragraphs written for it in several
phrasings (none is a corpus text), beside phrasings that must not change: resampling that is statistics rather than
an image put on another grid; a clustering of the cases, of the features or of a region's voxels; a heading on a
line of its own, which is read with the sentence under it but not quoted with it."""

from __future__ import annotations

import pytest

from pipespec.draft import draft, read_document
from pipespec.draft.documents import headed_sections
from pipespec.draft.sections import select_part
from pipespec.draft.sentences import sentences
from tests.draft.reading import delineations, heads, verdicts

_RADIOMICS = ("We included 210 patients with contrast-enhanced CT. Tumours were segmented manually by a radiologist, "
              "radiomic features were extracted with PyRadiomics and a random forest classified the tumours. ")


def _prep(text: str) -> str:
    return next((h for h in heads(text).values() if h.startswith("preprocessing") and "select" not in h), "")


# ---------------------------------------------------------------------------------------------- resampling
@pytest.mark.parametrize("said", [
    "The AUC was reported with 95% confidence intervals from 1000 bootstrap resamples.",
    "Confidence intervals were computed by resampling with replacement 2000 times.",
    "The 95% CI of the AUC was obtained by resampling (bootstrap).",
    "Internal validation used 500 resamples of the training cohort to correct for optimism.",
    "P values were obtained by resampling the labels 10,000 times (permutation test).",
    "The training set was resampled with SMOTE to balance the minority class.",
])
def test_a_statistical_resampling_is_no_image_operation(said: str) -> None:
    # the bootstrap, a permutation test or a class balanced resample cases or labels, not the images' grid: no
    # image pre-processing is drafted from them
    text = _RADIOMICS + said
    assert "resample" not in _prep(text), heads(text)


@pytest.mark.parametrize("said", [
    "Images were resampled to an isotropic voxel size of 1 mm before extraction.",
    "All scans were resampled to 1 x 1 x 1 mm with B-spline interpolation.",
    "Resampling to a common pixel spacing of 0.7 mm was applied.",
    "Each volume was resampled onto the grid of the T2-weighted series.",
    # both in one sentence: the image resampling is still stated
    "Images were resampled to 1 mm isotropic voxels, and confidence intervals came from 1000 bootstrap resamples.",
])
def test_an_image_resampling_is_still_an_image_operation(said: str) -> None:
    text = _RADIOMICS + said
    assert "resample" in _prep(text), heads(text)


def test_grey_levels_resampled_into_bins_are_a_discretisation() -> None:
    # LIFEx calls its grey-level discretisation an "absolute resampling" into bins: no image grid is changed
    text = _RADIOMICS + "Grey levels were quantised using an absolute resampling of 64 bins between 0 and 20 SUV."
    assert "discretize" in _prep(text) and "resample" not in _prep(text), heads(text)


# ---------------------------------------------------------------------------------------------- clustering
_CT = "We included 180 patients with lung adenocarcinoma on CT. Radiomic features were extracted with PyRadiomics. "
_DEEP = ("We included 180 patients with lung adenocarcinoma on CT. Deep features were taken from the penultimate "
         "layer of a ResNet-50 pretrained on ImageNet and kept frozen. ")


def _model_and_outputs(text: str) -> tuple[list[str], list[str]]:
    h = heads(text)
    return [v for v in h.values() if v.startswith("model")], [v for v in h.values() if v.startswith("output")]


@pytest.mark.parametrize("said", [
    "Unsupervised k-means clustering identified patient subgroups.",
    "Hierarchical clustering of the radiomic features was performed to identify imaging phenotypes.",
    "Consensus clustering was used to identify patient subtypes, whose survival was then compared.",
    "Patients were grouped by unsupervised clustering into three clusters.",
    "A Gaussian mixture model partitioned the tumours into distinct clusters.",
    "The patients were clustered with k-means (k = 3), and the clusters were compared with the log-rank test.",
])
def test_an_unsupervised_clustering_of_the_cases_outputs_clusters(said: str) -> None:
    # groups found without labels are a clustering (a task of the language), not a classification learned from
    # labels; the features it groups are a table (Condition #4 yes: METRICS-E3, Condition #4, the tabular data
    # of hand-crafted features)
    text = _CT + said
    models, outs = _model_and_outputs(text)
    assert len(models) == 1 and outs == ["output clustering"], heads(text)
    v = verdicts(text)
    assert v[3] == "yes" and v[4] == "yes" and v[5] == "no", v


@pytest.mark.parametrize("said", [
    "Unsupervised k-means clustering of the embeddings identified patient subgroups.",
    "Patients were grouped by consensus clustering of the embeddings into three subtypes.",
])
def test_deep_features_only_clustered_are_no_table(said: str) -> None:
    # deep features whose only consumer is a clustering model are not tabular data (METRICS-E3, Condition #4,
    # Example 5): the check says so once the model's task is clustering
    text = _DEEP + said
    models, outs = _model_and_outputs(text)
    assert len(models) == 1 and outs == ["output clustering"], heads(text)
    assert verdicts(text)[4] == "no", heads(text)


@pytest.mark.parametrize("said", [
    "Features were grouped by hierarchical clustering and one feature per cluster was retained.",
    "Redundant features were removed by consensus clustering.",
    "Highly correlated features were clustered with hierarchical clustering, and the most representative feature "
    "of each cluster was kept.",
])
def test_features_clustered_to_drop_the_redundant_are_a_reduction(said: str) -> None:
    # clustering the features (not the cases) reduces the table the classifier then learns from
    text = _CT + said + " A random forest classified the tumours as invasive or not."
    models, outs = _model_and_outputs(text)
    assert models == ['model "random forest"'] and outs == ["output classification"], heads(text)
    assert any("reduce" in h for h in heads(text).values()), heads(text)


@pytest.mark.parametrize("text", [
    _CT + "A random forest was trained to classify invasive versus non-invasive tumours.",
    "We included 400 women with suspicious microcalcification clusters on mammography. Radiomic features were "
    "extracted with PyRadiomics and a random forest classified the clusters as benign or malignant.",
    "We included 400 women with clustered calcifications on mammography. A ResNet-50 was trained to classify them "
    "as benign or malignant.",
])
def test_a_classification_and_clusters_as_a_finding_stay_a_classification(text: str) -> None:
    models, outs = _model_and_outputs(text)
    assert outs == ["output classification"], heads(text)


@pytest.mark.parametrize(("said", "partition"), [
    ("The voxels of each tumour were then clustered with k-means into three habitats.",
     "habitat(method: k-means, clusters: 3)"),
    ("Intratumoral subregions were obtained by clustering the voxels with a Gaussian mixture model.",
     'habitat(method: "Gaussian mixture model")'),
])
def test_the_voxels_of_a_region_clustered_are_habitats_not_a_model(said: str, partition: str) -> None:
    # the region partitioned into habitats, which the features are taken from: part of the delineation
    # (README, habitat: a delineation with the mode of the region it partitions), not a model of the cases
    text = ("We included 120 patients with glioblastoma on MRI. Each tumour was segmented manually by a "
            "neuroradiologist. " + said + " Radiomic features were extracted from each habitat with PyRadiomics and a "
            "Cox model predicted overall survival.")
    seg = delineations(text)
    assert seg and partition in seg[0] and "mode: manual" in seg[0], heads(text)
    models, outs = _model_and_outputs(text)
    assert models == ["model Cox"] and outs == ["output survival"], heads(text)
    assert verdicts(text)[2] == "no"


# ---------------------------------------------------------------------------------------------- headings
_SENTENCE = "We fine-tuned a ResNet-50 pretrained on ImageNet to classify the nodules as benign or malignant."
_HEADED = {
    "markdown heading": ("# Methods\n\nWe included 300 patients with chest CT.\n\n## Model\n\n{s}\n", "md"),
    "numbered markdown heading": ("# 2 Methods\n\nWe included 300 patients with chest CT.\n\n## 2.5 Model\n\n{s}\n", "md"),
    "bold numbered heading": ("**2 Methods**\n\nWe included 300 patients with chest CT.\n\n**2.5 Model**\n\n{s}\n", "md"),
    "bold heading, no blank lines": ("**2 Methods**\n\nWe included 300 patients with chest CT.\n**2.5 Model "
                                     "development**\n{s}\n", "md"),
    "numbered plain heading": ("2. Methods\n\nWe included 300 patients with chest CT.\n\n2.5. Model development\n\n"
                               "{s}\n", "txt"),
    "numbered plain heading, no blank lines": ("2. Methods\nWe included 300 patients with chest CT.\n2.5. Model "
                                               "development\n{s}\n", "txt"),
    "plain heading": ("Methods\n\nWe included 300 patients with chest CT.\n\nModel development\n\n{s}\n", "txt"),
    "plain heading, no blank lines": ("Methods\n\nWe included 300 patients with chest CT.\nModel development\n{s}\n",
                                      "txt"),
}


@pytest.mark.parametrize("style", sorted(_HEADED))
def test_a_heading_on_a_line_of_its_own_is_not_quoted_with_its_first_sentence(style: str) -> None:
    # the heading is a unit of its own: the stage's evidence quotes the sentence (and points at it), while the
    # section finder still finds the Methods under such headings
    text, fmt = _HEADED[style]
    text = text.format(s=_SENTENCE)
    d = draft(text, input_format=fmt)
    assert d.section.title is not None and "ethods" in d.section.title, d.section
    net = next(s for s in d.stages if s.kind == "model")
    assert net.head == "ResNet-50", d.spec
    ev = net.evidence[0]
    assert ev.quote == _SENTENCE and text[ev.start:ev.end] == _SENTENCE, ev
    for s in d.stages:  # no quote of any stage begins with a heading's words
        assert all(not e.quote.startswith(("Model", "**", "2.5")) for e in s.evidence), (s.name, s.evidence)


def test_the_heading_is_still_read_with_the_sentence_under_it() -> None:
    # what the heading says of its first sentence still counts (the sentence alone does not say these annotations
    # are a network's reference): only the quote leaves it out
    for fmt, heading in (("md", "## Reference annotation"), ("txt", "Reference annotation")):
        text = (f"Methods\n\nWe included 200 patients with CT.\n\n{heading}\n\nA radiologist outlined every tumour."
                "\n\nA 3D U-Net was trained from scratch to segment the tumours.\n")
        d = draft(text, input_format=fmt)
        quotes = [e.quote for s in d.stages for e in s.evidence]
        assert not any("Reference annotation" in q for q in quotes), quotes
        seg = read_document(text, fmt)
        assert any("Reference annotation" in s.text and s.quoted_start() > s.start
                   for s in sentences(seg, select_part(seg)[0])), fmt


@pytest.mark.parametrize("label", ["2.5 Model: ", "**Model.** ", "Model development. "])
def test_a_run_in_label_stays_with_its_sentence(label: str) -> None:
    # a run-in label inside the line is part of the paragraph's text: quoted with its sentence as before
    text = "Methods\n\nWe included 300 patients with chest CT.\n\n" + label + _SENTENCE + "\n"
    net = next(s for s in draft(text).stages if s.kind == "model")
    assert net.evidence[0].quote.startswith(label + "We fine-tuned"), net.evidence


@pytest.mark.parametrize("text", [
    # lines of a sentence wrapped in plain text: no heading among them
    "We included 200 patients.\nImages were\nacquired on a 3 T scanner for all patients.\n",
    "We included 200 patients.\nRadiomic features\nwere extracted with PyRadiomics from every tumour.\n",
    "The variables were listed.\nAge\nSex\nBody mass index\n",
    "We included 200 patients.\nA ResNet-50 pretrained on ImageNet was fine-tuned to classify the\nnodules.\n",
    "The model was trained with the following settings:\nLearning rate\nThe learning rate was 0.001 for all runs.\n",
])
def test_wrapped_lines_and_short_items_are_no_headings(text: str) -> None:
    assert headed_sections(text, False) == (), headed_sections(text, False)


# ---------------------------------------------------------------------------------------------- names with a variant
@pytest.mark.parametrize(("name", "verb"), [
    ("ViT-L/16", "fine-tuned"),
    ("Swin-T", "fine-tuned"),
    ("ConvNeXt-Tiny", "fine-tuned"),
    ("EfficientNet-B0", "fine-tuned"),
    ("ViT-Small", "trained from scratch"),
    ("DeiT-S", "fine-tuned"),
    ("RegNetY-16GF", "fine-tuned"),
    ("Swin-Base", "trained from scratch"),
])
def test_a_network_keeps_the_variant_written_after_its_family(name: str, verb: str) -> None:
    # the size or patch written after the family is part of the network's name: the draft says which network
    # the study used, and the check still knows its family (end-to-end deep learning, Condition #5 yes)
    text = f"We included 300 patients with chest CT. A {name} was {verb} to classify the nodules as benign or malignant."
    nets = [h for h in heads(text).values() if h.startswith("model") and "classification" not in h]
    assert nets == [f"model {name}"], heads(text)
    assert verdicts(text)[5] == "yes"


@pytest.mark.parametrize("name", ["DINOv2 ViT-B/14", "CLIP ViT-L/14", "CONCH ViT-B/16", "DINOv2 ViT-L/14"])
def test_a_released_network_named_with_its_backbone_is_one_extractor(name: str) -> None:
    # "DINOv2 ViT-B/14" is one network (the released weights of a ViT-B/14), not a DINOv2 and a ViT: one deep
    # extraction under its whole name, whose embeddings a classical model takes (Condition #4 yes, #5 no)
    text = (f"We included 300 patients with chest CT. Embeddings were extracted from a frozen {name} and a logistic "
            f"regression classified the nodules. The {name.split()[0]} embeddings were standardised first.")
    extractors = [h for h in heads(text).values() if h.startswith("feature_extraction")]
    assert extractors == [f'feature_extraction deep "{name}"'], heads(text)
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


def test_a_ready_made_segmenter_named_with_its_backbone_keeps_its_role() -> None:
    text = ("We included 300 patients with chest CT. Tumours were segmented with SAM ViT-H prompted by a box drawn by "
            "a radiologist, and PyRadiomics features fed a random forest.")
    seg = delineations(text)
    assert seg and 'tool: "SAM ViT-H"' in seg[0] and "mode: prompt" in seg[0], heads(text)
    assert not any(h.startswith(("model", "feature_extraction deep")) for h in heads(text).values()
                   if "random forest" not in h), heads(text)


@pytest.mark.parametrize(("text", "names"), [
    # two variants of one family: both stay, and the family's name alone after them is not taken for either
    ("We included 300 patients with chest CT. ResNet-18 and ResNet-50 were compared, each fine-tuned to classify the "
     "nodules.", ["ResNet-18", "ResNet-50"]),
    # a numbered variant, a hybrid and a network with a dimension keep their names as before
    ("We included 300 patients with chest CT. A 3D DenseNet-121 was trained to classify the nodules.",
     ["3D DenseNet-121"]),
    ("We included 300 patients with chest CT. A CNN-LSTM was trained to classify the nodules.", ["CNN-LSTM"]),
    ("We included 300 patients with chest CT. A YOLOv8-m was trained to detect the nodules.", ["YOLOv8-m"]),
    ("We included 300 patients with chest CT. A ResNet-T was trained to classify the nodules.", ["ResNet"]),
])
def test_other_names_keep_their_reading(text: str, names: list[str]) -> None:
    d = draft(text)
    found = " ".join(f"{s.head} {dict(s.block).get('architecture', '')}" for s in d.stages
                     if s.kind in ("model", "feature_extraction"))
    assert all(n in found for n in names), d.spec


# ---------------------------------------------------------------------------------------------- a training negated
@pytest.mark.parametrize("text", [
    "We included 300 patients with chest CT. A vision transformer pretrained on ImageNet produced 768-dimensional "
    "embeddings of each nodule. The transformer was not fine-tuned. Logistic regression classified the nodules.",
    "We included 300 patients with chest CT. A ResNet-50 pretrained on ImageNet encoded each nodule; the encoder was "
    "not retrained. An SVM classified the encoded features.",
    "We included 300 patients with chest CT. Features were taken from a DenseNet-121 pretrained on ImageNet whose "
    "weights were not updated, and a random forest classified the nodules.",
    "We included 300 patients with chest CT. The ResNet-50 was not fine-tuned; its penultimate-layer features were "
    "fed to an SVM.",
    "We included 300 patients with chest CT. A ResNet-50 pretrained on ImageNet was used without fine-tuning to "
    "extract deep features, which an SVM classified.",
    "We included 300 patients with chest CT. Deep features were extracted with an EfficientNet-B0 pretrained on "
    "ImageNet, without any retraining or fine-tuning, and fed to an SVM.",
    "We included 300 patients with chest CT. We did not fine-tune the network on our data: a ResNet-50 pretrained on "
    "ImageNet extracted 2048 features per nodule, which LASSO selected and a logistic regression classified.",
])
def test_a_network_whose_training_is_negated_is_a_frozen_extractor(text: str) -> None:
    # "not fine-tuned", "not retrained", "weights not updated" negate the training, not the network: the network
    # named stays, as an extraction used as it was supplied (training: pretrained_only), whose features the
    # classical model takes (METRICS-E3, Condition #5: deep features into a classical model are no end-to-end deep
    # learning; Condition #4 yes)
    h = heads(text)
    extractors = [v for v in h.values() if v.startswith("feature_extraction deep")]
    assert len(extractors) == 1, h
    assert not any(v.startswith("model") and any(n in v for n in ("ViT", "ResNet", "DenseNet", "EfficientNet"))
                   for v in h.values()), h
    d = draft(text)
    dl = next(s for s in d.stages if s.kind == "feature_extraction")
    assert dict(dl.block).get("training") == "pretrained_only", d.spec
    v = verdicts(text)
    assert v[4] == "yes" and v[5] == "no", v


@pytest.mark.parametrize(("text", "training"), [
    # the training negated beside the one the study did
    ("We included 300 patients with chest CT. A ResNet-50 pretrained on ImageNet was not fine-tuned but trained from "
     "scratch to classify the nodules.", "from_scratch"),
    ("We included 300 patients with chest CT. A ResNet-50 pretrained on ImageNet was fine-tuned to classify the "
     "nodules; its first block was not updated.", "fine_tuned"),
    # frozen layers and a head trained: a frozen backbone, as before, and so when the backbone's fine-tuning is negated
    ("We included 300 patients with chest CT. A ResNet-50 pretrained on ImageNet was used; the backbone was not "
     "fine-tuned and only a new classification head was trained to classify the nodules.", "frozen_backbone"),
    ("We included 300 patients with chest CT. A ResNet-50 pretrained on ImageNet was used; its convolutional layers "
     "were frozen and a new fully connected head was trained to classify the nodules.", "frozen_backbone"),
    # a pretraining negated says nothing of freezing
    ("We included 300 patients with chest CT. A DenseNet-121 was trained from scratch to classify the nodules; it was "
     "not pretrained.", "from_scratch"),
])
def test_a_negated_training_beside_a_stated_one_keeps_the_stated_one(text: str, training: str) -> None:
    d = draft(text)
    net = next(s for s in d.stages if s.kind == "model" and s.name == "net")
    assert dict(net.block).get("training") == training, d.spec
    assert verdicts(text)[5] == "yes"


@pytest.mark.parametrize("text", [
    # a ready-made segmenter applied without retraining stays a tool applied as supplied
    "We included 300 patients with CT. The liver was segmented with TotalSegmentator, used as published without "
    "retraining or fine-tuning, and PyRadiomics features fed a random forest.",
    # a network named positively in one sentence stays when another negates something of it
    "We included 300 patients with chest CT. A ResNet-50 was fine-tuned to classify the nodules. No other network "
    "was trained.",
    "We included 300 patients with chest CT. A ResNet-50 was fine-tuned to classify the nodules, and PyRadiomics "
    "extracted 1,200 features that a random forest classified.",
])
def test_a_negated_training_does_not_drop_or_train_another_network(text: str) -> None:
    # (nor does a tool that extracts features after another network's sentence make that network their source)
    h = heads(text)
    if "TotalSegmentator" in text:
        seg = delineations(text)
        assert seg and "tool: TotalSegmentator" in seg[0] and "mode: automated" in seg[0], h
        assert not any(v.startswith("model") and "TotalSegmentator" in v for v in h.values()), h
    else:
        assert "model ResNet-50" in h.values(), h


# ---------------------------------------------------------------------------------------------- auxiliary models
@pytest.mark.parametrize("said", [
    "Propensity scores were estimated with logistic regression to match the two cohorts.",
    "Missing clinical values were imputed with a random forest (missForest).",
    "Missing values were filled in using k-nearest neighbours imputation.",
    "A logistic regression was fitted to estimate the propensity of being referred, and the cohorts were matched.",
    "The predicted probabilities were calibrated by logistic regression (Platt scaling).",
])
def test_a_model_fitted_for_a_step_of_the_statistics_is_not_the_predictor(said: str) -> None:
    # a model that imputes missing values, estimates propensity scores or calibrates outputs predicts none of the
    # study's outcomes: the SVM stays the one model, and its features a table (Condition #4 yes)
    text = ("We included 300 patients with contrast-enhanced CT. Radiomic features were extracted with PyRadiomics and "
            "an SVM classified the tumours as benign or malignant. " + said)
    models = [h for h in heads(text).values() if h.startswith("model")]
    assert models == ["model SVM"], heads(text)


@pytest.mark.parametrize(("said", "model"), [
    # the study's own model, in a sentence that also imputes or calibrates
    ("Missing values were imputed with the median, and a random forest classified the tumours.",
     'model "random forest"'),
    ("A logistic regression model was built to predict malignancy, and its calibration was assessed with the "
     "Hosmer-Lemeshow test.", 'model "logistic regression"'),
    ("Logistic regression was used to predict malignancy from the selected features.", 'model "logistic regression"'),
])
def test_the_study_s_model_beside_such_a_step_stays(said: str, model: str) -> None:
    text = "We included 300 patients with contrast-enhanced CT. Radiomic features were extracted with PyRadiomics. " + said
    assert model in heads(text).values(), heads(text)


# ---------------------------------------------------------------------------------------------- reference regions
@pytest.mark.parametrize("said", [
    "Signal intensities were normalised to a region of interest placed in the gluteal muscle.",
    "Intensities were divided by the mean of a circular ROI drawn in the paraspinal muscle.",
    "An ROI in the contralateral normal-appearing white matter served as the reference for the relative values.",
    "Image noise was measured as the standard deviation of an ROI placed in the air outside the patient.",
])
def test_a_region_placed_in_a_reference_tissue_delineates_nothing(said: str) -> None:
    # a region in muscle, white matter or air that intensities are normalised to or measured against is part of
    # the normalisation: no region of what is analysed is delineated (Condition #1 no for a whole-image network)
    text = ("We included 300 patients with MRI. " + said + " A ResNet-50 was trained on the whole images to classify "
            "the tumours as benign or malignant.")
    assert delineations(text) == [], heads(text)
    assert verdicts(text)[1] == "no"


@pytest.mark.parametrize("text", [
    # the analysed region itself, placed by a reader
    "We included 300 patients with CT. An ROI was placed in the liver parenchyma avoiding vessels, and its mean "
    "attenuation entered a logistic regression for steatosis.",
    # a tumour delineated in the same sentence as the reference region
    "We included 300 patients with MRI. Tumours were outlined manually, and their intensities were normalised to an "
    "ROI in the gluteal muscle; PyRadiomics features fed a random forest.",
])
def test_an_analysed_region_beside_a_reference_is_still_delineated(text: str) -> None:
    assert delineations(text), heads(text)
    assert verdicts(text)[1] == "yes"


# ---------------------------------------------------------------------------------------------- a comparator's clause
@pytest.mark.parametrize(("said", "model"), [
    ("A random forest classifier was trained, and a LASSO logistic regression served as a baseline model.",
     'model "random forest"'),
    ("A random forest classifier was trained and a logistic regression served as the comparator.",
     'model "random forest"'),
    ("A random forest classifier was trained, and a logistic regression on clinical variables served as a "
     "comparison.", 'model "random forest"'),
    ("A ResNet-50 trained from scratch served as a baseline; the proposed model was an XGBoost classifier.",
     "model XGBoost"),
])
def test_a_comparator_said_in_its_own_clause_leaves_the_study_s_model(said: str, model: str) -> None:
    # the comparator is the subject of the clause that says so: the study's model in the clause before (or after
    # the semicolon) is still drafted, and the comparator is not
    text = ("We included 300 patients with MRI. Radiomic features were extracted with PyRadiomics from manually "
            "drawn tumour ROIs. " + said)
    models = [h for h in heads(text).values() if h.startswith("model")]
    assert models == [model], heads(text)


@pytest.mark.parametrize(("said", "model"), [
    ("A random forest on clinical variables served as a baseline, and a 3D CNN was trained end to end on the MRI "
     "volumes to predict response.", "model CNN"),
    ("Our cohort was compared with previously published cohorts, and an XGBoost classifier was trained on the "
     "features.", "model XGBoost"),
    ("The scans were compared with a published brain atlas and a 3D ResNet-18 was then trained on them to predict "
     "response.", "model \"3D ResNet-18\""),
])
def test_the_study_s_own_clause_after_a_comparator_s_is_still_drafted(said: str, model: str) -> None:
    # a comparator's clause ends where a clause of its own, with its own verb, begins: the study's model said there
    # is drafted (before, everything to the sentence's end was dropped with the comparator)
    text = "We included 300 patients with MRI. Radiomic features were extracted with PyRadiomics. " + said
    models = [h for h in heads(text).values() if h.startswith("model")]
    assert any(h.startswith(model) for h in models), heads(text)
    assert not any("random forest" in h for h in models), heads(text)


@pytest.mark.parametrize("after", ["as a baseline", "for comparison"])
def test_a_comparator_after_a_semicolon_leaves_the_clause_before_it(after: str) -> None:
    # "...; as a baseline, X was fitted": X is the comparator and the model before the semicolon the study's (before,
    # the comparator's clause was taken to start at the sentence's start, and the study's model was dropped for it)
    text = ("We included 300 patients with MRI. Radiomic features were extracted with PyRadiomics from manual "
            f"contours, and a random forest was trained on them; {after}, a logistic regression on clinical variables "
            "was fitted.")
    assert [h for h in heads(text).values() if h.startswith("model")] == ['model "random forest"'], heads(text)


def test_a_comparator_s_relative_clause_stays_the_comparator_s() -> None:
    text = ("We included 300 patients with MRI. Radiomic features were extracted with PyRadiomics and an XGBoost "
            "classifier was trained. It was compared with the published results of a ResNet-50 and a DenseNet-121 "
            "that were trained in previous studies.")
    assert [h for h in heads(text).values() if h.startswith("model")] == ["model XGBoost"], heads(text)


def test_a_comparator_whose_clause_names_two_models_drops_both() -> None:
    text = ("We included 300 patients with MRI. Radiomic features were extracted with PyRadiomics. An XGBoost "
            "classifier was trained. A logistic regression and an SVM served as baselines.")
    assert [h for h in heads(text).values() if h.startswith("model")] == ["model XGBoost"], heads(text)


# ---------------------------------------------------------------------------------------------- a figure drawn
@pytest.mark.parametrize("said", [
    "Principal component analysis was used only to visualise the feature distribution of the two classes.",
    "Unsupervised hierarchical clustering of the features was displayed as a heatmap.",
    "The features of benign and malignant tumours were illustrated with a PCA scatter plot.",
])
def test_a_method_run_only_to_draw_a_figure_is_no_step(said: str) -> None:
    # a reduction or a clustering that only draws a figure changes nothing the model learns from
    text = ("We included 300 patients with CT. Radiomic features were extracted with PyRadiomics and an SVM "
            "classified the tumours as benign or malignant. " + said)
    h = heads(text)
    assert [v for v in h.values() if v.startswith(("model", "output"))] == ["model SVM", "output classification"], h
    assert not any("reduce" in v for v in h.values()), h


@pytest.mark.parametrize(("said", "expected"), [
    ("PCA reduced the features to 10 components, which an SVM classified.", "reduce(method: PCA)"),
    ("Unsupervised k-means clustering identified three patient subgroups, displayed in a heatmap.", "model k-means"),
])
def test_a_method_whose_result_is_used_stays_a_step(said: str, expected: str) -> None:
    text = "We included 300 patients with CT. Radiomic features were extracted with PyRadiomics. " + said
    assert any(expected in v for v in heads(text).values()), heads(text)


# ---------------------------------------------------------------------------------------------- the number of centres
@pytest.mark.parametrize(("said", "centers"), [
    ("We enrolled 412 patients who underwent MRI between 2016 and 2021 at two institutions.", "2"),
    ("This two-centre study enrolled 412 patients.", "2"),
    ("Patients were treated between 2015 and 2022 at both participating hospitals.", "2"),
    ("Data came from 12 sites of a national screening trial.", "12"),
    ("We enrolled 412 patients from three hospitals between 2016 and 2021.", "3"),
])
def test_the_centres_are_counted_past_a_year_said_before_them(said: str, centers: str) -> None:
    # a year before "at two institutions" is no count of centres (item 27, external testing, reads the cohort)
    d = draft("Methods\n\n" + said + " A CNN was trained to classify the tumours.")
    assert [(f.key, f.value) for f in d.facts if f.key == "centers"] == [("centers", centers)], d.facts


@pytest.mark.parametrize("said", [
    "An external test set of 1,500 radiographs came from hospital 2.",
    "Toxicity of grade 5 at any site was recorded.",
    "We enrolled 412 patients between 2018 and 2022 at our hospital.",
])
def test_a_number_before_a_named_or_single_place_is_no_count_of_centres(said: str) -> None:
    d = draft("Methods\n\n" + said + " A CNN was trained to classify the tumours.")
    assert not [f for f in d.facts if f.key == "centers"], d.facts


# ---------------------------------------------------------------------------------------------- a viewer named
@pytest.mark.parametrize("said", [
    "Images were exported to a workstation (syngo.via, Siemens Healthineers) for review.",
    "All examinations were anonymised and stored in syngo.via before analysis.",
])
def test_a_software_images_are_only_sent_to_or_viewed_in_extracts_nothing(said: str) -> None:
    # the extraction is the tool that computes the features, not a workstation the images passed through
    text = ("We included 300 patients with CT. " + said + " Tumours were segmented manually in 3D Slicer and "
            "PyRadiomics features fed a random forest.")
    assert "feature_extraction handcrafted PyRadiomics" in heads(text).values(), heads(text)


def test_the_same_software_where_features_are_extracted_is_the_extraction() -> None:
    text = ("We included 300 patients with CT. Images were loaded into syngo.via Frontier, where radiomic features "
            "were extracted from the manually drawn tumour ROIs, and a random forest classified them.")
    assert 'feature_extraction handcrafted "syngo.via Frontier"' in heads(text).values(), heads(text)


# ---------------------------------------------------------------------------------------------- quotes and spaces
@pytest.mark.parametrize("text", [
    "CT bin width of 25 bin width of 25 radiomic features were extracted deep features random forest ##  (",
    "Methods\n\nTumours  were  segmented  manually  by  two  radiologists  and  PyRadiomics  features  were  fed  to  "
    "a  random  forest  classifier  trained  with  cross-validation.",
])
def test_a_quote_stays_within_its_limit_where_the_document_has_runs_of_spaces(text: str) -> None:
    # the text read makes a run of spaces one; the quote, taken from the document, is held to its limit all the same
    d = draft(text)
    for s in d.stages:
        for e in s.evidence:
            assert e.quote and len(e.quote) <= 100 and text[e.start:e.end] == e.quote, e


# ---------------------------------------------------------------------------------------------- "with and without"
@pytest.mark.parametrize("text", [
    "We included 300 patients with CT. Five radiologists read the test set with and without the assistance of the "
    "model, a ResNet-50 fine-tuned to classify the nodules.",
    "We included 300 patients with CT. Readers interpreted each scan with or without the AI, a ResNet-50 fine-tuned "
    "to classify the nodules.",
    "We included 300 patients with CT. Scans with/without contrast were read; a ResNet-50 was fine-tuned to classify "
    "the nodules.",
])
def test_with_and_without_negates_nothing(text: str) -> None:
    # "with and without" says both: the network after it is the study's, not one it did without
    assert "model ResNet-50" in heads(text).values(), heads(text)


def test_without_alone_still_negates() -> None:
    text = ("We included 300 patients with CT. Readers interpreted each scan without the assistance of any AI model. "
            "Radiomic features were extracted with PyRadiomics and a random forest classified the nodules.")
    assert [h for h in heads(text).values() if h.startswith("model")] == ['model "random forest"'], heads(text)
