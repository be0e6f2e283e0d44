"""Regenerate schema/pipeline.schema.json from pipespec/language/attributes.py (tests check they agree).

    python tools/gen_schema.py > schema/pipeline.schema.json
"""

from __future__ import annotations

import json

from pipespec import vocab
from pipespec.language.attributes import ATTRIBUTES, FACTS, KEY_ALIASES
from pipespec.model import KINDS


def attr_schema(key: str, spec) -> dict:
    if spec.type == "list":
        item: dict = {"type": ["string", "number"]}
        if spec.enum is not None:
            item = {"type": "string", "examples": vocab.enum_choices(spec.enum)}
        return {"title": key, "description": spec.doc,
                "anyOf": [{"type": "array", "items": item}, item]}
    if spec.type == "many":
        item = {"type": "string"}
        if spec.enum is not None:
            item = {"type": "string", "examples": vocab.enum_choices(spec.enum)}
        return {"title": key, "description": spec.doc,
                "anyOf": [item, {"type": "array", "items": item}]}
    if spec.type == "stage":
        return {"title": key, "description": spec.doc, "$ref": "#/$defs/identifier"}
    if spec.type == "stages":
        return {"title": key, "description": spec.doc,
                "anyOf": [{"$ref": "#/$defs/identifier"}, {"type": "array", "items": {"$ref": "#/$defs/identifier"}}]}
    if spec.type == "bool":
        return {"title": key, "description": spec.doc, "type": ["boolean", "string"],
                "examples": [True, False, "yes", "no"]}
    if spec.type == "number":
        return {"title": key, "description": spec.doc, "type": "number"}
    out = {"title": key, "description": spec.doc, "type": "string"}
    if spec.enum is vocab.CORRECTIONS:
        out["type"] = ["string", "boolean"]
    if spec.enum is not None:
        out["examples"] = vocab.enum_choices(spec.enum)
    return out


op_schema = {
    "title": "operation",
    "description": "A pre-processing operation: a name (resample, normalize, augment, segmentation, roi_crop, "
                   "harmonize, fuse, select, reduce, ...) or a mapping with 'op', optional 'args' and parameters.",
    "anyOf": [
        {"type": "string", "title": "operation name", "description": "A known operation name.",
         "examples": sorted(vocab.OPS)},
        {"type": "object", "title": "operation with parameters",
         "description": "An operation with arguments and parameters.",
         "required": ["op"],
         "properties": {
             "op": {"type": "string", "title": "op", "description": "Operation name.",
                    "examples": sorted(vocab.OPS)},
             "args": {"type": "array", "title": "args", "description": "Positional arguments, e.g. augment kinds.",
                      "items": {"type": ["string", "number", "boolean"]}},
             "custom": {"type": "boolean", "title": "custom",
                        "description": "true for an operation outside the vocabulary (free text)."},
             "mode": {"type": "string", "title": "mode",
                      "description": "For segmentation, bounding_box, roi_crop: manual, semi_automated, automated "
                                     "or prompt (a reader gives seed points or clicks).",
                      "examples": vocab.enum_choices(vocab.SEG_MODES)},
             "corrected": {"type": ["boolean", "string"], "title": "corrected",
                           "description": "For a delineation: whether a human corrected it afterwards: none, subset "
                                          "or all (yes = all, no = none).",
                           "examples": vocab.enum_choices(vocab.CORRECTIONS)},
             "readers": {"type": "number", "title": "readers",
                         "description": "For a delineation: how many readers delineated, those who "
                                        "delineated only a reproducibility subset included (with an "
                                        "inter_reader subset and no consensus, the model's masks are one "
                                        "reader's)."},
             "reproducibility": {"title": "reproducibility",
                                 "description": "For a delineation: subsets delineated again to test feature "
                                                "robustness (test_retest, inter_reader, intra_reader).",
                                 "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
                                 "examples": vocab.enum_choices(vocab.REPRODUCIBILITY)},
             "method": {"type": "string", "title": "method",
                        "description": "For select, reduce, normalize, impute, oversample, harmonize: the method "
                                       "(LASSO, mRMR, ICC filter, PCA, z-score, SMOTE, ComBat, ...).",
                        "examples": sorted(vocab.PROCESSING_METHODS)},
             "tool": {"type": "string", "title": "tool",
                      "description": "Software or network used. A network the vocabulary knows decides by what "
                                     "the operation does with it: a delineation by a network used as is leaves "
                                     "Condition #5 to the reviewer (R502), a network preparing the images "
                                     "(reconstruction, denoising, skull stripping, registration, synthesis, "
                                     "harmonisation) never makes it Yes or review (R504)."},
             "family": {"type": "string", "title": "family",
                        "description": "What an operation's tool is when the vocabulary does not know it: deep, "
                                       "classical or statistical (an automated delineation by an unknown tool is "
                                       "review until it is given).",
                        "examples": vocab.enum_choices(vocab.FAMILIES)},
             "consensus": {"type": ["boolean", "string"], "title": "consensus",
                           "description": "For a delineation: yes when the readers agreed each mask together.",
                           "examples": [True, False, "yes", "no"]},
             "qc": {"type": "string", "title": "qc",
                    "description": "For an automatic delineation: how the masks were checked (none, visual: looked "
                                   "at with failures excluded, not a correction; automated).",
                    "examples": vocab.enum_choices(vocab.QC)},
             "propagated_from": {"type": "string", "title": "propagated_from",
                                 "description": "For a delineation: the stage whose masks were copied or registered "
                                                "here (another sequence or time point)."},
             "category": {"type": "string", "title": "category",
                          "description": "For a custom operation: its feature-processing category (robustness counts "
                                         "for METRICS item 14, redundancy for item 15).",
                          "examples": list(vocab.PROCESSING_CATEGORIES)},
         },
         "additionalProperties": {"title": "parameter", "description": "Another operation parameter: a value or a "
                                                                        "list of values (e.g. spacing: [0.8, 0.8, 2.5]).",
                                  "anyOf": [{"type": ["string", "number", "boolean"]},
                                            {"type": "array", "items": {"type": ["string", "number", "boolean"]}}]}},
    ],
}

stage_variants = []
for kind in KINDS:
    props = {
        "name": {"$ref": "#/$defs/identifier", "title": "name", "description": "Unique stage name."},
        "kind": {"const": kind, "title": "kind", "description": f"Stage kind: {kind}."},
        "from": {"title": "from", "description": "Upstream stage names (the data flow into this stage).",
                 "anyOf": [{"type": "array", "items": {"$ref": "#/$defs/identifier"}},
                           {"$ref": "#/$defs/identifier"}]},
    }
    for key, spec in ATTRIBUTES[kind].items():
        props[key] = ({"title": "ops", "description": spec.doc,
                       "anyOf": [{"type": "array", "items": op_schema}, op_schema]}
                      if key == "ops" else attr_schema(key, spec))
    for alias, key in KEY_ALIASES.get(kind, {}).items():
        props[alias] = {**attr_schema(key, ATTRIBUTES[kind][key]), "title": alias,
                        "description": f"Another spelling of '{key}'."}
    stage_variants.append({
        "title": f"{kind} stage", "description": f"A stage of kind {kind}.",
        "type": "object", "required": ["name", "kind"],
        "if": {"properties": {"kind": {"const": kind, "title": "kind", "description": f"Selects the {kind} "
                                                                                       "attributes."}},
               "required": ["kind"]},
        "then": {"properties": props, "additionalProperties": False},
    })

answer = {"title": "answer", "description": "yes or no (unquoted YAML yes/no work).",
          "anyOf": [{"type": "string", "enum": ["yes", "no", "Yes", "No", "YES", "NO"]}, {"type": "boolean"}]}
expected = {"title": "expected verdict", "description": "yes, no or review.",
            "anyOf": [{"type": "string", "enum": ["yes", "no", "review", "Yes", "No", "Review", "YES", "NO",
                                                  "REVIEW"]}, {"type": "boolean"}]}


def fact_schema(key: str, spec) -> dict:
    if spec.type == "count":
        return {"title": key, "description": spec.doc, "type": "integer"}
    if spec.type == "location":
        return {"title": key, "description": spec.doc, "type": ["string", "boolean"],
                "examples": ["https://doi.org/10.5281/zenodo.1234567", "no"]}
    return attr_schema(key, spec)


def facts(block: str, desc: str) -> dict:
    return {"title": block, "description": desc, "type": "object", "additionalProperties": False,
            "properties": {k: fact_schema(k, spec) for k, spec in FACTS[block].items()}}


item_answer = {"title": "item answer", "description": "yes, no or n/a (booleans: yes/no).",
               "anyOf": [{"type": "string", "minLength": 1}, {"type": "boolean"}]}
assess = {
    "title": "assess",
    "description": "The author's answers to the 30 METRICS items (Kocak et al. 2024): item1 .. item30 (also "
                   "'item 7', 'Item#7') to yes, no or n/a, or to {answer, note}.",
    "type": "object",
    "propertyNames": {"pattern": "^\\s*[Ii][Tt][Ee][Mm]\\s*[#_\\-.:]?\\s*0*([1-9]|[12][0-9]|30)\\s*$"},
    "additionalProperties": {"title": "item", "description": "One item's answer, optionally with a note.",
                             "anyOf": [item_answer,
                                       {"type": "object", "title": "answer with a note",
                                        "description": "The answer and where the paper shows it.",
                                        "required": ["answer"], "additionalProperties": False,
                                        "properties": {"answer": item_answer,
                                                       "note": {"type": "string", "minLength": 1,
                                                                "title": "note",
                                                                "description": "Where the paper shows it."}}}]},
}


def conditions(desc: str, value: dict) -> dict:
    return {
        "title": desc.split(":")[0], "description": desc, "type": "object",
        "propertyNames": {"pattern": "^(condition|c)?[_ #-]?[1-5]$"},
        "properties": {f"condition{i}": {**value, "title": f"condition{i}",
                                         "description": f"METRICS Condition #{i}. " + value["description"]}
                       for i in range(1, 6)},
        "additionalProperties": value,
    }


schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://pipespec.dev/schema/pipeline.schema.json",
    "title": "pipespec pipeline",
    "description": "A radiomics / medical-imaging AI pipeline: typed stages wired by data flow, the author's "
                   "declared answers to the METRICS conditions, expectations and waivers.",
    "type": "object",
    "required": ["pipeline", "stages"],
    "additionalProperties": False,
    "properties": {
        "$schema": {"type": "string", "title": "$schema", "description": "Schema reference for editors."},
        "pipeline": {"type": "string", "minLength": 1, "title": "pipeline", "description": "The pipeline's title."},
        "study": {"type": "object", "title": "study",
                  "description": "Study metadata: doi, year, reference, ...",
                  "additionalProperties": {"type": ["string", "number", "boolean"], "title": "study field",
                                           "description": "A metadata value."}},
        "stages": {"type": "array", "title": "stages", "description": "The stages, in reading order.",
                   "items": {"type": "object", "title": "stage", "description": "A typed stage.",
                             "required": ["name", "kind"],
                             "properties": {"kind": {"enum": list(KINDS), "title": "kind",
                                                     "description": "Stage kind."}},
                             "allOf": stage_variants}},
        "declare": conditions("declare: the author's own answers to METRICS conditions 1-5.", answer),
        "expect": conditions("expect: the verdicts the engine must reach (the oracle for tests).", expected),
        "assess": assess,
        "cohort": facts("cohort", "Study facts: the number of centres, cases and events."),
        "evaluation": facts("evaluation", "Study facts: partitioning, feature-selection fitting, testing, "
                                          "metrics, calibration and uncertainty."),
        "availability": facts("availability", "Study facts: where data, code and model are available (or no)."),
        "waive": {"type": "array", "title": "waive",
                  "description": "Waivers: suppress a finding (never a verdict), always reported.",
                  "items": {"type": "object", "title": "waiver", "description": "One waiver.",
                            "required": ["code", "justification"], "additionalProperties": False,
                            "properties": {
                                "code": {"type": "string", "title": "code", "description": "Rule code."},
                                "justification": {"type": "string", "minLength": 1, "title": "justification",
                                                  "description": "Why the finding does not apply (mandatory)."},
                                "stage": {"type": "string", "title": "stage",
                                          "description": "Limit the waiver to findings on this stage."}}}},
    },
    "$defs": {"identifier": {"type": "string", "minLength": 1, "maxLength": 128, "title": "identifier",
                             "description": "A stage name."}},
}
print(json.dumps(schema, indent=2))
