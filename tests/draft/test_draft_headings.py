"""A numbered heading on a line of its own is a heading in plain text and Markdown, with no '#' and no blank line
before it ("2.5 Model development", "3.2. Feature extraction", "II. MATERIALS AND METHODS", "2 | METHODS"): it finds
the Methods section and starts a subsection; a numbered list item or a sentence that starts with a number stays
text."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipespec.draft import draft, read_document
from pipespec.draft.documents import Document, headed_sections
from pipespec.draft.sections import methods_part, select_part
from pipespec.draft.sentences import sentences

PAPERS = {
    "numbered, no blank lines": (
        "1 Introduction\nDeep learning is popular and an SVM is often used.\n"
        "2 Materials and methods\n2.1 Patients\nWe included 200 patients with CT.\n"
        "2.5 Model development\nA CNN was trained to classify the nodules.\n"
        "3 Results\nThe SVM did better.\n"),
    "numbered with full stops": (
        "1. Introduction\nDeep learning is popular and an SVM is often used.\n"
        "2. Materials and methods\n2.1. Patients\nWe included 200 patients with CT.\n"
        "2.5. Model development\nA CNN was trained to classify the nodules.\n"
        "3. Results\nThe SVM did better.\n"),
    "roman numerals in capitals": (
        "I. INTRODUCTION\nDeep learning is popular and an SVM is often used.\n"
        "II. MATERIALS AND METHODS\nA. Patients\nWe included 200 patients with CT.\n"
        "B. Model development\nA CNN was trained to classify the nodules.\n"
        "III. RESULTS\nThe SVM did better.\n"),
    "numbers with a bar": (
        "1 | INTRODUCTION\n\nDeep learning is popular and an SVM is often used.\n\n"
        "2 | METHODS\n\n2.1 | Patients\n\nWe included 200 patients with CT.\n\n"
        "2.5 | Model development\n\nA CNN was trained to classify the nodules.\n\n"
        "3 | RESULTS\n\nThe SVM did better.\n"),
}


@pytest.mark.parametrize("markdown", [False, True])
@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_a_numbered_heading_on_a_line_of_its_own_finds_the_methods(paper: str, markdown: bool) -> None:
    text = PAPERS[paper]
    doc = read_document(text, "md" if markdown else "txt")
    part, note = select_part(doc)
    read = text[part.start:part.end]
    assert note is None and part.title is not None and "method" in part.title.lower(), (part, doc.sections)
    assert "CNN" in read and "SVM" not in read, read


@pytest.mark.parametrize("markdown", [False, True])
@pytest.mark.parametrize("paper", sorted(PAPERS))
def test_a_numbered_subsection_heading_is_read_with_its_first_sentence_only(paper: str, markdown: bool) -> None:
    text = PAPERS[paper]
    doc = read_document(text, "md" if markdown else "txt")
    part, _ = select_part(doc)
    found = [s.text for s in sentences(doc, part)]
    assert len(found) == 2, found
    assert found[0].endswith("We included 200 patients with CT.") and "Patients" in found[0], found
    assert found[1].endswith("A CNN was trained to classify the nodules.") and "Model development" in found[1]


@pytest.mark.parametrize("heading", ["2.5 Model development", "3.2. Feature extraction", "2.4 | Statistical analysis",
                                     "II. MATERIALS AND METHODS", "2 METHODS"])
def test_a_numbered_heading_after_a_sentence_line_is_a_heading(heading: str) -> None:
    for markdown in (False, True):
        text = f"We included 200 patients.\n{heading}\nA CNN was trained.\n"
        titles = [s.title for s in headed_sections(text, markdown)]
        assert len(titles) == 1 and titles[0] in heading, (markdown, titles)


@pytest.mark.parametrize("text", [
    # numbered list items: full sentences, or short items one after another
    "The steps were as follows.\n1. Tumours were segmented manually.\n2. Features were extracted.\n",
    "The pipeline had three steps:\n1. Segmentation\n2. Feature extraction\n3. Classification\n",
    "The pipeline had three steps.\n1) Segmentation\n2) Feature extraction\n3) Classification\n",
    # sentences (and wrapped lines) that start with a number
    "We included 200 patients.\n3 readers delineated the tumours on CT.\n",
    "We included 200 patients.\n3 Tesla MRI scanners were used for all\nexaminations of the cohort.\n",
    "Images were reconstructed.\n2.5 mm slices were used for the analysis.\n",
    "The cohort was split.\n2 Radiologists outlined every lesion\nin consensus.\n",
])
def test_numbered_list_items_and_sentences_starting_with_a_number_are_no_headings(text: str) -> None:
    for markdown in (False, True):
        assert headed_sections(text, markdown) == (), (markdown, headed_sections(text, markdown))


def test_a_draft_reads_only_the_methods_under_a_numbered_heading() -> None:
    d = draft(PAPERS["numbered, no blank lines"])
    assert d.section.title == "Materials and methods"
    assert [s.get("architecture") for s in d.pipeline.stages if s.kind == "model"] == ["CNN"]


@pytest.mark.parametrize("heading", ["Methods and materials", "2. METHODS AND MATERIALS", "Study population and methods",
                                     "3 Experimental section", "Methods and analysis", "Study design and participants",
                                     "Study design and methods", "2. DESIGN AND METHODS", "Methods and study design"])
def test_the_methods_are_found_under_headings_that_name_them_with_other_words(heading: str) -> None:
    text = (f"1 Introduction\n\nDeep learning is popular and an SVM is often used.\n\n{heading}\n\nA CNN classified "
            "the CT images.\n\n4 Results\n\nThe SVM did better.\n")
    part, note = select_part(read_document(text))
    assert note is None and "CNN" in text[part.start:part.end] and "SVM" not in text[part.start:part.end], part


@pytest.mark.parametrize("heading", ["Statistical methods", "Imaging methods"])
def test_a_subsection_named_for_some_methods_is_not_the_methods_section(heading: str) -> None:
    text = f"Methods\n\nA CNN classified the CT images.\n\n{heading}\n\nThe AUC was computed.\n\nResults\n\nGood.\n"
    doc = read_document(text)
    part, _ = select_part(doc)
    assert part.title == "Methods" and "AUC" in text[part.start:part.end]


@pytest.mark.parametrize("text", [
    # the name of a part of a paper on a line of its own, numbered, after a line that is no sentence
    "Keywords: radiomics; CT; deep learning\n2 Materials and methods\nA CNN classified the CT images.\n3 Results\n"
    "An SVM did better.\n",
    # in capitals, or after a sentence, with no blank line before it
    "Deep learning is popular and an SVM is often used.\nMATERIALS AND METHODS\nA CNN classified the CT images.\n"
    "RESULTS\nAn SVM did better.\n",
    "Deep learning is popular and an SVM is often used.\nMethods\nA CNN classified the CT images.\nResults\nAn SVM "
    "did better.\n",
])
def test_a_part_of_the_paper_named_on_a_line_of_its_own_is_a_heading(text: str) -> None:
    for fmt in ("txt", "md"):
        part, note = select_part(read_document(text, fmt))
        read = text[part.start:part.end]
        assert note is None and "CNN" in read and "SVM" not in read, (fmt, part)


@pytest.mark.parametrize("text", [
    "The details are given in the\nMethods\nsection of the supplement, and a CNN was trained.\n",
    "All features are listed in the supplementary\nResults\nof the first study; a CNN was trained.\n",
])
def test_a_part_s_name_wrapped_inside_a_sentence_is_no_heading(text: str) -> None:
    for markdown in (False, True):
        assert headed_sections(text, markdown) == (), headed_sections(text, markdown)


def _part_by_rescanning(doc: Document) -> tuple[int, int] | None:
    """The longest Methods part found the plain way, from each Methods heading scanning every section after it."""
    best = None
    secs = doc.sections
    for i, s in enumerate(secs):
        if s.kind != "methods" or (i and secs[i - 1].kind == "methods" and secs[i - 1].end > s.start):
            continue
        end = s.end
        for later in secs[i + 1:]:
            if later.kind in ("part", "end"):
                end = later.start
                break
            end = max(end, later.end)
        if best is None or end - s.start > best[1] - best[0]:
            best = (s.start, end)
    return best


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["# Methods", "# Materials and methods", "## Model", "# Results", "# References",
                                 "We trained a CNN.", "", "Abstract"]), max_size=14))
def test_the_methods_part_is_the_longest_from_a_methods_heading(lines: list[str]) -> None:
    doc = read_document("\n".join(lines) + "\n", "md")
    part = methods_part(doc)
    assert (None if part is None else (part.start, part.end)) == _part_by_rescanning(doc)


def test_a_document_of_many_methods_headings_is_read_in_linear_time() -> None:
    # each Methods heading was followed to the end of the document through every heading after it: a hostile file
    # of 20,000 such lines took minutes. The bound is wide for a slow, shared machine.
    doc = read_document("Methods\n\n" + "# Methods\n" * 20_000 + "\nWe trained a CNN.\n\n# Results\n\nAn AUC.\n", "md")
    started = time.perf_counter()
    part = methods_part(doc)
    assert time.perf_counter() - started < 5
    assert part is not None and doc.text[part.end:].startswith("# Results")


@pytest.mark.parametrize("markdown", [False, True])
def test_with_no_methods_heading_the_sections_between_the_introduction_and_the_results_are_read(markdown: bool) -> None:
    # a paper that names no section Methods but puts "Patients", "Image analysis" and "Statistical analysis" where
    # its Methods would be: those are read, not the Introduction's or the Discussion's methods
    h = "## " if markdown else ""
    text = (f"{h}Introduction\n\nAn SVM on radiomic features is the usual approach.\n\n{h}Patients and imaging\n\n"
            f"We included 212 patients with CT.\n\n{'### ' if markdown else ''}Segmentation\n\nTumours were delineated "
            f"manually.\n\n{h}Image analysis\n\nA CNN classified the CT images.\n\n{h}Results\n\nThe AUC was 0.9.\n\n"
            f"{h}Discussion\n\nA random forest might do better.\n")
    part, note = select_part(read_document(text))
    read = text[part.start:part.end]
    assert part.title == "Patients and imaging" and "CNN" in read and "manually" in read, part
    assert "SVM" not in read and "random forest" not in read and "AUC" not in read
    assert note is not None and "Patients and imaging" in note


@pytest.mark.parametrize("end", ["# References\n\n1. Smith J.\n", "## References\n\n1. Smith J.\n", ""])
def test_with_no_methods_heading_a_title_over_the_papers_parts_is_not_read_whole(end: str) -> None:
    # a Markdown paper whose title is the one first-level heading, its parts second-level: the title's section holds
    # the Introduction and the Discussion, and was read as the run of sections where the Methods would be
    text = ("# Radiomics of renal masses\n\n## Introduction\n\nAn SVM on radiomic features is the usual approach.\n\n"
            "## Patients and imaging\n\nWe included 212 patients with CT.\n\n## Image analysis\n\nA CNN classified "
            "the CT images.\n\n## Results\n\nThe AUC was 0.9.\n\n## Discussion\n\nA random forest might do better.\n\n"
            + end)
    part, note = select_part(read_document(text, "md"))
    read = text[part.start:part.end]
    assert part.title == "Patients and imaging" and "CNN" in read, part
    assert "SVM" not in read and "random forest" not in read and "AUC" not in read


def test_a_document_of_many_headings_and_no_methods_heading_is_read_in_linear_time() -> None:
    # each title-like heading over the paper's parts is looked inside, not followed to the next part again from each
    # heading below it; the bound is wide for a slow, shared machine
    doc = read_document("# Title\n\n" + "## Introduction\n\n# Part\n\n" * 10_000 + "# Results\n\nAn AUC.\n", "md")
    started = time.perf_counter()
    part, _ = select_part(doc)
    assert time.perf_counter() - started < 5
    assert part is not None


@pytest.mark.parametrize("text", [
    "Patients\n\nWe included 212 patients.\n\nImage analysis\n\nA CNN classified the CT images.\n",
    "Introduction\n\nAn SVM is usual.\n\nResults\n\nThe AUC was 0.9.\n\nDiscussion\n\nA CNN might do better.\n",
])
def test_with_no_methods_heading_and_no_sections_between_parts_the_whole_text_is_read(text: str) -> None:
    part, note = select_part(read_document(text))
    assert (part.start, part.end, part.title) == (0, len(text), None) and note is not None and "whole text" in note
