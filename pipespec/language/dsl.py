"""The DSL front end: the lark grammar (grammar/pipespec.lark) and the walk from its tree to a document.

A *document* is the plain-data form every front end produces (the same shape as the YAML/JSON format):
``{"pipeline": title, "study": {...}, "stages": [{"name", "kind", "from": [...], <attributes>}, ...],
"declare": {...}, "expect": {...}, "waive": [...]}``, plus a map from paths in it to source spans.
The builder (pipespec.language.build) turns a document into the typed model.
"""

from __future__ import annotations

import functools
from typing import Any

from pipespec import vocab
from pipespec.errors import Diagnostic, Span, SyntaxFailure
from pipespec.language.brackets import explain_unclosed
from pipespec.language.lexicon import NumberError, SpanMap, read_number, spelled
from pipespec.resources import resource_path

# How the grammar is compiled; setup.py generates the installed parser with the same options.
# Trees carry no positions (propagate_positions costs a third of the parse time): the walker locates everything by
# its tokens, and the one diagnostic that spans a whole statement re-parses with positions (_statement_meta).
LARK_OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "propagate_positions": False,
                                "maybe_placeholders": False}


@functools.cache
def _engine() -> tuple[Any, Any]:
    """(runtime, parser): the LALR parser, made once per process, and the module that defines its Token and
    exceptions (the generated parser module, or lark itself).

    An installed pipespec carries a stand-alone parser generated at build time (setup.py), which needs neither
    lark nor a grammar compilation at start-up; it is used only if it was made from the grammar found beside it
    (CRC-32). Otherwise (a source checkout, an editable install) lark builds the parser from the grammar.
    """
    import importlib
    import zlib

    grammar = resource_path("grammar", "pipespec.lark").read_bytes()
    generated: Any  # generated at build time; absent from a source checkout
    try:
        generated = importlib.import_module("pipespec.data.grammar.pipespec_parser")
    except ImportError:
        generated = None
    if generated is not None and getattr(generated, "GRAMMAR_CRC32", None) == zlib.crc32(grammar):
        return generated, generated.Lark_StandAlone()
    import lark

    return lark, lark.Lark(grammar.decode("utf-8"), **LARK_OPTIONS)


def parser() -> Any:
    """The LALR parser (made once per process)."""
    return _engine()[1]


def _runtime() -> Any:
    return _engine()[0]


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
        msg = f"unexpected {_token_text(token)}; expected {_expected_words(exc.expected)}"
        return Diagnostic("PS101", msg, Span(path, max(1, line), max(1, col)))
    if isinstance(exc, UnexpectedCharacters):
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


# --------------------------------------------------------------------------- tree -> document
def _span(path: str, token: Any) -> Span:
    return Span(path, token.line, token.column, token.end_line, token.end_column)


def _unquote(token: Any) -> str:
    if "\\" not in token.value:  # no escapes: what json.loads would return (control characters fall back alike)
        return str(token.value[1:-1])
    import json

    try:
        return str(json.loads(token.value))
    except ValueError:
        return str(token.value[1:-1])


# the atoms of a pre-processing head a phrase of several words may be made of (``random forest importance(top: 10)``)
_PHRASE_ROLE = {"word": "word", "call": "call"}


class _Walker:
    """The tree -> document walk. Like lark's visitors, it dispatches on the node's rule name: one method per
    grammar rule (or alias) of each context, found with ``getattr`` -- statements by their rule name (``stage``,
    ``flow``, ...), values by theirs (``name_value``, ...), and the parts of a stage, the atoms of a head and the
    operations of a pre-processing head under a prefix (``part_block``, ``atom_quoted``, ``op_call``)."""

    def __init__(self, path: str, text: str = ""):
        self.path = path
        self.text = text  # what was parsed (for _statement_meta)
        self.spans: SpanMap = {}
        self.errors: list[Diagnostic] = []
        self.flows: list[tuple[Any, Any]] = []
        self.Token = _runtime().Token

    def err(self, code: str, msg: str, token: Any, fix: str | None = None) -> None:
        self.errors.append(Diagnostic(code, msg, _span(self.path, token), fix=fix))

    # values --------------------------------------------------------------
    def value(self, tree: Any) -> Any:
        if isinstance(tree, self.Token):
            return str(tree)
        return getattr(self, tree.data)(tree)

    def name_value(self, tree: Any) -> str:
        return " ".join(str(c) for c in tree.children)

    def string_value(self, tree: Any) -> str:
        return _unquote(tree.children[0])

    def number_value(self, tree: Any) -> int | float:
        try:
            # a number keeps its source text (``00123``, ``2024.10``: pipespec fmt writes them so)
            return spelled(read_number(tree.children[0]), str(tree.children[0]))
        except NumberError as exc:
            self.err("PS104", str(exc), tree.children[0])
            return 0

    def list_value(self, tree: Any) -> list[Any]:
        return [self.value(c) for c in tree.children if c is not None]

    def block(self, tree: Any, where: tuple[Any, ...]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for pair in tree.children:
            if pair is None:
                continue
            key_tok, val = pair.children
            key = str(key_tok)
            if key in out:
                self.err("PS103", f"attribute '{key}' given twice", key_tok)
                continue
            out[key] = self.value(val)
            self.spans[where + (key,)] = _span(self.path, key_tok)
        return out

    # the pipeline --------------------------------------------------------
    def document(self, tree: Any) -> dict[str, Any]:
        pipeline = tree.children[0]
        title_tok, body = pipeline.children
        doc: dict[str, Any] = {"pipeline": _unquote(title_tok), "stages": []}
        self.spans[()] = _span(self.path, title_tok)
        self.spans[("pipeline",)] = _span(self.path, title_tok)
        for position, st in enumerate(body.children):
            # free each statement's subtree once walked: the peak is then about the tree or the document, not
            # both (100,000 stages: 497 -> 390 MB)
            body.children[position] = None
            getattr(self, st.data)(st, doc, position)
        self.connect(doc)
        return doc

    def flow(self, st: Any, doc: dict[str, Any], position: int) -> None:
        groups = [list(g.children) for g in st.children]
        for a, b in zip(groups, groups[1:]):
            for src in a:
                for dst in b:
                    self.flows.append((src, dst))

    def declare(self, st: Any, doc: dict[str, Any], position: int) -> None:
        self.statement(st, doc.setdefault("declare", {}), "declare")

    def expect(self, st: Any, doc: dict[str, Any], position: int) -> None:
        self.statement(st, doc.setdefault("expect", {}), "expect")

    def waive(self, st: Any, doc: dict[str, Any], position: int) -> None:
        code, just = st.children[0], st.children[1]
        entry: dict[str, Any] = {"code": str(code), "justification": _unquote(just)}
        if len(st.children) > 2:
            entry["stage"] = str(st.children[2])
        waivers = doc.setdefault("waive", [])
        self.spans[("waive", len(waivers))] = _span(self.path, code)
        waivers.append(entry)

    def study(self, st: Any, doc: dict[str, Any], position: int) -> None:
        if "study" in doc:
            self.err("PS103", "'study' given twice", self._statement_meta(position))
        doc["study"] = self.block(st.children[0], ("study",))

    def connect(self, doc: dict[str, Any]) -> None:
        """The flow statements' edges become the ``from`` lists of their target stages."""
        index = {s["name"]: i for i, s in enumerate(doc["stages"])}
        # sets, not list scans: a wide `flow a, b, ... -> x, y, ...` must stay linear in its edges
        edges = {(i, u) for i, s in enumerate(doc["stages"]) for u in s.get("from", ())}
        undefined_seen: set[str] = set()
        for src, dst in self.flows:
            if str(dst) not in index:
                undefined = doc.setdefault("_undefined", [])
                if str(dst) not in undefined_seen:
                    undefined_seen.add(str(dst))
                    self.spans[("_undefined", len(undefined))] = _span(self.path, dst)
                    undefined.append(str(dst))
                continue
            i = index[str(dst)]
            froms = doc["stages"][i].setdefault("from", [])
            if (i, str(src)) in edges:
                continue
            edges.add((i, str(src)))
            self.spans[("stages", i, "from", len(froms))] = _span(self.path, src)
            froms.append(str(src))

    def assess(self, st: Any, doc: dict[str, Any], position: int) -> None:
        """``assess item14 = yes "note"``: one METRICS item answer (a note makes it ``{answer, note}``)."""
        item_tok, val_tok = st.children[0], st.children[1]
        target = doc.setdefault("assess", {})
        key = str(item_tok)
        if key in target:
            self.err("PS103", f"assess {key} given twice", item_tok)
            return
        value: Any = str(val_tok)
        if len(st.children) > 2:
            value = {"answer": value, "note": _unquote(st.children[2])}
            self.spans[("assess", key, "note")] = _span(self.path, st.children[2])
        target[key] = value
        self.spans[("assess", key)] = _span(self.path, item_tok)
        self.spans[("assess", key, "value")] = _span(self.path, val_tok)

    def facts(self, st: Any, doc: dict[str, Any], position: int) -> None:
        """``cohort { ... }``, ``evaluation { ... }``, ``availability { ... }``: study facts."""
        name_tok, block = st.children
        name = str(name_tok)
        if name in doc:
            self.err("PS103", f"'{name}' given twice", name_tok)
            return
        self.spans[(name,)] = _span(self.path, name_tok)
        doc[name] = self.block(block, (name,))

    def statement(self, st: Any, target: dict[str, Any], kind: str) -> None:
        cond_tok, val_tok = st.children
        key = str(cond_tok)
        if key in target:
            self.err("PS103", f"{kind} {key} given twice", cond_tok)
            return
        target[key] = str(val_tok)
        self.spans[(kind, key)] = _span(self.path, cond_tok)
        self.spans[(kind, key, "value")] = _span(self.path, val_tok)

    def stage(self, st: Any, doc: dict[str, Any], position: int) -> None:
        kind_tok, name_tok = st.children[0], st.children[1]
        where = ("stages", len(doc["stages"]))
        stage: dict[str, Any] = {"name": str(name_tok), "kind": str(kind_tok)}
        self.spans[where] = _span(self.path, kind_tok)
        self.spans[where + ("name",)] = _span(self.path, name_tok)
        for part in st.children[2:]:
            getattr(self, "part_" + part.data)(part, stage, where)
        doc["stages"].append(stage)

    # the parts of a stage: head, block, from clause -------------------------
    def part_head(self, part: Any, stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        self.head(stage["kind"], part.children, stage, where)

    def part_block(self, part: Any, stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        for key, value in self.block(part, where).items():
            if key in stage:
                hint = None
                if key in ("architecture", "algorithm", "tool"):
                    hint = (f"the head already names the {key} ('{stage[key]}'); "
                            "use backbone: for the network inside it")
                self.err("PS103", f"attribute '{key}' given twice (in the head and the block)",
                         self._key_token(part, key), fix=hint)
                continue
            stage[key] = value

    def part_from_clause(self, part: Any, stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        froms: list[str] = []
        for tok in part.children:
            self.spans[where + ("from", len(froms))] = _span(self.path, tok)
            froms.append(str(tok))
        stage["from"] = froms

    def _statement_meta(self, position: int) -> Any:
        """Where the ``position``-th statement of the body is, keyword to end (re-parsed with positions)."""
        tree = _positioned_parser().parse(self.text)
        return tree.children[0].children[1].children[position].meta

    @staticmethod
    def _key_token(block: Any, key: str) -> Any:
        for pair in block.children:
            if pair is not None and str(pair.children[0]) == key:
                return pair.children[0]
        return block.children[0].children[0]

    # positional heads ------------------------------------------------------
    def head(self, kind: str, atoms: list[Any], stage: dict[str, Any], where: tuple[Any, ...]) -> None:
        def put(key: str, value: Any, tok: Any) -> None:
            if key in stage:
                self.err("PS103", f"{kind} '{stage['name']}' has two values for '{key}' "
                                  f"('{stage[key]}' and '{value}')", tok)
                return
            stage[key] = value
            self.spans[where + (key,)] = _span(self.path, tok)

        if kind == "preprocessing":
            ops: list[Any] = []
            for k, atom in enumerate(self._phrases(atoms)):
                if isinstance(atom, tuple):  # a phrase of several words: (operation, its first token)
                    self.spans[where + ("ops", k)] = _span(self.path, atom[1])
                    ops.append(atom[0])
                    continue
                self.spans[where + ("ops", k)] = _span(self.path, self._first_token(atom))
                ops.append(getattr(self, "op_" + atom.data)(atom))
            stage["ops"] = ops
            self.spans[where + ("ops",)] = _span(self.path, self._first_token(atoms[0]))
            return
        words: list[tuple[str, Any]] = []
        for atom in atoms:
            if isinstance(atom, self.Token):
                continue
            word = getattr(self, "atom_" + atom.data)(atom, kind)
            if word is None:
                return
            words.append(word)
        if kind == "input":
            phrase: list[tuple[str, Any]] = []  # words of the modality: "contrast-enhanced CT", "breast US"
            for text, tok in words:
                if text.startswith("\x00"):
                    phrase.append((text[1:], tok))
                elif vocab.enum_value(vocab.FORMS, text):
                    put("form", text, tok)
                elif vocab.enum_value(vocab.HOLDS, text):
                    put("holds", text, tok)
                else:
                    phrase.append((text, tok))
            if len(phrase) > 1 and "form" not in stage and "holds" not in stage:
                # a word after a known modality stands where the data type goes: `MRI kspce` is a typo, not a
                # modality (qualifiers come first: "contrast-enhanced CT")
                last, last_tok = phrase[-1]
                before = " ".join(w for w, _ in phrase[:-1])
                if (not str(last_tok.value).startswith('"') and vocab.enum_value(vocab.MODALITIES, last) is None
                        and vocab.enum_value(vocab.MODALITIES, before) is not None):
                    self.err("PS104", f"unknown data type '{last}' after the modality '{before}'"
                                      f"{vocab.did_you_mean(last, vocab.enum_choices(vocab.FORMS))}", last_tok,
                             fix="data types: " + ", ".join(vocab.enum_choices(vocab.FORMS))
                                 + '; quote a modality of several words ("CT chest")')
                    return
            if phrase:
                put("modality", " ".join(w for w, _ in phrase), phrase[0][1])
        elif kind == "output":
            for text, tok in words:
                if text.startswith("\x00"):
                    put("target", text[1:], tok)
                else:
                    put("task", text, tok)
        elif kind == "feature_extraction":
            self.named_head(words, "method", vocab.METHODS, "tool", put)
        elif kind == "model":
            self.named_head(words, "family", vocab.FAMILIES, None, put)

    # the atoms of a head other than a pre-processing one: (word, its token); a quoted word is marked by a NUL
    def atom_word(self, atom: Any, kind: str) -> tuple[str, Any]:
        return str(atom.children[0]), atom.children[0]

    atom_number = atom_word

    def atom_quoted(self, atom: Any, kind: str) -> tuple[str, Any]:
        return "\x00" + _unquote(atom.children[0]), atom.children[0]

    def atom_call(self, atom: Any, kind: str) -> None:
        self.err("PS101", f"a {kind} stage takes no '(...)' arguments; use an attribute block "
                          "{ key: value }", self._first_token(atom))
        return None

    def named_head(self, words: list[tuple[str, Any]], lead_key: str, lead: dict[str, str],
                   name_key: str | None, put: Any) -> None:
        """``[lead word] name words...``: e.g. ``handcrafted PyRadiomics`` or ``deep ResNet-34``."""
        if len(words) > 1 and not words[0][0].startswith("\x00") and vocab.enum_value(lead, words[0][0]):
            # a leading family/method word, unless the whole phrase is itself a known name ("deep CNN")
            if vocab.lookup(" ".join(w for w, _ in words)) is None:
                put(lead_key, words[0][0], words[0][1])
                words = words[1:]
        elif len(words) == 1 and vocab.enum_value(lead, words[0][0]) and vocab.lookup(words[0][0]) is None:
            put(lead_key, words[0][0], words[0][1])
            return
        if not words:
            return
        name = " ".join(w.lstrip("\x00") for w, _ in words)
        key = name_key
        if key is None:  # a model: architecture for deep names, algorithm for classical/statistical ones
            term = vocab.lookup(name)
            key = "algorithm" if term is not None and term.family in ("classical", "statistical") else "architecture"
        put(key, name, words[0][1])

    def _phrases(self, atoms: list[Any]) -> list[Any]:
        """Operations of several words written without quotes or commas (``correlation filter``, ``Mann-Whitney U``,
        ``random forest importance(top: 10)``) are one operation when the phrase is a known name."""
        Token = _runtime().Token
        lines = self.text.split("\n")

        def role(atom: Any) -> str | None:
            """'word' or 'call' for the atoms a phrase may be made of, else None."""
            return None if isinstance(atom, Token) else _PHRASE_ROLE.get(atom.data)

        def name_tok(atom: Any) -> Any:
            if role(atom) is None:
                return None
            tok = atom.children[0]
            return tok if tok.type == "NAME" else None

        def adjacent(a: Any, b: Any) -> bool:
            return bool(a.end_line == b.line and a.line == b.line
                    and lines[a.line - 1][a.end_column - 1:b.column - 1].strip() == "")

        out: list[Any] = []
        k = 0
        while k < len(atoms):
            first = name_tok(atoms[k])
            best = None
            if first is not None and role(atoms[k]) == "word":
                j = k
                words = [str(first)]
                while (j + 1 < len(atoms) and name_tok(atoms[j + 1]) is not None and role(atoms[j]) == "word"
                       and adjacent(name_tok(atoms[j]), name_tok(atoms[j + 1]))):
                    j += 1
                    words.append(str(name_tok(atoms[j])))
                    phrase = " ".join(words)
                    if vocab.processing_method(phrase) or vocab.op_name(phrase):
                        best = (j, phrase)
            if best is None:
                out.append(atoms[k])
                k += 1
                continue
            j, phrase = best
            last = atoms[j]
            op: Any = phrase
            if role(last) == "call":
                op = self.op_call(last)
                op["op"] = phrase
            out.append((op, first))
            k = j + 1
        return out

    def _first_token(self, atom: Any) -> Any:
        if isinstance(atom, self.Token):
            return atom
        return self._first_token(atom.children[0])

    # the operations of a pre-processing head
    def op_quoted(self, atom: Any) -> Any:
        return {"op": _unquote(atom.children[0]), "custom": True}

    def op_number(self, atom: Any) -> Any:
        return str(atom.children[0])

    def op_word(self, atom: Any) -> Any:
        return str(atom.children[0])

    def op_call(self, atom: Any) -> Any:
        name_tok = atom.children[0]
        custom = name_tok.type == "STRING"
        name = _unquote(name_tok) if custom else str(name_tok)
        args: list[Any] = []
        params: dict[str, Any] = {}
        for arg in atom.children[1:]:
            if arg is None:
                continue
            if getattr(arg, "data", None) == "pair":
                params[str(arg.children[0])] = self.value(arg.children[1])
            else:
                args.append(self.value(arg))
        out: dict[str, Any] = {"op": name}
        if args:
            out["args"] = args
        out.update(params)
        if custom:
            out["custom"] = True
        return out


def parse_document(text: str, path: str = "<string>") -> tuple[dict[str, Any], SpanMap]:
    """Parse DSL text into a document and its span map; raises :class:`SyntaxFailure` (PS101)."""
    rt = _runtime()
    LarkError, UnexpectedInput = rt.LarkError, rt.UnexpectedInput

    import unicodedata

    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise SyntaxFailure(Diagnostic("PS101", "empty file; expected 'pipeline \"title\" { ... }'",
                                       Span(path, 1, 1)))
    parsed = text if text.endswith("\n") else text + "\n"
    try:
        tree = parser().parse(parsed)
    except UnexpectedInput as exc:
        diag = _syntax_error(exc, path, text)
        at_end = isinstance(exc, rt.UnexpectedEOF) or getattr(getattr(exc, "token", None), "type", "") == "$END"
        raise SyntaxFailure(explain_unclosed(text, diag, at_end) or diag) from None
    except (LarkError, RecursionError) as exc:
        raise SyntaxFailure(Diagnostic("PS101", f"cannot parse: {type(exc).__name__}", Span(path, 1, 1))) from None
    walker = _Walker(path, parsed)
    doc = walker.document(tree)
    if walker.errors:
        raise SyntaxFailure(walker.errors)
    return doc, walker.spans
