"""The ``pipespec`` command: ``main`` parses the arguments (cli.args) and runs one sub-command (cli.commands).

Terminal concerns (colour, progress) are in cli.terminal and atomic output writing in cli.output.  Every import is
lazy or light, so that a single-file check starts fast.
"""

from __future__ import annotations

import gc
import sys
from typing import Any, TextIO, cast

from pipespec.cli.args import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, build_parser
from pipespec.render import CHECK_FORMATS

__all__ = ["CHECK_FORMATS", "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "build_parser", "console_main", "main"]


class _Stdout:
    """Standard output as the commands write it: a write that fails (a full disk, ``/dev/full``, a closed descriptor)
    is an :class:`~pipespec.cli.output.OutputError`, reported on one line with exit 2 like a failed ``--output``
    (a closed pipe stays a BrokenPipeError: ``pipespec ... | head`` is a normal end)."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def _failed(self, exc: Exception | None) -> Exception:
        from pipespec.cli.output import OutputError

        reason = "it is closed" if exc is None else (getattr(exc, "strerror", None) or str(exc) or type(exc).__name__)
        return OutputError(f"cannot write standard output: {reason}")

    def write(self, text: str) -> int:
        if self._stream is None:
            raise self._failed(None)
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:  # ValueError: the stream was closed under us
            raise self._failed(exc) from None

    def flush(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise self._failed(exc) from None

    def isatty(self) -> bool:
        return self._stream is not None and bool(self._stream.isatty())

    def __getattr__(self, name: str) -> Any:
        if self._stream is None:
            raise self._failed(None)
        return getattr(self._stream, name)


def _discard_stdout() -> None:
    """After a failed write, point descriptor 1 at the null device: the interpreter's own flush at exit would fail
    again on what is still buffered and print a second, unhelpful error."""
    import os

    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.close(null)
    except OSError:
        pass


def main(argv: list[str] | None = None) -> int:
    real = sys.stdout
    sys.stdout = cast(TextIO, _Stdout(real))
    try:
        code = _main(argv)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _discard_stdout()
        except Exception as exc:  # noqa: BLE001 - the OutputError of a failed flush
            sys.stderr.write(f"pipespec: error: {exc}\n")
            _discard_stdout()
            return EXIT_INPUT
        return code
    finally:
        sys.stdout = real


def _main(argv: list[str] | None = None) -> int:
    try:
        words = sys.argv[1:] if argv is None else argv
        command = words[0] if words and not words[0].startswith("-") else None
        args = build_parser(command).parse_args(words)
        from pipespec.cli import commands

        run = getattr(commands, "cmd_" + args.command)
        return int(run(args))
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else EXIT_INPUT
    except KeyboardInterrupt:
        sys.stderr.write("pipespec: interrupted\n")
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_OK
    except Exception as exc:  # never a traceback
        from pipespec.cli.output import OutputError
        from pipespec.errors import ConfigError

        if isinstance(exc, ConfigError):  # --config FILE: one located line
            sys.stderr.write(exc.located() + "\n")
            return EXIT_INPUT
        if isinstance(exc, OutputError):
            sys.stderr.write(f"pipespec: error: {exc}\n")
            if str(exc).startswith("cannot write standard output"):
                _discard_stdout()
            return EXIT_INPUT
        from pipespec.errors import safe_text

        sys.stderr.write(f"pipespec: internal error: {type(exc).__name__}: {safe_text(str(exc))}\n"
                         "  this is a bug; please report it with the input file\n")
        return EXIT_INPUT


START_UP_GC_THRESHOLD = 50_000


def console_main() -> int:
    """The program (the ``pipespec`` script, ``python -m pipespec``): :func:`main` on the process's arguments.

    The cyclic garbage collector runs less often (after 50,000 new objects instead of 700): start-up imports make
    tens of thousands of objects that are never garbage, and the collections they set off were about 5% of a
    one-file check (a checked text is read with the collector paused anyway, see pipespec.checker). At the end,
    every object still alive is frozen (``gc.freeze``), so that the interpreter's last full collection does not
    walk them all just before the process ends: they are the imported code and tables, freed with the process
    anyway, and that walk was about a tenth of a one-file check."""
    gc.set_threshold(START_UP_GC_THRESHOLD, *gc.get_threshold()[1:])
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(console_main())
