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

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .model import Pipeline
    from .report import FileReport

__all__ = ["__version__", "load", "check"]


def load(path_or_text: str | Any, format: str | None = None) -> Pipeline:
    """Load a pipeline from a path, or from DSL/YAML/JSON text; raises InputError with diagnostics."""
    import os

    from .loaders import load_path, load_text

    if isinstance(path_or_text, os.PathLike) or (
            isinstance(path_or_text, str) and "\n" not in path_or_text and os.path.exists(path_or_text)):
        return load_path(os.fspath(path_or_text), format)
    if not isinstance(path_or_text, str):
        raise TypeError("load() takes a path or the pipeline text")
    return load_text(path_or_text, "<string>", format)


def check(model_or_path: Pipeline | str | Any) -> FileReport:
    """Verdicts and findings for a pipeline object, a path or text (input errors raise InputError)."""
    from .engine import analyse
    from .model import Pipeline as _Pipeline

    p = model_or_path if isinstance(model_or_path, _Pipeline) else load(model_or_path)
    return analyse(p)
