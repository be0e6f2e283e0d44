"""The model builder's batch memory: values read once for a batch are the same as read afresh, in every file."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipespec.errors import ModelFailure
from pipespec.language import load_text
from pipespec.language.lexicon import number_text
from pipespec.model import Pipeline


def _spec(ops: str, extra: str = "", pad: int = 0) -> str:
    return ("\n" * pad + 'pipeline "t" {\n'
            "  input scan: MR image3d\n"
            f"  preprocessing prep: {ops}\n"
            f"  model net: ResNet-50 {{ task: classification{extra} }}\n"
            "  output y: classification\n"
            "  flow scan -> prep -> net -> y\n"
            "}\n")


def _load(text: str, path: str = "a.pipe") -> Pipeline:
    return load_text(text, path, "dsl")


def test_a_value_met_again_is_located_in_its_own_file() -> None:
    first = _load(_spec("discretize(bin_width: 25), crop"), "a.pipe")
    again = _load(_spec("discretize(bin_width: 25), crop", pad=3), "b.pipe")
    for p, line in ((first, 3), (again, 6)):
        prep, net = p.stage("prep"), p.stage("net")
        assert [(o.span.file, o.span.line) for o in prep.ops] == [(p.source, line)] * 2
        assert net.attr_span("task").file == p.source and net.attr_span("task").line == line + 1
        assert net.input_spans[0].file == p.source
    assert first == again  # the same model (spans never compare)


@pytest.mark.parametrize("written", ["25", "25.0", "25.00", "2.5e1"])
def test_a_number_keeps_its_own_spelling(written: str) -> None:
    _load(_spec("discretize(bin_width: 25.0)"))  # another spelling of the same number, read first
    _load(_spec("discretize(bin_width: 25)"))
    value = _load(_spec(f"discretize(bin_width: {written})")).stage("prep").ops[0].param("bin_width")
    assert number_text(value) == written
    assert type(value).__mro__[1] is (int if written == "25" else float)


def test_spellings_differ_per_file_and_canonical_values_agree() -> None:
    a = _load(_spec("LASSO", ", training: transfer learning"))
    b = _load(_spec("select(method: LASSO)", ", training: fine_tuned"))
    c = _load(_spec("LASSO", ", training: transfer learning"))
    assert a.stage("prep").ops == b.stage("prep").ops == c.stage("prep").ops
    assert a.stage("net").get("training") == b.stage("net").get("training") == "fine_tuned"
    assert a.stage("prep").ops[0].spelling == c.stage("prep").ops[0].spelling != ()
    assert b.stage("prep").ops[0].spelling != a.stage("prep").ops[0].spelling
    assert a.stage("net").spelling == c.stage("net").spelling == (("training", "transfer learning"),)
    assert b.stage("net").spelling == ()


def test_a_bad_value_is_reported_in_every_file_that_has_it() -> None:
    _load(_spec("crop", ", training: fine_tuned"))
    for path, pad in (("a.pipe", 0), ("b.pipe", 2)):
        with pytest.raises(ModelFailure) as info:
            _load(_spec("crop", ", training: half_baked", pad=pad), path)
        (d,) = info.value.diagnostics
        assert (d.code, d.span.file, d.span.line) == ("PS104", path, 4 + pad)
        assert "half_baked" in d.message


def test_a_long_value_is_read_as_a_short_one() -> None:
    long_tool = "x" * 300
    short = _load(_spec("crop", ', description: "short text"'))
    long = _load(_spec("crop", f', description: "{long_tool}"'))
    assert short.stage("net").get("description") == "short text"
    assert long.stage("net").get("description") == long_tool


def _declaring(declare: dict[str, object], path: str = "d.json") -> Pipeline:
    import json

    doc = {"pipeline": "t", "declare": declare, "stages": [
        {"name": "scan", "kind": "input", "modality": "MR", "form": "image3d"},
        {"name": "y", "kind": "output", "task": "classification", "from": ["scan"]}]}
    return load_text(json.dumps(doc), path, schema=False)


def test_statements_keep_their_own_spelling_and_errors() -> None:
    plain = _declaring({"condition1": "yes", "condition2": "no"})
    spelled = _declaring({"cond1": "Yes", "condition2": "no"})
    assert [(d.condition, d.value) for d in plain.declarations] == [(1, "yes"), (2, "no")]
    assert plain.declarations == spelled.declarations
    assert plain.declarations[0].spelling == ()
    assert spelled.declarations[0].spelling == (("key", "cond1"), ("value", "Yes"))
    with pytest.raises(ModelFailure) as info:
        _declaring({"condition1": "yes", "cond1": "no"}, "twice.json")
    (d,) = info.value.diagnostics
    assert (d.code, d.span.file) == ("PS107", "twice.json") and "given twice" in d.message


@pytest.mark.parametrize("n", [1, 16, 17, 40])
def test_lists_short_and_long_are_read_alike(n: int) -> None:
    classes = [f"c{i}" for i in range(n)]
    text = _spec("crop").replace("output y: classification", f"output y: classification {{ classes: [{', '.join(classes)}] }}")
    for _ in range(2):  # read afresh, then again
        assert _load(text).stage("y").get("classes") == tuple(classes)


@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_a_visible_letter_is_a_letter_left_when_invisible_characters_go(text: str) -> None:
    from pipespec.language.build import _INVISIBLE, has_visible_letter

    assert has_visible_letter(text) == any(ch.isalpha() for ch in _INVISIBLE.sub("", text))


def test_a_value_remembered_for_the_batch_holds_a_bounded_text() -> None:
    """What the batch remembers is keyed by the value's texts: a list or mapping of many long texts (each short
    enough) is read afresh instead, so the memory a batch keeps stays small whatever the files hold."""
    from pipespec.language import build as b

    short = ["a" * 20] * b._CACHED_ITEMS
    assert b._texts_key(short) is not None and b._texts_key({"k": short[:8]}) is not None
    wide = ["\U0001f600" * (b._CACHED_LENGTH - 4)] * b._CACHED_ITEMS  # 16 texts each under the length limit
    assert b._texts_key(wide) is None and b._texts_key({"k": wide[:4], "j": wide[:4]}) is None
    assert b._texts_key({"k": wide[0], "j": wide[1], "m": wide[2], "n": wide[3], "o": wide[4]}) is None




@pytest.mark.parametrize("order", [("quoted", "bare"), ("bare", "quoted")])
def test_a_quoted_text_is_remembered_apart_from_the_same_text_bare(order: tuple[str, str]) -> None:
    """A quoted value is remembered for the batch like a bare one, but never stands for it: whichever was read
    first, each file's model (with how its values were written) is the one read afresh."""
    from pipespec.language import build

    def text(word: str) -> str:
        return _spec(f"segmentation(tool: {word})").replace("output y: classification",
                                                             f"output y: classification {{ target: {word} }}")

    written = {"quoted": '"MySeg"', "bare": "MySeg"}
    fresh = {}
    for how in order:
        build._attr_of_texts.cache_clear()
        build._op_of_texts.cache_clear()
        fresh[how] = _load(text(written[how]))
    for how in order * 2:  # each read twice: the second time from what the batch remembers
        p = _load(text(written[how]))
        for name in ("prep", "y"):
            assert p.stage(name) == fresh[how].stage(name)
            assert p.stage(name).spelling == fresh[how].stage(name).spelling
            assert [o.spelling for o in p.stage(name).ops] == [o.spelling for o in fresh[how].stage(name).ops]


@pytest.mark.parametrize(("where", "message"), [
    ("segmentation(mode: manual, propagated_from: nowhere)", "masks propagated from undefined stage 'nowhere' into 'prep'"),
    ("segmentation(mode: manual, propagated_from: prep)", "'prep' propagates its masks from itself"),
])
def test_a_relation_written_only_in_an_operation_is_checked(where: str, message: str) -> None:
    """The relations between stages are looked for only in documents that state one; one stated in an operation
    (masks propagated from another delineation) is found as one stated on a stage is."""
    with pytest.raises(ModelFailure) as failure:
        _load(_spec(where))
    assert [(d.code, d.message) for d in failure.value.diagnostics] == [("PS106", message)]


def test_a_relation_named_on_a_stage_is_checked() -> None:
    text = _spec("crop", ", weights_from: teacher")
    with pytest.raises(ModelFailure) as failure:
        _load(text)
    assert [d.code for d in failure.value.diagnostics] == ["PS106"]
    assert "'net' takes its weights from 'teacher', which is not a stage of this pipeline" in \
        failure.value.diagnostics[0].message
