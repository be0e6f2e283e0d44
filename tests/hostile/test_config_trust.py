"""Configuration trust: a submission that brings its own .pipespec.toml cannot switch rules off unseen, every report
names the configuration that judged each file, --isolated ignores them all, and a hostile configuration file (huge,
deeply nested, wrong types, W101/W102 settings) is one PS113 line, never an internal error."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipespec.checker import check_file
from pipespec.cli import main
from pipespec.config import MAX_CONFIG_BYTES, config_for_dir

ROOT = Path(__file__).resolve().parents[2]
FUSED = (ROOT / "examples" / "fused-handcrafted-deep.pipe").read_text()  # C501 and L101 errors as shipped
DISABLE = 'disable = ["C501"]\n[severity]\nL101 = "warning"\n'


def run(*args: str | os.PathLike[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-m", "pipespec", *map(str, args)], capture_output=True, text=True, cwd=cwd,
                         env=env, timeout=120)
    assert "Traceback" not in out.stdout + out.stderr and "internal error" not in out.stderr, out.stderr
    return out


@pytest.fixture(autouse=True)
def fresh_discovery() -> None:
    config_for_dir.cache_clear()  # each test writes its own files: the per-process cache must not carry over


@pytest.fixture
def submission(tmp_path: Path) -> Path:
    """A submission folder whose own configuration switches the misclassification checks off."""
    sub = tmp_path / "submission"
    sub.mkdir()
    (sub / "fused.pipe").write_text(FUSED)
    (sub / ".pipespec.toml").write_text(DISABLE)
    return sub


def codes(doc: dict[str, object]) -> list[str]:
    files = doc["files"]
    assert isinstance(files, list)
    return sorted(f["code"] for f in files[0]["findings"] if not f["waived"])


# ------------------------------------------------------------------------------------------ W103 and the report


def test_a_submission_that_disables_c501_is_flagged_w103_naming_rule_and_file(submission: Path) -> None:
    cfg = submission / ".pipespec.toml"
    out = run("check", submission, "--format", "json")
    doc = json.loads(out.stdout)
    assert codes(doc) == ["L101", "W103", "W103"]
    w103 = sorted(f["message"] for f in doc["files"][0]["findings"] if f["code"] == "W103")
    assert str(cfg) in w103[0] and "disables C501" in w103[0]
    assert str(cfg) in w103[1] and "lowers L101" in w103[1] and "to warning" in w103[1]
    assert doc["files"][0]["config"] == {"path": str(cfg), "sha256": hashlib.sha256(cfg.read_bytes()).hexdigest()}


def test_every_format_for_people_names_the_configuration(submission: Path, tmp_path: Path) -> None:
    cfg = submission / ".pipespec.toml"
    digest = hashlib.sha256(cfg.read_bytes()).hexdigest()
    text = run("check", submission).stdout
    assert f"configuration: {cfg} (sha256 {digest[:12]}" in text
    md = run("check", submission, "--format", "markdown").stdout
    assert f"Judged with the configuration `{cfg}` (sha256 `{digest[:12]}" in md
    run("report", submission, "--html", tmp_path / "r.html")
    page = (tmp_path / "r.html").read_text()
    assert f"configuration: {cfg} (sha256 {digest[:12]}" in page
    assert "W103" in page


def test_isolated_ignores_every_configuration(submission: Path) -> None:
    out = run("check", submission, "--isolated", "--format", "json")
    doc = json.loads(out.stdout)
    assert out.returncode == 1
    assert codes(doc) == ["C501", "L101"] and doc["files"][0]["config"] is None
    broken = submission / "pyproject.toml"
    broken.write_text("[tool.pipespec]\ndisable = 'not a list'\n")
    (submission / ".pipespec.toml").write_text("{{{")  # not even read
    assert run("check", submission, "--isolated").returncode == 1


def test_isolated_and_config_exclude_each_other(submission: Path) -> None:
    out = run("check", submission, "--isolated", "--config", submission / ".pipespec.toml")
    assert out.returncode == 2 and "not allowed with argument" in out.stderr


def test_config_file_given_is_named_and_flagged_too(submission: Path, tmp_path: Path) -> None:
    given = tmp_path / "journal.toml"
    given.write_text('[tool.pipespec]\ndisable = ["L101"]\n')
    doc = json.loads(run("check", submission, "--config", given, "--format", "json").stdout)
    assert codes(doc) == ["C501", "W103"]  # the tree's own configuration is ignored under --config
    assert doc["files"][0]["config"]["path"] == str(given)


@pytest.mark.parametrize("setting,flagged", [
    ('disable = ["L105"]\n', False),  # a warning rule switched off: no error is hidden
    ('[severity]\nL105 = "error"\n', False),  # made stricter
    ('[severity]\nC501 = "error"\n', False),  # no change
    ('[severity]\nC501 = "info"\n', True),
    ('disable = ["c501"]\n', True),  # codes are case-insensitive
])
def test_w103_only_for_error_rules_made_weaker(tmp_path: Path, setting: str, flagged: bool) -> None:
    (tmp_path / ".pipespec.toml").write_text(setting)
    (tmp_path / "f.pipe").write_text(FUSED)
    r = check_file(str(tmp_path / "f.pipe"))
    assert ("W103" in [f.code for f in r.findings]) is flagged
    assert r.config is not None and r.config.path == str(tmp_path / ".pipespec.toml")


def test_w103_cannot_be_waived_by_the_pipeline(submission: Path) -> None:
    f = submission / "fused.pipe"
    f.write_text(FUSED.rstrip().removesuffix("}") + '  waive W103 "the journal allowed it"\n}\n')
    r = check_file(str(f))
    found = [(x.code, x.waived) for x in r.findings if x.code.startswith("W10")]
    assert ("W103", None) in found and ("W102", None) in found


def test_no_configuration_is_null_in_json(tmp_path: Path) -> None:
    (tmp_path / "f.pipe").write_text(FUSED)
    doc = json.loads(run("check", tmp_path, "--no-config", "--format", "json").stdout)
    assert doc["files"][0]["config"] is None


# ---------------------------------------------------------------------------------------------------- precedence


def test_top_level_settings_stay_in_force_beside_another_tool_s_table(tmp_path: Path) -> None:
    (tmp_path / ".pipespec.toml").write_text('disable = ["C501"]\n[tool.ruff]\nline-length = 100\n')
    (tmp_path / "f.pipe").write_text(FUSED)
    assert "C501" not in [f.code for f in check_file(str(tmp_path / "f.pipe")).findings]


def test_an_empty_child_configuration_does_not_hide_the_parent_s(submission: Path) -> None:
    child = submission / "child"
    child.mkdir()
    (child / "f.pipe").write_text(FUSED)
    for empty in ("", "# nothing here\n", "[tool.other]\nx = 1\n"):
        (child / ".pipespec.toml").write_text(empty)
        config_for_dir.cache_clear()
        r = check_file(str(child / "f.pipe"))
        assert r.config is not None and r.config.path == str(submission / ".pipespec.toml"), empty
        assert "C501" not in [f.code for f in r.findings]


def test_settings_both_top_level_and_in_the_table_are_ps113(tmp_path: Path) -> None:
    (tmp_path / ".pipespec.toml").write_text('disable = ["C501"]\n[tool.pipespec]\ndisable = []\n')
    (tmp_path / "f.pipe").write_text(FUSED)
    r = check_file(str(tmp_path / "f.pipe"))
    assert [e.code for e in r.errors] == ["PS113"] and "give them in one place" in r.errors[0].message


def test_the_nearest_configuration_wins_whole(submission: Path) -> None:
    child = submission / "child"
    child.mkdir()
    (child / "f.pipe").write_text(FUSED)
    (child / "pyproject.toml").write_text('[project]\nname = "x"\n[tool.pipespec]\ndisable = ["L101"]\n')
    r = check_file(str(child / "f.pipe"))
    assert r.config is not None and r.config.path == str(child / "pyproject.toml")
    assert sorted(f.code for f in r.findings) == ["C501", "W103"]  # not merged with the parent's C501


@pytest.mark.parametrize("spelling", [
    '[tool.pipespec]\ndisable = ["C501"]\n',
    'tool.pipespec.disable = ["C501"]\n',
    'tool = {pipespec = {disable = ["C501"]}}\n',
    '[tool]\npipespec = {disable = ["C501"]}\n',
])
def test_every_spelling_of_the_pyproject_table_is_read(tmp_path: Path, spelling: str) -> None:
    (tmp_path / "pyproject.toml").write_text(spelling)
    (tmp_path / "f.pipe").write_text(FUSED)
    r = check_file(str(tmp_path / "f.pipe"))
    assert "C501" not in [f.code for f in r.findings] and "W103" in [f.code for f in r.findings]


# --------------------------------------------------------------------------------------- hostile configuration


@pytest.mark.parametrize("name,content,words", [
    (".pipespec.toml", 'disable = ["W101"]\n', "W101 is a check of waivers"),
    (".pipespec.toml", '[severity]\nW102 = "info"\n', "W102 is a check of waivers"),
    (".pipespec.toml", 'disable = ["W103"]\n', "W103 is a check of waivers"),
    (".pipespec.toml", 'disable = ["PS101"]\n', "PS101 is an input error"),
    (".pipespec.toml", 'disable = ["D501"]\n', "D501 is a verdict rule"),
    (".pipespec.toml", 'disable = "C501"\n', "'disable' must be a list"),
    (".pipespec.toml", "disable = [1]\n", "'disable' must be a list"),
    (".pipespec.toml", "severity = 3\n", "'severity' must be a table"),
    (".pipespec.toml", "[severity]\nC501 = 1\n", "must be error, warning or info"),
    (".pipespec.toml", "[severity]\nC501 = [\"x\"]\n", "must be error, warning or info"),
    (".pipespec.toml", "tool = 1\n", "'tool' must be a table"),
    (".pipespec.toml", "[tool]\npipespec = 3\n", "[tool.pipespec] must be a table"),
    (".pipespec.toml", 'colour = "red"\n', "unknown key(s) colour"),
    ("pyproject.toml", "tool = 1  # pipespec\n", "'tool' must be a table"),
    ("pyproject.toml", "[tool]\npipespec = 'on'\n", "[tool.pipespec] must be a table"),
    (".pipespec.toml", "x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("pyproject.toml", "[tool.pipespec]\nx = " + "{a=" * 3000 + "1" + "}" * 3000 + "\n", "nested too deeply"),
    (".pipespec.toml", "disable = [\n", ":2:1: "),
    (".pipespec.toml", b"disable = ['\xff']\n", "invalid UTF-8"),
])
def test_a_bad_configuration_is_one_ps113_line(tmp_path: Path, name: str, content: str | bytes, words: str) -> None:
    cfg = tmp_path / name
    cfg.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "f.pipe").write_text(FUSED)
    out = run("check", tmp_path / "f.pipe")
    assert out.returncode == 2
    lines = [x for x in out.stdout.splitlines() if x.startswith(str(tmp_path))]
    # located in the configuration, whether it was found beside the file or given with --config
    assert len(lines) == 1 and lines[0].startswith(f"{cfg}:") and ": PS113 " in lines[0], out.stdout
    assert words.strip(":") in lines[0] and len(lines[0]) < 400
    given = run("check", tmp_path / "f.pipe", "--config", cfg)
    assert given.returncode == 2
    err = given.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"{cfg}:") and ": PS113 " in err[0] and words.strip(":") in err[0]


def test_pyproject_without_pipespec_settings_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("tool = 1\n[[[ not toml\n")  # another tool's problem, not ours
    (tmp_path / "f.pipe").write_text(FUSED)
    r = check_file(str(tmp_path / "f.pipe"))
    assert not r.errors and r.config is None


def test_a_toml_error_is_located_in_the_configuration_file(tmp_path: Path) -> None:
    (tmp_path / ".pipespec.toml").write_text('disable = ["C501"]\nseverity = = 1\n')
    (tmp_path / "f.pipe").write_text(FUSED)
    r = check_file(str(tmp_path / "f.pipe"))
    e = r.errors[0]
    assert (e.span.file, e.span.line, e.span.column) == (str(tmp_path / ".pipespec.toml"), 2, 12)
    assert e.message.startswith("Invalid value")


def test_control_characters_in_a_configuration_never_reach_the_screen(tmp_path: Path) -> None:
    (tmp_path / ".pipespec.toml").write_text('"a\\u001b[2J\\u202eb" = 1\n')
    (tmp_path / "f.pipe").write_text(FUSED)
    for extra in ((), ("--config", str(tmp_path / ".pipespec.toml"))):
        out = run("check", tmp_path / "f.pipe", *extra)
        assert out.returncode == 2
        shown = out.stdout + out.stderr
        assert "\x1b" not in shown and "\u202e" not in shown and "a\\x1b[2J" in shown


@pytest.mark.parametrize("name", [".pipespec.toml", "pyproject.toml"])
def test_a_configuration_over_one_mib_is_refused_unread(tmp_path: Path, name: str) -> None:
    huge = tmp_path / name
    with open(huge, "w") as fh:  # 20 MiB of comments: reading and parsing it all would take seconds
        fh.write("[tool.pipespec]\n" if name == "pyproject.toml" else "")
        line = "# " + "x" * 1022 + "\n"
        fh.write(line * (20 * 1024))
    (tmp_path / "f.pipe").write_text(FUSED)
    t0 = time.perf_counter()
    out = run("check", tmp_path / "f.pipe", "--format", "json")
    elapsed = time.perf_counter() - t0
    doc = json.loads(out.stdout)
    err = doc["files"][0]["errors"][0]
    assert out.returncode == 2 and err["code"] == "PS113"
    assert f"larger than {MAX_CONFIG_BYTES} bytes" in err["message"] and len(err["message"]) < 300
    assert elapsed < 10


def test_a_configuration_of_exactly_one_mib_is_read(tmp_path: Path) -> None:
    cfg = tmp_path / ".pipespec.toml"
    head = 'disable = ["C501"]\n'
    cfg.write_text(head + "#" * (MAX_CONFIG_BYTES - len(head) - 1) + "\n")
    assert cfg.stat().st_size == MAX_CONFIG_BYTES
    (tmp_path / "f.pipe").write_text(FUSED)
    r = check_file(str(tmp_path / "f.pipe"))
    assert not r.errors and "C501" not in [f.code for f in r.findings]


def test_the_library_reports_the_configuration_too(submission: Path, capsys: pytest.CaptureFixture[str]) -> None:
    r = check_file(str(submission / "fused.pipe"))
    assert r.config is not None and r.to_dict()["config"]["path"] == str(submission / ".pipespec.toml")
    assert main(["check", str(submission), "--isolated", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out)["files"][0]["config"] is None


def test_the_json_report_with_configuration_and_skips_is_valid_against_its_schema(submission: Path) -> None:
    import jsonschema

    (submission / ".hidden").mkdir()
    os.mkfifo(submission / "fifo.pipe")
    doc = json.loads(run("check", submission, "--format", "json").stdout)
    assert doc["files"][0]["config"] is not None and len(doc["skipped"]) == 2
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    doc["files"][0]["config"]["sha256"] = "not a digest"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
