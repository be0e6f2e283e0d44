"""Where a model's data come from, said in many ways: a generator composes short Methods paragraphs from axes (the
source of the features, a selection or none, the model named by its algorithm or only by what it is, in the sentence
of the features or a later one or a later paragraph, the outcome stated or not) and a property test drafts them and
checks the draft's data flow.

Whatever the phrasing: every drafted stage reaches an output (no PS201 finding); there is one model; it takes the
features the text says it was built from (the selection when there is one, else the extraction), never the
delineation or the images the features were taken from; and a model named only by what it is ("a classifier", "the
predictive model", "a radiomics signature") keeps its algorithm unstated (nothing invented).
"""

from __future__ import annotations

from typing import NamedTuple

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipespec.analysis.engine import analyse
from pipespec.draft import draft


class Source(NamedTuple):
    sentences: str  # the delineation (if any) and the extraction
    kind: str  # the drafted extraction's head starts with this ("handcrafted", "deep")
    later: str  # how a later sentence names these features ("the radiomic features")


SOURCES = [
    Source("Tumours were segmented manually on contrast-enhanced CT by two radiologists. Radiomic features were "
           "extracted from the masks with PyRadiomics.", "handcrafted", "the radiomic features"),
    Source("A radiologist outlined each lesion on T2-weighted MRI in ITK-SNAP. Texture features were computed "
           "within the outlines with LIFEx.", "handcrafted", "the texture features"),
    Source("Each nodule on CT was delineated semi-automatically in 3D Slicer. First-order and GLCM features were "
           "calculated from the delineated volumes.", "handcrafted", "the radiomic features"),
    Source("Deep features were extracted from the penultimate layer of a DenseNet-121 pretrained on ImageNet, whose "
           "weights were kept frozen.", "deep", "the deep features"),
    Source("Each CT slice was passed through a frozen ResNet-50 pretrained on ImageNet, and its 2,048-dimensional "
           "embeddings were stored.", "deep", "the embeddings"),
]

SELECTIONS = [
    "",
    "LASSO selected the most predictive features in the training set.",
    "Features with an ICC below 0.75 were removed, and mRMR kept 15 of the remaining features.",
]


class Named(NamedTuple):
    subject: str  # as the subject of a sentence ("A random forest")
    generic: bool  # named only by what it is: its algorithm stays unstated


MODELS = [
    Named("A random forest", False),
    Named("A support vector machine (SVM)", False),
    Named("A logistic regression model", False),
    Named("An XGBoost classifier", False),
    Named("A classifier", True),
    Named("The predictive model", True),
    Named("A machine-learning model", True),
    Named("A prediction model", True),
    Named("A radiomics signature", True),
    Named("Three machine-learning classifiers", True),
    Named("The final model", True),
]
# how the sentence says the model was made from the features (the past participle after "was"/"were")
BUILT = ["built from", "trained on", "developed using", "fitted to", "constructed with"]

PLACES = ["same sentence", "next sentence", "later paragraph"]
# a network of the same study trained on the images, or none: it takes the images, never the features
NETWORKS = ["", "Separately, a ResNet-18 was trained from scratch on the whole images to predict the outcome."]
OUTCOMES = ["", " to predict malignancy", " to separate benign from malignant lesions"]
FILLER = "Patients were split 7:3 into training and test sets, stratified by outcome."


def paragraph(source: Source, selection: str, model: Named, place: str, outcome: str, built: str,
              network: str = "") -> str:
    said = "the selected features" if selection else source.later
    was = "were" if model.subject.endswith("s") else "was"
    if place == "same sentence":
        head = source.sentences[:-1] if not selection else source.sentences + " " + selection[:-1]
        body = [f"{head}, and {model.subject[0].lower() + model.subject[1:]} {was} {built} {said}{outcome}."]
    elif place == "next sentence":
        body = [" ".join(x for x in (source.sentences, selection, f"{model.subject} {was} {built} {said}{outcome}.")
                         if x)]
    else:
        body = [" ".join(x for x in (source.sentences, selection) if x), FILLER + f" {model.subject} {was} then "
                f"{built} {said}{outcome}."]
    if network:
        body.append(network)
    return "Methods\n\n" + "\n\n".join(body)


cases = st.tuples(st.sampled_from(SOURCES), st.sampled_from(SELECTIONS), st.sampled_from(MODELS),
                  st.sampled_from(PLACES), st.sampled_from(OUTCOMES), st.sampled_from(BUILT),
                  st.sampled_from(NETWORKS))


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(cases)
def test_every_stage_reaches_an_output_and_the_model_takes_the_features_it_was_built_from(
        case: tuple[Source, str, Named, str, str, str, str]) -> None:
    source, selection, model, place, outcome, built, network = case
    text = paragraph(source, selection, model, place, outcome, built, network)
    d = draft(text)
    stages = {s.name: s for s in d.stages}
    edges = {(e.source, e.target) for e in d.edges}
    dangling = [f.message for f in analyse(d.pipeline).findings if f.code == "PS201"]
    assert not dangling, (dangling, text, d.spec)
    nets = [s for s in d.stages if s.kind == "model" and "ResNet-18" in s.head]
    assert len(nets) == (1 if network else 0), ([f"{s.kind} {s.head}" for s in d.stages], text)
    models = [s for s in d.stages if s.kind == "model" and s not in nets]
    assert len(models) == 1, ([f"{s.kind} {s.head}" for s in d.stages], text)
    m = models[0]
    if nets:  # the network takes the images: no table feeds it
        assert not {a for a, b in edges if b == nets[0].name and stages[a].kind in ("feature_extraction",)
                    or b == nets[0].name and "select" in stages[a].head}, (edges, text)
    fed = {a for a, b in edges if b == m.name}
    extraction = [s.name for s in d.stages if s.kind == "feature_extraction" and s.head.startswith(source.kind)]
    selected = [s.name for s in d.stages if s.kind == "preprocessing" and "select" in s.head]
    assert extraction, (d.spec, text)
    want = selected if selection else extraction
    assert want and fed == set(want), (fed, want, text, d.spec)
    assert all(stages[a].kind != "input" and "segmentation" not in stages[a].head for a in fed), (fed, text)
    if model.generic:
        assert m.head == "", (m.head, text)


# ------------------------------------------------------------------------------ a score and clinical factors
SCORES = [
    ("", "the radiomic features"),
    ("A Rad-score was computed for each patient from {said}.", "the Rad-score"),
    ("A radiomics signature was built from {said}.", "the signature"),
    ("A logistic regression model was fitted to {said} to give a radiomics score.", "the radiomics score"),
]
COMBINED = [
    "A nomogram was built using {score} and clinical factors (age and sex).",
    "A combined model was then developed using {score} and clinical factors (age and sex).",
    "The final model integrated {score} with clinical factors (age and sex) to predict malignancy.",
]


def scored(source: Source, selection: str, score: tuple[str, str], combined: str, apart: bool) -> str:
    said = "the selected features" if selection else source.later
    step = score[0].format(said=said)
    last = combined.format(score=score[1] if step else said)
    first = " ".join(x for x in (source.sentences, selection, step) if x)
    return "Methods\n\n" + (first + "\n\n" + FILLER + " " + last if apart else first + " " + last)


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.tuples(st.sampled_from([s for s in SOURCES if s.kind == "handcrafted"]), st.sampled_from(SELECTIONS),
                 st.sampled_from(SCORES), st.sampled_from(COMBINED), st.booleans()))
def test_a_model_built_using_a_score_and_clinical_factors_takes_both(
        case: tuple[Source, str, tuple[str, str], str, bool]) -> None:
    # "using the Rad-score and clinical factors": the clinical variables and the features (through the score or the
    # selection) both reach the final model, and every stage reaches an output
    text = scored(*case)
    d = draft(text)
    kinds = {s.name: s for s in d.stages}
    dangling = [f.message for f in analyse(d.pipeline).findings if f.code == "PS201"]
    assert not dangling, (dangling, text, d.spec)
    succ: dict[str, set[str]] = {}
    for e in d.edges:
        succ.setdefault(e.source, set()).add(e.target)

    def below(name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            for v in succ.get(todo.pop(), ()):
                if v not in seen:
                    seen.add(v)
                    todo.append(v)
        return seen

    clinical = [s.name for s in d.stages if s.kind == "input" and "tabular" in s.head]
    models = [s.name for s in d.stages if s.kind == "model"]
    table = [s.name for s in d.stages if s.kind == "feature_extraction"]
    assert clinical and models and table, (d.spec, text)
    final = [m for m in models if not any(kinds[v].kind == "model" for v in succ.get(m, ()))]
    assert len(final) == 1, (final, d.spec, text)
    assert final[0] in below(clinical[0]) and final[0] in below(table[0]), (d.spec, text)
