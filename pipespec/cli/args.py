"""Argument parsing of the ``pipespec`` command (the sub-commands, their options and the input limits)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipespec.render import CHECK_FORMATS  # the registry only: no renderer is imported

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT = 0, 1, 2


def _columns() -> int:
    """The terminal's width as ``shutil.get_terminal_size`` gives it (COLUMNS, then the terminal, then 80), without
    importing shutil (and its compression modules) into every run: argparse asks for it at every argument."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns if columns > 0 else 80


class _Formatter(argparse.HelpFormatter):
    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: int | None = None):
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def short_usage(self) -> str:
        """One usage line: the command, ``[options]`` and the positional arguments, and where the rest is."""
        formatter = self._get_formatter()
        words = [self.prog]
        if any(a.option_strings for a in self._actions):
            words.append("[options]")
        for action in self._get_positional_actions():
            words.append(formatter._format_args(action, action.dest.upper()))  # the metavar, with nargs
        return f"usage: {' '.join(w for w in words if w)}  (`{self.prog} --help` for more)\n"

    def error(self, message: str) -> Any:  # usage errors: one usage line and the error, exit 2, no traceback
        sys.stderr.write(self.short_usage())
        from pipespec.errors import safe_text

        sys.stderr.write(f"pipespec: error: {safe_text(message)}\n")
        raise SystemExit(EXIT_INPUT)


def usage_error(command: str, message: str) -> Any:
    """A usage error found after parsing (by the command itself): ``command``'s one usage line and the message,
    exit 2, as argparse's own errors are."""
    parser = build_parser(command)
    for action in parser._subparsers._group_actions if parser._subparsers else ():
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and command in choices:
            return choices[command].error(message)
    return parser.error(message)


def limits_of(args: argparse.Namespace) -> Any:
    from pipespec.limits import DEFAULT_LIMITS, Limits

    return Limits(
        max_bytes=args.max_bytes or DEFAULT_LIMITS.max_bytes,
        max_depth=args.max_depth or DEFAULT_LIMITS.max_depth,
        max_nodes=args.max_nodes or DEFAULT_LIMITS.max_nodes,
        max_expanded_bytes=getattr(args, "max_expanded_bytes", None) or DEFAULT_LIMITS.max_expanded_bytes,
        max_stages=args.max_stages or DEFAULT_LIMITS.max_stages,
        max_edges=args.max_edges or DEFAULT_LIMITS.max_edges,
        max_identifier=args.max_identifier or DEFAULT_LIMITS.max_identifier,
    )


FAIL_ON = ["error", "review", "warning", "never"]
FAIL_ON_HELP = ("exit 1 on: error (error findings), review (errors, and any verdict left to review), warning "
                "(errors, reviews and warnings), never; input errors always exit 2")


def exit_code(reports: list[Any], fail_on: str = "error") -> int:
    """The exit status of checked files: 2 on input errors, 1 on what ``fail_on`` fails on, else 0."""
    if any(r.errors for r in reports):
        return EXIT_INPUT
    if fail_on == "never":
        return EXIT_OK
    # error < review < warning: each level fails on everything before it too
    levels = ("error",) if fail_on in ("error", "review") else ("error", "warning")
    if fail_on in ("review", "warning") and any(v.verdict == "review" for r in reports
                                                 for v in (r.conditions or {}).values()):
        return EXIT_FINDINGS
    if any(f.severity in levels for r in reports for f in r.active()):
        return EXIT_FINDINGS
    return EXIT_OK


def options_of(args: argparse.Namespace) -> Any:
    from pipespec.checker import Options

    config = None
    isolated = getattr(args, "isolated", False)
    if getattr(args, "config", None):
        from pipespec.config import load_config_file

        config = load_config_file(args.config)
    use_config = not getattr(args, "no_config", False) and not isolated
    return Options(limits_of(args), config, use_config, getattr(args, "drawing", False),
                   getattr(args, "follow_external_links", False), getattr(args, "from_format", None))


def jobs_of(args: argparse.Namespace) -> int | None:
    """``--jobs``, at most four times the cores (more workers only slow a batch down; a note says so)."""
    jobs: int | None = getattr(args, "jobs", None)
    if not jobs:
        return jobs
    from pipespec.batch import clamp_jobs

    jobs, note = clamp_jobs(jobs, "--jobs")
    if note:
        sys.stderr.write(f"pipespec: note: {note}\n")
    return jobs


def _limit(text: str) -> int:
    """A ``--max-*`` value: a whole number, 1 or more."""
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid limit {text!r}: give a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"a limit must be 1 or more, not {n}")
    if n > sys.maxsize:
        raise argparse.ArgumentTypeError(f"a limit must be at most {sys.maxsize}")
    return n


def _add_config(p: argparse.ArgumentParser, config_file: bool = True) -> None:
    """``--config FILE`` (when the command has it), ``--no-config`` and ``--isolated``."""
    g = p.add_mutually_exclusive_group()
    if config_file:
        g.add_argument("--config", metavar="FILE", help="configuration file (default: discovered per file)")
    g.add_argument("--no-config", action="store_true", help="ignore configuration files found beside the files")
    g.add_argument("--isolated", action="store_true",
                   help="ignore every configuration file: the rules run as shipped (for untrusted submissions)")


def _add_limits(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("input limits (untrusted files)")
    g.add_argument("--max-bytes", type=_limit, metavar="N", help="file size limit (default 1048576)")
    g.add_argument("--max-depth", type=_limit, metavar="N", help="YAML/JSON nesting limit (default 64)")
    g.add_argument("--max-nodes", type=_limit, metavar="N", help="YAML nodes after alias expansion (default 200000)")
    g.add_argument("--max-expanded-bytes", type=_limit, metavar="N",
                   help="bytes of YAML text after alias expansion (default 8388608)")
    g.add_argument("--max-stages", type=_limit, metavar="N", help="stages per pipeline (default 5000)")
    g.add_argument("--max-edges", type=_limit, metavar="N",
                   help="data-flow edges per pipeline, 'from' and 'flow' (default 100000)")
    g.add_argument("--max-identifier", type=_limit, metavar="N", help="identifier length (default 128)")


FORMATS = ("dsl", "yaml", "json")


def _format(text: str) -> str:
    """A front end's name: dsl, yaml (or yml) or json."""
    name = text.strip().lower()
    name = "yaml" if name == "yml" else name
    if name not in FORMATS:
        raise argparse.ArgumentTypeError(f"invalid format {text!r}: give dsl, yaml (or yml) or json")
    return name


def _add_from(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="from_format", type=_format, metavar="dsl|yaml|json",
                   help="read every file in this format, whatever its name ends with (default: from the suffix: "
                        ".pipe, .yaml/.yml, .json)")


def _add_color(p: argparse.ArgumentParser) -> None:
    p.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                   help="colour the text output (default: only on a terminal, and not when NO_COLOR is set)")


def _jobs(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid job count {text!r}: give a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError("the job count must be 1 or more (0: all cores)")
    return n


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command's parser. Every sub-command is listed; with ``command`` given, only that one's options are
    added (a run parses one sub-command, and adding the others' options is most of the time argparse takes)."""
    from pipespec import __version__

    def wanted(name: str) -> bool:
        return command is None or command == name

    p = _Parser(prog="pipespec", description="Declare a medical-imaging AI pipeline and decide its METRICS "
                                             "conditions (end-to-end deep learning first), with explained verdicts.")
    p.add_argument("--version", action="version", version=f"pipespec {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    c = sub.add_parser("check", help="decide the five conditions and report findings")
    if wanted("check"):
        c.add_argument("paths", nargs="+", metavar="PATH", help="pipeline files or directories")
        c.add_argument("--format", "-f", default="text", choices=list(CHECK_FORMATS),
                       help="text (default), concise (one line per finding: path:line:col: CODE message [severity]), "
                            "json, sarif (GitHub code scanning), junit (CI dashboards), "
                            "markdown (decision letters), github (workflow annotations), metrics-csv (one METRICS answer "
                            "sheet row per file, as `pipespec score` reads it)")
        c.add_argument("--output", "-o", metavar="FILE", help="write the report here (atomically)")
        c.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                       help="worker processes for large batches (default, or 0: all cores)")
        c.add_argument("--fail-on", choices=FAIL_ON, default="error", help=FAIL_ON_HELP + " (default error)")
        _add_config(c)
        c.add_argument("--follow-external-links", action="store_true",
                       help="in folders, follow links whose target leaves the checked tree (skipped by default)")
        _add_from(c)
        _add_color(c)
        fx = c.add_argument_group("fixes")
        fx.add_argument("--fix", action="store_true",
                        help="apply the safe fixes (they cannot change a verdict) in place, then report what remains")
        fx.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix or --diff, also the fixes that may change what the pipeline says "
                             "(a corrected vocabulary name or stage name)")
        fx.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and write nothing (exit 1 when there is one)")
        _add_limits(c)

    t = sub.add_parser("test", help="check every `expect` against the verdicts")
    if wanted("test"):
        t.add_argument("paths", nargs="+", metavar="PATH",
                       help="pipeline files or directories whose `expect` statements are checked")
        _add_from(t)
        _add_color(t)
        _add_config(t, config_file=False)
        _add_limits(t)
        t.set_defaults(config=None)

    v = sub.add_parser("convert", help="convert between DSL, YAML and JSON")
    if wanted("convert"):
        v.add_argument("file", metavar="FILE", help="the pipeline file to convert ('-': standard input)")
        v.add_argument("--to", type=_format, metavar="dsl|yaml|json",
                       help="the format to write (default: from the --output file's suffix)")
        v.add_argument("--from", dest="from_format", type=_format, metavar="dsl|yaml|json",
                       help="the format FILE is in (default: from its suffix, else from its first line)")
        v.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
        _add_limits(v)

    f = sub.add_parser("fmt", help="print each file in canonical layout and order, in its own format (or --check / --write)")
    if wanted("fmt"):
        f.add_argument("files", nargs="+", metavar="PATH",
                       help="pipeline files ('-': standard input); with --check or --write, also directories")
        g = f.add_mutually_exclusive_group()
        g.add_argument("--check", action="store_true",
                       help="write nothing; say `would reformat PATH` for each file not in canonical layout and order "
                            "(exit 1), then a summary")
        g.add_argument("--write", action="store_true",
                       help="rewrite files in place (line endings and BOM kept), then a summary")
        _add_from(f)
        _add_limits(f)

    r = sub.add_parser("rules", help="list the rules")
    if wanted("rules"):
        r.add_argument("--format", "-f", choices=["text", "json"], default="text",
                       help="text: one rule a line (default); json: every rule's full record")

    e = sub.add_parser("explain", help="print one rule's documentation")
    if wanted("explain"):
        e.add_argument("code", metavar="CODE", help="a rule code, as `pipespec rules` lists them (e.g. D501)")

    it = sub.add_parser("init", help="write a commented starter pipeline")
    if wanted("init"):
        it.add_argument("file", nargs="?", default="pipeline.pipe", metavar="FILE",
                        help="where to write it (default pipeline.pipe; '-': stdout), in the format its name says")
        it.add_argument("--kind", choices=["e2e", "radiomics", "hybrid"], default="e2e",
                        help="end-to-end deep learning (default), hand-crafted radiomics, or both side by side")
        it.add_argument("--force", action="store_true", help="overwrite an existing file")
        it.add_argument("--to", type=_format, metavar="dsl|yaml|json",
                        help="the format to write (default: the one FILE's name says, .pipe, .yaml/.yml or .json; "
                             "else the DSL)")

    gr = sub.add_parser("graph", help="draw the stage graph (Mermaid or Graphviz DOT)")
    if wanted("graph"):
        gr.set_defaults(drawing=True)
        gr.add_argument("files", nargs="+", metavar="FILE",
                        help="pipeline files; several give one diagram (Mermaid) or digraph (DOT) each, titled")
        gr.add_argument("--format", "-f", choices=["mermaid", "dot"], default="mermaid",
                        help="mermaid (default; Markdown on GitHub draws it) or dot (Graphviz)")
        gr.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")
        gr.add_argument("--no-highlight", action="store_true", help="do not highlight the Condition #5 path")
        _add_from(gr)
        _add_config(gr)
        _add_limits(gr)

    rp = sub.add_parser("report", help="write a self-contained HTML review report")
    if wanted("report"):
        rp.set_defaults(drawing=True)
        rp.add_argument("paths", nargs="+", metavar="PATH", help="pipeline files or directories")
        rp.add_argument("--html", required=True, metavar="OUT", help="the HTML file to write ('-': stdout)")
        rp.add_argument("--jobs", "-j", type=_jobs, metavar="N", help="worker processes (default: all cores)")
        rp.add_argument("--fail-on", choices=FAIL_ON, default="never", help=FAIL_ON_HELP + " (default never)")
        _add_config(rp)
        rp.add_argument("--follow-external-links", action="store_true",
                        help="in folders, follow links whose target leaves the checked tree (skipped by default)")
        _add_from(rp)
        _add_limits(rp)

    sc = sub.add_parser("score", help="score METRICS rater sheets (CSV) and measure agreement between raters")
    if wanted("score"):
        sc.add_argument("paths", nargs="+", metavar="PATH", help="CSV sheets or directories of them")
        sc.add_argument("--group-by", metavar="COL", help="rows with the same value are raters of one paper")
        sc.add_argument("--rater", metavar="COL", help="the rater's name (default: the row's order in its paper)")
        sc.add_argument("--id", action="append", metavar="COL", dest="ids",
                        help="an identifier column to keep in the answer (repeatable; default: all of them)")
        sc.add_argument("--no-pairwise", action="store_false", dest="pairwise",
                        help="leave out Cohen's kappa per rater pair (Fleiss' kappa and percent agreement only)")
        sc.add_argument("--format", "-f", default="text", choices=["text", "json", "markdown", "csv", "html"],
                        help="text (default), json, markdown, csv (for a spreadsheet) or html")
        sc.add_argument("--output", "-o", metavar="FILE", help="write here (atomically) instead of stdout")

    ls = sub.add_parser("lsp", help="the language server for editors, over standard input and output "
                                    "(needs pipespec[lsp])")
    if wanted("lsp"):
        ls.add_argument("--stdio", action="store_true", help="speak over standard input and output (the default)")
        _add_config(ls)
        _add_limits(ls)

    if wanted("serve"):
        from pipespec.cli.serve import add_parser as add_serve

        add_serve(sub)
    else:  # listed by its help alone: another command's run need not import the server's module
        from pipespec.resources import SERVE_HELP

        sub.add_parser("serve", help=SERVE_HELP)
    _add_draft(sub, wanted("draft"))
    return p


DRAFT_INPUT_FORMATS = ("txt", "md", "docx", "jats", "pdf")
DRAFT_DESCRIPTION = ("Draft a pipeline from a manuscript's Methods section: every stage and flow line cites the "
                     "sentence it came from, an edge no sentence states says 'inferred', and a fact the text does not "
                     "state is left out (its verdict is then review). A draft for you to correct, not a verdict on "
                     "the paper. Everything after --check is the check's options.")


def _add_draft(sub: Any, with_options: bool = True) -> None:
    """``pipespec draft`` (run by pipespec.cli.draft)."""
    d = sub.add_parser("draft", help="draft a pipeline from a manuscript's Methods (text, Markdown; DOCX, JATS, "
                                     "PDF with the documents extra)", description=DRAFT_DESCRIPTION)
    if not with_options:
        return
    d.add_argument("document", metavar="DOCUMENT", help="the manuscript ('-': standard input)")
    d.add_argument("--output", "-o", metavar="OUT", help="write the drafted spec here (atomically)")
    d.add_argument("--to", choices=["dsl", "yaml", "json"], default=None,
                   help="the spec's format (default: from OUT's suffix, else dsl)")
    d.add_argument("--section", choices=["auto", "all"], default="auto",
                   help="auto (default): the Methods section, or the whole text when there is no Methods heading; "
                        "all: the whole text")
    d.add_argument("--input-format", choices=list(DRAFT_INPUT_FORMATS),
                   help="the document's format (default: from the suffix, else from the first bytes)")
    d.add_argument("--format", "-f", choices=["text", "json"], default="text",
                   help="text (default): the spec, a summary on stderr; json: one object with the spec, its "
                        "evidence, the missing facts and notes")
    d.add_argument("--check", nargs=argparse.REMAINDER, metavar="CHECK-OPTION", default=None,
                   help="check the draft; every option after it is the check's (--fail-on, --config, "
                        "--no-config, --isolated, --format)")


def draft_check_parser() -> argparse.ArgumentParser:
    c = _Parser(prog="pipespec draft ... --check", add_help=False)
    c.add_argument("--fail-on", choices=FAIL_ON, default="error", help=FAIL_ON_HELP)
    g = c.add_mutually_exclusive_group()
    g.add_argument("--config", metavar="FILE")
    g.add_argument("--no-config", action="store_true")
    g.add_argument("--isolated", action="store_true")
    c.add_argument("--format", "-f", default="text", choices=list(CHECK_FORMATS))
    c.add_argument("--color", action=argparse.BooleanOptionalAction, default=None)
    c.set_defaults(max_bytes=None, max_depth=None, max_nodes=None, max_stages=None, max_edges=None,
                   max_identifier=None)  # the check of a draft runs with the default input limits
    return c

