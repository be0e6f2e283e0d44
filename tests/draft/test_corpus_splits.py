"""The later development splits of the drafting corpus are sound; each was written in styles the ones before it
lack, beside the expected pipelines:

- ``dev2/``: terse abstract-style Methods, run-on and passive sentences, British spelling, numbered subsections,
  bullet lists, settings tables and figure captions, coreference, negation and contrast;
- ``dev3/``: long Methods with subsection headings in the manner of radiology journals, by an author who had not seen
  the drafting rules (facts stated in a later paragraph or only in a table, vendor products, reader studies with AI,
  nomograms, hybrid and two-stage designs, negation, hedging, non-native English, terse letters);
- ``dev4/``: clinical radiomics and AI Methods as radiologists write them, by an author who had not seen the drafting
  rules, where whether the study has end-to-end deep learning follows from the data flow and not from its words
  (deep features into classical models, fused features, networks trained to the outcome and then put into
  nomograms, frozen backbones with new heads, two-stage systems, segmentation networks trained only to make
  radiomics masks, ready-made segmentation tools, self-supervised pretraining, multiple-instance models,
  "end-to-end" used wrongly, deep learning named only in a caption, a table or the Discussion) and texts with no
  pipeline;
- ``dev5/``: Methods as practising radiologists write them for radiology journals, by an author who had not seen the
  drafting rules, spread over all five conditions (whole-image networks and detection boxes beside delineations;
  manual, semi-automatic, reused and automatic contours with or without correction; hand-crafted features or none;
  classical models, nomograms and network scores in them; commercial AI used as supplied, several models compared
  in one study) and texts with no pipeline;
- ``dev6/``: harder, varied styles by an author who had not seen the drafting rules: engineering and conference
  method sections (numbered plain headings, inline equations, loss functions, implementation details, ablations and
  baselines), whole papers with other methods named outside the Methods, unusual section titles, dense non-native
  English, settings tables and captions, and modern designs (foundation models and promptable segmentation,
  self-supervised pretraining, attention MIL, transformers, distillation, federated training, multi-task networks,
  cascades, deep features into classical models, fused features, habitats, delta radiomics, compared model families);
- ``dev7/``: a fresh split by an author who had not seen the drafting rules, measured once, unseen, at the end: a
  mix in the proportions of real submissions (clinical radiomics and AI Methods as radiologists write them,
  engineering method sections, and letters, technical notes, reader studies and whole papers) over all five
  conditions, with texts that have no pipeline;
- ``dev8/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: clinical
  radiomics and AI Methods, deep-learning method sections terse and detailed, hybrid designs, and letters, technical
  notes and texts whose deciding fact sits in a table, a figure caption or the Results, over all five conditions;
- ``dev9/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: styles the
  earlier splits lack (non-native word order, terse letters, run-in labels, Methods spread over sections not called
  Methods, checklist items, settings tables, bullet lists, captions, abbreviations, mislabelled approaches) over
  CT, MRI, PET, ultrasound cine, mammography, radiographs, CBCT, dermoscopy, endoscopy and whole-slide images;
- ``dev10/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: clinical
  radiomics and imaging-AI Methods as radiologists write them for radiology journals, with Condition #5 decided by
  the data flow (deep features into classical models called "end-to-end", fused features, networks trained, fine-tuned
  or partly frozen, two-stage systems, segmentation networks trained only for radiomics masks, ready-made and
  commercial networks used as supplied, network scores in nomograms, a fully connected network on radiomic features
  called deep learning), clinical-only and semantic-feature models, and a text with no pipeline;
- ``dev11/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: clinical
  radiomics and imaging-AI Methods as radiologists write them, spread over all five conditions (PET thresholds,
  dual-energy and parametric maps, multi-sequence MRI, survival and delta radiomics, habitats, ultrasound,
  tomosynthesis, radiographs, neuro and cardiac imaging; readers, semi-automatic and ready-made delineation; deep
  features and scores in classical models, fused features, networks trained, fine-tuned or partly frozen) and a text
  with no pipeline; numbered from 1001;
- ``dev12/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: what a
  journal or a systematic reviewer receives, mostly whole manuscripts (structured abstract, Introduction naming
  other groups' methods, Methods under varied headings, Results, Discussion, references, legends and tables), with a
  conference method section, letters, a technical note, a congress abstract and CLAIM and CLEAR checklist tables,
  the deciding fact sometimes only in a figure legend, the Results or a supplement summary; numbered from 1101;
- ``dev13/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: sources the
  earlier splits lack (preprints with LaTeX remnants and algorithm steps, text copied from PDFs with line numbers,
  page headers and hyphenation, radiation-oncology, nuclear-medicine, dental, ophthalmic, dermatology, endoscopy and
  radiopathomics Methods, Methods spread over "Data", "Approach" and "Experiments"), over all five conditions with a
  clinical-only model and a text with no pipeline; numbered from 1201;
- ``dev14/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: 22
  Methods sections in one radiologist's voice, each a different study design chosen to probe the five conditions
  and the pitfalls of METRICS-E3's Condition #4 and #5 guidance (deep features into classical models, fused
  features, frozen and partly frozen networks, two-stage and detection cascades, a network's score as a variable,
  clinical-only and reader-rated models, self-supervised embeddings clustered, texture maps into a network) and a
  reader study with no pipeline; numbered from 1301;
- ``dev15/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: 22
  Methods sections in one British radiologist's voice (long unbroken paragraphs, passive voice), each a different
  design probing the five conditions and METRICS-E3's Condition #4 and #5 guidance (ready-made and commercial tools,
  a reader study with AI, measurements in regressions, deep and fused features, frozen layers, two-stage and
  multi-task networks, a segmentation network trained only for masks, a network's score in a nomogram, a
  clinical-only model) and a reader study with no pipeline; numbered from 1401;
- ``dev16/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: what a
  journal or a systematic reviewer receives (whole manuscripts, conference and engineering method sections, letters
  and short reports, a CLEAR checklist, PDF text with page headers and line numbers, LaTeX remnants, translated
  run-on English, deciding facts only in a table or the Results) over all five conditions, with a clinical-only
  model and texts with no pipeline; numbered from 1501;
- ``dev17/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: Methods
  in one Australian musculoskeletal and emergency radiologist's voice (short numbered subsections, first person
  plural, settings tables), each a different design (ready-made and commercial tools, a reader study with AI,
  measurements in a regression, frozen deep and fused features, a detector cascade, a segmentation network trained
  only for masks, a network's score in a nomogram, a clinical-only model) and a reader study with no pipeline;
  numbered from 1601;
- ``dev18/``: another fresh split by an author who had not seen the drafting rules, measured once, unseen: whole
  manuscripts, engineering sections, letters, a checklist, PDF text with line numbers, LaTeX remnants and translated
  run-on English over all five conditions (ready-made and fine-tuned networks, frozen backbones, foundation-model
  probes, deep scores in nomograms, quantitative measurements in regressions, semantic features) and two texts with
  no pipeline; numbered from 1701.

Every expected pipeline loads and meets its own `expect` lines, its evidence phrases are quoted from its text, and
no text is a near-copy of another in any development split. Only the development splits are read here."""

from __future__ import annotations

import itertools
import re
import sys
from pathlib import Path

import pytest

import pipespec

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    import draft_corpus as corpus
finally:
    sys.path.remove(str(ROOT / "benchmarks"))

# split -> (at least this many texts, numbered from, the answers its texts must cover per condition)
SPLITS: dict[str, tuple[int, int, dict[int, set[str]]]] = {
    "dev2": (25, 101, {5: {"yes", "no"}}),
    "dev3": (35, 201, {5: {"yes", "no", "review"}}),
    "dev4": (30, 301, {2: {"yes", "no"}, 3: {"yes", "no"}, 5: {"yes", "no", "review"}}),
    "dev5": (24, 401, {c: {"yes", "no"} for c in (1, 2, 3, 4)} | {5: {"yes", "no", "review"}}),
    "dev6": (24, 501, {c: {"yes", "no"} for c in (1, 2, 3, 4)} | {5: {"yes", "no", "review"}}),
    "dev7": (24, 601, {c: {"yes", "no"} for c in (1, 2, 3, 4)} | {5: {"yes", "no", "review"}}),
    "dev8": (30, 701, {c: {"yes", "no"} for c in (1, 3, 4)} | {c: {"yes", "no", "review"} for c in (2, 5)}),
    "dev9": (38, 801, {c: {"yes", "no"} for c in (3, 4)} | {c: {"yes", "no", "review"} for c in (1, 2, 5)}),
    "dev10": (25, 901, {c: {"yes", "no"} for c in (1, 3, 4)} | {c: {"yes", "no", "review"} for c in (2, 5)}),
    "dev11": (28, 1001, {c: {"yes", "no"} for c in (3, 4)} | {c: {"yes", "no", "review"} for c in (1, 2, 5)}),
    "dev12": (25, 1101, {c: {"yes", "no"} for c in (1, 3, 4)} | {c: {"yes", "no", "review"} for c in (2, 5)}),
    "dev13": (25, 1201, {c: {"yes", "no"} for c in (1, 3, 4)} | {c: {"yes", "no", "review"} for c in (2, 5)}),
    "dev14": (22, 1301, {c: {"yes", "no"} for c in (1, 2, 3, 4)} | {5: {"yes", "no", "review"}}),
    "dev15": (22, 1401, {c: {"yes", "no"} for c in (1, 2, 3, 4)} | {5: {"yes", "no", "review"}}),
    "dev16": (25, 1501, {c: {"yes", "no"} for c in (1, 2, 4)} | {c: {"yes", "no", "review"} for c in (3, 5)}),
    "dev17": (20, 1601, {c: {"yes", "no"} for c in (1, 2, 3, 4, 5)}),
    "dev18": (20, 1701, {c: {"yes", "no"} for c in (1, 3, 4)} | {c: {"yes", "no", "review"} for c in (2, 5)}),
}
CASES = [c for split in SPLITS for c in corpus.cases(split)]


@pytest.mark.parametrize("split", SPLITS)
def test_each_split_is_large_and_varied(split: str) -> None:
    least, first, answers = SPLITS[split]
    cases = corpus.cases(split)
    assert len(cases) >= least
    numbers = [re.match(r"\d+", c.name) for c in cases]
    assert all(n and int(n.group()) >= first for n in numbers), f"{split} numbers from {first}"
    assert any(c.no_pipeline for c in cases) and any(c.contested for c in cases)
    for condition, wanted in answers.items():
        assert {c.expected.get(condition) for c in cases} >= wanted, (split, condition)


@pytest.mark.parametrize("case", CASES, ids=[f"{c.split}/{c.name}" for c in CASES])
def test_each_expected_pipeline_loads_and_meets_its_expectations(case: corpus.Case) -> None:
    assert case.text_path.is_file() and case.pipe_path.is_file(), case.name
    assert len(case.text.split()) >= 40, f"{case.name}: a Methods text, not a sentence"
    assert sorted(case.expected) == [1, 2, 3, 4, 5], f"{case.name}: an expect line for each condition"
    report = pipespec.check(case.pipe_path)
    assert not report.errors, [p.message for p in report.errors]
    got = {e.condition: e.passed for e in report.expectations}
    assert sorted(got) == [1, 2, 3, 4, 5] and all(got.values()), got
    stages = {s.name: s.kind for s in pipespec.load(case.pipe_path).stages}
    if case.no_pipeline:
        assert not stages, "a text with no pipeline expects no stages"
    else:
        assert case.evidence, f"{case.name}: no stage marks its evidence"
    text = corpus.normalise(case.text)
    for ev in case.evidence:
        assert stages.get(ev.name) == ev.kind, f"{case.name}: evidence above a stage that is not {ev.kind}"
        for phrase in ev.phrases:
            assert corpus.normalise(phrase) in text, f"{case.name}: {phrase!r} not in the text"


def test_no_two_development_texts_are_near_identical() -> None:
    texts = [(f"{c.split}/{c.name}", c.text) for c in corpus.cases("dev") + CASES]
    for (a, ta), (b, tb) in itertools.combinations(texts, 2):
        assert corpus.similarity(ta, tb) < 0.3, (a, b)
