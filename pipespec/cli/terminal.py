"""What the command line does for a terminal: whether to colour, and a progress line for long batches."""

from __future__ import annotations

import sys
from typing import IO


def is_terminal(stream: IO[str]) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


def use_colour(stream: IO[str], force: bool | None = None) -> bool:
    """``--color``/``--no-color`` when given, else colour only on a terminal and when NO_COLOR is not set."""
    from pipespec.render.text import colour_wanted

    return colour_wanted(force, is_terminal(stream))


class TerminalProgress:
    """``checked 120/5000`` on one rewritten line of stderr, only when it is a terminal and the batch is long."""

    def __init__(self, stream: IO[str] | None = None, minimum: int = 20):
        self.stream = stream if stream is not None else sys.stderr
        self.minimum = minimum
        self.enabled = is_terminal(self.stream)
        self.shown = False
        self._last = -1

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled or total < self.minimum:
            return
        pct = done * 100 // total
        if pct == self._last and done != total:
            return
        self._last = pct
        self.stream.write(f"\rpipespec: checked {done}/{total} files ({pct}%)")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
