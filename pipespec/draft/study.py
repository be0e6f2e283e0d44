"""The study facts of the assessment blocks, where the text states them: ``cohort`` (centres, cases),
``evaluation`` (split, folds, where feature selection was fitted, internal and external testing, metrics,
calibration, uncertainty) and ``availability`` (data, code, model). Each keeps the sentence that states it."""

from __future__ import annotations

import re

from pipespec.draft.assemble import Reading, value
from pipespec.draft.mentions import number
from pipespec.draft.records import Fact

_NUM = r"(?P<n>\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|single)"
_CENTERS = re.compile(_NUM.replace("|single)", "|single|both)") + r"[\s-]+(?:\w+[\s-]+){0,2}?(?:cent(?:er|re)s?|hospitals?|institutions?|sites?)\b",
                      re.I)
def _centers(text: str) -> int | None:
    """The number of centres a sentence states: the first count before "centres", "hospitals" ..., passing over a
    year ("between 2018 and 2022 at our hospital", "between 2016 and 2021 at two institutions")."""
    pos = 0
    while (m := _CENTERS.search(text, pos)) is not None:
        n = number(m.group("n"))
        # (several centres are said in the plural or joined to their number, after no preposition: "1,500
        # radiographs from hospital 2" counts radiographs, "grade 5 at any site" no centres)
        joined = m.group()[m.end("n") - m.start():].startswith("-")  # "a two-centre study"
        if n is not None and 0 < n < 1_900 and (n == 1 or joined or m.group().endswith("s")) and not \
                _OF_A_PLACE.search(m.group(), m.end("n") - m.start()):
            return n
        pos = m.end("n")
    return None


_OF_A_PLACE = re.compile(r"\b(?:from|at|in|of|by|per|across)\b", re.I)


_SINGLE = re.compile(r"\bsingle[- ](?:cent(?:er|re)|institution(?:al)?|site|hospital)\b|\bmono-?cent(?:er|re)\b",
                     re.I)
_CASES = re.compile(r"(?P<n>\d[\d,]*)\s+(?:consecutive\s+|eligible\s+|adult\s+|\w+\s+)?(?:patients|cases|"
                    r"subjects|participants|individuals|women|men|children)\b", re.I)
_EVENTS = re.compile(r"(?P<n>\d[\d,]*)\s+(?:\w+\s+)?events\b", re.I)
# the automated delineation measured against a reference (METRICS item 9)
_SEG_EVAL = re.compile(r"\b(?:segment\w*|delineat\w*|masks?|contours?)\b[^.;]{0,120}\b(?:Dice|DSC|Hausdorff|Jaccard|"
                       r"intersection over union)|\b(?:Dice|DSC|Hausdorff|Jaccard)\b[^.;]{0,120}\b(?:segment\w*|"
                       r"masks?|contours?|delineat\w*)", re.I)
_FOLDS = re.compile(r"\b(?P<n>\d+|five|ten|three)[- ]fold\b|\bleave-one-(?:patient-)?out\b", re.I)
_CV = re.compile(r"\bcross[- ]?validat\w+", re.I)
_HOLDOUT = re.compile(r"\b(?:randomly|were|was|are|is)\s+(?:\w+\s+){0,3}?(?:split|divided|assigned|allocated|"
                      r"partitioned|separated)\b.{0,80}?\b(?:training|train|development)\b.{0,60}?"
                      r"\b(?:test(?:ing)?|validation|hold-?out)\b|\b\d{1,2}\s?:\s?\d{1,2}\s+ratio\b|\bratio\s+of\s+\d{1,2}\s?:\s?\d{1,2}\b|"
                      r"\b(?:training|development) (?:set|cohort|dataset)\b.{0,80}\b(?:test|validation) "
                      r"(?:set|cohort|dataset)\b", re.I)
# cross-validation that chooses a hyper-parameter, an epoch or the features, not how the data were split
_TUNING = re.compile(r"\btun(?:ed|ing|e)\b|\bhyper-?parameters?\b|\blambda\b|\bλ\b|\bpenalty\b|\bto (?:select|"
                     r"choose|determine|optimi[sz]e|find)\b|\bfor (?:feature )?selection\b|\bLASSO\b|"
                     r"least absolute shrinkage", re.I)
_BOOTSTRAP_SPLIT = re.compile(r"\bbootstrap(?:ping)?\s+(?:\w+\s+)?(?:validation|resampling)\b", re.I)
_TRAIN_ONLY = re.compile(r"\b(?:selection|selected|LASSO|mRMR|ICC)\b.{0,120}?\b(?:on|in|using|within|from)\s+"
                         r"(?:the\s+)?(?:training|development)\s+(?:set|cohort|data(?:set)?|folds?)\b(?:\s+only)?",
                         re.I)
_ALL_DATA = re.compile(r"\b(?:selection|selected)\b.{0,120}?\b(?:before (?:the )?(?:split|splitting|partition)\w*|"
                       r"on (?:the )?(?:whole|entire|full|complete) (?:data ?set|cohort|data))", re.I)
_EXTERNAL = re.compile(r"\bexternal(?:ly)?\s+(?:\w+\s+)?(?:test\w*|validat\w+|cohort|data ?set)\b"
                       r"|\bindependent (?:external|institution)\b", re.I)
_INTERNAL = re.compile(r"\binternal(?:ly)?\s+(?:\w+\s+)?(?:test\w*|validat\w+)\b|\b(?:held-?out|hold-?out|"
                       r"independent|internal|separate) (?:test|testing) (?:set|cohort|data ?set)\b"
                       r"|\btest (?:set|cohort)\b", re.I)
_METRICS = (("AUC", r"\bAUC\b|\bAUROC\b|\barea under the (?:receiver operating characteristic )?curve\b|"
                    r"\bROC curve"),
            ("accuracy", r"\baccuracy\b"), ("sensitivity", r"\bsensitivity\b"), ("specificity", r"\bspecificity\b"),
            ("F1", r"\bF1(?:[- ]score)?\b"), ("precision", r"\bprecision\b"), ("PPV", r"\bPPV\b|positive "
                                                                                       r"predictive value"),
            ("NPV", r"\bNPV\b|negative predictive value"), ("Dice", r"\bDice\b|\bDSC\b"),
            ("C-index", r"\bC-?index\b|\bconcordance index\b|Harrell"), ("Brier", r"\bBrier\b"),
            ("kappa", r"\bkappa\b"), ("MAE", r"\bMAE\b|mean absolute error"), ("RMSE", r"\bRMSE\b"))
_METRICS_RE = [(name, re.compile(p, re.I if name not in ("PPV", "NPV", "MAE", "RMSE") else 0)) for name, p in
               _METRICS]
_EVALUATE = re.compile(r"\b(?:evaluat\w+|assess\w*|measur\w+|report\w*|quantif\w+|perform(?:ance)?|"
                       r"calculat\w+|comput\w+)\b", re.I)
_CALIBRATION = re.compile(r"\bcalibration\b|\bHosmer[- ]Lemeshow\b|\bBrier\b", re.I)
_UNCERTAINTY = re.compile(r"\b(?:95\s?%|confidence) (?:CI|confidence intervals?)\b|\bconfidence intervals?\b|"
                          r"\bCIs?\b", re.I)
_URL = re.compile(r"https?://[^\s)\]>,;\"']+[^\s)\]>,;\"'.]|\bdoi:\s?10\.\d{4,9}/\S+[^\s.]|\b10\.\d{4,9}/\S+[^\s.)]")
_AVAIL = (("code", re.compile(r"\b(?:source )?code\b|\bscripts?\b|\bsoftware (?:we )?developed\b", re.I)),
          ("data", re.compile(r"\bdata(?:sets?| sets?)?\b|\bimages\b", re.I)),
          ("model", re.compile(r"\b(?:trained )?(?:model|weights|network)s?\b", re.I)))
_AVAILABLE = re.compile(r"\b(?:available|accessible|released|shared|deposited|published|provided)\b", re.I)
_NOT_AVAILABLE = re.compile(r"\bnot (?:publicly |openly |freely )?(?:available|accessible|shared|released)\b|"
                            r"\bcannot be (?:shared|made available)\b|\bunavailable\b", re.I)


def _has(low: str, *words: str) -> bool:
    for w in words:  # (a loop, not any() over a generator: called for every sentence and fact)
        if w in low:
            return True
    return False


def study_facts(r: Reading) -> list[Fact]:
    facts: dict[tuple[str, str], Fact] = {}

    def put(block: str, key: str, val: str, i: int) -> None:
        if (block, key) not in facts:
            facts[(block, key)] = Fact(block, key, val, r.evidence(i))

    metrics: list[str] = []
    metrics_at: int | None = None
    tuned: int | None = None  # a sentence whose cross-validation only tunes a model or a selection
    for i, s in enumerate(r.sentences):
        text = s.text
        low = text.lower()  # cheap tests first: most sentences state none of these facts
        count = _centers(text) if _has(low, "cent", "hospital", "institution", "site") else None
        if count is not None:
            put("cohort", "centers", str(count), i)
        elif _has(low, "single", "mono") and _SINGLE.search(text):
            put("cohort", "centers", "1", i)
        m = _CASES.search(text) if _has(low, "total", "includ", "enrol", "compris", "consist", "retrospectiv",
                                        "prospectiv") else None
        if m and re.search(r"\b(?:total|included|enrolled|comprised|consisted|retrospectively|prospectively)\b",
                           text, re.I):
            n = number(m.group("n"))
            if n is not None and 0 < n < 10_000_000:
                put("cohort", "cases", str(n), i)
        m = _EVENTS.search(text) if "event" in low else None
        if m:
            n = number(m.group("n"))
            if n is not None and 0 < n < 10_000_000:
                put("cohort", "events", str(n), i)
        negated = re.search(r"\bno\b|\bnot\b|\bwithout\b", text, re.I) is not None
        if _has(low, "dice", "hausdorff", "jaccard", "intersection over union") and _SEG_EVAL.search(text) \
                and not negated:
            put("evaluation", "segmentation_evaluated", "yes", i)
        if "validat" in low and _CV.search(text):
            if _TUNING.search(text):  # "LASSO with tenfold cross-validation": tuning inside the training data,
                tuned = i if tuned is None else tuned  # the split only if no other is stated
            else:
                put("evaluation", "split", "cross_validation", i)
            m = _FOLDS.search(text)
            if m and m.group("n"):
                n = number(m.group("n"))
                if n is not None and 1 < n <= 1000:
                    put("evaluation", "folds", str(n), i)
        elif _has(low, "train", "development", "ratio") and _HOLDOUT.search(text):
            put("evaluation", "split", "holdout", i)
        elif "bootstrap" in low and _BOOTSTRAP_SPLIT.search(text):
            put("evaluation", "split", "bootstrap", i)
        if _has(low, "train", "development") and _TRAIN_ONLY.search(text):
            put("evaluation", "selection_fitted_on", "training", i)
        elif _has(low, "before", "whole", "entire", "full", "complete") and _ALL_DATA.search(text):
            put("evaluation", "selection_fitted_on", "all", i)
        if _has(low, "extern", "independent") and _EXTERNAL.search(text):
            put("evaluation", "external_test", "no" if negated and re.search(
                r"\b(?:no|not|without)\b[^.;]{0,40}\bexternal", text, re.I) else "yes", i)
        if not negated and _has(low, "intern", "test", "held", "hold") and _INTERNAL.search(text):
            put("evaluation", "internal_test", "yes", i)
        found = [name for name, rx in _METRICS_RE if rx.search(text)] if _EVALUATE.search(text) else []
        if found:
            metrics += found
            metrics_at = i if metrics_at is None else metrics_at
        if _has(low, "calibrat", "hosmer", "brier") and _CALIBRATION.search(text):
            put("evaluation", "calibration", "no" if re.search(r"\b(?:no|not)\b[^.;]{0,30}\bcalibration", text,
                                                               re.I) else "yes", i)
        if _has(low, "confidence", "ci") and _UNCERTAINTY.search(text):
            put("evaluation", "uncertainty", "yes", i)
        if _has(low, "availab", "access", "releas", "share", "deposit", "publish", "provid") and (
                _AVAILABLE.search(text) or _NOT_AVAILABLE.search(text)):
            url = _URL.search(text)
            for key, rx in _AVAIL:
                if rx.search(text):
                    if _NOT_AVAILABLE.search(text):
                        put("availability", key, "no", i)
                    elif url:
                        put("availability", key, value(url.group()), i)
                    elif re.search(r"\b(?:on|upon) (?:reasonable )?request\b", text, re.I):
                        put("availability", key, value("on request"), i)
    if tuned is not None and ("evaluation", "split") not in facts:  # no other split stated: the tuning's is the one
        put("evaluation", "split", "cross_validation", tuned)
        m = _FOLDS.search(r.sentences[tuned].text)
        n = number(m.group("n")) if m and m.group("n") else None
        if n is not None and 1 < n <= 1000:
            put("evaluation", "folds", str(n), tuned)
    if metrics and metrics_at is not None:
        put("evaluation", "metrics", "[" + ", ".join(value(m) for m in dict.fromkeys(metrics)) + "]", metrics_at)
    order = {k: n for n, k in enumerate(("centers", "cases", "events", "split", "segmentation_evaluated", "folds", "selection_fitted_on",
                                         "internal_test", "external_test", "metrics", "calibration", "uncertainty",
                                         "data", "code", "model"))}
    return sorted(facts.values(), key=lambda f: (("cohort", "evaluation", "availability").index(f.block),
                                                 order[f.key]))
