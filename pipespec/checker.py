"""Checking files: load -> graph -> rules, one :class:`FileReport` per file, input errors captured.

This is the unit of work of a batch: it never raises for a bad input (the report carries the diagnostics)
and it is a plain function of (path, options), so batches can run it in worker processes.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import gc
import os
import re
from collections.abc import Iterable
from typing import NamedTuple

from pipespec.analysis.engine import analyse
from pipespec.analysis.results import Config
from pipespec.errors import ConfigError, Diagnostic, InputError, Problem, Span
from pipespec.language import SUFFIXES, Source, detect_format, load_source, read_source, source_from_text
from pipespec.lazyre import LazyPattern
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.report import ConfigRef, FileReport, Skipped


class Options(NamedTuple):
    limits: Limits = DEFAULT_LIMITS
    config: Config | None = None  # None: discover per file
    use_config: bool = True
    drawing: bool = False  # compute each file's drawing data (the HTML report and `pipespec graph` lay it out)
    follow_external_links: bool = False  # a folder walk follows links whose target leaves the tree
    from_format: str | None = None  # read every file in this format (None: from its suffix, else its first line)
    keep_model: bool = False  # the report keeps the pipeline it judged (``report.pipeline``: an editor's hovers)


def check_text(text: str, path: str = "<string>", fmt: str | None = None, options: Options = Options(),
               config: Config | None = None) -> FileReport:
    """Check text already in memory (``fmt`` None: detected from the path's suffix, else from the text)."""
    try:
        source = source_from_text(text, path, fmt, options.limits)
    except InputError as exc:
        return FileReport(path, fmt or detect_format(path, text), errors=exc.diagnostics, source_text=text)
    return check_source(source, options, config)


def config_ref(config: Config | None) -> ConfigRef | None:
    """What a report says about the configuration that judged it (``None``: none did)."""
    if config is None or config.source is None or config.sha256 is None:
        return None
    return ConfigRef(config.source, config.sha256)


def check_source(source: Source, options: Options = Options(), config: Config | None = None) -> FileReport:
    """Check one :class:`~pipespec.language.Source`; input errors are the report's, never raised."""
    report = _check_source_gc(source, options, config)
    report.config = config_ref(config or options.config)
    return report


def _check_source_gc(source: Source, options: Options, config: Config | None) -> FileReport:
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
    try:
        pipeline = load_source(source, options.limits)
        result = analyse(pipeline, config or options.config, options.drawing)
    except InputError as exc:
        return FileReport(source.path, source.format, errors=exc.diagnostics, source_text=source.text)
    except RecursionError:
        return FileReport(source.path, source.format, source_text=source.text,
                          errors=[Diagnostic("PS112", "input nested too deeply to analyse", Span(source.path, 1, 1))])
    report = FileReport.of(result, pipeline.source, source.format, pipeline.title, len(pipeline.stages))
    report.source_text = source.text
    if source.format == "dsl" and any(f.code in _REDRAWN and f.autofix is not None for f in report.findings):
        report.findings = _keep_trailing_comments(report.findings, source.text)
    if source.format != "dsl" and report.findings:  # the rules write their fixes in the DSL
        report.findings = [f if f.fix is None or (fixed := fix_in_syntax(f.fix, source.format)) == f.fix
                           else f._replace(fix=fixed) for f in report.findings]
    if options.keep_model:
        report.pipeline = pipeline
    return report


# findings whose edit redraws whole stage lines (the other honest reading): the edit is made from the pipeline, which
# keeps no comments, so the comment at the end of a line it rewrites is carried over here, where the text is known
_REDRAWN = frozenset({"R501", "R502", "R503", "C509", "C409"})


def _keep_trailing_comments(findings: list[Problem], text: str) -> list[Problem]:
    from pipespec.language.comments import split_comment

    lines = text.split("\n")
    out = []
    for f in findings:
        if f.code not in _REDRAWN or f.autofix is None:
            out.append(f)
            continue
        edits = []
        for e in f.autofix.edits:
            whole = e.end_line == e.line + 1 and e.end_column == 1 and e.new_text and 1 <= e.line <= len(lines)
            comment = split_comment(lines[e.line - 1])[1] if whole else None
            if comment:
                first, newline, rest = e.new_text.partition("\n")
                e = e._replace(new_text=f"{first}  {comment}{newline}{rest}")
            edits.append(e)
        out.append(f._replace(autofix=f.autofix._replace(edits=tuple(edits))))
    return out


# a declared answer as the rules' fixes write it, in the DSL: `declare condition5 = no`, `condition4 = yes`
_DECLARE = LazyPattern(r"\bdeclare (?=condition\d = )")
_ANSWER = LazyPattern(r"\bcondition(\d) = (yes\|no|yes|no)\b")


def fix_in_syntax(fix: str, fmt: str) -> str:
    """A rule's fix (written in the DSL) in the syntax of the front end the file is in: ``declare condition5 = no``
    is ``under declare: condition5: "no"`` for YAML and ``in "declare": "condition5": "no"`` for JSON."""
    if fmt == "dsl" or "condition" not in fix:
        return fix
    if fmt == "json":
        fix = _DECLARE.sub('in "declare": ', fix)
        return _ANSWER.sub(lambda m: f'"condition{m[1]}": "{m[2]}"', fix)
    fix = _DECLARE.sub("under declare: ", fix)
    return _ANSWER.sub(lambda m: f"condition{m[1]}: " + (m[2] if "|" in m[2] else f'"{m[2]}"'), fix)


def check_file(path: str, options: Options = Options(), regular_only: bool = False) -> FileReport:
    """Check one file (``regular_only``: a file found by walking a folder, see ``read_source``)."""
    try:
        source = read_source(path, options.from_format, options.limits, regular_only)
    except InputError as exc:
        return FileReport(path, SUFFIXES.get(os.path.splitext(path)[1].lower()), errors=exc.diagnostics)
    config = options.config
    if config is None and options.use_config:
        from pipespec.config import config_for_dir

        try:
            config = config_for_dir(os.path.dirname(os.path.abspath(path)))
        except ConfigError as exc:
            # located in the configuration file, as `--config FILE` errors are (the pipeline was not judged)
            where = Span(exc.path or path, exc.line or 1, exc.column or 1)
            return FileReport(path, errors=[Diagnostic("PS113", exc.reason, where)])
    return check_source(source, options, config)


# the head of a report pipespec wrote itself (``check --format json`` or ``sarif``): recognised by content, so that
# a report saved in a checked folder is not read back as a pipeline on the next run
_OWN_REPORT_HEAD = 4096


def is_own_report(path: str) -> bool:
    """Whether the file at ``path`` is a JSON or SARIF report written by pipespec (read: its first 4 KiB)."""

    try:
        with open(path, "rb") as fh:
            head = fh.read(_OWN_REPORT_HEAD)
    except OSError:
        return False
    if re.match(rb'\s*\{\s*"pipespec_version"\s*:', head):
        return True
    return (re.match(rb'\s*\{\s*"\$schema"\s*:\s*"[^"]*sarif', head) is not None
            and re.search(rb'"driver"\s*:\s*\{\s*"name"\s*:\s*"pipespec"', head) is not None)


# the reasons of a skip (their wording is part of the JSON report)
HIDDEN = "hidden folder"
NOT_REGULAR = "not a regular file"
EXTERNAL_LINK = "link out of the checked tree"
BROKEN_LINK = "broken link"
LINK_LOOP = "link to a folder already walked"
WALKED = "folder already walked through a link"
OWN_REPORT = "a pipespec report"


class Walk(NamedTuple):
    """What walking the given paths found: the files to check (in order), ready-made error reports (folders that
    could not be read, folders without pipeline files) and the deliberate skips."""

    files: list[str]
    problems: list[FileReport]
    skipped: list[Skipped]


def _kind(mode: int) -> str:
    import stat

    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file or folder"


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([root, path]) == root
    except ValueError:  # different drives
        return False


def walk_folder(top: str, follow_external_links: bool = False, suffixes: Iterable[str] | None = None) -> Walk:
    """The pipeline files under folder ``top``, sorted, opening regular files only (a FIFO would block the batch).

    Hidden folders (``.git``), non-regular files (FIFOs, sockets, devices), broken links, links whose target leaves
    the tree (unless ``follow_external_links``), links to a folder already walked (a loop) and pipespec's own JSON
    and SARIF reports are skipped and listed.  A folder that cannot be read is a PS100 error report.  ``suffixes``:
    the file name endings taken (default: the pipeline files'; ``score`` walks for ``.csv``).
    """
    import stat

    wanted = SUFFIXES if suffixes is None else frozenset(suffixes)

    out = Walk([], [], [])
    root = os.path.realpath(top)
    seen: set[tuple[int, int]] = set()
    try:
        st = os.stat(top)
        seen.add((st.st_dev, st.st_ino))
    except OSError:
        pass
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            out.problems.append(FileReport(folder, errors=[Diagnostic(
                "PS100", f"cannot read folder: {exc.strerror or exc}", Span(folder, 1, 1))]))
            continue
        subfolders: list[str] = []
        # a sibling folder reached by a link is walked once, under its real name: real folders are claimed first
        real_dirs: set[str] = set()
        for e in entries:
            try:
                if not e.is_symlink() and e.is_dir(follow_symlinks=False) and not e.name.startswith("."):
                    st = e.stat(follow_symlinks=False)
                    if (st.st_dev, st.st_ino) not in seen:
                        seen.add((st.st_dev, st.st_ino))
                        real_dirs.add(e.name)
            except OSError:
                continue
        for e in entries:
            path = e.path
            try:
                link = e.is_symlink()
                if link:
                    target = os.path.realpath(path)
                    if not os.path.exists(target):
                        out.skipped.append(Skipped(path, BROKEN_LINK))
                        continue
                    if not follow_external_links and not _inside(target, root):
                        out.skipped.append(Skipped(path, EXTERNAL_LINK))
                        continue
                st = os.stat(path)
            except OSError as exc:
                out.problems.append(FileReport(path, errors=[Diagnostic(
                    "PS100", f"cannot read: {exc.strerror or exc}", Span(path, 1, 1))]))
                continue
            if stat.S_ISDIR(st.st_mode):
                if e.name.startswith("."):
                    out.skipped.append(Skipped(path, HIDDEN))
                elif e.name in real_dirs:
                    subfolders.append(path)
                elif (st.st_dev, st.st_ino) in seen:
                    out.skipped.append(Skipped(path, LINK_LOOP if link else WALKED))
                else:
                    seen.add((st.st_dev, st.st_ino))
                    subfolders.append(path)
            elif not stat.S_ISREG(st.st_mode):
                out.skipped.append(Skipped(path, f"{NOT_REGULAR} ({_kind(st.st_mode)})"))
            elif os.path.splitext(e.name)[1].lower() in wanted:
                if os.path.splitext(e.name)[1].lower() == ".json" and is_own_report(path):
                    out.skipped.append(Skipped(path, OWN_REPORT))
                else:
                    out.files.append(path)
        # depth first, in name order: a folder's files, then each subfolder's (as os.walk gave them)
        stack.extend(reversed(subfolders))
    return out


def walk(paths: list[str], follow_external_links: bool = False) -> Walk:
    """Expand folders into pipeline files (see :func:`walk_folder`); a path given that is not a folder is kept as
    given (``/dev/stdin`` and a shell's ``<(...)`` are read as files)."""
    out = Walk([], [], [])
    for p in paths:
        if os.path.isdir(p):
            found = walk_folder(p, follow_external_links)
            out.files.extend(found.files)
            out.problems.extend(found.problems)
            out.skipped.extend(found.skipped)
            if not found.files and not found.problems:
                out.problems.append(FileReport(p, errors=[Diagnostic(
                    "PS100", "directory holds no pipeline files (.pipe, .yaml, .yml, .json)", Span(p, 1, 1))]))
        else:
            out.files.append(p)
    return out


def collect(paths: list[str]) -> tuple[list[str], list[FileReport]]:
    """Expand directories (recursively, sorted) into pipeline files; problems become error reports."""
    found = walk(paths)
    return found.files, found.problems
