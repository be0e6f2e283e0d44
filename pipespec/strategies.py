"""Hypothesis strategies for pipespec: valid pipelines, their text in every front end, and mutations.

This is the only module of pipespec that imports hypothesis (install the ``test`` extra).  A rule author writes
a property in a few lines::

    from hypothesis import given
    import pipespec
    from pipespec import strategies as ps

    @given(ps.pipelines(end_to_end=False, with_fusion=True))
    def test_fused_features_are_tabular(p):
        assert pipespec.check(p).conditions[4].verdict == "yes"

Everything here is built from small integer choices over the project vocabulary (``sampled_from`` lists ordered
simplest first, short lists), so a failing example shrinks to a small, readable pipeline: one or two branches,
stage names like ``img1 -> net1 -> out1``.

Pipelines
    :func:`pipelines` draws a valid, canonical :class:`~pipespec.model.Pipeline` made of *branches* (an
    end-to-end CNN, a hand-crafted radiomics pipeline, deep features with a classical classifier, fused
    hand-crafted and deep features, a deep network on a table, a clinical model), with knobs for what a rule
    needs.  :func:`documents`, :func:`dsl_texts`, :func:`yaml_texts`, :func:`json_texts` give its other forms.

Mutations
    Functions of a pipeline that return a strategy for a changed pipeline: :func:`renamed`, :func:`reordered`,
    :func:`with_preprocessing`, :func:`with_end_to_end_branch`, :func:`with_fused_features`,
    :func:`with_transfer_learning`, :func:`with_deep_model_on_tables`, :func:`with_waiver`.  Use them with
    ``data.draw(...)`` or ``.flatmap``: ``pipelines().flatmap(renamed)`` is not what you want (you lose the
    original); draw both: ``p = data.draw(pipelines()); q = data.draw(renamed(p))``.

Hostile text
    :func:`near_misses` mutates a text (delete, insert, swap, duplicate characters, tokens or lines) to get
    almost-valid input for robustness tests.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as _missing:  # pragma: no cover - exercised in a subprocess without hypothesis
    from pipespec.resources import missing_extra

    raise ImportError(missing_extra("pipespec.strategies", "test", _missing.name), name=_missing.name) from None

from pipespec import vocab
from pipespec.analysis.facts import extraction_method, model_family, model_task
from pipespec.language.build import build, has_visible_letter
from pipespec.language.lexicon import RESERVED
from pipespec.language.writer import format_dsl, to_document, to_json, to_yaml
from pipespec.model import Pipeline, Stage

__all__ = [
    "BRANCHES", "identifiers", "pipelines", "documents", "dsl_texts", "yaml_texts", "json_texts", "texts",
    "renamed", "reordered", "with_preprocessing", "with_end_to_end_branch", "with_fused_features",
    "with_transfer_learning", "with_deep_model_on_tables", "with_waiver", "near_misses", "canonical",
    "with_weight_transfer", "with_candidates", "with_labels", "with_training_only", "with_ready_made_preparation",
]

Doc = dict[str, Any]
Draw = Callable[[st.SearchStrategy[Any]], Any]


def _pretty(p: Pipeline, printer: Any, cycle: bool) -> None:
    """Hypothesis prints a drawn pipeline as the canonical DSL, in a call that rebuilds it."""
    text = format_dsl(p)
    printer.text(f"pipespec.load('''\n{text}''')" if "'''" not in text and "\\" not in text
                 else f"pipespec.load({text!r})")


try:  # the model knows no writer (it sits below the language): the printer is registered here, by type name
    from hypothesis.vendor.pretty import for_type_by_name

    for_type_by_name("pipespec.model", "Pipeline", _pretty)
except ImportError:  # pragma: no cover - a hypothesis without its pretty printer: the dataclass repr
    pass

# ---------------------------------------------------------------------------- vocabulary (simplest first)
IMAGE_MODALITIES = ("CT", "MRI", "XR", "PET", "US", "MG", "DSA", "fundus", "histopathology")
IMAGE_FORMS = ("image2d", "image3d", "video")
DEEP_CLASSIFIERS = ("CNN", "ResNet-34", "DenseNet-121", "ViT", "Xception", "Inception-3D", "EfficientNet-B0",
                    "VGG16", "Swin Transformer", "ConvNeXt", "ResNet-50")
DEEP_SEGMENTERS = ("U-Net", "nnU-Net", "DeepLabV3+", "V-Net")
CLASSICAL = ("SVM", "random forest", "XGBoost", "LightGBM", "k-nearest neighbours", "naive Bayes")
STATISTICAL = ("logistic regression", "LASSO", "Cox", "elastic net")
TABULAR_DEEP = ("MLP", "DNN", "TabNet")
HANDCRAFTED_TOOLS = ("PyRadiomics", "LIFEx", "IBEX", "MaZda", "CERR", "MIRP")
DEEP_EXTRACTORS = ("ResNet-50", "VGG16", "DenseNet-121", "CNN", "Inception-v3", "EfficientNet-B0")
FEATURE_CLASSES = ("first_order", "shape", "glcm", "glrlm", "glszm", "gldm", "ngtdm", "wavelet")
TASKS = ("classification", "regression", "survival")
E2E_TRAININGS = (None, "from_scratch", "fine_tuned", "frozen_backbone", "self_supervised")
PRETRAINED_ON = ("ImageNet", "Kinetics", "RadImageNet", "MedicalNet")
IMAGE_OPS = ("normalize", "resample", "resize", "augment", "window", "crop", "denoise", "pad",
             "bias_field_correction", "histogram_equalization", "register", "skull_strip")
AUGMENTATIONS = ("flip", "rotate", "crop", "brightness", "contrast", "noise", "elastic")
TABLE_OPS = ("select", "normalize", "reduce", "impute", "harmonize", "oversample")
SEG_OPS = ("segmentation", "bounding_box", "roi_crop")
SEG_MODES = ("manual", "semi_automated", "automated")
MANUAL_TOOLS = ("ITK-SNAP", "3D Slicer")
CLINICAL_HOLDS = ("clinical",)
TARGETS = ("malignancy", "bone age", "LVO present", "overall survival", "IDH mutation", "grade")
LOSSES = ("cross-entropy", "focal", "Dice", "L1", "MSE")
TITLES = ("Study", "Knee radiograph age estimation", "Lung nodule malignancy on CT", "Glioma grading (MRI)",
          "Stroke LVO detection", "Breast cancer risk from mammograms")

#: branch kinds, in shrinking order: e2e (image -> deep model), handcrafted (radiomics -> classical model),
#: deep_features (network features -> classical model), fusion (hand-crafted + deep features fused ->
#: model), tabular_deep (deep network on a table), clinical (clinical table -> statistical model)
BRANCHES = ("e2e", "handcrafted", "deep_features", "fusion", "tabular_deep", "clinical")
_MIN_SIZE = {"e2e": 3, "handcrafted": 4, "deep_features": 4, "fusion": 6, "tabular_deep": 3, "clinical": 3}

_NAME = re.compile(r"[^\W\d]\w*(?:[-.+/]\w+)*\+*")


def canonical(p: Pipeline) -> Pipeline:
    """The pipeline as a front end would build it (inputs in declaration order, values canonicalised)."""
    return build(to_document(p), {}, p.source)


def _from_doc(doc: Doc) -> Pipeline:
    return build(doc, {}, "<strategies>")


# ---------------------------------------------------------------------------- identifiers and text
def _is_identifier(text: str) -> bool:
    return (bool(_NAME.fullmatch(text)) and text not in RESERVED
            and unicodedata.normalize("NFC", text) == text)


_LETTERS = st.characters(categories=("Ll", "Lu"), max_codepoint=0x3FF)
_WORD_CHARS = st.one_of(_LETTERS, st.sampled_from("0123456789_"))


def identifiers(max_size: int = 12) -> st.SearchStrategy[str]:
    """Stage names the DSL accepts as they are (NFC, not a keyword), e.g. ``net``, ``Ωmega_2``, ``ResNet-34``."""
    word = st.builds(lambda a, rest: a + rest, _LETTERS, st.text(_WORD_CHARS, max_size=max(0, max_size - 1)))
    suffix = st.sampled_from(("", "", "", "-2", ".v1", "+"))
    return st.builds(lambda w, s: w + s, word, suffix).filter(
        lambda n: len(n) <= max_size + 3 and _is_identifier(n))


_SAFE_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Cf", "Co", "Cn")),
                     min_size=1, max_size=20).filter(lambda s: s.strip() != "")


def _free_text(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    """Mostly vocabulary words, sometimes arbitrary printable text (exercises quoting in every writer)."""
    return st.one_of(st.sampled_from(pool), _SAFE_TEXT)


# ---------------------------------------------------------------------------- the builder
class _Doc:
    def __init__(self, draw: Draw, incomplete: bool, end_to_end: bool | None):
        self.draw = draw
        self.stages: list[Doc] = []
        self.incomplete = incomplete
        self.end_to_end = end_to_end
        self.count = 0

    def add(self, name: str, kind: str, inputs: list[str] | None = None, **attrs: Any) -> str:
        stage: Doc = {"name": name, "kind": kind}
        if inputs:
            stage["from"] = list(inputs)
        stage.update({k: v for k, v in attrs.items() if v is not None})
        self.stages.append(stage)
        return name

    def maybe(self, strategy: st.SearchStrategy[Any]) -> Any:
        """``None`` (shrinks to) or a drawn value."""
        return self.draw(st.one_of(st.none(), strategy))

    def image_input(self, k: int) -> str:
        existing = [s["name"] for s in self.stages if s["kind"] == "input" and s.get("form") != "tabular"]
        if existing and self.draw(st.booleans()):
            return str(self.draw(st.sampled_from(existing)))
        return self.add(f"img{k}", "input", modality=self.draw(st.sampled_from(IMAGE_MODALITIES)),
                        form=self.draw(st.sampled_from(IMAGE_FORMS)))

    def image_ops(self, budget: int, k: int, src: str, max_n: int = 2) -> str:
        """0..max_n pre-processing stages of image operations after ``src``."""
        n = self.draw(st.integers(0, max(0, min(max_n, budget))))
        for j in range(n):
            src = self.add(f"prep{k}" + ("" if j == 0 else chr(ord("a") + j)), "preprocessing", [src],
                           ops=self.draw(st.lists(_image_op(), min_size=1, max_size=3)))
        return src

    def segmentation(self, budget: int, k: int, src: str) -> str:
        if budget <= 0 or not self.draw(st.booleans()):
            return src
        op: Doc = {"op": self.draw(st.sampled_from(SEG_OPS))}
        mode = self.draw(st.sampled_from(SEG_MODES + ((None,) if self.incomplete else ())))
        if mode is not None:
            op["mode"] = mode
        if mode in ("manual", "semi_automated") and self.draw(st.booleans()):
            op["tool"] = self.draw(st.sampled_from(MANUAL_TOOLS))
        if mode == "automated" and self.draw(st.booleans()):
            op["corrected"] = self.draw(st.booleans())
        if self.incomplete and self.end_to_end is None and mode is None and self.draw(st.booleans()):
            op["tool"] = self.draw(st.sampled_from(("nnU-Net", "TotalSegmentator")))
        return self.add(f"seg{k}", "preprocessing", [src], ops=[op])

    def output(self, k: int, src: str, task: str | None = None) -> str:
        return self.add(f"out{k}", "output", [src], task=task or self.draw(st.sampled_from(TASKS)),
                        target=self.maybe(_free_text(TARGETS)))

    def classical_model(self, k: int, inputs: list[str], name: str = "clf") -> str:
        family = self.draw(st.sampled_from(("classical", "statistical")))
        algorithm = self.draw(st.sampled_from(CLASSICAL if family == "classical" else STATISTICAL))
        return self.add(f"{name}{k}", "model", inputs, algorithm=algorithm,
                        family=family if self.draw(st.booleans()) else None,
                        task=self.maybe(st.sampled_from(TASKS)))


def _image_op() -> st.SearchStrategy[Any]:
    def make(name: str, args: list[str]) -> Any:
        if name == "augment" and args:
            return {"op": name, "args": args}
        return name

    return st.builds(make, st.sampled_from(IMAGE_OPS),
                     st.lists(st.sampled_from(AUGMENTATIONS), max_size=3, unique=True))


# ---------------------------------------------------------------------------- branches
def _e2e(d: _Doc, k: int, budget: int) -> None:
    """image input -> [pre-processing] -> [segmentation model] -> deep model (-> output), side inputs allowed."""
    start = len(d.stages)
    src = d.image_input(k)
    src = d.image_ops(budget - (len(d.stages) - start) - 2, k, src)
    room = budget - (len(d.stages) - start) - 2  # the model and the output
    if room > 0 and d.draw(st.booleans()):  # modular: a deep segmentation model feeds the classifier
        src = d.add(f"segnet{k}", "model", [src], architecture=d.draw(st.sampled_from(DEEP_SEGMENTERS)),
                    corrected=False if d.draw(st.booleans()) else None)
        room -= 1
    inputs = [src]
    if room > 0 and d.draw(st.booleans()):  # a non-image side input, e.g. sex into a ResNet
        inputs.append(d.add(f"clin{k}", "input", form="tabular", holds="clinical",
                            modality=d.maybe(st.sampled_from(("EHR", "clinical record")))))
    training = d.draw(st.sampled_from(E2E_TRAININGS))
    d.add(f"net{k}", "model", inputs, architecture=d.draw(st.sampled_from(DEEP_CLASSIFIERS)),
          family="deep" if d.draw(st.booleans()) else None,
          task=d.maybe(st.sampled_from(TASKS)), training=training,
          pretrained_on=d.draw(st.sampled_from(PRETRAINED_ON)) if training in ("fine_tuned", "frozen_backbone")
          else None,
          loss=d.maybe(_free_text(LOSSES)), epochs=d.maybe(st.integers(1, 300)))
    d.output(k, f"net{k}")


def _handcrafted(d: _Doc, k: int, budget: int) -> None:
    """image input -> [segmentation] -> hand-crafted features -> [selection] -> classical model -> output."""
    start = len(d.stages)
    src = d.image_input(k)
    src = d.segmentation(budget - (len(d.stages) - start) - 3, k, src)
    tool: str | None = d.draw(st.sampled_from(HANDCRAFTED_TOOLS))
    method: str | None = "handcrafted" if d.draw(st.booleans()) or tool is None else None
    if d.incomplete and d.draw(st.booleans()):
        tool, method = d.draw(st.sampled_from(("in-house software", "MATLAB"))), None
    feat = d.add(f"feat{k}", "feature_extraction", [src], method=method, tool=tool,
                 feature_classes=d.maybe(st.lists(st.sampled_from(FEATURE_CLASSES), min_size=1, max_size=4,
                                                  unique=True)))
    if budget - (len(d.stages) - start) - 2 > 0 and d.draw(st.booleans()):
        feat = d.add(f"sel{k}", "preprocessing", [feat], ops=d.draw(
            st.lists(st.sampled_from(TABLE_OPS), min_size=1, max_size=2, unique=True)))
    d.output(k, d.classical_model(k, [feat]))


def _deep_features(d: _Doc, k: int, budget: int) -> None:
    """image input -> deep features (a network layer) -> classical model -> output."""
    start = len(d.stages)
    src = d.image_input(k)
    src = d.image_ops(budget - (len(d.stages) - start) - 3, k, src, max_n=1)
    feat = d.add(f"deep{k}", "feature_extraction", [src], method="deep",
                 tool=d.draw(st.sampled_from(DEEP_EXTRACTORS)),
                 layer=d.maybe(st.sampled_from(("penultimate", "avgpool", "fc7"))),
                 pretrained_on=d.maybe(st.sampled_from(PRETRAINED_ON)))
    d.output(k, d.classical_model(k, [feat]))


def _fusion(d: _Doc, k: int, budget: int) -> None:
    """hand-crafted and deep features of the same images fused into one table -> any model -> output."""
    start = len(d.stages)
    src = d.image_input(k)
    src = d.segmentation(budget - (len(d.stages) - start) - 5, k, src)
    hand = d.add(f"feat{k}", "feature_extraction", [src], method="handcrafted",
                 tool=d.maybe(st.sampled_from(HANDCRAFTED_TOOLS)))
    deep = d.add(f"deep{k}", "feature_extraction", [src], method="deep",
                 tool=d.maybe(st.sampled_from(DEEP_EXTRACTORS)))
    ops: list[str] = [d.draw(st.sampled_from(("fuse", "concatenate", "merge")))]
    ops += d.draw(st.lists(st.sampled_from(TABLE_OPS), max_size=2, unique=True))
    fused = d.add(f"fuse{k}", "preprocessing", [hand, deep], ops=ops)
    if d.draw(st.booleans()):  # an MLP on the fused table is still a tabular method
        model = d.add(f"mlp{k}", "model", [fused], architecture=d.draw(st.sampled_from(TABULAR_DEEP)),
                      training=d.maybe(st.sampled_from(("end_to_end", "from_scratch"))))
    else:
        model = d.classical_model(k, [fused])
    d.output(k, model)


def _tabular_deep(d: _Doc, k: int, budget: int) -> None:
    """tabular input (radiomics / deep features / clinical) -> deep network -> output: never end-to-end."""
    holds = d.draw(st.sampled_from(("radiomics", "clinical", "deep_features")
                                   + (("image_features",) if d.incomplete else ())))
    table = d.add(f"tab{k}", "input", form="tabular", holds=holds, source=d.maybe(_free_text(("TCIA", "UK Biobank"))))
    d.output(k, d.add(f"mlp{k}", "model", [table], architecture=d.draw(st.sampled_from(TABULAR_DEEP)),
                      family="deep" if d.draw(st.booleans()) else None,
                      label=d.maybe(st.sampled_from(("end-to-end", "deep radiomics")))))


def _clinical(d: _Doc, k: int, budget: int) -> None:
    """clinical table -> statistical or classical model -> output."""
    if d.incomplete and d.draw(st.booleans()):
        table = d.add(f"tab{k}", "input", form="tabular")  # what it holds is not stated
    else:
        table = d.add(f"tab{k}", "input", form="tabular", holds=d.draw(st.sampled_from(CLINICAL_HOLDS)))
    d.output(k, d.classical_model(k, [table]))


def _incomplete_image_model(d: _Doc, k: int, budget: int) -> None:
    """A model on images whose family cannot be known, or a deep model used as is: Condition #5 review."""
    src = d.image_input(k)
    if d.draw(st.booleans()):
        model = d.add(f"net{k}", "model", [src], architecture=d.draw(st.sampled_from(("in-house net", "Model-X"))))
    else:
        model = d.add(f"net{k}", "model", [src], architecture=d.draw(st.sampled_from(DEEP_CLASSIFIERS)),
                      training="pretrained_only")
    d.output(k, model)


_BUILDERS: dict[str, Callable[[_Doc, int, int], None]] = {
    "e2e": _e2e, "handcrafted": _handcrafted, "deep_features": _deep_features, "fusion": _fusion,
    "tabular_deep": _tabular_deep, "clinical": _clinical, "unknown": _incomplete_image_model,
}


def _pad(d: _Doc, n: int) -> None:
    """Add ``n`` pre-processing stages right after inputs (never changes a verdict)."""
    for j in range(n):
        inputs = [s for s in d.stages if s["kind"] == "input"]
        src = inputs[j % len(inputs)]
        table = src.get("form") == "tabular"
        name = f"pad{j + 1}"
        consumers = [s for s in d.stages if src["name"] in s.get("from", [])]
        new: Doc = {"name": name, "kind": "preprocessing", "from": [src["name"]],
                    "ops": ["impute" if table else "normalize"]}
        for c in consumers:
            c["from"] = [name if u == src["name"] else u for u in c["from"]]
        d.stages.insert(d.stages.index(src) + 1, new)


@st.composite
def pipelines(draw: Draw, *, end_to_end: bool | None = None, with_fusion: bool | None = None,
              branches: tuple[str, ...] = BRANCHES, min_stages: int = 3, max_stages: int = 14,
              max_branches: int = 3, declarations: bool = True, incomplete: bool = False,
              assessed: bool = False) -> Pipeline:
    """Valid, canonical pipelines built from realistic branches.

    - ``end_to_end``: ``True`` guarantees an end-to-end deep-learning component (Condition #5 is Yes), ``False``
      guarantees none (Condition #5 is No), ``None`` leaves it to chance.
    - ``with_fusion``: ``True`` guarantees a branch fusing hand-crafted and deep features (Conditions #3 and #4
      Yes), ``False`` forbids it.
    - ``branches``: the branch kinds to draw from (see :data:`BRANCHES`).
    - ``min_stages`` / ``max_stages``: bounds on the number of stages (padding with pre-processing if needed).
    - ``max_branches``: at most this many branches (they may share an image input).
    - ``declarations``: also draw the author's declared answers (any of them may disagree with the verdict).
    - ``incomplete``: also draw under-specified stages (unknown architecture with no family, a deep model used
      as is, a segmentation of unstated mode, features of unstated kind, a table of unstated content), which
      the engine answers with ``review``; kept away from Condition #5 when ``end_to_end`` is not ``None``.
    - ``assessed``: also draw METRICS item answers (``assess``, some with notes) and study facts (``cohort``,
      ``evaluation``, ``availability``); the answers are arbitrary, so gating findings are expected.
    """
    kinds = [b for b in branches if b in _BUILDERS]
    if end_to_end is False:
        kinds = [b for b in kinds if b != "e2e"]
    if with_fusion is False:
        kinds = [b for b in kinds if b != "fusion"]
    required = (["e2e"] if end_to_end else []) + (["fusion"] if with_fusion else [])
    if incomplete and end_to_end is None:
        kinds.append("unknown")
    if not kinds and not required:
        raise InvalidArgument("no branch kind left to draw from")
    need = sum(_MIN_SIZE[k] for k in required) or min(_MIN_SIZE.get(k, 3) for k in kinds)
    if max_stages < max(need, min_stages) or min_stages < 1 or max_branches < max(1, len(required)):
        raise InvalidArgument(f"cannot build such a pipeline within max_stages={max_stages}, "
                              f"max_branches={max_branches}")
    d = _Doc(draw, incomplete, end_to_end)
    plan: list[str] = list(required)
    if draw(st.booleans()) and len(plan) > 1:
        plan.reverse()
    for i, kind in enumerate(plan):
        later = sum(_MIN_SIZE[k] for k in plan[i + 1:])
        _BUILDERS[kind](d, i + 1, max_stages - len(d.stages) - later)
    n_extra = draw(st.integers(0 if plan else 1, max_branches - len(plan)))
    for _ in range(n_extra):
        budget = max_stages - len(d.stages)
        fits = [k for k in kinds if _MIN_SIZE.get(k, 3) <= budget]
        if not fits:
            break
        k = sum(1 for s in d.stages if s["kind"] == "output") + 1
        _BUILDERS[draw(st.sampled_from(fits))](d, k, budget)
    if len(d.stages) < min_stages:
        _pad(d, min_stages - len(d.stages))
    assert len(d.stages) <= max_stages, (len(d.stages), max_stages)
    doc: Doc = {"pipeline": draw(st.sampled_from(TITLES)), "stages": d.stages}
    if draw(st.integers(0, 4)) == 4:
        doc["study"] = {"year": draw(st.integers(2015, 2025)),
                        "doi": draw(st.sampled_from(("10.1148/radiol.2021", "10.1007/s00330-023-0")))}
    if declarations:
        declared = {f"condition{c}": v for c in range(1, 6)
                    if (v := draw(st.sampled_from((None, "yes", "no")))) is not None}
        if declared:
            doc["declare"] = declared
    if assessed:
        doc.update(draw(assessment_documents()))
    return _from_doc(doc)


_LOCATIONS = ("no", "https://github.com/lab/code", "https://doi.org/10.5281/zenodo.1234567", "on request")


@st.composite
def assessment_documents(draw: Draw) -> Doc:
    """The document keys of a METRICS assessment: ``assess`` (1-30 answers, some with a note) and any of the
    study facts blocks ``cohort``, ``evaluation``, ``availability``."""
    out: Doc = {}
    numbers = draw(st.lists(st.integers(1, 30), min_size=1, max_size=30, unique=True))
    answers: Doc = {}
    for n in sorted(numbers):
        answer = draw(st.sampled_from(("yes", "no", "n/a")))
        note = draw(st.one_of(st.none(), _free_text(("Methods 2.4", "supplement", "ICC > 0.75"))))
        answers[f"item{n}"] = answer if note is None else {"answer": answer, "note": note.strip()}
    out["assess"] = answers
    counts = st.integers(0, 5000)
    flag = st.booleans()
    blocks: dict[str, dict[str, st.SearchStrategy[Any]]] = {
        "cohort": {"centers": st.integers(1, 20), "cases": counts, "events": counts},
        "evaluation": {"split": st.sampled_from(("holdout", "cross_validation", "bootstrap", "none")),
                       "folds": st.integers(2, 10), "selection_fitted_on": st.sampled_from(("training", "all")),
                       "segmentation_evaluated": flag, "internal_test": flag, "external_test": flag,
                       "metrics": st.lists(_free_text(("AUC", "sensitivity", "specificity", "F1")), max_size=3),
                       "calibration": flag, "uncertainty": flag},
        "availability": {"data": st.sampled_from(_LOCATIONS), "code": st.sampled_from(_LOCATIONS),
                         "model": st.sampled_from(_LOCATIONS)},
    }
    for block, keys in blocks.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from(sorted(keys)), unique=True, max_size=len(keys)))
            out[block] = {k: draw(keys[k]) for k in chosen}
    return out


# ---------------------------------------------------------------------------- other forms
def documents(strategy: st.SearchStrategy[Pipeline] | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """The YAML/JSON document (plain dicts and lists) of drawn pipelines."""
    return (strategy if strategy is not None else pipelines()).map(to_document)


def dsl_texts(strategy: st.SearchStrategy[Pipeline] | None = None) -> st.SearchStrategy[str]:
    """Canonical DSL text (``pipespec fmt``) of drawn pipelines."""
    return (strategy if strategy is not None else pipelines()).map(format_dsl)


def yaml_texts(strategy: st.SearchStrategy[Pipeline] | None = None) -> st.SearchStrategy[str]:
    return (strategy if strategy is not None else pipelines()).map(to_yaml)


def json_texts(strategy: st.SearchStrategy[Pipeline] | None = None) -> st.SearchStrategy[str]:
    return (strategy if strategy is not None else pipelines()).map(to_json)


def texts(strategy: st.SearchStrategy[Pipeline] | None = None) -> st.SearchStrategy[tuple[str, str]]:
    """``(format, text)`` pairs in any of the three front ends: ``("dsl" | "yaml" | "json", text)``."""
    writers = {"dsl": format_dsl, "yaml": to_yaml, "json": to_json}
    return st.tuples(st.sampled_from(tuple(writers)), strategy if strategy is not None else pipelines()).map(
        lambda fp: (fp[0], writers[fp[0]](fp[1])))


# ---------------------------------------------------------------------------- mutations
def _fresh(doc: Doc, base: str) -> str:
    names = {s["name"] for s in doc["stages"]}
    k = 1
    while f"{base}{k}" in names:
        k += 1
    return f"{base}{k}"


def _types(p: Pipeline) -> dict[str, str]:
    from pipespec.analysis.graph import Graph

    return Graph(p).type


def renamed(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """The same pipeline with every stage given a new, distinct name (flows and waivers follow)."""
    names = [s.name for s in p.stages]

    @st.composite
    def go(draw: Draw) -> Pipeline:
        new = draw(st.lists(identifiers(), min_size=len(names), max_size=len(names), unique=True))
        mapping = dict(zip(names, new))
        doc = to_document(p)
        for s in doc["stages"]:
            s["name"] = mapping[s["name"]]
            if "from" in s:
                s["from"] = [mapping[u] for u in s["from"]]
        for w in doc.get("waive", []):
            if w.get("stage") in mapping:
                w["stage"] = mapping[w["stage"]]
        return _from_doc(doc)

    return go()


def reordered(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """The same pipeline with its stage declarations (and waivers) in another order."""

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        doc["stages"] = draw(st.permutations(doc["stages"]))
        if "waive" in doc:
            doc["waive"] = draw(st.permutations(doc["waive"]))
        if "declare" in doc:
            doc["declare"] = dict(draw(st.permutations(list(doc["declare"].items()))))
        return _from_doc(doc)

    return go()


def _image_edges(p: Pipeline, deep_only: bool) -> list[tuple[str, str]]:
    from pipespec.analysis.facts import model_family

    types = _types(p)
    out = []
    for s in p.stages:
        if deep_only and not (s.kind == "model" and model_family(s) == "deep"):
            continue
        for u in s.inputs:
            if types[u] in ("image2d", "image3d", "video", "image") and p.stage(u).kind in ("input",
                                                                                            "preprocessing"):
                out.append((u, s.name))
    return out


def _insert_on_edge(doc: Doc, u: str, v: str, stage: Doc) -> Pipeline:
    """The pipeline of ``doc`` with ``stage`` (fed by ``u``) put on the edge ``u -> v``, just before ``v``."""
    i = next(i for i, s in enumerate(doc["stages"]) if s["name"] == v)
    target = doc["stages"][i]
    target["from"] = [stage["name"] if x == u else x for x in target["from"]]
    doc["stages"].insert(i, stage)
    return _from_doc(doc)


def with_preprocessing(p: Pipeline, deep_only: bool = True) -> st.SearchStrategy[Pipeline]:
    """Insert an image pre-processing stage (resampling, normalisation, augmentation, ...; no ROI) on an image
    edge into a deep model (any image edge if ``deep_only`` is false).  Unchanged if there is no such edge."""
    edges = _image_edges(p, deep_only)
    if not edges:
        return st.just(p)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        u, v = draw(st.sampled_from(edges))
        doc = to_document(p)
        return _insert_on_edge(doc, u, v, {"name": _fresh(doc, "pre"), "kind": "preprocessing", "from": [u],
                                           "ops": draw(st.lists(_image_op(), min_size=1, max_size=3))})

    return go()


# ready-made networks that form or prepare the images (as written by authors: products by their brand names), and
# networks of that kind a study may also train itself (these only as a tool or a model used as is)
READY_MADE_PREPARERS = ("AiCE", "TrueFidelity", "Deep Resolve", "Precise Image", "SubtleMR", "PixelShine", "HD-BET",
                        "SynthStrip", "SynthSR", "SynthMorph")
PREPARERS = READY_MADE_PREPARERS + ("DnCNN", "RED-CNN", "CycleGAN", "VoxelMorph", "SRGAN")


def with_ready_made_preparation(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Insert, on an image edge, a deep network applied as is that forms or prepares the images (reconstruction,
    denoising, skull stripping, registration, synthesis), written one of the ways authors write it: as an
    operation's tool (``denoise(tool: AiCE)``), as the operation's name (``HD-BET``), as a model used as is
    (``training: pretrained_only``), or as a model naming a ready-made product with no training stated.
    Unchanged if there is no image edge."""
    from pipespec import vocab

    edges = _image_edges(p, False)
    if not edges:
        return st.just(p)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        u, v = draw(st.sampled_from(edges))
        doc = to_document(p)
        name = _fresh(doc, "prep_net")
        how = draw(st.sampled_from(("tool", "name", "pretrained_only", "product")))
        network = draw(st.sampled_from(READY_MADE_PREPARERS if how in ("name", "product") else PREPARERS))
        term = vocab.lookup(network)
        assert term is not None and term.op is not None
        stage: Doc = {"name": name, "from": [u]}
        if how == "tool":
            stage.update(kind="preprocessing", ops=[{"op": term.op, "tool": network}])
        elif how == "name":
            stage.update(kind="preprocessing", ops=[network])
        else:
            stage.update(kind="model", architecture=network, task="image_to_image")
            if how == "pretrained_only":
                stage["training"] = "pretrained_only"
        return _insert_on_edge(doc, u, v, stage)

    return go()


def with_end_to_end_branch(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Add an independent image input -> [pre-processing] -> deep model -> output branch."""

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        img, net, out = _fresh(doc, "e2e_img"), _fresh(doc, "e2e_net"), _fresh(doc, "e2e_out")
        new: list[Doc] = [{"name": img, "kind": "input", "modality": draw(st.sampled_from(IMAGE_MODALITIES)),
                           "form": draw(st.sampled_from(IMAGE_FORMS))}]
        src = img
        if draw(st.booleans()):
            src = _fresh(doc, "e2e_prep")
            new.append({"name": src, "kind": "preprocessing", "from": [img],
                        "ops": draw(st.lists(_image_op(), min_size=1, max_size=2))})
        model: Doc = {"name": net, "kind": "model", "from": [src],
                      "architecture": draw(st.sampled_from(DEEP_CLASSIFIERS))}
        training = draw(st.sampled_from(E2E_TRAININGS))
        if training:
            model["training"] = training
        new += [model, {"name": out, "kind": "output", "from": [net], "task": draw(st.sampled_from(TASKS))}]
        at = draw(st.integers(0, len(doc["stages"])))
        doc["stages"][at:at] = new
        return _from_doc(doc)

    return go()


def with_fused_features(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Add hand-crafted features of an existing image stage (or a new input), fused with deep features (an
    existing deep extraction or a new one), feeding a new model and output.  The model may be an MLP."""
    types = _types(p)
    sources = [s.name for s in p.stages if types[s.name] in ("image2d", "image3d", "video", "image")
               and s.kind in ("input", "preprocessing")]
    from pipespec.analysis.facts import extraction_method

    deep = [s.name for s in p.stages if s.kind == "feature_extraction" and extraction_method(s) == "deep"]

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        new: list[Doc] = []
        if sources and draw(st.booleans()):
            src = draw(st.sampled_from(sources))
        else:
            src = _fresh(doc, "hc_img")
            new.append({"name": src, "kind": "input", "modality": draw(st.sampled_from(IMAGE_MODALITIES)),
                        "form": draw(st.sampled_from(IMAGE_FORMS))})
        hand = _fresh(doc, "hc_feat")
        new.append({"name": hand, "kind": "feature_extraction", "from": [src], "method": "handcrafted",
                    "tool": draw(st.sampled_from(HANDCRAFTED_TOOLS))})
        if deep and draw(st.booleans()):
            deep_src = draw(st.sampled_from(deep))
        else:
            deep_src = _fresh(doc, "hc_deep")
            new.append({"name": deep_src, "kind": "feature_extraction", "from": [src], "method": "deep",
                        "tool": draw(st.sampled_from(DEEP_EXTRACTORS))})
        fused, model, out = _fresh(doc, "hc_fuse"), _fresh(doc, "hc_model"), _fresh(doc, "hc_out")
        new.append({"name": fused, "kind": "preprocessing", "from": [hand, deep_src], "ops": ["fuse"]})
        family = draw(st.sampled_from(("deep", "classical", "statistical")))
        name = draw(st.sampled_from({"deep": TABULAR_DEEP, "classical": CLASSICAL, "statistical": STATISTICAL}
                                    [family]))
        new.append({"name": model, "kind": "model", "from": [fused],
                    ("architecture" if family == "deep" else "algorithm"): name})
        new.append({"name": out, "kind": "output", "from": [model], "task": "classification"})
        doc["stages"] += new
        return _from_doc(doc)

    return go()


def with_transfer_learning(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Mark deep models pretrained (``pretrained_on``), fine-tuned or frozen-backbone.  Models used as is
    (``training: pretrained_only``) are left alone: that is a different claim.  Unchanged if none."""
    from pipespec.analysis.facts import model_family

    deep = [s.name for s in p.stages if s.kind == "model" and model_family(s) == "deep"
            and s.text("training") != "pretrained_only"]
    if not deep:
        return st.just(p)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        chosen = draw(st.lists(st.sampled_from(deep), min_size=1, unique=True))
        doc = to_document(p)
        for s in doc["stages"]:
            if s["name"] in chosen:
                training = draw(st.sampled_from(("fine_tuned", "frozen_backbone", None)))
                if training:
                    s["training"] = training
                if training is None or draw(st.booleans()):
                    s["pretrained_on"] = draw(st.sampled_from(PRETRAINED_ON))
        return _from_doc(doc)

    return go()


def with_deep_model_on_tables(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Add a deep network (MLP, TabNet, ...) fed only tables: features, fused tables, tabular inputs."""
    types = _types(p)
    tables = [s.name for s in p.stages if types[s.name] == "tabular"]

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        if tables and draw(st.booleans()):
            srcs = draw(st.lists(st.sampled_from(tables), min_size=1, max_size=2, unique=True))
        else:
            srcs = [_fresh(doc, "tbl")]
            doc["stages"].append({"name": srcs[0], "kind": "input", "form": "tabular",
                                  "holds": draw(st.sampled_from(("radiomics", "deep_features", "clinical")))})
        net, out = _fresh(doc, "tab_net"), _fresh(doc, "tab_out")
        model: Doc = {"name": net, "kind": "model", "from": srcs,
                      "architecture": draw(st.sampled_from(TABULAR_DEEP + DEEP_CLASSIFIERS))}
        if draw(st.booleans()):
            model["training"] = draw(st.sampled_from(("end_to_end", "fine_tuned", "from_scratch")))
        doc["stages"] += [model, {"name": out, "kind": "output", "from": [net], "task": "classification"}]
        return _from_doc(doc)

    return go()


def with_waiver(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Add a ``waive CODE "justification"`` (a rule code, a verdict code, an input-error code or a made-up
    one; sometimes scoped to a stage)."""
    from pipespec.analysis.rules import RULES

    codes = tuple(sorted(RULES)) + ("D501", "PS101", "X999")
    stages = tuple(s.name for s in p.stages)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        w: Doc = {"code": draw(st.sampled_from(codes)),
                  "justification": draw(_free_text(("reviewed by the editor", "not applicable"))
                                        .filter(has_visible_letter))}
        if stages and draw(st.booleans()):
            w["stage"] = draw(st.sampled_from(stages))
        doc.setdefault("waive", []).append(w)
        return _from_doc(doc)

    return go()


# ---------------------------------------------------------------------------- hostile text
_TOKENS = ("pipeline", "input", "model", "output", "preprocessing", "feature_extraction", "flow", "from",
           "declare", "expect", "waive", "study", "->", "{", "}", "(", ")", "[", "]", ":", ",", "=", '"', "#",
           "\n", " ", "condition5", "yes", "ResNet-34", "1e309", "-", "\\", "\t", "\r", "\u202e", "\x00", "é")


def near_misses(text: str) -> st.SearchStrategy[str]:
    """Almost-valid variants of ``text``: 1-3 edits, each deleting, inserting, replacing or duplicating a
    character, a token or a line, or swapping two tokens."""

    def edit(s: str, data: tuple[int, int, int, str, int]) -> str:
        how, i, j, ins, k = data
        if not s:
            return ins
        i %= len(s)
        j %= len(s)
        lo, hi = min(i, j), max(i, j)
        if how == 0:  # delete a character
            return s[:i] + s[i + 1:]
        if how == 1:  # insert a token or character
            return s[:i] + ins + s[i:]
        if how == 2:  # replace a character
            return s[:i] + ins + s[i + 1:]
        if how == 3:  # delete a span
            return s[:lo] + s[hi:]
        if how == 4:  # duplicate a span
            return s[:hi] + s[lo:hi] + s[hi:]
        words = re.split(r"(\s+)", s)
        lines = s.split("\n")
        if how == 5 and len(words) > 2:  # swap two tokens
            a, b = i % len(words), j % len(words)
            words[a], words[b] = words[b], words[a]
            return "".join(words)
        if how == 6:  # delete a line
            del lines[k % len(lines)]
            return "\n".join(lines)
        if how == 7:  # duplicate a line
            n = k % len(lines)
            lines.insert(n, lines[n])
            return "\n".join(lines)
        return s[:i] + s[i:].replace(s[i], ins, 1)

    one = st.tuples(st.integers(0, 8), st.integers(0, 1 << 16), st.integers(0, 1 << 16),
                    st.one_of(st.sampled_from(_TOKENS), st.characters(codec="utf-8")), st.integers(0, 200))

    def apply(edits: list[tuple[int, int, int, str, int]]) -> str:
        s = text
        for e in edits:
            s = edit(s, e)
        return s

    return st.lists(one, min_size=1, max_size=3).map(apply)


# ---------------------------------------------------------------------------- real-study constructs
def with_weight_transfer(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Give networks weights from a new pretraining branch (an unlabelled image input -> a self-supervised network
    that reaches no output): weight transfer, not data flow. Unchanged if there is no network to give them to."""
    targets = [s.name for s in p.stages if (s.kind == "model" and model_family(s) == "deep")
               or (s.kind == "feature_extraction" and extraction_method(s) == "deep")]
    if not targets:
        return st.just(p)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        img, ssl = _fresh(doc, "pretrain_img"), _fresh(doc, "pretrain_net")
        chosen = draw(st.lists(st.sampled_from(targets), min_size=1, unique=True))
        for stage in doc["stages"]:
            if stage["name"] in chosen:
                stage["weights_from"] = ssl
        doc["stages"][:0] = [
            {"name": img, "kind": "input", "modality": draw(st.sampled_from(IMAGE_MODALITIES)),
             "form": draw(st.sampled_from(IMAGE_FORMS))},
            {"name": ssl, "kind": "model", "from": [img], "architecture": draw(st.sampled_from(DEEP_CLASSIFIERS)),
             "training": "self_supervised"}]
        return _from_doc(doc)

    return go()


def with_candidates(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Turn a model's architecture or algorithm into a list of compared candidates: the original name and, after
    or before it, less end-to-end ones (classical or statistical algorithms). Unchanged if no model names one."""
    models = [s.name for s in p.stages if s.kind == "model" and (s.get("architecture") or s.get("algorithm"))]
    if not models:
        return st.just(p)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        name = draw(st.sampled_from(models))
        stage = next(s for s in doc["stages"] if s["name"] == name)
        key = "architecture" if "architecture" in stage else "algorithm"
        extra = draw(st.lists(st.sampled_from(CLASSICAL + STATISTICAL), min_size=1, max_size=3, unique=True))
        original = stage[key] if isinstance(stage[key], list) else [stage[key]]
        extra = [x for x in extra if x not in original]
        stage[key] = original + extra if draw(st.booleans()) else extra + original
        return _from_doc(doc)

    return go()


# ---------------------------------------------------------------------------- training-time relations
def _connected(p: Pipeline) -> set[str]:
    """The stages that reach an output by data flow."""
    succ: dict[str, list[str]] = {s.name: [] for s in p.stages}
    for s in p.stages:
        for u in s.inputs:
            succ[u].append(s.name)
    kinds = {s.name: s.kind for s in p.stages}
    out = {n for n, k in kinds.items() if k == "output"}
    changed = True
    while changed:
        changed = False
        for n in kinds:
            if n not in out and any(v in out for v in succ[n]):
                out.add(n)
                changed = True
    return out


def with_labels(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Add ``labels_from`` references between existing stages (networks take their training labels from stages
    that already reach an output by data flow, never an output), and sometimes a new teacher: a deep model fed an
    existing image input that reaches no output but gives a network its labels (knowledge distillation).
    Unchanged if there is no network."""
    targets = [s.name for s in p.stages if s.kind in ("model", "feature_extraction")]
    connected = _connected(p)
    sources = [s.name for s in p.stages if s.kind != "output" and s.name in connected]
    if not targets or not sources:
        return st.just(p)
    images = [s.name for s in p.stages if s.kind == "input" and s.get("form") in IMAGE_FORMS]

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        chosen = draw(st.lists(st.sampled_from(targets), min_size=1, max_size=3, unique=True))
        teacher = None
        if images and draw(st.booleans()):
            teacher = _fresh(doc, "teacher")
            doc["stages"].append({"name": teacher, "kind": "model", "from": [draw(st.sampled_from(images))],
                                  "architecture": draw(st.sampled_from(DEEP_CLASSIFIERS)), "task": "classification"})
        for stage in doc["stages"]:
            if stage["name"] not in chosen:
                continue
            pool = [x for x in sources if x != stage["name"]]
            picked = draw(st.lists(st.sampled_from(pool), max_size=3, unique=True)) if pool else []
            if teacher is not None and stage["name"] == chosen[0]:
                picked.append(teacher)  # the teacher's only link to an output
            if picked:
                stage["labels_from"] = picked[0] if len(picked) == 1 else picked
        return _from_doc(doc)

    return go()


def _delineates(s: Stage) -> bool:
    if s.kind == "preprocessing":
        return any(not op.custom and vocab.op_category(op.name) == "roi" for op in s.ops)
    if s.kind == "model":
        return model_task(s) in ("segmentation", "detection")
    return s.kind == "input" and s.get("form") in ("mask", "boxes")


def with_training_only(p: Pipeline) -> st.SearchStrategy[Pipeline]:
    """Mark ``training_only: yes`` on an input or pre-processing stage that is not itself a delineation and whose
    data reaches every model only through a delineation (a segmentation step, a crop around the region, a
    segmentation model). Unchanged if there is none."""
    delineating = {s.name for s in p.stages if _delineates(s)}
    succ: dict[str, list[str]] = {s.name: [] for s in p.stages}
    for s in p.stages:
        for u in s.inputs:
            succ[u].append(s.name)
    kinds = {s.name: s.kind for s in p.stages}

    def only_through_delineation(start: str) -> bool:
        seen, stack, reached = {start}, [start], False
        while stack:
            for v in succ[stack.pop()]:
                if v in seen or v in delineating:
                    reached = reached or v in delineating
                    continue
                if kinds[v] in ("model", "output"):
                    return False
                seen.add(v)
                stack.append(v)
        return reached

    candidates = [s.name for s in p.stages if s.kind in ("input", "preprocessing") and s.name not in delineating
                  and only_through_delineation(s.name)]
    if not candidates:
        return st.just(p)

    @st.composite
    def go(draw: Draw) -> Pipeline:
        doc = to_document(p)
        chosen = draw(st.sampled_from(candidates))
        for stage in doc["stages"]:
            if stage["name"] == chosen:
                stage["training_only"] = True
        return _from_doc(doc)

    return go()
