"""A lexer made for the DSL grammar, driving the generated LALR tables directly.

Everything is read from the parser (lark's stand-alone module generated at build time, or lark itself in a
source checkout), never copied from the grammar by hand: the terminals, their patterns and priorities, the
ignored terminals, the parse table and the rule callbacks.  What it adds is speed:

* one compiled pattern: every terminal as a named group, in the order lark's own lexer tries them (priority, then
  width, then pattern length, then name);
* positions computed from the start of the current line, advanced only by terminals that can hold a new line
  (the ones lark's line counter watches);
* the LALR loop inlined, shifting each token as soon as it is cut and reducing with lark's tree-builder callbacks
  (for a transformer, the model is built during the parse).

The contextual lexer of lark gives a token the type its parser state accepts: in a state where a name is
expected, ``model`` or ``at`` is a NAME; where a statement starts, ``flow`` is the keyword and ``flowx`` is
``flow`` then ``x``.  The single pattern reproduces this exactly: when the first terminal that matches is not
accepted in the current state, the same ordered alternation continues from the next terminal (each terminal's
own pattern, compiled once on first use, skipping those the state does not accept) until an accepted one
matches, which is the terminal lark's lexer for that state would have chosen, since its terminals are the accepted ones in the same order; a name that spells a
keyword the state accepts becomes that keyword, as lark's ``unless`` callback does.  Anything else (no terminal
matches, the parser rejects a token) is :class:`Unsure`: the caller parses again with lark's own lexer, so every
error message and location is lark's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

__all__ = ["FastParser", "Token", "Unsure"]

# a token as this parser hands it to the reduce callbacks (and as the exact path hands it, converted from lark's):
# (text, terminal, start offset, line, column, end line, end column, end offset); lines and columns from 1, the
# end column and offset just past the token, as lark's Token has them
Token = tuple[str, str, int, int, int, int, int, int]


class Unsure(Exception):
    """The text is not one this fast path proves it handles exactly as lark: parse it with lark's lexer."""


def _has_newline(regexp: str) -> bool:
    """lark's test of which terminals can hold a new line (``_regexp_has_newline``), applied to the same text."""
    return "\n" in regexp or "\\n" in regexp or "\\s" in regexp or "[^" in regexp or ("(?s" in regexp and "." in regexp)


# ----------------------------------------------------------------------------------- what a pattern can match
class _Unknown(Exception):
    """A construct the analysis below does not follow: the caller then assumes nothing."""


_CATEGORIES = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
               "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}


class _Chars:
    """The characters a regular expression can consume, from Python's own parse of it: the one-character tests
    (``LITERAL``, ``IN``, ``ANY``, ...) that can take its first character, those that can take any of its
    characters, and whether it can match the empty string. Look-arounds and anchors consume nothing and are left
    out, so the tests are a superset of the truth (what they exclude, the pattern never matches). Anything else
    (back-references, conditionals, case-insensitive or ASCII-only parts) raises :class:`_Unknown`."""

    def __init__(self, regexp: str, flags: int):
        from re import _constants as c
        from re import _parser as p

        self.c = c
        parsed = p.parse(regexp, flags)
        self.flags = parsed.state.flags
        if self.flags & (re.IGNORECASE | re.ASCII | re.LOCALE):
            raise _Unknown(regexp)
        self.first, self.every, self.nullable = self._walk(list(parsed))

    def _walk(self, items: list[Any]) -> tuple[list[Any], list[Any], bool]:
        c = self.c
        first: list[Any] = []
        every: list[Any] = []
        nullable = True
        for op, av in items:
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue
            if op in (c.LITERAL, c.NOT_LITERAL, c.ANY, c.IN):
                f, e, n = [(op, av)], [(op, av)], False
            elif op is c.SUBPATTERN:
                _group, add_flags, del_flags, sub = av
                if add_flags or del_flags:
                    raise _Unknown(op)
                f, e, n = self._walk(list(sub))
            elif op is c.ATOMIC_GROUP:
                f, e, n = self._walk(list(av))
            elif op is c.BRANCH:
                f, e, n = [], [], False
                for alt in av[1]:
                    f2, e2, n2 = self._walk(list(alt))
                    f, e, n = f + f2, e + e2, n or n2
            elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
                low, _high, sub = av
                f, e, n = self._walk(list(sub))
                n = n or low == 0
            else:
                raise _Unknown(op)
            every += e
            if nullable:
                first += f
            nullable = nullable and n
        return first, every, nullable

    def takes(self, char: str, tests: list[Any]) -> bool:
        """Whether one of ``tests`` takes ``char``."""
        return any(self._takes(char, op, av) for op, av in tests)

    def _takes(self, char: str, op: Any, av: Any) -> bool:
        c, code = self.c, ord(char)
        if op is c.LITERAL:
            return bool(code == av)
        if op is c.NOT_LITERAL:
            return bool(code != av)
        if op is c.ANY:
            return char != "\n" or bool(self.flags & re.DOTALL)
        negate = False
        hit = False
        for kind, arg in av:
            if kind is c.NEGATE:
                negate = True
            elif kind is c.LITERAL:
                hit = hit or code == arg
            elif kind is c.RANGE:
                hit = hit or arg[0] <= code <= arg[1]
            elif kind is c.CATEGORY and str(arg) in _CATEGORIES:
                hit = hit or re.fullmatch(_CATEGORIES[str(arg)], char, self.flags) is not None
            else:
                raise _Unknown(kind)
        return hit != negate

    def first_chars(self) -> set[str]:
        """Every character the first test can take, if the tests name them one by one (few, no negation)."""
        c = self.c
        out: set[str] = set()
        for op, av in self.first:
            if op is c.LITERAL:
                out.add(chr(av))
                continue
            if op is not c.IN:
                raise _Unknown(op)
            for kind, arg in av:
                if kind is c.LITERAL:
                    out.add(chr(arg))
                elif kind is c.RANGE and arg[1] - arg[0] < 256:
                    out.update(chr(k) for k in range(arg[0], arg[1] + 1))
                else:
                    raise _Unknown(kind)
        return out


def _skip(regexps: dict[str, str], ignore: frozenset[str], flags: int) -> bool:
    """Whether the ignored terminals can be skipped before each token instead of being cut as tokens of their own,
    proved from the terminals' patterns: each ignored terminal matches at least one character, none can hold a
    new line (so skipping them moves no line count), and no other terminal can start with a character an ignored
    one can start with. Then, at any position, either only ignored terminals can match (the contextual lexer of
    every state, which tries the ignored terminals in every state, cuts them in the order of the pattern, as a skip
    in that order does) or none can (the skip takes nothing)."""
    try:
        ignored = [_Chars(regexps[name], flags) for name in regexps if name in ignore]
        others = [_Chars(regexps[name], flags) for name in regexps if name not in ignore]
        starts: set[str] = set()
        for chars in ignored:
            if chars.nullable or chars.takes("\n", chars.every):
                return False
            starts |= chars.first_chars()
        return not any(chars.takes(ch, chars.first) for chars in others for ch in starts)
    except (_Unknown, re.error, ValueError, TypeError, ImportError, AttributeError):
        return False


def _can_hold_newline(regexp: str, flags: int) -> bool:
    """Whether a terminal's match can hold a new line: lark's test, narrowed by the analysis of the pattern where it
    proves the terminal never consumes one (counting new lines in its values would find none)."""
    if not _has_newline(regexp):
        return False
    try:
        chars = _Chars(regexp, flags)
        return chars.takes("\n", chars.every)
    except (_Unknown, re.error, ValueError, TypeError, ImportError, AttributeError):
        return True


class FastParser:
    """The terminals, tables and line bookkeeping of one generated (or lark-built) parser."""

    def __init__(self, runtime: Any, terminals: list[Any], ignore: list[str], flags: int, table: Any,
                 rules: list[Any], options: dict[str, Any], lark_parser: Callable[[], Any]):
        self.lark_parser = lark_parser  # lark's parser for the same tables: made only for the exact path
        self.states: dict[Any, dict[str, tuple[Any, Any]]] = table.states
        self.start_state = table.start_states["start"]
        self.end_state = table.end_states["start"]
        self.rules = rules
        self.options = options
        self.runtime = runtime
        parts = _parts(runtime)
        self.Token, self.ParseConf, self.ParserState, self.LexerThread, self.ParseTreeBuilder, self.Tree = parts
        self.Shift = self.ParserState.feed_token.__globals__["Shift"]
        self.parse_table = table
        # terminals no rule keeps in its children (punctuation, keywords, new lines): the parser's value for them
        # is never read, so no token is made for them (tokens are still made for ``record``)
        kept = {str(sym.name) for rule in self.rules for sym in rule.expansion if sym.is_term
                and (rule.options.keep_all_tokens or not (sym.filter_out or sym.name.startswith("_")))}
        self.dropped = frozenset(str(t.name) for t in terminals if str(t.name) not in kept)

        terminals = sorted(terminals, key=lambda t: (-t.priority, -t.pattern.max_width,
                                                            -len(t.pattern.value), t.name))
        self.order = [str(t.name) for t in terminals]
        self.index = {name: i for i, name in enumerate(self.order)}
        self.regexps = [t.pattern.to_regexp() for t in terminals]
        self.flags = flags
        self.singles: dict[int, re.Pattern[str]] = {}  # one terminal's pattern, compiled on first use
        self.ignore = frozenset(str(name) for name in ignore)
        self.kept = frozenset(self.order) - self.dropped - self.ignore
        # the ignored terminals (blanks, comments) skipped in front of each token by the one pattern, where the
        # terminals' patterns prove it the same as cutting them one by one (_skip); else cut as tokens
        self.skips = _skip(dict(zip(self.order, self.regexps)), self.ignore, flags)
        if self.skips:
            skip = "(?:" + "|".join(f"(?P<{name}>{rx})" for name, rx in zip(self.order, self.regexps)
                                    if name in self.ignore) + ")*+"
            cut = "|".join(f"(?P<{name}>{rx})" for name, rx in zip(self.order, self.regexps)
                           if name not in self.ignore)
            self.pattern = re.compile(f"{skip}(?:{cut})", flags)
            self.tail: re.Pattern[str] | None = re.compile(f"{skip}\\Z", flags)
        else:
            self.pattern = re.compile(self._alternation(0), flags)
            self.tail = None
        self.newline_types = frozenset(name for name, rx in zip(self.order, self.regexps)
                                       if _can_hold_newline(rx, flags))
        # lark's ``unless``: a string terminal a regexp terminal of the same priority matches whole is that
        # terminal's value spelled out (a keyword is a NAME) and becomes the keyword where the state accepts it
        self.unless: dict[str, dict[str, str]] = {}
        self.embedded: dict[str, str] = {}
        strings = [t for t in terminals if t.pattern.type == "str"]
        for retok in (t for t in terminals if t.pattern.type == "re"):
            rx = re.compile(retok.pattern.to_regexp(), flags)
            for s in strings:
                if s.priority != retok.priority:
                    continue
                m = rx.match(s.pattern.value)
                if m is not None and m.group(0) == s.pattern.value:
                    self.unless.setdefault(str(retok.name), {})[str(s.pattern.value)] = str(s.name)
                    if s.pattern.flags <= retok.pattern.flags:
                        self.embedded[str(s.name)] = str(retok.name)
        # where the state does not accept the regexp terminal (a NAME) but accepts the keyword it spelled, the
        # keyword is what the state's lexer cuts, provided no terminal between the two in the order matches there
        self.keywords: dict[str, dict[str, str]] = {}
        for retok_name, words in self.unless.items():
            for value, keyword in words.items():
                between = range(self.index[retok_name] + 1, self.index[keyword])
                if all(re.match(self.regexps[k], value, flags) is None for k in between):
                    self.keywords.setdefault(retok_name, {})[value] = keyword

    @classmethod
    def of_parser(cls, parser: Any, runtime: Any) -> FastParser:
        """From a lark (or stand-alone) parser object."""
        opts = parser.options
        options = {"tree_class": opts.tree_class, "propagate_positions": opts.propagate_positions,
                   "maybe_placeholders": opts.maybe_placeholders}
        return cls(runtime, parser.terminals, parser.lexer_conf.ignore, parser.lexer_conf.g_regex_flags,
                   parser.parser.parser.parser.parse_table, parser.rules, options, lambda: parser)

    @classmethod
    def of_generated(cls, module: Any, lark_parser: Callable[[], Any]) -> FastParser:
        """From the tables of the stand-alone module setup.py generates, read as its own loader reads them, without
        making its parser object (whose contextual lexer has one lexer per parser state): that is made by
        ``lark_parser`` only when the exact path is needed."""
        memo = module.SerializeMemoizer.deserialize(module.MEMO, {"Rule": module.Rule,
                                                                  "TerminalDef": module.TerminalDef}, {})
        data = module.DATA
        rules = [module.Rule.deserialize(r, memo) for r in data["rules"]]
        lexer_conf = module.LexerConf.deserialize(data["parser"]["lexer_conf"], memo)
        table = module.IntParseTable.deserialize(data["parser"]["parser"], memo)
        opts = data["options"]
        options = {"tree_class": opts.get("tree_class"), "propagate_positions": opts.get("propagate_positions"),
                   "maybe_placeholders": opts.get("maybe_placeholders")}
        return cls(module, lexer_conf.terminals, lexer_conf.ignore, lexer_conf.g_regex_flags, table, rules,
                   options, lark_parser)

    def _alternation(self, start: int) -> str:
        return "|".join(f"(?P<{name}>{rx})" for name, rx in zip(self.order[start:], self.regexps[start:]))

    def _after(self, typ: str, row: dict[str, Any], ignore: frozenset[str], text: str,
               pos: int) -> tuple[str, re.Match[str]]:
        """The first terminal after ``typ`` (in the order of the pattern) that the state accepts and that matches
        at ``pos``: what the alternation would give, continued past every terminal the state does not take."""
        embedded, singles, flags = self.embedded, self.singles, self.flags
        for k in range(self.index[typ] + 1, len(self.order)):
            name = self.order[k]
            if (name not in row and name not in ignore) or (name in embedded and embedded[name] in row):
                continue
            single = singles.get(k)
            if single is None:
                single = singles[k] = re.compile(self.regexps[k], flags)
            m = single.match(text, pos)
            if m is not None:
                return name, m
        raise Unsure

    def _contextual(self, typ: str, m: re.Match[str], row: dict[str, Any], text: str) -> tuple[str, int, int]:
        """The token the state's own lexer cuts where the pattern matched ``typ``: (its terminal, start, end).

        The state's lexer tries only the terminals it accepts (and, where the state accepts the regexp terminal a
        string terminal is folded into, not that string terminal): go on after the match; a regexp terminal that
        spells a keyword the state accepts is that keyword."""
        ignore, embedded, keywords, unless = self.ignore, self.embedded, self.keywords, self.unless
        start = m.start(typ)
        stop = m.end()
        if typ not in row and typ not in ignore:
            keyword = keywords[typ].get(m.group(typ)) if typ in keywords else None
            if keyword is not None and keyword in row:
                typ = keyword
            else:
                typ, single = self._after(typ, row, ignore, text, start)
                stop = single.end()
        elif typ in embedded and embedded[typ] in row:
            typ, single = self._after(typ, row, ignore, text, start)
            stop = single.end()
        if typ in unless:
            keyword = unless[typ].get(text[start:stop])
            if keyword is not None and keyword in row:
                typ = keyword
        return typ, start, stop

    # ------------------------------------------------------------------------------------------- callbacks
    def callbacks(self, transformer: Any = None) -> dict[Any, Any]:
        """lark's own reduce callbacks for this grammar: tree building, or ``transformer``'s methods by rule name
        (as ``Lark(transformer=...)`` makes them)."""
        opts = self.options
        tree_class = _Children if transformer is not None else opts["tree_class"] or self.Tree
        builder = self.ParseTreeBuilder(self.rules, tree_class,
                                        bool(opts["propagate_positions"]), False, bool(opts["maybe_placeholders"]))
        return dict(builder.create_callback(transformer))

    def token_callbacks(self) -> dict[str, Callable[[Any], Token]]:
        """For lark's own parser loop (the exact path): per terminal, the callback lark applies to a token it shifts,
        making it the tuple this parser shifts (:data:`Token`), so that the reduce callbacks see the same values."""
        def as_tuple(tok: Any) -> Token:
            return (str(tok), str(tok.type), tok.start_pos, tok.line, tok.column, tok.end_line, tok.end_column,
                    tok.end_pos)

        return {name: as_tuple for name in self.order if name not in self.ignore}

    def _inlined(self, callbacks: dict[Any, Any]) -> bool:
        """Whether every rule lark inlines into the rule that uses it (``_sep``, ``__body_star_0``: a name starting
        with ``_``) builds nothing but the node holding its children (no transformer method of its own), so that the
        children's list itself can stand for the node."""
        names = self.ParseTreeBuilder.__init__.__globals__
        for rule, callback in callbacks.items():
            if not str(getattr(getattr(rule, "origin", None), "name", "")).startswith("_"):
                continue
            if isinstance(callback, names["ChildFilterLALR_NoPlaceholders"]):
                callback = callback.node_builder
            if not (isinstance(callback, functools.partial) and callback.func is _Children):
                return False
        return True

    def _direct(self, rule: Any, callback: Any, lists: bool) -> Any:
        """lark's callback, or the same call made directly: a child filter picks children by index; ``?rule`` passes
        its single child on (None: a rule of one symbol whose value is its child's, which the parser then leaves in
        place). With ``lists`` (see :meth:`_inlined`), an inlined rule's value is the list of its children, which
        the rule using it takes in where lark takes the children of its node."""
        names = self.ParseTreeBuilder.__init__.__globals__
        inline = lists and str(rule.origin.name).startswith("_")
        if isinstance(callback, names["ExpandSingleChild"]) and not inline:
            if len(rule.expansion) == 1:
                return None
            build = callback.node_builder
            return lambda children: children[0] if len(children) == 1 else build(children)
        if not isinstance(callback, names["ChildFilterLALR_NoPlaceholders"]):
            return _same if inline else callback
        build, include = callback.node_builder, callback.to_include
        if any(expand for _, expand in include):
            if not lists:
                return callback
            return _expanding(include, None if inline else build)
        picked = tuple(i for i, _ in include)
        if inline:
            return lambda children: [children[k] for k in picked]
        if len(picked) == 1:
            (i,) = picked
            return lambda children: build([children[i]])
        if len(picked) == 2:
            i, j = picked
            return lambda children: build([children[i], children[j]])
        return lambda children: build([children[k] for k in picked])

    def table(self, callbacks: dict[Any, Any]) -> _Tables:
        """The parse table with the callbacks in it: per state, per symbol, the state to shift to (an int) or the
        reduction (how many values it pops, its callback, and the state it goes to from each state it can uncover);
        rules are looked up once here rather than hashed at every reduction."""
        gotos: dict[str, dict[Any, Any]] = {}
        for state, row in self.states.items():
            for symbol, (action, arg) in row.items():
                if action is self.Shift:
                    gotos.setdefault(str(symbol), {})[state] = arg
        reductions: dict[Any, tuple[int, Any, dict[Any, Any]]] = {}
        rows: dict[Any, dict[str, Any]] = {}
        lists = self._inlined(callbacks)
        for state, row in self.states.items():
            mine = rows[state] = {}
            for symbol, (action, arg) in row.items():
                symbol = str(symbol)  # plain str keys (lark's own grammar loader makes them Tokens)
                if action is self.Shift:
                    mine[symbol] = arg
                else:
                    if arg not in reductions:
                        reductions[arg] = (len(arg.expansion), self._direct(arg, callbacks[arg], lists),
                                           gotos[str(arg.origin.name)])
                    mine[symbol] = reductions[arg]
        # per state, the terminals the pattern's match stands for as they are (no keyword or contextual choice)
        direct: dict[Any, dict[str, Any]] = {}
        for state, row in rows.items():
            direct[state] = {
                typ: action for typ, action in row.items()
                if typ in self.index and not (typ in self.embedded and self.embedded[typ] in row)
                and not any(keyword in row for keyword in self.unless.get(typ, {}).values())}
        return _Tables(rows, direct)

    # ------------------------------------------------------------------------------------------- parsing
    def parse(self, text: str, tables: _Tables, record: list[Any] | None = None) -> Any:
        """Lex and parse ``text`` with ``tables`` (from :meth:`table`); returns what the start rule's callback
        returns. Raises :class:`Unsure` wherever lark's own lexer and parser must decide (every syntax error
        among them). ``record``, if given, receives every token fed to the parser (for tests)."""
        lark_token = self.Token  # (for ``record`` only)
        new_token = lark_token._future_new if hasattr(lark_token, "_future_new") else lark_token
        rows, direct = tables.rows, tables.direct
        match, tail, newline_types = self.pattern.match, self.tail, self.newline_types
        kept = self.kept if record is None else frozenset(self.order)
        ignore = self.ignore
        state = self.start_state
        state_stack = [state]
        value_stack: list[Any] = []
        push_state, push_value = state_stack.append, value_stack.append
        line, line_start, pos, end = 1, 0, 0, len(text)
        token: Token | None = None
        last: Any = None
        while pos < end:
            m = match(text, pos)
            if m is None:
                if tail is not None and tail.match(text, pos) is not None:
                    break  # nothing but blanks and comments to the end
                raise Unsure
            typ: str = m.lastgroup  # type: ignore[assignment]
            action = direct[state].get(typ)
            if action is None:
                typ, start, stop = self._contextual(typ, m, rows[state], text)
                action = rows[state].get(typ)
                if action is None:
                    if typ in ignore:  # (only where blanks are not skipped by the pattern)
                        if typ in newline_types and text.count("\n", start, stop):
                            line += text.count("\n", start, stop)
                            line_start = text.rindex("\n", start, stop) + 1
                        pos = stop
                        continue
                    raise Unsure
            else:
                stop = m.end()
                start = -1
            if typ in kept:
                if start < 0:
                    start = m.start(typ)
                value = text[start:stop]
                if typ in newline_types and "\n" in value:
                    line_before, column = line, start - line_start + 1
                    line += value.count("\n")
                    line_start = start + value.rindex("\n") + 1
                    token = (value, typ, start, line_before, column, line, stop - line_start + 1, stop)
                else:
                    token = (value, typ, start, line, start - line_start + 1, line, stop - line_start + 1, stop)
                if record is not None:
                    last = new_token(typ, value, start, token[3], token[4], token[5], token[6], stop)
                    record.append(last)
            else:
                token = None
                if typ in newline_types:  # (from pos: what the pattern skipped before the token holds no new line)
                    newlines = text.count("\n", pos, stop)
                    if newlines:
                        line += newlines
                        line_start = text.rindex("\n", pos, stop) + 1
            pos = stop
            # the LALR step, as lark's ParserState.feed_token: reduce while the table says so, then shift
            while action.__class__ is tuple:
                size, callback, goto = action
                if size == 1:
                    if callback is not None:
                        value_stack[-1] = callback([value_stack[-1]])
                    state = state_stack[-1] = goto[state_stack[-2]]
                elif size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                    push_value(callback(children))
                    state = goto[state_stack[-1]]
                    push_state(state)
                else:
                    push_value(callback([]))
                    state = goto[state_stack[-1]]
                    push_state(state)
                action = rows[state].get(typ)
                if action is None:
                    raise Unsure
            state = action
            push_state(state)
            push_value(token)
        # the end of the input: reduce to the start symbol
        if record is not None:
            record.append(lark_token.new_borrow_pos("$END", "", last) if last is not None
                          else lark_token("$END", "", 0, 1, 1))
        end_state = self.end_state
        while True:
            action = rows[state_stack[-1]].get("$END")
            if action.__class__ is not tuple:
                raise Unsure
            size, callback, goto = action
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            push_value(children[0] if callback is None else callback(children))
            push_state(goto[state_stack[-1]])
            if state_stack[-1] == end_state:
                return value_stack[-1]

    def parse_with_lark(self, text: str, callbacks: dict[Any, Any]) -> Any:
        """The same parse through lark's own contextual lexer and parser loop (exact errors, exact tokens)."""
        frontend = self.lark_parser().parser
        lalr = frontend.parser.parser  # lark's _Parser
        conf = self.ParseConf(lalr.parse_table, callbacks, "start")
        state = self.ParserState(conf, self.LexerThread.from_text(frontend.lexer, text))
        return lalr.parse_from_state(state)


def _same(children: list[Any]) -> list[Any]:
    return children


def _expanding(include: list[tuple[int, bool]], build: Callable[[list[Any]], Any] | None) -> Any:
    """lark's child filter for a rule that takes in inlined rules' children (given as lists), then ``build`` (None:
    the list itself, for an inlined rule)."""
    (first, expand), rest = include[0], include[1:]
    if expand and not any(e for _, e in rest):  # `__body_star_0 -> __body_star_0 statement _NL`: append
        picked = [i for i, _ in rest]
        if len(picked) == 1:
            (k,) = picked

            def append(children: list[Any]) -> Any:
                out = children[first]
                out.append(children[k])
                return out if build is None else build(out)

            return append

        def extend(children: list[Any]) -> Any:
            out = children[first]
            out.extend([children[i] for i in picked])
            return out if build is None else build(out)

        return extend

    if include[-1][1] and not any(e for _, e in include[:-1]):  # `head -> COLON atom __head_star_1`: prepend
        picked, last = [i for i, _ in include[:-1]], include[-1][0]
        if len(picked) == 1:
            (k,) = picked

            def prepend(children: list[Any]) -> Any:
                out = [children[k], *children[last]]
                return out if build is None else build(out)

            return prepend

    def generic(children: list[Any]) -> Any:
        out: list[Any] = []
        for i, e in include:
            if e:
                out.extend(children[i])
            else:
                out.append(children[i])
        return out if build is None else build(out)

    return generic


class _Tables:
    """What :meth:`FastParser.parse` drives: the parse table with the callbacks in it (``rows``) and, per state,
    the actions of the terminals the pattern's match gives as they are (``direct``)."""

    __slots__ = ("rows", "direct")

    def __init__(self, rows: dict[Any, dict[str, Any]], direct: dict[Any, dict[str, Any]]):
        self.rows = rows
        self.direct = direct


class _Children:
    """What the rules lark adds for repetitions (``__body_star_0``: no method of a transformer) hand to the rule that
    takes their children in: only the children are read (``propagate_positions`` and ambiguity are off)."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list[Any]):
        self.data = data
        self.children = children


def _parts(runtime: Any) -> tuple[Any, ...]:
    """Token, ParseConf, ParserState, LexerThread, ParseTreeBuilder, Tree of the generated module or of lark."""
    if runtime.__name__ == "lark":
        from lark.lexer import LexerThread
        from lark.lexer import Token as LarkToken
        from lark.parse_tree_builder import ParseTreeBuilder
        from lark.parsers.lalr_parser_state import ParseConf, ParserState
        from lark.tree import Tree

        return LarkToken, ParseConf, ParserState, LexerThread, ParseTreeBuilder, Tree
    return (runtime.Token, runtime.ParseConf, runtime.ParserState, runtime.LexerThread, runtime.ParseTreeBuilder,
            runtime.Tree)
