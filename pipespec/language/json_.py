"""The JSON front end: strict JSON (no NaN, no duplicate keys) -> document + spans."""

from __future__ import annotations

from typing import Any

from pipespec.errors import Diagnostic, LimitError, Span, SyntaxFailure, span_at
from pipespec.language.lexicon import NumberError, SpanMap, read_number, spelled


def parse_json(text: str, path: str = "<string>") -> tuple[Any, SpanMap]:
    """Strict JSON -> (document, spans); raises a located :class:`SyntaxFailure` (PS101).

    The input limits are pipespec.language.prescan's, checked before (and between: see load_source).
    """
    return load_json(text, path), json_spans(text, path)


def load_json(text: str, path: str = "<string>") -> Any:
    """The document of a strict JSON text (no spans: :func:`json_spans` finds them, slower)."""
    import json

    def constant(name: str) -> Any:  # Python's json reads NaN and Infinity; JSON (RFC 8259) has neither
        blanked = _blank_strings(text)
        where = span_at(text, max(blanked.find(name), 0), path)
        raise SyntaxFailure(Diagnostic("PS101", f"JSON: {name} is not a JSON number", where))

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:  # YAML and the DSL reject repeated keys too
        out: dict[str, Any] = {}
        for key, value in pairs:
            if key in out:
                import re

                hits = list(re.finditer(re.escape(json.dumps(key)) + r"\s*:", text))
                pos = hits[1].start() if len(hits) > 1 else 0
                raise SyntaxFailure(Diagnostic("PS101", f"JSON: duplicate key {json.dumps(key)[:60]}",
                                               span_at(text, pos, path)))
            out[key] = value
        return out

    def number_error(literal: str, message: str) -> SyntaxFailure:
        import re

        blanked = _blank_strings(text)
        m = re.search(r"(?<![\w.+-])" + re.escape(literal) + r"(?![\w.])", blanked)
        return SyntaxFailure(Diagnostic("PS104", f"JSON: {message}", span_at(text, m.start() if m else 0, path)))

    def number(literal: str) -> int | float:  # integers too: checked before int() converts them
        try:
            return spelled(read_number(literal), literal)  # a number keeps its source text (1.50 stays 1.50)
        except NumberError as exc:
            raise number_error(literal, str(exc)) from None

    try:
        return json.loads(text, parse_constant=constant, object_pairs_hook=unique, parse_int=number,
                          parse_float=number)
    except json.JSONDecodeError as exc:
        raise SyntaxFailure(Diagnostic("PS101", f"JSON: {exc.msg}", Span(path, exc.lineno, exc.colno))) from None
    except RecursionError:
        raise LimitError(Diagnostic("PS112", "JSON nesting too deep", Span(path, 1, 1))) from None


def _blank_strings(text: str) -> str:
    """``text`` with every string blanked (an unterminated one runs to the end: no text is scanned twice)."""
    import re

    return re.sub(r'"(?:[^"\\]++|\\.)*+"?', lambda m: " " * len(m.group()), text)


def json_spans(text: str, path: str = "<string>") -> SpanMap:
    """Positions of every value (and key) of an already-valid JSON text, keyed by their path."""
    import re

    spans: SpanMap = {}
    ws = re.compile(r"[ \t\r\n]*")
    string = re.compile(r'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
    scalar = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")
    line_starts = [0]
    for newline in re.finditer("\n", text):
        line_starts.append(newline.end())

    import bisect
    import json

    def span_at(pos: int) -> Span:
        line = bisect.bisect_right(line_starts, pos)
        return Span(path, line, pos - line_starts[line - 1] + 1)

    # iterative walk: stack of (container kind, path, next index)
    pos = ws.match(text, 0).end()  # type: ignore[union-attr]
    stack: list[list[Any]] = []
    where: tuple[Any, ...] = ()
    expecting_value = True
    while pos < len(text):
        ch = text[pos]
        if expecting_value:
            # a mapping key keeps its own span (where a key's error points); the value's is under "value"
            spans.setdefault(where, span_at(pos))
            if where:
                spans[where + ("value",)] = span_at(pos)
            if ch == "{":
                stack.append(["{", where])
                pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    stack.pop()
                    pos += 1
                    expecting_value = False
                    continue
                m = string.match(text, pos)
                assert m
                key = json.loads(m.group())
                where = stack[-1][1] + (key,)
                spans[where] = span_at(pos)
                pos = ws.match(text, m.end()).end() + 1  # type: ignore[union-attr]  # ':'
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
                continue
            if ch == "[":
                stack.append(["[", where, 0])
                pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
                if text[pos] == "]":
                    stack.pop()
                    pos += 1
                    expecting_value = False
                    continue
                where = where + (0,)
                continue
            m = string.match(text, pos) if ch == '"' else scalar.match(text, pos)
            assert m
            value_span = span_at(pos)
            if where:
                spans.setdefault(where, value_span)
                spans[where + ("value",)] = value_span
            pos = m.end()
            expecting_value = False
            continue
        pos = ws.match(text, pos).end()  # type: ignore[union-attr]
        if pos >= len(text) or not stack:
            break
        ch = text[pos]
        top = stack[-1]
        if ch == ",":
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
            if top[0] == "{":
                m = string.match(text, pos)
                assert m
                key = json.loads(m.group())
                where = top[1] + (key,)
                spans[where] = span_at(pos)
                pos = ws.match(text, m.end()).end() + 1  # type: ignore[union-attr]
                pos = ws.match(text, pos).end()  # type: ignore[union-attr]
            else:
                top[2] += 1
                where = top[1] + (top[2],)
            expecting_value = True
            continue
        # '}' or ']'
        stack.pop()
        where = top[1]
        pos += 1
    return spans
