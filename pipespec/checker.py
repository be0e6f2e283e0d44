"""Checking files: load -> graph -> rules, one :class:`FileReport` per file, input errors captured.

This is the unit of work of a batch: it never raises for a bad input (the report carries the diagnostics)
and it is a plain function of (path, options), so batches can run it in worker processes.
"""

from __future__ import annotations

import gc
import os

from pipespec.analysis.engine import analyse
from pipespec.analysis.results import Config
from pipespec.errors import ConfigError, Diagnostic, InputError, Span
from pipespec.language import SUFFIXES, Source, detect_format, load_source, read_source, source_from_text
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.records import record
from pipespec.report import FileReport


@record
class Options:
    limits: Limits = DEFAULT_LIMITS
    config: Config | None = None  # None: discover per file
    use_config: bool = True
    drawing: bool = False  # compute each file's drawing data (the HTML report and `pipespec graph` lay it out)


def check_text(text: str, path: str = "<string>", fmt: str | None = None, options: Options = Options(),
               config: Config | None = None) -> FileReport:
    """Check text already in memory (``fmt`` None: detected from the path's suffix, else from the text)."""
    try:
        source = source_from_text(text, path, fmt, options.limits)
    except InputError as exc:
        return FileReport(path, fmt or detect_format(path, text), errors=exc.diagnostics, source_text=text)
    return check_source(source, options, config)


def check_source(source: Source, options: Options = Options(), config: Config | None = None) -> FileReport:
    """Check one :class:`~pipespec.language.Source`; input errors are the report's, never raised."""
    # The cyclic garbage collector pauses while one text is checked: its parse tree, document and model hold no
    # reference cycles, and the collector's repeated scans of them made large pipelines super-linear (GC was 60%
    # of the time at 40,000 stages). Any cycle made meanwhile is collected once it runs again.
    if not gc.isenabled():
        return _check_source(source, options, config)
    gc.disable()
    try:
        return _check_source(source, options, config)
    finally:
        gc.enable()


def _check_source(source: Source, options: Options, config: Config | None) -> FileReport:
    report = FileReport(source.path, source.format, source_text=source.text)
    try:
        pipeline = load_source(source, options.limits)
        result = analyse(pipeline, config or options.config, options.drawing)
    except InputError as exc:
        report.errors = exc.diagnostics
        return report
    except RecursionError:
        report.errors = [Diagnostic("PS112", "input nested too deeply to analyse", Span(source.path, 1, 1))]
        return report
    report = FileReport.of(result, pipeline.source, source.format, pipeline.title, len(pipeline.stages))
    report.source_text = source.text
    return report


def check_file(path: str, options: Options = Options()) -> FileReport:
    try:
        source = read_source(path, None, options.limits)
    except InputError as exc:
        return FileReport(path, SUFFIXES.get(os.path.splitext(path)[1].lower()), errors=exc.diagnostics)
    config = options.config
    if config is None and options.use_config:
        from pipespec.config import config_for_dir

        try:
            config = config_for_dir(os.path.dirname(os.path.abspath(path)))
        except ConfigError as exc:
            return FileReport(path, errors=[Diagnostic("PS113", str(exc), Span(path, 1, 1))])
    return check_source(source, options, config)


def collect(paths: list[str]) -> tuple[list[str], list[FileReport]]:
    """Expand directories (recursively, sorted) into pipeline files; problems become error reports."""
    files: list[str] = []
    problems: list[FileReport] = []
    for p in paths:
        if os.path.isdir(p):
            found = []
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    if os.path.splitext(n)[1].lower() in SUFFIXES:
                        found.append(os.path.join(root, n))
            if not found:
                problems.append(FileReport(p, errors=[Diagnostic(
                    "PS100", "directory holds no pipeline files (.pipe, .yaml, .yml, .json)", Span(p, 1, 1))]))
            files.extend(found)
        else:
            files.append(p)
    return files, problems
