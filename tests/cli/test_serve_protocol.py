"""The API's edges: JSON endpoints take only ``Content-Type: application/json`` (415 otherwise: a cross-site
"simple" POST cannot reach them), /api/v1/score also a raw text/csv sheet, a JSON body with a byte-order mark,
the OpenAPI document describing every answer, linear format detection; on a real server, the access log (method,
path, status, duration; never the body), --log-level and --no-access-log, the serve options' defaults, protocol
errors answered with the JSON error, the connection cap."""

from __future__ import annotations

import argparse
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from starlette.testclient import TestClient  # noqa: E402

from pipespec.cli.web.app import create_app  # noqa: E402
from pipespec.cli.web.jobs import detect  # noqa: E402

from .test_serve_load import Server  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHEET = (ROOT / "examples" / "sheets" / "three-papers-three-raters.csv").read_text(encoding="utf-8")
SPEC = 'pipeline "p" {\n  input a: CT image3d\n  model m: CNN\n  output y: classification\n  flow a -> m -> y\n}\n'
POSTS = {"/api/v1/check": {"text": SPEC}, "/api/v1/report": {"text": SPEC},
         "/api/v1/convert": {"text": SPEC, "to": "yaml"}, "/api/v1/score": {"text": SHEET},
         "/api/v1/assess": {"text": SPEC, "item": 1, "answer": "yes"}, "/api/v1/metrics-csv": {"text": SPEC},
         "/api/v1/import": {"text": SPEC, "csv": "a\n"}}


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with TestClient(create_app(workers=1)) as c:
        yield c


@pytest.mark.parametrize("path", sorted(POSTS))
@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
                                          None])
def test_json_endpoints_refuse_other_content_types(client: Any, path: str, content_type: str | None) -> None:
    """The three content types a browser sends cross-site without a preflight, and none at all, are 415."""
    headers = {"Content-Type": content_type} if content_type else {}
    resp = client.post(path, content=json.dumps(POSTS[path]).encode(), headers=headers)
    assert resp.status_code == 415, resp.text[:200]
    err = resp.json()["error"]
    assert err["code"] == "unsupported-media-type" and "application/json" in err["message"]


@pytest.mark.parametrize("path", sorted(POSTS))
def test_json_with_a_charset_and_a_byte_order_mark_is_accepted(client: Any, path: str) -> None:
    body = b"\xef\xbb\xbf" + json.dumps(POSTS[path]).encode()
    resp = client.post(path, content=body, headers={"Content-Type": "application/json; charset=utf-8"})
    assert resp.status_code in (200, 422), resp.text[:300]  # 422: the import's one-column sheet
    assert resp.status_code == 200 or path == "/api/v1/import"


def test_score_takes_a_raw_csv_sheet_with_its_options_in_the_query(client: Any) -> None:
    as_json = client.post("/api/v1/score", json={"text": SHEET, "group_by": "Paper", "rater": "Rater"})
    raw = client.post("/api/v1/score?group_by=Paper&rater=Rater", content=SHEET.encode(),
                      headers={"Content-Type": "text/csv; charset=utf-8"})
    assert raw.status_code == 200 and raw.json() == as_json.json()
    narrowed = client.post("/api/v1/score?ids=Paper&pairwise=false&group_by=Paper", content=SHEET.encode(),
                           headers={"Content-Type": "text/csv"}).json()
    assert set(narrowed["rows"][0]["id"]) == {"Paper"} and narrowed["agreement"]["pairwise_note"]
    bad = client.post("/api/v1/score?groupby=Paper", content=SHEET.encode(), headers={"Content-Type": "text/csv"})
    assert bad.status_code == 400 and "groupby" in bad.json()["error"]["message"]
    wrong = client.post("/api/v1/score?group_by=Papr", content=SHEET.encode(), headers={"Content-Type": "text/csv"})
    assert wrong.status_code == 422 and "the field 'group_by'" in wrong.json()["error"]["message"]
    assert client.post("/api/v1/check", content=SPEC.encode(), headers={"Content-Type": "text/csv"}).status_code \
        == 415


def test_the_openapi_document_describes_every_answer(client: Any) -> None:
    doc = client.get("/openapi.json").json()
    for path in POSTS:
        op = doc["paths"][path]["post"]
        assert "415" in op["responses"], path
    score = doc["paths"]["/api/v1/score"]["post"]
    assert set(score["requestBody"]["content"]) == {"application/json", "text/csv"}
    assert "422" in score["responses"] and score["responses"]["422"]["description"] != ""
    fields = doc["components"]["schemas"]["ScoreRequest"]["properties"]
    assert {"text", "group_by", "rater", "ids", "pairwise"} <= set(fields)
    for path, keys in (("/api/v1/examples", {"examples", "starters"}), ("/api/v1/items", {"items", "sections"})):
        answer = doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        answer = _resolve(doc, answer)
        assert keys <= set(answer["properties"]), path
        real = client.get(path).json()
        assert set(answer.get("required", [])) <= set(real)
    import jsonschema

    items_schema = _resolve(doc, doc["paths"]["/api/v1/items"]["get"]["responses"]["200"]["content"]
                            ["application/json"]["schema"])
    jsonschema.validate(client.get("/api/v1/items").json(), {**items_schema, "components": doc["components"]})


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    node: Any = doc
    for part in ref.lstrip("#/").split("/"):
        node = node[part]
    return node  # type: ignore[no-any-return]


def test_format_detection_is_linear_in_leading_comments() -> None:
    """340,000 comment lines before the pipeline took the API 14 s and more (each skipped line copied the rest of
    the text); four times the lines must take about four times as long."""
    body = 'pipeline "x" {\n  input a: CT image2d\n}\n'

    def seconds(n: int) -> float:
        text = "# a comment\n" * n + body
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            assert detect(text, None) == "dsl"
            best = min(best, time.perf_counter() - t0)
        return best

    seconds(1000)
    assert seconds(160_000) / seconds(40_000) < 8  # four times the lines: linear about 4, quadratic 16
    assert detect("\ufeff# c\n\n  # d\nstages:\n  - a\n", None) == "yaml"


def test_serve_options_default_to_the_documented_limits() -> None:
    from pipespec.cli.args import build_parser

    args = build_parser().parse_args(["serve"])
    assert (args.read_timeout, args.max_connections, args.max_buffered) == (10.0, 1000, 64)
    assert args.access_log is True and args.log_level == "info"
    args = build_parser().parse_args(["serve", "--no-access-log", "--log-level", "warning"])
    assert args.access_log is False and args.log_level == "warning"
    assert isinstance(args, argparse.Namespace)


def test_the_connection_limit_stays_below_the_open_files_limit(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    import resource

    from pipespec.cli import serve

    monkeypatch.setattr(resource, "getrlimit", lambda _: (1024, 1024))
    monkeypatch.setattr(resource, "setrlimit", lambda *_: None)
    assert serve._connection_limit(1000, 2) == 1024 - serve.FD_RESERVE - 8
    assert "lowered from 1000" in capsys.readouterr().err
    monkeypatch.setattr(resource, "getrlimit", lambda _: (100_000, 100_000))
    assert serve._connection_limit(1000, 2) == 1000


def _raw(port: int, data: bytes, wait: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=wait) as s:
        s.sendall(data)
        out = b""
        try:
            while chunk := s.recv(65536):
                out += chunk
        except (TimeoutError, ConnectionError):
            pass
        return out


def _json_body(answer: bytes) -> dict[str, Any]:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert b"application/json" in head.lower(), head
    return json.loads(body)  # type: ignore[no-any-return]


def test_a_real_server_logs_requests_and_answers_protocol_errors_in_json() -> None:
    server = Server("--workers", "1", "--read-timeout", "2", "--max-connections", "20")
    try:
        marker = "SECRET-BODY-MARKER-1234"
        body = json.dumps({"text": f'pipeline "{marker}" {{\n}}\n'}).encode()
        answer = _raw(server.port, b"POST /api/v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
                                   b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(body), body))
        assert answer.startswith(b"HTTP/1.1 200")
        # a malformed request line and a malformed header: the documented JSON error
        for bad in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: t\r\nBad Header\r\n\r\n"):
            answer = _raw(server.port, bad)
            assert answer.startswith(b"HTTP/1.1 400"), answer[:100]
            assert _json_body(answer)["error"]["code"] == "bad-request"
        # half a request: 408 with the JSON error after the read timeout
        t0 = time.monotonic()
        answer = _raw(server.port, b"POST /api/v1/check HTTP/1.1\r\nHost: t\r\n")
        assert answer.startswith(b"HTTP/1.1 408") and 1.5 < time.monotonic() - t0 < 8
        assert _json_body(answer)["error"]["code"] == "timeout"
        # connection 21 is refused at once while 20 are open
        held = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(20)]
        time.sleep(0.3)
        t0 = time.monotonic()
        try:
            answer = _raw(server.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\n\r\n", wait=5)
        except ConnectionError:
            answer = b""
        assert time.monotonic() - t0 < 3
        assert answer == b"" or answer.startswith(b"HTTP/1.1 503"), answer[:100]
        if answer:
            assert _json_body(answer)["error"]["code"] == "too-many-connections"
        for s in held:
            s.close()
    finally:
        err = server.stop()
    assert "Traceback" not in err, err
    lines = [line for line in err.splitlines() if '"POST /api/v1/check HTTP/1.1" 200' in line]
    assert len(lines) == 1 and lines[0].rstrip().endswith(" ms"), err
    assert any('"GET /healthz HTTP/1.1" 200' in line for line in err.splitlines())
    assert any(" 400 " in line for line in err.splitlines()) and any(" 408 " in line for line in err.splitlines())
    assert marker not in err  # never the body


@pytest.mark.parametrize("flags", [["--no-access-log"], ["--log-level", "warning"]])
def test_the_access_log_can_be_turned_off(flags: list[str]) -> None:
    server = Server("--workers", "1", *flags)
    try:
        _raw(server.port, b"GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    finally:
        err = server.stop()
    assert "/healthz" not in err, err


def test_a_body_arriving_steadily_outlives_the_read_timeout_a_trickle_does_not() -> None:
    # a large document over a slow line earns a second per MIN_RATE bytes; a client sending a byte now and then
    # earns nothing and gets 408 when the read timeout runs out
    from pipespec.cli.web.protocol import MIN_RATE

    server = Server("--workers", "1", "--read-timeout", "1")
    try:
        body = json.dumps({"text": SPEC + "#" + "x" * (3 * MIN_RATE)}).encode()
        head = (b"POST /api/v1/check HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nConnection: close\r\n"
                b"Content-Length: %d\r\n\r\n" % len(body))
        with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
            s.sendall(head)
            t0 = time.monotonic()
            step = MIN_RATE // 2
            for k in range(0, len(body), step):  # about 2 x MIN_RATE a second: 1.5 s, past the 1 s timeout
                s.sendall(body[k:k + step])
                time.sleep(0.25)
            assert time.monotonic() - t0 > 1.2
            answer = b""
            while chunk := s.recv(65536):
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200"), answer[:200]
        with socket.create_connection(("127.0.0.1", server.port), timeout=20) as s:
            s.sendall(head)
            t0 = time.monotonic()
            answer = b""
            try:
                for k in range(40):
                    s.sendall(body[k:k + 1])
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionError):
                pass
            try:
                while chunk := s.recv(65536):
                    answer += chunk
            except (TimeoutError, ConnectionError):
                pass
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
    finally:
        server.stop()
