"""The HTTP API of ``pipespec serve`` through Starlette's test client: every endpoint and every error status, the
report equal to ``pipespec check --format json``, and hostile inputs answered without crashing a worker."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette")
pytest.importorskip("httpx")

import jsonschema  # noqa: E402

with warnings.catch_warnings():  # newer Starlette prefers another HTTP client for its test client
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from pipespec.analysis.rules import RULES  # noqa: E402
from pipespec.cli.web.app import ENVELOPE, MAX_BODY, create_app  # noqa: E402
from pipespec.limits import DEFAULT_LIMITS  # noqa: E402

from ..language.test_fuzz import GARBAGE, HOSTILE  # noqa: E402
from . import _hang  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def client() -> Any:
    app = create_app(workers=2, queue=64, timeout=30, target=_hang.run)
    with TestClient(app) as c:
        yield c

JSON_TYPE = {"Content-Type": "application/json"}


def _cli_json(path: Path) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "pipespec", "check", "--no-config", "--format", "json", str(path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode in (0, 1, 2), out.stderr
    return dict(json.loads(out.stdout))


def _as_request(doc: dict[str, Any], path: str) -> dict[str, Any]:
    """The command's report with the file's path written as the API's '<request>'."""
    text = json.dumps(doc).replace(json.dumps(path)[1:-1], "<request>")
    return dict(json.loads(text))


def _error(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, (resp.status_code, resp.text[:500])
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    return dict(body["error"])


@pytest.mark.parametrize("name", ["metrics-e3/example-2.pipe", "metrics-e3/example-4.yaml",
                                  "fused-handcrafted-deep.pipe", "unstated-model-review.pipe",
                                  "mil-frozen-embeddings.pipe"])  # the last: a correction as edits (R501)
def test_check_is_the_commands_json_report(client: Any, name: str) -> None:
    path = EXAMPLES / name
    text = path.read_text(encoding="utf-8")
    resp = client.post("/api/v1/check", json={"text": text})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/json")
    got = resp.json()
    assert got == _as_request(_cli_json(path), str(path))
    assert got["files"][0]["path"] == "<request>" and len(got["files"]) == 1
    schema = json.loads((ROOT / "schema" / "report.schema.json").read_text())
    jsonschema.validate(got, schema)
    assert "svg" not in got


def test_check_gives_the_corrections_the_command_gives(client: Any, tmp_path: Path) -> None:
    # an idle waiver (its removal is derived from the text, safe) and a misspelt architecture (unsafe): the API
    # carries the corrections as edits exactly as `check --format json` does
    text = ('pipeline "p" {\n  input ct: XR image2d\n  model net: ResNt-18 { task: classification }\n'
            '  output y: classification\n  flow ct -> net -> y\n  waive C503 "asked for" at net\n}\n')
    path = tmp_path / "p.pipe"
    path.write_text(text, encoding="utf-8")
    got = client.post("/api/v1/check", json={"text": text}).json()
    assert got == _as_request(_cli_json(path), str(path))
    fixes = {p["code"]: p["autofix"] for p in got["files"][0]["findings"] if p["autofix"]}
    assert fixes["W101"]["safe"] and not fixes["V101"]["safe"]


def test_check_format_is_detected_or_given(client: Any) -> None:
    yaml_text = (EXAMPLES / "metrics-e3" / "example-2.yaml").read_text()
    dsl_text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text()  # starts with comment lines
    assert client.post("/api/v1/check", json={"text": yaml_text}).json()["files"][0]["format"] == "yaml"
    assert client.post("/api/v1/check", json={"text": dsl_text}).json()["files"][0]["format"] == "dsl"
    forced = client.post("/api/v1/check", json={"text": dsl_text, "format": "yaml"}).json()["files"][0]
    assert forced["format"] == "yaml" and forced["status"] == "input-error"
    assert client.post("/api/v1/check", json={"text": dsl_text, "format": None}).json()["files"][0]["format"] == "dsl"


def test_check_include_svg_draws_the_condition5_path(client: Any) -> None:
    text = (EXAMPLES / "fused-handcrafted-deep.pipe").read_text()
    doc = client.post("/api/v1/check?include=svg", json={"text": text}).json()
    svg = doc["svg"]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")
    path = doc["files"][0]["conditions"]["5"]["evidence"][0]["paths"][0]
    for stage in path:
        assert f'data-stage="{stage}"' in svg
    assert 'class="edge hi"' in svg and "onpath" in svg
    # an input error has no drawing
    bad = client.post("/api/v1/check?include=svg", json={"text": 'pipeline "x" {'}).json()
    assert bad["svg"] is None and bad["files"][0]["status"] == "input-error"


def test_a_script_in_a_title_is_escaped_in_the_drawing(client: Any) -> None:
    text = ('pipeline "<script>alert(1)</script>" {\n  input ct: CT image2d\n  model m: ResNet-18\n'
            '  output y: classification\n  flow ct -> m -> y\n}\n')
    doc = client.post("/api/v1/check?include=svg", json={"text": text}).json()
    assert doc["files"][0]["title"] == "<script>alert(1)</script>"
    assert "<script" not in doc["svg"] and "&lt;script&gt;" in doc["svg"]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_inputs_are_results_not_http_errors(client: Any, name: str) -> None:
    fmt, text, code = HOSTILE[name]
    resp = client.post("/api/v1/check?include=svg", json={"text": text, "format": fmt})
    assert resp.status_code == 200, resp.text[:300]
    entry = resp.json()["files"][0]
    assert entry["status"] == "input-error" and entry["errors"][0]["code"].startswith(code), entry["errors"]
    assert entry["errors"][0]["file"] == "<request>"


@pytest.mark.parametrize("name", sorted(GARBAGE))
def test_garbage_is_answered(client: Any, name: str) -> None:
    text = GARBAGE[name].decode("utf-8", errors="replace")
    resp = client.post("/api/v1/check", json={"text": text})
    assert resp.status_code == 200, resp.text[:300]
    entry = resp.json()["files"][0]
    assert entry["status"] in ("input-error", "pass", "fail")
    assert entry["errors"] or entry["conditions"]


@pytest.mark.parametrize("text", ["\x00\x01\x02pipeline", "pipeline \"a\x07\x1b[31m\" {\n}\n", "\ud800",
                                  'pipeline "x" {\n  input a\u202eb: CT image2d\n}\n', "\ufeff" * 1000])
def test_binary_and_control_characters_are_answered(client: Any, text: str) -> None:
    resp = client.post("/api/v1/check", content=json.dumps({"text": text}).encode(), headers=JSON_TYPE)
    assert resp.status_code == 200, resp.text[:300]
    entry = resp.json()["files"][0]
    assert entry["status"] == "input-error" and entry["errors"][0]["line"] >= 1


def test_the_workers_survive_the_hostile_corpus(client: Any) -> None:
    before = client.get("/healthz").json()
    for fmt, text, _ in HOSTILE.values():
        client.post("/api/v1/check", json={"text": text, "format": fmt})
    after = client.get("/healthz").json()
    assert after["restarts"] == before["restarts"]  # no worker died or had to be killed
    ok = client.post("/api/v1/check", json={"text": (EXAMPLES / "deep-features-svm.pipe").read_text()})
    assert ok.status_code == 200 and ok.json()["files"][0]["status"] in ("pass", "fail")


def test_text_over_the_file_limit_is_ps112_and_a_larger_body_is_413(client: Any) -> None:
    over = "#" * (DEFAULT_LIMITS.max_bytes + 1)
    entry = client.post("/api/v1/check", json={"text": over}).json()["files"][0]
    assert entry["errors"][0]["code"] == "PS112"
    huge = json.dumps({"text": "#" * (MAX_BODY + 1)}).encode()
    err = _error(client.post("/api/v1/check", content=huge, headers=JSON_TYPE), 413)
    assert err["code"] == "too-large" and str(DEFAULT_LIMITS.max_bytes) in err["message"]
    # without a Content-Length (a chunked body) the limit holds too
    chunks = (b"x" * 65536 for _ in range((MAX_BODY + ENVELOPE) // 65536 + 2))
    _error(client.post("/api/v1/check", content=chunks, headers=JSON_TYPE), 413)


@pytest.mark.parametrize("body", [b"", b"not json", b"[1, 2]", b'"text"', b'{"format": "dsl"}', b'{"text": 3}',
                                  b'{"text": "x", "format": "xml"}', b'{"text": "x", "extra": 1}',
                                  b'{"text": "x", "format": 1}', b"\xff\xfe{}", b"[" * 100_000])
def test_malformed_requests_are_400(client: Any, body: bytes) -> None:
    err = _error(client.post("/api/v1/check", content=body, headers=JSON_TYPE), 400)
    assert err["code"] == "bad-request"


def test_unknown_include_is_400(client: Any) -> None:
    assert "svg" in _error(client.post("/api/v1/check?include=png", json={"text": "x"}), 400)["message"]


def test_rules(client: Any) -> None:
    doc = client.get("/api/v1/rules").json()
    assert [r["code"] for r in doc["rules"]] == list(RULES)
    for r in doc["rules"]:
        assert {"code", "title", "severity", "what", "why", "fix", "example"} <= set(r)
    one = client.get("/api/v1/rules/d502").json()
    assert one["code"] == "D502" and one["doc"] == RULES["D502"].doc() and one["title"] == RULES["D502"].title
    err = _error(client.get("/api/v1/rules/D5O2"), 404)
    assert "D502" in err["message"]  # did you mean


def test_convert(client: Any) -> None:
    dsl = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text()
    yml = client.post("/api/v1/convert", json={"text": dsl, "to": "yaml"}).json()
    assert yml["format"] == "yaml"
    back = client.post("/api/v1/check", json={"text": yml["text"], "format": "yaml"}).json()
    orig = client.post("/api/v1/check", json={"text": dsl}).json()
    assert back["files"][0]["conditions"] == orig["files"][0]["conditions"]
    assert "# METRICS-E3, Condition #5, Example 2" in yml["text"]  # the comments travel with the pipeline
    canonical = client.post("/api/v1/convert", json={"text": yml["text"], "to": "dsl"}).json()["text"]
    assert canonical == client.post("/api/v1/convert", json={"text": dsl, "to": "dsl"}).json()["text"]
    assert "# the image restricted to the predicted node" in canonical
    err = _error(client.post("/api/v1/convert", json={"text": 'pipeline "x" {', "to": "json"}), 422)
    assert err["code"].startswith("PS1") and "<request>:" in err["message"]
    _error(client.post("/api/v1/convert", json={"text": dsl, "to": "xml"}), 400)
    _error(client.post("/api/v1/convert", json={"text": dsl}), 400)


def test_report_is_the_self_contained_html(client: Any) -> None:
    text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text()
    resp = client.post("/api/v1/report", json={"text": text})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/html")
    assert resp.text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in resp.text
    assert "<svg" in resp.text and "attachment" in resp.headers["content-disposition"]


def test_examples_and_items(client: Any) -> None:
    doc = client.get("/api/v1/examples").json()
    ids = {e["id"] for e in doc["examples"]}
    shipped = {p.relative_to(EXAMPLES).as_posix() for p in EXAMPLES.rglob("*") if p.suffix in (".pipe", ".yaml")}
    assert ids == shipped
    assert {s["kind"] for s in doc["starters"]} == {"e2e", "radiomics", "hybrid"}
    for s in doc["starters"]:
        entry = client.post("/api/v1/check", json={"text": s["text"]}).json()["files"][0]
        assert entry["status"] == "pass", (s["kind"], entry["findings"])
    items = client.get("/api/v1/items").json()["items"]
    assert [i["item"] for i in items] == list(range(1, 31))


def test_health_openapi_page_and_headers(client: Any) -> None:
    h = client.get("/healthz")
    assert h.status_code == 200 and h.json()["status"] == "ok" and h.json()["workers"] == 2
    page = client.get("/")
    assert page.status_code == 200 and "<textarea" in page.text
    csp = page.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "script-src 'self'" in csp
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert "svg.pipeline-graph" in client.get("/static/app.css").text


def test_openapi_document_is_valid_and_covers_every_route(client: Any) -> None:
    doc = client.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    from starlette.routing import Route

    routes = {r.path for r in client.app.routes if isinstance(r, Route) and r.path.startswith(("/api", "/healthz"))}
    assert routes == set(doc["paths"])
    # every $ref resolves, and the request schemas accept what the API accepts and reject what it refuses
    text = json.dumps(doc)
    for ref in set(re.findall(r'"\$ref": "#/([^"]+)"', text)):
        node: Any = doc
        for part in ref.split("/"):
            node = node[part]
    spec = doc["components"]["schemas"]["Spec"]
    jsonschema.Draft202012Validator.check_schema(spec)
    jsonschema.validate({"text": "x", "format": None}, spec)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"text": "x", "extra": 1}, spec)
    error = doc["components"]["schemas"]["Error"]
    jsonschema.validate(client.get("/nowhere").json(), error)
    health = doc["paths"]["/healthz"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    jsonschema.validate(client.get("/healthz").json(), health)


def test_unknown_endpoint_and_method_are_json_errors(client: Any) -> None:
    assert _error(client.get("/api/v1/nothing"), 404)["code"] == "not-found"
    assert _error(client.get("/api/v1/check"), 405)["code"] == "method-not-allowed"


def test_score_is_the_commands_score_json(client: Any) -> None:
    """POST /api/v1/score gives what `pipespec score --format json` gives for the same sheet."""
    from pipespec import __version__
    from pipespec.scoring.sheets import score_text

    text = (EXAMPLES / "sheets" / "three-papers-three-raters.csv").read_text(encoding="utf-8")
    resp = client.post("/api/v1/score", json={"text": text, "group_by": "Paper", "rater": "Rater"})
    assert resp.status_code == 200, resp.text
    doc = resp.json()
    expected = score_text(text, group_by="Paper", rater="Rater", source="<request>", version=__version__)
    assert doc == json.loads(json.dumps(expected.to_dict()))
    assert len(doc["rows"]) == 9 and doc["agreement"]["group_by"] == "Paper"
    assert doc["rows"][0]["score"] is not None


def test_score_errors(client: Any) -> None:
    bad = _error(client.post("/api/v1/score", json={"text": "a,b\n1,2\n"}), 422)
    assert bad["code"] == "M100" and "<request>:1:1" in bad["message"]
    _error(client.post("/api/v1/score", json={"text": "a,b", "group_by": 3}), 400)
    _error(client.post("/api/v1/score", json={}), 400)


def test_timeout_is_504_and_a_full_queue_is_503() -> None:
    app = create_app(workers=1, queue=0, timeout=8.0, target=_hang.run)
    with TestClient(app) as c:
        results: list[Any] = []
        t = threading.Thread(target=lambda: results.append(c.post("/api/v1/check", json={"text": _hang.HANG})))
        t.start()
        deadline = time.monotonic() + 30
        while c.get("/healthz").json()["busy"] < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert c.get("/healthz").json()["busy"] == 1  # /healthz answers while the only worker is stuck
        busy = c.post("/api/v1/check", json={"text": "x"})
        assert _error(busy, 503)["code"] == "busy" and int(busy.headers["retry-after"]) >= 1
        t.join(60)
        assert _error(results[0], 504)["code"] == "timeout"
        ok = c.post("/api/v1/check", json={"text": (EXAMPLES / "metrics-e3" / "example-1.pipe").read_text()})
        assert ok.status_code == 200 and ok.json()["files"][0]["status"] == "pass"
        assert c.get("/healthz").json()["restarts"] == 1
        died = c.post("/api/v1/check", json={"text": _hang.DIE})
        assert _error(died, 500)["code"] == "worker-failed"
        after = c.post("/api/v1/check", json={"text": "x"})
        assert after.status_code == 200, after.text


# ------------------------------------------------------------------ answers, the answer sheet and its import
def test_assess_writes_one_answer_and_keeps_the_rest(client: Any) -> None:
    text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
    resp = client.post("/api/v1/assess", json={"text": text, "item": 14, "answer": "yes", "note": "ICC, Methods 2.4"})
    assert resp.status_code == 200, resp.text
    out = resp.json()["text"]
    assert out == text.replace("  expect condition5 = yes\n",
                               '  expect condition5 = yes\n  assess item14 = yes "ICC, Methods 2.4"\n')
    changed = client.post("/api/v1/assess", json={"text": out, "item": 14, "answer": "no"}).json()["text"]
    assert changed == out.replace("item14 = yes", "item14 = no")  # the note kept
    assert client.post("/api/v1/assess", json={"text": changed, "item": 14, "answer": "none"}).json()["text"] == text
    yaml_text = (EXAMPLES / "metrics-e3" / "example-2.yaml").read_text(encoding="utf-8")
    resp = client.post("/api/v1/assess", json={"text": yaml_text, "format": "yaml", "item": 1, "answer": "no"})
    assert resp.json() == {"format": "yaml", "text": yaml_text + 'assess:\n  item1: "no"\n'}  # quoted as its declare


def test_assess_refuses_bad_requests_and_unreadable_text(client: Any) -> None:
    text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
    for bad in ({"text": text, "item": 31, "answer": "yes"}, {"text": text, "item": True, "answer": "yes"},
                {"text": text, "item": 3, "answer": "maybe"}, {"text": text, "item": "3", "answer": "yes"},
                {"text": text, "item": 3}):
        assert _error(client.post("/api/v1/assess", json=bad), 400)["code"] == "bad-request"
    err = _error(client.post("/api/v1/assess", json={"text": "pipeline \"x\" {\n  inptu a: CT\n}\n", "item": 3,
                                                     "answer": "yes"}), 422)
    assert err["code"].startswith("PS") and "<request>:2:" in err["message"]


def test_metrics_csv_is_the_commands_row(client: Any, tmp_path: Path) -> None:
    path = EXAMPLES / "assessed-radiomics.pipe"
    resp = client.post("/api/v1/metrics-csv", json={"text": path.read_text(encoding="utf-8")})
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/csv")
    out = subprocess.run([sys.executable, "-m", "pipespec", "check", "--no-config", "--format", "metrics-csv",
                          str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert resp.text == out.stdout.replace(str(path), "<request>")


def test_import_takes_a_row_and_offers_a_choice_among_several(client: Any) -> None:
    text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
    sheet = (EXAMPLES / "sheets" / "three-papers-three-raters.csv").read_text(encoding="utf-8")
    rows = client.post("/api/v1/import", json={"text": text, "csv": sheet}).json()["rows"]
    assert len(rows) == 9 and all(r["label"] and "Paper" in r["label"] for r in rows)
    resp = client.post("/api/v1/import", json={"text": text, "csv": sheet, "row": rows[0]["row"]})
    assert resp.status_code == 200, resp.text
    doc = resp.json()
    assert "assess item1 = " in doc["text"] and doc["notes"][0].endswith("written from the sheet")
    # the verdicts (segmentation: yes, tabular data: no) switch items 14-16 off: their answers are not written
    assert "assess item14" not in doc["text"]
    assert _error(client.post("/api/v1/import", json={"text": text, "csv": sheet, "row": 999}), 422)["code"] == \
        "no-such-row"
    assert _error(client.post("/api/v1/import", json={"text": text, "csv": "a,b\n\"x"}), 422)["code"] == "M100"
    # JSON true is no row number (Python counts a bool as an int)
    wrong = _error(client.post("/api/v1/import", json={"text": text, "csv": sheet, "row": True}), 400)
    assert wrong["code"] == "bad-request" and "'row'" in wrong["message"]


def test_items_come_in_the_questionnaires_sections(client: Any) -> None:
    doc = client.get("/api/v1/items").json()
    assert [s["items"] for s in doc["sections"]][2] == [8, 9, 10] and len(doc["sections"]) == 9
    assert sorted(n for s in doc["sections"] for n in s["items"]) == list(range(1, 31))
    assert doc["items"][8]["conditions"] == [1, 2] and doc["items"][8]["section"] == "Segmentation"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_texts_given_to_the_answer_endpoints_are_422_not_crashes(client: Any, name: str) -> None:
    fmt, text, code = HOSTILE[name]
    before = client.get("/healthz").json()["restarts"]
    resp = client.post("/api/v1/assess", json={"text": text, "format": fmt, "item": 1, "answer": "yes",
                                               "note": "\x1b[31m\u202e"})
    assert resp.status_code == 422 and resp.json()["error"]["code"].startswith(code), resp.text[:300]
    sheet = (EXAMPLES / "sheets" / "three-papers-three-raters.csv").read_text(encoding="utf-8")
    resp = client.post("/api/v1/import", json={"text": text, "format": fmt, "csv": sheet, "row": 2})
    assert resp.status_code == 422, resp.text[:300]
    csv_row = client.post("/api/v1/metrics-csv", json={"text": text, "format": fmt})
    assert csv_row.status_code == 200 and csv_row.text.rstrip().endswith(",input error")
    assert client.get("/healthz").json()["restarts"] == before


def test_a_note_with_control_characters_is_written_safely_or_refused(client: Any) -> None:
    text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
    for note in ("line one\nline two", "tab\there", 'quote " and back\\slash', "\x00\x07", "\u202egnp.exe"):
        resp = client.post("/api/v1/assess", json={"text": text, "item": 1, "answer": "yes", "note": note})
        assert resp.status_code in (200, 422), resp.text[:300]
        if resp.status_code == 200:
            out = resp.json()["text"]
            assert out.count("\n") == text.count("\n") + 1, "a note stays on its line"
            check = client.post("/api/v1/check", json={"text": out}).json()["files"][0]
            assert check["status"] != "input-error", (note, check["errors"])
        else:
            assert resp.json()["error"]["code"] == "cannot-write"


def test_the_report_drawing_carries_the_pages_hooks(client: Any) -> None:
    html = client.post("/api/v1/report", json={"text": (EXAMPLES / "fused-handcrafted-deep.pipe").read_text()}).text
    assert re.search(r'<g class="stage[ "]', html) and re.search(r'<path class="edge[ "]', html)
    assert re.search(r'<text class="elabel[ "]', html)


def test_declare_writes_one_condition_and_keeps_the_rest(client: Any) -> None:
    text = (EXAMPLES / "metrics-e3" / "example-2.pipe").read_text(encoding="utf-8")
    out = client.post("/api/v1/declare", json={"text": text, "condition": 4, "answer": "no"}).json()["text"]
    assert out == text.replace("  declare condition5 = yes\n", "  declare condition5 = yes\n  declare condition4 = no\n")
    changed = client.post("/api/v1/declare", json={"text": out, "condition": 1, "answer": "no"}).json()["text"]
    assert changed == out.replace("declare condition1 = yes", "declare condition1 = no")
    assert client.post("/api/v1/declare", json={"text": out, "condition": 4, "answer": "none"}).json()["text"] == text
    for bad in ({"text": text, "condition": 6, "answer": "yes"}, {"text": text, "condition": 1, "answer": "n/a"},
                {"text": text, "condition": 1, "answer": "yes", "note": "x"}):
        assert _error(client.post("/api/v1/declare", json=bad), 400)["code"] == "bad-request"
