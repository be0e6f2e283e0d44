"""Files and formats: a file in another format than its name says, --from, init by file name, fmt on folders and
on several files, and YAML that yamllint accepts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from pipespec.cli import main

ROOT = Path(__file__).resolve().parents[2]
E3 = ROOT / "examples" / "metrics-e3"
DSL = E3 / "example-2.pipe"
YAML = E3 / "example-2.yaml"
YAMLLINT = ["-s", "-d", "{extends: default, rules: {line-length: disable}}"]


# ------------------------------------------------------------------ content in another format than the name says
@pytest.mark.parametrize("source,name,looks,rename", [
    (DSL, "p.yml", "the DSL", ".pipe --from dsl"),
    (DSL, "p.json", "the DSL", ".pipe --from dsl"),
    (YAML, "p.pipe", "YAML", ".yaml --from yaml"),
    (YAML, "p.json", "YAML", ".yaml --from yaml"),
])
def test_a_file_in_another_format_says_what_it_looks_like(source: Path, name: str, looks: str, rename: str,
                                                          tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / name
    shutil.copy(source, f)
    assert main(["check", str(f)]) == 2
    first = capsys.readouterr().out.splitlines()[0]
    suffix, fmt = rename.split(" --from ")
    assert ": PS101 " in first and f"this looks like {looks}" in first, first
    assert f"rename it to {suffix} or pass --from {fmt}" in first
    # and --from reads it as it is, in every command that reads pipelines
    for command in (["check", str(f)], ["test", str(f)], ["graph", str(f)], ["fmt", str(f)],
                    ["report", str(f), "--html", str(tmp_path / "r.html")], ["convert", str(f), "--to", "json"]):
        assert main([*command, "--from", fmt]) == 0, command
        capsys.readouterr()


def test_a_file_that_reads_in_no_format_gets_no_hint(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.yaml"
    f.write_text("pipeline: [unclosed\n")
    assert main(["check", str(f)]) == 2
    assert "looks like" not in capsys.readouterr().out


@pytest.mark.parametrize("flag", ["yml", "YAML", "yaml"])
def test_yml_is_yaml_wherever_yaml_is_taken(flag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.txt"
    shutil.copy(YAML, f)
    assert main(["check", str(f), "--from", flag]) == 0
    assert main(["convert", str(DSL), "--to", flag]) == 0
    assert capsys.readouterr().out.count("pipeline: ") == 1
    assert main(["init", str(tmp_path / "s.txt"), "--to", flag]) == 0
    assert main(["check", str(tmp_path / "s.txt"), "--from", flag]) == 0


# ------------------------------------------------------------------ init writes the format its name says
@pytest.mark.parametrize("name,fmt", [("s.pipe", "dsl"), ("s.yaml", "yaml"), ("s.yml", "yaml"), ("s.json", "json")])
@pytest.mark.parametrize("kind", ["e2e", "radiomics", "hybrid"])
def test_init_writes_the_format_its_file_name_says(name: str, fmt: str, kind: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from pipespec.language import read_source

    target = tmp_path / name
    assert main(["init", str(target), "--kind", kind]) == 0
    err = capsys.readouterr().err
    assert f"check it with `pipespec check {target}`" in err and "note" not in err
    text = target.read_text()
    assert read_source(str(target)).format == fmt
    if fmt == "yaml":
        assert text.count("\n#") >= 5 and "flow a -> b" not in text  # commented, in YAML's own words
    assert main(["check", str(target), "--fail-on", "warning"]) == 0
    assert main(["fmt", "--check", str(target)]) == 0  # written canonical


def test_init_to_wins_over_the_name_with_a_note(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "s.json"
    assert main(["init", str(target), "--to", "yaml"]) == 0
    err = capsys.readouterr().err
    assert "note: writing YAML into" in err and "its name says JSON" in err
    assert f"`pipespec check {target} --from yaml`" in err
    assert target.read_text().lstrip().startswith("#")
    assert main(["check", str(target), "--from", "yaml"]) == 0


# ------------------------------------------------------------------ fmt on folders and several files
def _tree(tmp_path: Path) -> Path:
    top = tmp_path / "specs"
    (top / "sub").mkdir(parents=True)
    shutil.copy(DSL, top / "a.pipe")
    shutil.copy(YAML, top / "sub" / "b.yaml")
    (top / "sub" / "untidy.pipe").write_text('pipeline "x" {\ninput a: CT image3d\n  model m: CNN\n'
                                             '  output y: classification\n flow a -> m -> y\n}\n')
    (top / "notes.txt").write_text("not a pipeline")
    return top


def test_fmt_check_takes_folders_and_says_what_would_change(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    top = _tree(tmp_path)
    assert main(["fmt", "--check", str(top)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (f"would reformat {top / 'sub' / 'untidy.pipe'}\n"
                   "1 file would be reformatted, 2 files would be left unchanged\n")


def test_fmt_write_takes_folders_and_counts_what_it_changed(tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    top = _tree(tmp_path)
    assert main(["fmt", "--write", str(top)]) == 0
    assert capsys.readouterr().err == "1 file reformatted, 2 files left unchanged\n"
    assert main(["fmt", "--write", str(top)]) == 0
    assert capsys.readouterr().err == "3 files left unchanged\n"
    assert main(["fmt", "--check", str(top)]) == 0


def test_fmt_counts_files_it_could_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = _tree(tmp_path)
    (top / "bad.pipe").write_text('pipeline "x" {\n  input a XR\n}\n')
    assert main(["fmt", "--check", str(top)]) == 2
    err = capsys.readouterr().err
    assert "PS101" in err and err.endswith("1 file would be reformatted, 2 files would be left unchanged, "
                                           "1 file with input errors\n")


def test_fmt_of_a_folder_without_check_or_write_is_a_usage_error(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    top = _tree(tmp_path)
    assert main(["fmt", str(top)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    usage, error = err.splitlines()
    assert usage.startswith("usage: pipespec fmt ")
    assert error.startswith("pipespec: error: ") and "is a directory" in error and "--check or --write" in error


def test_fmt_of_several_files_separates_them(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", str(DSL), str(YAML)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"==> {DSL} <==\n")
    first, second = out.split(f"\n==> {YAML} <==\n")
    assert main(["fmt", str(DSL)]) == 0
    assert first[len(f"==> {DSL} <==\n"):] == capsys.readouterr().out  # one file: as it is, no header
    assert main(["fmt", str(YAML)]) == 0
    assert second == capsys.readouterr().out


# ------------------------------------------------------------------ YAML anchors
def test_fmt_and_convert_say_when_they_expand_yaml_aliases(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.yaml"
    f.write_text("pipeline: t  # a * in a comment is no alias\nstages:\n"
                 "  - {name: a, kind: input, modality: CT, form: image3d}\n"
                 "  - {name: m, kind: model, architecture: CNN, task: &task classification, from: [a]}\n"
                 "  - {name: y, kind: output, task: *task, from: [m]}\n")
    for command in (["fmt", str(f)], ["convert", str(f), "--to", "dsl"]):
        assert main(command) == 0
        err = capsys.readouterr().err
        assert err == f"pipespec: note: {f}: 1 YAML alias expanded: the written text repeats the anchored values " \
                      "in place of each alias\n", err
    f.write_text(f.read_text().replace("&task ", "").replace("*task", "classification"))
    assert main(["fmt", str(f)]) == 0
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------ yamllint accepts the YAML pipespec writes
def _yaml_outputs(tmp_path: Path) -> list[Path]:
    """Every YAML text pipespec writes for the shipped examples: convert of each, fmt of each YAML, init's."""
    out: list[Path] = []
    examples = sorted(ROOT.joinpath("examples").rglob("*.pipe")) + sorted(ROOT.joinpath("examples").rglob("*.json"))
    for k, src in enumerate(examples):
        target = tmp_path / f"convert-{k}-{src.stem}.yaml"
        assert main(["convert", str(src), "--to", "yaml", "-o", str(target)]) == 0
        out.append(target)
    for k, src in enumerate(sorted(ROOT.joinpath("examples").rglob("*.y*ml"))):
        target = tmp_path / f"fmt-{k}-{src.name}"
        shutil.copy(src, target)
        assert main(["fmt", "--write", str(target)]) == 0
        out.append(target)
    for kind in ("e2e", "radiomics", "hybrid"):
        target = tmp_path / f"init-{kind}.yaml"
        assert main(["init", str(target), "--kind", kind]) == 0
        out.append(target)
    return out


def test_yamllint_accepts_every_yaml_pipespec_writes_for_the_examples(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("yamllint")
    import sys

    files = _yaml_outputs(tmp_path)
    capsys.readouterr()
    assert len(files) >= 20
    out = subprocess.run([sys.executable, "-m", "yamllint", *YAMLLINT, *map(str, files)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0 and out.stdout == "", out.stdout + out.stderr
    for f in files:  # and what pipespec wrote, it reads back as canonical
        assert main(["fmt", "--check", str(f)]) == 0, f


def test_text_without_a_file_name_in_another_format_is_told_to_give_the_format() -> None:
    from pipespec.checker import check_text

    report = check_text(DSL.read_text(encoding="utf-8"), "<request>", "yaml")
    [first, *_] = report.errors
    assert first.code == "PS101" and first.message.endswith("this looks like the DSL, not YAML: give its format as dsl")


def test_yamllint_accepts_converted_comments_written_without_a_space(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("yamllint")
    import sys

    src = tmp_path / "c.pipe"
    src.write_text('#!header\n#--- a rule\npipeline "t" {  #title\n  input ct: CT image3d\t#\ttabbed\n  ##double\n'
                   "  model net: CNN { task: classification }  #\n  output y: classification\n"
                   "  flow ct -> net -> y  #edge\n  declare condition5 = yes #answer\n}\n#bottom\n")
    target = tmp_path / "c.yaml"
    assert main(["convert", str(src), "-o", str(target)]) == 0
    text = target.read_text()
    for comment in ("# !header", "# --- a rule", "# title", "# edge", "# answer", "## double", "# bottom"):
        assert comment in text, comment
    out = subprocess.run([sys.executable, "-m", "yamllint", *YAMLLINT, str(target)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0 and out.stdout == "", out.stdout
    assert main(["fmt", "--check", str(target)]) == 0


def test_json_with_a_schema_error_in_a_yaml_file_is_not_told_to_be_json(tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.yaml"  # JSON is YAML: the error is the document's, whatever the suffix
    f.write_text('{"pipeline": "t", "stages": [{"name": "a", "kind": "inptu"}]}\n')
    assert main(["check", str(f)]) == 2
    assert "looks like" not in capsys.readouterr().out


def test_fmt_write_counts_a_file_it_could_not_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    top = _tree(tmp_path)
    untidy = top / "sub" / "untidy.pipe"
    untidy.chmod(0o444)  # refused by its mode, whoever runs the test
    try:
        assert main(["fmt", "--write", str(top)]) == 2
        err = capsys.readouterr().err
        assert f"pipespec: error: cannot write {untidy}: the file is read-only" in err
        assert err.endswith("2 files left unchanged, 1 file could not be written\n")
    finally:
        untidy.chmod(0o644)


def test_fmt_check_of_only_unreadable_files_says_just_that(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.pipe"
    bad.write_text('pipeline "x" {\n  input a XR\n}\n')
    assert main(["fmt", "--check", str(bad)]) == 2
    assert capsys.readouterr().err.endswith("\n1 file with input errors\n")
