"""pipespec.cli.output.write_output: what is at the output path decides how it is written (unit level; the command
line cases are in tests/hostile/test_filesystem.py)."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from pipespec.cli.output import OutputError, write_output


def test_no_path_writes_to_the_stream() -> None:
    s = io.StringIO()
    write_output("x", None, s)
    assert s.getvalue() == "x"


def test_a_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    umask = os.umask(0o022)
    try:
        write_output("x", str(tmp_path / "new.txt"), io.StringIO())
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_mode_and_no_temporary_is_left(tmp_path: Path) -> None:
    f = tmp_path / "out.txt"
    f.write_text("old")
    f.chmod(0o600)
    write_output("new", str(f), io.StringIO())
    assert f.read_text() == "new" and stat.S_IMODE(f.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_hard_linked_file_is_rewritten_in_place(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text("old, and longer than the new text")
    os.link(f, tmp_path / "b.txt")
    write_output("new", str(f), io.StringIO())
    assert (tmp_path / "b.txt").read_text() == "new" and os.path.samefile(f, tmp_path / "b.txt")


def test_a_link_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("old")
    os.symlink("t.txt", tmp_path / "l.txt")
    write_output("new", str(tmp_path / "l.txt"), io.StringIO())
    assert (tmp_path / "l.txt").is_symlink() and (tmp_path / "t.txt").read_text() == "new"


def test_text_that_is_not_encodable_is_written_escaped_not_refused(tmp_path: Path) -> None:
    write_output("name \udcff", str(tmp_path / "o.txt"), io.StringIO())
    assert (tmp_path / "o.txt").read_bytes() == b"name \\udcff"


@pytest.mark.parametrize("setup,reason", [
    (lambda p: p.mkdir(), "it is a folder"),
    (lambda p: (p.write_text("x"), p.chmod(0o444)), "the file is read-only"),
])
def test_refusals_are_output_errors(tmp_path: Path, setup: object, reason: str) -> None:
    target = tmp_path / "o"
    setup(target)  # type: ignore[operator]
    with pytest.raises(OutputError) as exc:
        write_output("x", str(target), io.StringIO())
    assert str(exc.value) == f"cannot write {target}: {reason}"


def test_an_input_is_never_overwritten(tmp_path: Path) -> None:
    f = tmp_path / "in.pipe"
    f.write_text("keep")
    with pytest.raises(OutputError, match="it is an input being checked"):
        write_output("x", str(f), io.StringIO(), [str(tmp_path / "other.pipe"), str(f)])
    assert f.read_text() == "keep"


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as exc:
        write_output("x", str(tmp_path / "no" / "o.txt"), io.StringIO())
    assert str(exc.value) == f"cannot write {tmp_path / 'no' / 'o.txt'}: no such folder {tmp_path / 'no'}"


def test_the_name_in_the_message_is_escaped(tmp_path: Path) -> None:
    with pytest.raises(OutputError) as exc:
        write_output("x", str(tmp_path / "n\x1b[2J" / "o.txt"), io.StringIO())
    assert "\x1b" not in str(exc.value) and "n\\x1b[2J" in str(exc.value)
