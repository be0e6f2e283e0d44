"""What the language server knows about one document, as plain data: no protocol types here.

The check is the command line's (:func:`pipespec.checker.check_text`, with the configuration found beside the
file as ``check`` finds it), the fixes are ``check --fix``'s (:mod:`pipespec.fixing`) and formatting is
``pipespec fmt``'s writer; this module adds only what an editor needs on top: where each stage name stands in the
text (definition, references, rename), what the word under the cursor is (hover) and what may be written there
(completion). Offsets are code-point offsets into the document's text (see :mod:`pipespec.cli.lsp.text`).
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import functools
import json
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from pipespec.checker import Options, check_text
from pipespec.cli.lsp.text import Text
from pipespec.errors import InputError, Problem
from pipespec.language.answers import DECLARE, AnswerError, Entry, answer_edits
from pipespec.report import FileReport

KINDS = ("input", "preprocessing", "feature_extraction", "model", "output")
STATEMENTS = ("flow", "declare", "expect", "waive", "assess", "study", "cohort", "evaluation", "availability")
PIPELINE_SUFFIXES = (".pipe", ".pipe.yaml", ".pipe.yml", ".pipe.json")
YAML_SUFFIXES = (".yaml", ".yml", ".json")


def format_of(path: str) -> str:
    lower = path.lower()
    if lower.endswith(".pipe"):
        return "dsl"
    return "json" if lower.endswith(".json") else "yaml"


def is_pipeline_document(path: str, text: str) -> bool:
    """Whether a document is a pipeline: ``*.pipe`` (and ``*.pipe.yaml|yml|json``), or a YAML/JSON document whose
    top level has both ``pipeline`` and ``stages`` (CI files, compose files and the like are left alone)."""
    lower = path.lower()
    if lower.endswith(PIPELINE_SUFFIXES):
        return True
    if not lower.endswith(YAML_SUFFIXES):
        return False
    if lower.endswith(".json"):
        return bool(re.search(r'^\s*\{', text)) and '"pipeline"' in text and '"stages"' in text and \
            _json_top_keys(text) >= {"pipeline", "stages"}
    keys = set(re.findall(r"^(pipeline|stages)\s*:", text, re.MULTILINE))
    return keys == {"pipeline", "stages"}


def _json_top_keys(text: str) -> set[str]:
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError):  # a document being typed: the keys as far as they can be seen
        return set(re.findall(r'^\s{0,4}"(pipeline|stages)"\s*:', text, re.MULTILINE))
    return set(doc) if isinstance(doc, dict) else set()


class Occurrence(NamedTuple):
    """A stage name in the text: its offsets and whether it is the stage's definition."""

    name: str
    start: int
    end: int
    definition: bool


class Analysis:
    """One version of one document: the check's report, the pipeline (when it loads) and the stage names."""

    def __init__(self, text: str, path: str, fmt: str, options: Options = Options()) -> None:
        self.path = path
        self.format = fmt
        self.source = text
        self.report: FileReport = check_text(text, path, fmt, options._replace(keep_model=True),
                                             _config_for(path, options))
        self.pipeline: Any = self.report.pipeline

    @functools.cached_property
    def occurrences(self) -> list[Occurrence]:
        try:
            return list(_dsl_names(self.source) if self.format == "dsl" else _yaml_names(self.source))
        except RecursionError:
            return []

    def stage_names(self) -> list[str]:
        seen: dict[str, None] = {}
        for o in self.occurrences:
            if o.definition:
                seen.setdefault(o.name, None)
        return list(seen)

    def occurrence_at(self, offset: int) -> Occurrence | None:
        for o in self.occurrences:
            if o.start <= offset <= o.end:
                return o
        return None


def _config_for(path: str, options: Options) -> Any:
    """The configuration ``check`` would use for a file at ``path`` (None where none is found or it is broken:
    the check then runs with the rules as shipped, and ``check`` itself reports the broken file)."""
    if options.config is not None or not options.use_config or not path or path.startswith("<"):
        return options.config
    import os

    from pipespec.config import config_for_dir
    from pipespec.errors import ConfigError

    try:
        return config_for_dir(os.path.dirname(os.path.abspath(path)))
    except (ConfigError, OSError):
        return None


# ------------------------------------------------------------------ stage names in the DSL
_TOKEN = re.compile(r'(?P<s>"(?:[^"\\\n]|\\.)*"?)|(?P<c>#[^\n]*)|(?P<nl>\n)|(?P<arrow>->)'
                    r"|(?P<p>[{}\[\](),:=])|(?P<w>[^\s{}\[\](),:=#\"]+)|(?P<ws>[ \t\r\f]+)")


class Token(NamedTuple):
    kind: str
    text: str
    start: int


def tokens(text: str) -> Iterator[Token]:
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "ws"
        if kind not in ("ws", "c"):
            yield Token(kind, m.group(), m.start())


def statements(text: str) -> Iterator[list[Token]]:
    """The DSL's statements (a stage, a flow, ...): tokens up to a line break outside brackets, in the body."""
    depth = 0
    current: list[Token] = []
    for t in tokens(text):
        if t.kind == "p" and t.text in "{[(":
            depth += 1
            if depth == 1 and t.text == "{" and current and current[0].text == "pipeline":
                current = []
                continue
        elif t.kind == "p" and t.text in "}])":
            depth -= 1
            if depth <= 0:
                if current:
                    yield current
                current = []
                continue
        if t.kind == "nl":
            if depth <= 1 and current:
                yield current
                current = []
            continue
        current.append(t)
    if current:
        yield current


def _stage_keys() -> frozenset[str]:
    from pipespec.language.attributes import ATTRIBUTES

    return frozenset(k for attrs in ATTRIBUTES.values() for k, a in attrs.items() if a.type == "stage") | {
        "weights_from", "labels_from", "propagated_from"}


def _name_of(t: Token) -> tuple[str, int, int] | None:
    if t.kind == "w":
        return t.text, t.start, t.start + len(t.text)
    if t.kind == "s" and len(t.text) >= 2 and t.text.endswith('"'):
        return t.text[1:-1], t.start + 1, t.start + len(t.text) - 1
    return None


def _dsl_names(text: str) -> Iterator[Occurrence]:
    stage_keys = _stage_keys()
    for st in statements(text):
        head = st[0].text
        if head in KINDS and len(st) > 1:
            named = _name_of(st[1])
            if named:
                yield Occurrence(*named, True)
            yield from _stage_refs(st[2:], stage_keys)
        elif head == "flow":
            for t in st[1:]:
                if t.kind == "w":
                    yield Occurrence(t.text, t.start, t.start + len(t.text), False)
        elif head == "waive":
            for a, b in zip(st, st[1:]):
                if a.kind == "w" and a.text == "at" and b.kind == "w":
                    yield Occurrence(b.text, b.start, b.start + len(b.text), False)


def _stage_refs(rest: list[Token], stage_keys: frozenset[str]) -> Iterator[Occurrence]:
    depth = 0
    in_from = False
    key: str | None = None
    for i, t in enumerate(rest):
        if t.kind == "p" and t.text in "{[(":
            depth += 1
            continue
        if t.kind == "p" and t.text in "}])":
            depth -= 1
            if depth <= 1:
                key = None if depth < 1 or t.text == "]" else key
            continue
        if depth == 0 and t.kind == "w" and t.text == "from":
            in_from = True
            continue
        if in_from and depth == 0 and t.kind == "w":
            yield Occurrence(t.text, t.start, t.start + len(t.text), False)
            continue
        if depth >= 1 and t.kind == "w" and i + 1 < len(rest) and rest[i + 1].text == ":":
            key = t.text
            continue
        if depth >= 1 and t.kind == "p" and t.text == ",":
            if depth == 1:
                key = None
            continue
        if key in stage_keys and t.kind in ("w", "s") and t.text != ":":
            named = _name_of(t)
            if named:
                yield Occurrence(*named, False)


# ------------------------------------------------------------------ stage names in YAML and JSON
def _yaml_names(text: str) -> Iterator[Occurrence]:
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if not isinstance(root, yaml.MappingNode):
        return
    t = Text(text)
    stage_keys = _stage_keys() | {"from"}

    def occ(node: Any, definition: bool) -> Iterator[Occurrence]:
        if isinstance(node, yaml.ScalarNode) and isinstance(node.value, str):
            start = t.offset_of(node.start_mark.line + 1, node.start_mark.column + 1)
            end = t.offset_of(node.end_mark.line + 1, node.end_mark.column + 1)
            if node.style in ('"', "'"):
                start, end = start + 1, end - 1
            if text[start:end] == node.value:
                yield Occurrence(node.value, start, end, definition)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                yield from occ(item, definition)

    for k, v in root.value:
        if k.value == "stages" and isinstance(v, yaml.SequenceNode):
            for stage in v.value:
                if isinstance(stage, yaml.MappingNode):
                    for sk, sv in stage.value:
                        if sk.value == "name":
                            yield from occ(sv, True)
                        elif sk.value in stage_keys:
                            yield from occ(sv, False)
        elif k.value == "waive" and isinstance(v, yaml.SequenceNode):
            for w in v.value:
                if isinstance(w, yaml.MappingNode):
                    for wk, wv in w.value:
                        if wk.value == "stage":
                            yield from occ(wv, False)


# ------------------------------------------------------------------ diagnostics
class Diagnostic(NamedTuple):
    start: int
    end: int
    severity: str  # error | warning | info
    code: str
    message: str
    related: tuple[tuple[int, int, str], ...]
    fix: str | None


def problem_range(text: Text, p: Problem) -> tuple[int, int]:
    s = p.span
    start = text.offset_of(s.line, s.column)
    if s.end_line is not None and s.end_column is not None:
        end = text.offset_of(s.end_line, s.end_column)
        if end > start:
            return start, end
    m = re.compile(r"[^\s{}\[\](),:=#]+").match(text.text, start)
    return start, (m.end() if m else start)


def diagnostics(a: Analysis, text: Text) -> list[Diagnostic]:
    """The check's input errors and findings (waived findings left out, as they suppress nothing to do), then
    each declared answer with the verdict beside it, as information on its ``declare`` line."""
    out: list[Diagnostic] = []
    for p in [*a.report.errors, *a.report.findings]:
        if p.waived is not None:
            continue
        start, end = problem_range(text, p)
        related = tuple((*_span_offsets(text, r), "related") for r in p.related)
        out.append(Diagnostic(start, end, p.severity, p.code, p.message, related, p.fix))
    if a.pipeline is not None:
        for d in a.pipeline.declarations:
            v = a.report.conditions.get(d.condition)
            if v is None:
                continue
            start, end = _declaration_value(text, d.span.line)
            agrees = "agrees" if v.verdict == d.value else "declared " + d.value
            out.append(Diagnostic(start, end, "info", v.rule,
                                  f"pipeline shows {v.verdict.capitalize()} ({agrees}): {v.reason}", (), None))
    return out


def _span_offsets(text: Text, s: Any) -> tuple[int, int]:
    start = text.offset_of(s.line, s.column)
    end = text.offset_of(s.end_line, s.end_column) if s.end_line is not None and s.end_column is not None else start
    return start, max(start, end)


_DECLARED_VALUE = re.compile(r"(?:=|:)[ \t]*([\"']?)([A-Za-z]+)\1[ \t]*,?[ \t]*(?:#.*)?\r?$")  # JSON: a comma


def _declaration_value(text: Text, line: int) -> tuple[int, int]:
    """The offsets of the declared answer on pipespec's line ``line`` (the whole line where it cannot be found)."""
    start = text.offset_of(line, 1)
    end = text.text.find("\n", start)
    end = len(text.text) if end < 0 else end
    m = _DECLARED_VALUE.search(text.text, start, end)
    return (m.start(2), m.end(2)) if m else (start, end)


def declaration_actions(a: Analysis, text: Text) -> list[tuple[str, int, int, str, int]]:
    """Per ``declare`` line whose answer the pipeline contradicts (and decides): (title, start, end, new answer,
    line) of the edit that sets it to what the pipeline shows. Offered one by one, never in a fix-all."""
    out: list[tuple[str, int, int, str, int]] = []
    if a.pipeline is None:
        return out
    for d in a.pipeline.declarations:
        v = a.report.conditions.get(d.condition)
        if v is None or v.verdict not in ("yes", "no") or v.verdict == d.value:
            continue
        try:  # the edit the page's answer buttons make: only the answer's characters, in any format
            edits = answer_edits(a.source, a.format, Entry(DECLARE, d.condition, v.verdict), a.pipeline, a.path)
        except (InputError, AnswerError):
            continue
        if len(edits) != 1:
            continue
        (e,) = edits
        out.append((f"Set declare condition{d.condition} to what the pipeline shows ({v.verdict})",
                    text.offset_of(e.line, e.column), text.offset_of(e.end_line, e.end_column), e.new_text,
                    d.span.line))
    return out


# ------------------------------------------------------------------ hover
_CODE = re.compile(r"[A-Z]{1,2}\d{3}\Z")
_WORD = re.compile(r"[^\s{}\[\](),:=#\"]+")


def word_at(text: str, offset: int) -> tuple[str, int, int] | None:
    """The word (a name, a value, a code) under ``offset``, or the quoted text it stands in."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line_end = len(text) if line_end < 0 else line_end
    for m in re.finditer(r'"(?:[^"\\\n]|\\.)*"', text[line_start:line_end]):
        if m.start() + line_start < offset < m.end() + line_start:
            return m.group()[1:-1], m.start() + line_start + 1, m.end() + line_start - 1
    for m in _WORD.finditer(text, line_start, line_end):
        if m.start() <= offset <= m.end():
            return m.group(), m.start(), m.end()
    return None


def hover(a: Analysis, offset: int) -> str | None:
    """Documentation for the word under the cursor: a rule code, a stage name, a stage kind or keyword, an attribute
    key, an item or condition, an operation or a vocabulary name. ``None`` for anything else."""
    found = word_at(a.source, offset)
    if found is None:
        return None
    word = found[0].rstrip(".")
    occurrence = a.occurrence_at(offset)
    if occurrence is not None:
        return stage_role(a, occurrence.name)
    if _CODE.match(word):
        from pipespec.analysis.rules import get

        rule = get(word)
        if rule is not None:
            return "```\n" + rule.doc().rstrip() + "\n```"
    return keyword_doc(word) or attribute_doc(word) or metrics_doc(word) or vocabulary_doc(word)


def stage_role(a: Analysis, name: str) -> str:
    """A stage's kind, head and the verdicts it takes part in."""
    lines = [f"**{name}**"]
    if a.pipeline is not None:
        for s in a.pipeline.stages:
            if s.name == name:
                attrs = ", ".join(f"{k}: {_shown(v)}" for k, v in s.attrs if k not in ("description", "label"))
                ops = ", ".join(o.name for o in s.ops)
                lines[0] += f" — {s.kind}" + (f" ({ops})" if ops else "") + (f" {{{attrs}}}" if attrs else "")
                break
    roles = []
    for c, v in sorted(a.report.conditions.items()):
        for e in v.evidence:
            if name in e.stages or any(name in path for path in e.paths):
                roles.append(f"- Condition #{c}: **{v.verdict.upper()}** ({v.rule}) — {v.reason}")
                break
    if roles:
        lines.append("Decides:")
        lines += roles
    elif a.report.conditions:
        lines.append("Takes part in no verdict's evidence.")
    return "\n".join(lines)


def _shown(v: Any) -> str:
    if isinstance(v, tuple):
        return "[" + ", ".join(_shown(x) for x in v) + "]"
    return str(v)


_KIND_DOCS = {
    "input": "Stage kind **input**: where data enter (images of a modality and form, masks or boxes drawn by readers, "
             "raw k-space or sinograms, or a table of clinical variables or features computed elsewhere).",
    "preprocessing": "Stage kind **preprocessing**: operations on images or tables (resampling, normalisation, "
                     "augmentation, segmentation or cropping around a region, fusion and selection of features).",
    "feature_extraction": "Stage kind **feature_extraction**: image-derived features taken out as a table "
                          "(hand-crafted formulas, or a network layer's activations: deep features).",
    "model": "Stage kind **model**: what learns or predicts: a deep network, a classical or a statistical model, "
             "with its task and how it was trained.",
    "output": "Stage kind **output**: what the study reports: the task (classification, regression, "
              "segmentation, ...), the target and its classes.",
    "flow": "**flow** `a -> b -> c`: data flow between stages; `a, b -> c` for several sources.",
    "declare": "**declare** `conditionN = yes|no`: your own answer to a METRICS condition, checked against what "
               "the pipeline shows.",
    "expect": "**expect** `conditionN = yes|no|review`: what the rules must decide (a test of the pipeline).",
    "waive": '**waive** `CODE "justification" [at STAGE]`: suppress one finding, with its reason; always reported.',
    "assess": '**assess** `itemN = yes|no|n/a ["note"]`: your answer to a METRICS item (the score counts them).',
    "from": "**from** `a, b`: the stages this stage reads from (the same as a flow into it).",
    "pipeline": '**pipeline** `"title" { ... }`: one study\'s pipeline.',
    "study": "**study** `{ doi: ..., ... }`: facts about the study itself.",
    "cohort": "**cohort** `{ centers, cases, events }`: the data set (METRICS items 4 and 16).",
    "evaluation": "**evaluation** `{ split, folds, ... }`: how the models were evaluated (items 18-27).",
    "availability": "**availability** `{ data, code, model }`: where they can be had (items 28-30).",
}


def keyword_doc(word: str) -> str | None:
    return _KIND_DOCS.get(word)


def attribute_doc(word: str) -> str | None:
    from pipespec.language.attributes import ATTRIBUTES, FACTS

    found = [(kind, attrs[word]) for kind, attrs in {**ATTRIBUTES, **FACTS}.items() if word in attrs]
    if not found:
        return None
    lines = [f"**{word}**"]
    seen: set[str] = set()
    for kind, attr in found:
        if attr.doc in seen:
            continue
        seen.add(attr.doc)
        values = ""
        if attr.enum:
            values = " Values: " + ", ".join(sorted(set(attr.enum.values()))) + "."
        lines.append(f"- on {kind}: {attr.doc}{values}")
    return "\n".join(lines)


def metrics_doc(word: str) -> str | None:
    from pipespec import metrics

    n = metrics.item_number(word) if word.lower().startswith("item") else None
    if n is not None and n in metrics.ITEM_NUMBERS:
        it = metrics.item(n)
        return f"**METRICS item {n}**: {it.name} (weight {it.weight})"
    c = metrics.condition_number(word) if word.lower().startswith(("condition", "cond")) else None
    if c is not None and c in metrics.CONDITION_NUMBERS:
        cond = metrics.condition(c)
        return f"**METRICS Condition #{c}** ({cond.name}): {cond.question}"
    return None


_FAMILY_MEANING = {
    "deep": "a deep network: a model of this family that learns from images to the study's output makes "
            "Condition #5 Yes; used only to extract features, its output is a table (Condition #4)",
    "classical": "a classical machine-learning algorithm: fed tables, it makes Condition #4 Yes and never #5",
    "statistical": "a statistical model: fed tables, it makes Condition #4 Yes and never #5",
    "handcrafted": "hand-crafted feature extraction software: Condition #3 Yes, its features a table (#4)",
}


def vocabulary_doc(word: str) -> str | None:
    from pipespec import vocab

    term = vocab.lookup(word)
    if term is not None:
        role = {"model": "model", "extractor": "feature extractor", "segmenter": "segmentation"}.get(term.role,
                                                                                                   term.role)
        meaning = _FAMILY_MEANING.get(term.family, term.family)
        task = f", typically {term.task}" if term.task else ""
        name = term.name if term.name == word else f"{word}** ({term.name})**"
        return f"**{name}** — {term.family} {role}{task}: {meaning}."
    op = vocab.op_name(word)
    if op is not None:
        category = vocab.op_category(op)
        return f"**{op}** — a pre-processing operation ({category})."
    method = vocab.processing_method(word)
    if method is not None:
        name, category = method[0], vocab.method_category(*method) or method[1]
        return f"**{name}** — feature processing ({category})."
    return None


# ------------------------------------------------------------------ completion
class Completion(NamedTuple):
    label: str
    kind: str  # keyword | stage | value | key | code | item | vocabulary
    detail: str = ""


def _vocabulary(roles: tuple[str, ...] | None = None, families: tuple[str, ...] | None = None) -> list[Completion]:
    from pipespec import vocab

    out = []
    for name, term in vocab.terms():
        if (roles is None or term.role in roles) and (families is None or term.family in families):
            out.append(Completion(name, "vocabulary", f"{term.family} {term.role}"))
    return out


def _enum_values(kind: str | None, key: str) -> list[Completion]:
    from pipespec.language.attributes import ATTRIBUTES, FACTS

    for table in (ATTRIBUTES.get(kind or "", {}), *ATTRIBUTES.values(), *FACTS.values()):
        attr = table.get(key)
        if attr is not None and attr.enum:
            return [Completion(v, "value", key) for v in sorted(set(attr.enum.values()))]
    if key in ("architecture", "backbone"):
        return _vocabulary(("model", "segmenter"), ("deep",))
    if key == "algorithm":
        return _vocabulary(("model",), ("classical", "statistical"))
    if key == "tool":
        return _vocabulary(("extractor", "segmenter"))
    return []


def completions(a: Analysis, offset: int) -> list[Completion]:
    """What may be written at ``offset`` (DSL; in YAML and JSON, attribute keys and values)."""
    text = a.source
    line_start = text.rfind("\n", 0, offset) + 1
    prefix = text[line_start:offset]
    names = [Completion(n, "stage") for n in a.stage_names()]
    if a.format != "dsl":
        m = re.search(r"([A-Za-z_]+)\s*:\s*[\"']?[\w.+-]*$", prefix)
        if m:
            return names if m.group(1) in _stage_keys() | {"from", "stage"} else _enum_values(None, m.group(1))
        return _keys_for(_kind_around(text, offset))
    if re.fullmatch(r"\s*\w*", prefix):
        return [Completion(k, "keyword") for k in (*KINDS, *STATEMENTS)]
    if re.match(r"\s*flow\b", prefix) and re.search(r"(?:flow|->|,)\s*[\w.-]*$", prefix):
        return names
    if re.search(r"\bfrom\s+(?:[\w.-]+\s*,\s*)*[\w.-]*$", prefix) or re.search(
            r"\b(?:weights_from|labels_from|propagated_from)\s*:\s*\[?(?:[\w.-]+\s*,\s*)*[\w.-]*$", prefix):
        return names
    if re.fullmatch(r"\s*waive\s+[\w]*", prefix):
        from pipespec.analysis.rules import RULES

        return [Completion(code, "code", r.title) for code, r in RULES.items()]
    if re.fullmatch(r'\s*waive\s+\S+\s+"[^"]*"\s+at\s+[\w.-]*', prefix):
        return names
    if re.fullmatch(r"\s*assess\s+\w*", prefix):
        from pipespec import metrics

        return [Completion(f"item{i.number}", "item", i.name) for i in metrics.ITEMS]
    if re.fullmatch(r"\s*(?:declare|expect)\s+\w*", prefix):
        return [Completion(f"condition{c}", "item") for c in range(1, 6)]
    m = re.fullmatch(r"\s*(declare|expect|assess)\s+\S+\s*=\s*\w*", prefix)
    if m:
        values = {"declare": ("yes", "no"), "expect": ("yes", "no", "review"), "assess": ("yes", "no", "n/a")}
        return [Completion(v, "value") for v in values[m.group(1)]]
    kind = _kind_around(text, offset)
    inside = _open_brace(text, line_start, offset)
    m = re.search(r"([A-Za-z_]+)\s*:\s*\[?(?:[^,\]}]*,\s*)*[\w.+-]*$", prefix)
    if inside and m:
        return _enum_values(kind, m.group(1))
    if inside:
        return _keys_for(kind)
    m = re.fullmatch(r"\s*(\w+)\s+[\w.-]+\s*:\s*(?:.*,\s*)?[\w.+-]*", prefix)
    if m and m.group(1) in KINDS:
        return _head_values(m.group(1))
    return []


def _head_values(kind: str) -> list[Completion]:
    from pipespec import vocab
    from pipespec.language.attributes import ATTRIBUTES

    if kind == "model":
        return _vocabulary(("model", "segmenter"))
    if kind == "feature_extraction":
        return [Completion("handcrafted", "value"), Completion("deep", "value"), *_vocabulary(("extractor",)),
                *_vocabulary(("model",), ("deep",))]
    if kind == "preprocessing":
        return [Completion(op, "value", cat) for op, (cat, _) in vocab.OPS.items()]
    if kind == "input":
        attrs = ATTRIBUTES["input"]
        return [*_enum_values("input", "modality"),
                *[Completion(v, "value", "form") for v in sorted(set((attrs["form"].enum or {}).values()))]]
    return _enum_values("output", "task")


def _keys_for(kind: str | None) -> list[Completion]:
    from pipespec.language.attributes import ATTRIBUTES

    attrs = ATTRIBUTES.get(kind or "", {}) or {k: v for table in ATTRIBUTES.values() for k, v in table.items()}
    return [Completion(k, "key", a.doc) for k, a in sorted(attrs.items())]


def _kind_around(text: str, offset: int) -> str | None:
    """The kind of the stage whose statement holds ``offset``: the nearest stage head above (DSL) or the
    ``kind:`` of the YAML/JSON item around it."""
    head = re.compile(r"^\s*(input|preprocessing|feature_extraction|model|output)\b", re.MULTILINE)
    yaml_kind = re.compile(r"\bkind\s*\"?\s*:\s*\"?(input|preprocessing|feature_extraction|model|output)")
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start:len(text) if line_end < 0 else line_end]
    m = yaml_kind.search(line)
    if m:
        return m.group(1)
    best = None
    for m in head.finditer(text, 0, offset):
        best = m.group(1)
    for m in yaml_kind.finditer(text, 0, offset):
        best = m.group(1) if best is None or m.start() > 0 else best
    return best


def _open_brace(text: str, line_start: int, offset: int) -> bool:
    """Whether ``offset`` is inside a stage's attribute block (``{`` opened on this line or above and not closed),
    below the pipeline's own brace."""
    depth = 0
    for t in tokens(text[:offset]):
        if t.kind == "p" and t.text == "{":
            depth += 1
        elif t.kind == "p" and t.text == "}":
            depth -= 1
    return depth >= 2


# ------------------------------------------------------------------ rename
_NAME = re.compile(r"[^\W\d]\w*(?:[-.+]\w+)*\Z")


def rename_error(a: Analysis, new: str) -> str | None:
    """Why ``new`` cannot name a stage here, or ``None``."""
    from pipespec.language.lexicon import RESERVED

    if not _NAME.match(new) or new in RESERVED:
        return f"'{new}' is not a valid stage name" + (" (a reserved word)" if new in RESERVED else "")
    if new in a.stage_names():
        return f"a stage is already called '{new}'"
    return None


def rename_edits(a: Analysis, offset: int, new: str) -> list[tuple[int, int, str]] | None:
    occurrence = a.occurrence_at(offset)
    if occurrence is None:
        return None
    return [(o.start, o.end, _yaml_plain(new) if a.format == "yaml" and a.source[o.start - 1:o.start] not in "'\""
             else new) for o in a.occurrences if o.name == occurrence.name]


def _yaml_plain(name: str) -> str:
    """A stage name as a plain YAML scalar, quoted where YAML would read the word as something else (``null``,
    ``true``: a stage name is text)."""
    import yaml

    try:
        plain = yaml.safe_load(name) == name
    except yaml.YAMLError:
        plain = False
    return name if plain else '"' + name + '"'


def formatted(a: Analysis) -> str | None:
    """The document as ``pipespec fmt`` prints it (``None`` while it has an input error)."""
    if a.report.errors:
        return None
    from pipespec.language import load_with_comments, source_from_text
    from pipespec.language.writer import write

    try:
        p, comments = load_with_comments(source_from_text(a.source, a.path, a.format))
    except (InputError, RecursionError):
        return None
    new = write(p, a.format, comments)
    return new if "\r\n" not in a.source else new.replace("\n", "\r\n")
