"""Safe output writing: a regular file is replaced atomically (temp file, fsync, rename) or not at all.

What is at the output path decides how it is written:

- nothing, or a regular file: a temporary file beside it is written, flushed to disk and renamed over it; the
  replaced file's mode and owner are kept (when the owner cannot be kept, the file is rewritten in place instead);
- a symbolic link: its target is written (the link stays a link);
- a regular file with other hard links: rewritten in place, so that every name still shows the same file;
- a device or a pipe (``/dev/null``, ``/dev/stdout``, a FIFO): written through, never replaced;
- a folder, a read-only file, one of the inputs being checked: refused.

Every failure is an :class:`OutputError` whose message is ``cannot write PATH: reason``.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from typing import IO

from pipespec.errors import display_path


class OutputError(Exception):
    """The output could not be written (the command line reports it on one line and exits with 2)."""


def write_output(text: str, output: str | None, stream: IO[str], inputs: Iterable[str] = ()) -> None:
    """Write ``text`` to the ``output`` path (see the module docstring), or to ``stream`` when there is none.

    ``inputs`` are the files being read: writing over one of them is refused.
    """
    if not output:
        stream.write(text)
        return
    try:
        _write(text, output, inputs)
    except OSError as exc:
        folder = os.path.dirname(os.path.abspath(output))
        reason = (f"no such folder {display_path(folder)}" if isinstance(exc, FileNotFoundError)
                  and not os.path.isdir(folder) else exc.strerror or str(exc))
        raise OutputError(f"cannot write {display_path(output)}: {reason}") from None


def _refuse(output: str, why: str) -> OutputError:
    return OutputError(f"cannot write {display_path(output)}: {why}")


def _write(text: str, output: str, inputs: Iterable[str]) -> None:
    data = text.encode("utf-8", "backslashreplace")  # always valid UTF-8, whatever slipped into the text
    try:
        st: os.stat_result | None = os.stat(output)
    except FileNotFoundError:
        st = None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise _refuse(output, "it is a folder")
        for path in inputs:
            try:
                if os.path.samestat(st, os.stat(path)):
                    raise _refuse(output, f"it is an input being checked ({display_path(path)})")
            except OSError:
                continue
        if not stat.S_ISREG(st.st_mode):  # a device or a pipe: write through, never replace it
            with open(output, "wb") as fh:
                fh.write(data)
            return
        if not st.st_mode & 0o222:
            raise _refuse(output, "the file is read-only")
    target = os.path.realpath(output) if os.path.islink(output) else output  # a link stays a link
    if st is not None and st.st_nlink > 1:
        _write_in_place(data, target)
        return
    _replace(data, target, st)


def _write_in_place(data: bytes, target: str) -> None:
    with open(target, "r+b") as fh:
        fh.write(data)
        fh.truncate()
        fh.flush()
        os.fsync(fh.fileno())


def _replace(data: bytes, target: str, st: os.stat_result | None) -> None:
    import tempfile

    directory = os.path.dirname(os.path.abspath(target))
    fd, tmp = tempfile.mkstemp(prefix=".pipespec-", dir=directory)
    try:
        if st is not None:
            mode = st.st_mode & 0o7777
            if (st.st_uid, st.st_gid) != _owner(fd):
                try:
                    os.fchown(fd, st.st_uid, st.st_gid)
                except OSError:  # not allowed to give the new file the old owner: keep the file, rewrite it
                    os.close(fd)
                    fd = -1
                    os.unlink(tmp)
                    _write_in_place(data, target)
                    return
        else:  # a new file gets the usual mode (mkstemp makes it 0600)
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            fd = -1
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        if fd >= 0:
            os.close(fd)
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    _sync_folder(directory)


def _owner(fd: int) -> tuple[int, int]:
    st = os.fstat(fd)
    return st.st_uid, st.st_gid


def _sync_folder(directory: str) -> None:
    """Make the rename itself durable (where the platform can open a folder)."""
    try:
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
