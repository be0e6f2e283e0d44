"""fmt is a fixed point that keeps every comment where the author put it: over generated pipelines, written with
comments on and between every line, blank lines anywhere and stages in any order, fmt(fmt(x)) == fmt(x) and each
comment stays attached to the same stage, attribute or edge (in the DSL, and through YAML and back)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipespec import strategies as ps
from pipespec.language import load_with_comments, source_from_text
from pipespec.language.comments import Comments
from pipespec.language.writer import format_dsl, write
from pipespec.model import Pipeline


def loaded(text: str, fmt: str = "dsl") -> tuple[Pipeline, Comments]:
    return load_with_comments(source_from_text(text, "x.pipe" if fmt == "dsl" else "x.yaml", fmt))


def fmt(text: str, form: str = "dsl") -> str:
    p, c = loaded(text, form)
    return write(p, form, c)


def attached(c: Comments) -> dict[str, list[tuple[object, ...]]]:
    """Each comment -> its owners, with a flow line's comment named by the edge it is on."""
    return {text: sorted(owners, key=repr) for text, owners in c.owner_of().items()}


def _units(body: list[str]) -> list[list[str]]:
    """The statements of a pipeline's body, each with its continuation lines (a block over several lines)."""
    units: list[list[str]] = []
    for line in body:
        if units and (line.startswith("   ") or line == "  }"):
            units[-1].append(line)
        else:
            units.append([line])
    return units


@st.composite
def commented_texts(draw: st.DrawFn) -> str:
    """A generated pipeline written as an author might: stages in any order, its edges as ``flow`` lines of one
    edge or a few in a row, in any order, and whole-line comments, trailing comments and blank lines anywhere
    between the braces."""
    p = draw(ps.pipelines(max_stages=9, declarations=True))
    lines = format_dsl(p).rstrip("\n").split("\n")
    head, body, close = lines[0], lines[1:-1], lines[-1]
    units = [u for u in _units(body) if not u[0].lstrip().startswith("flow ")]
    stage_units = [u for u in units if not u[0].lstrip().startswith(("declare", "expect", "waive", "study"))]
    others = [u for u in units if u not in stage_units]
    edges = draw(st.permutations([(u, s.name) for s in p.stages for u in s.inputs]))
    flows: list[list[str]] = []
    for a, b in edges:
        if flows and flows[-1][-1] == a and draw(st.booleans()):
            flows[-1].append(b)
        else:
            flows.append([a, b])
    flow_units = [["  flow " + " -> ".join(f)] for f in flows]
    stage_units = list(draw(st.permutations(stage_units)))
    mixed = draw(st.permutations(stage_units + flow_units)) if draw(st.booleans()) else stage_units + flow_units
    out: list[str] = []
    k = 0
    for unit in [*mixed, *others]:
        for j, line in enumerate(unit):
            if j == 0 and draw(st.booleans()):
                out.append("")
            if draw(st.integers(0, 3)) == 0 and (j == 0 or not line.strip() == "}"):
                out.append(f"  # lead {k}")
                k += 1
            if draw(st.integers(0, 2)) == 0 and not line.rstrip().endswith("{"):
                line = f"{line}  # trail {k}"
                k += 1
            out.append(line)
    return "\n".join([head, *out, close]) + "\n"


@settings(deadline=None)
@given(commented_texts())
def test_fmt_is_idempotent_and_keeps_each_comment_on_its_owner(text: str) -> None:
    _, before = loaded(text)
    once = fmt(text)
    _, after = loaded(once)
    assert attached(after) == attached(before.fold(set(attached_keys(once)))), once
    assert fmt(once) == once, once


def attached_keys(text: str) -> list[tuple[object, ...]]:
    from pipespec.language.writer import dsl_owners

    p, _ = loaded(text)
    return list(dsl_owners(p))


@settings(deadline=None)
@given(commented_texts())
def test_comments_stay_on_their_owners_through_yaml_and_back(text: str) -> None:
    once = fmt(text)
    _, dsl_comments = loaded(once)
    there = write(loaded(once)[0], "yaml", dsl_comments)
    assert fmt(there, "yaml") == there, there
    p, yaml_comments = loaded(there, "yaml")
    back = write(p, "dsl", yaml_comments)
    assert fmt(back) == back
    assert attached(loaded(back)[1]) == attached(dsl_comments), (once, there, back)


# ------------------------------------------------------------------ the cases that showed it
MERGED = ('pipeline "t" {\n  input mg: MG image2d\n  model a: CNN { task: classification }\n'
          '  model b: ViT { task: classification }\n  output y: classification\n'
          '  flow mg -> a -> y\n  flow mg -> b -> y  # note\n}\n')


def test_a_commented_flow_line_is_not_merged_into_another_stages_line() -> None:
    once = fmt(MERGED)
    assert "flow mg -> b -> y  # note" in once and "a, b" not in once
    assert attached(loaded(once)[1]) == {"# note": [("stage", "b", "from", "mg")]}
    p, c = loaded(once)
    there = write(p, "yaml", c)  # in YAML the note stays on b's edge, not on a
    assert "  - name: b\n    kind: model\n    from:\n      - mg  # note\n" in there
    assert fmt(once) == once


def test_an_uncommented_fan_is_still_one_line() -> None:
    assert "flow mg -> a, b -> y\n" in fmt(MERGED.replace("  # note", ""))


def test_fmt_never_writes_a_flow_chain_against_its_direction() -> None:
    # the stages declared downstream first: the chain still starts at the input
    text = ('pipeline "t" {\n  output y: classification\n  model net: CNN { task: classification }\n'
            '  input ct: CT image3d\n  flow ct -> net -> y\n}\n')
    once = fmt(text)
    assert [line.strip() for line in once.splitlines() if line.strip().startswith("flow")] == ["flow ct -> net -> y"]
    text = ('pipeline "t" {\n  output y: classification\n  model net: CNN { task: classification }\n'
            '  preprocessing p: resample\n  input ct: CT image3d\n  input clin: tabular clinical\n'
            '  flow clin -> net\n  flow ct -> p -> net -> y\n}\n')
    flows = [line.strip() for line in fmt(text).splitlines() if line.strip().startswith("flow")]
    for k, line in enumerate(flows):  # no line starts at a stage a later line feeds
        start = line.split()[1].rstrip(",")
        assert not any(start in later.split("->", 1)[1] for later in flows[k + 1:]), flows


def test_a_whole_line_comment_does_not_cross_a_blank_line() -> None:
    text = ('pipeline "t" {\n  input img: CT image2d\n  model net: CNN\n  output out: classification\n'
            '  # the path\n  flow img -> net  # first\n\n  flow net -> out\n}\n')
    once = fmt(text)
    assert fmt(once) == once
    assert "\n\n  # the path\n  flow img -> net -> out  # first\n" in once or \
        "  # the path\n  flow img -> net -> out  # first\n" in once
