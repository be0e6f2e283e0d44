"""Mentions: the names and phrases of a sentence that say something about the pipeline, each with its offsets and
whether the sentence negates it.

Names come from pipespec's one vocabulary (:mod:`pipespec.vocab`): architectures, algorithms and tools with their
aliases and families, modalities, feature-processing methods and feature classes, matched on the vocabulary's
own keys (case, spaces, hyphens, dots and slashes ignored) over runs of up to six words. Phrases ("segmented
manually", "pretrained on ImageNet", "five-fold cross-validation") are the cue patterns below: they say how a
Methods section states a fact, not which names exist.

Negation is read NegEx-style: a trigger ("no", "without", "not", "instead of", "rather than") negates the
mentions within a few words after it (or, for "was not performed", before it) in the same clause; a clause ends
at "but", "however", "whereas", a semicolon. Modifiers attach to the mention; the text is never rewritten.
"""


import bisect
import functools
import re
from typing import NamedTuple

from pipespec import vocab
from pipespec.draft.sentences import LIST_MARK, Sentence

MAX_WORDS = 6  # the longest alias in the vocabulary has six words


class Mention(NamedTuple):
    kind: str  # term | modality | method | feature_class | cue
    value: str  # canonical name (or the cue's name)
    start: int  # offsets in the document's text
    end: int
    sentence: int  # index of its sentence
    negated: bool = False
    family: str = ""  # terms: deep | classical | statistical | handcrafted | manual
    role: str = ""  # terms: model | extractor | segmenter
    detail: str = ""  # what a cue captured (a number, a data set)


# ------------------------------------------------------------------------------------------- words
_WORD = re.compile(r"[^\W_]+(?:[+&][^\W_]+)*\+*")
_JOIN = re.compile(r"[\s\-_./\u2010-\u2015\u2212]{0,3}|[()]")  # what may stand between the words of one name (the
# keys drop it: hyphens and dashes of every kind, as a manuscript's "U\u2011Net" has a non-breaking hyphen)
_HYPHENS = re.compile(r"[\u2010-\u2015\u2212]")
# aliases too common as plain words, or as other abbreviations in clinical text, to be read as names alone
_AMBIGUOUS = frozenset({"cr", "dx", "ae", "gp", "nb", "dt", "echo", "diffusion", "ensemble", "voting", "stacking",
                        "ridge", "logit", "pathology", "transformer", "risk", "lr", "dl", "ml", "vote", "slicer",
                        "gat", "sam", "mil", "uni", "dino", "bit", "ssd", "rf", "lda", "us", "mr", "t1", "t2",
                        "ct", "gru", "mim", "ria", "clip", "glm", "enet", "nn", "ann", "ssl", "l1",
                        "siamese", "attention", "autogluon", "dlr",  # DLR: deep learning radiomics too
                        "fundus"})  # the fundus of the stomach or uterus: "fundus photography" names the modality
# abbreviations read as names when written in capitals (RF, LR, US, MR, CT, SAM ...), never in lower case
_CAPS_OK = frozenset({"lr", "dl", "rf", "lda", "us", "mr", "ct", "gru", "mim", "ssd", "mil", "sam", "glm", "ann",
                      "enet", "gat", "uni", "dino", "ria", "clip", "t1", "t2", "nn", "ssl", "l1", "dx", "cr"})
# whole phrases that name nothing although a word in them is a name
_NOT_NAMES = re.compile(r"diffusion[- ]weighted|diffusion tensor|x-?ray absorptiometry|(?:time|risk)[- ](?:to|factor|score|stratif)"
                        r"|echo time|spin[- ]echo|gradient[- ]echo|voting rights|ridge filter"
                        # the blocks of a network named before, counted from one end ("the first eight transformer
                        # blocks were frozen", "the first eight of twelve transformer blocks"): its parts, not a
                        # second network
                        r"|\b(?:first|last|final|early|earlier|later|initial|top|bottom|remaining|lower|upper|deeper|"
                        r"deepest|shallow\w*)\s+(?:[\w-]+\s+){0,3}?transformer\s+(?:blocks?|layers?|stages?)\b", re.I)
# a word every match of _NOT_NAMES holds, tested before the pattern runs (most sentences hold none)
_NOT_NAMES_WORDS = ("diffusion", "absorptiometry", "time", "risk", "echo", "voting", "ridge", "transformer")
# the characters a case-blind pattern takes for an ASCII letter (dotted and dotless i, long s, the kelvin sign): a
# sentence with one goes to the pattern whatever its words
_FOLDED = "\u0130\u0131\u017f\u212a"


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Whether ``text`` may hold a match of a case-blind pattern every match of which holds one of ``words``."""
    lowered = text.lower()
    return any(w in lowered for w in words) or not text.isascii() and any(c in text for c in _FOLDED)


_DESCRIBED = re.compile(r"-?(?:style|like|inspired|type)\b", re.I)  # "a DeepHit-style output": a description
# a tool's name naming a model of another kind by what it rests on ("the TotalSegmentator radiomics model", "the
# nnU-Net-based radiomics signature"): that model, not the tool again; a classical model's own name so placed is that
# model ("an SVM radiomics model", "a random forest clinical model")
_RESTS_ON = re.compile(r"(?:-(?:based|derived|mask))?\s+(?:hand-?crafted\s+)?(?:radiomics|radiomic|clinical|"
                       r"clinico-?radiomics?)\s+(?:models?|scores?|signatures?|nomograms?|classifiers?)\b", re.I)
# an abbreviation numbered or lettered after a hyphen is a code of its own (the LI-RADS category LR-5, LR-M)
_CODED = re.compile(r"-(?:\d+[a-z]?|[A-Z]{1,3})(?![\w-])")


class _Token(NamedTuple):
    start: int
    end: int
    key: str
    text: str


_word_key = functools.lru_cache(maxsize=1 << 16)(vocab.key)  # the same few hundred words make most of a text


_new_tuple = tuple.__new__  # (a named tuple made without the Python frame of its __new__: a text's every word)


def _tokens(text: str, offset: int) -> list[_Token]:
    return [_new_tuple(_Token, (offset + m.start(), offset + m.end(), _word_key(w), w))
            for m in _WORD.finditer(text) for w in (m.group(),)]


@functools.cache
def _index() -> dict[str, tuple[tuple[str, str, str, str], ...]]:
    """key -> (kind, canonical, family, role) for every name of the vocabulary a Methods text may use."""
    out: dict[str, list[tuple[str, str, str, str]]] = {}
    for k, term in vocab.term_index().items():
        out.setdefault(k, []).append(("term", term.name, term.family, term.role))
    for k, m in vocab.method_index().items():
        out.setdefault(k, []).append(("method", m, "", ""))
    for k, modality in vocab.MODALITIES.items():
        out.setdefault(k, []).append(("modality", modality, "", ""))
    for k, fc in vocab.FEATURE_CLASSES.items():
        if fc not in ("first_order", "shape") or len(k) > 6:  # "shape", "intensity": too common alone
            out.setdefault(k, []).append(("feature_class", fc, "", ""))
    return {k: tuple(v) for k, v in out.items()}


# the words of a methods phrase an author may abbreviate ("deep learning (DL)", "deep features (DFs)", "radiomic
# features (RFs)", "feature maps (FMs)", "deep learning radiomics (DLR)", "body composition (BC)")
_METHODS_PHRASE = re.compile(r"\b(?:deep|learning|learned|features?|radiomics?|network|neural|models?|maps?|"
                             r"segmentation|signature|score|nomogram|classifier|extraction|selection|transfer|"
                             r"pre-?trained|supervised|machine|texture|habitats?|composition|embeddings?|"
                             r"descriptors?|hand-?crafted|semantic)\b", re.I)


def abbreviation_kept(short: str, long: str) -> bool:
    """Whether a text's abbreviation ``short``, defined as standing for ``long``, is read as written, not spelled
    out: unless ``long`` is a methods phrase (an abbreviation of an established term, HU, LVEF, VASARI, KL, is read
    by itself), and unless the vocabulary reads ``short`` (or, for a plural, CNNs, its singular) as a name while
    ``long`` names none ("radiomic features (RFs)" are not random forests; "Swin Transformer (Swin-T)" and "a
    cycle-consistent generative adversarial network (CycleGAN)" are kept); a name of the vocabulary written as one,
    not as initials, is kept whatever words it is defined by ("a deep residual network (ResNet)", "a U-shaped network
    (U-Net)": the ResNet-50 and the U-Net stay named)."""
    if _METHODS_PHRASE.search(long) is None:
        return True
    index = _index()
    entries = index.get(vocab.key(short))
    if entries is None and len(short) > 2 and short.endswith("s") and short[:-1].isupper():
        entries = index.get(vocab.key(short[:-1]))
    base = short[:-1] if len(short) > 2 and short.endswith("s") and short[:-1].isupper() else short
    if any(c.islower() for c in base) and vocab.lookup(base) is not None:
        return True  # a name of its own, not initials ("ResNet", "U-Net", "DenseNet"): as written
    if entries is None:
        return False
    words = long.split()  # a name in the words too ("cycle-consistent generative adversarial network (CycleGAN)")
    return any(vocab.key(" ".join(words[i:j])) in index or vocab.key(" ".join(words[i:j]).rstrip("s")) in index
               for i in range(len(words)) for j in range(i + 1, min(len(words), i + 5) + 1))


_NAMEISH = re.compile(r"[A-Za-z][a-z]*[A-Z0-9][A-Za-z0-9]*|[A-Z]{2,}[a-z]+[A-Za-z0-9]*")
_NET_NAME = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]*)*[A-Za-z]Net(?:-?\d+)?")  # a network's name (SpineNet)
# a data set networks are pretrained on, not a network: ImageNet and its kin, or a name said to be trained on
_A_DATA_SET = re.compile(r"ImageNet$")
_TRAINED_ON = re.compile(r"\b(?:trained|learned|learnt)\s+(?:on|from|using)\s+(?:the\s+)?$", re.I)
_DATA_AFTER = re.compile(r"[\s-]+(?:pre-?trained|weights|data(?:set|base)?|images|cohort)\b", re.I)
_NETWORKISH = re.compile(r"net|former|gan|seg|mil|bert|mamba|sam", re.I)


def _variant(tokens: list[_Token], i: int, n: int, text: str = "", offset: int = 0) -> vocab.Term | None:
    """A numbered or dimension-marked variant the vocabulary's patterns know (ResNet-50, 3D DenseNet-121), or a
    network built of networks the vocabulary knows, joined by hyphens or plus signs (CNN-Transformer, CNN-LSTM,
    ResNet+ViT): one hybrid network, not two."""
    first = tokens[i].text
    if not (_NAMEISH.fullmatch(first) or first.upper() in ("2D", "3D", "VGG") or first[:1].isupper() and
            _deep_family(tokens[i].key)):
        return None
    joined = "".join(t.key for t in tokens[i:i + n])
    if n > 1 and not any(c.isdigit() for c in joined):
        if n == 2 and text and _SIZE.fullmatch(tokens[i + 1].text) and _SIZE_JOIN.fullmatch(
                text, tokens[i].end - offset, tokens[i + 1].start - offset):
            # a size after the family ("Swin-T", "ConvNeXt-Tiny", "ViT-Small", "DeiT-S"): one name, the variant kept
            term = vocab.lookup(text[tokens[i].start - offset:tokens[i + 1].end - offset])
            family = vocab.lookup(first)
            return term if term is not None and family is not None and term.name == family.name else None
        if text and all(_HYPHENS.sub("-", text[a.end - offset:b.start - offset]) in ("-", "+") for a, b in zip(
                tokens[i:i + n - 1], tokens[i + 1:i + n])) and all(_deep_family(t.key) for t in tokens[i:i + n]):
            return vocab.lookup(_HYPHENS.sub("-", text[tokens[i].start - offset:tokens[i + n - 1].end - offset]))
        return None
    spelled = " ".join(t.text for t in tokens[i:i + n])
    if n > 1 and text and text[tokens[i].end - offset:tokens[i + 1].start - offset].isspace() and _released(first):
        return None  # "DINOv2 ViT-B/14": the released network and its backbone, joined once both are read whole
    term = vocab.lookup(spelled)
    if term is None and _acronym_plural(tokens[i + n - 1].text):  # ResNets, 3D DenseNets: read as the singular
        term = vocab.lookup(spelled[:-1])
    return term if term is not None and term.family == "deep" else None


# a network's size written after its family's name ("Swin-T", "ConvNeXt-Tiny", "ViT-Small"), by a hyphen, an
# underscore or a slash (a word in capitals may follow a space too: "ConvNeXt Tiny")
_SIZE = re.compile(r"Ti|[TSBLHGM]|XL|XXL|Tiny|Small|Base|Medium|Large|Huge|Giant|XLarge")
_SIZE_JOIN = re.compile(r"[-_/\u2010-\u2015]")


def _with_backbone(text: str, offset: int, found: list[Mention]) -> list[Mention]:
    """A released network named with the backbone it is built on, one space between ("DINOv2 ViT-B/14", "SAM ViT-H",
    "CLIP ViT-L/14") or the two alone in a bracket ("(DINOv2, ViT-B/14)"): one network, its whole name kept, as the released one (its role, whether it is ready-made)."""
    out: list[Mention] = []
    for m in found:
        prev = out[-1] if out else None
        # (or a comma between, the two in a bracket of their own: "a foundation model (DINOv2, ViT-B/14)")
        between = text[prev.end - offset:m.start - offset] if prev is not None else ""
        if prev is not None and prev.kind == m.kind == "term" and prev.family == m.family == "deep" and (
                between == " " or between == ", " and text[prev.start - offset - 1:prev.start - offset] == "(" and
                text[m.end - offset:m.end - offset + 1] == ")") and not prev.negated:
            whole = _HYPHENS.sub("-", text[prev.start - offset:prev.end - offset] + " " +
                                 text[m.start - offset:m.end - offset])
            term = vocab.lookup(whole)
            if term is not None and term.name == _canonical_of(prev.value):
                out[-1] = prev._replace(value=whole, end=m.end)
                continue
        out.append(m)
    return out


@functools.cache
def _released(word: str) -> bool:
    """``word`` names a released deep network that is not an architecture's family (DINOv2, CLIP, SAM, CONCH)."""
    term = vocab.lookup(word)
    return term is not None and term.family == "deep" and term.name not in vocab.BACKBONES and vocab.key(
        word) == vocab.key(word.strip())


def _canonical_of(name: str) -> str:
    term = vocab.lookup(name)
    return term.name if term is not None else name


def _allowed(k: str, surface: str) -> bool:
    if k in _AMBIGUOUS:
        return k in _CAPS_OK and sum(c.isupper() for c in surface) >= 2
    if len(k) <= 3 and k.isalpha():
        return sum(c.isupper() for c in surface) >= 2  # short names only as abbreviations (SVM, CNN, PET)
    return True


# architectures whose name is also how a text refers back to the network it described ("the transformer's output"
# after "a ViT was trained"): a name where a text introduces one ("a transformer", "Transformers were trained"), the
# network already named after a definite word
_REFERRING = frozenset({"transformer"})
_DEFINITE_BEFORE = re.compile(r"\b(?:the|this|that|these|those|its|their|our|each|every|same)\s+(?:[\w-]+\s+)?\Z",
                              re.I)


def _named_anew(k: str, text: str, start: int, first: bool = False) -> bool:
    """``k`` (an architecture of :data:`_REFERRING`) at ``start`` of a sentence names the architecture, not the
    network described before: no definite word ("the", "this", "its" ...) comes just before it, or no network was
    named before (``first``), so that there is none to refer back to ("The transformer was trained ...")."""
    return k in _REFERRING and (first or _DEFINITE_BEFORE.search(text[max(0, start - 40):start]) is None)


def _acronym_plural(word: str) -> bool:
    """An abbreviation in capitals with a plural's lower-case s (CNNs, SVMs, GANs, ViTs, CTs), or a name written
    with capitals inside it with one (ResNets, DenseNets, RetinaNets, nnFormers)."""
    if len(word) < 3 or word[-1] != "s" or not word[-2].isalpha():
        return False
    return word[-2].isupper() and sum(c.isupper() for c in word) >= 2 or _NAMEISH.fullmatch(word[:-1]) is not None


def _a_network(found: list[Mention]) -> bool:
    """Whether the mentions found name a deep network that predicts (one that a later "the transformer" may refer
    back to; a segmentation network, such as a U-Net, is not one a transformer is likely to be)."""
    return any(m.kind == "term" and m.family == "deep" and m.role == "model" and not m.negated for m in found)


@functools.cache
def _deep_family(k: str) -> bool:
    """A word that is itself the name of a family of deep networks (Inception, ResNet): its variants follow it."""
    term = vocab.lookup(k)
    return term is not None and term.family == "deep"


@functools.cache
def _spaced_terms() -> frozenset[str]:
    """The keys of the vocabulary's names written as several words ("random forest", "logistic regression")."""
    return frozenset(vocab.key(name) for name, _ in vocab.terms() if any(c.isspace() for c in name))


@functools.cache
def _prefixes() -> frozenset[str]:
    """Every prefix of every key of the index: a run of words is extended only while it can still become a name."""
    return frozenset(k[:n] for k in _index() for n in range(1, len(k) + 1))


@functools.lru_cache(maxsize=1 << 14)
def _plain(word: str, k: str) -> bool:
    """``word`` (keyed ``k``) starts no name of the vocabulary, alone or with the words after it, in the singular or
    the plural, and looks like no network's name: :func:`name_mentions` passes it by at once (the same few hundred
    words make most of every text)."""
    if k in _prefixes() or k[:-1] in _index() or _NET_NAME.fullmatch(word):
        return False
    return not (_NAMEISH.fullmatch(word) or word.upper() in ("2D", "3D", "VGG") or word[:1].isupper() and
                _deep_family(k))


# what is measured of a sequence named as a feature class ("DCE parameters", "DCE-derived kinetic features")
_MEASURED_AFTER = re.compile(r"\)?[\s-]*(?:(?:derived|based|MRI|MR|curve|kinetic|semi-?quantitative|quantitative)[\s-]+)?"
                             r"(?:features?|parameters?|curves?|kinetics?|metrics?|descriptors?|variables?|"
                             r"measures?|measurements?|values?|maps?)\b", re.I)


def name_mentions(text: str, offset: int, tokens: list[_Token], sentence: int,
                  first: bool = True) -> tuple[list[Mention], list[_Token]]:
    """Vocabulary names in a sentence, longest first, not overlapping; and the tokens that look like a method's
    name the vocabulary does not know (``FooNet``). ``first``: no network was named in the sentences before (nor,
    as it is read, earlier in this one)."""
    index = _index()
    prefixes = _prefixes()
    out: list[Mention] = []
    unknown: list[_Token] = []
    i = 0
    n_tokens = len(tokens)
    while i < n_tokens:
        if _plain(tokens[i].text, tokens[i].key):
            i += 1  # most words: no name starts with them, and they look like no network's name
            continue
        hit = None
        # the runs of words joined only by separators that are (or may become) keys of the vocabulary
        keys = [tokens[i].key]
        nameish = _NAMEISH.fullmatch(tokens[i].text) is not None or tokens[i].text.upper() in ("2D", "3D", "VGG") \
            or tokens[i].text[:1].isupper() and _deep_family(tokens[i].key)  # "Inception-ResNet-v2": one name
        j = i + 1
        while j < min(i + MAX_WORDS, n_tokens) and (keys[-1] in prefixes or nameish and j - i < 3) and \
                _JOIN.fullmatch(text, tokens[j - 1].end - offset, tokens[j].start - offset):
            keys.append(keys[-1] + tokens[j].key)
            j += 1
        for n in range(len(keys), 0, -1):
            k = keys[n - 1]
            entries = index.get(k)
            last = tokens[i + n - 1].text
            if entries is None and k.endswith("s") and (len(k) > 4 and last[1:].islower() or _acronym_plural(last)):
                # plurals: radiographs, mammograms, support vector machines; of abbreviations: CNNs, SVMs, ViTs
                entries = index.get(k[:-1])
                if entries is not None and not _allowed(k[:-1], " ".join(t.text for t in tokens[i:i + n])[:-1]) \
                        and not _named_anew(k[:-1], text, tokens[i].start - offset, first):
                    entries = None  # "clips" is no more the CLIP model than "clip" is
                if entries is not None:
                    k = k[:-1]  # read as its singular is
            if entries is not None and n > 1 and k not in _spaced_terms() and all(
                    t.text.islower() for t in tokens[i:i + n]) and all(
                    text[a.end - offset:b.start - offset].isspace() for a, b in zip(tokens[i:i + n - 1],
                                                                                   tokens[i + 1:i + n])):
                # ordinary lower-case words apart ("lung masks") are not a name spelt as one word (lungmask)
                entries = tuple(e for e in entries if e[0] != "term") or None
            if entries is not None and n == 1 and len(k) <= 3 and _CODED.match(text, tokens[i].end - offset):
                entries = None  # "LR-5", "US-2": a category or a code numbered after the letters, not the name
            if entries is not None and (_allowed(k, " ".join(t.text for t in tokens[i:i + n]))
                                        or _named_anew(k, text, tokens[i].start - offset, first)):
                hit = (n, entries)
                break
            if n <= 3 and nameish and k not in _AMBIGUOUS:
                term = _variant(tokens, i, n, text, offset)
                if term is not None:
                    # a numbered variant keeps its spelling (ResNet-50): the family's name would lose the depth
                    spelled = _HYPHENS.sub("-", text[tokens[i].start - offset:tokens[i + n - 1].end - offset])
                    if vocab.lookup(spelled) is None:
                        spelled = spelled[:-1]  # a plural (ResNets): the name is the singular's
                    hit = (n, (("term", spelled, term.family, term.role),))
                    break
        if hit is None:
            tok = tokens[i]
            if _NET_NAME.fullmatch(tok.text) and tok.text.lower() not in _AMBIGUOUS and not _A_DATA_SET.search(
                    tok.text) and not _TRAINED_ON.search(text, 0, tok.start - offset) and not _DATA_AFTER.match(
                    text, tok.end - offset):
                # "SpineNet", "KneeNet": a name built as a network's is one, of an architecture pipespec does not
                # know (the check then asks for its family: Condition #5 stays at review)
                out.append(Mention("term", tok.text, tok.start, tok.end, sentence, family="deep", role="model"))
                first = False
            elif nameish and _NETWORKISH.search(tok.text) and len(tok.text) >= 4:
                unknown.append(tok)
            i += 1
            continue
        n, entries = hit
        start, end = tokens[i].start, tokens[i + n - 1].end
        if len(entries) > 1 and any(e[0] == "modality" for e in entries) and not _MEASURED_AFTER.match(
                text, end - offset):
            # a sequence named in a protocol ("DWI, ADC map and DCE imaging") is the images, not their features:
            # the feature class it may also name is read only before what is measured of it ("DCE parameters")
            entries = tuple(e for e in entries if e[0] != "feature_class")
        for kind, value, family, role in entries:
            out.append(Mention(kind, value, start, end, sentence, family=family, role=role))
            if kind == "term" and family == "deep" and role == "model":
                first = False  # a network named: a later "the transformer" refers back to it
        i += n
    if len(out) > 1:
        out = _with_backbone(text, offset, out)
    return out, unknown


# ------------------------------------------------------------------------------------------- cue phrases
_N = r"(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|single|both)"
NUMBERS = {"one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "both": 2, "three": 3, "four": 4, "five": 5,
           "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


def number(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word) if len(word) <= 9 else None
    return NUMBERS.get(word)


# what a network learns is called radiomics too ("deep learning radiomics", "DL-radiomics"): not computed features
_NOT_DEEP = r"(?<!deep learning )(?<!deep-learning )(?<!deep )(?<!deep-)(?<!DL )(?<!DL-)"


# what is drawn that outlines no region: a plot, a curve, a sample, a conclusion ("We drew the calibration curves",
# "we then drew 1,000 bootstrap samples", "we drew conclusions"), cases picked ("a radiologist drew 50 cases at random
# from the archive", as the passive "were drawn at random" already is) or a list made ("the examiners drew up a list")
# DICOM's "VOI LUT" (value of interest look-up table) is the display window applied to the pixel values, no region
_VOI_LUT = r"[- ]?(?:LUTs?|look-?up)\b"
_NOT_DRAWN = (r"(?!\s+(?:(?:the|a|an|our|all|both|several|\d[\d,]*)\s+)?(?:[\w-]+\s+){0,2}?(?:curves?|plots?|charts?|"
              r"graphs?|diagrams?|nomograms?|histograms?|samples?|conclusions?|inferences?|maps?|figures?|grids?|blood|"
              r"attention|comparisons?|parallels?|distinctions?|lots)\b|\s+up\b(?!\s+to\b)"
              r"|\s+(?:(?:the|a|an|all|\d[\d,]*)\s+)?(?:(?:further|additional|consecutive|more|other|eligible)\s+)?"
              r"(?:cases|patients|subjects|participants|scans|images|studies|examinations|exams)\s+"
              r"(?:at\s+random|randomly|from)\b)")


# what readers rate by eye beside a lesion's contour
_DESCRIPTORS = (r"(?:shape|margins?|size|homogeneity|heterogeneity|calcifications?|enhancement|necrosis|lobulation|"
                r"spiculation|echogenicity|attenuation|borders?|orientation)\b")


# a contour rated by eye, as a lesion's shape is ("contour (smooth or lobulated)", "contour: regular or irregular",
# "the contour was smooth"): a semantic feature, not a line drawn round the lesion
_RATED_SHAPE = (r"(?!\s*(?:\(|:|,|was\s+|were\s+|as\s+)?\s*(?:smooth|lobulated|irregular|regular|spiculated|"
                r"well[- ]defined|ill[- ]defined|round|oval|sharp|blurred)\b)"
                # the contour listed among other things a reader rates ("contour, shape, margin with the fat", "size,
                # shape and contour"): one more descriptor, not a line drawn round the lesion
                r"(?!\s*(?:,|/|and\b|or\b)\s*(?:the\s+)?" + _DESCRIPTORS + r")")
_RATED_BEFORE = "".join(f"(?<!{w}, )(?<!{w} and )(?<!{w}/)" for w in ("shape", "size", "margin", "margins", "morphology"))


# the study's own people as the subject of what the study did: "we", or as some journals' house styles and
# impersonal writers put it, "the authors", "our group", "our team" ("The authors compare against a radiomics baseline"
# says what "We compare against a radiomics baseline" does)
WE = r"(?:we|the\s+authors|our\s+(?:group|team))"


# the people of other specialties who read, draw on or rate images as radiologists do (an endoscopist drawing a box
# round a polyp, a sonographer or examiner recording descriptors, a grader tracing retinal layers), as literal words:
# a pattern that starts with them is still dispatched by its first word
_PEOPLE = (r"endoscopists?|colonoscopists?|gastroenterologists?|dermatologists?|ophthalmologists?|dentists?|"
           r"orthodontists?|periodontists?|endodontists?|optometrists?|examiners?|graders?|urologists?|"
           r"gyn(?:a)?ecologists?|cardiologists?|neurologists?|hepatologists?|pulmonologists?")


CUES: dict[str, str] = {
    # delineation
    # ("segments" the verb, not the noun: before what it segments, or after its adverb or its subject's pronoun: "the
    # software automatically segments skeletal muscle", "which segments muscle", not "the liver segments"; and the
    # bare word only as a verb, after "to", a modal, a pronoun, an adverb or "and"/"or" ("to segment the liver",
    # "detect and segment", "manually segment"), or before what it segments: "per coronary segment", "an 18-segment
    # model", "each affected segment was labelled" name a part of an organ; 3D Slicer's Segment Editor delineates)
    # (the bare verb after the word that makes it one, checked behind it: a pattern that starts with a look-behind
    # cannot be dispatched by its first word, and was tried at every character of every sentence)
    "segment": r"\b(?:(?:re-?)?segment(?:ed|ing|ation|ations)|re-?segment(?!\w|-)|segment(?!\w|-)(?:(?<=\bto segment)|"
               r"(?<=\band segment)|(?<=\bor segment)|(?<=\bwe segment)|(?<=\bthey segment)|(?<=\bcan segment)|"
               r"(?<=\bcould segment)|(?<=\bwill segment)|(?<=\bwould segment)|(?<=\bmay segment)|(?<=\bmust segment)|"
               r"(?<=\bshould segment)|(?<=\w\w\wly segment))|segments?(?=\s+(?:the|each|all|every|both)\b)|Segment\s+Editor\b|"
               r"segments(?:(?<=automatically segments)|(?<=which segments)|(?<=that segments)|(?<=it segments))|delineat\w*|" + _RATED_BEFORE + r"contour(?:ed|ing|s)?(?!\w)" + _RATED_SHAPE + r"|outlin(?:ed|ing)"
               # (not a plot, a curve, a sample or blood: "a calibration plot was drawn", "samples were drawn")
               r"|(?<!curve )(?<!curves )(?<!plot )(?<!plots )(?<!chart )(?<!charts )(?<!graph )(?<!graphs )(?<!diagram )(?<!diagrams )(?<!nomogram )(?<!nomograms )(?<!histogram )(?<!histograms )(?<!line )(?<!lines )(?<!sample )(?<!samples )(?<!blood )(?<!conclusions )(?<!conclusion )(?<!lots )(?<!map )(?<!maps )(?<!figure )(?<!figures )(?<!grid )(?<!inference )(?<!inferences )"
               # (nor people sampled: "participants were drawn from the clinic's register")
               r"(?<!patients )(?<!participants )(?<!subjects )(?<!cases )(?<!controls )(?<!individuals )"
               r"(?:were|was|are|is|(?:had|has|have)\s+been) drawn(?!\s+(?:at\s+random|randomly|from\s+(?:the\s+|a\s+|an\s+|our\s+)?(?:[\w-]+\s+){0,3}?"
               r"(?:databases?|datasets?|archives?|registr(?:y|ies)|registers?|records?|cohorts?|populations?|repositor(?:y|ies)|"
               r"collections?|biobanks?|trials?|stud(?:y|ies)|pools?)\b))|GTVs?|trac(?:ed|ing)"
               r"|annotat(?:ed|ing|ions?)|(?:manually|semi-?automatically|automatically)\s+drawn|(?:ROI|VOI)s?\s+"
               r"(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:drawn|placed|defined)|drew" + _NOT_DRAWN + r"|draw(?:n|ing)?\s+(?:\w+\s+){0,3}?(?:ROI|VOI|region|"
               r"volume|contour|border|outline)s?|regions? of interest|volumes? of interest|\b(?:ROI|VOI)s?\b(?!" + _VOI_LUT + ")"
               # (a sampling pattern of k-space is no region: "undersampled with a Cartesian mask")
               r"|bounding[- ]box(?:es)?|(?<!sampling )(?<!Cartesian )(?<!Poisson )(?<!Poisson-disc )(?<!radial )"
               r"(?<!k-space )(?<!kspace )(?<!variable-density )(?<!acceleration )(?<!spiral )masks?"
               # an organ taken out of the image ("the lungs were extracted with a threshold-based method")
               r"|(?:lungs?|liver|brain|kidneys?|organs?|prostate|heart|pancreas|spleen|breasts?)\s+(?:\w+\s+)?(?:were|was|are|is|(?:had|has|have)\s+been)"
               r"\s+(?:first\s+)?(?:extracted|isolated|masked)"
               # a region told apart from the tissue round it ("the plaque was separated from the surrounding skin",
               # "the lesion was isolated from the adjacent parenchyma"; not the body from the image's background)
               r"|(?:separated|isolated|delimited|demarcated)\s+from\s+(?:the\s+)?(?:surrounding|adjacent|"
               r"neighbou?ring|normal|healthy|perilesional|peritumou?ral)\b"
               # (not a specimen parted in the laboratory: "DNA was isolated from the adjacent normal tissue samples",
               # "cells were separated from the surrounding medium by centrifugation")
               r"(?![^.;]{0,60}?\b(?:samples?|specimens?|medium|media|centrifug\w*|cultures?|lysates?|biopsies|"
               r"blood|plasma|serum)\b)"
               # a region obtained by a segmentation algorithm ("volume obtained with a 41% SUVmax threshold")
               # region growing fills in a region from a seed: a delineation however it is said ("grown by a
               # region-growing algorithm")
               r"|region[- ]growing"
               # the region an analysis covers, bounded by the structures it leaves out ("The analysis covered the
               # right lobe parenchyma on three slices, excluding large vessels"): a region drawn, no word for it said
               r"|(?:analys[ie]s|measurements?)\s+(?:was\s+|were\s+|is\s+|are\s+)?(?:covered|encompassed|(?:confined|restricted|"
               r"limited)\s+to)(?=[^.;]{0,200}?\b(?:excluding|avoiding|sparing)\s+(?:the\s+|any\s+)?(?:[\w-]+\s+)?"
               r"(?:vessels?|vasculature|vascular\s+structures|bile\s+ducts|airways|bronchi|calcifications?|necrosis|"
               r"necrotic\s+(?:areas|parts|portions)|cysts?|cystic\s+(?:areas|parts|portions))\b)"
               r"|(?:obtained|defined|derived|generated|isolated|determined)\s+(?:with|using|by|via|through)\s+(?:a\s+|an\s+"
               r"|the\s+)?(?:[\w%-]+\s+){0,3}?(?:threshold(?:ing)?|region[- ]growing|watershed|level[- ]sets?|"
               r"graph[- ]cuts?))\b",
    "bbox": r"\bbounding[- ]box(?:es)?\b|\b(?:these|the|drawn|readers?'?|radiologists?'?) boxes\b"
            # a box-shaped region placed on the image ("a cubic region containing the whole tumour")
            r"|\b(?:cubic|cuboid|rectangular|square|box-shaped)\s+(?:regions?|boxe?s?|volumes?|ROIs?|VOIs?)\b"
            # a rectangle a reader draws around the finding ("drew a rectangle tightly around the tumour")
            r"|\b(?:drew|drawn|draw(?:ing)?|plac(?:ed|ing))\s+(?:(?:a|an|the|one)\s+)?(?:[\w-]+\s+)?rectangles?\b"
            r"|\brectangles?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:manually\s+)?(?:drawn|placed)\b"
            # a box a person places on the image ("a fixed-size sampling box (Q-Box) that the sonographer placed in the
            # parenchyma", "the operator positioned a measurement box")
            r"|\bbox(?:es)?\s*(?:\([^()]{0,40}\)\s*)?,?\s+(?:that|which)\s+(?:the\s+|a\s+|an\s+|one\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:placed|drew|positioned)\b|\b(?:placed|drew|positioned)\s+(?:(?:a|an|the|one)\s+)?(?:[\w-]+\s+){0,2}?"
            r"box(?:es)?\b"
            # ... or said in the passive ("a circular Q-Box of 2 mm diameter was placed by the operator over the
            # stiffest part", "measurement boxes were positioned manually")
            r"|\bbox(?:es)?\s*(?:\([^()]{0,40}\)\s*)?(?:of\s+[^.;,()]{1,30}?\s+)?(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:then\s+|manually\s+)?"
            r"(?:placed|drawn|positioned)\b"
            # the finding itself said to be boxed ("the primary tumour was boxed by a physician on the fused images")
            r"|\b(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:manually\s+|tightly\s+)?boxed\b",
    # what a network is given is a crop of the image ("trained on the cropped tumour volumes", "these patches")
    "crops": r"\b(?:crops|cropped\s+(?:[\w-]+\s+){0,2}?(?:images?|volumes?|regions?|patches|ROIs?|VOIs?|cubes?|"
             r"slices?)|(?:these|the|such)\s+(?:[\w-]+\s+)?(?:patches|cubes|crops))\b",
    "roi_crop": r"\b(?:lesion|tumou?r|nodule|ROI|VOI|organ)[- ]cent(?:red|ered)\b|"
                # the region named first, then cropped ("Each nodule was cropped manually by a sonographer", "the
                # tumour regions were cropped")
                r"\b(?:lesions?|tumou?rs?|nodules?|mass(?:es)?|ROIs?|VOIs?)\s+(?:(?:regions?|areas?|patches)\s+)?"
                r"(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:\w+\s+)?cropped\b|"
                # a crop named by what it holds ("the cropped tumour regions", "tumour-containing patches")
                r"\bcropped\s+(?:[\w-]+\s+)?(?:tumou?r|lesion|nodule|mass|ROI|VOI)\s+(?:regions?|volumes?|patches|images?|"
                r"areas?|cubes?)\b|\b(?:tumou?r|lesion|nodule)[- ]containing\s+(?:crops?|patches|regions?|cubes?)\b|"
                # a crop placed at a point ("the coordinates ... were used to centre a 64-mm crop")
                r"\bcent(?:re|er)(?:d)?\s+(?:a|the|each)\s+(?:[\w-]+\s+){0,2}?(?:crops?|patch(?:es)?|cubes?|boxes|box)\b|\b(?:patch(?:es)?|"
                r"cubes?|crops?)\s+(?:[\w×-]+\s+){0,5}?(?:cut\s+|cropped\s+|extracted\s+)?around\b|"
                r"\b(?:crop(?:ped|ping)?|cut)\s+(?:\w+\s+){0,8}?(?:around|to|centred on|centered on|containing)\s+(?:\w+\s+)"
                r"{0,3}?(?:ROI|VOI|tumou?rs?|lesions?|nodules?|masses|mass|regions? of interest|bounding box|"
                r"segmentations?|masks?|lungs?|prostate|liver|kidneys?|organs?|gland|(?:seed|centre|center|click|central)\s+"
                r"points?|centroids?)\b"
                # a crop placed on a point ("a 64-mm cube centred on the mark", "patches centred on each nodule")
                r"|\b(?:patch(?:es)?|cubes?|crops?|boxe?s?|volumes?|regions?)\s+(?:[\w×-]+\s+){0,6}?cent(?:red|ered)\s+"
                r"(?:on|at|around)\s+(?:the\s+|each\s+|this\s+|that\s+)?(?:[\w-]+\s+)?(?:marks?|clicks?|points?|seeds?|"
                r"centres?|centers?|centroids?|locations?|coordinates|tumou?rs?|lesions?|nodules?|mass(?:es)?)\b",
    "random_crop": r"\brandom(?:ly)?\s+(?:\w+\s+)?crop\w*",
    # a crop at a place fixed in advance (not around a delineated region): a geometric step, not a delineation
    "fixed_crop": r"\b(?:cent(?:re|er|ral)(?:ed)?\s+crop\w*|crop\w*\s+(?:\w+\s+){0,8}?(?:using|with|by|to|at)\s+"
                  r"(?:a\s+|the\s+)?(?:fixed|constant|predefined|pre-defined|standard)\s+(?:[\w×-]+\s+){0,4}?"
                  r"(?:window|region|box|position|frame|rectangle|field of view|size)"
                  # the part of the frame that holds the image ("cropped to the ultrasound sector")
                  r"|crop\w*\s+(?:\w+\s+){0,3}?to\s+(?:the\s+)?(?:[\w-]+\s+)?(?:sector|fan|field of view|scan(?:ning)? area|"
                  r"image area|imaging area|display area|active area))\b",
    "manual": r"\bmanual(?:ly)?\b|\bby hand\b|\bhand-?drawn\b|\bslice[- ]by[- ]slice\b|\bfree-?hand\b",
    # (and the seeded tools a person starts: "the GrowCut algorithm", "the Grow from Seeds effect of 3D Slicer")
    "semi": r"\bsemi-?\s?automat\w*|\bsemi-?automatic\w*|\binteractive(?:ly)?\b|\bseed points?\b|\bgrow-?cut\b"
            r"|\bgrow(?:ing)?[- ]from[- ]seeds?\b|\bseeded\s+region[- ]growing\b",
    # an algorithm that fills in a region (a threshold, region growing): automatic by itself, semi-automatic when a
    # person places, bounds or checks it
    "seg_algorithm": r"\bregion[- ]growing\b|\bthreshold(?:ing|-based)\b|\b(?:SUV(?:max|peak)?|HU|intensity|\d+\s?%)"
                     r"\s+(?:\w+\s+)?threshold\b"
                     # the threshold's value said after it ("a threshold of 40% of SUVmax", "thresholded at 2.5 SUV",
                     # "a threshold set at -950 HU"), or an isocontour of the maximum ("the 41% isocontour")
                     r"|\bthreshold(?:ed)?\s+(?:(?:was\s+|were\s+|is\s+|are\s+)?set\s+)?(?:of|at|to)\s+[-\u2212]?\d+(?:\.\d+)?\s?"
                     r"(?:%|HU\b|SUV)|\biso-?contours?\b"
                     # the voxels a threshold keeps ("voxels above 200 HU were thresholded")
                     r"|\b(?:voxels|pixels)\s+(?:[^.;]{0,40}?\s)?(?:were|was|are|is|(?:had|has|have)\s+been)\s+thresholded\b",
    "auto": r"(?<!semi-)(?<!semi)\b(?:fully[- ])?automat(?:ic|ically|ed)\b",
    # a person as the agent of a step ("contoured by the treating radiation oncologist")
    "human_agent": r"\bby (?:(?:the|a|an|one|two|three|four|\d+|each|experienced|senior|junior|board-certified|"
                   r"treating|local|expert|independent|trained|attending)\s+)*(?:[\w-]+\s+){0,2}?(?:"
                   # (any specialist: a neuroradiologist, a cardiologist, a hepatologist)
                   r"[a-z]*ologists?|physicians?|readers?|experts?|clinicians?|surgeons?|pathologists?|sonographers?|"
                   r"technologists?|radiographers?|annotators?|residents?|dosimetrists?|observers?|raters?|analysts?|"
                   r"operators?|technicians?|investigators?|students?|authors?|co-authors?|trainees?|fellows?|nurses?|"
                   r"specialists?|doctors?|consultants?)\b"
                   # a person who draws, said as the subject ("the nuclear medicine physician (6 years of
                   # experience) drew a box around the lesion", "the radiologist outlined each nodule")
                   r"|\b(?:the|each|this|that)\s+(?:[\w-]+\s+){0,3}?(?:radiologists?|physicians?|readers?|oncologists?|"
                   r"annotators?|observers?|operators?|experts?|sonographers?|dosimetrists?|" + _PEOPLE + r")\s+(?:\([^)]{0,80}\)\s+)?"
                   r"(?:manually\s+)?(?:drew|draws|placed|places|positioned|positions|outlined|outlines|delineated|delineates|contoured|"
                   r"contours|traced|traces|segmented|segments|annotated|annotates)\b"
                   # any person named as the subject of a drawing verb, numbered or not, after an aside ("Reader 1
                   # (J.S.) outlined", "one of the authors (8 years of experience) contoured", "a medical student,
                   # supervised by a senior radiologist, traced", "a radiographer performed the segmentation")
                   r"|\b(?:radiologists?|physicians?|readers?|oncologists?|annotators?|observers?|raters?|operators?|"
                   r"experts?|sonographers?|dosimetrists?|residents?|students?|authors?|technologists?|technicians?|"
                   r"radiographers?|trainees?|fellows?|nurses?|surgeons?|clinicians?|specialists?|" + _PEOPLE +
                   r")(?:\s+(?:\d|[A-D])\b)?"
                   r"(?:\s*\([^()]{0,80}\)|\s*,[^,.;()]{1,80},|\s+with\s+(?:[\w-]+\s+){1,6}?experience(?:\s+in\s+"
                   r"(?:[\w-]+\s+){0,3}?[\w-]+)?,?)?\s+(?:(?:manually|independently|then|carefully|also|jointly|"
                   r"first)\s+)?"
                   # (after the look at the images that comes first: "An endoscopist reviewed every image and drew a
                   # rectangle around the lesion")
                   r"(?:(?:reviewed|reviews|examined|examines|inspected|inspects|viewed|views|read|opened|opens|"
                   r"assessed|assesses)\s+(?:[\w-]+\s+){0,4}?and\s+(?:(?:manually|then)\s+)?)?"
                   r"(?:drew|draws|placed|places|outlined|outlines|delineated|delineates|contoured|contours|"
                   r"traced|traces|segmented|segments|annotated|annotates|performed\s+(?:the\s+|all\s+)?(?:[\w-]+\s+)?"
                   r"(?:segmentations?|delineations?|contouring|outlining))\b"
                   # the authors as the subject of a drawing verb ("We contoured the tumours on every slice")
                   r"|\b" + WE + r"\s+(?:(?:then|first|also|carefully|independently|jointly)\s+)?(?:drew|outlined|delineated|"
                   r"contoured|traced)\b" + _NOT_DRAWN +
                   r"|\b(?:radiologists?|readers?|physicians?|experts?|oncologists?|annotators?|sonographers?)['\u2019]s?"
                   r"\s+(?:[\w-]+\s+){0,2}?(?:bounding box(?:es)?|box(?:es)?|contours?|masks?|segmentations?|outlines?|"
                   r"delineations?|annotations?|ROIs?|VOIs?)\b",
    "prompt": r"\b(?:box |point |click )?prompts?\b|\bprompted\b|\bclick(?:ed|s|ing)?\b|\bseed points?\b",
    "correct": r"\b(?:correct(?:ed|ions?|ing)?|adjust(?:ed|ments?)|refin(?:ed|ements?)|edit(?:ed|ing)|"
               r"revis(?:ed|ions?)|modifi(?:ed|cations?)|verifi(?:ed|cation)|check(?:ed)?|review(?:ed)?|"
               r"confirm(?:ed)?|approv(?:ed|al))\b",
    "subset": r"\b(?:where|when|if|as)\s+(?:necessary|needed|required|appropriate)\b|\ba subset\b|\bsome cases\b"
              # a correction made in a counted few cases ("in 38 scans with leakage")
              r"|\bin (?:\d+|a few|several|some|the|those) (?:\w+\s+){0,2}?(?:scans|cases|examinations|images|volumes|"
              r"segmentations|masks|contours) (?:\(\d+(?:\.\d+)?\s?%\)\s+)?(?:with|where|in which|that|showing)\b"
              r"|\bfailed cases\b|\bselected cases\b"
              # a count of the cases changed ("edited the masks in 12 cases", "corrected 34 of 210 masks")
              r"|\b(?:edit|correct|modifi|adjust|refin|redr[ae]w)\w*\s+(?:[\w-]+\s+){0,4}?(?:in\s+\d+\s+(?:\(\d+(?:\.\d+)?\s?%\)"
              r"\s+)?(?:of\s+(?:the\s+)?\d+\s+)?|\d+\s+(?:\(\d+(?:\.\d+)?\s?%\)\s+)?of\s+(?:the\s+)?\d+\s+)(?:cases|scans|"
              r"patients|examinations|masks|segmentations|contours|images)\b",
    # (no other count between the count and the readers: "a box drawn by two radiologists" counts two)
    "readers": _N + r"[\s-]+(?:(?!(?:\d+|two|three|four|five|six|seven|eight|nine|ten|both)\b)\w+[\s-]+){0,4}?"
                    r"(?:[a-z]*ologists?|readers?|observers?|physicians?|experts?|"  # (any specialist)
                    r"clinicians?|raters?|annotators?|residents?|sonographers?|"
                    r"radiation oncologists?|nuclear medicine physicians?|specialists?|doctors?|technologists?|"
                    r"authors?|students?|trainees?|fellows?|technicians?|radiographers?|" + _PEOPLE + r")\b",
    "inter": r"\binter-?\s?(?:observer|reader|rater)\b",
    "intra": r"\bintra-?\s?(?:observer|reader|rater)\b",
    "retest": r"\btest-?\s?retest\b|\brepeat(?:ed)? scans?\b",
    "icc": r"\bICCs?\b|\bintra-?class correlation\b|\bconcordance correlation\b|\bCCC\b",
    "keep": r"\b(?:retain\w*|kept|keep|remov\w*|exclud\w*|discard\w*|eliminat\w*|filter\w*|select\w*|"
            r"robust|stable|reproducible|included for|remain\w*\s+significant|(?:the\s+)?significant\s+(?:ones|features|"
            r"variables|parameters|predictors))\b",
    # extraction
    "extract": r"\b(?:extract\w*|comput(?:e|ed|ing)|calculat(?:e|ed|ing)|deriv(?:e|ed|ing)|obtain(?:ed)?|"
               r"generat(?:ed|ing)|quantif\w+|(?:taken|drawn|pulled)(?=\s+from\b))\b",
    # ("deep learning radiomics", "DL radiomics": features a network learns, not computed ones)
    "radiomic": r"\b(?:" + _NOT_DEEP + r"radiomics?|texture|textural|hand-?crafted|handcrafted|engineered|"
                r"first-?order|shape(?:-based)?|morpholog\w+|histogram|intensity|statistical|gray[- ]level|"
                r"grey[- ]level|wavelet|Laplacian)\s+(?:[\w-]+\s+){0,2}?(?:features?|parameters?|descriptors?|"
                r"signatures?)\b|\b" + _NOT_DEEP + r"radiomics?\b"
                # an analysis named by the class of features it computes ("texture analysis of the tumours")
                r"|\b(?:texture|textural|histogram|fractal)\s+analys[ie]s(?=\s+(?:was\s+performed\s+)?(?:of|on|in|within)\b)",
    # features readers rate on the images ("semantic features", "margins scored by two radiologists")
    "semantic": r"\b(?:semantic|qualitative|reader-?rated|radiologist-?rated|visual(?:ly assessed)?)\s+(?:[\w-]+\s+)?"
                r"(?:features?|descriptors?|characteristics|signs)\b|"
                # the image findings a study calls conventional, beside its computed ones ("clinical and conventional
                # CT variables (nodule type, consolidation-to-tumour ratio, diameter)"): what readers assess or measure
                r"\b(?:conventional|subjective)\s+(?:CT|MRI|MR|PET|ultrasound|sonographic|imaging|radiologic(?:al)?)\s+"
                r"(?:variables|features|characteristics|findings|signs)\b|"
                # a variable said in brackets to be read off the images by a reader ("depth (superficial or deep to
                # fascia, read by the radiologist)"): a finding the reader rates, as semantic features are
                r"\((?:[^()]{0,80}?,\s*)?(?:read|rated|assessed|scored|graded|judged)\s+(?:on\s+(?:the\s+)?[\w-]+\s+)?"
                r"by\s+(?:the\s+|a\s+|an\s+|one\s+|two\s+|both\s+)?(?:[\w-]+\s+)?(?:radiologists?|readers?)\s*\)|"
                # the descriptors of an imaging examination, named by its modality: what readers assign on a reporting
                # system's terms ("the ten ultrasound descriptors listed above", "the CT descriptors"), where computed
                # ones are named by what they describe ("texture descriptors", "shape descriptors")
                r"\b(?:ultrasound|sonographic|US|CT|MRI|MR|mammographic|endoscopic|dermoscopic|imaging|radiologic(?:al)?)\s+"
                r"descriptors\b|\b(?:features?|descriptors?|characteristics|margins?|shape|"
                r"echogenicity|enhancement|calcifications?|signs)\b[^.;]{0,80}?\b(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:visually\s+)?(?:rated|"
                r"scored|graded|assessed|recorded|evaluated)\s+(?:[\w-]+\s+){0,4}?by\s+(?:[\w-]+\s+){0,3}?(?:neuro)?"
                r"(?:radiologists?|readers?|observers?)\b|\b(?:radiologists?|readers?|observers?),?\s+(?:who\s+)?(?:"
                r"independently\s+)?(?:rated|scored|graded|recorded)\s+(?:[\w-]+\s+){0,4}?(?:features?|descriptors?)\b"
                # readers rating findings on the images ("two radiologists independently rated the presence of
                # necrosis, calcification and a capsule")
                r"|\b(?:radiologists?|readers?|observers?),?\s+(?:who\s+)?(?:independently\s+)?(?:rated|scored|graded)\s+"
                r"the\s+(?:presence|absence|degree|extent)\s+of\b(?!\s+(?:[\w-]+\s+){0,2}?(?:artefacts?|artifacts?|"
                r"noise)\b)"
                # (not the outcome they rate as the study's labels: "rated the presence of recurrence on follow-up MRI
                # as the reference standard")
                r"(?![^.;]{0,200}?\b(?:reference\s+standard|gold\s+standard|ground[- ]truth|outcome\s+labels?)\b)"
                # the readers named first, what they record at the end of a long clause ("Two chest radiologists (...)
                # independently reviewed every nodule ..., and recorded the following CT descriptors"), where nothing
                # between says they delineate or that software computes
                # (not what they note of the image's quality or of the patient: "recorded the clinical features of each
                # patient", "reviewed all scans for image quality and noted the technical features")
                r"|\b(?:radiologists?|readers?|observers?)\b(?:(?!segment|delineat|contour|outlin|software|extract|"
                r"comput|calculat|quality|medical record|chart)[^.;]){0,200}?\b(?:rated|scored|graded|recorded|assessed|"
                r"evaluated|documented|noted)\s+(?:the\s+following\s+)?(?:(?!radiomic|texture|deep|quantitative|computed|"
                r"clinical|demographic|technical|acquisition|laboratory|patholog|histolog|patient)[\w-]+\s+){0,2}?"
                r"(?:features|descriptors)\b"
                # readers (or "they", the readers of the sentence before) listing what they rate by eye, no word for
                # features said ("For each tumour they recorded: maximum diameter; contour (smooth or lobulated);
                # margin; presence of calcification")
                # (their experience in brackets and a few words between them and the verb: "Two radiologists (R1, 9
                # years; R2, 4 years) blinded to pathology independently scored each tumour according to a predefined
                # form: contour, shape, margin ...")
                r"|\b(?:radiologists?|readers?|observers?|they)\b(?:\s*\([^().]{0,60}\))?,?\s+(?:(?!segment|delineat|"
                r"contour|outlin|dr[ae]w)[\w-]+,?\s+){0,4}?(?:(?:also|independently|then|each|both)\s+)?"
                r"(?:rated|scored|graded|recorded|assessed|evaluated|documented|noted)\b\s*:?(?:(?!segment|delineat|"
                r"software|extract|comput|calculat|quality|medical record|chart|outlin|dr[ae]w)[^.]){0,100}?\b(?:"
                r"contours?\s*[(,]|"
                r"margins?|shape|spiculation|lobulation|(?:presence|absence)\s+of(?!\s+(?:[\w-]+\s+){0,2}?(?:artefacts?|"
                r"artifacts?|noise)\b)|calcifications?|necrosis|capsule|"
                r"echogenicity|enhancement\s+pattern|heterogeneity|homogeneity)\b(?![^.;]{0,100}?\b(?:reference\s+"
                r"standard|ground[- ]truth|gold\s+standard|as\s+the\s+reference)\b)",  # (not the outcome read as the reference)
    "ibsi": r"\bIBSI\b|\bImage Biomarker Standardi[sz]ation Initiative\b",
    "discretize": r"\b(?:discreti[sz]\w*|bin[- ]?width|bin[- ]?count|fixed bin|number of bins|grey[- ]level "
                  r"quanti[sz]\w+|gray[- ]level quanti[sz]\w+|binned|binning)\b",
    "features": r"\bfeatures?\b",
    # quantities measured on a delineated region (conventional quantitative imaging features)
    "measure": r"\b(?:(?:total\s+)?metabolic tumou?r volumes?|T?MTV|TLG|total lesion glycolysis|SUV(?:max|mean|peak)|"
               r"(?:maximum|mean|peak)\s+standardi[sz]ed\s+uptake\s+values?|"
               r"Dmax|(?:mean|median|maximum|minimum|average)\s+(?:attenuation|density|intensity|signal intensity|ADC|"
               # (the tissue's stiffness an elastography box reads: "the maximum and mean elasticity (Emax, Emean)")
               r"elasticity|stiffness|shear[- ]wave\s+(?:velocity|speed)|"
               r"apparent diffusion coefficients?|"
               r"HU|Hounsfield units?)|ejection fractions?|(?!(?:per|each|every)\s)[\w-]+\s+volumes?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:then\s+)?(?:obtained|measured|"
               r"computed|quantified|calculated|derived|estimated|entered|fed|taken|recorded)|"
               # (each volume of a list said to be measured: "Core volume, hypoperfusion volume and mismatch ratio
               # were taken from the report")
               # (not the images: "CT volumes, reports and clinical data were obtained")
               r"(?!(?:per|each|every|CT|MRI?|PET|SPECT|image|imaging|scan|input|training|test|validation|"
               r"whole|entire|3D|raw)\s)[\w-]+\s+volumes?(?=(?:(?:\s*,\s*|\s+and\s+|,\s+and\s+)(?:[\w-]+\s+){0,2}?"
               r"[\w-]+){1,4}?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:then\s+)?(?:obtained|measured|computed|quantified|calculated|"
               r"derived|estimated|entered|fed|taken|recorded)\b)|(?:ventricular|chamber|end-?diastolic|end-?systolic)\s+"
               r"volumes?|(?:tumou?r|lesion|organ|liver|spleen|muscle|nodule|fat|plaque|lung|vertebral|vertebra|bone|"
               r"trabecular)\s+"
               r"(?:volumes?|diameters?|areas?|attenuation|density)"
               # quantities software or readers measure on the images ("percentage emphysema", "ADC values", "the
               # skeletal muscle index", "liver fat fraction", "native T1 times")
               r"|ADC values?|apparent diffusion coefficient values?|(?:percentage|percent|extent)\s+(?:of\s+)?emphysema|"
               r"emphysema\s+(?:index|percentage|extent|volume|score)|low[- ]attenuation areas?|LAA-?9\d\d|"
               r"cross-sectional areas?|(?:skeletal\s+|psoas\s+|paraspinal\s+)?muscle\s+(?:areas?|index|indices|mass|density|"
               r"attenuation)|(?:visceral|subcutaneous)\s+"
               r"(?:adipose|fat)(?:\s+tissue)?\s+(?:areas?|volumes?|index|indices)|(?:proton density\s+)?fat fractions?|"
               r"PDFF|(?:liver|spleen|tissue)\s+stiffness|(?:native\s+)?T[12]\*?\s+(?:relaxation\s+)?(?:times?|values?)|"
               r"extracellular volume fractions?|Agatston(?:\s+scores?)?|(?:coronary\s+)?(?:artery\s+)?calcium\s+scores?|"
               r"K\s?trans"
               # the ventricles' function and mass as cardiac MRI or CT software reports them ("RVEF", "LVEDVi",
               # "LV mass")
               r"|(?:LV|RV|BiV)EF|(?:LV|RV)(?:ED|ES|S)Vi?|(?:LV|RV|(?:left|right)\s+ventricular)\s+mass"
               # brain morphometry a segmentation suite measures ("the cortical thickness of 34 regions", "hippocampal
               # volume", "volumes of the hippocampus and amygdala")
               # mammographic density software returns ("the percent density and dense area")
               r"|(?:percent|percentage|volumetric)\s+(?:mammographic\s+|breast\s+)?density|dense[- ](?:tissue\s+)?"
               r"(?:areas?|volumes?)|fibroglandular\s+(?:tissue\s+)?volumes?"
               # the thickness of a layer or wall the images show ("the mean peripapillary RNFL thickness", "GCIPL
               # thickness", "intima-media thickness", "bladder wall thickness"): not how thick the slices are ("slice
               # thickness 1.25 mm", "reconstructed at 2-mm thickness", "a thickness of 3 mm")
               r"|(?!(?:slices?|sections?|slabs?|reconstructions?|reconstructed|cuts?|images?|nominal|detectors?|"
               r"beams?|bolus|the|a|an|of|and|or|mm|cm|with|whose|their|its|same|equal|uniform|constant|in|at|to|by|"
               r"for|layer)\s)[A-Za-z][\w/-]*\s+thickness(?:es)?|(?:hippocampal|amygdala|subcortical|regional|gr[ea]y[- ]matter|"
               r"white[- ]matter|brain|ventricular|cortical)\s+volumes?|volumes?\s+of\s+the\s+(?:[\w-]+\s+){0,2}?"
               r"(?:hippocamp\w+|amygdalae?|thalam\w+|ventricles?|cortex|caudate|putamen|lobes?|regions?|structures?))\b",
    # features taken out of a network (a layer named alone describes the architecture, not an extraction)
    "deep_feat": r"\b(?:deep(?:[- ]learning)?[- ](?:radiomic\s+)?features?|DL[- ]features?|deep radiomics|"
                 # deep learning radiomics features, also by their abbreviation ("DLR features")
                 r"deep[- ]learning[- ]radiomics?\s+(?:\(DLR\)\s+)?features?|DLR[- ](?:features?|feature set)|"
                 # (a layer of the network's architecture is no output taken from it: "the patch-embedding layer
                 # and the first eight blocks were frozen", "a learned positional embedding")
                 # (but "patch embeddings" taken from a frozen encoder are its features)
                 r"embedding(?:s(?<!positional embeddings)(?<!position embeddings)|(?<!patch-embedding)"
                 r"(?<!patch embedding)(?<!positional embedding)(?<!position embedding)(?<!token embedding)"
                 r"(?<!token-embedding)(?!s))(?![- ](?:layers?|modules?|blocks?|dimensions?)\b)|"
                 r"feature vectors?|(?:features?|outputs?|activations?|representations?|vectors?|"
                 r"descriptors?)\s+(?:\w+\s+){0,4}?(?:from|of|at)\s+(?:the\s+|its\s+|each\s+)?(?:[\w-]+\s+)"
                 r"{0,3}?(?:layers?|blocks?)|(?:penultimate|bottleneck)[- ]layer (?:features|outputs|activations)|fc\d|"
                 # the values a network's own kind of layer gives ("the 1,024 values of the global average pooling
                 # layer"), not values of a tissue's layer
                 r"values\s+(?:\w+\s+){0,3}?(?:from|of|at)\s+(?:the\s+|its\s+|each\s+)?(?:[\w-]+\s+){0,2}?(?:pooling|"
                 r"pooled|fully[- ]connected|penultimate|bottleneck|hidden|convolutional|dense)\s+layers?|"
                 r"avgpool|as (?:a |the )?(?:fixed\s+)?feature extractors?|off-the-shelf features|"
                 # (not a detector's alarms: "false-positive activations per minute of withdrawal")
                 r"(?<!false-positive )(?<!false positive )(?<!true-positive )(?<!true positive )(?<!spurious )"
                 r"activations(?!\s+per\s+(?:minute|second|hour|procedure|video|examination|exam|patient|case|"
                 r"withdrawal|colonoscopy|frame|image))|"
                 r"latent (?:features|representations?|space|vectors?)|learned features|CNN features|"
                 r"network features|CLS (?:token|embedding)|encoded (?:features|representations|vectors)"
                 # "a frozen ResNet-152 provided 2,048 features per slice"
                 r"|(?:provided|produced|yielded|gave|generated|outputs?)\s+(?:[\d,]+\s+)?(?:deep\s+|image\s+)?features"
                 # "features were learned by an autoencoder", "the encoder output (a 256-dimensional vector)"
                 r"|features?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:automatically\s+)?learn(?:ed|t)\s+(?:by|with|using|from)"
                 r"|(?:encoder|bottleneck|latent)(?:'s)?\s+(?:outputs?|codes?|representations?|vectors?)"
                 r"|\d+-dimensional\s+(?:feature\s+|latent\s+|embedding\s+|(?:final\s+|last\s+)?(?:pooled\s+|class\s+)?)?"
                 r"(?:vectors?|representations?|tokens?)"
                 # a network's pooled output counted in dimensions ("the 512-dimensional pooled output of the last
                 # stage")
                 r"|\d+-dimensional\s+pooled\s+outputs?"
                 r"|(?:final|last)\s+(?:pooled\s+|class\s+)?tokens?|pooled\s+tokens?"
                 # a network's values counted per image ("the 2,048 pooled outputs per crop")
                 r"|\d[\d,]*\s+(?:pooled\s+)?(?:outputs|activations)\s+(?:per|for\s+each|of\s+each|of\s+every)\s+"
                 r"(?:[\w-]+\s+)?(?:crops?|images?|slices?|patch(?:es)?|tumou?rs?|lesions?|patients?|frames?|scans?|"
                 r"examinations?|volumes?|ROIs?|VOIs?|radiographs?)|pooled\s+(?:outputs|activations))\b",
    "deep_extract": r"\b(?:used|employed|served|applied)\s+(?:\w+\s+){0,3}?(?:as (?:a |an |the )?(?:frozen |fixed |"
                    r"pre-?trained )?(?:feature )?(?:extractor|encoder|backbone)|(?:a |an |the )?(?:frozen |fixed |pre-?trained )?"
                    r"feature generator|to extract|for extracting|for feature extraction)\b|\bfeature (?:extractor|"
                    r"generator)\b|\bencoded (?:by|with|using)\b|\bas (?:a |the )?"
                    r"(?:frozen |fixed )?encoder\b",
    # annotations that only train a network (its labels), not a step of the pipeline
    "labels": r"\b(?:ground[- ]truth|reference (?:standard|segmentations?|masks?|annotations?|labels?)|training "
              r"(?:labels?|targets?)|(?:were |was |are |is )?used (?:to|for) train\w*|"
               # (what trains a network is its labels: "these masks trained the U-Net"; not the study's people, who
               # train it in the active voice, "we trained an nnU-Net on these cases", as "an nnU-Net was trained")
               r"trained(?<!\bwe trained)(?<!\bwe then trained)(?<!\bwe first trained)(?<!\bwe also trained)"
               r"(?<!\bauthors trained) (?:a|the|an)\b|(?:to|for) "
              r"train(?:ing)? (?:the|a|an)\b|as (?:the\s+)?(?:(?:training|segmentation|voxel-?wise|pixel-?wise)\s+)?"
              r"labels?|to train"
              # annotations kept for the training alone ("used during training only", "only for training")
              r"|(?:during|for|in)\s+(?:the\s+)?training\s+(?:only|alone)|(?:only|solely|exclusively)\s+(?:during|for|in)\s+"
              r"(?:the\s+)?training|used\s+(?:only|solely|exclusively)\s+(?:to|for)\s+train"
              # (a person who oversees another is no training target: "segmented by a resident under the supervision
              # of a senior radiologist", "supervised by an expert")
              r"|(?<!under the )(?<!under )supervis\w+(?!\s+(?:by|of)\s+(?:[\w-]+\s+){0,3}?(?:radiologists?|physicians?|"
              r"readers?|experts?|oncologists?|pathologists?|surgeons?|clinicians?|specialists?|consultants?|attendings?|"
              r"senior|staff)\b)"
              r"|as\s+(?:the\s+)?(?:segmentation|training)\s+(?:reference|targets?)|segmentation\s+targets?"
              # the cases a network is trained on, said by whose region had been outlined ("trained on 120 patients
              # whose liver had been outlined manually"): those outlines are its labels
              r"|trained\s+(?:[\w-]+\s+){0,4}?on\s+(?:(?:the|a|an)\s+)?(?:[\w,-]+\s+){0,3}?(?:patients|cases|scans|"
              r"images|examinations|subjects|volumes|studies)\s+(?:whose|in\s+which|in\s+whom)\b(?=[^.;]{0,100}?\b"
              r"(?:outlined|segmented|contoured|delineated|annotated|traced|labell?ed)\b)"
              # what a network is trained or scored against: its targets ("the decoder against masks traced by")
              r"|against\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:masks?|segmentations?|contours?|annotations?|outlines?|"
              r"delineations?|labels?))\b",
    # training
    # ("deep learning", "machine learning" name a field, not a training)
    "trained": r"\b(?:train(?:ed|ing)?|fine[- ]?tun\w*|optimi[sz]ed|learn(?:ed|s)|(?<!deep )(?<!deep-)(?<!machine )"
               r"(?<!machine-)learning|developed|fitted|built|"
               r"constructed)\b"
               # (in the present only said by the study's people: "an nnU-Net that we develop on 120 scans"; not
               # "patients who develop metastases")
               # (the verb first, a rare word, so that the cue is tried only where one is: not at every "we")
               r"|\b(?:develop(?<=\bwe develop)|develop(?<=\bauthors develop)|build(?<=\bwe build)|"
               r"construct(?<=\bwe construct))\b",
    # (and the parameter-efficient ways of fine-tuning a network, which train matrices or small modules inserted
    # into its layers while its own weights stay fixed: the gradient still runs through the whole network)
    "finetune": r"\bfine[- ]?tun\w*|\btransfer learning\b|\blow[- ]rank adapt\w*|\bLoRA\b|\bQLoRA\b|\bDoRA\b"
                r"|\badapt(?:er|or)s?\s+(?:layers?|modules?|blocks?|tuning)|\b(?:visual\s+)?prompt[- ]tuning\b",
    # (a training said not to happen to a network: its weights stay as they were, "not fine-tuned", "without
    # retraining", "no further fine-tuning", "weights were not updated")
    "frozen": r"\bfro(?:zen|ze)\b|\bfreez\w*|\bnon-?trainable\b"
              r"|\b(?:not|never|without)\s+(?:being\s+|been\s+)?(?:any\s+)?(?:further\s+|additional(?:ly)?\s+|"
              r"separately\s+)?(?:fine[- ]?tun\w*|re-?train\w*|updated?|updating|adapted|adaptation)\b"
              r"|\bno\s+(?:further\s+|additional\s+)?(?:fine[- ]?tuning|re-?training|weight updates?|adaptation)\b"
              r"|\b(?:held|kept|remained|left)\s+(?:fixed|constant|unchanged)\b",
    "scratch": r"\bfrom scratch\b|\brandom(?:ly)? initiali[sz]\w*",
    "pretrained": r"\bpre-?trained\b|\bpre-?training\b",
    # a data set's name is capitalised: this pattern is read case-sensitively, its words in (?i:...)
    "pretrained_on": r"\b(?i:pre-?trained)\s+(?:\w+\s+){0,4}?(?i:on)\s+(?:the\s+)?(?P<d>[A-Z][\w-]*[A-Za-z]"
                     r"(?:-\d+[Kk]?)?)\b"
                     r"|\b(?P<d2>ImageNet|RadImageNet|Kinetics(?:-\d+)?|COCO|JFT)[- ](?i:pre-?trained|weights)"
                     r"|\b(?i:weights?)\s+(?:\w+\s+){0,3}?(?i:from|of|on)\s+(?:the\s+)?(?P<d3>ImageNet|RadImageNet|"
                     r"Kinetics(?:-\d+)?|COCO)",
    "selfsup": r"\bself-?supervised\b|(?<!supervised )(?<!supervised-)\bcontrastive\b|\bmasked (?:image|auto-?encod)\w*"
               # a network taught without labels ("pretrained without labels on 40,000 unlabelled scans")
               r"|\b(?:pre-?)?(?:trained|learn(?:ed|t))\s+(?:\w+\s+){0,2}?without\s+(?:any\s+)?(?:labels|annotations|supervision)\b"
               # pretrained on data without labels ("pretrained via SimMIM on unlabeled chest CT")
               r"|\bpre-?trained\s+(?:[\w-]+\s+){0,4}?on\s+(?:[\w,-]+\s+){0,3}?(?:unlabell?ed|unannotated)\b",
    "weights_from": r"\bweights\s+(?:\w+\s+){0,3}?(?:from|of)\s+(?:the\s+)?(?:previously\s+)?(?:trained|"
                    r"fine-?tuned|pre-?trained)\b|\binitiali[sz]ed\s+(?:with|from)\b",
    "end_to_end": r"\bend-?to-?end\b",
    "deep_model": r"\bdeep[- ]learning\s+(?:\w+\s+){0,2}?(?:models?|networks?|algorithms?|classifiers?|systems?|products?|"
                  r"software|tools?|solutions?|applications?)\b"
                  r"|\bDL (?:models?|networks?)\b|\bneural networks?\b"
                  # a delineation said to be deep learning ("the deep learning-based automatic contouring of the
                  # software", "deep-learning auto-segmentation")
                  r"|\bdeep[- ]learning(?:[-\u2010-\u2015\s]?based)?\s+(?:(?:fully\s+)?(?:automatic|automated)\s+)?"
                  r"(?:auto-?)?(?:segmentation|contouring|delineation)\b"
                  # a network named by its build, not by a name ("a dual-branch 3D network", "two convolutional encoders")
                  r"|\b(?:[23]-?D|dual[- ]branch|two[- ]branch|multi[- ]branch|multi[- ]input|multi[- ]scale|"
                  r"convolutional|residual|recurrent)\s+(?:[\w-]+\s+)?(?:networks?|encoders?)\b",
    # a model of unstated kind ("an AI model developed in our group")
    # (its abbreviation in brackets between: "an artificial intelligence (AI) model")
    "ai_model": r"\b(?:AI|artificial[- ]intelligence|machine[- ]learning|ML|in-house|commercial)\s+(?:\([A-Z]{2,4}\)\s+)?"
                r"(?:\w+\s+)?"
                r"(?:models?|algorithms?|systems?|software|tools?|classifiers?)\b"
                # what only AI is called ("the AI-assisted contouring module"): not any commercial application
                r"|\b(?:AI|artificial[- ]intelligence|machine[- ]learning|ML)(?:[- ](?:assisted|based|powered|driven|"
                r"enabled))?\s+(?:[\w-]+\s+)?(?:models?|algorithms?|systems?|software|tools?|classifiers?|modules?|"
                r"applications?|platforms?|solutions?|products?)\b",
    # hand-crafted features computed voxel by voxel: maps (images of features), not a table
    "feature_maps": r"\b(?:voxel[- ]?(?:wise|based|level|by[- ]voxel)\s+(?:radiomic\s+|texture\s+)?(?:feature\s+)?maps?|"
                    r"(?:radiomic|texture|parametric radiomic)\s+(?:feature\s+)?maps?|(?:voxel[- ]?based|"
                    r"voxel[- ]?wise)\s+(?:radiomics|features?)|parametric maps? per feature)\b",
    "distill": r"\b(?:knowledge )?distill(?:ed|ation)\b",
    "teacher": r"\bteachers?\b",
    "kspace": r"\bk-?space\b",
    "sinogram": r"\bsinograms?\b|\braw projection data\b",
    # data and roles
    "images": r"\b(?:images?|scans?|volumes?|slices?|examinations?|studies|sequences?|series|radiographs?|"
              r"frames?|patches|tiles|photographs?|pictures?)\b",
    "feeds": r"\b(?:fed|feed(?:ing)?|input(?:s|ted)?|entered|passed|used as inputs?|as input|taken as|"
             r"took|receiv(?:ed|es|ing)|on the basis of|based on|using|with)\b",
    "clinical": r"\bclinical(?:[- ]?(?:and|&)[- ]?\w+|-(?:radiolog\w*|patholog\w*|imaging|laborator\w*|biochemical|"
                r"demographic))?\s+(?:\w+\s+)?(?:variables?|factors?|characteristics?|"
                r"data|features?|parameters?|information|predictors?|model|indicators?|risk factors?)\b"
                r"|\bclinicopatholog\w+|\b(?:laboratory|demographic)\s+\w+|\bage,? (?:and )?(?:sex|gender)\b"
                r"|\b(?:sex|gender),? (?:and )?age\b",
    # a patient variable named as an input beside image data ("plus age and T stage", "sex entered the network")
    # (the kinds of a patient's variables: a blood value, a clinical score, the tumour's grade or stage, a treatment:
    # "combined with NT-proBNP", "with platelet count", "included the radiomic score, CA 19-9, and adjuvant
    # chemotherapy", "with tumour grade (FNCLCC) and size")
    # (not the people a sentence picks by a variable: "patients with age under 18 years", "cases with tumour grade 3")
    "clinical_var": r"\b(?:(?:plus|(?<!patients )(?<!patient )(?<!cases )(?<!subjects )(?<!participants )(?<!those )"
                    r"(?<!women )(?<!men )(?<!children )(?<!individuals )with|"
                    r"(?<!\bage )(?<!\bsex )(?<!\bgender )(?<!\bBMI )and|together with|along with|combined with|added|included\s+(?:the\s+)?"
                    r"(?:[\w-]+\s+){0,2}?(?:scores?|signatures?),)\s+(?:the\s+)?(?:patients?'?s?"
                    # (and the qualifier a stage or a score is said with: "with clinical T stage", "and pathological
                    # TNM stage", "plus baseline PASI")
                    r"\s+|child'?s\s+|baseline\s+|serum\s+|pathological\s+|clinical\s+|pretreatment\s+|preoperative\s+)?"
                    r"(?:age|sex|gender|c?[TN] stage|[cyp]?TNM stage|tumou?r size|PSA(?: density)?|BMI|body[- ]mass index|"
                    r"smoking status|performance status|PI-RADS(?: category)?|CA[- ]?\d+(?:[- ]\d+)?|NT-?proBNP|AFP|CEA|"
                    r"LDH|albumin|bilirubin|creatinine|(?:platelet|lymphocyte|neutrophil|white[- ]cell|leu[ck]ocyte)\s+"
                    r"counts?|NIHSS(?: score)?|MMSE|ECOG|Child-Pugh|MELD|(?:tumou?r|histolog\w*|nuclear)\s+grade|"
                    r"menopausal status|(?:adjuvant|neoadjuvant)\s+\w+)|(?:age|sex|gender)\s+(?:entered|was "
                    r"(?:added|concatenated|fed|entered|input|coded|encoded|one-hot))"
                    # a list of the patient's variables said to enter as covariates ("age, smoking status and the
                    # presence of interstitial lung abnormality were added as covariates")
                    r"|(?:age|sex|gender)\b(?=[^.;]{0,120}?\b(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:added|entered|included)\s+"
                    r"(?:to\s+the\s+model\s+)?as\s+(?:covariates|co-variates|predictors|adjustment\s+variables)\b)"
                    # a patient's variable listed after a score, the list said to enter a model ("The DL score, tumour
                    # size and depth were entered into a multivariable logistic regression")
                    r"|(?<=,\s)(?:age|sex|gender|tumou?r\s+size|BMI|c?[TN]\s+stage|[cyp]?TNM\s+stage|(?:tumou?r|"
                    r"histolog\w*)\s+grade)\b(?=[^.;]{0,120}?\b(?:were|are)\s+(?:then\s+|jointly\s+)?(?:entered|"
                    r"included|combined|added|incorporated)\s+(?:in|into|to)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
                    r"(?:models?|regressions?|nomograms?|classifiers?|analys[ie]s)\b))\b",
    # predictions combined after the models ("slice-level outputs were averaged")
    # a pooling of instances described rather than named ("an attention module and a classifier were trained on the
    # bags of slice embeddings")
    "attention_pool": r"\battention(?:-based)?\s+(?:pooling\s+)?(?:modules?|layers?|networks?|mechanisms?|blocks?|"
                      r"heads?|aggregators?)\b",
    "aggregate": r"\b(?:(?:probabilit(?:y|ies)|predictions?|outputs?|scores?)\s+(?:[\w'-]+\s+){0,7}?(?:were|was|are|is|(?:had|has|have)\s+been)\s+"
                 r"(?:averaged|aggregated|pooled|max-?pooled|combined by (?:averaging|voting))|(?:probabilit(?:y|ies)|"
                 r"predictions?|outputs?|scores?)\s+(?:max-?pooled|averaged|mean-?pooled)|(?:averag(?:e|ed|ing)|aggregat\w+|"
                 r"majority vot\w+)\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:probabilit(?:y|ies)|predictions?|"
                 r"outputs?|scores?)"
                 # one prediction per patient or examination taken from its parts' ("the scan-level score was the
                 # maximum slice probability", "the mean of the clip probabilities", "the fraction of tiles predicted")
                 r"|(?:patient|scan|examination|exam|study|case|slide|breast|lesion)[- ]level\s+(?:[\w-]+\s+){0,3}?"
                 r"(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:the\s+|taken\s+as\s+the\s+)?(?:mean|maximum|max|average|median|highest|fraction|"
                 r"proportion)|(?:mean|maximum|average|median|highest)\s+(?:of\s+)?(?:the\s+|its\s+)?(?:[\w-]+\s+){0,2}?"
                 r"(?:probabilit(?:y|ies)|scores|predictions|categor(?:y|ies))\s+(?:among|across|over|of)\s+(?:its\s+|the\s+"
                 r"|all\s+)?(?:[\w-]+\s+)?(?:slices|images|views|tiles|patches|frames|clips|lesions)|fraction\s+of\s+(?:the\s+)?"
                 r"(?:tiles|patches|slices|frames|clips)\s+predicted|ensembl\w+\s+(?:[\w-]+\s+){0,4}?by\s+averaging)\b",
    "combine": r"\b(?:combin\w*|concatenat\w*|fus(?:ed|ion|ing)|merg\w*|integrat\w*|incorporat\w*|"
               r"together with|joint(?:ly)?|along with|added to|stack(?:ed|ing))\b",
    "nomogram": r"\bnomograms?\b",
    "select": r"\b(?:feature selection|select(?:ed|ion|ing)?|screen(?:ed|ing)|identif(?:y|ied) the (?:most )?"
              r"(?:relevant|significant|predictive|informative|important)|retain(?:ed)?|reduc(?:e|ed|tion)|"
              r"eliminat\w*|dimension(?:ality)? reduction|rank(?:ed|ing)|(?:the\s+)?top\s+\d+|(?:highest|best)[- ]ranked)\b",
    "model_cue": r"\b(?:classifiers?|models?|predictors?|regressors?|signatures?|scores?|to (?:classify|"
                 r"predict|differentiate|distinguish|discriminate|estimate)|for (?:classification|prediction))\b",
    # (not a layer of a network: "batch normalisation", "convolution-batch normalisation-ReLU blocks")
    "normalize": r"\b(?<!batch )(?<!batch-)(?<!layer )(?<!instance )(?<!group )normali[sz]\w*|\bstandardi[sz]\w*|"
                 r"\bz-?score|\bmin-?max\b|\brescal\w*",
    "intensity": r"\b(?:intensit\w*|voxel|pixel|signal|grey values?|gray values?|Hounsfield|HU)\b",
    "oversample": r"\b(?:over-?sampl\w*|under-?sampl\w*|up-?sampl\w*|class[- ]imbalance|class[- ]balanc\w*|"
                  r"resampling of the minority|minority class)\b",
    "reduce": r"\b(?:dimensionality reduction|dimension reduction|reduce the dimension\w*)\b",
    "impute": r"\bimput\w+\b",
    "harmonize": r"\bharmoni[sz]\w+\b",
    "multitask": r"\bmulti-?task\b|\b(?:two|three|multiple|separate|segmentation and classification)\s+"
                 r"(?:output\s+)?(?:heads|branches|decoders)\b|\bjointly (?:segment|classif|detect)\w*",
    # image pre-processing
    "resample": r"\bresampl\w+|\bisotropic\b|\binterpolat\w+",
    "resize": r"\bresiz\w+|\brescal\w+ to \d|\b(?:down|up)-?sampled to\b",
    # (not a trial's or a review's entry in a registry: "the study was registered (ClinicalTrials.gov NCT...)",
    # "prospectively registered", "trial registration number", "registration number NCT-XXXX, withheld for review")
    "register": r"\b(?<!trial )(?<!Trial )(?<!prospectively )(?:co-?)?regist(?:ered|ration)\b(?!\s*(?:\(|:|,)?\s*"
                r"(?:(?:at|with|in|on|under|as|prospectively|retrospectively|no\.?|numbers?|ID)\b\s*)?(?:the\s+|a\s+)?"
                r"(?:ClinicalTrials|Clinical\s+Trials?|Chinese\s+Clinical|ChiCTR|ISRCTN|NCT(?:\s?\d|-)|PROSPERO|DRKS|UMIN|"
                r"EudraCT|(?:public\s+|trial\s+|national\s+)*regist(?:ry|er)|\d|[A-Z]{2,}\d))",
    "bias": r"\bN4\w*|\bbias[- ]field\b",
    "skull": r"\bskull[- ]strip\w*|\bbrain extraction\b",
    "window": r"\bwindow(?:ed|ing)\b|\bwindow (?:level|width|settings?)\b",
    "augment": r"\baugment\w*",
    "denoise": r"\bdenois\w*",
    "tile": r"\btil(?:ed|ing)\b|\bpatches\b|\bpatch extraction\b",
    "stain": r"\bstain normali[sz]\w*|\bMacenko\b|\bReinhard\b",
    # the body part separated from the image's background (foreground masking): preparation, not a delineation
    "background": r"\b(?:from|of)\s+(?:the\s+)?(?:image\s+)?background\b|\bbackground\s+(?:removal|suppression|"
                  r"masking|(?:was|were|is|are|(?:had|has|have)\s+been)\s+(?:removed|suppressed|masked|cropped))\b|\b(?:remov\w+|suppress\w+|"
                  r"mask\w*)\s+(?:the\s+)?(?:image\s+)?background\b",
    # quantitative maps computed from the acquired images ("ADC maps were calculated on the scanner", "pixel-wise maps
    # were generated inline", "Perfusion maps were computed in RAPID"): a step the images pass through (not maps of
    # features, of a network's attention or of its output: "saliency maps were generated", "texture maps")
    "param_maps": r"\b(?:[\w*()-]+\s+){0,2}?(?<!feature )(?<!radiomic )(?<!texture )(?<!saliency )(?<!attention )"
                  r"(?<!heat )(?<!activation )(?<!probability )(?<!Grad-CAM )(?<!occlusion )(?<!uncertainty )(?<!error )"
                  r"(?<!difference )(?<!class )(?<!prediction )(?<!segmentation )(?<!label )(?<!relevance )(?<!attribution )"
                  r"maps?\s+(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:then\s+|also\s+|automatically\s+)?(?:calculated|computed|generated|"
                  r"derived|created|reconstructed)\b",
    # dimensionality
    "dim3d": r"\b3-?D\b|\bthree-dimensional\b|\bvolumetric\b|\bvolumes? of interest\b|\bwhole[- ]volume\b"
             r"|\bVOIs?\b(?!" + _VOI_LUT + ")",
    "dim2d": r"\b2-?D\b|\btwo-dimensional\b|\b(?:single|axial|largest|representative|key)\s+(?:\w+\s+)?slices?\b"
             r"|\bslice-?(?:wise|level|based)\b",
    "video": r"\bvideos?\b|\bcine\b|\bclips?\b|\bdynamic sequences?\b",
    # outputs
    # (not a generative network's discriminator: a part of it, "the discriminators were PatchGANs", classifies no case)
    "classify": r"\b(?:classif\w+|differentiat\w+|distinguish\w*|discriminat(?!ors?\b)\w+|diagnos\w+|predict\w*|"
                r"identif\w+|detect\w*|stratif\w+|categori[sz]\w+|grading|grade)\b",
    "survival": r"\b(?:(?:overall|progression-?free|disease-?free|recurrence-?free|event-?free|metastasis-?free|"
                r"cancer-?specific)\s+survival|survival|time-?to-?event|hazards?|prognos\w+|C-?index|"
                r"concordance index|Kaplan-?Meier)\b",
    "regression": r"\b(?<!logistic )(?<!Cox )(?<!linear )regression (?:network|CNN|head|task)|\b(?:estimat(?:e|ed|es|ing|ion)\s+(?:the\s+)?(?:\w+\s+)?(?:age|volume|score|values?|"
                  r"levels?|concentrations?|fractions?|density|duration|time|weight|size)|continuous (?:outcome|"
                  r"target|variable)|predict(?:ed|ing)? (?:the\s+)?(?:\w+\s+)?(?:age|volume|values?|levels?))\b",
    # ("a Cascade R-CNN detector": a detection network; the detector of a scanner is decided by the network named)
    "detection": r"\bdetect(?:ion|ed|ing|s|ors?)?\b|\blocali[sz]\w+",
    # grouping without labels (of the cases, or of the features to drop the redundant ones)
    # (a process, not the noun: "microcalcification clusters", "clustered calcifications" group nothing)
    "cluster": r"\bclustering\b|\bcluster analys[ie]s\b|\bclustered\b(?:(?=\s+(?:with|by|using|into|in|according|"
               r"based|on|via|across)\b)|(?<=were clustered)|(?<=was clustered)|(?<=are clustered)|(?<=been clustered))",
    "versus": r"\b(?:between|differentiat\w+|distinguish\w*|discriminat\w+|classif\w+\s+(?:\w+\s+){0,3}?"
              r"(?:as|into))\s+(?P<a>(?:[\w-]+\s+){0,3}?[\w-]+)\s*(?:,\s*(?P<b0>(?:[\w-]+\s+){0,2}?[\w-]+)\s*,?"
              r")?\s+(?:and|from|versus|vs\.?|or)\s+(?P<b>(?:[\w-]+\s+){0,3}?[\w-]+)"
              r"|\b(?P<c>[\w-]+(?:\s+[\w-]+)?)\s+(?:versus|vs\.?)\s+(?P<d>[\w-]+(?:\s+[\w-]+)?)\b",
}

CASE_SENSITIVE = frozenset({"ibsi", "icc", "pretrained_on"})

# NegEx-style triggers: before the mention (within PRE words), after it (within POST words)
PRE_WORDS, POST_WORDS = 6, 5
# (the first letters of every trigger, tested before the alternation is tried at each word: a test keeps them whole)
_PRE = re.compile(r"\b(?=[acdefilnoruw])(?:no|not|without|neither|nor|never|none|nothing|absence of|instead of|rather than|in place of|"
                  r"considered (?:using|training|applying|the use of|adding)|future (?:work|studies)|would|"
                  r"unlike|as opposed to|in contrast to|other than|excluding|lack(?:ed|ing)? of?|free of|"
                  r"omitt\w+|did not|was not|were not|cannot|could not|n't|"
                  # a step the study says it does without ("we avoided any segmentation step"; not "to avoid
                  # overfitting of the CNN": only a step of the pipeline is said so)
                  r"(?:avoid(?:s|ed|ing)?|dispens(?:e|es|ed|ing) with|forgo(?:es|ing)?|forwent|refrain(?:s|ed|ing)? from"
                  r"(?:\s+using)?)(?=\s+(?:(?:any|the|a|an|all|explicit|manual|automatic|lesion|tumou?r|organ|nodule|"
                  r"joint|such|this|that|each|every|separate|prior)\s+){0,3}(?:segment\w*|delineat\w*|contour\w*|annotat\w*|"
                  r"outlin\w*|crop\w*|locali[sz]\w*|detect\w*|ROIs?|VOIs?|regions? of interest|masks?|hand-?crafted|"
                  r"radiomic\w*|feature|pre-?processing|registration|(?:[\w-]+\s+)?steps?)\b))\b", re.I)
# triggers whose scope ends at their comma ("To avoid partial-volume effects, the tumours were segmented")
_ENDS_AT_COMMA = re.compile(r"avoid|dispens|forgo|forwent|refrain", re.I)
_POST = re.compile(r"\b(?:was|were|is|are|has been|have been)\s+not\b|\b(?:was|were|is|are|(?:had|has|have)\s+been) omitted\b"
                   r"|\bnot (?:performed|applied|used|done|conducted|undertaken|carried out)\b"
                   r"|\b(?:was|were|is|are|(?:had|has|have)\s+been) unnecessary\b|\b(?:was|were|is|are|(?:had|has|have)\s+been)\s+avoided\b"
                   # why a study does without a step ("slice-level annotations are costly", "masks were unavailable")
                   r"|\b(?:is|are)\s+(?:(?:often|usually|very|too|prohibitively|extremely|highly)\s+)?"
                   r"(?:costly|expensive|time-consuming|labou?r-intensive|laborious|tedious|scarce|unavailable|"
                   r"impractical|infeasible|unfeasible|prohibitive|not\s+feasible)\b"
                   r"|\b(?:is|are)\s+(?:rarely|seldom)\s+available\b"
                   r"|\b(?:was|were|is|are|(?:had|has|have)\s+been)\s+unavailable\b"
                   # a table row whose cell says the step was not done ("| Segmentation | None |")
                   r"|\|\s*(?:none|no|not (?:performed|done|used|applied)|n/?a)\s*(?:\||$)|\bnothing\b(?!\s+(?:but|else|more|less))", re.I)
# words one of which every post-trigger contains (tested before the pattern runs)
_POST_HINTS = ("not", "omitted", "unnecessary", "avoided", "costly", "expensive", "consuming", "intensive", "laborious",
               "tedious", "scarce", "unavailable", "available", "practical", "feasible", "prohibitive")
# phrases with a trigger's word that negate nothing
_PSEUDO = re.compile(r"\bnot only\b|\bwhether or not\b|\bwith(?:\s+(?:and|or)\s+|\s*/\s*)without\b|\bno (?:significant|statistical|difference|change)\b"
                     r"|\bnot (?:significant|significantly|statistically|necessarily|limited)\b|\bno longer\b"
                     r"|\bif not\b|\bnot been previously\b|\bno\.\s?\d"
                     # what a study avoids that is no step ("overfitting of the CNN was avoided by dropout")
                     r"|\b(?:over-?fitting|under-?fitting|bias(?:es)?|leakage|confound\w*|errors?|redundan\w*|"
                     r"(?:multi)?collinearity|artefacts?|artifacts?|noise)\s+(?:[\w-]+\s+){0,4}?(?:was|were|is|are|(?:had|has|have)\s+been)\s+avoided\b", re.I)
_CLAUSE_END = re.compile(r"\b(?:but|however|whereas|although|though|while|except|yet|which|whereby|after which|"
                         r"then|and then)\b|[;:]|\band\s+(?:the|a|an|then|subsequently)\b"
                         r"|\.\s+(?=(?-i:[A-Z]))", re.I)  # a run-in label read with its sentence ends a clause
# a trigger negating a prepositional phrase ("not of the result", "not to the outcome"), not a verb
_PHRASE_AFTER = re.compile(r"\s+(?:of|to|about|regarding|for)\b", re.I)
_SPACE_RUN = re.compile(r"\S+")
# the items of a list up to one of them: short noun phrases between commas, the last after "or" ("lesion annotation,
# region of interest or breast ")
_NEGATED_LIST = re.compile(r"\s+(?:[\w-]+\s+){0,4}?[\w-]+(?:\s*,\s*(?:[\w-]+\s+){0,4}?[\w-]+)+\s*,?\s+(?:or|nor)\s+"
                           r"(?:[\w-]+\s+){0,2}?", re.I)
_PERSON_PART = re.compile(r"\s+(?:any\s+)?(?:further\s+)?(?:human|manual|user|operator|radiologist|reader|expert|"
                          r"physician)?[\s-]*(?:intervention|interaction|input|involvement|correction|editing|"
                          r"adjustment|refinement)s?\b", re.I)
_UNLABELLED = re.compile(r"\s+(?:any\s+)?(?:(?:diagnostic|outcome|class)\s+)?(?:labels?|labell?ing|supervision)\b", re.I)
# what a sentence says of a field's methods in general, before or instead of the study's own ("deep neural networks
# have shown promise", "have been widely used", "...; we chose a radiomics approach instead")
_OF_THE_FIELD = re.compile(r"\b(?:have|has)\s+(?:(?:also|recently|increasingly|already|widely|often)\s+)?(?:shown|"
                           r"demonstrated|achieved|been\s+(?:(?:widely|increasingly|successfully|frequently)\s+)?(?:shown|"
                           r"used|applied|proposed|reported|developed|explored))\b", re.I)
_CONTRAST = re.compile(r"instead of|rather than|in place of|unlike|as opposed to|in contrast to|other than", re.I)
# what another study found, or what future work could do, said as a sentence's main clause ("Another group has
# reported that nnU-Net segments the organ automatically", "It has been shown that ...", "Future studies could train a
# U-Net to automate the segmentation"): the methods it names are not the study's. It ends where the sentence turns
# back to this study ("..., which we fine-tuned here", "; we ...", "whereas in this study ...", "..., so two
# radiologists segmented each tumour", "..., and therefore radiomic features were extracted").
_WORKS = (r"(?:stud(?:y|ies)|works?|reports?|papers?|publications?|trials?|(?:meta-)?analys[ie]s)"
          # (the noun itself, not a word naming this study's people or parts: "One study radiologist segmented ...")
          r"(?!\s+(?:radiologists?|readers?|physicians?|investigators?|coordinators?|nurses?|personnel|staff|teams?|"
          r"participants?|patients?|subjects?|cohorts?|populations?|sites?|cent(?:re|er)s?|protocols?|design|period|"
          r"groups?)\b)")
_ELSEWHERE = re.compile(
    r"\s*(?:(?:In\s+(?:the\s+)?future|Future\s+(?:studies|work|research|investigations?|trials?|versions?|"
    r"iterations?|developments?))\b"
    # (people are others only where said to be: "Another group", "Previous authors"; "One of the authors ... noted",
    # "A separate group of radiologists ... described the findings" are this study's)
    r"|(?:(?:(?:An?other|Other|Previous|Prior|Earlier|Published)|(?:A|An)\s+(?:previous|prior|earlier|published))\s+"
    r"(?:[\w-]+\s+){0,3}?(?:groups?|teams?|authors?|investigators?|researchers?|" + _WORKS + r")"
    r"|(?:One|Some|Several|Many|Recent|Similar|(?:A|An)\s+(?:recent|similar|large|multi-?cent(?:er|re)|separate))\s+"
    r"(?:[\w-]+\s+){0,3}?" + _WORKS + r")"
    r"\b[^.;:]{0,80}?\b(?:(?:has|have|had)\s+(?:also\s+|previously\s+|recently\s+)?)?"
    r"(?:reported|shown|showed|demonstrated|found|described|suggested|observed|noted|concluded)\b"
    r"|It\s+(?:has|had)\s+(?:also\s+|previously\s+|recently\s+)?been\s+(?:reported|shown|demonstrated|suggested|"
    r"described|observed)\b)"
    r"[^;:]*?(?=[;:]|\b(?:whereas|but|however|while|in contrast|unlike|which|here|herein|in\s+(?:this|the\s+present|"
    r"our)\s+(?:study|work|cohort))\b|\b(?:and|so)\s+" + WE + r"\b|\b(?:so|therefore|thus|hence|accordingly|consequently)\b|$)")
_TAKEN_UP = re.compile(r"(?:which|that)\s+" + WE + r"\b|which\s+[^.;]*?\b(?:here|herein|in\s+(?:this|the\s+present|our)\s+"
                       r"(?:study|work|cohort))\b|(?:here|herein|in\s+(?:this|the\s+present|our)\s+(?:study|work|"
                       r"cohort))\b")
_ELSEWHERE_HINTS = ("uture", "eport", "hown", "howed", "emonstrat", "ound", "escribed", "uggest", "bserved", "oted",
                    "oncluded")
# a method tried and then set aside: what the sentence names before the turn is not part of the study's pipeline
# ("an autoencoder was considered ..., but it was abandoned", "X was explored; however, it was not retained")
_SET_ASIDE = re.compile(r"\b(?:considered|explored|tried|tested|piloted|investigated|attempted|proposed|envisaged)\b"
                        r"[^.;]*?(?P<turn>\bbut\b|\bhowever\b)[^.]*?\b(?:abandoned|discarded|rejected|dropped|"
                        r"not (?:pursued|adopted|retained|kept|used|included|part of)|excluded from the final|"
                        r"(?:set|put|laid) aside)\b", re.I)


@functools.cache
def _compiled() -> dict[str, re.Pattern[str]]:
    return {name: re.compile(p, re.I if name not in CASE_SENSITIVE else 0) for name, p in CUES.items()}


def _literal_starts(items: list[tuple[object, object]]) -> set[str] | None:
    """The lower-case literal texts every match of a parsed pattern starts with (``None``: some match may start
    with anything). Read from the regular expression's own parse, so that the patterns stay the one statement of
    what each cue is."""
    import re._constants as c  # type: ignore[import-not-found]  # the regular-expression parser's own names

    lit = ""
    for k, (op, av) in enumerate(items):
        if op is c.AT or (op is c.ASSERT_NOT and not lit):
            if lit:
                break
            continue
        if op is c.LITERAL and isinstance(av, int):
            lit += chr(av).lower()
            continue
        if lit and op is c.BRANCH and isinstance(av, tuple):  # "w(?:ere|as)": the branches extend the text
            longer = [_literal_starts(list(branch)) for branch in av[1]]
            if all(x is not None for x in longer):
                return {lit + x for found in longer if found is not None for x in found}
        if lit:
            break
        if op is c.IN and isinstance(av, list):  # "[23]", "\\d": a few characters, each a start of its own
            chars: set[str] = set()
            for kind, value in av:
                if kind is c.LITERAL and isinstance(value, int):
                    chars.add(chr(value).lower())
                elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                    chars.update("0123456789")
                else:
                    return None
            return chars
        if op is c.SUBPATTERN and isinstance(av, tuple):
            inner = _literal_starts(list(av[-1]))
            return inner
        if op is c.BRANCH and isinstance(av, tuple):
            out: set[str] = set()
            for branch in av[1]:
                found = _literal_starts(list(branch))
                if found is None:
                    return None
                out |= found
            return out
        if op in (c.MAX_REPEAT, c.MIN_REPEAT) and isinstance(av, tuple):
            low, _, sub = av
            first = _literal_starts(list(sub))
            rest = _literal_starts(items[k + 1:]) if low == 0 else set()
            if first is None or rest is None:
                return None
            return first | rest
        return None
    return {lit} if lit else None


@functools.cache
def _starts() -> dict[str, tuple[str, ...] | None]:
    """Each cue's literal starts (``None`` when its matches may start with anything)."""
    import re._parser as sre_parse  # type: ignore[import-not-found]  # (re.compile's parser, stable since 3.11)

    out: dict[str, tuple[str, ...] | None] = {}
    for name, pattern in _compiled().items():
        found = _literal_starts(list(sre_parse.parse(pattern.pattern, pattern.flags)))
        out[name] = tuple(sorted(found)) if found else None
    return out


def cue_mentions(s: Sentence, index: int) -> list[Mention]:
    out: list[Mention] = []
    for name, pattern in _compiled().items():
        for m in pattern.finditer(s.text):
            detail = ""
            if m.groupdict():
                detail = "|".join(f"{k}={v}" for k, v in m.groupdict().items() if v)
            out.append(Mention("cue", name, s.start + m.start(), s.start + m.end(), index, detail=detail))
    return out


class _Scope(NamedTuple):
    pre: list[tuple[int, int]]  # (start, end) of pre-triggers, sentence offsets
    post: list[tuple[int, int]]
    ends: list[int]  # clause ends
    longest: int = 0  # the longest pre-trigger's length (how far before a mention one may start)


def _scope(text: str) -> _Scope:
    pre = [m for m in _PRE.finditer(text)]
    post = [m for m in _POST.finditer(text)] if pre or any(w in text for w in _POST_HINTS) else []
    if not pre and not post:  # most sentences negate nothing: no clause ends to find
        return _Scope([], [], [])
    pseudo = [m.span() for m in _PSEUDO.finditer(text)]

    def real(m: re.Match[str]) -> bool:
        return not any(a <= m.start() < b for a, b in pseudo)

    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    # "Instead of a radiologist, a technologist outlined ...": a contrast's scope ends at its comma
    ends += [k for m in pre if (_CONTRAST.match(m.group()) or _ENDS_AT_COMMA.match(m.group())) and
             (k := text.find(",", m.end())) >= 0]
    # "Unlike Zhou et al., who fine-tuned the whole network, we ...": the relative clause after a contrast's object
    # says what the contrasted study did, so the contrast's scope runs on to the clause's closing comma
    described = [(k, e) for m in pre if _CONTRAST.match(m.group()) and (k := text.find(",", m.end())) >= 0 and
                 _CONTRASTED_DID.match(text, k + 1) and (e := text.find(",", k + 1)) >= 0]
    if described:
        ends = [k for k in ends if not any(a <= k < b for a, b in described)] + [b for _, b in described]
    # "aware of the biopsy site but not of the result, drew ...": a negated phrase ends at its comma
    ends += [k for m in pre if _PHRASE_AFTER.match(text, m.end()) and (k := text.find(",", m.end())) >= 0]
    # "trained without labels using a contrastive objective": what is negated is the labels, not what follows
    ends += [u.end() for m in pre if (u := _UNLABELLED.match(text, m.end())) is not None]
    # "segmented without human intervention by a 3D U-Net": what is negated is the person's part, not the tool after it
    ends += [u.end() for m in pre if (u := _PERSON_PART.match(text, m.end())) is not None]
    # "was not fine-tuned", "without fine-tuning to extract features": what is negated is the training, not the
    # network trained nor what follows (the frozen cue reads such a training as the weights kept)
    ends += [t.end() for m in pre if (t := _TRAINING_AFTER.match(text, m.end())) is not None]
    post = [m for m in post if _TRAINING_AFTER.match(text, m.end()) is None]
    spans = [m.span() for m in pre if real(m)]
    return _Scope(spans, [m.span() for m in post if real(m)], sorted(ends), max((b - a for a, b in spans), default=0))


# a relative clause that says what a contrasted study or method did (", who fine-tuned ...", ", which relied on ...")
_CONTRASTED_DID = re.compile(r"\s*(?:who|whose|which)\b", re.I)
_TRAINING_WORD = r"(?:fine[- ]?tun\w*|re-?train\w*|updated?|updating|adapted|adaptation|weight updates?)\b"
# (the trainings said together are all negated: "without retraining or fine-tuning")
_TRAINING_AFTER = re.compile(r"\s+(?:being\s+|been\s+)?(?:any\s+)?(?:further\s+|additional(?:ly)?\s+|separately\s+)?"
                             + _TRAINING_WORD + r"(?:\s*(?:,|or|and|nor)\s+(?:any\s+)?(?:further\s+)?" + _TRAINING_WORD
                             + r")*", re.I)


def _words_between(text: str, a: int, b: int) -> int:
    return len(_SPACE_RUN.findall(text, a, b)) if a < b else 0


_NEAR = 40 * (PRE_WORDS + 1)  # characters: no run of PRE_WORDS words of Methods prose is longer


def negated(text: str, scope: _Scope, start: int, end: int) -> bool:
    """NegEx: a pre-trigger at most PRE_WORDS words before the mention, or a post-trigger at most POST_WORDS words
    after it, with no clause end between."""
    # (only the triggers near the mention are looked at, found in the sorted spans: a long sentence of many
    # triggers and mentions costs no square of them)
    for k in range(bisect.bisect_left(scope.pre, (start - _NEAR - scope.longest, -1)), len(scope.pre)):
        a, b = scope.pre[k]
        if a > start:
            break
        if a <= start < b:
            return True
        # (a trigger more than a few words' worth of characters away negates nothing: counted only when near)
        if b <= start and start - b <= _NEAR and _words_between(text, b, start) <= PRE_WORDS and \
                not _end_in(scope.ends, b, start):
            return True
        # "No lesion annotation, region of interest or breast segmentation is used": a list the trigger leads, each
        # of its items negated however many words the items before it take
        if b <= start and start - b <= 2 * _NEAR and not _end_in(scope.ends, b, start) and \
                _NEGATED_LIST.fullmatch(text, b, start):
            return True
    for k in range(bisect.bisect_left(scope.post, (end, -1)), len(scope.post)):
        a = scope.post[k][0]
        if a - end > _NEAR:
            break
        if _words_between(text, end, a) <= POST_WORDS and not _end_in(scope.ends, end, a):
            return True
    return False


def _end_in(ends: list[int], a: int, b: int) -> bool:
    """A clause end of the sorted ``ends`` at or after ``a`` and before ``b``."""
    k = bisect.bisect_left(ends, a)
    return k < len(ends) and ends[k] < b


# a model a study sets beside its pipeline only to compare with it ("As a baseline, we also trained a logistic
# regression on ...", "For comparison, a Cox model was fitted", "the same network trained from scratch served as a
# comparator"): not a stage of the pipeline
_COMPARATOR = re.compile(r"(?:^|[\n:;]\s*)(?:As\s+(?:a|an|the)\s+(?:[\w-]+\s+)?(?:baseline|comparator|benchmark)"
                         r"(?:\s+(?:models?|methods?|approach))?|For\s+(?:comparison|benchmarking|reference))\s*(?:,|(?=" + WE + r"\s+(?:also|additionally)\b))"
                         # (or built, trained or fitted only as one: "an SVM on radiomic features was built only as a
                         # baseline for comparison and is reported in the supplement")
                         r"|\b(?:served|serving|used|acted|built|trained|fitted|developed|constructed|implemented|included)"
                         r"\s+(?:(?:only|solely|merely|purely|just)\s+)?as\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+)?(?:baseline|comparator|"
                         r"benchmark|comparison)|(?:[\w-]+\s+)?(?:baselines|comparators|benchmarks|comparisons))(?:\s+(?:models?|methods?|classifiers?|"
                         r"networks?))?(?:\s+for\s+comparison)?\s*(?:[.;,)]|$|and\b)"
                         r"|(?:^|[\n:;]\s*)As\s+(?:a\s+)?comparison\s*,"
                         # a model fitted as a reference to measure the study's against ("As reference, we fitted the
                         # same logistic regression to the mean attenuation"), not a reference standard
                         r"|(?:^|[\n:;]\s*)As\s+(?:a\s+)?reference\s*,(?=[^;]{0,80}?\b(?:fitted|fit|trained|built|"
                         r"developed|constructed|computed|evaluated)\b)"
                         # what the study's own model is measured against ("We compare with a 3D ResNet-18", "We
                         # compared our network against an SVM on radiomic features")
                         r"|(?:^|[\n:;]\s*)" + WE + r"\s+(?:also\s+|further\s+|additionally\s+)?compared?s?\s+(?:(?:it|them|"
                         r"(?:our|the|this|these)\s+(?:proposed\s+|own\s+)?(?:[\w-]+\s+)?(?:models?|methods?|networks?|approach|"
                         # (or by what it is: "We compared this probe with a logistic regression on volumes")
                         r"framework|system|pipeline|probes?|classifiers?|signatures?|nomograms?))\s+)?(?:with|against)\b"
                         # another study's model whose figures are quoted, not run ("whose figures we quote as published")
                         r"|\b(?:figures|numbers|results|values|performance|metrics)\s+(?:(?:we|are|were)\s+)?quoted?\b"
                         r"|\bquoted\s+(?:as\s+published|from\s+(?:its|their|the)\s+(?:original\s+)?(?:paper|publication|"
                         r"article|report))", re.I)
_OTHERS_HINTS = ("xisting", "revious", "rior ", "arlier", "ublished", "onventional", "raditional", "ost ", "any ",
                 "everal ", "ecent ", "ther ")
# a paragraph under a heading that names the methods compared with ("Compared methods", "4.3 Baselines."): each of its
# sentences states a comparator, not a stage of the pipeline
_COMPARED_HEADING = re.compile(r"\s*(?:(?:\d+(?:\.\d+)*|[A-Z]|[IVX]+)[.)]?\s+)?(?:(?:Compared|Comparison|Comparative|"
                               r"Competing|Benchmark|Reference)(?=\s+(?:methods?|models?|approaches|algorithms?|systems?|"
                               r"baselines?|experiments?)\b)|Comparators?|Baselines?|Benchmarks)(?:\s+(?:methods?|models?|"
                               # (a word alone such as "Comparison" or "Reference" may head the study's own comparison or
                               # its reference standard)
                               r"approaches|algorithms?|systems?|baselines?|experiments?))?\s*(?:[.:]\s|\n)")
# a sentence about what other studies usually do ("Existing models usually first localise the joint", "Prior studies
# typically segmented the tumour manually"): the field's methods, up to the clause's end, not the study's
_OTHERS_DO = re.compile(r"\s*(?:(?:Most|Many)\s+)?(?:existing|previous|prior|earlier|published|conventional|"
                        r"traditional|most|many)\s+(?:[\w-]+\s+){0,3}?(?:models|methods|approaches|studies|works|"
                        r"pipelines|systems|algorithms|papers|authors)\s+(?:(?:have|had)\s+)?(?:(?:usually|typically|often|commonly|generally|"
                        r"mostly|frequently|largely|mainly|traditionally)\b|(?:rel(?:y|ied)|use[ds]?|require[ds]?|"
                        # (not "used" after the noun saying which: "Most models used in this study were ...")
                        r"depend(?:ed)?)\b(?!\s+(?:in|for|by|as|at|to|here|herein|within|throughout|during|on)\b))[^;:]*?(?=[;:]|\b(?:whereas|but|however|while|in contrast|unlike)\b|$)"
                        # what other studies did, said in the past ("Earlier studies of renal masses trained CNNs end
                        # to end or extracted radiomic features from TotalSegmentator masks [5, 6]", "Several recent
                        # studies have used ..."): their methods, not this study's
                        # (people, "authors", "investigators", "groups", are others' only where said to be: "Several
                        # authors independently contoured the tumours" are this study's; "other authors" are not)
                        r"|\s*(?:(?:(?:existing|previous|prior|earlier|published|several|some|many|most|other|recent)\s+)+"
                        r"(?:[\w-]+\s+){0,2}?(?:studies|works|papers|publications|reports)|(?:(?:several|some|many|most|"
                        r"recent)\s+)?(?:existing|previous|prior|earlier|published|other)\s+(?:[\w-]+\s+){0,2}?"
                        r"(?:authors|investigators|groups))"
                        r"\s+(?:(?:of|on|in|with|for)\s+(?:[\w-]+\s+){1,4}?)?(?:(?:have|had)\s+)?(?:[\w-]+ly\s+)?"
                        r"(?:trained|extracted|applied|developed|built|segmented|fine-?tuned|proposed|employed|adopted|"
                        r"combined|fed|used|relied|investigated|explored|compared|delineated|contoured)\b"
                        r"[^;:]*?(?=[;:]|\b(?:whereas|but|however|while|in contrast|unlike)\b|$)", re.I)


# what the study's results are compared with, said to be another study's ("its performance was compared with the
# published results of a ResNet-50 from a previous study", "compared with the CNN of Smith et al."): from the verb to
# the clause's end, another study's model, not a stage of this one
_COMPARED_WITH_OTHERS = re.compile(
    r"\b(?:compared|comparison|benchmarked)\s+(?:with|to|against)\s+(?=[^;.]{0,100}?\b(?:published|previously\s+"
    r"(?:reported|described|proposed|developed|published)|reported\s+(?:in|by)|(?:a|the|an)\s+(?:previous|prior|"
    r"earlier|another|other)\s+(?:study|studies|work|publication|paper)|the\s+literature|et\s+al\b))"
    # figures of other studies reported for a network ("two published numbers from the literature for fine-tuned
    # DenseNet-121 models")
    r"|\b(?:published|previously\s+reported)\s+(?:[\w-]+\s+){0,2}?(?:numbers|results|figures|values|performances?|"
    r"AUCs?)\s+(?:(?:from|in)\s+the\s+literature\s+)?(?:for|of)\b", re.I)


def _without_comparator(text: str, offset: int, names: list[Mention],
                        cues: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The mentions of a sentence without those of the clause that states a comparator model."""
    m = _COMPARATOR.search(text)
    if m is None:
        others = _COMPARED_WITH_OTHERS.search(text)
        if others is None:
            return names, cues
        lo, hi = offset + others.start(), offset + _clause_end(text, others.end())
        return [n for n in names if not lo <= n.start < hi], [c for c in cues if not lo <= c.start < hi]
    a = text.rfind(";", 0, m.start()) + 1
    if text[m.start():m.start() + 1] in ("\n", ":", ";"):
        a = m.start() + 1  # "...; as a baseline, a logistic regression ...": the comparator's clause, after the mark
    if _SERVED_AS.match(m.group()):
        # "A random forest was trained, and a LASSO logistic regression served as a baseline": the comparator is the
        # subject of its own clause, not the study's model said in the clause before it
        # (the first verb looked for once, not again before each "and": a long list of them costs no square)
        verb = _FINITE.search(text, a, m.start())
        verb_end = verb.end() if verb is not None else len(text) + 1
        a = max((c.end() for c in _CLAUSE_BEFORE.finditer(text, a, m.start()) if not c.group().strip().startswith(
            "and") or verb_end <= c.start()), default=a)
    # (from the match's start: "served as a baseline;" ends at its own semicolon)
    if _SERVED_AS.match(m.group()):  # (a clause of its own may follow the comparator's: "..., and a CNN was trained")
        lo, hi = offset + a, offset + _clause_end(text, m.end() - m.group().endswith(","), m.start())
    else:  # ("As comparison, ... and ...": what follows is all the comparator's, to the semicolon)
        b = text.find(";", m.end())
        lo, hi = offset + a, offset + (b if b >= 0 else len(text))
    return [n for n in names if not lo <= n.start < hi], [c for c in cues if not lo <= c.start < hi]


def _clause_end(text: str, after: int, semicolon_from: int | None = None) -> int:
    """Where the clause that goes on at ``after`` ends: at a semicolon, or where a clause of its own with its own verb
    follows ("..., and a 3D U-Net was then trained", "..., and tumours were contoured manually"), else at the
    sentence's end."""
    b = text.find(";", after if semicolon_from is None else semicolon_from)
    end = b if b >= 0 else len(text)
    new = _NEW_CLAUSE.search(text, after, end)
    return new.start() if new is not None else end


_SERVED_AS = re.compile(r"(?:served|serving|used|acted|built|trained|fitted|developed|constructed|implemented|"
                        r"included)\b", re.I)
_CLAUSE_BEFORE = re.compile(r",\s*(?:and|while|whereas|but)\s|\s+and\s+(?=(?:a|an|the|its|our)\b)", re.I)
_FINITE = re.compile(r"\b(?:was|were|is|are|(?:had|has|have)\s+been)\b", re.I)
# a clause of its own after a comparator's ("..., and a 3D CNN was trained end to end"): the study's own again
# ("a ResNet-50 and a DenseNet that were trained elsewhere" goes on: a relative clause is the comparator's)
_NEW_CLAUSE = re.compile(r"(?:,\s*(?:and|but|while|whereas|after\s+which|then)|\s+and)\s+(?=(?:(?!\b(?:that|which|who|"
                         r"whose)\b)[^,;.]){0,80}?\b(?:was|were|is|are|has|have|had)\b)", re.I)


# text and marks burned into the images that a step removes ("cropped to the sector to remove annotations",
# "burned-in text annotations were erased"): an image cleaned, nothing delineated
_OVERLAY_BEFORE = re.compile(r"(?:\b(?:remov|eras|strip|delet|inpaint|clean|hid|blank|obscur)\w*\s+(?:(?:the|all|any|"
                             r"of|from)\s+){0,2}|\b(?:burn(?:ed|t)[- ]?in|on-?screen|text|textual|overlaid|overlay|"
                             r"embedded)\s+(?:text\s+)?)$", re.I)
_OVERLAY_AFTER = re.compile(r"\s*(?:,?\s*and\s+(?:[\w-]+\s+){0,4}?)?(?:were|was|are|is|(?:had|has|have)\s+been)\s+(?:\w+\s+)?(?:removed|erased|"
                            r"deleted|inpainted|blanked|cropped\s+out|masked\s+out|cleaned)\b", re.I)


# an annotation that gives the whole image a class ("image-level annotations", "annotated by a radiologist as normal
# or abnormal", "annotated each mammogram with its density category"): a label, not an outline
_LABEL_LEVEL_BEFORE = re.compile(r"\b(?:(?:image|slice|exam(?:ination)?|study|patient|case|scan|series|frame|view|breast|"
                                 r"volume|video|bag|global)[- ]level|weak|global|binary|diagnostic)\s+$", re.I)
# ("as" saying how, not which class: "as described previously", "as in our earlier work", "as follows")
_CLASS_AFTER = re.compile(r"\s+(?:[\w-]+\s+){0,5}?(?:as\s+(?!(?:an?\s+|the\s+)?(?:ROI|VOI|regions?|masks?|contours?|"
                          r"bounding|boxe?s?|outlines?|polygons?|points?|seeds?|reference|ground[- ]truth|training|targets?)\b)"
                          r"(?!(?:\w+ly\s+)?(?:described|reported|"
                          r"detailed|defined|specified|recommended|explained|proposed|published|outlined|shown|illustrated|"
                          r"depicted|done|before|above|below|follows|in|per|part|well|such|far|much|needed|necessary|"
                          r"required|usual|previously|elsewhere)\b)|with\s+(?:its|their|the|a|an)\s+"
                          r"(?:[\w-]+\s+){0,2}?(?:category|categories|grade|label|class|diagnosis|score|density|outcome|"
                          r"presence|absence|types?|subtypes?|stages?|severity)\b)", re.I)
# an annotation said to be of a class, or made by a grading scheme ("annotations of the diagnosis", "annotated
# according to the AO classification"): a label, not an outline (contouring guidelines are not named here)
_CLASS_DIRECT = re.compile(r"\s+(?:of\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+)?(?:diagnos[ie]s|grades?|categor(?:y|ies)|"
                           r"class(?:es)?|outcomes?|severity|stages?|types?|subtypes?)\b|(?:[\w-]+\s+){0,3}?according\s+to\s+"
                           r"(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:classification|grading|grades|scale|system|lexicon|categories|"
                           r"score)\b)", re.I)


# an annotation of whether a finding is there ("annotated for the presence or absence of fracture", "annotated the
# presence of pneumothorax on each radiograph", "labels (fracture present or absent) were annotated"): a label of the
# whole image, not an outline ("annotated the margins in the presence of oedema" outlines)
_PRESENCE_AFTER = re.compile(r"\s+(?:(?:each|every|all|the)\s+(?:[\w-]+\s+){0,2}?)?(?:for\s+)?(?:the\s+)?(?:presence|"
                             r"absence)\b", re.I)
_PRESENCE_BEFORE = re.compile(r"\b(?:present|absent|presence|absence)\)?\s+(?:(?:were|was|are|is|(?:had|has|have)\s+been)\s+)?(?:\w+ly\s+)?$", re.I)


# a sentence saying that what each image received is one label of the whole image ("Annotation. Each radiograph
# received one image-level label"), and naming no outline, box or mask: its annotation (a subsection's heading read
# with it) is that label
_WHOLE_LABEL = re.compile(r"\b(?:image|slice|exam(?:ination)?|study|patient|case|scan|series|frame|view|video|"
                          r"volume)[- ]level\s+(?:labels?|annotations?|class(?:es)?|diagnos[ie]s|categor(?:y|ies))\b",
                          re.I)
_OUTLINE_WORDS = re.compile(r"\b(?:outlin\w*|contour\w*|delineat\w*|segment\w*|drew|drawn|boxe?s?|masks?|polygons?|"
                            r"ROIs?|VOIs?|pixel[- ]level|pixel-?wise|regions?|boundar(?:y|ies)|borders?|edges?|"
                            r"extents?)\b", re.I)

_NONE_BEFORE = re.compile(r"\b(?:no|not|never|nor|without)\s+(?:[\w-]+\s+){0,4}$", re.I)


def _overlays(text: str, offset: int, cues: list[Mention]) -> list[Mention]:
    """The cues without annotations named as marks on the images that are removed from them, or as a class given to
    the whole image."""
    # (an outline named only as not drawn, "image-level labels only; no outlines or boxes were drawn", is none)
    whole_label = _WHOLE_LABEL.search(text) is not None and not any(
        not _NONE_BEFORE.search(text, max(0, m.start() - 40), m.start()) for m in _OUTLINE_WORDS.finditer(text))
    return [c for c in cues if not (c.value == "segment" and text[c.start - offset:c.start - offset + 7].lower() ==
                                    "annotat" and (whole_label or  # (at a sentence's start too: "Annotations of the diagnosis")
        _OVERLAY_BEFORE.search(text, max(0, c.start - offset - 40), c.start - offset) or
        _OVERLAY_AFTER.match(text, c.end - offset) or
        _LABEL_LEVEL_BEFORE.search(text, max(0, c.start - offset - 30), c.start - offset) or
        _PRESENCE_BEFORE.search(text, max(0, c.start - offset - 30), c.start - offset) or
        _CLASS_AFTER.match(text, c.end - offset) or _PRESENCE_AFTER.match(text, c.end - offset) or
        _CLASS_DIRECT.match(text, c.end - offset)))]


def _line_starts(text: str) -> list[int]:
    """Where each line after the first starts, past a list item's mark ("- Existing models usually ...")."""
    if "\n" not in text:
        return []
    return [m.end() if (m := LIST_MARK.match(text, k + 1)) else k + 1 for k, ch in enumerate(text) if ch == "\n"]


def _at_a_start(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern`` matched at the sentence's start, or at a line's (after a heading read with it)."""
    return pattern.match(text) or next((m for k in _line_starts(text) if (m := pattern.match(text, k))), None)


def _negated_in(mentions: list[Mention], lo: int, hi: int) -> list[Mention]:
    """The mentions, those that start in [lo, hi) marked negated: said of what the study did not do."""
    return [m._replace(negated=True) if lo <= m.start < hi else m for m in mentions]


class SentenceMentions(NamedTuple):
    sentence: Sentence
    names: list[Mention]
    cues: list[Mention]
    unknown: list[tuple[int, int, str]]  # (start, end, word) of names the vocabulary does not know


def read_sentence(s: Sentence, index: int, cues: list[Mention] | None = None,
                  tokens: list[_Token] | None = None, first: bool = True) -> SentenceMentions:
    """Every mention of one sentence, negation marked (``cues`` and ``tokens``: when already found; ``first``: no
    network was named in the sentences before)."""
    text = s.text
    if tokens is None:
        tokens = _tokens(text, s.start)
    names, unknown = name_mentions(text, s.start, tokens, index, first)
    names = [n for n in names if not (_DESCRIBED.match(text, n.end - s.start) or not (
        n.role == "model" and n.family in ("classical", "statistical")) and _RESTS_ON.match(text, n.end - s.start))]
    if names and _may_hold(text, _NOT_NAMES_WORDS) and _NOT_NAMES.search(text):
        spans = [(s.start + m.start(), s.start + m.end()) for m in _NOT_NAMES.finditer(text)]
        names = [n for n in names if not any(a <= n.start < b for a, b in spans)]
    if cues is None:
        cues = cue_mentions(s, index)
    if "nnotat" in text:  # (cheap test first)
        cues = _overlays(text, s.start, cues)
    scope = _scope(text)
    if scope.pre or scope.post:
        names = [n._replace(negated=negated(text, scope, n.start - s.start, n.end - s.start)) for n in names]
        # (a frozen cue holds its own negation, "not fine-tuned": what it states is the weights kept)
        cues = [c._replace(negated=negated(text, scope, c.start - s.start, c.end - s.start) and not (
            c.value == "frozen" and text[c.start - s.start:c.start - s.start + 1] in "nNwW")) for c in cues]
    if "baseline" in text or "ompar" in text or "enchmark" in text or "quot" in text or "For ref" in text or \
            "ublished" in text or "reviously reported" in text or "s ref" in text:  # (cheap)
        names, cues = _without_comparator(text, s.start, names, cues)
    if any(w in text for w in _OTHERS_HINTS):  # (cheap test first)
        others = _at_a_start(_OTHERS_DO, text)
        if others:
            lo, hi = s.start + others.start(), s.start + others.end()
            names, cues = _negated_in(names, lo, hi), _negated_in(cues, lo, hi)
    if any(w in text for w in _ELSEWHERE_HINTS):  # (cheap test first)
        elsewhere = _at_a_start(_ELSEWHERE, text)
        # (unless what follows takes the method up in this study: "a DenseNet-121, which we fine-tuned here")
        if elsewhere and not _TAKEN_UP.match(text, elsewhere.end()):
            lo, hi = s.start + elsewhere.start(), s.start + elsewhere.end()
            names, cues = _negated_in(names, lo, hi), _negated_in(cues, lo, hi)
    aside = _SET_ASIDE.search(text)
    if aside:
        turn = s.start + aside.start("turn")
        names, cues = _negated_in(names, 0, turn), _negated_in(cues, 0, turn)
    if names and (text.find("ave ") >= 0 or "instead" in text):  # (cheap test first: most sentences have neither)
        said = _OF_THE_FIELD.search(text)
        if said:  # "Deep neural networks have shown promise in related tasks": the field's methods, not the study's
            end = s.start + said.end()
            names = [n._replace(negated=True) if n.start < end and n.kind == "term" else n for n in names]
            cues = [c._replace(negated=True) if c.start < end and c.value in ("deep_model", "ai_model") else c
                    for c in cues]
    return SentenceMentions(s, names, cues, [(t.start, t.end, t.text) for t in unknown])


def read_sentences(text: str, sentences: list[Sentence]) -> list[SentenceMentions]:
    """Every sentence's mentions. A cue is tried only where a word starts with one of the texts its matches start
    with (read from the pattern itself, see :func:`_starts`): most patterns have nothing to find at most words,
    and drafting stays linear in the text with a small constant."""
    starts, by_head, anywhere = _dispatch()
    compiled = _compiled()
    # the text lower-cased once, where each character lower-cases to one (so offsets stay the text's); else each
    # word's start is lower-cased where it is tried
    lowered_text = text.lower()
    whole = len(lowered_text) == len(text)
    out: list[SentenceMentions] = []
    first = True  # no network named yet: "the transformer" names one rather than referring back
    comparing: int | None = None  # the paragraph under a heading naming the methods compared with
    for k, s in enumerate(sentences):
        tokens = _tokens(s.text, s.start)
        cues: list[Mention] = []
        ends: dict[str, int] = {}
        for t in tokens:
            head = starts.match(lowered_text, t.start) if whole else \
                starts.match(text[t.start:t.start + MAX_LITERAL].lower())
            if head is None:
                continue
            for name in by_head[head.group()]:
                if t.start < ends.get(name, -1):
                    continue
                m = compiled[name].match(text, t.start, s.end)
                if m is not None:
                    ends[name] = m.end()
                    cues.append(_cue(name, m, k))
        lowered = ""
        for name in anywhere:
            guard = _GUARDS.get(name)
            if guard is not None:
                lowered = lowered or s.text.lower()
                if not any(w in lowered for w in guard):
                    continue
            cues += [_cue(name, m, k) for m in compiled[name].finditer(text, s.start, s.end)]
        cues.sort(key=lambda c: (c.start, c.value))
        if s.number == 1:  # a paragraph under a heading naming the methods compared with states none of the pipeline
            comparing = s.paragraph if _COMPARED_HEADING.match(s.text) else None
        if s.paragraph == comparing:
            out.append(SentenceMentions(s, [], [], []))
            continue
        out.append(read_sentence(s, k, cues, tokens, first))
        first = first and not _a_network(out[-1].names)
    return out


MAX_LITERAL = 24
# For the cues whose matches may start with any word: texts every match contains, tested before the pattern runs
# (tests/draft/test_draft.py checks each guard against its pattern's matches on the test paragraphs).
_GUARDS: dict[str, tuple[str, ...]] = {
    "versus": ("between", "differentiat", "distinguish", "discriminat", "classif", "versus", "vs"),
    "param_maps": ("map",),
    "measure": ("volume", "mtv", "tlg", "glycolysis", "suv", "dmax", "attenuation", "densit", "intensit", "adc", "hu",
                "hounsfield", "ejection", "diameter", "area", "emphysema", "laa", "muscle", "fat", "adipose", "pdff",
                "stiffness", "elasticity", "shear", "t1", "t2", "apparent", "agatston", "calcium", "trans", "thickness", "dense", "fibroglandular",
                "uptake", "vef", "edv", "esv", "lvsv", "rvsv", "mass"),
}


def _cue(name: str, m: re.Match[str], k: int) -> Mention:
    detail = "|".join(f"{g}={v}" for g, v in m.groupdict().items() if v) if m.re.groupindex else ""
    return Mention("cue", name, m.start(), m.end(), k, detail=detail)


@functools.cache
def _dispatch() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], tuple[str, ...]]:
    """(a pattern matching the longest literal start of any cue at the beginning of a word's lower-cased text; that
    literal -> the cues whose matches may start there: every cue with a literal that is a prefix of it; the cues tried
    everywhere: those whose matches may start anywhere or with a character that starts no word)."""
    literals: dict[str, list[str]] = {}
    anywhere: list[str] = []
    for name in CUES:
        literal = _starts()[name]
        if literal is None or any(not x[:1].isalnum() for x in literal):
            anywhere.append(name)
            continue
        for x in dict.fromkeys(x[:MAX_LITERAL] for x in literal):  # a literal's start is as necessary as all of it
            literals.setdefault(x, []).append(name)
    # several literals may match at one word; all of them are prefixes of the longest, which the pattern finds first
    starts = re.compile(_trie_pattern(sorted(literals)))
    by_head = {x: tuple(dict.fromkeys(name for y in literals if x.startswith(y) for name in literals[y]))
               for x in literals}
    return starts, by_head, tuple(anywhere)


_Trie = dict[str, "_Trie"]  # a character -> the words' trie after it ("" marks a word's end)


def _trie_pattern(words: list[str]) -> str:
    """A pattern matching the longest of ``words`` that starts the text, written as their trie (one character
    tested per step, whatever the number of words) rather than as an alternation tried word by word."""
    trie: _Trie = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: _Trie) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        alternation = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{alternation})?" if "" in node else alternation

    return pattern(trie)
