"""Safe output writing: a file is replaced atomically (temp file + rename) or not at all."""

from __future__ import annotations

import os
from typing import IO


def write_output(text: str, output: str | None, stream: IO[str]) -> None:
    """Write to the output path atomically (temp file + rename), or to the stream."""
    if not output:
        stream.write(text)
        return
    import tempfile

    directory = os.path.dirname(os.path.abspath(output))
    fd, tmp = tempfile.mkstemp(prefix=".pipespec-", dir=directory)
    try:
        try:  # keep the mode of the file replaced, or give a new one the usual mode (mkstemp makes it 0600)
            mode = os.stat(output).st_mode & 0o7777
        except OSError:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, output)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
