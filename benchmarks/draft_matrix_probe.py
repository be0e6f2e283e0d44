"""Probe the drafting matrices with many random cases: how many composed Methods texts each misreads, and where.

    python benchmarks/draft_matrix_probe.py --cases 2000 --seed 1              # every matrix, 2,000 cases each
    python benchmarks/draft_matrix_probe.py --matrix network-pairs --cases 500 --show 3
    python benchmarks/draft_matrix_probe.py --matrix tabular --cases 1000 --seed 7 --axes 15

The five property-test matrices under tests/draft/ (delineation, network, study, tabular, wiring) compose Methods
paragraphs whose right reading is known by construction, and run as derandomized tests with a bounded number of
examples: what a fixed sample never draws is what unseen texts will hit. This probe draws many cases from each
matrix's own composition (the ``compose`` helpers with a seeded random ``pick``, or the axes of the matrix's
strategies drawn uniformly, as hypothesis's ``sampled_from`` draws them), drafts each, checks it with the matrix's own
oracle (its ``misread`` or, for the wiring matrix, its test body), and counts every misreading without stopping at
the first. It reports "N of M misread" per matrix, then the misreadings grouped by each axis value the matrix records
(role, pair of roles, phrasing index, where the fact is said ...) and by the condition misread, most frequent first,
with ``--show`` example texts of the most frequent groups.

The matrices:
    delineation      tests/draft/delineation_cases.py  (Conditions #1, #2 and the delineation's mode)
    network          test_draft_network_matrix.py, one network per paragraph (Conditions #3-#5)
    network-pairs    test_draft_network_matrix.py, two networks of one study (Conditions #3-#5)
    study            tests/draft/study_cases.py  (all five conditions)
    tabular          tests/draft/tabular_cases.py  (Conditions #1-#5, contested ones allowed 'review')
    wiring           test_draft_wiring_matrix.py, the model takes the features it was built from
    wiring-scored    test_draft_wiring_matrix.py, a score and clinical factors both reach the final model

The same seed draws the same cases, so a count before and after a change compares like with like. Run it alone on
a shared machine (it is one process; drafting is the cost, about 20-60 ms a case). Exits 0 (2 for bad arguments).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

T = TypeVar("T")

# one drawn case: (its axes as "name=value" strings, the text, what was misread: empty when read right)
Probe = tuple[list[str], str, list[str]]


def _picker(rng: random.Random) -> Callable[[Sequence[T]], T]:
    def pick(items: Sequence[T]) -> T:
        return rng.choice(list(items))
    return pick


def _diff(wrong: dict[int, Any]) -> list[str]:
    return [f"#{n} want {w} got {g}" for n, (w, g) in sorted(wrong.items())]


def delineation(rng: random.Random) -> Probe:
    from tests.draft.delineation_cases import compose
    from tests.draft.test_draft_delineation_matrix import _reading

    case = compose(_picker(rng))
    c1, c2, modes = _reading(case)
    wrong = []
    if c1 != case.condition1:
        wrong.append(f"#1 want {case.condition1} got {c1}")
    elif case.condition1 == "yes":
        if c2 != case.condition2:
            wrong.append(f"#2 want {case.condition2} got {c2}")
        if not all(m in case.modes for m in modes):
            wrong.append(f"mode {'/'.join(modes)} not in {'/'.join(sorted(case.modes))}")
    elif modes:
        wrong.append(f"mode {'/'.join(modes)} drafted where nothing is delineated")
    return list(case.axes), case.text, wrong


def study(rng: random.Random) -> Probe:
    from tests.draft.study_cases import compose
    from tests.draft.test_draft_study_matrix import misread

    case = compose(_picker(rng))
    return list(case.axes), case.text, _diff(misread(case))


def tabular(rng: random.Random) -> Probe:
    from tests.draft.tabular_cases import compose
    from tests.draft.test_draft_tabular_matrix import misread

    case = compose(_picker(rng))
    return list(case.axes), case.text, _diff(misread(case))


def network(rng: random.Random) -> Probe:
    from tests.draft import test_draft_network_matrix as m

    role = rng.choice(m.ROLES)
    k = rng.randint(0, 5)
    arch = rng.choice(m.SEGMENTERS if role.segmenter else m.CLASSIFIERS)
    location, classical, extra = rng.choice(m.LOCATIONS), rng.choice(m.CLASSICAL), rng.choice(m.EXTRAS)
    text = m.paragraph(role, k, arch, location, classical, extra)
    axes = [f"role={role.name}", f"phrasing={role.name}#{k % len(role.phrasings)}", f"arch={arch.again}",
            f"location={location}", f"classical={classical}", f"extra={extra}"]
    return axes, text, _diff(m.misread(text, role.truth))


def network_pairs(rng: random.Random) -> Probe:
    from tests.draft import test_draft_network_matrix as m

    while True:
        a, b = rng.choice(m.ROLES), rng.choice(m.ROLES)
        if a != b and frozenset({a.name, b.name}) not in m.APART:
            break
    x = rng.choice(m.SEGMENTERS if a.segmenter else m.NAMED_APART)
    y = rng.choice([y for y in (m.SEGMENTERS if b.segmenter else m.NAMED_APART)
                    if y.again.split()[-1] != x.again.split()[-1]])
    where_a, where_b, k = rng.choice(m.LOCATIONS), rng.choice(m.LOCATIONS), rng.randint(0, 5)
    classical = m.CLASSICAL[k % len(m.CLASSICAL)], m.CLASSICAL[(k + 1) % len(m.CLASSICAL)]
    first = m.paragraph(a, k, x, where_a, classical[0])
    second = m.paragraph(b, k + 1, y, where_b, classical[1]).replace("Methods\n\n" + m.INTRO + " ", "", 1)
    text = first + "\n\n" + second
    axes = [f"pair={a.name} + {b.name}", f"first={a.name}", f"second={b.name}",
            f"first phrasing={a.name}#{k % len(a.phrasings)}", f"second phrasing={b.name}#{(k + 1) % len(b.phrasings)}",
            f"first location={where_a}", f"second location={where_b}", f"first arch={x.again}",
            f"second arch={y.again}"]
    return axes, text, _diff(m.misread(text, m.together(a.truth, b.truth)))


def _inner(test: Any, *args: Any) -> list[str]:
    """The misreading a matrix's test body reports for one case (its assertion's first line), or none."""
    try:
        test.hypothesis.inner_test(*args)
    except AssertionError as e:
        said = str(e).splitlines()[0] if str(e) else "assertion"
        return [said[:160]]
    return []


def wiring(rng: random.Random) -> Probe:
    from tests.draft import test_draft_wiring_matrix as m

    case = (rng.choice(m.SOURCES), rng.choice(m.SELECTIONS), rng.choice(m.MODELS), rng.choice(m.PLACES),
            rng.choice(m.OUTCOMES), rng.choice(m.BUILT), rng.choice(m.NETWORKS))
    source, selection, model, place, outcome, built, net = case
    text = m.paragraph(*case)
    axes = [f"source={source.sentences[:40]}", f"selection={selection[:30] or '-'}", f"model={model.subject}",
            f"place={place}", f"outcome={outcome.strip() or '-'}", f"built={built}", f"network={bool(net)}"]
    wrong = _inner(m.test_every_stage_reaches_an_output_and_the_model_takes_the_features_it_was_built_from, case)
    return axes, text, ["wiring"] if wrong else []


def wiring_scored(rng: random.Random) -> Probe:
    from tests.draft import test_draft_wiring_matrix as m

    case = (rng.choice([s for s in m.SOURCES if s.kind == "handcrafted"]), rng.choice(m.SELECTIONS),
            rng.choice(m.SCORES), rng.choice(m.COMBINED), rng.choice([False, True]))
    source, selection, score, combined, apart = case
    axes = [f"source={source.sentences[:40]}", f"selection={selection[:30] or '-'}", f"score={score[1]}",
            f"combined={combined[:30]}", f"apart={apart}"]
    wrong = _inner(m.test_a_model_built_using_a_score_and_clinical_factors_takes_both, case)
    return axes, m.scored(*case), ["wiring"] if wrong else []


MATRICES: dict[str, Callable[[random.Random], Probe]] = {
    "delineation": delineation, "network": network, "network-pairs": network_pairs, "study": study,
    "tabular": tabular, "wiring": wiring, "wiring-scored": wiring_scored,
}


def probe(name: str, cases: int, seed: int) -> Iterator[Probe]:
    """``cases`` cases of one matrix, drawn from ``seed`` (the same seed, the same cases)."""
    rng = random.Random(f"{name}:{seed}")
    for _ in range(cases):
        state = rng.getstate()
        try:
            yield MATRICES[name](rng)
        except Exception:  # a crash while drafting is a misreading too, reported with its case's seed state
            rng.setstate(state)
            rng.random()
            yield [], "", ["crash: " + traceback.format_exc().strip().splitlines()[-1][:160]]


def report(name: str, cases: int, seed: int, axes_shown: int, show: int) -> tuple[int, int]:
    start = time.perf_counter()
    misread: list[Probe] = []
    by_axis: Counter[str] = Counter()
    drawn: Counter[str] = Counter()
    by_condition: Counter[str] = Counter()
    for axes, text, wrong in probe(name, cases, seed):
        drawn.update(axes)
        if wrong:
            misread.append((axes, text, wrong))
            by_axis.update(axes)
            by_condition.update(w.split(" got ")[0] if " got " in w else w for w in wrong)
    took = time.perf_counter() - start
    print(f"{name}: {len(misread)} of {cases} misread (seed {seed}, {took:.0f} s)")
    if misread:
        print("  by condition: " + ", ".join(f"{k} ({v})" for k, v in by_condition.most_common()))
        print("  by axis value (misread of drawn):")
        for value, n in by_axis.most_common(axes_shown):
            print(f"    {n:5d} of {drawn[value]:5d}  {value}")
        shown_groups: set[str] = set()
        for axes, text, wrong in misread:
            if len(shown_groups) >= show:
                break
            key = axes[0] if axes else wrong[0]
            if key in shown_groups:
                continue
            shown_groups.add(key)
            print(f"  -- {'; '.join(wrong)} | {' | '.join(axes)}")
            print("     " + text.replace("\n", "\n     "))
    print()
    return len(misread), cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=1000, help="cases drawn per matrix (default 1000)")
    parser.add_argument("--seed", type=int, default=1, help="the seed the cases are drawn from (default 1)")
    parser.add_argument("--matrix", action="append", choices=sorted(MATRICES),
                        help="a matrix to probe (repeatable; default every one)")
    parser.add_argument("--axes", type=int, default=12, help="axis values listed per matrix (default 12)")
    parser.add_argument("--show", type=int, default=0, help="example texts shown per matrix (default 0)")
    args = parser.parse_args(argv)
    if args.cases < 1:
        parser.error("--cases must be at least 1")
    totals = [(name, *report(name, args.cases, args.seed, args.axes, args.show))
              for name in (args.matrix or list(MATRICES))]
    print("summary: " + "; ".join(f"{name} {n} of {m} misread" for name, n, m in totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
