"""Document (from any front end) -> typed :class:`~pipespec.model.Pipeline`, with located validation errors.

Checks here: the shape of the document, attribute names and values per stage kind (with "did you mean"),
identifiers (NFC, no control or bidirectional-override characters, length), duplicate stage names, flow to
undefined stages, declarations/expectations/waivers.  Input limits are checked before (pipespec.language.prescan);
graph checks (cycles, edge types) live in pipespec.analysis.graph.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from typing import Any

from pipespec import vocab
from pipespec.errors import Diagnostic, ModelFailure, Span
from pipespec.language.attributes import ATTRIBUTES, FACTS, KEY_ALIASES, KEY_HINTS, ORDER
from pipespec.language.lexicon import (
    MAX_INTEGER_DIGITS,
    NAME,
    QUOTED_KEYS,
    RESERVED,
    Quoted,
    SpanMap,
    SpelledFloat,
    SpelledInt,
    op_document,
)
from pipespec.lazyre import LazyPattern
from pipespec.limits import DEFAULT_LIMITS, Limits
from pipespec.metrics import item_number, normalise_answer
from pipespec.model import (
    FACT_BLOCKS,
    KINDS,
    AttrValue,
    Facts,
    ItemAnswer,
    Op,
    Pipeline,
    Scalar,
    Spelling,
    Stage,
    Statement,
    Waiver,
)

_ORDER_INDEX = {k: i for i, k in enumerate(ORDER)}
_RELATIONS = frozenset({"labels_from", "weights_from", "propagated_from"})  # stage attributes naming other stages
_BAD_CHARS = LazyPattern(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")
# invisible in a name: Unicode's default-ignorable code points (fillers such as U+3164, joiners, variation
# selectors, tags) and blank-looking letters; a name made or padded with them looks like another name
_INVISIBLE = LazyPattern("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                           "\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                           "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
_ASCII_LETTER = re.compile("[A-Za-z]")
_WAIVER_CODE = re.compile(r"[A-Za-z][A-Za-z0-9]{0,15}")
_COND = re.compile(r"^(?:condition|cond|c)?[\s_#-]*([1-5])$", re.IGNORECASE)
_TRUE = {"yes", "true", "y", "on"}
_FALSE = {"no", "false", "n", "off"}


class _Builder:
    def __init__(self, spans: SpanMap, path: str, limits: Limits, fmt: str | None = None):
        self.spans = spans
        self.path = path
        self.limits = limits
        self.fmt = fmt  # the front end the document came from (its fixes are written in its syntax); None: YAML's
        self.errors: list[Diagnostic] = []
        self._reported: set[tuple[str, str, Span]] = set()
        # the training-time relations some stage or operation of the document states (the others are not looked for)
        self.relations: set[str] = set()

    def syntax(self, dsl: str, yaml: str, json: str) -> str:
        """A fix in the syntax of the front end the author writes in."""
        return dsl if self.fmt == "dsl" else json if self.fmt == "json" else yaml

    def waiver_fix(self, code: str) -> str:
        return self.syntax(f'waive {code} "why this finding does not apply"',
                           f'waive: [{{code: {code}, justification: "why this finding does not apply"}}]',
                           f'"waive": [{{"code": "{code}", "justification": "why this finding does not apply"}}]')

    def span(self, *where: Any) -> Span:
        """The most specific known span for a path, falling back to its parents."""
        s = self.spans.get(where)
        if s is not None:
            return s
        p = where
        while p:
            s = self.spans.get(p)
            if s is not None:
                return s
            p = p[:-1]
        return self.spans.get((), Span(self.path, 1, 1))

    def _weight_cycles(self, weights: dict[str, tuple[str, Span]]) -> None:
        """PS106 for each cycle of ``weights_from`` (a -> b -> c -> a): like a network taking its weights from
        itself, no network of the cycle was trained first.  Each stage names one source, so following the names
        from every stage once finds every cycle (linear)."""
        done: set[str] = set()
        for start in weights:
            path: dict[str, int] = {}
            node: str | None = start
            while node is not None and node not in done and node not in path:
                path[node] = len(path)
                node = weights[node][0] if node in weights else None
            if node is not None and node in path:  # a new cycle, from ``node`` round to it
                names = list(path)[path[node]:]
                spans = [weights[n][1] for n in names]
                first_at = min(range(len(names)), key=lambda k: spans[k])
                names = names[first_at:] + names[:first_at]
                chain = ", ".join(f"'{a}' from '{weights[a][0]}'" for a in names[:6])
                if len(names) > 6:
                    chain += f", ... ({len(names)} networks in all)"
                spans = spans[first_at:] + spans[:first_at]
                self.errors.append(Diagnostic(
                    "PS106", f"the weights go round in a cycle ({chain}): no network of it was trained first; "
                             "name the network whose weights start the chain", spans[0],
                    related=tuple(sorted(spans[1:20]))))
            done.update(path)

    def err(self, code: str, msg: str, where: tuple[Any, ...], fix: str | None = None,
            related: tuple[Span, ...] = ()) -> None:
        span = self.span(*where)
        if (code, msg, span) in self._reported:  # the items of a list the DSL locates at the list: said once
            return
        self._reported.add((code, msg, span))
        self.errors.append(Diagnostic(code, msg, span, fix=fix, related=related))

    # identifiers -------------------------------------------------------------
    def ident(self, value: Any, where: tuple[Any, ...], what: str) -> str | None:
        if type(value) is str and len(value) <= _CACHED_LENGTH:
            name = _clean_name(value)
            if name is not None and len(name) <= self.limits.max_identifier:
                return name
        if isinstance(value, list) and what.endswith("(a stage name)"):
            self.err("PS102", f"{what[:-len(' (a stage name)')]} takes one stage (its name), not a list", where)
            return None
        if not isinstance(value, str) or not value.strip():
            noun = "a stage name" if what.endswith("(a stage name)") else "a name"
            shown = ("a yes/no value" if isinstance(value, bool) else f"the number {_as_written(value)}"
                     if isinstance(value, (int, float)) else "a blank text" if isinstance(value, str)
                     else _type_name(value))
            self.err("PS102", f"{what.removesuffix(' (a stage name)')} must be {noun}, not {shown}", where)
            return None
        value = unicodedata.normalize("NFC", value)
        bad = _BAD_CHARS.search(value)
        if bad:
            self.err("PS110", f"{what} '{_marked(value)}' contains a control or "
                              f"bidirectional-override character (U+{ord(bad.group()):04X})", where)
            return None
        invisible = _INVISIBLE.search(value)
        if invisible:
            self.err("PS110", f"{what} '{_marked(value)}' contains an invisible "
                              f"character (U+{ord(invisible.group()):04X})", where)
            return None
        if len(value) > self.limits.max_identifier:
            self.err("PS111", f"{what} is {len(value)} characters long; the limit is "
                              f"{self.limits.max_identifier}{self.limits.option('max-identifier')}", where)
            return None
        if not NAME.fullmatch(value):
            self.err("PS102", f"{what} {value[:60]!r} is not a name: use letters, digits and _, joined by - . + / "
                              "(as in ResNet-34 or t2.flair)", where)
            return None
        return str(value)

    # values -------------------------------------------------------------------
    def scalar(self, value: Any, where: tuple[Any, ...], what: str) -> Scalar | None:
        if type(value) is str and len(value) <= _CACHED_LENGTH:
            clean = _clean_text(value)
            if clean is not None:
                return clean
        if isinstance(value, bool) or isinstance(value, (int, float)) or isinstance(value, str):
            if isinstance(value, str):
                if value.isascii() and value.isprintable():
                    return str(value)  # (a plain text: never the front end's Quoted)
                bad = _BAD_CHARS.search(value.replace("\n", " ").replace("\t", " "))
                if bad:
                    self.err("PS110", f"{what} contains a control, bidirectional or invisible character "
                                      f"(U+{ord(bad.group()):04X})", where)
                    return None
                return str(unicodedata.normalize("NFC", value))  # a plain text (never the front end's Quoted)
            # the front ends refuse these where they read them; a hand-built model is held to the same rule
            if isinstance(value, float) and not math.isfinite(value):
                self.err("PS104", f"{what} must be a finite number, not {value}", where)
                return None
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10 ** MAX_INTEGER_DIGITS:
                self.err("PS104", f"{what}: an integer of more than {MAX_INTEGER_DIGITS} digits", where)
                return None
            return value
        self.err("PS102", f"{what} must be a single value, not {_type_name(value)}", where)
        return None

    def label_sources(self, st: Stage, first: dict[str, Stage], names: list[str]) -> None:
        """Every stage ``st`` takes its training labels from (``labels_from``) is a stage of this pipeline, not
        ``st`` itself and not an output (labels are masks, boxes, text or a teacher's predictions)."""
        sp = st.attr_span("labels_from")
        for src in st.values("labels_from"):
            if src == st.name:
                self.errors.append(Diagnostic("PS106", f"'{st.name}' takes its labels from itself", sp))
            elif src not in first:
                self.errors.append(Diagnostic("PS106", f"'{st.name}' takes its labels from '{src}', which is not a "
                                                       f"stage of this pipeline{vocab.did_you_mean(src, names)}", sp))
            elif first[src].kind == "output":
                others = [u for u in first[src].inputs if u != st.name][:2]
                own = f", which '{st.name}' itself feeds" if st.name in first[src].inputs else ""
                hint = (f" ({', '.join(repr(u) for u in others)})" if others
                        else " (the delineation, the readers' boxes or the teacher it learns from)" if own else
                        " (the model that feeds it)")
                self.errors.append(Diagnostic(
                    "PS106", f"'{st.name}' takes its labels from the output '{src}'{own}; an output is what the study "
                             f"reports: name the stage that makes the labels{hint}", sp))

    def attr(self, kind: str, key: str, value: Any, where: tuple[Any, ...]) -> AttrValue | None:
        return self.attr_value(ATTRIBUTES[kind][key], key, value, where)

    def attr_value(self, spec: Any, key: str, value: Any, where: tuple[Any, ...]) -> AttrValue | None:
        what = f"'{key}'"
        if spec.type == "list":
            items = value if isinstance(value, list) else [value]
            out: list[Scalar] = []
            for j, item in enumerate(items):
                s = self.scalar(item, where[:-1] + (j,), what)
                if s is None:
                    continue
                if spec.enum is not None:
                    canon = vocab.enum_value(spec.enum, str(s))
                    if canon is None and spec.enum is vocab.FEATURE_CLASSES:
                        # filter-qualified names as PyRadiomics writes them: wavelet-LLH, log-sigma-3-0-mm
                        for part in re.split(r"[-_\s]+", str(s)):
                            canon = vocab.enum_value(spec.enum, part)
                            if canon is not None:
                                break
                    if canon is None:
                        self.err("PS104", f"unknown value '{s}' for {what}"
                                          f"{vocab.did_you_mean(str(s), vocab.enum_choices(spec.enum))}",
                                 where[:-1] + (j,), fix="known values: " + ", ".join(vocab.enum_choices(spec.enum)))
                        continue
                    s = canon
                out.append(s)
            return tuple(out)
        if spec.type == "many":
            items = value if isinstance(value, list) else [value]
            many: list[Scalar] = []
            for j, item in enumerate(items):
                one = self.attr_one(spec, key, item, where[:-1] + (j,) if isinstance(value, list) else where)
                if isinstance(one, tuple):
                    continue
                if one is not None and one not in many:
                    many.append(one)
            if not many:
                if isinstance(value, list) and not items:
                    self.err("PS104", f"{what} is an empty list", where)
                return None
            return many[0] if len(many) == 1 else tuple(many)
        if spec.type == "stage":
            return self.ident(value, where, f"{what} (a stage name)")
        if spec.type == "stages":  # one stage name, or a list of them
            if not isinstance(value, list):
                return self.ident(value, where, f"{what} (a stage name)")
            names: list[str] = []
            for j, item in enumerate(value):
                name = self.ident(item, where[:-1] + (j,), f"{what} (a stage name)")
                if name is not None and name not in names:
                    names.append(name)
            if not value:
                self.err("PS104", f"{what} is an empty list", where)
            return None if not names else names[0] if len(names) == 1 else tuple(names)
        return self.attr_one(spec, key, value, where)

    def attr_one(self, spec: Any, key: str, value: Any, where: tuple[Any, ...]) -> AttrValue | None:
        what = f"'{key}'"
        s = self.scalar(value, where, what)
        if s is None:
            return None
        if spec.type == "bool":
            b = _boolean(s)
            if b is None:
                self.err("PS104", f"{what} must be yes or no, not '{s}'", where)
            return b
        if spec.type == "number":
            if isinstance(s, bool) or not isinstance(s, (int, float)):
                self.err("PS104", f"{what} must be a number, not '{s}'", where)
                return None
            return s
        if isinstance(s, bool):
            s = "yes" if s else "no"
        s = str(s)
        if spec.enum is not None:
            canon = vocab.enum_value(spec.enum, s)
            if canon is None:
                self.err("PS104", f"unknown value '{s}' for {what}"
                                  f"{vocab.did_you_mean(s, vocab.enum_choices(spec.enum))}",
                         where, fix="known values: " + ", ".join(vocab.enum_choices(spec.enum)))
                return None
            return canon
        if key == "modality":
            return vocab.enum_value(vocab.MODALITIES, s) or s
        return s

    @staticmethod
    def _known_op(name: str) -> bool:
        return vocab.op_name(name) is not None or vocab.processing_method(name) is not None

    def op(self, raw: Any, where: tuple[Any, ...]) -> Op | None:
        """One operation, canonical (``LASSO`` -> ``select(method: lasso)``), with its spelling as written."""
        if type(raw) is dict and "propagated_from" in raw:
            self.relations.add("propagated_from")
        text_key = ("v", raw) if type(raw) is str and len(raw) <= _CACHED_LENGTH else _texts_key(raw)
        if text_key is not None:
            known = _op_of_texts(text_key)
            if known is not None:
                return Op(known.name, known.args, known.params, known.custom,
                          self.spans.get(where) or self.span(*where), known.spelling)
        return self.op_written(raw, where)

    def op_written(self, raw: Any, where: tuple[Any, ...]) -> Op | None:
        op = self.op_canonical(raw, where)
        if op is None:
            return None
        written = {"op": raw} if isinstance(raw, str) else raw
        if not _same(written, op_document(op)):
            op = Op(op.name, op.args, op.params, op.custom, op.span,
                    tuple((str(k), _frozen(v)) for k, v in written.items()))
        return op

    def op_canonical(self, raw: Any, where: tuple[Any, ...]) -> Op | None:
        span = self.span(*where)
        if isinstance(raw, str):
            raw = {"op": raw}
        if not isinstance(raw, dict) or "op" not in raw:
            self.err("PS102", "an operation is a name or a mapping with 'op'", where)
            return None
        name = self.scalar(raw["op"], where, "'op'")
        if name is None:
            return None
        custom = _boolean(raw.get("custom", False)) is True
        name = str(name)
        method_param: str | None = None
        tool_param: str | None = None
        if not custom:
            canon = vocab.op_name(name)
            known = vocab.processing_method(name) if canon is None else None
            if known is not None:  # LASSO, mRMR, ICC filter, z-score, SMOTE, PCA ...: op(method: ...)
                canon, method_param = known
            network = vocab.lookup(name) if canon is None else None
            if canon is None and network is not None and network.op is not None and "tool" not in raw:
                # a network named as the operation it performs: TotalSegmentator -> segmentation(tool: ...)
                canon, tool_param = network.op, name
            elif canon is None:
                if network is not None and network.op is not None:
                    self.err("PS103", f"'{name}' is a network written as the operation it performs "
                                      f"({network.op}), and the operation names another tool "
                                      f"('{raw.get('tool')}'): give one network, as the operation "
                                      f"(`{name}`) or as its tool (`{network.op}(tool: {name})`)", where,
                             fix=f"{network.op}(tool: {name})")
                    return None
                if network is not None and network.family in ("deep", "classical", "statistical", "handcrafted"):
                    if network.family == "handcrafted":
                        stage = f"feature_extraction rad: handcrafted {name}"
                        how = f"draw it as a stage of its own: `{stage}`"
                    elif network.family == "deep":
                        stage = f"model net: {name}"
                        how = (f"name the operation it performs with it as the tool (e.g. `segmentation(tool: "
                               f"{name})`, `denoise(tool: {name})`), or draw it as a stage of its own: `{stage}`")
                    else:
                        stage = f"model clf: {name}"
                        how = f"draw it as a model stage: `{stage}`"
                    what = "feature-extraction software" if network.family == "handcrafted" else \
                        f"a {network.family} model"
                    self.err("PS104", f"'{name}' is {what}, not a pre-processing operation: {how}", where,
                             fix=how[0].upper() + how[1:])
                    return None
                self.err("PS104", f"unknown pre-processing operation '{name}'"
                                  f"{vocab.did_you_mean(name, list(vocab.OPS))}", where,
                         fix=self.syntax(f'for an operation outside the vocabulary, quote it: "{name}"',
                                         f'for an operation outside the vocabulary write {{op: "{name}", custom: true}}',
                                         f'for an operation outside the vocabulary write {{"op": "{name}", '
                                         '"custom": true}'))
                return None
            name = canon
        args_raw = raw.get("args", [])
        args: list[Scalar] = []
        for j, a in enumerate(args_raw if isinstance(args_raw, list) else [args_raw]):
            s = self.scalar(a, where + ("args", j), "an operation argument")
            if s is not None:
                args.append(_word(s))
        params: list[tuple[str, AttrValue]] = []
        if method_param is not None and "method" not in raw:
            params.append(("method", method_param))
        if tool_param is not None:
            params.append(("tool", tool_param))
        if not custom and vocab.op_category(name) == "roi" and "mode" not in raw:
            # segmentation(manual): a bare mode word is the mode
            for j, a in enumerate(args):
                mode = vocab.enum_value(vocab.SEG_MODES, str(a)) if isinstance(a, str) else None
                if mode is not None:
                    params.append(("mode", mode))
                    del args[j]
                    break
        for k, v in raw.items():
            if k in ("op", "args", "custom"):
                continue
            if not NAME.fullmatch(str(k)):
                self.err("PS102", f"operation parameter {str(k)[:40]!r} must be a name (letters, digits, _ - .)",
                         where + (k,))
                continue
            if k == "reproducibility":
                items_r = v if isinstance(v, list) else [v]
                canon_r: list[Scalar] = []
                for j, x in enumerate(items_r):
                    c = vocab.enum_value(vocab.REPRODUCIBILITY, str(x))
                    if c is None:
                        self.err("PS104", f"unknown reproducibility subset '{x}'"
                                          f"{vocab.did_you_mean(str(x), vocab.enum_choices(vocab.REPRODUCIBILITY))}",
                                 where + (k, j) if isinstance(v, list) else where + (k,),
                                 fix="known subsets: " + ", ".join(vocab.enum_choices(vocab.REPRODUCIBILITY)))
                        continue
                    canon_r.append(c)
                params.append((str(k), tuple(canon_r)))
                continue
            if isinstance(v, list) and k not in ("mode", "corrected", "readers", "method", "consensus", "qc",
                                                 "propagated_from", "category", "family"):
                items = [self.scalar(x, where + (k, j), f"parameter '{k}'") for j, x in enumerate(v)]
                if all(x is not None for x in items):
                    params.append((str(k), tuple(_word(x) for x in items if x is not None)))
                continue
            s = self.scalar(v, where + (k,), f"parameter '{k}'")
            if s is None:
                continue
            if k == "mode":
                canon = vocab.enum_value(vocab.SEG_MODES, str(s))
                if canon is None:
                    self.err("PS104", f"unknown segmentation mode '{s}'"
                                      f"{vocab.did_you_mean(str(s), vocab.enum_choices(vocab.SEG_MODES))}",
                             where + (k,), fix="known modes: manual, semi_automated, automated")
                    continue
                s = canon
            elif k == "corrected":
                c = vocab.enum_value(vocab.CORRECTIONS, "yes" if s is True else "no" if s is False else str(s))
                if c is None:
                    self.err("PS104", f"'corrected' must be none, subset or all (yes = all, no = none), not '{s}'",
                             where + (k,))
                    continue
                s = c
            elif k == "readers":
                if isinstance(s, bool) or not isinstance(s, int) or s < 1:
                    self.err("PS104", f"'readers' must be a whole number of readers, not '{s}'", where + (k,))
                    continue
            elif k == "method":
                found = vocab.processing_method(str(s))
                s = found[1] if found is not None else _word(s)
            elif k == "consensus":
                b = _boolean(s)
                if b is None:
                    self.err("PS104", f"'consensus' must be yes or no, not '{s}'", where + (k,))
                    continue
                s = b
            elif k == "qc":
                q = vocab.enum_value(vocab.QC, "no" if s is False else str(s))
                if q is None:
                    self.err("PS104", f"unknown qc '{s}'{vocab.did_you_mean(str(s), vocab.enum_choices(vocab.QC))}",
                             where + (k,), fix="qc: none, visual or automated")
                    continue
                s = q
            elif k == "propagated_from":
                ref = self.ident(s, where + (k,), "'propagated_from' (a stage name)")
                if ref is None:
                    continue
                s = ref
            elif k == "category":
                # the feature-processing category of a custom step (a known operation has its own)
                if not custom:
                    known_cat = vocab.method_category(name, str(dict(params).get("method") or "") or None)
                    self.err("PS103", f"'category' is for custom (quoted) operations; '{name}' is a known "
                                      f"operation" + (f" of category {known_cat}" if known_cat else ""),
                             where + (k,), fix=self.syntax(
                                 f'quote a step of your own: "{name} ..."(category: ...)',
                                 f'name a step of your own: {{op: "{name} ...", custom: true, category: ...}}',
                                 f'name a step of your own: {{"op": "{name} ...", "custom": true, "category": ...}}'))
                    continue
                c = str(s).strip().lower().replace("-", "_").replace(" ", "_")
                if c not in vocab.PROCESSING_CATEGORIES:
                    self.err("PS104", f"unknown category '{s}'"
                                      f"{vocab.did_you_mean(str(s), vocab.PROCESSING_CATEGORIES)}", where + (k,),
                             fix="categories: " + ", ".join(vocab.PROCESSING_CATEGORIES))
                    continue
                s = c
            elif k == "family":
                family = vocab.enum_value(vocab.FAMILIES, str(s))
                if family is None:
                    self.err("PS104", f"unknown family '{s}' for an operation's tool"
                                      f"{vocab.did_you_mean(str(s), vocab.enum_choices(vocab.FAMILIES))}",
                             where + (k,), fix="known families: deep, classical, statistical")
                    continue
                s = family
            else:
                s = _word(s)
            params.append((str(k), s))
        return Op(name, tuple(args), tuple(params), custom, span)

    # stages -------------------------------------------------------------------
    def stage(self, raw: Any, i: int) -> Stage | None:
        where: tuple[Any, ...] = ("stages", i)
        if not isinstance(raw, dict):
            self.err("PS102", f"a stage must be a mapping, not {_type_name(raw)}", where)
            return None
        name = self.ident(raw.get("name"), where + ("name",), "stage name")
        if name is not None and name in RESERVED:
            self.err("PS102", f"'{name}' is a reserved word and cannot name a stage", where + ("name",),
                     fix=f"rename it, e.g. '{name}_1' or a name that says what it holds")
            name = None
        kind_raw = raw.get("kind")
        if "kind" not in raw:
            hinted = [k for k in raw if KEY_HINTS.get(str(k)) == "kind"]
            if hinted:
                self.err("PS103", f"unknown stage key '{hinted[0]}'; did you mean 'kind'?", where + (hinted[0],),
                         fix="kinds: " + ", ".join(KINDS))
                return None
        if kind_raw not in KINDS:
            self.err("PS102" if not isinstance(kind_raw, str) else "PS104",
                     f"unknown stage kind {kind_raw!r}{vocab.did_you_mean(str(kind_raw), KINDS)}",
                     where + ("kind",), fix="kinds: " + ", ".join(KINDS))
            return None
        kind = str(kind_raw)
        allowed = ATTRIBUTES[kind]
        attrs: list[tuple[str, AttrValue]] = []
        attr_spans: list[tuple[str, Span]] = []
        spelling: list[tuple[str, Any]] = []  # attributes whose canonical value differs from what was written
        ops: list[Op] = []
        quoted: list[str] = []  # the keys whose value the author quoted, where quoting says something
        aliases = KEY_ALIASES.get(kind, {})
        spans_get = self.spans.get  # (a span found at its own path, as self.span finds it first; else self.span)
        for given, value in raw.items():
            key = aliases.get(str(given), given)
            if key in ("name", "kind", "from"):
                continue
            if key != given and given in raw and key in raw:
                self.err("PS103", f"'{given}' and '{key}' both given (they are the same attribute)", where + (given,))
                continue
            if key not in allowed:
                hint = KEY_HINTS.get(str(key))
                dym = f"; did you mean '{hint}'?" if hint else vocab.did_you_mean(str(key), list(allowed))
                self.err("PS103", f"unknown attribute '{key}' for a {kind} stage{dym}",
                         where + (key,), fix=f"{kind} attributes: " + ", ".join(sorted(allowed)))
                continue
            if key == "ops":
                items = value if isinstance(value, list) else [value]
                words = ([w.strip() for w in (value.split(",") if "," in value else value.split()) if w.strip()]
                         if isinstance(value, str) and not self._known_op(value) else [])
                if len(words) > 1 and ("," in str(value) or all(self._known_op(w) for w in words)):
                    listed = (", ".join(f'"{w}"' for w in words) if self.path.endswith(".json")
                              else ", ".join(words))
                    self.err("PS102", f"ops is a list of operations, not one text '{value[:60]}'",
                             where + (given, "value"), fix=f"give a list: [{listed}]")
                    continue
                for j, item in enumerate(items):
                    op = self.op(item, where + (("ops", j) if isinstance(value, list) else
                                                (given, "value") if isinstance(value, str) else (given,)))
                    if op is not None:
                        ops.append(op)
                continue
            if key in QUOTED_KEYS and isinstance(value, Quoted):
                quoted.append(key)
            if key in _RELATIONS:
                self.relations.add(key)
            t = type(value)
            text_key = (None if allowed[key].type in ("stage", "stages")
                        else ("v", value) if t is str and len(value) <= _CACHED_LENGTH
                        else ("v", ("q", str(value))) if t is Quoted and len(value) <= _CACHED_LENGTH
                        else _texts_key(value))
            known = _attr_of_texts(kind, key, text_key) if text_key is not None else None
            if known is not None:
                attrs.append((key, known[0]))
                attr_spans.append((key, spans_get((*where, given)) or self.span(*where, given)))
                if known[1] is not None:
                    spelling.append((key, known[1]))
                continue
            v = self.attr(kind, key, value, where + (given, "value"))
            if v is not None:
                attrs.append((key, v))
                attr_spans.append((key, self.span(*where, given)))
                if not _same(value, v):
                    spelling.append((key, _frozen(value)))
        if len(attrs) > 1:
            attrs.sort(key=lambda kv: _ORDER_INDEX.get(kv[0], len(ORDER)))
        if quoted:
            spelling.append(("quoted", tuple(quoted)))
        froms_raw = raw.get("from", [])
        if isinstance(froms_raw, str):
            froms_raw = [froms_raw]
        inputs: list[str] = []
        input_spans: list[Span] = []
        if not isinstance(froms_raw, list):
            self.err("PS102", "'from' must be a list of stage names", where + ("from",))
            froms_raw = []
        seen: set[str] = set()
        for j, f in enumerate(froms_raw):
            n = self.ident(f, where + ("from", j), "upstream stage name")
            if n is not None and n not in seen:
                seen.add(n)
                inputs.append(n)
                input_spans.append(spans_get((*where, "from", j)) or self.span(*where, "from", j))
        if name is None:
            return None
        return Stage(name, kind, tuple(inputs), tuple(attrs), tuple(ops), spans_get(where) or self.span(*where),
                     tuple(input_spans), tuple(attr_spans), tuple(spelling))

    def statements(self, raw: Any, kind: str, values: tuple[str, ...], shared: bool = True) -> tuple[Statement, ...]:
        """``declare`` or ``expect`` (``shared``: statements read before in the batch are not read again)."""
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.err("PS102", f"'{kind}' must be a mapping of condition1..condition5 to "
                              f"{'/'.join(values)}", (kind,))
            return ()
        out: dict[int, Statement] = {}
        for key, raw_value in raw.items():
            if (shared and type(key) is str and type(raw_value) in (str, Quoted)
                    and len(key) + len(raw_value) <= _CACHED_LENGTH):
                known = _statement_of(key, str(raw_value), values)
                if known is not None and known[0] not in out:
                    out[known[0]] = Statement(known[0], known[1], self.span(kind, key), known[2])
                    continue
            value = raw_value
            m = _COND.match(str(key))
            if not m:
                self.err("PS107", f"unknown condition '{key}' in {kind}; expected condition1 .. condition5",
                         (kind, key))
                continue
            if isinstance(value, bool):
                value = "yes" if value else "no"
            v = str(value).strip().lower() if isinstance(value, (str, int, float)) else None
            if v in _TRUE:
                v = "yes"
            elif v in _FALSE:
                v = "no"
            if v not in values:
                self.err("PS107", f"{kind} {key} must be {' or '.join(values)}, not {value!r}",
                         (kind, key, "value"))
                continue
            n = int(m.group(1))
            if n in out:
                self.err("PS107", f"{kind} condition{n} given twice", (kind, key))
                continue
            out[n] = Statement(n, v, self.span(kind, key), tuple(_spelling(("key", key, f"condition{n}"),
                                                                           ("value", raw_value, v))))
        return tuple(out[n] for n in sorted(out))

    def assessment(self, raw: Any) -> tuple[ItemAnswer, ...]:
        """``assess: {item1: yes, item14: {answer: yes, note: "..."}}`` -> the answers, by item number."""
        if raw is None:
            return ()
        if not isinstance(raw, dict):
            self.err("PS102", "'assess' must be a mapping of item1 .. item30 to yes, no or n/a", ("assess",))
            return ()
        out: dict[int, ItemAnswer] = {}
        for key, raw_value in raw.items():
            value = raw_value
            n = item_number(str(key))
            if n is None:
                self.err("PS107", f"unknown METRICS item '{key}' in assess; expected item1 .. item30",
                         ("assess", key), fix="write item1 .. item30 (also 'item 7' or 'Item#7' in YAML/JSON)")
                continue
            note: Any = None
            if isinstance(value, dict):
                extra = [k for k in value if k not in ("answer", "note")]
                if extra or "answer" not in value:
                    self.err("PS102", f"assess {key} with a note is a mapping of 'answer' and 'note'",
                             ("assess", key), fix=f'{key}: {{answer: yes, note: "where the paper shows it"}}')
                    continue
                note = value.get("note")
                value = value["answer"]
            answer = normalise_answer(value)
            if answer is None:
                self.err("PS107", f"assess {key} must be yes, no or n/a, not {value!r}", ("assess", key, "value"))
                continue
            if note is not None:
                if not isinstance(note, str) or not note.strip():
                    self.err("PS102", f"the note of assess {key} must be non-empty text", ("assess", key, "note"))
                    continue
                if self.scalar(note, ("assess", key, "note"), "the note") is None:
                    continue
                note = unicodedata.normalize("NFC", note.strip())
            if n in out:
                self.err("PS107", f"assess item{n} given twice", ("assess", key))
                continue
            written = raw_value.get("answer") if isinstance(raw_value, dict) else raw_value
            written_note = raw_value.get("note") if isinstance(raw_value, dict) else None
            out[n] = ItemAnswer(n, answer, note, self.span("assess", key),
                                tuple(_spelling(("key", key, f"item{n}"), ("answer", written, answer),
                                                ("note", written_note, note))))
        return tuple(out[n] for n in sorted(out))

    def facts(self, raw: Any, block: str) -> Facts | None:
        """A study facts block (``cohort``, ``evaluation``, ``availability``), typed by attributes.FACTS."""
        if raw is None:
            return None
        table = FACTS[block]
        if not isinstance(raw, dict):
            self.err("PS102", f"'{block}' must be a mapping ({', '.join(table)})", (block,))
            return None
        values: list[tuple[str, AttrValue]] = []
        spans: list[tuple[str, Span]] = []
        spelling: list[tuple[str, Any]] = []
        for key, value in raw.items():
            spec = table.get(str(key))
            if spec is None:
                self.err("PS103", f"unknown key '{key}' in {block}{vocab.did_you_mean(str(key), list(table))}",
                         (block, key), fix=f"{block} keys: " + ", ".join(table))
                continue
            where = (block, key, "value")
            v: AttrValue | None
            if spec.type == "count":
                v = value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None
                if v is None:
                    self.err("PS104", f"{block} '{key}' must be a whole number, not {_as_written(value)}", where)
            elif spec.type == "location":
                v = None
                if value is False or (isinstance(value, str) and _boolean(value) is False):
                    v = "no"
                elif isinstance(value, str) and value.strip() and _boolean(value) is None:
                    v = self.scalar(value.strip(), where, f"{block} '{key}'")
                else:
                    self.err("PS104", f"{block} '{key}' must say where (a URL, DOI or repository) or no, "
                                      f"not {value!r}", where, fix=f'{key}: "https://..." or {key}: no')
            else:
                v = self.attr_value(spec, str(key), value, where)
            if v is not None:
                values.append((str(key), v))
                spans.append((str(key), self.span(block, key)))
                if not _same(value, v):
                    spelling.append((str(key), _frozen(value)))
        order = list(table)
        values.sort(key=lambda kv: order.index(kv[0]))
        return Facts(tuple(values), tuple(spans), self.span(block), tuple(spelling))

    def waivers(self, raw: Any) -> tuple[Waiver, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raw = [raw]
        out: list[Waiver] = []
        for k, w in enumerate(raw):
            where = ("waive", k)
            if not isinstance(w, dict) or not isinstance(w.get("code"), str):
                self.err("PS102", "a waiver is a mapping with 'code' and 'justification'", where)
                continue
            just = w.get("justification")
            if not isinstance(just, str) or not just.strip():
                self.err("PS107", f"waiver of {w['code']} needs a justification", where,
                         fix=self.waiver_fix(str(w["code"])))
                continue
            code = w["code"].strip()
            if not _WAIVER_CODE.fullmatch(code):
                self.err("PS110" if _BAD_CHARS.search(code) or _INVISIBLE.search(code) else "PS102",
                         f"waiver code '{_marked(code)}' is not a rule code "
                         "(up to 16 ASCII letters and digits, as in C501)", where)
                continue
            if self.scalar(just, where, "the justification") is None:
                continue
            if not has_visible_letter(just):
                self.err("PS107", f"waiver of {code}: the justification has no visible letter", where,
                         fix=self.waiver_fix(code))
                continue
            stage = w.get("stage")
            if isinstance(stage, str) and not NAME.fullmatch(unicodedata.normalize("NFC", stage)):
                self.err("PS102", f"waiver stage {stage[:60]!r} is not a stage name", where)
                continue
            code = w["code"].strip().upper()
            text = unicodedata.normalize("NFC", just.strip())
            out.append(Waiver(code, text, unicodedata.normalize("NFC", stage) if isinstance(stage, str) else None,
                              self.span(*where),
                              tuple(_spelling(("code", w["code"], code), ("justification", just, text)))))
        return tuple(out)

    def pipeline(self, doc: Any) -> Pipeline:
        if not isinstance(doc, dict):
            self.err("PS102", f"a pipeline document must be a mapping, not {_type_name(doc)}", ())
            raise ModelFailure(self.errors)
        title = doc.get("pipeline")
        if not isinstance(title, str) or not title.strip():
            self.err("PS102", "missing pipeline title ('pipeline: \"...\"')", ("pipeline",))
            title = ""
        elif self.scalar(title, ("pipeline",), "the title") is None:
            title = ""
        stages_raw = doc.get("stages")
        if not isinstance(stages_raw, list):
            self.err("PS102", "missing 'stages' list", ("stages",))
            stages_raw = []
        stages: list[Stage] = []
        first: dict[str, Stage] = {}
        for i, raw in enumerate(stages_raw):
            st = self.stage(raw, i)
            if st is None:
                continue
            if st.name in first:
                self.err("PS105", f"duplicate stage name '{st.name}'", ("stages", i, "name"),
                         related=(first[st.name].span,), fix="give every stage a unique name")
                continue
            first[st.name] = st
            stages.append(st)
        names = list(first)
        # one PS106 per missing stage, at the first place it is named (the other places related)
        missing: dict[str, list[tuple[Span, str | None]]] = {}
        for k, n in enumerate(doc.get("_undefined", [])):  # DSL flow targets that are not stages
            missing.setdefault(n, []).append((self.span("_undefined", k), None))
        for k, (n, dst) in enumerate(doc.get("_undefined_from", [])):  # DSL flow from an undefined stage into another
            missing.setdefault(n, []).append((self.span("_undefined_from", k), dst))
        index = {s.name: i for i, s in enumerate(stages)}
        resolved: list[Stage] = []
        for st in stages:
            if len(st.inputs) <= 1 and (not st.inputs or st.inputs[0] in first):  # nothing to drop or order
                resolved.append(st)
                continue
            for n, sp in zip(st.inputs, st.input_spans):
                if n not in first:
                    missing.setdefault(n, []).append((sp, st.name))
            keep = sorted((index[n], n, sp) for n, sp in zip(st.inputs, st.input_spans) if n in first)
            if [n for _, n, _ in keep] != list(st.inputs):
                st = Stage(st.name, st.kind, tuple(n for _, n, _ in keep), st.attrs, st.ops, st.span,
                           tuple(sp for _, _, sp in keep), st.attr_spans, st.spelling)
            resolved.append(st)
        for n, places in sorted(missing.items(), key=lambda kv: min(sp for sp, _ in kv[1])):
            into = sorted({dst for _, dst in places if dst is not None})
            first_span = min(sp for sp, _ in places)
            others = tuple(sorted({sp for sp, _ in places if sp != first_span}))
            to = any(dst is None for _, dst in places)
            targets = ", ".join(f"'{d}'" for d in into)
            how = (f"data flows into it, and from it into {targets}" if to and into else
                   "data flows into it" if to else f"data flows from it into {targets}")
            self.errors.append(Diagnostic("PS106", f"undefined stage '{n}': {how}; declare it or correct the name"
                                                   f"{vocab.did_you_mean(n, names)}", first_span,
                                          related=others))
        weights: dict[str, tuple[str, Span]] = {}  # stage -> (the network it takes its weights from, where)
        for st in resolved if "labels_from" in self.relations or "weights_from" in self.relations else ():
            if st.kind not in ("model", "feature_extraction"):  # the kinds that take weights_from and labels_from
                continue
            self.label_sources(st, first, names)
            src = st.text("weights_from")
            if src is None:
                continue
            sp = st.attr_span("weights_from")
            if src != st.name and src in first and first[src].kind in ("model", "feature_extraction"):
                weights.setdefault(st.name, (src, sp))
            if src == st.name:
                self.errors.append(Diagnostic("PS106", f"'{st.name}' takes its weights from itself", sp))
            elif src not in first:
                self.errors.append(Diagnostic("PS106", f"'{st.name}' takes its weights from '{src}', which is not "
                                                       "a stage of this pipeline"
                                                       f"{vocab.did_you_mean(src, names)}", sp))
            elif first[src].kind not in ("model", "feature_extraction"):
                self.errors.append(Diagnostic(
                    "PS106", f"'{st.name}' takes weights from the {first[src].kind.replace('_', ' ')} '{src}'; "
                             "weights come from a network (a model or a deep feature extraction)", sp))
        self._weight_cycles(weights)
        for st in resolved if "propagated_from" in self.relations else ():
            for src, sp in _propagation_sources(st):
                if src == st.name:
                    self.errors.append(Diagnostic("PS106", f"'{st.name}' propagates its masks from itself", sp))
                elif src not in first:
                    self.errors.append(Diagnostic("PS106", f"masks propagated from undefined stage '{src}' into "
                                                           f"'{st.name}'{vocab.did_you_mean(src, names)}", sp))
        study_raw = doc.get("study") or {}
        study: list[tuple[str, Scalar]] = []
        canonical_title = unicodedata.normalize("NFC", title.strip())
        pipeline_spelling = _spelling(("pipeline", title, canonical_title))
        if isinstance(doc.get("$schema"), str):  # kept for the writers, not a part of the pipeline
            pipeline_spelling.append(("$schema", doc["$schema"]))
        if not isinstance(study_raw, dict):
            self.err("PS102", "'study' must be a mapping (doi, year, reference, ...)", ("study",))
        else:
            for k, v in study_raw.items():
                if not NAME.fullmatch(str(k)):
                    self.err("PS102", f"study key {str(k)[:40]!r} must be a name (letters, digits, _ - .)",
                             ("study", k))
                    continue
                s = self.scalar(v, ("study", k), f"study '{k}'")
                if s is not None:
                    study.append((str(k), _word(s)))
                    pipeline_spelling += _spelling((f"study.{k}", v, study[-1][1]))
        declarations = self.statements(doc.get("declare"), "declare", ("yes", "no"))
        expectations = self.statements(doc.get("expect"), "expect", ("yes", "no", "review"))
        waivers = self.waivers(doc.get("waive"))
        assessment = self.assessment(doc.get("assess"))
        facts = {block: self.facts(doc.get(block), block) for block in FACT_BLOCKS}
        top = ["pipeline", "stages", "study", "declare", "expect", "waive", "assess", *FACT_BLOCKS]
        for key in doc:
            if key not in top and key not in ("_undefined", "_undefined_from", "$schema"):
                self.err("PS103", f"unknown top-level key '{key}'{vocab.did_you_mean(str(key), top)}", (key,))
        if self.errors:
            raise ModelFailure(self.errors)
        return Pipeline(canonical_title, tuple(resolved), tuple(study), declarations, expectations, waivers,
                        self.span("pipeline"), self.path, assessment, facts["cohort"], facts["evaluation"],
                        facts["availability"], tuple(pipeline_spelling))


# Memoised for a batch: the values most files write alike (vocabulary words, stage names, operations).  Only texts
# up to _CACHED_LENGTH characters, and only what has no problem: a problem is found again, and located, by the
# builder of the file that has it.
_CACHED_LENGTH = 128
_CACHED_ITEMS = 16  # a longer list, or a mapping with more keys, is read afresh
_CACHED_KEY_CHARS = 4 * _CACHED_LENGTH  # the texts of one list or mapping: a key and its value stay small
_CACHE_SIZE = 4096


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _clean_text(value: str) -> str | None:
    """A text value in NFC (``None``: it holds a control, bidirectional or invisible character)."""
    if value.isascii() and value.isprintable():
        return value  # (what _BAD_CHARS finds is never printable ASCII, and NFC leaves ASCII as it is)
    if _BAD_CHARS.search(value.replace("\n", " ").replace("\t", " ")):
        return None
    return unicodedata.normalize("NFC", value)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _clean_name(value: str) -> str | None:
    """A name in NFC (``None``: not a valid name; its length is checked against the limits by the caller)."""
    if not value.strip():
        return None
    if not (value.isascii() and value.isprintable()):  # (neither pattern finds printable ASCII)
        value = unicodedata.normalize("NFC", value)
        if _BAD_CHARS.search(value) or _INVISIBLE.search(value):
            return None
    return value if NAME.fullmatch(value) else None


_NUMBERS = (int, bool, SpelledInt, SpelledFloat)  # a plain float is not shared: 0.0 and -0.0 are equal


def _scalar_part(value: Any) -> Any:
    t = type(value)
    if t is str:
        return value if len(value) <= _CACHED_LENGTH else None
    if t is Quoted:  # told apart from the same text unquoted: quoting a tool's name says something
        return ("q", str(value)) if len(value) <= _CACHED_LENGTH else None
    if t in _NUMBERS:
        return ("n", t, getattr(value, "text", None), value)
    return None


def _part(value: Any) -> Any:
    """A hashable stand-in for one document value: a short text as is (a quoted one as ``("q", text)``), a number
    as ``("n", type, source text, number)`` (so that 1, 1.0, True and 01 are told apart), a list of those as ``("l", parts)``; ``None`` for
    anything else (a plain float among them: 0.0 and -0.0 are equal)."""
    if type(value) is list:
        if len(value) > _CACHED_ITEMS:
            return None
        parts: list[Any] = []
        for x in value:
            part = _scalar_part(x)
            if part is None:
                return None
            parts.append(part)
        return ("l", tuple(parts))
    return _scalar_part(value)


def _chars(part: Any) -> int:
    """How many characters the texts of a :func:`_part` hold."""
    if type(part) is str:
        return len(part)
    how = part[0]
    return sum(_chars(x) for x in part[1]) if how == "l" else len(part[1]) if how == "q" else len(part[2] or "")


def _texts_key(value: Any) -> tuple[str, Any] | None:
    """A hashable key for a document value made of short texts and numbers: a value, a list of values, or a
    mapping of those with text keys, at most _CACHED_KEY_CHARS characters of text in all (``None`` for anything
    else)."""
    if type(value) is dict:
        if len(value) > _CACHED_ITEMS // 2:
            return None
        pairs: list[tuple[str, Any]] = []
        size = 0
        for k, v in value.items():
            part = _part(v)
            if part is None or type(k) is not str or len(k) > _CACHED_LENGTH:
                return None
            size += len(k) + _chars(part)
            pairs.append((k, part))
        return ("d", tuple(pairs)) if size <= _CACHED_KEY_CHARS else None
    part = _part(value)
    if part is None or (type(part) is not str and _chars(part) > _CACHED_KEY_CHARS):
        return None
    return ("v", part)


def _from_part(part: Any) -> Any:
    if type(part) is str:
        return part
    how = part[0]
    return part[3] if how == "n" else Quoted(part[1]) if how == "q" else [_from_part(x) for x in part[1]]


def _from_texts_key(key: tuple[str, Any]) -> Any:
    """The document value a :func:`_texts_key` stands for."""
    how, value = key
    if how == "v":
        return _from_part(value)
    return {k: _from_part(v) for k, v in value}


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _attr_of_texts(kind: str, key: str, texts: tuple[str, Any]) -> tuple[AttrValue, Any] | None:
    """The canonical value of attribute ``key`` of a ``kind`` stage given as texts, and its spelling (``None`` when
    written canonically); ``None`` when the value has a problem."""
    builder = _Builder({}, "", DEFAULT_LIMITS)
    value = _from_texts_key(texts)
    v = builder.attr(kind, key, value, ())
    if v is None or builder.errors:
        return None
    return v, None if _same(value, v) else _frozen(value)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _statement_of(key: str, value: str, values: tuple[str, ...]) -> tuple[int, str, Spelling] | None:
    """The condition, the value and the spelling of ``declare``/``expect`` ``key = value`` (``None`` when it has a
    problem)."""
    builder = _Builder({}, "", DEFAULT_LIMITS)
    found = builder.statements({key: value}, "", values, shared=False)
    return None if builder.errors else (found[0].condition, found[0].value, found[0].spelling)


@functools.lru_cache(maxsize=_CACHE_SIZE // 4)  # its keys are the largest
def _op_of_texts(texts: tuple[str, Any]) -> Op | None:
    """An operation written as texts, canonical, with its spelling (``None`` when it has a problem); its span is
    the caller's."""
    builder = _Builder({}, "", DEFAULT_LIMITS)
    op = builder.op_written(_from_texts_key(texts), ())
    return None if builder.errors else op


def _same(written: Any, canonical: Any) -> bool:
    """Whether a value as written is its canonical value (same type, same text: "MR" is not "MRI", 1.50 is not
    1.5 as written, a single value is not a list of one)."""
    if isinstance(written, str):  # NFC is how every front end reads text (the DSL reads its whole text so); a
        # quoted text is its text (where quoting says something, the stage keeps that apart: ``("quoted", keys)``)
        return type(canonical) is str and (written == canonical if written.isascii()
                                           else unicodedata.normalize("NFC", written) == canonical)
    if isinstance(written, list):
        return isinstance(canonical, tuple) and len(written) == len(canonical) and all(
            _same(a, b) for a, b in zip(written, canonical))
    if isinstance(written, dict):
        return isinstance(canonical, dict) and list(written) == list(canonical) and all(
            _same(written[k], canonical[k]) for k in written)
    if isinstance(canonical, (tuple, dict)) or type(written) is not type(canonical):
        return False
    if isinstance(written, str):  # NFC is how every front end reads text (the DSL reads its whole text so)
        return bool(unicodedata.normalize("NFC", written) == canonical)
    return bool(written == canonical)


def _propagation_sources(st: Stage) -> list[tuple[str, Span]]:
    """(stage, where) for each ``propagated_from`` of a stage and of its operations."""
    out: list[tuple[str, Span]] = []
    src = st.text("propagated_from")
    if src is not None:
        out.append((src, st.attr_span("propagated_from")))
    for op in st.ops:
        ref = op.param("propagated_from")
        if ref is not None:
            out.append((str(ref), op.span))
    return out


def _frozen(value: Any) -> Any:
    """A document value as the model holds it (lists as tuples, mappings as tuples of pairs)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple((str(k), _frozen(v)) for k, v in value.items())
    if isinstance(value, str):
        return str(unicodedata.normalize("NFC", value))  # a plain text (never the front end's Quoted)
    return value


def _spelling(*parts: tuple[str, Any, Any]) -> list[tuple[str, Any]]:
    """(key, written, canonical) triples -> the spelling pairs of those written otherwise."""
    return [(key, _frozen(w)) for key, w, canon in parts
            if w is not None and (w != canon or not isinstance(w, str) or type(canon) is not str or not w.isascii())
            and not _same(w, canon)]


def _as_written(value: Any) -> str:
    """A value for a message as the author wrote it: a number read from a file in its own spelling (``1e3``, not
    ``1000.0``), anything else as Python shows it."""
    text = getattr(value, "text", None)
    if isinstance(text, str) and isinstance(value, int | float) and not isinstance(value, bool):
        return text if len(text) <= 40 else text[:40] + "\u2026"
    return repr(value)


def _marked(value: str, limit: int = 60) -> str:
    """``value`` (its first ``limit`` characters) with each control, bidirectional or invisible character written
    as its code point, so that a message shows where it is; other letters are kept as written."""
    def code(m: re.Match[str]) -> str:
        n = ord(m.group())
        return f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}"

    return _INVISIBLE.sub(code, _BAD_CHARS.sub(code, value[:limit]))


def has_visible_letter(text: str) -> bool:
    """Does ``text`` hold a letter that shows (not a filler such as U+3164)? A waiver's justification must."""
    if text.isascii():  # no invisible character is ASCII, and the ASCII letters are A-Z and a-z
        return _ASCII_LETTER.search(text) is not None
    return any(ch.isalpha() for ch in _INVISIBLE.sub("", text))


def _word(value: Scalar) -> Scalar:
    """Free values hold no booleans: the DSL writes yes/no and reads them back as words, so YAML/JSON
    ``true``/``false`` become ``yes``/``no`` (the model is then the same in every front end)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        v = value.strip().lower()
        if v in _TRUE:
            return True
        if v in _FALSE:
            return False
    return None


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return type(value).__name__


def build(doc: Any, spans: SpanMap, path: str = "<string>", limits: Limits = DEFAULT_LIMITS,
          fmt: str | None = None) -> Pipeline:
    """Turn a document into the typed model; raises :class:`ModelFailure` with every problem found. ``fmt``: the
    front end the document came from (dsl, yaml, json), whose syntax the fixes are written in."""
    return _Builder(spans, path, limits, fmt).pipeline(doc)
