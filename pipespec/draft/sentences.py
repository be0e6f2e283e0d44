"""Paragraphs and sentences of the part read, with their offsets in the document's text.

Sentence boundaries come from syntok (a rule-based segmenter that knows abbreviations such as "Fig.", "e.g.",
"i.e.", "vs." and initials, and never splits a decimal number); paragraphs are the blocks between blank lines, with
heading lines left out (a heading line inside a block starts a paragraph of its own). Offsets count code points in
the document's extracted text.
"""


import bisect
import re
from typing import NamedTuple

from pipespec.draft.documents import Document
from pipespec.draft.sections import Part

_BLOCK = re.compile(r"\S(?:.*\S)?(?:\n[ \t]*\S(?:.*\S)?)*")  # lines up to a blank line


# a run-in label of terse Methods ("Segmentation. Semi-automatic, then adjusted by hand."; "2.4 Model: random
# forest."): a few capitalised words closed by a full stop or colon, which names what the next sentence is about
_LABEL = re.compile(r"(?:\d+(?:\.\d+)*\.?\s+)?(?!(?:We|I|It|They|This|These|That|Those|Our|No|None|Nothing)\b)"
                    r"[A-Z][\w-]*(?:\s+[\w-]+){0,2}\s*[.:]"
                    # a longer title in sentence case with no verb ("Neural network on radiomic features.", "Deep
                    # learning radiomics model development:")
                    r"|(?:\d+(?:\.\d+)*\.?\s+)?(?!(?:We|I|It|They|This|These|That|Those|Our|No|None|Nothing)\b)"
                    r"[A-Z][\w-]*(?:\s+(?!(?:is|are|was|were|has|have|had|be|been|do|does|did|can|could|will|would|"
                    r"may|might|must|should)\b)(?![a-z-]+ed\b)[a-z][\w-]*){3,5}\s*[.:]")


# a table's or figure's caption, a paragraph of its own under a heading in DOCX, JATS and PDF: not what the heading
# introduces ("Table 1. Readers", "Figure 2: Examples", "Fig. 3 The network", "Supplementary Table S1")
# a short line over the sentence that starts on the next line: capitalised, at most six words, with no mark of a
# sentence at its end (a line wrapped inside a sentence ends with a word that goes on, and is longer)
_HEADING_LINE = re.compile(r"[ \t]*(?:\d+(?:\.\d+)*\.?\s+)?[A-Z][\w()'-]*(?:[ \t]+[\w()'&/-]+){0,5}[ \t]*(?<![.,;:])"
                           r"(?<!\band)(?<!\bor)(?<!\bof)(?<!\bthe)(?<!\bwith)(?<!\bin)(?<!\bfor)(?<!\bto)(?<!\bby)"
                           r"(?<!\ba)(?<!\ban)\n[ \t]*(?=[A-Z0-9])")
_CAPTION = re.compile(r"(?:Supplementary\s+)?(?:Tables?|Fig(?:ure)?s?\.?)\s*S?\d+[A-Za-z]?\b")


# a list item's mark at the start of a sentence ("- ", "* ", "\u2022 ", "1) ", "2. ", "(a) "): the item's sentence starts
# after it, as the sentence would in the paragraph the list could have been ("- As a baseline, we also trained ..."
# opens with "As a baseline" as "As a baseline, we also trained ..." does)
LIST_MARK = re.compile(r"(?:[-*\u2022\u2023\u25aa\u25cf\u2013]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])[ \t]+(?=\S)")


# the start of a bold run-in label that a full stop inside cut short ("**Item 7. Data sources.** Radiographs were
# ...", "**2.3. Model.** A CNN ..."): its bold has not closed yet
_BOLD_OPENED = re.compile(r"(?:\*\*|__)(?:(?!\*\*|__)[^\n]){1,60}")


def _run_in_labels(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """A run-in label is read with the sentence it introduces (the label alone states nothing, and the sentence
    alone may not say that it is about segmentation or the model), and a bold one whole, whatever full stops it
    holds: each sentence with where the sentence after its label starts (-1: no label)."""
    out: list[tuple[int, int, int]] = []
    k = 0
    while k < len(found):
        s, e = found[k]
        if k + 1 < len(found) and _BOLD_OPENED.fullmatch(text, s, e) and "**" in text[found[k + 1][0]:found[k + 1][1]]:
            found[k + 1] = (s, found[k + 1][1])  # read with the rest of the label (and the sentence after it)
            k += 1
            continue
        if k + 1 < len(found) and _LABEL.fullmatch(text, s, e):
            out.append((s, found[k + 1][1], found[k + 1][0]))
            k += 2
            continue
        out.append((s, e, -1))
        k += 1
    return out


def _rejoined(text: str, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A bracket opened on the same line after a word with no full stop continues its sentence ("in 12 scans (5 %)
    where the mask leaked" is one sentence, although a segmenter may start one at "(5")."""
    out: list[tuple[int, int]] = []
    for s, e in found:
        if out and text.startswith("(", s) and text[out[-1][1] - 1] not in ".!?:;" and "\n" not in text[out[-1][1]:s]:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


class Sentence(NamedTuple):
    start: int
    end: int
    paragraph: int  # 1-based, within the part read
    number: int  # 1-based, within its paragraph
    text: str  # text[start:end]: with the heading above it, when it is the first sentence under one
    body: int = -1  # where the sentence itself starts, past a heading on a line of its own (-1: at start)
    labelled: int = -1  # where the sentence itself starts, past a run-in label read with it (-1: none)

    def quoted_start(self) -> int:
        """Where its quote starts: the sentence itself, never the heading above it read with it (found as a heading,
        or a short line of a few capitalised words with no mark of a sentence, on a line of its own before it:
        "Segmentation" over "A radiologist outlined ...", which a plain text does not mark otherwise)."""
        if self.body >= 0:
            return self.body
        m = _HEADING_LINE.match(self.text) if self.labelled < 0 and "\n" in self.text[:61] else None
        return self.start if m is None else self.start + m.end()

    def titled(self) -> int:
        """Where the sentence itself starts, past a heading or a run-in label read with it (-1: neither): what comes
        before is the title of the part it opens."""
        return max(self.body, self.labelled)

    def clauses(self) -> list[str]:
        """Its clauses joined by semicolons outside brackets ("The lungs were masked; the volume was cropped"): each
        states a fact of its own, as the sentences an author could equally have written."""
        return clauses(self.text)


def clause_starts(text: str) -> list[int]:
    """Where each of ``text``'s clauses (as :func:`clauses` cuts them) starts, as offsets into ``text``."""
    starts, at = [0], 0
    for c in clauses(text)[:-1]:
        at += len(c) + 1
        starts.append(at)
    return starts


def clauses(text: str) -> list[str]:
    """``text`` cut at each semicolon outside brackets (a list inside a bracket, "(GLCM; GLRLM)", stays whole)."""
    out, depth, at = [], 0, 0
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            out.append(text[at:k])
            at = k + 1
    out.append(text[at:])
    return out


def sentences(doc: Document, part: Part) -> list[Sentence]:
    """The sentences of ``part`` in order, numbered by paragraph."""
    from syntok.segmenter import analyze  # type: ignore[import-untyped]  # syntok ships no type information

    text = doc.text
    heading_kinds = {s.start: (s.kind, s.title) for s in doc.sections}
    out: list[Sentence] = []
    paragraph = 0
    carried: int | None = None  # a subsection's heading, read with the first sentence under it
    for a, b in _pieces(text, part, sorted(heading_kinds)):
        while a < b and a in heading_kinds:  # heading lines are not sentences of their own
            kind, title = heading_kinds[a]
            nl = text.find("\n", a, b)
            carried = None
            if kind == "other" and not _CAPTION.match(title):  # from its words (past a Markdown heading's hashes)
                end = b if nl < 0 else nl
                at = text.find(title, a, end)
                # from the line's start where the words are closed by marks of their own ("**Segmentation**")
                carried = a if at < 0 or text[at + len(title):end].strip() else at
            a = b if nl < 0 else nl + 1
            while a < b and text[a].isspace():
                a += 1
        if a >= b:
            continue
        chunk = text[a:b]
        found: list[tuple[int, int]] = []
        for para in analyze(chunk):
            for sent in para:
                if not sent:
                    continue
                first, last = sent[0], sent[-1]
                start, end = a + first.offset, a + last.offset + len(last.value)
                if mark := LIST_MARK.match(text, start, end):  # (on a line of its own or not: "\n(b)" is read as " (b)")
                    start = mark.end()
                found.append((start, end))
        if not found:
            carried = None
            continue
        if carried is not None and _CAPTION.match(text, found[0][0]):
            carried = None  # a caption under the heading: the heading is not read with it, nor across it
        body = -1
        if carried is not None:
            # a subsection's heading says what its first sentence is about, as a run-in label does ("Reference
            # annotation" above "a radiologist outlined ..."): read with it, whether the format shows the heading on
            # a line of its own (DOCX, JATS, PDF, Markdown) or runs it into the paragraph (plain text); its quote is
            # the sentence itself, as the heading is a line of its own
            body = found[0][0]
            found[0] = (carried, found[0][1])
            carried = None
        read = _run_in_labels(text, _rejoined(text, found))
        paragraph += 1
        for n, (s, e, labelled) in enumerate(read, 1):
            out.append(Sentence(s, e, paragraph, n, text[s:e], body if n == 1 and s < body < e else -1, labelled))
    return out


def _pieces(text: str, part: Part, heading_starts: list[int]) -> list[tuple[int, int]]:
    """The blocks of ``part`` (lines up to a blank line), each cut again where a heading line starts inside it: a
    heading with no blank line around it ("We included 200 patients.\n2.5 Model development\nA CNN was trained")
    starts a paragraph of its own, as one between blank lines does."""
    out: list[tuple[int, int]] = []
    for block in _BLOCK.finditer(text, part.start, part.end):
        a, b = block.span()
        k = bisect.bisect_right(heading_starts, a)
        while k < len(heading_starts) and heading_starts[k] < b:
            out.append((a, heading_starts[k]))
            a = heading_starts[k]
            k += 1
        out.append((a, b))
    return out
