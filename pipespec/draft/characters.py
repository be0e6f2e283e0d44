"""The text as a reader sees it: what a manuscript's characters hide from a pattern, undone before drafting, with
the offsets back into the document's own text.

Manuscripts carry characters nobody sees and line breaks nobody meant: a soft hyphen a word processor or a web page
put inside "segmen\u00adtation", zero-width spaces and direction marks, no-break and thin spaces, typographic quotes,
the ligatures of a PDF's fonts ("\ufb01ne-tuned"), a word hyphenated at the end of a line of text copied from a PDF
("segmen-" and "tation" on the next line), prose hard-wrapped inside a paragraph ("regions of" and "interest placed
by ..." on two lines), citations ("(Smith et al., 2021)", a PDF's reference numbers after a full stop) and Markdown's
emphasis marks inside a sentence. Each would hide a word or a phrase from the drafting rules, so that how the text
was typed or copied, not what it says, changed a verdict. :func:`for_reading` gives the text with them undone
(invisible characters, citations and emphasis marks left out, spaces, quotes and hyphens made plain, ligatures
spelled out, a line-end hyphen joined, a line break inside a sentence's run of prose made a space) and an
:class:`Offsets` that maps its offsets back to the document's: every offset pipespec draft reports still counts code
points in the document's extracted text, and every quote is taken from it.

Line breaks that carry structure stay: blank lines (paragraphs), the end of a heading's line, and a line that starts
with a capital, a digit or a mark (a list item, a table row, a new sentence on a line of its own).

An abbreviation the text defines ("deep learning (DL)", "deep features (DFs)") is read, after its definition, as
the words it stands for, as a reader does: how an author chose to abbreviate a phrase must not change what the
phrase says. The definitions are found as Schwartz and Hearst's algorithm finds them (a short form in brackets after
words whose initials and letters it takes in order); which are spelled out is the caller's to say (pipespec draft
spells out abbreviated methods phrases, not established terms such as HU, nor names it knows, CNN or LASSO).
"""


import bisect
import re
from collections.abc import Callable
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
# (each pattern starts with the character it is about, and what must come before it is checked in code: a pattern
# that starts with a look-behind is tried at every character of the text)
# what changes the text's length: dropped characters, ligatures, a hyphen at a line's end (after a letter)
_RESHAPE = re.compile(f"[{_DROP}]+|[\ufb00-\ufb06]|-[ \\t]*\\r?\\n[ \\t]*(?=[^\\W\\d_])|[ \\t]{{2,}}")
_TYPOGRAPHIC_RE = re.compile(f"[{_TYPOGRAPHIC}]")
# what keeps it: other spaces, and a line break inside prose (the next line goes on in lower case; the line before
# ends in no space or hyphen)
_SPACE = re.compile(f"[{_SPACES}]|\\r?\\n(?=[ \\t]*[a-z(])")
# what is left out: citations, which name authors and numbers no method is ("(Smith et al., 2021)", "(Smith and
# Jones, 2019; Lee, 2020)", "(Ronneberger et al.)", superscript numbers but an isotope's before its element
# ("\u00b9\u2078F"), a PDF's superscript reference numbers after a sentence's full stop:
# "... manually.12 Radiomic"), and Markdown's emphasis marks inside a line of prose
_AUTHOR = r"[A-Z][a-z\u00df-\u00ff'-]+(?: (?:and|&) [A-Z][a-z\u00df-\u00ff'-]+| et al\.?)?"
# (or by its authors alone, as a method is credited to its makers: "a U-Net (Ronneberger et al.) from k-space")
_CITATION = re.compile(f"\\((?:{_AUTHOR},? (?:19|20)\\d\\d[a-z]?(?:; ?)?)+\\)|[\u00b9\u00b2\u00b3\u2070-\u2079]+(?![^\\W\\d_])"
                       "|\\((?:[A-Z][a-z\u00df-\u00ff'-]+ et al\\.?(?:; ?)?)+\\)"
                       "|\\.\\d{1,3}(?:[,\u2013-]\\d{1,3})*(?= [A-Z])")
# (what an emphasis holds stops at its own mark, so that a line of many unclosed marks, "file_name_1 file_name_2
# ...", is scanned once, not once from each mark to the line's end)
_EMPHASIS = re.compile(r"(?:(\*{1,3})(?=[^\s*_])[^\n*]*?[^\s*_\\-]\1|(_{1,2})(?=[^\s*_])[^\n*_]*?[^\s*_\\-]\2)"
                       r"(?![*\w-])")
_PROSE = re.compile(r"[^ \t#]")
# whether a text holds anything of the above, in scans that each start with a literal or one character class (a
# pattern of many alternatives tried at every character took most of a millisecond on a 3,000-word text)
_ANY = (re.compile(f"[{_DROP}{_SPACES}{_TYPOGRAPHIC}\ufb00-\ufb06\u00b9\u00b2\u00b3\u2070-\u2079*_]"),
        re.compile(r"\n[ \t]*[a-z(]"), re.compile(r"-[ \t]*\r?\n"), re.compile(r" (?:19|20)\d\d[a-z]?[;)]"),
        re.compile(r"\.\d{1,3}(?:[,\u2013-]\d{1,3})* [A-Z]"))
_ANY_TEXTS = ("  ", "\t", "et al")


def _needs_reading(text: str) -> bool:
    return any(t in text for t in _ANY_TEXTS) or any(p.search(text) is not None for p in _ANY)


Edit = tuple[int, int, str]  # document offsets replaced, and the text read in their place
# a short form in brackets right after a word: two to ten characters, a letter first, at least one capital
_SHORT_FORM = re.compile(r"(?<=[\w\]]) ?\(([A-Za-z][A-Za-z0-9-]{0,8}[A-Za-z0-9])\)")


def _long_form(short: str, before: str) -> str | None:
    """The words of ``before`` (the text up to a bracketed short form) the short form abbreviates, after Schwartz and
    Hearst (2003): each letter or digit of the short form, from its last to its first, is found in the words in
    order, its first at the start of a word; the fewest words that do; at most min(letters + 5, 2 x letters) words."""
    letters = [c.lower() for c in short if c.isalnum()]
    if short.endswith("s") and len(letters) > 2 and short[:-1].isupper():
        letters.pop()  # a plural's s ("DFs")
    if len(letters) < 2 or not any(c.isupper() for c in short):
        return None
    s, k = len(letters) - 1, len(before) - 1
    while s >= 0:
        c = letters[s]
        while k >= 0 and (before[k].lower() != c or s == 0 and k > 0 and before[k - 1].isalnum()):
            k -= 1
        if k < 0:
            return None
        s -= 1
        k -= 1
    start = before.rfind(" ", 0, k + 1) + 1
    words = before[start:].split()
    if not words or len(words) > min(len(letters) + 5, 2 * len(letters)) or before[start:].strip().lower() == short.lower():
        return None
    return " ".join(words)


_MAX_DEFINITIONS = 200  # a paper defines a few dozen abbreviations: a text of thousands is not read for more
_MAX_TRIED = 2000
_BRACKETS_OR_STOPS = "\n.;:()[]"
_LONGEST_USE = 11  # a short form has at most ten characters (see _SHORT_FORM), its plural one more


def _abbreviations(text: str, kept: Callable[[str, str], bool]) -> list[Edit]:
    """Each use of an abbreviation the text defines, after its definition, read as the words it stands for (a plural
    "DLFs" of "deep learning feature (DLF)" as theirs with an s), and the bracketed definition left out; an
    abbreviation ``kept`` (given it and the words it stands for) is left as written."""
    defined: dict[str, tuple[int, str]] = {}
    passed: set[str] = set()
    out: list[Edit] = []
    for m in _SHORT_FORM.finditer(text):
        short = m.group(1)
        if short in defined or short in passed:
            continue
        if len(passed) + len(defined) >= _MAX_TRIED or len(defined) >= _MAX_DEFINITIONS:
            break
        lo = max(0, m.start() - 160)  # the words before it, back to a bracket or a sentence's or clause's end
        lo = max(lo, max(text.rfind(c, lo, m.start()) for c in _BRACKETS_OR_STOPS) + 1)
        long = _long_form(short, _UNSEEN.sub("", text[lo:m.start()]))
        if long is None or short in long or kept(short, long):
            passed.add(short)
            continue
        first = m.start() - len(long)
        if long[0].isupper() and long[1:2].islower() and text[max(0, first - 8):first].rstrip()[-1:] in ".!?:":
            long = long[0].lower() + long[1:]  # capitalised only as a sentence's first word
        if defined:  # an abbreviation defined with another ("DL radiomics (DLR)"): the other's words
            long = " ".join(defined[w][1] if w in defined else w for w in long.split(" "))
        defined[short] = (m.end(), long)
        out.append((m.start(), m.end(), ""))  # the definition itself: "deep learning (DL) features" as written out
    if not defined:
        return []
    # each word starting as a defined abbreviation does, tried whole and then without its last hyphened parts
    # ("DL-based": DL), as written or as a plural ("DFs" of DF); one scan of the text, whatever their number
    firsts = "".join(sorted({re.escape(k[0]) for k in defined}))
    for m in re.finditer(f"(?<![\\w-])[{firsts}][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?!\\w)", text):
        whole = m.group()
        # (only a word's first _LONGEST_USE characters can be a short form or its plural: a hyphened run of any
        # length is cut at most that many times, not once per hyphen)
        word = whole if len(whole) <= _LONGEST_USE else whole[:max(0, whole.rfind("-", 0, _LONGEST_USE + 1))]
        while word:
            plural = word not in defined and word.endswith("s") and word[:-1] in defined
            short = word[:-1] if plural else word
            if short in defined:
                after, long = defined[short]
                if m.start() >= after:
                    out.append((m.start(), m.start() + len(word), long + "s" if plural and not long.endswith("s")
                                else long))
                break
            cut = word.rfind("-")
            if cut < 0:
                break
            word = word[:cut]
    return out
_LETTER = re.compile(r"[^\W\d_]")
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


def _plain(m: re.Match[str]) -> str:
    return m.group().translate(_PLAIN)


def _space(m: re.Match[str], keep: frozenset[int]) -> str:
    g = m.group()
    if g[-1] != "\n":
        return " "
    text, k = m.string, m.start()
    while k and text[k - 1] in " \t":  # trailing spaces of the line before
        k -= 1
    before = text[k - 1] if k else "\n"
    if m.end() - 1 in keep or before.isspace() or before == "-":
        return g
    return " " * len(g)


def _spaced(m: re.Match[str]) -> str:
    return " " * len(m.group())


def for_reading(text: str, keep: frozenset[int] = frozenset(),
                kept: Callable[[str, str], bool] | None = None) -> Reread | None:
    """The text as a reader sees it and its offsets back, or ``None`` when it is already so (most texts: one scan).
    ``keep``: offsets of line breaks that must stay (the ends of heading lines). ``kept``: whether an abbreviation the
    text defines (given it and the words it stands for) is left as written; without it, none is spelled out."""
    abbreviations = _abbreviations(text, kept) if kept is not None else []
    if not abbreviations and not _needs_reading(text):
        return None
    # first what keeps the length: plain quotes, hyphens and spaces, a line break inside prose made a space
    plain = _TYPOGRAPHIC_RE.sub(_plain, text) if _TYPOGRAPHIC_RE.search(text) else text
    spaced = _SPACE.sub(lambda m: _space(m, keep), plain)
    edits = sorted([*_reshaped(spaced, keep), *_citations(spaced), *_emphasis(spaced), *abbreviations])
    out: list[str] = []
    at: list[int] = []
    shift: list[int] = []
    last = 0  # in the document
    n = 0  # the read text's length so far
    for a, b, new in edits:
        if a < last:
            continue  # overlaps an edit made
        out.append(spaced[last:a])
        n += a - last
        out.append(new)
        # each character written stands for the one of the document at its place (or, past what it replaces, for the
        # last of those: a ligature's letters); the text after the edit for what follows it
        for k in range(1, len(new) + 1):
            doc = b if k == len(new) else a + min(k, b - a - 1)
            at.append(n + k)
            shift.append(doc - (n + k))
        if not new:
            at.append(n)
            shift.append(b - n)
        n += len(new)
        last = b
    out.append(spaced[last:])
    read = "".join(out)
    return Reread(read, Offsets(at, shift, len(read)))


def _reshaped(text: str, keep: frozenset[int]) -> list[Edit]:
    """Invisible characters dropped, ligatures spelled out, words broken at a line's end joined."""
    out: list[Edit] = []
    words: set[str] | None = None  # the text's words, lower-cased (read when a line-end hyphen needs them)
    for m in _RESHAPE.finditer(text):
        g = m.group()
        if g[0] in _LIGATURES:
            out.append((m.start(), m.end(), _LIGATURES[g[0]]))
        elif g[0] in " \t":  # a run of spaces inside a line is one space (its indent is left as it is)
            if m.start() and text[m.start() - 1] != "\n":
                out.append((m.start(), m.end(), " "))
        elif g[0] != "-":
            out.append((m.start(), m.end(), ""))
        elif m.start() and _LETTER.match(text, m.start() - 1) and not any(p in keep for p in range(m.start(), m.end())):
            if words is None:
                words = set(w.lower() for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)*", text))
            before = _WORD_BEFORE.search(text, max(0, m.start() - 80), m.start())
            after = _WORD_AFTER.match(text, m.end())
            left = before.group().lower() if before else ""
            right = after.group().lower() if after else ""
            hyphen = left + right not in words and (f"{left}-{right}" in words or left in _COMPOUND_FIRST
                                                     or text[m.end()].isupper())  # "CNN-" "Transformer"
            out.append((m.start(), m.end(), "-" if hyphen else ""))  # a compound keeps its hyphen
    return out


def _citations(text: str) -> list[Edit]:
    """Citations dropped, with the space before a bracketed one."""
    out: list[Edit] = []
    for m in _CITATION.finditer(text):
        a, g = m.start(), m.group()
        if g[0] == ".":  # reference numbers after a full stop that ends a word or a bracket ("manually.12 The")
            if a and (text[a - 1] == ")" or _LETTER.match(text, a - 1) and text[a - 1].islower()):
                out.append((a + 1, m.end(), ""))
            continue
        if g[0] == "(" and a and text[a - 1] == " ":
            a -= 1
        out.append((a, m.end(), ""))
    return out


def _emphasis(text: str) -> list[Edit]:
    """Markdown's emphasis marks dropped inside a line (a line that starts with one, a heading or a bold run-in
    label, is left as it is)."""
    out: list[Edit] = []
    seen, first = 0, -1  # how far the text was looked at; where the line there first holds more than spaces and #
    for m in _EMPHASIS.finditer(text):
        a = m.start()
        nl = text.rfind("\n", seen, a)  # (from the last mark on: a long line is looked at once)
        if nl >= 0 or first < 0:
            prose = _PROSE.search(text, nl + 1, a)
            first = a if prose is None else prose.start()
        seen = a
        if a and (text[a - 1] in "*-" or text[a - 1].isalnum() or text[a - 1] == "_"):
            continue  # inside a word, or a longer run of marks
        if first >= a:
            continue
        mark = len(m.group(1) or m.group(2))
        out += [(m.start(), m.start() + mark, ""), (m.end() - mark, m.end(), "")]
    return out
