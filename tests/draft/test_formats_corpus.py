"""The development corpus as manuscripts: each Methods text written as a DOCX, as JATS XML and as a two-column PDF
drafts to the same verdicts as the text itself (headings as headings, nested as their Markdown hashes or numbers
say, paragraphs as paragraphs, tables as tables, the Methods section's sec-type in JATS, the PDF's lines
wrapped inside sentences and its columns and pages broken wherever they fall), and a third of them as a submitted
manuscript's PDF too (double-spaced, lines numbered in the margin, a running footer)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

import pipespec
from pipespec.draft import NothingToDraft, draft_document, read_document

docx = pytest.importorskip("docx", reason="the documents extra (python-docx) is not installed")
pytest.importorskip("defusedxml", reason="the documents extra (defusedxml) is not installed")
pytest.importorskip("pdfminer", reason="the documents extra (pdfminer.six) is not installed")
fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the two-column PDFs")

CORPUS = Path(__file__).parent / "corpus"
# long journal-style sections with subsection headings whole, the first two splits in part, half of the
# radiologists' texts and of the varied ones (engineering papers with plain numbered headings, whole papers, tables),
# and a third of each later split (whole manuscripts with numbered headings, tables and legends at the end, letters,
# checklists, text copied from PDFs)
LATER = ("dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14")
TEXTS = sorted([*CORPUS.glob("dev3/*.md"), *CORPUS.glob("dev4/*.md"),
                *sorted(CORPUS.glob("dev/*.md"))[::4], *sorted(CORPUS.glob("dev2/*.md"))[::4],
                *sorted(CORPUS.glob("dev5/*.md"))[::2], *sorted(CORPUS.glob("dev6/*.md"))[::2],
                *(p for split in LATER for p in sorted(CORPUS.glob(f"{split}/*.md"))[::3])])

Block = tuple[str, str]  # ("h", heading), ("h2", a subsection's heading) ..., ("p", paragraph) or ("t", table)
_ROW = re.compile(r"\s*\|.*\|\s*|[^\t]*\t.*")  # a Markdown table's row, or cells split by tabs
_RULE = re.compile(r"[\s|:-]*")  # a Markdown table's rule under its header row
_CAPTION = re.compile(r"(?:Supplementary\s+)?(?:Table|Fig(?:ure)?\.?)\s*S?\d")
_METHODS_TITLE = re.compile(r"(?:(?:materials?|patients?)\s+and\s+)?methods?|methodology", re.I)
_NUMBERED = re.compile(r"(\d+(?:\.\d+)*)\.?(?:\s*\|)?\s+\S")


def blocks(text: str) -> list[Block]:
    """Headings, paragraphs and tables as an author's word processor holds them: a block is the lines up to a blank
    line; a short line without a sentence's full stop before more text, or alone, is a heading (not a table's or a
    figure's caption), one level down for each Markdown hash after the first or each number after the first in
    "2.3"; lines of cells (Markdown's pipes or tabs) at a block's end are a table, one row a line, cells split by
    tabs."""
    out: list[Block] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        rows: list[str] = []
        while lines and _ROW.fullmatch(lines[-1]):
            rows.insert(0, lines.pop())
        if len(rows) < 2:
            lines, rows = lines + rows, []
        while lines and len(lines[0]) < 60 and not lines[0].rstrip().endswith((".", ":", ";", ",")) \
                and not _CAPTION.match(lines[0].strip("#* ")):
            hashes = len(lines[0]) - len(lines[0].lstrip("#"))
            title = lines[0].strip("#* ").strip()
            number = _NUMBERED.match(title)
            level = max(hashes - 1, number.group(1).count(".") if number else 0) + 1
            out.append(("h" if level == 1 else f"h{level}", title))
            lines = lines[1:]
        if lines:
            out.append(("p", " ".join(line.strip() for line in lines)))
        if rows:
            out.append(("t", "\n".join(rows)))
    return out


def _cells(table: str) -> list[list[str]]:
    """A table's rows (Markdown's, or cells split by tabs) as lists of cells, without Markdown's rule."""
    return [[c.strip() for c in (r.strip().strip("|").split("|") if r.lstrip().startswith("|") else r.split("\t"))]
            for r in table.split("\n") if not _RULE.fullmatch(r)]


def _level(kind: str) -> int:
    return int(kind[1:] or 1)


def as_docx(bs: list[Block]) -> bytes:
    d = docx.Document()
    for kind, text in bs:
        if kind.startswith("h"):
            d.add_heading(text, _level(kind))
        elif kind == "t":
            rows = _cells(text)
            table = d.add_table(rows=len(rows), cols=max(len(r) for r in rows))
            for row, cells in zip(table.rows, rows):
                for cell, value in zip(row.cells, cells):
                    cell.text = value
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def as_jats(bs: list[Block]) -> bytes:
    """Sections nested by their headings' levels, the Methods section marked with its sec-type, tables as tables."""
    body: list[str] = []
    open_levels: list[int] = []
    for kind, text in bs:
        if kind.startswith("h") or not open_levels:
            level = _level(kind) if kind.startswith("h") else 1
            while open_levels and open_levels[-1] >= level:
                body.append("</sec>")
                open_levels.pop()
            title = text if kind.startswith("h") else ""
            number = _NUMBERED.match(title)
            words = title[number.end() - 1:] if number else re.sub(r"^[IVX]+\.\s+", "", title)
            sec_type = ' sec-type="methods"' if level == 1 and _METHODS_TITLE.fullmatch(words) else ""
            body.append(f"<sec{sec_type}><title>{escape(title)}</title>")
            open_levels.append(level)
        if kind == "p":
            body.append(f"<p>{escape(text)}</p>")
        elif kind == "t":
            rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in _cells(text))
            body.append(f"<table-wrap><table><tbody>{rows}</tbody></table></table-wrap>")
    body.extend("</sec>" for _ in open_levels)
    return ('<?xml version="1.0" encoding="UTF-8"?><article><front><article-meta><title-group><article-title>'
            "A study</article-title></title-group></article-meta></front><body>" + "".join(body)
            + "</body></article>").encode()


def _rows_apart(bs: list[Block]) -> list[Block]:
    """A PDF has no tables: a table's lines (and its caption's) are set as its text's lines are read, a short one in
    bold on a line of its own (as a heading would be) until a longer one, which runs on with the lines after it."""
    out: list[Block] = []
    for kind, text in bs:
        if kind != "t":
            out.append((kind, text))
            continue
        lines = text.replace("\t", "   ").split("\n")  # its cells spaced apart (a tab is no character of a PDF)
        if out and out[-1][0] == "p" and _CAPTION.match(out[-1][1]):  # its caption, on the line above it
            lines.insert(0, out.pop()[1])
        while lines and len(lines[0]) < 60 and not lines[0].rstrip().endswith((".", ":", ";", ",")):
            out.append(("h", lines.pop(0).strip("#* ").strip()))
        if lines:
            out.append(("p", " ".join(line.strip() for line in lines)))
    return out


def as_two_column_pdf(bs: list[Block]) -> bytes:
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    x, y, column, width, leading = 15.0, 20.0, 0, 85.0, 4.5
    for kind, text in _rows_apart(bs):
        heading = kind.startswith("h")
        pdf.set_font("Helvetica", "B" if heading else "", 11 if heading else 9)
        height = leading * len(pdf.multi_cell(width, leading, text, dry_run=True, output="LINES")) + 3
        if y + height > 280:
            if column == 0:
                column, x, y = 1, 110.0, 20.0
            else:
                pdf.add_page()
                column, x, y = 0, 15.0, 20.0
        pdf.set_xy(x, y)
        pdf.multi_cell(width, leading, text, align="L")
        y = pdf.get_y() + 3
    return bytes(pdf.output())


def as_numbered_manuscript_pdf(bs: list[Block]) -> bytes:
    """A manuscript as submission systems make one: one column, double-spaced, every line numbered in the margin,
    and a running footer on each page (the layout analysis then gives a box of text per line)."""
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    y, width, leading, n, page = 20.0, 150.0, 8.0, 1, 1
    for kind, text in _rows_apart(bs):
        heading = kind.startswith("h")
        pdf.set_font("Helvetica", "B" if heading else "", 11)
        for line in pdf.multi_cell(width, leading, text, dry_run=True, output="LINES"):
            if y > 270:
                pdf.set_font("Helvetica", "", 8)
                pdf.set_xy(30, 285)
                pdf.cell(100, 5, f"Page {page} of 12 - manuscript under review")
                pdf.add_page()
                y, page = 20.0, page + 1
            pdf.set_font("Helvetica", "", 8)
            pdf.set_xy(12, y)
            pdf.cell(10, leading, str(n), align="R")
            pdf.set_font("Helvetica", "B" if heading else "", 11)
            pdf.set_xy(30, y)
            pdf.cell(width, leading, line)
            y, n = y + leading, n + 1
        y += leading
    return bytes(pdf.output())


def verdicts(data: bytes | str, fmt: str | None) -> tuple[str, ...] | str:
    try:
        d = draft_document(read_document(data, fmt))
    except NothingToDraft:
        return "declined"
    return tuple(v.verdict for _, v in sorted(pipespec.check(d.pipeline).conditions.items()))


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: f"{p.parent.name}/{p.stem[:40]}")
def test_a_methods_text_as_docx_jats_and_a_two_column_pdf_drafts_as_the_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    bs = blocks(text)
    expected = verdicts(text, None)
    assert verdicts(as_docx(bs), "docx") == expected
    assert verdicts(as_jats(bs), "jats") == expected
    # the PDF's core fonts have Latin-1's characters only: the text it is compared with is written in them too
    latin = text.encode("latin-1", "replace").decode("latin-1")
    assert verdicts(as_two_column_pdf(blocks(latin)), "pdf") == verdicts(latin, None)


@pytest.mark.parametrize("path", TEXTS[1::3], ids=lambda p: f"{p.parent.name}/{p.stem[:40]}")
def test_a_double_spaced_line_numbered_manuscript_pdf_drafts_as_the_text(path: Path) -> None:
    # the margin's line numbers are left out and the lines of a paragraph read as one paragraph again
    latin = path.read_text(encoding="utf-8").encode("latin-1", "replace").decode("latin-1")
    assert verdicts(as_numbered_manuscript_pdf(blocks(latin)), "pdf") == verdicts(latin, None)
