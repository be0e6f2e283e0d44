"""Stage labels against the data flow and the vocabulary (L1xx), unknown names (V101, V102; V104 for a quoted,
in-house tool) and names that can be mistaken for others (V103).

A label never outranks what the data flow shows: a model called end-to-end that is fed extracted features, a
'deep' SVM, a hand-crafted extraction whose tool is a network.
"""

from __future__ import annotations

import re

from pipespec import vocab
from pipespec.analysis.facts import model_family, model_tasks
from pipespec.analysis.graph import DEEP, FEATURES, HANDCRAFTED, SEMANTIC, Graph
from pipespec.analysis.rules.conditions import HUMAN_MODES, network_uses
from pipespec.analysis.rules.examples import ct_features, ct_model, ct_radiomics, pipeline
from pipespec.analysis.rules.record import E3, Rule, problem
from pipespec.errors import Problem
from pipespec.language.lexicon import value_text
from pipespec.model import Pipeline, written

_E2E_LABEL = re.compile(r"end[\s_-]*to[\s_-]*end|\be2e\b", re.IGNORECASE)

L101 = Rule(
    code='L101',
    title='end-to-end label on a model fed extracted features',
    condition=5,
    severity='error',
    what=('A model whose training or label says end-to-end, but which receives no image data: its inputs '
          'are tables of extracted features.'),
    why=('A label never outranks the data flow; the figures and the text must agree (METRICS-E3, advice '
         'to read text and figures together).'),
    fix=('Remove the end-to-end label, or draw the image flow into the model if it really learns from '
         'images.'),
    reference=E3,
    example=pipeline("Network head on features labelled end-to-end",
                     *ct_features("deep ResNet-50", "mlp: MLP { training: end_to_end }"), "declare condition5 = no"),
)

L102 = Rule(
    code='L102',
    title='family contradicts the vocabulary',
    condition=None,
    severity='error',
    what=("A model's declared family disagrees with what its architecture or algorithm is (a 'deep' SVM, "
          "a 'classical' ResNet). The vocabulary decides."),
    why='A wrong family label is the most common way a tabular method gets called deep learning.',
    fix='Drop the family, or correct it.',
    example="""\
pipeline "A deep SVM" {
  input ct: CT image3d
  preprocessing seg: segmentation(mode: manual)
  feature_extraction rad: handcrafted PyRadiomics
  model m: deep SVM
  output y: classification
  flow ct -> seg -> rad -> m -> y
  declare condition5 = no
}
""",
)

L103 = Rule(
    code='L103',
    title='extraction method contradicts the tool',
    condition=None,
    severity='error',
    what=('A hand-crafted feature extraction whose tool is a network (or a deep one whose tool is '
          'hand-crafted software). The tool decides the effective method.'),
    why='Features taken from a CNN are deep features, whatever they are called.',
    fix='Correct the method (or the tool).',
    example=pipeline("Network features called hand-crafted", *ct_features("handcrafted ResNet-50"),
                     "declare condition5 = no"),
)

L104 = Rule(
    code='L104',
    title='end-to-end label on a feature extractor',
    condition=5,
    severity='error',
    what=('A feature-extraction stage labelled end-to-end: extracting features is the step that breaks '
          'end-to-end learning.'),
    why='METRICS-E3, Example 6 and the advice on fused models.',
    fix='Remove the label.',
    reference=E3,
    example=pipeline("Feature extractor labelled end-to-end", *ct_features('deep ResNet-50 { label: "end-to-end" }'),
                     "declare condition5 = no"),
)

L105 = Rule(
    code='L105',
    title='hand-crafted features without a region of interest',
    condition=1,
    severity='info',
    what='Hand-crafted features are extracted from images with no delineation upstream.',
    why=('Radiomics features usually come from a region; if they do, Condition #1 depends on declaring '
         'it.'),
    fix='Declare the segmentation stage, or confirm whole-image extraction.',
    example="""\
pipeline "Whole-image radiomics" {
  input ct: CT image3d
  feature_extraction rad: handcrafted PyRadiomics
  model lr: logistic regression
  output y: classification
  flow ct -> rad -> lr -> y
  declare condition5 = no
}
""",
)

V101 = Rule(
    code='V101',
    title='unknown architecture, algorithm or tool',
    condition=None,
    severity='warning',
    what=('A model or extraction names something outside the vocabulary and gives no family or method, '
          'so it cannot be classified; the message suggests close known names.'),
    why='An unknown family can turn a verdict into review.',
    fix='Correct the spelling, or give `family: deep|classical|statistical` (or `method:`).',
    example="""\
pipeline "Misspelt architecture" {
  input xr: XR image2d
  model m: Resnett-34
  output y: classification
  flow xr -> m -> y
}
""",
)

L106 = Rule(
    code='L106',
    title="a model's task disagrees with the output it feeds",
    condition=None,
    severity='warning',
    what=('A model with a declared task (or tasks, for a multi-task network) feeds an output whose task is not '
          'among them: e.g. a segmentation-only network feeding a classification output.'),
    why=('A network that delineates and classifies is a multi-task network (task: [segmentation, '
         'classification]); leaving a task out draws a different study, and Conditions #1, #2 and #5 are '
         'decided from the tasks.'),
    fix='List every task of the network (task: [segmentation, classification]), or connect the right model.',
    example=pipeline("Segmentation network feeding a diagnosis",
                     *ct_model("net: U-Net { task: segmentation }", "dx: classification")),
)

V102 = Rule(
    code='V102',
    title='unknown feature-extraction tool',
    condition=3,
    severity='warning',
    what=('A feature extraction names a tool outside the vocabulary after its method (handcrafted Foo, deep '
          'Bar). The method decides, but a misspelt tool hides a contradiction the vocabulary would catch (a '
          '"handcrafted" network); the message suggests close known names.'),
    why='Tools decide the method when they are known; an unknown one is taken on trust.',
    fix=('Correct the spelling, or quote the name if it really is outside the vocabulary (an in-house tool): '
         'a quoted name is the author\'s own and is reported as an info (V104), never this warning.'),
    example=pipeline("Misspelt extraction tool", *ct_radiomics(tool="PyRadiomix")),
)

V104 = Rule(
    code='V104',
    title='in-house feature-extraction tool',
    condition=3,
    severity='info',
    what=('A feature extraction names, in quotes, a tool outside the vocabulary after its method '
          '(handcrafted "in-house MATLAB code"): the author\'s explicit choice of a tool of their own. The '
          'method decides; the message names close known tools, if any, in case the quotes hide a misspelling.'),
    why=('Quoting a name says it is meant as written; a warning would ask the author to change what they chose. '
         'An in-house tool does not show item 12 (standardised extraction software): a yes there is taken on '
         'trust (M412).'),
    fix=('Nothing, if the tool is the study\'s own. If it is a known tool misspelt, correct it and drop the '
         'quotes.'),
    example=pipeline("In-house extraction tool", *ct_radiomics(tool='"in-house MATLAB code"')),
)

V103 = Rule(
    code='V103',
    title='mixed-script or look-alike stage name',
    condition=None,
    severity='warning',
    what=('A stage name that mixes letters of Latin, Greek, Cyrillic or another script of look-alike letters, or '
          'uses compatibility forms (full-width letters, mathematical letters, ligatures) that look like plain '
          'letters; the name is kept as written.'),
    why=('Two names that look the same on screen can name different stages, so a reader can be shown a '
         'data flow that is not the one the file declares.'),
    fix='Spell the name in one script with plain letters.',
    example="""\
pipeline "Look-alike stage names" {
  input ct: CT image3d
  model \u0441nn: CNN
  output y: classification
  flow ct -> \u0441nn -> y
}
""",
)

V105 = Rule(
    code='V105',
    title='custom feature-processing step without a category',
    condition=4,
    severity='info',
    what=('A custom (quoted) operation works on a table of image-derived features (where features are filtered, '
          'selected or transformed) and does not say what kind of step it is. Known methods carry a category '
          '(an ICC filter removes non-robust features, LASSO redundant ones); a custom step counts for no METRICS '
          'item until it states its own.'),
    why=('Items 14 (non-robust features removed) and 15 (redundant features removed) are checked against the '
         'categories of these steps; a custom step that silently counts for nothing hides a robustness or '
         'redundancy filter the study did run.'),
    fix=('Give the step its category: "CCC filter"(category: robustness), or one of redundancy, representation, '
         'scaling, imputation, class_balance; or name a known method (ICC filter, LASSO, mRMR, PCA ...).'),
    example=pipeline("Custom filter with no category", *ct_radiomics(select='"CCC filter"(threshold: 0.9)')),
)


V106 = Rule(
    code='V106',
    title='unknown tool of an automated delineation',
    condition=5,
    severity='warning',
    what=('An automated (or mode-unstated) delineation names a tool outside the vocabulary and gives no '
          '`family:`: a network used as is to delineate leaves Condition #5 to the reviewer and software without '
          'learning does not, so the verdict is review until the family is known. The message suggests close '
          'known names.'),
    why='The tool of an automated delineation is the one operation tool whose family can change a verdict.',
    fix=('Correct the spelling, or say what the tool is: `segmentation(mode: automated, tool: LiverSeg, family: '
         'deep)` (a network used as is: review, R502) or `family: classical` (thresholding, region growing: '
         'no learning).'),
    example=pipeline("Automated segmentation by an in-house tool", *ct_radiomics(
        "segmentation(mode: automated, tool: LiverSeg)"), "declare condition5 = no"),
)

V107 = Rule(
    code='V107',
    title='unknown operation tool',
    condition=None,
    severity='info',
    what=('A pre-processing operation other than an automated delineation names a tool outside the '
          'vocabulary (an in-house script, a misspelt name); the message suggests close known names. No verdict '
          'depends on it: manual delineations, custom (quoted) steps and image-preparation operations never turn '
          'a verdict into review, whatever their tool is.'),
    why='A misspelt tool hides what the vocabulary knows about it (a ready-made network, finding R504).',
    fix='Correct the spelling, or give `family: deep | classical | statistical` to say what it is.',
    example=pipeline("Bias-field correction by an in-house script",
                     *ct_radiomics("segmentation(mode: manual), bias_field_correction(tool: BiasFix)"),
                     "declare condition5 = no"),
)

RULES = (L101, L102, L103, L104, L105, L106, V101, V102, V103, V104, V105, V106, V107)


def op_tool_findings(p: Pipeline, g: Graph) -> list[Problem]:
    """V106/V107 for every operation tool the vocabulary does not know and no ``family:`` explains."""
    out: list[Problem] = []
    if "tool" not in g.op_keys:  # (no operation of the pipeline names one)
        return out
    for s in p.stages:
        if s.kind != "preprocessing":
            continue
        for use in network_uses(g, s):
            op = use.op
            if use.known or use.family is not None:
                continue
            hint = vocab.did_you_mean(use.tool) or ""
            if use.role == "delineation" and op.param("mode") not in HUMAN_MODES:
                how = "automated" if op.param("mode") == "automated" else "mode not stated"
                out.append(problem(V106, f"unknown tool '{use.tool}' in the delineation {op.name} ({how}) of "
                                         f"'{s.name}'{hint}; Condition #5 is review unless its family is given: "
                                         f"{op.name}(tool: {value_text(use.tool)}, family: deep | classical)",
                                   op.span or s.span, s.name))
            else:
                name = f"'{op.name}'" if op.custom else op.name
                out.append(problem(V107, f"unknown tool '{use.tool}' in the operation {name} of '{s.name}'{hint} "
                                         "(no verdict depends on it)", op.span or s.span, s.name))
    return out

# scripts whose letters are easily confused with one another's (Latin a / Cyrillic \u0430 / Greek \u03b1); Latin
# with Han, kana or Hangul is ordinary writing (CT画像), as in Unicode's "highly restrictive" profile
_CONFUSABLE_SCRIPTS = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "CHEROKEE", "COPTIC"})
_EAST_ASIAN = {"CJK": "HAN", "HIRAGANA": "HAN", "KATAKANA": "HAN", "HANGUL": "HAN", "IDEOGRAPHIC": "HAN"}


def _script(ch: str) -> str:
    import unicodedata

    word = unicodedata.name(ch, "").split(" ", 1)[0]
    return _EAST_ASIAN.get(word, word)


def look_alike(name: str) -> str | None:
    """Why ``name`` may be mistaken for another name (``None``: it may not): compatibility forms (their NFKC form
    differs: full-width, mathematical letters, ligatures) or letters of several scripts one of which is easily
    confused with another. The name itself is never normalised."""
    import unicodedata

    if not name.isascii():
        for ch in name:
            if ch.isalnum() and unicodedata.normalize("NFKC", ch) != ch:
                plain = unicodedata.normalize("NFKC", ch)
                return f"U+{ord(ch):04X} {unicodedata.name(ch, '?').lower()} looks like '{plain}'"
        scripts = {_script(ch) for ch in name if ch.isalpha()}
        if len(scripts) > 1 and scripts & _CONFUSABLE_SCRIPTS and not scripts <= {"LATIN", "HAN"}:
            return "it mixes " + " and ".join(sorted(s.capitalize() for s in scripts)) + " letters"
    return None


def custom_step_findings(p: Pipeline, g: Graph) -> list[Problem]:
    """V105 for every custom operation, without a category, on a table of image-derived features."""
    out: list[Problem] = []
    for s in p.stages:
        if s.kind != "preprocessing" or not any(op.custom for op in s.ops):
            continue
        categories = ", ".join(vocab.PROCESSING_CATEGORIES)
        if g.type.get(s.name) != "tabular" or not g.table_provenance(s.name) & {HANDCRAFTED, DEEP, FEATURES, SEMANTIC}:
            continue
        for op in s.ops:
            if op.custom and op.param("category") is None:
                known = vocab.processing_method(op.name)
                hint = (f"; unquoted, '{op.name}' is the known method {known[1]} (category "
                        f"{vocab.method_category(op.name)})" if known is not None and vocab.method_category(op.name)
                        else "")
                out.append(problem(V105, f"custom step '{op.name}' in '{s.name}' processes extracted features but "
                                    f"states no category ({categories}): it counts for no METRICS item{hint}",
                                    op.span, s.name))
    return out


def name_findings(p: Pipeline) -> list[Problem]:
    """V103 for every stage name that can be mistaken for another."""
    out: list[Problem] = []
    for s in p.stages:
        why = look_alike(s.name)
        if why:
            out.append(problem(V103, f"stage name '{s.name}' can be mistaken for another name: {why}", s.span,
                               stage=s.name))
    return out


def label_findings(p: Pipeline, g: Graph, delineating: frozenset[str] = frozenset()) -> list[Problem]:
    """Stage labels against the data flow and the vocabulary; ``delineating``: the stages of delineations()."""
    out: list[Problem] = []
    roi_upstream: set[str] | None = None
    for s in p.stages:
        if s.kind not in ("model", "feature_extraction"):  # the kinds whose labels and names are checked here
            continue
        label = s.text("label") or ""
        if s.kind == "model":
            claims = s.text("training") == "end_to_end" or bool(_E2E_LABEL.search(label))
            if claims and not g.image_inputs(s.name) and g.table_provenance(s.name) & {HANDCRAFTED, DEEP, FEATURES, SEMANTIC}:
                srcs = ", ".join(g.table_inputs(s.name)[:3]) or "no images"
                out.append(problem(L101, f"model '{s.name}' is labelled end-to-end but is fed extracted features "
                                    f"({srcs}), not images", s.attr_span("training" if s.get("training") else "label"),
                                    s.name))
            declared = s.text("family")
            name = s.text("architecture") or s.text("algorithm")
            term = vocab.lookup(name) if name else None
            if declared and term is not None and term.family in ("deep", "classical", "statistical"):
                if (declared == "deep") != (term.family == "deep"):
                    out.append(problem(L102, f"model '{s.name}' is declared {declared}, but {name} is "
                                        f"{term.family}: treated as {term.family}", s.attr_span("family"), s.name))
            if name and term is None and not declared and model_family(s) is None:
                out.append(problem(V101, f"unknown {'algorithm' if s.get('algorithm') else 'architecture'} "
                                    f"'{name}' in model '{s.name}', and no family given"
                                    f"{vocab.did_you_mean(name) or ''}",
                                    s.attr_span("architecture" if s.get("architecture") else "algorithm"), s.name))
        if s.kind == "model" and s.values("task"):
            tasks = set(model_tasks(s))
            for v in g.succ[s.name]:
                out_stage = g.stages[v]
                if out_stage.kind != "output":
                    continue
                # an output with several tasks takes them from a multi-task model (each must be the model's), or
                # from several models together (late fusion): then each task must be one of theirs, and each
                # model must do one of the output's tasks
                wanted = out_stage.values("task")
                missing = [t for t in wanted if t not in tasks]
                if len(wanted) > 1 and missing and set(wanted) & tasks:
                    feeders = [g.stages[u] for u in out_stage.inputs
                               if g.stages[u].kind == "model" and g.stages[u].values("task")]
                    together = {t for m in feeders for t in model_tasks(m)}
                    first = feeders[0].name if feeders else s.name
                    missing = [t for t in wanted if t not in together] if s.name == first else []
                if missing:
                    want = out_stage.text("task")
                    out.append(problem(L106, f"model '{s.name}' ({', '.join(model_tasks(s))}) feeds output "
                                        f"'{v}' ({want}): list every task of a multi-task network "
                                        f"(task: [{', '.join(list(model_tasks(s)) + missing)}])",
                                        out_stage.input_span(s.name), s.name, (s.attr_span("task"),)))
        if s.kind == "feature_extraction":
            declared = s.text("method")
            tool = s.text("tool")
            term = vocab.lookup(tool) if tool else None
            if declared and term is not None and term.family in ("handcrafted", "deep") and term.family != declared:
                kind_word = "a network" if term.family == "deep" else "hand-crafted software"
                out.append(problem(L103, f"feature extraction '{s.name}' is declared {declared}, but its tool "
                                    f"{tool} is {kind_word}: treated as {term.family} features",
                                    s.attr_span("method"), s.name))
            if tool and term is None and declared:
                if "tool" in written(s.spelling, "quoted", ()):  # the author's own tool, named as such
                    out.append(problem(V104, f"feature extraction '{s.name}' uses the in-house tool '{tool}' "
                                        f"({declared}; quoted, taken as written){vocab.did_you_mean(tool) or ''}",
                                        s.attr_span("tool"), s.name))
                else:
                    out.append(problem(V102, f"unknown tool '{tool}' in feature extraction '{s.name}' ({declared})"
                                        f"{vocab.did_you_mean(tool) or ''}", s.attr_span("tool"), s.name))
            if tool and term is None and not declared and g.method(s.name) is None:
                out.append(problem(V101, f"unknown tool '{tool}' in feature extraction '{s.name}', and no method "
                                    f"given{vocab.did_you_mean(tool) or ''}: give method: handcrafted | deep",
                                    s.attr_span("tool"), s.name))
            if _E2E_LABEL.search(label):
                out.append(problem(L104, f"feature extraction '{s.name}' is labelled end-to-end; extracting "
                                    "features is what breaks end-to-end learning", s.attr_span("label"), s.name))
            if g.method(s.name) == "handcrafted":
                if roi_upstream is None:
                    roi_upstream = g.upstream_of(lambda u: u.name in delineating)
                if s.name not in roi_upstream:
                    out.append(problem(L105, f"hand-crafted features '{s.name}' are extracted with no region of "
                                        "interest upstream (whole image?)", s.span, s.name))
    out += custom_step_findings(p, g)
    out += op_tool_findings(p, g)
    out += name_findings(p)
    return out


