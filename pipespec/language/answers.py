"""Writing one answer into a spec's text: ``assess itemN = yes|no ["note"]`` and ``declare conditionN = yes|no``
in the DSL, the ``assess`` and ``declare`` mappings in YAML and JSON.

The text stays the one source of truth: an answer is set, changed or removed by :class:`~pipespec.edits.Edit`s
(the same edit type as the fixes of ``check --fix``) that replace only the characters of that answer; every other
character (comments, layout, quoting, line endings, the order of the entries) stays as written.  A new entry goes
after the last entry of its kind (``assess`` after the last ``assess`` line), else at the end of the pipeline.

:func:`answer_edits` gives the edits, :func:`set_answer` (:func:`set_answers` for several) the new text, checked by loading it again: the edited text
must read, with the answer as asked and every other answer as before (else :class:`AnswerError`, and the text is
left alone).
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import json
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from pipespec.edits import Edit, apply_edits, line_starts
from pipespec.errors import InputError, PipespecError
from pipespec.metrics import CONDITION_NUMBERS, ITEM_NUMBERS, condition_number, item_number
from pipespec.model import Pipeline

ASSESS, DECLARE = "assess", "declare"
KEEP = None  # the note argument meaning: leave the answer's note as it is


class AnswerError(PipespecError, ValueError):
    """The answer cannot be written into this text (it does not read, or the block is not one to write into)."""


class Entry(NamedTuple):
    """What to write: ``kind`` (``assess`` or ``declare``), the item or condition ``number``, the ``answer``
    (``yes``, ``no``, ``n/a`` for an item; ``None`` removes it) and the ``note`` (``None``: keep the one there;
    ``""``: none)."""

    kind: str
    number: int
    answer: str | None
    note: str | None = KEEP

    @property
    def key(self) -> str:
        return f"{'item' if self.kind == ASSESS else 'condition'}{self.number}"


def _check(entry: Entry) -> None:
    if entry.kind not in (ASSESS, DECLARE):
        raise AnswerError(f"an answer is written in 'assess' or 'declare', not {entry.kind!r}")
    numbers = ITEM_NUMBERS if entry.kind == ASSESS else CONDITION_NUMBERS
    if entry.number not in numbers:
        what = "items are 1-30" if entry.kind == ASSESS else "conditions are 1-5"
        raise AnswerError(f"there is no METRICS {entry.key.rstrip('0123456789')} {entry.number} ({what})")
    allowed = ("yes", "no", "n/a") if entry.kind == ASSESS else ("yes", "no")
    if entry.answer is not None and entry.answer not in allowed:
        raise AnswerError(f"the answer must be {', '.join(allowed)} or none, not {entry.answer!r}")
    if entry.note and entry.kind == DECLARE:
        raise AnswerError("a declared condition has no note")


def _one_line(note: str) -> str:
    return " ".join(note.split())


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _pos(starts: list[int], index: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    from bisect import bisect_right

    line = bisect_right(starts, index)
    return line, index - starts[line - 1] + 1


def _edit(starts: list[int], start: int, end: int, new: str) -> Edit:
    return Edit(*_pos(starts, start), *_pos(starts, end), new)


def _line_bounds(text: str, index: int) -> tuple[int, int]:
    """The offsets of the start of the line holding ``index`` and of its end (its line break, or the text's end)."""
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    if end < 0:
        end = len(text)
    elif end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The range of whole lines from ``start`` to ``end`` with the line break after them, when nothing but blanks
    stands before ``start`` on its line and nothing but blanks or a comment (which goes with it) after ``end`` on
    its own (else ``None``)."""
    ls, _ = _line_bounds(text, start)
    _, le = _line_bounds(text, max(start, end - 1) if end > start else start)
    after = text[end:le].strip(" \t")
    if text[ls:start].strip(" \t") or (after and not after.startswith("#")):
        return None
    if text.startswith("\r\n", le):
        return ls, le + 2
    return ls, le + 1 if text.startswith("\n", le) else le


# ------------------------------------------------------------------ the DSL
_STRING = r'"(?:[^"\\\n]|\\.)*"'
_DSL_TAIL = re.compile(r"[ \t\f]*=[ \t\f]*([^\s\"#]+)(?:([ \t\f]*)(" + _STRING + "))?")


def _dsl_string(note: str) -> str:
    return '"' + _one_line(note).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _dsl_statement(entry: Entry, note: str | None) -> str:
    out = f"{entry.kind} {entry.key} = {entry.answer}"
    return out + (" " + _dsl_string(note) if note else "")


def _dsl_closing_brace(text: str) -> int:
    """The offset of the ``}`` that closes the pipeline block (strings and comments skipped)."""
    depth, i, n, found = 0, 0, len(text), -1
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if c == '"':
            m = re.compile(_STRING).match(text, i)
            i = m.end() if m else i + 1
            continue
        if c in "{[(":
            depth += 1
        elif c in "}])":
            depth -= 1
            if depth == 0 and c == "}":
                found = i
        i += 1
    if found < 0:
        raise AnswerError("the pipeline block has no closing brace")
    return found


def _dsl_edits(text: str, pipeline: Pipeline, entry: Entry) -> list[Edit]:
    starts = line_starts(text)
    spans = [(a.item, a.span) for a in pipeline.assessment] if entry.kind == ASSESS else \
        [(d.condition, d.span) for d in pipeline.declarations]
    current = next((s for n, s in spans if n == entry.number), None)
    given = pipeline.answer(entry.number) if entry.kind == ASSESS else None
    old_note = given.note if given is not None else None
    note = old_note if entry.note is KEEP else (entry.note or None)
    if current is not None:
        key_start = starts[current.line - 1] + current.column - 1
        key_end = starts[(current.end_line or current.line) - 1] + (current.end_column or current.column) - 1
        m = _DSL_TAIL.match(text, key_end)
        kw = text.rfind(entry.kind, 0, key_start)
        if m is None or kw < 0:
            raise AnswerError(f"cannot find the {entry.kind} line of {entry.key}")
        if entry.answer is None:
            lines = _whole_lines(text, kw, m.end())
            return [_edit(starts, *(lines or (kw, m.end())), "")]
        edits = []
        if m.group(1) != entry.answer:
            edits.append(_edit(starts, m.start(1), m.end(1), entry.answer))
        if entry.note is not KEEP:
            if m.group(3) is not None and not note:
                edits.append(_edit(starts, m.end(1), m.end(3), ""))
            elif m.group(3) is not None and note and note != old_note:
                edits.append(_edit(starts, m.start(3), m.end(3), _dsl_string(note)))
            elif m.group(3) is None and note:
                edits.append(_edit(starts, m.end(1), m.end(1), " " + _dsl_string(note)))
        return edits
    if entry.answer is None:
        return []
    nl = _newline(text)
    statement = _dsl_statement(entry, note)
    if spans:  # after the last line of its kind, indented as it is
        last = max(s for _, s in spans)
        _, end = _line_bounds(text, starts[last.line - 1])
        ls = starts[last.line - 1]
        indent = text[ls:ls + len(text[ls:end]) - len(text[ls:end].lstrip(" \t"))]
        return [_edit(starts, end, end, nl + indent + statement)]
    brace = _dsl_closing_brace(text)
    ls, _ = _line_bounds(text, brace)
    indent = _body_indent(text, starts, pipeline)
    if not text[ls:brace].strip(" \t"):  # the brace on its own line: a line before it
        return [_edit(starts, ls, ls, indent + statement + nl)]
    return [_edit(starts, brace, brace, nl + indent + statement + nl)]


def _body_indent(text: str, starts: list[int], pipeline: Pipeline) -> str:
    for s in pipeline.stages[:1]:
        ls = starts[s.span.line - 1] if s.span.line else 0
        line = text[ls:_line_bounds(text, ls)[1]]
        if s.span.line:
            return line[:len(line) - len(line.lstrip(" \t"))] or "  "
    return "  "


# ------------------------------------------------------------------ YAML and JSON: mappings with their offsets
class Node(NamedTuple):
    """A value of a YAML or JSON document with its character offsets: a mapping has ``entries`` (key text, key
    start, value node) and ``flow`` (``{...}``); a scalar has ``value``."""

    start: int
    end: int
    entries: tuple[tuple[str, int, "Node"], ...] | None = None
    flow: bool = True
    value: Any = None


def _yaml_tree(text: str) -> Node | None:
    import yaml

    def node(n: Any) -> Node:
        # a block collection's end mark is where the next token starts (the next line's key): it ends with its
        # last value instead, so that replacing it keeps the line break and whatever follows
        if isinstance(n, yaml.MappingNode):
            entries = tuple((str(k.value), k.start_mark.index, node(v)) for k, v in n.value
                            if isinstance(k, yaml.ScalarNode))
            end = n.end_mark.index if n.flow_style or not entries else entries[-1][2].end
            return Node(n.start_mark.index, end, entries, bool(n.flow_style))
        if isinstance(n, yaml.SequenceNode) and not n.flow_style and n.value:
            return Node(n.start_mark.index, node(n.value[-1]).end)
        return Node(n.start_mark.index, n.end_mark.index, value=getattr(n, "value", None))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    return None if root is None else node(root)


_JSON_WS = re.compile(r"[ \t\r\n]*")
_JSON_LITERAL = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def _json_tree(text: str) -> Node:
    from json import decoder

    scanstring: Any = decoder.scanstring  # type: ignore[attr-defined]  # the json module's own string reader

    def skip(i: int) -> int:
        m = _JSON_WS.match(text, i)
        return m.end() if m else i

    def value(i: int) -> tuple[Node, int]:
        i = skip(i)
        c = text[i:i + 1]
        if c == "{":
            entries: list[tuple[str, int, Node]] = []
            j = skip(i + 1)
            if text.startswith("}", j):
                return Node(i, j + 1, ()), j + 1
            while True:
                j = skip(j)
                if not text.startswith('"', j):
                    raise AnswerError("the JSON does not read")
                key_at = j
                key, after = scanstring(text, j + 1)
                j = skip(after)
                if not text.startswith(":", j):
                    raise AnswerError("the JSON does not read")
                v, j = value(j + 1)
                entries.append((key, key_at, v))
                j = skip(j)
                if text.startswith("}", j):
                    return Node(i, j + 1, tuple(entries)), j + 1
                j += 1  # the comma
        if c == "[":
            j = skip(i + 1)
            if text.startswith("]", j):
                return Node(i, j + 1), j + 1
            while True:
                _, j = value(j)
                j = skip(j)
                if text.startswith("]", j):
                    return Node(i, j + 1), j + 1
                j += 1
        if c == '"':
            s, j = scanstring(text, i + 1)
            return Node(i, j, value=s), j
        m = _JSON_LITERAL.match(text, i)
        if not m:
            raise AnswerError("the JSON does not read")
        return Node(i, m.end(), value=m.group()), m.end()

    return value(0 if not text.startswith("\ufeff") else 1)[0]


def _replace_value(text: str, starts: list[int], at: int, v: Node, new: str) -> Edit:
    """Replace a member's value; a block mapping on the lines below its key is replaced from the key's colon, so
    the new value stands on the key's line."""
    if v.entries is not None and not v.flow and _line_bounds(text, v.start)[0] != _line_bounds(text, at)[0]:
        colon = text.rfind(":", at, v.start)
        return _edit(starts, colon + 1, v.end, " " + new)
    return _edit(starts, v.start, v.end, new)


def _find(mapping: Node, kind: str, number: int | None = None) -> tuple[str, int, Node] | None:
    for key, at, v in mapping.entries or ():
        if number is None:
            if key == kind:
                return key, at, v
        elif (item_number(key) if kind == ASSESS else condition_number(key)) == number:
            return key, at, v
    return None


def _scalar(value: str, fmt: str, quote: str = "") -> str:
    return json.dumps(value) if fmt == "json" else quote + value + quote


def _quote_of(text: str, v: Node) -> str:
    """The quote a YAML scalar is written with (empty: plain)."""
    return text[v.start] if v.end > v.start and text[v.start] in "'\"" else ""


def _yaml_style(text: str, root: Node) -> str:
    """The quote the document writes its yes/no answers with (``"yes"`` or plain ``yes``), from its assess,
    declare and expect blocks: a new answer is written as its neighbours are."""
    for key in (ASSESS, DECLARE, "expect"):
        block = _find(root, key)
        for _, _at, v in (block[2].entries or ()) if block is not None else ():
            if v.entries is not None:
                answer = _find(v, "answer")
                if answer is None:
                    continue
                v = answer[2]
            return _quote_of(text, v)
    return ""


def _string(value: str, fmt: str) -> str:
    """A note as a double-quoted string on one line (JSON's escapes, which YAML's double quotes read alike; a
    character that prints as nothing, or moves the text, escaped)."""
    note = _one_line(value)
    return json.dumps(note, ensure_ascii=not note.isprintable())


def _entry_value(entry: Entry, note: str | None, fmt: str, quote: str = "") -> str:
    assert entry.answer is not None
    if not note:
        return _scalar(entry.answer, fmt, quote)
    q = (lambda k: json.dumps(k)) if fmt == "json" else (lambda k: k)
    return "{" + f"{q('answer')}: {_scalar(entry.answer, fmt, quote)}, {q('note')}: {_string(note, fmt)}" + "}"


def _member(key: str, value: str, fmt: str) -> str:
    return f"{json.dumps(key) if fmt == 'json' else key}: {value}"


def _remove_member(text: str, starts: list[int], mapping: Node, index: int) -> Edit:
    entries = mapping.entries or ()
    _, at, v = entries[index]
    if not mapping.flow:  # a block mapping: its lines
        lines = _whole_lines(text, at, v.end if text[v.end - 1:v.end] != "\n" else v.end - 1)
        if lines:
            return _edit(starts, *lines, "")
        return _edit(starts, at, v.end, "")
    if index > 0:  # from the end of the one before (its comma with it) to the end of this one
        prev = entries[index - 1][2]
        return _edit(starts, prev.end, v.end, "")
    if len(entries) > 1:  # the first of several: up to the next key
        return _edit(starts, at, entries[1][1], "")
    return _edit(starts, at, v.end, "")


def _add_member(text: str, starts: list[int], mapping: Node, member: str, fmt: str) -> Edit:
    entries = mapping.entries or ()
    nl = _newline(text)
    if not mapping.flow:
        _, at, v = entries[-1]
        ls, _ = _line_bounds(text, at)
        indent = text[ls:at]
        end_at = v.end - 1 if v.end > v.start and text[v.end - 1] == "\n" else v.end
        _, le = _line_bounds(text, max(end_at, at))
        return _edit(starts, le, le, nl + (indent if not indent.strip() else " " * (at - ls)) + member)
    close = mapping.end - 1  # the closing brace
    if not entries:
        return _edit(starts, close, close, member)
    _, at, v = entries[-1]
    if _line_bounds(text, at)[0] != _line_bounds(text, mapping.start)[0]:  # one member a line
        ls, _ = _line_bounds(text, at)
        return _edit(starts, v.end, v.end, "," + nl + text[ls:at] + member)
    return _edit(starts, v.end, v.end, ", " + member)


def _tree_edits(text: str, fmt: str, entry: Entry) -> list[Edit]:
    try:
        root = _yaml_tree(text) if fmt == "yaml" else _json_tree(text)
    except (ValueError, IndexError, RecursionError) as exc:  # the text was read before: this is unexpected
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise AnswerError(f"the {fmt.upper()} does not read: {reason}") from None
    except Exception as exc:  # PyYAML's YAMLError (not a ValueError): the same, for a YAML text
        raise AnswerError(f"the {fmt.upper()} does not read: {str(exc).splitlines()[0][:200]}") from None
    if root is None or root.entries is None:
        raise AnswerError("the document is not a mapping")
    starts = line_starts(text)
    style = _yaml_style(text, root) if fmt == "yaml" else ""
    block = _find(root, entry.kind)
    if block is not None and block[2].entries is None and block[2].value not in (None, "", "null", "~"):
        raise AnswerError(f"'{entry.kind}' is not a mapping")
    found = _find(block[2], entry.kind, entry.number) if block is not None and block[2].entries is not None else None
    if found is not None:
        assert block is not None
        entries = block[2].entries or ()
        index = entries.index(found)
        _, at, v = found
        if entry.answer is None:
            if len(entries) == 1:  # the block would be left empty: it goes with its last entry
                return [_remove_member(text, starts, root, (root.entries or ()).index(block))]
            return [_remove_member(text, starts, block[2], index)]
        if v.entries is not None:  # {answer: ..., note: ...}
            answer = _find(v, "answer")
            old_note = _find(v, "note")
            old = None if old_note is None else str(old_note[2].value)
            note = old if entry.note is KEEP else (entry.note or None)
            if answer is None:
                return [_replace_value(text, starts, at, v, _entry_value(entry, note, fmt, style))]
            if not note:
                return [_replace_value(text, starts, at, v, _scalar(entry.answer, fmt, style))]
            edits = []
            if str(answer[2].value).strip().lower() != entry.answer or fmt == "json" and text[answer[2].start] != '"':
                edits.append(_edit(starts, answer[2].start, answer[2].end,
                                   _scalar(entry.answer, fmt, _quote_of(text, answer[2]))))
            if old_note is None:
                edits.append(_add_member(text, starts, v, _member("note", _string(note, fmt), fmt), fmt))
            elif note != old:
                edits.append(_edit(starts, old_note[2].start, old_note[2].end, _string(note, fmt)))
            return edits
        note = None if entry.note is KEEP else (entry.note or None)
        if note:
            return [_edit(starts, v.start, v.end, _entry_value(entry, note, fmt, _quote_of(text, v)))]
        if v.value == entry.answer and (fmt != "json" or text[v.start] == '"'):
            return []
        return [_edit(starts, v.start, v.end, _scalar(entry.answer, fmt, _quote_of(text, v)))]
    if entry.answer is None:
        return []
    note = None if entry.note is KEEP else (entry.note or None)
    member = _member(entry.key, _entry_value(entry, note, fmt, style), fmt)
    if block is not None and block[2].entries is not None and (block[2].entries or block[2].flow):
        return [_add_member(text, starts, block[2], member, fmt)]
    if block is not None:  # `assess:` with nothing after it: the entry in its place
        v = block[2]
        return [_edit(starts, v.start, v.end, "{" + member + "}")]
    if root.flow or fmt == "json":
        value = "{" + member + "}"
        last = (root.entries or ())[-1:]
        if last and _line_bounds(text, last[0][1])[0] != _line_bounds(text, root.start)[0]:
            # one member a line: the new block too, its entries one step further in
            ls, _ = _line_bounds(text, last[0][1])
            indent = text[ls:last[0][1]]
            nl = _newline(text)
            value = "{" + nl + indent * 2 + member + nl + indent + "}"
        return [_add_member(text, starts, root, _member(entry.kind, value, fmt), fmt)]
    # a block document: the block at its end, indented as the document's nested mappings are
    indent = _yaml_indent(text, root)
    nl = _newline(text)
    end = len(text.rstrip("\r\n \t")) if not text.endswith(("\n",)) else len(text)
    prefix = "" if text.endswith("\n") else nl
    return [_edit(starts, end, end, f"{prefix}{entry.kind}:{nl}{indent}{member}{nl}")]


def _yaml_indent(text: str, root: Node) -> str:
    for _, _at, v in root.entries or ():
        if v.entries and not v.flow:
            first = v.entries[0][1]
            ls, _ = _line_bounds(text, first)
            if text[ls:first].strip(" ") in ("", "-"):
                return " " * (first - ls)
    return "  "


# ------------------------------------------------------------------ the entry points
def _load(text: str, fmt: str, path: str) -> Pipeline:
    from pipespec.language import load_source, source_from_text

    return load_source(source_from_text(text, path, fmt))


def answer_edits(text: str, fmt: str, entry: Entry, pipeline: Pipeline | None = None,
                 path: str = "<string>") -> list[Edit]:
    """The edits that write ``entry`` into ``text`` (in format ``fmt``), changing only that answer's characters
    (none when it is already so).  Raises InputError when the text does not read, AnswerError when the answer
    cannot be written."""
    _check(entry)
    if fmt not in ("dsl", "yaml", "json"):
        raise AnswerError(f"unknown format {fmt!r}")
    if pipeline is None:
        pipeline = _load(text, fmt, path)
    if fmt == "dsl":
        return _dsl_edits(text, pipeline, entry)
    return _tree_edits(text, fmt, entry)


def _answers(p: Pipeline) -> dict[tuple[str, int], tuple[str, str | None]]:
    return ({(ASSESS, a.item): (a.answer, a.note) for a in p.assessment}
            | {(DECLARE, d.condition): (d.value, None) for d in p.declarations})


def set_answer(text: str, fmt: str, entry: Entry, path: str = "<string>") -> str:
    """``text`` with ``entry`` written (see :func:`answer_edits`), after checking that the new text reads with that
    answer, and every other answer, as meant (``path``: the name errors give the text)."""
    return set_answers(text, fmt, [entry], path)


def set_answers(text: str, fmt: str, entries: Iterable[Entry], path: str = "<string>") -> str:
    """``text`` with each entry written in turn, each checked as :func:`set_answer` checks one (the text is read
    once per entry: what one step reads back is what the next one starts from)."""
    before = _load(text, fmt, path)
    for entry in entries:
        edits = answer_edits(text, fmt, entry, before, path)
        if not edits:
            continue
        out = apply_edits(text, edits)
        try:
            after = _load(out, fmt, path)
        except InputError as exc:
            raise AnswerError(f"writing {entry.key} would break the text ({exc.diagnostics[0].message}); "
                              "the text is left as it was") from None
        want = _answers(before)
        old_note = want.get((entry.kind, entry.number), (None, None))[1]
        if entry.answer is None:
            want.pop((entry.kind, entry.number), None)
        else:
            note = old_note if entry.note is KEEP else (_one_line(entry.note) or None)
            want[(entry.kind, entry.number)] = (entry.answer, note if entry.kind == ASSESS else None)
        if _answers(after) != want or after.stages != before.stages:
            raise AnswerError(f"writing {entry.key} would change more than that answer; the text is left as it was")
        text, before = out, after
    return text
