"""``pipespec serve``: the submission-desk page and the HTTP API, on uvicorn (the optional ``serve`` extra)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from pipespec.resources import install_hint

if TYPE_CHECKING:
    import socket


MAX_QUEUE = 100_000
MAX_TIMEOUT = 86_400.0  # a day: beyond that a "time limit" is none, and the pipe's wait would overflow


def _bounded(kind: type, what: str, minimum: float, maximum: float | None = None) -> Any:
    """An argparse type: a ``kind`` number (finite) from ``minimum`` to ``maximum``; else one clear usage error."""
    def parse(text: str) -> Any:
        try:
            value = kind(text)
        except (ValueError, OverflowError):
            raise argparse.ArgumentTypeError(f"invalid {what} {text!r}") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise argparse.ArgumentTypeError(f"invalid {what} {text!r}: give a finite number")
        if value < minimum or (maximum is not None and value > maximum):
            bound = f"from {minimum:g} to {maximum:g}" if maximum is not None else f"at least {minimum:g}"
            raise argparse.ArgumentTypeError(f"the {what} must be {bound}, not {text}")
        return value

    return parse


def workers_of(args: argparse.Namespace) -> int | None:
    """``--workers``, at most four times the cores like ``check --jobs`` (a note says when it is lowered)."""
    workers: int | None = args.workers
    if workers is None:
        return None
    from pipespec.batch import clamp_jobs

    workers, note = clamp_jobs(workers, "--workers")
    if note:
        sys.stderr.write(f"pipespec: note: {note}\n")
    return workers


def add_parser(sub: Any, with_options: bool = True) -> None:
    """Register ``serve`` on the command's subparsers (its options only if ``with_options``)."""
    s = sub.add_parser("serve", help="serve the submission-desk web page and the HTTP API",
                       description="Serve the submission-desk page (/) and the HTTP API (/api/v1/..., described "
                                   "at /openapi.json). Needs the serve extra: " + install_hint("serve") + ".")
    if not with_options:
        return
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    s.add_argument("--port", type=_bounded(int, "port", 0, 65535), default=8000, help="port (default 8000; 0: any free)")
    s.add_argument("--workers", type=_bounded(int, "worker count", 1), metavar="N",
                   help="check processes (default: the cores; at most 4 per core)")
    s.add_argument("--queue", type=_bounded(int, "queue length", 0, MAX_QUEUE), default=256, metavar="N",
                   help="requests that may wait for a worker; more get 503 (default 256, at most 100000)")
    s.add_argument("--timeout", type=_bounded(float, "timeout", 0.001, MAX_TIMEOUT), default=10.0, metavar="S",
                   help="seconds one check may take; a worker past it is replaced and the request gets 504 "
                        "(default 10, at most 86400)")


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from pipespec.cli.web.app import create_app
    except ImportError as exc:
        from pipespec.resources import missing_extra

        sys.stderr.write(f"pipespec: error: {missing_extra('`pipespec serve`', 'serve', exc.name)}\n")
        return 2
    from pipespec.errors import safe_text

    listener = _listen(args.host, args.port)
    if isinstance(listener, str):
        sys.stderr.write(f"pipespec: error: {listener}\n")
        return 2
    port = listener.getsockname()[1]  # the real one when --port 0 asked for any free port
    app = create_app(workers_of(args), args.queue, args.timeout)
    config = uvicorn.Config(app, host=args.host, port=port, log_level="warning", access_log=False,
                            lifespan="on", server_header=False)
    server = uvicorn.Server(config)
    pool = app.state.pool
    host = safe_text(args.host)
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(f"pipespec: serving on http://{shown}:{port}/ ({pool.workers} workers, queue "
                     f"{pool.queue_size}, timeout {pool.timeout:g} s); Ctrl-C stops\n")
    sys.stderr.flush()
    with listener:
        server.run(sockets=[listener])
    return 0


def _listen(host: str, port: int) -> socket.socket | str:
    """A socket listening on ``host``:``port``, or the one-line reason it cannot be had (taken, no such address,
    no permission), so that failure is a usage error before anything is started or announced."""
    import socket

    from pipespec.errors import safe_text

    where = f"{safe_text(host)}:{port}"
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except (OSError, UnicodeError) as exc:
        return f"cannot listen on {where}: {safe_text(_reason(exc))}"
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
        sock.set_inheritable(True)
    except OSError as exc:
        sock.close()
        return f"cannot listen on {where}: {safe_text(_reason(exc))}"
    return sock


def _reason(exc: OSError | UnicodeError) -> str:
    """``[Errno 98] Address already in use`` as ``address already in use``."""
    strerror = getattr(exc, "strerror", None)
    return str(strerror).lower() if strerror else (str(exc) or type(exc).__name__)
