"""Which part of a document is read: the Methods section (``--section auto``) or the whole text (``all``)."""


import re
from typing import NamedTuple

from pipespec.draft.documents import FRONT, Document, Section, opens_paper

SECTION_CHOICES = ("auto", "all")


class Part(NamedTuple):
    """The part of the text a draft reads: the Methods heading's title (``None`` for the whole text) and offsets."""

    title: str | None
    start: int
    end: int


def methods_part(doc: Document) -> Part | None:
    """The Methods section: from a Methods heading ("Materials and methods", "Methods", "Patients and methods",
    "Study design", ...) through its subsections, to the next heading of another part of the paper (results,
    discussion, references ...). Where several headings qualify (a structured abstract's "Methods" line and the
    body's section), the longest part is read."""
    best: Part | None = None
    sections = doc.sections
    ends = _part_ends(sections)
    for i, s in enumerate(sections):
        if s.kind != "methods" or (i and sections[i - 1].kind == "methods" and sections[i - 1].end > s.start):
            continue
        if ends is not None:
            end = ends[i]
        else:
            end = s.end
            for later in sections[i + 1:]:
                if later.start < s.start:
                    continue
                if later.kind in ("part", "end"):
                    end = later.start
                    break
                end = max(end, later.end)
        if best is None or end - s.start > best.end - best.start:
            best = Part(s.title, s.start, end)
    return best


def _part_ends(sections: tuple[Section, ...]) -> list[int] | None:
    """Where the part that each section starts ends (the start of the next heading of another part of the paper, or
    the furthest end of the sections after it), for sections in the text's order, found in one pass from the last:
    a document of many Methods headings is not scanned again from each. ``None`` when they are not in order."""
    if any(a.start > b.start for a, b in zip(sections, sections[1:])):
        return None
    out = [0] * len(sections)
    stop: int | None = None  # the start of the nearest later heading of another part
    furthest = 0  # the furthest end of the later sections
    for i in range(len(sections) - 1, -1, -1):
        s = sections[i]
        out[i] = stop if stop is not None else max(s.end, furthest)
        if s.kind in ("part", "end"):
            stop = s.start
        furthest = max(furthest, s.end)
    return out


def between_parts(doc: Document) -> Part | None:
    """With no Methods heading, the sections a paper puts where its Methods would be ("Patients", "Image analysis",
    "Statistical analysis" between the Introduction and the Results): from the first heading of no known part that
    starts a section of its own (not a subsection of the part before it), through the sections after it, to the next
    heading of another part of the paper; ``None`` unless such a heading of another part follows (a text of
    subsection headings alone is read whole). A heading over other parts of the paper (a title whose Introduction and
    Results are its subsections) starts no such run: the run is looked for inside it. The longest such run is read.
    Where no heading of another part follows any run, the run after the parts that open a paper (its Introduction,
    Background or Related work) is read to the end of the text: an engineering paper's "Proposed method" and
    "Experiments" after its "Related work", the other studies' methods left out."""
    sections = sorted(doc.sections, key=lambda s: s.start)
    # the index of the next heading of another part of the paper after each heading (one pass from the end)
    next_part = [len(sections)] * len(sections)
    for k in range(len(sections) - 2, -1, -1):
        after = sections[k + 1]
        next_part[k] = k + 1 if after.kind in ("part", "end") else next_part[k + 1]
    best: Part | None = None
    tail: Part | None = None  # the run after the parts that open the paper, when no other part follows it
    part_level: int | None = None  # the level of the last heading of another part
    front = False  # whether that heading is one of the parts that open a paper
    k = 0
    while k < len(sections):
        s = sections[k]
        if s.kind in ("part", "end") or part_level is not None and s.level > part_level:
            if s.kind in ("part", "end"):
                part_level = s.level
                front = s.kind == "part" and FRONT.fullmatch(s.title.strip().strip(":").strip()) is not None
            k += 1
            continue
        j = next_part[k]
        if j < len(sections) and sections[j].level > s.level:  # a title over the paper's parts: read inside it
            k += 1
            continue
        if j < len(sections) and opens_paper(sections[j].title):  # a title page, before the abstract or introduction
            k = j
            continue
        if j < len(sections) and (best is None or sections[j].start - s.start > best.end - best.start):
            best = Part(s.title, s.start, sections[j].start)
        elif j == len(sections) and front and tail is None:
            tail = Part(s.title, s.start, len(doc.text))
        k = j
    return best or tail


# a paragraph that opens with the name of a later part of the paper as its run-in label ("Results. The final cohort
# comprised ...", "**Discussion:** Our ...", "RESULTS: ..."): a short report, a letter or a manuscript as submitted
# runs its parts into paragraphs with no heading line, and the part read ends there as at a heading; the label
# starts a line after a blank line or after a line that ends a sentence, and a sentence follows it
_RUN_IN_PART = re.compile(r"(?:(?<=\n)[ \t]*\n|(?<=[.!?:])[ \t]*\n)[ \t]*(?:\*\*|__)?"
                          r"(?:(?:\d+(?:\.\d+)*|[IVX]+)\.?[ \t]+)?"
                          r"(?=[A-Z])(?i:results?|discussion|conclusions?|references|acknowledge?ments)"
                          r"[ \t]*(?:\*\*|__)?[ \t]*[.:][ \t]*(?:\*\*|__)?[ \t]+(?=[A-Z0-9(\"\u201c])")
# what every match of _RUN_IN_PART holds from the line break before its label on, tried first
_RUN_IN_HINT = re.compile(r"\n[ \t]*(?:\*\*|__)?(?:(?:\d+(?:\.\d+)*|[IVX]+)\.?[ \t]+)?"
                          r"(?=[A-Z])(?i:results?|discussion|conclusions?|references|acknowledge?ments)")


def _ended_by_run_in_label(text: str, part: Part) -> Part:
    """``part`` up to the first paragraph inside it that a later part of the paper opens as a run-in label."""
    if _RUN_IN_HINT.search(text, part.start + 1, part.end) is None:  # (a literal line break leads: fast to seek)
        return part
    m = _RUN_IN_PART.search(text, part.start + 1, part.end)
    if m is None:
        return part
    return part._replace(end=m.start())


def select_part(doc: Document, section: str = "auto") -> tuple[Part, str | None]:
    """The part to read and a note when ``auto`` found no Methods heading (then the whole text is read)."""
    if section not in SECTION_CHOICES:
        raise ValueError(f"section must be one of {', '.join(SECTION_CHOICES)}, not {section!r}")
    whole = Part(None, 0, len(doc.text))
    if section == "all":
        return whole, None
    found = methods_part(doc)
    if found is None:
        between = between_parts(doc)
        if between is not None:
            between = _ended_by_run_in_label(doc.text, between)
            upto = "the end of the text" if between.end == len(doc.text) else "the next part of the paper"
            return between, f"no Methods heading found: the sections from \"{between.title}\" to {upto} were read"
        return whole, ("no Methods heading found (looked for \"Materials and methods\", \"Methods\", \"Patients and "
                       "methods\", \"Study design\"): the whole text was read")
    return _ended_by_run_in_label(doc.text, found), None
