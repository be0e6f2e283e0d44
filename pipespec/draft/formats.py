"""Readers of the manuscript formats of the ``documents`` extra: DOCX (python-docx), JATS XML (defusedxml) and PDF
(pdfminer.six). Each gives a :class:`~pipespec.draft.documents.Document`: the text a person reads, paragraph by
paragraph, and its headed sections, so offsets and the Methods section mean the same as for plain text.

What each reads: a DOCX's body in order (paragraphs, tables, figure and table captions), its tracked changes
as accepted (inserted text kept, deleted text left out), not its footnotes; headings from the paragraph styles
(``Heading 1``..), or a short paragraph all in bold. A JATS article's title, abstract and body sections (``sec``
with ``sec-type`` or ``title``),
paragraphs, figure and table captions and tables, not its footnotes nor the reference list. A table is read as a
plain text holds one: a paragraph of its rows, one a line, cells split by tabs. A PDF's text in reading order
(pdfminer's layout analysis reads a two-column page column by column), headings found as in plain text.

Hostile documents are refused with one line: a DOCX whose zip members would expand beyond 64 MiB in all, XML
with a document type or entity declarations, XML nested too deeply to walk, a PDF over 300 pages or whose streams expand beyond 64 MiB, and PDF
text extraction still running after 30 s (it runs in a child process, which is stopped then).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import zipfile
import zlib
from typing import Any

from pipespec.draft.documents import (
    MAX_HEADING_WORDS,
    Document,
    Section,
    headed_sections,
    heading_kind,
    missing_extra,
    numbered,
    register,
)
from pipespec.errors import Diagnostic, LimitError, ReadError, Span

MAX_EXPANDED = 64 << 20  # bytes a DOCX's members or a PDF's streams may expand to, in all
MAX_PDF_PAGES = 300
PDF_SECONDS = 30.0


def _refuse(where: str, message: str, limit: bool = False) -> ReadError | LimitError:
    d = Diagnostic("PS112" if limit else "PS100", message, Span(where, 1, 1))
    return LimitError(d) if limit else ReadError(d)


class _Builder:
    """The text of a document as paragraphs, with its headings as sections."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.heads: list[tuple[str, int, int, str]] = []  # title, start, level, kind

    def paragraph(self, text: str) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", text).strip()
        self._add(text)

    def table(self, rows: list[list[str]]) -> None:
        """A table as a plain text holds one: a paragraph of its rows, one a line, its cells split by tabs."""
        lines = ["\t".join(re.sub(r"\s+", " ", c).strip() for c in row) for row in rows]
        self._add("\n".join(line for line in lines if line.strip()))

    def _add(self, text: str) -> None:
        if not text:
            return
        if self.parts:
            self.parts.append("\n\n")
            self.size += 2
        self.parts.append(text)
        self.size += len(text)

    def heading(self, title: str, level: int, kind: str | None = None) -> None:
        title = re.sub(r"\s+", " ", title).strip()
        if not title:
            return
        self.paragraph(title)
        words, depth = numbered(title)
        if kind is None and level > 0 and len(words.split()) > MAX_HEADING_WORDS and words.endswith((".", "!", "?")):
            return  # a whole sentence set in a heading's style: read as the sentence it is, as its text reads it
        if level > 0:  # a numbered heading set in one style ("2.3 Segmentation" as Heading 1): its number's depth
            level = max(level, depth)
        self.heads.append((title, self.size - len(title), level, kind or heading_kind(words)))

    def document(self, fmt: str) -> Document:
        text = "".join(self.parts) + ("\n" if self.parts else "")
        sections = []
        for i, (title, start, level, kind) in enumerate(self.heads):
            end = len(text)
            for _, later, later_level, _ in self.heads[i + 1:]:
                if later_level <= level:
                    end = later
                    break
            sections.append(Section(title, start, end, "part" if kind == "major" else kind, level))
        return Document(text, fmt, tuple(sections))


# ------------------------------------------------------------------------------------------------ DOCX
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_HEADING_STYLE = re.compile(r"(?:heading|überschrift|titre|título|titolo)\s*(\d)", re.I)


def read_docx(data: bytes, where: str) -> Document:
    try:
        import docx  # python-docx
    except ImportError:
        raise missing_extra("docx", where) from None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(where, f"not a readable DOCX file ({exc})") from None
    if sum(m.file_size for m in members) > MAX_EXPANDED:
        raise _refuse(where, f"DOCX members expand beyond {MAX_EXPANDED >> 20} MiB", limit=True)
    for m in members:
        if m.filename.endswith(".xml") or m.filename.endswith(".rels"):
            try:
                head = archive.read(m)[:4096]
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError, zlib.error) as exc:
                why = ("encrypted" if isinstance(exc, RuntimeError) else "compressed in a way zip readers lack"
                       if isinstance(exc, NotImplementedError) else "damaged")
                raise _refuse(where, f"not a readable DOCX file ({m.filename} is {why})") from None
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise _refuse(where, f"XML with a document type or entity declarations ({m.filename}) is refused")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a broken package
        raise _refuse(where, f"not a readable DOCX file ({type(exc).__name__})") from None
    b = _Builder()
    try:  # python-docx reads the styles and the body lazily: a broken part fails here
        styles = {s.style_id: (s.name or "") for s in document.styles}
        body = document.element.body
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise _refuse(where, f"not a readable DOCX file ({type(exc).__name__})") from None
    if body is not None:  # no w:body: a document with no text
        _docx_blocks(b, body, styles)
    return b.document("docx")


def _docx_blocks(b: _Builder, parent: Any, styles: dict[str, str]) -> None:
    """Paragraphs and tables in order, also inside content controls (``w:sdt``, as journal templates wrap their
    sections) and custom XML blocks."""
    for block in parent.iterchildren():
        if block.tag == _W + "p":
            _docx_paragraph(b, block, styles)
        elif block.tag == _W + "tbl":
            b.table([[" ".join(_docx_text(p)[0] for p in cell.iter(_W + "p")) for cell in row.iter(_W + "tc")]
                     for row in block.iter(_W + "tr")])
        elif block.tag == _W + "sdt":
            for content in block.iterchildren(_W + "sdtContent"):
                _docx_blocks(b, content, styles)
        elif block.tag == _W + "customXml":
            _docx_blocks(b, block, styles)


def _docx_paragraph(b: _Builder, p: Any, styles: dict[str, str]) -> None:
    """One paragraph, a heading by its style."""
    text, style = _docx_text(p)
    name = styles.get(style, style) if style is not None else ""
    m = _HEADING_STYLE.match(name or "")
    if m and text.strip():
        b.heading(text, int(m.group(1)))
    elif (name or "").lower() == "title" and text.strip():
        b.heading(text, 0, "other")
    elif _bold_heading(p, text):
        b.heading(text, 1)
    else:
        b.paragraph(text)


def _bold_heading(p: Any, text: str) -> bool:
    """A heading set in bold in a body-text paragraph, as many manuscripts set theirs: every run with text in bold,
    a few words (a number before them: "2.3 Image segmentation") without a sentence's mark at the end."""
    words = numbered(text.strip().rstrip(":").strip())[0]
    if not words[:1].isalpha() or words.endswith((".", ",", ";")) or len(words.split()) > MAX_HEADING_WORDS:
        return False
    runs = [r for r in p.iter(_W + "r") if "".join(t.text or "" for t in r.iter(_W + "t")).strip()]
    return bool(runs) and all(_bold(r) for r in runs)


def _bold(run: Any) -> bool:
    b = run.find(f"{_W}rPr/{_W}b")
    return b is not None and b.get(f"{_W}val", "true").lower() not in ("0", "false", "off")


def _docx_text(p: Any) -> tuple[str, str | None]:
    """One paragraph's text with its tracked changes accepted: every ``w:t`` (inserted runs included; deleted text
    is ``w:delText`` and left out), tabs and breaks as spaces, non-breaking hyphens as hyphens (an optional hyphen,
    ``w:softHyphen``, is left out); and its style's id."""
    pieces: list[str] = []
    cited: list[int] = []  # the pieces that are numbers set as a superscript
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"):
        if next(el.iterancestors(_MC_FALLBACK), None) is not None:
            continue  # a text box is written twice (mc:Choice and mc:Fallback for older readers): read once
        if el.tag == _W + "t" and _CITED_ONLY.fullmatch(el.text or "") is None and _SUPERSCRIPT_NUMBERS.fullmatch(
                el.text or "") and _superscript(el):
            cited.append(len(pieces))
        # a non-breaking hyphen Word stores as an element of its own ("U-Net", "semi-automatic")
        pieces.append(el.text or "" if el.tag == _W + "t" else "-" if el.tag == _W + "noBreakHyphen" else " ")
    for k in reversed(cited):  # reference numbers ("on CT12", "PyRadiomics3,4"), not an isotope's ("18F-FDG")
        after = "".join(pieces[k + 1:k + 3])[:1]
        if not (after.isalpha()):
            pieces[k] = ""
    style = p.find(f"{_W}pPr/{_W}pStyle")
    return "".join(pieces), style.get(f"{_W}val") if style is not None else None


_SUPERSCRIPT_NUMBERS = re.compile(r"[\d\s,;\u2013-]+")


def _superscript(t: Any) -> bool:
    """Whether a run's text is set as a superscript."""
    run = t.getparent()
    align = run.find(f"{_W}rPr/{_W}vertAlign") if run is not None else None
    return align is not None and align.get(f"{_W}val") == "superscript"


# ------------------------------------------------------------------------------------------------ JATS
_METHODS_TYPES = re.compile(r"(?:materials?\|)?methods?|materials?(?:\|methods?)?|methods?\|materials?", re.I)


def read_jats(data: bytes, where: str) -> Document:
    try:
        from defusedxml import DefusedXmlException
        from defusedxml.ElementTree import fromstring
    except ImportError:
        raise missing_extra("jats", where) from None
    from xml.etree.ElementTree import ParseError

    if re.search(rb"<!(?:DOCTYPE[^>]*\[|ENTITY)", data[:1 << 20]):
        raise _refuse(where, "XML with entity declarations is refused")
    try:
        root = fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise _refuse(where, "XML with entity declarations is refused") from None
    except LookupError:  # an encoding declaration naming no codec Python has
        m = re.search(rb"""encoding=["']([^"']{0,40})""", data[:200])
        name = m.group(1).decode("ascii", "replace") if m else "?"
        raise _refuse(where, f"the XML declares an unknown encoding '{name}'") from None
    except ParseError as exc:
        line, col = getattr(exc, "position", (1, 1))
        raise ReadError(Diagnostic("PS100", f"not well-formed XML ({exc.msg if hasattr(exc, 'msg') else exc})",
                                   Span(where, line or 1, (col or 0) + 1))) from None
    article = root if _local(root.tag) == "article" else root.find(".//article")
    if article is None:
        raise _refuse(where, "no JATS <article> element in this XML")
    try:
        return _jats_article(article)
    except RecursionError:  # markup nested thousands deep: no article is written so
        raise _refuse(where, "the XML is nested too deeply to read", limit=True) from None


def _jats_article(article: Any) -> Document:
    b = _Builder()
    title = article.find(".//front//article-title")
    if title is not None:
        b.heading(_text(title), 0, "other")
    for abstract in article.findall(".//front//abstract"):
        b.heading("Abstract", 1, "major")
        _jats_block(b, abstract, 1)
    body = article.find("body")
    if body is not None:
        _jats_block(b, body, 0)
    return b.document("jats")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _text(el: Any) -> str:
    """An element's text without footnotes or citations (a reference's number would be glued to the word it
    follows: "on CT12", "PyRadiomics3,4"), the labels of cross-references to figures and tables kept, and the
    brackets or superscript a citation leaves empty dropped."""
    parts = [el.text or ""]
    for child in el:
        name = _local(child.tag)
        if name == "xref" and child.get("ref-type") == "bibr":
            pass
        elif name not in ("fn", "fn-group", "table", "alternatives"):
            inner = _text(child)
            if not (name == "sup" and _CITED_ONLY.fullmatch(inner) and any(
                    _local(x.tag) == "xref" for x in child.iter())):
                parts.append(inner)
        parts.append(child.tail or "")
    return _EMPTY_BRACKETS.sub("", "".join(parts))


_CITED_ONLY = re.compile(r"[\s,;\u2013-]*")  # what a superscript of citations leaves
_EMPTY_BRACKETS = re.compile(r"\s*[\[(][\s,;\u2013-]*[\])]")


def _jats_block(b: _Builder, el: Any, depth: int) -> None:
    for child in el:
        name = _local(child.tag)
        if name == "sec":
            title_el = child.find("title")
            title = _text(title_el) if title_el is not None else ""
            sec_type = child.get("sec-type") or ""
            kind = "methods" if _METHODS_TYPES.fullmatch(sec_type) else None
            if title or kind:
                b.heading(title or sec_type.replace("|", " and "), depth + 1, kind)
            _jats_block(b, child, depth + 1)
        elif name in ("p", "list-item"):
            b.paragraph(_text(child))
        elif name == "list":
            _jats_block(b, child, depth)
        elif name in ("fig", "table-wrap"):
            label = child.find("label")
            caption = child.find("caption")
            if caption is not None:
                b.paragraph(((_text(label) + " ") if label is not None else "") + _text(caption))
            if name == "table-wrap":  # its rows, as a plain text or a DOCX table holds them
                b.table([[_text(cell) for cell in row if _local(cell.tag) in ("td", "th")]
                         for row in child.iter() if _local(row.tag) == "tr"])
        elif name in ("title", "fn-group", "fn", "ref-list", "ack", "back", "label"):
            continue
        elif name in ("boxed-text", "disp-quote", "statement", "fig-group", "table-wrap-group"):
            _jats_block(b, child, depth)


# ------------------------------------------------------------------------------------------------- PDF
_PDF_CHILD = r"""
import json, sys, zlib
from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTTextContainer
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream
import io
data = sys.stdin.buffer.read()
limit_pages, limit_bytes = int(sys.argv[1]), int(sys.argv[2])
try:
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    pages = sum(1 for _ in PDFPage.create_pages(doc))
    if pages > limit_pages:
        print(json.dumps({"error": f"the PDF has {pages} pages; the limit is {limit_pages}", "limit": True})); sys.exit()
    total = 0
    for xref in doc.xrefs:
        for objid in xref.get_objids():
            try:
                obj = doc.getobj(objid)
            except Exception:
                continue
            if not isinstance(obj, PDFStream):
                continue
            filters = [getattr(f, "name", f) for f in obj.get_filters()]
            raw = obj.rawdata or b""
            if filters and filters[0] in ("FlateDecode", "Fl"):
                d = zlib.decompressobj()
                try:
                    out = d.decompress(raw, limit_bytes - total + 1)
                except zlib.error:
                    out = b""
                total += len(out)
            else:
                total += len(raw)
            if total > limit_bytes:
                print(json.dumps({"error": f"the PDF's streams expand beyond {limit_bytes >> 20} MiB", "limit": True}))
                sys.exit()
    def box_text(box):
        # a box's text without reference numbers set as superscripts (smaller and raised digits: "CT12" otherwise)
        out = []
        for line in box:
            chars = [c for c in line if isinstance(c, LTChar)] if hasattr(line, "__iter__") else []
            if not chars:
                out.append(line.get_text())
                continue
            size = sorted(c.size for c in chars)[len(chars) // 2]
            base = sorted(c.y0 for c in chars)[len(chars) // 2]
            items = list(line)
            raised = [isinstance(c, LTChar) and c.get_text() in "0123456789,\u2013-" and c.size < 0.85 * size
                      and c.y0 > base + 0.15 * size for c in items]
            kept = []
            for k, c in enumerate(items):
                if raised[k]:  # a reference's number, unless a letter follows its run (an isotope: 18F)
                    j = k
                    while j < len(items) and raised[j]:
                        j += 1
                    if not (j < len(items) and items[j].get_text()[:1].isalpha()):
                        continue
                kept.append(c.get_text())
            out.append("".join(kept))
        return "".join(out)

    def lines(b):
        return max(1, b[4].strip().count("\n") + 1)

    def runs(seq, usual):
        # boxes of one column in reading order, each after the separator from the one before: a box of one line
        # close under a box of one line (a double-spaced or line-numbered manuscript puts each line in a box of its
        # own) goes on with its paragraph unless it is indented or set apart by more than the usual spacing
        # (and the line above it runs to the column's right edge, and both are of one size: a heading, or a
        # paragraph's short last line, ends its paragraph)
        out = []
        right = max((b[2] for b in seq), default=0)
        width = right - min((b[0] for b in seq), default=0)
        for k, b in enumerate(seq):
            sep = "\n\n"
            if k and usual is not None:
                a = seq[k - 1]
                ha, hb = a[3] - a[1], b[3] - b[1]
                if (lines(a) == 1 and lines(b) == 1 and 0 <= a[1] - b[3] <= max(usual * 1.3, ha * 0.3)
                        and b[0] <= a[0] + ha and a[2] >= right - width / 4 and abs(ha - hb) <= 0.15 * ha):
                    sep = "\n"
            out.append((sep, b[4].rstrip("\n")))
        return out

    import re
    pages = []
    margins = {}  # a line in a page's top or bottom margin, its digits as '#' -> the pages it is on
    for page in extract_pages(io.BytesIO(data), laparams=LAParams()):
        boxes = [(b.x0, b.y0, b.x1, b.y1, box_text(b)) for b in page if isinstance(b, LTTextContainer)]
        boxes = [b for b in boxes if not b[4].strip().isdigit() or len(b[4].strip()) > 4]  # line and page numbers
        for b in boxes:
            if b[1] > page.height * 0.92 or b[3] < page.height * 0.08:
                margins.setdefault(re.sub(r"\d+", "#", b[4].strip()), set()).add(len(pages))
        pages.append((page.width, page.height, boxes))

    def running(b, height):
        # a running header or footer: in the margin, and on two pages or more, or saying which page it is
        if not (b[1] > height * 0.92 or b[3] < height * 0.08):
            return False
        said = re.sub(r"\d+", "#", b[4].strip())
        return len(margins.get(said, ())) >= 2 or re.search(r"(?i)\bpage #", said) is not None

    out = []
    for width, height, boxes in pages:
        mid = width / 2
        boxes = [b for b in boxes if not running(b, height)]
        # two columns when a box of text lies wholly in the right half; else one, read from the top
        two = any(b[0] >= mid - 4 and b[2] - b[0] > width / 5 for b in boxes)
        if two:
            spans = sorted((b for b in boxes if b[0] < mid - 4 and b[2] > mid + 4), key=lambda b: -b[3])
            cols = [b for b in boxes if not (b[0] < mid - 4 and b[2] > mid + 4)]
        else:
            spans, cols = sorted(boxes, key=lambda b: -b[3]), []
        bands = [[] for _ in range(len(spans) + 1)]
        for b in cols:
            bands[sum(1 for s in spans if s[1] >= b[3] - 2)].append(b)
        order = []  # runs of boxes read one after another: each column of a band, and the spans between bands
        spanning = False  # whether the last run is of spans (boxes across the middle, or a one-column page)
        for k, band in enumerate(bands):
            for side in (0, 1):
                column = sorted((b for b in band if (b[0] >= mid - 4) == bool(side)), key=lambda b: -b[3])
                if column:
                    order.append(column)
                    spanning = False
            if k < len(spans):
                if spanning:
                    order[-1].append(spans[k])
                else:
                    order.append([spans[k]])
                    spanning = True
        # the page's usual spacing of one line under another, from every run of boxes of one line
        singles = sorted(a[1] - b[3] for run in order for a, b in zip(run, run[1:]) if lines(a) == 1 and lines(b) == 1
                         and a[1] >= b[3])
        usual = singles[len(singles) // 2] if len(singles) >= 3 else None
        for run in order:
            out += runs(run, usual)
        out.append(("\n\n", "\f"))
    text = "".join(sep + t for sep, t in out)[2:] if out else ""
    print(json.dumps({"text": text}))
except Exception as exc:
    print(json.dumps({"error": f"not a readable PDF file ({type(exc).__name__})"}))
"""


def read_pdf(data: bytes, where: str) -> Document:
    try:
        import pdfminer  # noqa: F401 - the child process imports it; fail here with the one-line hint
    except ImportError:
        raise missing_extra("pdf", where) from None
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "PYTHONPATH")}
    try:
        run = subprocess.run([sys.executable, "-P", "-c", _PDF_CHILD,
                              str(MAX_PDF_PAGES), str(MAX_EXPANDED)], input=data, capture_output=True,
                             timeout=PDF_SECONDS, env=env, preexec_fn=_limit_memory if os.name == "posix" else None)
    except subprocess.TimeoutExpired:
        raise _refuse(where, f"PDF text extraction stopped after {PDF_SECONDS:.0f} s", limit=True) from None
    try:
        answer = json.loads(run.stdout.decode("utf-8") or "{}")
    except ValueError:
        answer = {}
    if "text" not in answer:
        message = answer.get("error") or "PDF text extraction failed (the extracting process ran out of memory)"
        raise _refuse(where, message, limit=bool(answer.get("limit")) or not answer)
    text = _pdf_paragraphs(answer["text"])
    return Document(text, "pdf", headed_sections(text))


def _limit_memory() -> None:  # pragma: no cover - runs in the child
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))


def _pdf_paragraphs(text: str) -> str:
    """pdfminer's text as paragraphs: form feeds dropped, a line broken inside a sentence joined (a hyphen at the
    end of a line joined without its hyphen where the next line goes on in lower case), and a line that is the name
    of a part of the paper set apart as its heading, wherever the layout analysis boxed it."""
    text = text.replace("\x0c", "\n\n").replace("\r\n", "\n")
    blocks = [b for b in re.split(r"\n\s*\n", text) if b.strip()]
    out = []
    for block in blocks:
        lines = [ln.strip() for ln in block.split("\n") if ln.strip()]
        joined = ""
        lines = [re.sub(r"[ \t]{2,}", " ", ln) for ln in lines]  # justified text's word spacing
        for k, ln in enumerate(lines):
            if _names_part(ln, lines[k + 1] if k + 1 < len(lines) else ""):
                if joined:
                    out.append(joined)
                out.append(ln)  # a heading the layout analysis put in one box with the lines around it
                joined = ""
            elif not joined:
                joined = ln
            elif joined.endswith("-") and ln[:1].islower():
                joined = joined[:-1] + ln
            else:
                joined += " " + ln
        if joined:
            out.append(joined)
    return "\n\n".join(_rejoined(out)) + ("\n" if out else "")


def _names_part(line: str, after: str) -> bool:
    """Whether a line of a PDF's text box is the heading of a part of the paper ("Results", "3. Discussion",
    "References"), capitalised, with no line after it in the box or one that starts a sentence."""
    words = numbered(line)[0]
    return words[:1].isupper() and (not after or after[:1].isupper()) and heading_kind(words) != "other"


_NUMBER_ONLY = re.compile(r"\d{1,4}")


def _rejoined(blocks: list[str]) -> list[str]:
    """Blocks that are a margin's line number or a page number dropped, and a block that goes on with the sentence
    the block before left open (in lower case, after no full stop) joined to it: a manuscript with numbered lines or
    double line spacing comes out of the layout analysis one line per block, and a sentence runs on across a column
    or a page."""
    out: list[str] = []
    for block in blocks:
        if _NUMBER_ONLY.fullmatch(block):
            continue
        if out and block[:1].islower() and not out[-1].endswith((".", "!", "?", ":", ";")):
            out[-1] = out[-1][:-1] + block if out[-1].endswith("-") else out[-1] + " " + block
        else:
            out.append(block)
    return out


def install() -> None:
    """Register the three readers (their libraries are imported when a document is read)."""
    register("docx", read_docx)
    register("jats", read_jats)
    register("pdf", read_pdf)
