"""What several renderers share: short condition names, the METRICS item titles, paths as URIs, finding lists.

Only formatting helpers live here: nothing decides anything (the report carries every decision).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from pipespec.analysis.results import Assessment
from pipespec.errors import Problem, safe_text
from pipespec.lazyre import LazyPattern
from pipespec.metrics import CONDITIONS
from pipespec.report import FileReport

CONDITION_NAMES = {c.number: c.name for c in CONDITIONS}


_SPLIT: list[tuple[str, list[str]]] = []  # the last source split into lines (one file's findings in a row)


# characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE, U+FFFF) and those HTML
# reports as parse errors (C1 controls, the noncharacters U+FDD0..U+FDEF): one of them makes a browser's XML parser
# refuse a whole drawing
_NOT_MARKUP = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]"  # compiled on first use


def markup_safe(document: str) -> str:
    """An SVG or HTML document with every character markup may not carry written as its ``\\uXXXX`` escape (one
    pass over the finished document; character references to them are forbidden too)."""
    return re.sub(_NOT_MARKUP, _u_escape, document)


def _u_escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def source_lines(source: str) -> list[str]:
    """``[line.rstrip("\r") for line in source.split("\n")]``, once per source rather than once per finding (that
    was findings x size)."""
    if not _SPLIT or _SPLIT[0][0] is not source:
        _SPLIT[:] = [(source, [line.rstrip("\r") for line in source.split("\n")])]
    return _SPLIT[0][1]


# what a source excerpt shows as ``<U+XXXX>``: bidirectional marks, overrides and isolates (which would reorder the
# line on a terminal or a page) and the invisible, default-ignorable characters (zero-width spaces and joiners,
# fillers, variation selectors, tags, the byte-order mark), so that the reader sees what PS110 names
_HIDDEN = LazyPattern("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e"
                        "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                        "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")


def _code_point(m: re.Match[str]) -> str:
    return f"<U+{ord(m.group()):04X}>"


def shown_source(text: str) -> str:
    """A line of source as an excerpt shows it, in every format: bidirectional and invisible characters as
    ``<U+202E>``, control characters and terminal escapes escaped (:func:`~pipespec.errors.safe_text`)."""
    if not text.isascii() and _HIDDEN.search(text):  # (every character _HIDDEN finds is beyond ASCII)
        text = _HIDDEN.sub(_code_point, text)
    return safe_text(text)


def ranges(nums: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``1-3, 5``."""
    if not nums:
        return "none"
    parts: list[str] = []
    start = prev = nums[0]
    for n in [*nums[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


def all_problems(r: FileReport) -> list[Problem]:
    """Input errors (as findings) followed by the findings of a file."""
    return [*r.errors, *r.findings]


def relative_path(path: str, base: str | None = None) -> str:
    """``path`` relative to ``base`` (default: the working directory) when it lies inside it, with ``/``."""
    base = os.path.abspath(base or os.getcwd())
    full = os.path.abspath(path)
    try:
        inside = os.path.commonpath([base, full]) == base
    except ValueError:  # different drives
        inside = False
    rel = os.path.relpath(full, base) if inside else full
    return rel.replace(os.sep, "/")


def path_uri(path: str, base: str | None = None) -> tuple[str, bool]:
    """A URI reference for ``path``: (relative reference, True) inside ``base``, else (file:// URI, False)."""
    from urllib.parse import quote  # only the SARIF/GitHub renderers need it; keep it off the text path

    rel = relative_path(path, base)
    # the real bytes of the name, percent-encoded (a name that is not UTF-8 is held with surrogate escapes)
    if os.path.isabs(rel) or rel.startswith("/"):
        return "file://" + quote(os.fsencode(rel if rel.startswith("/") else "/" + rel), safe="/:"), False
    return quote(os.fsencode(rel), safe="/"), True


# written as \uXXXX escapes in JSON: surrogates (a file name that is not UTF-8, held with surrogate escapes), C1
# controls, line and paragraph separators, bidirectional marks and overrides (json.dumps already escapes C0)
_JSON_ESCAPE = LazyPattern("[\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class _Other(Exception):
    """A value plain JSON data does not hold: json.dumps decides (and raises as it does)."""


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value in (float("inf"), float("-inf")):
        return "Infinity" if value > 0 else "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, float):
        return _float(key)
    if key is True or key is False or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    if isinstance(key, int):
        return int.__repr__(key)
    raise _Other


def _refuse(value: Any) -> Any:
    raise _Other


_FLAT: dict[str, Callable[[Any, int], list[str]]] = {}  # json's C encoder per indentation, for flat containers


def _flat_encoder(inner: str) -> Callable[[Any, int], list[str]] | None:
    """json's C encoder writing items separated by ``,`` and ``inner`` (a newline and the indentation): a container
    of scalars (and empty containers) comes out as json.dumps(indent=2) writes it, but for its brackets' lines."""
    found = _FLAT.get(inner)
    if found is None and c_make_encoder is not None:
        found = _FLAT[inner] = c_make_encoder(None, _refuse, encode_basestring, None, ": ", "," + inner,
                                              False, False, True)
    return found


# A verdict as pipespec.report.verdict_dict gives it (five a file, with their evidence: most of a report's
# containers), written straight from its known keys: the generic walk below spends about 6 us on each
_VERDICT_KEYS = ("verdict", "declared", "rule", "reason", "cause", "question", "evidence")
_EVIDENCE_KEYS = ("stages", "paths", "note")


def _texts(seq: Any, inner: str, indent: str) -> str:
    """A list of texts (``[]`` when empty); TypeError for anything but a list or tuple of texts."""
    if seq.__class__ is not list and seq.__class__ is not tuple:
        raise TypeError("not a list")
    if not seq:
        return "[]"
    return "[" + inner + ("," + inner).join(map(encode_basestring, seq)) + indent + "]"


def _verdict_text(v: dict[Any, Any], indent: str) -> str | None:
    """``v`` as dumps_indented writes it at ``indent``, when it is a verdict's dict of texts (None: another dict);
    TypeError where a value is not of the verdict's types (the generic walk then writes it)."""
    if tuple(v) != _VERDICT_KEYS or v["evidence"].__class__ is not list:
        return None
    enc = encode_basestring
    i1 = indent + "  "
    declared, cause = v["declared"], v["cause"]
    out = ["{", i1, '"verdict": ', enc(v["verdict"]), ",", i1, '"declared": ',
           "null" if declared is None else enc(declared), ",", i1, '"rule": ', enc(v["rule"]), ",", i1,
           '"reason": ', enc(v["reason"]), ",", i1, '"cause": ', "null" if cause is None else enc(cause), ",", i1,
           '"question": ', enc(v["question"]), ",", i1, '"evidence": ']
    evidence = v["evidence"]
    if not evidence:
        out.append("[]")
    else:
        i2 = i1 + "  "
        i3 = i2 + "  "
        i4 = i3 + "  "
        sep = "[" + i2
        for e in evidence:
            if e.__class__ is not dict or tuple(e) != _EVIDENCE_KEYS or e["paths"].__class__ is not list:
                raise TypeError("not a verdict's evidence")
            paths = e["paths"]
            out += [sep, "{", i3, '"stages": ', _texts(e["stages"], i4, i3), ",", i3, '"paths": ',
                    "[" + i4 + ("," + i4).join([_texts(p, i4 + "  ", i4) for p in paths]) + i3 + "]" if paths
                    else "[]", ",", i3, '"note": ', enc(e["note"]), i2, "}"]
            sep = "," + i2
        out.append(i1 + "]")
    out.append(indent + "}")
    return "".join(out)


# values of these exact types are scalars to json's C encoder, written as json.dumps writes them: a container of
# nothing else is written by one call of it, found so without a Python loop over its items (map and set in C)
_SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def dumps_indented(data: Any) -> str:
    """``json.dumps(data, indent=2, ensure_ascii=False)``, the same text, made without the generators of json's
    pure-Python encoder (the only one that indents): a report of a large batch is mostly this.  Items in a row whose
    values are scalars (or empty containers) are written by json's C encoder, one a line as indented; the nesting
    here."""
    parts: list[str] = []
    add = parts.append
    enc = encode_basestring
    containers = (dict, list, tuple)

    def scalar(value: Any) -> str:
        if isinstance(value, str):
            return enc(value)
        if value is None:
            return "null"
        if value is True:
            return "true"
        if value is False:
            return "false"
        if isinstance(value, int):
            return int.__repr__(value)
        if isinstance(value, float):
            return _float(value)
        raise _Other

    def value_of(value: Any, indent: str) -> None:
        if isinstance(value, dict):
            if not value:
                add("{}")
                return
            if len(value) == 7:
                try:
                    text = _verdict_text(value, indent)
                except TypeError:
                    text = None
                if text is not None:
                    add(text)
                    return
            inner = indent + "  "
            flat = _flat_encoder(inner)
            if flat is not None and _SCALAR_TYPES.issuperset(map(type, value.values())):
                add("{" + inner + "".join(flat(value, 0))[1:-1] + indent + "}")
                return
            sep = "{" + inner
            run: dict[Any, Any] = {}  # items whose value is a scalar or an empty container, in a row
            for k, v in value.items():
                if isinstance(v, containers) and v:
                    if run:
                        add(sep + "".join(flat(run, 0))[1:-1] if flat is not None else sep + pairs(run, inner))
                        sep = "," + inner
                        run = {}
                    add(sep + enc(_key(k)) + ": ")
                    sep = "," + inner
                    value_of(v, inner)
                else:
                    run[k] = v
            if run:
                add(sep + "".join(flat(run, 0))[1:-1] if flat is not None else sep + pairs(run, inner))
            add(indent + "}")
        elif isinstance(value, (list, tuple)):
            if not value:
                add("[]")
                return
            inner = indent + "  "
            flat = _flat_encoder(inner)
            if flat is not None and _SCALAR_TYPES.issuperset(map(type, value)):
                add("[" + inner + "".join(flat(value, 0))[1:-1] + indent + "]")
                return
            sep = "[" + inner
            seq: list[Any] = []  # scalars and empty containers in a row
            for v in value:
                if isinstance(v, containers) and v:
                    if seq:
                        add(sep + "".join(flat(seq, 0))[1:-1] if flat is not None else sep + items(seq, inner))
                        sep = "," + inner
                        seq = []
                    add(sep)
                    sep = "," + inner
                    value_of(v, inner)
                else:
                    seq.append(v)
            if seq:
                add(sep + "".join(flat(seq, 0))[1:-1] if flat is not None else sep + items(seq, inner))
            add(indent + "]")
        else:
            add(scalar(value))

    def leaf(value: Any) -> str:
        return ("{}" if isinstance(value, dict) else "[]") if isinstance(value, containers) else scalar(value)

    def pairs(run: dict[Any, Any], inner: str) -> str:
        return ("," + inner).join(enc(_key(k)) + ": " + leaf(v) for k, v in run.items())

    def items(seq: list[Any], inner: str) -> str:
        return ("," + inner).join(leaf(v) for v in seq)

    try:
        value_of(data, "\n")
    except (_Other, TypeError, ValueError, RecursionError):
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(parts)


def dump_json(doc: Any) -> str:
    """A JSON document, indented, UTF-8 kept as is; what must not reach a screen raw (see ``_JSON_ESCAPE``) is
    written as \\uXXXX escapes: the decoded document is the same, the file stays valid UTF-8, and os.fsencode of a
    decoded path gives the real name back."""
    text = dumps_indented(doc) + "\n"
    if text.isascii() and "\x7f" not in text:  # isascii is a flag of the string: a pure-ASCII report needs no scan
        return text
    return _JSON_ESCAPE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _JSON_ESCAPE.search(text) else text


def declared_agreement(declared: str | None, verdict: str) -> str:
    """``agrees`` / ``disagrees`` / ``review`` / ``not declared`` (a label for a declared answer)."""
    if declared is None:
        return "not declared"
    if verdict == "review":
        return "review"
    return "agrees" if declared == verdict else "disagrees"


def score_text(a: Assessment) -> str:
    """``63.4 (good)``, or ``55.1-61.0 (a range: conditions in review)`` when a condition is undecided."""
    if a.score is not None:
        return f"{a.score} ({a.category})"
    assert a.score_range is not None
    low, high = a.score_range
    return (f"{low} (conditions in review)" if low == high
            else f"{low}-{high} (a range: conditions in review)")


def answer_counts(a: Assessment) -> str:
    """``18 yes, 7 no, 1 unanswered of 26 applicable items``."""
    applicable = [r for r in a.items if r.applies == "yes"]
    yes = sum(1 for r in applicable if r.answer == "yes")
    no = sum(1 for r in applicable if r.answer in ("no", "n/a"))
    blank = sum(1 for r in applicable if r.answer is None)
    pending = sum(1 for r in a.items if r.applies == "pending")
    return (f"{yes} yes, {no} no, {blank} unanswered of {len(applicable)} applicable items"
            + (f", {pending} pending review" if pending else ""))


def scores_line(scores: dict[str, object]) -> str:
    """The score distribution of a batch summary in one line."""
    cats = scores["categories"]
    assert isinstance(cats, dict)
    line = (f"METRICS scores of {scores['assessed']} assessed file(s): "
            + ", ".join(f"{k} {n}" for k, n in cats.items()))
    if scores["scored"]:
        line += f"; lowest {scores['min']}, median {scores['median']}, highest {scores['max']}"
    if scores["ranges"]:
        line += f"; {scores['ranges']} given as a range (conditions in review)"
    return line
