"""Comments, kept where the author put them: one attachment shared by the DSL and the YAML writer.

The model holds no comments.  Every front end gives a document and a map of where each part of it stands
(:data:`~pipespec.language.lexicon.SpanMap`); :func:`owners` turns that map into the *owner* of each source line:
the statement, stage or stage attribute written there, named by a key that is the same in every format::

    ("title",)                       the pipeline line (DSL) or the ``pipeline:`` key (YAML)
    ("study",), ("study", key)       the study block and one of its keys
    ("stage", name)                  a stage (its head line; YAML: its ``- name:`` and ``kind:`` lines)
    ("stage", name, attribute)       one attribute line of a stage (``ops`` and ``from`` included)
    ("stage", name, "from", source)  one edge into the stage: a YAML ``from`` item, or a DSL ``flow`` line (its
                                     first edge owns it; the writer prints it on the chain that holds that edge)
    ("declare", n), ("expect", n), ("waive", k), ("assess", n)
    (block,), (block, key)           a study facts block (cohort, evaluation, availability) and one of its keys
    ("$schema",)                     a YAML/JSON file's reference to the JSON Schema (the DSL has none)

:func:`collect` reads the source line by line (a DSL ``#`` outside a string; a YAML ``#`` after a blank, outside
every scalar the spans locate) and attaches each comment:

* a comment on a line of code is *trailing* to that line's owner (on a line that owns nothing, such as a
  closing bracket or YAML's ``stages:``, it becomes a whole-line comment of the next owner);
* a whole-line comment *leads* the next owner; comments before the first line of code lead the title (the
  file's header), comments after the last owner are the ``end`` (DSL: before the closing brace; the ``bottom``
  ones after it; YAML, which has no closing brace: those after a blank line are the bottom);
* a blank line before an owner (or its leading comments) is kept as one blank line.

Both writers print the lines of each owner and put its comments there (:meth:`Comments.fold` first moves the
comments of an owner a writer has no line for to the nearest owner it has), so ``pipespec fmt`` keeps comments
in place and ``pipespec convert`` carries them between the DSL and YAML.  JSON has no comments.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from pipespec.language.attributes import KEY_ALIASES
from pipespec.language.lexicon import SpanMap
from pipespec.lazyre import LazyPattern

Key = tuple[Any, ...]
TITLE: Key = ("title",)
_STUDY = LazyPattern(r"^\s*study\s*\{")  # the study statement (its keyword has no span)
_YAML_BREAKS = LazyPattern(r"\r\n|[\r\n\x85\u2028\u2029]")
_NUMBER = LazyPattern(r"(\d+)\s*$")
_BLOCKS = ("cohort", "evaluation", "availability")


class Comments:
    """The comments of one source, by owner (see the module's documentation). A plain class, not a dataclass:
    ``check`` imports this module for a redrawn line's comment, and the dataclasses machinery (inspect, ast) would
    add milliseconds to its start."""

    __slots__ = ("leading", "trailing", "blank", "end", "bottom")

    def __init__(self, leading: dict[Key, list[str]] | None = None, trailing: dict[Key, list[str]] | None = None,
                 blank: set[Key] | None = None, end: list[str] | None = None,
                 bottom: list[str] | None = None) -> None:
        # whole-line comments before the owner's line; those at the end of the owner's line
        self.leading: dict[Key, list[str]] = {} if leading is None else leading
        self.trailing: dict[Key, list[str]] = {} if trailing is None else trailing
        self.blank: set[Key] = set() if blank is None else blank  # owners with a blank line before them
        self.end: list[str] = [] if end is None else end  # after the last owner (DSL: before the closing brace)
        self.bottom: list[str] = [] if bottom is None else bottom  # DSL: after the closing brace

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Comments):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it was

    def __repr__(self) -> str:
        return "Comments(" + ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__) + ")"

    @property
    def top(self) -> list[str]:
        """The file's header comments (those leading the title)."""
        return self.leading.get(TITLE, [])

    def __bool__(self) -> bool:
        return bool(self.leading or self.trailing or self.end or self.bottom or self.blank)

    def texts(self) -> list[str]:
        """Every comment's text (``# ...``), in no particular order."""
        out = [c for cs in self.leading.values() for c in cs] + [c for cs in self.trailing.values() for c in cs]
        return out + self.end + self.bottom

    def count(self) -> int:
        return len(self.texts())

    def owner_of(self) -> dict[str, list[Key]]:
        """Each comment text -> the owners it is attached to (``end``/``bottom`` as ("end",), ("bottom",))."""
        out: dict[str, list[Key]] = {}
        for table in (self.leading, self.trailing):
            for key, cs in table.items():
                for c in cs:
                    out.setdefault(c, []).append(key)
        for c in self.end:
            out.setdefault(c, []).append(("end",))
        for c in self.bottom:
            out.setdefault(c, []).append(("bottom",))
        return out

    def fold(self, available: set[Key]) -> Comments:
        """The same comments with those of owners a writer has no line for moved to the nearest owner it has
        (an attribute's to its stage, a study or facts key's to its block, else to the end); trailing comments
        moved this way stay trailing, after the owner's own."""
        out = Comments(end=list(self.end), bottom=list(self.bottom))
        for key in self.blank:
            target = _nearest(key, available)
            if target is not None:
                out.blank.add(target)
        for key, cs in self.leading.items():
            target = _nearest(key, available)
            if target is None:
                out.end.extend(cs)
            else:
                out.leading.setdefault(target, []).extend(cs)
        for key, cs in self.trailing.items():
            target = _nearest(key, available)
            if target is None:
                out.end.extend(cs)
            else:
                out.trailing.setdefault(target, []).extend(cs)
        return out


def _nearest(key: Key, available: set[Key]) -> Key | None:
    while key:
        if key in available:
            return key
        key = key[:-1] if len(key) > 2 or key[0] != "stage" else ()
    return None


def split_comment(line: str) -> tuple[str, str | None]:
    """(code, comment) of one DSL line: the first '#' outside a double-quoted string starts the comment."""
    in_string = escaped = False
    for i, ch in enumerate(line):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "#":
            return line[:i].rstrip(), line[i:].rstrip()
    return line.rstrip(), None


# ---------------------------------------------------------------------------- owners of the source's lines
def owner_key(where: tuple[Any, ...], doc: Any) -> Key | None:
    """The owner of a document path (see the module's documentation), or None for a path that owns no line."""
    if not where or where[0] == "pipeline":
        return TITLE
    head = where[0]
    if head == "stages":
        if len(where) < 2:
            return None
        try:
            stage = doc["stages"][where[1]]
            name, kind = str(stage["name"]), str(stage.get("kind"))
        except (KeyError, IndexError, TypeError):
            return None
        if len(where) == 2 or where[2] in ("name", "kind"):
            return ("stage", name)
        if where[2] == "from" and len(where) > 3:  # one edge: a `from` item, or a `flow` line's first edge
            try:
                return ("stage", name, "from", str(stage["from"][where[3]]))
            except (KeyError, IndexError, TypeError):
                return ("stage", name, "from")
        key = str(where[2])
        return ("stage", name, KEY_ALIASES.get(kind, {}).get(key, key))
    if head in ("declare", "expect", "assess"):
        if len(where) < 2:
            return None
        m = _NUMBER.search(str(where[1]))
        return (head, int(m.group(1))) if m else None
    if head == "waive":
        return ("waive", where[1]) if len(where) > 1 else None
    if head == "$schema":
        return ("$schema",)
    if head == "study" or head in _BLOCKS:
        return (head,) if len(where) == 1 else (head, str(where[1]))
    return None


def owners(spans: SpanMap, doc: Any) -> dict[int, Key]:
    """Source line -> the owner of the leftmost part of the document that starts on it."""
    first: dict[int, tuple[int, int, Key]] = {}
    for order, (where, span) in enumerate(spans.items()):
        if where and where[-1] == "value":  # a value's own span: its key owns the line
            continue
        key = owner_key(where, doc)
        if key is None:
            continue
        here = (span.column, order, key)
        if span.line not in first or here[:2] < first[span.line][:2]:
            first[span.line] = here
    return {line: key for line, (_, _, key) in first.items()}


def collect(text: str, doc: Any, spans: SpanMap, fmt: str) -> Comments:
    """The comments of a DSL or YAML source (JSON has none), attached to their owners."""
    if fmt == "dsl":
        lines = [line.rstrip("\r") for line in text.split("\n")]
        split = [split_comment(line) for line in lines]
        line_owner = owners(spans, doc)
        for n, (code, _) in enumerate(split, 1):
            if _STUDY.match(code):
                line_owner[n] = ("study",)
        closing = max((n for n, (code, _) in enumerate(split, 1) if code.strip().endswith("}")), default=len(lines))
    elif fmt == "yaml":
        lines = _YAML_BREAKS.split(text)
        split = _yaml_split(lines, spans, doc)
        line_owner = owners(spans, doc)
        closing = len(lines) + 1
    else:
        return Comments()
    out = Comments()
    pending: list[str] = []
    blank = False
    seen_code = False
    after_blank: int | None = None  # YAML: the first pending comment after a blank line (the file's bottom)
    for n, (code, comment) in enumerate(split, 1):
        if n > closing:
            if comment:
                out.bottom.append(comment)
            continue
        if not code.strip():
            if comment:
                pending.append(comment)
            elif seen_code:
                blank = True
                if after_blank is None:
                    after_blank = len(pending)
            continue
        after_blank = None
        if not seen_code:  # the file's header
            seen_code = True
            if pending:
                out.leading.setdefault(TITLE, []).extend(pending)
            pending = []
            blank = False
        owner = line_owner.get(n)
        if owner is None or n == closing and owner != TITLE:
            if comment:
                pending.append(comment)
            continue
        if pending:
            out.leading.setdefault(owner, []).extend(pending)
        if blank:
            out.blank.add(owner)
        pending, blank = [], False
        if comment:
            out.trailing.setdefault(owner, []).append(comment)
    if fmt == "yaml" and after_blank is not None:  # YAML has no closing brace: a blank line stands for it
        out.end.extend(pending[:after_blank])
        out.bottom.extend(pending[after_blank:])
    else:
        out.end.extend(pending)
    out.blank.discard(TITLE)
    return out


def _yaml_split(lines: list[str], spans: SpanMap, doc: Any) -> list[tuple[str, str | None]]:
    """(code, comment) of each YAML line: a '#' at the start of a line or after a blank, outside every scalar
    (a quoted or plain scalar may hold ' #', and a block scalar whole lines starting with '#')."""
    inside: dict[int, list[tuple[int, int]]] = {}  # line -> 0-based column ranges covered by scalars
    hashes = {n for n, line in enumerate(lines, 1) if "#" in line}
    if hashes:
        for span in _scalar_spans(spans, doc):
            end_line = span.end_line or span.line
            for n in range(span.line, end_line + 1):
                if n in hashes:
                    start = span.column - 1 if n == span.line else 0
                    stop = (span.end_column or 1) - 1 if n == end_line else len(lines[n - 1])
                    inside.setdefault(n, []).append((start, stop))
    out: list[tuple[str, str | None]] = []
    for n, line in enumerate(lines, 1):
        comment_at = None
        if n in hashes:
            ranges = sorted(inside.get(n, []))  # scalars do not overlap: the one starting last before i holds it
            starts = [a for a, _ in ranges]
            for m in re.finditer(r"(?:^|(?<=[ \t]))#", line):
                k = bisect.bisect_right(starts, m.start()) - 1
                if k < 0 or m.start() >= ranges[k][1]:
                    comment_at = m.start()
                    break
        if comment_at is None:
            out.append((line.rstrip(), None))
        else:
            out.append((line[:comment_at].rstrip(), line[comment_at:].rstrip()))
    return out


def _scalar_spans(spans: SpanMap, doc: Any) -> list[Any]:
    """The spans of every scalar of a YAML document (keys and values)."""
    out: list[Any] = []

    def walk(node: Any, where: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                key_span = spans.get(where + (k,))
                if key_span is not None:
                    out.append(key_span)
                if isinstance(v, (dict, list)):
                    walk(v, where + (k,))
                else:
                    value_span = spans.get(where + (k, "value"))
                    if value_span is not None:
                        out.append(value_span)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                if isinstance(v, (dict, list)):
                    walk(v, where + (i,))
                else:
                    item_span = spans.get(where + (i,))
                    if item_span is not None:
                        out.append(item_span)

    walk(doc, ())
    return out
