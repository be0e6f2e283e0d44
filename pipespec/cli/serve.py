"""``pipespec serve``: the submission-desk page and the HTTP API, on uvicorn (the optional ``serve`` extra)."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def _positive(kind: type, what: str, minimum: float) -> Any:
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid {what} {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"the {what} must be at least {minimum:g}")
        return value

    return parse


def add_parser(sub: Any, with_options: bool = True) -> None:
    """Register ``serve`` on the command's subparsers (its options only if ``with_options``)."""
    s = sub.add_parser("serve", help="serve the submission-desk web page and the HTTP API",
                       description="Serve the submission-desk page (/) and the HTTP API (/api/v1/..., described "
                                   "at /openapi.json). Needs the serve extra: pip install 'pipespec[serve]'.")
    if not with_options:
        return
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=_positive(int, "port", 0), default=8000, help="port (default 8000; 0: any free)")
    s.add_argument("--workers", type=_positive(int, "worker count", 1), metavar="N",
                   help="check processes (default: the cores)")
    s.add_argument("--queue", type=_positive(int, "queue length", 0), default=256, metavar="N",
                   help="requests that may wait for a worker; more get 503 (default 256)")
    s.add_argument("--timeout", type=_positive(float, "timeout", 0.001), default=10.0, metavar="S",
                   help="seconds one check may take; a worker past it is replaced and the request gets 504 "
                        "(default 10)")


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from pipespec.cli.web.app import create_app
    except ImportError as exc:
        sys.stderr.write(f"pipespec: error: `pipespec serve` needs the serve extra ({exc.name} is missing): "
                         "pip install 'pipespec[serve]'\n")
        return 2
    app = create_app(args.workers, args.queue, args.timeout)
    config = uvicorn.Config(app, host=args.host, port=args.port, log_level="warning", access_log=False,
                            lifespan="on", server_header=False)
    server = uvicorn.Server(config)
    pool = app.state.pool
    sys.stderr.write(f"pipespec: serving on http://{args.host}:{args.port}/ ({pool.workers} workers, queue "
                     f"{pool.queue_size}, timeout {pool.timeout:g} s); Ctrl-C stops\n")
    sys.stderr.flush()
    server.run()
    return 0
