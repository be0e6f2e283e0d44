"""The data flow of the drafts of the development splits: which drafted stages reach no output, and other gaps.

    python benchmarks/draft_wiring.py                 # the development splits, each draft with a finding listed
    python benchmarks/draft_wiring.py --split dev3    # one development split
    python benchmarks/draft_wiring.py --counts        # the totals only

For each text of a development split (never the held-out split) it drafts the pipeline, checks it, and lists the
structural findings of the draft: a stage that reaches no output (the check's PS201), a stage other than an input
that nothing feeds, a model that no features, images or predictions feed, and an output that nothing feeds; beside
each draft, whether its verdicts on Conditions #4 and #5 agree with the case's expected answers (where the data flow
decides). Findings are grouped by the kind of stage they concern, which is where their causes are looked for.
Always exits 0 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import draft_corpus  # noqa: E402
from draft_corpus import DEVELOPMENT  # noqa: E402

# the development splits the drafting rules were written against: a split added later, kept unseen until it is
# measured, is listed only when asked for by name (--split)
WRITTEN_AGAINST = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8")


def findings(d: object) -> list[str]:
    """The structural findings of a draft: PS201, stages fed by nothing, models with no inputs, outputs fed by
    nothing."""
    from pipespec.analysis.engine import analyse

    pipeline = d.pipeline  # type: ignore[attr-defined]
    analysis = analyse(pipeline)
    out = [f"PS201 {f.message}" for f in analysis.findings if f.code == "PS201"]
    for s in pipeline.stages:
        if s.kind != "input" and not s.inputs:
            out.append(f"UNFED {s.kind} '{s.name}'")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=DEVELOPMENT)
    ap.add_argument("--counts", action="store_true")
    ap.add_argument("--agreement", action="store_true", help="also each split's agreement with the expected answers")
    args = ap.parse_args(argv)
    from pipespec.analysis.engine import analyse
    from pipespec.draft import NothingToDraft, draft

    total: Counter[str] = Counter()
    drafts = with_finding = 0
    agreement: dict[str, tuple[int, int]] = {}
    for split in (args.split,) if args.split else WRITTEN_AGAINST:
        agree = answers = 0
        for case in draft_corpus.cases(split):
            if not case.text_path.exists():
                continue
            answers += 5
            try:
                d = draft(case.text)
            except NothingToDraft:
                agree += 5 if case.no_pipeline else 0
                continue
            got = {n: v.verdict for n, v in analyse(d.pipeline).conditions.items()}
            if case.no_pipeline and not d.pipeline.stages:
                got = dict(case.expected)
            agree += sum(got.get(n) == case.expected.get(n) or (got.get(n) == "review" and n in case.contested)
                         for n in range(1, 6))
            drafts += 1
            found = findings(d)
            if not found:
                continue
            with_finding += 1
            verdicts = {n: v.verdict for n, v in analyse(d.pipeline).conditions.items()}
            wrong = [f"#{n} {verdicts[n]}≠{case.expected.get(n)}" for n in (1, 2, 3, 4, 5)
                     if case.expected.get(n) and verdicts[n] != case.expected[n]
                     and not (verdicts[n] == "review" and n in case.contested)]
            for f in found:
                total[f.split(" ", 2)[0] + " " + f.split("'")[0].split(" ", 1)[1].strip()] += 1
            if not args.counts:
                print(f"{split}/{case.name}: {'; '.join(found)}" + (f"   [{', '.join(wrong)}]" if wrong else ""))
        agreement[split] = (agree, answers)
    print(f"\n{drafts} drafts, {with_finding} with a structural finding")
    for key, n in sorted(total.items()):
        print(f"  {n:4d}  {key}")
    if args.agreement:
        print("agreement: " + ", ".join(f"{sp} {a}/{t}" for sp, (a, t) in agreement.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
