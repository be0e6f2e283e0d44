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

import re
from collections.abc import Callable
from typing import Any

__all__ = ["FastParser", "Unsure"]


class Unsure(Exception):
    """The text is not one this fast path proves it handles exactly as lark: parse it with lark's lexer."""


def _has_newline(regexp: str) -> bool:
    """lark's test of which terminals can hold a new line (``_regexp_has_newline``), applied to the same text."""
    return "\n" in regexp or "\\n" in regexp or "\\s" in regexp or "[^" in regexp or ("(?s" in regexp and "." in regexp)


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
        # is never read, so no Token is made for them (tokens are still made for ``record``)
        kept = {str(sym.name) for rule in self.rules for sym in rule.expansion if sym.is_term
                and (rule.options.keep_all_tokens or not (sym.filter_out or sym.name.startswith("_")))}
        self.dropped = frozenset(str(t.name) for t in terminals if str(t.name) not in kept)

        terminals = sorted(terminals, key=lambda t: (-t.priority, -t.pattern.max_width,
                                                            -len(t.pattern.value), t.name))
        self.order = [str(t.name) for t in terminals]
        self.index = {name: i for i, name in enumerate(self.order)}
        self.regexps = [t.pattern.to_regexp() for t in terminals]
        self.flags = flags
        self.pattern = re.compile(self._alternation(0), flags)
        self.singles: dict[int, re.Pattern[str]] = {}  # one terminal's pattern, compiled on first use
        self.ignore = frozenset(str(name) for name in ignore)
        self.newline_types = frozenset(str(t.name) for t in terminals if _has_newline(t.pattern.to_regexp()))
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

    # ------------------------------------------------------------------------------------------- callbacks
    def callbacks(self, transformer: Any = None) -> dict[Any, Any]:
        """lark's own reduce callbacks for this grammar: tree building, or ``transformer``'s methods by rule name
        (as ``Lark(transformer=...)`` makes them)."""
        opts = self.options
        tree_class = _Children if transformer is not None else opts["tree_class"] or self.Tree
        builder = self.ParseTreeBuilder(self.rules, tree_class,
                                        bool(opts["propagate_positions"]), False, bool(opts["maybe_placeholders"]))
        return dict(builder.create_callback(transformer))

    def _direct(self, callback: Any) -> Any:
        """lark's callback, or the same call made directly: a child filter that only picks children (none expanded)
        picks them by index; ``?rule`` passes its single child on."""
        names = self.ParseTreeBuilder.__init__.__globals__
        if isinstance(callback, names["ChildFilterLALR_NoPlaceholders"]):
            build, include = callback.node_builder, callback.to_include
            if any(expand for _, expand in include):
                return callback
            picked = tuple(i for i, _ in include)
            if len(picked) == 1:
                (i,) = picked
                return lambda children: build([children[i]])
            if len(picked) == 2:
                i, j = picked
                return lambda children: build([children[i], children[j]])
            return lambda children: build([children[k] for k in picked])
        if isinstance(callback, names["ExpandSingleChild"]):
            build = callback.node_builder
            return lambda children: children[0] if len(children) == 1 else build(children)
        return callback

    def table(self, callbacks: dict[Any, Any]) -> dict[Any, dict[str, Any]]:
        """The parse table with the callbacks in it: per state, per symbol, the state to shift to (an int) or the
        reduction (how many values it pops, its callback, the nonterminal it makes); rules are looked up once here
        rather than hashed at every reduction."""
        reductions: dict[Any, tuple[int, Any, str]] = {}
        callbacks = {rule: self._direct(callback) for rule, callback in callbacks.items()}
        out: dict[Any, dict[str, Any]] = {}
        for state, row in self.states.items():
            mine = out[state] = {}
            for symbol, (action, arg) in row.items():
                symbol = str(symbol)  # plain str keys (lark's own grammar loader makes them Tokens)
                if action is self.Shift:
                    mine[symbol] = arg
                else:
                    if arg not in reductions:
                        reductions[arg] = (len(arg.expansion), callbacks[arg], str(arg.origin.name))
                    mine[symbol] = reductions[arg]
        return out

    # ------------------------------------------------------------------------------------------- parsing
    def parse(self, text: str, table: dict[Any, dict[str, Any]], record: list[Any] | None = None) -> Any:
        """Lex and parse ``text`` with ``table`` (from :meth:`table`); returns what the start rule's callback
        returns. Raises :class:`Unsure` wherever lark's own lexer and parser must decide (every syntax error
        among them). ``record``, if given, receives every token fed to the parser (for tests)."""
        Token = self.Token
        new_token = Token._future_new if hasattr(Token, "_future_new") else Token
        pattern, ignore, newline_types = self.pattern, self.ignore, self.newline_types
        unless, embedded, after, keywords = self.unless, self.embedded, self._after, self.keywords
        state_stack = [self.start_state]
        value_stack: list[Any] = []
        push_state, push_value = state_stack.append, value_stack.append
        line, line_start, pos, end = 1, 0, 0, len(text)
        token: Any = None
        dropped = self.dropped
        row = table[self.start_state]
        while pos < end:
            m = pattern.match(text, pos)
            if m is None:
                raise Unsure
            typ = m.lastgroup
            # the state's lexer tries only the terminals it accepts (and, where the state accepts the regexp
            # terminal a string terminal is folded into, not that string terminal): go on after the match
            if typ not in row and typ not in ignore:
                keyword = keywords[typ].get(m.group()) if typ in keywords else None
                if keyword is not None and keyword in row:
                    typ = keyword
                else:
                    typ, m = after(typ, row, ignore, text, pos)  # type: ignore[arg-type]
            elif typ in embedded and embedded[typ] in row:
                typ, m = after(typ, row, ignore, text, pos)
            value = m.group()
            stop = m.end()
            if typ in ignore:
                if typ in newline_types and "\n" in value:
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                pos = stop
                continue
            if typ in unless:
                keyword = unless[typ].get(value)
                if keyword is not None and keyword in row:
                    typ = keyword
            if typ in dropped and record is None:
                if typ in newline_types and "\n" in value:
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                token = None
            else:
                column = pos - line_start + 1
                if typ in newline_types and "\n" in value:
                    line_before = line
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                    token = new_token(typ, value, pos, line_before, column, line, stop - line_start + 1, stop)
                else:
                    token = new_token(typ, value, pos, line, column, line, column + stop - pos, stop)
                if record is not None:
                    record.append(token)
            pos = stop
            # the LALR step, as lark's ParserState.feed_token: reduce while the table says so, then shift
            action = row.get(typ)
            while action.__class__ is tuple:
                size, callback, origin = action
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                push_value(callback(children))
                push_state(table[state_stack[-1]][origin])
                action = table[state_stack[-1]].get(typ)
            if action is None:
                raise Unsure
            push_state(action)
            push_value(token)
            row = table[action]
        # the end of the input: reduce to the start symbol
        if record is not None:
            record.append(Token.new_borrow_pos("$END", "", token) if token is not None
                          else Token("$END", "", 0, 1, 1))
        end_state = self.end_state
        while True:
            action = table[state_stack[-1]].get("$END")
            if action.__class__ is not tuple:
                raise Unsure
            size, callback, origin = action
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            push_value(callback(children))
            push_state(table[state_stack[-1]][origin])
            if state_stack[-1] == end_state:
                return value_stack[-1]

    def parse_with_lark(self, text: str, callbacks: dict[Any, Any]) -> Any:
        """The same parse through lark's own contextual lexer and parser loop (exact errors, exact tokens)."""
        frontend = self.lark_parser().parser
        lalr = frontend.parser.parser  # lark's _Parser
        conf = self.ParseConf(lalr.parse_table, callbacks, "start")
        state = self.ParserState(conf, self.LexerThread.from_text(frontend.lexer, text))
        return lalr.parse_from_state(state)


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
        from lark.lexer import LexerThread, Token
        from lark.parse_tree_builder import ParseTreeBuilder
        from lark.parsers.lalr_parser_state import ParseConf, ParserState
        from lark.tree import Tree

        return Token, ParseConf, ParserState, LexerThread, ParseTreeBuilder, Tree
    return (runtime.Token, runtime.ParseConf, runtime.ParserState, runtime.LexerThread, runtime.ParseTreeBuilder,
            runtime.Tree)
