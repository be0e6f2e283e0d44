"""Build hook: generate the DSL parser at build time (the project metadata is in pyproject.toml).

``build_py`` writes ``pipespec/data/grammar/pipespec_parser.py`` into the build: lark's stand-alone LALR parser
for grammar/pipespec.lark, with the parse tables precomputed; and beside it ``pipespec_spec.py``, what pipespec's
own lexer reads of that parser (``FAST_SPEC``: the terminals in lexing order and their analyses, the table, how
each rule is called; see pipespec.language.lexer.spec_of).  A check then neither imports lark nor rebuilds the
grammar at start-up, and a valid text is parsed without even loading the stand-alone parser, which is imported
for syntax errors only (see docs/benchmarks.md).  The files are generated, never committed; each records the CRC-32
of the grammar it was made from, and pipespec.language.dsl ignores them (building the parser with lark in-process,
as in a source checkout) when the grammar beside them differs.
"""

from __future__ import annotations

import io
import os
import sys
import zlib

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
GRAMMAR = os.path.join(HERE, "grammar", "pipespec.lark")
MODULE = "pipespec_parser.py"
SPEC = "pipespec_spec.py"  # what pipespec's lexer reads of the parser: valid texts are parsed without MODULE


# Start-up trims of the generated module: lark's stand-alone code imports logging (for debug messages of grammar
# compilation) and pickle/zlib/base64 (for its cache and compressed tables), none of which a loaded parser uses.
# Applied only if every line is found exactly once; otherwise the module is written as lark generated it.
_NULL_LOGGER = """
class _NullLogger:  # pipespec: no logging import at start-up (the loaded parser logs nothing)
    def __getattr__(self, name):
        return lambda *args, **kwargs: None

"""
_TRIMS = [
    ("import logging\n", ""),
    ('logger: logging.Logger = logging.getLogger("lark")\nlogger.addHandler(logging.StreamHandler())\n',
     _NULL_LOGGER + "logger = _NullLogger()\n"),
    ("logger.setLevel(logging.CRITICAL)\n", ""),
    ("import pickle, zlib, base64\n", ""),
]


def _trim(code: str) -> str:
    if not all(code.count(old) == 1 for old, _ in _TRIMS):
        return code
    for old, new in _TRIMS:
        code = code.replace(old, new)
    return code


def generate_parser(target_dir: str) -> str:
    """Write the stand-alone parser module into ``target_dir``; returns its path."""
    import lark
    from lark import Lark
    from lark.tools.standalone import gen_standalone

    sys.path.insert(0, HERE)
    try:
        from pipespec.language.dsl import LARK_OPTIONS  # the same options as the in-process fallback
        from pipespec.language.lexer import FastParser
    finally:
        sys.path.remove(HERE)
    with open(GRAMMAR, "rb") as fh:
        grammar = fh.read()
    buf = io.StringIO()
    parser = Lark(grammar.decode("utf-8"), **LARK_OPTIONS)
    gen_standalone(parser, out=buf)
    spec = FastParser.spec_of_parser(parser, lark)
    os.makedirs(target_dir, exist_ok=True)
    path = os.path.join(target_dir, MODULE)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# Generated at build time by pipespec's setup.py from grammar/pipespec.lark: do not edit or commit.\n")
        fh.write(f"GRAMMAR_CRC32 = {zlib.crc32(grammar)}\n")
        fh.write(_trim(buf.getvalue()))
    with open(os.path.join(target_dir, SPEC), "w", encoding="utf-8") as fh:
        fh.write("# Generated at build time by pipespec's setup.py from grammar/pipespec.lark: do not edit or commit.\n")
        fh.write("# What pipespec.language.lexer reads of the parser in pipespec_parser.py (its spec_of).\n")
        fh.write(f"GRAMMAR_CRC32 = {zlib.crc32(grammar)}\n")
        fh.write(f"FAST_SPEC = {spec!r}\n")
    return path


class BuildPyWithParser(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):  # an editable install builds the parser in-process
            return
        target = os.path.join(self.build_lib, "pipespec", "data", "grammar")
        try:
            self.generated = [generate_parser(target), os.path.join(target, SPEC)]
        except ImportError as exc:  # e.g. --no-build-isolation without lark: correct, only slower to start
            for name in (MODULE, SPEC):  # from an earlier build in the same build/ directory
                stale = os.path.join(target, name)
                if os.path.exists(stale):
                    os.remove(stale)
            self.warn(f"pipespec: DSL parser not generated ({exc}); it will be built from the grammar at run time")

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        return [*super().get_outputs(include_bytecode), *getattr(self, "generated", [])]


if __name__ == "__main__":  # as setuptools runs it (tests load the functions above without building)
    setup(cmdclass={"build_py": BuildPyWithParser})
