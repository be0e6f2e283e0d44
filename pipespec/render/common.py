"""What several renderers share: short condition names, the METRICS item titles, paths as URIs, finding lists.

Only formatting helpers live here: nothing decides anything (the report carries every decision).
"""

from __future__ import annotations

import os

from pipespec.errors import Problem
from pipespec.metrics import CONDITIONS
from pipespec.report import FileReport

CONDITION_NAMES = {c.number: c.name for c in CONDITIONS}


def ranges(nums: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``1-3, 5``."""
    if not nums:
        return "none"
    parts: list[str] = []
    start = prev = nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def all_problems(r: FileReport) -> list[Problem]:
    """Input errors (as findings) followed by the findings of a file."""
    return [*r.errors, *r.findings]


def relative_path(path: str, base: str | None = None) -> str:
    """``path`` relative to ``base`` (default: the working directory) when it lies inside it, with ``/``."""
    base = os.path.abspath(base or os.getcwd())
    full = os.path.abspath(path)
    try:
        inside = os.path.commonpath([base, full]) == base
    except ValueError:  # different drives
        inside = False
    rel = os.path.relpath(full, base) if inside else full
    return rel.replace(os.sep, "/")


def path_uri(path: str, base: str | None = None) -> tuple[str, bool]:
    """A URI reference for ``path``: (relative reference, True) inside ``base``, else (file:// URI, False)."""
    from urllib.parse import quote  # only the SARIF/GitHub renderers need it; keep it off the text path

    rel = relative_path(path, base)
    if os.path.isabs(rel) or rel.startswith("/"):
        return "file://" + quote(rel if rel.startswith("/") else "/" + rel, safe="/:"), False
    return quote(rel, safe="/"), True


def declared_agreement(declared: str | None, verdict: str) -> str:
    """``agrees`` / ``disagrees`` / ``review`` / ``not declared`` (a label for a declared answer)."""
    if declared is None:
        return "not declared"
    if verdict == "review":
        return "review"
    return "agrees" if declared == verdict else "disagrees"
