"""The work done in the pool's processes: check, convert, report and score one text, write one answer into it,
give its row of a METRICS answer sheet, write a sheet's row into it, or draft a pipeline from a manuscript.

Each job takes a plain payload (already validated by the app) and returns ``(status, media type, body text)``, the
body serialised here so that the server process only copies it out.  The checking and every rendering are the
package's own (the same as ``pipespec check --format json``, ``convert`` and ``report --html``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

PATH = "<request>"
JSON = "application/json"

Result = tuple[int, str, str]


def dumps(doc: Any) -> str:
    """JSON as the command writes it; text that cannot be UTF-8 (a lone surrogate) is escaped instead."""
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(doc, indent=2, ensure_ascii=True) + "\n"
    return text


def error(status: int, code: str, message: str) -> Result:
    return status, JSON, dumps({"error": {"code": code, "message": message}})


def detect(text: str, fmt: str | None) -> str:
    """The format asked for, or the one the text shows; leading comment lines (both DSL and YAML have them) are
    skipped first, so a commented DSL file is not taken for YAML."""
    if fmt:
        return fmt
    from pipespec.language import detect_format

    start = _past_comments(text)
    head = text[start:start + 4096]
    if not head.strip() or (head.lstrip(" \t").startswith("#") and "\n" not in head):
        head = text[:4096]
    return detect_format(PATH, head)


def _past_comments(text: str) -> int:
    """Where the text starts after a byte-order mark and whole lines that are blank or comments (both DSL and
    YAML have them).  One pass with constant memory: the old loop copied the rest of the text per skipped line
    (quadratic), and a regular expression's repeated group keeps a backtracking entry per line (300 MB for a
    MiB of blank lines)."""
    pos, end = 0, len(text)
    while pos < end and text[pos] == "\ufeff":
        pos += 1
    while pos < end:
        nl = text.find("\n", pos)
        line = text[pos:end if nl < 0 else nl].strip()
        if line and not line.startswith("#"):
            return pos
        if nl < 0:
            return end
        pos = nl + 1
    return pos


def _check(text: str, fmt: str | None, drawing: bool = False) -> Any:
    from pipespec.checker import Options, check_text

    return check_text(text, PATH, detect(text, fmt), Options(use_config=False, drawing=drawing))


def _report(files: list[Any]) -> Any:
    from pipespec import __version__
    from pipespec.analysis.rules import RULESET_VERSION
    from pipespec.report import Report

    return Report(files, __version__, RULESET_VERSION)


def check(payload: dict[str, Any]) -> Result:
    from pipespec.fixing import with_fixes

    file = with_fixes(_check(payload["text"], payload.get("format"), drawing=bool(payload.get("svg"))))
    doc = _report([file]).to_dict()  # the report of `check --format json`, corrections as edits included
    if payload.get("svg"):
        from pipespec.render.svg import render_svg

        doc["svg"] = render_svg(file.drawing, "drawing") if file.drawing is not None else None
    return 200, JSON, dumps(doc)


def report_html(payload: dict[str, Any]) -> Result:
    from pipespec.render import RenderOptions, render

    file = _check(payload["text"], payload.get("format"), drawing=True)
    return 200, "text/html; charset=utf-8", render(_report([file]), "html", RenderOptions(views=(file.drawing,)))


def convert(payload: dict[str, Any]) -> Result:
    from pipespec.errors import InputError
    from pipespec.language import load_with_comments, source_from_text, writer

    text, to = payload["text"], payload["to"]
    fmt = detect(text, payload.get("format"))
    try:
        pipeline, comments = load_with_comments(source_from_text(text, PATH, fmt))
    except InputError as exc:
        d = exc.diagnostics[0]
        return error(422, d.code, f"{d.span.file}:{d.span.line}:{d.span.column}: {d.code} {d.message}")
    except RecursionError:
        return error(422, "PS112", f"{PATH}:1:1: PS112 input nested too deeply to read")
    out = writer.write(pipeline, to, comments)  # comments kept in the DSL and YAML (JSON has none)
    return 200, JSON, dumps({"format": to, "text": out})


def score(payload: dict[str, Any]) -> Result:
    from pipespec import __version__
    from pipespec.errors import InputError
    from pipespec.render.sheets import API_NARROW, AnswerTooLarge, render
    from pipespec.scoring.sheets import score_text

    try:
        result = score_text(payload["text"], group_by=payload.get("group_by"), rater=payload.get("rater"),
                            ids=payload.get("ids"), pairwise=payload.get("pairwise", True), source=PATH,
                            version=__version__)
    except InputError as exc:
        d = exc.diagnostics[0]
        return error(422, d.code, f"{d.span.file}:{d.span.line}:{d.span.column}: {d.code} {d.message}")
    try:
        return 200, JSON, render(result, "json")
    except AnswerTooLarge as exc:
        return error(422, "too-large", exc.message(API_NARROW))


def _input_error(exc: Any) -> Result:
    d = exc.diagnostics[0]
    return error(422, d.code, f"{d.span.file}:{d.span.line}:{d.span.column}: {d.code} {d.message}")


def _written(write: Callable[[], Any]) -> tuple[Any, Result | None]:
    """What ``write`` gives (answers written into a text), or the error answer when they cannot be: a text that
    cannot be read, nested too deeply, or whose answers cannot be written where they stand."""
    from pipespec.errors import InputError
    from pipespec.language.answers import AnswerError

    try:
        return write(), None
    except InputError as exc:
        return None, _input_error(exc)
    except RecursionError:
        return None, error(422, "PS112", f"{PATH}:1:1: PS112 input nested too deeply to read")
    except AnswerError as exc:
        return None, error(422, "cannot-write", str(exc))


def assess(payload: dict[str, Any]) -> Result:
    """One item's answer (or, with ``condition``, one declared condition) written into the text (``answer`` none:
    removed), changing only its characters."""
    from pipespec.language.answers import ASSESS, DECLARE, Entry, set_answer

    text = payload["text"]
    fmt = detect(text, payload.get("format"))
    answer = None if payload["answer"] == "none" else payload["answer"]
    if "condition" in payload:
        entry = Entry(DECLARE, payload["condition"], answer)
    else:
        entry = Entry(ASSESS, payload["item"], answer, payload.get("note"))
    out, failed = _written(lambda: set_answer(text, fmt, entry, PATH))
    if failed is not None:
        return failed
    return 200, JSON, dumps({"format": fmt, "text": out})


def metrics_csv(payload: dict[str, Any]) -> Result:
    """The text's row of a METRICS answer sheet, as ``check --format metrics-csv`` writes it."""
    from pipespec.render import render

    file = _check(payload["text"], payload.get("format"))
    return 200, "text/csv; charset=utf-8", render(_report([file]), "metrics-csv")


def import_csv(payload: dict[str, Any]) -> Result:
    """The answers of one row of a METRICS answer sheet written into the text; with several rows and none chosen,
    the rows to choose from."""
    from pipespec.errors import InputError
    from pipespec.sheet_import import import_row, sheet_rows

    try:
        rows = sheet_rows(payload["csv"])
    except InputError as exc:
        return _input_error(exc)
    chosen = payload.get("row")
    if chosen is None and len(rows) != 1:
        return 200, JSON, dumps({"rows": [{"row": r.row, "label": label} for r, label in rows.labelled()]})
    row = rows.one(chosen)
    if row is None:
        return error(422, "no-such-row", f"the sheet has no data row on line {chosen}")
    text = payload["text"]
    fmt = detect(text, payload.get("format"))
    written, failed = _written(lambda: import_row(text, fmt, row, PATH))
    if failed is not None:
        return failed
    out, notes = written
    return 200, JSON, dumps({"format": fmt, "text": out, "notes": notes})


def draft(payload: dict[str, Any]) -> Result:
    """A pipeline drafted from a manuscript's Methods with its check report: the object ``pipespec draft --format
    json --check`` prints.  ``payload``: ``text`` (the document's text) or ``document`` (its bytes) with
    ``input_format`` (``docx``, ``jats``, ``pdf``), and ``to`` and ``section``."""
    from pipespec.checker import Options, check_text
    from pipespec.draft import NothingToDraft, draft_document, read_document
    from pipespec.errors import InputError

    source = payload["text"] if "text" in payload else payload["document"]
    to = payload.get("to") or "dsl"
    try:
        # read with the API's name for errors (<request>:1:1), drafted with none (the pipeline's title names no file)
        doc = read_document(source, payload.get("input_format"), PATH)
        result = draft_document(doc, to=to, section=payload.get("section") or "auto")
    except InputError as exc:
        return _input_error(exc)
    except NothingToDraft as exc:
        from pipespec.errors import safe_text

        return error(422, "nothing-to-draft", safe_text(str(exc)))
    where = "draft." + {"dsl": "pipe", "yaml": "yaml", "json": "json"}[to]
    report = _report([check_text(result.spec, where, to, Options(use_config=False))])
    return 200, JSON, dumps(result.to_dict(report.to_dict()))


JOBS = {"check": check, "report": report_html, "convert": convert, "score": score, "assess": assess, "declare": assess,
        "metrics-csv": metrics_csv, "import": import_csv, "draft": draft}


def run(kind: str, payload: dict[str, Any]) -> Result:
    """The pool's target: one job by name."""
    return JOBS[kind](payload)


def warm() -> None:
    """Import and build everything a check needs once, when a worker starts (not during its first check); the
    worker's messages then name no command-line option (its clients cannot pass one)."""
    from pipespec.limits import without_options
    from pipespec.starter import starter

    without_options()

    check({"text": starter("hybrid"), "svg": True})
