"""uvicorn's HTTP/1.1 protocol (h11) with the limits a public server needs against idle and slow clients.

uvicorn starts no timer on a new connection, and its ``limit_concurrency`` answers 503 per request but never caps
connections, so clients that open a connection and send nothing (or half a request, or a body byte by byte) keep
a file descriptor and their buffered bytes for as long as they like.  :func:`guarded_protocol` makes a protocol
class that adds, per server:

- a read timeout: a request whose headers and body are not complete within ``read_timeout`` seconds of its first
  byte (or of the connection, for the first request) gets ``408`` and is closed; a body that keeps arriving at
  :data:`MIN_RATE` or faster earns one more second per ``MIN_RATE`` bytes (up to :data:`MAX_UPLOAD_SECONDS` in
  all), so a large document uploads over a slow line while a client that trickles bytes gains nothing;
- a connection cap: connection ``max_connections + 1`` is answered ``503`` at once and closed;
- a bound on the bytes buffered for unfinished requests, all connections together: a request whose bytes would
  pass it gets ``503`` and is closed (its bytes are released); the first 16 KiB of a request are not counted, so
  that small requests (/healthz) get through while large uploads are refused;
- a write timeout: a client that reads nothing of its answer for ``read_timeout`` seconds is cut off (the answer
  buffered for it is dropped);
- protocol-level errors (a malformed request line or header) answered with the API's JSON error;
- an access log line for each of these answers, in the form of the application's (see pipespec.cli.web.app).

Every answer here is the API's JSON error ``{"error": {"code", "message"}}`` with ``Connection: close``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

ACCESS = logging.getLogger("pipespec.serve.access")
LOG = logging.getLogger("pipespec.serve")

FREE_BYTES = 16 * 1024  # of each request, not counted against the bound on bytes buffered (see data_received)
MIN_RATE = 64 * 1024  # bytes of body a second that earn a second more than the read timeout
MAX_UPLOAD_SECONDS = 300.0  # the longest any request may take to arrive, however fast its body keeps coming
_REASONS = {400: b"Bad Request", 408: b"Request Timeout", 503: b"Service Unavailable"}


@dataclass
class Limits:
    """The server's limits, and the bytes buffered now for unfinished requests (shared by every connection)."""

    read_timeout: float = 10.0
    max_connections: int = 1000
    max_buffered: int = 64 << 20
    buffered: int = 0  # bytes received for requests not yet complete, all connections together
    refused: int = 0  # connections answered 503 for the cap (a count for /healthz and the tests)
    timed_out: int = 0  # requests closed for the read or the write timeout


def error_bytes(status: int, code: str, message: str) -> bytes:
    """A whole HTTP/1.1 response: the JSON error, ``Connection: close``."""
    body = (json.dumps({"error": {"code": code, "message": message}}, indent=2) + "\n").encode()
    head = (b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n"
            b"x-content-type-options: nosniff\r\n\r\n" % (status, _REASONS[status], len(body)))
    return head + body


def guarded_protocol(limits: Limits) -> type[H11Protocol]:
    """An :class:`H11Protocol` subclass bound to ``limits`` (uvicorn's ``Config(http=...)`` takes a class)."""

    class GuardedH11Protocol(H11Protocol):
        _refused = False
        _read_timer: asyncio.TimerHandle | None = None
        _write_timer: asyncio.TimerHandle | None = None
        _pending = 0  # this connection's bytes counted in limits.buffered
        _seen = 0  # bytes of the request under way received so far
        _started = 0.0  # when the read timer of the request under way started (loop time)

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            if len(self.connections) >= limits.max_connections:
                # refused before uvicorn counts it: nothing else of this protocol runs
                self._refused = True
                self.transport = transport
                limits.refused += 1
                try:
                    transport.write(error_bytes(503, "too-many-connections",
                                                f"the server has {limits.max_connections} open connections, its "
                                                "limit; retry later"))
                finally:
                    transport.close()
                return
            super().connection_made(transport)
            self._start_read_timer()

        def connection_lost(self, exc: Exception | None) -> None:
            if self._refused:
                return
            self._cancel(read=True, write=True)
            self._release()
            super().connection_lost(exc)

        # -- reading ----------------------------------------------------------------------------------------
        def data_received(self, data: bytes) -> None:
            if self._read_timer is None and self._incomplete():
                self._start_read_timer()  # the first byte of the next request on a kept-alive connection
            if self._incomplete():
                # the first FREE_BYTES of a request are not counted: a small request (/healthz, a short check)
                # always gets through; h11 bounds each connection's unfinished headers anyway
                self._seen += len(data)
                counted = max(0, self._seen - FREE_BYTES) - self._pending
                if counted and limits.buffered + counted > limits.max_buffered:
                    self._answer(503, "busy", "the server holds too many unfinished requests; retry later")
                    return
                self._pending += counted
                limits.buffered += counted
            super().data_received(data)
            if not self._incomplete():
                self._cancel(read=True)
                self._release()

        def _incomplete(self) -> bool:
            """Whether the client is still sending a request (or about to start one)."""
            return self.conn.their_state in (h11.IDLE, h11.SEND_BODY) and not self.transport.is_closing()

        def _release(self) -> None:
            limits.buffered -= self._pending
            self._pending = self._seen = 0

        def _start_read_timer(self) -> None:
            self._started = self.loop.time()
            self._read_timer = self.loop.call_later(limits.read_timeout, self._read_timed_out)

        def _deadline(self) -> float:
            """When the request under way must be complete: the read timeout, plus a second for every MIN_RATE
            bytes received (a body arriving at that rate or faster is never cut off before MAX_UPLOAD_SECONDS)."""
            earned = min(self._seen / MIN_RATE, MAX_UPLOAD_SECONDS - limits.read_timeout)
            return self._started + limits.read_timeout + max(0.0, earned)

        def _read_timed_out(self) -> None:
            self._read_timer = None
            if self.transport.is_closing():
                return
            left = self._deadline() - self.loop.time()
            if left > 0.01 and self._incomplete():  # a body still arriving fast enough: wait for it
                self._read_timer = self.loop.call_later(left, self._read_timed_out)
                return
            limits.timed_out += 1
            if self.cycle is not None and self.cycle.response_started and not self.cycle.response_complete:
                self.transport.close()  # answered early (a 413): the rest of the body is not awaited
                return
            self._answer(408, "timeout", f"the request was not complete within {limits.read_timeout:g} s")

        # -- writing ----------------------------------------------------------------------------------------
        def pause_writing(self) -> None:
            super().pause_writing()
            if self._write_timer is None:
                self._write_timer = self.loop.call_later(limits.read_timeout, self._write_timed_out)

        def resume_writing(self) -> None:
            super().resume_writing()
            self._cancel(write=True)

        def _write_timed_out(self) -> None:
            self._write_timer = None
            limits.timed_out += 1
            _log(self.client, "-", "-", 0, "client read nothing of its answer in time: cut off")
            self.transport.abort()  # drops the answer buffered for it

        # -- answers of the protocol ------------------------------------------------------------------------
        def send_400_response(self, msg: str) -> None:
            self._answer(400, "bad-request", "malformed HTTP request (its request line or a header)")

        def _answer(self, status: int, code: str, message: str) -> None:
            self._cancel(read=True, write=True)
            self._release()
            if self.transport.is_closing():
                return
            method, path = self._request_line()
            _log(self.client, method, path, status, message)
            self.transport.write(error_bytes(status, code, message))
            self.transport.close()

        def _request_line(self) -> tuple[str, str]:
            scope: Any = self.scope
            if scope and self.cycle is not None and not self.cycle.response_complete:
                return str(scope.get("method", "-")), str(scope.get("path", "-"))
            return "-", "-"

        def _cancel(self, read: bool = False, write: bool = False) -> None:
            if read and self._read_timer is not None:
                self._read_timer.cancel()
                self._read_timer = None
            if write and self._write_timer is not None:
                self._write_timer.cancel()
                self._write_timer = None

    return GuardedH11Protocol


def _log(client: Any, method: str, path: str, status: int, note: str) -> None:
    if ACCESS.isEnabledFor(logging.INFO):
        from pipespec.cli.web.app import access_line

        ACCESS.info("%s (%s)", access_line(client, method, path, "1.1", status, None), note)
