"""Reading input, once: bytes -> text (UTF-8, BOM, size limit) -> a :class:`Source` whose format is decided here.

Every later layer (the pre-scan, the parsers, the builder, the checker) takes the :class:`Source` and reads its
``format``; nothing downstream detects the format again.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import codecs
import os
import stat
from typing import BinaryIO, NamedTuple

from pipespec.errors import Diagnostic, ReadError, Span, span_at
from pipespec.language.prescan import check_bytes
from pipespec.lazyre import LazyPattern
from pipespec.limits import DEFAULT_LIMITS, Limits

SUFFIXES = {".pipe": "dsl", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
FORMATS = ("dsl", "yaml", "json")


class Source(NamedTuple):
    """One input text with what is known about it before parsing: where it is from and its format."""

    path: str  # the file's path, or a placeholder such as "<string>" for text given in memory
    text: str  # decoded, without a byte-order mark
    format: str  # "dsl", "yaml" or "json" (FORMATS)
    size: int  # length of the text in UTF-8 bytes


def _suffix(path: str) -> str:
    """``Path(path).suffix.lower()`` without pathlib: the last dot of the last component, if not its first
    character nor its last."""
    name = os.path.basename(path.rstrip("/" + os.sep)) if path.rstrip("/" + os.sep) else ""
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""


def detect_format(path: str | None, text: str | None = None) -> str:
    """The format a path's suffix names; else, for a path without a known suffix, the text's first characters."""
    if path:
        fmt = SUFFIXES.get(_suffix(path))
        if fmt:
            return fmt
    if text is not None:
        head = _first_statement(text)
        if _DSL_START.match(head):
            return "dsl"
        if head.startswith("{") or head.startswith("["):
            return "json"
        return "yaml"
    return "dsl"


# a DSL file opens with `pipeline "title" {` (YAML's `pipeline: title` has a colon after the word)
_DSL_START = LazyPattern(r"pipeline[ \t]*(?:\"|'|\{)")


def _first_statement(text: str) -> str:
    """The text from its first line that is neither blank nor a ``#`` comment (both DSL and YAML have them)."""
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end].strip()
        if line and not line.startswith("#"):
            return text[pos:pos + 200].lstrip()
        pos = end + 1
    return ""


def _format(fmt: str | None, path: str, text: str) -> str:
    if fmt is None:
        return detect_format(path, text)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return fmt


def source_from_text(text: str, path: str = "<string>", fmt: str | None = None,
                     limits: Limits = DEFAULT_LIMITS) -> Source:
    """A :class:`Source` for text already in memory (its size limit is the pre-scan's, on its UTF-8 form)."""
    try:
        size = len(text.encode("utf-8"))
    except UnicodeEncodeError as exc:  # a lone surrogate: not text any front end can hold
        raise ReadError(Diagnostic("PS100", f"invalid character U+{ord(text[exc.start]):04X} (a lone surrogate)",
                                   span_at(text, exc.start, path))) from None
    return Source(path, text, _format(fmt, path, text), size)


def source_from_bytes(data: bytes, path: str = "<string>", fmt: str | None = None,
                      limits: Limits = DEFAULT_LIMITS) -> Source:
    text = decode(data, path, limits)
    size = len(data) - (3 if data.startswith(b"\xef\xbb\xbf") else 0)
    if not data.startswith(b"\xef\xbb\xbf") and any(data.startswith(bom) for bom, _ in _BOMS):
        size = len(text.encode("utf-8", "surrogatepass"))
    return Source(path, text, _format(fmt, path, text), size)


def read_source(path: str, fmt: str | None = None, limits: Limits = DEFAULT_LIMITS,
                regular_only: bool = False) -> Source:
    """Read a file into a :class:`Source`; every failure is a located :class:`ReadError` or LimitError.

    ``regular_only``: refuse anything but a regular file without blocking on it (a file found by walking a folder,
    which may have been replaced by a FIFO since); a path named by the user is read as given (``/dev/stdin``).
    """
    return source_from_bytes(_read_bytes(path, limits, regular_only), path, fmt, limits)


def _read_at_most(fh: BinaryIO, limit: int) -> bytes:
    """Up to ``limit`` bytes, read in pieces: a large limit never allocates its size up front, and a pipe or
    /dev/stdin (whose size is not known) is read only as far as the limit."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = fh.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_bytes(path: str, limits: Limits, regular_only: bool = False) -> bytes:
    where = Span(path, 1, 1)
    if path == "-" and not regular_only:  # standard input, as other command-line tools read it
        import sys

        return _read_at_most(sys.stdin.buffer, limits.max_bytes + 1)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError(Diagnostic("PS100", "no such file", where)) from None
    except OSError as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {exc.strerror or exc}", where)) from None
    except ValueError:  # a path holding a NUL, which no file system allows
        raise ReadError(Diagnostic("PS100", "cannot read: a path cannot hold a NUL character", where)) from None
    if stat.S_ISDIR(st.st_mode):  # (os.stat follows links, as os.path.isdir does)
        raise ReadError(Diagnostic("PS100", "is a directory, not a pipeline file", where))
    check_bytes(st.st_size, path, limits)  # before reading: a huge file is refused unread
    try:
        # non-blocking open: a FIFO put in a file's place is not waited on (no effect on a regular file's reads)
        flags = os.O_RDONLY | (getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) if regular_only else 0)
        fd = os.open(path, flags)
        try:
            if regular_only and not stat.S_ISREG(os.fstat(fd).st_mode):
                raise ReadError(Diagnostic("PS100", "not a regular file", where))
            # a file that grew since: decode() refuses it; the first read asks for the size the stat gave and one
            # byte more (a usual file in one read, and no megabyte buffer made for each file)
            return _read_fd(fd, limits.max_bytes + 1, st.st_size + 1)
        finally:
            os.close(fd)
    except OSError as exc:
        raise ReadError(Diagnostic("PS100", f"cannot read: {exc.strerror or exc}", where)) from None


def _read_fd(fd: int, limit: int, first: int) -> bytes:
    """Up to ``limit`` bytes of an open file, read until its end: ``first`` bytes asked for at first, then twice as
    many each time, up to a megabyte a read (a large limit never allocates its size up front)."""
    chunks: list[bytes] = []
    left = limit
    size = max(1, first)
    while left > 0:
        chunk = os.read(fd, min(left, size))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
        size = min(size * 2, 1 << 20)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _decode_wide(data: bytes, encoding: str, path: str) -> str:
    try:
        text = data.decode(encoding)  # the codec reads and drops the BOM
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode(encoding, "replace")
        raise ReadError(Diagnostic("PS100", f"invalid {encoding.upper()} (at byte {exc.start})",
                                   span_at(good, len(good), path))) from None
    if "\x00" in text:
        raise ReadError(Diagnostic("PS100", "binary data (NUL character): not a pipeline file",
                                   span_at(text, text.index("\x00"), path)))
    return text


def read_text(path: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """Read a file as UTF-8 text with the size limit; every failure is a located :class:`ReadError`."""
    return decode(_read_bytes(path, limits), path, limits)


# byte-order marks of the UTF-16 and UTF-32 encodings (UTF-32's first: its little-endian mark starts like UTF-16's)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))


# the codec that writes a file back as it was: its byte-order mark, then text in that encoding and byte order
_WRITE_BACK = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
               (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def encoding_of(head: bytes) -> tuple[bytes, str]:
    """The byte-order mark a file's first bytes start with and the codec of the text after it (``(b"", "utf-8")``
    without one), so that a rewritten file keeps its encoding."""
    for bom, codec in _WRITE_BACK:
        if head.startswith(bom):
            return bom, codec
    return b"", "utf-8"


def decode(data: bytes, path: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> str:
    """Bytes -> text without a byte-order mark: UTF-8, or UTF-16 / UTF-32 when the text starts with their BOM.

    Without a BOM a NUL byte means binary data; NUL bytes, bad encodings and the size limit are located errors.
    """
    check_bytes(len(data), path, limits)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_wide(data, encoding, path)
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
