"""Hostile file systems: FIFOs and devices in a checked folder, file names that are not UTF-8 or hold control
characters, folders that cannot be read, links into and out of the tree (with loops), `--output` onto devices,
inputs and missing folders, `fmt --write` on links and read-only files, and the bounds of the numeric flags.

Every case runs the real command line (a subprocess with a timeout, so that a hang fails the test instead of
stalling the suite) or the library on a real folder; nothing is mocked except where the environment cannot produce
the failure (the tests run as root, which reads any folder: an unreadable folder is simulated at ``os.scandir``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipespec.batch import check_paths
from pipespec.checker import EXTERNAL_LINK, HIDDEN, LINK_LOOP, OWN_REPORT, Options, walk_folder
from pipespec.cli import main
from pipespec.report import Skipped

ROOT = Path(__file__).resolve().parents[2]
GOOD = (ROOT / "examples" / "metrics-e3" / "example-2.pipe").read_text()
MESSY = 'pipeline "x" {\n input   a: CT\n model m: CNN from a\n output o from m\n}\n'
SECRET = "aws_secret_access_key = AKIA-DO-NOT-ECHO-0123456789"
FORMATS = ["text", "json", "sarif", "markdown", "junit", "github", "metrics-csv"]


def run(*args: str | os.PathLike[str], cwd: Path = ROOT, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """The command line as a user runs it; bytes, so that invalid UTF-8 in an output would show."""
    env = {**os.environ, "NO_COLOR": "1", "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipespec", *map(os.fsdecode, args)], capture_output=True, cwd=cwd,
                          env=env, timeout=timeout)


def clean(out: subprocess.CompletedProcess[bytes]) -> str:
    """stdout + stderr, asserting the promises every run keeps: no traceback, no internal error, no raw ESC/BEL."""
    text = (out.stdout + out.stderr).decode("utf-8")
    assert "Traceback" not in text and "internal error" not in out.stderr.decode(), text
    assert ": PS199 " not in text and '"ruleId": "PS199"' not in text, text
    assert "\x1b" not in text and "\x07" not in text, text
    return text


def skipped_of(report: dict[str, object]) -> dict[str, str]:
    entries = report["skipped"]
    assert isinstance(entries, list)
    return {os.path.basename(e["path"]): e["reason"] for e in entries}


# ----------------------------------------------------------------------------------------------- FIFOs, devices


def test_a_fifo_in_a_folder_is_skipped_and_listed_not_opened(tmp_path: Path) -> None:
    (tmp_path / "good.pipe").write_text(GOOD)
    os.mkfifo(tmp_path / "trap.pipe")  # opened for reading, it would block until a writer came: forever
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.yaml"))
    try:
        out = run("check", tmp_path, "--format", "json", timeout=30)
        text = out.stdout.decode()
        assert out.returncode == 0, clean(out)
        doc = json.loads(text)
        assert [os.path.basename(f["path"]) for f in doc["files"]] == ["good.pipe"]
        assert skipped_of(doc) == {"trap.pipe": "not a regular file (a FIFO)",
                                   "sock.yaml": "not a regular file (a socket)"}
        summary = run("check", tmp_path, timeout=30)
        assert summary.returncode == 0
        assert "skipped 2 (not errors): not a regular file 2" in clean(summary)
    finally:
        server.close()


@pytest.mark.parametrize("n", [1, 60])  # in this process, and through the worker pool
def test_a_file_replaced_by_a_fifo_after_the_walk_is_not_waited_on(tmp_path: Path, n: int,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import pipespec.batch as batch
    from pipespec.checker import walk as real_walk

    for k in range(n):
        (tmp_path / f"p{k:02}.pipe").write_text(GOOD)

    def walk_then_swap(paths: list[str], follow: bool = False) -> object:
        found = real_walk(paths, follow)
        os.unlink(tmp_path / "p00.pipe")  # between the walk and the read: a FIFO in the file's place
        os.mkfifo(tmp_path / "p00.pipe")
        return found

    monkeypatch.setattr(batch, "walk", walk_then_swap)
    got: list[list[object]] = []
    t = threading.Thread(target=lambda: got.append(check_paths([str(tmp_path)], Options(), 2)), daemon=True)
    t.start()
    t.join(60)
    assert not t.is_alive(), "the batch blocked on a FIFO"
    reports = got[0]
    assert len(reports) == n
    first = reports[0]
    assert first.errors[0].code == "PS100" and first.errors[0].message == "not a regular file"  # type: ignore[attr-defined]
    assert all(not r.errors for r in reports[1:])  # type: ignore[attr-defined]


def _feed(fifo: Path, data: bytes) -> threading.Thread:
    def write() -> None:
        try:
            with open(fifo, "wb") as fh:
                fh.write(data)
        except BrokenPipeError:  # the reader stopped at the size limit
            pass

    t = threading.Thread(target=write, daemon=True)
    t.start()
    return t


def test_a_fifo_named_on_the_command_line_is_read_as_given(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.pipe"
    os.mkfifo(fifo)
    writer = _feed(fifo, GOOD.encode())
    out = run("check", fifo, timeout=30)
    writer.join(5)
    assert out.returncode == 0, clean(out)
    assert "#5 end-to-end deep learning  YES" in clean(out)


def test_a_fifo_named_on_the_command_line_is_cut_at_the_size_limit_while_reading(tmp_path: Path) -> None:
    fifo = tmp_path / "endless.pipe"
    os.mkfifo(fifo)
    writer = _feed(fifo, b"# " + b"x" * 4_000_000)  # st_size of a FIFO is 0: only the read can enforce the limit
    out = run("check", fifo, "--max-bytes", "1000", timeout=30)
    writer.join(5)
    assert out.returncode == 2
    assert f"{fifo}:1:1: PS112 " in clean(out)


def test_load_of_a_fifo_with_a_writer_reads_it(tmp_path: Path) -> None:
    import pipespec

    fifo = tmp_path / "p.pipe"
    os.mkfifo(fifo)
    writer = _feed(fifo, GOOD.encode())
    pipeline = pipespec.load(str(fifo))
    writer.join(5)
    assert pipeline.title.startswith("Axillary")


def test_a_character_device_as_output_is_written_through_not_replaced(tmp_path: Path) -> None:
    (tmp_path / "a.pipe").write_text(GOOD)
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # a private /dev/null
    except (PermissionError, OSError) as exc:
        pytest.skip(f"cannot make a device node here: {exc}")
    out = run("check", tmp_path / "a.pipe", "-o", null)
    assert out.returncode == 0, clean(out)
    st = os.lstat(null)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)


def test_a_fifo_as_output_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "a.pipe").write_text(GOOD)
    fifo = tmp_path / "out"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    out = run("check", tmp_path / "a.pipe", "-o", fifo, "--format", "json", timeout=30)
    reader.join(10)
    assert out.returncode == 0, clean(out)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert json.loads(got[0])["summary"]["files"] == 1


# ------------------------------------------------------------------------------------------------ file names

HOSTILE_NAMES = [
    os.fsencode("esc\x1b]0;owned\x07\x1b[2J.pipe"),
    os.fsencode("line\nfake: 0 file(s) checked.pipe"),
    b"latin1-\xe9t\xe9.pipe",
    os.fsencode("rtl\u202egnp.pipe"),
]


@pytest.fixture
def named_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "names"
    folder.mkdir()
    bad = os.path.join(os.fsencode(folder), b"sub\xff")
    os.mkdir(bad)
    for name in HOSTILE_NAMES:
        with open(os.path.join(os.fsencode(folder), name), "w") as fh:
            fh.write(GOOD)
    with open(os.path.join(bad, b"x\xfe.pipe"), "w") as fh:
        fh.write('pipeline "p" {\n  input a XR\n}\n')  # one input error, to show a located line too
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_file_names_never_break_a_batch_or_reach_the_screen_raw(named_folder: Path, fmt: str) -> None:
    out = run("check", named_folder, "--format", fmt)
    text = clean(out)  # also: every byte written is UTF-8
    assert out.returncode == 2  # the one input error, and the batch completed: every file is reported
    assert "\u202e" not in text
    if fmt == "text":
        assert "fake: 0 file(s)" not in [line.split("line", 1)[-1] for line in text.splitlines()]
        assert not any(line.startswith("fake:") for line in text.splitlines())
        assert "5 file(s) checked" in text
        assert "line\\x0afake" in text and "latin1-\\xe9t\\xe9.pipe" in text and "sub\\xff/x\\xfe.pipe:2:" in text
    if fmt == "json":
        doc = json.loads(text)
        # the real names come back: os.fsencode of each path is the name on disk
        on_disk = {os.path.join(os.fsencode(named_folder), n) for n in HOSTILE_NAMES}
        on_disk.add(os.path.join(os.fsencode(named_folder), b"sub\xff", b"x\xfe.pipe"))
        assert {os.fsencode(f["path"]) for f in doc["files"]} == on_disk
    if fmt == "sarif":
        doc = json.loads(text)
        uris = {a["location"]["uri"] for a in doc["runs"][0]["artifacts"]}
        assert any("latin1-%E9t%E9.pipe" in u for u in uris) and any("sub%FF/x%FE.pipe" in u for u in uris)
    if fmt == "junit":
        import xml.etree.ElementTree as ET

        ET.fromstring(out.stdout)  # well-formed XML: no control character in an attribute


def test_hostile_file_names_in_the_html_report(named_folder: Path, tmp_path: Path) -> None:
    html = tmp_path / "r.html"
    out = run("report", named_folder, "--html", html)
    clean(out)
    page = html.read_text(encoding="utf-8")
    assert "\x1b" not in page and "\u202e" not in page and "latin1-\\xe9t\\xe9.pipe" in page


# -------------------------------------------------------------------------------- unreadable folders, skips


def test_an_unreadable_subfolder_is_a_ps100_error_not_a_silent_skip(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    # root reads any folder whatever its mode: the refusal is made where the walk meets it
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.pipe").write_text(GOOD)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.pipe").write_text(GOOD)
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(path) == "locked":
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["check", str(tmp_path), "--jobs", "1"]) == 2
    out = capsys.readouterr().out
    assert f"{locked}:1:1: PS100 cannot read folder: Permission denied" in out
    assert "2 file(s) checked: 1 passed" in out


def test_a_folder_removed_while_walking_is_a_ps100_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "gone").mkdir()
    (tmp_path / "a.pipe").write_text(GOOD)
    real = os.scandir

    def scandir(path: str) -> object:
        if os.path.basename(path) == "gone" and os.path.isdir(path):
            os.rmdir(path)  # removed between listing its parent and reading it
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = walk_folder(str(tmp_path))
    assert [os.path.basename(f) for f in found.files] == ["a.pipe"]
    assert [(os.path.basename(r.path), r.errors[0].code) for r in found.problems] == [("gone", "PS100")]


def test_hidden_and_linked_folders_are_listed_not_silent(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.pipe").write_text(GOOD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.pipe").write_text(GOOD)
    os.symlink("sub", tmp_path / "zlink")  # the same folder again: walked once
    out = run("check", tmp_path, "--format", "json")
    doc = json.loads(out.stdout)
    assert out.returncode == 0, clean(out)
    assert [os.path.relpath(f["path"], tmp_path) for f in doc["files"]] == ["sub/a.pipe"]
    assert skipped_of(doc) == {".git": HIDDEN, "zlink": LINK_LOOP}
    text = clean(run("check", tmp_path))
    assert "skipped 2 (not errors): hidden folder 1, link to a folder already walked 1" in text


def test_skips_are_listed_in_markdown_and_html(tmp_path: Path) -> None:
    (tmp_path / "a.pipe").write_text(GOOD)
    (tmp_path / ".hidden").mkdir()
    md = clean(run("check", tmp_path, "--format", "markdown"))
    assert "## Skipped (not errors)" in md and ".hidden" in md and HIDDEN in md
    run("report", tmp_path, "--html", tmp_path / "r.html")
    assert "Skipped (not errors)" in (tmp_path / "r.html").read_text()


# --------------------------------------------------------------------------------------------------- links


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """tree/ with links in and out of it, and loops; outside/ with a credentials file and a folder."""
    outside = tmp_path / "outside"
    (outside / "more").mkdir(parents=True)
    (outside / "credentials.yaml").write_text(SECRET + "\n")
    (outside / "more" / "ext.pipe").write_text(GOOD)
    tree = tmp_path / "tree"
    (tree / "a" / "b").mkdir(parents=True)
    (tree / "a" / "good.pipe").write_text(GOOD)
    os.symlink(outside / "credentials.yaml", tree / "leak.yaml")
    os.symlink(outside / "more", tree / "extdir")
    os.symlink("../good.pipe", tree / "a" / "b" / "inside.pipe")  # stays in the tree: followed
    os.symlink("..", tree / "a" / "b" / "up")  # a loop inside the tree
    os.symlink(".", tree / "self")
    os.symlink("nowhere.pipe", tree / "broken.pipe")
    return tree


def test_links_out_of_the_tree_are_skipped_and_never_read(linked: Path) -> None:
    out = run("check", linked, "--format", "json", timeout=30)
    text = clean(out)
    assert "DO-NOT-ECHO" not in text
    doc = json.loads(text)
    assert out.returncode == 0, text
    assert sorted(os.path.relpath(f["path"], linked) for f in doc["files"]) == ["a/b/inside.pipe", "a/good.pipe"]
    assert skipped_of(doc) == {"leak.yaml": EXTERNAL_LINK, "extdir": EXTERNAL_LINK, "up": LINK_LOOP,
                               "self": LINK_LOOP, "broken.pipe": "broken link"}
    for fmt in ("text", "sarif", "markdown"):
        assert "DO-NOT-ECHO" not in clean(run("check", linked, "--format", fmt))


def test_sarif_notes_what_the_walk_skipped(linked: Path) -> None:
    sarif = json.loads(clean(run("check", linked, "--format", "sarif")))
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    seen = {n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].rsplit("/", 1)[-1]:
            n["message"]["text"] for n in notes}
    assert seen["leak.yaml"] == "skipped (not an error): " + EXTERNAL_LINK
    assert seen["broken.pipe"] == "skipped (not an error): broken link"
    assert {n["level"] for n in notes} == {"note"} and len(notes) == 5


def test_follow_external_links_follows_them_loop_safe(linked: Path) -> None:
    os.symlink(linked.parent, linked / "a" / "root")  # out of the tree and back into it: a loop once followed
    out = run("check", linked, "--follow-external-links", "--format", "json", timeout=30)
    doc = json.loads(out.stdout)
    clean(out)
    names = sorted(os.path.basename(f["path"]) for f in doc["files"])
    assert "ext.pipe" in names and "credentials.yaml" in names  # both read now, as asked
    paths = [f["path"] for f in doc["files"]]
    assert len(paths) == len(set(paths)) and len(paths) < 10  # each folder walked once: no endless loop


def test_a_folder_reached_by_a_link_is_walked_once_under_its_real_name(tmp_path: Path) -> None:
    (tmp_path / "zzz" / "deep").mkdir(parents=True)
    (tmp_path / "zzz" / "deep" / "a.pipe").write_text(GOOD)
    os.symlink("zzz", tmp_path / "aaa")  # sorts first, but the real folder is walked, the link skipped
    os.symlink("zzz/deep", tmp_path / "bbb")  # reaches a folder deeper down first: walked there, listed later
    found = walk_folder(str(tmp_path))
    assert [os.path.relpath(f, tmp_path) for f in found.files] == ["bbb/a.pipe"]
    assert {(os.path.relpath(k.path, tmp_path), k.reason) for k in found.skipped} == {
        ("aaa", LINK_LOOP), ("zzz/deep", "folder already walked through a link")}


def test_a_link_named_on_the_command_line_is_followed(linked: Path) -> None:
    out = run("check", linked / "extdir", "--format", "json")
    doc = json.loads(out.stdout)
    assert out.returncode == 0, clean(out)
    assert [os.path.basename(f["path"]) for f in doc["files"]] == ["ext.pipe"]


# ------------------------------------------------------------------------------------------------ --output


@pytest.fixture
def one(tmp_path: Path) -> Path:
    f = tmp_path / "in.pipe"
    f.write_text(GOOD)
    return f


def test_output_onto_an_input_is_refused_and_the_input_kept(one: Path) -> None:
    for target in (one, one.parent / "alias.pipe"):
        if target != one:
            os.link(one, target)  # the same file under another name
        out = run("check", one, "-o", target)
        assert out.returncode == 2
        assert f"pipespec: error: cannot write {target}: it is an input being checked" in clean(out)
        assert one.read_text() == GOOD


def test_a_report_written_into_the_checked_folder_is_skipped_next_time(tmp_path: Path) -> None:
    (tmp_path / "a.pipe").write_text(GOOD)
    assert run("check", tmp_path, "-f", "json", "-o", tmp_path / "report.json").returncode == 0
    assert run("check", tmp_path, "-f", "sarif", "-o", tmp_path / "report.sarif.json").returncode == 0
    again = run("check", tmp_path, "-f", "json")
    assert again.returncode == 0, clean(again)
    doc = json.loads(again.stdout)
    assert [os.path.basename(f["path"]) for f in doc["files"]] == ["a.pipe"]
    assert skipped_of(doc) == {"report.json": OWN_REPORT, "report.sarif.json": OWN_REPORT}


def test_a_json_pipeline_is_not_mistaken_for_a_report(tmp_path: Path) -> None:
    from pipespec.checker import is_own_report

    (tmp_path / "p.json").write_text('{"pipeline": "x", "note": "pipespec_version"}')
    assert not is_own_report(str(tmp_path / "p.json"))


@pytest.mark.parametrize("where,reason", [
    ("missing/out.txt", "no such folder"),
    ("folder", "it is a folder"),
    ("readonly.txt", "the file is read-only"),
])
def test_output_failures_are_one_line_and_exit_2(one: Path, where: str, reason: str) -> None:
    (one.parent / "folder").mkdir()
    ro = one.parent / "readonly.txt"
    ro.write_text("keep")
    ro.chmod(0o444)
    target = one.parent / where
    out = run("check", one, "-o", target)
    assert out.returncode == 2
    err = clean(out).strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"pipespec: error: cannot write {target}: {reason}"), err
    assert ro.read_text() == "keep"


def test_a_full_disk_is_cannot_write_not_a_bug(one: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    out = run("check", one, "-o", "/dev/full")
    assert out.returncode == 2
    assert "pipespec: error: cannot write /dev/full: No space left on device" in clean(out)


def test_output_through_a_symlink_keeps_the_link_mode_and_owner(one: Path) -> None:
    target = one.parent / "target.txt"
    target.write_text("old")
    target.chmod(0o640)
    if os.geteuid() == 0:
        os.chown(target, 1234, 1234)
    link = one.parent / "link.txt"
    os.symlink("target.txt", link)
    assert run("check", one, "-o", link).returncode == 0
    assert link.is_symlink() and "#5 end-to-end" in target.read_text()
    st = target.stat()
    assert stat.S_IMODE(st.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (st.st_uid, st.st_gid) == (1234, 1234)


# ------------------------------------------------------------------------------------------------ fmt --write


def test_fmt_write_carries_on_and_keeps_links_mode_and_owner(tmp_path: Path) -> None:
    names = ["a.pipe", "b.pipe", "c.pipe", "d.pipe"]
    for n in names:
        (tmp_path / n).write_text(MESSY)
    os.symlink("a.pipe", tmp_path / "link.pipe")
    os.link(tmp_path / "b.pipe", tmp_path / "hard.pipe")
    (tmp_path / "c.pipe").chmod(0o444)  # read-only: refused, and the next files are still formatted
    (tmp_path / "d.pipe").chmod(0o640)
    if os.geteuid() == 0:
        os.chown(tmp_path / "d.pipe", 1234, 1234)
    out = run("fmt", "--write", "link.pipe", "hard.pipe", "c.pipe", "missing.pipe", "d.pipe", cwd=tmp_path)
    assert out.returncode == 2
    text = clean(out)
    assert "pipespec: error: cannot write c.pipe: the file is read-only" in text
    assert "missing.pipe:1:1: PS100 no such file" in text
    canonical = run("fmt", "a.pipe", cwd=tmp_path).stdout.decode()
    assert canonical != MESSY and "flow a -> m -> o" in canonical
    assert (tmp_path / "link.pipe").is_symlink() and (tmp_path / "a.pipe").read_text() == canonical
    assert os.path.samefile(tmp_path / "b.pipe", tmp_path / "hard.pipe")
    assert (tmp_path / "b.pipe").read_text() == canonical
    assert (tmp_path / "c.pipe").read_text() == MESSY
    d = (tmp_path / "d.pipe").stat()
    assert (tmp_path / "d.pipe").read_text() == canonical and stat.S_IMODE(d.st_mode) == 0o640
    if os.geteuid() == 0:
        assert (d.st_uid, d.st_gid) == (1234, 1234)


def test_fmt_write_syncs_each_file_before_it_is_renamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [tmp_path / "a.pipe", tmp_path / "b.pipe"]
    for f in files:
        f.write_text(MESSY)
    synced: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        assert any(os.path.basename(s) == os.path.basename(src) for s in synced), "renamed before fsync"
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert main(["fmt", "--write", *map(str, files)]) == 0
    assert all("flow a -> m -> o" in f.read_text() for f in files)


# ------------------------------------------------------------------------------------------- numeric flags


@pytest.mark.parametrize("flag", ["--max-bytes", "--max-depth", "--max-nodes", "--max-stages", "--max-edges",
                                  "--max-identifier"])
@pytest.mark.parametrize("value", ["0", "-1", "-100", "x"])
def test_max_flags_take_one_or_more(flag: str, value: str, one: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(one), f"{flag}={value}"]) == 2
    err = capsys.readouterr().err
    assert "usage:" in err and flag in err and "Traceback" not in err
    assert "1 or more" in err or "whole number" in err


def test_max_flags_one_is_a_real_limit(one: Path) -> None:
    out = run("check", one, "--max-bytes", "1")
    assert out.returncode == 2 and "PS112" in clean(out)


def test_jobs_is_clamped_to_four_per_core_with_a_note(tmp_path: Path) -> None:
    from pipespec.batch import default_jobs

    for k in range(3):
        (tmp_path / f"p{k}.pipe").write_text(GOOD)
    cap = 4 * default_jobs()
    out = run("check", tmp_path, "--jobs", str(cap * 10 + 7))
    assert out.returncode == 0
    assert f"pipespec: note: --jobs {cap * 10 + 7} is more than 4 per core" in clean(out)
    assert f"using {cap}" in out.stderr.decode()
    quiet = run("check", tmp_path, "--jobs", str(cap))
    assert quiet.returncode == 0 and b"note" not in quiet.stderr


def test_jobs_clamp_reaches_the_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipespec.batch as batch

    seen: list[int | None] = []
    real = batch.check_paths

    def spy(paths: list[str], options: Options = Options(), jobs: int | None = None, progress: object = None,
            skipped: list[Skipped] | None = None, finish: object = None) -> object:
        seen.append(jobs)
        return real(paths, options, 1, None, skipped, finish)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "check_paths", spy)
    (tmp_path / "a.pipe").write_text(GOOD)
    assert main(["check", str(tmp_path), "--jobs", "100000"]) == 0
    assert seen == [4 * batch.default_jobs()]


# --------------------------------------------------------------------------------------------- the library


def test_check_paths_lists_what_it_skipped(linked: Path) -> None:
    skipped: list[Skipped] = []
    reports = check_paths([str(linked)], Options(), 1, None, skipped)
    assert len(reports) == 2 and all(not r.errors for r in reports)
    assert {os.path.basename(s.path) for s in skipped} == {"leak.yaml", "extdir", "up", "self", "broken.pipe"}


def test_walk_of_a_wide_tree_is_linear(tmp_path: Path) -> None:
    """The walk itself (stat per entry, no reads but the JSON heads): t(2n)/t(n) stays near 2."""
    def build(n: int) -> Path:
        top = tmp_path / f"w{n}"
        for k in range(n):
            d = top / f"d{k % 50}"
            d.mkdir(parents=True, exist_ok=True)
            (d / f"f{k}.pipe").write_text("x")
        return top

    small, large = build(8_000), build(16_000)
    timings = []
    for top in (small, large):
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            found = walk_folder(str(top))
            best = min(best, time.perf_counter() - t0)
        timings.append(best)
        assert len(found.files) in (8_000, 16_000)
    assert timings[1] / timings[0] <= 2.5, timings
    assert timings[1] < 10
    shutil.rmtree(small)
    shutil.rmtree(large)

