"""How well `pipespec draft` reads Methods texts, against a keyword baseline, on the drafting corpus.

    python benchmarks/draft_eval.py                  # both splits: dev and holdout
    python benchmarks/draft_eval.py --split holdout  # one split
    python benchmarks/draft_eval.py --show           # also each disagreement of the dev split
    python benchmarks/draft_eval.py --split dev3 --show  # a further development split (dev2, dev3, dev4), listed too
    python benchmarks/draft_eval.py --json FILE      # the figures as JSON too

For each split of ``tests/draft/corpus`` it reports, per METRICS condition, how many texts the keyword baseline
(``draft_baseline.py``) and the draft agree on with the expected answers (the ``expect`` lines of each case's
``.pipe``). The draft's answers are the verdicts ``pipespec.check`` gives to the drafted pipeline. An answer agrees
when it equals the expected one, or when it is ``review`` and the case marks that condition contested. A text with
no pipeline is answered right by declining to draft (or by a draft with no stages).

It also reports the share of expected stages whose evidence is in the right sentence: an expected stage marked
``# evidence: <phrase>`` is found when a drafted stage of the same kind cites evidence whose quote contains the
phrase (or lies within it), or whose offsets overlap the phrase in the text (several phrases above one stage are
alternatives: any one will do); and how many drafted stages cite a
quote that is not in the document.

Without ``pipespec.draft`` (not written yet, or not installed), it says so and reports the baseline alone.
Held-out cases are never listed one by one: whoever writes the drafting rules sees only their totals.
Always exits 0 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import draft_baseline  # noqa: E402
import draft_corpus  # noqa: E402
from draft_corpus import CONDITIONS, Case, normalise  # noqa: E402

DraftFunction = Callable[[str], Any]


@dataclass
class Outcome:
    """One system's answers on one case: ``answers[n]`` is yes/no/review, or None when it gave none."""

    answers: dict[int, str | None]
    status: str = "drafted"  # drafted | declined | failed (an exception) | unloadable (the draft does not check)
    detail: str = ""
    found: int = 0  # expected stages with evidence in the right sentence
    invented: int = 0  # drafted evidence quotes that are not in the document
    quotes: int = 0


@dataclass
class Tally:
    cases: int = 0
    agree: dict[int, int] = field(default_factory=lambda: {n: 0 for n in CONDITIONS})
    statuses: dict[str, int] = field(default_factory=dict)
    evidence_expected: int = 0
    evidence_found: int = 0
    quotes: int = 0
    invented: int = 0
    misses: list[str] = field(default_factory=list)


def agrees(answer: str | None, case: Case, condition: int) -> bool:
    expected = case.expected.get(condition)
    return answer is not None and (answer == expected or (answer == "review" and condition in case.contested))


def draft_function() -> tuple[DraftFunction | None, str]:
    """``pipespec.draft`` when it exists (a function, or a module holding one), with a note when it does not."""
    try:
        import pipespec
    except ImportError as e:  # pragma: no cover - the package is always there in a checkout
        return None, f"pipespec cannot be imported: {e}"
    fn = getattr(pipespec, "draft", None)
    if fn is None:
        try:
            import importlib

            fn = importlib.import_module("pipespec.draft")
        except ImportError:
            return None, "pipespec.draft is not there yet: the baseline alone is reported"
    if not callable(fn):
        fn = getattr(fn, "draft", None)
    if not callable(fn):
        return None, "pipespec.draft is not a function: the baseline alone is reported"
    return fn, ""


# --- reading a draft, tolerant of small differences in its API ---------------------------------------------------

def _get(obj: Any, name: str, default: Any = None) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _evidence_list(value: Any) -> list[tuple[int | None, int | None, str]]:
    if value is None:
        return []
    if isinstance(value, (str, Mapping)) or not isinstance(value, Iterable) or _get(value, "quote") is not None:
        value = [value]
    out: list[tuple[int | None, int | None, str]] = []
    for ev in value:
        if isinstance(ev, str):
            out.append((None, None, ev))
            continue
        start, end = _get(ev, "start"), _get(ev, "end")
        if isinstance(ev, tuple) and len(ev) == 3 and _get(ev, "quote") is None:
            start, end, quote = ev
        else:
            quote = _get(ev, "quote", "")
        out.append((start if isinstance(start, int) else None, end if isinstance(end, int) else None, str(quote)))
    return out


def _stage_kinds(draft: Any) -> dict[str, str]:
    pipeline = _get(draft, "pipeline")
    stages = _get(pipeline, "stages", ()) if pipeline is not None else ()
    return {str(_get(s, "name")): str(_get(s, "kind")) for s in stages or ()}


def _stage_evidence(draft: Any, kinds: dict[str, str]) -> dict[str, list[tuple[int | None, int | None, str]]]:
    """Each drafted stage's evidence, from ``draft.stages`` as a mapping (name -> evidence) or as a sequence of
    stage records (``name``, ``kind``, ``evidence``); a record's kind fills in for a pipeline that lacks it."""
    raw = _get(draft, "stages")
    if raw is None:
        raw = _get(draft, "evidence", {})
    if isinstance(raw, Mapping):
        return {str(k): _evidence_list(v) for k, v in raw.items()}
    out: dict[str, list[tuple[int | None, int | None, str]]] = {}
    for stage in raw or ():
        name = str(_get(stage, "name"))
        if _get(stage, "kind") is not None:
            kinds.setdefault(name, str(_get(stage, "kind")))
        out.setdefault(name, []).extend(_evidence_list(_get(stage, "evidence")))
    return out


def _verdicts(draft: Any) -> dict[int, str]:
    import pipespec

    pipeline = _get(draft, "pipeline")
    report = pipespec.check(pipeline if pipeline is not None else str(_get(draft, "spec", "")))
    conditions = _get(report, "conditions", {})
    return {n: str(_get(conditions[n], "verdict")) for n in CONDITIONS if n in conditions}


def _spans(phrase: str, text: str) -> list[tuple[int, int]]:
    words = phrase.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)] if words else []


def _quote_matches(quote: str, phrase: str) -> bool:
    q = normalise(quote).rstrip(".").removesuffix("…").removesuffix("...").strip()
    p = normalise(phrase)
    return bool(q) and (p in q or (len(q) >= 12 and q in p))


def evidence_found(expected: draft_corpus.ExpectedStage, text: str, kinds: Mapping[str, str],
                   evidence: Mapping[str, list[tuple[int | None, int | None, str]]]) -> bool:
    """A drafted stage of the expected kind cites the sentence the expected phrase is in."""
    spans = [span for phrase in expected.phrases for span in _spans(phrase, text)]
    for name, items in evidence.items():
        if kinds.get(name) != expected.kind:
            continue
        for start, end, quote in items:
            if any(_quote_matches(quote, phrase) for phrase in expected.phrases):
                return True
            if start is not None and end is not None and any(start < b and a < end for a, b in spans):
                return True
    return False


def run_draft(fn: DraftFunction, case: Case) -> Outcome:
    text = case.text
    try:
        draft = fn(text)
    except Exception as e:  # any failure of the draft is a result to report, never a stop
        declined = type(e).__name__ in ("InputError", "PipespecError", "DraftError", "ValueError") or any(
            c.__name__ == "PipespecError" for c in type(e).__mro__)
        if declined and case.no_pipeline:
            return Outcome(dict(case.expected), "declined", f"{type(e).__name__}: {e}")
        return Outcome({n: None for n in CONDITIONS}, "declined" if declined else "failed",
                       f"{type(e).__name__}: {str(e)[:200]}")
    kinds = _stage_kinds(draft)
    if not kinds and case.no_pipeline:
        return Outcome(dict(case.expected), "declined")
    try:
        answers: dict[int, str | None] = dict(_verdicts(draft))
        status, detail = "drafted", ""
    except Exception as e:  # a draft that does not load is reported as such
        answers, status, detail = {n: None for n in CONDITIONS}, "unloadable", f"{type(e).__name__}: {str(e)[:200]}"
    evidence = _stage_evidence(draft, kinds)
    whole = normalise(text)
    quotes = [q for items in evidence.values() for _, _, q in items]
    invented = sum(1 for q in quotes if normalise(q).removesuffix("…").removesuffix("...").strip() not in whole)
    found = sum(evidence_found(e, text, kinds, evidence) for e in case.evidence)
    return Outcome(answers, status, detail, found, invented, len(quotes))


def run_baseline(case: Case) -> Outcome:
    return Outcome(dict(draft_baseline.baseline(case.text)))


def tally(cases: list[Case], outcome: Callable[[Case], Outcome]) -> Tally:
    t = Tally()
    for case in cases:
        o = outcome(case)
        t.cases += 1
        t.statuses[o.status] = t.statuses.get(o.status, 0) + 1
        for n in CONDITIONS:
            ok = agrees(o.answers.get(n), case, n)
            t.agree[n] += ok
            if not ok:
                t.misses.append(f"{case.name} #{n}: expected {case.expected.get(n)}, got {o.answers.get(n)}"
                                + (" (contested)" if n in case.contested else "")
                                + (f" [{o.status}: {o.detail}]" if o.detail else ""))
        t.evidence_expected += len(case.evidence)
        t.evidence_found += o.found
        t.quotes += o.quotes
        t.invented += o.invented
    return t


def _cell(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f}%)" if n else "-"


def table(split: str, n: int, base: Tally, draft: Tally | None) -> list[str]:
    rows = [f"{split}: {n} texts", f"  {'':34} {'keyword baseline':>18} {'draft':>18}"]
    none = "not run"
    for c in CONDITIONS:
        d = _cell(draft.agree[c], n) if draft else none
        rows.append(f"  {'condition ' + str(c) + ' agrees':34} {_cell(base.agree[c], n):>18} {d:>18}")
    total_b = sum(base.agree.values())
    d = _cell(sum(draft.agree.values()), 5 * n) if draft else none
    rows.append(f"  {'all conditions':34} {_cell(total_b, 5 * n):>18} {d:>18}")
    if draft:
        rows.append(f"  {'evidence in the right sentence':34} {'-':>18} "
                    f"{_cell(draft.evidence_found, draft.evidence_expected):>18}")
        rows.append(f"  {'evidence quotes not in the text':34} {'-':>18} {f'{draft.invented}/{draft.quotes}':>18}")
        rows.append(f"  {'outcomes':34} {'':>18} "
                    f"{', '.join(f'{k} {v}' for k, v in sorted(draft.statuses.items())):>18}")
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=draft_corpus.SPLITS + draft_corpus.MORE_DEV)
    ap.add_argument("--show", action="store_true", help="list each disagreement of a development split")
    ap.add_argument("--json", metavar="FILE", help="write the figures as JSON")
    ap.add_argument("--corpus", type=Path, default=draft_corpus.CORPUS, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    fn, note = draft_function()
    if note:
        print(note)
    figures: dict[str, Any] = {}
    for split in (args.split,) if args.split else draft_corpus.SPLITS:
        cases = draft_corpus.cases(split, args.corpus)
        base = tally(cases, run_baseline)
        dr = tally(cases, lambda c: run_draft(fn, c)) if fn is not None else None
        print("\n".join(table(split, len(cases), base, dr)))
        if args.show and split in draft_corpus.DEVELOPMENT:
            for who, t in (("baseline", base), ("draft", dr)):
                for miss in t.misses if t else ():
                    print(f"    {who}: {miss}")
        elif args.show:
            print("    (held-out cases are not listed one by one)")
        figures[split] = {"texts": len(cases), "baseline": {f"condition{c}": base.agree[c] for c in CONDITIONS},
                          "draft": None if dr is None else {
                              **{f"condition{c}": dr.agree[c] for c in CONDITIONS},
                              "evidence_expected": dr.evidence_expected, "evidence_found": dr.evidence_found,
                              "quotes": dr.quotes, "quotes_not_in_text": dr.invented, "outcomes": dr.statuses}}
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
