"""Source spans, diagnostics and the exception hierarchy of pipespec.

Every problem pipespec reports is a :class:`Problem` (public alias :data:`Diagnostic`): a code, a severity, a
one-line message and the :class:`Span` it concerns.  Input problems (syntax, schema, graph, limits) are raised as
:class:`InputError` subclasses carrying their diagnostics; library callers catch :class:`PipespecError`.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import functools
import re
from collections.abc import Iterable
from typing import Any, ClassVar, NamedTuple

from .edits import Fix
from .lazyre import LazyPattern

# characters a one-line message must not carry raw: line breaks, NUL, bell, backspace, terminal escapes (ESC, CSI)
# and bidirectional marks and overrides
_UNSAFE = LazyPattern(r"[\x00-\x08\n-\x1f\x7f-\x9f\u061c\u2028\u2029\u200e\u200f"
                        r"\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

# an echoed value longer than ECHO_LIMIT characters: a quoted value, or any run without spaces (linear: neither can
# run past the next quote or space). A quote opens a value only where a value can start (not after a letter or a
# quote, not before a space), so the prose between two quoted values is never taken for one.
ECHO_LIMIT = 200
_LONG_PATTERN = (rf"(?<![\w'])'(?=\S)[^']{{{ECHO_LIMIT},}}'|(?<![\w\"])\"(?=\S)[^\"]{{{ECHO_LIMIT},}}\""
                 rf"|\S{{{ECHO_LIMIT + 1},}}")
MESSAGE_LIMIT = 4 * ECHO_LIMIT  # a whole message, whatever it quotes
MAX_DIAGNOSTICS = 100  # per file: past it, one "... and N more" line


def _cut(m: re.Match[str]) -> str:
    value = m.group()
    if value[0] in "'\"" and value[-1] == value[0] and len(value) > 1:
        return value[:ECHO_LIMIT + 1] + "\u2026" + value[0]
    return value[:ECHO_LIMIT] + "\u2026"


def shorten(text: str) -> str:
    """``text`` with every echoed value (quoted, or a run without spaces) cut to ECHO_LIMIT characters and an
    ellipsis: a message quoting a 200 KB name stays one readable line in every format."""
    # compiled on the first long text (re caches it): most runs never meet one
    return re.sub(_LONG_PATTERN, _cut, text) if len(text) > ECHO_LIMIT else text


def shown(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` as every format shows text quoting a file: echoed values cut (:func:`shorten`), the whole cut to
    ``limit`` characters (a value with spaces and no quotes around it is bounded too), and made one safe line
    (:func:`safe_text`). Problems, verdict reasons, stage details and titles all go through it."""
    if len(text) <= ECHO_LIMIT and len(text) <= limit and text.isprintable():
        return text  # (the usual message: nothing to cut, and every character _UNSAFE finds is unprintable)
    if len(text) <= _REMEMBERED_LENGTH:
        return _shown_remembered(text, limit)
    return _shown(text, limit)


def _shown(text: str, limit: int) -> str:
    text = shorten(text)
    if len(text) > limit:
        text = text[:limit] + "\u2026"
    return safe_text(text)


# A batch says the same long message of many files (a rule's reason names the same stages): each is cut and made
# safe once (the pattern that finds echoed values tries every position of a text: some microseconds a message).
_REMEMBERED_LENGTH = 2 * MESSAGE_LIMIT
_shown_remembered = functools.lru_cache(maxsize=1024)(_shown)


def _escape(m: re.Match[str]) -> str:
    return m.group().encode("unicode_escape").decode("ascii")


class Span(NamedTuple):
    """A place in a source file: 1-based line and column, with an optional end."""

    file: str = "<string>"
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None

    def __str__(self) -> str:
        return f"{display_path(self.file)}:{self.line}:{self.column}"

    @classmethod
    def of(cls, file: str, line: int, column: int, end_line: int | None, end_column: int | None) -> "Span":
        """The same span as ``Span(file, line, column, end_line, end_column)``, made without the keyword handling
        of the class call (the parser makes one per token it keeps)."""
        return _new_tuple(cls, (file, line, column, end_line, end_column))


_new_tuple = tuple.__new__


def _rebuilt(cls: type, fields: tuple[Any, ...]) -> Any:
    """A record from its fields as they are (unpickling: they were made safe when the record was made)."""
    return _new_tuple(cls, fields)


class MadeSafe:
    """What the named tuples whose ``__new__`` makes their text safe share (a problem, a verdict, a drawn stage):
    ``_replace`` makes safe only the fields it changes (the others were made safe once; cutting an escaped text a
    second time would cut it shorter), ``_make`` makes its fields safe as ``__new__`` does, and a pickled record
    (a batch's worker processes send theirs) is unpickled as it was. Listed before the fields' named tuple."""

    __slots__ = ()
    # the fields ``__new__`` makes safe (None: take every field for one)
    _safe_fields: ClassVar[frozenset[str] | None] = None

    def _replace(self: Any, **changes: Any) -> Any:
        safe = self._safe_fields
        if safe is not None and safe.isdisjoint(changes) and all(name in self._fields for name in changes):
            # (a verdict given its declared answer; a field it does not have is refused below, as a named tuple's)
            return _new_tuple(self.__class__, [changes[name] if name in changes else old
                                               for name, old in zip(self._fields, self)])
        made = self.__class__(**{**self._asdict(), **changes})
        return _new_tuple(self.__class__, [new if name in changes else old
                                           for name, old, new in zip(self._fields, self, made)])

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Any:
        return cls(*iterable)

    def __reduce__(self: Any) -> tuple[Any, ...]:
        return _rebuilt, (self.__class__, tuple(self))


def span_at(text: str, pos: int, path: str) -> Span:
    """The span of character offset ``pos`` of ``text`` (lines counted at ``\\n``, as every front end does)."""
    line = text.count("\n", 0, pos) + 1
    return Span(path, line, pos - (text.rfind("\n", 0, pos) + 1) + 1)


class _ProblemFields(NamedTuple):
    code: str
    message: str
    span: Span
    severity: str
    fix: str | None
    related: tuple[Span, ...]
    stage: str | None
    reference: str | None
    waived: str | None
    autofix: Fix | None


class Problem(MadeSafe, _ProblemFields):  # type: ignore[misc]  # _make: the named tuple's, made safe
    """One located problem: everything pipespec tells a user about an input is one of these.

    Input errors (the file cannot be judged) and findings of the rules (the file was judged) share this type; a
    renderer never needs to know which produced it.  ``severity`` is ``error``, ``warning`` or ``info``; ``fix`` says
    what to change; ``stage`` names the stage concerned; ``reference`` cites the guidance a rule applies;
    ``waived`` holds the author's justification when a waiver suppressed the problem; ``autofix`` is the
    correction as data (:class:`~pipespec.edits.Fix`), where one can be applied mechanically.

    Messages quote the input: whatever it holds, a problem is one safe line, made harmless once, here (each
    renderer then does only its own format's escaping). Like every record of pipespec it is an immutable named
    tuple; ``_replace`` and ``_make`` give a copy made safe the same way, and a pickled problem (a batch's worker
    processes send theirs) is unpickled as it was.
    """

    __slots__ = ()
    _safe_fields = frozenset({"message", "fix", "stage", "waived"})

    def __new__(cls, code: str, message: str, span: Span, severity: str = "error", fix: str | None = None,
                related: tuple[Span, ...] = (), stage: str | None = None, reference: str | None = None,
                waived: str | None = None, autofix: Fix | None = None) -> "Problem":
        return _new_tuple(cls, (code, shown(message), span, severity, None if fix is None else shown(fix), related,
                                None if stage is None else shown(stage), reference,
                                None if waived is None else shown(waived), autofix))

    def one_line(self) -> str:
        return f"{self.span}: {self.code} {self.message}"


# the documented public name (pipespec.Diagnostic): the same type
Diagnostic = Problem


def safe_text(text: str) -> str:
    """``text`` for display on one line: line breaks, terminal escapes, bidirectional marks and lone surrogates
    escaped."""
    if text.isprintable():  # (every character _UNSAFE finds is unprintable)
        return text
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


# A cell a spreadsheet would read as a formula (OWASP, "CSV Injection"): one that starts with = + - @, a tab or a
# carriage return, also after leading blanks (some spreadsheets strip them) and in their full-width and small forms.
_FORMULA_START = "=+-@\t\r\uff1d\uff0b\uff0d\uff20\ufe66\ufe62\ufe63\ufe6b"


def spreadsheet_text(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text and never evaluates: a cell that could start a formula
    gets a leading apostrophe (the csv writer quotes what needs quoting)."""
    first = text.lstrip("'").lstrip(" \u00a0\u3000")[:1]  # past apostrophes too, so that unguarding is exact
    return "'" + text if first and first in _FORMULA_START else text


def spreadsheet_unguard(cell: str) -> str:
    """The value :func:`spreadsheet_text` guarded: its apostrophe dropped where that function put one."""
    return cell[1:] if cell[:1] == "'" and spreadsheet_text(cell[1:]) == cell else cell


def capped(diagnostics: list[Problem], limit: int = MAX_DIAGNOSTICS) -> list[Problem]:
    """At most ``limit`` diagnostics, then one "... and N more" line (located at the first one left out)."""
    if len(diagnostics) <= limit + 1:
        return diagnostics
    rest = diagnostics[limit]
    more = Problem(rest.code, f"... and {len(diagnostics) - limit} more", rest.span, rest.severity)
    return [*diagnostics[:limit], more]
# what a file name must not show raw: every control character (C0, DEL, C1), line and paragraph separators,
# bidirectional marks and overrides, and surrogates (the bytes of a name that is not UTF-8, as Python holds them)
_PATH_UNSAFE = LazyPattern(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escape_path_char(m: re.Match[str]) -> str:
    code = ord(m.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape): shown as the byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_path(path: str) -> str:
    """A file name as people are shown it, on one line: control characters, bidirectional marks and the bytes of a
    name that is not UTF-8 are written as ``\\xNN`` / ``\\uNNNN`` (machine outputs keep the real path)."""
    if path.isprintable():  # (every character _PATH_UNSAFE finds is unprintable)
        return path
    return _PATH_UNSAFE.sub(_escape_path_char, path) if _PATH_UNSAFE.search(path) else path


class PipespecError(Exception):
    """Base of every exception pipespec raises on purpose."""


class InputError(PipespecError):
    """The input cannot be turned into a valid pipeline; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: list[Problem] | Problem):
        if isinstance(diagnostics, Problem):
            diagnostics = [diagnostics]
        self.diagnostics: list[Problem] = capped(list(diagnostics))
        super().__init__("\n".join(d.one_line() for d in self.diagnostics))


class ReadError(InputError):
    """The file cannot be read: missing, a directory, not UTF-8, binary."""


class LimitError(InputError):
    """The input exceeds a safety limit (size, nesting, alias expansion, stage count, identifier length)."""


class SyntaxFailure(InputError):
    """The DSL text does not follow the grammar (PS101)."""


class SchemaFailure(InputError):
    """A YAML/JSON document does not follow schema/pipeline.schema.json (PS102)."""


class ModelFailure(InputError):
    """The pipeline is well-formed but invalid: unknown names, duplicate stages, cycles, type errors."""


class ConfigError(PipespecError):
    """A configuration file (pyproject.toml / .pipespec.toml) is invalid (PS113).

    ``str()`` is ``PATH[:LINE:COLUMN]: reason``, the path escaped for display and the whole made one safe line;
    ``located()`` is the one-line diagnostic ``PATH:LINE:COLUMN: PS113 reason``.
    """

    def __init__(self, reason: str, path: str | None = None, line: int | None = None,
                 column: int | None = None) -> None:
        self.reason = safe_text(reason)
        self.path = path
        self.line = line
        self.column = column
        where = "" if path is None else display_path(path) + ("" if line is None else f":{line}:{column or 1}")
        super().__init__(f"{where}: {self.reason}" if where else self.reason)

    def located(self) -> str:
        where = display_path(self.path) if self.path is not None else "<configuration>"
        return f"{where}:{self.line or 1}:{self.column or 1}: PS113 {self.reason}"
