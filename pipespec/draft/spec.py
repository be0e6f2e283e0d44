"""The drafted spec as text: DSL with the evidence as comments (YAML and JSON by pipespec's own converter, which
carries the comments into YAML), and the facts METRICS needs that the draft leaves unstated."""

from __future__ import annotations

import re

from pipespec.draft.records import DraftEdge, DraftStage, Evidence, Fact, Missing

TO_FORMATS = ("dsl", "yaml", "json")
_WHITE = re.compile(r"\s+")

CONDITION_QUESTIONS = {
    1: "does the study include segmentation?",
    2: "is that segmentation fully automated?",
    3: "does it extract hand-crafted features?",
    4: "does it handle tabular (image-derived feature) data?",
    5: "does it include end-to-end deep learning?",
}


def evidence_comment(ev: Evidence, inferred: str | None = None) -> str:
    quote = _WHITE.sub(" ", ev.quote).strip()
    where = ev.where()
    if inferred:
        return f'# inferred ({inferred}); see {where}: "{quote}"'
    return f'# {where}: "{quote}"'


def _stage_line(st: DraftStage, width: int) -> str:
    line = f"{st.kind.ljust(width)} {st.name}"
    if st.head:
        line += f": {st.head}"
    if st.block:
        line += " { " + ", ".join(f"{k}: {v}" for k, v in st.block) + " }"
    return line


def write_dsl(title: str, header: list[str], stages: list[DraftStage], edges: list[DraftEdge],
              facts: list[Fact], evidence: bool = True) -> str:
    """The DSL text of a draft: a header, each stage and flow line under the comments quoting its evidence (at
    most two sentences a stage; none when ``evidence`` is false), the study facts stated, and the questions the
    author answers."""
    width = max((len(s.kind) for s in stages), default=5)
    out = [f"# {h}" if h else "#" for h in header]
    out.append(f"pipeline {_quoted(title)} {{")
    for st in stages:
        if not evidence:
            pass
        elif st.inferred:
            out.append("  " + evidence_comment(st.evidence[0], "no sentence states it: the stages above need it")
                       if st.evidence else "  # inferred: no sentence states it")
        else:
            for ev in st.evidence[:2]:
                out.append("  " + evidence_comment(ev))
        out.append("  " + _stage_line(st, width))
    for e in edges:
        for ev in e.evidence[:1] if evidence else ():
            out.append("  " + evidence_comment(ev, "order of mention and data types" if e.inferred else None))
        out.append(f"  flow {e.source} -> {e.target}")
    blocks: dict[str, list[Fact]] = {}
    for f in facts:
        blocks.setdefault(f.block, []).append(f)
    for block, items in blocks.items():
        out.append(f"  {block} {{")
        for f in items:
            if evidence:
                out.append("    " + evidence_comment(f.evidence))
            out.append(f"    {f.key}: {f.value}")
        out.append("  }")
    out.append("  # Your answers: the draft declares nothing. Uncomment and answer each, then run pipespec check.")
    for n, question in CONDITION_QUESTIONS.items():
        out.append(f"  # declare condition{n} = yes|no    ({question})")
    out.append("}")
    return "\n".join(out) + "\n"


def _quoted(text: str) -> str:
    import json

    from pipespec.draft.assemble import _INVISIBLE

    return json.dumps(_WHITE.sub(" ", _INVISIBLE.sub(" ", text)).strip()[:120] or "Drafted pipeline",
                      ensure_ascii=False)


def convert(dsl: str, to: str) -> str:
    """The DSL draft in canonical layout (as ``pipespec fmt`` prints it), or in another format, comments carried
    into YAML (JSON has none)."""
    from pipespec.language import load_with_comments, source_from_text
    from pipespec.language.writer import write

    p, comments = load_with_comments(source_from_text(dsl, "draft.pipe", "dsl"))
    return write(p, to, comments)


# the study facts the items read, and what each leaves open when unstated
STUDY_FACTS = (
    ("cohort", "centers", "number of centres", "item4"),
    ("evaluation", "split", "how the data were partitioned (split)", "item18"),
    ("evaluation", "metrics", "performance metrics", "item20"),
    ("evaluation", "calibration", "calibration assessment", "item22"),
    ("evaluation", "internal_test", "internal testing", "item26"),
    ("evaluation", "external_test", "external testing", "item27"),
    ("availability", "data", "data availability", "item28"),
    ("availability", "code", "code availability", "item29"),
    ("availability", "model", "model availability", "item30"),
)


def missing_facts(verdicts: dict[int, tuple[str, str]], facts: list[Fact], stages: list[DraftStage]) -> list[Missing]:
    """What METRICS needs that the text does not state: each verdict left to review (its reason), and the study
    facts the items read."""
    out = [Missing(reason, f"condition{n}") for n, (verdict, reason) in sorted(verdicts.items())
           if verdict == "review"]
    stated = {(f.block, f.key) for f in facts}
    for block, key, what, item in STUDY_FACTS:
        if (block, key) not in stated:
            out.append(Missing(f"{what} not stated", item))
    for st in stages:
        if st.head.startswith(("segmentation", "bounding_box", "roi_crop")) and "readers:" not in st.head:
            out.append(Missing("number of readers who delineated not stated", "item10"))
    return out
