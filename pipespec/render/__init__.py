"""The output formats of a checked :class:`~pipespec.report.Report`: one registry, one signature, loaded lazily.

Every renderer module has ``render(report: Report, options: RenderOptions) -> str``.  ``RENDERER_BY_NAME`` maps a
format name to its module, which is imported only when that format is asked for: a ``check`` in text format never
imports the SARIF, JUnit or HTML code.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pipespec.render.graph import GraphView
    from pipespec.report import Report


class RenderOptions(NamedTuple):
    """How to render: ``colour`` forces colour on or off (``None``: only when ``to_terminal`` and NO_COLOR is
    unset); ``base`` is the directory paths are made relative to (default: the working directory); ``views`` are
    the drawn graphs of the files, in report order (the HTML report shows them)."""

    colour: bool | None = None
    to_terminal: bool = False
    base: str | None = None
    views: "tuple[GraphView | None, ...] | None" = None


Renderer = Callable[["Report", RenderOptions], str]

# format name -> module holding its ``render``
RENDERER_BY_NAME: dict[str, str] = {
    "text": "pipespec.render.text",
    "concise": "pipespec.render.concise",
    "json": "pipespec.render.json",
    "sarif": "pipespec.render.sarif",
    "junit": "pipespec.render.junit",
    "markdown": "pipespec.render.markdown",
    "github": "pipespec.render.github",
    "html": "pipespec.render.html",
    "metrics-csv": "pipespec.render.metrics_csv",
}

# the formats of ``pipespec check --format`` (HTML is the ``report`` command's)
CHECK_FORMATS: tuple[str, ...] = ("text", "concise", "json", "sarif", "junit", "markdown", "github", "metrics-csv")

# the formats that carry each problem's correction as edits (``autofix`` in JSON, ``fixes`` in SARIF): the command
# line sets them on the reports (pipespec.fixing.with_fixes) only for these
FIX_FORMATS: frozenset[str] = frozenset({"json", "sarif"})


def renderer(name: str) -> Renderer:
    """The ``render`` function of format ``name`` (its module is imported now)."""
    try:
        module = RENDERER_BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}") from None
    fn: Renderer = importlib.import_module(module).render
    return fn


def render(report: "Report", name: str, options: RenderOptions = RenderOptions()) -> str:
    """``report`` in format ``name``."""
    return renderer(name)(report, options)
