"""The rule record: what every rule says about itself, kept beside the check that emits it.

A rule module (``input``, ``conditions``, ``declarations``, ``labels``, ``waivers``) defines one :class:`Rule` per
code next to the function that decides or reports it, and emits problems through :func:`problem`, so the code,
severity, fix and reference a user sees always come from the record.  Each record's ``example`` is a complete
file (``pipespec explain CODE`` prints it, and the test suite checks that it raises that code); the codes no file
can show say why in ``no_example``.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
from typing import NamedTuple

from pipespec.edits import Fix
from pipespec.errors import Problem, Span

E3 = "METRICS-E3, Condition #5"


class Rule(NamedTuple):
    code: str
    title: str
    condition: int | None  # the METRICS condition it concerns, or None for all
    severity: str  # error | warning | info | verdict
    what: str
    why: str
    fix: str
    example: str | None = None  # a complete file that raises this code (or decides with this verdict rule)
    example_format: str = "dsl"  # dsl | yaml | json | toml (a configuration file)
    no_example: str = ""  # why no file can show it (unreadable input, internal error)
    reference: str = ""
    configurable: bool = True  # may a configuration disable it, change its severity, or a waiver suppress it
    other_example: str | None = None  # for a two-readings rule: the other honest drawing, a complete file

    def doc(self) -> str:
        cond = f"Condition #{self.condition}" if self.condition else "all conditions"
        parts = [f"{self.code}: {self.title}", f"  concerns: {cond}; default severity: {self.severity}"
                 + ("" if self.configurable else "; not configurable"), "",
                 "What it checks", _indent(self.what), "", "Why it matters", _indent(self.why)]
        if self.reference:
            parts += ["", "Reference", _indent(self.reference)]
        if self.example is not None:
            kind = {"dsl": "a .pipe file", "yaml": "a YAML file", "json": "a JSON file",
                    "toml": "a .pipespec.toml configuration beside any pipeline"}[self.example_format]
            parts += ["", f"Example that triggers it ({kind})", _indent(self.example.rstrip("\n"), 4)]
            if self.other_example is not None:
                parts += ["", "The other drawing of the same study (decided differently; it does not trigger it)",
                          _indent(self.other_example.rstrip("\n"), 4)]
        else:
            parts += ["", "Example", _indent(self.no_example)]
        parts += ["", "Fix", _indent(self.fix)]
        return "\n".join(parts) + "\n"


def _indent(text: str, n: int = 2) -> str:
    return "\n".join((" " * n + line) if line else "" for line in text.splitlines())


def problem(rule: Rule, message: str, span: Span, stage: str | None = None,
            related: tuple[Span, ...] = (), fix: str | None = None, autofix: Fix | None = None) -> Problem:
    """A problem reported by ``rule``: its code, default severity and reference come from the record, and so does
    its fix text unless ``fix`` says it for this pipeline (the stage and network of the study); ``autofix`` is the
    same correction as an applicable edit."""
    return Problem(rule.code, message, span, rule.severity, fix or rule.fix, related, stage, rule.reference or None,
                   autofix=autofix)
