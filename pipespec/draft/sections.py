"""Which part of a document is read: the Methods section (``--section auto``) or the whole text (``all``)."""


from typing import NamedTuple

from pipespec.draft.documents import Document

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
    for i, s in enumerate(sections):
        if s.kind != "methods" or (i and sections[i - 1].kind == "methods" and sections[i - 1].end > s.start):
            continue
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


def select_part(doc: Document, section: str = "auto") -> tuple[Part, str | None]:
    """The part to read and a note when ``auto`` found no Methods heading (then the whole text is read)."""
    if section not in SECTION_CHOICES:
        raise ValueError(f"section must be one of {', '.join(SECTION_CHOICES)}, not {section!r}")
    whole = Part(None, 0, len(doc.text))
    if section == "all":
        return whole, None
    found = methods_part(doc)
    if found is None:
        return whole, ("no Methods heading found (looked for \"Materials and methods\", \"Methods\", \"Patients and "
                       "methods\", \"Study design\"): the whole text was read")
    return found, None
