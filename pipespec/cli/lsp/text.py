"""Positions between pipespec and an editor.

pipespec locates everything by 1-based lines counted at ``\\n`` and 1-based columns in code points; the Language
Server Protocol counts 0-based lines broken at ``\\r\\n``, ``\\r`` or ``\\n`` and characters in the position encoding
the client and server agreed on (UTF-16 unless both say otherwise). :class:`Text` converts both ways through
offsets into the document, so characters outside the Basic Multilingual Plane and old Mac line endings land where
the editor shows them.
"""

# Annotations are evaluated (no `from __future__ import annotations`): named tuples read theirs when the class
# is made, and a string annotation costs a compile each at every start-up.
import bisect
import re
from typing import NamedTuple

_LSP_BREAK = re.compile(r"\r\n|\r|\n")


class Position(NamedTuple):
    line: int  # 0-based
    character: int  # in the negotiated encoding's code units


class Text:
    """One document's text with the line tables of both conventions."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.text = text
        self.encoding = encoding.lower().replace("-", "")
        self._nl = [0] + [m.end() for m in re.finditer("\n", text)]  # pipespec's lines
        self._lsp = [0] + [m.end() for m in _LSP_BREAK.finditer(text)]  # the editor's lines
        self._lsp_ends = [m.start() for m in _LSP_BREAK.finditer(text)] + [len(text)]

    # pipespec <-> offset
    def offset_of(self, line: int, column: int) -> int:
        """The offset of pipespec's (line, column), clamped to the text."""
        if line < 1:
            return 0
        if line > len(self._nl):
            return len(self.text)
        start = self._nl[line - 1]
        end = self._nl[line] - 1 if line < len(self._nl) else len(self.text)
        return min(start + max(column, 1) - 1, end)

    def line_column(self, offset: int) -> tuple[int, int]:
        """pipespec's (line, column) of an offset."""
        i = bisect.bisect_right(self._nl, offset) - 1
        return i + 1, offset - self._nl[i] + 1

    # editor <-> offset
    def _units(self, s: str) -> int:
        if self.encoding == "utf32":
            return len(s)
        if self.encoding == "utf8":
            return len(s.encode("utf-8", "surrogatepass"))
        return len(s) + sum(1 for c in s if ord(c) > 0xFFFF)

    def position(self, offset: int) -> Position:
        """The editor's position of an offset."""
        offset = max(0, min(offset, len(self.text)))
        i = bisect.bisect_right(self._lsp, offset) - 1
        start = self._lsp[i]
        offset = min(offset, self._lsp_ends[i])  # never inside a line break
        return Position(i, self._units(self.text[start:offset]))

    def offset(self, position: Position | tuple[int, int]) -> int:
        """The offset of an editor's position (a character past the line's end means its end)."""
        line, character = position
        if line < 0:
            return 0
        if line >= len(self._lsp):
            return len(self.text)
        start, end = self._lsp[line], self._lsp_ends[line]
        if self.encoding == "utf32":
            return min(start + character, end)
        units = 0
        pos = start
        while pos < end and units < character:
            units += self._units(self.text[pos])
            pos += 1
        return pos

    def lsp_line(self, line: int) -> str:
        """The editor's line ``line`` (0-based), without its break."""
        return self.text[self._lsp[line]:self._lsp_ends[line]] if 0 <= line < len(self._lsp) else ""
