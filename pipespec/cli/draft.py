"""``pipespec draft``: a checkable pipeline drafted from a manuscript's Methods (see pipespec.draft).

    pipespec draft DOCUMENT|- [-o OUT] [--to dsl|yaml|json] [--section auto|all]
                   [--input-format txt|md|docx|jats|pdf] [--check [check's options]] [--format text|json]

Everything after ``--check`` is the check's own options (``--fail-on``, ``--config``, ``--no-config``,
``--isolated``, ``--format`` of the check when the draft's ``--format`` is text). The draft goes to ``-o`` (or
stdout first); the check follows on stdout. With ``--format json`` one JSON object is printed (the check report
in its ``check`` field). A summary goes to stderr in text mode.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipespec.cli.args import EXIT_INPUT, EXIT_OK, draft_check_parser, exit_code


def _location(text: str, pos: int, path: str) -> str:
    from pipespec.errors import display_path, span_at

    span = span_at(text, pos, path)
    return f"{display_path(path)}:{span.line}:{span.column}"


def summary(result: Any, text: str, path: str, to: str) -> str:
    """The stderr summary: the part read, each stage with its evidence, inferred edges, missing facts, notes."""
    from pipespec.errors import display_path, shown

    out: list[str] = []
    part = result.section
    read = f"the section \"{shown(part.title)}\"" if part.title else "the whole text"
    inferred = [e for e in result.edges if e.inferred]
    out.append(f"pipespec: drafted {len(result.stages)} stages and {len(result.edges)} flow edges "
               f"({len(inferred)} inferred) from {read} of {display_path(path)}")
    out.append("stages:")
    for st in result.stages:
        if st.evidence:
            ev = st.evidence[0]
            flag = " (inferred)" if st.inferred else ""
            out.append(f"  {st.name} ({st.kind}){flag}: {_location(text, ev.start, path)} {ev.where()}: "
                       f"\"{shown(ev.quote)}\"")
        else:
            out.append(f"  {st.name} ({st.kind}): no evidence")
    if inferred:
        out.append("inferred edges (no sentence states them: check them):")
        for e in inferred:
            where = f" near {_location(text, e.evidence[0].start, path)}" if e.evidence else ""
            out.append(f"  {e.source} -> {e.target}{where}")
    if result.missing:
        out.append("facts METRICS needs that the text does not state (left out of the draft):")
        for m in result.missing:
            out.append(f"  {shown(m.fact)} -> {m.affects}")
    about_text = [n for n in result.notes if n.start is None]  # how the document was read (its encoding)
    notes = [n for n in result.notes if n.start is not None and n.message.startswith("'")]
    if about_text or notes:
        out.append("notes:")
        for n in about_text:
            out.append(f"  {display_path(path)}: {shown(n.message)}")
        for n in notes:
            out.append(f"  {_location(text, n.start, path)}: {shown(n.message)}")
    if to == "json":
        out.append("note: JSON has no comments: the evidence is in the --format json report only")
    return "\n".join(out) + "\n"


def cmd_draft(args: argparse.Namespace) -> int:
    from pipespec.cli.output import write_output
    from pipespec.draft import NothingToDraft, draft
    from pipespec.errors import InputError, display_path, safe_text

    check_args = None
    if args.check is not None:
        check_args = draft_check_parser().parse_args(args.check)
    to = args.to
    if to is None:
        import os

        to = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}.get(
            os.path.splitext(args.output or "")[1].lower(), "dsl")
    path = args.document
    try:
        import pathlib

        source: Any = pathlib.Path(path) if path != "-" else sys.stdin.buffer.read(20 * (1 << 20) + 1)
        result = draft(source, to=to, section=args.section, input_format=args.input_format,
                       name=path if path != "-" else "<stdin>")
    except InputError as exc:
        for d in exc.diagnostics:
            sys.stderr.write(d.one_line() + "\n")
        return EXIT_INPUT
    except NothingToDraft as exc:
        sys.stderr.write(f"{display_path(path)}: {safe_text(str(exc))}\n")
        return EXIT_INPUT
    status = EXIT_OK
    check_report: Any = None
    if check_args is not None:
        from pipespec.checker import check_text
        from pipespec.cli.args import options_of

        options = options_of(check_args)
        where = args.output or "draft." + {"dsl": "pipe", "yaml": "yaml", "json": "json"}[to]
        file_report = check_text(result.spec, where, to, options, options.config)
        status = exit_code([file_report], check_args.fail_on)
        check_report = _batch(file_report)
    text = result.text
    if args.format == "json":
        import json

        obj = result.to_dict(check_report.to_dict() if check_report is not None else None)
        if args.output:
            write_output(result.spec, args.output, sys.stdout, [path])
        sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False) + "\n")
        return status
    write_output(result.spec, args.output, sys.stdout, [path])
    if check_report is not None and check_args is not None:
        from pipespec.cli.terminal import is_terminal
        from pipespec.render import RenderOptions, render

        sys.stdout.write(render(check_report, check_args.format,
                                RenderOptions(colour=check_args.color, to_terminal=is_terminal(sys.stdout))))
    sys.stderr.write(summary(result, text, path if path != "-" else "<stdin>", to))
    return status


def _batch(file_report: Any) -> Any:
    from pipespec import __version__
    from pipespec.analysis.rules import RULESET_VERSION
    from pipespec.report import Report

    return Report([file_report], __version__, RULESET_VERSION)
