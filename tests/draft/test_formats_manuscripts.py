"""Whole manuscripts as DOCX and JATS XML read to the same Methods part as their text: a heading's number ("2.3",
"III.", "2 |") is not part of the name that says which part of the paper it opens, and a word processor's headings
all set in one style still nest by their numbers."""

from __future__ import annotations

import io

import pytest

from pipespec.draft import read_document
from pipespec.draft.documents import numbered
from pipespec.draft.sections import select_part
from pipespec.draft.sentences import sentences

docx = pytest.importorskip("docx", reason="the documents extra (python-docx) is not installed")
pytest.importorskip("defusedxml", reason="the documents extra (defusedxml) is not installed")

INTRO = "Earlier work has graded these tumours on contrast-enhanced CT by eye."
METHODS = "A radiologist outlined each tumour by hand and texture features were computed from the outline."
MODEL = "A random forest predicted the grade from the selected features."
RESULTS = "The forest reached an AUC of 0.81 in the test set."


def _paper(numbers: tuple[str, str, str, str]) -> list[tuple[str, str]]:
    intro, methods, sub, results = numbers
    return [("h", f"{intro}Introduction"), ("p", INTRO), ("h", f"{methods}Materials and methods"),
            ("h", f"{sub}Segmentation and features"), ("p", METHODS), ("h", f"{sub[:-2]}2 Model"), ("p", MODEL),
            ("h", f"{results}Results"), ("p", RESULTS)]


def _docx(blocks: list[tuple[str, str]], flat: bool) -> bytes:
    d = docx.Document()
    d.add_heading("Tumour grade from CT texture", 0)
    for kind, text in blocks:
        if kind == "h":
            d.add_heading(text, 1 if flat else numbered(text)[1] or 1)
        else:
            d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _jats(blocks: list[tuple[str, str]]) -> bytes:
    body = "".join(f"<sec><title>{t}</title>" if k == "h" else f"<p>{t}</p></sec>" for k, t in blocks)
    body = body.replace("</title><sec>", "</title>")  # a heading right over another: one sec for both, flat
    return ("<article><front><article-meta><title-group><article-title>Tumour grade</article-title></title-group>"
            f"</article-meta></front><body>{body}</body></article>").encode()


def _read(data: bytes | str, fmt: str | None) -> str:
    doc = read_document(data, fmt)
    part, note = select_part(doc)
    assert note is None, note
    return doc.text[part.start:part.end]


NUMBERINGS = [("1. ", "2. ", "2.1 ", "3. "), ("1 ", "2 ", "2.1 ", "3 "), ("I. ", "II. ", "2.1 ", "III. "),
              ("1 | ", "2 | ", "2.1 | ", "3 | ")]


@pytest.mark.parametrize("numbers", NUMBERINGS, ids=lambda n: n[1].strip() or "none")
@pytest.mark.parametrize("flat", [True, False], ids=["one-style", "nested-styles"])
def test_a_numbered_methods_heading_in_a_docx_is_the_methods_part(numbers: tuple[str, str, str, str],
                                                                  flat: bool) -> None:
    read = _read(_docx(_paper(numbers), flat), "docx")
    assert METHODS in read and MODEL in read
    assert INTRO not in read and RESULTS not in read


@pytest.mark.parametrize("numbers", NUMBERINGS, ids=lambda n: n[1].strip() or "none")
def test_a_numbered_methods_title_in_flat_jats_sections_is_the_methods_part(numbers: tuple[str, str, str, str]) -> None:
    read = _read(_jats(_paper(numbers)), "jats")
    assert METHODS in read and MODEL in read
    assert INTRO not in read and RESULTS not in read


def test_headings_of_one_style_nest_by_their_numbers() -> None:
    doc = read_document(_docx(_paper(NUMBERINGS[0]), flat=True), "docx")
    levels = {s.title: s.level for s in doc.sections}
    assert levels["2. Materials and methods"] == 1 and levels["2.1 Segmentation and features"] == 2
    assert [s.kind for s in doc.sections if s.title.endswith(("Introduction", "Results"))] == ["part", "part"]


def test_a_number_is_not_a_heading_s_words() -> None:
    assert numbered("2.3 Image segmentation") == ("Image segmentation", 2)
    assert numbered("III. METHODOLOGY") == ("METHODOLOGY", 1)
    assert numbered("2 | METHODS") == ("METHODS", 1)
    assert numbered("Methods") == ("Methods", 0)
    assert numbered("2019") == ("2019", 0)  # a number alone is the heading's words, not its number


# a settings table whose rows state the deciding facts: each row a line, its cells split by tabs, as a text holds it
TABLE = [["Step", "Setting"], ["Segmentation", "manual, by one radiologist"],
         ["Features", "PyRadiomics 3.0, 107 features"], ["Classifier", "random forest, 500 trees"]]
TEXT_TABLE = "\n".join("\t".join(row) for row in TABLE)


def test_a_docx_table_reads_as_its_text_one_row_a_line() -> None:
    d = docx.Document()
    d.add_heading("Methods", 1)
    d.add_paragraph(METHODS)
    d.add_paragraph("Table 1. Settings")
    table = d.add_table(rows=len(TABLE), cols=2)
    for row, cells in zip(table.rows, TABLE):
        for cell, value in zip(row.cells, cells):
            cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    text = read_document(buf.getvalue(), "docx").text
    assert "Table 1. Settings\n\n" + TEXT_TABLE + "\n" in text


def test_a_jats_table_is_read_after_its_caption_one_row_a_line() -> None:
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in TABLE)
    xml = ("<article><body><sec sec-type=\"methods\"><title>Methods</title>"
           f"<p>{METHODS}</p><table-wrap><label>Table 1.</label><caption><p>Settings</p></caption>"
           f"<table><thead></thead><tbody>{rows}</tbody></table></table-wrap></sec></body></article>")
    text = read_document(xml.encode(), "jats").text
    assert "Table 1. Settings\n\n" + TEXT_TABLE + "\n" in text


def test_a_pdf_part_heading_boxed_with_the_lines_around_it_is_still_a_heading() -> None:
    # a table's last row, a Results heading and its sentence set close together: one box of the layout analysis
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the PDFs")
    pytest.importorskip("pdfminer", reason="the documents extra (pdfminer.six) is not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(150, 5, "Methods\n" + METHODS + "\nClassifier   random forest, 500 trees\nResults\n" + RESULTS)
    doc = read_document(bytes(pdf.output()), "pdf")
    assert [(s.title, s.kind) for s in doc.sections] == [("Methods", "methods"), ("Results", "part")]
    part, note = select_part(doc)
    assert note is None and METHODS in doc.text[part.start:part.end] and RESULTS not in doc.text[part.start:part.end]


def test_a_pdf_line_that_only_begins_with_a_part_s_name_runs_on() -> None:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the PDFs")
    pytest.importorskip("pdfminer", reason="the documents extra (pdfminer.six) is not installed")
    pdf = fpdf.FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.multi_cell(150, 5, "Methods\n" + METHODS + "\nResults of the first reading\nwere kept.")
    doc = read_document(bytes(pdf.output()), "pdf")
    assert [s.title for s in doc.sections] == ["Methods"]
    assert "Results of the first reading were kept." in doc.text


def _bold_docx(paragraphs: list[tuple[str, bool]]) -> bytes:
    d = docx.Document()
    for text, bold in paragraphs:
        d.add_paragraph().add_run(text).bold = bold
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("methods", ["Materials and methods", "2. Methods", "METHODS"])
def test_docx_headings_set_in_bold_body_text_are_headings(methods: str) -> None:
    data = _bold_docx([("Tumour grade from CT texture", True), ("Introduction", True), (INTRO, False),
                       (methods, True), ("2.1 Segmentation and features", True), (METHODS, False),
                       ("Results", True), (RESULTS, False)])
    doc = read_document(data, "docx")
    assert [s.kind for s in doc.sections] == ["other", "part", "methods", "other", "part"]
    assert _read(data, "docx") == doc.text[doc.text.index(methods):doc.text.index("Results")]


def test_a_bold_sentence_or_a_partly_bold_paragraph_is_no_heading() -> None:
    data = _bold_docx([("Methods", True), ("All scans were read twice.", True), (METHODS, False)])
    assert [s.title for s in read_document(data, "docx").sections] == ["Methods"]
    d = docx.Document()
    p = d.add_paragraph()
    p.add_run("Segmentation").bold = True
    p.add_run(" by hand")
    buf = io.BytesIO()
    d.save(buf)
    assert read_document(buf.getvalue(), "docx").sections == ()


def test_a_whole_sentence_in_a_heading_style_is_read_as_a_sentence() -> None:
    sentence = "A radiologist outlined each tumour by hand on the portal venous phase images."
    d = docx.Document()
    d.add_heading("Methods", 1)
    d.add_heading(sentence, 2)
    d.add_paragraph(MODEL)
    d.add_heading("Results", 1)
    d.add_paragraph(RESULTS)
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document(buf.getvalue(), "docx")
    assert [s.title for s in doc.sections] == ["Methods", "Results"]
    text = "Methods\n\n" + sentence + "\n\n" + MODEL + "\n\nResults\n\n" + RESULTS + "\n"
    assert doc.text == text
    for d_ in (doc, read_document(text, "txt")):
        assert sentence in [s.text for s in sentences(d_, select_part(d_)[0])]
