"""Drafting a pipeline from a manuscript's Methods: a front end of its own.

document (:mod:`~pipespec.draft.documents`) -> Methods section (:mod:`~pipespec.draft.sections`) -> sentences
(:mod:`~pipespec.draft.sentences`) -> mentions (:mod:`~pipespec.draft.mentions`, the one vocabulary) -> stages
(:mod:`~pipespec.draft.assemble`) -> flow (:mod:`~pipespec.draft.flow`) -> spec (:mod:`~pipespec.draft.spec`).

The draft is for a person to correct: every stage and edge cites the sentence it came from, an edge no sentence
states says "inferred", and a fact the text does not state stays out (its verdict is then ``review``). The same
document gives the same bytes. Only the CLI, the API (:func:`pipespec.draft`) and the server import this package.
"""


import hashlib
import os
import re
import sys
import types
from typing import Any, NamedTuple

from pipespec.draft.characters import Reread, for_reading, unseen
from pipespec.draft.documents import INPUT_FORMATS, Document, Section, read_document
from pipespec.draft.formats import install as _install_readers
from pipespec.draft.records import QUOTE_LIMIT, DraftEdge, DraftStage, Evidence, Fact, Missing, Note
from pipespec.draft.sections import SECTION_CHOICES, Part
from pipespec.draft.spec import TO_FORMATS
from pipespec.errors import Diagnostic, InputError, LimitError, PipespecError, ReadError, Span
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.model import Pipeline

__all__ = ["Document", "Draft", "DraftEdge", "DraftStage", "Evidence", "INPUT_FORMATS", "Missing",
           "NothingToDraft", "Note", "Part", "SECTION_CHOICES", "Section", "TO_FORMATS", "draft",
           "draft_document", "read_document"]

_install_readers()  # DOCX, JATS and PDF: their libraries (the documents extra) are imported when one is read

LOOKED_FOR = ("a model (a network or a classifier), a feature extraction or a trained segmentation network "
              "(names from pipespec's vocabulary, or phrases such as \"features were extracted\", \"a deep "
              "learning model was trained\")")


# a Methods section that describes a review of other studies: the methods it names are theirs
# a review of other studies, said as the kind of paper it is ("this systematic review", "In this review, we searched
# ...", "This review follows PRISMA"), not a reader's review of contours ("all contours were saved after this review",
# "In this review, 12 contours were corrected", "this review followed the same protocol"): a plain "this review" is
# the paper's only where its sentence names what a review of studies works on (studies, articles, the literature, the
# evidence, a search, PRISMA or PROSPERO)
_REVIEW = re.compile(r"\bthis (?:systematic |scoping |narrative |umbrella |literature )review\b|\bsystematic review and "
                     r"meta-analysis\b|\b(?:databases?|PubMed|MEDLINE|Embase|Scopus|Web of Science)\b[^.]{0,80}?"
                     r"\b(?:were|was|are|is|(?:had|has|have)\s+been) searched\b|(?:(?:^|[.!?]\s+|\n)In this review\b|\bthis review (?:summari[sz]es|"
                     r"synthesi[sz]es|follows|followed|adhere[sd]|includes|included|aims|aimed|was registered|is registered|"
                     r"was reported according|is reported according)\b)[^.!?\n]{0,200}?\b(?:studies|articles|papers|"
                     r"publications|literature|evidence|searched|search|PRISMA|PROSPERO|databases?|PubMed|MEDLINE|Embase)\b",
                     re.I)


_OPTION = re.compile(r"\s*\(--[\w-]+\)")  # the option of check that would raise a limit: draft has none


class NothingToDraft(PipespecError):
    """The text states no pipeline: no model, feature extraction or trained segmentation network."""

    def __init__(self, where: str, part: Part, review: str | None = None):
        self.where = where
        self.part = part
        read = f"the section \"{part.title}\"" if part.title else "the whole text"
        if review:  # the methods it names are other studies'
            super().__init__(f"no pipeline drafted from {read}: it describes a review of other studies "
                             f"(\"{review}\"), whose methods are not this study's pipeline")
        else:
            super().__init__(f"no pipeline drafted from {read}: looked for {LOOKED_FOR} and found none")


class Draft(NamedTuple):
    """A drafted pipeline: the spec (``spec``, in ``format``), the loaded :class:`~pipespec.model.Pipeline`, the part
    of the document read, the SHA-256 of the document's extracted text (offsets count code points in it), the
    evidence of every stage and edge, the facts METRICS needs that the text does not state, and notes."""

    spec: str
    format: str
    pipeline: Pipeline
    section: Part
    text_sha256: str
    stages: tuple[DraftStage, ...]
    edges: tuple[DraftEdge, ...]
    facts: tuple[Fact, ...]
    missing: tuple[Missing, ...]
    notes: tuple[Note, ...]
    dsl: str  # the DSL draft with its evidence comments (``spec`` when the format is DSL)
    document_format: str
    text: str  # the document's extracted text, which the offsets index

    def to_dict(self, check: Any = None) -> dict[str, Any]:
        """The JSON object ``pipespec draft --format json`` prints (``check``: the check report to include)."""
        out: dict[str, Any] = {
            "spec": self.spec,
            "format": self.format,
            "section": {"title": self.section.title, "start": self.section.start, "end": self.section.end},
            "text_sha256": self.text_sha256,
            "stages": {s.name: [e.to_dict() for e in s.evidence] for s in self.stages},
            "edges": [e.to_dict() for e in self.edges],
            "missing": [m.to_dict() for m in self.missing],
            "notes": [n.to_dict() for n in self.notes],
        }
        if check is not None:
            out["check"] = check
        return out


def draft(source: str | bytes | os.PathLike[str], *, to: str = "dsl", section: str = "auto",
          input_format: str | None = None, name: str | None = None, limits: Limits = DEFAULT_LIMITS) -> Draft:
    """Draft a pipeline from a manuscript's Methods.

    ``source``: a ``str`` is always the document's text (never a path: submitted text is untrusted); an
    ``os.PathLike`` is a file to read; ``bytes`` are a document whose format is sniffed (``%PDF``, a DOCX zip,
    JATS XML, else text). ``to``: ``dsl`` (default), ``yaml`` or ``json``. ``section``: ``auto`` (the Methods
    section, or the whole text when no Methods heading is found) or ``all``. ``input_format``: one of
    ``txt md docx jats pdf`` to override the sniffing.

    Raises :class:`NothingToDraft` when the text states no pipeline, and a located
    :class:`~pipespec.errors.InputError` when the document cannot be read (or its text is over the size limit).
    """
    if to not in TO_FORMATS:
        raise ValueError(f"to must be one of {', '.join(TO_FORMATS)}, not {to!r}")
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        data: bytes | str = _read_file(path)
        name = name or path
    elif isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str):
        data = source
    else:
        raise TypeError(f"draft() takes the text (str), a path (os.PathLike) or bytes, not {type(source).__name__}")
    doc = read_document(data, input_format, name, limits)
    return draft_document(doc, to=to, section=section, name=name)


def _read_file(path: str) -> bytes:
    from pipespec.draft.documents import MAX_DOCUMENT_BYTES

    where = Span(path, 1, 1)
    try:
        if path == "-":
            import sys

            data = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        else:
            if os.path.isdir(path):
                raise ReadError(Diagnostic("PS100", "is a directory, not a document", where))
            size = os.stat(path).st_size
            if size > MAX_DOCUMENT_BYTES:
                raise LimitError(Diagnostic("PS112", f"document is {size} bytes; the limit is {MAX_DOCUMENT_BYTES}",
                                            where))
            with open(path, "rb") as fh:
                data = fh.read(MAX_DOCUMENT_BYTES + 1)
    except FileNotFoundError:
        raise ReadError(Diagnostic("PS100", "no such file", where)) from None
    except InputError:
        raise
    except (OSError, ValueError) as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {getattr(exc, 'strerror', None) or exc}", where)) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise LimitError(Diagnostic("PS112", f"document is over the limit of {MAX_DOCUMENT_BYTES} bytes", where))
    return data


def draft_document(doc: Document, *, to: str = "dsl", section: str = "auto", name: str | None = None) -> Draft:
    """Draft from a document already read (see :func:`draft`)."""
    from pipespec.draft.assemble import Reading
    from pipespec.draft.flow import draft_stages
    from pipespec.draft.mentions import _may_hold, abbreviation_kept, read_sentences
    from pipespec.draft.sections import select_part
    from pipespec.draft.sentences import sentences
    from pipespec.draft.spec import convert, missing_facts
    from pipespec.draft.study import study_facts

    reread = for_reading(doc.text, _heading_breaks(doc), abbreviation_kept)
    seen = doc if reread is None else _as_read(doc, reread)
    part, section_note = select_part(seen, section)
    sents = sentences(seen, part)
    reading = Reading(seen.text, sents, read_sentences(seen.text, sents))
    # (every match of the review pattern has the word "review" or "searched": most Methods never do, and the
    # pattern, tried at every character, costs more than the test)
    review = _REVIEW.search(seen.text, part.start, part.end) if _may_hold(
        seen.text[part.start:part.end], ("review", "searched")) else None
    drafted = draft_stages(reading) if review is None else None
    if drafted is None or not drafted.stages:
        raise NothingToDraft(name or "<text>", _part_back(part, reread), review.group() if review else None)
    facts = study_facts(reading)
    notes: list[Note] = []
    read = f"the section \"{part.title}\"" if part.title else "the whole text"
    notes.append(Note(section_note or f"read {read} ({len(sents)} sentences)", part.start, part.end))
    notes += [Note(message) for message in doc.notes]
    notes += reading.notes + _notes(reading)
    if reread is not None:  # every offset and quote from here on is the document's own
        drafted, facts, notes = _back(drafted, facts, notes, reread, doc.text)
        part = _part_back(part, reread)
    title = f"Drafted from {os.path.basename(name)}" if name and name != "-" else "Drafted pipeline"
    header = [f"Drafted by pipespec draft from {read}: a draft for you to correct.",
              "Each stage and flow line cites the sentence it came from (paragraph and sentence numbers",
              "count within the part read); \"inferred\" marks what no sentence states. Facts the text",
              "does not state are left out: their verdicts stay review until you add them."]
    dsl, pipeline, analysis = _written(title, header, drafted, facts, notes, name or "<text>")
    verdicts = {n: (v.verdict, v.reason) for n, v in analysis.conditions.items()}
    missing = missing_facts(verdicts, facts, drafted.stages)
    digest = hashlib.sha256(doc.text.encode("utf-8", "surrogatepass")).hexdigest()
    return Draft(dsl if to == "dsl" else convert(dsl, to), to, pipeline, part, digest, tuple(drafted.stages), tuple(drafted.edges),
                 tuple(facts), tuple(missing), tuple(notes), dsl, doc.format, doc.text)


def _heading_breaks(doc: Document) -> frozenset[int]:
    """The line breaks that end the headings' lines: they stay line breaks in the text read."""
    out = set()
    for sec in doc.sections:
        nl = doc.text.find("\n", sec.start, sec.end)
        if nl >= 0:
            out.add(nl)
    return frozenset(out)


def _as_read(doc: Document, reread: Reread) -> Document:
    """The document as read: its text as a reader sees it, its headings found again in it (plain text, Markdown) or
    moved to it and named again from their words as read (the headings of a DOCX, JATS or PDF)."""
    from pipespec.draft.documents import headed_sections, heading_kind

    if doc.format in ("txt", "md"):
        return doc._replace(text=reread.text, sections=headed_sections(reread.text, markdown=doc.format == "md"))
    to_read = reread.offsets.to_read
    sections = []
    for sec in doc.sections:
        seen = for_reading(sec.title)
        title = sec.title if seen is None else seen.text
        kind = sec.kind if seen is None else heading_kind(title)
        sections.append(sec._replace(title=title, kind=kind, start=to_read(sec.start), end=to_read(sec.end)))
    return doc._replace(text=reread.text, sections=tuple(sections))


def _part_back(part: Part, reread: Reread | None) -> Part:
    if reread is None:
        return part
    return part._replace(start=reread.offsets.to_document(part.start), end=reread.offsets.end_to_document(part.end))


def _back(drafted: Any, facts: list[Fact], notes: list[Note], reread: Reread,
          text: str) -> tuple[Any, list[Fact], list[Note]]:
    """The drafted records with the offsets of the text read mapped to the document's, and quotes taken from it."""
    from pipespec.draft.assemble import _INVISIBLE

    off = reread.offsets

    def ev(e: Evidence) -> Evidence:
        start, end = off.to_document(e.start), off.end_to_document(e.end)
        if end - start > QUOTE_LIMIT:  # (the document's runs of spaces the text read made one): the quote's limit
            space = text.rfind(" ", start, start + QUOTE_LIMIT + 1)
            end = start + len(text[start:space].rstrip(" ")) if space > start + QUOTE_LIMIT // 2 else \
                start + QUOTE_LIMIT
        return e._replace(start=start, end=end, quote=_INVISIBLE.sub(" ", unseen(text[start:end])))

    def note(n: Note) -> Note:
        if n.start is None or n.end is None:
            return n
        return n._replace(start=off.to_document(n.start), end=off.end_to_document(n.end))

    drafted = drafted._replace(stages=[s._replace(evidence=tuple(map(ev, s.evidence))) for s in drafted.stages],
                               edges=[e._replace(evidence=tuple(map(ev, e.evidence))) for e in drafted.edges])
    return drafted, [f._replace(evidence=ev(f.evidence)) for f in facts], [note(n) for n in notes]


def _written(title: str, header: list[str], drafted: Any, facts: list[Fact],
             notes: list[Note], where: str = "<text>") -> tuple[str, Any, Any]:
    """The DSL text, its pipeline and the pipeline's analysis. A draft always loads: should a drafted attribute be refused by the language
    (a bug of the drafting rules), the draft is written again without the stages' attribute blocks, then without
    the study facts, and a note names what was left out."""
    from pipespec.analysis.engine import analyse
    from pipespec.draft.spec import write_dsl
    from pipespec.language import load_with_comments, source_from_text
    from pipespec.language.writer import write

    attempts: tuple[tuple[list[DraftStage], list[Fact], str | None], ...] = ((drafted.stages, facts, None),
                ([st._replace(block=()) for st in drafted.stages], facts, "the stages' attribute blocks"),
                ([st._replace(block=()) for st in drafted.stages], [], "the stages' attribute blocks and the study facts"))
    first_error: InputError | None = None
    for stages, study, dropped in attempts:
        dsl = write_dsl(title, header, stages, drafted.edges, study)
        if len(dsl.encode("utf-8", "surrogatepass")) > DEFAULT_LIMITS.max_bytes:
            # a text naming thousands of stages: their evidence comments would take the draft over the file limit
            # that check holds it to; the report (--format json) keeps the evidence
            dsl = write_dsl(title, header, stages, drafted.edges, study, evidence=False)
            if dropped is None:
                notes.append(Note(f"the evidence comments were left out: with them the draft would be over the file "
                                  f"limit of {DEFAULT_LIMITS.max_bytes} bytes (the JSON report keeps the evidence)"))
        try:
            pipeline, comments = load_with_comments(source_from_text(dsl, "draft.pipe", "dsl"))
            analysis = analyse(pipeline)  # the graph's own checks (types, cycles) too
        except LimitError as exc:  # (thousands of stages named): said of the document, not of a file the user never saw
            raise LimitError(Diagnostic("PS112", "the pipeline drafted from it is over the limits a pipeline is held "
                                        f"to ({_OPTION.sub('', exc.diagnostics[0].message)}): the text names {len(stages)} stages",
                                        Span(where, 1, 1))) from None
        except InputError as exc:
            first_error = first_error or exc
            continue
        if dropped is not None and first_error is not None:
            notes.append(Note(f"{dropped} were left out: the language refused them "
                              f"({first_error.diagnostics[0].one_line()}); please report this with the document"))
        # in canonical layout, comments kept: pipespec fmt leaves it as it is
        return write(pipeline, "dsl", comments), pipeline, analysis
    assert first_error is not None
    raise first_error


def _notes(r: Any) -> list[Note]:
    out: list[Note] = []
    seen: set[str] = set()
    for sm in r.mentions:
        covered = [(c.start, c.end) for c in sm.cues] + [(n.start, n.end) for n in sm.names]
        for start, end, word in sm.unknown:
            if word.lower() in seen or any(a <= start < b for a, b in covered):
                continue
            seen.add(word.lower())
            out.append(Note(f"'{word}' looks like the name of a method pipespec does not know: it is not in the "
                            "draft; add it by hand if it is part of the pipeline", start, end))
        for n in sm.names:
            if n.negated and n.kind == "term" and n.value.lower() not in seen:
                seen.add(n.value.lower())
                out.append(Note(f"'{r.text[n.start:n.end]}' is negated or contrasted here: left out of the draft",
                                n.start, n.end))
    return out


class _Package(types.ModuleType):
    """This package, callable: ``pipespec.draft(source)`` is :func:`draft` whether ``pipespec.draft`` names the
    function or, once imported, this package (Python sets a parent's attribute to its imported subpackage)."""

    def __call__(self, source: str | bytes | os.PathLike[str], **options: Any) -> Draft:
        return draft(source, **options)


sys.modules[__name__].__class__ = _Package
