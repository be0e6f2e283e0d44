"""The text as a reader sees it: what a manuscript's characters hide from a pattern, undone before drafting, with
the offsets back into the document's own text.

Manuscripts carry characters nobody sees and line breaks nobody meant: a soft hyphen a word processor or a web page
put inside "segmen\u00adtation", zero-width spaces and direction marks, no-break and thin spaces, the ligatures of a
PDF's fonts ("\ufb01ne-tuned"), a word hyphenated at the end of a line of text copied from a PDF ("segmen-" and
"tation" on the next line) and prose hard-wrapped inside a paragraph ("regions of" and "interest placed by ..." on
two lines). Each would hide a word or a phrase from the drafting rules, so that how the text was typed or copied, not
what it says, changed a verdict. :func:`for_reading` gives the text with them undone (invisible characters dropped,
spaces made plain, ligatures spelled out, a line-end hyphen before a lower-case letter joined, a line break inside a
sentence's run of prose made a space) and a :class:`Offsets` that maps its offsets back to the document's: every
offset pipespec draft reports still counts code points in the document's extracted text, and every quote is taken
from it.

Line breaks that carry structure stay: blank lines (paragraphs), the end of a heading's line, and a line that starts
with a capital, a digit or a mark (a list item, a table row, a new sentence on a line of its own).
"""

from __future__ import annotations

import bisect
import re
from typing import NamedTuple

# format characters with no glyph: soft hyphen, combining grapheme joiner, zero-width space / non-joiner / joiner,
# direction marks and embeddings, word joiner and invisible operators, the byte order mark inside a text
_DROP = "\u00ad\u034f\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
# spaces of other widths, and the no-break ones
_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# typographic quotes and hyphens that stand for the plain ones ("the radiologists’ boxes", "U‑Net")
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
                        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2212": "-"})
_TYPOGRAPHIC = "\u2018-\u201f\u2032\u2033\u2010-\u2012\u2212"
_UNSEEN = re.compile(f"[{_DROP}]+")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
              "\ufb06": "st"}
# what changes the text's length: dropped characters, ligatures, a hyphen at a line's end between two letters
_RESHAPE = re.compile(f"[{_DROP}]+|[\ufb00-\ufb06]|(?<=[^\\W\\d_])-[ \\t]*\\r?\\n[ \\t]*(?=[^\\W\\d_])")
# what keeps it: other spaces, and a line break inside prose (the next line goes on in lower case)
_SPACE = re.compile(f"[{_SPACES}]|(?<=[^\\s-])[ \\t]*\\r?\\n(?=[ \\t]*[a-z(])")
_ANY = re.compile(f"[{_DROP}{_SPACES}{_TYPOGRAPHIC}\ufb00-\ufb06]|\\n[ \\t]*[a-z(]|-[ \\t]*\\r?\\n")
_WORD_BEFORE = re.compile(r"[^\W\d_]+$")
_WORD_AFTER = re.compile(r"[^\W\d_]+")
# a line-end hyphen after one of these words joins a compound ("deep-" "learning"), which keeps its hyphen, unless the
# text writes the word joined elsewhere; after anything else it splits a word ("segmen-" "tation"), unless the text
# writes it hyphenated elsewhere
_COMPOUND_FIRST = frozenset("deep end two three four five one single double self cross whole high low state long "
                            "short well first second third hand fine non semi time fully".split())


class Offsets:
    """Offsets of the text read mapped to the document's, and back. Built from breakpoints: from a breakpoint on,
    the document's offset is the read text's plus that breakpoint's shift."""

    __slots__ = ("_at", "_shift", "_length")

    def __init__(self, at: list[int], shift: list[int], length: int) -> None:
        self._at, self._shift, self._length = at, shift, length  # where the shift changes, the shift from there

    def to_document(self, offset: int) -> int:
        """The document's offset of the read text's ``offset`` (of the first character it stands for)."""
        k = bisect.bisect_right(self._at, offset) - 1
        return offset + (self._shift[k] if k >= 0 else 0)

    def end_to_document(self, end: int) -> int:
        """The document's offset of an end (exclusive): just past the character before ``end``."""
        return self.to_document(end - 1) + 1 if end > 0 else 0

    def to_read(self, offset: int) -> int:
        """The read text's offset of the document's ``offset``: the first read character standing for it or for
        what follows it (a dropped character: the next one kept)."""
        lo, hi = 0, self._length
        while lo < hi:
            mid = (lo + hi) // 2
            if self.to_document(mid) < offset:
                lo = mid + 1
            else:
                hi = mid
        return lo


class Reread(NamedTuple):
    """The text as read, and its offsets in the document's text."""

    text: str
    offsets: Offsets


def unseen(quote: str) -> str:
    """A quote of the document without the characters nobody sees in it (a soft hyphen, a zero-width space)."""
    return _UNSEEN.sub("", quote)


def _spaced(m: re.Match[str]) -> str:
    return " " * len(m.group())


def for_reading(text: str, keep: frozenset[int] = frozenset()) -> Reread | None:
    """The text as a reader sees it and its offsets back, or ``None`` when it is already so (most texts: one scan).
    ``keep``: offsets of line breaks that must stay (the ends of heading lines)."""
    if _ANY.search(text) is None:
        return None
    # first what keeps the length (offsets unchanged): plain spaces, line breaks inside prose made spaces
    spaced = _SPACE.sub(lambda m: m.group() if "\n" in m.group() and m.end() - 1 in keep else _spaced(m),
                        text.translate(_PLAIN))
    words: set[str] | None = None  # the text's words, lower-cased (read when a line-end hyphen needs them)
    out: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    last = 0  # in the document
    n = 0  # the read text's length so far
    s = 0  # the current shift
    for m in _RESHAPE.finditer(spaced):
        g = m.group()
        if "\n" in g and any(p in keep for p in range(m.start(), m.end())):
            continue
        out.append(spaced[last:m.start()])
        n += m.start() - last
        last = m.end()
        if g[0] in _LIGATURES:
            spelled = _LIGATURES[g[0]]
            out.append(spelled)
            for k in range(1, len(spelled)):  # each further letter stands for the ligature too
                at.append(n + k)
                shift.append(s - k)
            n += len(spelled)
            s -= len(spelled) - 1
            continue
        if g[0] == "-":
            if words is None:
                words = set(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", spaced))
            before = _WORD_BEFORE.search(spaced, 0, m.start())
            after = _WORD_AFTER.match(spaced, m.end())
            left = before.group().lower() if before else ""
            right = after.group().lower() if after else ""
            joined_elsewhere = left + right in words
            hyphen = not joined_elsewhere and (f"{left}-{right}" in words or left in _COMPOUND_FIRST
                                               or spaced[m.end()].isupper())  # "CNN-" "Transformer", "U-" "Net"
            if hyphen:  # a compound: its hyphen stays, the line break and the indent go
                out.append("-")
                n += 1
                s += len(g) - 1
                at.append(n)
                shift.append(s)
                continue
        s += len(g)  # dropped: the characters, or a word's hyphen and the line break after it
        at.append(n)
        shift.append(s)
    out.append(spaced[last:])
    read = "".join(out)
    return Reread(read, Offsets(at, shift, len(read)))
