"""``pipespec serve``: the submission-desk page and the HTTP API, on uvicorn (the optional ``serve`` extra)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING, Any

from pipespec.resources import install_hint

if TYPE_CHECKING:
    import socket


MAX_QUEUE = 100_000
LOG_LEVELS = ("critical", "error", "warning", "info", "debug")
FD_RESERVE = 64  # descriptors kept for the listener, the workers' pipes, logs and the files the server opens
MAX_TIMEOUT = 86_400.0  # a day: beyond that a "time limit" is none, and the pipe's wait would overflow
MAX_DOCUMENT = 20 << 20  # the largest document pipespec draft reads


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
            bound = f"from {_shown(kind, minimum)} to {_shown(kind, maximum)}" if maximum is not None else \
                f"at least {_shown(kind, minimum)}"
            raise argparse.ArgumentTypeError(f"the {what} must be {bound}, not {text}")
        return value

    return parse


def _shown(kind: type, value: float) -> str:
    """A bound as its option takes it: ``20971520`` for an integer option, not ``2.09715e+07``."""
    return str(int(value)) if kind is int else f"{value:g}"


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
    from pipespec.resources import SERVE_HELP

    s = sub.add_parser("serve", help=SERVE_HELP,
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
    s.add_argument("--max-document-bytes", type=_bounded(int, "document size limit", 1, MAX_DOCUMENT),
                   default=MAX_DOCUMENT, metavar="N",
                   help="bytes of a document (DOCX, JATS, PDF) sent to /api/v1/draft; more get 413 (default and "
                        f"most {MAX_DOCUMENT} = 20 MiB)")
    s.add_argument("--draft-timeout", type=_bounded(float, "draft timeout", 0.001, MAX_TIMEOUT), default=60.0,
                   metavar="S", help="seconds one draft (reading the document, drafting, checking the draft) may "
                                     "take; past it the worker is replaced and the request gets 504 (default 60)")
    s.add_argument("--read-timeout", type=_bounded(float, "read timeout", 0.1, MAX_TIMEOUT), default=10.0,
                   metavar="S", help="seconds a client has to send a whole request (headers and body) and to "
                                     "start reading its answer; past it the connection is closed (default 10)")
    s.add_argument("--max-connections", type=_bounded(int, "connection limit", 1, 1_000_000), default=1000,
                   metavar="N", help="connections open at once; one more is answered 503 and closed (default "
                                     "1000, lowered below the open-files limit)")
    s.add_argument("--max-buffered", type=_bounded(int, "buffer limit", 1, 1 << 20), default=64, metavar="MIB",
                   help="MiB held for requests still arriving, all clients together; a request past it gets 503 "
                        "(default 64)")
    s.add_argument("--log-level", choices=LOG_LEVELS, default="info",
                   help="least severity logged on stderr (default info: one access-log line per request)")
    s.add_argument("--access-log", action=argparse.BooleanOptionalAction, default=True,
                   help="log each request: client, method, path, status, duration; never its body (default on)")


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from pipespec.cli.web.app import create_app
        from pipespec.cli.web.protocol import Limits, guarded_protocol
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
    workers = workers_of(args)
    max_connections = _connection_limit(args.max_connections, workers or os.cpu_count() or 1)
    limits = Limits(read_timeout=args.read_timeout, max_connections=max_connections,
                    max_buffered=args.max_buffered << 20)
    _configure_logging(args.log_level, args.access_log)
    app = create_app(workers, args.queue, args.timeout, limits=limits, max_document=args.max_document_bytes,
                     draft_timeout=args.draft_timeout)
    config = uvicorn.Config(app, host=args.host, port=port, log_level=args.log_level, access_log=False,
                            log_config=None, lifespan="on", server_header=False, http=guarded_protocol(limits),
                            timeout_keep_alive=min(5, max(1, round(args.read_timeout))))
    server = uvicorn.Server(config)
    pool = app.state.pool
    host = safe_text(args.host)
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(f"pipespec: serving on http://{shown}:{port}/ ({pool.workers} workers, queue "
                     f"{pool.queue_size}, timeout {pool.timeout:g} s, read timeout {args.read_timeout:g} s, "
                     f"{max_connections} connections); Ctrl-C stops\n")
    sys.stderr.flush()
    with listener:
        server.run(sockets=[listener])
    return 0


def _connection_limit(wanted: int, workers: int) -> int:
    """``wanted``, lowered below the process's open-files limit (raised first up to its hard limit where it may
    be): past that limit the server could not accept the next connection, not even /healthz's."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not POSIX
        return wanted
    need = wanted + FD_RESERVE + 4 * workers
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    if soft == resource.RLIM_INFINITY or soft >= need:
        return wanted
    lowered = max(1, soft - FD_RESERVE - 4 * workers)
    sys.stderr.write(f"pipespec: note: --max-connections lowered from {wanted} to {lowered}, below the open-files "
                     f"limit ({soft}; raise it with ulimit -n)\n")
    return lowered


def _configure_logging(level: str, access_log: bool) -> None:
    """Log lines on stderr, each with its UTC time: uvicorn's own at ``level``, the access log at INFO when on."""
    import logging

    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%SZ")
    formatter.converter = __import__("time").gmtime
    handler.setFormatter(formatter)
    for name in ("uvicorn", "pipespec.serve"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.setLevel(level.upper())
        logger.propagate = False
    logging.getLogger("pipespec.serve.access").disabled = not access_log


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
