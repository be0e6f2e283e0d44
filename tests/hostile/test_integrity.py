"""Output integrity, input decoding, names and the Python API on hostile submissions."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

import pipespec
from pipespec.checker import check_text
from pipespec.cli import main
from pipespec.errors import ECHO_LIMIT, InputError, ModelFailure, Problem, ReadError, Span
from pipespec.language import detect_format, load_text, source_from_bytes
from pipespec.model import Pipeline, Stage
from pipespec.render.text import excerpt

VALID = 'pipeline "t" {\n  input ct: CT image3d\n  model m: CNN\n  output y: classification\n  flow ct -> m -> y\n}\n'
YAML_HEAD = ("pipeline: t\nstages:\n- name: ct\n  kind: input\n  modality: CT\n  form: image3d\n"
             "- name: m\n  kind: model\n  from: ct\n  architecture: CNN\n")
RAW = ("\x1b", "\x07", "\u202e", "\r", "\x9b")


# ---------------------------------------------------------------- output integrity
def test_excerpt_escapes_terminal_controls_and_keeps_the_caret() -> None:
    source = 'pipeline "t" {\n  declare condition5 = yes # \x1b[2K\x1b[1A\r\u202e\x07\n}\n'
    lines = excerpt(source, Span("t.pipe", 2, 28))
    assert not any(c in line for line in lines for c in RAW)
    caret = lines[1].index("^") - lines[1].index("|")
    assert lines[0][lines[0].index("|") + caret] == "#"


@pytest.mark.parametrize("label,columns", [
    ("\u6f22\u5b57\U0001f600", 6),  # two CJK characters and an emoji: two terminal columns each
    ("e\u0301e\u0301e\u0301", 3),  # combining accents take no column of their own
    ("\uff21\uff22", 4),  # full-width letters
])
def test_excerpt_caret_counts_terminal_columns_of_wide_and_combining_characters(label: str, columns: int) -> None:
    """The caret stands under the attribute on a line whose label holds wide or combining characters."""
    source = f'pipeline "t" {{\n  model m: CNN {{ label: "{label}", taks: classification }}\n}}\n'
    column = source.splitlines()[1].index("taks") + 1
    lines = excerpt(source, Span("t.pipe", 2, column, 2, column + 4))
    before = lines[0].index("|") + 2
    prefix = lines[0][before:before + column - 1]
    assert lines[1].index("^") - before == len(prefix) - len(label) + columns
    assert lines[1].endswith("^~~~")


def test_cli_text_output_carries_no_raw_control_character(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "x.pipe"
    path.write_text(VALID.replace("  model m: CNN", "  model m: CNN  # \x1b]0;owned\x07\x1b[2K\r") +
                    "", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("flow", "declare condition5 = no # \x1b[1A\n  flow"),
                    encoding="utf-8")
    main(["check", str(path), "--no-config"])
    out = capsys.readouterr().out
    assert not any(c in out for c in RAW)


def test_messages_file_names_and_long_values_are_one_safe_line() -> None:
    p = Problem("PS104", "unknown value 'a\nb" + "x" * 5_000 + "'", Span("evil\n1 file checked.pipe", 1, 1))
    assert "\n" not in p.one_line()
    assert "\u2026" in p.message and len(p.message) < ECHO_LIMIT + 40
    assert "\\x0a" in p.one_line() and p.span.file == "evil\n1 file checked.pipe"  # shown escaped, kept as is


def test_finding_message_with_a_quoted_newline_stays_one_line() -> None:
    text = YAML_HEAD + "  description: ok\nwaive:\n- code: C9\\u0007\n  justification: x\n"
    report = check_text(text.replace("C9\\u0007", '"C9\\u0007"'), "t.yaml")
    assert [d.code for d in report.errors] == ["PS110"]
    assert "\x07" not in report.errors[0].one_line()


@pytest.mark.parametrize("code", ["C501\\u001b[31m", "C501\\u202e", "C5\\ud80001"])
def test_waiver_codes_are_validated(code: str) -> None:
    text = ('{"pipeline": "t", "stages": [{"name": "ct", "kind": "input", "modality": "CT", "form": "image3d"}],'
            f' "waive": [{{"code": "{code}", "justification": "not applicable"}}]}}')
    report = check_text(text, "t.json")
    assert [d.code for d in report.errors] == ["PS110"]
    assert report.errors[0].span.line == 1 and report.errors[0].span.column > 1


@pytest.mark.parametrize(("text", "fmt"), [
    (YAML_HEAD + "  learning_rate: 1e400\n", "yaml"),
    (YAML_HEAD + "  learning_rate: .inf\n", "yaml"),
    (YAML_HEAD + "  learning_rate: .nan\n", "yaml"),
    (YAML_HEAD + "  learning_rate: " + "9" * 5_000 + "\n", "yaml"),
    (YAML_HEAD + "  epochs: " + "1" * 21 + "\n", "yaml"),
    (VALID.replace("model m: CNN", "model m: CNN { learning_rate: 1e400 }"), "dsl"),
    (VALID.replace("model m: CNN", "model m: CNN { epochs: " + "9" * 5_000 + " }"), "dsl"),
    ('{"pipeline": "t", "stages": [{"name": "m", "kind": "model", "learning_rate": 1e400}]}', "json"),
    ('{"pipeline": "t", "stages": [{"name": "m", "kind": "model", "epochs": ' + "9" * 5_000 + "}]}", "json"),
])
def test_non_finite_and_huge_numbers_are_a_located_ps104(text: str, fmt: str) -> None:
    report = check_text(text, f"t.{ {'dsl': 'pipe'}.get(fmt, fmt)}")
    assert [d.code for d in report.errors] == ["PS104"], report.errors
    assert report.errors[0].span.line > 1 or fmt == "json"
    assert report.errors[0].span.column > 1


# ---------------------------------------------------------------- YAML 1.2 numbers
@pytest.mark.parametrize(("literal", "value"), [("1e-4", 1e-4), ("3.0e-5", 3e-5), ("017", 17), ("0x1F", 31),
                                                ("0o17", 15), ("+5", 5), (".5", 0.5)])
def test_yaml_numbers_are_read_as_yaml_1_2(literal: str, value: float) -> None:
    p = load_text(YAML_HEAD + f"  learning_rate: {literal}\n", "t.yaml")
    assert p.stage("m").get("learning_rate") == value


@pytest.mark.parametrize("literal", ["1:30", "0b101", "1_000"])
def test_yaml_1_1_only_numbers_are_strings(literal: str) -> None:
    with pytest.raises(InputError, match=f"expected a number, not '{literal}'"):
        load_text(YAML_HEAD + f"  learning_rate: {literal}\n", "t.yaml")


@pytest.mark.parametrize("word", ["1e5", "0o17", "0x1F", "+5", ".5", "1e-4", "017", "True"])
def test_strings_that_yaml_1_2_reads_as_numbers_are_written_quoted(word: str) -> None:
    from pipespec.language.writer import to_yaml

    p = Pipeline("t", (Stage("ct", "input", attrs=(("modality", "CT"), ("form", "image3d"), ("label", word))),))
    assert load_text(to_yaml(p), "t.yaml").stage("ct").get("label") == word


# ---------------------------------------------------------------- encodings and the Markdown table
@pytest.mark.parametrize("encoding", ["utf-16", "utf-32", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_with_a_bom_are_decoded(encoding: str) -> None:
    bom = {"utf-16-be": codecs.BOM_UTF16_BE, "utf-32-le": codecs.BOM_UTF32_LE}.get(encoding, b"")
    source = source_from_bytes(bom + VALID.encode(encoding), "t.pipe")
    assert source.text == VALID
    assert load_text(source.text, "t.pipe").stage("m").kind == "model"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-32-be"])
def test_wide_text_without_a_bom_is_still_binary(encoding: str) -> None:
    with pytest.raises(ReadError, match="PS100"):
        source_from_bytes(VALID.encode(encoding), "t.pipe")


def test_markdown_table_escapes_a_pipe_in_a_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a|b.pipe").write_text(VALID, encoding="utf-8")
    (tmp_path / "c.pipe").write_text(VALID, encoding="utf-8")
    main(["check", str(tmp_path / "a|b.pipe"), str(tmp_path / "c.pipe"), "--no-config", "--format", "markdown"])
    lines = capsys.readouterr().out.splitlines()
    header = next(line for line in lines if line.startswith("| Pipeline"))
    rows = [line for line in lines if "a\\|b.pipe" in line]
    assert rows

    def cells(line: str) -> int:  # the cells a GFM table sees: an escaped \| does not end one
        return len(line.replace("\\|", "").split("|"))

    assert cells(rows[0]) == cells(header)


# ---------------------------------------------------------------- names
@pytest.mark.parametrize("name", ["\u3164", "m\u200b", "m\u2060x", "\u115f", "m\ufe0f", "m\U000e0041"])
def test_invisible_characters_in_names_are_ps110(name: str) -> None:
    report = check_text(YAML_HEAD.replace("name: m", f'name: "{name}"').replace("from: ct", "from: ct"), "t.yaml")
    assert [d.code for d in report.errors] == ["PS110"], report.errors
    assert report.errors[0].span.line == 7


@pytest.mark.parametrize("name", ["\u3164", "\uffa0"])  # letters to the DSL's lexer: only the builder sees them
def test_invisible_letters_as_dsl_names_are_ps110(name: str) -> None:
    report = check_text(VALID.replace(" m:", f" {name}:").replace("-> m ->", f"-> {name} ->"), "t.pipe")
    assert "PS110" in [d.code for d in report.errors], report.errors


@pytest.mark.parametrize("name", ["\u0441nn", "\uff43nn", "\U0001d41cnn", "\u03b1lpha"])
def test_look_alike_names_are_a_v103_warning_and_kept_as_written(name: str) -> None:
    report = check_text(VALID.replace(" m:", f" {name}:").replace("-> m ->", f"-> {name} ->"), "t.pipe")
    assert not report.errors
    found = [f for f in report.findings if f.code == "V103"]
    assert found and found[0].severity == "warning" and found[0].stage == name


@pytest.mark.parametrize("name", ["cnn", "t2.flair", "\u03b1\u03b2", "CT\u753b\u50cf", "na\u00efve"])
def test_plain_names_in_one_script_are_not_look_alikes(name: str) -> None:
    report = check_text(VALID.replace(" m:", f" {name}:").replace("-> m ->", f"-> {name} ->"), "t.pipe")
    assert "V103" not in [f.code for f in report.findings]


@pytest.mark.parametrize("justification", ["\u3164", "\u200b\u200b", "...", "42"])
def test_a_justification_needs_a_visible_letter(justification: str) -> None:
    text = YAML_HEAD + f'waive:\n- code: C501\n  justification: "{justification}"\n'
    report = check_text(text, "t.yaml")
    assert report.errors and report.errors[0].code in ("PS107", "PS110")


# ---------------------------------------------------------------- the Python API
def test_hand_built_pipeline_with_an_undefined_input_is_an_input_error() -> None:
    p = Pipeline("t", (Stage("ct", "input", attrs=(("modality", "CT"), ("form", "image3d"))),
                       Stage("m", "model", ("nowhere",), attrs=(("architecture", "CNN"),))))
    with pytest.raises(InputError, match="PS106"):
        pipespec.check(p)


@pytest.mark.parametrize("stages", [
    (Stage("ct", "input", attrs=(("modality", "CT"), ("form", "image3d"))),
     Stage("ct", "model", ("ct",), attrs=(("architecture", "CNN"),))),
    (Stage("ct", "input", attrs=(("modality", "CT"), ("form", "image3d"))),
     Stage("m", "model", ("ct",), attrs=(("architecture", "CNN"), ("epochs", "many")))),
    (Stage("ct", "input", attrs=(("modality", "CT"), ("form", "image3d"))),
     Stage("m", "model", ("ct",), attrs=(("architecture", "CNN"), ("epochs", [1, {}])))),  # type: ignore[arg-type]
])
def test_hand_built_pipeline_with_bad_stages_is_rejected(stages: tuple[Stage, ...]) -> None:
    with pytest.raises(ModelFailure):
        pipespec.check(Pipeline("t", stages))


def test_a_valid_hand_built_pipeline_is_checked() -> None:
    p = Pipeline("t", (Stage("ct", "input", attrs=(("modality", "CT"), ("form", "image3d"))),
                       Stage("m", "model", ("ct",), attrs=(("architecture", "CNN"), ("epochs", 10)))))
    assert pipespec.check(p).conditions[5].verdict in ("yes", "review")


@pytest.mark.parametrize("name", ["typo.pipe", "no/such/dir/file", "missing.yaml"])
def test_load_of_a_missing_file_is_a_clear_error(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ReadError, match="PS100 no such file"):
        pipespec.load(name)


def test_dsl_text_starting_with_comments_is_detected_as_the_cli_does() -> None:
    text = "# a study\n# more notes\n\n" + VALID
    assert detect_format(None, text) == "dsl"
    assert detect_format(None, "# notes\npipeline: t\n") == "yaml"
    assert pipespec.load(text).stage("m").kind == "model"
    assert pipespec.check(text).conditions[5].verdict


# ---------------------------------------------------------------- every format, every place a file is echoed
EVIL_COMMENTS = VALID.replace("  model m: CNN", "  model m: CNN # \x1b]8;;http://x\x1b\\\u202e\x9b\x07").replace(
    "  flow", "  declare condition5 = no # \x1b[1A\x1b[2K\r\n  flow")


def _raw_controls(text: str) -> set[str]:
    return {c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F
            or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"}


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "markdown", "github", "metrics-csv"])
def test_no_format_prints_a_raw_control_character(fmt: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "evil.pipe").write_text(EVIL_COMMENTS, encoding="utf-8", newline="")
    (tmp_path / "a\nforged\x1b[31m.pipe").write_text(EVIL_COMMENTS, encoding="utf-8", newline="")
    assert main(["check", str(tmp_path), "--no-config", "--format", fmt]) == 1
    out = capsys.readouterr().out
    assert not _raw_controls(out)
    assert not any(line.startswith("forged") for line in out.splitlines())


def test_html_report_excerpts_carry_no_raw_control_character(tmp_path: Path) -> None:
    (tmp_path / "evil.pipe").write_text(EVIL_COMMENTS, encoding="utf-8", newline="")
    main(["report", str(tmp_path / "evil.pipe"), "--no-config", "--html", str(tmp_path / "r.html")])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "condition5</mark>" in page  # the excerpt is there, its span still marked
    assert not _raw_controls(page)


def test_schema_messages_cut_the_list_or_mapping_they_echo() -> None:
    for value in ("[" + ", ".join(["1"] * 5_000) + "]", "{" + ", ".join(f"k{i}: 1" for i in range(5_000)) + "}"):
        report = check_text(YAML_HEAD.replace("modality: CT", f"modality: {value}"), "t.yaml")
        assert [d.code for d in report.errors] == ["PS102"]
        message = report.errors[0].message
        assert len(message) < 2 * ECHO_LIMIT and "(at /stages/0/modality)" in message


def test_an_invisible_character_is_named_once_in_the_message() -> None:
    report = check_text(YAML_HEAD.replace("name: m", 'name: "m\u3164x"'), "t.yaml")
    assert "'m\\u3164x'" in report.errors[0].message


@pytest.mark.parametrize(("text", "path", "column"), [
    (VALID.replace("model m: CNN", "model m: CNN { learning_rate: [1, -1e400] }"), "t.pipe", 37),
    (YAML_HEAD + "  learning_rate: [1, 1e400]\n", "t.yaml", 22),
    (YAML_HEAD + "  hyper: {a: .nan}\n", "t.yaml", 14),
])
def test_a_bad_number_is_located_at_the_number_itself(text: str, path: str, column: int) -> None:
    report = check_text(text, path)
    assert [(d.code, d.span.column) for d in report.errors] == [("PS104", column)]


@pytest.mark.parametrize("value", ["q" * 100_000, "q " * 50_000])
def test_reasons_titles_and_drawings_cut_what_they_echo(value: str, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    text = (f'pipeline "{value}" {{\n  input ct: CT image3d\n  model m: "{value}" {{ family: deep }}\n'
            "  output y: classification\n  flow ct -> m -> y\n}\n")
    path = tmp_path / "long.pipe"
    path.write_text(text, encoding="utf-8")
    for fmt in ("text", "json", "markdown", "junit", "sarif", "metrics-csv"):
        main(["check", str(path), "--no-config", "--format", fmt])
        out = capsys.readouterr().out
        assert value[:9] in out and max(len(line) for line in out.splitlines()) < 3_000, fmt
    main(["report", str(path), "--no-config", "--html", str(tmp_path / "r.html")])
    assert len((tmp_path / "r.html").read_text(encoding="utf-8")) < 100_000
    main(["graph", str(path)])
    assert len(capsys.readouterr().out) < 5_000


@pytest.mark.parametrize("text", ["/\x00", "a/\x00.pipe", "\x00"])
def test_a_string_with_a_nul_is_an_input_error_never_a_crash(text: str) -> None:
    with pytest.raises(InputError):
        pipespec.load(text)
    with pytest.raises(InputError):
        from pipespec.language import load_path

        load_path(text)
