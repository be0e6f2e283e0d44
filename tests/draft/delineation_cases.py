"""Methods paragraphs composed from how studies say who delineates what, and how, each with the reading pipespec's
documented decisions give it by construction: Condition #1 (is there a delineation?), Condition #2 (is it fully
automated?) and the modes the drafted delineation may have.

A case is built by a ``pick`` function that chooses one item of a sequence (hypothesis's ``data.draw`` in the property
test, a seeded random choice when exploring), so the same composition serves both. Only axes whose reading is
unambiguous under pipespec's decisions are composed: a drawn outline used for extraction or training is a delineation;
a reader who draws, a seed point, a box or a correction by hand makes Condition #2 No; a network or algorithm that
delineates with no person acting (its training labels drawn by readers included) makes it Yes; the whole image, or a
label of the whole image, delineates nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple, TypeVar

T = TypeVar("T")
Pick = Callable[[Sequence[T]], T]


class Case(NamedTuple):
    text: str
    condition1: str  # "yes" | "no"
    condition2: str  # "yes" | "no" (no delineation: "no")
    modes: frozenset[str]  # the modes the drafted delineation may have (empty: no delineation may be drafted)
    axes: tuple[str, ...]  # the choices that made it, for grouping what fails


class _Object(NamedTuple):
    plural: str  # "tumours"
    be: str  # "were" or "was"
    masks: str  # what the rest extracts from: "the tumour masks"
    disease: str  # the two classes the model tells apart


def _objects(british: bool) -> list[_Object]:
    tum = "tumour" if british else "tumor"
    return [
        _Object(f"{tum}s", "were", f"the {tum} masks", f"benign versus malignant {tum}s"),
        _Object("lesions", "were", "the lesion masks", "benign versus malignant lesions"),
        _Object("the whole prostate gland", "was", "the gland masks", "clinically significant versus insignificant cancer"),
        _Object("the liver", "was", "the liver masks", "fibrosis stage F0-2 versus F3-4"),
        _Object(f"the gross {tum} volume (GTV)", "was", "the GTV", "responders versus non-responders"),
        _Object("regions of interest (ROIs) on the largest lesion", "were", "the ROIs", "benign versus malignant lesions"),
        _Object("volumes of interest (VOIs) covering each lesion", "were", "the VOIs", "benign versus malignant lesions"),
    ]


_READERS = [
    # (subject of an active sentence, agent of a passive one), how many readers
    ("a radiologist with 8 years of experience", 1),
    ("two radiologists in consensus", 2),
    ("an experienced technologist", 1),
    ("a board-certified radiologist (12 years of experience in abdominal imaging)", 1),
    ("a radiation oncologist", 1),
    ("a resident under the supervision of a senior radiologist", 1),
    ("one of the authors (J.S., 8 years of experience)", 1),
    ("reader 1 (J.S.)", 1),
    ("a medical student supervised by a senior radiologist", 1),
]

_MANUAL_VERBS = ["delineated", "contoured", "outlined", "traced", "segmented", "annotated"]
_MANUAL_ADVERBS = ["manually", "by hand", "manually slice by slice", "slice by slice"]
_MANUAL_TOOLS = ["ITK-SNAP", "3D Slicer", "LIFEx", "MIM Maestro", "the scanner vendor's workstation", ""]
_INTRO = ("We retrospectively included 186 patients who underwent contrast-enhanced CT at one centre between 2016 and "
          "2021.")


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _tool_phrase(tool: str) -> str:
    return f" using {tool}" if tool else ""


def _manual(pick: Pick, obj: _Object, axes: list[str]) -> list[str]:
    """A reader delineates by hand: Condition #2 No, mode manual."""
    who, _ = pick(_READERS)
    verb = pick(_MANUAL_VERBS)
    adverb = pick(_MANUAL_ADVERBS)
    tool = pick(_MANUAL_TOOLS)
    voice = pick(["active", "passive", "we", "passive-no-agent", "tool-later", "noun", "performed", "roi-placed",
                  "section", "caption"])
    if voice in ("active", "we", "performed", "roi-placed") and (voice != "we" or verb not in (
            "segmented", "annotated")) and pick([False, True]):
        adverb = ""  # a person as the subject of a drawing verb says it is drawn by hand ("we segmented" may be with
        # a tool, "we annotated" the images: those say how)

    axes += [f"who={who}", f"voice={voice}", f"verb={verb}", f"adverb={adverb or '-'}", f"tool={tool or '-'}"]
    if voice == "caption":  # the Methods say what is delineated; how, only in a figure's caption
        return [f"{_cap(obj.plural)} {obj.be} {verb} on the portal venous phase (Fig. 2).",
                f"Figure 2. Example of a delineation drawn {adverb} by {who}{_tool_phrase(tool)}."]
    if voice == "active":
        return [f"{_cap(who)} {adverb + ' ' if adverb else ''}{verb} {obj.plural} on the portal venous phase{_tool_phrase(tool)}."]
    if voice == "we":
        return [f"We {adverb + ' ' if adverb else ''}{verb} {obj.plural} on the portal venous phase{_tool_phrase(tool)}."]
    if voice == "passive":
        return [f"{_cap(obj.plural)} {obj.be} {adverb} {verb} by {who} on the portal venous phase{_tool_phrase(tool)}."]
    if voice == "passive-no-agent":
        return [f"{_cap(obj.plural)} {obj.be} {adverb} {verb} on the portal venous phase{_tool_phrase(tool)}."]
    if voice == "noun":  # "Manual segmentation of the tumours was performed by ..."
        noun = {"delineated": "delineation", "contoured": "contouring", "outlined": "outlining", "traced": "tracing",
                "segmented": "segmentation", "annotated": "annotation"}[verb]
        how = "Manual" if "manual" in adverb else "Slice-by-slice"
        return [f"{how} {noun} of {obj.plural} was performed by {who}{_tool_phrase(tool)}."]
    if voice == "performed":  # "A radiologist performed the segmentation manually"
        return [f"{_cap(who)} performed the segmentation of {obj.plural}{' ' + adverb if adverb else ''}{_tool_phrase(tool)}."]
    if voice == "roi-placed":  # a region of interest placed by a reader
        return [f"{_cap(who)} {adverb + ' ' if adverb else ''}drew a region of interest (ROI) on {obj.plural}{_tool_phrase(tool)}, covering "
                f"the largest cross-section."]
    if voice == "section":  # a subsection of its own, the reader named in its second sentence
        return [f"\n\n2.3 Segmentation\n{_cap(obj.plural)} {obj.be} {verb} on the portal venous phase.",
                f"{_cap(who)} performed all segmentations {adverb}{_tool_phrase(tool)}.\n\n2.4 Model"]
    # the delineation said first, who and how in a later sentence
    return [f"{_cap(obj.plural)} {obj.be} {verb} on the portal venous phase.",
            f"All delineations were performed {adverb} by {who}{_tool_phrase(tool)}."]


_SEMI = [
    # (sentences with {obj} and {who}, mode)
    ("{Obj} {be} segmented semi-automatically by {who} using {tool}.", "semi"),
    ("{Who} placed a seed point in each of {obj_the}, and a region-growing algorithm{tool_in} grew the region.", "seed"),
    ("{Obj} {be} segmented with a threshold of 40% of SUVmax inside a box drawn by {who}.", "box-threshold"),
    ("{Obj} {be} segmented with a threshold-based algorithm{tool_in} and then manually adjusted by {who}.", "threshold-adjusted"),
    ("Semi-automatic segmentation of {obj} was performed{tool_in}, and {who} refined every contour by hand.", "semi-refined"),
    ("We segmented {obj} semi-automatically with the GrowCut tool of 3D Slicer.", "we-growcut"),
    ("{Who} placed a box around each of {obj_the}, and MedSAM segmented it.", "box-prompted-network"),
    ("{Obj} {be} segmented by region growing{tool_in}. {Who} placed the seed point in each case.", "seed-later"),
    ("{Obj} {be} segmented interactively{tool_in} by {who}, who clicked inside each lesion to start the region.",
     "interactive"),
]
_SEMI_TOOLS = ["3D Slicer", "LIFEx", "ITK-SNAP", "MIM Maestro"]


def _semi(pick: Pick, obj: _Object, axes: list[str]) -> list[str]:
    """A person starts, bounds or corrects an algorithm's delineation: Condition #2 No."""
    template, kind = pick(_SEMI)
    who, _ = pick(_READERS)
    tool = pick(_SEMI_TOOLS)
    axes += [f"who={who}", f"semi={kind}", f"tool={tool}"]
    obj_the = obj.plural if obj.plural.startswith("the ") else f"the {obj.plural}"
    return [template.format(Obj=_cap(obj.plural), be=obj.be, obj=obj.plural, obj_the=obj_the, who=who, Who=_cap(who), tool=tool,
                            tool_in=f" in {tool}")]


_NETWORKS = [
    # (how the network is introduced, it is trained in the study)
    ("An nnU-Net was trained on the study's training cases to segment {obj} automatically, using contours drawn by "
     "{who} as labels.", "nnunet-trained"),
    ("A 3D U-Net was trained from scratch to segment {obj} automatically; its training labels were manual contours "
     "drawn by {who}.", "unet-trained"),
    ("{Obj} {be} segmented automatically with a previously published nnU-Net model, used as is without retraining.",
     "nnunet-as-is"),
    ("{Obj} {be} segmented automatically with TotalSegmentator.", "totalsegmentator"),
    ("{Obj} {be} segmented automatically by a commercial deep learning software (Syngo.via Frontier, Siemens "
     "Healthineers).", "vendor"),
    ("{Obj} {be} segmented fully automatically by Otsu thresholding followed by morphological closing.", "otsu"),
    ("{Obj} {be} segmented automatically. Segmentation was performed with an nnU-Net trained on 120 separate cases "
     "that {who} had annotated.", "tool-later"),
    ("No manual segmentation was required: {obj} {be} segmented by a pretrained nnU-Net used as is.", "no-manual"),
    ("{Obj} {be} segmented without any human intervention by TotalSegmentator.", "no-intervention"),
    ("A 3D U-Net trained in this study segmented {obj} automatically; its predicted masks were used as they were, "
     "with no manual editing.", "unet-no-editing"),
    ("A YOLOv8 detector trained in this study placed a bounding box around each of the lesions automatically.",
     "detector-trained"),
]

_CORRECTIONS = [
    # (sentence or clause, Condition #2, where)
    ("", "yes", "none-stated"),
    (" No manual correction was applied.", "yes", "no-correction-later"),
    (" The automatic masks were used without manual correction.", "yes", "without-correction-later"),
    (" All masks were then reviewed and corrected by {who}.", "no", "corrected-later"),
    (" {Who} reviewed every mask and manually edited it where necessary.", "no", "edited-where-necessary"),
    (" {Who} visually checked every mask; none was edited.", "yes", "checked-not-edited"),
    # (the automatic masks named: after a network's training labels, "the masks" alone may be the labels)
    (" The automatic masks were then manually corrected.", "no", "manually-corrected-no-person"),
    (" Errors in the automatic segmentations were corrected by hand in 12 patients.", "no", "by-hand-no-person"),
    (" The masks were not manually edited.", "yes", "not-edited-no-person"),
    ("\n\nSegmentation quality was checked by {who}, who manually corrected the contours in 14 cases.", "no",
     "corrected-later-paragraph"),
    # readers' contours the automatic masks are only compared with: a reference, not a step
    (" On 30 cases, the automatic masks were compared with manual contours drawn by {who} (Dice coefficient).", "yes",
     "reference-compared"),
    (" Agreement with manual segmentations by {who} was measured with the Dice similarity coefficient.", "yes",
     "reference-agreement"),
]


def _automatic(pick: Pick, obj: _Object, axes: list[str]) -> tuple[list[str], str]:
    """A network or an algorithm delineates; a person may correct its masks."""
    template, kind = pick(_NETWORKS)
    who, _ = pick(_READERS)
    correction, c2, where = pick(_CORRECTIONS)
    axes += [f"who={who}", f"auto={kind}", f"correction={where}"]
    first = template.format(Obj=_cap(obj.plural), be=obj.be, obj=obj.plural, who=who)
    return [first + correction.format(who=who, Who=_cap(who))], c2


_NONE = [
    "No segmentation was performed: the whole image was used as the network's input.",
    "The full axial slice was fed to the network without any delineation.",
    "Whole-slice images were used, and no region of interest was drawn.",
    "A radiologist labelled each examination as {disease} from the pathology report; no lesion was outlined.",
    "Each image was assigned an image-level label ({disease}) by two radiologists in consensus.",
    "A radiologist annotated each image as {disease}, and these image-level annotations served as labels.",
    "Images were used as a whole: no region of interest was drawn and no segmentation was performed.",
    "Each examination was annotated for the presence or absence of malignancy by two radiologists in consensus.",
    "Annotations of the diagnosis ({disease}) were taken from the pathology reports.",
    "The examinations were annotated according to the Bosniak classification by a radiologist.",
]


def compose(pick: Pick) -> Case:
    """One Methods paragraph and its reading by construction."""
    british = pick([True, False])
    obj = pick(_objects(british))
    axes: list[str] = [f"british={british}", f"object={obj.plural}"]
    kind = pick(["manual", "semi", "automatic", "none", "box"])
    axes.insert(0, f"kind={kind}")
    rest = pick(["radiomics", "network"])
    axes.append(f"rest={rest}")
    radiomics = (f"Radiomic features were extracted from {obj.masks} with PyRadiomics, and a random forest was trained "
                 f"to classify {obj.disease}.")
    network = (f"A 3D ResNet-18 was trained from scratch on the images cropped to {obj.masks} to classify "
               f"{obj.disease}.")
    if kind == "none":
        sentence = pick(_NONE).format(disease=obj.disease)
        axes.append(f"none={sentence[:30]}")
        whole = f"A ResNet-18 pretrained on ImageNet was fine-tuned on the whole images to classify {obj.disease}."
        text = " ".join([_INTRO, sentence, whole])
        return Case(text, "no", "no", frozenset(), tuple(axes))
    if kind == "box":
        who, _ = pick(_READERS)
        single = obj.plural.removeprefix("the ")
        sentence = pick([
            f"{_cap(who)} drew a bounding box around each of the {single}, and the images were cropped to the box.",
            f"Bounding boxes enclosing the {single} were drawn by {who}, and the images were cropped to them.",
            f"Rectangular ROIs covering the {single} were placed manually, and the images were cropped to them.",
        ] + ([f"Each of the {single} was cropped manually by {who}, with a margin of 10 pixels."]
             if obj.be == "were" else []))
        axes += [f"who={who}", f"box={sentence[:25]}"]
        tail = (f"A 3D ResNet-18 was trained from scratch on the cropped images to classify {obj.disease}.")
        return Case(" ".join([_INTRO, sentence, tail]), "yes", "no", frozenset({"manual"}), tuple(axes))
    c2 = "no"
    if kind == "manual":
        sentences = _manual(pick, obj, axes)
        modes = frozenset({"manual"})
    elif kind == "semi":
        sentences = _semi(pick, obj, axes)
        modes = frozenset({"semi_automated", "prompt", "automated"})  # automated only with a correction
    else:
        sentences, c2 = _automatic(pick, obj, axes)
        # (corrected by hand: an algorithm's region a person edits may be drafted semi-automated; never manual)
        modes = frozenset({"automated"} if c2 == "yes" else {"automated", "semi_automated"})
    text = " ".join([_INTRO, *sentences, radiomics if rest == "radiomics" else network])
    return Case(text, "yes", c2, modes, tuple(axes))
