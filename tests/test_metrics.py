"""The METRICS items, weights, gating table and score (pipespec.metrics)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pipespec.metrics import (
    CATEGORIES,
    GATES,
    ITEMS,
    MetricsError,
    applicable_items,
    category,
    condition,
    condition_combinations,
    condition_number,
    gated_off_by,
    item,
    item_number,
    normalise_answer,
    normalise_category,
    round_score,
    score,
    score_range,
    weights,
)

ALL_YES = {n: True for n in range(1, 6)}
ALL_NO = {n: False for n in range(1, 6)}


def yes_to(*numbers: int) -> dict[int, str | None]:
    return {n: ("yes" if n in numbers else "no") for n in range(1, 31)}


def test_thirty_items_with_four_decimal_weights_summing_to_one() -> None:
    assert [i.number for i in ITEMS] == list(range(1, 31))
    assert all(i.weight == i.weight.quantize(Decimal("0.0001")) and i.weight > 0 for i in ITEMS)
    assert sum(i.weight for i in ITEMS) == Decimal("1.0000")
    assert item(3).weight == Decimal("0.0919") and item(27).weight == Decimal("0.0749")
    assert all("Kocak et al. 2024" in i.source for i in ITEMS)


def test_gating_table() -> None:
    assert dict(GATES) == {1: (8, 9, 10), 2: (9,), 3: (12,), 4: (14, 15, 16), 5: (17,)}
    assert condition(4).items == (14, 15, 16)
    assert applicable_items(ALL_YES) == frozenset(range(1, 31))
    assert applicable_items(ALL_NO) == frozenset(range(1, 31)) - {8, 9, 10, 12, 14, 15, 16, 17}
    # item 9 needs conditions 1 and 2; condition 1 No forces condition 2 No
    assert 9 not in applicable_items({**ALL_YES, 2: False})
    assert {8, 10} <= applicable_items({**ALL_YES, 2: False})
    assert not {8, 9, 10} & applicable_items({**ALL_YES, 1: False, 2: True})
    for cond, items in GATES.items():
        off = applicable_items({**ALL_YES, cond: False})
        assert frozenset(range(1, 31)) - off == frozenset(items), cond
    assert gated_off_by(9, {**ALL_YES, 2: False}) == (2,)
    assert gated_off_by(9, {**ALL_YES, 1: False, 2: None}) == (1, 2)  # condition 2 forced No
    assert gated_off_by(8, {**ALL_YES, 1: False}) == (1,)
    assert gated_off_by(17, ALL_YES) == ()


def test_score_formula_by_hand() -> None:
    assert score(yes_to(*range(1, 31)), applicable_items(ALL_YES)) == Decimal("100.0")
    assert score(yes_to(), applicable_items(ALL_YES)) == Decimal("0.0")
    # items 1-7: .0368+.0735+.0919+.0438+.0292+.0438+.0292 = .3482 over 1.0000
    assert score(yes_to(*range(1, 8)), applicable_items(ALL_YES)) == Decimal("34.8")
    # all conditions No: the applicable weights are 1 - .1885 = .8115; .3482 / .8115 = 42.908...
    assert score(yes_to(*range(1, 8)), applicable_items(ALL_NO)) == Decimal("42.9")
    # a Yes on a switched-off item does not count; n/a and unanswered applicable items count as No
    assert score(yes_to(*range(1, 8), 17), applicable_items(ALL_NO)) == Decimal("42.9")
    answers: dict[int, str | None] = {**yes_to(*range(1, 8)), 8: "n/a", 9: None}
    assert score(answers, applicable_items(ALL_YES)) == Decimal("34.8")


@pytest.mark.parametrize("yes,expected,cat", [
    ((3, 4, 6, 14), "20.0", "low"),          # exactly 19.95 -> 20.0 -> low
    ((1, 3, 5, 13), "19.9", "very low"),     # 19.94
    ((4, 5, 8, 11, 12), "20.0", "low"),      # exactly 20.00
    ((1, 2, 3, 4, 5, 7, 9, 12, 13), "40.0", "moderate"),  # 39.95
    ((2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 14, 15, 16, 17, 18), "60.0", "good"),  # 59.95
    ((2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24), "80.0", "excellent"),  # 79.95
    ((1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 13, 14, 15, 16, 17, 18, 19, 20, 22, 23, 24, 25), "79.9", "good"),  # 79.94
    ((2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18), "63.4", "good"),  # exactly 63.35 -> 63.4
])
def test_rounding_half_up_at_the_boundaries(yes: tuple[int, ...], expected: str, cat: str) -> None:
    exact = weights(yes) * 100  # every condition Yes: the applicable weights sum to 1
    s = score(yes_to(*yes), applicable_items(ALL_YES))
    assert s == Decimal(expected), (exact, s)
    assert category(s) == cat


def test_exact_half_is_not_lost_to_binary_floating_point() -> None:
    yes = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 17, 18)
    assert weights(yes) == Decimal("0.6335")
    assert round(float(weights(yes)) * 100, 1) == 63.3  # what float arithmetic would give
    assert score(yes_to(*yes), applicable_items(ALL_YES)) == Decimal("63.4")


@pytest.mark.parametrize("value,cat", [
    ("0", "very low"), ("19.94", "very low"), ("19.95", "low"), ("20.0", "low"), ("39.9", "low"),
    ("39.95", "moderate"), ("40", "moderate"), ("59.94", "moderate"), ("59.95", "good"), ("79.9", "good"),
    ("79.95", "excellent"), ("80.0", "excellent"), ("100", "excellent"),
])
def test_category_from_the_rounded_score(value: str, cat: str) -> None:
    assert category(Decimal(value)) == cat


def test_round_score_is_half_up() -> None:
    assert round_score(Decimal("63.35")) == Decimal("63.4")
    assert round_score(Decimal("63.25")) == Decimal("63.3")  # not banker's rounding
    assert round_score(Decimal("63.349")) == Decimal("63.3")


def test_score_range_over_undecided_conditions() -> None:
    answers = {**yes_to(*range(1, 31)), 17: "no"}
    r = score_range(answers, {**ALL_YES, 5: None})
    assert (r.low, r.high) == (Decimal("98.0"), Decimal("100.0"))  # 17 applies (98.0) or not (100.0)
    assert r.scores == (Decimal("98.0"), Decimal("100.0"))
    decided = score_range(answers, ALL_YES)
    assert decided.low == decided.high == Decimal("98.0")
    # condition 1 undecided, 2 undecided: (No, forced No), (Yes, Yes), (Yes, No)
    assert len(condition_combinations({**ALL_YES, 1: None, 2: None})) == 3
    assert len(condition_combinations({})) == 3 * 2 * 2 * 2
    # condition 1 No decides condition 2: no range at all
    assert len(condition_combinations({**ALL_YES, 1: False, 2: None})) == 1
    # items 8-10 answered no: the score is highest without segmentation
    seg = {**yes_to(*range(1, 31)), 8: "no", 9: "no", 10: "no"}
    r2 = score_range(seg, {**ALL_YES, 1: None, 2: None})
    assert r2.high == Decimal("100.0")
    assert r2.low == score(seg, applicable_items(ALL_YES))


def test_applicable_items_needs_every_condition() -> None:
    with pytest.raises(MetricsError, match="#5"):
        applicable_items({**ALL_YES, 5: None})
    assert applicable_items({**ALL_YES, 1: False, 2: None}) == applicable_items({**ALL_YES, 1: False, 2: False})
    with pytest.raises(MetricsError):
        item(31)
    with pytest.raises(MetricsError):
        condition(6)
    with pytest.raises(MetricsError):
        score({}, [])


@pytest.mark.parametrize("value,expected", [
    ("yes", "yes"), (" Yes ", "yes"), ("YES", "yes"), ("y", "yes"), (True, "yes"), ("true", "yes"),
    ("no", "no"), ("No", "no"), (False, "no"), ("n", "no"),
    ("n/a", "n/a"), ("N/A", "n/a"), ("NA", "n/a"), ("n.a.", "n/a"), ("Not applicable", "n/a"), ("n/a\u00a0", "n/a"),
    ("", None), ("maybe", None), (1, None), (None, None), ("yes please", None),
])
def test_normalise_answer(value: object, expected: str | None) -> None:
    assert normalise_answer(value) == expected


def test_keys_and_categories() -> None:
    assert [item_number(k) for k in ("item7", "item 7", "Item#7", "ITEM_07", "item31", "condition1")] == \
        [7, 7, 7, 7, None, None]
    assert [condition_number(k) for k in ("condition2", "Condition #2", "cond5", "condition6", "item2")] == \
        [2, 2, 5, None, None]
    assert [normalise_category(c) for c in ("Very low", "VERY-LOW", "excellent quality", "Good", "fine")] == \
        ["very low", "very low", "excellent", "good", None]
    assert CATEGORIES == ("very low", "low", "moderate", "good", "excellent")
