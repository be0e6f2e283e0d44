"""``pipespec check --fix`` / ``--diff``: apply (or show) the corrections the findings spell out (pipespec.fixing).

Files and folders are taken as ``check`` takes them; a fixed file keeps its encoding, byte-order mark, line endings
and every character no fix replaces. ``-`` fixes standard input to standard output.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from collections.abc import Callable
from typing import Any

from pipespec.cli.args import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, options_of
from pipespec.cli.output import OutputError, write_output
from pipespec.errors import InputError, display_path


def attach_fixes(reports: list[Any]) -> None:
    """Each problem's correction, as ``--fix`` and the editor offer it, set on the reports (see
    pipespec.fixing.with_fixes): only for the formats that carry it."""
    from pipespec.fixing import with_fixes

    for r in reports:
        with_fixes(r)


def cmd_fix(args: argparse.Namespace, exit_code: Callable[[list[Any], str], int],
            print_errors: Callable[[list[Any], str | None], None]) -> int:
    """``check --fix`` / ``--diff``; ``exit_code`` and ``print_errors`` are the check command's."""
    from pipespec.batch import expand
    from pipespec.checker import check_text
    from pipespec.fixing import FixResult, fix_text, fixes_for, summary
    from pipespec.report import FileReport

    options = options_of(args)
    if "-" in args.paths:
        if len(args.paths) > 1:
            sys.stderr.write("pipespec: error: '-' (standard input) is fixed alone, not with other paths\n")
            return EXIT_INPUT
        return _fix_stdin(args, options, exit_code, print_errors)
    results: list[FixResult] = []
    reports: list[FileReport] = []
    diffs: list[str] = []
    changed = 0
    status_override = EXIT_OK
    named = frozenset(args.paths)
    for item in expand(args.paths, options.follow_external_links):
        if isinstance(item, FileReport):  # a path that could not be walked
            reports.append(item)
            continue
        source, bom, codec = _read(item, options, item not in named)
        if isinstance(source, FileReport):
            reports.append(source)
            continue
        fmt = getattr(args, "from_format", None) or source.format
        result = fix_text(source.text, item, fmt, options, args.unsafe_fixes)
        results.append(result)
        reports.append(result.report)
        if result.text == source.text:
            continue
        changed += 1
        if args.diff:
            diffs.append(_diff(source.text, result.text, item))
            continue
        try:
            write_output(bom + result.text.encode(codec, "backslashreplace"), item, sys.stdout)
        except OutputError as exc:  # the other files are still fixed
            sys.stderr.write(f"pipespec: error: {exc}\n")
            status_override = EXIT_INPUT
            # not written: the file is reported, and counted, as it still is
            changed -= 1
            kept = check_text(source.text, item, fmt, options)
            results[-1] = FixResult(source.text, (), kept, sum(1 for _, f in fixes_for(kept) if not f.safe))
            reports[-1] = kept
    if args.diff:
        sys.stdout.write("".join(diffs))
        unjudged = [r for r in reports if r.errors]  # unreadable, or input errors no fix removes: as check says
        for r in unjudged:
            print_errors(r.errors, r.source_text)
        n = sum(len(r.applied) for r in results)
        sys.stderr.write(f"{n} fix{'es' if n != 1 else ''} would be applied in {changed} "
                         f"file{'s' if changed != 1 else ''}\n")
        return EXIT_INPUT if status_override or unjudged else (EXIT_FINDINGS if changed else EXIT_OK)
    _render(args, reports)
    sys.stderr.write(summary(results, changed, args.unsafe_fixes) + "\n")
    return max(status_override, exit_code(reports, args.fail_on))


def _read(path: str, options: Any, walked: bool) -> tuple[Any, bytes, str]:
    """The file's Source (or a report of why it cannot be read), its byte-order mark and codec."""
    from pipespec.language.source import encoding_of, read_source
    from pipespec.report import FileReport

    try:
        source = read_source(path, None, options.limits, regular_only=walked)
    except InputError as exc:
        return FileReport(path, None, errors=exc.diagnostics), b"", "utf-8"
    try:
        with open(path, "rb") as fh:
            bom, codec = encoding_of(fh.read(4))
    except OSError:
        bom, codec = b"", "utf-8"
    return source, bom, codec


def _fix_stdin(args: argparse.Namespace, options: Any, exit_code: Callable[[list[Any], str], int],
               print_errors: Callable[[list[Any], str | None], None]) -> int:
    from pipespec.fixing import fix_text, summary
    from pipespec.language.source import encoding_of, source_from_bytes

    data = sys.stdin.buffer.read(options.limits.max_bytes + 1)  # one more byte than allowed: refused as too large
    try:
        source = source_from_bytes(data, "-", getattr(args, "from_format", None), options.limits)
    except InputError as exc:
        print_errors(exc.diagnostics, None)
        return EXIT_INPUT
    result = fix_text(source.text, "-", source.format, options, args.unsafe_fixes)
    if args.diff:
        sys.stdout.write(_diff(source.text, result.text, "-"))
        if result.report.errors:
            print_errors(result.report.errors, result.text)
            return EXIT_INPUT
        return EXIT_FINDINGS if result.text != source.text else EXIT_OK
    bom, codec = encoding_of(data[:4])  # the fixed text goes out in the encoding it came in
    sys.stdout.flush()
    try:
        out = sys.stdout.buffer
        out.write(bom + result.text.encode(codec, "backslashreplace"))
        out.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as exc:  # as the command line's standard output reports a failed write
        raise OutputError(f"cannot write standard output: {getattr(exc, 'strerror', None) or exc}") from None
    if result.report.errors:
        print_errors(result.report.errors, result.text)
    sys.stderr.write(summary([result], int(result.text != source.text), args.unsafe_fixes) + "\n")
    return exit_code([result.report], args.fail_on)


def _diff(old: str, new: str, path: str) -> str:
    name = display_path(path)
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                 name, name)
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _render(args: argparse.Namespace, reports: list[Any]) -> None:
    """The check's report of the fixed files, in the check's format (what remains to fix by hand)."""
    from pipespec import __version__
    from pipespec.analysis.rules import RULESET_VERSION
    from pipespec.cli.terminal import is_terminal
    from pipespec.render import FIX_FORMATS, RenderOptions, render
    from pipespec.report import Report

    if args.format in FIX_FORMATS:  # what is left to fix, positioned in the text as written back
        attach_fixes(reports)
    report = Report(reports, __version__, RULESET_VERSION, [])
    to_terminal = not args.output and is_terminal(sys.stdout)
    text = render(report, args.format, RenderOptions(colour=args.color, to_terminal=to_terminal))
    write_output(text, args.output, sys.stdout, [r.path for r in reports])
