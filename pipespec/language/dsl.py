"""The DSL front end: the lark grammar (grammar/pipespec.lark), parsed into a document built during the parse.

The grammar's own LALR tables (the stand-alone parser generated at build time, or lark's in a source checkout)
drive the parse; the tokens are cut by the lexer made for this grammar (pipespec.language.lexer), and each
reduction calls a method of :class:`_Builder` (lark's transformer protocol), so no parse tree is made.

A *document* is the plain-data form every front end produces (the same shape as the YAML/JSON format):
``{"pipeline": title, "study": {...}, "stages": [{"name", "kind", "from": [...], <attributes>}, ...],
"declare": {...}, "expect": {...}, "waive": [...]}``, plus a map from paths in it to source spans.
The builder (pipespec.language.build) turns a document into the typed model.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from typing import Any

from pipespec import vocab
from pipespec.errors import Diagnostic, Span, SyntaxFailure
from pipespec.language.brackets import explain_unclosed
from pipespec.language.lexer import Token, Unsure
from pipespec.language.lexicon import NumberError, Quoted, SpanMap, read_number, spelled
from pipespec.lazyre import LazyPattern
from pipespec.resources import resource_file, resource_path

# How the grammar is compiled; setup.py generates the installed parser with the same options.
# Reductions carry no positions (propagate_positions costs a third of the parse time): the builder locates everything
# by its tokens, and the one diagnostic that spans a whole statement re-parses with positions (_statement_meta).
LARK_OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "propagate_positions": False,
                                "maybe_placeholders": False}


@functools.cache
def _runtime() -> Any:
    """The module that defines the parser, its Token and exceptions: the stand-alone parser generated at build
    time, or lark itself.

    An installed pipespec carries a stand-alone parser generated at build time (setup.py), which needs neither
    lark nor a grammar compilation at start-up; it is used only if it was made from the grammar found beside it
    (CRC-32). Otherwise (a source checkout, an editable install) lark builds the parser from the grammar.
    """
    import importlib
    import zlib

    with open(resource_file("grammar", "pipespec.lark"), "rb") as fh:
        grammar = fh.read()
    generated: Any  # generated at build time; absent from a source checkout
    try:
        generated = importlib.import_module("pipespec.data.grammar.pipespec_parser")
    except ImportError:
        generated = None
    if generated is not None and getattr(generated, "GRAMMAR_CRC32", None) == zlib.crc32(grammar):
        return generated
    import lark

    return lark


@functools.cache
def _stored() -> Any:
    """The lexer's spec of the generated parser, stored by setup.py beside it (``pipespec_spec``, with the CRC-32 of
    its grammar): used only if made from the grammar found beside it and in the layout this lexer reads. With it, a
    valid text is parsed without loading the generated parser (or lark) at all; None in a source checkout."""
    import importlib
    import zlib

    from pipespec.language.lexer import SPEC_VERSION

    try:
        stored = importlib.import_module("pipespec.data.grammar.pipespec_spec")
    except ImportError:
        return None
    with open(resource_file("grammar", "pipespec.lark"), "rb") as fh:
        grammar = fh.read()
    if (getattr(stored, "GRAMMAR_CRC32", None) != zlib.crc32(grammar)
            or getattr(stored, "FAST_SPEC", {}).get("version") != SPEC_VERSION):
        return None
    return stored


@functools.cache
def _engine() -> tuple[Any, Any]:
    """(runtime, parser): lark's LALR parser object, made once per process (for the exact path: errors, and
    the texts the fast lexer hands over), and the module that defines it."""
    rt = _runtime()
    if rt.__name__ == "lark":
        return rt, rt.Lark(resource_path("grammar", "pipespec.lark").read_text(encoding="utf-8"), **LARK_OPTIONS)
    return rt, rt.Lark_StandAlone()


def parser() -> Any:
    """The LALR parser (made once per process)."""
    return _engine()[1]


def _positioned_parser() -> Any:
    """The same parser with positions on trees (``tree.meta``); made only for the rare error that needs them."""
    rt = _runtime()
    if rt.__name__ == "lark":
        return rt.Lark(resource_path("grammar", "pipespec.lark").read_text(encoding="utf-8"),
                       **{**LARK_OPTIONS, "propagate_positions": True})
    return rt.Lark_StandAlone(propagate_positions=True)


# --------------------------------------------------------------------------- errors in words
_WORDS = {
    "KIND": "a stage kind (input, preprocessing, feature_extraction, model, output)",
    "NAME": "a name",
    "FACTS": "a block of study facts (cohort, evaluation, availability)",
    "STRING": "a quoted string",
    "NUMBER": "a number",
    "_NL": "end of line",
    "$END": "end of file",
}


def _describe(terminal: str) -> str:
    if terminal in _WORDS:
        return _WORDS[terminal]
    for t in parser().terminals:
        if t.name == terminal and t.pattern.type == "str":
            return f"'{t.pattern.value}'"
    return terminal.lower()


def _expected_words(expected: set[str] | frozenset[str]) -> str:
    words = sorted({_describe(t) for t in expected})
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " or " + words[-1]


def _token_text(token: Any) -> str:
    if token.type == "_NL":
        return "end of line"
    if token.type == "$END":
        return "end of file"
    text = str(token.value)
    return f"'{text[:40]}'"


def _end_of(text: str, path: str) -> Span:
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        return Span(path, len(lines), 1)
    return Span(path, len(lines), len(lines[-1]) + 1)


# the words a statement of the body starts with (the stage kinds first: what a misspelt first word most often is)
_STATEMENT_WORDS = ("input", "preprocessing", "feature_extraction", "model", "output", "flow", "declare", "expect",
                    "waive", "study", "assess", "cohort", "evaluation", "availability")


def _misspelt_statement(token: Any, expected: Any, at: Span) -> Diagnostic | None:
    """A name where a statement starts that is close to a stage kind or a statement word (``preprocesing``,
    ``modle``, ``Model``): did you mean, and the replacement as an (unsafe) fix."""
    if token.type != "NAME" or "KIND" not in expected:
        return None
    word = str(token.value)
    hits = vocab.suggest(word, _STATEMENT_WORDS, n=2)
    if not hits:
        return None
    from pipespec.edits import UNSAFE, Edit, Fix

    shown_word = word[:40]
    end = Span(at.file, at.line, at.column + len(word))
    fix = Fix(f"replace '{shown_word}' with '{hits[0]}'",
              (Edit(at.line, at.column, end.line, end.column, hits[0]),), UNSAFE)
    kinds = hits[0] in _STATEMENT_WORDS[:5]
    return Diagnostic("PS101", f"unknown {'stage kind' if kinds else 'statement'} '{shown_word}'"
                               f"{vocab.did_you_mean(word, _STATEMENT_WORDS)}",
                      Span.of(at.file, at.line, at.column, end.line, end.column),
                      fix=("stage kinds: " + ", ".join(_STATEMENT_WORDS[:5]) if kinds
                           else "statements: " + ", ".join(_STATEMENT_WORDS[5:])), autofix=fix)


_KIND_NAME_COLON = LazyPattern(r"[\t \f]*(input|preprocessing|feature_extraction|model|output)[\t \f]+(\S+?)[\t \f]*"
                                 r"(:)[\t \f]*(?:#[^\n]*)?[\t \f]*\Z")


def _colon_without_head(token: Any, text: str, at: Span) -> Diagnostic | None:
    """``model clf: {`` (a colon and no head before the block): say the two ways to write it."""
    if token.type not in ("LBRACE", "_NL", "$END") or token.type == "$END":
        return None
    start = getattr(token, "start_pos", None)
    if not isinstance(start, int):
        return None
    line_start = text.rfind("\n", 0, start) + 1
    found = _KIND_NAME_COLON.match(text, line_start, start)
    if found is None:
        return None
    kind, name = found.group(1), found.group(2)
    from pipespec.edits import SAFE, Edit, Fix

    colon_line = text.count("\n", 0, line_start) + 1
    colon_col = found.start(3) - line_start + 1  # 1-based column of the colon
    fix = Fix("remove the ':'", (Edit(colon_line, colon_col, colon_line, colon_col + 1, ""),), SAFE)
    return Diagnostic("PS101", f"a ':' with no head: write `{kind} {name[:40]} {{` or give a head after ':'",
                      Span(at.file, colon_line, colon_col),
                      fix=f"`{kind} {name[:40]} {{ ... }}`, or `{kind} {name[:40]}: HEAD {{ ... }}`", autofix=fix)


# what ends a value written without quotes (the separators and brackets around values); a value with '@' or '%'
# the grammar cannot read bare (``40%``: a word must start with a letter) is shown quoted
_VALUE_ENDS = frozenset(" \t\f\r\n,[](){}:\"#")
_NUMBER = LazyPattern(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")  # the grammar's NUMBER: what takes a sign apart (`40 %`)


def _unquoted_value(exc: Any, text: str, path: str) -> Diagnostic | None:
    """A value the grammar cannot read bare (``40%``, ``@home``) where a value stands (after ``:``, ``,``, ``[`` or
    ``(``): the error is located at the whole value and shows its quoted form, with the quoting as a safe fix."""
    pos = getattr(exc, "pos_in_stream", None)
    if not isinstance(pos, int) or not 0 <= pos < len(text) or text[pos] not in "@%":
        return None  # other characters have their own hint (a name with brackets: "R(2+1)D")
    start = pos
    while start > 0 and text[start - 1] not in _VALUE_ENDS:
        start -= 1
    end = pos
    while end < len(text) and text[end] not in _VALUE_ENDS:
        end += 1
    if start == pos:  # the sign apart from what it belongs to (`40 %`): the value is both, as written
        blank = start
        while blank > 0 and text[blank - 1] in " \t":  # (a form feed is no blank a quoted value may hold)
            blank -= 1
        word = blank
        while word > 0 and text[word - 1] not in _VALUE_ENDS:
            word -= 1
        if word < blank < start and _NUMBER.fullmatch(text, word, blank):  # (after a word, a stray sign)
            start = word
    before = text[:start].rstrip(" \t\f")
    if not before or before[-1] not in ":,[(" or end - start > 200:
        return None
    value = text[start:end]
    import json

    from pipespec.edits import SAFE, Edit, Fix

    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    end_col = col + (end - start)
    quoted = json.dumps(value, ensure_ascii=False)
    fix = Fix(f"quote {quoted}", (Edit(line, col, line, end_col, quoted),), SAFE)
    return Diagnostic("PS101", f"unexpected character {exc.char!r}: '{value[:60]}' cannot be written bare; "
                               f"quote it: {quoted[:64]}",
                      Span.of(path, line, col, line, end_col),
                      fix="a bare value is a word that starts with a letter (letters, digits, _ joined by - . + / @ %) "
                          "or a number; anything else is written in quotes", autofix=fix)


def _syntax_error(exc: Exception, path: str, text: str) -> Diagnostic:
    rt = _runtime()
    UnexpectedCharacters, UnexpectedEOF, UnexpectedToken = (rt.UnexpectedCharacters, rt.UnexpectedEOF,
                                                            rt.UnexpectedToken)

    if isinstance(exc, UnexpectedToken):
        token = exc.token
        line = token.line if token.line is not None and token.line > 0 else getattr(exc, "line", 1)
        col = token.column if token.column is not None and token.column > 0 else getattr(exc, "column", 1)
        if token.type == "_NL":  # point at the end of the line, not the start of the next one
            line, col = exc.line, exc.column
        if token.type == "$END":
            end = _end_of(text, path)
            line, col = end.line, end.column
        at = Span(path, max(1, line), max(1, col))
        specific = _misspelt_statement(token, exc.expected, at) or _colon_without_head(token, text, at)
        if specific is not None:
            return specific
        msg = f"unexpected {_token_text(token)}; expected {_expected_words(exc.expected)}"
        return Diagnostic("PS101", msg, at)
    if isinstance(exc, UnexpectedCharacters):
        unquoted = _unquoted_value(exc, text, path)
        if unquoted is not None:
            return unquoted
        msg = f"unexpected character {exc.char!r}"
        allowed = getattr(exc, "allowed", None)
        if allowed:
            msg += f"; expected {_expected_words(allowed)}"
        hint = None
        if exc.char in "()[]+*&%$!?'<>|\\~^`@;":
            hint = 'a name with other characters can be written in quotes, e.g. "R(2+1)D" or "T2-FLAIR (3D)"'
        return Diagnostic("PS101", msg, Span(path, max(1, exc.line), max(1, exc.column)), fix=hint)
    if isinstance(exc, UnexpectedEOF):
        return Diagnostic("PS101", f"unexpected end of file; expected {_expected_words(exc.expected)}",
                          _end_of(text, path))
    return Diagnostic("PS101", f"syntax error: {exc}", Span(path, 1, 1))


# --------------------------------------------------------------------------- the document, built during the parse
# A token is the tuple the parser shifts (pipespec.language.lexer.Token): (text, terminal, start offset, line,
# column, end line, end column, end offset).
def _span(path: str, token: Token, _new: Callable[..., Span] = tuple.__new__) -> Span:
    """The span of a token: ``Span(path, line, column, end line, end column)``, made as Span.of makes it."""
    return _new(Span, (path, token[3], token[4], token[5], token[6]))


def _meta_span(path: str, meta: Any) -> Span:
    return Span.of(path, meta.line, meta.column, meta.end_line, meta.end_column)


def _unquote(token: Token) -> str:
    value = token[0]
    if "\\" not in value:  # no escapes: what json.loads would return (control characters fall back alike)
        return value[1:-1]
    import json

    try:
        return str(json.loads(value))
    except ValueError:
        return value[1:-1]


_ENUMS: dict[tuple[str, str], str | None] = {}
_UNKNOWN = "\x00"  # (no table value)


def _enum(table: str, word: str) -> str | None:
    """``vocab.enum_value`` of the vocabulary's table named ``table`` (fixed once vocab is imported), remembered for
    short words (the words of heads recur from stage to stage and file to file), up to a bounded number of them."""
    value = _ENUMS.get((table, word), _UNKNOWN)
    if value is _UNKNOWN:
        value = vocab.enum_value(getattr(vocab, table), word)
        if len(word) <= 64 and len(_ENUMS) < 4096:
            _ENUMS[(table, word)] = value
    return value


def _candidate_text(name: str) -> str:
    """A candidate's name as a list item of the DSL: bare words, or quoted."""
    return name if all(_BARE_WORD.fullmatch(w) for w in name.split(" ")) else '"' + name.replace('"', '\\"') + '"'


_BARE_WORD = LazyPattern(r"[^\W\d][\w.+/-]*")


def _network_op(phrase: str) -> bool:
    """A network of several words that may stand as the operation it performs (``Deep Resolve``, ``Mask R-CNN``)."""
    term = vocab.lookup(phrase)
    return term is not None and term.op is not None


# the atoms of a pre-processing head a phrase of several words may be made of (``random forest importance(top: 10)``)
_PHRASE_ROLE = {"word": "word", "call": "call"}


class _Builder:
    """The document, built while the LALR parser reduces (lark's transformer protocol: one method per grammar rule
    or alias, called with the rule's children, named like the rule). Values, atoms, blocks and the parts of a stage
    return what their statement needs; each statement, reduced in the order of the text, goes straight into the
    document. A stage dispatches on what its parts are named, as lark's visitors do: the parts of a stage, the
    atoms of a head and the operations of a pre-processing head are found under a prefix (``part_block``,
    ``atom_quoted``, ``op_call``).

    One builder serves one parse at a time (``begin`` ... ``finish``); the reduce callbacks that call it are made
    once per builder."""

    def __init__(self) -> None:
        self.exact: dict[Any, Any] | None = None  # lark's callbacks calling this builder (the exact path)
        self.begin("<string>", "")

    def begin(self, path: str, text: str) -> None:
        self.path = path
        self.text = text  # what was parsed (for _statement_meta)
        self.spans: SpanMap = {}
        self.errors: list[Diagnostic] = []
        self.whole: list[tuple[int, int, str]] = []  # (index in errors, statement, message): located after the parse
        self.flows: list[tuple[Any, Any]] = []
        self.doc: dict[str, Any] = {"pipeline": None, "stages": []}
        self.position = 0  # of the next statement in the body

    def err(self, code: str, msg: str, token: Any, fix: str | None = None) -> None:
        self.errors.append(Diagnostic(code, msg, _span(self.path, token), fix=fix))

    # values (a value is plain data: str, int, float or list) --------------------
    def name_value(self, children: list[Any]) -> str:
        if len(children) == 1:
            return children[0][0]  # type: ignore[no-any-return]
        return " ".join([tok[0] for tok in children])

    def string_value(self, children: list[Any]) -> str:
        return Quoted(_unquote(children[0]))

    def number_value(self, children: list[Any]) -> int | float:
        literal = children[0][0]
        try:
            # a number keeps its source text (``00123``, ``2024.10``: pipespec fmt writes them so)
            return spelled(read_number(literal), literal)
        except NumberError as exc:
            self.err("PS104", str(exc), children[0])
            return 0

    def list_value(self, children: list[Any]) -> list[Any]:
        return children

    def pair(self, children: list[Any]) -> tuple[Any, Any]:
        return children[0], children[1]  # (the key's token, the value)

    def block(self, children: list[Any]) -> tuple[str, list[tuple[Any, Any]]]:
        return "block", children

    def _pairs(self, pairs: list[tuple[Any, Any]], where: tuple[Any, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        spans, path = self.spans, self.path
        for key_tok, value in pairs:
            key = key_tok[0]
            if key in out:
                self.err("PS103", f"attribute '{key}' given twice", key_tok)
                continue
            out[key] = value
            spans[where + (key,)] = _span(path, key_tok)
        return out

    # the pipeline --------------------------------------------------------
    def start(self, children: list[Any]) -> dict[str, Any]:
        return self.doc

    def pipeline(self, children: list[Any]) -> None:
        title_tok = children[0]
        self.doc["pipeline"] = _unquote(title_tok)
        self.spans[()] = self.spans[("pipeline",)] = _span(self.path, title_tok)
        self.connect(self.doc)

    def body(self, children: list[Any]) -> None:
        return None

    def group(self, children: list[Any]) -> list[Any]:
        return children

    def flow(self, children: list[Any]) -> None:
        self.position += 1
        for a, b in zip(children, children[1:]):
            for src in a:
                for dst in b:
                    self.flows.append((src, dst))

    def declare(self, children: list[Any]) -> None:
        self.position += 1
        self.statement(children, self.doc.setdefault("declare", {}), "declare")

    def expect(self, children: list[Any]) -> None:
        self.position += 1
        self.statement(children, self.doc.setdefault("expect", {}), "expect")

    def waive(self, children: list[Any]) -> None:
        self.position += 1
        code, just = children[0], children[1]
        entry: dict[str, Any] = {"code": code[0], "justification": _unquote(just)}
        if len(children) > 2:
            entry["stage"] = children[2][0]
        waivers = self.doc.setdefault("waive", [])
        self.spans[("waive", len(waivers))] = _span(self.path, code)
        waivers.append(entry)

    def study(self, children: list[Any]) -> None:
        position = self.position
        self.position += 1
        if "study" in self.doc:
            # located once the whole text has parsed (a syntax error further on is the one to report)
            self.whole.append((len(self.errors), position, "'study' given twice"))
            self.errors.append(Diagnostic("PS103", "'study' given twice", Span(self.path)))
        self.doc["study"] = self._pairs(children[0][1], ("study",))

    def connect(self, doc: dict[str, Any]) -> None:
        """The flow statements' edges become the ``from`` lists of their target stages."""
        if not self.flows:
            return
        stages, spans, path = doc["stages"], self.spans, self.path
        index = {s["name"]: i for i, s in enumerate(stages)}
        # sets, not list scans: a wide `flow a, b, ... -> x, y, ...` must stay linear in its edges
        edges = {(i, u) for i, s in enumerate(stages) if "from" in s for u in s["from"]}
        undefined_seen: set[str] = set()
        undefined_seen_from: set[tuple[str, str]] = set()
        for src_tok, dst_tok in self.flows:
            src, dst = src_tok[0], dst_tok[0]
            i = index.get(dst)
            if i is None:
                undefined = doc.setdefault("_undefined", [])
                if dst not in undefined_seen:
                    undefined_seen.add(dst)
                    spans[("_undefined", len(undefined))] = _span(path, dst_tok)
                    undefined.append(dst)
                if src not in index and (src, dst) not in undefined_seen_from:  # neither end is a stage
                    undefined_seen_from.add((src, dst))
                    both = doc.setdefault("_undefined_from", [])
                    spans[("_undefined_from", len(both))] = _span(path, src_tok)
                    both.append([src, dst])
                continue
            froms = stages[i].setdefault("from", [])
            if (i, src) in edges:
                continue
            edges.add((i, src))
            spans[("stages", i, "from", len(froms))] = _span(path, src_tok)
            froms.append(src)

    def assess(self, children: list[Any]) -> None:
        """``assess item14 = yes "note"``: one METRICS item answer (a note makes it ``{answer, note}``)."""
        self.position += 1
        item_tok, val_tok = children[0], children[1]
        target = self.doc.setdefault("assess", {})
        key = item_tok[0]
        if key in target:
            self.err("PS103", f"assess {key} given twice", item_tok)
            return
        value: Any = val_tok[0]
        if len(children) > 2:
            value = {"answer": value, "note": _unquote(children[2])}
            self.spans[("assess", key, "note")] = _span(self.path, children[2])
        target[key] = value
        self.spans[("assess", key)] = _span(self.path, item_tok)
        self.spans[("assess", key, "value")] = _span(self.path, val_tok)

    def facts(self, children: list[Any]) -> None:
        """``cohort { ... }``, ``evaluation { ... }``, ``availability { ... }``: study facts."""
        self.position += 1
        name_tok, block = children
        name = name_tok[0]
        if name in self.doc:
            self.err("PS103", f"'{name}' given twice", name_tok)
            return
        self.spans[(name,)] = _span(self.path, name_tok)
        self.doc[name] = self._pairs(block[1], (name,))

    def statement(self, children: list[Any], target: dict[str, Any], kind: str) -> None:
        cond_tok, val_tok = children
        key = cond_tok[0]
        if key in target:
            self.err("PS103", f"{kind} {key} given twice", cond_tok)
            return
        target[key] = val_tok[0]
        self.spans[(kind, key)] = _span(self.path, cond_tok)
        self.spans[(kind, key, "value")] = _span(self.path, val_tok)

    def stage(self, children: list[Any]) -> None:
        self.position += 1
        kind_tok, name_tok = children[0], children[1]
        stages = self.doc["stages"]
        where = ("stages", len(stages))
        stage: dict[str, Any] = {"name": name_tok[0], "kind": kind_tok[0]}
        spans, path = self.spans, self.path
        spans[where] = _span(path, kind_tok)
        spans[where + ("name",)] = _span(path, name_tok)
        for part, payload in children[2:]:
            getattr(self, "part_" + part)(payload, stage, where)
        stages.append(stage)

    # the parts of a stage: head, block, from clause (each returns its name and what it holds) -------------
    def head(self, children: list[Any]) -> tuple[str, list[Any]]:
        return "head", children

    def from_clause(self, children: list[Any]) -> tuple[str, list[Any]]:
        return "from_clause", children

    def part_head(self, atoms: list[Any], stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        self.interpret_head(stage["kind"], atoms, stage, where)

    def part_block(self, pairs: list[tuple[Any, Any]], stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        keys: dict[str, Any] = {}
        for key_tok, _ in pairs:
            keys.setdefault(key_tok[0], key_tok)
        for key, value in self._pairs(pairs, where).items():
            if key in stage:
                self.twice(key, stage, value, keys[key])
                continue
            stage[key] = value

    def twice(self, key: str, stage: dict[str, Any], value: Any, key_tok: Any) -> None:
        """An attribute the head already gave, given again in the block."""
        head = stage[key]
        if key in ("architecture", "algorithm") and (isinstance(value, list) or key == "algorithm"):
            # the head names one algorithm and the block the ones the study compares: one list, in one place
            listed = [head] + [v for v in (value if isinstance(value, list) else [value])
                               if isinstance(v, str) and v != head]
            candidates = ", ".join(_candidate_text(v) for v in listed)
            self.err("PS103", f"the head names one {key} ('{head}') and the block {key} "
                              f"{'lists' if isinstance(value, list) else 'names'} "
                              f"{'the compared ones' if isinstance(value, list) else 'another'}: "
                              "name the candidates in one place",
                     key_tok, fix=f"{stage['kind']} {stage['name']} {{ {key}: [{candidates}] }} "
                                  "(or one name in the head, and backbone: for a network inside it)")
            return
        hint = None
        if key in ("architecture", "algorithm", "tool"):
            hint = f"the head already names the {key} ('{head}'); use backbone: for the network inside it"
        self.err("PS103", f"attribute '{key}' given twice (in the head and the block)", key_tok, fix=hint)

    def part_from_clause(self, toks: list[Any], stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        froms: list[str] = []
        for tok in toks:
            self.spans[where + ("from", len(froms))] = _span(self.path, tok)
            froms.append(tok[0])
        stage["from"] = froms

    def _statement_meta(self, position: int) -> Any:
        """Where the ``position``-th statement of the body is, keyword to end (re-parsed with positions)."""
        tree = _positioned_parser().parse(self.text)
        return tree.children[0].children[1].children[position].meta

    # the atoms of a head: (what the atom is, its token or, for a call, its children) ------------------------
    def word(self, children: list[Any]) -> tuple[str, Any]:
        return "word", children[0]

    def quoted(self, children: list[Any]) -> tuple[str, Any]:
        return "quoted", children[0]

    def number(self, children: list[Any]) -> tuple[str, Any]:
        return "number", children[0]

    def call(self, children: list[Any]) -> tuple[str, Any]:
        return "call", children

    @staticmethod
    def _first_token(atom: tuple[str, Any]) -> Any:
        return atom[1][0] if atom[0] == "call" else atom[1]

    # positional heads ------------------------------------------------------
    def interpret_head(self, kind: str, atoms: list[Any], stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        spans, path = self.spans, self.path

        def put(key: str, value: Any, tok: Any) -> None:
            if key in stage:
                self.err("PS103", f"{kind} '{stage['name']}' has two values for '{key}' "
                                  f"('{stage[key]}' and '{value}')", tok)
                return
            stage[key] = value
            spans[where + (key,)] = _span(path, tok)

        if kind == "preprocessing":
            ops: list[Any] = []
            first: Span | None = None
            for k, atom in enumerate(self._phrases(atoms)):
                if atom[0] is None:  # a phrase of several words: (None, (operation, its first token))
                    span = _span(path, atom[1][1])
                    ops.append(atom[1][0])
                else:
                    what, held = atom
                    span = _span(path, held[0] if what == "call" else held)  # the atom's first token
                    ops.append(getattr(self, "op_" + what)(held))
                spans[where + ("ops", k)] = span
                if first is None:
                    first = span
            stage["ops"] = ops
            # the first operation's first token (a phrase starts with the first atom's token)
            spans[where + ("ops",)] = first if first is not None else _span(path, self._first_token(atoms[0]))
            return
        words: list[tuple[str, Any]] = []
        for what, held in atoms:
            word = getattr(self, "atom_" + what)(held, kind)
            if word is None:
                return
            words.append(word)
        if kind == "input":
            phrase: list[tuple[str, Any]] = []  # words of the modality: "contrast-enhanced CT", "breast US"
            for text, tok in words:
                if text.startswith("\x00"):
                    phrase.append((text[1:], tok))
                elif _enum("FORMS", text):
                    put("form", text, tok)
                elif _enum("HOLDS", text):
                    put("holds", text, tok)
                else:
                    phrase.append((text, tok))
            if len(phrase) > 1 and "form" not in stage and "holds" not in stage:
                # a word after a known modality stands where the data type goes: `MRI kspce` is a typo, not a
                # modality (qualifiers come first: "contrast-enhanced CT")
                last, last_tok = phrase[-1]
                before = " ".join(w for w, _ in phrase[:-1])
                if (not last_tok[0].startswith('"') and _enum("MODALITIES", last) is None
                        and _enum("MODALITIES", before) is not None):
                    self.err("PS104", f"unknown data type '{last}' after the modality '{before}'"
                                      f"{vocab.did_you_mean(last, vocab.enum_choices(vocab.FORMS))}", last_tok,
                             fix="data types: " + ", ".join(vocab.enum_choices(vocab.FORMS))
                                 + '; quote a modality of several words ("CT chest")')
                    return
            if phrase:
                put("modality", " ".join(w for w, _ in phrase), phrase[0][1])
        elif kind == "output":
            tasks: list[tuple[str, Any]] = []
            for text, tok in words:
                if text.startswith("\x00"):
                    put("target", text[1:], tok)
                else:
                    tasks.append((text, tok))
            if len(tasks) > 1 and _enum("TASKS", " ".join(t for t, _ in tasks)) is not None:
                tasks = [(" ".join(t for t, _ in tasks), tasks[0][1])]  # one task of several words
            if len(tasks) == 1:
                put("task", tasks[0][0], tasks[0][1])
            elif tasks:  # an output with several tasks, as a multi-task model's (classification, regression)
                put("task", [t for t, _ in tasks], tasks[0][1])
                for k, (_, tok) in enumerate(tasks):
                    spans[where + ("task", k)] = _span(path, tok)
        elif kind == "feature_extraction":
            self.named_head(words, "method", "METHODS", "tool", put)
        elif kind == "model":
            self.named_head(words, "family", "FAMILIES", None, put)

    # the atoms of a head other than a pre-processing one: (word, its token); a quoted word is marked by a NUL
    def atom_word(self, tok: Any, kind: str) -> tuple[str, Any]:
        return tok[0], tok

    atom_number = atom_word

    def atom_quoted(self, tok: Any, kind: str) -> tuple[str, Any]:
        return "\x00" + _unquote(tok), tok

    def atom_call(self, children: list[Any], kind: str) -> None:
        self.err("PS101", f"a {kind} stage takes no '(...)' arguments; use an attribute block "
                          "{ key: value }", children[0])
        return None

    def named_head(self, words: list[tuple[str, Any]], lead_key: str, lead: str,
                   name_key: str | None, put: Any) -> None:
        """``[lead word] name words...``: e.g. ``handcrafted PyRadiomics`` or ``deep ResNet-34`` (``lead``: the name of
        the vocabulary's table of leading words)."""
        if len(words) > 1 and not words[0][0].startswith("\x00") and _enum(lead, words[0][0]):
            # a leading family/method word, unless the whole phrase is itself a known name ("deep CNN")
            if vocab.lookup(" ".join(w for w, _ in words)) is None:
                put(lead_key, words[0][0], words[0][1])
                words = words[1:]
        elif len(words) == 1 and _enum(lead, words[0][0]) and vocab.lookup(words[0][0]) is None:
            put(lead_key, words[0][0], words[0][1])
            return
        if not words:
            return
        name = " ".join(w.lstrip("\x00") for w, _ in words)
        if len(words) == 1 and words[0][0].startswith("\x00"):
            name = Quoted(name)  # a quoted name: the author's own (an in-house tool)
        key = name_key
        if key is None:  # a model: architecture for deep names, algorithm for classical/statistical ones
            term = vocab.lookup(name)
            key = "algorithm" if term is not None and term.family in ("classical", "statistical") else "architecture"
        put(key, name, words[0][1])

    def _phrases(self, atoms: list[tuple[str, Any]]) -> list[tuple[Any, Any]]:
        """Operations of several words written without quotes or commas (``correlation filter``, ``Mann-Whitney U``,
        ``random forest importance(top: 10)``) are one operation when the phrase is a known name: such a phrase
        becomes ``(None, (operation, its first token))``; every other atom is kept as it is."""
        previous = None
        for atom in atoms:  # no word followed by a word or a call: no phrase (the common case)
            if previous == "word" and atom[0] in _PHRASE_ROLE:
                break
            previous = atom[0]
        else:
            return atoms
        text = self.text

        def role(atom: tuple[str, Any]) -> str | None:
            """'word' or 'call' for the atoms a phrase may be made of, else None."""
            return _PHRASE_ROLE.get(atom[0])

        def name_tok(atom: tuple[str, Any]) -> Any:
            if role(atom) is None:
                return None
            tok = self._first_token(atom)
            return tok if tok[1] == "NAME" else None

        def adjacent(a: Any, b: Any) -> bool:
            # on one line, with nothing but blanks between them
            return bool(a[5] == b[3] and a[3] == b[3] and text[a[7]:b[2]].strip() == "")

        out: list[tuple[Any, Any]] = []
        k = 0
        while k < len(atoms):
            first = name_tok(atoms[k])
            best = None
            if first is not None and role(atoms[k]) == "word":
                j = k
                words = [first[0]]
                while (j + 1 < len(atoms) and name_tok(atoms[j + 1]) is not None and role(atoms[j]) == "word"
                       and adjacent(name_tok(atoms[j]), name_tok(atoms[j + 1]))):
                    j += 1
                    words.append(name_tok(atoms[j])[0])
                    phrase = " ".join(words)
                    if vocab.processing_method(phrase) or vocab.op_name(phrase) or _network_op(phrase):
                        best = (j, phrase)
            if best is None:
                out.append(atoms[k])
                k += 1
                continue
            j, phrase = best
            last = atoms[j]
            op: Any = phrase
            if role(last) == "call":
                op = self.op_call(last[1])
                op["op"] = phrase
            out.append((None, (op, first)))
            k = j + 1
        return out

    # the operations of a pre-processing head
    def op_quoted(self, tok: Any) -> Any:
        return {"op": _unquote(tok), "custom": True}

    def op_number(self, tok: Any) -> Any:
        return tok[0]

    def op_word(self, tok: Any) -> Any:
        return tok[0]

    def op_call(self, children: list[Any]) -> Any:
        name_tok = children[0]
        custom = name_tok[1] == "STRING"
        name = _unquote(name_tok) if custom else name_tok[0]
        args: list[Any] = []
        params: dict[str, Any] = {}
        for arg in children[1:]:
            if type(arg) is tuple:  # a pair (the key's token, the value); a value is never a tuple
                params[arg[0][0]] = arg[1]
            else:
                args.append(arg)
        out: dict[str, Any] = {"op": name}
        if args:
            out["args"] = args
        out.update(params)
        if custom:
            out["custom"] = True
        return out


class _Front:
    """The fast front end of one parser: its lexer and tables, and builders with their reduce callbacks (made
    once per builder; a builder is lent to one parse at a time, so threads never share one)."""

    def __init__(self, source: Any):
        from pipespec.language.lexer import FastParser

        if hasattr(source, "FAST_SPEC") and not hasattr(source, "DATA"):  # the spec stored at build time
            self.fast = FastParser(source.FAST_SPEC, _runtime, parser)
        elif hasattr(source, "DATA") and hasattr(source, "MEMO"):  # the generated module: its tables, read once
            self.fast = FastParser.of_generated(source, parser)
        else:
            self.fast = FastParser.of_parser(parser(), source)
        self.free: list[tuple[_Builder, Any]] = []

    def lend(self) -> tuple[_Builder, Any]:
        """A builder and the fast path's tables with its callbacks in them."""
        try:
            return self.free.pop()
        except IndexError:
            builder = _Builder()
            return builder, self.fast.table(builder)

    def exact(self, builder: _Builder) -> dict[Any, Any]:
        """lark's callbacks calling ``builder`` (made once per builder, when lark's loop first parses for it)."""
        if builder.exact is None:
            builder.exact = self.fast.lark_callbacks(builder)
        return builder.exact


@functools.cache
def _front(source: Any) -> _Front:
    """The fast front end made from ``source``: the spec stored at build time, the generated parser, or lark."""
    return _Front(source)


# A text with a line longer than this (generated or hostile text) is parsed by lark's loop alone: where the fast
# lexer fails to cut a token over such a line (an unterminated string), it scans the line once more than lark does,
# and the regular expression engine's backtracking over a long run outgrows the caches (superlinear in the line).
LONG_LINE = 1 << 16


def _has_long_line(text: str) -> bool:
    start = 0
    while True:
        stop = text.find("\n", start)
        if stop < 0:
            return len(text) - start > LONG_LINE
        if stop - start > LONG_LINE:
            return True
        start = stop + 1


def parse_document(text: str, path: str = "<string>", fast: bool = True) -> tuple[dict[str, Any], SpanMap]:
    """Parse DSL text into a document and its span map; raises :class:`SyntaxFailure` (PS101).

    The document is built while the text is parsed. ``fast`` (the default) cuts the tokens with the lexer made
    for this grammar (pipespec.language.lexer), which hands anything it does not prove identical to lark's own
    lexer; ``fast=False`` uses lark's lexer throughout (the same tokens, documents and errors)."""
    text = unicodedata.normalize("NFC", text)
    if not text or text.isspace():
        raise SyntaxFailure(Diagnostic("PS101", "empty file; expected 'pipeline \"title\" { ... }'",
                                       Span(path, 1, 1)))
    parsed = text if text.endswith("\n") else text + "\n"
    front = _front(_stored() or _runtime())
    lent = front.lend()
    builder, table = lent
    try:
        builder.begin(path, parsed)
        doc: dict[str, Any] | None = None
        if fast and not (len(parsed) > LONG_LINE and _has_long_line(parsed)):
            try:
                doc = front.fast.parse(parsed, table)
            except Unsure:
                builder.begin(path, parsed)
        if doc is None:
            rt = _runtime()
            LarkError, UnexpectedInput = rt.LarkError, rt.UnexpectedInput
            try:
                doc = front.fast.parse_with_lark(parsed, front.exact(builder))
            except UnexpectedInput as exc:
                diag = _syntax_error(exc, path, text)
                at_end = (isinstance(exc, rt.UnexpectedEOF)
                          or getattr(getattr(exc, "token", None), "type", "") == "$END")
                raise SyntaxFailure(explain_unclosed(text, diag, at_end) or diag) from None
            except (LarkError, RecursionError) as exc:
                raise SyntaxFailure(Diagnostic("PS101", f"cannot parse: {type(exc).__name__}",
                                               Span(path, 1, 1))) from None
        for at, position, message in builder.whole:
            builder.errors[at] = Diagnostic("PS103", message, _meta_span(path, builder._statement_meta(position)))
        if builder.errors:
            raise SyntaxFailure(builder.errors)
        spans = builder.spans
        assert doc is not None
        return doc, spans
    finally:
        builder.begin("<string>", "")  # hold nothing of this text
        front.free.append(lent)
