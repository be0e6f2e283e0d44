"""The vocabulary: known architectures, algorithms, tools, modalities and operations, with aliases.

Lookup is case-insensitive and ignores spaces, hyphens, underscores, dots and slashes, so ``ResNet-34``,
``resnet34`` and ``Resnet 34`` are the same name.  Families of numbered variants (``ResNet-152``,
``EfficientNet-B7``, ``YOLOv8``) are matched by pattern.  ``family`` of a model is inferred from here when the
author does not state it; a stated family that contradicts the vocabulary is a finding (a "deep" SVM).
Extend the tables below and document new entries in grammar/README.md.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import functools
import re
from typing import NamedTuple


class Term(NamedTuple):
    name: str  # canonical spelling
    family: str  # deep | classical | statistical | handcrafted or semantic (a feature-extraction tool) | manual (software people
    # operate to delineate)
    role: str = "model"  # model | extractor | segmenter | tool (software for a pre-processing operation)
    task: str | None = None  # typical task, used only in messages
    # the pre-processing operation a network performs when the study applies it as is (segmentation, bounding_box,
    # reconstruct, denoise, skull_strip, register, synthesize, harmonize), or None (a classifier, a backbone)
    op: str | None = None
    ready_made: bool = False  # a product normally applied as is (a vendor reconstruction, HD-BET, TotalSegmentator)


# (hyphens and dashes of every kind: a manuscript's "U\u2011Net" with a non-breaking hyphen is the U-Net)
_KEY_SEPARATORS = re.compile(r"[\s\-_./\u2010-\u2015\u2212]+")


def _key_of(text: str) -> str:
    return _KEY_SEPARATORS.sub("", text.lower())


_key_cached = functools.lru_cache(maxsize=4096)(_key_of)  # the same few hundred words in every file of a batch
_KEY_CACHED_LENGTH = 64  # longer text is keyed afresh (a cache never holds a huge name)


def _key(text: str) -> str:
    return _key_cached(text) if len(text) <= _KEY_CACHED_LENGTH else _key_of(text)


# name, family, role, typical task, aliases
_TERMS: list[tuple[str, str, str, str | None, tuple[str, ...]]] = [
    # deep architectures
    ("CNN", "deep", "model", None, ("convolutional neural network", "convolutional network", "ConvNet", "3D CNN",
                                    "2D CNN", "simple CNN",
                                    "custom CNN", "deep CNN")),
    ("DNN", "deep", "model", None, ("deep neural network", "deep network", "neural network", "ANN",
                                    "artificial neural network")),
    ("MLP", "deep", "model", None, ("multilayer perceptron", "multi-layer perceptron", "layer perceptron", "fully connected network",
                                    "feed-forward network", "feedforward neural network", "MLP classifier")),
    ("Xception", "deep", "model", "classification", ("stacked-Xception",)),
    ("Inception-3D", "deep", "model", "classification", ("I3D", "Inflated 3D ConvNet", "Inception3D")),
    ("ViT", "deep", "model", "classification", ("vision transformer",)),
    ("Swin Transformer", "deep", "model", None, ("Swin", "SwinUNETR", "Swin-UNETR")),
    ("Transformer", "deep", "model", None, ()),
    ("ConvNeXt", "deep", "model", "classification", ()),
    ("AlexNet", "deep", "model", "classification", ()),
    ("GoogLeNet", "deep", "model", "classification", ()),
    ("SqueezeNet", "deep", "model", "classification", ()),
    ("ShuffleNet", "deep", "model", "classification", ()),
    ("CheXNet", "deep", "model", "classification", ()),
    ("Med3D", "deep", "model", None, ()),
    ("RNN", "deep", "model", None, ("recurrent neural network",)),
    ("LSTM", "deep", "model", None, ("long short-term memory",)),
    ("GRU", "deep", "model", None, ()),
    ("Autoencoder", "deep", "model", None, ("AE", "VAE", "variational autoencoder", "convolutional autoencoder")),
    ("GAN", "deep", "model", None, ("generative adversarial network",)),
    ("SimCLR", "deep", "model", None, ()),
    ("DINO", "deep", "model", None, ("DINOv2",)),
    ("MoCo", "deep", "model", None, ("MoCo v2", "MoCo v3", "MoCov2", "MoCov3", "momentum contrast")),
    ("BYOL", "deep", "model", None, ()),
    ("Barlow Twins", "deep", "model", None, ()),
    ("SwAV", "deep", "model", None, ()),
    ("iBOT", "deep", "model", None, ()),
    ("SimMIM", "deep", "model", None, ()),
    ("masked autoencoder", "deep", "model", None, ("masked autoencoders", "masked auto-encoder")),
    ("Attention MIL", "deep", "model", "classification", ("ABMIL", "attention-based MIL", "CLAM", "gated attention MIL",
                                                          "gated ABMIL", "gated attention", "attention pooling",
                                                          "attention-based pooling", "attention aggregation",
                                                          "attention-based multiple instance learning")),
    ("TabNet", "deep", "model", "classification", ()),
    ("DeepSurv", "deep", "model", "survival", ()),
    ("U-Net", "deep", "segmenter", "segmentation", ("UNet", "3D U-Net", "Attention U-Net", "UNet++", "U-Net++",
                                                     "Res-U-Net", "ResUNet", "UNETR")),
    ("nnU-Net", "deep", "segmenter", "segmentation", ("nnUNet", "nn-UNet", "no-new-Net")),
    ("V-Net", "deep", "segmenter", "segmentation", ()),
    ("DeepLabV3", "deep", "segmenter", "segmentation", ("DeepLab", "DeepLabv3")),
    ("DeepLabV3+", "deep", "segmenter", "segmentation", ("DeepLabv3 plus", "DeepLabV3plus")),
    ("Mask R-CNN", "deep", "segmenter", "segmentation", ("MaskRCNN",)),
    ("Faster R-CNN", "deep", "model", "detection", ("FasterRCNN",)),
    ("RetinaNet", "deep", "model", "detection", ()),
    ("TotalSegmentator", "deep", "segmenter", "segmentation", ()),
    ("SAM", "deep", "segmenter", "segmentation", ("Segment Anything", "Segment Anything Model")),
    ("MedSAM", "deep", "segmenter", "segmentation", ()),
    ("MONAI Auto3DSeg", "deep", "segmenter", "segmentation", ("Auto3DSeg",)),
    ("C3D", "deep", "model", "classification", ()),
    ("R3D", "deep", "model", "classification", ("3D ResNet", "ResNet3D", "MedicalNet")),
    ("R(2+1)D", "deep", "model", "classification", ("R2+1D", "R2plus1D")),
    ("SlowFast", "deep", "model", "classification", ()),
    ("X3D", "deep", "model", "classification", ()),
    ("TimeSformer", "deep", "model", "classification", ()),
    ("VideoMAE", "deep", "model", "classification", ()),
    ("MViT", "deep", "model", "classification", ("MViTv2",)),
    ("BiLSTM", "deep", "model", None, ("bidirectional LSTM",)),
    ("ConvLSTM", "deep", "model", None, ()),
    ("TCN", "deep", "model", None, ("temporal convolutional network",)),
    ("GNN", "deep", "model", None, ("graph neural network", "GCN", "graph convolutional network", "GAT",
                                    "graph attention network", "GraphSAGE")),
    ("NASNet", "deep", "model", "classification", ("NASNetLarge", "NASNetMobile")),
    ("BiT", "deep", "model", "classification", ("Big Transfer",)),
    ("LeNet", "deep", "model", "classification", ("LeNet-5",)),
    ("Mamba", "deep", "model", None, ("Vision Mamba", "VMamba")),
    ("CLIP", "deep", "model", None, ("BiomedCLIP", "PLIP", "MedCLIP")),
    ("RadImageNet", "deep", "model", None, ()),
    ("UNI", "deep", "model", None, ("CONCH", "Virchow", "CTransPath", "Prov-GigaPath", "Phikon", "RETFound")),
    ("MIL", "deep", "model", "classification", ("multiple instance learning", "TransMIL", "DSMIL", "deep MIL",
                                                "multiple-instance learning", "MIL aggregator")),
    ("SegResNet", "deep", "segmenter", "segmentation", ()),
    ("TransUNet", "deep", "segmenter", "segmentation", ("Swin-UNet", "SwinUNet")),
    ("nnFormer", "deep", "segmenter", "segmentation", ()),
    ("MedNeXt", "deep", "segmenter", "segmentation", ()),
    ("HRNet", "deep", "segmenter", "segmentation", ()),
    ("PSPNet", "deep", "segmenter", "segmentation", ()),
    ("FCN", "deep", "segmenter", "segmentation", ("fully convolutional network",)),
    ("LinkNet", "deep", "segmenter", "segmentation", ()),
    ("HoVer-Net", "deep", "segmenter", "segmentation", ("HoVerNet",)),
    ("StarDist", "deep", "segmenter", "segmentation", ()),
    ("Cellpose", "deep", "segmenter", "segmentation", ()),
    ("SAM-Med3D", "deep", "segmenter", "segmentation", ("SAM-Med2D",)),
    ("nnDetection", "deep", "model", "detection", ()),
    ("Retina U-Net", "deep", "model", "detection", ("RetinaUNet",)),
    ("SSD", "deep", "model", "detection", ("single shot detector",)),
    ("DETR", "deep", "model", "detection", ("Deformable DETR",)),
    ("EfficientDet", "deep", "model", "detection", ()),
    ("CenterNet", "deep", "model", "detection", ()),
    ("Cascade R-CNN", "deep", "model", "detection", ()),
    ("BERT", "deep", "model", None, ("BioBERT", "ClinicalBERT", "RadBERT", "PubMedBERT", "GPT", "LLM",
                                     "large language model", "language model")),
    ("Siamese network", "deep", "model", None, ("Siamese", "Siamese CNN", "twin network")),
    ("deep learning reconstruction", "deep", "model", "image_to_image", ("DLR", "DLIR", "TrueFidelity", "AiCE",
                                                                         "Precise Image", "AIIR", "Deep Resolve",
                                                                         "AIR Recon DL", "AIRReconDL",
                                                                         "Advanced intelligent Clear-IQ Engine",
                                                                         "SmartSpeed Precise", "DLRecon",
                                                                         "deep learning image reconstruction")),
    ("deep learning denoising", "deep", "model", "image_to_image", ("SubtleMR", "SubtlePET", "PixelShine",
                                                                    "ClariCT.AI", "ClariCT", "DLD")),
    ("DnCNN", "deep", "model", "image_to_image", ("RED-CNN", "REDCNN", "Noise2Noise", "Noise2Void", "N2V")),
    ("SRGAN", "deep", "model", "image_to_image", ("ESRGAN", "Real-ESRGAN", "SRCNN", "EDSR")),
    ("HD-BET", "deep", "model", "image_to_image", ("HDBET",)),
    ("SynthStrip", "deep", "model", "image_to_image", ("mri_synthstrip",)),
    ("SynthSR", "deep", "model", "image_to_image", ()),
    ("SynthMorph", "deep", "model", "image_to_image", ("mri_synthmorph",)),
    ("SynthSeg", "deep", "segmenter", "segmentation", ("mri_synthseg", "SynthSeg+")),
    ("FastSurfer", "deep", "segmenter", "segmentation", ("FastSurferCNN",)),
    ("lungmask", "deep", "segmenter", "segmentation", ("lungmask R231", "R231")),
    ("DeepMedic", "deep", "segmenter", "segmentation", ()),
    ("CycleGAN", "deep", "model", "image_to_image", ("pix2pix", "StyleGAN", "conditional GAN", "cGAN")),
    ("diffusion model", "deep", "model", "image_to_image", ("DDPM", "latent diffusion", "diffusion")),
    ("VoxelMorph", "deep", "model", "image_to_image", ()),
    # networks unrolled from an iterative reconstruction: undersampled k-space (or sinograms) to images
    ("VarNet", "deep", "model", "image_to_image", ("E2E-VarNet", "End-to-End VarNet", "variational network", "MoDL",
                                                   "ADMM-Net", "ISTA-Net", "KIKI-net", "AUTOMAP")),
    ("DeepHit", "deep", "model", "survival", ("Cox-nnet", "CoxNet-DL", "DeepSurv-CNN")),
    # classical machine learning
    ("SVM", "classical", "model", "classification", ("support vector machine", "SVC", "support vector classifier",
                                                     "SVR", "support vector regression", "linear SVM", "SVMs",
                                                     "SVM-RBF", "RBF SVM", "kernel SVM")),
    ("extra trees", "classical", "model", "classification", ("ExtraTrees", "extremely randomized trees")),
    ("Bayesian network", "classical", "model", "classification", ()),
    ("CoxBoost", "classical", "model", "survival", ()),
    ("RUSBoost", "classical", "model", "classification", ()),
    ("stacking classifier", "classical", "model", "classification", ("stacking", "voting classifier", "voting",
                                                                      "stacked ensemble", "ensemble")),
    ("AutoML", "classical", "model", None, ("TPOT", "auto-sklearn", "AutoGluon")),
    ("random forest", "classical", "model", "classification", ("RF", "random forests", "random forest classifier")),
    ("random survival forest", "classical", "model", "survival", ("RSF",)),
    ("XGBoost", "classical", "model", "classification", ("extreme gradient boosting", "XGB")),
    ("LightGBM", "classical", "model", "classification", ("LGBM",)),
    ("CatBoost", "classical", "model", "classification", ()),
    ("AdaBoost", "classical", "model", "classification", ()),
    ("gradient boosting", "classical", "model", "classification", ("GBM", "GBDT", "gradient boosting machine",
                                                                    "gradient boosted trees", "gradient boosted",
                                                                    "gradient boosted decision trees",
                                                                    "gradient boosting decision trees")),
    ("decision tree", "classical", "model", "classification", ("DT", "CART")),
    ("k-nearest neighbours", "classical", "model", "classification", ("kNN", "k-NN", "k-nearest neighbors",
                                                                      "k-nearest neighbour", "k-nearest neighbor",
                                                                      "nearest neighbours")),
    ("naive Bayes", "classical", "model", "classification", ("NB", "Gaussian naive Bayes")),
    ("LDA", "classical", "model", "classification", ("linear discriminant analysis",)),
    ("QDA", "classical", "model", "classification", ("quadratic discriminant analysis",)),
    ("k-means", "classical", "model", "clustering", ("kmeans", "k-means clustering")),
    ("hierarchical clustering", "classical", "model", "clustering", ("agglomerative clustering",)),
    ("Gaussian mixture model", "classical", "model", "clustering", ("GMM", "Gaussian mixture", "Gaussian mixtures",
                                                                    "mixture model")),
    ("DBSCAN", "classical", "model", "clustering", ("HDBSCAN",)),
    ("spectral clustering", "classical", "model", "clustering", ()),
    ("Gaussian process", "classical", "model", None, ("GP", "GPR")),
    # statistical models
    ("logistic regression", "statistical", "model", "classification", ("LR", "logit", "multivariable logistic regression",
                                                                        "multivariate logistic regression")),
    ("LASSO", "statistical", "model", None, ("LASSO regression", "LASSO logistic regression", "lasso-logistic",
                                             "least absolute shrinkage and selection operator")),
    ("elastic net", "statistical", "model", None, ("elasticnet", "ENet")),
    ("ridge regression", "statistical", "model", None, ("ridge",)),
    ("linear regression", "statistical", "model", "regression", ("OLS", "ordinary least squares")),
    ("Cox", "statistical", "model", "survival", ("Cox regression", "Cox proportional hazards", "CoxPH",
                                                 "Cox proportional hazard",  # (the singular, often written)
                                                 "Cox model", "LASSO-Cox", "Cox-LASSO")),
    ("nomogram", "statistical", "model", None, ()),
    ("GLM", "statistical", "model", None, ("generalized linear model", "generalised linear model")),
    ("penalized Cox", "statistical", "model", "survival", ("CoxNet", "Coxnet", "penalised Cox", "elastic-net Cox")),
    ("Fine-Gray", "statistical", "model", "survival", ("Fine and Gray", "competing risks")),
    ("multinomial logistic regression", "statistical", "model", "classification",
     ("ordinal logistic regression", "ordinal regression", "LR-LASSO")),
    ("rad-score", "statistical", "model", None, ("radscore", "radiomics score", "Rad-score", "radiomic signature")),
    # hand-crafted feature extraction software
    ("PyRadiomics", "handcrafted", "extractor", None, ("Pyradiomics", "pyradiomics")),
    ("LIFEx", "handcrafted", "extractor", None, ("LifeX",)),
    ("IBEX", "handcrafted", "extractor", None, ("Imaging Biomarker Explorer",)),
    ("MaZda", "handcrafted", "extractor", None, ("qMaZda",)),
    ("CERR", "handcrafted", "extractor", None, ()),
    ("RaCaT", "handcrafted", "extractor", None, ()),
    ("MITK Phenotyping", "handcrafted", "extractor", None, ("MITK",)),
    ("SlicerRadiomics", "handcrafted", "extractor", None, ("3D Slicer Radiomics", "Slicer Radiomics")),
    ("Radiomics Image Analysis", "handcrafted", "extractor", None, ("RIA",)),
    ("MIRP", "handcrafted", "extractor", None, ()),
    ("CaPTk", "handcrafted", "extractor", None, ()),
    ("IBSI-compliant software", "handcrafted", "extractor", None, ("IBSI", "IBSI compliant", "in-house IBSI")),
    ("A.K. software", "handcrafted", "extractor", None, ("Artificial Intelligence Kit", "AK software")),
    ("syngo.via Frontier", "handcrafted", "extractor", None, ("syngo.via", "Radiomics Prototype")),
    ("Radcloud", "handcrafted", "extractor", None, ()),
    ("uAI Research Portal", "handcrafted", "extractor", None, ("uRP",)),
    # semantic features rated by readers (scoring systems whose descriptors make a table)
    ("VASARI", "semantic", "extractor", None, ("VASARI features", "VASARI feature set")),
    ("LI-RADS features", "semantic", "extractor", None, ("LI-RADS", "LIRADS", "PI-RADS", "PIRADS", "BI-RADS",
                                                         "BIRADS", "BI-RADS descriptors", "Lung-RADS", "TI-RADS",
                                                         "TIRADS", "ACR TI-RADS", "O-RADS")),
    # segmentation software operated by people
    ("ITK-SNAP", "manual", "segmenter", "segmentation", ("ITKSNAP",)),
    ("3D Slicer", "manual", "segmenter", "segmentation", ("Slicer", "Slicer 3D")),
    ("MIM", "manual", "segmenter", "segmentation", ("MIM Maestro",)),
    ("GrowCut", "manual", "segmenter", "segmentation", ("grow cut", "seeded region growing")),
    # image-processing software and algorithms without learning, named as an operation's tool
    ("ANTs", "classical", "tool", None, ("ANTsPy", "Advanced Normalization Tools", "SyN", "ANTs SyN")),
    ("N4ITK", "classical", "tool", None, ("N4", "N4 bias field correction")),
    ("FSL", "classical", "tool", None, ("FSL BET", "BET", "FSL FLIRT", "FLIRT", "FNIRT")),
    ("ROBEX", "classical", "tool", None, ()),
    ("FreeSurfer", "classical", "tool", None, ("recon-all",)),
    ("SPM", "classical", "tool", None, ("SPM12", "CAT12")),
    ("elastix", "classical", "tool", None, ("SimpleElastix",)),
    ("SimpleITK", "classical", "tool", None, ("ITK", "Insight Toolkit")),
    ("thresholding", "classical", "tool", None, ("threshold", "Otsu", "Otsu thresholding", "SUV threshold",
                                                 "SUVmax threshold", "fixed threshold", "adaptive threshold")),
    ("region growing", "classical", "tool", None, ()),
    ("watershed", "classical", "tool", None, ()),
    ("level set", "classical", "tool", None, ("active contour", "active contours", "snakes")),
    ("graph cut", "classical", "tool", None, ("graph cuts", "GraphCut")),
    ("atlas-based segmentation", "classical", "tool", None, ("atlas", "atlas registration", "multi-atlas")),
]

# what a deep network does when a study applies it inside the pipeline (an operation of its own), and whether it
# is a product normally applied as is: canonical name -> (operation, ready made). Segmentation networks not listed
# delineate (segmentation), detection networks draw boxes (bounding_box).
_NETWORK_OPS: dict[str, tuple[str, bool]] = {
    "deep learning reconstruction": ("reconstruct", True),
    "deep learning denoising": ("denoise", True),
    "DnCNN": ("denoise", False),
    "SRGAN": ("synthesize", False),
    "HD-BET": ("skull_strip", True),
    "SynthStrip": ("skull_strip", True),
    "SynthSR": ("synthesize", True),
    "SynthMorph": ("register", True),
    "VoxelMorph": ("register", False),
    "CycleGAN": ("synthesize", False),
    "diffusion model": ("synthesize", False),
    "SynthSeg": ("segmentation", True),
    "FastSurfer": ("segmentation", True),
    "lungmask": ("segmentation", True),
    "TotalSegmentator": ("segmentation", True),
    "SAM": ("segmentation", True),
    "MedSAM": ("segmentation", True),
    "SAM-Med3D": ("segmentation", True),
}

# numbered variants of deep architectures: ResNet-152, DenseNet-121, VGG16, EfficientNet-B7, YOLOv8, ... (patterns
# compiled by re on the first name not found in the index, not at import)
_PATTERNS: list[tuple[str, str, str, str | None]] = [
    (r"(se)?(resnet|resnext)(\d+)?(v\d)?([a-d])?", "ResNet", "model", None),
    (r"densenet(\d+)?", "DenseNet", "model", None),
    (r"vgg(\d+)?", "VGG", "model", None),
    (r"inception(v\d)?|inceptionresnet(v\d)?", "Inception", "model", None),
    (r"efficientnet(v2)?(b\d|[sml])?", "EfficientNet", "model", None),
    (r"mobilenet(v\d)?(small|large)?", "MobileNet", "model", None),
    (r"regnet[xy]?\d*(gf|mf)?", "RegNet", "model", None),
    (r"yolo(v\d+)?", "YOLO", "model", "detection"),
    # (sizes by letter or by word: ViT-B/16, ViT-Small, Swin-T, ConvNeXt-Tiny, DeiT-S)
    (r"(vit|deit|beit)(ti|b|l|s|h|g|tiny|small|base|large|huge|giant)?\d*", "ViT", "model", None),
    (r"swin(v2)?(transformer)?([tsbl]|tiny|small|base|large)?\d*", "Swin Transformer", "model", None),
    (r"convnext(v2)?([tsblx]|tiny|small|base|large|xlarge)?\d*", "ConvNeXt", "model", None),
    (r"yolo(v\d+|x)[nsmlx]?", "YOLO", "model", "detection"),
]

# the families of the patterns: architectures a released network may be built on, named after it ("DINOv2 ViT-B/14")
BACKBONES = frozenset(canonical for _, canonical, _, _ in _PATTERNS) - {"YOLO"}

# spellings offered for "did you mean" for the pattern families above
_EXEMPLARS = ("ResNet", "ResNet-18", "ResNet-34", "ResNet-50", "ResNet-101", "DenseNet-121", "VGG16", "VGG19",
              "InceptionV3", "EfficientNet-B0", "MobileNetV2", "YOLOv8", "RegNet")

_INDEX: dict[str, Term] = {}
for _name, _family, _role, _task, _aliases in _TERMS:
    _op_of, _ready = _NETWORK_OPS.get(_name, (None, False))
    if _op_of is None and _family == "deep":
        _op_of = {"segmentation": "segmentation", "detection": "bounding_box"}.get(_task or "")
    _term = Term(_name, _family, _role, _task, _op_of, _ready)
    for _alias in (_name, *_aliases):
        _INDEX.setdefault(_key(_alias), _term)


# the methods that train a network without labels (self-supervised pretraining): a network named so learns
# representations, and a network fine-tuned after it takes its weights from it (weights_from)
SELF_SUPERVISED = frozenset({"SimCLR", "DINO", "MoCo", "BYOL", "Barlow Twins", "SwAV", "iBOT", "SimMIM",
                             "masked autoencoder"})
# the networks that pool the instances of a bag (a slide's tiles, a scan's slices) into one prediction: with the
# encoder of the instances and the classifier they are one network, unless the encoder is frozen and its embeddings
# are taken out
INSTANCE_POOLING = frozenset({"Attention MIL", "MIL"})

_DIMENSION = re.compile(r"^(?:2d|3d|4d|25d|\(2\+1\)d)|(?:2d|3d|4d|25d)$")
_PARTS = re.compile(r"[\s\-+/]+")


def _lookup_key(k: str) -> Term | None:
    term = _INDEX.get(k)
    if term is not None:
        return term
    for pattern, canonical, role, task in _PATTERNS:
        if re.fullmatch(pattern, k):
            return Term(canonical, "deep", role, task, "bounding_box" if task == "detection" else None)
    return None


def _without_version(name: str) -> str:
    """``name`` without a trailing dotted version (``MaZda 4.6`` -> ``MaZda``), in one pass from the right.

    What ``re.sub(r"\\s*v?\\d+(?:\\.\\d+)+$", "", name)`` does, without its quadratic backtracking on long
    digit or space runs.
    """
    head = name.rstrip("0123456789.")
    tail = name[len(head):]
    if not tail or tail.endswith("."):
        return name
    start = tail.rfind("..") + 2 if ".." in tail else 0
    if tail.startswith(".", start):
        start += 1
    version = tail[start:]
    if "." not in version or not version[:1].isdigit():
        return name
    prefix = name[:len(head) + start]
    if start == 0:  # the version may have a `v` and spaces before it
        prefix = prefix.removesuffix("v").rstrip()
    return prefix


@functools.lru_cache(maxsize=4096)  # a name aliased into many stages (YAML) is looked up once
def lookup(name: str) -> Term | None:
    """The vocabulary entry for an architecture, algorithm or tool name, or ``None``.

    Also recognised: a dimension prefix or suffix (``3D ResNet-18``, ``U-Net 3D``, ``2.5D CNN``), a trailing
    version (``MaZda 4.6``), and composite deep names whose every part is a known network (``CNN-LSTM``,
    ``ResNet+Transformer``).
    """
    k = _key(name)
    term = _lookup_key(k)
    if term is not None or not k:
        return term
    stripped = _DIMENSION.sub("", k)
    if stripped and stripped != k:
        term = _lookup_key(stripped)
        if term is not None:
            return term
    versionless = _key(_without_version(name.strip()))
    if versionless and versionless != k:
        term = _lookup_key(versionless)
        if term is not None:
            return term
    words = name.split()
    if len(words) == 2:  # a released network named with its backbone: "DINOv2 ViT-B/14", "SAM ViT-H", "CLIP ViT-L/14"
        released, backbone = lookup(words[0]), lookup(words[1])
        if released is not None and backbone is not None and released.family == backbone.family == "deep" and \
                backbone.name in BACKBONES and released.name not in BACKBONES:
            return released
    parts = [p for p in _PARTS.split(name.strip()) if p and not p.isdigit()]
    if len(parts) > 1:
        terms = [lookup(p) for p in parts if _DIMENSION.sub("", _key(p))]
        if terms and all(t is not None and t.family == "deep" for t in terms):
            return Term(name, "deep", "model", None)
    return None


MAX_SUGGESTION_DISTANCE = 2
SUGGEST_LIMIT = 64  # no suggestion for a longer word: no one mistypes that much


def distance(a: str, b: str, limit: int = MAX_SUGGESTION_DISTANCE) -> int:
    """Edit distance (insertions, deletions, substitutions, adjacent transpositions), or ``limit + 1`` once it is
    certainly larger than ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def suggest(word: str, choices: list[str] | tuple[str, ...] | None = None, n: int = 3) -> list[str]:
    """Close spellings for "did you mean ...?": names of the same kind (``choices``, or the vocabulary of
    architectures, algorithms and tools when ``None``) at an edit distance of at most 2, ignoring case, spaces,
    hyphens, underscores, dots and slashes; the closest first. None for a word over SUGGEST_LIMIT characters."""
    if len(word) > SUGGEST_LIMIT:
        return []
    target = _key(word)
    if not target:
        return []
    by_key: dict[str, str] = {}
    if choices is None:
        for e in _EXEMPLARS:
            by_key[_key(e)] = e
        for alias_key, term in _INDEX.items():
            by_key.setdefault(alias_key, term.name)
    else:
        for c in choices:
            by_key.setdefault(_key(c), c)
    scored: list[tuple[int, str]] = []
    for k, canonical in by_key.items():
        d = distance(target, k)
        if d <= MAX_SUGGESTION_DISTANCE and canonical != word:
            scored.append((d, canonical))
    scored.sort(key=lambda x: (x[0], x[1].lower()))
    out: list[str] = []
    for d, canonical in scored:
        if d == scored[0][0] and canonical not in out:
            out.append(canonical)
    return out[:n]


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | None = None) -> str:
    hits = suggest(word, choices)
    if not hits:
        return ""
    return "; did you mean " + " or ".join(f"'{h}'" for h in hits) + "?"


# ---------------------------------------------------------------- enumerations with aliases
def _enum(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for canonical, aliases in mapping.items():
        for a in (canonical, *aliases):
            out[_key(a)] = canonical
    return out


MODALITIES = _enum({
    "CT": ("computed tomography", "CECT", "NCCT", "CTA", "LDCT", "CT angiography", "CT angiogram",
           "computed tomography angiography", "CT perfusion"),
    "MRI": ("MR", "magnetic resonance", "magnetic resonance imaging", "mpMRI", "bpMRI", "T1", "T2", "DWI", "ADC",
            "FLAIR", "DCE", "DCE-MRI", "4D flow", "4D flow MRI", "T1WI", "T2WI", "T1-weighted", "T2-weighted",
            "MPRAGE", "MR angiography", "magnetic resonance angiography"),
    "PET": ("positron emission tomography", "PET/CT", "PET-CT", "PET/MRI", "FDG-PET"),
    "SPECT": (),
    "US": ("ultrasound", "ultrasonography", "sonography", "CEUS", "echocardiography", "echo"),
    "XR": ("X-ray", "radiograph", "radiography", "CR", "DX", "CXR", "chest X-ray"),
    "DSA": ("digital subtraction angiography", "angiography"),
    "MG": ("mammography", "mammogram", "DBT", "digital breast tomosynthesis", "tomosynthesis"),
    "CBCT": ("cone-beam CT",),
    "OCT": ("optical coherence tomography",),
    "fundus": ("fundus photography", "retinal photograph"),
    "endoscopy": ("colonoscopy", "endoscopic"),
    "dermoscopy": ("dermatoscopy",),
    "histopathology": ("WSI", "whole-slide image", "pathology", "H&E"),
    "scintigraphy": ("bone scan",),
    "RTDOSE": ("RT dose", "dose map", "dose distribution", "dosiomics"),
})
FORMS = _enum({
    "image2d": ("2d", "image", "2d image", "slice", "slices", "images"),
    "image3d": ("3d", "volume", "3d image", "volumetric"),
    "video": ("cine", "movie", "clip", "4d"),
    "text": ("report", "reports", "free text", "radiology report"),
    "mask": ("masks", "segmentation mask", "segmentation masks", "label map", "labels", "contours", "rtstruct"),
    "boxes": ("box", "bounding box", "bounding boxes", "bbox", "bboxes", "detection boxes"),
    "kspace": ("k-space", "raw k-space", "raw mri data"),
    "sinogram": ("sinograms", "projection data", "projections", "raw projection data"),
    "tabular": ("table", "tab", "csv"),
})
# forms that are raw acquisition data: image-like for Condition #5, reconstructed into images by a network
RAW_FORMS = frozenset({"kspace", "sinogram"})
# what a tabular input holds
HOLDS = _enum({
    "clinical": ("clinical variables", "demographics", "clinicopathological", "lab", "laboratory", "genomic"),
    "radiomics": ("radiomic features", "handcrafted features", "hand-crafted features"),
    "deep_features": ("deep features", "embeddings"),
    "image_features": ("features", "image features"),
    # descriptors readers rate on the images (margin, enhancement pattern, VASARI): image-derived, not hand-crafted
    "semantic_features": ("semantic", "semantic features", "reader-rated features", "radiologist-rated features",
                          "qualitative features", "VASARI features"),
})
METHODS = _enum({
    "handcrafted": ("hand-crafted", "radiomics", "radiomic", "engineered", "predefined"),
    "deep": ("deep features", "deep learning", "dl", "learned", "network", "cnn features"),
    # features readers rate on the images: a table (Condition #4), not hand-crafted formulas (#3)
    "semantic": ("semantic features", "reader-rated", "radiologist-rated", "qualitative", "visual features",
                 "visual assessment"),
})
FAMILIES = _enum({
    "deep": ("deep learning", "dl", "neural", "neural network"),
    "classical": ("machine learning", "ml", "classical ml", "traditional"),
    "statistical": ("statistics", "regression model"),
})
TASKS = _enum({
    "classification": ("classify", "diagnosis", "binary classification", "multiclass"),
    "regression": ("estimation",),
    "segmentation": ("segment", "delineation"),
    "detection": ("localisation", "localization"),
    "survival": ("prognosis", "time-to-event", "risk"),
    "clustering": ("unsupervised", "subtyping"),
    "image_to_image": ("reconstruction", "synthesis", "denoising", "super_resolution", "super-resolution",
                       "image translation", "translation", "image synthesis", "inpainting", "deblurring"),
})
TRAININGS = _enum({
    "from_scratch": ("scratch", "trained from scratch", "random init"),
    "fine_tuned": ("fine-tuned", "finetuned", "fine tuning", "transfer learning", "transfer"),
    # a student network trained on a teacher's outputs (the teacher: labels_from); trained in the study
    "distilled": ("distillation", "knowledge distillation", "teacher-student", "student", "distilled student"),
    "frozen_backbone": ("frozen", "frozen layers", "frozen backbone", "partially frozen"),
    "pretrained_only": ("off-the-shelf", "off the shelf", "inference only", "no training", "applied as is"),
    "self_supervised": ("self-supervised", "ssl", "contrastive"),
    "end_to_end": ("end-to-end", "end to end", "e2e", "jointly trained"),
})
# study facts (the evaluation block): how the data were partitioned, and what feature selection was fitted on
SPLITS = _enum({
    "holdout": ("hold-out", "hold out", "train test", "train-test split", "split", "train/validation/test"),
    "cross_validation": ("cv", "k-fold", "kfold", "cross-validation", "nested cross validation", "nested cv"),
    "bootstrap": ("bootstrapping",),
    "none": ("no split", "no partitioning", "whole data set", "all"),
})
FITTED_ON = _enum({
    "training": ("train", "training set", "training data", "training folds", "train only"),
    "all": ("all data", "whole data set", "entire data set", "full data set", "before splitting"),
})
SEG_MODES = _enum({
    "manual": ("by hand", "hand-drawn", "hand drawn", "radiologist", "reader"),
    "semi_automated": ("semi-automatic", "semiautomatic", "semi-automated", "interactive", "semi"),
    "automated": ("automatic", "fully automatic", "fully automated", "auto"),
    "prompt": ("prompted", "seed point", "seed points", "click", "clicks", "point prompt", "box prompt"),
})
# who corrected delineations afterwards: none, a subset of the cases, or all of them (yes = all, no = none)
CORRECTIONS = _enum({
    "none": ("no", "false", "uncorrected", "not corrected"),
    "subset": ("some", "partial", "partly", "a subset", "selected"),
    "all": ("yes", "true", "every", "all cases", "corrected"),
})
# how automatic delineations were checked: none, visually (failures excluded or redone: not a correction, so a
# fully automated segmentation stays so), or by an automated quality measure
QC = _enum({
    "none": ("no", "unchecked", "not checked"),
    "visual": ("visual check", "visually checked", "visual inspection", "visual review", "inspected",
               "visual qc", "visual quality control"),
    "automated": ("automatic", "automated qc", "quality score", "automatic quality control"),
})
# subsets delineated again to test the robustness of features (METRICS item 14)
REPRODUCIBILITY = _enum({
    # the patients scanned again (a rescan), as opposed to the same images delineated again by readers
    "test_retest": ("test-retest", "retest", "repeat scan", "repeated scans", "rescan", "rescans", "scan-rescan",
                    "repeat acquisition", "repeated acquisitions"),
    "inter_reader": ("inter-reader", "interreader", "inter-observer", "interobserver", "inter-rater"),
    "intra_reader": ("intra-reader", "intrareader", "intra-observer", "intraobserver", "intra-rater"),
})
# what a hand-crafted feature extraction produces: a table of values (default) or voxel-wise feature maps
PRODUCES = _enum({
    "table": ("tabular", "values", "features"),
    "maps": ("feature maps", "voxel-wise maps", "voxelwise maps", "parametric radiomic maps", "map"),
})
FEATURE_CLASSES = _enum({
    "first_order": ("firstorder", "histogram", "intensity"),
    "shape": ("shape2d", "shape3d", "morphological"),
    "glcm": (),
    "glrlm": (),
    "glszm": (),
    "gldm": (),
    "ngtdm": (),
    "gray_level": (),
    "wavelet": (),
    "log": ("laplacian of gaussian",),
    "fractal": (),
    "lbp": ("local binary pattern", "local binary patterns", "lbp2d", "lbp3d"),
    # curve features of dynamic contrast-enhanced imaging: time to peak, wash-in and wash-out slopes, peak
    # enhancement, area under the time-intensity curve (predefined formulas, like the texture classes)
    "kinetic": ("dce", "dce curve", "kinetic curve", "kinetic features", "time-intensity curve", "tic",
                "enhancement kinetics", "enhancement curve", "semi-quantitative dce", "washout", "wash-in"),
})

# pre-processing operations: name -> (category, aliases)
#   image: images only; table: tables only; any: either; roi: delineates a region of interest (Condition 1)
OPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "resample": ("image", ("resampling", "respacing", "isotropic")),
"resize": ("image", ("rescale", "scaling")),
    "register": ("image", ("registration", "align")),
    "crop": ("image", ("center_crop", "fixed_crop")),
    "pad": ("image", ("padding",)),
    "normalize": ("any", ("normalise", "normalization", "normalisation")),
    "window": ("image", ("windowing", "window_level", "clip")),
    "bias_field_correction": ("image", ("n4", "n4_bias_correction", "bias_correction")),
    "denoise": ("image", ("denoising", "filter", "smoothing")),
    "histogram_equalization": ("image", ("clahe", "histogram_matching")),
    "discretize": ("image", ("discretise", "binning", "bin_width")),
    "skull_strip": ("image", ("brain_extraction", "skull_stripping")),
    # image formation: raw acquisition data (k-space, sinograms) into images, conventionally (FBP, iterative, SENSE)
    # or by a network applied as is (its tool)
    "reconstruct": ("image", ("reconstruction", "image_reconstruction", "recon", "fbp", "filtered_back_projection",
                              "filtered_backprojection", "iterative_reconstruction", "inverse_fft", "ifft", "sense",
                              "grappa", "compressed_sensing")),
    "synthesize": ("image", ("synthesise", "synthesis", "image_synthesis", "image_translation", "super_resolution",
                             "super_resolve", "pseudo_ct", "synthetic_ct")),
    "frame_select": ("image", ("frame_selection", "slice_select", "slice_selection", "keyframes")),
    "augment": ("image", ("augmentation", "augmentations", "data_augmentation")),
    "tile": ("image", ("tiling", "patching", "patch_extraction", "patches")),
    "tissue_detection": ("image", ("tissue_segmentation", "background_removal")),
    "stain_normalization": ("image", ("stain_normalisation", "macenko", "reinhard", "color_normalization")),
    "segmentation": ("roi", ("segment", "segmentation_mask", "contour", "contouring", "delineate", "delineation",
                             "mask")),
    "bounding_box": ("roi", ("bbox", "box", "bounding_boxes")),
    "dilate": ("roi", ("dilation", "erode", "erosion", "peritumoral", "peritumoural", "ring", "margin")),
    "roi_crop": ("roi", ("crop_roi", "crop_to_roi", "roi_cropping", "crop_around_roi", "roi")),
    # partitions a delineated region into subregions (intratumoral habitats) by clustering its voxels
    "habitat": ("roi", ("habitats", "habitat_clustering", "habitat_analysis", "subregion", "subregions",
                        "subregion_clustering", "intratumoral_partitioning", "intratumoral_habitats",
                        "tumor_habitats", "tumour_habitats", "supervoxel_clustering")),
    "harmonize": ("any", ("harmonise", "harmonization")),
    "fuse": ("any", ("fusion", "concatenate", "concat", "concatenation", "feature_concatenation", "merge",
                     "combine")),
    "select": ("table", ("feature_selection", "selection")),
    "reduce": ("table", ("dimensionality_reduction", "umap", "tsne", "t-sne")),
    "impute": ("table", ("imputation",)),
    "oversample": ("table", ("oversampling", "upsample", "upsampling", "undersample", "undersampling",
                             "resampling_classes")),
}
_OPS_INDEX = {}
for _op, (_cat, _aliases) in OPS.items():
    for _a in (_op, *_aliases):
        _OPS_INDEX[_key(_a)] = _op

# The feature-processing methods radiomics papers name, each written as an operation of its own (``LASSO``,
# ``ICC(threshold: 0.75)``) or as ``select(method: ...)``: method -> (operation, category, aliases).  The
# category is kept as a fact for the METRICS items: robustness (non-robust features removed, item 14),
# redundancy (redundant features removed, item 15), representation (new features such as principal components,
# not a removal), scaling, imputation, class_balance.  Only pre-processing reads this table: LASSO or a random
# forest named as a model's algorithm stay models.
PROCESSING_CATEGORIES = ("robustness", "redundancy", "representation", "scaling", "imputation", "class_balance")
PROCESSING_METHODS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "ICC filter": ("select", "robustness", ("ICC", "intraclass correlation", "intraclass correlation filter",
                                            "ICC threshold", "reproducibility filter", "robustness filter",
                                            "stability filter", "stable features", "CCC filter",
                                            "concordance correlation")),
    "test-retest filter": ("select", "robustness", ("test-retest", "test retest", "test-retest robustness")),
    "inter-reader filter": ("select", "robustness", ("inter-reader", "inter-reader robustness", "inter-observer",
                                                     "interobserver", "inter-observer robustness",
                                                     "segmentation robustness")),
    "intra-reader filter": ("select", "robustness", ("intra-reader", "intra-reader robustness", "intra-observer",
                                                     "intraobserver")),
    "perturbation filter": ("select", "robustness", ("perturbation", "image perturbation")),
    "LASSO": ("select", "redundancy", ("LASSO selection", "LASSO regression", "L1", "L1 selection",
                                       "least absolute shrinkage and selection operator")),
    "elastic net": ("select", "redundancy", ("elasticnet", "elastic-net selection")),
    "mRMR": ("select", "redundancy", ("minimum redundancy maximum relevance", "mRMRe")),
    "ANOVA": ("select", "redundancy", ("F-test", "ANOVA F", "analysis of variance")),
    "t-test": ("select", "redundancy", ("ttest", "Student t-test", "Welch t-test", "t test")),
    "Mann-Whitney U": ("select", "redundancy", ("Mann-Whitney", "Mann Whitney U test", "Mann-Whitney U test",
                                                "Wilcoxon rank-sum", "U test", "MWU")),
    "chi-square": ("select", "redundancy", ("chi2", "chi-squared", "chi square test", "chi-square test")),
    "correlation filter": ("select", "redundancy", ("correlation", "Pearson correlation filter",
                                                    "Spearman correlation filter", "correlation threshold",
                                                    "correlation analysis")),
    "collinearity filter": ("select", "redundancy", ("collinearity", "multicollinearity", "VIF",
                                                     "variance inflation factor")),
    "variance filter": ("select", "redundancy", ("variance threshold", "low variance filter", "near-zero variance",
                                                 "zero variance")),
    "RFE": ("select", "redundancy", ("recursive feature elimination", "RFECV", "SVM-RFE")),
    "Boruta": ("select", "redundancy", ()),
    "random forest importance": ("select", "redundancy", ("RF importance", "feature importance", "Gini importance",
                                                          "permutation importance")),
    "univariate selection": ("select", "redundancy", ("univariate", "univariate analysis", "univariable selection",
                                                      "univariate feature selection", "SelectKBest")),
    "multivariate selection": ("select", "redundancy", ("multivariate", "multivariable selection", "stepwise",
                                                        "stepwise selection", "backward elimination",
                                                        "forward selection")),
    "PCA": ("reduce", "representation", ("principal component analysis", "principal components")),
    "feature clustering": ("reduce", "representation", ("clustering", "hierarchical feature clustering",
                                                        "consensus clustering")),
    "z-score": ("normalize", "scaling", ("z_score", "zscore", "z-score normalization", "standardization",
                                         "standardisation", "standardize", "standardise", "standard scaler",
                                         "StandardScaler")),
    "min-max": ("normalize", "scaling", ("min_max", "minmax", "min-max scaling", "min-max normalization",
                                         "MinMaxScaler")),
    "mean imputation": ("impute", "imputation", ("median imputation", "mean substitution")),
    "KNN imputation": ("impute", "imputation", ("k-NN imputation",)),
    "MICE": ("impute", "imputation", ("multiple imputation",)),
    "SMOTE": ("oversample", "class_balance", ("ADASYN", "borderline SMOTE", "SMOTE-Tomek")),
    "random oversampling": ("oversample", "class_balance", ("random upsampling",)),
    "ComBat": ("harmonize", "", ("neuroComBat", "ComBat harmonization", "ComBat harmonisation")),
}
# the category of an operation written without a method
_OP_CATEGORY = {"normalize": "scaling", "impute": "imputation", "oversample": "class_balance",
                "reduce": "representation"}
_METHODS_INDEX: dict[str, str] = {}
for _m, (_o, _c, _aliases) in PROCESSING_METHODS.items():
    for _a in (_m, *_aliases):
        _METHODS_INDEX[_key(_a)] = _m


def processing_method(word: str) -> tuple[str, str] | None:
    """``(operation, canonical method)`` for a feature-processing method name (``LASSO`` -> select, LASSO)."""
    m = _METHODS_INDEX.get(_key(word))
    return None if m is None else (PROCESSING_METHODS[m][0], m)


def method_category(name: str, method: str | None = None) -> str | None:
    """The processing category (robustness, redundancy, representation, scaling, imputation, class_balance) of an
    operation or method name, and of ``op(method: ...)`` when ``method`` is given; ``None`` when not one of them
    (an image operation, a selection of unstated method, a custom operation)."""
    for word in (method, name):
        if word is None:
            continue
        m = _METHODS_INDEX.get(_key(str(word)))
        if m is not None:
            return PROCESSING_METHODS[m][1] or None
    op = op_name(name)
    return _OP_CATEGORY.get(op) if op else None


def op_name(word: str) -> str | None:
    return _OPS_INDEX.get(_key(word))


def op_category(op: str) -> str:
    return OPS[op][0] if op in OPS else "any"


def enum_value(table: dict[str, str], word: str) -> str | None:
    return table.get(_key(word))


def enum_choices(table: dict[str, str]) -> list[str]:
    return sorted(set(table.values()))


def terms() -> list[tuple[str, Term]]:
    """Every name the vocabulary knows (canonical names and aliases) with its entry, canonical names first: what
    an editor offers to complete."""
    canonical = [(name, Term(name, family, role, task)) for name, family, role, task, _ in _TERMS]
    exemplars = [(name, term) for name in _EXEMPLARS if (term := lookup(name)) is not None]
    aliases = [(alias, Term(name, family, role, task)) for name, family, role, task, names in _TERMS
               for alias in names]
    return canonical + exemplars + aliases


def key(text: str) -> str:
    """The look-up key of a name: lower case, without spaces, hyphens (and dashes), underscores, dots and slashes."""
    return _key(text)


def term_index() -> dict[str, Term]:
    """Every spelling of the architectures, algorithms and tools (keyed as :func:`key` keys them) -> its entry; a
    copy, for readers that scan text for names (pipespec draft). Numbered variants are matched by :func:`lookup`."""
    return dict(_INDEX)


def method_index() -> dict[str, str]:
    """Every spelling of the feature-processing methods (keyed) -> the canonical method (``LASSO``, ``ICC filter``)."""
    return dict(_METHODS_INDEX)
