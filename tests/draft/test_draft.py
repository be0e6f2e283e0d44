"""pipespec draft: documents, the Methods section, sentences, and drafts of Methods paragraphs written for these
tests (tests/draft/paragraphs.py), each checked against the verdicts METRICS-E3 gives its design."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

import pipespec
from pipespec.analysis.engine import analyse
from pipespec.draft import NothingToDraft, read_document
from pipespec.draft.sections import select_part
from pipespec.draft.sentences import sentences
from pipespec.errors import InputError
from pipespec.language import load_text
from tests.draft import paragraphs as P
from tests.draft.reading import shown


def verdicts(d: pipespec.draft.Draft) -> dict[int, str]:
    return {n: v.verdict for n, v in analyse(d.pipeline).conditions.items()}


def code_lines(spec: str) -> list[str]:
    return [line.strip() for line in spec.splitlines() if line.strip() and not line.strip().startswith("#")]


# ------------------------------------------------------------------------------------------- documents
@pytest.mark.parametrize(("data", "name", "fmt"), [
    (b"%PDF-1.7\n...", None, "pdf"),
    (b"PK\x03\x04" + b"\x00" * 20 + b"word/document.xml", None, "docx"),
    (b"<?xml version='1.0'?><article/>", None, "jats"),
    (b"\xef\xbb\xbf<article>", None, "jats"),
    (b"plain words", None, "txt"),
    (b"plain words", "paper.md", "md"),
    (b"%PDF", "paper.txt", "txt"),  # the suffix first
    ("# Methods\ntext", None, "md"),
])
def test_the_format_comes_from_the_suffix_else_the_first_bytes(data: bytes | str, name: str | None,
                                                               fmt: str) -> None:
    from pipespec.draft.documents import sniff

    assert sniff(data, name) == fmt


@pytest.mark.parametrize("fmt", ["docx", "jats", "pdf"])
def test_a_format_without_its_reader_is_one_line_naming_the_extra_in_both_forms(fmt: str) -> None:
    from pipespec.draft import documents

    if fmt in documents._READERS:
        pytest.skip(f"the {fmt} reader is installed")
    with pytest.raises(InputError) as exc:
        read_document(b"%PDF-1.4 whatever", fmt, "paper.bin")
    line = exc.value.diagnostics[0].one_line()
    assert "\n" not in line and line.startswith("paper.bin:1:1: PS100")
    assert 'pip install "pipespec[documents]"' in line and 'pip install ".[documents]"' in line


def test_extracted_text_over_the_file_limit_is_refused() -> None:
    with pytest.raises(InputError) as exc:
        pipespec.draft("Methods\n\n" + "A CNN classified the CT images. " * 40_000)
    assert exc.value.diagnostics[0].code == "PS112"


def test_binary_bytes_are_a_located_error() -> None:
    with pytest.raises(InputError) as exc:
        pipespec.draft(b"Methods\n\nA CNN \x00\x01 text")
    d = exc.value.diagnostics[0]
    assert d.code == "PS100" and "binary" in d.message and "pipeline file" not in d.message and d.span.line == 3


_WINDOWS_TEXT = ("Methods\n\nTumours were segmented manually by a radiologist \u201cblinded\u201d to the outcome "
                 "(\u00b1 2 mm). Radiomic features were extracted with PyRadiomics and a random forest classified "
                 "malignancy.\n")


@pytest.mark.parametrize(("encoded", "encoding"), [
    (_WINDOWS_TEXT.encode("cp1252"), "Windows-1252"),  # a word processor's plain text on Windows
    (_WINDOWS_TEXT.replace("\u201c", "").replace("\u201d", "").encode("latin-1") + b"\x81", "ISO 8859-1"),
])
def test_a_text_that_is_not_utf8_is_read_in_the_encoding_a_word_processor_saves(encoded: bytes,
                                                                                    encoding: str) -> None:
    d = pipespec.draft(encoded)
    assert any(n.message.startswith(f"the text is not UTF-8: it was read as {encoding}") for n in d.notes)
    seg = next(s for s in d.stages if s.name == "seg")
    assert "\u00b1 2 mm" in seg.evidence[0].quote and ("\u201cblinded\u201d" in seg.evidence[0].quote) == (
        encoding == "Windows-1252")
    assert pipespec.draft(_WINDOWS_TEXT.encode("utf-8")).notes == pipespec.draft(_WINDOWS_TEXT).notes
    assert not any("UTF-8" in n.message for n in pipespec.draft(_WINDOWS_TEXT.encode("utf-8")).notes)


def test_a_utf8_text_with_a_stray_byte_keeps_its_utf8_characters() -> None:
    # two texts pasted together, one saved as Windows-1252: read as Windows-1252 whole, every UTF-8 quote and accent
    # would turn into two or three wrong characters ("\u00e2\u20ac\u0153" for a quote) in the evidence
    data = _WINDOWS_TEXT.encode("utf-8") + " The radiologist\u2019s boxes.\n".encode("cp1252")
    d = pipespec.draft(data)
    seg = next(s for s in d.stages if s.name == "seg")
    assert "\u201cblinded\u201d" in seg.evidence[0].quote and "\u00b1 2 mm" in seg.evidence[0].quote
    assert any(n.message.startswith("the text is not all UTF-8: 1 stray byte was read as \ufffd") for n in d.notes)
    assert d.text.endswith("radiologist\ufffds boxes.\n")


@pytest.mark.parametrize("heading", ["Materials and methods", "MATERIALS AND METHODS", "2. Materials and Methods",
                                     "2 Methods", "II. METHODS", "Patients and methods", "Study design",
                                     "## Methods", "# 2. Materials and methods", "**Methods**"])
def test_the_methods_section_is_found_under_its_usual_headings(heading: str) -> None:
    text = (f"Introduction\n\nRadiomics is popular and an SVM is often used.\n\n{heading}\n\n"
            "A CNN classified the CT images.\n\nResults\n\nAn SVM did better.\n")
    doc = read_document(text)
    part, note = select_part(doc)
    assert note is None
    assert doc.text[part.start:part.end].count("CNN") == 1 and "SVM" not in doc.text[part.start:part.end]


def test_subsections_stay_in_the_methods_and_references_end_it() -> None:
    text = ("2. Methods\n\n2.1 Imaging\n\nCT images were collected.\n\n2.2 Model\n\nA CNN classified them.\n\n"
            "References\n\n1. Someone. An SVM paper.\n")
    doc = read_document(text)
    part, _ = select_part(doc)
    read = doc.text[part.start:part.end]
    assert "CT images" in read and "CNN" in read and "SVM" not in read


def test_the_longest_methods_part_is_read_and_all_reads_everything() -> None:
    text = ("Abstract\n\nMethods\n\nWe used an SVM.\n\nIntroduction\n\nWhy.\n\nMethods\n\nCT images were read. "
            "A CNN was trained to classify them. It used ImageNet weights.\n\nDiscussion\n\nOK.\n")
    doc = read_document(text)
    part, _ = select_part(doc)
    assert "CNN" in doc.text[part.start:part.end]
    whole, _ = select_part(doc, "all")
    assert (whole.start, whole.end, whole.title) == (0, len(text), None)


def test_without_a_methods_heading_the_whole_text_is_read_and_a_note_says_so() -> None:
    d = pipespec.draft("A CNN classified the CT images as benign or malignant.")
    assert d.section.title is None and "no Methods heading" in d.notes[0].message


# ------------------------------------------------------------------------------------------- sentences
def test_sentences_keep_abbreviations_and_offsets_into_the_text() -> None:
    text = ("Methods\n\nCT images (Fig. 1) were read, e.g. by a resident, i.e. one reader. The bin width was 2.5 "
            "HU.\n\nA CNN was trained.\n")
    doc = read_document(text)
    part, _ = select_part(doc)
    found = sentences(doc, part)
    assert [(s.paragraph, s.number) for s in found] == [(1, 1), (1, 2), (2, 1)]
    assert all(doc.text[s.start:s.end] == s.text for s in found)
    assert found[0].text.endswith("one reader.")


@pytest.mark.parametrize("text", [
    # plain text: the subsection's heading alone between blank lines, or run into its paragraph's first line
    "Methods\n\nReference annotation\n\nA radiologist outlined each tumour. A network was trained.\n",
    "Methods\n\nReference annotation\nA radiologist outlined each tumour. A network was trained.\n",
    # Markdown: the subsection's heading is a # line
    "# Methods\n\n## Reference annotation\n\nA radiologist outlined each tumour. A network was trained.\n",
])
def test_a_subsection_heading_is_read_with_the_first_sentence_under_it(text: str) -> None:
    """A subsection's heading says what its paragraph is about, as a run-in label does: however the format shows it
    (a line of its own in DOCX, JATS, PDF and Markdown; run into the paragraph in plain text), the first sentence
    under it is read with it, and the next sentence is not."""
    doc = read_document(text)
    part, _ = select_part(doc)
    first, second = sentences(doc, part)
    assert first.text.startswith("Reference annotation") and first.text.endswith("outlined each tumour.")
    assert second.text == "A network was trained."


@pytest.mark.parametrize("caption", ["Table 1. Readers and their experience", "Figure 2: Examples of the outlines",
                                     "Fig. 3 The network"])
def test_a_subsection_heading_is_never_read_with_a_caption(caption: str) -> None:
    # a table or figure placed under the heading is not what the heading introduces, and a sentence read with the
    # heading across it would quote the caption too: as a line of its own (plain text) or a paragraph (DOCX, JATS,
    # PDF), the caption is never read with the heading nor the heading with it
    for between in (f"{caption}\n\n", f"{caption} with more words in it than a heading has, as captions do.\n\n"):
        doc = read_document(f"Methods\n\nReference annotation\n\n{between}A radiologist outlined each tumour.\n")
        part, _ = select_part(doc)
        found = [s.text for s in sentences(doc, part)]
        assert found[-1] == "A radiologist outlined each tumour." and not any("\n" in t for t in found), found


def test_a_bold_subsection_heading_is_read_whole_with_its_first_sentence() -> None:
    # a Markdown heading in bold: the quote starts at its opening asterisks, not between the word and its closing ones
    doc = read_document("# Methods\n\n**Reference annotation**\n\nA radiologist outlined each tumour. A network was "
                        "trained.\n")
    part, _ = select_part(doc)
    first, second = sentences(doc, part)
    assert first.text.startswith("**Reference annotation**\n") and second.text == "A network was trained."


def test_the_methods_heading_itself_is_not_read_as_a_sentence() -> None:
    doc = read_document("Introduction\n\nDeep learning is popular.\n\nMethods\n\nA radiologist outlined each "
                        "tumour.\n\nResults\n\nIt worked.\n")
    part, _ = select_part(doc)
    assert [s.text for s in sentences(doc, part)] == ["A radiologist outlined each tumour."]


# ------------------------------------------------------------------------------------------- drafts
@pytest.mark.parametrize(("name", "expected"), [
    # METRICS-E3 advice on hand-crafted radiomics: manual delineation, hand-crafted, tabular, no end-to-end DL
    ("RADIOMICS", {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "no"}),
    # METRICS-E3, Condition #5, Example 3: a fine-tuned ImageNet network on radiographs to an estimate is end-to-end
    ("END_TO_END", {1: "no", 3: "no", 4: "no", 5: "yes"}),
    # deep features from a frozen network into an SVM: tabular, not end-to-end (Condition #5 advice)
    ("DEEP_FEATURES_SVM", {1: "yes", 3: "no", 4: "yes", 5: "no"}),
    # fused hand-crafted and deep features, then an MLP: tabular, not end-to-end, whatever the head
    ("FUSED", {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "no"}),
    # "without any manual correction": fully automated (Condition #2 Yes)
    ("AUTOMATED_UNCORRECTED", {1: "yes", 2: "yes", 3: "yes", 4: "yes"}),
    # a human corrected the automated contours: Condition #2 No
    ("AUTOMATED_CORRECTED", {1: "yes", 2: "no", 3: "yes", 4: "yes"}),
    # the mode is not stated: Condition #2 stays review, never a guess
    ("UNSTATED_MODE", {1: "yes", 2: "review", 3: "yes", 4: "yes", 5: "no"}),
    # "instead of a CNN": the contrasted network is not drafted
    ("NEGATED", {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "no"}),
    ("NOMOGRAM", {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "no"}),
    # hand-crafted feature maps into a CNN: hand-crafted (#3), not a table (#4), not end-to-end (#5)
    ("FEATURE_MAPS", {1: "yes", 2: "no", 3: "yes", 4: "no", 5: "no"}),
    # a network only considered (hypothetical) is not part of the pipeline
    ("CONSIDERED_NOT_USED", {1: "yes", 2: "no", 3: "yes", 4: "yes", 5: "no"}),
    # the reader's masks only train the network that delineates when the system is used: #2 Yes
    ("TRAINED_ON_READER_MASKS", {1: "yes", 2: "yes", 3: "yes", 4: "yes"}),
])
def test_drafts_decide_as_metrics_e3_advises(name: str, expected: dict[int, str]) -> None:
    d = pipespec.draft(getattr(P, name))
    got = verdicts(d)
    assert {n: got[n] for n in expected} == expected, d.spec


def test_a_stated_fact_is_drafted_with_its_words() -> None:
    lines = code_lines(pipespec.draft(P.RADIOMICS).spec)
    assert "preprocessing      seg: segmentation(mode: manual, readers: 2, tool: ITK-SNAP)" in lines
    assert "feature_extraction rad: handcrafted PyRadiomics { feature_classes: [first_order, glcm, glrlm] }" in lines
    assert 'preprocessing      sel: select(method: "ICC filter"), select(method: LASSO)' in lines
    assert 'model              clf { algorithm: [SVM, "random forest"] }' in lines
    assert "output             classification: classification { classes: [benign, malignant] }" in lines
    assert {"centers: 2", "cases: 212", "split: cross_validation", "folds: 5", "selection_fitted_on: training",
            "metrics: [AUC]", "uncertainty: yes"} <= set(lines)


def test_negation_and_contrast_leave_methods_out() -> None:
    d = pipespec.draft(P.NEGATED)
    assert "sel" not in {s.name for s in d.stages}  # "No feature selection was performed."
    assert "CNN" not in "\n".join(code_lines(d.spec))  # "instead of a CNN"
    assert any("'CNN' is negated" in n.message for n in d.notes)
    no_oversampling = pipespec.draft(P.RADIOMICS)
    assert "oversample" not in no_oversampling.spec.split("pipeline", 1)[1].split("#")[0]


def test_training_regimes_and_pretraining_are_drafted() -> None:
    lines = code_lines(pipespec.draft(P.END_TO_END).spec)
    assert "model         net: ResNet-34 { task: regression, training: fine_tuned, pretrained_on: ImageNet }" in lines
    lines = code_lines(pipespec.draft(P.DEEP_FEATURES_SVM).spec)
    # a frozen network that features are taken from is used as it is
    assert any(line.startswith("feature_extraction dl: deep DenseNet-121") and "training: pretrained_only" in line
               for line in lines)


def test_an_unstated_fact_is_missing_with_the_verdict_it_leaves_open() -> None:
    d = pipespec.draft(P.UNSTATED_MODE)
    assert "mode" not in code_lines(d.spec)[2]
    affects = {m.affects: m.fact for m in d.missing}
    assert "condition2" in affects and "not stated" in affects["condition2"]
    assert {"item18", "item27", "item29"} <= set(affects)


def test_no_pipeline_is_nothing_to_draft() -> None:
    with pytest.raises(NothingToDraft) as exc:
        pipespec.draft(P.NOTHING)
    assert "looked for" in str(exc.value) and "\n" not in str(exc.value)


def test_a_review_of_other_studies_drafts_nothing_from_the_methods_it_names() -> None:
    with pytest.raises(NothingToDraft) as exc:
        pipespec.draft(P.REVIEW)
    assert "review of other studies" in str(exc.value)


@pytest.mark.parametrize("said", [
    "In this review, we searched PubMed for studies of deep learning on CT.",
    "This review follows the PRISMA statement; studies that trained a CNN were included.",
    "This scoping review maps how U-Net segmentation is reported.",
    "This review was registered in PROSPERO; studies that trained a CNN were included.",
    "This review summarises the evidence on deep learning for fracture detection.",
    # whatever the case of its letters, and with the characters a case-blind pattern takes for an i or an s (the
    # test that spares most texts the review pattern must let them through)
    "IN THIS REVIEW, WE SEARCHED PUBMED FOR STUDIES OF DEEP LEARNING ON CT.",
    "This rev\u0130ew follows the PRISMA statement; studies that trained a CNN were included.",
    "In this rev\u0131ew, studies that trained a CNN were included.",
    "PubMed and Embase were \u017fearched for studies that trained a CNN.",
])
def test_a_review_is_known_by_what_it_says_it_is(said: str) -> None:
    with pytest.raises(NothingToDraft) as exc:
        pipespec.draft(f"Methods\n\n{said} A ResNet-50 was fine-tuned in most of them.")
    assert "review of other studies" in str(exc.value)


@pytest.mark.parametrize("said", ["all contours were saved after this review",
                                  "this review was done by a second radiologist blinded to the outcome",
                                  "segmentations that failed this review were redrawn",
                                  "a senior radiologist checked them all; this review followed the same protocol",
                                  "they were checked by a senior radiologist. In this review, 12 contours were corrected"])
def test_a_readers_review_of_contours_is_no_review_of_other_studies(said: str) -> None:
    # a study whose cardiologist reviewed and edited a product's contours, the study's own pipeline: drafted
    text = ("Methods\n\nMyocardial borders were contoured automatically by a commercial software (cvi42); a cardiologist "
            f"inspected every slice and edited the contours where needed, and {said}. Radiomic features were extracted "
            "with PyRadiomics and a random forest classified the patients.")
    assert any(s.kind == "feature_extraction" for s in pipespec.draft(text).stages)


@pytest.mark.parametrize("name", [n for n in dir(P) if n.isupper() and n not in ("NOTHING", "REVIEW")])
def test_every_stage_and_edge_quotes_the_document(name: str) -> None:
    text = getattr(P, name)
    d = pipespec.draft(text)
    assert d.text == text
    for st in d.stages:
        assert st.evidence, st
        for ev in st.evidence:
            assert 0 < len(ev.quote) <= 100 and shown(text[ev.start:ev.end]) == ev.quote
    for e in d.edges:
        assert e.evidence and all(shown(text[ev.start:ev.end]) == ev.quote for ev in e.evidence)
        assert e.inferred or all(ev.quote for ev in e.evidence)


@pytest.mark.parametrize("name", [n for n in dir(P) if n.isupper() and n not in ("NOTHING", "REVIEW")])
def test_every_stage_and_flow_line_has_an_evidence_comment_above_it(name: str) -> None:
    d = pipespec.draft(getattr(P, name))
    lines = d.spec.splitlines()
    for k, line in enumerate(lines):
        if re.match(r"\s+(input|preprocessing|feature_extraction|model|output|flow)\s", line):
            above = lines[k - 1].strip()
            assert re.match(r'# (inferred \(.*\); see )?paragraph \d+, sentence \d+: ".*"$', above), (line, above)
            quote = above.split(': "', 1)[1][:-1]
            assert len(quote) <= 100
    assert "# declare condition5 = yes|no" in d.spec and not any(
        line.strip().startswith("declare") for line in lines)


def test_inferred_edges_say_so() -> None:
    d = pipespec.draft(P.RADIOMICS)
    by_edge = {(e.source, e.target): e for e in d.edges}
    assert by_edge[("ct", "prep")].inferred is False  # one sentence names CT images and their resampling
    assert by_edge[("seg", "rad")].inferred is True
    assert "# inferred (order of mention and data types)" in d.spec


@pytest.mark.parametrize("to", ["dsl", "yaml", "json"])
def test_every_format_loads_and_decides_alike(to: str) -> None:
    for name in [n for n in dir(P) if n.isupper() and n not in ("NOTHING", "REVIEW")]:
        d = pipespec.draft(getattr(P, name), to=to)
        p = load_text(d.spec, "draft." + {"dsl": "pipe", "yaml": "yaml", "json": "json"}[to], to)
        assert {n: v.verdict for n, v in analyse(p).conditions.items()} == verdicts(d)


def test_yaml_keeps_the_evidence_comments() -> None:
    d = pipespec.draft(P.FUSED, to="yaml")
    assert d.spec.count("# paragraph") >= 5 and "# declare condition5 = yes|no" in d.spec


def test_the_same_document_gives_the_same_bytes() -> None:
    first = pipespec.draft(P.RADIOMICS.encode()).to_dict()
    assert pipespec.draft(P.RADIOMICS.encode()).to_dict() == first
    assert first["text_sha256"] == __import__("hashlib").sha256(P.RADIOMICS.encode()).hexdigest()


# ------------------------------------------------------------------------------------------- the API
def test_a_str_is_always_text_never_a_path(tmp_path: Path) -> None:
    f = tmp_path / "methods.txt"
    f.write_text(P.END_TO_END, encoding="utf-8")
    with pytest.raises(NothingToDraft):
        pipespec.draft(str(f))  # a one-line string naming a file is text: it states no pipeline
    d = pipespec.draft(f)  # an os.PathLike is a path
    assert verdicts(d)[5] == "yes" and "methods.txt" in d.spec


def test_the_api_rejects_what_it_cannot_take() -> None:
    with pytest.raises(TypeError):
        pipespec.draft(12)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        pipespec.draft("text", to="xml")
    with pytest.raises(InputError):
        pipespec.draft(Path(os.devnull).parent / "no-such-file.txt")



@pytest.mark.parametrize("name", [n for n in dir(P) if n.isupper() and n not in ("NOTHING", "REVIEW")])
def test_a_draft_is_in_canonical_layout_and_fmt_keeps_its_comments(name: str) -> None:
    from pipespec.language import load_with_comments, source_from_text
    from pipespec.language.writer import write

    d = pipespec.draft(getattr(P, name))
    p, comments = load_with_comments(source_from_text(d.spec, "draft.pipe", "dsl"))
    assert write(p, "dsl", comments) == d.spec


def test_readers_delineations_that_train_a_network_are_its_labels() -> None:
    lines = code_lines(pipespec.draft(P.TRAINED_ON_READER_MASKS).spec)
    assert "input              labels: mask { mode: manual, readers: 1, training_only: yes }" in lines
    assert any(line.startswith("model              segnet: U-Net") and "labels_from: labels" in line
               for line in lines)


def test_the_performance_guards_of_cues_hold_every_match() -> None:
    """A guard lists texts every match of its cue contains: no match is ever skipped by it."""
    from pipespec.draft.mentions import _GUARDS, _NOT_NAMES, _NOT_NAMES_WORDS, _compiled, _may_hold

    compiled = _compiled()
    samples = _development_texts() + [
        "Two radiologists, one resident and 3 expert readers; benign versus malignant; vs. controls; "
        "classified as A or B; between early and late; to differentiate X from Y; distinguish a and b",
        "We drew the contours; by the attending; the nurse traced them; a technician's boxes; each reader outlined"]
    for name, guard in _GUARDS.items():
        for text in samples:
            for m in compiled[name].finditer(text):
                assert any(w in m.group().lower() for w in guard), (name, m.group())
    from pipespec.draft.sections import _RUN_IN_HINT, _RUN_IN_PART

    samples += ["We did X.\n\nResults. The cohort was 12.", "We did X.\n**Discussion:** Our model",
                "a.\n  3. RESULTS: The", "a.\n\n__Conclusion__: We", "a:\nII. Acknowledgements. We thank"]
    for text in samples:  # and what the run-in labels of later parts are looked for by first
        for m in _RUN_IN_PART.finditer(text):
            assert _RUN_IN_HINT.search(m.group()), m.group()
    for text in samples:  # and the words tested before the phrases that name no method
        for m in _NOT_NAMES.finditer(text):
            assert _may_hold(m.group(), _NOT_NAMES_WORDS), m.group()


@pytest.mark.parametrize("phrase", ["diffusion-weighted", "Diffusion Tensor", "X-ray absorptiometry",
                                    "time-to-event", "RISK FACTOR", "echo time", "spin echo", "gradient-echo",
                                    "voting rights", "ridge filter", "the last four transformer blocks",
                                    "DIFFU\u017fION-weighted", "R\u0130SK score", "the first eight tran\u017fformer layers"])
def test_the_words_tested_before_the_names_set_aside_hold_every_match(phrase: str) -> None:
    """The words tested before the pattern of phrases that name no method runs hold all its matches (every
    branch, any case, and the characters a case-blind pattern reads as an i or an s)."""
    from pipespec.draft.mentions import _NOT_NAMES, _NOT_NAMES_WORDS, _may_hold

    text = f"Images were read ({phrase}) as planned."
    assert _NOT_NAMES.search(text) and _may_hold(text, _NOT_NAMES_WORDS)


def _development_texts() -> list[str]:
    corpus = Path(__file__).parent / "corpus"
    texts = [getattr(P, n) for n in dir(P) if n.isupper() and isinstance(getattr(P, n), str)]
    for split in ("dev", "dev2", "dev3", "dev4"):  # never the held-out split
        texts += [f.read_text(encoding="utf-8") for f in sorted((corpus / split).glob("*.md"))]
    return texts


def test_the_cues_tried_at_a_word_are_every_cue_whose_literal_start_begins_it() -> None:
    """The trie of literal starts finds, at each word, the same cues as testing every cue's literal starts there."""
    from pipespec.draft.mentions import MAX_LITERAL, _dispatch, _starts, _tokens

    starts, by_head, anywhere = _dispatch()
    literal = {name: [x[:MAX_LITERAL] for x in found] for name, found in _starts().items()
               if found is not None and name not in anywhere}
    for text in _development_texts():
        for t in _tokens(text, 0):
            low = text[t.start:t.start + MAX_LITERAL].lower()
            head = starts.match(low)
            got = set(by_head[head.group()]) if head else set()
            assert got == {n for n, xs in literal.items() if any(low.startswith(x) for x in xs)}, low


def test_a_character_class_at_a_match_s_start_is_a_start_of_each_of_its_characters() -> None:
    import re._parser as sre_parse  # type: ignore[import-not-found]

    from pipespec.draft.mentions import _literal_starts

    def starts(pattern: str) -> set[str] | None:
        return _literal_starts(list(sre_parse.parse(pattern, re.I)))

    assert starts(r"[23]-?D networks?") == {"2", "3"}
    assert starts(r"\d+\s?%|region growing") == {*"0123456789", "region growing"}
    assert starts(r"(?P<n>\d+|one|two)\s+readers") == {*"0123456789", "one", "two"}
    assert starts(r"[\w-]+\s+volumes?") is None and starts(r"[^a]b") is None and starts(r"[a-c]x") is None


def test_words_passed_by_at_once_lose_no_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading every word in full finds the same names as passing by the words that start none."""
    from pipespec.draft import mentions

    texts = _development_texts()
    read = [mentions.read_sentences(t, sentences(doc, select_part(doc)[0]))
            for t in texts for doc in [read_document(t)]]
    monkeypatch.setattr(mentions, "_plain", lambda word, k: False)
    for t, fast in zip(texts, read):
        doc = read_document(t)
        assert mentions.read_sentences(t, sentences(doc, select_part(doc)[0])) == fast


def test_predictions_averaged_after_the_model_are_post_processing() -> None:
    d = pipespec.draft(P.AVERAGED_SLICES)
    edges = {(e.source, e.target) for e in d.edges}
    assert ("net", "post") in edges and any(a == "post" for a, _ in edges)
    assert verdicts(d)[5] == "yes"  # METRICS-E3: post-processing of predictions keeps a network end-to-end


def test_patient_variables_fed_beside_features_are_a_clinical_input() -> None:
    d = pipespec.draft(P.RADIOMICS_PLUS_AGE)
    assert "input              clin: tabular clinical" in code_lines(d.spec)
    assert ("clin", "clf") in {(e.source, e.target) for e in d.edges}


def test_a_distilled_student_learns_from_its_teacher_which_reaches_no_output() -> None:
    d = pipespec.draft(P.DISTILLED)
    lines = code_lines(d.spec)
    assert any(line.startswith("model") and "MobileNetV2" in line and "training: distilled" in line and
               "labels_from: net" in line for line in lines), d.spec
    assert not any(e.source == "net" and e.target.startswith("classification") for e in d.edges)


def test_an_abbreviation_with_two_meanings_is_not_read_alone() -> None:
    """DLR is deep learning reconstruction in the vocabulary and deep learning radiomics in many papers."""
    d = pipespec.draft("Methods\n\nDLR features were extracted from CT with a ResNet-50 and a random forest "
                       "classified them.")
    assert "reconstruction" not in d.spec and "DLR" not in "\n".join(code_lines(d.spec))


def test_events_and_an_evaluated_automatic_segmentation_are_study_facts() -> None:
    text = ("Methods\n\nAmong 300 patients, 84 events (recurrences) occurred. The liver was segmented with nnU-Net, "
            "and the automatic segmentation was compared with manual masks using the Dice coefficient. Radiomic "
            "features were extracted with PyRadiomics and a Cox model was fitted.")
    lines = code_lines(pipespec.draft(text).spec)
    assert "events: 84" in lines and "segmentation_evaluated: yes" in lines


def test_the_first_letters_tried_before_the_negation_triggers_start_every_trigger() -> None:
    import re._parser as sre_parse  # type: ignore[import-not-found]

    from pipespec.draft.mentions import _PRE, _literal_starts

    lead = re.match(r"\\b\(\?=\[(\w+)\]\)", _PRE.pattern)
    assert lead is not None, _PRE.pattern[:40]
    starts = _literal_starts(list(sre_parse.parse("\\b" + _PRE.pattern[lead.end():], _PRE.flags)))
    assert starts, "every trigger should start with letters"
    assert {x[0].lower() for x in starts} <= set(lead.group(1)), sorted(starts)


def test_a_draft_over_the_file_limit_with_its_evidence_comments_is_written_without_them() -> None:
    # thousands of networks named: quoted above each stage and flow line, the draft would be over the 1 MiB a file
    # may be; without the quotes it loads and checks (the report keeps the evidence)
    text = "Methods\n\nCT images of the liver were used.\n" + "".join(
        f"A ResNet-{k} was trained on the contrast-enhanced CT images of the liver to classify each lesion.\n"
        for k in range(3500))
    d = pipespec.draft(text)
    assert len(d.spec.encode()) <= 1 << 20 and "# paragraph" not in d.spec
    assert any("evidence comments were left out" in n.message for n in d.notes)
    assert all(st.evidence for st in d.stages)
    assert not pipespec.check(d.pipeline).errors


def test_a_text_naming_more_stages_than_a_pipeline_may_have_gets_one_line_located_at_the_document() -> None:
    text = "Methods\n\n" + "".join(f"A ResNet-{k} was trained.\n" for k in range(5100))
    with pytest.raises(pipespec.errors.LimitError) as caught:
        pipespec.draft(text, name="methods.txt")
    line = caught.value.diagnostics[0].one_line()
    assert line.startswith("methods.txt:1:1: PS112") and "5000 stages" in line and "--max" not in line, line
    assert "\n" not in line
