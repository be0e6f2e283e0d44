"""Reading input: bytes -> text (size limit, UTF-8, BOM) and the one place a format is detected."""

from __future__ import annotations

import os
from pathlib import Path

from pipespec.errors import Diagnostic, LimitError, ReadError, Span
from pipespec.limits import DEFAULT_LIMITS, Limits

SUFFIXES = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}


def detect_format(path: str | None, text: str | None = None) -> str:
    if path:
        fmt = SUFFIXES.get(Path(path).suffix.lower())
        if fmt:
            return fmt
    if text is not None:
        head = text.lstrip()[:200]
        if head.startswith("pipeline") and ('"' in head.split("\n", 1)[0]):
            return "dsl"
        if head.startswith("{") or head.startswith("["):
            return "json"
        return "yaml"
    return "dsl"


def read_text(path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a file as UTF-8 text with the size limit; every failure is a located :class:`ReadError`."""
    where = Span(path, 1, 1)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError(Diagnostic("PS100", "no such file", where)) from None
    except OSError as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {exc.strerror or exc}", where)) from None
    if os.path.isdir(path):
        raise ReadError(Diagnostic("PS100", "is a directory, not a pipeline file", where))
    if st.st_size > limits.max_bytes:
        raise LimitError(Diagnostic("PS112", f"file is {st.st_size} bytes; the limit is {limits.max_bytes} "
                                             "(--max-bytes)", where))
    try:
        with open(path, "rb") as fh:
            data = fh.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {exc.strerror or exc}", where)) from None
    return decode(data, path, limits)


def decode(data: bytes, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> str:
    if len(data) > limits.max_bytes:
        raise LimitError(Diagnostic("PS112", f"input is over the limit of {limits.max_bytes} bytes (--max-bytes)",
                                    Span(path, 1, 1)))
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ReadError(Diagnostic("PS100", "binary data (NUL byte): not a pipeline file", Span(path, line, 1)))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise ReadError(Diagnostic("PS100", f"invalid UTF-8 (byte 0x{data[exc.start]:02x})",
                                   Span(path, line, col))) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text
