"""The drafting corpus: Methods texts with the pipeline a careful author would declare from each.

Layout: ``tests/draft/corpus/{dev,dev2,...,dev5,holdout}/NNN-slug.md`` (the text) beside ``NNN-slug.pipe`` (the
expected pipeline, with ``expect conditionN = yes|no|review`` for all five conditions). Comment lines in the
``.pipe`` carry what the evaluation needs beyond the pipeline itself:

- ``# contested: condition4, condition5``: raters could honestly answer these conditions either way; a
  ``review`` answer counts as agreeing on them.
- ``# evidence: <a short phrase from the text>`` above a stage line: the sentence that states the stage; a
  drafted stage of the same kind whose evidence overlaps that phrase is evidence in the right sentence. Several
  such lines above one stage are alternatives (a stage stated in a sentence and again in a table or caption).
- ``# no pipeline: ...``: the text describes no image-analysis pipeline; declining to draft is the right answer.

Shared by ``benchmarks/draft_eval.py``, ``benchmarks/draft_baseline.py`` and ``tests/draft/test_corpus.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "draft" / "corpus"
SPLITS = ("dev", "holdout")  # the corpus proper: what a plain run of the evaluation reports
# further development splits, written later in other styles (each scored on its own when asked for by name)
MORE_DEV = ("dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "dev15", "dev16", "dev17", "dev18")
DEVELOPMENT = ("dev", *MORE_DEV)  # splits whose cases may be listed one by one; never the held-out split
CONDITIONS = (1, 2, 3, 4, 5)

_EXPECT = re.compile(r"^\s*expect\s+condition([1-5])\s*=\s*(yes|no|review)\s*$", re.M)
_CONTESTED = re.compile(r"^\s*#\s*contested:\s*(.+)$", re.M)
_EVIDENCE = re.compile(r"^\s*#\s*evidence:\s*(.+?)\s*$")
_STAGE = re.compile(r"^\s*(input|preprocessing|feature_extraction|model|output)\s+([A-Za-z_]\w*)")


@dataclass(frozen=True)
class ExpectedStage:
    kind: str
    name: str
    phrases: tuple[str, ...]  # the evidence phrases, as written in the .pipe comments: any one of them is right


@dataclass
class Case:
    split: str
    name: str  # NNN-slug
    text_path: Path
    pipe_path: Path
    expected: dict[int, str] = field(default_factory=dict)
    contested: frozenset[int] = frozenset()
    evidence: list[ExpectedStage] = field(default_factory=list)
    no_pipeline: bool = False

    @property
    def text(self) -> str:
        return self.text_path.read_text(encoding="utf-8")


def normalise(text: str) -> str:
    """Lower case, one space for any run of white space: how evidence phrases and quotes are compared."""
    return " ".join(text.lower().split())


def parse_pipe(text: str) -> tuple[dict[int, str], frozenset[int], list[ExpectedStage], bool]:
    expected = {int(n): v for n, v in _EXPECT.findall(text)}
    contested: set[int] = set()
    for m in _CONTESTED.finditer(text):
        for part in m.group(1).split(","):
            number = re.fullmatch(r"\s*condition\s*([1-5])\s*", part)
            if number is None:
                raise ValueError(f"contested: expected condition1..condition5, got {part.strip()!r}")
            contested.add(int(number.group(1)))
    evidence: list[ExpectedStage] = []
    pending: list[str] = []
    for line in text.splitlines():
        ev = _EVIDENCE.match(line)
        if ev:
            pending.append(ev.group(1))
            continue
        stage = _STAGE.match(line)
        if stage:
            if pending:
                evidence.append(ExpectedStage(stage.group(1), stage.group(2), tuple(pending)))
        if line.strip():
            pending = []
    no_pipeline = re.search(r"^\s*#\s*no pipeline:", text, re.M) is not None
    return expected, frozenset(contested), evidence, no_pipeline


def cases(split: str | None = None, corpus: Path = CORPUS) -> list[Case]:
    """The cases of one split (or both), in file-name order. A text without its .pipe (or the reverse) is still
    listed, with the missing path: the corpus test reports it."""
    out: list[Case] = []
    for sp in SPLITS if split is None else (split,):
        folder = corpus / sp
        names = sorted({p.stem for p in folder.glob("*.md")} | {p.stem for p in folder.glob("*.pipe")})
        for name in names:
            case = Case(sp, name, folder / f"{name}.md", folder / f"{name}.pipe")
            if case.pipe_path.exists():
                case.expected, case.contested, case.evidence, case.no_pipeline = parse_pipe(
                    case.pipe_path.read_text(encoding="utf-8"))
            out.append(case)
    return out


def shingles(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i:i + n]) for i in range(max(len(words) - n + 1, 0))}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' word 5-grams (1.0 for identical texts)."""
    sa, sb = shingles(a), shingles(b)
    if not sa and not sb:
        return 1.0
    return len(sa & sb) / len(sa | sb)
