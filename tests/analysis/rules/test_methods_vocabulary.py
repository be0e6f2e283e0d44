"""What real Methods sections name and the vocabulary must know: feature classes, quoted in-house tools, reader
facts on delineations, custom operations with a category, and the words of later designs."""

from __future__ import annotations

import pytest

from pipespec import check
from pipespec.language import load_text, writer
from tests.support.helpers import codes, decide, pipe, verdicts


# ------------------------------------------------------------------ feature classes
@pytest.mark.parametrize("classes", ["[LBP]", "[local binary patterns, first_order]", "[lbp-3D-m1]",
                                     "[kinetic]", "[DCE curve]", "[time-intensity curve, shape]"])
def test_lbp_and_kinetic_curve_features_are_hand_crafted_classes(classes: str) -> None:
    # METRICS-E3's reading of Condition #3: predefined feature classes are hand-crafted whatever the tool
    body = f"""\
    input mr: MRI image3d
    preprocessing seg: segmentation(mode: manual)
    feature_extraction f: "in-house software" {{ feature_classes: {classes} }}
    model lr: logistic regression
    output y: classification
    flow mr -> seg -> f -> lr -> y
    """
    v = verdicts(body)
    assert v[3] == "yes" and v[4] == "yes"


# ------------------------------------------------------------------ a quoted tool is the author's own
QUOTED_TOOL = """\
input ct: CT image3d
preprocessing seg: segmentation(mode: manual)
feature_extraction rad: handcrafted {tool}
model lr: logistic regression
output y: classification
flow ct -> seg -> rad -> lr -> y
"""


@pytest.mark.parametrize("tool", ['"PyRadiomix"', '"in-house MATLAB code"', '"Radiomics Toolkit (in-house)"'])
def test_a_quoted_unknown_tool_is_an_info_never_the_v102_warning(tool: str) -> None:
    # invariant: quoting a name is the author's explicit choice; the method decides, the verdicts do not move
    report = decide(QUOTED_TOOL.format(tool=tool))
    found = {f.code: f for f in report.findings}
    assert "V102" not in found and found["V104"].severity == "info"
    assert report.conditions[3].verdict == "yes"
    assert verdicts(QUOTED_TOOL.format(tool=tool)) == verdicts(QUOTED_TOOL.format(tool="PyRadiomics"))


def test_a_quoted_misspelling_still_names_the_close_known_tool() -> None:
    f = next(f for f in decide(QUOTED_TOOL.format(tool='"PyRadiomix"')).findings if f.code == "V104")
    assert "did you mean 'PyRadiomics'?" in f.message and "quote" not in (f.fix or "").split(".")[0].lower()


def test_a_bare_unknown_tool_keeps_the_v102_warning() -> None:
    assert "V102" in codes(QUOTED_TOOL.format(tool="PyRadiomix"))


@pytest.mark.parametrize("text", [
    pipe(QUOTED_TOOL.format(tool='"PyRadiomix"')),
    pipe(QUOTED_TOOL.replace("rad: handcrafted {tool}", 'rad { method: handcrafted, tool: "PyRadiomix" }')),
])
def test_the_quoting_survives_fmt_and_the_round_trip_through_yaml(text: str) -> None:
    p = load_text(text, "t.pipe")
    dsl = writer.format_dsl(p)
    assert '"PyRadiomix"' in dsl
    yaml = writer.to_yaml(p)
    assert 'tool: "PyRadiomix"' in yaml
    back = load_text(writer.format_dsl(load_text(yaml, "t.yaml", "yaml")), "t.pipe")
    assert back == p and "V104" in [f.code for f in check(back).findings]


def test_a_quoted_yaml_tool_is_quoted_and_a_plain_one_is_not() -> None:
    yaml = ("pipeline: t\nstages:\n- {name: ct, kind: input, modality: CT, form: image3d}\n"
            "- {name: seg, kind: preprocessing, ops: [{op: segmentation, mode: manual}], from: [ct]}\n"
            "- {name: rad, kind: feature_extraction, method: handcrafted, tool: %s, from: [seg]}\n"
            "- {name: lr, kind: model, algorithm: logistic regression, from: [rad]}\n"
            "- {name: y, kind: output, task: classification, from: [lr]}\n")
    assert "V104" in [f.code for f in check(load_text(yaml % "'Foo'", "t.yaml", "yaml")).findings]
    assert "V102" in [f.code for f in check(load_text(yaml % "Foo", "t.yaml", "yaml")).findings]


# ------------------------------------------------------------------ custom steps with a category
RADIOMICS_WITH = """\
input ct: CT image3d
preprocessing seg: segmentation(mode: manual)
feature_extraction rad: handcrafted PyRadiomics
preprocessing sel: {ops}
model lr: logistic regression
output y: classification
flow ct -> seg -> rad -> sel -> lr -> y
{assess}
"""


def _item_codes(ops: str, assess: str) -> list[str]:
    return codes(RADIOMICS_WITH.format(ops=ops, assess=assess))


def test_a_custom_robustness_step_counts_for_item_14_like_a_known_filter() -> None:
    # METRICS item 14: non-robust features removed; a CCC filter is one whatever it is called
    custom = _item_codes('"CCC filter"(category: robustness, threshold: 0.9)', "assess item14 = no")
    known = _item_codes("ICC(threshold: 0.9)", "assess item14 = no")
    assert "M314" in custom and "M314" in known
    assert "M414" not in _item_codes('"CCC filter"(category: robustness)', "assess item14 = yes")


def test_a_custom_redundancy_step_counts_for_item_15() -> None:
    assert "M315" in _item_codes('"pairwise Spearman pruning"(category: redundancy)', "assess item15 = no")


def test_known_feature_processing_methods_count_for_items_14_and_15() -> None:
    # an ICC filter (robustness) and a correlation filter (redundancy) written as operations of their own
    found = _item_codes("ICC(threshold: 0.75), correlation filter", "assess item14 = no\nassess item15 = no")
    assert "M314" in found and "M315" in found


def test_a_custom_step_on_features_without_a_category_names_the_categories() -> None:
    report = decide(RADIOMICS_WITH.format(ops='"CCC filter"(threshold: 0.9)', assess=""))
    f = next(f for f in report.findings if f.code == "V105")
    assert f.severity == "info" and "robustness" in f.message and "class_balance" in f.message
    assert (f.span.line, f.span.column) == (5, 22)


def test_a_custom_image_step_gets_no_category_finding() -> None:
    body = """\
    input ct: CT image3d
    preprocessing n4: "N4 bias correction"
    model net: ResNet-50
    output y: classification
    flow ct -> n4 -> net -> y
    """
    assert "V105" not in codes(body)


@pytest.mark.parametrize(("ops", "code", "words"), [
    ('"CCC filter"(category: robustnes)', "PS104", "did you mean 'robustness'?"),
    ("ICC(category: redundancy)", "PS103", "known operation of category robustness"),
])
def test_a_wrong_category_is_located(ops: str, code: str, words: str) -> None:
    from tests.support.helpers import error_of

    got = error_of(pipe(RADIOMICS_WITH.format(ops=ops, assess="")))
    assert got[:2] == (code, 5) and words in got[3]


def test_the_category_round_trips_through_yaml_and_json() -> None:
    p = load_text(pipe(RADIOMICS_WITH.format(ops='"CCC filter"(category: robustness, threshold: 0.9)', assess="")),
                  "t.pipe")
    assert load_text(writer.to_yaml(p), "t.yaml", "yaml") == p == load_text(writer.to_json(p), "t.json", "json")
    assert '"CCC filter"(category: robustness, threshold: 0.9)' in writer.format_dsl(p)


# ------------------------------------------------------------------ reader facts on delineations
def _with_seg(seg: str, extra: str = "") -> str:
    return f"""\
input ct: CT image3d
preprocessing seg: {seg}
feature_extraction rad: handcrafted PyRadiomics
model lr: logistic regression
output y: classification
flow ct -> seg -> rad -> lr -> y
{extra}
"""


def test_a_second_reader_on_an_inter_reader_subset_leaves_one_readers_masks_for_item_10() -> None:
    # METRICS item 10: the masks the model is tested on come from one reader; the second reader only
    # re-delineated a subset to test feature robustness (which is item 14's evidence)
    subset = "segmentation(mode: manual, readers: 2, reproducibility: [inter_reader])"
    assert "M310" not in codes(_with_seg(subset, "assess item10 = yes"))
    assert "M314" not in codes(_with_seg(subset, "assess item14 = yes"))
    assert "M310" in codes(_with_seg(subset, "assess item10 = no"))


def test_two_readers_without_a_subset_or_in_consensus_make_each_mask_together() -> None:
    # METRICS item 10 No: several readers behind each mask
    assert "M310" in codes(_with_seg("segmentation(mode: manual, readers: 2)", "assess item10 = yes"))
    consensus = "segmentation(mode: manual, readers: 2, consensus: yes, reproducibility: [inter_reader])"
    assert "M310" in codes(_with_seg(consensus, "assess item10 = yes"))
    assert "M310" in codes(_with_seg("segmentation(mode: manual, consensus: yes)", "assess item10 = yes"))


def test_a_visual_check_of_automatic_masks_is_not_a_correction() -> None:
    # Condition #2: only a human edit of the masks breaks full automation; excluding failures is not an edit
    body = _with_seg("segmentation(mode: automated, tool: nnU-Net, qc: visual)")
    report = decide(body)
    assert report.conditions[2].verdict == "yes" and "visually checked" in report.conditions[2].reason
    assert verdicts(body) == verdicts(_with_seg("segmentation(mode: automated, tool: nnU-Net)"))


@pytest.mark.parametrize(("mode", "expected"), [("manual", "no"), ("automated", "yes")])
def test_propagated_masks_take_the_mode_of_the_delineation_they_copy(mode: str, expected: str) -> None:
    # Condition #2: masks registered from another sequence were drawn however the source masks were drawn
    body = f"""\
    input t2: MRI image3d
    input adc: MRI image3d
    preprocessing seg: segmentation(mode: {mode})
    preprocessing seg_adc: segmentation(propagated_from: seg)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow t2 -> seg -> rad -> lr -> y
    flow adc -> seg_adc -> rad
    """
    v = verdicts(body)
    assert v[1] == "yes" and v[2] == expected


@pytest.mark.parametrize(("mode", "expected"), [("manual", "no"), ("automated", "yes")])
def test_masks_propagated_along_a_chain_take_the_mode_of_the_first_delineation(mode: str, expected: str) -> None:
    # Condition #2: masks drawn on T2, registered to ADC, then from ADC to DWI, were still drawn as the T2 masks
    # were; copying them twice decides as copying them once
    body = f"""\
    input t2: MRI image3d
    input adc: MRI image3d
    input dwi: MRI image3d
    preprocessing seg: segmentation(mode: {mode})
    preprocessing seg_adc: segmentation(propagated_from: seg)
    preprocessing seg_dwi: segmentation(propagated_from: seg_adc)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow t2 -> seg
    flow adc -> seg_adc
    flow dwi -> seg_dwi -> rad -> lr -> y
    """
    assert verdicts(body)[2] == expected


def test_propagation_from_an_undefined_stage_is_located() -> None:
    from tests.support.helpers import error_of

    code, line, _, msg = error_of(pipe(_with_seg("segmentation(mode: manual, propagated_from: sgx)")))
    assert (code, line) == ("PS106", 3) and "undefined stage" in msg


@pytest.mark.parametrize(("seg", "code"), [("segmentation(mode: automated, qc: visualy)", "PS104"),
                                           ("segmentation(mode: manual, consensus: maybe)", "PS104")])
def test_bad_reader_fact_values_are_located(seg: str, code: str) -> None:
    from tests.support.helpers import error_of

    assert error_of(pipe(_with_seg(seg)))[:2] == (code, 3)


def test_reader_facts_round_trip_on_mask_inputs_and_operations() -> None:
    body = """\
    input ct: CT image3d
    input masks: mask { mode: manual, readers: 2, consensus: yes, qc: visual }
    preprocessing seg: segmentation(mode: automated, qc: visual, propagated_from: masks)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow ct, masks -> rad
    flow ct -> seg -> rad
    flow rad -> lr -> y
    """
    p = load_text(pipe(body), "t.pipe")
    assert p.stage("masks").get("consensus") is True and p.stage("masks").get("qc") == "visual"
    assert load_text(writer.to_yaml(p), "t.yaml", "yaml") == p == load_text(writer.to_json(p), "t.json", "json")
    assert load_text(writer.format_dsl(p), "t.pipe") == p


def test_a_reader_started_automatic_delineation_is_written_with_mode_prompt() -> None:
    # METRICS-E3, Condition #2: a seed or box placed by hand before the tool runs is a human step
    for seg in ("segmentation(mode: prompt, tool: MedSAM)", "segmentation(mode: prompt, method: thresholding)"):
        v = verdicts(_with_seg(seg))
        assert v[1] == "yes" and v[2] == "no"


# ------------------------------------------------------------------ words of later designs
def test_federated_training_is_reported_and_changes_no_verdict() -> None:
    # invariant: how a network's training was organised across sites never changes a condition
    body = """\
    input ct: CT image3d
    model net: nnU-Net { task: [segmentation, classification], federated: yes }
    output y: classification
    flow ct -> net -> y
    """
    report = decide(body)
    assert "federated" in report.conditions[5].reason
    assert verdicts(body) == verdicts(body.replace(", federated: yes", ""))


def test_a_distilled_student_learning_from_images_is_end_to_end() -> None:
    # METRICS-E3, Condition #5: a deep model trained in the study from images to its output, however its
    # targets were made (here a teacher's outputs)
    for training in ("distilled", "knowledge distillation", "teacher-student"):
        body = f"""\
        input xr: XR image2d
        model student: MobileNetV2 {{ training: {training} }}
        output y: classification
        flow xr -> student -> y
        """
        assert verdicts(body)[5] == "yes"
        assert load_text(pipe(body), "t.pipe").stage("student").get("training") == "distilled"


@pytest.mark.parametrize("name", ["ABMIL", "gated attention MIL", "CLAM", "TransMIL", "attention pooling"])
def test_multiple_instance_and_attention_aggregators_are_deep(name: str) -> None:
    # METRICS-E3, Condition #5: a network aggregating instance embeddings is a deep model (drawn on tables
    # of embeddings, it is the deep head of Example 6, not end-to-end)
    body = f"""\
    input wsi: histopathology image2d
    preprocessing tiles: tile
    model agg: {'"' + name + '"' if " " in name else name}
    output y: classification
    flow wsi -> tiles -> agg -> y
    """
    assert verdicts(body)[5] == "yes" and "V101" not in codes(body)


@pytest.mark.parametrize(("mode", "expected"), [("automated", "yes"), ("manual", "no")])
def test_habitats_are_a_delineation_with_the_mode_of_the_region_they_partition(mode: str, expected: str) -> None:
    # Conditions #1 and #2: partitioning a delineated tumour into subregions delineates; a human acts in it
    # exactly when a human drew the region
    body = f"""\
    input ct: CT image3d
    preprocessing seg: segmentation(mode: {mode})
    preprocessing hab: habitat(method: k-means, clusters: 3)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow ct -> seg -> hab -> rad -> lr -> y
    """
    v = verdicts(body)
    assert v[1] == "yes" and v[2] == expected
    assert "hab" in decide(body).conditions[1].reason


def test_habitats_in_the_same_step_as_the_segmentation_take_its_mode() -> None:
    body = """\
    input ct: CT image3d
    preprocessing seg: segmentation(mode: automated), subregion clustering
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow ct -> seg -> rad -> lr -> y
    """
    assert verdicts(body)[2] == "yes"


def test_semantic_features_rated_by_readers_are_a_table_but_not_hand_crafted() -> None:
    # Condition #3 asks for predefined formulas; Condition #4 for image-derived features in a table
    body = """\
    input ct: CT image3d
    feature_extraction sem: semantic VASARI
    model lr: logistic regression
    output y: classification
    flow ct -> sem -> lr -> y
    """
    v = verdicts(body)
    assert (v[3], v[4], v[5]) == ("no", "yes", "no")
    assert not {"V101", "V102"} & set(codes(body))
    table = """\
    input sem: tabular semantic
    model lr: logistic regression
    output y: classification
    flow sem -> lr -> y
    """
    tv = verdicts(table)
    assert (tv[3], tv[4]) == ("no", "yes")


@pytest.mark.parametrize("form", ["kspace", "sinogram"])
def test_conventional_reconstruction_turns_raw_data_into_images(form: str) -> None:
    # raw data reconstructed by FBP or SENSE: images a CNN then learns from (Condition #5 Yes, as for any images)
    body = f"""\
    input raw: CT {form}
    preprocessing rec: reconstruct(method: FBP)
    model net: ResNet-50
    output y: classification
    flow raw -> rec -> net -> y
    """
    report = decide(body)
    assert report.conditions[5].verdict == "yes" and "from raw" not in report.conditions[5].reason
    assert verdicts(body.replace("reconstruct(method: FBP)", "filtered back projection"))[5] == "yes"


def test_a_test_retest_rescan_is_a_reproducibility_subset_of_its_own() -> None:
    # METRICS item 14: features tested on patients scanned twice; not the same images delineated again
    body = """\
    input ct: CT image3d { reproducibility: [scan-rescan] }
    preprocessing seg: segmentation(mode: manual)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow ct -> seg -> rad -> lr -> y
    assess item14 = no
    """
    assert load_text(pipe(body), "t.pipe").stage("ct").get("reproducibility") == ("test_retest",)
    f = next(f for f in decide(body).findings if f.code == "M314")
    assert "scanned again" in f.message


def test_a_delineation_whose_masks_are_only_propagated_is_not_dangling() -> None:
    # invariant: masks drawn on one sequence and registered to another are applied to the data (no PS201), and
    # their mode decides Condition #2
    body = """\
    input t2: MRI image3d
    input adc: MRI image3d
    preprocessing seg: segmentation(mode: manual)
    preprocessing seg_adc: segmentation(propagated_from: seg)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow t2 -> seg
    flow adc -> seg_adc -> rad -> lr -> y
    """
    assert "PS201" not in codes(body)
    assert verdicts(body)[2] == "no"


def test_a_quoted_step_that_is_a_known_method_says_so() -> None:
    report = decide(RADIOMICS_WITH.format(ops='"CCC filter"(threshold: 0.9)', assess=""))
    f = next(f for f in report.findings if f.code == "V105")
    assert "known method ICC filter (category robustness)" in f.message


def test_habitats_and_propagated_masks_have_the_readers_of_the_masks_they_come_from() -> None:
    # METRICS item 10: two readers behind each mask stay two readers when the masks are split or registered
    body = """\
    input t2: MRI image3d
    input adc: MRI image3d
    preprocessing seg: segmentation(mode: manual, readers: 2)
    preprocessing hab: habitat
    preprocessing seg_adc: segmentation(propagated_from: seg)
    feature_extraction rad: handcrafted PyRadiomics
    model lr: logistic regression
    output y: classification
    flow t2 -> seg -> hab -> rad -> lr -> y
    flow adc -> seg_adc -> rad
    assess item10 = yes
    """
    assert "M310" in codes(body)
