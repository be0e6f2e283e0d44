"""Fleiss' kappa, Cohen's kappa and percent agreement against hand-computed cases (pipespec.agreement)."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipespec.scoring.agreement import (
    AgreementError,
    cohen_kappa,
    fleiss_kappa,
    fleiss_kappa_of,
    percent_agreement,
)

# The worked example of Fleiss' kappa in common use (10 subjects, 14 raters, 5 categories):
# P-bar = 0.378, Pe = 0.213, kappa = 0.210.
FLEISS_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_textbook_example() -> None:
    k = fleiss_kappa(FLEISS_EXAMPLE)
    assert k.value is not None and k.reason is None
    n, big_n = 14, 10
    p_bar = sum((sum(c * c for c in row) - n) / (n * (n - 1)) for row in FLEISS_EXAMPLE) / big_n
    shares = [sum(row[j] for row in FLEISS_EXAMPLE) / (big_n * n) for j in range(5)]
    p_e = sum(p * p for p in shares)
    assert round(p_bar, 3) == 0.378 and round(p_e, 3) == 0.213
    assert k.value == pytest.approx((p_bar - p_e) / (1 - p_e), abs=1e-12)
    assert round(k.value, 3) == 0.210


def test_fleiss_two_raters_two_categories_by_hand() -> None:
    # 4 subjects, 2 raters: (yes,yes) (yes,no) (no,no) (no,no)
    # P_i = 1, 0, 1, 1 -> P-bar = 0.75; p_yes = 3/8, p_no = 5/8 -> Pe = 34/64; kappa = (0.75 - 34/64) / (30/64) = 7/15
    k = fleiss_kappa_of([["yes", "yes"], ["yes", "no"], ["no", "no"], ["no", "no"]])
    assert k.value == pytest.approx(7 / 15)


def test_perfect_agreement_is_one() -> None:
    assert fleiss_kappa([[3, 0], [0, 3], [3, 0]]).value == pytest.approx(1.0)
    assert fleiss_kappa_of([["yes"] * 4, ["no"] * 4, ["n/a"] * 4]).value == pytest.approx(1.0)
    assert cohen_kappa(["a", "b", "a"], ["a", "b", "a"]).value == pytest.approx(1.0)


def test_single_category_is_undefined_with_a_reason() -> None:
    k = fleiss_kappa_of([["yes", "yes", "yes"], ["yes", "yes", "yes"]])
    assert k.value is None and k.reason and "'yes'" in k.reason and "undefined" in k.reason
    k2 = fleiss_kappa([[3, 0], [3, 0]])
    assert k2.value is None and k2.reason
    c = cohen_kappa(["no", "no"], ["no", "no"])
    assert c.value is None and c.reason and "undefined" in c.reason


def test_systematic_disagreement_is_negative() -> None:
    # every subject split 1:1 -> P-bar = 0, Pe = 0.5 -> kappa = -1
    assert fleiss_kappa([[1, 1], [1, 1]]).value == pytest.approx(-1.0)
    assert cohen_kappa(["yes", "no"], ["no", "yes"]).value == pytest.approx(-1.0)


def test_cohen_textbook_example() -> None:
    # 50 subjects: both yes 20, A yes / B no 5, A no / B yes 10, both no 15
    # po = 35/50 = 0.7; pe = (25/50)(30/50) + (25/50)(20/50) = 0.5; kappa = 0.4
    a = ["yes"] * 20 + ["yes"] * 5 + ["no"] * 10 + ["no"] * 15
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b).value == pytest.approx(0.4)


def test_cohen_with_a_category_only_one_rater_uses() -> None:
    # po = 2/3; A: yes 2/3, n/a 1/3; B: yes 2/3, no 1/3 -> pe = 4/9; kappa = (2/3 - 4/9) / (5/9) = 0.4
    assert cohen_kappa(["yes", "yes", "n/a"], ["yes", "yes", "no"]).value == pytest.approx(0.4)


def test_percent_agreement() -> None:
    assert percent_agreement([["yes", "yes"], ["yes", "no"], ["no", "no", "no"]]) == pytest.approx(200 / 3)
    # a subject with one rating (the other rater missing) does not count
    assert percent_agreement([["yes", "yes"], ["no"]]) == 100.0
    assert percent_agreement([["yes"]]) is None
    assert percent_agreement([]) is None


def test_invalid_tables_are_refused() -> None:
    for bad in ([], [[2, 1], [1, 1]], [[1, 0]], [[2, 0], [1]], [[-1, 3]], [[]]):
        with pytest.raises(AgreementError):
            fleiss_kappa(bad)
    with pytest.raises(AgreementError):
        fleiss_kappa_of([])
    with pytest.raises(AgreementError):
        cohen_kappa(["a"], ["a", "b"])
    with pytest.raises(AgreementError):
        cohen_kappa([], [])


@given(st.lists(st.tuples(st.sampled_from(["yes", "no", "n/a"]), st.sampled_from(["yes", "no", "n/a"])),
                min_size=1, max_size=40))
def test_cohen_in_integers_is_the_exact_fraction_rounded_once(pairs: list[tuple[str, str]]) -> None:
    """Cohen's kappa is computed in integers with one division: the textbook formula in exact fractions, rounded
    to the nearest float, gives the same number, and undefined exactly when expected agreement is 1."""
    a, b = [x for x, _ in pairs], [y for _, y in pairs]
    n = len(pairs)
    p_o = Fraction(sum(x == y for x, y in pairs), n)
    ca, cb = Counter(a), Counter(b)
    p_e = sum((Fraction(ca[k] * cb[k], n * n) for k in ca), Fraction(0))
    got = cohen_kappa(a, b)
    if p_e == 1:
        assert got.value is None and got.reason and f"'{a[0]}'" in got.reason
    else:
        assert got.value == float((p_o - p_e) / (1 - p_e))
