"""`pipespec check --fix / --unsafe-fixes / --diff`: folders as `check`, files written only where a fix applies,
encoding and line endings kept, the summary line, and the exit codes."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_cli import run

TEXT = """pipeline "Knee radiographs" {
  input xr: XR image2d
  model net: ResNt-18 { task: classification, pretrianed_on: ImageNet }
  output y: classification
  flow xr -> net -> y
  declare condition5 = yes
}
"""
CLEAN = TEXT.replace("pretrianed_on", "pretrained_on").replace("ResNt-18", "ResNet-18")


def test_fix_applies_safe_fixes_in_a_folder_and_reports_what_remains(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    a, b = tmp_path / "a.pipe", tmp_path / "sub" / "b.pipe"
    a.write_text(TEXT, encoding="utf-8")
    b.write_text(CLEAN, encoding="utf-8")
    before = b.stat().st_mtime_ns
    out = run("check", "--fix", str(tmp_path))
    assert a.read_text(encoding="utf-8") == TEXT.replace("pretrianed_on", "pretrained_on")
    assert b.stat().st_mtime_ns == before  # nothing to fix: not rewritten
    assert "1 fix applied in 1 file (1 unsafe fix available: --unsafe-fixes)" in out.stderr
    assert "V101" in out.stdout  # what remains is reported as check reports it
    assert out.returncode == 0  # check's exit code for what remains (a warning)


def test_unsafe_fixes_turn_the_review_into_a_decision(tmp_path: Path) -> None:
    a = tmp_path / "a.pipe"
    a.write_text(TEXT, encoding="utf-8")
    out = run("check", "--fix", "--unsafe-fixes", str(a))
    assert a.read_text(encoding="utf-8") == CLEAN
    assert "2 fixes applied in 1 file" in out.stderr and "#5 end-to-end deep learning  YES" in out.stdout


def test_diff_prints_a_unified_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    a = tmp_path / "a.pipe"
    a.write_text(TEXT, encoding="utf-8")
    out = run("check", "--diff", str(a))
    assert out.returncode == 1 and a.read_text(encoding="utf-8") == TEXT
    assert "-  model net: ResNt-18 { task: classification, pretrianed_on: ImageNet }" in out.stdout
    assert "+  model net: ResNt-18 { task: classification, pretrained_on: ImageNet }" in out.stdout
    a.write_text(CLEAN, encoding="utf-8")
    again = run("check", "--diff", str(a))
    assert again.returncode == 0 and again.stdout == ""


def test_encoding_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    a = tmp_path / "a.pipe"
    a.write_bytes(b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"))
    run("check", "--fix", str(a))
    assert a.read_bytes() == b"\xef\xbb\xbf" + TEXT.replace("pretrianed_on", "pretrained_on").replace(
        "\n", "\r\n").encode("utf-8")
    u16 = tmp_path / "w.pipe"
    u16.write_bytes(TEXT.encode("utf-16"))
    run("check", "--fix", str(u16))
    assert u16.read_bytes() == TEXT.replace("pretrianed_on", "pretrained_on").encode("utf-16")


def test_standard_input_is_fixed_to_standard_output() -> None:
    out = run("check", "--fix", "-", stdin=TEXT)
    assert out.stdout == TEXT.replace("pretrianed_on", "pretrained_on")
    assert "1 fix applied in 1 file" in out.stderr


def test_unsafe_fixes_alone_is_a_usage_error() -> None:
    out = run("check", "--unsafe-fixes", "examples/metrics-e3/example-2.pipe")
    assert out.returncode == 2 and "--unsafe-fixes goes with --fix or --diff" in out.stderr


def test_an_input_error_without_a_fix_keeps_exit_2(tmp_path: Path) -> None:
    a = tmp_path / "a.pipe"
    a.write_text('pipeline "p" {\n  input ct: CT image3d\n  flow ct -> zzz\n}\n', encoding="utf-8")
    out = run("check", "--fix", str(a))
    assert out.returncode == 2 and "0 fixes applied in 0 files" in out.stderr


def test_diff_reports_a_file_it_cannot_read_or_judge_and_exits_2(tmp_path: Path) -> None:
    a, broken = tmp_path / "a.pipe", tmp_path / "broken.pipe"
    a.write_text(TEXT, encoding="utf-8")
    broken.write_text('pipeline "p" {\n  input ct: CT image3d\n  flow ct -> zzz\n}\n', encoding="utf-8")
    out = run("check", "--diff", str(a), str(tmp_path / "missing.pipe"), str(broken))
    assert out.returncode == 2 and "+  model net: ResNt-18 { task: classification, pretrained_on" in out.stdout
    assert "missing.pipe:1:1: PS100" in out.stderr and "broken.pipe:3:14: PS106" in out.stderr
    piped = run("check", "--diff", "-", stdin='pipeline "p" {\n')
    assert piped.returncode == 2 and "PS101" in piped.stderr and piped.stdout == ""


def test_standard_input_keeps_its_encoding_and_byte_order_mark() -> None:
    import os
    import subprocess
    import sys

    from tests.cli.test_cli import ROOT

    fixed = TEXT.replace("pretrianed_on", "pretrained_on")
    for given, expected in ((TEXT.encode("utf-16"), fixed.encode("utf-16")),
                            (b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8"),
                             b"\xef\xbb\xbf" + fixed.replace("\n", "\r\n").encode("utf-8"))):
        out = subprocess.run([sys.executable, "-m", "pipespec", "check", "--fix", "-"], input=given,
                             capture_output=True, cwd=ROOT, timeout=120,
                             env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
        assert out.stdout == expected and b"1 fix applied in 1 file" in out.stderr
    if os.path.exists("/dev/full"):  # a failed write is one line with exit 2, as for every command
        with open("/dev/full", "wb") as full:
            out = subprocess.run([sys.executable, "-m", "pipespec", "check", "--fix", "-"], input=TEXT.encode(),
                                 stdout=full, stderr=subprocess.PIPE, cwd=ROOT, timeout=120,
                                 env={**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)})
        assert out.returncode == 2 and b"cannot write standard output" in out.stderr
        assert b"internal error" not in out.stderr


def test_a_file_that_cannot_be_written_is_reported_and_counted_as_it_still_is(tmp_path: Path) -> None:
    locked, other = tmp_path / "a.pipe", tmp_path / "b.pipe"
    locked.write_text(TEXT, encoding="utf-8")
    other.write_text(TEXT, encoding="utf-8")
    locked.chmod(0o444)  # pipespec refuses to replace a read-only file (root included)
    try:
        out = run("check", "--fix", "--format", "concise", str(tmp_path))
    finally:
        locked.chmod(0o644)
    assert locked.read_text(encoding="utf-8") == TEXT and "pretrained_on" in other.read_text(encoding="utf-8")
    assert out.returncode == 2 and "cannot write" in out.stderr
    assert "1 fix applied in 1 file" in out.stderr
    assert any(line.startswith(str(locked)) and "PS103" in line for line in out.stdout.splitlines())
