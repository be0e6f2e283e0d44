"""A lexer made for the DSL grammar, driving the generated LALR tables directly.

Everything is read from the parser (lark's stand-alone module generated at build time, or lark itself in a
source checkout), never copied from the grammar by hand: the terminals, their patterns and priorities, the
ignored terminals, the parse table and how lark's tree builder calls each rule's callback.  :func:`spec_of` reads
them into plain data (setup.py stores it in the generated module at build time, so that start-up neither
deserialises lark's tables nor analyses the terminals again).  What it adds is speed:

* compiled patterns: the terminals as named groups, in the order lark's own lexer tries them (priority, then
  width, then pattern length, then name); per first character (ASCII), a pattern of only the terminals that can
  start with it, in the same order (a terminal that cannot start there cannot be the first to match there);
* the ignored terminals (blanks, comments) skipped after each token by the same pattern, where their patterns
  prove it the same as cutting them as tokens (:func:`_skip`);
* positions computed from the start of the current line, advanced only by terminals that can hold a new line
  (the ones lark's line counter watches, less those whose pattern proves they never take one);
* the LALR loop inlined, shifting each token as soon as it is cut and reducing with the same calls lark's tree
  builder makes (for a transformer, the model is built during the parse): a rule's kept children are picked by
  index, a ``?rule`` of one child leaves it in place, and a rule lark inlines into its user (``_sep``,
  ``__body_star_0``) passes its children on as a plain list.

The contextual lexer of lark gives a token the type its parser state accepts: in a state where a name is
expected, ``model`` or ``at`` is a NAME; where a statement starts, ``flow`` is the keyword and ``flowx`` is
``flow`` then ``x``.  The patterns reproduce this exactly: when the first terminal that matches is not accepted in
the current state, the same ordered alternation continues from the next terminal (each terminal's own pattern,
compiled once on first use, skipping those the state does not accept) until an accepted one matches, which is the
terminal lark's lexer for that state would have chosen, since its terminals are the accepted ones in the same
order; a name that spells a keyword the state accepts becomes that keyword, as lark's ``unless`` callback does.
Anything else (no terminal matches, the parser rejects a token) is :class:`Unsure`: the caller parses again with
lark's own lexer, so every error message and location is lark's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

__all__ = ["SPEC_VERSION", "FastParser", "Token", "Unsure", "spec_of"]

# a token as this parser hands it to the reduce callbacks (and as the exact path hands it, converted from lark's):
# (text, terminal, start offset, line, column, end line, end column, end offset); lines and columns from 1, the
# end column and offset just past the token, as lark's Token has them
Token = tuple[str, str, int, int, int, int, int, int]

# the layout of :func:`spec_of`'s data: a spec stored by an older build is not used (it is made again)
SPEC_VERSION = 1


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


@functools.cache
def _category(name: str, flags: int) -> re.Pattern[str]:
    return re.compile(_CATEGORIES[name], flags)


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
        self.groups = False  # whether it has capturing groups
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
                group, add_flags, del_flags, sub = av
                if add_flags or del_flags:
                    raise _Unknown(op)
                self.groups = self.groups or group is not None
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
                hit = hit or _category(str(arg), self.flags).fullmatch(char) is not None
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
    """Whether the ignored terminals can be skipped after each token instead of being cut as tokens of their own,
    proved from the terminals' patterns: each ignored terminal matches at least one character, holds no capturing
    group (the skip must not change which group matched last) and cannot hold a new line (so skipping it moves no
    line count), and no other terminal can start with a character an ignored one can start with. Then, at any
    position, either only ignored terminals can match (the contextual lexer of every state, which tries the ignored
    terminals in every state, cuts them in the order of the pattern, as a skip in that order does) or none can
    (the skip takes nothing)."""
    try:
        ignored = [_Chars(regexps[name], flags) for name in regexps if name in ignore]
        others = [_Chars(regexps[name], flags) for name in regexps if name not in ignore]
        starts: set[str] = set()
        for chars in ignored:
            if chars.nullable or chars.groups or chars.takes("\n", chars.every):
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


def _classes(regexps: list[str], candidates: list[int], is_regexp: list[bool],
             flags: int) -> tuple[dict[str, int], list[list[int]]]:
    """Per ASCII character, the class of the pattern that cuts a token starting with it: the terminals (indices in
    the order) that can start with that character. Characters whose terminals share a regexp terminal (the letters
    and digits: NAME) share one class holding all their terminals, so that few patterns are compiled; a character
    no terminal can start with has an empty class. A terminal whose pattern is not analysed is in every class."""
    charsets: dict[int, _Chars | None] = {}
    for k in candidates:
        try:
            charsets[k] = _Chars(regexps[k], flags)
        except (_Unknown, re.error, ValueError, TypeError):
            charsets[k] = None

    def starts(k: int, ch: str) -> bool:
        chars = charsets[k]
        return chars is None or chars.takes(ch, chars.first)

    groups: list[tuple[set[str], set[int]]] = []  # (characters, their terminals), merged on shared regexp terminals
    for code in range(128):
        ch = chr(code)
        terminals = {k for k in candidates if starts(k, ch)}
        joined = [g for g in groups if any(is_regexp[k] for k in terminals & g[1])
                  or (not any(is_regexp[k] for k in terminals) and terminals == g[1])]
        merged: tuple[set[str], set[int]] = ({ch}, set(terminals))
        for g in joined:
            merged[0].update(g[0])
            merged[1].update(g[1])
            groups.remove(g)
        groups.append(merged)
    chars: dict[str, int] = {}
    classes: list[list[int]] = []
    for members, terminals in groups:
        for ch in members:
            chars[ch] = len(classes)
        classes.append(sorted(terminals))
    return chars, classes


def spec_of(runtime: Any, terminals: list[Any], ignore: list[str], flags: int, table: Any, rules: list[Any],
            options: dict[str, Any]) -> dict[str, Any]:
    """What :class:`FastParser` needs of a parser, as plain data (str, int, bool, lists and dicts of them): the
    terminals in lark's lexing order with their patterns, the analyses of them, the parse table with rules by
    index, and per rule how lark's tree builder calls its callback (``rules`` is None where that is more than
    picking children and passing a single child on: the fast path then hands every text to lark)."""
    ParseTreeBuilder = _parts(runtime)[4]
    names = ParseTreeBuilder.__init__.__globals__
    shift = _parts(runtime)[2].feed_token.__globals__["Shift"]
    terminals = sorted(terminals, key=lambda t: (-t.priority, -t.pattern.max_width, -len(t.pattern.value), t.name))
    order = [str(t.name) for t in terminals]
    index = {name: i for i, name in enumerate(order)}
    regexps = [t.pattern.to_regexp() for t in terminals]
    ignored = frozenset(str(name) for name in ignore)
    skips = _skip(dict(zip(order, regexps)), ignored, flags)
    # terminals a rule keeps in its children (the parser's value for any other, punctuation, keywords, new lines,
    # is never read: no token is made for them)
    kept = {str(sym.name) for rule in rules for sym in rule.expansion if sym.is_term
            and (rule.options.keep_all_tokens or not (sym.filter_out or sym.name.startswith("_")))}
    # lark's ``unless``: a string terminal a regexp terminal of the same priority matches whole is that
    # terminal's value spelled out (a keyword is a NAME) and becomes the keyword where the state accepts it
    unless: dict[str, dict[str, str]] = {}
    embedded: dict[str, str] = {}
    strings = [t for t in terminals if t.pattern.type == "str"]
    for retok in (t for t in terminals if t.pattern.type == "re"):
        rx = re.compile(retok.pattern.to_regexp(), flags)
        for s in strings:
            if s.priority != retok.priority:
                continue
            m = rx.match(s.pattern.value)
            if m is not None and m.group(0) == s.pattern.value:
                unless.setdefault(str(retok.name), {})[str(s.pattern.value)] = str(s.name)
                if s.pattern.flags <= retok.pattern.flags:
                    embedded[str(s.name)] = str(retok.name)
    # where the state does not accept the regexp terminal (a NAME) but accepts the keyword it spelled, the
    # keyword is what the state's lexer cuts, provided no terminal between the two in the order matches there
    keywords: dict[str, dict[str, str]] = {}
    for retok_name, words in unless.items():
        for value, keyword in words.items():
            between = range(index[retok_name] + 1, index[keyword])
            if all(re.match(regexps[k], value, flags) is None for k in between):
                keywords.setdefault(retok_name, {})[value] = keyword
    # how lark's tree builder calls each rule's callback: [origin, callback name, size, ?rule, picked children]
    plans: list[Any] | None = []
    tree = ParseTreeBuilder(rules, _Children, bool(options["propagate_positions"]), False,
                            bool(options["maybe_placeholders"]))
    for rule, chain in tree.rule_builders:
        expand1, include = False, None
        for wrapper in chain:
            if wrapper is names["ExpandSingleChild"]:
                expand1 = True
            elif (isinstance(wrapper, functools.partial) and wrapper.func is names["ChildFilterLALR_NoPlaceholders"]
                  and len(wrapper.args) == 1 and not wrapper.keywords):
                include = [[int(i), bool(expand)] for i, expand in wrapper.args[0]]
            else:
                plans = None
        if plans is not None:
            name = rule.alias or rule.options.template_source or rule.origin.name
            plans.append([str(rule.origin.name), str(name), len(rule.expansion), expand1, include])
    number = {rule: i for i, (rule, _) in enumerate(tree.rule_builders)}
    rows = {state: {str(symbol): (arg if action is shift else ~number[arg]) for symbol, (action, arg) in row.items()}
            for state, row in table.states.items()}
    candidates = [k for k, name in enumerate(order) if not (skips and name in ignored)]
    chars, classes = _classes(regexps, candidates, [t.pattern.type == "re" for t in terminals], flags)
    return {
        "version": SPEC_VERSION, "order": order, "regexps": regexps, "flags": flags, "ignore": sorted(ignored),
        "skips": skips, "newline_types": [name for name, rx in zip(order, regexps) if _can_hold_newline(rx, flags)],
        "kept": sorted(kept), "unless": unless, "embedded": embedded, "keywords": keywords,
        "start": table.start_states["start"], "end": table.end_states["start"], "rules": plans, "rows": rows,
        "chars": chars, "classes": classes,
    }


class FastParser:
    """The terminals, tables and line bookkeeping of one generated (or lark-built) parser, from its spec."""

    def __init__(self, spec: dict[str, Any], runtime: Callable[[], Any], lark_parser: Callable[[], Any]):
        self.spec = spec
        # the module defining lark's parser (the generated one, or lark) and that parser for the same grammar: both
        # loaded only for the exact path (and for ``record``)
        self.runtime = runtime
        self.lark_parser = lark_parser
        self.order: list[str] = spec["order"]
        self.regexps: list[str] = spec["regexps"]
        self.flags: int = spec["flags"]
        self.index = {name: i for i, name in enumerate(self.order)}
        self.ignore = frozenset(spec["ignore"])
        self.skips: bool = spec["skips"]
        self.newline_types = frozenset(spec["newline_types"])
        self.kept = frozenset(spec["kept"]) - self.ignore
        self.unless: dict[str, dict[str, str]] = spec["unless"]
        self.embedded: dict[str, str] = spec["embedded"]
        self.keywords: dict[str, dict[str, str]] = spec["keywords"]
        self.start_state, self.end_state = spec["start"], spec["end"]
        self.rules: list[Any] | None = spec["rules"]
        self.rows: dict[Any, dict[str, int]] = spec["rows"]
        self.chars: dict[str, int] = spec["chars"]
        self.classes: list[list[int]] = spec["classes"]
        self.singles: dict[int, re.Pattern[str]] = {}  # one terminal's pattern, compiled on first use
        self.class_patterns: dict[int, re.Pattern[str]] = {}
        self.by_char: dict[str, re.Pattern[str]] = {}  # the pattern for a token starting with an ASCII character
        # the ignored terminals after each token, if skipped (no capturing group: the token's group matches last)
        self.skip = ("(?:" + "|".join(f"(?:{rx})" for name, rx in zip(self.order, self.regexps)
                                     if name in self.ignore) + ")*+") if self.skips else ""
        self.skip_pattern = re.compile(self.skip, self.flags) if self.skips else None
        # per nonterminal, the state to go to from each state it can be reduced onto
        self.gotos: dict[str, dict[Any, Any]] = {}
        for state, row in self.rows.items():
            for symbol, action in row.items():
                if action >= 0 and symbol not in self.index:
                    self.gotos.setdefault(symbol, {})[state] = action
        # per state, the terminals the pattern's match stands for as they are (no keyword or contextual choice)
        self.direct = {state: [typ for typ in row if typ in self.index
                               and not (typ in self.embedded and self.embedded[typ] in row)
                               and not any(keyword in row for keyword in self.unless.get(typ, {}).values())]
                       for state, row in self.rows.items()}

    @functools.cached_property
    def parts(self) -> tuple[Any, ...]:
        """Token, ParseConf, ParserState, LexerThread, ParseTreeBuilder, Tree of the runtime."""
        return _parts(self.runtime())

    @classmethod
    def of_parser(cls, parser: Any, runtime: Any) -> FastParser:
        """From a lark (or stand-alone) parser object."""
        return cls(cls.spec_of_parser(parser, runtime), lambda: runtime, lambda: parser)

    @staticmethod
    def spec_of_parser(parser: Any, runtime: Any) -> dict[str, Any]:
        opts = parser.options
        options = {"propagate_positions": opts.propagate_positions, "maybe_placeholders": opts.maybe_placeholders}
        return spec_of(runtime, parser.terminals, parser.lexer_conf.ignore, parser.lexer_conf.g_regex_flags,
                       parser.parser.parser.parser.parse_table, parser.rules, options)

    @classmethod
    def of_generated(cls, module: Any, lark_parser: Callable[[], Any]) -> FastParser:
        """From the stand-alone module setup.py generates: the spec it stores (``FAST_SPEC``), or else one read
        from its tables as its own loader reads them, without making its parser object (whose contextual lexer has
        one lexer per parser state): that is made by ``lark_parser`` only when the exact path is needed."""
        spec = getattr(module, "FAST_SPEC", None)
        if not (isinstance(spec, dict) and spec.get("version") == SPEC_VERSION):
            spec = cls.spec_of_generated(module)
        return cls(spec, lambda: module, lark_parser)

    @staticmethod
    def spec_of_generated(module: Any) -> dict[str, Any]:
        memo = module.SerializeMemoizer.deserialize(module.MEMO, {"Rule": module.Rule,
                                                                  "TerminalDef": module.TerminalDef}, {})
        data = module.DATA
        rules = [module.Rule.deserialize(r, memo) for r in data["rules"]]
        lexer_conf = module.LexerConf.deserialize(data["parser"]["lexer_conf"], memo)
        table = module.IntParseTable.deserialize(data["parser"]["parser"], memo)
        opts = data["options"]
        options = {"propagate_positions": opts.get("propagate_positions"),
                   "maybe_placeholders": opts.get("maybe_placeholders")}
        return spec_of(module, lexer_conf.terminals, lexer_conf.ignore, lexer_conf.g_regex_flags, table, rules,
                       options)

    # ------------------------------------------------------------------------------------------- patterns
    def _alternation(self, terminals: list[int]) -> str:
        return "(?:" + "|".join(f"(?P<{self.order[k]}>{self.regexps[k]})" for k in terminals) + ")" + self.skip

    @functools.cached_property
    def pattern(self) -> re.Pattern[str]:
        """Every terminal (but the skipped ones), then the skip: for a token whose first character has no class."""
        return re.compile(self._alternation([k for k, name in enumerate(self.order)
                                             if not (self.skips and name in self.ignore)]), self.flags)

    def pattern_at(self, char: str) -> re.Pattern[str]:
        """The pattern for a token starting with ``char``: its class's (kept for the character), else the whole."""
        number = self.chars.get(char)
        if number is None:
            return self.pattern
        compiled = self.class_patterns.get(number)
        if compiled is None:
            compiled = self.class_patterns[number] = re.compile(self._alternation(self.classes[number]) if
                                                                self.classes[number] else "(?!)", self.flags)
        self.by_char[char] = compiled
        return compiled

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

    def _contextual(self, typ: str, m: re.Match[str], row: dict[str, Any], text: str,
                    pos: int) -> tuple[str, int, int]:
        """The token the state's own lexer cuts at ``pos`` where the pattern matched ``typ``: (its terminal, its
        end, where the next token starts).

        The state's lexer tries only the terminals it accepts (and, where the state accepts the regexp terminal a
        string terminal is folded into, not that string terminal): go on after the match; a regexp terminal that
        spells a keyword the state accepts is that keyword."""
        ignore, embedded, keywords, unless = self.ignore, self.embedded, self.keywords, self.unless
        matched = typ
        stop = m.end(typ)
        if typ not in row and typ not in ignore:
            keyword = keywords[typ].get(m.group(typ)) if typ in keywords else None
            if keyword is not None and keyword in row:
                typ = keyword
            else:
                typ, single = self._after(typ, row, ignore, text, pos)
                stop = single.end()
        elif typ in embedded and embedded[typ] in row:
            typ, single = self._after(typ, row, ignore, text, pos)
            stop = single.end()
        if typ in unless:
            keyword = unless[typ].get(text[pos:stop])
            if keyword is not None and keyword in row:
                typ = keyword
        if stop == m.end(matched):
            return typ, stop, m.end()
        return typ, stop, self._skipped(text, stop)

    def _skipped(self, text: str, pos: int) -> int:
        """Where the next token starts: past the blanks and comments at ``pos`` where they are skipped."""
        if self.skip_pattern is None:
            return pos
        m = self.skip_pattern.match(text, pos)
        return m.end() if m is not None else pos

    # ------------------------------------------------------------------------------------------- callbacks
    def lark_callbacks(self, transformer: Any) -> dict[Any, Any]:
        """For lark's own parser loop (the exact path): lark's reduce callbacks calling ``transformer``'s methods by
        rule name (as ``Lark(transformer=...)`` makes them), and per terminal the callback lark applies to a token
        it shifts, making it the tuple this parser shifts (:data:`Token`), so that the methods see the same values."""
        parser = self.lark_parser()
        opts = parser.options
        builder = self.parts[4](parser.rules, _Children, bool(opts.propagate_positions), False,
                                bool(opts.maybe_placeholders))
        callbacks: dict[Any, Any] = dict(builder.create_callback(transformer))

        def as_tuple(tok: Any) -> Token:
            return (str(tok), str(tok.type), tok.start_pos, tok.line, tok.column, tok.end_line, tok.end_column,
                    tok.end_pos)

        callbacks.update({name: as_tuple for name in self.order if name not in self.ignore})
        return callbacks

    def _callback(self, plan: list[Any], transformer: Any, lists: bool) -> Any:
        """The call lark's tree builder makes for one rule, made directly: pick the kept children (taking in an
        inlined rule's), pass a ``?rule``'s single child on, call the transformer's method (or make lark's node).
        None: a rule of one symbol whose value is its child's, which the parser then leaves in place. With
        ``lists``, an inlined rule's value is the list of its children."""
        origin, name, size, expand1, include = plan
        inline = lists and origin.startswith("_")
        build: Any = None
        if not inline:
            build = getattr(transformer, name, None)
            if build is None:
                build = functools.partial(_Children, name)
        if include is None:
            if inline:
                return _same
            if expand1 and size == 1:
                return None
            return build  # (a ?rule of several children: always more than one)
        if any(expand for _, expand in include):
            return _expanding([(i, e) for i, e in include], build, lists, expand1 and not inline)
        picked = tuple(i for i, _ in include)
        if expand1 and not inline and len(picked) == 1:
            (i,) = picked
            return None if size == 1 else (lambda children: children[i])
        if inline:
            return _picker(picked)
        if len(picked) == 1:
            (i,) = picked
            return lambda children: build([children[i]])
        if len(picked) == 2:
            i, j = picked
            return lambda children: build([children[i], children[j]])
        return lambda children: build([children[k] for k in picked])

    def table(self, transformer: Any) -> _Tables:
        """The parse table with ``transformer``'s callbacks in it: per state, per symbol, the state to shift to (an
        int) or the reduction (how many values it pops, its callback, and the state it goes to from each state it
        can uncover)."""
        if self.rules is None:
            return _Tables({}, {})
        # an inlined rule's children stand for it as a list where no such rule has a method or a ?rule's call
        lists = not any(origin.startswith("_") and (expand1 or hasattr(transformer, name))
                        for origin, name, _, expand1, _ in self.rules)
        reductions = [(size, self._callback(plan, transformer, lists), _indexed(self.gotos[plan[0]]))
                      for plan in self.rules for size in (plan[2],)]
        rows = {state: {symbol: action if action >= 0 else reductions[~action] for symbol, action in row.items()}
                for state, row in self.rows.items()}
        direct = {state: {typ: rows[state][typ] for typ in typs} for state, typs in self.direct.items()}
        # per state, the regexp terminals whose match may spell a keyword the state accepts: per spelling, the
        # keyword and its action (under "", which no token spells, the terminal's own action where it is accepted)
        keyed: dict[Any, dict[str, dict[str, tuple[str, Any]]]] = {}
        spelling = set(self.unless) | set(self.keywords)  # the regexp terminals that can spell a keyword
        for state, row in rows.items():
            for typ in spelling:
                if typ in row and typ in direct[state]:
                    continue
                words = {value: (keyword, row[keyword])
                         for value, keyword in (self.unless if typ in row else self.keywords).get(typ, {}).items()
                         if keyword in row}
                if words and not (typ in self.embedded and self.embedded[typ] in row):
                    if typ in row:
                        words[""] = (typ, row[typ])
                    keyed.setdefault(state, {})[typ] = words
        return _Tables(_indexed(rows), _indexed(direct), keyed)

    # ------------------------------------------------------------------------------------------- parsing
    def parse(self, text: str, tables: _Tables, record: list[Any] | None = None) -> Any:
        """Lex and parse ``text`` with ``tables`` (from :meth:`table`); returns what the start rule's callback
        returns. Raises :class:`Unsure` wherever lark's own lexer and parser must decide (every syntax error
        among them). ``record``, if given, receives every token fed to the parser (for tests)."""
        lark_token: Any = self.parts[0] if record is not None else None  # (for ``record`` only)
        new_token = getattr(lark_token, "_future_new", lark_token)
        rows, direct, keyed = tables.rows, tables.direct, tables.keyed
        none: dict[str, Any] = {}
        if not rows:
            raise Unsure
        by_char, pattern_at, newline_types = self.by_char.get, self.pattern_at, self.newline_types
        kept = self.kept if record is None else frozenset(self.order)
        ignore = self.ignore
        state = self.start_state
        state_stack = [state]
        value_stack: list[Any] = []
        push_state, push_value = state_stack.append, value_stack.append
        line, line_start, end = 1, 0, len(text)
        pos = self._skipped(text, 0)
        token: Token | None = None
        last: Any = None
        while pos < end:
            m = (by_char(text[pos]) or pattern_at(text[pos])).match(text, pos)
            if m is None:
                raise Unsure
            typ: str = m.lastgroup  # type: ignore[assignment]
            action = direct[state].get(typ)
            if action is not None:
                after = m.end()
                stop = -1
            elif typ in keyed.get(state, none) and (hit := keyed[state][typ].get(m.group(typ))
                                                      or keyed[state][typ].get("")) is not None:
                after = m.end()  # a name spelling a keyword the state accepts, or the name it is there
                stop = m.end(typ)
                typ, action = hit
            else:
                typ, stop, after = self._contextual(typ, m, rows[state], text, pos)
                action = rows[state].get(typ)
                if action is None:
                    if typ in ignore:  # (only where blanks are not skipped by the pattern)
                        if typ in newline_types and text.count("\n", pos, stop):
                            line += text.count("\n", pos, stop)
                            line_start = text.rindex("\n", pos, stop) + 1
                        pos = after
                        continue
                    raise Unsure
            if typ in kept:
                if stop < 0:
                    stop = m.end(typ)
                value = text[pos:stop]
                if typ in newline_types and "\n" in value:
                    line_before, column = line, pos - line_start + 1
                    line += value.count("\n")
                    line_start = pos + value.rindex("\n") + 1
                    token = (value, typ, pos, line_before, column, line, stop - line_start + 1, stop)
                else:
                    token = (value, typ, pos, line, pos - line_start + 1, line, stop - line_start + 1, stop)
                if record is not None:
                    last = new_token(typ, value, pos, token[3], token[4], token[5], token[6], stop)
                    record.append(last)
            else:
                token = None
                if typ in newline_types:  # (to the next token: the skip after a token holds no new line)
                    newlines = text.count("\n", pos, after)
                    if newlines:
                        line += newlines
                        line_start = text.rindex("\n", pos, after) + 1
            pos = after
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
            assert lark_token is not None
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
        _, ParseConf, ParserState, LexerThread, _, _ = self.parts
        conf = ParseConf(lalr.parse_table, callbacks, "start")
        state = ParserState(conf, LexerThread.from_text(frontend.lexer, text))
        return lalr.parse_from_state(state)


def _same(children: list[Any]) -> list[Any]:
    return children


def _picker(picked: tuple[int, ...]) -> Callable[[list[Any]], list[Any]]:
    """The list of the children at ``picked`` (made without a comprehension's frame for the usual few)."""
    if not picked:
        return lambda children: []
    if len(picked) == 1:
        (i,) = picked
        return lambda children: [children[i]]
    if len(picked) == 2:
        i, j = picked
        return lambda children: [children[i], children[j]]
    if len(picked) == 3:
        i, j, k = picked
        return lambda children: [children[i], children[j], children[k]]
    return lambda children: [children[k] for k in picked]


def _expanding(include: list[tuple[int, bool]], build: Callable[[list[Any]], Any] | None, lists: bool,
               expand1: bool) -> Any:
    """lark's child filter for a rule that takes in inlined rules' children (lists, with ``lists``; else lark's
    nodes), then its ``?rule`` call (``expand1``) and ``build`` (None: the list itself, for an inlined rule)."""
    if lists and not expand1:
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
        expands = [i for i, e in include if e]
        if include[:len(expands)] == [(i, True) for i in expands] and len(expands) == 2 and len(rest) == 2:
            # `__block_star_4 -> __block_star_4 _sep pair`: the list, the separator's (nothing), the next
            (one, two), (k,) = expands, [i for i, e in include if not e]

            def join(children: list[Any]) -> Any:
                out = children[one]
                out += children[two]
                out.append(children[k])
                return out if build is None else build(out)

            return join
        if include[-1][1] and len(include) == 2 and not include[0][1]:  # `head -> COLON atom __head_star_1`
            k, last = include[0][0], include[-1][0]

            def prepend(children: list[Any]) -> Any:
                out = [children[k], *children[last]]
                return out if build is None else build(out)

            return prepend

    def generic(children: list[Any]) -> Any:
        out: list[Any] = []
        for i, e in include:
            if e:
                out.extend(children[i] if lists else children[i].children)
            else:
                out.append(children[i])
        if expand1 and len(out) == 1:
            return out[0]
        return out if build is None else build(out)

    return generic


def _indexed(by_state: dict[Any, Any]) -> Any:
    """A mapping of the parser's states (0, 1, 2, ... as lark numbers them) as a list, which the parse loop indexes
    faster than it looks a key up; any other mapping as it is. A state missing from it holds None."""
    if not by_state or not all(type(k) is int and k >= 0 for k in by_state):
        return by_state
    out: list[Any] = [None] * (max(by_state) + 1)
    for state, value in by_state.items():
        out[state] = value
    return out


class _Tables:
    """What :meth:`FastParser.parse` drives: the parse table with the callbacks in it (``rows``) and, per state,
    the actions of the terminals the pattern's match gives as they are (``direct``)."""

    __slots__ = ("rows", "direct", "keyed")

    def __init__(self, rows: Any, direct: Any, keyed: dict[Any, dict[str, dict[str, tuple[str, Any]]]] | None = None):
        self.rows = rows
        self.direct = direct
        self.keyed = keyed or {}


class _Children:
    """What the rules lark adds for repetitions (``__body_star_0``: no method of a transformer) hand to the rule that
    takes their children in, where their children are not passed on as lists: only the children are read
    (``propagate_positions`` and ambiguity are off)."""

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
