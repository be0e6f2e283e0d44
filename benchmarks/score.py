#!/usr/bin/env python3
"""``pipespec score`` with many raters of a paper: the time to score a sheet with Cohen's kappa of every rater
pair, the time and size of each answer format, and Cohen's kappa in integers against the textbook formula in
exact fractions (what it replaced), all measured in one run.

    python benchmarks/score.py                  # 25, 50 and 100 raters of 3 papers, best of 3 runs
    python benchmarks/score.py --quick          # 10 and 20 raters, one run: a smoke test

The sheets are generated (answers drawn with a fixed seed; "uniform" sheets answer every item yes, so that most
kappas are undefined, the largest JSON answer).  Figures depend on the machine and on what else runs on it;
compare the ratios, which are measured in the same run.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from fractions import Fraction
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipespec.metrics import applicable_items  # noqa: E402
from pipespec.render.sheets import MAX_ANSWER, AnswerTooLarge, render  # noqa: E402
from pipespec.scoring.agreement import cohen_kappa  # noqa: E402
from pipespec.scoring.sheets import FORMATS, ScoreResult, score_text  # noqa: E402

HEAD = ["Paper", "Rater", *(f"Condition#{n}" for n in range(1, 6)), *(f"Item#{n}" for n in range(1, 31))]


def sheet(raters: int, papers: int, uniform: bool, seed: int = 1) -> str:
    """``raters`` raters (the same people) of each of ``papers`` papers, each row consistent with its own
    conditions (switched-off items n/a)."""
    rnd = random.Random(seed)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEAD)
    for p in range(papers):
        for r in range(raters):
            conds = {n: True if uniform else rnd.random() < 0.7 for n in range(1, 6)}
            conds[2] = conds[2] and conds[1]
            on = applicable_items(conds)
            items = [("Yes" if uniform or rnd.random() < 0.6 else "No") if n in on else "n/a" for n in range(1, 31)]
            w.writerow([f"P{p}", f"Rater {r}", *("Yes" if conds[n] else "No" for n in range(1, 6)), *items])
    return buf.getvalue()


def best(fn: Callable[[], object], runs: int) -> float:
    out = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def fraction_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa as pipespec computed it before: the textbook formula in exact fractions."""
    total = len(a)
    p_o = Fraction(sum(x == y for x, y in zip(a, b)), total)
    ca, cb = Counter(a), Counter(b)
    p_e = sum((Fraction(ca[k] * cb[k], total * total) for k in ca), Fraction(0))
    return None if p_e == 1 else float((p_o - p_e) / (1 - p_e))


def size_of(result: ScoreResult, fmt: str) -> str:
    try:
        return f"{len(render(result, fmt).encode('utf-8')) / (1 << 20):.2f} MiB"
    except AnswerTooLarge as exc:
        return f"over {MAX_ANSWER >> 20} MiB ({exc.size / (1 << 20):.1f})"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small sizes, one run (a smoke test)")
    ap.add_argument("--papers", type=int, default=3, help="papers, each rated by every rater (default 3)")
    ap.add_argument("--runs", type=int, help="runs of each measurement, the best kept (default 3; quick 1)")
    args = ap.parse_args(argv)
    sizes = (10, 20) if args.quick else (25, 50, 100)
    runs = args.runs or (1 if args.quick else 3)

    rows: list[tuple[str, ...]] = []
    times: dict[int, float] = {}
    for n in sizes:
        for uniform in (False, True):
            text = sheet(n, args.papers, uniform)
            result = score_text(text, group_by="Paper", rater="Rater")
            t = best(partial(score_text, text, group_by="Paper", rater="Rater"), runs)
            if not uniform:
                times[n] = t
            pairs = n * (n - 1) // 2
            kind = "every item yes" if uniform else "varied answers"
            rows.append((f"{n} raters x {args.papers} papers ({pairs:,} pairs), {kind}", "score", f"{t:.2f} s"))
            for fmt in FORMATS:
                rt = best(partial(_render, result, fmt), runs)
                rows.append(("", fmt, f"{rt:.2f} s, {size_of(result, fmt)}"))
    small, big = sizes[-2], sizes[-1]
    pair_ratio = (big * (big - 1)) / (small * (small - 1))
    rows.append((f"score time {big} / {small} raters", "ratio", f"{times[big] / times[small]:.1f} "
                 f"(pairs {pair_ratio:.1f}: linear in the pairs)"))

    rnd = random.Random(2)
    pairs_data = [([rnd.choice("yn") for _ in range(args.papers)], [rnd.choice("yn") for _ in range(args.papers)])
                  for _ in range(5000)]
    assert all(cohen_kappa(a, b).value == fraction_kappa(a, b) for a, b in pairs_data)  # the same numbers
    t_int = best(lambda: [cohen_kappa(a, b) for a, b in pairs_data], runs)
    t_frac = best(lambda: [fraction_kappa(a, b) for a, b in pairs_data], runs)
    rows.append(("Cohen's kappa, 5,000 pairs: fractions / integers", "ratio", f"{t_frac / t_int:.1f}"))

    width = max(len(r[0]) for r in rows)
    for what, fmt, value in rows:
        print(f"{what:<{width}}  {fmt:<8} {value}")
    return 0


def _render(result: ScoreResult, fmt: str) -> None:
    try:
        render(result, fmt)
    except AnswerTooLarge:
        pass


if __name__ == "__main__":
    sys.exit(main())
