"""Deterministic generators of benchmark inputs: typical pipelines (DSL and YAML) and very large ones.

Typical specs look like the examples a journal receives: 20-40 lines, a study block, comments, one of the
common architectures of the METRICS-E3 guidance (end-to-end CNN, radiomics + classifier, deep features +
classifier, fused features, modular segmentation + classification, clinical side inputs), declarations that
are sometimes wrong (so findings are produced) and sometimes expectations.  The YAML form of each spec is made
with pipespec's own converter, so the two forms describe the same pipeline.
"""

from __future__ import annotations

import random

MODALITIES = ["CT", "MRI", "PET", "US", "XR", "MG", "CBCT", "OCT", "fundus", "histopathology", "dermoscopy"]
FORMS = {"CT": "image3d", "MRI": "image3d", "PET": "image3d", "CBCT": "image3d", "US": "video"}
DEEP = ["ResNet-34", "ResNet-50", "DenseNet-121", "EfficientNet-B0", "Xception", "VGG16", "ViT", "ConvNeXt",
        "Inception-3D", "MobileNetV2", "CNN", "Swin Transformer"]
SEGMENTERS = ["U-Net", "nnU-Net", "DeepLabV3+", "V-Net", "Mask R-CNN"]
CLASSICAL = ["SVM", "random forest", "XGBoost", "LightGBM", "logistic regression", "LASSO", "Cox", "AdaBoost"]
TASKS = ["classification", "regression", "survival", "classification", "classification"]
TARGETS = ["malignancy", "grade", "overall survival", "metastasis", "response to therapy", "bone age",
           "IDH mutation", "EGFR status", "recurrence", "large vessel occlusion"]
OPS_IMAGE = ["resample(1)", "normalize", "window(-1000, 400)", "bias_field_correction", "denoise",
             "augment(flip, rotate)", "resize(224, 224)", "register", "histogram_equalization", "crop"]
COMMENTS = ["# paraphrased from the methods section", "# the cohort is retrospective, two centres",
            "# see supplementary table S2", "# hyper-parameters tuned by 5-fold cross-validation",
            "# external validation on a public data set"]


def _name(rng: random.Random, base: str, used: set[str]) -> str:
    n = base
    while n in used:
        n = f"{base}{rng.randint(2, 99)}"
    used.add(n)
    return n


def typical_dsl(i: int, seed: int = 0) -> str:
    """One typical pipeline (about 20-40 lines of DSL), different for every ``i``."""
    rng = random.Random(seed * 1_000_003 + i)
    mod = rng.choice(MODALITIES)
    form = FORMS.get(mod, "image2d")
    target = rng.choice(TARGETS)
    task = rng.choice(TASKS)
    used: set[str] = set()
    L: list[str] = [f"# Generated benchmark spec {i}: {target} from {mod}", rng.choice(COMMENTS)]
    L.append(f'pipeline "Study {i}: {target} from {mod} ({rng.choice(["retrospective", "prospective"])})" {{')
    L.append(f'  study {{ doi: "10.{1000 + i % 9000}/bench.{i}", year: {2015 + i % 10}, '
             f'reference: "Author{i} et al." }}')
    img = _name(rng, rng.choice(["scan", "img", "ct", "mri", "us", "xr"]), used)
    L.append(f'  input              {img}: {mod} {form} {{ source: "centre {rng.randint(1, 9)}" }}')
    clin = None
    if rng.random() < 0.4:
        clin = _name(rng, "clinical", used)
        L.append(f"  input              {clin}: tabular clinical")
    prep = _name(rng, "prep", used)
    ops = rng.sample(OPS_IMAGE, rng.randint(2, 4))
    L.append(f"  preprocessing      {prep}: " + ", ".join(ops))
    out = _name(rng, rng.choice(["y", "outcome", "label", "result"]), used)
    flows: list[str] = []
    archetype = i % 6
    declare: dict[int, str] = {}
    if archetype == 0:  # end-to-end CNN, transfer learning
        net = _name(rng, "net", used)
        L.append(f"  model              {net}: {rng.choice(DEEP)} {{")
        L.append(f"      pretrained_on: ImageNet, training: {rng.choice(['fine_tuned', 'from_scratch'])}")
        L.append(f"      task: {task}, epochs: {rng.randint(20, 300)}, loss: cross_entropy")
        L.append("  }")
        flows.append(f"{img} -> {prep} -> {net} -> {out}")
        if clin:
            flows.append(f"{clin} -> {net}")
        declare = {1: "no", 3: "no", 5: "yes"}
    elif archetype == 1:  # radiomics + classical model
        seg, rad, clf = (_name(rng, n, used) for n in ("seg", "rad", "clf"))
        mode = rng.choice(["manual", "semi_automated", "automated"])
        L.append(f"  preprocessing      {seg}: segmentation(mode: {mode}), discretize(bin_width: 25)")
        L.append(f"  feature_extraction {rad}: handcrafted PyRadiomics {{ feature_classes: [first_order, shape, "
                 "glcm, glrlm, glszm] }")
        sel = _name(rng, "sel", used)
        L.append(f"  preprocessing      {sel}: select(method: LASSO), normalize")
        L.append(f"  model              {clf}: {rng.choice(CLASSICAL)} {{ task: {task} }}")
        flows.append(f"{img} -> {prep} -> {seg} -> {rad} -> {sel} -> {clf} -> {out}")
        if clin:
            flows.append(f"{clin} -> {sel}")
        declare = {1: "yes", 2: "no" if mode != "automated" else "yes", 3: "yes", 4: "yes",
                   5: rng.choice(["no", "yes"])}
    elif archetype == 2:  # deep features + classical classifier
        fe, clf = _name(rng, "features", used), _name(rng, "clf", used)
        L.append(f"  feature_extraction {fe}: deep {rng.choice(DEEP)} {{ layer: avgpool, pretrained_on: ImageNet }}")
        L.append(f"  model              {clf}: {rng.choice(CLASSICAL)} {{ task: {task} }}")
        flows.append(f"{img} -> {prep} -> {fe} -> {clf} -> {out}")
        if clin:
            flows.append(f"{clin} -> {clf}")
        declare = {3: "no", 4: "yes", 5: rng.choice(["no", "yes"])}
    elif archetype == 3:  # fused hand-crafted and deep features
        seg, rad, dl, fuse, mlp = (_name(rng, n, used) for n in ("seg", "rad", "dl", "fuse", "mlp"))
        L.append(f"  preprocessing      {seg}: segmentation(mode: semi_automated)")
        L.append(f"  feature_extraction {rad}: handcrafted PyRadiomics")
        L.append(f"  feature_extraction {dl}: deep {rng.choice(DEEP)} {{ layer: avgpool, pretrained_on: ImageNet }}")
        L.append(f"  preprocessing      {fuse}: fuse, select(method: LASSO), normalize")
        L.append(f'  model              {mlp}: MLP {{ task: {task}, label: "deep radiomics" }}')
        flows.append(f"{img} -> {prep} -> {seg} -> {rad} -> {fuse} -> {mlp} -> {out}")
        flows.append(f"{seg} -> {dl} -> {fuse}")
        if clin:
            flows.append(f"{clin} -> {fuse}")
        declare = {1: "yes", 3: "yes", 4: "yes", 5: rng.choice(["no", "yes"])}
    elif archetype == 4:  # modular: segmentation network then classifier
        seg, crop, cls = (_name(rng, n, used) for n in ("segnet", "crop", "cls"))
        L.append(f"  model              {seg}: {rng.choice(SEGMENTERS)} {{ task: segmentation }}")
        L.append(f"  preprocessing      {crop}: roi_crop(mode: automated)")
        L.append(f"  model              {cls}: {rng.choice(DEEP)} {{ task: {task}, training: fine_tuned }}")
        flows.append(f"{img} -> {prep} -> {seg} -> {crop} -> {cls} -> {out}")
        flows.append(f"{prep} -> {crop}")
        if clin:
            flows.append(f"{clin} -> {cls}")
        declare = {1: "yes", 2: "yes", 5: "yes"}
    else:  # two branches compared: a CNN and a radiomics model, one output each
        net, seg, rad, clf = (_name(rng, n, used) for n in ("cnn", "seg", "rad", "clf"))
        out2 = _name(rng, "y", used)
        L.append(f"  model              {net}: {rng.choice(DEEP)} {{ task: {task}, pretrained_on: ImageNet }}")
        L.append(f"  preprocessing      {seg}: segmentation(mode: manual)")
        L.append(f"  feature_extraction {rad}: handcrafted PyRadiomics")
        L.append(f"  model              {clf}: {rng.choice(CLASSICAL)}")
        L.append(f"  output             {out2}: {task}")
        flows.append(f"{img} -> {prep} -> {net} -> {out}")
        flows.append(f"{prep} -> {seg} -> {rad} -> {clf} -> {out2}")
        declare = {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "yes"}
        if clin:
            flows.append(f"{clin} -> {clf}")
    L.append(f"  output             {out}: {task} {{")
    L.append(f'      target: "{target}"')
    L.append(f'      description: "{rng.choice(COMMENTS)[2:]}"')
    L.append("  }")
    L.append("")
    L += [f"  flow {f}" for f in flows]
    L.append("")
    for c, v in sorted(declare.items()):
        L.append(f"  declare condition{c} = {v}")
    if rng.random() < 0.5:
        L.append("")
        L.append(f"  expect condition5 = {rng.choice(['yes', 'no', 'review'])}")
    if rng.random() < 0.3:
        L.append('  waive L105 "whole-image features are intended here"')
    L.append("}")
    return "\n".join(L) + "\n"


def to_yaml(dsl: str, name: str = "<bench>") -> str:
    """The YAML form of a DSL text, through pipespec's converter (the same pipeline)."""
    from pipespec import load
    from pipespec.language.writer import to_yaml as write

    return write(load(dsl, "dsl"))


def large_dsl(n: int) -> str:
    """A pipeline of about ``n`` stages shaped to expose super-linear analyses.

    A shared trunk (a long pre-processing chain, 10% of the stages) fans out into many branches; each branch is
    either a radiomics branch (segmentation -> hand-crafted features -> classical model -> output) or a deep
    branch (CNN -> output).  Every hand-crafted extraction and every deep model then has the whole trunk
    upstream, so any per-stage upstream or downstream walk would be quadratic.
    """
    L = [f'pipeline "Scaling benchmark: {n} stages" {{', "  input ct: CT image3d"]
    trunk = max(1, n // 10)
    prev = "ct"
    for k in range(trunk):
        L.append(f"  preprocessing t{k}: {'resample(1)' if k % 2 else 'normalize'}")
        L.append(f"  flow {prev} -> t{k}")
        prev = f"t{k}"
    left = n - trunk - 1
    b = 0
    while left > 0:
        if b % 2 == 0 and left >= 4:
            L.append(f"  preprocessing s{b}: segmentation(mode: manual)")
            L.append(f"  feature_extraction r{b}: handcrafted PyRadiomics")
            L.append(f"  model m{b}: SVM")
            L.append(f"  output o{b}: classification")
            L.append(f"  flow {prev} -> s{b} -> r{b} -> m{b} -> o{b}")
            left -= 4
        elif left >= 2:
            L.append(f"  model m{b}: ResNet-50 {{ training: fine_tuned }}")
            L.append(f"  output o{b}: classification")
            L.append(f"  flow {prev} -> m{b} -> o{b}")
            left -= 2
        else:
            L.append(f"  preprocessing x{b}: normalize")
            L.append(f"  flow {prev} -> x{b}")
            left -= 1
        b += 1
    L.append("  declare condition5 = no")
    L.append("}")
    return "\n".join(L) + "\n"
