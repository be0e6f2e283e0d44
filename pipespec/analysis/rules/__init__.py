"""The rule registry: every verdict rule and every finding has a stable code and documentation.

One module per family holds each rule's record beside the check that emits it:

- ``input``: PS1xx input errors (raised by the language front ends) and PS2xx graph warnings;
- ``conditions``: D<n>xx, the rules that decide condition n;
- ``declarations``: C<n>xx, declared answers that disagree with the verdict of condition n;
- ``labels``: L1xx, stage labels that contradict the data flow or the vocabulary, and V1xx, unknown names;
- ``readings``: R5xx, two honest drawings of one study that decide Condition #5 differently (info);
- ``waivers``: W1xx, checks on the waivers themselves;
- ``expectations``: T1xx, ``expect`` statements the verdicts do not meet;
- ``items``: M2xx, METRICS item answers against the decided conditions; M3NN and M4NN, the answer to item NN
  against what the pipeline and the study facts show (M1xx are the rater-sheet findings of ``pipespec score``).

``pipespec rules`` lists them; ``pipespec explain CODE`` prints one.  Codes never change meaning; a rule that is
retired keeps its code reserved.  Bump RULESET_VERSION whenever a decision can change.
"""

from __future__ import annotations

from pipespec.analysis.rules import (
    conditions,
    declarations,
    expectations,
    input,
    items,
    labels,
    readings,
    waivers,
)
from pipespec.analysis.rules.record import Rule

RULESET_VERSION = "2026.12.2"

RULES: dict[str, Rule] = {r.code: r for family in (input, conditions, declarations, labels, readings, waivers,
                                                   items, expectations)
                          for r in family.RULES}

__all__ = ["RULES", "RULESET_VERSION", "Rule", "get"]


def get(code: str) -> Rule | None:
    return RULES.get(code.strip().upper())
