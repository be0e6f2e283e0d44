"""The records a draft is made of: evidence (a quoted place in the document), the drafted stages and edges, the
facts METRICS needs that the text does not state, and notes.

Offsets count code points in the document's extracted text; ``quote`` is ``text[start:end]`` with control and
invisible characters shown as spaces, at most :data:`QUOTE_LIMIT` characters.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made.
from typing import Any, NamedTuple

QUOTE_LIMIT = 100


class Evidence(NamedTuple):
    """A quoted place in the document: offsets, the quote, and its paragraph and sentence number in the part read
    (1-based)."""

    start: int
    end: int
    quote: str
    paragraph: int
    sentence: int

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "quote": self.quote, "paragraph": self.paragraph,
                "sentence": self.sentence}

    def where(self) -> str:
        return f"paragraph {self.paragraph}, sentence {self.sentence}"


class DraftStage(NamedTuple):
    """A drafted stage: its DSL line (``kind name: head { block }``) as parts, and the sentences it came from."""

    name: str
    kind: str
    head: str
    block: tuple[tuple[str, str], ...]  # (attribute, value as DSL text)
    evidence: tuple[Evidence, ...]
    inferred: bool = False  # no sentence states it; it stands for what the stated stages need (an output)


class DraftEdge(NamedTuple):
    """A drafted data-flow edge: stated when one sentence names both ends, else inferred (order of mention, data
    types), with the sentence that made it likely."""

    source: str
    target: str
    inferred: bool
    evidence: tuple[Evidence, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"from": self.source, "to": self.target, "inferred": self.inferred,
                "evidence": [e.to_dict() for e in self.evidence]}


class Missing(NamedTuple):
    """A fact METRICS needs that the text does not state, and the verdict or item it leaves open."""

    fact: str
    affects: str

    def to_dict(self) -> dict[str, Any]:
        return {"fact": self.fact, "affects": self.affects}


class Note(NamedTuple):
    """Something the reader should look at: a word that looks like a method pipespec does not know, a negated
    method left out, the part of the document read."""

    message: str
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"message": self.message, "start": self.start, "end": self.end}


class Fact(NamedTuple):
    """A study fact (``cohort``, ``evaluation``, ``availability``) stated in the text."""

    block: str
    key: str
    value: str  # DSL text
    evidence: Evidence
