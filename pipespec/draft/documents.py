"""Documents in, text out: a small registry of readers, one per input format.

``read_document(data, fmt, name)`` gives a :class:`Document`: its extracted text (every offset pipespec draft
reports counts code points in it), its format and its headed sections.  Plain text and Markdown are read here, in
the base install; other formats (DOCX, JATS XML, PDF) register their readers with :func:`register` from modules
that import their libraries only when called.  A format whose library is not installed is one line naming the
extra in both install forms.

The format comes from the name's suffix, else from the first bytes (``%PDF``, a zip holding
``word/document.xml``, ``<?xml`` or ``<article``), else it is plain text.
"""


import re
from collections.abc import Callable
from typing import NamedTuple

from pipespec.errors import Diagnostic, LimitError, ReadError, Span
from pipespec.limits import DEFAULT_LIMITS, Limits

INPUT_FORMATS = ("txt", "md", "docx", "jats", "pdf")
EXTRA_HINT = 'pip install "pipespec[documents]" (or, from a checkout, pip install ".[documents]")'
MAX_DOCUMENT_BYTES = 20 << 20  # a document file (DOCX, PDF) before extraction


class Section(NamedTuple):
    """A headed part of a document: its heading's text, the offsets of the part (heading included) and its kind:
    ``methods``; ``part`` (another part of a paper: abstract, introduction, results, discussion, conclusions);
    ``end`` (references, acknowledgements, declarations: where the body stops); or ``other`` (a heading that
    names no known part, such as a subsection's)."""

    title: str
    start: int
    end: int
    kind: str
    level: int = 1  # heading depth when the format shows it (Markdown #, numbering 2.1), else 1


class Document(NamedTuple):
    """A document's extracted text, its format and its headed sections in order."""

    text: str
    format: str
    sections: tuple[Section, ...]
    notes: tuple[str, ...] = ()  # what the reader did that the author should know (an encoding guessed)


Reader = Callable[[bytes, str], Document]
_READERS: dict[str, Reader] = {}
_SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx", ".xml": "jats",
             ".nxml": "jats", ".jats": "jats", ".pdf": "pdf"}


def register(fmt: str, reader: Reader) -> None:
    """Add (or replace) the reader of one input format: ``reader(data, name) -> Document``."""
    if fmt not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {fmt!r}")
    _READERS[fmt] = reader


def missing_extra(fmt: str, name: str) -> ReadError:
    """The one-line error for a format whose reader (or its library) is not installed."""
    what = {"docx": "DOCX", "jats": "JATS XML", "pdf": "PDF"}.get(fmt, fmt)
    return ReadError(Diagnostic("PS100", f"reading {what} needs the documents extra: {EXTRA_HINT}",
                                Span(name, 1, 1)))


def sniff(data: bytes | str, name: str | None = None) -> str:
    """The input format: from the name's suffix, else from the first bytes, else plain text."""
    if name:
        dot = name.rfind(".")
        if dot > max(name.rfind("/"), name.rfind("\\")):
            fmt = _SUFFIXES.get(name[dot:].lower())
            if fmt is not None:
                return fmt
    if isinstance(data, str):
        head_text = data[:512].lstrip("\ufeff \t\r\n")
        return "jats" if head_text.startswith(("<?xml", "<article", "<!DOCTYPE article")) else _text_kind(data)
    head = data[:1024]
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:1 << 16]:
        return "docx"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith((b"<?xml", b"<article", b"<!DOCTYPE article")):
        return "jats"
    return "txt"


_MD_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)


def _text_kind(text: str) -> str:
    return "md" if _MD_HEADING.search(text[:1 << 16]) else "txt"


def read_document(data: bytes | str, fmt: str | None = None, name: str | None = None,
                  limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a document: ``data`` is its bytes (decoded by its format) or text already decoded; ``fmt`` one of
    ``txt md docx jats pdf`` or ``None`` (sniffed); ``name`` the file's name for messages and the suffix.

    Every failure is a located :class:`~pipespec.errors.InputError`: an unreadable or unsupported document
    (PS100), extracted text over the size limit (PS112)."""
    where = name or "<document>"
    if fmt is not None and fmt not in INPUT_FORMATS:
        raise ValueError(f"input format must be one of {', '.join(INPUT_FORMATS)} or None, not {fmt!r}")
    if fmt is None:
        fmt = sniff(data, name)
    if isinstance(data, bytes) and len(data) > MAX_DOCUMENT_BYTES:
        raise LimitError(Diagnostic("PS112", f"document is {len(data)} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                                    Span(where, 1, 1)))
    if fmt in ("txt", "md"):
        notes: tuple[str, ...] = ()
        try:
            text = data if isinstance(data, str) else _decode(data, where, limits)
        except _NotUtf8 as guessed:
            text = guessed.text
            notes = (guessed.note,)
        doc = Document(text, fmt, headed_sections(text, markdown=fmt == "md"), notes)
    else:
        reader = _READERS.get(fmt)
        if reader is None:
            raise missing_extra(fmt, where)
        doc = reader(data.encode("utf-8") if isinstance(data, str) else data, where)
    check_text_size(doc.text, where, limits)
    return doc


def check_text_size(text: str, where: str, limits: Limits = DEFAULT_LIMITS) -> None:
    """Extracted text over the file limit (1 MiB of UTF-8) is refused, whatever format it came from."""
    size = len(text) if len(text) * 4 <= limits.max_bytes else len(text.encode("utf-8", "surrogatepass"))
    if size > limits.max_bytes:
        raise LimitError(Diagnostic("PS112", f"extracted text is {size} bytes; the limit is {limits.max_bytes}"
                                             f"{limits.option('max-bytes')}", Span(where, 1, 1)))


def _decode(data: bytes, where: str, limits: Limits) -> str:
    from pipespec.language.source import decode

    try:
        return decode(data, where, limits)
    except ReadError as exc:  # the language's message says "pipeline file": say document
        d = exc.diagnostics[0]
        if d.message.startswith("invalid UTF-8"):
            raise _NotUtf8(data) from None
        raise ReadError(d._replace(message=d.message.replace("pipeline file", "text document"))) from None


class _NotUtf8(Exception):
    """A text document that is not UTF-8: a word processor's "plain text" on Windows is Windows-1252."""

    def __init__(self, data: bytes) -> None:
        super().__init__("not UTF-8")
        # a UTF-8 text with a few stray bytes (two texts pasted together): its accents and quotes are UTF-8, and read
        # as Windows-1252 every one of them would turn into two or three wrong characters ("â€œ" for a quote)
        as_utf8 = data.decode("utf-8", "replace")
        stray = as_utf8.count("\ufffd")
        if sum(ord(c) > 127 for c in as_utf8) - stray > stray:
            self.text, self.encoding = as_utf8, "UTF-8"
            self.note = (f"the text is not all UTF-8: {stray} stray byte{'s were' if stray > 1 else ' was'} read as "
                         "\ufffd (save it as UTF-8 if a quote shows one)")
            return
        try:
            self.text, self.encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined: ISO 8859-1 reads every byte
            self.text, self.encoding = data.decode("latin-1"), "ISO 8859-1"
        self.note = (f"the text is not UTF-8: it was read as {self.encoding} (save it as UTF-8 if its accents, "
                     "quotes or symbols look wrong in the quotes)")


# ------------------------------------------------------------------------------------------- headings
# what a Methods heading says, and the headings where the body of a paper ends
_WHO = r"(?:materials?|patients?|subjects?|participants?|data(?:\s?sets?)?|study\s+population|population)"
# (who or what was studied, listed before the methods: "Patients, materials and methods")
_METHODS = re.compile(rf"(?:(?:{_WHO}\s*,\s*)*(?:{_WHO}|(?:study\s+)?design)\s*,?\s*(?:and|&)\s*)?"
                      r"(?:methods?|methodology)"
                      rf"(?:\s*(?:and|&)\s*(?:{_WHO}|analys[ie]s|(?:study\s+)?design))?"
                      r"|study\s+design(?:\s*(?:and|&)\s*(?:participants|patients|population|setting))?"
                      r"|experimental\s+(?:design|procedures?|setup|section|methods?)|materials?"
                      # a technical note's or a short paper's Methods ("Technique", "Proposed method")
                      r"|techniques?|proposed\s+(?:methods?|approach|framework)", re.I)
_END = re.compile(r"references?|bibliography|acknowledge?ments?|funding|conflicts?\s+of\s+interests?"
                  r"|competing\s+interests?|declarations?|author\s+contributions?|abbreviations|"
                  r"supplementary\s+(?:material|data|information)", re.I)
# (an engineering paper's review of other work is a part of its own, as its Introduction is: "Related work")
_MAJOR = re.compile(r"abstract|summary|introduction|background|results?|discussion|conclusions?"
                    r"|limitations|results\s+and\s+(?:discussion|analysis)"
                    # a conference paper's Results ("IV. Experiments and results", "Experimental results")
                    r"|experiments?\s+and\s+results|experimental\s+results"
                    r"|(?:background\s+and\s+)?(?:related|prior|previous)\s+(?:work|studies|literature)|literature\s+review"
                    r"|state\s+of\s+the\s+art", re.I)
# the parts that open a paper, before its Methods: what stands before them is its title page
_OPENING = re.compile(r"abstract|summary|introduction|background", re.I)
# the parts of a paper that come before its methods, its review of other work among them
FRONT = re.compile(r"abstract|summary|introduction|background|(?:background\s+and\s+)?(?:related|prior|previous)\s+"
                   r"(?:work|studies|literature)|literature\s+review|state\s+of\s+the\s+art", re.I)
# a heading line: Markdown hashes, or a short line (numbered or not) without a sentence's final full stop
_NUMBER = re.compile(r"(?:(?P<num>\d+(?:\.\d+)*)\.?(?:[ \t]*\|)?|(?P<roman>[IVX]+)\.)\s+")
_LINE = re.compile(r"[^\n]*\n?")
MAX_HEADING_WORDS = 8
# a numbered line that Markdown reads as an ordered list's item ("1. Segmentation"): one number, then "." or ")"
_LIST_ITEM = re.compile(r"\d+[.)]\s")
# what a heading's words never hold: a finite verb of a sentence, or a last word that leads on to more words (a
# sentence wrapped after a line that starts with a number: "3 Tesla MRI scanners were used for all")
_SENTENCE_WORDS = re.compile(r"\b(?:is|are|was|were|has|have|had|did|does|be|been)\b"
                             r"|\b(?:a|an|the|of|and|or|for|to|in|on|with|by|from|at|all|each|as)\s*$", re.I)


_REMARK = re.compile(r"\s*[(\[][^()\[\]]*[)\]]\s*$")


class Heading(NamedTuple):
    title: str
    start: int
    level: int
    kind: str


def heading_kind(title: str) -> str:
    t = title.strip().strip(":").strip()
    # a remark in brackets after the heading's words says how the part is written, not what part it is ("Methods
    # (reported following the CLAIM checklist)", "Results (excerpt)")
    t = _REMARK.sub("", t) or t
    if _METHODS.fullmatch(t):
        return "methods"
    if _END.fullmatch(t):
        return "end"
    if _MAJOR.fullmatch(t):
        return "major"
    return "other"


def numbered(title: str) -> tuple[str, int]:
    """A heading's words without its number ("2.3 Image segmentation", "III. METHODOLOGY", "2 | METHODS") and the
    depth its number shows (2.3: 2; none: 0). A word processor's or a JATS heading keeps its number in its text,
    where a plain text's heading line is read without it: the part a heading names is found from its words."""
    text = title.strip()
    m = _NUMBER.match(text)
    if m is None or not text[m.end():].strip():
        return text, 0
    depth = m.group("num").count(".") + 1 if m.group("num") else 1
    return text[m.end():].strip(), depth


def opens_paper(title: str) -> bool:
    """Whether a heading names a part that opens a paper (its abstract, introduction or background): nothing before
    it is Methods."""
    return _OPENING.fullmatch(_REMARK.sub("", title.strip().strip(":").strip()) or title) is not None


def _numbered_alone(text: str, markdown: bool, before: str, after: str) -> bool:
    """A numbered line that is a heading although nothing else marks it (no blank line before it in plain text;
    no '#', bold or blank lines around it in Markdown): the line before ends a sentence or is a heading, the line
    after does not continue a sentence, and neither is numbered like it (an item of a numbered list)."""
    m = _NUMBER.match(text)
    if m is None or text.endswith((".", ",", ";", ":")) or before[-1:] not in ("", ".", "!", "?"):
        return False
    if after[:1].islower():
        return False  # a sentence wrapped after a line that starts with a number
    shape = _shape(m)
    for other in (before, after):
        o = _NUMBER.match(other)
        if o is not None and _shape(o) == shape:
            return False  # items of a list, one per line
    # in Markdown "1. Methods" is a list's item by its syntax: a heading where it names a part of a paper
    return not markdown or _LIST_ITEM.match(text) is None or heading_kind(text[m.end():].strip("*_ ")) != "other"


_BOLD_LINE = re.compile(r"(\*\*|__)(?!\s)[^*_\n]+(?<!\s)\1")


def _alone_between_sentences(text: str, markdown: bool, before: str, after: str) -> bool:
    """A short line of its own between a line that ends a sentence and a longer one that starts a sentence, with no
    blank line around it: a heading when the whole line is in bold ("**Model development**"), and in plain text
    (whose lines are not wrapped for it) also when it is a few capitalised words with no mark of a sentence
    ("Model development"). Its words are then held to a heading's (see _heading)."""
    if before[-1:] not in ("", ".", "!", "?") or not after[:1].isupper():
        return False
    if _BOLD_LINE.fullmatch(text):
        return True
    return not markdown and bool(before) and not text.endswith((".", ",", ";", ":")) and len(text.split()) <= 5 \
        and len(after.split()) > len(text.split()) + 2 and _NUMBER.match(text) is None


def _part_alone(text: str, before: str, after: str) -> bool:
    """A line that is the name of a part of a paper ("2 Materials and methods", "MATERIALS AND METHODS", "Results")
    with nothing else marking it: numbered, in capitals, or after a line that ends a sentence; the line after does
    not continue a sentence."""
    m = _NUMBER.match(text)
    title = text[m.end():] if m else text
    title = title.strip("*_ ").rstrip(":").strip()
    if not title[:1].isupper() or heading_kind(title) == "other" or after[:1].islower():
        return False
    return m is not None or title.isupper() or before[-1:] in ("", ".", "!", "?")


def _shape(m: re.Match[str]) -> tuple[str, int, bool]:
    """How a heading's number is written: roman or arabic, its depth and whether a full stop closes it."""
    if m.group("roman"):
        return ("roman", 1, True)
    return ("arabic", m.group("num").count("."), m.group().rstrip().endswith((".", "|")))


def _heading(line: str, start: int, markdown: bool, blank_before: bool, alone: bool, before: str = "",
             after: str = "") -> Heading | None:
    text = line.strip()
    if not text or len(text) > 100:
        return None
    hashes = len(text) - len(text.lstrip("#"))
    loose = False  # a heading only by its number: its words are held to a heading's
    if hashes:
        if hashes > 6 or not text[hashes:hashes + 1].isspace():
            return None
        text = text[hashes:].strip().rstrip("#").strip()
    elif not blank_before or markdown and not (text.startswith("**") and text.endswith("**") or alone):
        bare = text[2:-2].strip() if _BOLD_LINE.fullmatch(text) else text  # "**2.5 Model**": its number, bold
        if not (_numbered_alone(bare, markdown, before, after) or _part_alone(text, before, after) or
                _alone_between_sentences(text, markdown, before, after)):
            return None  # in Markdown a heading is a # line, a line in bold, a part's name alone, or numbered
        loose = True
    elif markdown and not text.startswith("**") and _numbered_alone(text, markdown, before, after):
        loose = True  # a numbered line alone between blank lines
    elif text.endswith((".", ",", ";")) and not _NUMBER.fullmatch(text + " "):
        return None
    bold = text.startswith(("**", "__"))
    text = text.strip("*_ ")
    m = _NUMBER.match(text)
    level = hashes or 1
    if m:
        if not hashes:
            level = m.group("num").count(".") + 1 if m.group("num") else 1
        text = text[m.end():].strip()
    text = text.strip("*_ ").rstrip(".:").strip()
    if not text or len(text.split()) > MAX_HEADING_WORDS or not text[0].isalpha():
        return None
    kind = heading_kind(text)
    if kind == "end" and m and m.group("num") and "." in m.group("num"):
        # the back matter is never numbered as a subsection: "2.2 Reference" names a part of the section it sits in
        # (the reference standard), not the bibliography
        kind = "other"
    if loose and kind == "other" and (not text[0].isupper() or _SENTENCE_WORDS.search(text)):
        return None
    # a short line that names no known part is a heading only when marked (#, bold, a number, all in capitals:
    # "NEURAL NETWORK ON RADIOMIC FEATURES" over its paragraph) and capitalised
    capitals = text.isupper() and "|" not in text and sum(c.isalpha() for c in text) >= 4
    if kind == "other" and not hashes and (not (m or bold or alone or loose or capitals) or not text[0].isupper()
                                           or markdown and not (bold or loose)):
        return None
    return Heading(text, start, level, kind)


def headings(text: str, markdown: bool) -> list[Heading]:
    """The headings of a plain-text or Markdown document, in order. In Markdown a heading is a ``#`` line or a line
    in bold; in plain text a short line without a sentence's full stop, after a blank line (or at the start), that
    names a part of a paper, is numbered or in bold, or stands alone between blank lines, capitalised. In both, a
    numbered line ("2.5 Model development", "II. METHODS", "2 | METHODS") after a line that ends a sentence is a
    heading, unless it reads as a sentence or as an item of a numbered list."""
    out: list[Heading] = []
    pos = 0
    blank_before = True
    before = ""  # the line before, stripped ("" after a blank line or a heading)
    in_fence = False
    for m in _LINE.finditer(text):
        line = m.group()
        if not line:
            break
        stripped = line.strip()
        if markdown and stripped.startswith("```"):
            in_fence = not in_fence
        elif not in_fence and stripped:
            after = text[m.end():m.end() + 2]
            alone = not after.strip() or after.startswith("\n")
            nl = text.find("\n", m.end())
            following = text[m.end():nl if nl >= 0 else len(text)].strip()
            h = _heading(line, pos + (len(line) - len(line.lstrip())), markdown, blank_before, alone, before,
                         following)
            if h is not None:
                out.append(h)
        blank_before = not stripped or (out[-1].start >= pos if out else False)
        before = "" if blank_before else stripped
        pos = m.end()
    return out


def headed_sections(text: str, markdown: bool = False) -> tuple[Section, ...]:
    """Sections from the headings: each runs to the next heading of the same or a higher level (Markdown hashes,
    numbering), or, where levels are not shown, to the next heading."""
    hs = headings(text, markdown)
    out: list[Section] = []
    for i, h in enumerate(hs):
        end = len(text)
        for later in hs[i + 1:]:
            if later.level <= h.level:
                end = later.start
                break
        out.append(Section(h.title, h.start, end, "part" if h.kind == "major" else h.kind, h.level))
    return tuple(out)
