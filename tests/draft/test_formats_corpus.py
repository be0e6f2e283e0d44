"""The development corpus as manuscripts: each Methods text written as a DOCX, as JATS XML and as a two-column PDF
drafts to the same verdicts as the text itself (headings as headings, paragraphs as paragraphs, the PDF's lines
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
# long journal-style sections with subsection headings whole, the first two splits in part, and half of the
# radiologists' texts and of the varied ones (engineering papers with plain numbered headings, whole papers, tables)
TEXTS = sorted([*CORPUS.glob("dev3/*.md"), *CORPUS.glob("dev4/*.md"),
                *sorted(CORPUS.glob("dev/*.md"))[::4], *sorted(CORPUS.glob("dev2/*.md"))[::4],
                *sorted(CORPUS.glob("dev5/*.md"))[::2], *sorted(CORPUS.glob("dev6/*.md"))[::2]])

Block = tuple[str, str]  # ("h", heading) or ("p", paragraph)


def blocks(text: str) -> list[Block]:
    """Headings and paragraphs as an author's word processor holds them: a block is the lines up to a blank line;
    a short line without a sentence's full stop before more text, or alone, is a heading."""
    out: list[Block] = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.split("\n")
        while lines and len(lines[0]) < 60 and not lines[0].rstrip().endswith((".", ":", ";", ",")):
            out.append(("h", lines[0].strip("#* ").strip()))
            lines = lines[1:]
        if lines:
            out.append(("p", " ".join(line.strip() for line in lines)))
    return out


def as_docx(bs: list[Block]) -> bytes:
    d = docx.Document()
    for kind, text in bs:
        if kind == "h":
            d.add_heading(text, 1)
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def as_jats(bs: list[Block]) -> bytes:
    body: list[str] = []
    opened = False
    for kind, text in bs:
        if kind == "h" or not opened:
            if opened:
                body.append("</sec>")
            title = text if kind == "h" else ""
            sec_type = ' sec-type="methods"' if re.search(r"method", title, re.I) else ""
            body.append(f"<sec{sec_type}><title>{escape(title)}</title>")
            opened = True
        if kind == "p":
            body.append(f"<p>{escape(text)}</p>")
    if opened:
        body.append("</sec>")
    return ('<?xml version="1.0" encoding="UTF-8"?><article><front><article-meta><title-group><article-title>'
            "A study</article-title></title-group></article-meta></front><body>" + "".join(body)
            + "</body></article>").encode()


def as_two_column_pdf(bs: list[Block]) -> bytes:
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    x, y, column, width, leading = 15.0, 20.0, 0, 85.0, 4.5
    for kind, text in bs:
        pdf.set_font("Helvetica", "B" if kind == "h" else "", 11 if kind == "h" else 9)
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
    for kind, text in bs:
        pdf.set_font("Helvetica", "B" if kind == "h" else "", 11)
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
            pdf.set_font("Helvetica", "B" if kind == "h" else "", 11)
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
