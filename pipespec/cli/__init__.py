"""The ``pipespec`` command. Imports are lazy so that a single-file check starts fast."""

from __future__ import annotations

import argparse
import os
import sys
from typing import IO, Any

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> Any:  # usage errors: one line, exit 2, no traceback
        self.print_usage(sys.stderr)
        sys.stderr.write(f"pipespec: error: {message}\n")
        raise SystemExit(EXIT_INPUT)


def _limits(args: argparse.Namespace) -> Any:
    from pipespec.limits import DEFAULT_LIMITS, Limits

    return Limits(
        max_bytes=args.max_bytes or DEFAULT_LIMITS.max_bytes,
        max_depth=args.max_depth or DEFAULT_LIMITS.max_depth,
        max_nodes=args.max_nodes or DEFAULT_LIMITS.max_nodes,
        max_stages=args.max_stages or DEFAULT_LIMITS.max_stages,
        max_identifier=args.max_identifier or DEFAULT_LIMITS.max_identifier,
    )


def _add_limits(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input limits (untrusted files)")
    g.add_argument("--max-bytes", type=int, metavar="N", help="file size limit (default 1048576)")
    g.add_argument("--max-depth", type=int, metavar="N", help="YAML/JSON nesting limit (default 64)")
    g.add_argument("--max-nodes", type=int, metavar="N", help="YAML nodes after alias expansion (default 200000)")
    g.add_argument("--max-stages", type=int, metavar="N", help="stages per pipeline (default 5000)")
    g.add_argument("--max-identifier", type=int, metavar="N", help="identifier length (default 128)")


def _options(args: argparse.Namespace) -> Any:
    from pipespec.checker import Options

    config = None
    if getattr(args, "config", None):
        from pipespec.config import load_config_file

        config = load_config_file(args.config)
    return Options(_limits(args), config, not getattr(args, "no_config", False), getattr(args, "drawing", False))


def _write(text: str, output: str | None, stream: IO[str]) -> None:
    """Write to the output path atomically (temp file + rename), or to the stream."""
    if not output:
        stream.write(text)
        return
    import tempfile

    directory = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(prefix=".pipespec-", dir=directory)
    try:
        try:  # keep the mode of the file replaced, or give a new one the usual mode (mkstemp makes it 0600)
            mode = os.stat(output).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def run_checks(paths: list[str], options: Any, jobs: int | None = None, progress: Any = None) -> list[Any]:
    """One report per file, in the order given (see pipespec.batch); parallel for large batches."""
    from pipespec.batch import check_paths

    return check_paths(paths, options, jobs, progress)


FORMATS = ("text", "json", "sarif", "junit", "markdown", "github", "metrics-csv")


def render_report(report: Any, fmt: str, colour: bool | None = None, to_terminal: bool = False) -> str:
    """The report in one of FORMATS (each format has its own renderer module)."""
    if fmt == "json":
        import json

        return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "text":
        from pipespec.render.text import render

        class _Stream:  # colour only when the text really goes to a terminal
            def isatty(self) -> bool:
                return to_terminal

        return render(report, _Stream(), colour)  # type: ignore[arg-type]
    if fmt == "sarif":
        from pipespec.render.sarif import render as sarif

        return sarif(report)
    if fmt == "junit":
        from pipespec.render.junit import render as junit

        return junit(report)
    if fmt == "markdown":
        from pipespec.render.markdown import render as markdown

        return markdown(report)
    if fmt == "github":
        from pipespec.render.github import render as github

        return github(report)
    if fmt == "metrics-csv":
        from pipespec.render.metrics_csv import render as metrics_csv

        return metrics_csv(report)
    raise ValueError(f"unknown format {fmt!r}")


def _checked(args: argparse.Namespace) -> tuple[Any, list[Any], Any]:
    """(options, file reports, the batch Report) for the paths of ``check`` and ``report``, with progress."""
    from pipespec import __version__
    from pipespec.analysis.rules import RULESET_VERSION
    from pipespec.batch import TerminalProgress
    from pipespec.report import Report

    options = _options(args)
    progress = TerminalProgress(sys.stderr)
    try:
        reports = run_checks(args.paths, options, args.jobs, progress)
    finally:
        progress.clear()
    return options, reports, Report(reports, __version__, RULESET_VERSION)


def cmd_check(args: argparse.Namespace) -> int:
    _, reports, report = _checked(args)
    to_terminal = not args.output and bool(getattr(sys.stdout, "isatty", lambda: False)())
    text = render_report(report, args.format, args.color, to_terminal)
    _write(text, args.output, sys.stdout)
    return exit_code(reports, args.fail_on)


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid job count {text!r}: give a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("the job count must be 1 or more (0: all cores)")
    return n


def exit_code(reports: list[Any], fail_on: str = "error") -> int:
    if any(r.errors for r in reports):
        return EXIT_INPUT
    if fail_on == "never":
        return EXIT_OK
    levels = ("error",) if fail_on == "error" else ("error", "warning")
    if any(f.severity in levels for r in reports for f in r.active()):
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from pipespec.render.text import Style, diagnostic_lines, use_colour

    st = Style(use_colour(sys.stdout, args.color))
    reports = run_checks(args.paths, _options(args))
    passed = failed = 0
    errors = 0
    lines: list[str] = []
    for r in reports:
        if r.errors:
            errors += 1
            for d in r.errors:
                lines += diagnostic_lines(d, r.source_text, st)
            continue
        if not r.expectations:
            continue
        for e in r.expectations:
            ok = e.passed
            passed += ok
            failed += not ok
            word = st("PASS", "32") if ok else st("FAIL", "1;31")
            detail = f"condition{e.condition}: expected {e.expected}, got {e.actual}"
            lines.append(f"{word} {r.path}:{e.line} {detail}")
            if not ok:
                v = r.conditions[e.condition]
                lines.append(f"     {v.rule}: {v.reason}")
    lines.append(f"{passed} passed, {failed} failed" + (f", {errors} input errors" if errors else ""))
    sys.stdout.write("\n".join(lines) + "\n")
    if errors:
        return EXIT_INPUT
    return EXIT_FINDINGS if failed else EXIT_OK


def _load_one(path: str, args: argparse.Namespace) -> Any:
    from pipespec.errors import InputError
    from pipespec.language import load_path

    try:
        return load_path(path, getattr(args, "from_format", None), _limits(args))
    except InputError as exc:
        _print_errors(exc.diagnostics, path)
        return None


def _print_errors(diags: list[Any], path: str) -> None:
    from pipespec.render.text import Style, diagnostic_lines, use_colour

    st = Style(use_colour(sys.stderr))
    source = None
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            source = fh.read(1 << 20)
    except OSError:
        pass
    for d in diags:
        sys.stderr.write("\n".join(diagnostic_lines(d, source, st)) + "\n")


def cmd_convert(args: argparse.Namespace) -> int:
    from pipespec.language import writer

    p = _load_one(args.file, args)
    if p is None:
        return EXIT_INPUT
    to = args.to
    if to is None and args.output:
        to = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(
            os.path.splitext(args.output)[1].lower())
    if to is None:
        sys.stderr.write("pipespec: error: say --to dsl|yaml|json (or an --output ending in .pipe/.yaml/.json)\n")
        return EXIT_INPUT
    text = {"dsl": writer.format_dsl, "yaml": writer.to_yaml, "json": writer.to_json}[to](p)
    _write(text, args.output, sys.stdout)
    return EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from pipespec.errors import InputError
    from pipespec.language import detect_format, load_text, read_text
    from pipespec.language.comments import collect
    from pipespec.language.writer import format_dsl

    status = EXIT_OK
    limits = _limits(args)
    for path in args.files:
        try:
            text = read_text(path, limits)
            fmt = detect_format(path, text)
            p = load_text(text, path, fmt, limits)
        except InputError as exc:
            _print_errors(exc.diagnostics, path)
            status = EXIT_INPUT
            continue
        new = format_dsl(p, collect(text, p) if fmt == "dsl" else None)  # comments are kept
        if args.check:
            if fmt != "dsl" or text != new:
                sys.stdout.write(f"{path}: would reformat\n")
                status = max(status, EXIT_FINDINGS)
        elif args.write:
            if fmt != "dsl":
                sys.stderr.write(f"{path}: --write rewrites .pipe files only; use convert\n")
                status = EXIT_INPUT
                continue
            if text != new:
                _write(new, path, sys.stdout)
        else:
            sys.stdout.write(new)
    return status


def cmd_rules(args: argparse.Namespace) -> int:
    from pipespec.analysis.rules import RULES, RULESET_VERSION

    if args.format == "json":
        import json
        from dataclasses import asdict

        sys.stdout.write(json.dumps({"ruleset_version": RULESET_VERSION,
                                     "rules": [asdict(r) for r in RULES.values()]}, indent=2) + "\n")
        return EXIT_OK
    sys.stdout.write(f"pipespec rule set {RULESET_VERSION}\n")
    for r in RULES.values():
        cond = f"#{r.condition}" if r.condition else "  "
        sys.stdout.write(f"{r.code:<6} {cond:<3} {r.severity:<8} {r.title}\n")
    return EXIT_OK


def cmd_graph(args: argparse.Namespace) -> int:
    """The stage graph as Mermaid or DOT, the path that decided Condition #5 highlighted."""
    from pipespec.checker import check_file
    from pipespec.render.graph import to_dot, to_mermaid, view_for

    report = check_file(args.file, _options(args))
    if report.errors:
        _print_errors(report.errors, args.file)
        return EXIT_INPUT
    view = view_for(report, _limits(args))
    if view is None:  # pragma: no cover - the file was just analysed
        sys.stderr.write(f"{args.file}:1:1: PS199 internal error: the graph could not be drawn\n")
        return EXIT_INPUT
    if args.no_highlight:
        view.highlight.clear()
        view.on_path.clear()
    _write((to_dot if args.format == "dot" else to_mermaid)(view), args.output, sys.stdout)
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    """The self-contained HTML review report of one or many pipelines."""
    from pipespec.render.graph import view_for
    from pipespec.render.html import render

    options, reports, report = _checked(args)
    views = [view_for(r, options.limits) for r in reports]
    _write(render(report, views), None if args.html == "-" else args.html, sys.stdout)
    if args.html != "-":
        s = report.to_dict()["summary"]
        sys.stderr.write(f"pipespec: wrote {args.html} ({s['files']} pipeline(s), {s['failed']} with errors, "
                         f"{s['input_errors']} with input errors)\n")
    return exit_code(reports, args.fail_on)


def cmd_init(args: argparse.Namespace) -> int:
    """Write a commented starter pipeline that passes ``pipespec check``."""
    from pipespec.starter import starter

    if args.file == "-":
        sys.stdout.write(starter(args.kind))
        return EXIT_OK
    if os.path.exists(args.file) and not args.force:
        sys.stderr.write(f"pipespec: error: {args.file} already exists (use --force to overwrite)\n")
        return EXIT_INPUT
    parent = os.path.dirname(os.path.abspath(args.file))
    if not os.path.isdir(parent):
        sys.stderr.write(f"pipespec: error: {parent} is not a directory\n")
        return EXIT_INPUT
    try:
        _write(starter(args.kind, os.path.basename(args.file)), args.file, sys.stdout)
    except OSError as exc:
        sys.stderr.write(f"pipespec: error: cannot write {args.file}: {exc.strerror or exc}\n")
        return EXIT_INPUT
    sys.stderr.write(f"pipespec: wrote {args.file} ({args.kind} starter); check it with "
                     f"`pipespec check {args.file}`\n")
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


def cmd_score(args: argparse.Namespace) -> int:
    """Score METRICS rater sheets (CSV) and measure agreement (see pipespec.sheets)."""
    from pipespec.sheets import main as score_main

    return score_main(args, lambda text: _write(text, args.output, sys.stdout), sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    from pipespec import __version__

    p = _Parser(prog="pipespec", description="Declare a medical-imaging AI pipeline and decide its METRICS "
                                             "conditions (end-to-end deep learning first), with explained verdicts.")
    p.add_argument("--version", action="version", version=f"pipespec {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    c = sub.add_parser("check", help="decide the five conditions and report findings")
    c.add_argument("paths", nargs="+", metavar="PATH", help="pipeline files or directories")
    c.add_argument("--format", "-f", default="text", choices=list(FORMATS),
                   help="text (default), json, sarif (GitHub code scanning), junit (CI dashboards), "
                        "markdown (decision letters), github (workflow annotations), metrics-csv (one METRICS answer "
                        "sheet row per file, as `pipespec score` reads it)")
    c.add_argument("--output", "-o", metavar="FILE", help="write the report here (atomically)")
    c.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                   help="worker processes for large batches (default, or 0: all cores)")
    c.add_argument("--fail-on", choices=["error", "warning", "never"], default="error")
    c.add_argument("--config", metavar="FILE", help="configuration file (default: discovered per file)")
    c.add_argument("--no-config", action="store_true", help="ignore configuration files")
    c.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    _add_limits(c)
    c.set_defaults(func=cmd_check)

    t = sub.add_parser("test", help="check every `expect` against the verdicts")
    t.add_argument("paths", nargs="+", metavar="PATH")
    t.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    t.add_argument("--no-config", action="store_true")
    _add_limits(t)
    t.set_defaults(func=cmd_test, config=None)

    v = sub.add_parser("convert", help="convert between DSL, YAML and JSON")
    v.add_argument("file")
    v.add_argument("--to", choices=["dsl", "yaml", "json"])
    v.add_argument("--from", dest="from_format", choices=["dsl", "yaml", "json"])
    v.add_argument("--output", "-o", metavar="FILE")
    _add_limits(v)
    v.set_defaults(func=cmd_convert)

    f = sub.add_parser("fmt", help="print the canonical DSL (or --check / --write)")
    f.add_argument("files", nargs="+", metavar="FILE")
    g = f.add_mutually_exclusive_group()
    g.add_argument("--check", action="store_true", help="exit 1 if a .pipe file is not canonical")
    g.add_argument("--write", action="store_true", help="rewrite .pipe files in place")
    _add_limits(f)
    f.set_defaults(func=cmd_fmt)

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=["text", "json"], default="text")
    r.set_defaults(func=cmd_rules)

    e = sub.add_parser("explain", help="print one rule's documentation")
    e.add_argument("code")
    e.set_defaults(func=cmd_explain)

    it = sub.add_parser("init", help="write a commented starter pipeline")
    it.add_argument("file", nargs="?", default="pipeline.pipe", metavar="FILE",
                    help="where to write it (default pipeline.pipe; '-': stdout)")
    it.add_argument("--kind", choices=["e2e", "radiomics", "hybrid"], default="e2e",
                    help="end-to-end deep learning (default), hand-crafted radiomics, or both side by side")
    it.add_argument("--force", action="store_true", help="overwrite an existing file")
    it.set_defaults(func=cmd_init)

    gr = sub.add_parser("graph", help="draw the stage graph (Mermaid or Graphviz DOT)")
    gr.add_argument("file", metavar="FILE")
    gr.add_argument("--format", "-f", choices=["mermaid", "dot"], default="mermaid")
    gr.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    gr.add_argument("--no-highlight", action="store_true", help="do not highlight the Condition #5 path")
    gr.add_argument("--config", metavar="FILE")
    gr.add_argument("--no-config", action="store_true")
    _add_limits(gr)
    gr.set_defaults(func=cmd_graph, drawing=True)

    rp = sub.add_parser("report", help="write a self-contained HTML review report")
    rp.add_argument("paths", nargs="+", metavar="PATH", help="pipeline files or directories")
    rp.add_argument("--html", required=True, metavar="OUT", help="the HTML file to write ('-': stdout)")
    rp.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="worker processes (default: all cores)")
    rp.add_argument("--fail-on", choices=["error", "warning", "never"], default="never",
                    help="exit 1 on findings of this severity (default never; input errors always exit 2)")
    rp.add_argument("--config", metavar="FILE")
    rp.add_argument("--no-config", action="store_true")
    _add_limits(rp)
    rp.set_defaults(func=cmd_report, drawing=True)

    sc = sub.add_parser("score", help="score METRICS rater sheets (CSV) and measure agreement between raters")
    sc.add_argument("paths", nargs="+", metavar="PATH", help="CSV sheets or directories of them")
    sc.add_argument("--group-by", metavar="COL", help="rows with the same value are raters of one paper")
    sc.add_argument("--rater", metavar="COL", help="the rater's name (default: the row's order in its paper)")
    sc.add_argument("--format", "-f", default="text", choices=["text", "json", "markdown", "csv", "html"])
    sc.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
    sc.set_defaults(func=cmd_score)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("pipespec: interrupted\n")
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback
        from pipespec.errors import ConfigError

        if isinstance(exc, ConfigError):
            sys.stderr.write(f"pipespec: error: {exc}\n")
            return EXIT_INPUT
        sys.stderr.write(f"pipespec: internal error: {type(exc).__name__}: {exc}\n"
                         "  this is a bug; please report it with the input file\n")
        return EXIT_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
