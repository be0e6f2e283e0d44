"""pipespec: declare a medical-imaging AI pipeline and decide its METRICS conditions.

The Python API (imports are lazy, so ``import pipespec`` is cheap)::

    import pipespec
    pipeline = pipespec.load("examples/metrics-e3/example-2.pipe")   # a path or the text itself
    report = pipespec.check(pipeline)                                 # or pipespec.check("file.pipe")
    report.conditions[5].verdict                                      # 'yes'

Errors are :class:`pipespec.errors.PipespecError`; input problems are :class:`~pipespec.errors.InputError`
subclasses carrying located :class:`~pipespec.errors.Diagnostic` objects.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Union

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pipespec.draft import draft as draft  # the function's signature; at run time the callable package
    from pipespec.model import Pipeline
    from pipespec.report import FileReport

__all__ = ["__version__", "load", "check", "draft"]

PathOrText = Union[str, "os.PathLike[str]"]
FORMATS = ("dsl", "yaml", "json")


def _load(path_or_text: PathOrText, format: str | None) -> tuple[Pipeline, str]:
    from pipespec.language import load_source, read_source, source_from_text

    if format is not None and format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)} or None, not {format!r}")
    if isinstance(path_or_text, os.PathLike) or (isinstance(path_or_text, str) and _looks_like_path(path_or_text)):
        source = read_source(os.fspath(path_or_text), format)
        return load_source(source), source.format
    if not isinstance(path_or_text, str):
        raise TypeError(f"load() takes a path or the pipeline text, not {type(path_or_text).__name__}")
    source = source_from_text(path_or_text, "<string>", format)
    return load_source(source), source.format


def _looks_like_path(text: str) -> bool:
    """One line naming an existing file, or one that can only be a path: a pipeline suffix, or a slash and no
    spaces or braces (pipeline text always has a newline, a space or a brace). No path holds a NUL."""
    if "\n" in text or "\x00" in text or not text.strip():
        return False
    if os.path.exists(text):
        return True
    from pipespec.language import SUFFIXES

    name = text.strip()
    if os.path.splitext(name)[1].lower() in SUFFIXES:
        return True
    return ("/" in name or os.sep in name) and not any(c in name for c in " \t{}:")


def load(path_or_text: PathOrText, format: str | None = None) -> Pipeline:
    """Load a pipeline from a path (``str`` or ``os.PathLike``), or from DSL/YAML/JSON text.

    ``format`` is ``"dsl"``, ``"yaml"``, ``"json"`` or ``None`` (from the file suffix, else from the text).
    Bad input raises :class:`~pipespec.errors.InputError` (a :class:`~pipespec.errors.PipespecError`) whose
    ``diagnostics`` say where and why; a wrong argument raises ``TypeError`` / ``ValueError``.
    """
    return _load(path_or_text, format)[0]


def check(model_or_path: Pipeline | PathOrText) -> FileReport:
    """The report for a pipeline object, a path or text: ``report.conditions[n].verdict``, ``findings``, and
    ``report.to_dict()``, the same data as one file of ``pipespec check --format json --no-config`` but for the
    corrections: each finding's ``autofix`` is the rule's own, where the command also offers those it derives from
    the text and verifies (set ``report.source_text`` and call :func:`pipespec.fixing.with_fixes` for those).
    Input errors raise :class:`~pipespec.errors.InputError`; so does an invalid graph (a cycle, a type error)."""
    from pipespec.analysis.engine import analyse
    from pipespec.model import Pipeline as _Pipeline
    from pipespec.report import FileReport

    if isinstance(model_or_path, _Pipeline):
        from pipespec.language import validate_model

        validate_model(model_or_path)  # a hand-built model meets the checks a file meets
        p, fmt = model_or_path, None
    else:
        p, fmt = _load(model_or_path, None)
    return FileReport.of(analyse(p), p.source, fmt, p.title, len(p.stages))


def __getattr__(name: str) -> object:
    """``pipespec.draft``: drafting is imported on first use (``import pipespec`` stays cheap). The package is
    callable: ``pipespec.draft(source) -> Draft`` (see :func:`pipespec.draft.draft`)."""
    if name == "draft":
        import importlib

        return importlib.import_module("pipespec.draft")
    raise AttributeError(f"module 'pipespec' has no attribute {name!r}")
