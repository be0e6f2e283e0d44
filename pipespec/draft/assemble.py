"""Mentions -> stages -> flow: the reading of a Methods section.

Each stage is made from what the sentences state, and keeps those sentences as evidence. Roles come from the data
flow a sentence implies, not from a name alone:

- a network whose sentences take features out of it (a layer, embeddings, "as a feature extractor") is a deep
  *feature extraction*; one trained or fine-tuned to the study's output is a *model*; one that delineates is a
  *segmentation* (an operation, or a model when the study trains it);
- a method that selects (LASSO, ICC, mRMR) in a sentence about selecting features is feature processing; named as
  the classifier it is a model;
- a person delineating is manual, a tool a person drives is manual or semi-automated, a network automated, and a
  correction by a reader is kept as such; a negated phrase ("without manual correction") states the opposite;
- a model's inputs follow what its sentences say it was fed (features or images), else the data types.

A fact that no sentence states stays out of the draft: the check then answers ``review`` for the verdict it
decides, with its usual reason.
"""


import bisect
import itertools
import json
import re
from collections.abc import Iterable
from typing import NamedTuple

from pipespec import vocab
from pipespec.draft.mentions import WE, Mention, SentenceMentions, number
from pipespec.draft.records import QUOTE_LIMIT, DraftStage, Evidence, Note
from pipespec.draft.sentences import Sentence, clause_starts

_NAME = re.compile(r"(?:\d+(?:\.\d+)?(?![eE][-+]?\d)[^\W\d_]|[^\W\d])\w*(?:[-.+/]\w+)*\+*")
RESERVED = frozenset("pipeline study input preprocessing feature_extraction model output flow from declare expect "
                     "waive at assess cohort evaluation availability".split())
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
                        "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff"
                        "\ud800-\udfff]")


def value(text: str) -> str:
    """A name or value as DSL text: bare when it is a plain name (not a reserved word), else a JSON string."""
    if _NAME.fullmatch(text) and text not in RESERVED and not _INVISIBLE.search(text) and text.isascii():
        return text
    return json.dumps(_INVISIBLE.sub(" ", text), ensure_ascii=True)


def value_list(items: Iterable[str]) -> str:
    items = list(dict.fromkeys(items))
    return value(items[0]) if len(items) == 1 else "[" + ", ".join(value(i) for i in items) + "]"


_NO_CUES: list[Mention] = []


class Reading:
    """The sentences of the part read with their mentions, and the look-ups the stage builders share."""

    def __init__(self, text: str, sentences: list[Sentence], mentions: list[SentenceMentions]):
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.notes: list[Note] = []
        self._products: list[Product] | None = None  # found once (see products)
        self._prepared: list[tuple[int, int, str, Mention | None]] | None = None  # found once (see _prepared_by)
        self._grouped: list[dict[tuple[str, bool], list[Mention]] | None] = [None] * len(mentions)
        self._as_one: int | None = -1  # the first sentence training a network's parts as one (see trained_as_one)
        self._with: dict[tuple[str, ...], list[int]] = {}  # cues -> the sentences with one of them (see with_cue)
        self._word_ends: dict[int, tuple[list[int], list[int]]] = {}  # see _word_ends
        self._words: dict[str, list[int]] | None = None  # a word -> the sentences with it (see _with_word)
        self._clustered: dict[int, str] = {}  # a sentence -> what it clusters (see _clustered)
        # what each sentence on deep features names that could take them (see _features_taken)
        self._feature_takers: list[tuple[frozenset[str], frozenset[str], bool, int]] | None = None

    # ---- look-ups
    def _by_cue(self, i: int) -> dict[tuple[str, bool], list[Mention]]:
        """Sentence ``i``'s cues by (name, negated), grouped once: a look-up costs the same however many cues a
        sentence has."""
        grouped = self._grouped[i]
        if grouped is None:
            grouped = {}
            for c in self.mentions[i].cues:
                grouped.setdefault((c.value, c.negated), []).append(c)
            self._grouped[i] = grouped
        return grouped

    def cues(self, i: int, name: str, negated: bool = False) -> list[Mention]:
        """The cues of sentence ``i`` named ``name`` (a shared list: read it, never change it)."""
        return self._by_cue(i).get((name, negated), _NO_CUES)

    def has(self, i: int, *names: str) -> bool:
        grouped = self._grouped[i]
        if grouped is None:
            grouped = self._by_cue(i)
        for n in names:
            if (n, False) in grouped:
                return True
        return False

    def has_negated(self, i: int, *names: str) -> bool:
        grouped = self._by_cue(i)
        return any((n, True) in grouped for n in names)

    def names(self, i: int, kind: str | None = None) -> list[Mention]:
        return [n for n in self.mentions[i].names if not n.negated and (kind is None or n.kind == kind)]

    def with_cue(self, *names: str) -> list[int]:
        found = self._with.get(names)
        if found is None:  # (found once for each set of cues: a rule asking for each network costs no more)
            found = self._with[names] = [i for i in range(len(self.sentences)) if self.has(i, *names)]
        return list(found)

    def same_clause(self, i: int, a: int, b: int) -> bool:
        """Whether document offsets ``a`` and ``b`` in sentence ``i`` lie in one of its clauses (semicolons cut
        them): what an author could have written as two sentences is read as two facts."""
        s = self.sentences[i]
        if ";" not in s.text:
            return True
        starts = clause_starts(s.text)
        return bisect.bisect_right(starts, a - s.start) == bisect.bisect_right(starts, b - s.start)

    def together(self, i: int, *groups: tuple[str, ...], pattern: re.Pattern[str] | None = None) -> bool:
        """Sentence ``i`` has a cue of each group, and a match of ``pattern``, in one clause ("the image branch takes
        a crop taken from the mask; the radiomics branch takes the features" extracts no features from the crop)."""
        s = self.sentences[i]
        if ";" not in s.text:
            return all(self.has(i, *g) for g in groups) and (pattern is None or pattern.search(s.text) is not None)
        starts = clause_starts(s.text)
        ends = [*starts[1:], len(s.text) + 1]
        for k, a in enumerate(starts):
            lo, hi = s.start + a, s.start + ends[k] - 1
            if all(any(lo <= c.start < hi for name in g for c in self.cues(i, name)) for g in groups) and (
                    pattern is None or pattern.search(s.text, a, ends[k] - 1) is not None):
                return True
        return False

    def evidence(self, i: int, at: Mention | None = None) -> Evidence:
        """Sentence ``i`` quoted: the whole sentence when it fits, else the part around ``at`` (or its start)."""
        s = self.sentences[i]
        first = s.quoted_start()  # (a heading read with the sentence is not quoted)
        start, end = first, s.end
        if end - start > QUOTE_LIMIT and at is not None and at.end - start > QUOTE_LIMIT - 10:
            # (a phrase longer than the quote is known by its last words: "Two chest radiologists (...) reviewed
            # every nodule ... and recorded the following CT descriptors")
            centre = max(at.start, at.end - 60)
            start = max(first, min(centre - 30, s.end - QUOTE_LIMIT))
            if start > first:  # begin at a word
                space = self.text.find(" ", start, start + 20)
                if space > 0:
                    start = space + 1
        end = min(s.end, start + QUOTE_LIMIT)
        if end < s.end:  # end at a word
            space = self.text.rfind(" ", start, end)
            if space > start + QUOTE_LIMIT // 2:
                end = space
        quote = _INVISIBLE.sub(" ", self.text[start:end])
        return Evidence(start, end, quote, s.paragraph, s.number)


class _Stage:
    """A stage being built: its line's parts and its sentences (in order, without repeats)."""

    def __init__(self, name: str, kind: str, head: str = ""):
        self.name, self.kind, self.head = name, kind, head
        self.block: dict[str, str] = {}
        self.sentences: dict[int, Mention | None] = {}
        self.inferred = False
        self.reads_text = False  # a language model: it reads the text of reports, not images
        self.images_too = False  # a network fed features that is given the images too (a hybrid)

    def cite(self, i: int, at: Mention | None = None) -> None:
        """Cite sentence ``i``; a long sentence is quoted around its earliest mention said of this stage."""
        held = self.sentences.get(i)
        if i not in self.sentences or at is not None and (held is None or at.start < held.start):
            self.sentences[i] = at

    def cite_all(self, items: Iterable[int]) -> None:
        for i in items:
            self.cite(i)

    def record(self, r: Reading) -> DraftStage:
        ev = tuple(r.evidence(i, at) for i, at in sorted(self.sentences.items())[:20])
        return DraftStage(self.name, self.kind, self.head, tuple(self.block.items()), ev, self.inferred)


def _first(*lists: list[Mention]) -> Mention | None:
    return next((items[0] for items in lists if items), None)


# ------------------------------------------------------------------------------------------- inputs
_FORM_CUES = (("kspace", "kspace"), ("sinogram", "sinogram"), ("video", "video"), ("dim3d", "image3d"),
              ("dim2d", "image2d"))


# CT projection data only used to simulate the images a study trains on ("a noise-insertion tool simulated 25% of the
# dose from the raw projection data"): the images are the input, not the sinogram (undersampled k-space simulated
# from full k-space is still what an MRI reconstruction network reads)
_SIMULATED_FROM_RAW = re.compile(r"\bsimulat\w+|\bnoise[- ]insert\w*|\binsert\w*\s+(?:[\w-]+\s+)?noise\b", re.I)


def _form(r: Reading, sentences: Iterable[int]) -> tuple[str, int] | None:
    for i in sentences:
        for cue, form in _FORM_CUES:
            if r.has(i, cue) and not (form == "sinogram" and _SIMULATED_FROM_RAW.search(
                    r.sentences[i].text)):
                return form, i
    return None


# a modality named as the reference standard the images are judged against is not an input of the pipeline
# ("the reference being the MRI fat fraction", "confirmed on follow-up CT", "with PET as the reference")
_REFERENCE_BEFORE = re.compile(r"\b(?:reference(?:\s+standard)?(?:\s+(?:being|was|were|is|of))?|ground[- ]truth"
                               r"(?:\s+(?:being|was|is|from|of))?|confirmed|verified|proven|established|"
                               # where the labels come from ("masses were classified at histopathology as benign")
                               r"(?:classified|diagnosed|determined|graded)(?=\s+at\b))\s*[:=]?\s+(?:on|by|with"
                               r"|at|from|using)?\s*(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?$", re.I)
_REFERENCE_AFTER = re.compile(r"^[^.;,]{0,40}?\b(?:served|serving|used)?\s*as\s+(?:the\s+)?reference\b", re.I)


# a modality that guides a procedure ("CT-guided lung biopsy", "under US guidance", "MRI-targeted biopsy")
_GUIDED = re.compile(r"(?:[- ]?(?:guided|targeted)|\s+guidance)\b", re.I)


_SYNTHESISED = re.compile(r"\b(?:synthetic|synthesi[sz]\w*|pseudo|virtual|generated|simulated)[\s-]+$", re.I)


def _is_reference(r: Reading, i: int, m: Mention) -> bool:
    s = r.sentences[i]
    before = r.text[max(s.start, m.start - 50):m.start]
    if _SYNTHESISED.search(before):
        return True  # "converted T1-weighted images into synthetic CT": an image the pipeline makes, not reads
    return bool(_REFERENCE_BEFORE.search(before) or _REFERENCE_AFTER.search(r.text[m.end:min(s.end, m.end + 60)]))


# the sentence that says how the images were acquired ("DCE-MRI was performed at 3.0 T", "acquired on a 3 T scanner")
_ACQUIRED = re.compile(r"\b(?:acquired|performed|obtained|scanned|imaged|undergo|underwent|protocol|sequences?|"
                       r"scanners?|\d(?:\.\d)?\s?T\b)", re.I)


# which images of the examination are analysed: the sequences, phases or views a sentence names ("axial T2-weighted
# and FLAIR sequences", "the nephrographic phase was used", "the grayscale image showing the largest diameter")
_IMAGES_ANALYSED = re.compile(
    r"\b(?:(?:axial|coronal|sagittal|oblique)\s+(?:[\w-]+\s+){0,2}?)?(?:T[12][- ]?weighted|T[12]WI|FLAIR|"
    r"diffusion[- ]weighted|DWI|ADC maps?|LGE)\b"
    r"|\b(?:arterial|portal[- ]venous|venous|nephrographic|corticomedullary|delayed|hepatobiliary|excretory|"
    r"(?:first|second|third|fourth|last|early|late)\s+post-?contrast|post-?contrast|pre-?contrast|non-?contrast)\s+"
    r"phases?\b"
    r"|\b(?:grayscale|greyscale|B-mode)\s+(?:[\w-]+\s+)?(?:images?|cine|clips?|frames?|views?)\b"
    # the views of a radiograph or a mammogram ("an anteroposterior and a lateral view", "the craniocaudal (CC) and
    # mediolateral oblique (MLO) views"), a reconstruction or series ("bone-kernel reconstructions", "only non-contrast
    # series"), a parametric map ("native T1 maps"), the one image kept of each lesion ("the transverse image showing
    # the maximum diameter")
    r"|\b(?:craniocaudal|mediolateral(?:\s+oblique)?|anteroposterior|posteroanterior|lateral|frontal|CC|MLO)\s+"
    r"(?:\(\w+\)\s+)?(?:(?:and|or)\s+(?:a\s+|an\s+|the\s+)?(?:[\w-]+\s+){1,2}?(?:\(\w+\)\s+)?)?views?\b"
    r"|\b(?:non-?contrast|unenhanced|contrast-enhanced|(?:bone|soft[- ]tissue|lung|sharp|smooth)[- ]kernel|thin-?slice)\s+"
    r"(?:series|reconstructions?)\b"
    r"|\b(?:native\s+|post-?contrast\s+)?T[12]\*?\s+maps?\b"
    r"|\b(?:transverse|longitudinal|axial|sagittal|coronal)\s+(?:image|slice|section)\s+(?:showing|with|that\s+showed)\b",
    re.I)
_USED_FOR = re.compile(r"\b(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+)?(?:used|analy[sz]ed|selected|chosen|archived|saved|stored|"
                       r"included|acquired|recorded|performed)\b|\bincluded\b|\b(?:" + WE + r"|only)\s+used\b|\bcontained\b",
                       re.I)
# the modality the images a sentence names are of, when it names none ("Five B-mode images were stored", "native T1
# maps", "the CC and MLO views")
_IMAGES_OF = ((re.compile(r"T[12]|FLAIR|diffusion|DWI|ADC|LGE|hepatobiliary", re.I), ("MRI",)),
              (re.compile(r"B-mode|gr[ae]yscale", re.I), ("US",)),
              (re.compile(r"craniocaudal|mediolateral|CC|MLO", re.I), ("MG",)),
              (re.compile(r"anteroposterior|posteroanterior|lateral|frontal", re.I), ("XR",)),
              (re.compile(r"kernel|series|reconstruction|phase|contrast|slice|section|image", re.I), ("CT", "MRI")))
_REFERENCE_WORDS = re.compile(r"\breference standard\b|\bground truth\b", re.I)


_STATES_REFERENCE = re.compile(r"\breference(?:\s+standard)?\s*:|\breference standard\b|\bground[- ]truth\b|"
                               r"\bgold standard\b", re.I)


def _after_reference(r: Reading, i: int, modality: str) -> bool:
    """Every mention of ``modality`` in sentence ``i`` comes after the words stating the reference standard there, and
    the sentence delineates nothing."""
    said = _STATES_REFERENCE.search(r.sentences[i].text)
    return said is not None and not r.has(i, "segment") and all(
        m.start >= r.sentences[i].start + said.start() for m in r.names(i, "modality") if m.value == modality)


def _is_reference_text(text: str) -> bool:
    return _REFERENCE_WORDS.search(text) is not None


def image_inputs(r: Reading) -> list[_Stage]:
    by_modality: dict[str, _Stage] = {}
    where: dict[str, list[int]] = {}
    for i in range(len(r.sentences)):
        modalities = r.names(i, "modality")
        if modalities and r.has(i, "clinical") and _LISTED.search(r.sentences[i].text) and not r.has(i, "images"):
            continue  # "age, sex, tumour length at endoscopy ... were collected": clinical variables, not images
        acquired: bool | None = None  # the sentence says how images were acquired (tested once per sentence)
        for k, m in enumerate(modalities):
            if k and r.text[modalities[k - 1].end:m.start] in ("/", "-", "/ ", " / "):
                continue  # hybrid imaging (PET/CT, PET-MRI): one input, the first modality's
            if _is_reference(r, i, m):
                continue  # the reference standard, not an image the pipeline reads
            if _GUIDED.match(r.text, m.end):
                continue  # the imaging that guides a procedure ("after CT-guided lung biopsy"), not images analysed
            st = by_modality.get(m.value)
            if st is None:
                st = by_modality[m.value] = _Stage(_stage_name(m.value), "input")
                st.head = value(m.value)
                where[m.value] = []
            if len(st.sentences) < 3 and i not in st.sentences:
                if acquired is None:
                    acquired = _ACQUIRED.search(r.sentences[i].text) is not None
                if not st.sentences or r.has(i, "images", "segment") or acquired:
                    st.cite(i, m)
            where[m.value].append(i)
    # a modality named only in the sentences that state the reference standard, beside another input, is imaging the
    # reference is established with ("The reference standard was set by two radiologists who reviewed each radiograph
    # with the follow-up CT"), not images the pipeline reads (unless a sentence of them delineates: "ground-truth
    # masks were drawn on the CT")
    if len(by_modality) > 1:
        only_reference = [k for k in by_modality if all(_after_reference(r, i, k) for i in where[k])]
        for gone in only_reference[:len(by_modality) - 1]:
            del by_modality[gone]
    # the sentences saying which of its images are analysed cite the input they are of: the one input, or the one the
    # images named are of ("Five B-mode images were stored per participant" is the ultrasound's, beside an MRI that
    # gives the reference)
    said: dict[str, int] = {}
    for i, sent in enumerate(r.sentences):
        if not by_modality:
            break
        # (the cheap tests first: the images' long pattern only where the sentence says images are used)
        used_for: bool | None = None
        if not r.has(i, "images"):
            used_for = _USED_FOR.search(sent.text) is not None
            if not used_for:
                continue
        if r.has(i, "segment") and not (used_for if used_for is not None else _USED_FOR.search(sent.text)):
            continue  # (not the contours drawn on them: "contours of the cine frames and the T1 maps were generated")
        used = _IMAGES_ANALYSED.search(sent.text)
        if used is None or _is_reference_text(sent.text):
            continue
        of = next(iter(by_modality)) if len(by_modality) == 1 else _images_of(used.group(), by_modality)
        if of is None or said.get(of, 0) == 2:
            continue
        by_modality[of].sentences[i] = Mention("cue", "images", sent.start + used.start(), sent.start + used.end(), i)
        said[of] = said.get(of, 0) + 1
    for modality, st in by_modality.items():
        found = _form(r, where[modality])
        if found is not None:
            st.head += " " + found[0]
            st.cite(found[1])
    return list(by_modality.values())


def _images_of(named: str, inputs: dict[str, _Stage]) -> str | None:
    """The one input of ``inputs`` the images ``named`` can be of (None when none or more than one)."""
    for pattern, modalities in _IMAGES_OF:
        if pattern.search(named):
            found = [m for m in modalities if m in inputs]
            return found[0] if len(found) == 1 else None
    return None


def _stage_name(text: str) -> str:
    name = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "stage"
    if name[0].isdigit():
        name = "s" + name
    return name if name not in RESERVED else name + "_"


_LISTED = re.compile(r"\b(?:included|includ\w+|comprised|consisted|(?:were|are|had been|have been) (?:collected|"
                     r"recorded|retrieved|obtained|"
                     r"extracted|abstracted))\b", re.I)


# the patients' variables the cohort is matched, balanced or stratified by ("patients were matched for age and sex",
# "the sets were balanced with respect to age and sex"): a description of who was studied, not a model's input
_COHORT_BY = re.compile(r"\b(?:matched|balanced|stratified|stratifying|stratification)\s+(?:(?:for|by|on|according\s+to|"
                        r"with\s+respect\s+to|in\s+terms\s+of)\s+)?(?:(?:the\s+)?(?:patients?'?s?\s+)?)$", re.I)


def _cohort_variables_only(r: Reading, i: int) -> bool:
    """Whether every patient variable sentence ``i`` names is one the cohort is matched, balanced or stratified by
    (all of them in the list after that verb: a variable named further on may still join the model)."""
    s = r.sentences[i]
    cues = [*r.cues(i, "clinical"), *r.cues(i, "clinical_var")]
    if not cues:
        return False
    first = min(c.start for c in cues)
    return _COHORT_BY.search(r.text, max(s.start, first - 60), first) is not None and all(
        c.start - first <= 40 for c in cues)


def clinical_input(r: Reading) -> _Stage | None:
    st = _Stage("clin", "input", "tabular clinical")
    said = [i for i in r.with_cue("clinical", "clinical_var") if not _cohort_variables_only(r, i)]
    for i in said:
        if r.has(i, "combine", "nomogram", "model_cue", "feeds", "trained", "clinical_var") or any(
                n.kind == "term" and n.role == "model" for n in r.names(i)):
            st.cite(i, _first(r.cues(i, "clinical"), r.cues(i, "clinical_var")))
    if st.sentences:  # and the sentence that says which variables they are ("clinical variables included age ...")
        for i in said:
            if i not in st.sentences and _LISTED.search(r.sentences[i].text) and len(st.sentences) < 4:
                st.cite(i, _first(r.cues(i, "clinical"), r.cues(i, "clinical_var")))
    return st if st.sentences else None


# ------------------------------------------------------------------------------------------- image operations
_IMAGE_OPS = (("resample", "resample"), ("resize", "resize"), ("register", "register"),
              ("bias", "bias_field_correction"), ("skull", "skull_strip"), ("window", "window"),
              ("denoise", "denoise"), ("tile", "tile"), ("stain", "stain_normalization"), ("augment", "augment"),
              ("random_crop", "augment"), ("fixed_crop", "crop"), ("discretize", "discretize"),
              ("background", '"background removal"'), ("param_maps", '"parametric maps"'))


_OP_CUES = tuple(cue for cue, _ in _IMAGE_OPS)


# Resampling is a word of statistics as much as of images: what is resampled near the word tells them apart. An image
# is resampled onto a grid (voxels, spacing, millimetres, isotropic, interpolation, a matrix of N x N); a statistic is
# resampled by the bootstrap, with replacement, so many times; a class by balancing it; grey levels into bins.
_IMAGE_GRID = re.compile(r"\b(?:voxels?|pixels?|spacing|isotropic\w*|interpolat\w+|resolution|grid|in-plane|frames?|"
                         r"mm|millimet\w+|slice thickness|templates?|atlas)\b|\d\s*[×x]\s*\d|\d\s*mm", re.I)
_BINNED = re.compile(r"\bbins?\b|\bgr[ae]y[- ]levels?\b", re.I)
_STATISTICAL = re.compile(r"\bbootstrap\w*|\bwith(?:out)? replacement\b|\bpermut\w+|\bconfidence intervals?\b|\bCIs?\b"
                          r"|\bresamples\b|\b(?:\d[\d,]*|many|repeated)\s+(?:times|iterations|repetitions|replicates|"
                          r"rounds|draws)\b|\bjack-?knif\w+|\bMonte[- ]Carlo\b|\boptimism\b|\bstandard errors?\b"
                          r"|\bp[- ]values?\b|\bsignifican\w+|\bSMOTE\b|\b(?:minority|majority)\b|\bimbalanc\w+"
                          r"|\bbalanc\w+|\b(?:training|test|validation)\s+(?:sets?|splits?|folds?)\b|\bsplits?\b|\bfolds?\b",
                          re.I)


# a normalisation said of the images themselves ("z-score normalisation of the image", "image intensity
# normalisation"), in a sentence that also speaks of features
_OF_IMAGES_AFTER = re.compile(r"[\s-]*(?:normali[sz]\w*\s+|scaling\s+)?(?:of|on|within)\s+(?:the\s+|each\s+|all\s+)?"
                              r"(?:images?|intensit\w+|scans?|volumes?|(?:MR|CT|PET)\s+images?)\b", re.I)
_OF_IMAGES_BEFORE = re.compile(r"\b(?:image|images|intensity|signal|grey[- ]level|gray[- ]level)\s+(?:[\w-]+\s+)?$", re.I)


def _normalises_images(r: Reading, start: int, end: int) -> bool:
    return bool(_OF_IMAGES_AFTER.match(r.text, end) or _OF_IMAGES_BEFORE.search(r.text, max(0, start - 30), start))


def _resampling(r: Reading, i: int, c: Mention) -> str | None:
    """The image operation a "resample" cue states: ``resample`` for an image put on another grid, ``discretize`` for
    grey levels resampled into bins, ``None`` for a statistical resampling (the bootstrap, a class balanced)."""
    if not r.text.startswith(("resampl", "Resampl", "RESAMPL"), c.start):
        return "resample"  # "isotropic", "interpolation": only images have them
    s = r.sentences[i]
    near = r.text[max(s.start, c.start - 60):min(s.end, c.end + 80)]
    if _IMAGE_GRID.search(near):
        return "resample"
    if _BINNED.search(near):
        return "discretize"  # "an absolute resampling of 64 bins between 0 and 20 SUV"
    return None if _STATISTICAL.search(near) else "resample"


def prepares_images(r: Reading, i: int, n: Mention) -> str | None:
    """The image operation a ready-made network of the vocabulary does in sentence ``i`` (a vendor's deep learning
    reconstruction or denoising, HD-BET's skull stripping), when the study does not train it: the operation's tool,
    not a model of the pipeline."""
    term = vocab.lookup(n.value)
    if term is None or not term.ready_made or term.op in (None, "segmentation", "bounding_box") or r.has(
            i, "finetune", "scratch"):
        return None
    return term.op


def _prepared_by(r: Reading) -> list[tuple[int, int, str, Mention | None]]:
    """(sentence, offset, operation with its tool, mention) for each image operation a ready-made network or a
    commercial product does (found once)."""
    if r._prepared is not None:
        return r._prepared
    out: list[tuple[int, int, str, Mention | None]] = []
    for i in range(len(r.sentences)):
        if not r.mentions[i].names:
            continue
        said: dict[str, list[Mention]] = {}
        for n in r.names(i, "term"):
            if n.family == "deep" and prepares_images(r, i, n):
                said.setdefault(n.value, []).append(n)
        for value_, ns in said.items():
            op = prepares_images(r, i, ns[0])
            # the product's own name where the sentence gives one ("deep learning reconstruction (AiCE)")
            spelled = next((r.text[n.start:n.end] for n in ns if vocab.key(r.text[n.start:n.end]) != vocab.key(
                value_) and not r.text[n.start:n.end].islower()), value_)
            out.append((i, ns[0].start, f"{op}(tool: {value(spelled)})", ns[0]))
    for p in products(r):
        if p.role.startswith("prepare:"):
            i = p.sentences[0]
            family = ", family: deep" if p.deep else ""
            out.append((i, p.start, f"{p.role.split(':', 1)[1]}(tool: {value(p.name)}{family})", None))
    r._prepared = out
    return out


def prepared_by(r: Reading) -> list[tuple[int, int, str, Mention | None]]:
    """(sentence, offset, operation with its tool, mention) for each image operation a ready-made network or a
    commercial product does."""
    return _prepared_by(r)


def image_preprocessing(r: Reading) -> _Stage | None:
    st = _Stage("prep", "preprocessing")
    ops: list[tuple[int, str]] = []
    for i, at, op, m in _prepared_by(r):
        ops.append((at, op))
        st.cite(i, m)
    for i in range(len(r.sentences)):
        for cue, op in _IMAGE_OPS:
            for c in r.cues(i, cue):
                stated = _resampling(r, i, c) if cue == "resample" else op
                if stated is None:
                    continue  # a statistic resampled, not an image
                ops.append((c.start, stated))
                st.cite(i, c)
        for c in r.cues(i, "normalize"):
            if r.has(i, "intensity", "images") and not r.has(i, "features") or _normalises_images(r, c.start, c.end):
                ops.append((c.start, "normalize"))
                st.cite(i, c)
        for c in r.cues(i, "harmonize"):
            if not r.has(i, "features"):
                ops.append((c.start, "harmonize"))
                st.cite(i, c)
    if not ops:
        return None
    done = {op.split("(", 1)[0] for _, op in ops if "(tool: " in op}  # "denoised with SubtlePET": once, with its tool
    st.head = ", ".join(dict.fromkeys(op for _, op in sorted(ops) if "(" in op or op not in done))
    return st


# ------------------------------------------------------------------------------------------- commercial products
# How a Methods section names a commercial AI product it applies: the product's name, then its maker or version in
# brackets ("Transpara (version 1.7, ScreenPoint Medical)"); what it is, then its name and maker in brackets ("a
# commercially available deep learning software (qXR, Qure.ai)"); or its name, then what it is ("Aidoc, an
# FDA-cleared algorithm"). Such a product is a network trained elsewhere and applied as supplied (a ready-made
# network, family deep, as the language reads vendor networks); the sentence says what it does: it prepares the
# images, delineates, or predicts.
# Transpara, qXR, e-ASPECTS; in lower case with a digit or a dot inside (cvi42, syngo.via)
_NAME_TOKEN = r"(?:[A-Z][\w.+-]*|[a-z]+-?[A-Z][\w.+-]*|[a-z]+(?:\d[\w.+-]*|\.[a-z][\w.+-]*))"
_NAME_RUN = _NAME_TOKEN + r"(?:[ -](?:" + _NAME_TOKEN + r"|\d[\w.+-]*))*?"
_PRODUCT_NAME_BEFORE = re.compile(r"(?<![\w.-])(?P<name>" + _NAME_RUN + r")\s*$")
_PRODUCT_KIND = (r"(?:software|algorithms?|systems?|tools?|applications?|solutions?|products?|packages?|devices?|"
                 r"platforms?|programs?|CAD[ex]?|models?|reconstructions?|networks?)")
_PRODUCT_NAME_INSIDE = re.compile(r"^(?P<name>" + _NAME_RUN + r")\s*[,;]")
_PRODUCT_APPOSITION = re.compile(r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,5}?" + _PRODUCT_KIND + r"\b", re.I)
_NETWORK_KIND = re.compile(r"\bnetworks?$", re.I)
_OF_AFTER = re.compile(r"\s+of\b")  # "a publicly available network of hospitals" is no neural network
# a maker or a version in the brackets after a name
_MAKER = re.compile(r",|\bversions?\s*\d|\bv\.?\s?\d|\b(?:Inc|Ltd|GmbH|AG|Corp|Co|LLC|SA|BV|Medical|Healthineers|"
                    r"Healthcare|Systems|Imaging|Technologies|Diagnostics)\b|\.ai\b|\bAI\b")
# a bracket that counts cases ("high-risk TET (types B2, B3 and thymic carcinoma; n = 91)"): it describes a group of
# the cohort, whatever commas it holds, and names no maker
_COUNTS_CASES = re.compile(r"\bn\s*=\s*\d")
_COMMERCIAL = re.compile(r"\bcommercial\w*|\bCE[- ]?mark\w*|\bCE[- ]certified\b|\bFDA\b|\bvendor'?s?\b|"
                         r"\bmanufacturer'?s?\b|\b(?:regulatory[- ])?(?:cleared|certified|approved)\b|\blicen[cs]ed\b"
                         # a tool released by others, applied as it is ("HD-GLIO, a publicly available ... tool")
                         r"|\b(?:publicly|freely)\s+available\b|\bopen[- ]source\b|\bpreviously\s+(?:published|"
                         r"validated|developed)\b|\bas\s+released\b", re.I)
# the product reads images as artificial intelligence does (not a scanner, a viewer or a statistics package)
_AI_WORDS = re.compile(r"\bAI\b|\bA\.I\.|artificial[- ]intelligence|deep[- ]learning|\bneural\b|machine[- ]learning|"
                       r"\bCNN\b|convolutional|\bCAD[ex]?\b|computer[- ]aided|computer[- ]assisted", re.I)
# what it does, in the order a sentence settles it: prepares the images, delineates, or predicts
_PRODUCT_PREPARES = (("reconstruct", re.compile(r"\breconstruct\w*", re.I)),
                     ("denoise", re.compile(r"\bdenois\w*|\bnoise[- ]reduc\w*", re.I)),
                     ("synthesize", re.compile(r"\bsuper-?\s?resolution\b|\bsynthesi[sz]\w*", re.I)))
_PRODUCT_DELINEATES = re.compile(r"\b(?:segment\w*|delineat\w*|contour\w*|outlin\w*|masks?)\b", re.I)
_PRODUCT_PREDICTS = re.compile(r"\b(?:scor\w+|probabilit\w+|likelihood|risk|flag\w*|triag\w+|detect\w*|classif\w+|"
                               r"predict\w*|abnormalit\w+|suspicio\w+|diagnos\w+|heat-?\s?maps?|outputs?|marks?|"
                               r"(?:read|analy[sz]ed|interpreted|processed)\s+(?:by|with|using))\b", re.I)
# what only a product that reads the images does, whether or not the text calls it AI ("software for haemorrhage
# detection", "assigns each examination a cancer risk score")
_PREDICTS_ALONE = re.compile(r"\b(?:(?:risk|suspicion|abnormality|malignancy|probability)\s+scores?|probabilit\w+|"
                             r"likelihood|flag\w*|triag\w+|detect\w*|classif\w+|predict\w*|diagnos\w+)\b", re.I)
# what a product said again ("The software returns ...") gives that only one that reads the images gives: a score of
# what it finds, a probability, a flag or a triage (not what measuring software also does: detect a border, classify
# tissue by a threshold)
_SCORES_ALONE = re.compile(r"\b(?:(?:risk|suspicion|abnormality|malignancy|probability|lesion|finding)\s+scores?|"
                           r"probabilit(?:y|ies)\s+of\b|likelihood\s+of\b|flag(?:s|ged|ging)?\b|triag\w+)", re.I)
# software a study is written in or run on, hardware: not a product that reads the images
_IMPLEMENTED_IN = re.compile(r"\b(?:implemented|written|coded|programmed|performed|run|executed|carried out|done|trained|"
                             r"developed|built|constructed|created|acquired|obtained|scanned|imaged)\s+(?:[\w-]+\s+){0,4}?"
                             r"(?:in|with|using|on)\b", re.I)
# a product applied to the images ("analysed with", "segmented using"): the name after it is the product's
_APPLIED_WITH = re.compile(r"\b(?:analy[sz]ed|processed|evaluated|read|scored|segmented|detected|reconstructed|"
                           r"denoised|assessed|measured|quantified|examined)\s+(?:[\w-]+\s+){0,4}?(?:by|with|using)\b",
                           re.I)
_NOT_A_PRODUCT = re.compile(r"(?:\s+(?:GPU|GPUs|graphics|processor|card|scanners?|workstation|unit|library|package|"
                            r"framework|language|statistics|statistical|machine|camera|probe|transducer|console|coil|"
                            r"ultrasound|MRI|MR|CT|PET))\b", re.I)


# a sentence about the product named just before ("The software is based on a convolutional neural network")
# (or after a short phrase that leads the sentence: "For each lesion it detects it outputs a score")
_PRODUCT_AGAIN = re.compile(r"\s*(?:(?:For|In|On|At)\s+(?:[\w-]+\s+){1,3}?(?=it\b))?(?:It|it|Its|its|(?:The|This)\s+"
                            r"(?:[\w-]+\s+)?(?:software|system|algorithm|tool|product|application|device|solution|AI))\b")


# ... or a later sentence that names it as the one software there ("contours were generated by the software's
# built-in deep learning module", "were then segmented with the software")
_PRODUCT_OWN = re.compile(r"\b(?:by|with|using|in|into|within|from|through)\s+the\s+(?:software|system|tool|product|"
                          r"application|platform|package|program)(?:'s|\u2019s)?\b|\bthe\s+(?:software|system|tool|product|"
                          r"application|platform|package|program)(?:'s|\u2019s)\s", re.I)


def _about_product(text: str) -> bool:
    """A sentence after the one naming a product speaks of that product (its first words, or "by the software's")."""
    return _PRODUCT_AGAIN.match(text) is not None or _PRODUCT_OWN.search(text) is not None


class Product(NamedTuple):
    name: str
    start: int  # the first mention's offsets in the document
    end: int
    sentences: tuple[int, ...]
    role: str  # prepare:OP | delineate | predict
    deep: bool  # a ready-made network (a product that reads images as AI does, as the language reads vendor networks)


# what a product is, then what it reads, before the bracket that names it ("a deep learning software for prostate
# bpMRI (ProstAIde, ...)", "an AI system for screening mammography (...)")
_KIND_BEFORE = re.compile(_PRODUCT_KIND + r"(?:\s+(?:for|of)\s+(?:[\w-]+\s+){0,3}?[\w-]+)?\s*$", re.I)
_SOFTWARE_BEFORE = re.compile(r"\b(?:software|applications?|solutions?|products?|platforms?|packages?|CAD[ex]?|tools?)"
                              r"\s+(?:for|of)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s*$", re.I)
# software named by its kind just before the bracket that names it ("software (LungQuant, version 2.1; Medvisio)",
# "the vendor's lung analysis package (Pulmo 3D, Siemens Healthineers)")
_SOFTWARE_JUST_BEFORE = re.compile(r"\b(?:software|packages?|applications?|platforms?|programs?|programmes?)\s*$", re.I)
_MODALITY_BEFORE = re.compile(r"\b(?:bp|mp)?(?:MRI|MR|CT|PET|US|CXR)\s*$")


def _product_in(r: Reading, i: int) -> tuple[str, int, int, bool] | None:
    """The name of the commercial product sentence ``i`` applies, with its offsets, if it names one, and whether the
    sentence says it reads the images as AI does (else it is only software named with its maker or version, which
    counts where its sentences say it delineates automatically)."""
    s = r.sentences[i]
    text = s.text
    if "(" not in text and ("," not in text or not _COMMERCIAL.search(text)):
        return None  # (a product is named in brackets, or in apposition in a sentence that says it is one)
    ai = _AI_WORDS.search(text) is not None or (_PREDICTS_ALONE.search(text) is not None and not any(
        n.kind == "term" and n.role in ("model", "extractor") for n in r.names(i, "term")))
    if not ai and _COMMERCIAL.search(text) and any(
            _NETWORK_KIND.search(m.group()) and not _OF_AFTER.match(text, m.end())
            for m in _PRODUCT_APPOSITION.finditer(text)):
        ai = True  # a network released by others reads images as AI does whether or not the text says AI ("HD-GLIO,
        # a publicly available brain tumour segmentation network")
    if not ai and "(" not in text:
        return None  # no AI said, and what predicts is another model the sentence names ("an SVM predicted")
    found: list[tuple[int, int]] = []
    k = text.find("(")
    while k >= 0:
        close = text.find(")", k)
        inside = text[k + 1:close] if close > k else ""
        if inside and len(inside) <= 120 and _MAKER.search(inside) and not _COUNTS_CASES.search(inside):
            before = _PRODUCT_NAME_BEFORE.search(text, max(0, k - 60), k)
            modality = _MODALITY_BEFORE.search(text, max(0, k - 60), k) is not None
            if before is not None and not modality:
                found.append(before.span("name"))  # "Transpara (version 1.7, ScreenPoint Medical)"
            elif modality and not _SOFTWARE_BEFORE.search(text, max(0, k - 60), k):
                pass  # "a model for chest CT (SOMATOM Force, Siemens)": the scanner, named after the modality
            elif ai and (_KIND_BEFORE.search(text, max(0, k - 60), k) or _AI_WORDS.search(
                    text, max(0, k - 30), k)) or _SOFTWARE_JUST_BEFORE.search(text, max(0, k - 30), k):
                # "with and without AI assistance (Veye, Aidence, version 3.0)", "commercially available software
                # (LungQuant, version 2.1; Medvisio)"
                named = _PRODUCT_NAME_INSIDE.match(inside.strip())  # "a deep learning software (qXR, Qure.ai)"
                if named is not None:
                    lead = len(inside) - len(inside.lstrip())
                    found.append((k + 1 + lead + named.start("name"), k + 1 + lead + named.end("name")))
        k = text.find("(", k + 1)
    if not found and ai and _COMMERCIAL.search(text):  # "Aidoc, an FDA-cleared algorithm, flagged ..."
        for m in _PRODUCT_APPOSITION.finditer(text):
            before = _PRODUCT_NAME_BEFORE.search(text, max(0, m.start() - 60), m.start())
            if before is not None and before.start("name") > 0:  # a sentence's first word is no name
                found.append(before.span("name"))
    for a, b in found:
        name = text[a:b]
        while " " in name and re.match(r"(?:The|A|An|This|These|Our|Its|All|Each|With|By|Using|In|On|For|We|"
                                       r"Images?|Scans?)\s", name):
            name = name.split(" ", 1)[1]
            a = b - len(name)
        if a == 0 and " " not in name and name.isalpha() and name[1:].islower():
            continue  # a capitalised first word of the sentence ("Scores (...)")
        if vocab.lookup(name) is not None or vocab.key(name) in vocab.MODALITIES or _NOT_A_PRODUCT.match(text, b) or any(
                n.start == s.start + a and n.end == s.start + b for n in r.mentions[i].names):
            continue  # a name the vocabulary knows is read as such (a method's too: "reduced by ICC (> 0.8, ...)")
        built = [m.end() for m in _IMPLEMENTED_IN.finditer(text, 0, a)] if ai else []
        if built and not any(m.start() >= built[-1] for m in _APPLIED_WITH.finditer(text, 0, a)):
            continue  # "trained using PyTorch (version 1.10, Meta AI)": what the study is written in, not a product
            # (software of unstated method counts only where its sentences say it delineates by itself)
        return name, s.start + a, s.start + b, ai
    return None


# a delineating algorithm with no learning, named beside the software that runs it
# (or a threshold said by its cut-off alone: the region is defined as the tissue whose value passes it, "delineates the
# core as tissue with relative cerebral blood flow below 30%", "the hypoperfused region as Tmax > 6 s"; not voxels a
# cut-off removes from what the software drew, "voxels with attenuation below -100 HU were excluded")
_CLASSICAL_METHOD = re.compile(r"\b(?:thresholds?|watershed|level[- ]sets?|graph[- ]cuts?|active contours?|atlas\w*|"
                               r"k-means|fuzzy c-means|clustering|region[- ]growing|morpholog\w+|snakes?)\b"
                               r"|\bas\s+(?:the\s+|all\s+)?(?:tissues?|voxels?|pixels?|regions?|areas?)\s+(?:with|where|whose|"
                               r"in\s+which|having)\s+"
                               r"(?:[\w-]+\s+){0,6}?(?:below|above|under|over|exceeding|(?:less|greater|lower|higher|more)\s+"
                               r"than|[<>\u2264\u2265])\s*[-\u2212]?\d|\b(?:as|where)\s+[\w-]+\s*[<>\u2264\u2265]\s*[-\u2212]?\d",
                               re.I)
# a delineation said to be automatic (not semi-automatic): what software of unstated method does by itself
_AUTOMATIC = re.compile(r"(?<!semi-)(?<!semi)\bautomat\w*", re.I)
_PERSON_DRIVES = re.compile(r"\bsemi-?\s?automat\w*|\bmanual\w*|\binteractiv\w*|\bby hand\b", re.I)
# a correction by hand of what the software drew ("corrected it manually", "manual correction"): the software still
# delineates by itself, corrected
_CORRECTION_BEFORE = re.compile(r"\b(?:correct|edit|adjust|refin|revis|modif|amend)\w*\s+(?:\w+\s+){0,2}$", re.I)
_CORRECTION_AFTER = re.compile(r"\s+(?:correct|edit|adjust|refin|revis|modif|amend)\w*", re.I)


def _person_drives(text: str) -> bool:
    """``text`` says a person drives the delineation (semi-automatic, manual, interactive), not only that a person
    corrected what the software drew."""
    return any(not _CORRECTION_BEFORE.search(text, max(0, m.start() - 40), m.start()) and not _CORRECTION_AFTER.match(
        text, m.end()) for m in _PERSON_DRIVES.finditer(text))


_WORD_RUN = re.compile(r"[^\W_]+")


def _with_word(r: Reading, name: str) -> list[int]:
    """The sentences with the first word of ``name`` as a word of their own (an index of every sentence's words,
    built once)."""
    if r._words is None:
        r._words = {}
        for j, s in enumerate(r.sentences):
            for w in set(_WORD_RUN.findall(s.text)):
                r._words.setdefault(w, []).append(j)
    first = _WORD_RUN.search(name)
    return r._words.get(first.group(), []) if first is not None else list(range(len(r.sentences)))


# the verb of an extraction and the software it is done with, just before a product's name ("texture features of the
# tumours were computed with", "texture analysis was performed using")
_EXTRACTED_WITH = re.compile(r"\b(?:extract\w*|comput\w+|calculat\w+|performed|analy[sz]ed|obtained|derived|quantified)"
                            r"\s+(?:[\w-]+\s+){0,2}?(?:with|using|in|by)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$", re.I)


def products(r: Reading) -> list[Product]:
    """The commercial AI products the text applies, each with the role its sentences give it (computed once)."""
    if r._products is not None:
        return r._products
    out: list[Product] = []
    seen: set[str] = set()
    for i in range(len(r.sentences)):
        got = _product_in(r, i)
        if got is None or got[0].lower() in seen:
            continue
        name, start, end, ai = got
        seen.add(name.lower())
        if r.has(i, "features", "radiomic") and not r.has(i, "deep_feat") and _EXTRACTED_WITH.search(
                r.text, max(r.sentences[i].start, start - 80), start):
            continue  # "texture features were computed with ImageJ (version 1.53, NIH)": the extraction's software
        # (the later sentences naming it are looked for among those with its first word, from an index of the words
        # built once: a text naming thousands of products costs no square of its sentences)
        naming = {j for j in _with_word(r, name) if j > i and name in r.sentences[j].text}
        said = [j for j in range(i, min(len(r.sentences), i + 3)) if j == i or j in naming or
                _about_product(r.sentences[j].text) and all(
                    _about_product(r.sentences[k].text) or k in naming for k in range(i + 1, j))]
        said += sorted(j for j in naming if j >= i + 3)
        text = " ".join(r.sentences[j].text for j in said)
        # software named with its maker, whose next sentences say it reads the images as AI does ("... analysed in
        # cvi42 (version 5.14; Circle). Contours were generated by the software's deep learning module")
        ai = ai or _AI_WORDS.search(text) is not None or any(
            _SCORES_ALONE.search(r.sentences[j].text) and not any(
                n.kind == "term" and n.role in ("model", "extractor") for n in r.names(j, "term"))
            for j in said if j != i and _about_product(r.sentences[j].text))
        # (a product said in the next sentence to give a score of abnormality or risk reads the images as AI does:
        # "The software returns an abnormality score for each finding")
        if not ai:  # software of unstated method: a product here only where its sentences say it delineates by itself
            # (and do not say how: "with a 41% SUVmax threshold", "based on region growing" is no network)
            if _PRODUCT_DELINEATES.search(text) and _AUTOMATIC.search(text) and not _person_drives(text) and \
                    not any(r.has(j, "seg_algorithm") for j in said) and not _CLASSICAL_METHOD.search(text):
                out.append(Product(name, start, end, tuple(said), "delineate", False))
            continue
        role = ""
        for op, pattern in _PRODUCT_PREPARES:
            if pattern.search(r.sentences[i].text):
                role = "prepare:" + op
                break
        if not role and _PRODUCT_DELINEATES.search(r.sentences[i].text):
            role = "delineate"
        elif not role and any(j != i and _about_product(r.sentences[j].text) and _PRODUCT_DELINEATES.search(
                r.sentences[j].text) and not _PRODUCT_PREDICTS.search(r.sentences[j].text) for j in said):
            role = "delineate"  # named, then said to delineate ("The software automatically ... segments muscle"),
            # and to predict nothing there
        elif not role and _PRODUCT_PREDICTS.search(text) and not any(
                n.kind == "term" and n.role in ("model", "extractor") and n.family != "deep" for n in r.names(i, "term")):
            role = "predict"  # (unless the sentence names the model that predicts: "..., and an SVM predicted")
        if role:
            out.append(Product(name, start, end, tuple(said), role, True))
    r._products = out
    return out


def product_sentences(r: Reading) -> set[int]:
    """The sentences that name a commercial product or a ready-made network preparing the images: a kind of model
    said there ("a commercial deep learning software") is that product, not another model."""
    return {i for p in products(r) for i in p.sentences} | {i for i, *_ in _prepared_by(r)}


# what a product that scores is said to give beside its score: the boxes or marks of what it found ("it returns the
# location of every suspected nodule as a bounding box overlay", "the software marks each lesion with a box")
_MARKS_FOUND = re.compile(r"\b(?:returns?|returned|outputs?|marks?|marked|gives?|gave|provides?|provided|draws?|drew|"
                          r"displays?|displayed|produces?|produced|generates?|generated|places?|placed|highlights?|"
                          r"highlighted)\b[^.;]{0,100}?\b(?:bounding[- ]box(?:es)?|boxes|box|marks?)\b", re.I)


def product_marks(r: Reading, i: int) -> bool:
    """Sentence ``i``, one of a scoring product's, says that the product gives the boxes of what it found: they are
    its detections, not a delineation another step makes."""
    return _MARKS_FOUND.search(r.sentences[i].text) is not None and not (
        r.has(i, "manual", "human_agent") or r.cues(i, "readers"))


# ------------------------------------------------------------------------------------------- delineation
_DELINEATED_BY = re.compile(r"(?:segment|delineat|contour|outlin|annotat|detect|locali[sz])\w*\s+(?:[\w,-]+\s+){0,6}?"
                            r"(?:by|with|using|via)\s+(?:(?:a|an|the|our|in-house)\s+)?(?:[\w-]+\s+){0,4}\(?$", re.I)
# "to detect" delineates when what is detected is found somewhere in the image (a lesion, a nodule: object
# detection); "detect steatosis", "detect a tear" is a diagnosis of the whole image (classification)
_DETECT_OBJECT = (r"detect\w*\s+(?:and\s+locali[sz]\w*\s+)?(?:the\s+|each\s+|all\s+|any\s+|individual\s+)?"
                  r"(?:[\w-]+\s+){0,2}?(?:lesions?|nodules?|masses|mass|polyps?|tumou?rs?|metastas[ie]s|aneurysms?|"
                  r"objects?|regions?|foci|calcifications?|instances?|landmarks?|structures?|organs?)\b")
_COMPONENT = re.compile(r"\b(?:decoders?|heads?|branch(?:es)?|arms?)\s+(?:that|which|to)\b", re.I)
_HEAD_SEGMENTS = re.compile(_COMPONENT.pattern + r"\s+(?:\w+\s+){0,2}?(?:segment|delineat|contour|outlin)", re.I)


# a decoder or head and what it delineates in one clause, however far apart ("a decoder with skip connections; after
# joint fine-tuning, the decoder output was a nodule segmentation mask", "a segmentation head")
# (not a delineation a part is given, "receives a crop centred on the tumour (taken from the segmentation)": what the
# part takes from a mask, a step before the network)
_PART_DELINEATES = re.compile(r"\b(?:decoders?|heads?|branch(?:es)?)\b[^.]{0,120}?(?<!from the )(?<!from its )"
                              r"(?<!from each )(?<!from their )(?<!from )\b(?:segment\w*|delineat\w*|"
                              r"contour\w*|outlin\w*|masks?)\b|\b(?:segmentation|delineation)\s+(?:decoders?|heads?|"
                              r"branch(?:es)?)\b", re.I)


def head_segments(r: Reading, i: int) -> bool:
    """Sentence ``i`` gives the delineation to a head of a network ("a decoder that segmented the nodule"): the
    network segments as one of its tasks; no separate delineation step. Far from its verb, the part delineates
    when the sentence also gives the network a classifying head (a multi-task network)."""
    if (r.has(i, "manual", "human_agent") or r.cues(i, "readers")) and not r.has(i, "labels"):
        return False  # people delineate here (unless their masks are what the network learns from)
    text = r.sentences[i].text
    deep = any(n.family == "deep" for n in r.names(i, "term")) or r.has(i, "deep_model")
    # "a multi-task network trained to segment the lesion and to classify it": one network, two outputs
    if _SEGMENTATION_PART.search(text) and any(_ANOTHER_HEAD.search(r.sentences[j].text) for j in range(
            max(0, i - 2), min(len(r.sentences), i + 3))):
        return True  # "two task-specific heads. The segmentation head is a U-shaped decoder ... The classification
        # head pools ...": the segmentation is one task of a multi-task network
    if _PART_DELINEATES.search(text) and _ANOTHER_HEAD.search(text):
        return True  # "The decoder outputs the lesion mask, and a classification branch ... outputs the classes": the
        # parts of one network, named as such
    if _PART_DELINEATES.search(text) and any(_ANOTHER_HEAD.search(r.sentences[j].text) for j in (i - 1, i + 1)
                                             if 0 <= j < len(r.sentences)):
        return True  # ... or in two sentences: "The decoder outputs the lesion mask. A classification branch ...
        # outputs the classes"
    return _HEAD_SEGMENTS.search(text) is not None or r.has(i, "classify") and deep and (
        _PART_DELINEATES.search(text) is not None or r.has(i, "multitask") and segments_itself(r, i))


_OVERLAP_METRIC = re.compile(r"\b(?:Dice|DSC|Hausdorff|HD95|IoU|Jaccard|intersection[- ]over[- ]union)\b", re.I)
_FROM_BEFORE_MASK = re.compile(r"\b(?:taken\s+|derived\s+|obtained\s+|computed\s+)?from\s+(?:the|its|each|their|these)?\s*$",
                               re.I)


def segments_itself(r: Reading, i: int) -> bool:
    """Sentence ``i`` speaks of a delineation other than as what something is taken from ("a crop centred on the
    tumour (taken from the segmentation)": a mask given to a network, not one it outputs)."""
    return any(not _FROM_BEFORE_MASK.search(r.text, max(r.sentences[i].start, c.start - 30), c.start)
               for c in r.cues(i, "segment"))


def several_heads(r: Reading, i: int) -> bool:
    """Sentence ``i`` gives a network more than one head or task ("two task-specific heads", "a classification
    branch", "multi-task")."""
    return _ANOTHER_HEAD.search(r.sentences[i].text) is not None or r.has(i, "multitask")


# the part of a network that segments, and a part beside it that predicts something else
_SEGMENTATION_PART = re.compile(r"\b(?:segmentation|delineation)\s+(?:decoders?|heads?|branch(?:es)?)\b", re.I)
_ANOTHER_HEAD = re.compile(r"\b(?:classification|classifier|prediction|diagnostic|survival|regression|grading)\s+"
                           r"(?:heads?|branch(?:es)?)\b|\b(?:two|both|three|task-specific|separate)\s+(?:[\w-]+\s+)?"
                           r"(?:heads|branches)\b|\bmulti-?task\b", re.I)


_TO_DELINEATE = re.compile(r"^[^.;]{0,60}?\b(?:to|for|that|which)\s+(?:automatically\s+|then\s+)?(?:(?:segment|"
                           r"delineat|contour|locali[sz]|produce\s+(?:the\s+)?masks|outline)\w*|" + _DETECT_OBJECT + ")"
                           r"|^\s*(?:\w+\s+)?(?:segmentation|detection)\s+(?:network|model|algorithm)|^\s*detector"
                           # the network as the subject of the delineating verb, in the active voice ("a deep learning
                           # algorithm contoured the ventricles", "the network then segments each lesion")
                           r"|^\s*(?:\([^()]{0,60}\)\s*)?,?\s*(?:then\s+|automatically\s+|also\s+|first\s+)?(?:segment(?:ed|s)|"
                           r"delineate[ds]|contour(?:ed|s)|outline[ds])\s+(?:the|each|every|all|both)\b",
                           re.I)


# how far before a tool the delineating verb may stand: six words between them, long ones included ("segmented
# automatically on the axial T2-weighted images with a publicly released deep learning model")
_AGENT_REACH = 130


_DELINEATION_NAMED = re.compile(r"\b(?:auto-?)?(?:segmentation|contouring|delineation)\b", re.I)


# a model named only by what it does, in a sentence that says the delineation is automatic ("masks were generated
# automatically (the segmentation model is described in the supplement)"): a model delineates, its kind unstated
_SEGMENTATION_MODEL = re.compile(r"\b(?:auto-?)?(?:segmentation|contouring|delineation)\s+(?:models?|algorithms?)\b",
                                 re.I)


def _segmentation_models(r: Reading, i: int) -> list[Mention]:
    """The segmentation models named only by their kind in sentence ``i``, which says its delineation is automatic
    (read as an AI model of unstated kind is: the delineation's tool, of no stated family)."""
    s = r.sentences[i]
    if not r.has(i, "auto") or "segmentation" not in s.text.lower() and "contouring" not in s.text.lower() and \
            "delineation" not in s.text.lower():
        return []
    return [Mention("cue", "ai_model", s.start + m.start(), s.start + m.end(), i)
            for m in _SEGMENTATION_MODEL.finditer(s.text)]


def unnamed_delineator(r: Reading, i: int, c: Mention) -> bool:
    """The model named only by its kind at ``c`` delineates: "segmented with a deep learning model", "a vendor AI
    tool that automatically segments the lungs"."""
    s = r.sentences[i]
    if _DELINEATION_NAMED.search(r.text, c.start, c.end):
        return True  # "the deep learning-based automatic contouring": the model is named by what it does
    return bool(_DELINEATED_BY.search(r.text[max(s.start, c.start - _AGENT_REACH):c.start]) or
                _TO_DELINEATE.search(r.text[c.end:min(s.end, c.end + 80)]))


def delineates(r: Reading, i: int, n: Mention) -> bool:
    """The network named by ``n`` delineates (segments, detects) in sentence ``i``: a segmentation network of the
    vocabulary, or one the sentence makes the agent of the delineation ("segmented with nnU-Net", "a U-Net
    trained to segment", "a YOLO detector")."""
    if n.role == "segmenter":
        return True
    term = vocab.lookup(n.value)
    if term is not None and term.task in ("segmentation", "detection") and r.has(i, "segment", "bbox", "detection"):
        return True
    s = r.sentences[i]
    if _PART_AFTER.match(r.text, n.end) and any(o.family == "deep" and o.end <= n.start for o in r.names(i, "term")):
        return False  # "a Cascade R-CNN detector with a Swin-T backbone": the backbone of the network that delineates
    before = r.text[max(s.start, n.start - _AGENT_REACH):n.start]
    after = r.text[n.end:min(s.end, n.end + 80)]
    to = _TO_DELINEATE.search(after)
    if to and _COMPONENT.search(after, 0, to.end()):
        return False  # "fed a decoder that segmented ...": a head of the network delineates (a multi-task network)
    by = _DELINEATED_BY.search(before)
    if by is not None and _A_RESULT_BEFORE.search(before, 0, by.start()):
        by = None  # "extracted from the images cropped to the delineated masses with a DenseNet-121": the masks
        # a delineation made, named by its participle, and the tool of another verb
    return bool(by or to)


def _result_named_only(r: Reading, i: int) -> bool:
    """Sentence ``i`` extracts features and names the delineation only by its result ("to extract 107 features from
    the segmented tumours" with the radiomics extension of 3D Slicer): a tool it names is the extraction's."""
    s = r.sentences[i]
    cues = r.cues(i, "segment")
    return bool(cues) and r.has(i, "extract") and r.has(i, "features", "radiomic") and all(
        _A_RESULT_BEFORE.search(r.text, max(s.start, c.start - 30), c.start) for c in cues)


# a determiner before a delineation's participle: the participle names what was delineated ("the delineated masses",
# "each segmented lesion"), not a verb whose agent follows
_A_RESULT_BEFORE = re.compile(r"\b(?:the|these|those|each|every|all|its|their|our)\s+(?:[\w-]+ly\s+)?$", re.I)


# a network named as another's encoder or backbone, its short name in brackets or not ("a Swin Transformer (Swin-T)
# backbone", "a ResNet-34 encoder")
_PART_AFTER = re.compile(r"\s*(?:[(\[][^()\[\]]{0,24}[)\]]\s*|[\w.+/-]{0,8}[)\]]\s*)?(?:encoder|backbone)s?\b", re.I)


# a network trained elsewhere and applied as it is: its training is not the study's
_READY_MADE = re.compile(r"\b(?:previously\s+(?:published|trained|developed|validated)|publicly\s+available|"
                         r"off-the-shelf|as (?:published|provided|supplied|distributed|released)|without\s+(?:any\s+)?"
                         r"(?:change|modification)s?|(?:applied|used)\s+(?:here\s+)?unchanged|(?:trained|developed)\s+in\s+"
                         r"(?:our|a|an\s+earlier|the)\s+(?:previous|earlier|prior)\s+(?:work|study|studies)|without\s+(?:any\s+)?"
                         r"(?:further\s+|additional\s+)?(?:re-?training|training|fine-?tuning|adaptation)|not\s+(?:re-?trained|fine-?tuned|adapted)|no\s+"
                         r"(?:re-?training|fine-?tuning)|commercial(?:ly\s+available)?|CE[- ]mark(?:ed)?|FDA[- ]"
                         r"(?:cleared|approved)|(?:supplied|provided)\s+by\s+(?:the\s+)?(?:vendor|manufacturer)|"
                         r"(?:used|applied)\s+as\s+(?:it\s+)?is|(?:released|provided|supplied|shared|distributed|made "
                         r"available)\s+by\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:authors|group|developers|vendor|"
                         r"manufacturer|team|company)|(?:weights|checkpoints?|models?)\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+downloaded|"
                         # trained by those who make it, not in the study ("trained by its vendor")
                         r"(?:trained|developed)\s+by\s+(?:the\s+|its\s+|their\s+)?(?:vendors?|manufacturers?|makers?|developers)\b|"
                         # the trained network itself received ("a U-Net trained on ... was obtained from its
                         # authors", "the trained weights were requested from"; not its code)
                         r"(?:trained|weights|checkpoints?)\b[^.;]{0,80}?\b(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:obtained|received|"
                         r"downloaded|requested)\s+from\s+(?:the\s+|its\s+|their\s+)?(?:original\s+)?(?:authors|"
                         r"developers)|"
                         r"no\s+(?:further|additional)\s+(?:training|fine-?tuning))\b", re.I)


# which of several delineations the pipeline uses, stated outright ("the model was built on the manual contours only",
# "only the automatic masks were used for feature extraction"), in either voice: the active puts what was built
# between the verb and the contours ("we built the radiomic model described below on the manual contours only"), in
# either tense ("we build the model on the manual contours only")
_USED_DELINEATION = re.compile(
    r"\b(?:built|build|trained|train|developed|develop|based|fitted|fit|computed|compute|extracted|extract)\s+"
    r"(?:[\w-]+\s+){0,6}?(?:on|from)\s+(?:the\s+)?"
    r"(?P<a>manual|semi-?automatic|automatic)(?:ally\s+drawn)?\s+(?:contours|masks|segmentations|delineations|"
    r"outlines|ROIs|VOIs)\s+(?:only|alone)\b"
    r"|\bonly\s+(?:the\s+)?(?P<b>manual|semi-?automatic|automatic)\s+(?:contours|masks|segmentations|delineations|"
    r"outlines|ROIs|VOIs)\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+used\b", re.I)


def _used_delineation(r: Reading) -> str | None:
    for i in range(len(r.sentences)):
        text = r.sentences[i].text
        low = text.lower()  # (every match says "only" or "alone": a cheap test first)
        m = _USED_DELINEATION.search(text) if "only" in low or "alone" in low else None
        if m:
            word = (m.group("a") or m.group("b")).lower().replace("-", "")
            return {"manual": "manual", "semiautomatic": "semi_automated", "automatic": "automated"}[word]
    return None


class Delineation(NamedTuple):
    stage: _Stage | None  # None: the readers' delineations only train a network (labels)
    model: bool  # a segmentation network trained in the study (a model stage), else an operation
    labels: _Stage | None = None  # the readers' delineations the network learns from (its labels_from)
    # delineations of their own beside the network trained in the study: the readers' delineation of the study's
    # cases, where the network is trained on other cases' labels, and a ready-made tool's
    beside: tuple[_Stage, ...] = ()
    # the crop around a place a reader gave that the delineating network is given (see _LOCATED_BY_READER)
    located: _Stage | None = None


# a crop placed where a person said the finding is: "a patch centred on the mass, the centre being the midpoint of the
# radiologist's caliper measurement", "cubes centred on the coordinates recorded by the readers": a person locates
# each region before the network outlines it, as a reader's box would
_LOCATED_BY_READER = re.compile(
    r"\b(?:radiologists?|readers?|physicians?|annotators?|observers?|experts?|sonographers?|endoscopists?)['\u2019]s?\s+"
    r"(?:[\w-]+\s+){0,3}?(?:measurements?|marks?|markers?|clicks?|annotations?|coordinates|points?|centres?|centers?|"
    r"locations?|positions?|arrows?)\b"
    r"|\b(?:coordinates|centres?|centers?|locations?|positions?|points?|marks?)\s+(?:[\w-]+\s+){0,4}?(?:given|provided|"
    r"marked|annotated|placed|recorded|indicated|reported|clicked)\s+by\s+(?:the\s+|a\s+|an\s+|each\s+|two\s+|one\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:radiologists?|readers?|physicians?|annotators?|observers?|experts?)\b", re.I)


def _located_by_reader(r: Reading, sentences: Iterable[int]) -> _Stage | None:
    """The crop the delineating network is given, placed at a location a person gave (see _LOCATED_BY_READER)."""
    said = [i for i in sentences if r.has(i, "roi_crop") and _LOCATED_BY_READER.search(r.sentences[i].text)]
    if not said:
        return None
    st = _Stage("crop", "preprocessing", "roi_crop(mode: manual)")
    for i in said:
        st.cite(i, r.cues(i, "roi_crop")[0])
    return st


# a network's labels drawn on other cases than the study's ("trained on manual contours of 80 separate patients",
# "on 100 manually annotated scans of a separate cohort", "on a public data set")
_OTHER_CASES = re.compile(r"\b(?:separate|independent|another|other|external|public(?:ly\s+available)?|different|"
                          r"additional)\s+(?:[\w-]+\s+){0,2}?(?:patients|cases|scans|cohorts?|data\s*sets?|subjects|"
                          r"examinations|images|volumes|series|institutions?|centres|centers)\b", re.I)


# what a tool or a network learnt from, said just before a manual phrase ("BIANCA, trained on 25 manually annotated
# scans of another cohort", "a model trained with 40 hand-drawn masks"): the tool's training data, not how the study's
# regions were drawn
_TRAINED_ON_CASES = re.compile(r"\b(?:trained|developed|fitted|built|learn(?:ed|t))\s+(?:on|with|using|from)\s+"
                               r"(?:the\s+|a\s+(?:set|total)\s+of\s+)?(?:\d[\d,]*|[a-z]+)?\s*$", re.I)


def _training_data(r: Reading, i: int, c: Mention) -> bool:
    """The manual phrase ``c`` of sentence ``i`` says what a tool or a network learnt from."""
    return _TRAINED_ON_CASES.search(r.text, max(r.sentences[i].start, c.start - 60), c.start) is not None


# neuroimaging suites that label structures by registering an atlas: ready-made automatic delineation software
_ATLAS_TOOLS = frozenset({"FreeSurfer", "SPM", "atlas-based segmentation"})


# what a study delineates for analysis, unlike the body part it separates from the image's background
_LESION = re.compile(r"\b(?:tumou?rs?|lesions?|nodules?|masses|mass|cancers?|metastas[ie]s|cysts?|polyps?|"
                     r"observations?|plaques?|aneurysms?|ROIs?|VOIs?|regions? of interest)\b", re.I)


# a delineation said as one ("the lungs were segmented from the background" delineates the lungs)
_SEGMENTING = re.compile(r"segment|delineat|contour|outlin", re.I)


# a region placed in a reference tissue that the intensities are normalised to or compared with ("normalised to a
# region of interest placed in the gluteal muscle", "SUV ratios to a VOI in the healthy liver", "the mean signal of
# an ROI in the contralateral white matter served as reference"): a step of the normalisation, not a delineation of
# what is analysed
_REFERENCE_REGION = re.compile(
    r"\b(?:ROIs?|VOIs?|regions?\s+of\s+interest|volumes?\s+of\s+interest|spheres?|circles?)\s+(?:\([^()]{0,20}\)\s+)?"
    r"(?:(?:of\s+[\w.,\s]{0,20}?\s+)?(?:was|were|is|are|(?:had|has|have)\s+been)\s+)?(?:(?:manually\s+)?(?:placed|drawn|positioned|defined|set)\s+)?"
    r"(?:in|on|within|over|at)\s+(?:the\s+|a\s+)?(?:(?:normal|healthy|contralateral|ipsilateral|adjacent|"
    r"uninvolved|non-?tumou?ral|right|left|paraspinal|gluteal|psoas|descending|thoracic|abdominal|normal-appearing)\s+)*"
    r"(?:muscles?|liver|mediastin\w*|blood\s+pool|aorta|aortic\s+arch|fat|air|background|spleen|white\s+matter|"
    r"gr[ae]y\s+matter|CSF|cerebrospinal\s+fluid|parenchyma|cerebellum|pons|bone\s+marrow|vertebra\w*|kidney|"
    r"lung|tissue)\b", re.I)
_NORMALISING = re.compile(r"\b(?:normali[sz]\w*|reference|ratios?|relative|divided|dividing|standardi[sz]\w*|"
                          r"noise|SNR|CNR)\b", re.I)


def reference_region_only(r: Reading, i: int) -> bool:
    """Sentence ``i`` places a region only in a reference tissue, to normalise the intensities or as their
    reference: no lesion or organ it analyses is delineated there."""
    text = r.sentences[i].text
    placed = _REFERENCE_REGION.search(text)
    # (the region's own words aside: "a region of interest placed in the muscle" delineates no lesion)
    return placed is not None and bool(_NORMALISING.search(text)) and not _LESION.search(
        text[:placed.start()] + " " + text[placed.end():])


# what a mask takes off an image to clean it, not a region of the patient: the text, overlays, markers or the
# scanner's interface ("the text overlays and the scanner interface were cropped away with a fixed mask per machine",
# "burned-in annotations were masked out")
_SCREEN_MARKS = (r"(?:text|texts|overlays?|annotations?|labels?|markers?|calipers?|callipers?|burn(?:ed|t)-in|"
                 r"interface|rulers?|logos?|identifiers?|scale\s+bars?|(?:patient|personal)\s+information|"
                 r"(?:image\s+)?borders?|frames?)")
_CLEANED = re.compile(r"\b" + _SCREEN_MARKS + r"\b[^.;]{0,120}?\b(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:[\w-]+\s+)?(?:removed|cropped|"
                      r"masked|blanked|erased|cut|hidden|blacked|excluded|cleared)\b"
                      r"|\b(?:remov\w*|crop\w*|mask\w*|blank\w*|eras\w*|cutting|hid\w*)\s+(?:out\s+|away\s+|off\s+)?"
                      r"(?:the\s+|all\s+|any\s+)?(?:[\w-]+\s+){0,3}?" + _SCREEN_MARKS + r"\b", re.I)
_MASK_WORD = re.compile(r"masks?$", re.I)


def cleaning_mask_only(r: Reading, i: int) -> bool:
    """Sentence ``i``'s only delineation word is a mask that takes the text, overlays or the scanner's interface off
    the images, and it names no lesion or region: preparation of the image, not a delineation of what is analysed."""
    s = r.sentences[i]
    cues = r.cues(i, "segment")
    cleaned = [(s.start + m.start(), s.start + m.end()) for m in _CLEANED.finditer(s.text)]
    # (the annotations taken off are screen marks too: "a mask blanked out the annotations")
    return bool(cues) and bool(cleaned) and any(_MASK_WORD.match(r.text, c.start, c.end) for c in cues) and all(
        _MASK_WORD.match(r.text, c.start, c.end) or any(a <= c.start < b for a, b in cleaned) for c in cues) and \
        not r.has(i, "roi_crop", "bbox") and not _LESION.search(s.text)


# a box computed from an intensity threshold over the anatomy ("cropped to the radius by a bounding box from bone
# thresholding", "the thresholded body gave a bounding box"): a fixed rule placing the field of view
_THRESHOLD_BOX = re.compile(r"\bbounding[- ]box(?:es)?\s+(?:[\w-]+\s+){0,2}?(?:from|of|by|using|after|via|on|around)\s+"
                            r"(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,3}?(?:threshold\w*|HU\s+threshold\w*)\b"
                            r"|\bthreshold\w*\s+(?:[\w-]+\s+){0,6}?(?:gave|gives|defined|defines|yielded|provided)\s+(?:a|the)\s+"
                            r"bounding[- ]box", re.I)


def threshold_box_only(r: Reading, i: int) -> bool:
    """Sentence ``i`` crops to a box computed by an intensity threshold of the anatomy, no reader or tool delineating
    the finding: image preparation placing the field of view, as a crop at a fixed position is, not a segmentation."""
    s = r.sentences[i]
    return "hresh" in s.text and _THRESHOLD_BOX.search(s.text) is not None and not _LESION.search(s.text) and \
        not r.has(i, "manual", "human_agent", "roi_crop") and not any(
            n.family == "deep" and n.role == "segmenter" for n in r.names(i, "term"))


# a program as the subject that places or draws the region ("The application places its own trabecular region of
# interest", "the software then outlines the liver"): the program delineates, whoever looks at it after
_SOFTWARE_PLACES = re.compile(r"\b(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}?(?:application|software|program|programme|"
                              r"tool|algorithm|package|platform|product|device)\s+(?:then\s+|itself\s+|also\s+)?"
                              r"(?:places|placed|positions|positioned|draws|drew|outlines|outlined|delineates|delineated|"
                              r"segments|segmented|defines|defined)\s+(?:its\s+own|an?|the|each|one)\b", re.I)


def _software_places(r: Reading, i: int) -> bool:
    """Sentence ``i`` has a program as the subject placing or drawing the region: an automatic delineation."""
    text = r.sentences[i].text
    return ("plac" in text or "position" in text or "draw" in text or "drew" in text or "outlin" in text
            or "delineat" in text or "segment" in text or "defin" in text) and _SOFTWARE_PLACES.search(text) is not None


# a program others made, named by its kind ("an FDA-cleared opportunistic bone density application")
_PROGRAM_OF_KIND = re.compile(r"\b(?:an?|the)\s+(?:(?:commercially\s+available|FDA-cleared|CE-marked|vendor|"
                              r"commercial),?\s+)((?:[\w-]+\s+){0,4}?(?:application|software|program|tool|product))\b",
                              re.I)


def _program_of_kind(r: Reading, i: int) -> list[Mention]:
    """The program another maker supplies that sentence ``i``, or the one before it, names by its kind, as the tool
    that places the region (its family unstated): none where neither names one."""
    for k in (i, i - 1):
        if k < 0 or not _COMMERCIAL.search(r.sentences[k].text):
            continue
        m = _PROGRAM_OF_KIND.search(r.sentences[k].text)
        if m is not None:
            a, b = r.sentences[k].start + m.start(1), r.sentences[k].start + m.end(1)
            return [Mention("term", r.text[a:b], a, b, k, family="", role="segmenter", detail="product")]
    return []


def foreground_only(r: Reading, i: int) -> bool:
    """Sentence ``i`` separates the imaged body part from the background ("the breast region was extracted from
    background by Otsu thresholding"): image preparation, not a delineation of what is analysed."""
    return r.has(i, "background") and not _LESION.search(r.sentences[i].text) and not r.has(
        i, "manual", "human_agent") and not any(_SEGMENTING.match(r.text, c.start) for c in r.cues(i, "segment"))


_CHECKED_BY = re.compile(r"\b(?:review\w*|check\w*|verifi\w*|inspect\w*|approv\w*|confirm\w*|validat\w*|"
                         r"assess\w*|viewed|examined|scrutini[sz]ed|supervised)\s+(?:[\w-]+\s+){0,3}?$", re.I)
_CHANGED = re.compile(r"\b(?:correct\w*|adjust\w*|refin\w*|edit\w*|modif\w*|revis\w*|redrawn|redrew|remov\w*|delet\w*|"
                      r"eras\w*|trimm\w*|amend\w*)\b", re.I)


# (any specialist: "a neuroradiologist", "a cardiologist with level III accreditation")
_A_PERSON = re.compile(r"\b(?:[a-z]*ologists?|readers?|physicians?|experts?|sonographers?|"
                       r"radiographers?|residents?|annotators?|observers?|authors?|students?|technicians?|trainees?|"
                       r"fellows?|nurses?|surgeons?|clinicians?|specialists?)\b", re.I)
_WE = re.compile(r"\b" + WE + r"\b", re.I)
# a box, point or seed a person places for the network named beside it to delineate from, without the word "prompt"
# ("A radiologist placed a box around each tumour, and MedSAM segmented it", "from a point clicked by the reader")
# (a random seed set is no point: "we set the random seed to 42"; and the person is named in the sentence, as a network
# that places its own boxes, "a detector, which placed a box around each nodule", prompts nothing)
_SEED = r"(?<!random )(?<!random-)seeds?(?!\s*(?:=|(?:to|of|at)\s+\d))"
_PLACES_A_PROMPT = re.compile(r"\b(?:placed|drew|drawn|clicked|marked|put|set)\s+(?:(?:a|an|one|the)\s+)?(?:[\w-]+\s+)?"
                              r"(?:box(?:es)?|points?|" + _SEED + r"|clicks?|rectangles?|markers?)\b|\b(?:box(?:es)?|points?|"
                              + _SEED + r"|clicks?|rectangles?)\s+(?:\w+\s+)?(?:drawn|placed|clicked|marked|set)\s+by\b", re.I)
def _places_by_hand(r: Reading, i: int) -> bool:
    """A person places what sentence ``i`` places: a reader named, the authors, or done by hand."""
    text = r.sentences[i].text
    return _A_PERSON.search(text) is not None or _WE.search(text) is not None or r.has(i, "manual", "human_agent") or \
        bool(r.cues(i, "readers"))


# (a change contrasted with what was done is not made: "excluded rather than edited")
# (or "none of the segmentations was altered": none of what its verb is said of)
_NOT_BEFORE = re.compile(r"\b(?:no|not|without|never|nor|none|rather\s+than|instead\s+of)\s+(?:[\w-]+\s+){0,2}$"
                         r"|\bnone\s+of\s+(?:the|these|those|its|their|them)\s+(?:[\w-]+\s+){0,2}?(?:was|were|is|are|(?:has|have|"
                         r"had)\s+been)\s+$", re.I)
# a reader's experience or supervisor said after the reader, in brackets, between commas or not ("A radiologist (7
# years of experience)", "A resident, supervised by a senior radiologist,", "a radiologist with 8 years of experience")
_ASIDE = (r"\s*(?:\([^()]{0,80}\)\s*|,[^,.;()]{1,80},\s*|,?\s*with\s+(?:over\s+|more\s+than\s+)?[\w-]+\s+years?\s+of\s+(?:[\w-]+\s+){0,3}?"
          r"experience(?:\s+in\s+(?:[\w-]+\s+){0,3}?[\w-]+)??,?\s+)?")
# what a reader does who only looks (after an aside: "A radiologist (7 years of experience) scrolled through")
_CHECKS = re.compile(_ASIDE + r"(?:[\w-]+\s+){0,3}?(?:independently\s+)?(?:review\w*|check\w*|"
                     r"verifi\w*|inspect\w*|rated|scored|graded|assessed|approv\w*|confirm\w*|(?:scrolled|looked|went|"
                     r"paged)\s+through|looked\s+at|viewed)\b", re.I)


# what a reader does who delineates ("A radiologist (7 years of experience) placed a box around each tumour")
# (or who looks first and then draws: "A radiologist viewed each scan and outlined the tumour")
_DRAWS = re.compile(_ASIDE + r"(?:(?:[\w-]+\s+){0,3}?(?:drew|drawn|placed|outlined|segmented|"
                    r"delineated|contoured|traced|annotated|marked|performed\s+(?:the\s+|all\s+)?(?:[\w-]+\s+)?"
                    r"(?:segmentations?|delineations?|contouring|outlining))\b|(?:[\w-]+,?\s+){1,12}?and\s+(?:(?:then|also|"
                    r"subsequently|manually)\s+)*(?:drew|outlined|segmented|delineated|contoured|traced)\b)", re.I)


def reviewer_only(r: Reading, i: int) -> bool:
    """The people of sentence ``i`` only check the delineations ("all contours were reviewed by an abdominal
    radiologist", "a neuroradiologist rated each segmentation"): quality control of what a tool drew, neither a
    manual delineation nor a correction (unless the sentence says they changed them: "no segmentation was edited"
    changes none)."""
    s = r.sentences[i]
    agents = r.cues(i, "human_agent")
    subjects = [c for c in r.cues(i, "readers") if _CHECKS.match(r.text, c.end, s.end)]
    if not agents and not subjects or r.has(i, "manual") or any(
            _DRAWS.match(r.text, c.end, s.end) for c in r.cues(i, "readers")):
        return False  # (a reader who draws, beside one who checks: "a radiologist placed a box; a second checked it")
    # (a change an algorithm makes in a clause of its own is not theirs: "the airways were removed by a second region
    # growing; all were reviewed by a chest radiologist", as two sentences would say)
    people = [c.start for c in (*agents, *r.cues(i, "readers"), *r.cues(i, "manual"))] + [
        s.start + m.start() for m in (*_A_PERSON.finditer(s.text), *_WE.finditer(s.text))]
    programs = [c.start for c in (*r.cues(i, "seg_algorithm"), *r.cues(i, "auto"))]

    def theirs(at: int) -> bool:
        return not any(r.same_clause(i, at, x) for x in programs) or any(r.same_clause(i, at, x) for x in people)

    if any(not _NOT_BEFORE.search(s.text, 0, m.start()) and theirs(s.start + m.start())
           for m in _CHANGED.finditer(s.text)):
        return False
    return all(_CHECKED_BY.search(r.text[max(s.start, c.start - 40):c.start]) for c in agents)


# delineations a study compares its results with, not the ones its pipeline uses ("the AUC was compared with that
# obtained with manual segmentations")
_COMPARED_DELINEATION = re.compile(
    r"\b(?:compar\w*|agreement|concordance)\s+(?:[\w-]+\s+){0,10}?(?:with|to|against)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:manual(?:ly\s+(?:placed|drawn|defined|delineated|segmented|traced))?|reference|expert|radiologists?'?|"
    r"readers?'?)\s+(?:segmentations?|contours?|masks?|delineations?|annotations?|outlines?|ROIs?|VOIs?|regions? of "
    r"interest)\b", re.I)


# delineations kept only to score a segmentation against, or kept from the model
_ONLY_TO_EVALUATE = re.compile(r"\b(?:used|kept|served)\s+(?:only|solely|exclusively)\s+(?:to|for|as)\s+(?:(?:comput|calculat|"
                               r"assess|measur|evaluat|scor)\w*\s+)?(?:the\s+)?(?:[\w-]+\s+)?(?:segmentation\s+(?:metrics|"
                               r"performance|accuracy|quality)|Dice|overlap|evaluation|references?\s+for\s+evaluation)"
                               r"|\bnever\s+(?:given|shown|fed|provided|input)\s+to\s+the\s+(?:model|network|algorithm)"
                               # said to be left out of the analysis ("a radiologist drew 50 of them by hand to gauge the
                               # agreement, but those manual masks were not used in the analysis")
                               r"|\b(?:(?:were|was|are|is)\s+not|(?:had|has|have)\s+not\s+been)\s+(?:otherwise\s+|further\s+)?used\s+(?:in|for|by)\s+(?:the\s+|any\s+)?"
                               r"(?:[\w-]+\s+)?(?:analys[ie]s|models?|modell?ing|pipeline|feature\s+extraction|"
                               r"classifiers?|predictions?)\b",
                               re.I)


# a detection scored by its overlap with the reference ("counted as detected when a CADe box overlapped the expert
# box", "a true positive when its IoU with a reader's box was at least 0.5")
_SCORED_BY_OVERLAP = re.compile(r"\b(?:counted|considered|regarded|defined|scored|classed)\s+as\s+(?:a\s+|an\s+)?(?:detected|"
                                r"detections?|true[- ]positives?|hits?|correct(?:ly\s+detected)?)\b[^.;]{0,120}?\b(?:overlap\w*|"
                                r"IoU|intersection)|\btrue[- ]positives?\b[^.;]{0,40}?\b(?:if|when|whenever)\b[^.;]{0,120}?"
                                r"\b(?:overlap\w*|IoU|intersection)", re.I)


# delineations said to be the reference a result is scored against ("the clinical contours ... served as reference",
# "the readers' boxes were used as the ground truth")
_SERVED_AS_REFERENCE = re.compile(r"\b(?:served|serve|serves|acted|(?:were|was|are|is|(?:had|has|have)\s+been)\s+"
                                  r"(?:used|taken))\s+as\s+(?:the\s+)?(?:[\w-]+\s+)?(?:references?|"
                                  r"ground[- ]truth|gold[- ]standard|reference\s+standard)\b(?!\s+(?:for|to)\s+train)",
                                  re.I)


# regions placed to measure image quality (noise, SNR, CNR) only
_QUALITY = r"(?:(?:image\s+)?noise|SNRs?|CNRs?|signal-to-noise(?:\s+ratios?)?|contrast-to-noise(?:\s+ratios?)?)"
_ROI = r"(?:regions?\s+of\s+interest|ROIs?)"
_QUALITY_ROI = re.compile(r"\b" + _QUALITY + r"[^.;]{0,120}?\b(?:measured|assessed|calculated|computed|recorded|"
                          r"determined|obtained)\s+(?:[\w-]+\s+){0,2}?(?:in|within|from|using|with)\s+(?:[\w-]+\s+){0,3}?"
                          + _ROI + r"(?:\s+(?:placed|drawn|positioned)\b[^.;]{0,100})?"
                          r"|\b" + _ROI + r"\s+(?:were\s+|was\s+|are\s+|is\s+)?(?:placed|drawn|positioned)\b[^.;]{0,100}?\bto\s+(?:measure|"
                          r"calculate|compute|assess|determine|quantify)\s+(?:the\s+)?" + _QUALITY, re.I)


_ROI_WORDS = re.compile(_ROI + r"$", re.I)
_PLACED = re.compile(r"\b(?:placed|drew|drawn|positioned)\b", re.I)
_QUALITY_WORDS = re.compile(r"\b" + _QUALITY + r"(?!\w)", re.I)


def _quality_rois_only(r: Reading, i: int) -> bool:
    """Sentence ``i`` delineates nothing but regions placed to measure image quality."""
    if "nois" not in r.sentences[i].text and "NR" not in r.sentences[i].text:
        # (or the next sentence says what they measure: "One radiologist placed circular ROIs in the aortic root
        # and the epicardial fat. Image noise was the SD of attenuation in the aortic root; SNR and CNR were
        # calculated"): regions placed, then only image quality measured in them
        j = i + 1
        return j < len(r.sentences) and _PLACED.search(r.sentences[i].text) is not None and all(
            _ROI_WORDS.match(r.text, c.start, c.end) for c in r.cues(i, "segment")) and bool(r.cues(i, "segment")) \
            and _QUALITY_WORDS.search(r.sentences[j].text) is not None and not any(r.has(
                k, "features", "radiomic", "measure") for k in (i, j))
    m = _QUALITY_ROI.search(r.sentences[i].text)
    if m is None:
        return False
    a, b = r.sentences[i].start + m.start(), r.sentences[i].start + m.end()
    return all(a <= c.start and c.end <= b for c in (*r.cues(i, "segment"), *r.cues(i, "roi_crop")))


_ON_A_MARK = re.compile(r"\bcent(?:red|ered)\s+(?:on|at|around)\s+(?:the|this|that|each|its)\s+(?:[\w-]+\s+)?(?:marks?|"
                        r"clicks?|points?|seeds?|markers?)\b", re.I)
_MARKED = re.compile(r"\b(?:marked|clicked|placed\s+(?:a|one)\s+(?:seed|point|marker|dot))\b", re.I)


# a person who places the seed an algorithm grows from ("placed the seed point in each lesion", "seed points were set
# manually")
_SEEDED = re.compile(r"\b(?:plac\w+|set|click\w*|mark\w*|select\w*|position\w*)\s+(?:[\w-]+\s+){0,3}?seeds?\b|\bseeds?"
                     r"(?:\s+points?)?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:manually\s+)?(?:placed|set|clicked|marked|selected|positioned)\b",
                     re.I)


_BY_TOOL = re.compile(r"\b(?:with|using|by|via|in)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_QUANTITY = re.compile(r"\b(?:volumes?|areas?|thickness\w*|diameters?)\b", re.I)


def _measures(r: Reading, i: int) -> bool:
    """Sentence ``i`` measures quantities ("volumes were computed")."""
    text = r.sentences[i].text
    return bool((r.has(i, "measure") or _QUANTITY.search(text)) and _MEASURED.search(text))


def _within(points: list[int], x: int, d: int) -> bool:
    """One of the sorted ``points`` is less than ``d`` from ``x``."""
    j = bisect.bisect_right(points, x - d)
    return j < len(points) and points[j] < x + d


def _segments_to_measure(r: Reading, i: int, n: Mention) -> bool:
    """``n`` is a ready-made segmentation tool (or an atlas-based suite) that sentence ``i``, which measures
    quantities, measures them with."""
    term = vocab.lookup(n.value)
    if not (n.value in _ATLAS_TOOLS or term is not None and term.ready_made and term.op == "segmentation"):
        return False
    return _BY_TOOL.search(r.text, max(r.sentences[i].start, n.start - 30), n.start) is not None


# the images go through the tool named next ("processed with", "run through", "we applied")
_THROUGH_TOOL = re.compile(r"\b(?:with|using|by|via|through|applied|ran|run)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
_TOOL_APPLIED = re.compile(r"\s*(?:\([^)]{0,80}\)\s*)?(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|first\s+)?(?:applied|run)\b", re.I)


def _ready_made_segmenter_applied(r: Reading, i: int, n: Mention) -> bool:
    """``n`` is a ready-made segmentation network of the vocabulary that sentence ``i`` runs the images through."""
    term = vocab.lookup(n.value)
    if term is None or not term.ready_made or term.op != "segmentation" or term.family != "deep":
        return False
    s = r.sentences[i]
    return _THROUGH_TOOL.search(r.text, max(s.start, n.start - 40), n.start) is not None or \
        _TOOL_APPLIED.match(r.text, n.end, s.end) is not None


# the delineating network said again where its training is described ("The network is trained from random
# initialisation on 128³ patches")
# (at a sentence's start, or at a clause's after a semicolon: "Images are resized to 1333 pixels; we train with AdamW")
_THE_NETWORK_TRAINED = re.compile(r"(?:^\s*It|;\s+it|\b(?:The|This|Our|the|this|our)\s+(?:segmentation\s+|detection\s+)?"
                                  r"(?:network|detector))\s+(?:is|was)\s+(?:then\s+)?(?:trained|developed)\b"
                                  # the study's own training said of no model by name ("We train with AdamW for 36
                                  # epochs", "We trained it for 200 epochs")
                                  r"|(?:^\s*(?i:" + WE + r")|;\s+" + WE + r")\s+(?:then\s+)?train(?:ed)?\s+(?:it\s+|the\s+"
                                  r"(?:network|model|detector)\s+)?(?:with|for|using|on|end-to-end)\b")


# the next sentence says what the readers' delineations are for: a network's targets ("These boxes are used only as
# training targets", "The resulting masks served as ground truth for training")
_THESE_ARE_LABELS = re.compile(r"\s*(?:These|The|Such|All|Those)\s+(?:[\w-]+\s+){0,2}?(?:boxes|masks|annotations|"
                               r"contours|segmentations|delineations|outlines|labels|ROIs)\s+(?:are|were|served|serve)\s+"
                               r"(?:then\s+)?(?:only\s+|solely\s+|exclusively\s+)?(?:used|employed|served|as|to|the)\b")


def _trained_later(r: Reading, networks_here: dict[int, list[Mention]]) -> bool:
    """The one network the delineation sentences name (not one used as supplied) is trained in a later sentence that
    speaks of "the network", with no other network named in between."""
    named = {n.value for ns in networks_here.values() for n in ns}
    if len(named) != 1 or not all(n.family == "deep" and n.detail != "product" for ns in networks_here.values()
                                  for n in ns):
        return False
    term = vocab.lookup(next(iter(named)))
    if term is not None and term.ready_made:
        return False
    first = min(i for i, ns in networks_here.items() if ns)
    if _READY_MADE.search(r.sentences[first].text):
        return False
    other_model = False  # a classical model named since: "We trained with 5-fold cross-validation" may be its
    for j in range(first + 1, len(r.sentences)):
        if any(n.family == "deep" and n.value not in named for n in r.names(j, "term")):
            return False
        other_model = other_model or any(n.role == "model" and n.family != "deep" for n in r.names(j, "term"))
        m = _THE_NETWORK_TRAINED.search(r.sentences[j].text)
        if m is not None and not r.has(j, "pretrained") and not (other_model and m.group().lstrip("; ").lower().startswith(
                "we")):
            return True
    return False


# a region "segmented" (the neutral word: not drawn, outlined, contoured or traced) in software that delineates by
# itself or from a seed as well as by hand: a radiomics platform, a vendor's prototype or workstation application
_IN_SEGMENTING_SOFTWARE = re.compile(r"\bsegmented\s+(?:[\w-]+\s+){0,4}?(?:in|with|using|within)\s+(?:the\s+|a\s+|its\s+)?"
                                     r"(?:[\w'\u2019-]+\s+){0,3}?(?:prototype|platform|application)\b", re.I)


# a region, mask or compartment the sentence says is made ("The analysis region was generated", "a mask of the
# lung was created", "to obtain the lung mask")
_REGION_MADE = re.compile(r"\b(?:regions?|masks?|compartments?|VOIs?|ROIs?)\s+(?:was|were|is|are|(?:had|has|have)\s+"
                          r"been)\s+(?:\w+ly\s+)?(?:generated|created|obtained|produced|derived|defined|made|built)\b|"
                          r"\bto\s+(?:obtain|generate|create|produce|derive)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?"
                          r"(?:regions?|masks?|compartments?)\b", re.I)


# a word of change, not of checking ("corrected", "edited", "adjusted"; not "reviewed", "confirmed", "correct")
_A_CHANGE = re.compile(r"(?:manually\s+)?(?:correct(?:ed|ions?|ing)|edit(?:ed|s|ing)?|adjust\w*|modifi\w*|refin\w*|"
                       r"amend\w*|revis\w*)", re.I)


def _other_cases_drawn(r: Reading, i: int) -> bool:
    """Sentence ``i`` says other cases (another cohort, a public data set) in a clause where readers delineate or
    labels are named."""
    s = r.sentences[i]
    found = [s.start + m.start() for m in _OTHER_CASES.finditer(s.text)]
    if not found or ";" not in s.text:
        return bool(found)
    return any(r.same_clause(i, x, c.start) for x in found for c in (*r.cues(i, "manual"), *r.cues(i, "labels")))


def delineation(r: Reading) -> Delineation | None:
    # (the boxes a scoring product returns are its detections: "For each radiograph it returns the location of every
    # suspected nodule as a bounding box overlay with an abnormality score")
    detected = {i for p in products(r) if p.role == "predict" for i in p.sentences if product_marks(r, i)}
    seg_sentences = [i for i in r.with_cue("segment", "roi_crop", "bbox")
                     if i not in detected
                     and not (r.has(i, "random_crop", "fixed_crop") and not r.has(i, "segment", "bbox"))
                     and not foreground_only(r, i)
                     and not threshold_box_only(r, i)
                     and not cleaning_mask_only(r, i)
                     and not head_segments(r, i)
                     and not reference_region_only(r, i)]
    # a detector or segmentation network named where it delineates ("a YOLOv8 detector ... to localise")
    seg_sentences = sorted(set(seg_sentences) | {
        i for i in range(len(r.sentences)) if r.has(i, "detection", "segment", "labels") and any(
            n.family == "deep" and delineates(r, i, n) for n in r.names(i, "term"))} | ({
        # a segmentation network trained in a study that segments ("We used nnU-Net ..., trained ...")
        i for i in range(len(r.sentences)) if r.has(i, "trained") and any(
            n.family == "deep" and n.role == "segmenter" for n in r.names(i, "term"))} if seg_sentences else set()))
    # a ready-made segmentation tool that quantities are measured with ("volumes were computed with FreeSurfer"): it
    # outlines what it measures
    measured_with = {i for i in range(len(r.sentences)) if r.mentions[i].names and any(
        _segments_to_measure(r, i, n) for n in r.names(i, "term")) and _measures(r, i)}
    # a ready-made segmentation network the images are run through delineates, whatever the sentence calls its
    # output ("processed with TotalSegmentator, which labels each vertebra")
    run_through = {i for i in range(len(r.sentences)) if any(
        _ready_made_segmenter_applied(r, i, n) for n in r.names(i, "term"))}
    measured_with |= run_through
    # a region an algorithm makes ("the analysis region was generated by a script: voxels above 200 HU were
    # thresholded ..."): a delineation by a program, whatever word the sentence has for it
    made = {i for i in r.with_cue("seg_algorithm") if _REGION_MADE.search(r.sentences[i].text)}
    seg_sentences = sorted(set(seg_sentences) | measured_with | made)
    # a multi-task network's own segmentation is no delineation step of its own; the readers' masks it learns from
    # are its labels
    # the reader who marked the point a crop is centred on ("a radiologist marked the centre of each nodule with a
    # click. A 64-mm cube centred on the mark was extracted"): the person who places the region
    seg_sentences = sorted(set(seg_sentences) | {i - 1 for i in seg_sentences if i and _ON_A_MARK.search(
        r.sentences[i].text) and _MARKED.search(r.sentences[i - 1].text) and (r.cues(i - 1, "readers") or r.has(
            i - 1, "human_agent", "manual"))})
    # the person who starts an algorithm's region, said in the next sentence ("Lesions were segmented by region growing.
    # A radiologist placed the seed point in each lesion."): the person's act is part of that delineation
    seg_sentences = sorted(set(seg_sentences) | {i + 1 for i in seg_sentences if i + 1 < len(r.sentences) and r.has(
        i + 1, "semi") and _SEEDED.search(r.sentences[i + 1].text) and (r.cues(i + 1, "readers") or r.has(
            i + 1, "human_agent", "manual"))})
    # how well a segmentation agrees with its reference ("Segmentation was measured by the Dice coefficient"): an
    # evaluation, not a step that delineates
    seg_sentences = [i for i in seg_sentences if not (_OVERLAP_METRIC.search(r.sentences[i].text) and not (
        r.has(i, "manual", "human_agent") or r.cues(i, "readers") or any(
            n.family in ("deep", "manual") for n in r.names(i, "term"))))]
    own_heads = {i for i in seg_sentences if head_segments(r, i)}
    labelled = [i for i in seg_sentences if i in own_heads and (r.has(i, "manual", "human_agent") or r.cues(
        i, "readers"))]
    seg_sentences = [i for i in seg_sentences if i not in own_heads]
    # (keyed by the product's first sentence that says it delineates: "The software automatically segments the lungs")
    delineating = {next((i for i in p.sentences if _PRODUCT_DELINEATES.search(r.sentences[i].text)), p.sentences[0]): p
                   for p in products(r) if p.role == "delineate"}
    seg_sentences = sorted(set(seg_sentences) | set(delineating))  # "AutoBC, which segments muscle and fat"
    if not seg_sentences and labelled:
        return Delineation(None, False, _training_labels(r, labelled))
    # what results are compared with is a reference, when it is all the sentence delineates ("the outputs were
    # compared with manual annotation"; not "segmented by nnU-Net and compared with manual masks")
    compared = []
    for i in seg_sentences:
        m = _COMPARED_DELINEATION.search(r.sentences[i].text)
        if m is not None and not any(c.start < r.sentences[i].start + m.start() for c in r.cues(i, "segment")):
            compared.append(i)
        elif _quality_rois_only(r, i):
            compared.append(i)  # "Noise and CNR were measured in circular ROIs placed by a radiologist": regions that
            # measure how good the images are, not a delineation the analysis reads
        elif _ONLY_TO_EVALUATE.search(r.sentences[i].text):
            compared.append(i)
        elif _SERVED_AS_REFERENCE.search(r.sentences[i].text) and not r.has(i, "deep_model", "ai_model", "labels") and not any(
                n.family == "deep" for n in r.names(i, "term")):
            compared.append(i)  # "the clinical contours approved for treatment (drawn by the oncologists) served as
            # reference": what the tool's delineation is scored against, not a step the images pass through  # "the masks were used only to compute segmentation metrics": the reference a
            # network's segmentation is scored against, never a step its input passes through
    # the readers' boxes or outlines a detection is scored against ("a polyp was counted as detected when a CADe box
    # overlapped the expert box"): the reference standard, where nothing automatic delineates in their sentence
    scored = [j for j in range(len(r.sentences)) if "IoU" in r.sentences[j].text or "verlap" in r.sentences[j].text or
              "ntersection" in r.sentences[j].text]  # (cheap tests first: every match has one)
    if scored and any(_SCORED_BY_OVERLAP.search(r.sentences[j].text) for j in scored):
        compared += [i for i in seg_sentences if i not in compared and (r.has(i, "manual", "human_agent") or r.cues(
            i, "readers")) and not r.has(i, "auto", "seg_algorithm", "semi", "labels", "deep_model", "ai_model") and not any(
            n.family == "deep" for n in r.names(i, "term")) and not r.has(i, "features", "radiomic")]
    seg_sentences = [i for i in seg_sentences if i not in compared]
    if not seg_sentences:
        return None
    op = "segmentation"
    if not any(r.has(i, "segment") or i in measured_with or i in made for i in seg_sentences):
        op = "roi_crop" if any(r.has(i, "roi_crop") for i in seg_sentences) else "bounding_box"
    elif all(r.has(i, "bbox") or not r.has(i, "segment") and i not in measured_with and i not in made
             for i in seg_sentences):
        op = "bounding_box"
    mode = None
    how_unstated = False  # a person segments in software that could delineate by itself, and how is not said
    tool: Mention | None = None
    network: Mention | None = None
    readers = 0
    corrected = None
    repro: list[str] = []
    trained = False
    qc = False
    networks_here = {i: [n for n in r.names(i, "term") if n.family == "deep" and delineates(r, i, n)]
                     for i in seg_sentences}
    for i in seg_sentences:  # a commercial product that delineates: the delineation's ready-made tool (a network
        p = delineating.get(i)  # said in its sentence describes it: "with a CNN trained by the manufacturer")
        if p is not None and not any(n.value not in _GENERIC for n in networks_here[i]):
            networks_here[i] = [Mention("term", p.name, p.start, p.end, i, family="deep" if p.deep else "",
                                        role="segmenter", detail="product")]
    for i in seg_sentences:  # a network named only by its kind that delineates: "carried out with a deep learning
        if not networks_here[i]:  # model developed and trained in-house"
            # a deep learning tool: a deep network of no stated name; an AI tool: the tool as the text names it,
            # its kind unstated ("the AI-assisted contouring module of the platform")
            networks_here[i] = [c._replace(kind="term", value="" if c.value == "deep_model" else r.text[c.start:c.end],
                                           family="deep" if c.value == "deep_model" else "", role="segmenter")
                                for c in [*r.cues(i, "deep_model"), *r.cues(i, "ai_model"), *_segmentation_models(r, i)]
                                if unnamed_delineator(r, i, c) and not (c.value == "ai_model" and any(r.has(
                                    j, "seg_algorithm") or _CLASSICAL_METHOD.search(r.sentences[j].text)
                                    for j in (i, i + 1) if j == i or j in seg_sentences))][:1]
            if not networks_here[i] and _software_places(r, i):
                networks_here[i] = _program_of_kind(r, i)  # "an FDA-cleared bone density application ... The
                # application places its own region of interest": that program, of a kind the text does not state
            # ("in-house software based on region growing": the algorithm is stated, no model of unstated kind; so
            # it is when the next sentence says how the software delineates: "... with in-house software. The lungs
            # were separated by thresholding followed by region growing")
    any_network = any(networks_here.values())
    cropped = any(r.has(i, "roi_crop", "bbox") for i in seg_sentences)
    # a head of the study's network outputs the mask ("the decoder outputs the lesion mask, and a classification
    # branch the subtype"), said where no delineation step is
    segmenting_head = bool(own_heads) or any(head_segments(r, i) for i in r.with_cue("segment"))
    training_only: set[int] = set()
    reference_from: dict[int, int] = {}  # where a sentence starts to name the reference its result is compared with
    trains = any(r.has(i, "trained", "labels", "finetune") and not r.has(i, "pretrained")
                 for i in seg_sentences if networks_here[i])
    trained_later = _trained_later(r, networks_here)
    trains = trains or trained_later
    # a network whose labels its own sentence draws on other cases learns from none of the study's delineations:
    # the readers' delineation of the study's cases is a step of the pipeline beside it (a radiomics model on the
    # readers' regions, a classification network on the network's crops)
    # (the other cases said in the clause of the readers' delineation: not the cases a later clause applies the
    # network to, "...; an nnU-Net was trained on these cases and then inferred the mask ... in the external cohort")
    elsewhere = trains and any(networks_here[i] and r.has(i, "trained", "labels", "finetune") and r.has(
        i, "manual", "labels") and _other_cases_drawn(r, i) for i in seg_sentences)
    for i in seg_sentences:  # readers' delineations before a network trained to delineate are its labels
        # (a revision of the readers' own annotations, said before the network and with nothing automatic to
        # correct, still makes them labels: "annotated by two annotators and revised by a neuroradiologist")
        if trains and not elsewhere and not networks_here[i] and (r.has(i, "manual") or r.cues(i, "readers")) and \
                not (r.has(i, "correct") and r.has(i, "auto", "seg_algorithm", "semi")) and \
                i < max(k for k in seg_sentences if networks_here[k]):
            training_only.add(i)
        elif not networks_here[i] and r.has(i, "labels") and not r.has(i, "correct") and (
                r.has(i, "manual", "human_agent") or r.cues(i, "readers")):
            training_only.add(i)  # "these outlines served as training targets": a network's labels
        elif not networks_here[i] and (r.has(i, "manual", "human_agent") or r.cues(i, "readers")) and \
                not r.has(i, "auto", "seg_algorithm", "semi") and i + 1 < len(r.sentences) and \
                r.has(i + 1, "labels") and _THESE_ARE_LABELS.match(r.sentences[i + 1].text):
            training_only.update((i, i + 1))  # "Three radiologists drew boxes. These boxes were used only as
            # training targets": both sentences speak of the network's labels
        elif not networks_here[i] and (r.has(i, "manual", "human_agent") or r.cues(i, "readers")) and \
                not r.has(i, "auto", "seg_algorithm", "semi") and r.has(i, "labels") and any(
                    _THESE_ARE_LABELS.match(c.lstrip()[:1].upper() + c.lstrip()[1:]) for c in r.sentences[i].clauses()[1:]):
            training_only.add(i)  # ... or in a clause after a semicolon: "Three radiologists drew boxes; a fourth
            # confirmed every box; these boxes were used only as training targets"
        elif segmenting_head and not any_network and not cropped and (r.has(i, "manual") or r.cues(i, "readers")) and \
                not r.has(i, "auto", "seg_algorithm", "semi", "correct"):
            training_only.add(i)  # the study's network outputs the mask itself (a head of it segments): the readers'
            # masks are what it learns to output, where no crop or box of theirs is what the network is given
    trained_net: Mention | None = None  # the first delineating network the study trains
    ready_net: Mention | None = None  # the first one it uses as supplied
    for i in seg_sentences:
        as_supplied = bool(networks_here[i]) and _READY_MADE.search(r.sentences[i].text) is not None  # once
        for n in networks_here[i]:
            network = network or n
            term = vocab.lookup(n.value) if n.value else None
            if (as_supplied or n.detail == "product" or term is not None and term.ready_made) and \
                    not r.has(i, "finetune"):
                ready_net = ready_net or n
                continue  # "a previously published U-Net (trained on the UK Biobank) ... without retraining"; a
                # ready-made network's masks whose sentence trains a classifier on their features ("features from
                # masks that TotalSegmentator produced, and an XGBoost classifier was trained on them")
            if r.has(i, "trained", "labels") and not r.has(i, "pretrained") or r.has(i, "finetune") or trained_later:
                trained = True
                trained_net = trained_net or n
        atlas = [n for n in r.names(i, "term") if n.value in _ATLAS_TOOLS]
        for n in r.names(i, "term"):
            # (a tool of another clause, "the images were imported to ITK-SNAP; the VOI was delineated ...", is where
            # the images went, as it would be in another sentence: only the clause that delineates names its tool)
            if (n.family == "manual" or n in atlas) and not _result_named_only(r, i) and (
                    ";" not in r.sentences[i].text or any(r.same_clause(i, n.start, c.start) for c in (
                        *r.cues(i, "segment"), *r.cues(i, "bbox"), *r.cues(i, "roi_crop"), *r.cues(i, "human_agent")))):
                tool = tool or n
        if i in training_only or any_network and r.has(i, "labels") and not networks_here[i] or \
                networks_here[i] and r.has(i, "labels") and r.has(i, "manual") and not r.has(i, "correct"):
            # annotations drawn to train the network: its labels, not the pipeline's delineation
            training_only.add(i)
            r.notes.append(Note("delineations drawn only to train a network are its training labels, not a step "
                                "of the pipeline: they do not make the delineation manual", r.sentences[i].start,
                                r.sentences[i].end))
            continue
        # "manually corrected", "adjusted by hand": a manual phrase next to a correction is about the correction
        corrections = r.cues(i, "correct")
        reference = _COMPARED_DELINEATION.search(r.sentences[i].text)  # "compared with manual segmentations"
        ref_at = r.sentences[i].start + reference.start() if reference is not None else r.sentences[i].end
        reference_from[i] = ref_at  # (the readers named after it drew the reference, not the delineation)
        # (looked up in the corrections' sorted ends and starts: a long sentence of many costs no square of them)
        k_ends, k_starts = sorted(k.end for k in corrections), sorted(k.start for k in corrections)
        manual = [c for c in r.cues(i, "manual") if c.start < ref_at
                  and not (_within(k_ends, c.start, 25) or _within(k_starts, c.end, 25))
                  and not _training_data(r, i, c)]
        # a network named here that delineates, or an algorithm that fills in the region
        automated = r.has(i, "auto", "seg_algorithm") or bool(networks_here[i]) or bool(atlas) or _software_places(r, i)
        if reviewer_only(r, i):
            qc = True  # "all contours were reviewed by a radiologist": a check of what a tool drew, not a drawing
            corrections = []
        elif corrections and r.has_negated(i, "correct"):
            # a sentence that says nothing was corrected: its reviews and confirmations are checks ("no manual
            # correction of its masks was undertaken; a visual review confirmed correct labelling"), only a word of
            # change is a correction
            changes = [k for k in corrections if _A_CHANGE.fullmatch(r.text, k.start, k.end)]
            qc = qc or len(changes) < len(corrections)
            corrections = changes
        # a person who changes what was drawn ("the same radiologist ... corrected under-segmentation with the brush
        # tool"), what an algorithm or the study's delineating network drew
        # (in the clause of the correction: "the airways were then removed by a second region growing; all were
        # reviewed by a chest radiologist" is the program's removal and a person's look, as two sentences would be)
        changed = any(not _NOT_BEFORE.search(r.sentences[i].text, 0, m.start()) and any(
            r.same_clause(i, r.sentences[i].start + m.start(), k.start) for k in corrections)
                      for m in _CHANGED.finditer(r.sentences[i].text)) if corrections else False
        # (a later sentence whose person, or whose "manually", edits what an algorithm, a network or a semi-automatic
        # tool drew before, "All masks were then reviewed and corrected by a radiologist", corrects that delineation:
        # it draws none by hand)
        corrects_before = changed and not manual and mode in ("automated", "semi_automated") and (
            _A_PERSON.search(r.sentences[i].text) is not None or r.has(i, "manual") or _WE.search(r.sentences[i].text)
            is not None)  # (by hand, or by us: "The masks were then manually corrected", "We then edited them")
        if networks_here[i] and (r.has(i, "prompt") or _PLACES_A_PROMPT.search(r.sentences[i].text) is not None and
                                 not r.has(i, "labels") and _places_by_hand(r, i)):
            mode = "prompt"  # a reader's box or clicks start each automatic delineation
        elif (r.has(i, "semi") or manual and r.has(i, "seg_algorithm")) and mode != "prompt":
            mode = "semi_automated"  # (a threshold or region growing inside what a person drew by hand: "inside a
            # manually drawn box with a threshold set at 42% of the maximum")
        elif not manual and r.has(i, "human_agent") and not automated and _IN_SEGMENTING_SOFTWARE.search(
                r.sentences[i].text) and mode is None:
            how_unstated = True  # "segmented in the prototype by a radiologist": by hand, from a seed, or accepted as
            # the software proposed it, the text does not say
        elif (manual or r.has(i, "human_agent") and not automated and not reviewer_only(r, i)) and mode not in (
                "semi_automated", "prompt") and not corrects_before:
            mode = "manual"
        elif automated and mode is None:
            mode = "automated"
        for c in r.cues(i, "readers"):
            if any(0 <= c.start - k.end < 40 for k in corrections) or qc and reviewer_only(r, i) or c.start >= ref_at:
                continue  # "corrected by a second radiologist", "a radiologist checked every mask", "compared with
                # manual contours drawn by a radiologist": not a reader who delineated
            k = number(c.detail.removeprefix("n="))
            if k is not None and k <= 50:
                readers = max(readers, k)
        if corrections and (r.has(i, "manual") or r.cues(i, "readers")) and (automated or r.has(i, "semi")) or \
                changed and _A_PERSON.search(r.sentences[i].text) and (automated or r.has(i, "semi") or any_network) \
                or corrects_before:
            corrected = "subset" if r.has(i, "subset") else "all"
        elif r.has_negated(i, "correct") and corrected is None:
            corrected = "none"
        for cue, fact in (("inter", "inter_reader"), ("intra", "intra_reader"), ("retest", "test_retest")):
            if r.has(i, cue):
                repro.append(fact)
    # a person acting on what an algorithm with no network filled in (placing, bounding or checking it: "obtained with
    # a 41% SUVmax threshold and checked by a nuclear medicine physician") makes it semi-automated; one who only looks
    # at a result the text calls automatic, or says nobody changed, is quality control ("segmented fully automatically
    # ... visually checked every mask; none was edited": qc: visual), and the delineation stays automated
    only_looks = corrected == "none" or any(r.has(i, "auto") or _software_places(r, i) for i in seg_sentences)
    people = any(any(c.start < reference_from.get(i, r.sentences[i].end) for c in (
        *r.cues(i, "readers"), *(c for c in r.cues(i, "manual") if not _training_data(r, i, c)),
        *r.cues(i, "human_agent"))) for i in seg_sentences if i not in training_only and not (only_looks and reviewer_only(r, i)))
    if mode == "automated" and people and network is None and (corrected is None or any(
            r.has(i, "seg_algorithm") for i in seg_sentences)):
        mode = "semi_automated"  # a reader places or bounds it, an algorithm fills it in (thresholding in a box)
    if corrected is None and (network is not None or mode == "automated"):
        later = corrected_later(r)  # a correction the Methods do not state, stated in the Results
        if later is not None:
            corrected, start, end = later
            r.notes.append(Note(f"the Results say the delineation was corrected by hand: drafted as corrected: "
                                f"{corrected} from outside the part read; check it", start, end))
    used = _used_delineation(r)
    if used is not None:  # "the model was built on the manual contours only": the others were for comparison
        mode = used
        if used == "manual":
            network, corrected = None, None
    if mode is None:
        if network is not None:
            mode = "automated"
        elif tool is not None:
            mode = "manual"
        elif (readers or any(r.has(i, "human_agent") for i in seg_sentences if i not in training_only and not
                             reviewer_only(r, i))) and not how_unstated:
            mode = "manual"  # a person delineates

    for i in range(len(r.sentences)):  # reproducibility stated beside the features (ICC on re-segmented cases)
        if i not in seg_sentences and r.has(i, "icc", "inter", "intra") and r.has(i, "segment", "features"):
            for cue, fact in (("inter", "inter_reader"), ("intra", "intra_reader"), ("retest", "test_retest")):
                if r.has(i, cue):
                    repro.append(fact)
    ready: _Stage | None = None
    if trained_net is not None and ready_net is not None and ready_net.value != trained_net.value:
        # a ready-made tool and a network the study trains ("segmented with TotalSegmentator, used as supplied ... an
        # nnU-Net was trained on ... and segmented"): two delineations, the trained one a model
        ready = _Stage("seg", "preprocessing", f"segmentation(mode: automated, tool: {value(ready_net.value)})")
        for i in seg_sentences:
            if any(n.value == ready_net.value for n in networks_here[i]) and not any(
                    n.value == trained_net.value for n in networks_here[i]):
                ready.cite(i, next(n for n in networks_here[i] if n.value == ready_net.value))
        if not ready.sentences:
            ready = None
        network = trained_net
    if network is not None and trained:
        st = _Stage("segnet", "model", value(network.value) if network.value else "")
        if not network.value:
            st.block["family"] = "deep"  # a network named only as "a deep learning model"
        term = vocab.lookup(network.value)
        st.block["task"] = "detection" if term is not None and term.task == "detection" or any(
            r.has(i, "detection") and not r.has(i, "segment") for i in seg_sentences) else "segmentation"
        if corrected is not None:
            st.block["corrected"] = corrected
        if readers:
            st.block["readers"] = str(readers)
        by_readers = _readers_beside(r, seg_sentences, networks_here, training_only) if elsewhere else None
        beside = tuple(b for b in (by_readers, ready) if b is not None)
        st.cite_all(i for i in seg_sentences if i not in training_only and not any(i in b.sentences for b in beside))
        labels = _training_labels(r, sorted(training_only))
        if labels is not None:
            st.block["labels_from"] = labels.name
        located = _located_by_reader(r, [i for i in seg_sentences if i not in training_only])
        return Delineation(st, True, labels, beside, located)
    if set(seg_sentences) <= training_only and network is None:
        return Delineation(None, False, _training_labels(r, sorted(training_only)))
    args: list[str] = []
    if mode is not None:
        args.append(f"mode: {mode}")
    if corrected is not None and mode != "manual":
        args.append(f"corrected: {corrected}")
    if qc and mode in ("automated", "semi_automated", "prompt"):
        args.append("qc: visual")
    if readers:
        args.append(f"readers: {readers}")
    if repro:
        args.append(f"reproducibility: {value_list(repro)}")
    if network is not None:
        if network.value:
            args.append(f"tool: {value(network.value)}")
            if network.detail == "product" and network.family == "deep":
                args.append("family: deep")  # a product the text says is deep learning
        else:  # "segmented with a commercially available deep learning tool": a deep network, its name unstated
            args.append("tool: DNN")
    elif tool is not None:
        args.append(f"tool: {value(tool.value)}")
    st = _Stage("seg", "preprocessing", op + (f"({', '.join(args)})" if args else ""))
    for i in seg_sentences:
        st.cite(i, _first(r.cues(i, "segment"), r.cues(i, "roi_crop"), r.cues(i, "bbox")))
        p = delineating.get(i)
        verb = _PRODUCT_DELINEATES.search(r.sentences[i].text) if p is not None else None
        if verb is not None:  # "AutoBC ..., which automatically selects the slice and segments muscle"
            st.cite(i, Mention("cue", "segment", r.sentences[i].start + verb.start(), r.sentences[i].start + verb.end(), i))
        else:
            for n in networks_here[i]:  # the tool that delineates, when named before the verb
                st.cite(i, n)
    return Delineation(st, False)


def _readers_beside(r: Reading, seg_sentences: list[int], networks_here: dict[int, list[Mention]],
                    training_only: set[int]) -> _Stage | None:
    """The readers' delineation of the study's cases, in the sentences naming no network that a person draws in
    (by hand, or starting or correcting a semi-automatic tool), where a network is trained on other cases' labels:
    an operation of its own, manual or semi-automated."""
    own = [i for i in seg_sentences if not networks_here[i] and i not in training_only and not reviewer_only(r, i)
           and (r.has(i, "manual", "human_agent", "semi") or r.cues(i, "readers"))
           and not (r.has(i, "correct") and not r.has(i, "semi", "seg_algorithm", "auto"))]
    if not own:
        return None
    semi = any(r.has(i, "semi", "seg_algorithm", "auto") for i in own)
    st = _Stage("seg", "preprocessing", f"segmentation(mode: {'semi_automated' if semi else 'manual'})")
    for i in own:
        st.cite(i, _first(r.cues(i, "segment"), r.cues(i, "roi_crop"), r.cues(i, "bbox")))
    return st


# a person's edit of the delineations said after the Methods ("in 23 scans the contour was corrected manually"), up
# to the Discussion: the Results may state what the Methods leave out
_CORRECTED_LATER = re.compile(r"\b(?:contours?|masks?|segmentations?|delineations?|outlines?|ROIs?|VOIs?)\b[^.;]{0,120}?"
                              r"\b(?:(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|subsequently\s+|therefore\s+)?(?:manually\s+)?(?:corrected|"
                              r"edited|adjusted|refined|redrawn|modified)|(?:manually|by hand)\s+(?:corrected|edited|"
                              r"adjusted|refined))\b"
                              # the noun ("manual correction of the automatic masks was necessary in 17 patients", "12
                              # contours required manual editing")
                              r"|\b(?:manual|hand)\s+(?:correction|editing|adjustment|refinement)s?\s+of\s+(?:the\s+)?"
                              r"(?:[\w-]+\s+){0,3}?(?:contours?|masks?|segmentations?|delineations?|outlines?)\b"
                              r"|\b(?:contours?|masks?|segmentations?|delineations?|outlines?)\s+(?:[\w()%.,-]+\s+){0,4}?"
                              r"(?:required|needed|necessitated|underwent)\s+(?:manual\s+)?(?:correction|editing|adjustment|"
                              r"refinement)\b", re.I)
_LATER_STOP = re.compile(r"\n\s*(?:#+\s*)?(?:(?:\d+(?:\.\d+)*|[IVX]+)\.?\s*\|?\s*)?(?:Discussion|Conclusions?|"
                         r"References|Acknowledg\w+|Limitations)\b", re.I)
_NO_CHANGE = re.compile(r"\b(?:no|none|never|nor|without)\s+(?:[\w-]+\s+){0,2}$", re.I)
_BY_HAND = re.compile(r"\bmanual\w*|\bby hand\b|\b(?:radiologists?|readers?|physicians?|experts?|observers?|"
                      r"annotators?|oncologists?)\b", re.I)
_SUBSET_LATER = re.compile(r"\bin\s+(?:\d+|a few|some|several|these|those)\b|\d\s?%|\b(?:where|when|if)\s+(?:necessary|"
                           r"needed|required)\b|\bthat\s+(?:leaked|failed)\b", re.I)


def corrected_later(r: Reading) -> tuple[str, int, int] | None:
    """A correction by hand of the delineations stated after the part read, before the Discussion ("subset" or
    "all", with the sentence's offsets), if the text states one."""
    if not r.sentences:
        return None
    lo = r.sentences[-1].end
    stop = _LATER_STOP.search(r.text, lo)
    hi = stop.start() if stop else len(r.text)
    for m in _CORRECTED_LATER.finditer(r.text, lo, hi):
        a = max(r.text.rfind(". ", lo, m.start()) + 2, lo)
        b = r.text.find(". ", m.end(), hi)
        b = hi if b < 0 else b + 1
        if _NO_CHANGE.search(r.text, max(a, m.start() - 30), m.start()) or not _BY_HAND.search(r.text, a, b):
            continue
        return ("subset" if _SUBSET_LATER.search(r.text, a, b) else "all"), a, b
    return None


def _training_labels(r: Reading, sentences: list[int]) -> _Stage | None:
    """The readers' masks or boxes a network is trained on, as an input of its own (``training_only``): they
    count as a delineation for Condition #1, not as a step of the system when it is used (#2)."""
    if not sentences:
        return None
    boxes = any(r.has(i, "bbox") for i in sentences)
    st = _Stage("labels", "input", "boxes" if boxes else "mask")
    readers = 0
    for i in sentences:
        for c in r.cues(i, "readers"):
            k = number(c.detail.removeprefix("n="))
            if k is not None and k <= 50:
                readers = max(readers, k)
        st.cite(i, _first(r.cues(i, "labels"), r.cues(i, "segment"), r.cues(i, "bbox")))
    if any(r.has(i, "manual") for i in sentences) or readers:
        st.block["mode"] = "manual"
    if readers:
        st.block["readers"] = str(readers)
    st.block["training_only"] = "yes"
    return st


# ------------------------------------------------------------------------------------------- extraction
_MEASURED = re.compile(r"\b(?:measur\w+|quantif\w+|calculat\w+|comput\w+|obtained|derived|extracted|recorded|"
                       r"reports|returns|returning|returned|provides|yields)\b"
                       r"|\b(?:taken|read|exported)\s+from\b"  # (what a tool's report or output gives)  # "the software reports the area" (not a label "reported by")
                       r"|\bvolumes?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:then\s+)?(?:entered|fed)\b"
                       r"|\bfrom\s+(?:the|these|its|their|each)\s+(?:[\w-]+\s+)?(?:masks?|segmentations?|contours?|ROIs?|"
                       r"VOIs?|delineations?)\b", re.I)


# a feature-class word naming an image operation: "morphological closing", "histogram equalisation", "intensity
# normalisation" (an operation on the image, not a class of features)
_AN_OPERATION = re.compile(r"[\s-]+(?:closing|opening|operations?|dilation|erosion|filter\w*|processing|smoothing|"
                           r"equali[sz]\w*|normali[sz]\w*|matching|standardi[sz]\w*|windowing|clipping|"
                           r"thresholding|correction|rescaling|projections?)\b", re.I)  # (a maximum intensity projection)


_ANALYSIS_OF = re.compile(r"[\s-]+analys[ie]s\s+(?:was\s+performed\s+)?(?:of|on|in|within)\b", re.I)


_FROM_REGION = re.compile(r"\bfeatures\s+(?:[\w-]+\s+){0,3}?(?:from|within|inside|in)\s+(?:the\s+|each\s+|every\s+|these\s+)?"
                          r"(?:[\w-]+\s+)?(?:tumou?rs?|lesions?|nodules?|ROIs?|VOIs?|regions?|masks?|segmentations?|"
                          r"contours?|volumes? of interest|delineat\w+)\b", re.I)


_WHOLE_IMAGE = re.compile(r"\b(?:whole|entire|full)\s+$", re.I)


def _takes_tables(r: Reading, n: Mention) -> bool:
    """``n`` names a model that learns from a table: a classical or statistical one, or a perceptron."""
    return n.kind == "term" and n.role == "model" and (n.family in ("classical", "statistical") or perceptron(r, n))


# a network described by its hidden layers, or as shallow: a perceptron ("an artificial neural network with one hidden
# layer", "a shallow neural network"), not a convolutional or a recurrent one
_HIDDEN_LAYERS = re.compile(r"\bhidden[- ](?:layers?|units|neurons|nodes)\b|\bshallow\b", re.I)
_NOT_A_PERCEPTRON = re.compile(r"\bconvolution\w*|\brecurrent\b|\battention\b|\btransformer\b", re.I)


def perceptron(r: Reading, n: Mention) -> bool:
    """``n`` names a multilayer perceptron: by its name, or a neural network its words describe as one."""
    if n.value == "MLP":
        return True
    if n.value != "DNN":
        return False
    s = r.sentences[n.sentence]
    near = r.text[max(s.start, n.start - 30):min(s.end, n.end + 80)]
    return bool(_HIDDEN_LAYERS.search(near)) and not _NOT_A_PERCEPTRON.search(near)


# what a quantity's cue may take in after its name: its unit word and the verb that measures it ("values", "volumes
# were computed")
_QUANTITY_VERB = re.compile(r"\s+(?:values?$|(?:were|was|are|is|(?:had|has|have)\s+been)\s.*$)")
# what says a model is given something: a clause saying that the quantities are computed "with the same script" or
# "using software" names a tool, not a model they enter
_TOOL_ONLY = frozenset({"with", "using", "based on", "on the basis of"})


def _entered(r: Reading, i: int) -> bool:
    """Sentence ``i`` says that something is entered, fed or combined (into a model)."""
    return r.has(i, "combine") or any(r.text[c.start:c.end].lower() not in _TOOL_ONLY for c in r.cues(i, "feeds"))


# a quantity said to be the reference standard or the ground truth ("The reference standard was the MRI PDFF measured
# ...", "PDFF served as the reference", "the ground truth was the mean ADC ..."), each clause read alone
_REFERENCE_IS = re.compile(r"\b(?:reference(?:\s+standard)?|ground[- ]truth|gold[- ]standard|(?:outcome|label|target)s?)"
                           r"\s+(?:(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:defined\s+(?:as|by)\s+)?|(?:defined|given)\s+(?:as|by)\s+)"
                           r"(?:the\s+|a\s+)?(?:[\w-]+\s+){0,3}?$", re.I)
_AS_REFERENCE = re.compile(r"^[^.;]{0,80}?\b(?:served|was\s+used|were\s+used|used)\s+as\s+(?:the\s+)?(?:reference|"
                           r"ground[- ]truth|gold[- ]standard)\b", re.I)


def _reference_quantity(r: Reading, i: int) -> bool:
    """The quantity measured in sentence ``i`` is the reference standard the study's outcome is defined by."""
    s = r.sentences[i]
    cues = r.cues(i, "measure")
    # (the first quantity named: the rest are its abbreviation or how it was measured)
    first = cues[0] if cues else None
    return first is not None and bool(_REFERENCE_IS.search(r.text, max(s.start, first.start - 60), first.start) or
                                      _AS_REFERENCE.match(r.text, first.end, s.end)) and not r.has(
        i, "features", "radiomic") and not _entered(r, i)


# a ventricle's ejection fraction, by its name or its abbreviation ("ejection fractions" ... "RVEF was entered")
_EJECTION_FRACTION = re.compile(r"(?:(?:lv|rv|biv)ef|(?:(?:left|right)\s+ventricular\s+|biventricular\s+)?"
                                r"ejection\s+fractions?)")


def _quantity_key(quantity: str) -> str:
    """A measured quantity as it is compared with the quantities said again: lower-cased, and an ejection fraction
    the same quantity whichever ventricle's abbreviation names it."""
    q = quantity.lower()
    return "ejection fraction" if _EJECTION_FRACTION.fullmatch(q) else q


def _measured(r: Reading, i: int) -> bool:
    """A quantity is measured on the region in sentence ``i`` ("spleen volume and mean attenuation were measured",
    "TMTV was calculated"): the measuring verb is close to it, and it is not the image itself ("the whole lung
    volume was input to the network")."""
    s = r.sentences[i]
    for c in r.cues(i, "measure"):
        if re.search(r"\b(?:whole|entire|full)\s+$", r.text[max(s.start, c.start - 10):c.start], re.I):
            continue
        if _MEASURED.search(r.text[max(s.start, c.start - 40):min(s.end, c.end + 60)]):
            return True
        # (a verb whose object list the quantity ends, farther back in its clause: "we measured, on the
        # post-treatment images, the residual tumour length and the mean ADC")
        before = r.text[max(s.start, c.start - 160):c.start]
        if ";" not in before and _MEASURED_EARLIER.search(before):
            return True
    return False


# a person measuring, as the subject of the verb ("we simply measured", "the radiologist measured")
_MEASURED_EARLIER = re.compile(r"\b(?:we|they|radiologists?|readers?|observers?|physicians?)\s+(?:[\w-]+ly\s+)?"
                               r"(?:measured|recorded|quantified|calculated)\b", re.I)


# readers record what they see ("they recorded its size and each LI-RADS major feature (washout, capsule)")
_READERS_RECORD = re.compile(r"\b(?:they|readers?|radiologists?|observers?|raters?|reviewers?)\s+(?:[\w-]+\s+){0,2}?"
                             r"(?:recorded|scored|rated|graded|assessed|noted|reported|documented)\b", re.I)


def _read_by_eye(r: Reading, i: int) -> bool:
    """Sentence ``i`` gives features readers score by eye (a reporting system's descriptors, features readers
    record): a feature class named there (washout, enhancement, shape) is theirs, not computed."""
    # (or rated by readers, as the semantic cue reads it: "morphological features (shape, margin) were evaluated
    # visually by two radiologists", where no verb says they were computed)
    # (an extraction named only by the heading read with the sentence, "2.3 Feature extraction", says what the section
    # is about, not that these features were computed)
    own = r.sentences[i].quoted_start()
    return bool(_READERS_RECORD.search(r.sentences[i].text)) or any(
        n.family == "semantic" for n in r.names(i, "term")) and not r.has(i, "radiomic") or r.has(
        i, "semantic") and not any(c.start >= own for c in r.cues(i, "extract"))


_ANALYSED = re.compile(r"\bROC\b|\breceiver operating|\bAUCs?\b|\barea under\b|\bcompared\s+between\b|"
                       r"\bdiffer\w*\s+between\b|\bcorrelat\w+|\bcut-?offs?\b|\bdiagnostic performance\b|\bt[- ]?test\b|"
                       r"\bMann|\bWilcoxon|\bKruskal|\bassociat\w+|\blog-?rank\b|\bKaplan|\bdichotomi[sz]\w+", re.I)
_QUANTITIES_REFERRED = re.compile(r"\b(?:each|every)\s+(?:[\w-]+\s+)?(?:feature|parameter|measurement|measure|index|"
                                  r"metric|value)\b|"
                                  r"\b(?:these|the|all|both|body[- ]composition|imaging|image-derived|quantitative|"
                                  r"volumetric|morphometric|perfusion|diffusion|CT|MRI|PET)\s+(?:\d+\s+)?(?:[\w-]+\s+)?(?:parameters|"
                                  r"measurements|measures|indices|values|metrics|biomarkers)\b"
                                  # ("the body composition variables", not "the clinical variables")
                                  r"|\b(?:body[- ]composition|imaging|image-derived|quantitative|volumetric|CT|MRI|PET)\s+"
                                  r"(?:[\w-]+\s+)?variables\b", re.I)


# a statistic computed for each feature ("agreement for each feature", "the sensitivity of every feature"): what is
# calculated is the statistic, not the features
_STATISTIC_OF_FEATURES = re.compile(
    r"\b(?:agreement|reliability|reproducibility|kappa|κ|correlation|ICCs?|AUCs?|areas? under|sensitivit\w+|"
    r"specificit\w+|accuracy|odds ratios?|P[- ]values?|prevalence|frequenc\w+|proportions?|distributions?|"
    r"diagnostic performance|(?:positive|negative) predictive values?|PPVs?|NPVs?|likelihood ratios?)\b[^.;]{0,60}?\b(?:for|of|in)\s+(?:each|every|all|individual|the\s+individual)\s+"
    r"(?:[\w-]+\s+){0,3}?features?\b", re.I)


# (an abbreviation first in a bracket that goes on: "the skeletal muscle index (SMI, muscle area / height²)")
_ABBREVIATION_AFTER = re.compile(r"\s*\(([A-Za-z][\w%-]{0,9})(?:\)|[,;]\s)")
_ABBREVIATION_NEXT = re.compile(r"\s*([A-Za-z][\w%-]{0,9})(?:\)|[,;]\s)")


def _abbreviations_after(text: str, start: int, end: int) -> list[str]:
    """The abbreviations a bracket right after ``start`` gives, each of its list ("the mean and maximum elasticity
    (Emean, Emax; kPa)" gives both)."""
    out: list[str] = []
    m = _ABBREVIATION_AFTER.match(text, start, end)
    while m is not None and len(out) < 6:
        out.append(m.group(1))
        if m.group().endswith(")"):
            break
        m = _ABBREVIATION_NEXT.match(text, m.end(), end)
    return out


# a software where images are sent, stored or looked at (a workstation, PACS, a viewer), extracting nothing there
_VIEWED = re.compile(r"\b(?:export\w*|transferr\w*|sent|uploaded|imported|stored|archived|viewed|displayed|reviewed|"
                     r"read|interpreted|loaded|anonymi[sz]\w*|pseudonymi[sz]\w*|workstations?|viewers?|PACS)\b", re.I)


def handcrafted(r: Reading) -> _Stage | None:
    st = _Stage("rad", "feature_extraction")
    tools: list[str] = []
    classes: list[str] = []
    # quantities said to be measured somewhere ("the mean ADC was recorded"), to be known where they enter a model
    # (not the quantity the outcome is defined by: "The reference standard was the MRI proton density fat fraction
    # measured in nine regions placed by a radiologist" measures the label, not a feature of the images analysed)
    measuring = [i for i in range(len(r.sentences)) if r.mentions[i].cues and _measured(r, i)
                 and not _reference_quantity(r, i)]
    quantities = {r.text[c.start:c.end].lower() for i in measuring for c in r.cues(i, "measure")}
    quantity_keys = {_quantity_key(q) for q in quantities}
    delineated = bool(r.with_cue("segment", "bbox", "roi_crop"))
    # the word a measured quantity is named by ("the mean ADC value was recorded" ... "the association of ADC")
    # (named before its verb where the cue takes the verb in: "the tumour volumes were measured" is "volumes")
    heads_ = {_QUANTITY_VERB.sub("", q).split()[-1] for q in quantities}
    # ... or by the abbreviation the text gives it ("the percent density (PD%)" ... "per standard deviation of PD%")
    # (each of the abbreviations a bracket lists: "the mean and maximum elasticity (Emean, Emax; kPa)")
    heads_ |= {a.lower() for i in measuring for c in r.cues(i, "measure")
               for a in _abbreviations_after(r.text, c.end, r.sentences[i].end)}
    said_again = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(h) for h in sorted(heads_)) + r")(?!\w)", re.I) \
        if heads_ else None
    # no network anywhere in the text: features said to be extracted can only have been computed
    entered: list[bool] = []  # whether clinical variables enter a model (looked for once, when needed)

    def clinical_in_model() -> bool:
        if not entered:
            entered.append(any(r.has(j, "clinical") and (r.has(j, "nomogram", "combine") or any(
                n.kind == "term" and n.role == "model" for n in r.names(j, "term"))) for j in range(len(r.sentences))))
        return entered[0]

    table_model: list[bool] = []  # whether a model that takes tables is named anywhere (looked for once, when needed)

    def cite_measuring() -> None:  # each sentence that measures a quantity, quoted around the quantity
        for j in measuring:
            st.cite(j, _first(r.cues(j, "measure")))

    def named_model() -> bool:
        if not table_model:
            table_model.append(any(_takes_tables(r, n) for j in range(len(r.sentences)) for n in r.names(j, "term")))
        return table_model[0]

    # (a perceptron, which takes vectors, is the source of no features)
    no_network = not any(r.has(i, "deep_feat", "deep_model") or any(
        n.family == "deep" and not perceptron(r, n) for n in r.names(i, "term")) for i in range(len(r.sentences)))
    for i in range(len(r.sentences)):
        names = r.names(i)
        extractors = [n for n in names if n.kind == "term" and n.family == "handcrafted"]
        if extractors and r.has(i, "segment", "normalize", *_OP_CUES) and not r.has(i, "features", "radiomic", "extract"):
            # "outlined in the breast module of the workstation (uAI Research Portal)": it delineates; "skull-stripped
            # and bias-field corrected with the CaPTk toolkit": it prepares the images
            extractors = []
        if extractors and _VIEWED.search(r.sentences[i].text) and not r.has(i, "features", "radiomic", "extract",
                                                                             "ibsi", "discretize"):
            extractors = []  # "images were exported to a workstation (syngo.via) for review": a viewer here
        fcs = [n for n in names if n.kind == "feature_class" and not _AN_OPERATION.match(r.text, n.end)]
        # (a class named in a clause of its own, "... and intensity scaling; the two stages were trained", is what
        # that clause says, not a class of the features another clause speaks of)
        fcs = [n for n in fcs if _ANALYSIS_OF.match(r.text, n.end) or any(r.same_clause(i, n.start, c.start) for c in (
            *r.cues(i, "features"), *r.cues(i, "extract"), *r.cues(i, "radiomic")))] if ";" in r.sentences[i].text \
            else fcs
        if fcs and not (r.has(i, "features", "extract", "radiomic") and not _read_by_eye(r, i)) and not any(
                _ANALYSIS_OF.match(r.text, n.end) for n in fcs):
            # (an analysis named by its class of features, "histogram analysis of the ADC values within the tumours",
            # "fractal analysis of the segmented tumours", computes them, whatever verb the sentence uses)
            fcs = []
        stated = r.has(i, "radiomic") and (r.has(i, "extract") or any(
            r.text[c.end - 4:c.end] in ("ysis", "yses") for c in r.cues(i, "radiomic"))) and not r.has(
            i, "deep_feat") and not _read_by_eye(r, i)
        # "Grey-level features were standardised, harmonised and summarised": features said to be processed were
        # computed first, even when no sentence says so
        # "radiomics models were constructed ... using the selected features": the features of a radiomics study
        # (not those readers rate by eye: "morphological features were evaluated visually by two radiologists, and a
        # random forest was trained on them")
        stated = stated or not r.has(i, "deep_feat") and r.has(i, "radiomic") and r.has(i, "features") and r.has(
            i, "feeds", "trained") and any(n.kind == "term" and n.role == "model" for n in names) and not _read_by_eye(
            r, i)
        # ... or said to be what a model is fed or trained on ("radiomic features were used to train an SVM")
        stated = stated or not r.has(i, "deep_feat") and any(
            re.search(r"(?:features?|parameters?|descriptors?)$", r.text[c.start:c.end], re.I)
            for c in r.cues(i, "radiomic")) and (r.has(i, "normalize", "harmonize", "select", "reduce") or (
                r.has(i, "feeds", "trained") and any(n.kind == "term" and n.role == "model" for n in names))) and \
            not _read_by_eye(r, i)
        # "128 features were derived from each tumour": features computed on the region, no network their source
        stated = stated or r.has(i, "features") and r.has(i, "extract") and not r.has(i, "deep_feat") and \
            _FROM_REGION.search(r.sentences[i].text) is not None and not any(
                n.kind == "term" and n.family == "deep" and not perceptron(r, n) and not _CONSUMER_BEFORE.search(re.sub(
                    r"\w+-$", "", r.text[max(r.sentences[i].start, n.start - 60):n.start])) for n in names)
        # "extraction of T2 mapping features was performed": with no network to be their source, computed (but not
        # where what is computed is a statistic of each feature: "agreement for each feature was calculated")
        stated = stated or no_network and r.has(i, "features") and r.has(i, "extract") and not r.has(
            i, "clinical", "semantic") and not _STATISTIC_OF_FEATURES.search(r.sentences[i].text)
        # quantities measured on the delineated region that then enter a model ("TMTV and Dmax were entered
        # into a Cox regression", "volume and attenuation were measured from the masks and entered ...")
        model_here = any(_takes_tables(r, n) for n in names) or r.has(i, "nomogram")
        # (or a model named by its kind there, whose algorithm another sentence, a table's row or a caption names: "a
        # classifier was trained on these measurements. The classifier was a random forest"; only for the quantities
        # measured elsewhere and said again here, as "the boxed tumour volumes" a model is developed on are images)
        kind_here = model_here or r.has(i, "model_cue") and r.has(i, "trained", "feeds") and named_model()
        measured = (_measured(r, i) or any(_quantity_key(r.text[c.start:c.end]) in quantity_keys
                                           for c in r.cues(i, "measure"))) and (
            _entered(r, i) or model_here)
        # a quantity of the images named as what a regression takes ("skeletal muscle index and visceral fat area
        # were entered as covariates in a Cox model"): measured, whether or not a sentence says how
        # (not among what the sentence calls clinical factors: "clinical risk factors (AFP, tumour diameter)")
        measured = measured or model_here and not r.has(i, "clinical") and any(not _WHOLE_IMAGE.search(r.text[max(r.sentences[i].start, c.start - 10):
                                                                                   c.start]) for c in r.cues(i, "measure"))
        # the measured quantities said again, or referred to, where a model takes them ("the association of body
        # composition parameters with OS was assessed with Cox regression")
        again = bool(quantities) and (kind_here or delineated) and (
            said_again is not None and said_again.search(r.sentences[i].text) is not None or
            _QUANTITIES_REFERRED.search(r.sentences[i].text) is not None)  # (only where it can matter)
        if not measured and kind_here and bool(quantities) and again:
            measured = True  # (the quantities measured elsewhere, said again where a model takes them: the
            # sentences that measure them are the extraction's evidence too)
            cite_measuring()
        # or analysed as a radiomics study analyses its features ("ROC analysis of mean attenuation", "ADC values
        # were compared between groups"), when they were measured on a delineated region
        # (in one clause: "we report the AUC ...; the percentage of low-attenuation areas computed from the lung mask
        # was not entered into any model" analyses no quantity by the AUC, as two sentences would not)
        if bool(quantities) and again and delineated and any(_ANALYSED.search(c) and (
                said_again is not None and said_again.search(c) or _QUANTITIES_REFERRED.search(c))
                for c in r.sentences[i].clauses()):
            measured = True
            cite_measuring()
        # or listed among the variables a model takes as clinical ones ("age, sex, cT stage, SUVmax and MTV were
        # collected", and the clinical variables entered the nomogram): image-derived all the same
        if bool(quantities) and again and delineated and r.has(i, "clinical") and _LISTED.search(
                r.sentences[i].text) and clinical_in_model():
            measured = True
            cite_measuring()
        if extractors or fcs or stated or measured or r.has(i, "ibsi") and r.has(i, "features", "extract"):
            tools += [n.value for n in extractors]
            classes += [n.value for n in fcs]
            st.cite(i, _first(extractors, fcs, r.cues(i, "radiomic"), r.cues(i, "measure")))
    if not st.sentences:
        return None
    named = [t for t in dict.fromkeys(tools) if t != "IBSI-compliant software"] or list(dict.fromkeys(tools))
    st.head = "handcrafted" + (f" {value(named[0])}" if named else "")
    if any(r.has(i, "feature_maps") for i in st.sentences):
        st.block["produces"] = "maps"  # voxel-wise feature maps: hand-crafted (#3) but not a table (#4)
    if classes:
        st.block["feature_classes"] = "[" + ", ".join(dict.fromkeys(classes)) + "]"
    return st


# image features the study was given already computed: a feature table others released ("the radiomic feature table
# released with a public collection", "a publicly available radiomics data set"), features computed by those who
# provided the data ("features of the tumour, computed by the data providers"), or no images to compute them from
# ("we had no access to the images")
_TABLE_WORDS = r"(?:tables?|matri(?:x|ces)|spreadsheets?|files?|data\s?sets?|databases?)"
_SUPPLIED = re.compile(
    r"\bfeatures?\s+" + _TABLE_WORDS + r"\s+(?:(?:that\s+|which\s+)?(?:was|were|is|are|had\s+been|has\s+been)\s+)?(?:publicly\s+)?"
    r"(?:released|published|shared|deposited|distributed|downloaded|made\s+(?:publicly\s+)?available)\b"
    r"|\b(?:released|published|downloaded|publicly\s+available|public|open(?:-access)?)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:radiomics?\s+|texture\s+|image\s+)?(?:features?\s+" + _TABLE_WORDS + r"|radiomics\s+" + _TABLE_WORDS + r")\b"
    # "a publicly available data set of CT radiomic features"
    r"|\b(?:released|published|publicly\s+available|public|open(?:-access)?|shared)\s+(?:[\w-]+\s+){0,2}?" + _TABLE_WORDS +
    r"\s+of\s+(?:[\w,-]+\s+){0,4}?features\b"
    # "we obtained the feature matrix under a data sharing agreement"
    r"|\b(?:obtained|received|downloaded|requested|were\s+given|was\s+given)\s+(?:the\s+|a\s+|their\s+)?(?:[\w-]+\s+){0,2}?"
    r"features?\s+" + _TABLE_WORDS + r"\b"
    r"|\b(?:pre-?computed|pre-?extracted|pre-?calculated|already\s+(?:computed|extracted|calculated))\s+(?:[\w-]+\s+){0,2}?"
    r"features\b"
    # "features ... computed by the data providers", "provided by the challenge organisers", "extracted previously by
    # the original investigators"
    r"|\bfeatures?\b[^.;]{0,80}?\b(?:computed|extracted|calculated|derived|generated|provided|supplied|shared|released)"
    r"(?:\s+(?:previously|already|originally|centrally))?\s+by\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:data\s+)?(?:providers?|"
    r"organi[sz]ers|curators|consortium|original\s+(?:investigators|authors|study|team)|contributors|data\s+(?:owners|"
    r"custodians|holders)|collection|database|repository)\b"
    r"|\bno\s+access\s+to\s+(?:the\s+)?(?:original\s+|raw\s+|underlying\s+|source\s+)?(?:images|scans|imaging\s+data)\b"
    r"|\b(?:images|scans)\s+(?:themselves\s+)?(?:were|was|are|is|(?:had|has|have)\s+been)\s+not\s+(?:released|shared|available|provided|made\s+available)\b",
    re.I)


def features_supplied(r: Reading) -> int | None:
    """The first sentence saying that the study's image features came to it already computed (a released table,
    computed by the data's providers, no images to compute them from): an input table of radiomic features, whose
    delineation and extraction are the providers', not a step the text describes."""
    for i, s in enumerate(r.sentences):
        if ("eature" in s.text or "ccess" in s.text) and _SUPPLIED.search(s.text) and not any(
                n.family == "deep" for n in r.names(i, "term")):
            return i
    return None


_DESCRIBED = re.compile(r"\b(?:features?|descriptors?|lexicon|characteristics|scored|rated)\b", re.I)


def semantic(r: Reading) -> _Stage | None:
    """Features readers rate on the images (the VASARI set, BI-RADS descriptors, margins scored by radiologists): a
    table of semantic features, neither hand-crafted radiomics nor clinical data. A scoring system named alone (a
    BI-RADS category) is not its descriptors."""
    st = _Stage("sem", "feature_extraction")
    tools: list[str] = []
    for i in range(len(r.sentences)):
        terms = [n for n in r.names(i, "term") if n.family == "semantic"]
        if terms and not _DESCRIBED.search(r.sentences[i].text):
            terms = []
        if terms or r.has(i, "semantic"):
            # the scoring system as written (the vocabulary files BI-RADS and PI-RADS under one name)
            tools += [re.sub(r"(?:\s+(?:features?|descriptors?|feature set))+$", "", r.text[n.start:n.end], flags=re.I)
                      for n in terms]
            st.cite(i, _first(terms, r.cues(i, "semantic")))
    if not st.sentences:
        return None
    st.head = "semantic" + (f" {value(tools[0])}" if tools else "")
    return st


class Network(NamedTuple):
    names: tuple[str, ...]  # candidates compared (one usually)
    sentences: tuple[int, ...]
    first: Mention
    backbone: str | None


_GENERIC = frozenset({"DNN", "CNN", "Transformer"})
_REFERS_BACK = re.compile(r"\b(?:is|was|being|as)\s+(?:a|an)\s+(?:[\w-]+\s+)?$|\b(?:the|this|that|its)\s+(?:[\w-]+\s+)?$")
# (or the whole of it: "the entire network (encoder and the new layer) was fine-tuned")
# a sentence that builds a model of its own ("A deep learning radiomics (DLR) model was built from the whole slices",
# "An ensemble classifier was then developed"): another part of the study, not more of the network before it
_ANOTHER_MODEL = re.compile(r"\b(?:a|an)\s+(?:[\w()-]+\s+){0,6}?(?:models?|classifiers?|signatures?|nomograms?)\s+"
                            r"(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|also\s+|subsequently\s+)?(?:built|developed|constructed|"
                            r"established|created|proposed|designed)\b", re.I)
# a ready-made system named by its kind ("The computer-aided detection (CADe) system was a commercially available,
# CE-marked device"), then said in the next sentence to be a network ("The manufacturer states that it is a
# convolutional neural network"): the network is that system, and what the system does is its task
_READY_SYSTEM = re.compile(r"\b(?:the|this|a|an)\s+(?:[\w-]+\s+){0,4}?(?:\([A-Za-z]{2,8}\)\s+)?(?:systems?|devices?|"
                           r"software|products?|applications?|tools?|solutions?|platforms?)\b", re.I)
_IT_IS = re.compile(r"\b(?:it|the\s+(?:system|device|software|product|application|tool|solution|platform))\s+"
                    r"(?:is|was)\s+(?:based\s+on\s+)?(?:a|an)\b", re.I)
_ANAPHORA = re.compile(r"\b(?:the|this|that|our|its)\s+(?:pre-?trained\s+|fine-?tuned\s+|trained\s+|same\s+|entire\s+|"
                       r"whole\s+|complete\s+|full\s+)?(?:encoder|network|model|backbone|CNN|net)\b", re.I)
# the images run through the network named before, to take something out of it ("the crops were passed through it
# and the values of the pooling layer were saved")
_PASSED_THROUGH = re.compile(r"\b(?:through|from|of)\s+(?:it|the\s+(?:(?:pre-?trained|fine-?tuned|trained|frozen|same)\s+)?"
                             r"(?:network|model|encoder|backbone|CNN|net))\b", re.I)
_A_FROM_B = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?", re.I)
_DESCRIBES = re.compile(r"[\s-]*(?:\(\s*)?")
_ALIAS_BETWEEN = re.compile(r"\s*(?:(?:classifier|network|model|backbone|encoder|architecture)\s+)?[(\[]\s*"
                            r"(?:i\.e\.,?\s*|namely\s+)?|\s*,\s*(?:a|an)\s+(?:[\w-]+\s+){0,4}?"
                            # a network of the study's own name on the architecture it is built on ("LiverNet, on a
                            # 3D residual U-Net", "FooNet, built on a DenseNet-121")
                            r"|\s*,?\s*(?:(?:built|based)\s+)?on\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,4}?")
_LIST_BETWEEN = re.compile(r"\s*(?:,|;|/|,?\s*(?:and|or|vs\.?|versus))\s*(?:(?:a|an|the)\s+)?")
_COMPARED = re.compile(r"\bcompar\w*|\bbenchmark\w*|\bcandidates?\b|\brespectively\b|\beach of\b", re.I)


_WEIGHTS_AFTER = re.compile(r"[\s-]+(?:pre-?trained\s+)?(?:weights|parameters|initiali[sz]ation|checkpoints?)\b", re.I)
_FROM_BEFORE = re.compile(r"\b(?:from|with|using)\s+(?:the\s+)?$", re.I)
_PRETRAINING_SOURCE = re.compile(r"\bpre-?trained\s+on\s+(?:the\s+)?$", re.I)
# the pretraining data described, then named in brackets ("pretrained on a collection of public segmentation datasets
# (MedicalNet)"): the name is where the weights came from
_PRETRAINING_NAMED = re.compile(r"\bpre-?trained\s+on\s+(?:[\w-]+\s+){1,7}?(?:data(?:sets?)?|collections?|corpus|corpora|"
                                r"images|scans|volumes|cases|examinations)\s*\(\s*$", re.I)


def _pretraining_source(r: Reading, i: int, n: Mention) -> bool:
    """The name ``n`` of sentence ``i`` says where a network's weights came from ("pretrained on RadImageNet",
    "pretrained on a collection of public segmentation datasets (MedicalNet)"), not a network of the pipeline."""
    lo = r.sentences[i].start
    return _PRETRAINING_SOURCE.search(r.text[max(lo, n.start - 50):n.start]) is not None or \
        r.text[max(lo, n.start - 2):n.start].rstrip().endswith("(") and \
        _PRETRAINING_NAMED.search(r.text[max(lo, n.start - 90):n.start]) is not None


_DEFINITE = re.compile(r"\b(?:the|this|that|our|said)\s+$", re.I)


# a network that only computes a training loss ("a perceptual loss computed on VGG-16 features", "a VGG19-based
# perceptual loss", "the VGG loss"): part of how another network is trained, no stage of the pipeline
_LOSS_BEFORE = re.compile(r"\bloss(?:es)?\s+(?:(?:was|were|is|are|(?:had|has|have)\s+been)\s+)?(?:computed|calculated|defined|based|measured|"
                          r"derived|evaluated)?\s*(?:on|from|with|using|in|by)\s+(?:the\s+)?(?:feature\s+maps?\s+of\s+|"
                          r"features\s+of\s+|activations\s+of\s+)?(?:an?\s+)?(?:pre-?trained\s+|frozen\s+|fixed\s+)?"
                          r"(?:ImageNet[\w-]*\s+)?$", re.I)
_LOSS_AFTER = re.compile(r"[\s-]*(?:based\s+)?(?:perceptual|feature|content|style|feature[- ]matching|texture)\s+"
                         r"loss(?:es)?\b|[\s-]+loss(?:es)?\b", re.I)


# what a name is said to be a part of a network by ("transformer layers", "LSTM blocks", "a GRU module")
# (and "a U-Net regulariser" in each cascade of an unrolled reconstruction network)
_PART_WORD = re.compile(r"[\s-]*(?:layers?|blocks?|modules?|heads?|regulari[sz]ers?)\b", re.I)


def _canonical(name: str) -> str:
    """The vocabulary's canonical name of ``name`` (``name`` itself when the vocabulary does not know it)."""
    term = vocab.lookup(name)
    return term.name if term is not None else name


def _tool_of_operation(r: Reading, i: int, n: Mention) -> bool:
    """``n`` is a ready-made network of the vocabulary that performs an image operation (HD-BET strips the skull)
    and the sentence states that operation just before naming it ("skull-stripped with HD-BET")."""
    term = vocab.lookup(n.value)
    if term is None or not term.ready_made or term.op in (None, "segmentation", "bounding_box"):
        return False
    cues = [cue for cue, op in _IMAGE_OPS if op == term.op]
    return any(0 <= n.start - c.end <= 40 for c in r.mentions[i].cues if c.value in cues and not c.negated)


def _said_before(n: Mention, before: str, order: list[str], named: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The network named earlier that ``n`` refers back to: a shorter spelling of it after a definite article
    ("a 3D DenseNet-121 ... the DenseNet"), never a different depth or variant. ``named``: the names of ``order``
    (looked up at once)."""
    if (n.value in named if named else n.value in order) or not _DEFINITE.search(before):
        return None
    k = vocab.key(n.value)
    term = vocab.lookup(n.value)
    for x in reversed(order):
        other = vocab.lookup(x)
        if k in vocab.key(x) and term is not None and other is not None and term.name == other.name:
            return x
    return None


_IN_ITS_BRACKET = re.compile(r"\s*\([^()]{0,60}")


def _names_before(names: list[Mention]) -> dict[int, list[Mention]]:
    """id of each name -> the names read at the place just before it (the names of a sentence do not overlap, so
    only those can be joined to it by a few words: any earlier one has their words between)."""
    out: dict[int, list[Mention]] = {}
    previous: list[Mention] = []
    place: list[Mention] = []
    for n in sorted(names, key=lambda m: m.start):
        if place and n.start != place[0].start:
            previous, place = place, []
        place.append(n)
        out[id(n)] = previous
    return out


def _kinds_named_after(text: str, kept: list[Mention]) -> list[Mention]:
    """The names without a kind said before a name in the same clause ("Convolutional neural network. We used the
    convolutional base of VGG16"): the first name that is not a kind after it, with no ";" between, is that network
    (a later one would have that one, or a ";", between)."""
    lo, hi = min(n.start for n in kept), max(n.end for n in kept)
    semicolons = [k for k, ch in enumerate(text[lo:hi], lo) if ch == ";"] if ";" in text[lo:hi] else []
    dropped: set[int] = set()
    next_named: int | None = None  # where the next name that is not a kind starts, at a later place
    for _, at in itertools.groupby(sorted(kept, key=lambda m: m.start, reverse=True), key=lambda m: m.start):
        place = list(at)
        for n in place:
            if n.value in _GENERIC and next_named is not None and next_named > n.end:
                j = bisect.bisect_left(semicolons, n.end)
                if j == len(semicolons) or semicolons[j] >= next_named:
                    dropped.add(id(n))
        named = [n.start for n in place if n.value not in _GENERIC]
        if named:
            next_named = named[0]
    return [n for n in kept if id(n) not in dropped]


def _subsection_names_network(r: Reading, i: int) -> bool:
    """The subsection whose heading is read with sentence ``i`` names a deep network by more than its kind, in its
    sentences (up to the next heading)."""
    for j in range(i, len(r.sentences)):
        s = r.sentences[j]
        if j > i and s.titled() >= 0:
            return False
        if any(n.family == "deep" and n.value not in _GENERIC and n.start >= s.titled() for n in r.names(j, "term")):
            return True
    return False


# a part added to the network named before ("A linear classification layer was added", "a fully connected head was
# appended")
_PART_ADDED = re.compile(r"\b(?:layers?|heads?|branch(?:es)?)\s+(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+)?(?:added|attached|"
                         r"appended|placed|put)\b", re.I)


def _continues_network(r: Reading, j: int) -> bool:
    """Sentence ``j``, naming no network, speaks of the one just named: "the network" trained, fine-tuned or frozen,
    or its layers' outputs taken as features ("The 512 activations of the last convolutional block constituted the
    features", "The output of the pooling layer was extracted from each patch as features")."""
    text = r.sentences[j].text
    return bool((_ANAPHORA.search(text) or _PASSED_THROUGH.search(text)) and (r.has(
        j, "trained", "finetune", "frozen", "deep_extract", "deep_feat") or _READY_MADE.search(text)) or (r.has(
            j, "deep_feat") or r.has(j, "features") and r.has(j, "extract")) and _LAYER_OUTPUTS.search(text)
        or r.has(j, "extract") and _TOKEN_OUT.search(text))


def networks(r: Reading, skip: set[int]) -> list[Network]:
    """The deep networks the text names (not negated, not the delineating one), grouped: names listed together
    ("ResNet-50, DenseNet-121 and VGG16 were compared") are candidates of one stage, a name in brackets after
    another is the same network, and a name's later sentences (and the next sentence when it names no network of
    its own) are its evidence."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[rb] = ra

    first: dict[str, Mention] = {}
    where: dict[str, list[int]] = {}
    backbones: dict[str, str] = {}
    order: list[str] = []
    named: set[str] = set()  # the names of order
    dropped: set[str] = set()
    described = {i for p in products(r) for i in p.sentences}
    for i in range(len(r.sentences)):
        deep = [n for n in r.names(i, "term") if n.family == "deep"]
        if i in skip:
            # (and what a bracket after the delineating tool says it is made of: "MedSAM (ViT-B image encoder)"; the
            # names in order, each against the last tool before it: linear in the sentence's names)
            not_tools: list[Mention] = []
            tool_end = -1
            for n in deep:
                if delineates(r, i, n):
                    tool_end = n.end
                elif tool_end >= 0 and _PART_AFTER.match(r.text, n.end):
                    pass  # "a Cascade R-CNN detector with a Swin-T backbone": the delineating network's backbone
                elif not (0 <= tool_end <= n.start and _IN_ITS_BRACKET.fullmatch(r.text, tool_end, n.start)):
                    not_tools.append(n)
            deep = not_tools
        kept: list[Mention] = []
        # (the names of one sentence do not overlap: what stands between a name and the one just before it is read
        # once for each name, never against every other name of the sentence, which would cost the square of a long
        # sentence's names)
        before_it = _names_before(deep)
        parts = sum(1 for o in deep if _PART_WORD.match(r.text, o.end))  # "transformer layers", "LSTM blocks"
        for n in deep:
            if _pretraining_source(r, i, n):
                continue  # "pretrained on RadImageNet": where the weights came from, not a network of the pipeline
            if len(deep) > 1 and _WEIGHTS_AFTER.match(r.text, n.end) and _FROM_BEFORE.search(
                    r.text[max(r.sentences[i].start, n.start - 30):n.start]):
                continue  # "a ResNet-18 fine-tuned from Med3D weights": the other network's weights, not a stage
            if any(_A_FROM_B.fullmatch(r.text, o.end, n.start) for o in before_it[id(n)]):
                continue  # "a 3D ResNet-18 from MedicalNet": the collection its weights come from, not a second network
            if _LOSS_BEFORE.search(r.text, max(r.sentences[i].start, n.start - 60), n.start) or _LOSS_AFTER.match(
                    r.text, n.end):
                continue  # "a perceptual loss computed on VGG-16 features": a network inside the training's loss
            if _tool_of_operation(r, i, n) or prepares_images(r, i, n):
                continue  # "skull-stripped with HD-BET": a ready-made network doing a pre-processing operation
            if n.value in _GENERIC and i in described:
                continue  # "Transpara, a CNN-based CE-marked system": what the product is, not another network
            if n.value in _GENERIC and n.start < r.sentences[i].titled() and _subsection_names_network(r, i):
                continue  # "**Neural network on radiomic features**" over "... a multilayer perceptron (MLP) was
                # trained": a heading's kind is the network its subsection names, not another one
            after = r.text[n.end:n.end + 12].lower()
            if _PART_WORD.match(after) and _canonical(n.value) not in vocab.INSTANCE_POOLING and len(deep) - parts - (
                    not _PART_WORD.match(r.text, n.end)) > 0:  # (another name that is not a part)
                continue  # "transformer layers on top of a CNN": layers of the other network, not a network
            if (order or before_it[id(n)]) and (_GAN_PART_BEFORE.search(
                    r.text, max(r.sentences[i].start, n.start - 60), n.start) or _GAN_PART_AFTER.match(r.text, n.end)):
                continue  # "whose generator was a U-Net", "the discriminators were PatchGANs": a part of the network
                # that makes the images, not a network of its own
            # (another network's: "the DINOv2 encoder ... the DINOv2 encoder" names one network twice, and is the
            # backbone of neither; nor where the other names are this one's parts: "the ViT-B encoder ... an MLP head
            # on its class token" is the ViT-B with a head of its own)
            others = [o.value for o in deep if o.value != n.value and not _PART_WORD.match(r.text, o.end)] if len(
                deep) > 1 and _PART_AFTER.match(r.text, n.end) else []
            if others:
                backbones[others[0]] = n.value
                continue
            kept.append(n)
        # "Convolutional neural network. We used the convolutional base of VGG16": a kind said before a name in the
        # same sentence, with no comparison and no other clause between, is that network
        if len(kept) > 1 and not _COMPARED.search(r.sentences[i].text):
            kept = _kinds_named_after(r.text, kept)
        # "an Inception-v3 convolutional neural network (CNN)": the kind said right after a name describes it
        named_first: list[Mention] = []
        before_it = _names_before(kept)
        for n in kept:
            if n.value in _GENERIC and named_first and named_first[-1].value not in _GENERIC and _DESCRIBES.fullmatch(
                    r.text, named_first[-1].end, n.start):
                continue
            # (only a name just before it can describe it: nothing but a bracket between)
            if n.value in _GENERIC and named_first and named_first[-1].value not in _GENERIC and any(
                    m.value in _GENERIC and m.start > named_first[-1].end and _DESCRIBES.fullmatch(r.text, m.end, n.start)
                    for m in before_it[id(n)]):
                continue  # its abbreviation in brackets
            named_first.append(n)
        kept = named_first
        referred: set[str] = set()  # the kinds said of the network already named, in this sentence
        for k, n in enumerate(kept):
            before = r.text[max(r.sentences[i].start, n.start - 24):n.start].lower()
            if n.value in _GENERIC and order and (not k or n.value in referred) and _REFERS_BACK.search(before):
                # "the classifier is a neural network": the network already named, said again generically (and again
                # later in the sentence: "groups defined by the CNN output ..., and the CNN output was entered")
                where.setdefault(order[-1], []).append(i)
                referred.add(n.value)
                continue
            earlier = _said_before(n, before, order, named)
            if earlier is not None:
                where.setdefault(earlier, []).append(i)  # "a 3D DenseNet ... The DenseNet was trained": the same one
                continue
            parent.setdefault(n.value, n.value)
            if n.value not in first:
                first[n.value] = n
                order.append(n.value)
                named.add(n.value)
            where.setdefault(n.value, []).append(i)
            if k:
                prev = kept[k - 1]
                between = r.text[prev.end:n.start]
                if _ALIAS_BETWEEN.fullmatch(between) and prev.value != n.value:
                    known = [x for x in (prev.value, n.value) if vocab.lookup(x) is not None]
                    # the more specific name stands for both; a name of the study's own beside the architecture the
                    # vocabulary knows is that architecture ("LiverLesionNet, on a 3D residual U-Net")
                    dropped.add(min(prev.value, n.value, key=len) if len(known) != 1 else
                                next(x for x in (prev.value, n.value) if x not in known))
                # (two networks each introduced in a sentence of its own before, listed again when the study's
                # models are compared, "the AUCs of the MLP and the CNN were compared", stay two)
                said = first.get(prev.value)
                apart = said is not None and said.sentence < i and first[n.value].sentence < i
                if _ALIAS_BETWEEN.fullmatch(between) or _LIST_BETWEEN.fullmatch(between) and not apart and (
                        _COMPARED.search(r.sentences[i].text) or len(kept) > 2):
                    union(prev.value, n.value)
    # a shorter spelling said with a definite word before the fuller name that follows ("Overfitting of the DenseNet
    # was avoided. The DenseNet-121 was fine-tuned"): the same network, named by the fuller name
    fuller: dict[str, list[str]] = {}  # the vocabulary's name -> the names of order it reads as, in order
    for x in order:
        term = vocab.lookup(x)
        if term is not None:
            fuller.setdefault(term.name, []).append(x)
    for names in fuller.values():
        for a, x in enumerate(names[:-1]):
            m = first[x]
            before = r.text[max(r.sentences[m.sentence].start, m.start - 24):m.start]
            if not _DEFINITE.search(before):
                continue
            # (among the next few names of the same architecture: a text naming thousands costs no more for each)
            later = next((names[b] for b in range(a + 1, min(len(names), a + 9)) if vocab.key(x) in vocab.key(
                names[b])), None)
            if later is not None:
                union(later, x)
                dropped.add(x)
        # the family's name alone after the one fuller name of it ("a frozen DINOv2 ViT-B/14 ... the DINOv2
        # embeddings"): that network said again, not a second one; with two fuller names ("ResNet-18 and ResNet-50")
        # it could be either, and stays as it is
        for b, x in enumerate(names[1:9], 1):  # (among the first few spellings: a text naming thousands costs no more)
            short = vocab.key(r.text[first[x].start:first[x].end])  # (as written: "CONCH", not its canonical UNI)
            fuller_before = {y for y in names[:b] if vocab.key(y) != short and vocab.key(y).startswith(short)}
            if len(fuller_before) == 1 and x not in dropped:
                union(fuller_before.pop(), x)
                dropped.add(x)
    groups: dict[str, list[str]] = {}
    for name in order:
        groups.setdefault(find(name), []).append(name)
    out: list[Network] = []
    for g0 in groups.values():
        g = [x for x in g0 if x not in dropped] or g0  # a name and its bracketed abbreviation: one network
        sentences = sorted({i for name in g0 for i in where[name]})
        more = []
        for i in sentences:  # "The network was then fine-tuned ...": the next sentence, when it names none
            j = i + 1
            if j < len(r.sentences) and j not in sentences and (r.sentences[j].titled() < 0 or _ANAPHORA.search(
                    r.sentences[j].text)) and not _ANOTHER_MODEL.search(r.sentences[j].text) and not any(
                    n.kind == "term" for n in r.names(j)) and r.has(j, "trained", "finetune", "frozen",
                                                                    "deep_feat", "deep_extract", "pretrained_on"):
                more.append(j)
                # (and the one after it that speaks of the network as "the network" or of its layers: what an author
                # could have written as one sentence, "After fine-tuning, the last layer was removed. The output of
                # the pooling layer was extracted as features")
                # (or as the sentence before it did, where no other model is spoken of: "The decoder was symmetric;
                # it was trained ... After the training, the bottleneck values were taken as the deep features")
                if j + 1 < len(r.sentences) and j + 1 not in sentences and not any(
                        n.kind == "term" for n in r.names(j + 1)) and (_continues_network(r, j + 1) or r.has(
                            j + 1, "trained", "finetune", "frozen", "deep_feat", "deep_extract", "pretrained_on") and
                            not r.has(j + 1, "model_cue")):
                    more.append(j + 1)
        j = sentences[0] - 1  # "The AI model used here was developed in a previous study. Briefly, it is a CNN ..."
        if j >= 0 and (_ANAPHORA.search(r.sentences[j].text) or _READY_SYSTEM.search(r.sentences[j].text) and
                       _IT_IS.search(r.sentences[j + 1].text)) and _READY_MADE.search(r.sentences[j].text) and not any(
                n.kind == "term" for n in r.names(j)) and not any(
                n.kind == "term" and n.family == "deep" for k in range(max(0, j - 3), j) for n in r.names(k)):
            # (not where a network is named just before: "the network" is that one)
            more.append(j)
        for j in range(sentences[-1] + 1, min(len(r.sentences), sentences[-1] + 4)):
            if any(n.kind == "term" and n.family == "deep" for n in r.names(j)):
                break  # another network is named: "the network" is that one now
            if _continues_network(r, j):
                more.append(j)
                # (and a sentence between that gives the network a part: "A linear classification layer was added.
                # The whole network was trained", as ", and the whole network was trained" would have said)
                more += [k for k in range(sentences[-1] + 1, j) if _PART_ADDED.search(r.sentences[k].text)]  # "The pretrained encoder then initialised a classifier ... fine-tuned"
        out.append(Network(tuple(g), tuple(sorted(set(sentences) | set(more))), first[g0[0]],
                           next((backbones[x] for x in g0 if x in backbones), None)))
    return out


# a network as the agent of an operation that makes images ("denoised using a CNN", "a GAN trained to synthesise CT")
_MAKING_BEFORE = re.compile(r"\b(?:denois\w+|reconstruct\w*|synthesi[sz]\w*|translat\w+|super-?resolv\w+|"
                            r"super-?resolution)\s+(?:[\w-]+\s+){0,4}?(?:using|with|by|via|through)\s+(?:a|an|the|our)?\s*"
                            r"(?:[\w-]+\s+){0,3}$"
                            # images said to be synthetic, made by the network ("Synthetic CT images were generated from
                            # the MRI with a pix2pix network")
                            r"|\b(?:synthetic|pseudo|virtual)\b(?:[\s-]+[\w()-]+){0,4}?\s+(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:generated|"
                            r"produced|created|obtained|derived|made)\s+(?:[\w-]+\s+){0,4}?(?:using|with|by|via|through)\s+"
                            r"(?:a|an|the|our)?\s*(?:[\w-]+\s+){0,3}$", re.I)
# a network trained to map images to images ("to map 64 x 64 patches of the low-dose images to the corresponding
# routine-dose patches", "maps undersampled k-space reconstructions onto fully sampled images")
_MAPS_IMAGES = re.compile(r"\bmap(?:s|ped|ping)?\s+[^.;]{0,80}?\b(?:images?|patch(?:es)?|slices?|scans?|volumes?|k-?space|"
                          r"sinograms?|projections?|raw\s+data)\s+"
                          r"(?:on)?to\s+(?:the\s+|their\s+)?(?:corresponding\s+|matching\s+|paired\s+)?(?:[\w-]+\s+){0,2}?"
                          r"(?:images?|patch(?:es)?|slices?|scans?|volumes?)\b", re.I)
# a network given raw acquisition data ("a U-Net from the central k-space", "a CNN on the sinograms")
_FROM_RAW_DATA = re.compile(r"[^.;]{0,30}?\b(?:from|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:k-?space|sinograms?|raw\s+"
                            r"(?:projection\s+|acquisition\s+)?data)\b", re.I)
_MAKING_AFTER = re.compile(r"^\s*(?:\([^)]{0,40}\)\s*)?(?:was|were|is|are|(?:had|has|have)\s+been)?\s*(?:trained|used|developed|applied)?\s*(?:to|that|"
                           r"which)\s+(?:\w+\s+)?(?:denois\w*|reconstruct\w*|synthesi[sz]\w*|translat\w*|convert\w*|"
                           r"generat\w*\s+(?:synthetic|pseudo|virtual)|super-?resolv\w*)", re.I)


def reads_text(net: "Network") -> bool:
    """A language model (BERT, GPT, a large language model) reads text (reports), not images."""
    term = vocab.lookup(net.names[0])
    return term is not None and term.name == "BERT"


def makes_images(r: Reading, net: "Network") -> bool:
    """The network's sentence makes it the agent of an operation that produces images (denoising, reconstruction,
    synthesis): an image-to-image network whose images the rest of the pipeline reads, not a predictor."""
    term = vocab.lookup(net.first.value)
    if term is not None and term.task == "image_to_image":
        return True  # a network that is one (DnCNN, RED-CNN, pix2pix): what it makes is images
    if term is not None and term.task not in (None, "segmentation"):
        return False  # (a U-Net may be trained to denoise; a detector or a classifier makes no images)
    return said_to_make_images(r, net.first.sentence, net.first.start, net.first.end)


def said_to_make_images(r: Reading, i: int, start: int, end: int) -> bool:
    """The network named at ``start:end`` of sentence ``i`` (by its name, or by its kind: "a deep learning model") is
    said there to make images: denoised or synthesised with it, trained to reconstruct, given k-space, mapping images
    to images."""
    s = r.sentences[i]
    before = r.text[max(s.start, start - 80):start]
    after = r.text[end:min(s.end, end + 80)]
    if _MAKING_BEFORE.search(before) or _MAKING_AFTER.match(after):
        return True
    if _FROM_RAW_DATA.match(r.text, end, s.end):
        return True  # a network given k-space or sinograms reconstructs images from them (or a part of them)
    maps = _MAPS_IMAGES.search(r.text, end, s.end)  # (said of it, not of a network named in between)
    return maps is not None and not any(n.family == "deep" and end < n.start < maps.start()
                                        for n in r.names(i, "term"))


def ready_made(r: Reading, i: int) -> bool:
    """Sentence ``i`` says its network was trained elsewhere and applied as supplied (a vendor's product, a published
    network used without retraining), and states no training of its own in the study."""
    s = r.sentences[i]
    for m in _READY_MADE.finditer(s.text):
        if _DELINEATED_BY.search(s.text[max(0, m.start() - 80):m.start()] + " "):
            continue  # "cropped around the gland segmented by a previously trained model": the delineating one's
        return not r.has(i, "finetune", "scratch")
    return False


# a head trained on a network whose other weights are kept ("only a new classification head was trained", "the
# fully connected layers were retrained")
_HEAD_TRAINED = re.compile(r"\b(?:heads?|classifiers?|(?:last|final|top|output|fully[- ]connected|dense|linear|"
                           r"classification)\s+(?:[\w-]+\s+)?layers?)\s+(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|only\s+)?(?:re-?)?trained\b"
                           r"|\btrain(?:ed|ing)?\s+(?:only\s+)?(?:a|the|its)\s+(?:new\s+)?(?:[\w-]+\s+)?(?:head|classifier|"
                           r"layers?)\b", re.I)
_WEIGHTS_AFTER = re.compile(r"\s+(?:pre-?train(?:ed|ing)\s+)?(?:weights|checkpoints?|parameters)\b", re.I)
_KEPT = re.compile(r"(?:not|never|without|no)\b", re.I)  # a frozen cue that says a training did not happen
_TRAININGS = (("scratch", "from_scratch"), ("finetune", "fine_tuned"), ("frozen", "frozen_backbone"),
              ("selfsup", "self_supervised"))


def training_facts(r: Reading, sentences: Iterable[int]) -> dict[str, str]:
    block: dict[str, str] = {}
    trainings: list[str] = []
    kept = False  # a training said not to happen ("was not fine-tuned", "weights were not updated")
    for i in sentences:
        for cue, training in _TRAININGS:
            if cue == "frozen":
                said = r.cues(i, "frozen")
                if any(not _KEPT.match(r.text, c.start) for c in said):
                    trainings.append(training)  # "frozen", "non-trainable": a part kept while another learns
                kept = kept or bool(said)
            elif cue == "selfsup":
                # ("with its original self-supervised weights": the weights a network came with, pretrained by its
                # makers, not a training of the study)
                if any(not _WEIGHTS_AFTER.match(r.text, c.end) for c in r.cues(i, cue)):
                    trainings.append(training)
            elif r.has(i, cue):
                trainings.append(training)
        for c in r.cues(i, "pretrained_on"):
            data = next((p.split("=", 1)[1] for p in c.detail.split("|") if p.startswith(("d=", "d2=", "d3="))),
                        None)
            if data and "pretrained_on" not in block:
                block["pretrained_on"] = value(data.strip())
    trainings = list(dict.fromkeys(trainings))
    if kept and not trainings and any(_HEAD_TRAINED.search(r.sentences[i].text) for i in sentences):
        trainings = ["frozen_backbone"]  # "the backbone was not fine-tuned and only a new head was trained"
    if kept and not trainings and not _trained_in_the_study(r, sentences):
        trainings = ["pretrained_only"]  # its weights kept as they came: used as it is (a head of its own, if
        # a sentence trains one, makes it a frozen backbone)
    if not trainings and any(ready_made(r, i) for i in sentences) and not _trained_in_the_study(r, sentences):
        trainings = ["pretrained_only"]  # a product or a published network applied as it was supplied
    if "frozen_backbone" in trainings and "fine_tuned" in trainings:
        trainings.remove("fine_tuned")  # frozen early layers, a fine-tuned rest: a frozen backbone
    if trainings:
        block["training"] = value_list(trainings)
    return block


def _trained_in_the_study(r: Reading, sentences: Iterable[int]) -> bool:
    """A sentence of its own trains the network in the study ("A 3D CNN was trained on the training set"), apart
    from the one that says it was not retrained: that one then speaks of its use on other data ("applied to the
    external cohort without retraining"), not of weights that came with it."""
    return any(r.has(i, "trained") and not r.cues(i, "frozen") and not r.has(i, "pretrained", "pretrained_on") and
               _TRAINED_HERE.search(r.sentences[i].text) is not None and not _TRAINED_ELSEWHERE.search(
                   r.sentences[i].text) and not ready_made(r, i) for i in sentences)


# (a network "developed" in the study is trained in it: "the network was developed from random initialisation")
# (or the study's people training it, in the past or the present: "an nnU-Net that we trained / that we develop")
_TRAINED_HERE = re.compile(r"\b(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|first\s+|subsequently\s+)?"
                           r"(?:trained|developed)\b|\b" + WE + r"\s+(?:then\s+|first\s+)?(?:train|develop)(?:ed)?\b", re.I)
_TRAINED_ELSEWHERE = re.compile(r"\b(?:previously|originally|elsewhere|another|other|external|public(?:ly)?|released|"
                                r"published|developers?|authors|vendor|manufacturer)\b", re.I)


_SOURCE_BEFORE = re.compile(r"\b(?:from|of|by|using|with|via|through)\s+(?:(?:the|a|an|its|each|this)\s+)?"
                            r"(?:[\w()-]+[\s-]+){0,3}$", re.I)
_SOURCE_AFTER = re.compile(r"^[\s-]*(?:based\s+)?(?:deep\s+)?(?:features?|embeddings?|feature vectors?|"
                           r"representations?|activations?|encoders?|(?:was|were|is|are|(?:had|has|have)\s+been) used (?:only )?(?:as|to extract))",
                           re.I)
_WHOSE_FEATURES = re.compile(r"[^.;]{0,60}?\b(?:whose|its)\s+(?:[\w-]+\s+)?(?:features|embeddings|activations|"
                             r"representations|feature vectors?)\b", re.I)
_CONSUMER_BEFORE = re.compile(r"\b(?:fed|input|inputs|entered|passed)\s+(?:in)?to\s+(?:(?:the|a|an)\s+)?"
                              r"(?:[\w-]+\s+){0,2}$|\binto\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,2}$"
                              # "classified with logistic regression", "clustered with k-means": the model, not the
                              # features' source
                              r"|\b(?:classified|predicted|modell?ed|fitted|analy[sz]ed|scored|clustered|grouped|partitioned)\s+(?:[\w-]+\s+){0,2}?"
                              r"(?:with|by|using)\s+(?:(?:the|a|an)\s+)?(?:[\w-]+\s+){0,2}$", re.I)


_IMAGES_FED = re.compile(r"\b(?:scans?|images?|volumes?|slices?|radiographs?|examinations?|patches|crops?|"
                         r"mammograms?|frames?)\b", re.I)
_FEATURES_FED = re.compile(r"\b(?:features?|embeddings?|vectors?|signatures?|scores?)\b", re.I)
_EXTRACTED_WITH = re.compile(r"\b(?:extract\w*|comput\w+|obtain\w*|deriv\w+|taken|drawn|pulled)\s+(?:[\w-]+\s+){0,4}?(?:with|using|by|from)\s+"
                             r"(?:a|an|the|its)?\s*(?:pre-?trained\s+|fine-?tuned\s+|frozen\s+)?$", re.I)


# a network used to get features ("X to obtain deep features", "X, to extract 2,048 features per crop")
_TO_OBTAIN_AFTER = re.compile(r"[\s,]*(?:\([^()]{0,30}\)\s*)?(?:(?:pre-?trained|fine-?tuned|initiali[sz]ed)\s+(?:on|with|"
                              r"from)\s+(?:the\s+)?[\w-]+(?:\s+data\s?set)?[\s,]*)?(?:in\s+order\s+)?to\s+(?:obtain|extract|derive|generate|compute|"
                              r"produce|get|yield)\s+(?:[\w,-]+\s+){0,3}?(?:features?|embeddings?|representations?|"
                              r"activations?|feature vectors?|descriptors)\b", re.I)


def _source_of_features(r: Reading, i: int, n: Mention) -> bool | None:
    """In a sentence about deep features: True when ``n`` is their source ("from the last layer of X", "X
    embeddings"), False when it is fed them ("fed into X"), None when the sentence does not say."""
    s = r.sentences[i]
    before = r.text[max(s.start, n.start - 60):n.start]
    after = r.text[n.end:min(s.end, n.end + 40)]
    if _TO_OBTAIN_AFTER.match(r.text, n.end, min(s.end, n.end + 120)):
        return True  # "analysed with a pretrained Inception-v3 to obtain deep features": what it is used for
    consumer = _CONSUMER_BEFORE.search(before)
    images_fed = consumer is not None and re.match(r"fed|input|entered|passed|into", consumer.group(), re.I) and \
        _IMAGES_FED.search(before, 0, consumer.start()) and not _FEATURES_FED.search(before, 0, consumer.start())
    if consumer and not images_fed:
        return False  # fed features; "scans were passed to X" feeds it images, which says nothing of features
    if images_fed and any(c.start >= n.end for c in r.cues(i, "deep_feat")):
        return True  # "the slices were fed to X; the activations before its classification layer were taken as features"
    if _SOURCE_BEFORE.search(before) and r.has(i, "deep_feat") or _SOURCE_AFTER.match(after):
        return True
    if _EXTRACTED_WITH.search(before) and r.has(i, "extract") and r.has(i, "features"):
        return True  # "features were extracted from CT with a ResNet-50"
    if _PRODUCES_AFTER.match(r.text, n.end, s.end):
        return True  # "a ViT pretrained on ImageNet produced 768-dimensional embeddings": what it outputs
    return None


# a network as the subject that outputs features ("X produced 768-dimensional embeddings", "X gave a feature vector"),
# a phrase set off by commas between them ("X pretrained on ImageNet, its weights frozen, gave 2,048 deep features",
# "X, pretrained on ImageNet and kept frozen, produced 1,024 features")
_PRODUCES_AFTER = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?,?\s*(?:(?!and\b|which\b|whereas\b|while\b)[\w-]+,?\s+|(?<=,\s)"
                             r"(?!and\b|or\b|but\b|while\b|whereas\b)[^,.;()]{1,80},\s+){0,7}?(?:produced|produces|"
                             r"yielded|yields|generated|"
                             r"generates|output(?:s|ted)?|gave|gives|provided|provides|returned|returns|extracted|"
                             r"extracts|computed|computes)\s+(?:(?:a|an|the|"
                             r"one|its)\s+)?(?:[\w,-]+\s+){0,3}?(?:features?|embeddings?|representations?|(?:feature\s+)?"
                             r"vectors?|activations?|descriptors?)\b", re.I)


def _nearest_network(r: Reading, i: int, cue: str, mentions: list[Mention]) -> bool:
    """The cue of sentence ``i`` is said of these mentions: no other deep network of the sentence is nearer to it
    ("every slice was encoded by a frozen Swin Transformer; an LSTM took the embeddings": the LSTM encodes none)."""
    others = [n for n in r.names(i, "term") if n.family == "deep" and n not in mentions and
              not _pretraining_source(r, i, n)]
    if not mentions or not others:
        return True
    return any(min(abs(c.start - m.start) for m in mentions) <= min(abs(c.start - o.start) for o in others)
               for c in r.cues(i, cue))


# layers a network is given to predict with: its own head ("followed by two trainable fully connected layers that
# classified", "a new classification head was trained")
_OWN_HEAD = re.compile(r"\b(?:followed by|topped (?:with|by)|on top of (?:it|which|this)|with|and|plus|"
                       # layers added to the base ("added a new classification head", "replaced by a dense layer")
                       r"added|appended|attached|placed|stacked|inserted|(?:replaced|substituted)\s+(?:[\w-]+\s+){0,3}?"
                       r"(?:by|with))\s+(?:(?:a|an|the|two|three|one|its|\d+)\s+){0,2}(?:(?:trainable|new|additional|custom|"
                       r"randomly initiali[sz]ed)\s+){0,3}(?:(?:fully[- ]connected|dense|linear|classification|softmax|"
                       r"sigmoid)\s+(?:layers?|head|classifier)|(?<=new )(?:classifier|head|output layer))\b"
                       # the same said in the passive ("a new fully connected head was added to the ResNet-50")
                       r"|\b(?:(?:fully[- ]connected|dense|linear|classification|softmax|sigmoid)\s+(?:layers?|head|"
                       r"classifier)|new\s+(?:classifier|head|output layer))\s+(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+)?(?:added|"
                       r"appended|attached|placed|stacked|inserted)\b", re.I)


_HEAD_REMOVED = re.compile(r"\s+(?:(?:was|were|is|are|being)\s+)?(?:removed|discarded|dropped|omitted|stripped|truncated|"
                           r"cut\s+off|taken\s+off)\b", re.I)
_ON_TOP = re.compile(r"\bon top of (?:it|which|this|the (?:base|backbone|network|encoder|convolutional base))\b[^.;]{0,80}?"
                     r"\b(?:classifier|head|dense|fully[- ]connected)\b", re.I)


def has_own_head(r: Reading, net: Network) -> bool:
    """The network's sentences (or the next two, naming no other network) give it layers of its own that predict,
    and name no other model it would feed: trained as one network with a frozen or fine-tuned base (METRICS-E3,
    Condition #5, Example 4)."""
    after = [j for j in range(net.sentences[-1] + 1, min(len(r.sentences), net.sentences[-1] + 3))]
    for j in after[:]:
        if any(n.family == "deep" for n in r.names(j, "term")):
            after = after[:after.index(j)]
            break
    for i in [*net.sentences, *after]:
        text = r.sentences[i].text
        if not (any(not _HEAD_REMOVED.match(text, m.end()) for m in _OWN_HEAD.finditer(text)) or _ON_TOP.search(text)):
            continue  # ("with its classification layer removed": the layers it predicts with are taken off)
        if any(n.kind == "term" and n.role == "model" and n.value not in net.names and n.value not in _GENERIC
               for n in r.names(i, "term")):
            return False  # "features fed to an MLP", "an SVM on the features": another model's input
        return r.has(i, "classify", "survival", "regression", "trained")
    return False


# what a layer of the network gives ("the 2,048 outputs of the last average pooling layer formed the feature set")
# a transformer's output token taken out ("the 768-dimensional final pooled token was extracted for each image", "the
# [CLS] token of the last block"), as a CNN's layer outputs are
_TOKEN_OUT = re.compile(r"\b(?:final|pooled|class|classification|CLS|\[CLS\])\s+(?:[\w-]+\s+)?tokens?\b", re.I)
_LAYER_OUTPUTS = re.compile(r"\b(?:outputs?|activations?|features?|embeddings?|vectors?|values)\s+(?:[\w-]+\s+){0,3}?"
                            r"(?:of|from|at)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,3}?(?:layers?|blocks?)\b", re.I)


# the parts of one network trained together to its output ("backbone, attention module and classifier were
# optimised together", "the encoder was fine-tuned together with a new output layer", "all parts were trained
# jointly", "the entire network was trained jointly")
_PARTS_TOGETHER = re.compile(
    r"\b(?:optimi[sz]ed|trained|updated|learned|learnt|fine-?tuned|developed)\s+(?:[\w-]+\s+)?(?:together|jointly|"
    r"simultaneously)"
    r"\b|\b(?:together|jointly|simultaneously)\s+(?:optimi[sz]ed|trained|updated|fine-?tuned)\b"
    r"|\b(?:fine-?tuned|trained|optimi[sz]ed),?\s+together\s+with\b"
    # two parts named as the subject of an end-to-end training ("the EfficientNet and the attention network were
    # trained end to end")
    r"|\b\w+[^.;:]{0,60}?\s+and\s+[^.;:]{0,60}?\b(?:were|are)\s+(?:jointly\s+)?(?:trained|optimi[sz]ed|fine-?tuned)\s+"
    r"end[- ]to[- ]end\b"
    # the whole of it trained end to end ("the entire network was trained end-to-end from the examination labels")
    r"|\b(?:entire|whole|complete|full)\s+(?:network|model|architecture|system)\s+(?:was|is|were|are)\s+(?:then\s+)?"
    r"(?:jointly\s+)?(?:trained|optimi[sz]ed|fine-?tuned)\s+end[- ]to[- ]end\b"
    # the whole of a network said to be trained, its branches or parts named before ("two ResNet-18 branches ... a
    # fully connected layer. The whole network was trained on trial A"): every part learns with the output
    # (or "developed", as authors also say of training)
    r"|\b(?:the|this|our)\s+(?:entire|whole|complete|full)\s+(?:network|model|architecture)\s+(?:was|is)\s+(?:then\s+)?"
    r"(?:jointly\s+)?(?:trained|optimi[sz]ed|fine-?tuned|developed)\b"
    # the same in the active voice, past or present ("we trained the whole network on trial A", "we then fine-tune
    # the entire model end to end")
    r"|\b(?:train(?:ed)?|optimi[sz]ed?|fine-?tuned?|develop(?:ed)?)\s+(?:the|this|our)\s+(?:entire|whole|complete|"
    r"full)\s+(?:network|model|architecture)\b"
    # and as a noun ("training of the whole network was performed on trial A", "end-to-end fine-tuning of the entire
    # model")
    r"|\b(?:training|optimi[sz]ation|fine-?tuning)\s+of\s+(?:the|this|our)\s+(?:entire|whole|complete|full)\s+"
    r"(?:network|model|architecture)\b", re.I)
_ENCODER_PART = re.compile(r"\b(?:backbones?|encoders?|feature extractors?|CNNs?|convolutional (?:base|layers|blocks)|"
                           r"all (?:parts|components|layers|modules)|(?:entire|whole|complete)\s+(?:network|model)|"
                           r"unfrozen (?:blocks?|layers|stages))\b", re.I)
# (a part unfrozen, fine-tuned or trainable; matrices or modules of a parameter-efficient fine-tuning inserted into the
# frozen layers: "LoRA matrices in every attention layer", "adapter modules", which the gradient reaches through them)
_UNFROZEN = re.compile(r"\bunfrozen\b|\bfine-?tun\w*|\btrainable\b|\blow[- ]rank adapt\w*|\bQ?LoRA\b|\bDoRA\b|"
                       r"\badapt(?:er|or)s?\s+(?:layers?|modules?|blocks?|tuning)|\bprompt[- ]tuning\b", re.I)


def trained_as_one(r: Reading) -> int | None:
    """The first sentence saying a network's encoder is trained together with the parts that predict (found once):
    its image features are learned with the output, not taken out of a fixed network (METRICS-E3, Condition #5,
    Examples 3 and 4)."""
    if r._as_one == -1:
        r._as_one = None
        for i, s in enumerate(r.sentences):
            if ("togeth" in s.text or "joint" in s.text or "simultan" in s.text or " end" in s.text or "whole" in s.text
                    or "entire" in s.text) and \
                    (m := _PARTS_TOGETHER.search(s.text)) and not _said_of_others(r, i, m) and (
                        _ENCODER_PART.search(s.text) or any(
                        n.family == "deep" for n in r.names(i, "term"))) and not (r.has(i, "frozen") and not _UNFROZEN.search(s.text)):
                # (a frozen encoder whose embeddings the trained parts pool is still a feature extractor)
                r._as_one = i
                break
    return r._as_one


def _said_of_others(r: Reading, i: int, m: re.Match[str]) -> bool:
    """The training ``m`` matched in sentence ``i`` is said negated or of another study ("Unlike Zhou et al., who
    fine-tuned the whole network, we ..."): its training cue there is read as not the study's."""
    a, b = r.sentences[i].start + m.start(), r.sentences[i].start + m.end()
    return any(a <= c.start < b for name in ("trained", "finetune") for c in r.cues(i, name, negated=True))


# the network a sentence names is the encoder a sentence before spoke of ("The encoder is an EfficientNet-B0",
# "The encoder, a DenseNet-121, ...", "As the backbone, a ResNet-50 ...")
# the generator or discriminator of a generative network, said to be a named architecture
_GAN_PART_BEFORE = re.compile(r"\b(?:generators?|discriminators?)\s+(?:(?:networks?\s+)?(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:each\s+)?"
                              r"(?:an?\s+|the\s+)?(?:[^\s.;]+\s+){0,3}?|(?:consist\w*\s+of|(?:was|were|is|are|(?:had|has|have)\s+been)\s+based\s+"
                              r"on|built\s+(?:on|from))\s+(?:an?\s+|the\s+)?)$", re.I)
_GAN_PART_AFTER = re.compile(r"(?:[-\u2010-\u2015]based)?\s+(?:generators?|discriminators?)\b", re.I)
_THE_ENCODER = re.compile(r"\b(?:the|this|its|as\s+(?:the|its))\s+(?:[\w-]+\s+)?(?:encoder|backbone)s?\b", re.I)


def learned_with_output(r: Reading, i: int) -> bool:
    """Sentence ``i`` comes before the sentence training a network's encoder together with the parts that predict,
    or just after it names that encoder ("a frame encoder and an LSTM trained jointly. The encoder is a ResNet-18
    whose pooled output is computed for each frame"): the features it speaks of are learned with the output."""
    together = trained_as_one(r)
    if together is None:
        return False
    return i <= together or i - together <= 2 and _THE_ENCODER.search(r.sentences[i].text) is not None and not (
        r.has(i, "frozen") and not _UNFROZEN.search(r.sentences[i].text))


# one network said as a whole ("the whole network was fine-tuned", "all blocks of the network except the last two")
_ONE_NETWORK = re.compile(r"\b(?:the|this|that)\s+(?:(?:whole|entire|complete|full|same)\s+)?(?:network|model|CNN)\b",
                          re.I)


def _trained_as_one_elsewhere(r: Reading, net: Network) -> bool:
    """The sentence training a network's parts as one, after the network's own sentences, speaks of another network:
    it names another and not this one ("The last fully connected layer of the ResNet-50 was replaced and the whole
    network was fine-tuned", beside a ViT named before it as a feature extractor), or it speaks of one network ("the
    whole network", "all blocks of the network") and the nearest network named before it is another. Each network
    of a study is trained, or has features taken out of it, by what is said of it."""
    together = trained_as_one(r)
    if together is None or together in net.sentences or together < net.sentences[0]:
        return False
    words = {x.split()[0] for x in net.names}

    def others(k: int) -> list[Mention] | None:  # the networks sentence ``k`` names (None: it names this one)
        deep = [n for n in r.names(k, "term") if n.family == "deep"]
        if any(n.value in net.names or n.value.split()[0] in words for n in deep):
            return None
        return deep

    here = others(together)
    if here is None:
        return False
    if here:
        return True
    if not _ONE_NETWORK.search(r.sentences[together].text):
        return False
    for k in range(together - 1, max(net.sentences[0], together - 20) - 1, -1):  # (anaphora reaches back only so far)
        if k in net.sentences:
            return False
        named = others(k)
        if named is None:
            return False
        if named:
            return True
    return False


# a network's values taken out as the features ("the decoder was discarded and the 256 bottleneck values of each
# patient were taken as the deep features", "the pooled outputs were saved as feature vectors")
_TAKEN_AS_FEATURES = re.compile(r"\b(?:its|their|bottleneck|latent|encoder|encoded|pooled|penultimate|hidden)\s+"
                                r"(?:[\w-]+\s+){0,3}?(?:values|outputs|activations|units|codes?|vectors?|representations?|"
                                r"neurons)\b[^.;]{0,60}?\b(?:were|was|are|is|(?:had|have|has)\s+been)\s+(?:then\s+)?(?:taken|used|"
                                r"kept|retained|saved|"
                                r"stored|exported)\s+as\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:features|feature\s+"
                                r"vectors?|descriptors|embeddings?)\b", re.I)


# a network trained to give the probability of the outcome ("trained on the knee images to output the probability of
# TKR within 5 years"): trained to predict, whatever a model built on its output is called
_TO_OUTPUT_PROBABILITY = re.compile(r"\bto\s+(?:output|give|return|produce|estimate|yield)\s+(?:the\s+|a\s+)?"
                                    r"(?:[\w-]+\s+){0,2}?(?:probabilit(?:y|ies)|likelihood|risk)\s+(?:of|that|for)\b", re.I)


def is_extractor(r: Reading, net: Network) -> bool:
    """Features are taken out of the network: "features from the last layer of X", "X features", "X was used as
    a (frozen) feature extractor / encoder", its embeddings computed or saved; or another model is fed the
    embeddings and this network is not (the data flow makes it their source). A network fed features, or said to
    classify them, is not their source; nor is one whose encoder a later sentence trains together with the parts
    that predict."""
    if learned_with_output(r, net.sentences[0]) and not _trained_as_one_elsewhere(r, net) or \
            keeps_its_features(r, net):
        return False
    for i in net.sentences:
        mentions = [n for n in r.names(i, "term") if n.value in net.names or n is net.first]
        if _TAKEN_AS_FEATURES.search(r.sentences[i].text) and (mentions or not any(
                n.family == "deep" for n in r.names(i, "term"))):
            return True
        if r.has(i, "deep_extract") and (mentions or not any(n.kind == "term" for n in r.names(i))) and \
                _nearest_network(r, i, "deep_extract", mentions):
            return True
        if any(_WHOSE_FEATURES.match(r.text, n.end, min(r.sentences[i].end, n.end + 80)) for n in mentions) and any(
                n.kind == "term" and n.role == "model" and n.family in ("classical", "statistical")
                for n in r.names(i, "term")):
            return True  # "a frozen ResNet-152, whose features were classified with a logistic regression"
        if not r.has(i, "deep_feat", "extract"):
            if r.has(i, "features") and any(_PRODUCES_AFTER.match(r.text, n.end, r.sentences[i].end) for n in mentions):
                return True  # "an Inception-V3 pretrained on ImageNet yielded 2,048 features per tumour"
            continue
        if not mentions and r.has(i, "deep_feat") and (r.has(i, "extract") or _PASSED_THROUGH.search(
                r.sentences[i].text) and not _FED_FEATURES.search(r.sentences[i].text) or _LAYER_OUTPUTS.search(
                r.sentences[i].text)):
            # "The encoder's embedding was computed for every lesion" after naming the network; "the images were
            # passed through the network and the fc7 activations taken as deep features"
            return True
        if any(_source_of_features(r, i, n) for n in mentions):
            return True
        if mentions and r.has(i, "deep_feat") and _its_layer_taken(r, i, mentions):
            # "A ResNet-50 pretrained on ImageNet was used without further training; the output of the global average
            # pooling layer (2,048 features) was taken for every crop": the one network of the sentence gives them
            return True
    for j in r.with_cue("deep_feat"):  # another model is fed the embeddings
        if j in net.sentences and any(
                _source_of_features(r, j, n) is False for n in r.names(j, "term") if n.value in net.names):
            continue
        if _another_network_s(r, j, net):
            continue  # (another network's embeddings: "a ViT was applied to each crop. The output of the penultimate
            # layer of the network served as the input of an SVM")
        consumers = [n for n in r.names(j, "term") if n.role == "model" and n.value not in net.names
                     and n.family in ("deep", "classical", "statistical")]
        # a model named by what it is fed them ("deep features, which were input into a classifier"), where no model
        # is named by its algorithm
        generic = not consumers and bool(generic_models(r, j))  # (in a sentence of deep features)
        # (trained to predict in a sentence of its own, not in one where the consumer is the model trained)
        # (a classical or statistical model is never the source of a network's features: "probing was performed
        # with a logistic regression on the embeddings" names the model that takes them)
        if (generic or any(n.family in ("classical", "statistical") or _source_of_features(r, j, n) is not True
                           for n in consumers)) and not any(
                (r.has(i, "classify", "survival", "regression") or _TO_OUTPUT_PROBABILITY.search(r.sentences[i].text))
                and r.has(i, "trained", "finetune")
                and not (i == j and not r.has(i, "finetune") and (generic or any(
                    n.family in ("classical", "statistical") for n in consumers)))
                for i in net.sentences):
            return True
    return False


_MAPS_SHOWN = re.compile(r"activation\s+maps?\b", re.I)  # (class activation maps show where it looked: no features)


def _its_layer_taken(r: Reading, i: int, mentions: list[Mention]) -> bool:
    """The outputs of a layer are taken after the network is named, in a sentence naming no other network or model
    and feeding those outputs to none: the layer is the network's, whatever word ("the", "its") introduces it."""
    s = r.sentences[i]
    after = max(m.end for m in mentions)
    taken = _LAYER_OUTPUTS.search(r.text, after, s.end)
    if taken is None or _FED_FEATURES.search(r.text, after, s.end) or _MAPS_SHOWN.match(r.text, taken.start()):
        return False
    if r.has(i, "trained", "finetune") and r.has(i, "classify", "survival", "regression", "detection"):
        return False  # (trained to predict in the same sentence: what its layers give is said of the network itself)
    return not any(n.role == "model" and n not in mentions and n.value not in {m.value for m in mentions}
                   for n in r.names(i, "term"))


def keeps_its_features(r: Reading, net: Network) -> bool:
    """The network is trained to predict and nothing in the text could take features out of it: what its
    sentences say of its layers' outputs is said of the network itself."""
    return _trained_to_outcome(r, net) and not any(r.has(i, "deep_extract") for i in net.sentences) and \
        not _features_taken(r, net)


def _trained_to_outcome(r: Reading, net: Network) -> bool:
    """A sentence of the network trains it to predict ("a ResNet-50 was trained on the CT images to classify the
    lesions"), speaks of no features taken out of it and names no other model that would predict."""
    return any(r.has(i, "trained", "finetune") and r.has(i, "classify", "survival", "regression", "detection") and
               not r.has(i, "deep_feat", "deep_extract", "features") and not any(
                   n.role == "model" and n.value not in net.names for n in r.names(i, "term")) for i in net.sentences)


def _features_taken(r: Reading, net: Network) -> bool:
    """Something could take the network's features out: another model, or features clustered, selected, reduced
    or combined, where its sentences speak of its features (or in the next sentence, when that names no network of
    its own), or in any sentence on deep features that names no other network ("the deep learning features were
    reduced with Boruta and used to train an XGBoost classifier"). Without any, the layers, feature maps or
    activation maps a later sentence speaks of ("the feature maps of its last convolutional layer were pooled and
    passed to a fully connected layer", "class activation maps were computed from its last layer") are the
    network's own, not deep features taken out into a table."""
    def takes(j: int) -> bool:
        return r.has(j, "cluster", "select", "reduce", "combine", "nomogram") or any(
            n.role == "model" and n.value not in net.names for n in r.names(j, "term")) or _generic_taker(r, j)

    def another_network(j: int) -> bool:
        return any(n.family == "deep" and n.value not in net.names for n in r.names(j, "term"))

    for i in net.sentences:
        if r.has(i, "deep_feat", "deep_extract", "features", "feature_maps") and (takes(i) or i + 1 < len(
                r.sentences) and not another_network(i + 1) and takes(i + 1)):
            return True
    if r._feature_takers is None:  # (found once: a text naming many networks costs no more)
        r._feature_takers = []
        for j in r.with_cue("deep_feat"):
            terms = r.names(j, "term")
            models = frozenset(n.value for n in terms if n.role == "model")
            cue = r.has(j, "cluster", "select", "reduce", "combine", "nomogram") or _generic_taker(r, j)
            if models or cue:
                r._feature_takers.append((frozenset(n.value for n in terms if n.family == "deep"), models, cue, j))
    names = set(net.names)
    # (a sentence naming no network speaks of the features of the one named just before it: "We used a ViT to extract
    # deep features. LASSO selected the deep features of the network" takes nothing out of a DenseNet named later)
    return any(deep <= names and (cue or models - names) and (deep or not _another_network_s(r, j, net))
               for deep, models, cue, j in r._feature_takers)


# a model named by what it is, not by its algorithm: "a classifier", "the predictive model", "a machine-learning
# model", "a radiomics signature", "a radiomic score" (the noun and up to three words before it after a determiner)
_GENERIC_MODEL = re.compile(r"\b(?:an?|the|our|this|these|one|each|final|several|multiple|various|different|two|"
                            r"three|four|five|six|seven|eight|nine|ten|\d+)\s+(?P<words>(?:[\w-]+\s+){0,3}?)(?P<noun>classifiers?|"
                            r"models?|signatures?|(?:radiomics?|radiomic|risk)\s+scores?)\b", re.I)
# models named in the plural at a sentence's start, with no determiner ("Predictive models were built")
_GENERIC_PLURAL = re.compile(r"^(?P<words>(?:[\w-]+\s+){0,2}?)(?P<noun>classifiers|models|signatures)\b(?=\s+were\b)", re.I)
# what such a noun is when it is no predictor of the study's: a delineating or generative network, a statistical
# analysis of associations ("a linear mixed model was fitted"), a reference, a language model
_NOT_A_PREDICTOR = re.compile(r"\b(?:segment\w*|detect\w*|delineat\w*|contour\w*|generative|diffusion|language|mixed|"
                              r"statistical|mixed-effects|random-effects|effects|additive|reference|noise|phantom|animal|mouse|"
                              r"murine|3D|2D|printed|anatomical|kinetic|pharmacokinetic|compartment\w*|tofts|"
                              r"reconstruction|registration|deep|neural|DL|CNNs?|convolutional|networks?|"
                              r"transformers?)\b", re.I)
_BUILT_AFTER = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:,[^,.;]{0,80},\s*)?(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|subsequently\s+|"
                          r"finally\s+|also\s+|first\s+|further\s+)?(?:built|trained|developed|constructed|fitted|fit|"
                          r"established|created|generated|derived|calculated|computed|formulated|learned|learnt|compared|evaluated|"
                          r"validated|tested|applied|employed|used|implemented)\b", re.I)
# the model as the subject of what it takes ("the final model integrated the Rad-score with clinical factors")
_TAKES_AFTER = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:then\s+|finally\s+)?(?:integrated|combined|incorporated|used|"
                          r"took|takes|received|receives|included|includes|comprised|comprises)\s+(?:the|a|an|its|both|"
                          r"all|these|those|\d+|[\w-]+\s+(?:features|variables|factors|scores?))\b", re.I)
_BUILT_BEFORE = re.compile(r"\b(?:build|built|building|train|trained|training|develop|developed|developing|construct|"
                           r"constructed|constructing|fit|fitted|fitting|establish|established|establishing|create|created|"
                           r"creating|generate|generated|generating|formulate|formulated|compare|compared|comparing|evaluate|"
                           r"evaluated|evaluating|fed|input|inputted|entered|passed|incorporated|integrated|(?:used|taken)\s+by)\s+"
                           r"(?:[\w-]+\s+){0,2}?$", re.I)


def generic_models(r: Reading, i: int, named: bool = False) -> list[tuple[Mention, int]]:
    """The models sentence ``i`` says the study builds and names only by what they are ("A classifier was built",
    "we developed a radiomics signature", "the predictive model was constructed"), each as its (not negated) cue and
    where its phrase begins; not a delineating, generative or deep network, nor a statistical analysis, nor one the
    study says it did not build ("beyond the scope of this study", "in future work"). ``named``: a model is already
    named, which "the model" with no other word refers back to ("An nnU-Net was trained ... The model was trained for
    1000 epochs")."""
    if not r.has(i, "model_cue"):
        return []
    s = r.sentences[i]
    if _NOT_THIS_STUDY.search(s.text):
        return []
    kept = r.cues(i, "model_cue")  # (not negated: "no predictive model was built" builds none)
    out = []
    for m in (*_GENERIC_MODEL.finditer(s.text), *_GENERIC_PLURAL.finditer(s.text)):
        start, end = s.start + m.start("noun"), s.start + m.end("noun")
        at = next((c for c in kept if c.start <= start < c.end or start <= c.start < end), None)
        if at is None or _NOT_A_PREDICTOR.search(m.group("words")):
            continue
        if named and not m.group("words").strip() and _REFERS_TO_ONE.match(m.group()) and not (r.has(
                i, "features", "radiomic", "deep_feat") and _FED_FEATURES.search(s.text)):
            continue  # "the model", "this network": the one named before (not one built from features)
        if _BUILT_AFTER.match(r.text, end, s.end) or _TAKES_AFTER.match(r.text, end, s.end) or \
                _BUILT_BEFORE.search(r.text, max(s.start, s.start + m.start() - 60), s.start + m.start()):
            out.append((at, s.start + m.start()))
    return out


# a model the study says is not its work: "beyond the scope of this study", "in future work", "was not our aim"
_NOT_THIS_STUDY = re.compile(r"\b(?:beyond|outside)\s+the\s+scope\b|\bfuture\s+(?:work|studies|research)\b|\b(?:was|is)\s+not\s+"
                             r"(?:the|our)\s+(?:aim|goal|purpose|objective)\b", re.I)
_REFERS_TO_ONE = re.compile(r"(?:the|this|that|our)\s", re.I)


def _generic_taker(r: Reading, j: int) -> bool:
    """Sentence ``j`` builds a model named only by what it is from features ("a classifier was then built from the
    deep features", "the penultimate-layer outputs were input into a classifier"): that model takes them."""
    return bool(generic_models(r, j)) and (r.has(j, "deep_feat") or _FED_FEATURES.search(r.sentences[j].text) is not None)


# features as a network's input: "trained on the selected radiomic features", "the features were fed into", "an MLP
# classified the fused features" (not "a head attached to the encoder features", which are the network's own)
_FED_FEATURES = re.compile(
    r"\b(?:trained|fitted|built|constructed|established|fed|input|entered|applied|developed|classified|took|takes|"
    r"receiv\w+|used|read|aggregated|processed)\s+"
    r"(?:[\w,-]+\s+){0,6}?(?:on|with|to|into|using|from)?\s*(?:the\s+|these\s+|those\s+|its\s+|all\s+)?(?:[\w-]+\s+)"
    r"{0,4}?(?:features|feature (?:table|set|vectors?)|tables?|embeddings|signatures?|maps|radiomics)\b"
    r"|\b(?:features|embeddings|vectors|maps|feature sets),?\s+(?:[\w,()-]+\s+){0,10}?(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:[\w-]+,?\s+(?:and\s+)?){0,3}?"
    r"(?:then\s+)?(?:fed|input|"
    r"entered|passed|used|given|concatenated|combined|fused|merged)\b"
    # the same verb after a longer clause of the features ("features were extracted from the CT images with
    # PyRadiomics and fed into an MLP")
    r"|\b(?:features|embeddings|feature sets)\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+[^.;]{0,120}?\band\s+(?:then\s+|subsequently\s+)?"
    r"(?:fed|input|entered|passed)\s+(?:in)?to\b"
    r"|\b(?:on|from|using)\s+(?:the\s+|these\s+)?(?:[\w-]+\s+){0,3}?(?:features|embeddings|feature (?:vectors?|"
    r"table|set)|maps)\b"
    r"|\b(?:features|embeddings)\s+(?:[\w-]+\s+){0,3}?(?:and|,)\s+(?:an?|the)\s+[\w-]+\s+(?:classified|"
    r"predicted)", re.I)


def _another_network_s(r: Reading, j: int, net: Network) -> bool:
    """The deep features of sentence ``j`` are another network's: ``j`` is none of this network's sentences, and the
    nearest network named (in the sentence, else in the one before) is another, this one not named with it."""
    if j in net.sentences:
        return False  # (a sentence of its own, however it is named there)
    words = {x.split()[0] for x in net.names}  # ("DINOv2" is "DINOv2 ViT-L/14" named short)
    for k in (j, j - 1):
        # (an attention pooling of instances takes embeddings and makes none: "an attention MIL network was trained
        # on the bags of tile embeddings" speaks of the encoder's)
        deep = [n for n in r.names(k, "term") if n.family == "deep" and _canonical(
            n.value) not in vocab.INSTANCE_POOLING] if k >= 0 else []
        if deep:
            return not any(n.value in net.names or n.value.split()[0] in words for n in deep)
    return False


def _features_of_another(r: Reading, i: int, net: Network) -> bool:
    """Sentence ``i`` sets the network beside a classical model and its features are said next to that model ("a
    random forest on PyRadiomics features and a ResNet-50 were compared"): they are that model's input."""
    terms = r.names(i, "term")
    own = [n.start for n in terms if n.value in net.names]
    others = [n.start for n in terms if n.family in ("classical", "statistical") and n.role == "model"]
    cues = [c.start for cue in ("features", "deep_feat", "radiomic", "feature_maps") for c in r.cues(i, cue)]
    if not own or not others or not cues:
        return False
    # a feature phrase qualifies the model named before it in the list ("X on features and Y")
    return all(max((o for o in others if o < c), default=-1) > max((o for o in own if o < c), default=-1)
               for c in cues)


# a graph whose nodes are the patients ("a population graph", "each patient was a node", "the nodes represented the
# subjects"): a graph network over it learns from the patients' features, not from their images
_GRAPH_OF_PATIENTS = re.compile(r"\bpopulation graph\b|\b(?:patient|subject|participant|cohort)[- ]graph\b|"
                                r"\b(?:each|every)\s+(?:patient|subject|case|participant)\s+(?:is|was|being|formed|forms|"
                                r"as|became)\s+(?:a|one)\s+node\b|\bnodes?\s+(?:of\s+the\s+graph\s+)?(?:are|were|"
                                r"represent(?:ed|s)?|correspond(?:ed|s)?\s+to|stand\s+for)\s+(?:the\s+|individual\s+)?"
                                r"(?:patients|subjects|cases|participants)\b", re.I)


def fed_features(r: Reading, net: Network) -> bool:
    """A network that is not the source of the features its sentences speak of, in sentences that name no
    images: it is fed those features (an MLP on radiomic or fused features). A graph network over a graph of
    patients is fed the patients' features."""
    term = vocab.lookup(net.names[0])
    if term is not None and term.name == "GNN" and any(_GRAPH_OF_PATIENTS.search(s.text) for s in r.sentences):
        return True
    if (term is not None and term.name == "MLP" or any(perceptron(r, n) for i in net.sentences for n in r.names(
            i, "term") if n.value in net.names)) and not any(_trained_on_images(r, i, net) or _images_outside_features(
            r, i, net) and not r.has(i, "features", "radiomic", "measure", "semantic") for i in net.sentences):
        # a perceptron takes vectors: named where its input is not said ("the classifier was a multilayer
        # perceptron", a settings table's row) it takes the study's table, unless its sentences give it images
        # (not the images its sentence says features or quantities come from: "radiomic features were extracted
        # from the original and filtered images, and an MLP was trained on them", "we measured the metabolic
        # tumour volume, and an MLP was trained on it")
        return True
    feats = any(r.has(i, "features", "deep_feat", "radiomic", "feature_maps") and _FED_FEATURES.search(
        r.sentences[i].text) and not _features_of_another(r, i, net) for i in net.sentences)
    # images named where features are said to be extracted from them are the extraction's input, not this network's,
    # unless they are what this network is said to be trained on ("radiomic features were extracted and
    # concatenated into the head of a ResNet-50, which was trained end to end on the CT images")
    # (extracted in the clause that names them: not "the image branch takes a crop taken from the mask; the radiomics
    # branch takes the radiomic features", which an author could as well have written as two sentences)
    images = any(_images_outside_features(r, i, net) and not (r.together(i, ("extract",), (
        "features", "deep_feat"), pattern=_FED_FEATURES) and not _trained_on_images(
            r, i, net)) for i in net.sentences)
    return feats and not images


def unnamed_fed_features(r: Reading, sentences: list[int]) -> bool:
    """A model named only by its kind in ``sentences`` is trained on features and on no images there ("Several
    machine learning classifiers were trained on the selected radiomic features"): it is fed the table. Images named
    as where the features were taken from ("features extracted from the ROIs drawn on MRI") are the extraction's."""
    return any(r.has(i, "features", "radiomic") and _FED_FEATURES.search(r.sentences[i].text) for i in sentences) and \
        not unnamed_given_images(r, sentences)


def unnamed_given_images(r: Reading, sentences: list[int]) -> bool:
    """``sentences`` (of a model named only by its kind) name images other than as where features were taken from, or
    as what values are of ("trained on these PET parameters", "on the ADC values")."""
    return any(not _features_taken_from(r, i, c) and not _MODIFIES.match(r.text, c.end) for i in sentences
               for c in (*r.cues(i, "images"), *r.cues(i, "crops"), *r.names(i, "modality")))


# the clause of an extraction up to the images the features are taken from: "radiomic features extracted from the
# manually drawn ROIs on", "features computed within the tumour on the"
_TAKEN_FROM = re.compile(r"\b(?:features?|descriptors?|parameters?)\s+(?:were\s+|was\s+|are\s+|is\s+)?(?:[\w-]+\s+){0,2}?(?:extract\w*|"
                         r"comput\w+|calculat\w+|deriv\w+|obtain\w*|measur\w+|quantif\w+)\s+(?:[\w(),-]+\s+){0,10}?$", re.I)


def _features_taken_from(r: Reading, i: int, c: Mention) -> bool:
    """The images ``c`` of sentence ``i`` are named as what features were taken from, not as a model's input."""
    s = r.sentences[i]
    return _TAKEN_FROM.search(r.text, max(s.start, c.start - 120), c.start) is not None


# a training verb and what it trains on, ending just before the images named: "which was trained end to end on the"
_TRAINED_ON = re.compile(r"\b(?:trained|fine-?tuned|retrained|optimi[sz]ed)\b(?:\s+[\w-]+){0,4}?\s+(?:on|from|using|"
                         r"with)\s+(?:the\s+|all\s+|raw\s+)?(?:[\w-]+\s+){0,3}?$", re.I)


# features and images given together ("the texture maps and the CT images were stacked as channels", "the CT crops and
# the radiomic features")
_FEATURES_AND_IMAGES = re.compile(r"\b(?:features|maps|embeddings)\s+and\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:images|scans|"
                                  r"crops|slices|volumes)\b|\b(?:images|scans|crops|slices|volumes)\s+and\s+(?:the\s+)?"
                                  r"(?:[\w-]+\s+){0,3}?(?:features|maps)\b", re.I)


def given_images_too(r: Reading, net: Network) -> bool:
    """A network fed features is said to be given the images too: trained on them ("trained from scratch on the MRI
    crops, and the radiomic features were concatenated with its image features"), or fed both ("the texture maps and
    the CT images were stacked as channels and fed into a ResNet-18"). It learns from the images, beside the table."""
    return any(_trained_on_images(r, i, net) or r.has(i, "feeds", "trained") and _FEATURES_AND_IMAGES.search(
        r.sentences[i].text) for i in net.sentences)


def _trained_on_images(r: Reading, i: int, net: Network) -> bool:
    """Sentence ``i`` names images as what this network is trained on: after its name, with no other deep network
    named between, a training verb takes them ("a ResNet-50, which was trained end to end on the CT images")."""
    deep = [n for n in r.names(i, "term") if n.family == "deep"]
    for c in [*r.cues(i, "images"), *r.names(i, "modality")]:
        if _MODIFIES.match(r.text, c.end):
            continue  # "trained on the ADC values": what the values are of, not images
        before = [n for n in deep if n.end <= c.start]
        if not before or before[-1].value not in net.names:
            continue
        if _TRAINED_ON.search(r.text, before[-1].end, c.start):
            return True
    return False


_OF_UNIT = re.compile(r"\s+(?:of|per|from)\s+(?:(?:one|each|every|the|a|an|its|their)\s+)?(?:[\w-]+\s+)?[\w-]+", re.I)


# an image word qualifying something else ("the examination label", "slice-level scores"): not images
# ("the CT descriptors above" a model's predictors are: what readers rated on the images, not images)
_MODIFIES = re.compile(r"[\s-]+(?:labels?|level|embeddings|features|scores?|predictions?|outputs?|probabilit\w+|"
                       r"reports?|values|measurements|parameters|descriptors|variables)\b", re.I)


def _images_outside_features(r: Reading, i: int, net: Network) -> bool:
    """Sentence ``i`` names images other than as what the features it feeds describe ("the bag of slice
    embeddings of one examination" names the features' unit, not images the network takes). Where the sentence
    names another network too, only the clause of this one counts ("every slice was encoded by X; Y took ...")."""
    s = r.sentences[i]
    lo, hi = s.start, s.end
    own = [n for n in r.names(i, "term") if n.value in net.names]
    if own and any(n.family == "deep" and n.value not in net.names for n in r.names(i, "term")):
        cut = [s.start + m.start() for m in re.finditer(r";", s.text)]
        lo = max([c for c in cut if c < own[0].start], default=s.start)
        hi = min([c for c in cut if c > own[0].start], default=s.end)
    spans = []
    for m in _FED_FEATURES.finditer(s.text):
        unit = _OF_UNIT.match(s.text, m.end())
        spans.append((s.start + m.start(), s.start + (unit.end() if unit else m.end())))
    return any(lo <= c.start < hi and not any(a <= c.start and c.end <= b for a, b in spans) and not
               _MODIFIES.match(r.text, c.end) for c in [*r.cues(i, "images"), *r.names(i, "modality")])


def tasks(r: Reading, sentences: Iterable[int]) -> list[str]:
    found: list[str] = []
    for i in sentences:
        if r.has(i, "survival"):
            found.append("survival")
        if r.has(i, "regression"):
            found.append("regression")
        elif clusters_cases(r, i):
            found.append("clustering")  # "k-means identified patient subgroups": groups found, no class learned
        elif r.has(i, "classify") and not r.has(i, "survival"):
            found.append("classification")
    return list(dict.fromkeys(found))


# Clustering groups either the cases or the features. Cases grouped without labels (patients, tumours into subgroups,
# subtypes, phenotypes, "three clusters") are what an unsupervised model outputs; features grouped to drop the
# redundant ones (one kept per cluster, correlated features) are a reduction of the table, and a region's voxels
# grouped into habitats are a partition of the region.
_CASES_GROUPED = re.compile(
    r"\b(?:sub-?groups?|sub-?types?|phenotypes?|sub-?populations?|unsupervised|(?:patient|tumou?r|lesion|case|nodule|"
    r"subject)s?\s+(?:clusters?|groups?)|(?:patients|tumou?rs|lesions|cases|subjects|participants|nodules|images|"
    r"scans)\s+(?:were\s+|was\s+|are\s+|is\s+)?(?:then\s+|thus\s+)?(?:grouped|clustered|partitioned|assigned|allocated|divided)"
    r"|(?:into|in|of)\s+(?:\w+\s+){0,2}?(?:distinct\s+|separate\s+)?clusters|clusters?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+"
    r"(?:identified|found|obtained|derived|compared|associated))\b", re.I)
_FEATURES_GROUPED = re.compile(r"\b(?:redundan\w+|(?:inter-?|highly\s+)?correlated|collinear\w*|representative\s+"
                               r"features?|(?:one|a single|the)\s+(?:\w+\s+)?features?\s+(?:per|from each|of each|"
                               r"closest)|per\s+cluster|each\s+cluster\b[^.;]{0,40}?\b(?:retain|kept|select|chosen)"
                               r"|dimension\w*)", re.I)
_VOXELS_GROUPED = re.compile(r"\b(?:(?:super)?voxels?|pixels?|habitats?|sub-?regions?|intra-?tumou?ral)\b", re.I)


_SUBGROUPS = re.compile(r"\b(?:sub-?groups?|sub-?types?|phenotypes?|sub-?populations?)\b", re.I)
# what a sentence says it only shows: a method run to draw a figure (PCA or t-SNE to visualise the features, a
# clustering shown as a heatmap) reduces, selects or groups nothing the pipeline goes on with
_SHOWN = re.compile(r"\b(?:visuali[sz]\w*|display(?:ed|ing|s)?|plott?(?:ed|ing)|illustrat\w*|depict\w*|heat-?maps?|"
                    r"dendrograms?|scatter[- ]?plots?)\b", re.I)


def shown_only(r: Reading, i: int) -> bool:
    """Sentence ``i`` only shows something (a figure drawn), removing, selecting or reducing nothing."""
    return bool(_SHOWN.search(r.sentences[i].text)) and not r.has(i, "keep", "select", "reduce", "model_cue", "trained")


def clusters_cases(r: Reading, i: int) -> bool:
    """Whether sentence ``i`` clusters the cases (an unsupervised model whose output is the groups), not the
    features (a reduction of the table)."""
    return _clustered(r, i) == "cases"


def clusters_voxels(r: Reading, i: int) -> bool:
    """Whether sentence ``i`` clusters the voxels of a region into habitats (a partition of the region)."""
    return _clustered(r, i) == "voxels"


def _clustered(r: Reading, i: int) -> str:
    """What sentence ``i`` clusters: "cases", "voxels", "features" or "" (nothing, or nothing said), found once for
    each sentence (a rule asks it for each network)."""
    found = r._clustered.get(i)
    if found is None:
        found = ""
        if r.has(i, "cluster") or any(n.family == "classical" and clustering_algorithm(n.value)
                                      for n in r.names(i, "term")):  # says so, or names a clustering algorithm
            text = r.sentences[i].text
            if shown_only(r, i) and not _SUBGROUPS.search(text):
                pass  # "clustering of the features was displayed as a heatmap": a figure, no step
            elif _VOXELS_GROUPED.search(text):
                found = "voxels"
            elif _FEATURES_GROUPED.search(text):
                found = "features"
            elif _CASES_GROUPED.search(text):
                found = "cases"
        r._clustered[i] = found
    return found


def clustering_algorithm(name: str) -> bool:
    """A model named as a clustering algorithm (k-means, hierarchical or consensus clustering)."""
    term = vocab.lookup(name)
    return term.task == "clustering" if term is not None else "clustering" in name.lower()


# ------------------------------------------------------------------------------------------- feature processing
_CHOSEN_AS = re.compile(r"\s+as\s+(?:the\s+)?(?:final|best|optimal|preferred)\b", re.I)
_PASSIVE_BEFORE = re.compile(r"\b(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|therefore\s+|finally\s+)?$", re.I)
_MODEL_WORD = re.compile(r"\b(?:models?|classifiers?|networks?|CNNs?|algorithms?|approach)\b", re.I)
_FEATURE_WORD = re.compile(r"\b(?:features?|variables?|predictors?|parameters?)\b", re.I)


def _model_chosen(r: Reading, i: int, c: Mention) -> bool:
    """A selection said of a model ("the CNN performed best and was retained", "selected as the final model"):
    a choice among the models compared, not a selection of features."""
    s = r.sentences[i]
    if _CHOSEN_AS.match(r.text, c.end, s.end):
        return True
    if not _PASSIVE_BEFORE.search(r.text, max(s.start, c.start - 40), c.start):
        return False
    # (the last model word or name and the last feature word before the selection, from their ends in the sentence
    # found once: a sentence repeating such cues costs no square of its length)
    model_ends, feature_ends = _word_ends(r, i)
    at = c.start - s.start
    k, f = bisect.bisect_right(model_ends, at), bisect.bisect_right(feature_ends, at)
    return (model_ends[k - 1] if k else -1) > (feature_ends[f - 1] if f else -1)


def _word_ends(r: Reading, i: int) -> tuple[list[int], list[int]]:
    """Where the model words and names and the feature words of sentence ``i`` end (sentence offsets, sorted)."""
    found = r._word_ends.get(i)
    if found is None:
        s = r.sentences[i]
        models = sorted([m.end() for m in _MODEL_WORD.finditer(s.text)] +
                        [n.end - s.start for n in r.names(i, "term") if n.role == "model"])
        found = r._word_ends[i] = (models, [m.end() for m in _FEATURE_WORD.finditer(s.text)])
    return found


_FEATURE_SETS = re.compile(r"\b(?:both|the two|two|these|the)\s+(?:feature\s+)?sets\b", re.I)
# statistical tests and correlations: a selection only where the sentence keeps or removes features by them
_GROUP_TESTS = frozenset({"t-test", "Mann-Whitney U", "chi-square", "ANOVA", "correlation filter",
                          "univariate selection"})


def processing(r: Reading, selection_terms: set[tuple[int, int]]) -> tuple[_Stage | None, bool]:
    """The feature-processing operations on tables, in order of mention, and whether fusion is stated."""
    st = _Stage("sel", "preprocessing")
    ops: list[tuple[int, str]] = []
    fusion = False
    for i in range(len(r.sentences)):
        # ("the two sets were concatenated": the feature sets named before)
        about_features = r.has(i, "features", "deep_feat", "radiomic") or bool(_FEATURE_SETS.search(r.sentences[i].text))
        here: set[str] = set()
        models = {(t.start, t.end) for t in r.names(i, "term")}
        for n in r.names(i, "term"):
            if (n.start, n.end) in selection_terms and _PENALISED_MODEL.search(r.text[n.start:n.end]):
                # "a LASSO logistic regression": the LASSO selects the features the regression is fitted on
                ops.append((n.start, "select(method: LASSO)"))
                here.add("select")
                st.cite(i, n)
        for n in r.names(i, "term"):
            if (n.start, n.end) in selection_terms and clustering_algorithm(n.value):
                ops.append((n.start, "reduce(method: \"feature clustering\")"))  # features clustered, one kept each
                here.add("reduce")
                st.cite(i, n)
        for n in r.names(i, "method"):
            operation, category = vocab.PROCESSING_METHODS[n.value][:2]
            if (n.start, n.end) in models and (n.start, n.end) not in selection_terms:
                continue  # named as the model
            if n.value == "feature clustering" and clusters_cases(r, i):
                continue  # the cases clustered: the model (see classical_models)
            if operation == "reduce" and shown_only(r, i):
                continue  # "PCA was used only to visualise the features": a figure, not a step of the pipeline
            if category == "robustness" and not r.has(i, "keep", "select"):
                continue  # an ICC analysis that removes nothing is a fact about the delineation
            if not about_features and (operation in ("harmonize", "normalize") or not r.has(i, "select", "keep")):
                continue  # images (the image pre-processing reads it), or a statistic that selects nothing
            if operation == "normalize" and _normalises_images(r, n.start, n.end):
                continue  # "after z-score normalisation of the image": the image pre-processing reads it
            if n.value in _GROUP_TESTS and not r.has(i, "select", "keep"):
                continue  # "features were compared between groups with the Mann-Whitney U test": no selection
            ops.append((n.start, f"{operation}(method: {value(n.value)})"))
            here.add(operation)
            st.cite(i, n)
        if not about_features:
            continue
        for cue, op in (("select", "select"), ("oversample", "oversample"), ("reduce", "reduce"),
                        ("impute", "impute"), ("normalize", "normalize")):
            found = [c for c in r.cues(i, cue) if not (op == "select" and _model_chosen(r, i, c)) and not (
                op == "normalize" and _normalises_images(r, c.start, c.end))]
            if found and op not in here and not (op == "normalize" and r.has(i, "intensity")):
                ops.append((found[0].start, op))
                st.cite(i, found[0])
        combine = r.cues(i, "combine")
        if combine and (r.has(i, "deep_feat") and r.has(i, "radiomic") or
                        re.search(r"concatenat|fus(?:ed|ion)|merg|\b(?:both|two|the) (?:feature )?sets\b",
                                  r.sentences[i].text, re.I) and (r.has(i, "features", "radiomic") or
                                                                  _FEATURE_SETS.search(r.sentences[i].text))):
            fusion = True
            ops.append((combine[0].start, "fuse"))
            st.cite(i, combine[0])
    if not ops:
        return None, fusion
    seen: list[str] = []
    for _, op in sorted(ops):
        if op not in seen:
            seen.append(op)
    if any(op.startswith("select(") for op in seen) and "select" in seen:
        seen.remove("select")
    st.head = ", ".join(seen)
    return st, fusion


# ------------------------------------------------------------------------------------------- models
# "a multivariable Cox model": the predictor the variables were combined in
_A_MODEL_AFTER = re.compile(r"\s+(?:regression\s+|proportional[- ]hazards?\s+)?(?:models?|nomograms?|classifiers?)\b",
                            re.I)
# a regression of one variable at a time screens the variables; a multivariable one is a model of the outcome
_UNIVARIATE = re.compile(r"\buni-?variat\w*\s+(?:[\w-]+\s+){0,2}$|\buni-?variabl\w*\s+(?:[\w-]+\s+){0,2}$", re.I)


# the nearer of two words said before a regression ("univariable and multivariable Cox regression"): the multivariable
# one, a model of the outcome, is done too
_MULTIVARIATE_JUST_BEFORE = re.compile(r"\bmulti-?varia(?:ble|te)\s+(?:[\w-]+\s+)?$", re.I)


# a regression run on one variable at a time tests associations; several variables together are a model
_ONE_AT_A_TIME = re.compile(r"\buni-?varia(?:ble|te)\b|\bfor each (?:single |individual )?(?:feature|variable|"
                            r"parameter|predictor|measurement)\b|\b(?:separately|individually|one at a time)\b", re.I)
_COMBINED = re.compile(r"\bmulti-?varia(?:ble|te)\b|\bcombin\w+|\bnomogram|\bsignature|\btogether\b|"
                       r"\b(?:model|score)\s+(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:built|constructed|developed|fitted)", re.I)


# a model written with the penalty that selects its variables: both the selection (LASSO) and the regression
_PENALISED_MODEL = re.compile(r"^(?=.*\blasso\b).*\b(logistic|logit|Cox)\b", re.I)


# A model fitted for a step of the statistics, not to predict the study's outcome: missing values imputed with it
# ("imputed with a random forest (missForest)", "kNN imputation"), propensity scores or weights estimated with it
# ("propensity scores were estimated with logistic regression to match the cohorts"), a network's outputs
# calibrated with it ("calibrated by logistic regression (Platt scaling)")
_AUXILIARY_HINTS = ("imput", "propensit", "calibrat", "platt", "isotonic", "inverse probability", "missing")
_AUXILIARY_BEFORE = re.compile(r"\b(?:imput\w+|missing\s+(?:values?|data)|propensity(?:\s+scores?)?|inverse\s+probability|"
                               r"(?:re)?calibrat\w+)\b[^.;]{0,50}?\b(?:with|using|by|via|from|through)\s+(?:(?:a|an|the)\s+)?"
                               r"(?:[\w-]+\s+){0,2}$", re.I)
_AUXILIARY_AFTER = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:[- ]?(?:imputation|imputer|based imputation)\b|(?:was|were|is|are|(?:had|has|have)\s+been)?\s*"
                              r"(?:used|applied|fitted|employed|trained)?\s*(?:to|for)\s+(?:the\s+)?(?:imput\w+|estimat\w+\s+"
                              r"(?:the\s+)?(?:propensity|weights)|propensity|calibrat\w+|(?:fill|replace)\w*\s+(?:in\s+)?"
                              r"(?:the\s+)?missing))", re.I)


def _auxiliary(r: Reading, i: int, n: Mention) -> bool:
    """The model ``n`` of sentence ``i`` is fitted for a step of the statistics (imputation, propensity scores,
    calibration), not as the study's predictor."""
    s = r.sentences[i]
    return bool(_AUXILIARY_BEFORE.search(r.text, max(s.start, n.start - 90), n.start) or _AUXILIARY_AFTER.match(
        r.text, n.end, s.end))


# a model named as the estimator a selection method wraps: "recursive feature elimination with a support vector
# machine", "Boruta, a wrapper around random forest", "SVM-RFE", "random forest importance"
_WRAPPED_BY = re.compile(r"\s*(?:\([\w-]+\)\s*)?,?\s*(?:with|using|based on|on|of|by|(?:an?\s+)?wrapper\s+(?:around|of))\s+"
                         r"(?:an?\s+|the\s+)?(?:[\w-]+\s+)?$", re.I)
_WRAPS_AFTER = re.compile(r"[\s-]*(?:\(\s*)?(?:[\w-]+-)?(?:RFE\b|importance\b|feature\s+importance\b|based\s+(?:feature\s+)?"
                          r"(?:selection|ranking|elimination)\b)", re.I)


def _estimator_of_selection(r: Reading, i: int, n: Mention, method_ends: list[int]) -> bool:
    """The model ``n`` of sentence ``i`` is named as the estimator of a selection method named just before it, or as
    what ranks or eliminates the features ("SVM-RFE", "random forest importance"). ``method_ends``: where the
    sentence's selection methods end, sorted (the nearest before the model is found by bisection, not by a scan of
    them all for each model: a long sentence naming thousands of both was quadratic)."""
    s = r.sentences[i]
    if _WRAPS_AFTER.match(r.text, n.end, s.end):
        return True
    k = bisect.bisect_right(method_ends, n.start) - 1
    if k < 0 or n.start - method_ends[k] > 40:
        return False
    return _WRAPPED_BY.match(r.text, method_ends[k], n.start) is not None


def classical_models(r: Reading) -> tuple[list[Mention], set[tuple[int, int]], list[int]]:
    """Classical and statistical models named as the predictor (not as a selection method), the spans of the
    names read as selection methods instead, and the sentences of a nomogram."""
    models: list[Mention] = []
    as_selection: set[tuple[int, int]] = set()
    nomogram: list[int] = []
    for i in range(len(r.sentences)):
        methods = {(n.start, n.end) for n in r.names(i, "method")}
        method_ends = sorted({b for _, b in methods})
        terms = r.names(i, "term")
        others = [t for t in terms if t.family in ("classical", "statistical") and (t.start, t.end) not in methods
                  and t.value not in ("nomogram", "rad-score")]
        one_at_a_time: bool | None = None  # tested once per sentence
        auxiliary: bool | None = None  # (the same)
        for n in terms:
            if n.family not in ("classical", "statistical") or n.role == "tool":
                continue  # a tool (thresholding, registration) does an operation: it predicts nothing
            if n.value in ("nomogram", "rad-score"):
                nomogram.append(i)
                continue
            if (n.start, n.end) in methods and (r.has(i, "select") or others or not r.has(i, "model_cue")):
                as_selection.add((n.start, n.end))
                continue
            if methods and _estimator_of_selection(r, i, n, method_ends):
                as_selection.add((n.start, n.end))  # "recursive feature elimination with a support vector machine
                continue  # (SVM-RFE)": the selection's estimator, not the study's predictor
            if n.family == "classical" and clustering_algorithm(n.value) and (clusters_voxels(r, i) or shown_only(
                    r, i) and not clusters_cases(r, i)):
                continue  # the voxels of a region clustered into habitats, or a clustering only shown: no model
            if auxiliary is None:
                auxiliary = any(w in r.sentences[i].text.lower() for w in _AUXILIARY_HINTS)
            if auxiliary and _auxiliary(r, i, n):
                continue  # "imputed with a random forest", "propensity scores from a logistic regression"
            if n.family == "classical" and clustering_algorithm(n.value) and r.has(i, "cluster", "features") and \
                    _FEATURES_GROUPED.search(r.sentences[i].text) and not clusters_cases(r, i):
                as_selection.add((n.start, n.end))  # "features were grouped by hierarchical clustering, one kept
                continue  # per cluster": a reduction of the table, not a model
            penalised = _PENALISED_MODEL.search(r.text[n.start:n.end])
            if penalised:  # "LASSO logistic regression", "LASSO-Cox": a selection and the model fitted after it
                as_selection.add((n.start, n.end))
                n = n._replace(value="Cox" if penalised.group(1).lower() == "cox" else "logistic regression")
            before = r.text[max(r.sentences[i].start, n.start - 40):n.start]
            if _UNIVARIATE.search(before) and not (
                    _MULTIVARIATE_JUST_BEFORE.search(before) or  # "univariable and multivariable Cox regression"
                    _A_MODEL_AFTER.match(r.text, n.end, r.sentences[i].end) or
                    re.search(r"\b(?:models?|nomograms?|classifiers?)$", r.text[n.start:n.end], re.I)):
                continue  # "univariate Cox analysis": a screening of variables, not the predictor
            if n.family == "statistical" and not penalised:  # (a penalised regression fits the variables together)
                if one_at_a_time is None:
                    one_at_a_time = bool(_ONE_AT_A_TIME.search(r.sentences[i].text)) and not _COMBINED.search(
                        r.sentences[i].text)
                if one_at_a_time:
                    continue  # "odds ratios for each feature in univariable analysis": associations tested, no model
            models.append(n)
        if r.has(i, "nomogram") and i not in nomogram:
            nomogram.append(i)
        if clusters_cases(r, i):
            # the cases clustered by a method named by no algorithm ("consensus clustering identified three
            # subtypes", "patients were grouped by unsupervised clustering"): an unsupervised model of the study
            named = [(t.start, t.end) for t in models if t.sentence == i and clustering_algorithm(t.value)]
            for n in r.names(i, "method"):
                if n.value == "feature clustering" and not any(a < n.end and n.start < b for a, b in named):
                    spelled = r.text[n.start:n.end]
                    models.append(Mention("term", spelled[:1].lower() + spelled[1:] if spelled[1:2].islower() else
                                          spelled, n.start, n.end, i, family="classical", role="model"))
                    break
    return models, as_selection, nomogram


def outputs(r: Reading, final: list[tuple[_Stage, list[str]]]) -> tuple[list[_Stage], dict[str, _Stage]]:
    """One output per task the models are said to serve, with the classes stated; which output each model
    feeds."""
    stated = tasks(r, range(len(r.sentences)))
    out: dict[str, _Stage] = {}
    feeds: dict[str, _Stage] = {}
    for st, own in final:
        wanted = own or stated[:1]
        for task in wanted or [""]:
            o = out.get(task)
            if o is None:
                o = out[task] = _Stage("images" if task == "image_to_image" else _stage_name(task) if task else
                                       "prediction", "output", task)
                cue = {"survival": "survival", "segmentation": "segment", "detection": "detection",
                       "clustering": "cluster"}.get(task, "classify")
                for i in range(len(r.sentences)):
                    if not task or task == "image_to_image" or not r.has(i, cue):  # (images: the network's own)
                        continue
                    if len(o.sentences) < 2:
                        o.cite(i, r.cues(i, cue)[0])
                    classes = _classes(r, i) if task == "classification" else []
                    if classes and "classes" not in o.block:
                        o.block["classes"] = "[" + ", ".join(value(c) for c in classes) + "]"
                        o.cite(i, r.cues(i, "versus")[0])
                if not o.sentences:
                    o.inferred = True
                    o.cite_all(list(st.sentences)[:1])
            feeds.setdefault(st.name, o)
            feeds[st.name + "\x00" + task] = o
    return list(out.values()), feeds


_CLASS_STOP = re.compile(r"^(?:(?:the|a|an|patients?|with|of|in|those|cases?|lesions?|tumou?rs?|that|which|"
                         r"classif\w*|predict\w*|differentiat\w*|distinguish\w*|discriminat\w*|between|"
                         r"identif\w*|detect\w*|diagnos\w*)\s+)+", re.I)


_CLASS_TAIL = re.compile(r"\s+(?:masses|mass|lesions?|tumou?rs?|nodules?|cases|patients|cancers?|groups?)$", re.I)


_NOT_CLASSES = frozenset({"the", "a", "an", "prediction", "predictions", "reference", "model", "models", "groups",
                          "training", "test", "validation", "cohorts", "sets", "readers", "methods", "them"})


_A_DATE = re.compile(r"\b(?:(?:19|20)\d\d|January|February|March|April|May|June|July|August|September|October|"
                    r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b")


def _classes(r: Reading, i: int) -> list[str]:
    for c in r.cues(i, "versus"):
        parts = dict(p.split("=", 1) for p in c.detail.split("|") if "=" in p)
        picked = [parts.get("a"), parts.get("b0"), parts.get("b")] if "a" in parts else [parts.get("c"),
                                                                                          parts.get("d")]
        if any(p and _A_DATE.search(p) for p in picked):
            continue  # "between January 2020 and December 2022": a period, not the classes
        classes = []
        for p in picked:
            if not p:
                continue
            p = _CLASS_TAIL.sub("", _CLASS_STOP.sub("", p.strip()))
            if p and len(p) <= 40 and p.lower() not in _NOT_CLASSES:
                classes.append(p)
        if len(classes) >= 2:
            return classes
    return []


_PARTS = re.compile(r"\b(?P<n>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+)?(?:habitats|clusters|"
                    r"sub-?regions)\b", re.I)


def habitats(r: Reading) -> tuple[int, str] | None:
    """The sentence that partitions the delineated region into habitats by clustering its voxels ("the voxels of
    each tumour were clustered with k-means into three habitats") and the operation, with the algorithm named."""
    for i in range(len(r.sentences)):
        if not clusters_voxels(r, i):
            continue
        named = [n.value for n in r.names(i, "term") if n.family == "classical" and clustering_algorithm(n.value)]
        parts = _PARTS.search(r.sentences[i].text)
        count = number(parts.group("n")) if parts else None
        said = ([f"method: {value(named[0])}"] if named else []) + ([f"clusters: {count}"] if count else [])
        return i, "habitat(" + ", ".join(said) + ")" if said else "habitat"
    return None
