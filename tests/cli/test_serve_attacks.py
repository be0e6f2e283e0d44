"""A real ``pipespec serve`` on loopback under the attacks of idle and slow clients, in bounded numbers: 3,000
connections that never finish their headers, 300 clients that stop after 1 MB of a declared 1.1 MB body, and 40
clients that never read their answers.  Each attack must be closed within the read timeout and a margin, the
server's resident memory (the server and its worker processes together) must stay under 500 MB throughout, and
/healthz must keep answering.  The server runs with a short --read-timeout so that the run stays short; the
default (10 s) is checked in test_serve_args."""

from __future__ import annotations

import json
import os
import resource
import socket
import threading
import time
from collections.abc import Iterator

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from .test_serve_load import Server  # noqa: E402

READ_TIMEOUT = 4.0
MARGIN = 8.0  # seconds past the read timeout by which every attacking connection must be closed
MEMORY = 500 << 20


def _rss(pid: int) -> int:
    """Resident bytes of ``pid`` and every process below it (the check workers)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return total


class Watch:
    """While an attack runs: the server's memory (peak) and /healthz (status and seconds of each poll)."""

    def __init__(self, server: Server):
        self.server = server
        self.peak = 0
        self.health: list[tuple[int | str, float]] = []
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._memory), threading.Thread(target=self._healthz)]

    def __enter__(self) -> Watch:
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for t in self._threads:
            t.join(30)

    def _memory(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _rss(self.server.proc.pid))
            time.sleep(0.1)

    def _healthz(self) -> None:
        while not self._stop.is_set():
            t0 = time.monotonic()
            self.health.append((healthz(self.server.port), time.monotonic() - t0))
            time.sleep(0.25)


def healthz(port: int, timeout: float = 5.0) -> int | str:
    """The status of GET /healthz, or why there was none ("closed": refused at the connection cap)."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
            head = s.recv(64)
            return int(head.split()[1]) if head.startswith(b"HTTP/1.1 ") else "closed"
    except (TimeoutError, ConnectionError) as exc:
        return "timeout" if isinstance(exc, TimeoutError) else "closed"


def closed(sock: socket.socket) -> bool:
    """Whether the server has closed ``sock`` (reads the answer it may have sent first; never blocks)."""
    sock.setblocking(False)
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                return True
    except BlockingIOError:
        return False
    except OSError:
        return True


def wait_closed(socks: list[socket.socket], deadline: float) -> list[socket.socket]:
    """Poll until every socket is closed by the server or ``deadline`` passes; the ones still open."""
    open_ = list(socks)
    while open_ and time.monotonic() < deadline:
        open_ = [s for s in open_ if not closed(s)]
        time.sleep(0.2)
    return open_


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 4000:  # this test holds 3,000 sockets itself
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 8192), hard))
    s = Server("--workers", "2", "--read-timeout", str(READ_TIMEOUT), "--no-access-log")
    try:
        yield s
    finally:
        err = s.stop()
        assert "Traceback" not in err, err[-3000:]


def _connect(port: int) -> socket.socket | None:
    try:
        return socket.create_connection(("127.0.0.1", port), timeout=10)
    except OSError:
        return None


def test_3000_idle_half_sent_requests(server: Server) -> None:
    """Connections that never finish their headers: at most --max-connections (1000) are held, the rest are
    refused at once, and every one is closed by the read timeout; /healthz answers at once throughout (503 or
    closed while the slots are full, 200 again as soon as the attack is timed out)."""
    with Watch(server) as watch:
        start = time.monotonic()
        socks = [s for s in (_connect(server.port) for _ in range(3000)) if s is not None]
        for s in socks:
            try:
                s.sendall(b"POST /api/v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n")
            except OSError:
                pass
        left = wait_closed(socks, start + READ_TIMEOUT + MARGIN)
        for s in socks:
            s.close()
        assert left == [], f"{len(left)} of {len(socks)} idle connections still open"
        time.sleep(0.5)
    assert watch.peak < MEMORY, watch.peak
    assert all(seconds < 3 for _, seconds in watch.health), watch.health  # never hung
    assert healthz(server.port) == 200
    doc = _health_doc(server.port)
    # each was refused at the cap or timed out (a slow machine may free early slots before the last connects)
    assert doc["connections"]["refused"] > 0
    assert doc["connections"]["refused"] + doc["connections"]["timed_out"] >= 2900


def test_300_stalled_one_megabyte_bodies(server: Server) -> None:
    """Clients that send 1 MB of a declared 1.1 MB body and stop: the bytes held for them stay within the
    buffer bound (the clients past it get 503 at once), every one is closed by the read timeout, and memory
    stays bounded."""
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
            b"Content-Length: 1100000\r\n\r\n")
    chunk = b'{"text": "' + b"#" * (1_000_000 - 10)
    socks: list[socket.socket] = []
    with Watch(server) as watch:
        start = time.monotonic()

        def attack(n: int) -> None:
            for _ in range(n):
                s = _connect(server.port)
                if s is None:
                    continue
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                socks.append(s)
                try:
                    s.sendall(head + chunk)
                except OSError:
                    pass  # refused at the buffer bound: the server closed it

        threads = [threading.Thread(target=attack, args=(30,)) for _ in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        doc = _health_doc(server.port)
        assert doc["connections"]["buffered_bytes"] <= (64 << 20) + (1 << 20)
        left = wait_closed(socks, start + READ_TIMEOUT + MARGIN + 10)  # + sending 300 MB
        for s in socks:
            s.close()
        assert left == [], f"{len(left)} of {len(socks)} stalled uploads still open"
        time.sleep(0.5)
    assert len(socks) == 300
    assert watch.peak < MEMORY, watch.peak
    assert all(status == 200 and seconds < 3 for status, seconds in watch.health), watch.health
    assert _health_doc(server.port)["connections"]["buffered_bytes"] == 0


def test_40_clients_that_never_read_their_answers(server: Server) -> None:
    """Each client sends many requests at once (pipelined) and reads nothing: the server stops writing when the
    client's window is full, and cuts it off after the read timeout with nothing read; memory stays bounded."""
    request = b"GET /openapi.json HTTP/1.1\r\nHost: t\r\n\r\n" * 2000
    socks: list[socket.socket] = []
    with Watch(server) as watch:
        start = time.monotonic()
        for _ in range(40):
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            s.connect(("127.0.0.1", server.port))
            s.settimeout(5)
            try:
                s.sendall(request)
            except OSError:
                pass
            socks.append(s)
        time.sleep(READ_TIMEOUT + MARGIN)
        alive = 0
        for s in socks:
            s.setblocking(False)
            try:  # the server aborted the connection: a read ends in a reset, or in end of data after its bytes
                while s.recv(1 << 20):
                    pass
            except BlockingIOError:
                alive += 1
            except OSError:
                pass
            s.close()
        assert time.monotonic() - start < READ_TIMEOUT + MARGIN + 5
    assert alive == 0, f"{alive} of 40 clients that read nothing are still served"
    assert watch.peak < MEMORY, watch.peak
    assert all(status == 200 and seconds < 3 for status, seconds in watch.health), watch.health


def _health_doc(port: int) -> dict:  # type: ignore[type-arg]
    import urllib.request

    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as resp:
        return json.loads(resp.read())  # type: ignore[no-any-return]


