"""The documents extra: a manuscript as DOCX, JATS XML and a two-column PDF reads to the same Methods and drafts
to the same verdicts as its text; tracked changes read as accepted; footnotes and references are not read;
hostile documents are refused with one line."""

from __future__ import annotations

import io
import sys
import zipfile

import pytest

import pipespec
from pipespec.draft.documents import read_document
from pipespec.errors import InputError

docx = pytest.importorskip("docx", reason="the documents extra (python-docx) is not installed")
pytest.importorskip("defusedxml", reason="the documents extra (defusedxml) is not installed")
pytest.importorskip("pdfminer", reason="the documents extra (pdfminer.six) is not installed")

INTRO = "Convolutional networks have been used widely for many tasks in the past."
METHODS = [
    "Contrast-enhanced CT scans of 212 patients with renal masses were collected at two centres.",
    "Each mass was delineated manually by two radiologists in consensus.",
    "Radiomic features were extracted from each mask with PyRadiomics.",
    "Features were selected with LASSO and a support vector machine classified the masses as benign or "
    "malignant.",
]
RESULTS = "The classifier reached an AUC of 0.84 in the held-out test set."


def as_text() -> str:
    return ("Renal masses on CT\n\nIntroduction\n\n" + INTRO + "\n\nMaterials and methods\n\n"
            + "\n\n".join(METHODS) + "\n\nResults\n\n" + RESULTS + "\n")


def verdicts(d: pipespec.draft.Draft) -> dict[int, str]:  # type: ignore[name-defined]
    return {c: v.verdict for c, v in pipespec.check(d.pipeline).conditions.items()}


def as_docx(tracked: bool = False) -> bytes:
    d = docx.Document()
    d.add_heading("Renal masses on CT", 0)
    d.add_heading("Introduction", 1)
    d.add_paragraph(INTRO)
    d.add_heading("Materials and methods", 1)
    for s in METHODS:
        d.add_paragraph(s)
    d.add_heading("Results", 1)
    d.add_paragraph(RESULTS)
    buf = io.BytesIO()
    d.save(buf)
    data = buf.getvalue()
    if not tracked:
        return data
    # a tracked insertion and a tracked deletion in the second Methods paragraph
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read("word/document.xml").decode("utf-8")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    assert w in xml
    xml = xml.replace("<w:t>Each mass was delineated manually by two radiologists in consensus.</w:t></w:r>",
                      "<w:t>Each mass was delineated manually by two radiologists</w:t></w:r>"
                      '<w:ins w:id="1" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">'
                      " in consensus.</w:t></w:r></w:ins>"
                      '<w:del w:id="2" w:author="A" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>'
                      " with a deep network.</w:delText></w:r></w:del>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            z.writestr(item, xml if item.filename == "word/document.xml" else src.read(item))
    return out.getvalue()


def as_jats() -> bytes:
    ps = "".join(f"<p>{s}</p>" for s in METHODS[1:])
    return (f"""<?xml version="1.0" encoding="UTF-8"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink"><front><article-meta><title-group>
<article-title>Renal masses on CT</article-title></title-group></article-meta></front>
<body><sec><title>Introduction</title><p>{INTRO}<xref ref-type="fn" rid="f1">1</xref></p></sec>
<sec sec-type="materials|methods"><title>Patients and imaging</title><p>{METHODS[0]}<fn id="f1"><p>A deep
network was also tried.</p></fn></p>{ps}
<fig id="g1"><label>Figure 1</label><caption><p>The pipeline: masks, PyRadiomics features, LASSO, SVM.</p></caption>
</fig></sec>
<sec><title>Results</title><p>{RESULTS}</p></sec></body>
<back><ref-list><ref id="r1"><mixed-citation>A ResNet-50 paper.</mixed-citation></ref></ref-list></back>
</article>""").encode()


def as_two_column_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the two-column PDF")
    pdf = fpdf.FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    width = 85
    left: list[tuple[str, bool]] = [("Renal masses on CT", True), ("Introduction", True), (INTRO, False),
                                    ("Materials and methods", True), (METHODS[0], False), (METHODS[1], False)]
    right: list[tuple[str, bool]] = [(METHODS[2], False), (METHODS[3], False), ("Results", True), (RESULTS, False)]
    for x, column in ((15, left), (110, right)):
        pdf.set_xy(x, 20)
        for text, heading in column:
            pdf.set_x(x)
            pdf.set_font("Helvetica", "B" if heading else "", 11 if heading else 10)
            pdf.multi_cell(width, 5, text, align="L")
            pdf.set_x(x)
            pdf.ln(6)
    return bytes(pdf.output())


def test_a_docx_reads_its_headings_from_the_styles_and_drafts_as_the_text_does() -> None:
    doc = read_document(as_docx(), None, "m.docx")
    assert doc.format == "docx"
    methods = [s for s in doc.sections if s.kind == "methods"]
    assert [s.title for s in methods] == ["Materials and methods"]
    assert METHODS[2] in doc.text[methods[0].start:methods[0].end] and RESULTS not in \
        doc.text[methods[0].start:methods[0].end]
    assert verdicts(pipespec.draft(as_docx())) == verdicts(pipespec.draft(as_text()))


def test_tracked_changes_read_as_accepted() -> None:
    doc = read_document(as_docx(tracked=True), "docx", "m.docx")
    assert "delineated manually by two radiologists in consensus." in doc.text
    assert "deep network" not in doc.text


def test_jats_methods_by_sec_type_captions_read_footnotes_and_references_not() -> None:
    doc = read_document(as_jats(), None, "a.xml")
    assert doc.format == "jats"
    (methods,) = [s for s in doc.sections if s.kind == "methods"]
    part = doc.text[methods.start:methods.end]
    assert "Figure 1 The pipeline" in part and METHODS[3] in part
    assert "deep network was also tried" not in doc.text and "ResNet-50 paper" not in doc.text
    assert verdicts(pipespec.draft(as_jats())) == verdicts(pipespec.draft(as_text()))


def test_jats_captions_in_figure_and_table_groups_are_read() -> None:
    # JATS groups panels of a figure (fig-group) and related tables (table-wrap-group); their captions are
    # captions like any other
    grouped = as_jats().replace(b'<fig id="g1">', b'<fig-group><fig id="g1">').replace(
        b"</fig></sec>", b'</fig></fig-group><table-wrap-group><table-wrap><label>Table 1</label><caption>'
                         b"<p>Radiomic feature classes.</p></caption></table-wrap></table-wrap-group></sec>")
    doc = read_document(grouped, "jats", "a.xml")
    (methods,) = [s for s in doc.sections if s.kind == "methods"]
    part = doc.text[methods.start:methods.end]
    assert "Figure 1 The pipeline" in part and "Table 1 Radiomic feature classes." in part


def test_a_two_column_pdf_reads_column_by_column_and_drafts_as_the_text_does() -> None:
    data = as_two_column_pdf()
    doc = read_document(data, None, "m.pdf")
    assert doc.format == "pdf"
    order = [doc.text.find(s[:40]) for s in [INTRO, METHODS[0], METHODS[1], METHODS[2], METHODS[3], RESULTS]]
    assert -1 not in order and order == sorted(order), doc.text
    assert [s.title for s in doc.sections if s.kind == "methods"] == ["Materials and methods"]
    assert verdicts(pipespec.draft(data)) == verdicts(pipespec.draft(as_text()))


def test_xml_with_entity_declarations_is_refused() -> None:
    bomb = (b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b"<article><body><p>&b;</p></body></article>")
    with pytest.raises(InputError, match="entity declarations"):
        read_document(bomb, "jats", "bomb.xml")


def test_jats_nested_deeper_than_python_recurses_is_a_one_line_limit_error() -> None:
    # a hostile article nests inline markup or sections thousands deep: a refusal, never an internal error
    deep = 5000
    for body in (b"<sec><title>Methods</title><p>" + b"<bold>" * deep + b"a CNN" + b"</bold>" * deep + b"</p></sec>",
                 b"<sec><title>Methods</title>" * deep + b"<p>a CNN</p>" + b"</sec>" * deep):
        with pytest.raises(InputError) as info:
            read_document(b"<article><body>" + body + b"</body></article>", "jats", "deep.xml")
        (d,) = info.value.diagnostics
        assert d.code == "PS112" and "nested" in d.message and "\n" not in d.message


def _zip_member_broken(how: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", "<w:document>hello</w:document>")
    data = bytearray(buf.getvalue())
    if how == "crc":  # a member whose bytes no longer match its checksum
        data[data.find(b"hello")] = ord("j")
    elif how == "encrypted":  # a member flagged as encrypted: zipfile wants a password
        for header, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            data[data.find(header) + at] |= 1
    else:  # a compression method zipfile does not implement
        for header, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
            data[data.find(header) + at] = 99
    return bytes(data)


@pytest.mark.parametrize("how", ["crc", "encrypted", "method"])
def test_a_docx_whose_members_cannot_be_read_is_a_one_line_error(how: str) -> None:
    with pytest.raises(InputError) as info:
        read_document(_zip_member_broken(how), "docx", "broken.docx")
    (d,) = info.value.diagnostics
    assert d.code == "PS100" and "not a readable DOCX file" in d.message and "\n" not in d.message


def test_jats_declaring_an_encoding_python_lacks_is_a_one_line_error() -> None:
    with pytest.raises(InputError) as info:
        read_document(b'<?xml version="1.0" encoding="x-bogus"?><article/>', "jats", "odd.xml")
    (d,) = info.value.diagnostics
    assert d.code == "PS100" and "unknown encoding" in d.message and "x-" in d.message


def test_a_docx_without_a_body_reads_as_a_document_with_no_text() -> None:
    src = zipfile.ZipFile(io.BytesIO(as_docx()))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":  # the w:body element taken out
                start, end = data.index(b"<w:body>"), data.index(b"</w:body>") + len(b"</w:body>")
                data = data[:start] + data[end:]
            z.writestr(name, data)
    assert read_document(buf.getvalue(), "docx", "empty.docx").text == ""


def test_a_docx_methods_inside_a_content_control_is_read() -> None:
    # journal templates wrap sections in content controls (w:sdt): their paragraphs are the document's text
    src = zipfile.ZipFile(io.BytesIO(as_docx()))
    xml = src.read("word/document.xml").decode("utf-8")
    first, last = xml.index("<w:p>", xml.index("<w:body>")), xml.index("<w:sectPr")
    wrapped = xml[:first] + "<w:sdt><w:sdtContent>" + xml[first:last] + "</w:sdtContent></w:sdt>" + xml[last:]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in src.namelist():
            z.writestr(name, wrapped if name == "word/document.xml" else src.read(name))
    doc = read_document(buf.getvalue(), "docx", "m.docx")
    assert METHODS[2] in doc.text and [s.title for s in doc.sections if s.kind == "methods"] == ["Materials and methods"]


def test_a_docx_text_box_written_for_two_kinds_of_reader_is_read_once() -> None:
    src = zipfile.ZipFile(io.BytesIO(as_docx()))
    xml = src.read("word/document.xml").decode("utf-8")
    mc = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    box = ("<w:r><mc:AlternateContent {mc}><mc:Choice Requires=\"wps\"><w:t>Figure 2 Boxed caption.</w:t>"
           "</mc:Choice><mc:Fallback><w:t>Figure 2 Boxed caption.</w:t></mc:Fallback></mc:AlternateContent></w:r>")
    at = xml.index("</w:p>", xml.index(METHODS[0][:30]))
    xml = xml[:at] + box.format(mc=mc) + xml[at:]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name in src.namelist():
            z.writestr(name, xml if name == "word/document.xml" else src.read(name))
    assert read_document(buf.getvalue(), "docx", "m.docx").text.count("Figure 2 Boxed caption.") == 1


def test_a_docx_whose_members_expand_beyond_64_mib_is_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/zeros.bin", b"\0" * (65 << 20))
    with pytest.raises(InputError, match="expand beyond 64 MiB"):
        read_document(buf.getvalue(), "docx", "bomb.docx")


def test_broken_documents_are_one_line_errors() -> None:
    for data, fmt in ((b"PK\x03\x04 not a zip", "docx"), (b"<article><p>unclosed", "jats"), (b"%PDF-1.4 junk", "pdf")):
        with pytest.raises(InputError) as info:
            read_document(data, fmt, "x")
        (d,) = info.value.diagnostics
        assert d.code in ("PS100", "PS112") and "\n" not in d.message


def test_without_the_extra_a_document_names_both_install_forms(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "docx", None)
    with pytest.raises(InputError) as info:
        read_document(as_docx(), "docx", "m.docx")
    message = info.value.diagnostics[0].message
    assert 'pip install "pipespec[documents]"' in message and 'pip install ".[documents]"' in message


def test_jats_citations_are_not_glued_to_the_words_they_follow() -> None:
    # "on CT<xref>12</xref>" was "on CT12" (no modality) and "PyRadiomics<sup><xref>3</xref>,<xref>4</xref></sup>"
    # "PyRadiomics3,4" (no tool); a cross-reference to a figure keeps its label
    body = ('<sec sec-type="methods"><title>Methods</title><p>Tumours were segmented manually by a radiologist on '
            'CT<xref ref-type="bibr" rid="B12">12</xref>. Radiomic features were extracted with PyRadiomics<sup>'
            '<xref ref-type="bibr" rid="B3">3</xref>,<xref ref-type="bibr" rid="B4">4</xref></sup> (Fig. '
            '<xref ref-type="fig" rid="F1">1</xref>) and a random forest classified malignancy '
            '[<xref ref-type="bibr" rid="B5">5</xref>].</p></sec>')
    data = f'<?xml version="1.0" encoding="UTF-8"?><article><body>{body}</body></article>'.encode()
    doc = read_document(data, "jats", "a.xml")
    assert "on CT. Radiomic" in doc.text and "with PyRadiomics (Fig. 1) and" in doc.text
    assert "malignancy." in doc.text and "[" not in doc.text
    heads = {s.head for s in pipespec.draft(data).stages}
    assert {"CT", "handcrafted PyRadiomics"} <= heads, heads


def test_docx_reference_numbers_set_as_superscripts_are_left_out() -> None:
    # a reference manager writes "on CT" then "12" as a superscript run: not "on CT12" (no modality), and
    # "PyRadiomics" then "3,4" not "PyRadiomics3,4" (no tool); a superscript that is no number ("st") is kept
    d = docx.Document()
    d.add_heading("Methods", 1)
    p = d.add_paragraph()
    for text, sup in (("Tumours were segmented manually by a radiologist on CT", False), ("12", True),
                      (". Radiomic features were extracted with PyRadiomics", False), ("3,4", True),
                      (" and a random forest classified malignancy on the 1", False), ("st", True),
                      (" visit and on ", False), ("18", True), ("F-FDG PET.", False)):
        p.add_run(text).font.superscript = sup
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document(buf.getvalue(), "docx", "m.docx")
    assert "on CT. Radiomic" in doc.text and "with PyRadiomics and" in doc.text and "the 1st visit" in doc.text
    assert "on 18F-FDG PET" in doc.text  # an isotope's number, before its element, is no reference
    heads = {s.head for s in pipespec.draft(buf.getvalue()).stages}
    assert {"CT", "handcrafted PyRadiomics"} <= heads, heads


def test_pdf_reference_numbers_set_as_superscripts_are_left_out() -> None:
    # smaller, raised digits after a word are a reference's number: "on CT12" would name no modality and
    # "PyRadiomics3,4" no tool; a digit of the line's own size is kept
    fpdf = pytest.importorskip("fpdf", reason="fpdf2 (a test dependency) makes the PDF")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.write(5, "Methods\n\nTumours were segmented manually by a radiologist on CT")
    for text, sup in (("12", True), (". Radiomic features were extracted with PyRadiomics", False), ("3,4", True),
                      (" and a random forest classified malignancy in 2 centres on ", False), ("18", True),
                      ("F-FDG PET.", False)):
        pdf.char_vpos = "SUP" if sup else "LINE"
        pdf.write(5, text)
    data = bytes(pdf.output())
    doc = read_document(data, "pdf", "m.pdf")
    assert "on CT. Radiomic" in doc.text and "with PyRadiomics and" in doc.text and "in 2 centres" in doc.text
    assert "on 18F-FDG PET" in doc.text  # an isotope's number, before its element, is no reference
    heads = {s.head for s in pipespec.draft(data).stages}
    assert {"CT", "handcrafted PyRadiomics"} <= heads, heads


def test_docx_non_breaking_and_optional_hyphens_are_read_as_word_writes_them() -> None:
    # Word stores a non-breaking hyphen ("U-Net", "semi-automatic") and an optional one as elements, not characters
    d = docx.Document()
    d.add_heading("Methods", 1)
    p = d.add_paragraph()
    p.add_run("Tumours were segmented semi")
    p.runs[-1]._r.append(p.runs[-1]._r.makeelement(docx.oxml.ns.qn("w:noBreakHyphen"), {}))
    p.add_run("automatically with a U")
    p.runs[-1]._r.append(p.runs[-1]._r.makeelement(docx.oxml.ns.qn("w:noBreakHyphen"), {}))
    p.add_run("Net and corrected by a radio")
    p.runs[-1]._r.append(p.runs[-1]._r.makeelement(docx.oxml.ns.qn("w:softHyphen"), {}))
    p.add_run("logist on CT. Radiomic features were extracted with PyRadiomics and a random forest classified them.")
    buf = io.BytesIO()
    d.save(buf)
    doc = read_document(buf.getvalue(), "docx", "m.docx")
    assert "segmented semi-automatically with a U-Net and corrected by a radiologist" in doc.text
