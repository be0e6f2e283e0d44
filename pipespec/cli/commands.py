"""The sub-commands of ``pipespec``: each ``cmd_NAME(args) -> exit status``. Imports are lazy so that a single-file
check starts fast."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from pipespec.cli.args import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, exit_code, jobs_of, limits_of, options_of
from pipespec.cli.output import OutputError, write_output
from pipespec.cli.terminal import is_terminal, use_colour
from pipespec.errors import display_path


def run_checks(paths: list[str], options: Any, jobs: int | None = None, progress: Any = None,
               skipped: list[Any] | None = None, finish: Any = None) -> list[Any]:
    """One report per file, in the order given (see pipespec.batch); parallel for large batches."""
    from pipespec.batch import check_paths

    return check_paths(paths, options, jobs, progress, skipped, finish)


def _checked(args: argparse.Namespace, finish: Any = None) -> tuple[Any, list[Any], Any]:
    """(options, file reports, the batch Report) for the paths of ``check`` and ``report``, with progress;
    ``finish`` is done to each report where it is checked (see pipespec.batch.check_paths)."""
    from pipespec import __version__
    from pipespec.analysis.rules import RULESET_VERSION
    from pipespec.cli.terminal import TerminalProgress
    from pipespec.report import Report

    options = options_of(args)
    progress = TerminalProgress(sys.stderr)
    skipped: list[Any] = []
    try:
        reports = run_checks(args.paths, options, jobs_of(args), progress, skipped, finish)
    finally:
        progress.clear()
    return options, reports, Report(reports, __version__, RULESET_VERSION, skipped)


def with_fixes_if_any(report: Any) -> Any:
    """pipespec.fixing.with_fixes for a report that has anything for it to do; the report as it is otherwise,
    without importing that module (a module-level function: it is sent to the workers)."""
    from pipespec.edits import offers_corrections

    if not offers_corrections(report):
        return report
    from pipespec.fixing import with_fixes

    return with_fixes(report)


def cmd_check(args: argparse.Namespace) -> int:
    if args.fix or args.diff:
        from pipespec.cli.fix import cmd_fix

        return cmd_fix(args, exit_code, _print_errors)
    if args.unsafe_fixes:
        sys.stderr.write("pipespec: error: --unsafe-fixes goes with --fix or --diff\n")
        return EXIT_INPUT
    from pipespec.render import FIX_FORMATS, RenderOptions, render

    finish: Any = None
    if args.format in FIX_FORMATS:  # each correction as edits, worked out beside each file's check (in parallel)
        finish = with_fixes_if_any
    _, reports, report = _checked(args, finish)

    to_terminal = not args.output and is_terminal(sys.stdout)  # colour only when the text really goes to one
    text = render(report, args.format, RenderOptions(colour=args.color, to_terminal=to_terminal))
    write_output(text, args.output, sys.stdout, [r.path for r in reports])
    return exit_code(reports, args.fail_on)


def cmd_test(args: argparse.Namespace) -> int:
    from pipespec.render.text import Style, diagnostic_lines

    st = Style(use_colour(sys.stdout, args.color))
    reports = run_checks(args.paths, options_of(args))
    passed = failed = 0
    errors = 0
    lines: list[str] = []
    untested: list[str] = []
    for r in reports:
        if r.errors:
            errors += 1
            for d in r.errors:
                lines += diagnostic_lines(d, r.source_text, st)
            continue
        if not r.expectations:
            untested.append(r.path)
            continue
        for e in r.expectations:
            ok = e.passed
            passed += ok
            failed += not ok
            word = st("PASS", "32") if ok else st("FAIL", "1;31")
            detail = f"condition{e.condition}: expected {e.expected}, got {e.actual}"
            lines.append(f"{word} {display_path(r.path)}:{e.line} {detail}")
            if not ok:
                v = r.conditions[e.condition]
                lines.append(f"     {v.rule}: {v.reason}")
    nothing = not passed and not failed
    summary = f"{passed} passed, {failed} failed" + (f", {errors} input errors" if errors else "")
    if untested and not nothing:
        summary += f"; {len(untested)} file(s) without expectations not tested"
    lines.append(summary)
    if nothing and not errors:
        lines.append("nothing was tested: no file has an `expect` statement (e.g. `expect condition5 = yes`)")
    sys.stdout.write("\n".join(lines) + "\n")
    if errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if failed or nothing else EXIT_OK


def _print_errors(diags: list[Any], source: str | None) -> None:
    """Input errors on stderr, with excerpts from ``source``, the text as it was read and decoded (never read again:
    the file may be a pipe, or in UTF-16)."""
    from pipespec.render.text import Style, diagnostic_lines

    st = Style(use_colour(sys.stderr))
    for d in diags:
        sys.stderr.write("\n".join(diagnostic_lines(d, source, st)) + "\n")


def cmd_convert(args: argparse.Namespace) -> int:
    """Convert between the DSL, YAML and JSON: names, values and numbers as written; comments kept (DSL and YAML
    have them; converting to JSON drops them, with a note on stderr)."""
    from pipespec.errors import InputError
    from pipespec.language import load_with_comments, read_source
    from pipespec.language.writer import write
    from pipespec.model import written

    to = args.to
    if to is None and args.output:
        to = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(
            os.path.splitext(args.output)[1].lower())
    source = None
    try:
        source = read_source(args.file, getattr(args, "from_format", None), limits_of(args))
        p, comments = load_with_comments(source, limits_of(args))
    except InputError as exc:
        _print_errors(exc.diagnostics, source.text if source else None)
        return EXIT_INPUT
    if to is None:
        sys.stderr.write("pipespec: error: say --to dsl|yaml|json (or an --output ending in .pipe/.yaml/.json)\n")
        return EXIT_INPUT
    write_output(write(p, to, comments), args.output, sys.stdout, inputs=[args.file])
    _note_expanded_aliases(source)
    if to == "json" and comments.count():
        n = comments.count()
        sys.stderr.write(f"pipespec: note: JSON has no comments: {n} comment{'s' if n != 1 else ''} dropped\n")
    if to == "dsl" and written(p.spelling, "$schema", None) is not None:
        sys.stderr.write("pipespec: note: the DSL has no $schema reference: it was dropped\n")
    return EXIT_OK


def _files(n: int) -> str:
    return f"{n} file{'s' if n != 1 else ''}"


def cmd_fmt(args: argparse.Namespace) -> int:
    """Canonical layout and order in each file's own format (DSL, YAML, JSON): attributes in a block, a stage's
    head words (``image2d CT`` -> ``CT image2d``), ``declare``/``expect`` lines after ``flow`` and YAML keys in
    canonical order, every name, value and number as written and every comment in its place; ``--write`` keeps the
    file's line endings (CRLF) and byte-order mark, and ``--check`` ignores them.

    ``--check`` and ``--write`` take directories as ``check`` does (the same files, the same skips) and end with a
    summary on stderr, as black and ruff do; without either, the formatted text goes to stdout, one file as it is,
    several each under a ``==> PATH <==`` header (as ``head`` does), and a directory is a usage error."""
    from pipespec.checker import walk
    from pipespec.errors import InputError
    from pipespec.language import load_with_comments, read_source
    from pipespec.language.writer import write

    limits = limits_of(args)
    printing = not args.check and not args.write
    if printing:
        folders = [p for p in args.files if p != "-" and os.path.isdir(p)]
        if folders:
            from pipespec.cli.args import usage_error

            usage_error("fmt", f"{folders[0]} is a directory: fmt prints one file's formatting; give --check or "
                               "--write to format the files in a directory")
        paths, problems = list(args.files), []
    else:
        found = walk(args.files, getattr(args, "follow_external_links", False))
        paths, problems = found.files, found.problems
    status = EXIT_OK
    changed = unchanged = failed = unwritten = 0
    for report in problems:  # a folder that could not be read, or holds no pipeline file
        _print_errors(report.errors, None)
        status, failed = EXIT_INPUT, failed + 1
    headers = printing and len(paths) > 1
    for k, path in enumerate(paths):
        source = None
        try:
            source = read_source(path, getattr(args, "from_format", None), limits)
            p, comments = load_with_comments(source, limits)
        except InputError as exc:
            _print_errors(exc.diagnostics, source.text if source else None)
            status, failed = EXIT_INPUT, failed + 1
            continue
        new = write(p, source.format, comments)
        _note_expanded_aliases(source)
        old = source.text.replace("\r\n", "\n")
        if printing:
            if headers:
                name = "standard input" if path == "-" else display_path(path)
                sys.stdout.write(("\n" if k else "") + f"==> {name} <==\n")
            sys.stdout.write(new)
            continue
        if args.write and path == "-":  # standard input has no file to write back to: print it instead
            sys.stdout.write(new)
        if old == new:
            unchanged += 1
            continue
        if args.check:
            sys.stderr.write(f"would reformat {display_path(path)}\n")
            changed += 1
            status = max(status, EXIT_FINDINGS)
        elif path == "-":
            changed += 1
        else:
            first = source.text.find("\n")
            crlf = first > 0 and source.text[first - 1] == "\r"  # the file's line endings, as its first line
            text = new.replace("\n", "\r\n") if crlf else new
            try:
                bom, codec = _encoding_of(path)  # the file keeps its encoding and byte-order mark
                write_output(bom + text.encode(codec, "backslashreplace"), path, sys.stdout)
            except OutputError as exc:  # the other files are still formatted
                sys.stderr.write(f"pipespec: error: {exc}\n")
                status, unwritten = EXIT_INPUT, unwritten + 1
                continue
            changed += 1
    if not printing:  # as black says it: the counts that are not zero (unchanged, when nothing else is said)
        would = " would be" if args.check else ""
        parts = [f"{_files(changed)}{would} reformatted"] if changed else []
        if unchanged or not (changed or failed or unwritten):
            parts.append(f"{_files(unchanged)}{would} left unchanged")
        if failed:
            parts.append(f"{_files(failed)} with input errors")
        if unwritten:
            parts.append(f"{_files(unwritten)} could not be written")
        sys.stderr.write(", ".join(parts) + "\n")
    return status


def _note_expanded_aliases(source: Any) -> None:
    """A note on stderr when a YAML text uses anchors and aliases: the writers expand them (the model has no
    sharing), so the written text repeats each aliased value."""
    if source.format != "yaml" or ("&" not in source.text and "*" not in source.text):
        return
    n = _aliases(source.text)
    if n:
        where = "standard input" if source.path == "-" else display_path(source.path)
        sys.stderr.write(f"pipespec: note: {where}: {n} YAML alias{'es' if n != 1 else ''} expanded: the written "
                         "text repeats the anchored values in place of each alias\n")


def _aliases(text: str) -> int:
    """How many aliases (``*name``) a YAML text uses (its tokens: a ``*`` in a comment or a string is none)."""
    import yaml

    try:
        return sum(1 for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                   if isinstance(token, yaml.AliasToken))
    except yaml.YAMLError:
        return 0


def _encoding_of(path: str) -> tuple[bytes, str]:
    from pipespec.language.source import encoding_of

    try:
        with open(path, "rb") as fh:
            return encoding_of(fh.read(4))
    except OSError:
        return b"", "utf-8"


def cmd_rules(args: argparse.Namespace) -> int:
    from pipespec.analysis.rules import RULES, RULESET_VERSION

    if args.format == "json":
        import json

        sys.stdout.write(json.dumps({"ruleset_version": RULESET_VERSION,
                                     "rules": [r._asdict() for r in RULES.values()]}, indent=2) + "\n")
        return EXIT_OK
    sys.stdout.write(f"pipespec rule set {RULESET_VERSION}\n")
    for r in RULES.values():
        cond = f"#{r.condition}" if r.condition else "  "
        sys.stdout.write(f"{r.code:<6} {cond:<3} {r.severity:<8} {r.title}\n")
    return EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    """The stage graph as Mermaid or DOT, the path that decided Condition #5 highlighted; several files give one
    titled diagram (Mermaid) or digraph (DOT) each."""
    from pipespec.checker import check_file
    from pipespec.render.graph import to_dot, to_mermaid

    several = len(args.files) > 1
    parts: list[str] = []
    failed = False
    options = options_of(args)
    for path in args.files:
        report = check_file(path, options)
        if report.errors:
            _print_errors(report.errors, report.source_text)
            failed = True
            continue
        view = report.drawing
        if view is None:  # pragma: no cover - the check was asked for the drawing
            sys.stderr.write(f"{display_path(path)}:1:1: PS199 internal error: the graph could not be drawn\n")
            failed = True
            continue
        if args.no_highlight:
            view.highlight.clear()
            view.on_path.clear()
        if several:
            view.title = f"{display_path(path)}: {view.title}"
        parts.append((to_dot if args.format == "dot" else to_mermaid)(view))
    if parts:
        write_output("\n".join(parts), args.output, sys.stdout, args.files)
    return EXIT_INPUT if failed else EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """The self-contained HTML review report of one or many pipelines."""
    from pipespec.render import RenderOptions, render
    from pipespec.render.graph import view_for

    options, reports, report = _checked(args)
    views = tuple(view_for(r, options.limits) for r in reports)
    write_output(render(report, "html", RenderOptions(views=views)), None if args.html == "-" else args.html, sys.stdout,
                 [r.path for r in reports])
    if args.html != "-":
        s = report.to_dict()["summary"]
        sys.stderr.write(f"pipespec: wrote {display_path(args.html)} ({s['files']} pipeline(s), {s['failed']} with errors, "
                         f"{s['input_errors']} with input errors)\n")
    return exit_code(reports, args.fail_on)


def cmd_init(args: argparse.Namespace) -> int:
    """Write a commented starter pipeline that passes ``pipespec check``, in the format the file's name says
    (.pipe, .yaml/.yml, .json); ``--to`` chooses explicitly and, against the name, wins with a note."""
    from pipespec.language import FORMAT_NAMES, SUFFIXES
    from pipespec.starter import starter

    suffix = os.path.splitext(args.file)[1].lower() if args.file != "-" else ""
    named = SUFFIXES.get(suffix)
    fmt = args.to or named or "dsl"
    if args.to and named and args.to != named:
        sys.stderr.write(f"pipespec: note: writing {FORMAT_NAMES[args.to]} into {display_path(args.file)} as --to "
                         f"says, although its name says {FORMAT_NAMES[named]}\n")
    if args.file == "-":
        sys.stdout.write(starter(args.kind, "pipeline" + {"dsl": ".pipe", "yaml": ".yaml", "json": ".json"}[fmt],
                                 fmt))
        return EXIT_OK
    if os.path.exists(args.file) and not args.force:
        sys.stderr.write(f"pipespec: error: {display_path(args.file)} already exists (use --force to overwrite)\n")
        return EXIT_INPUT
    parent = os.path.dirname(os.path.abspath(args.file))
    if not os.path.isdir(parent):
        sys.stderr.write(f"pipespec: error: {display_path(parent)} is not a directory\n")
        return EXIT_INPUT
    write_output(starter(args.kind, os.path.basename(args.file), fmt), args.file, sys.stdout)
    check = f"pipespec check {display_path(args.file)}"
    if named is None or named != fmt:  # the name does not say the format: check must be told
        check += f" --from {fmt}"
    sys.stderr.write(f"pipespec: wrote {display_path(args.file)} ({args.kind} starter, {FORMAT_NAMES[fmt]}); check it "
                     f"with `{check}`\n")
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from pipespec.analysis.rules import RULES, get
    from pipespec.vocab import did_you_mean

    r = get(args.code)
    if r is None:
        sys.stderr.write(f"pipespec: error: unknown rule code {args.code!r}{did_you_mean(args.code, list(RULES))}\n")
        return EXIT_INPUT
    sys.stdout.write(r.doc())
    return EXIT_OK


def _sheet_files(paths: list[str], skipped: list[Any]) -> tuple[list[str], list[Any]]:
    """The sheets under ``paths``: folders walked as ``check`` walks them (regular ``.csv`` files only: a FIFO
    would hang the run, a link to /dev/zero read 64 MiB), skips appended to ``skipped``; folders that cannot be
    read as M100 errors.  A folder without sheets stays as given (reading it is the located error)."""
    from pipespec.errors import Diagnostic

    files: list[str] = []
    errors: list[Any] = []
    for p in paths:
        if not os.path.isdir(p):
            files.append(p)
            continue
        from pipespec.checker import walk_folder

        found = walk_folder(p, suffixes=(".csv",))
        skipped.extend(found.skipped)
        errors += [Diagnostic("M100", d.message, d.span) for f in found.problems for d in f.errors]
        files += found.files or ([] if found.problems else [p])
    return files, errors


def cmd_score(args: argparse.Namespace) -> int:
    """``pipespec score``: score METRICS rater sheets (CSV) and measure agreement (see pipespec.scoring.sheets).  Exit 0
    clean, 1 when a row has an error finding, 2 on input errors (one line each on stderr)."""
    from pipespec import __version__
    from pipespec.errors import InputError
    from pipespec.render.sheets import CLI_NARROW, AnswerTooLarge
    from pipespec.render.sheets import render as render_score
    from pipespec.report import skipped_line
    from pipespec.scoring.sheets import MAX_ERRORS, score_readable_sheets

    if args.rater and not args.group_by:
        sys.stderr.write("pipespec: error: --rater names the raters of a paper: give --group-by COLUMN too\n")
        return EXIT_INPUT
    skipped: list[Any] = []
    try:
        files, walk_errors = _sheet_files(args.paths, skipped)
        result, problems = score_readable_sheets(files, args.group_by, args.rater, __version__,
                                                 ids=getattr(args, "ids", None),
                                                 pairwise=getattr(args, "pairwise", True), errors=walk_errors)
    except InputError as exc:
        result, problems = None, list(exc.diagnostics)
    # a sheet that cannot be read never stops the others: its errors on stderr, the others scored
    for d in problems[:MAX_ERRORS]:
        sys.stderr.write(d.one_line() + "\n")
    if len(problems) > MAX_ERRORS:
        sys.stderr.write(f"... and {len(problems) - MAX_ERRORS} more input errors\n")
    if result is None:
        return EXIT_INPUT
    line = skipped_line(skipped)
    if line:
        sys.stderr.write(f"pipespec: {line}\n")
    try:
        text = render_score(result, args.format)
    except AnswerTooLarge as exc:
        sys.stderr.write(f"pipespec: error: {exc.message(CLI_NARROW)}\n")
        return EXIT_INPUT
    write_output(text, args.output, sys.stdout)
    if problems:
        return EXIT_INPUT
    return EXIT_FINDINGS if result.has_errors() else EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """``pipespec serve``: the submission-desk web page and HTTP API (the ``serve`` extra)."""
    from pipespec.cli.serve import cmd_serve as serve

    return serve(args)


def cmd_lsp(args: argparse.Namespace) -> int:
    """``pipespec lsp``: the language server (pipespec.cli.lsp), with check's configuration and limits."""
    from pipespec.cli.lsp import main

    return main(options_of(args))


def cmd_draft(args: argparse.Namespace) -> int:
    """``pipespec draft``: a pipeline drafted from a manuscript's Methods (see pipespec.cli.draft)."""
    from pipespec.cli.draft import cmd_draft as draft

    return draft(args)
