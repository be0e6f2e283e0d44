"""Corrections as data: which problems get a fix, safe or unsafe, and fixing changes only what it replaces."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pipespec
from pipespec import strategies as ps
from pipespec.checker import check_text
from pipespec.edits import SAFE, UNSAFE
from pipespec.fixing import fix_text, fixes_for

MISSPELT = """pipeline "Knee radiographs" {
  input ct: XR image2d  # the radiographs
  model net: ResNt-18 { task: classification, pretrianed_on: ImageNet }
  output y: classification
  flow ct -> net -> y
  waive C503 "the reviewers asked for it" at net
  declare condition5 = yes
}
"""


def by_code(text: str, path: str = "study.pipe") -> dict[str, tuple[str, str]]:
    report = check_text(text, path)
    return {p.code: (f.title, f.applicability) for p, f in fixes_for(report)}


def test_an_attribute_whose_correction_changes_no_verdict_is_a_safe_fix() -> None:
    assert by_code(MISSPELT) == {"PS103": ("replace 'pretrianed_on' with 'pretrained_on'", SAFE)}


def test_safe_fixes_keep_layout_comments_and_the_declared_answer() -> None:
    result = fix_text(MISSPELT, "study.pipe")
    assert result.text == MISSPELT.replace("pretrianed_on", "pretrained_on").replace(
        '  waive C503 "the reviewers asked for it" at net\n', "")
    assert [f.title for f in result.applied] == ["replace 'pretrianed_on' with 'pretrained_on'",
                                                 "remove the waiver that suppresses nothing"]
    assert "declare condition5 = yes" in result.text and "# the radiographs" in result.text
    assert result.unsafe_available == 1  # the architecture's spelling turns a review into a decision


def test_a_misspelled_architecture_is_unsafe_it_turns_review_into_a_decision() -> None:
    before = fix_text(MISSPELT, "study.pipe")
    assert before.report.conditions[5].verdict == "review"
    after = fix_text(MISSPELT, "study.pipe", unsafe=True)
    assert "ResNet-18" in after.text and after.report.conditions[5].verdict == "yes"
    assert after.unsafe_available == 0


def test_an_attribute_that_decides_a_verdict_is_not_a_safe_fix() -> None:
    # `corrected: all` makes Condition #2 No: a correction that brings it back is unsafe
    text = """pipeline "p" {
  input ct: CT image3d
  model seg: nnU-Net { task: segmentation, corected: all }
  output m: segmentation
  flow ct -> seg -> m
}
"""
    fixes = by_code(text)
    assert fixes == {"PS103": ("replace 'corected' with 'corrected'", UNSAFE)}
    assert fix_text(text, "p.pipe").text == text
    fixed = fix_text(text, "p.pipe", unsafe=True)
    assert "corrected: all" in fixed.text and fixed.report.conditions[2].verdict == "no"


@pytest.mark.parametrize("before", ["epoch: 10, ", "pretrainde_on: ImageNet, epoch: 1, ", 'descripton: "\U0001d4c3", '])
def test_an_attribute_that_decides_a_verdict_is_not_safe_after_a_longer_correction_on_its_line(before: str) -> None:
    # the correction of `epoch` (one character longer) moves `corected` on the line written back: the attribute
    # is still found there and taken out, so that its own correction, which makes Condition #2 No, stays unsafe
    text = ("pipeline \"p\" {\n  input ct: CT image3d\n"
            f"  model seg: nnU-Net {{ task: segmentation, {before}corected: all }}\n"
            "  output m: segmentation\n  flow ct -> seg -> m\n}\n")
    fixes = {f.title: f.applicability for _, f in fixes_for(check_text(text, "p.pipe"))}
    assert fixes["replace 'corected' with 'corrected'"] == UNSAFE
    fixed = fix_text(text, "p.pipe")
    assert "corected: all" in fixed.text and fixed.report.errors  # --fix leaves it to the author


def test_a_misspelled_stage_name_in_a_flow_is_unsafe_and_adds_the_edge() -> None:
    text = 'pipeline "p" {\n  input ct: CT image3d\n  model net: ResNet-18\n  output y: classification\n' \
           '  flow ct -> nett -> y\n}\n'
    assert by_code(text) == {"PS106": ("replace 'nett' with 'net'", UNSAFE)}
    fixed = fix_text(text, "p.pipe", unsafe=True)
    assert "flow ct -> net -> y" in fixed.text and not fixed.report.errors


def test_two_suggestions_give_no_fix() -> None:
    text = 'pipeline "p" {\n  input ct: CT image3d\n  model net1: ResNet-18\n  model net2: ResNet-18\n' \
           '  output y: classification\n  flow ct -> net -> y\n  flow ct -> net1 -> y\n  flow ct -> net2 -> y\n}\n'
    report = check_text(text, "p.pipe")
    assert report.errors and fixes_for(report) == []


def test_yaml_waiver_item_and_key_removed_and_crlf_kept() -> None:
    text = ("pipeline: p\r\nstages:\r\n  - {name: ct, kind: input, modality: CT, form: image3d}\r\n"
            "  - {name: net, kind: model, architecture: ResNet-18, from: [ct]}\r\n"
            "  - {name: y, kind: output, task: classification, from: [net]}\r\n"
            "waive:\r\n  - code: C503\r\n    justification: asked for\r\n    stage: net\r\n"
            "declare:\r\n  condition5: yes\r\n")
    fixed = fix_text(text, "p.yaml")
    assert fixed.text == text.replace("waive:\r\n  - code: C503\r\n    justification: asked for\r\n"
                                      "    stage: net\r\n", "")
    assert not fixed.report.errors


@pytest.mark.parametrize("eol", ["\n", "\r\n"])
def test_yaml_waivers_that_all_suppress_nothing_are_removed_with_their_key(eol: str) -> None:
    # each idle waiver alone would leave the other; together their items leave `waive:` with no list (PS102), so
    # --fix kept neither while the report called both safe: each offers the one correction that removes the list
    head = ("pipeline: p\nstages:\n  - {name: ct, kind: input, modality: CT, form: image3d}\n"
            "  - {name: net, kind: model, architecture: ResNet-18, task: classification, from: [ct]}\n"
            "  - {name: y, kind: output, task: classification, from: [net]}\n")
    waivers = ("waive:\n  - code: C503\n    stage: net\n    justification: asked\n"
               "  - stage: net\n    code: C501  # the reviewers\n    justification: asked\n")
    tail = "declare:\n  condition5: yes\n"
    text = (head + waivers + tail).replace("\n", eol)
    report = check_text(text, "p.yaml")
    offered = [(p.code, f) for p, f in fixes_for(report)]
    assert [code for code, _ in offered] == ["W101", "W101"] and offered[0][1] == offered[1][1]
    assert offered[0][1].safe
    fixed = fix_text(text, "p.yaml")
    assert fixed.text == (head + tail).replace("\n", eol) and not fixed.report.errors
    # one idle waiver beside one that suppresses a finding (V101, of the misspelt architecture): only its item goes
    kept = text.replace("C501", "V101").replace("ResNet-18", "ResNt-18")
    assert fix_text(kept, "p.yaml").text == kept.replace(f"  - code: C503{eol}    stage: net{eol}    justification: "
                                                         f"asked{eol}", "")


def test_many_yaml_waivers_are_read_once_not_once_per_waiver() -> None:
    # hostile input for `check --format json` and the server: 1,500 idle waivers took an hour (each waiver read
    # its list again, with a scan per item, and each fix's lines were searched for a declared answer); the bound
    # is for slow shared machines, the work is a fraction of a second
    items = "".join(f"  - code: C50{k % 3 + 1}\n    stage: net\n    justification: asked {k}\n" for k in range(1500))
    text = ("pipeline: p\nstages:\n  - {name: ct, kind: input, modality: CT, form: image3d}\n"
            "  - {name: net, kind: model, architecture: ResNet-18, task: classification, from: [ct]}\n"
            "  - {name: y, kind: output, task: classification, from: [net]}\nwaive:\n" + items)
    report = check_text(text, "p.yaml")
    began = time.perf_counter()
    offered = fixes_for(report)
    assert time.perf_counter() - began < 30
    assert len(offered) == 1500 and len({f for _, f in offered}) == 1
    assert offered[0][1].edits[0] == (6, 1, 4507, 1, "")  # the key and its 1,500 items (3 lines each)


def test_yaml_misspelled_key_is_fixed_in_place() -> None:
    text = "pipeline: p\nstages:\n  - name: ct\n    kind: input\n    modalty: CT\n    form: image3d\n" \
           "  - {name: net, kind: model, architecture: ResNet-18, from: [ct]}\n" \
           "  - {name: y, kind: output, task: classification, from: [net]}\n"
    fixed = fix_text(text, "p.yaml")
    assert fixed.text == text.replace("modalty", "modality") and not fixed.report.errors


def test_a_declared_answer_is_never_changed() -> None:
    # the C503 finding's text asks to change the declaration; no fix does
    text = 'pipeline "p" {\n  input ct: CT image3d\n  model net: ResNet-18 { task: classification }\n' \
           '  output y: classification\n  flow ct -> net -> y\n  declare condition5 = no\n}\n'
    report = check_text(text, "p.pipe")
    assert any(f.code.startswith("C5") for f in report.findings)
    assert fix_text(text, "p.pipe", unsafe=True).text == text


def test_a_misspelt_declared_answer_in_yaml_is_left_to_the_author() -> None:
    # the DSL has no correction for `declare condition5 = yse`; YAML's did-you-mean must not make one either
    text = ('pipeline: p\nstages:\n  - {name: ct, kind: input, modality: CT, form: image3d}\n'
            '  - {name: net, kind: model, from: [ct], architecture: ResNet-18, task: classification}\n'
            '  - {name: y, kind: output, from: [net], task: classification}\n'
            'declare:\n  condition5: yse\nexpect:\n  condition5: yse\n')
    fixed = fix_text(text, "p.yaml", "yaml", unsafe=True)
    assert "declare:\n  condition5: yse\n" in fixed.text and "expect:\n  condition5: yes\n" in fixed.text


_KEYS = ("task", "training", "pretrained_on", "description", "modality", "form")


def _misspell(word: str, rnd: random.Random) -> str:
    i = rnd.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:] if word[i] != word[i + 1] else word + word[-1]


@settings(max_examples=40)
@given(ps.dsl_texts(), st.randoms(use_true_random=False), st.integers(1, 3))
def test_fixing_twice_changes_nothing_the_second_time(text: str, rnd: random.Random, n: int) -> None:
    # misspell a few attribute keys and names in a valid pipeline, then fix: a second fix is a no-op
    words = [w for w in _KEYS if f"{w}:" in text] + [s.name for s in pipespec.load(text).stages if len(s.name) > 3]
    for w in rnd.sample(words, min(n, len(words))):
        text = text.replace(w, _misspell(w, rnd), 1)
    once = fix_text(text, "gen.pipe", unsafe=True)
    twice = fix_text(once.text, "gen.pipe", unsafe=True)
    assert twice.text == once.text and twice.applied == ()
    safe_once = fix_text(text, "gen.pipe")
    assert fix_text(safe_once.text, "gen.pipe").applied == ()


def test_a_misspelt_statement_word_is_safe_for_answers_and_unsafe_for_stages() -> None:
    text = 'pipeline "t" {\n  input ct: CT image3d\n  model net: ResNet-18\n  output y: classification\n' \
           '  flow ct -> net -> y\n  decalre condition5 = yes\n}\n'
    assert by_code(text) == {"PS101": ("replace 'decalre' with 'declare'", SAFE)}
    assert "  declare condition5 = yes\n" in fix_text(text, "t.pipe").text
    stage = text.replace("  model net", "  modle net").replace("decalre", "declare")
    assert by_code(stage) == {"PS101": ("replace 'modle' with 'model'", UNSAFE)}
    assert fix_text(stage, "t.pipe").text == stage


def test_a_fix_that_lets_the_parser_reach_later_errors_is_kept() -> None:
    # the parser stops at the first syntax error: correcting it uncovers the errors behind it, which the fix did
    # not cause; only an error on a line a fix wrote undoes the pass
    text = 'pipeline "t" {\n  input ct: CT image3d\n  model net: ResNet-18 { task: classification }\n' \
           '  output y: classification\n  flow ct -> net -> y\n  flow ct -> nett\n  flow net -> yy\n' \
           '  decalre condition5 = yes\n}\n'
    fixed = fix_text(text, "t.pipe")
    assert fixed.text == text.replace("decalre", "declare")
    assert [e.code for e in fixed.report.errors] == ["PS106", "PS106"] and fixed.unsafe_available == 2
    broken = text.replace("  flow ct -> nett\n  flow net -> yy\n", "").replace(
        "{ task: classification }", "{ tsak: classification, task: detection }")
    assert check_text(broken, "t.pipe").errors  # the corrected key would be written twice: not applied
    assert "tsak" in fix_text(broken, "t.pipe", unsafe=True).text


def _examples() -> list[tuple[str, str]]:
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "examples"
    return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(root.rglob("*.pipe"))]


def test_a_misspelt_key_or_architecture_in_every_example_is_fixed_back_exactly() -> None:
    # the round trip the property above cannot promise for every draw: in each shipped example one attribute key
    # misspelt (two letters swapped) is corrected back: by the safe fixes when no verdict depends on it, else by
    # the unsafe ones, which then change nothing else than they change in the original
    fixed_back = safe_back = 0
    for name, original in _examples():
        for key in ("pretrained_on", "description", "task", "modality", "training"):
            at = original.find(f" {key}: ")
            if at < 0:
                continue
            broken = original[:at + 2] + original[at + 3] + original[at + 2] + original[at + 4:]
            if not check_text(broken, name).errors:
                continue
            safe = fix_text(broken, name)
            safe_back += safe.text == original
            if safe.text != original:  # the key decides something: only the unsafe fixes correct it
                assert not check_text(safe.text, name).errors or safe.unsafe_available, (name, key)
            # with every fix, the misspelt text and the original end up the same (other unsafe fixes, such as a
            # reading's redrawing, apply to both alike)
            assert fix_text(broken, name, unsafe=True).text == fix_text(original, name, unsafe=True).text, (name, key)
            fixed_back += 1
            break
    assert fixed_back >= 10 and safe_back >= 5


def test_the_other_honest_reading_is_never_applied_by_a_batch_fix() -> None:
    # METRICS-E3, Condition #5, Example 4 vs the drawing as the paper says it: the R501 edit redraws a study
    # whose answers already agree with its drawing; --fix --unsafe-fixes must leave it alone (an editor offers
    # the edit as one action)
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "examples" / "mil-frozen-embeddings.pipe"
    text = path.read_text(encoding="utf-8")
    report = check_text(text, str(path))
    assert any(p.code == "R501" and f is not None for p, f in fixes_for(report))
    assert fix_text(text, str(path), unsafe=True).text == text
