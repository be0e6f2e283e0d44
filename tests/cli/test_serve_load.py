"""A real ``pipespec serve`` process on loopback: 300 mixed requests from 50 concurrent clients all answered
correctly with /healthz answering throughout, and an overload run where only the excess gets 503 + Retry-After.
Correctness only; latency figures are in benchmarks/serve.py."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from pipespec.checker import Options, check_text  # noqa: E402
from pipespec.cli.web.app import MAX_BODY  # noqa: E402
from pipespec.cli.web.jobs import PATH, detect  # noqa: E402

from ..language.test_fuzz import HOSTILE  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p for p in (ROOT / "examples").rglob("*") if p.suffix in (".pipe", ".yaml"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, *args: str):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.proc = subprocess.Popen([sys.executable, "-m", "pipespec", "serve", "--host", "127.0.0.1",
                                      "--port", str(self.port), *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, env=env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(self.proc.stderr.read().decode() if self.proc.stderr else "server died")
            try:
                if request(self.base + "/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("the server did not start")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            _, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            _, err = self.proc.communicate()
        return err.decode(errors="replace")


def request(url: str, body: bytes | None = None, timeout: float = 120) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, data=body, method="POST" if body is not None else "GET",
                                 headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def expected_report(text: str, fmt: str | None) -> dict[str, Any]:
    from pipespec import __version__
    from pipespec.analysis.rules import RULESET_VERSION
    from pipespec.fixing import with_fixes
    from pipespec.limits import DEFAULT_LIMITS
    from pipespec.report import Report

    # the server's messages name no command-line option (its clients cannot pass one); its findings carry the
    # corrections check --format json carries
    file = check_text(text, PATH, detect(text, fmt), Options(use_config=False,
                                                             limits=DEFAULT_LIMITS._replace(options=False)))
    return Report([with_fixes(file)], __version__, RULESET_VERSION).to_dict()


def workload(n: int) -> list[tuple[bytes, int, dict[str, Any] | None]]:
    """(body, expected status, expected JSON) — valid examples, invalid specs, hostile inputs, malformed bodies."""
    cases: list[tuple[bytes, int, dict[str, Any] | None]] = []
    for p in EXAMPLES:
        text = p.read_text()
        cases.append((json.dumps({"text": text}).encode(), 200, expected_report(text, None)))
    for text in ['pipeline "x" {', 'pipeline "x" {\n  model m: CNN\n  flow m -> nowhere\n}\n', "- [", "{]",
                 'pipeline "<script>alert(1)</script>" {\n  input a: CT image2d\n}\n']:
        cases.append((json.dumps({"text": text}).encode(), 200, expected_report(text, None)))
    for name in ("size", "depth-json", "billion-laughs", "stages-dsl", "identifier-dsl"):
        fmt, text, _ = HOSTILE[name]
        cases.append((json.dumps({"text": text, "format": fmt}).encode(), 200, expected_report(text, fmt)))
    cases += [(b"{", 400, None), (b'{"text": 1}', 400, None), (b"#" * (MAX_BODY + 10), 413, None)]
    return [cases[i % len(cases)] for i in range(n)]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server("--workers", "4")
    try:
        yield s
    finally:
        err = s.stop()
        assert "Traceback" not in err, err


def test_300_requests_from_50_clients_are_all_answered_correctly(server: Server) -> None:
    cases = workload(300)
    health: list[int] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            health.append(request(server.base + "/healthz", timeout=30)[0])
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        with ThreadPoolExecutor(50) as ex:
            answers = list(ex.map(lambda c: request(server.base + "/api/v1/check", c[0]), cases))
    finally:
        stop.set()
        watcher.join(60)
    assert len(answers) == len(cases)
    for (_, status, expected), (got_status, _, got) in zip(cases, answers):
        assert got_status == status, (got_status, got[:300])
        doc = json.loads(got)
        if expected is not None:
            assert doc == expected
        else:
            assert set(doc) == {"error"}
    assert health and all(s == 200 for s in health)


def test_overload_gets_503_with_retry_after_and_nothing_else_fails() -> None:
    server = Server("--workers", "1", "--queue", "2")
    try:
        text = 'pipeline "big" {\n' + "".join(f"  input s{i}: CT image2d\n" for i in range(4000)) + "}\n"
        expected = expected_report(text, None)
        body = json.dumps({"text": text}).encode()
        with ThreadPoolExecutor(40) as ex:
            answers = list(ex.map(lambda _: request(server.base + "/api/v1/check", body), range(40)))
        statuses = [a[0] for a in answers]
        assert set(statuses) <= {200, 503}, statuses
        assert 200 in statuses and 503 in statuses
        for status, headers, got in answers:
            if status == 200:
                assert json.loads(got) == expected
            else:
                assert int(headers["retry-after"]) >= 1 and json.loads(got)["error"]["code"] == "busy"
        assert request(server.base + "/healthz")[0] == 200
    finally:
        err = server.stop()
    assert "Traceback" not in err, err
