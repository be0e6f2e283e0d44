"""What the drafting tests read of a draft: its stages' lines, its verdicts, its delineations and its quotes."""

from __future__ import annotations

import re

from pipespec.analysis.engine import analyse
from pipespec.draft import draft


def heads(text: str) -> dict[str, str]:
    """Each drafted stage's kind and head ("model ResNet-18"), by its name."""
    return {s.name: f"{s.kind} {s.head}" for s in draft(text).stages}


def verdicts(text: str) -> dict[int, str]:
    """The draft's verdict on each condition."""
    return {n: v.verdict for n, v in analyse(draft(text).pipeline).conditions.items()}


def delineations(text: str) -> list[str]:
    """The drafted stages that delineate: a segmentation, a bounding box or a crop to the region."""
    return [h for h in heads(text).values() if "segmentation" in h or "bounding_box" in h or "roi_crop" in h]


def shown(quoted: str) -> str:
    """A quote as evidence shows it: line breaks (and other control characters) as spaces."""
    return re.sub(r"[\x00-\x1f]", " ", quoted)
