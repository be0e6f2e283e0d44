"""The METRICS items, their weights, the conditions that switch them on, and the METRICS score.

METRICS (METhodological RadiomICs Score; Kocak et al. 2024, Insights Imaging 15:8) rates a radiomics or
imaging-AI study on 30 weighted items.  Five yes/no conditions switch groups of items on or off.  The item
names here are short paraphrases; the weights are the four-decimal weights of the METRICS tool.

The score is the sum of the weights of the applicable items answered Yes over the sum of the weights of the
applicable items, times 100, computed exactly and rounded half-up to one decimal (an exact 63.35 is 63.4).
The quality category comes from the rounded score.

This module is the bottom of the package: it imports only the standard library and :mod:`pipespec.errors`.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import functools
import itertools
import re
from collections.abc import Collection, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal, NamedTuple

from pipespec.errors import PipespecError
from pipespec.lazyre import LazyPattern

SOURCE = "Kocak et al. 2024, Insights Imaging 15:8"

Answer = Literal["yes", "no", "n/a"]
YES: Answer = "yes"
NO: Answer = "no"
NA: Answer = "n/a"
ANSWERS: tuple[Answer, ...] = (YES, NO, NA)


class Item(NamedTuple):
    """One METRICS item: its number (1-30), a short paraphrased name, its weight, and the conditions that must
    all be Yes for it to apply (empty: it always applies)."""

    number: int
    name: str
    weight: Decimal
    conditions: tuple[int, ...] = ()
    source: str = SOURCE


class Condition(NamedTuple):
    """One METRICS condition (1-5), a short paraphrase of its question, and the items it switches on."""

    number: int
    name: str  # a short name for tables: "segmentation", "end-to-end deep learning"
    question: str
    items: tuple[int, ...]
    source: str = SOURCE


def _item(number: int, name: str, weight: str, *conditions: int) -> Item:
    return Item(number, name, Decimal(weight), tuple(conditions))


ITEMS: tuple[Item, ...] = (
    _item(1, "adherence to radiomics/ML checklists or guidelines", "0.0368"),
    _item(2, "eligibility criteria, representative population", "0.0735"),
    _item(3, "high-quality reference standard", "0.0919"),
    _item(4, "multi-center data", "0.0438"),
    _item(5, "clinical translatability of the imaging source", "0.0292"),
    _item(6, "imaging protocol with acquisition parameters", "0.0438"),
    _item(7, "interval between imaging and reference standard", "0.0292"),
    _item(8, "transparent segmentation methodology", "0.0337", 1),
    _item(9, "formal evaluation of automated segmentation", "0.0225", 1, 2),
    _item(10, "test-set masks by one reader or an automated tool", "0.0112", 1),
    _item(11, "appropriate, transparent image pre-processing", "0.0622"),
    _item(12, "standardized feature extraction software", "0.0311", 3),
    _item(13, "transparent feature extraction parameters", "0.0415"),
    _item(14, "removal of non-robust features", "0.0200", 4),
    _item(15, "removal of redundant features", "0.0200", 4),
    _item(16, "dimensionality appropriate to data size", "0.0300", 4),
    _item(17, "robustness of end-to-end deep-learning pipelines", "0.0200", 5),
    _item(18, "proper data partitioning", "0.0599"),
    _item(19, "handling of confounding factors", "0.0300"),
    _item(20, "appropriate performance metrics", "0.0352"),
    _item(21, "consideration of uncertainty", "0.0234"),
    _item(22, "calibration assessment", "0.0176"),
    _item(23, "uni-parametric imaging or proof of its inferiority", "0.0117"),
    _item(24, "comparison with a non-radiomic approach / added clinical value", "0.0293"),
    _item(25, "comparison with simple or classical statistical models", "0.0176"),
    _item(26, "internal testing", "0.0375"),
    _item(27, "external testing", "0.0749"),
    _item(28, "data availability", "0.0075"),
    _item(29, "code availability", "0.0075"),
    _item(30, "model availability", "0.0075"),
)
ITEM_NUMBERS: tuple[int, ...] = tuple(i.number for i in ITEMS)

# the nine sections of the METRICS tool's questionnaire, each with its items
SECTIONS: tuple[tuple[str, tuple[int, ...]], ...] = (
    ("Study design", (1, 2, 3)),
    ("Imaging data", (4, 5, 6, 7)),
    ("Segmentation", (8, 9, 10)),
    ("Image processing and feature extraction", (11, 12, 13)),
    ("Feature processing", (14, 15, 16, 17)),
    ("Preparation for modelling", (18, 19)),
    ("Metrics and comparison", (20, 21, 22, 23, 24, 25)),
    ("Testing", (26, 27)),
    ("Open science", (28, 29, 30)),
)
_BY_NUMBER: dict[int, Item] = {i.number: i for i in ITEMS}

CONDITIONS: tuple[Condition, ...] = (
    Condition(1, "segmentation", "Does the study include segmentation?", (8, 9, 10)),
    Condition(2, "fully automated segmentation", "Is the segmentation fully automated?", (9,)),
    Condition(3, "hand-crafted features", "Does it extract hand-crafted features?", (12,)),
    Condition(4, "tabular data", "Does it handle tabular data?", (14, 15, 16)),
    Condition(5, "end-to-end deep learning", "Does it include end-to-end deep learning?", (17,)),
)
CONDITION_NUMBERS: tuple[int, ...] = (1, 2, 3, 4, 5)

# the gating table: condition -> the items it switches on (item 9 needs conditions 1 and 2)
GATES: Mapping[int, tuple[int, ...]] = {c.number: c.items for c in CONDITIONS}

CATEGORIES: tuple[str, ...] = ("very low", "low", "moderate", "good", "excellent")
_CATEGORY_FLOORS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(80), "excellent"), (Decimal(60), "good"), (Decimal(40), "moderate"), (Decimal(20), "low"),
)

# per-item weights as integers in units of 0.0001: exact arithmetic
_UNITS: dict[int, int] = {i.number: int(i.weight.scaleb(4)) for i in ITEMS}


class MetricsError(PipespecError, ValueError):
    """A value that is not a METRICS item, condition, answer or score."""


def item(number: int) -> Item:
    """The item with this number (1-30)."""
    try:
        return _BY_NUMBER[number]
    except KeyError:
        raise MetricsError(f"there is no METRICS item {number} (items are 1-30)") from None


def section_of(number: int) -> str:
    """The title of the questionnaire section that holds item ``number``."""
    item(number)
    return next(title for title, numbers in SECTIONS if number in numbers)


def condition(number: int) -> Condition:
    """The condition with this number (1-5)."""
    if number not in CONDITION_NUMBERS:
        raise MetricsError(f"there is no METRICS condition {number} (conditions are 1-5)")
    return CONDITIONS[number - 1]


# --- answers ----------------------------------------------------------------------------------------------

_YES_WORDS = frozenset({"yes", "y", "true", "on"})
_NO_WORDS = frozenset({"no", "n", "false", "off"})
_NA_WORDS = frozenset({"n/a", "na", "n.a.", "n.a", "n a", "not applicable"})
_SPACES = LazyPattern(r"[\s\u00a0\u200b\ufeff]+")


def normalise_answer(value: object) -> Answer | None:
    """``'yes'``, ``'no'`` or ``'n/a'`` for a recognised answer, else ``None``.

    Tolerant of case and spaces (``' Yes '``, ``'N/A'``, ``'NA'``, ``'not applicable'``); booleans are accepted
    (``True`` is yes), as are the words ``true``/``false``, ``y``/``n`` and ``on``/``off``.  A blank value is
    not an answer (``None``): the caller decides what an unanswered item means.
    """
    if isinstance(value, bool):
        return YES if value else NO
    if not isinstance(value, str):
        return None
    v = _SPACES.sub(" ", value).strip().lower()
    if v in _YES_WORDS:
        return YES
    if v in _NO_WORDS:
        return NO
    if v in _NA_WORDS:
        return NA
    return None


_KEY = LazyPattern(r"^\s*(item|condition|cond)\s*[#_\-.:]?\s*0*(\d{1,3})\s*$", re.IGNORECASE)


def item_number(key: str) -> int | None:
    """The item number of a key such as ``item7``, ``item 7``, ``Item#7`` (``None`` if it is not one)."""
    m = _KEY.match(key)
    if not m or m.group(1).lower() != "item":
        return None
    n = int(m.group(2))
    return n if n in _BY_NUMBER else None


def condition_number(key: str) -> int | None:
    """The condition number of a key such as ``condition2``, ``Condition #2`` (``None`` if it is not one)."""
    m = _KEY.match(key)
    if not m or m.group(1).lower() == "item":
        return None
    n = int(m.group(2))
    return n if n in CONDITION_NUMBERS else None


# --- applicability --------------------------------------------------------------------------------------

ConditionAnswers = Mapping[int, bool | None]


def effective_conditions(conditions: ConditionAnswers) -> dict[int, bool | None]:
    """The condition answers with Condition #1 No forcing Condition #2 to No (``None``: undecided)."""
    out: dict[int, bool | None] = {n: conditions.get(n) for n in CONDITION_NUMBERS}
    if out[1] is False:
        out[2] = False
    return out


def applicable_items(conditions: ConditionAnswers) -> frozenset[int]:
    """The items that apply when the conditions are answered as given (``True`` yes, ``False`` no).

    Every condition must be decided (after Condition #1 No forces Condition #2 No); for undecided conditions
    use :func:`score_range`.
    """
    return _applicable_items(tuple(sorted(conditions.items())))


@functools.lru_cache(maxsize=256)  # a handful of answer sets recur across every file of a batch
def _applicable_items(answers: tuple[tuple[int, bool | None], ...]) -> frozenset[int]:
    eff = effective_conditions(dict(answers))
    undecided = [n for n, v in eff.items() if v is None]
    if undecided:
        raise MetricsError(f"condition(s) {', '.join(f'#{n}' for n in undecided)} undecided: "
                           "applicability needs every condition answered")
    return frozenset(i.number for i in ITEMS if all(eff[c] for c in i.conditions))


def gated_off_by(number: int, conditions: ConditionAnswers) -> tuple[int, ...]:
    """The conditions answered No that switch item ``number`` off (empty if none do)."""
    eff = effective_conditions(conditions)
    return tuple(c for c in item(number).conditions if eff[c] is False)


# --- the score ------------------------------------------------------------------------------------------

_TENTH = Decimal("0.1")


def round_score(value: Decimal) -> Decimal:
    """``value`` rounded half-up to one decimal (``Decimal('63.35')`` -> ``Decimal('63.4')``)."""
    return value.quantize(_TENTH, rounding=ROUND_HALF_UP)


def score(answers: Mapping[int, str | None], applicable: Collection[int]) -> Decimal:
    """The METRICS score, in percent, rounded half-up to one decimal.

    ``answers`` maps item numbers to ``'yes'``/``'no'``/``'n/a'`` (or ``None``, unanswered); ``applicable`` is
    the set of items that apply.  Only applicable items answered yes count towards the numerator; an
    applicable item answered otherwise (no, n/a, unanswered) counts as No.  Exact: the weights are whole
    multiples of 0.0001, so the ratio is rounded from integers.
    """
    total = 0
    yes = 0
    for n in applicable:
        item(n)  # validates the number
        total += _UNITS[n]
        if answers.get(n) == YES:
            yes += _UNITS[n]
    if total == 0:
        raise MetricsError("no applicable items: the score is undefined")
    # round(1000 * yes / total) half-up, in integers: floor((2000 * yes + total) / (2 * total))
    tenths = (2000 * yes + total) // (2 * total)
    return Decimal(tenths).scaleb(-1)


def category(value: Decimal) -> str:
    """The METRICS quality category of a score: very low (< 20), low (< 40), moderate (< 60), good (< 80),
    excellent.  The score is first rounded half-up to one decimal, so 19.95 is low."""
    if not isinstance(value, Decimal):
        raise MetricsError(f"a score is a Decimal, not {type(value).__name__}")
    rounded = round_score(value)
    for floor, name in _CATEGORY_FLOORS:
        if rounded >= floor:
            return name
    return "very low"


_CATEGORY_WORDS = {c.replace(" ", ""): c for c in CATEGORIES}


def normalise_category(value: str) -> str | None:
    """A stated quality category (``'Very low'``, ``'EXCELLENT'``, ``'very-low quality'``) as one of
    :data:`CATEGORIES`, or ``None`` if it is not one."""
    v = re.sub(r"[^a-z]+", "", value.lower())
    v = v.removesuffix("quality").removeprefix("quality")
    return _CATEGORY_WORDS.get(v)


class ScoreRange(NamedTuple):
    """The lowest and highest score the undecided conditions allow, and every score in between that a
    combination of answers gives (sorted, distinct)."""

    low: Decimal
    high: Decimal
    scores: tuple[Decimal, ...]


def condition_combinations(conditions: ConditionAnswers) -> list[dict[int, bool]]:
    """Every full set of condition answers that agrees with the decided ones (Condition #1 No forces #2 No;
    combinations are distinct after that)."""
    eff = effective_conditions(conditions)
    undecided = [n for n in CONDITION_NUMBERS if eff[n] is None]
    seen: list[dict[int, bool]] = []
    for values in itertools.product((True, False), repeat=len(undecided)):
        full: dict[int, bool | None] = dict(eff)
        full.update(zip(undecided, values))
        fixed = effective_conditions(full)
        combo = {n: bool(fixed[n]) for n in CONDITION_NUMBERS}
        if combo not in seen:
            seen.append(combo)
    return seen


def score_range(answers: Mapping[int, str | None], conditions: ConditionAnswers) -> ScoreRange:
    """The scores every combination of the undecided (``None``) conditions allows: lowest, highest, all."""
    scores = sorted({score(answers, applicable_items(c)) for c in condition_combinations(conditions)})
    return ScoreRange(scores[0], scores[-1], tuple(scores))


def weights(numbers: Iterable[int]) -> Decimal:
    """The sum of the weights of these items."""
    return sum((item(n).weight for n in numbers), Decimal(0))
