"""The ``pipespec`` command: ``main`` parses the arguments (cli.args) and runs one sub-command (cli.commands).

Terminal concerns (colour, progress) are in cli.terminal and atomic output writing in cli.output.  Every import is
lazy or light, so that a single-file check starts fast.
"""

from __future__ import annotations

import gc
import sys

from pipespec.cli.args import EXIT_FINDINGS, EXIT_INPUT, EXIT_OK, build_parser
from pipespec.render import CHECK_FORMATS

__all__ = ["CHECK_FORMATS", "EXIT_FINDINGS", "EXIT_INPUT", "EXIT_OK", "build_parser", "console_main", "main"]


def main(argv: list[str] | None = None) -> int:
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
        return EXIT_OK
    except Exception as exc:  # never a traceback
        from pipespec.cli.output import OutputError
        from pipespec.errors import ConfigError

        if isinstance(exc, ConfigError):  # --config FILE: one located line
            sys.stderr.write(exc.located() + "\n")
            return EXIT_INPUT
        if isinstance(exc, OutputError):
            sys.stderr.write(f"pipespec: error: {exc}\n")
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
