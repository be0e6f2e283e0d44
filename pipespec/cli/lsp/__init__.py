"""``pipespec lsp``: the language server (the extra ``pipespec[lsp]``: pygls and lsprotocol).

:mod:`pipespec.cli.lsp.features` knows the documents (the same check, fixes and formatter as the command line);
:mod:`pipespec.cli.lsp.server` speaks the protocol; :mod:`pipespec.cli.lsp.text` converts positions.
"""

from __future__ import annotations

import sys

from pipespec.resources import missing_extra

MISSING = f"pipespec: error: {missing_extra('`pipespec lsp`', 'lsp', None)}\n"  # both install forms, as every extra


def main(options: object = None) -> int:
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        sys.stderr.write(MISSING)
        return 2
    from pipespec.cli.lsp.server import serve

    return serve(options)
