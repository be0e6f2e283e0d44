"""``POST /api/v1/draft`` through Starlette's test client: the object ``pipespec draft --format json --check``
prints, from text as JSON and from DOCX, JATS and PDF documents sent as raw bodies with their media types; the
same document gives the same bytes; its own size and time limits; and every refusal a JSON error."""

from __future__ import annotations

import json
import subprocess
import sys
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

from pipespec.cli.web.app import MAX_BODY, create_app  # noqa: E402

from . import _hang  # noqa: E402

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")

ROOT = Path(__file__).resolve().parents[2]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
METHODS = """Renal masses on CT

Materials and methods

Contrast-enhanced CT scans of 212 patients with renal masses were collected at two centres.

Each mass was delineated manually by two radiologists in consensus.

Radiomic features were extracted from each mask with PyRadiomics.

Features were selected with LASSO and a support vector machine classified the masses as benign or malignant.

Results

The classifier reached an AUC of 0.84 in the held-out test set.
"""


@pytest.fixture(scope="module")
def client() -> Any:
    app = create_app(workers=1, queue=16, timeout=30, target=_hang.run, max_document=4 << 20)
    with TestClient(app) as c:
        yield c


def _error(resp: Any, status: int) -> dict[str, Any]:
    assert resp.status_code == status, (resp.status_code, resp.text[:500])
    body = resp.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    message = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in message
    return dict(body["error"])


def _validator() -> Any:
    from referencing import Registry, Resource

    draft_schema = json.loads((ROOT / "schema" / "draft.schema.json").read_text(encoding="utf-8"))
    report_schema = json.loads((ROOT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    registry = Registry().with_resources([(report_schema["$id"], Resource.from_contents(report_schema))])
    return jsonschema.Draft202012Validator(draft_schema, registry=registry)


def _verdicts(doc: dict[str, Any]) -> dict[str, str]:
    return {n: c["verdict"] for n, c in doc["check"]["files"][0]["conditions"].items()}


def _post(client: Any, body: bytes, media: str, query: str = "") -> Any:
    return client.post("/api/v1/draft" + query, content=body, headers={"Content-Type": media})


def test_text_as_json_is_the_commands_json_with_its_check(client: Any) -> None:
    """The answer is what `pipespec draft - --format json --check` prints for the same text, but for the
    pipeline's title (which names no file here), valid against the draft report's schema."""
    resp = client.post("/api/v1/draft", json={"text": METHODS})
    assert resp.status_code == 200, resp.text[:500]
    assert resp.headers["content-type"].startswith("application/json")
    got = resp.json()
    out = subprocess.run([sys.executable, "-m", "pipespec", "draft", "-", "--format", "json", "--check",
                          "--no-config"], input=METHODS, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode in (0, 1), out.stderr
    cli = json.loads(out.stdout)
    assert 'pipeline "Drafted pipeline" {' in got["spec"]
    assert got["spec"] == cli["spec"].replace('"Drafted from <stdin>"', '"Drafted pipeline"')
    assert {k: v for k, v in got.items() if k not in ("spec", "check")} == \
        {k: v for k, v in cli.items() if k not in ("spec", "check")}
    mine, theirs = got["check"]["files"][0], cli["check"]["files"][0]
    assert mine["conditions"] == theirs["conditions"] and mine["items"] == theirs["items"]
    assert [f["code"] for f in mine["findings"]] == [f["code"] for f in theirs["findings"]]
    assert got["check"]["summary"] == cli["check"]["summary"]
    _validator().validate(got)
    assert got["section"]["title"] == "Materials and methods" and got["format"] == "dsl"
    assert {"seg", "rad"} <= set(got["stages"]) and got["check"]["files"][0]["path"] == "draft.pipe"
    ev = got["stages"]["seg"][0]
    assert ev["quote"] == "Each mass was delineated manually by two radiologists in consensus."
    assert (ev["paragraph"], ev["sentence"]) == (2, 1)
    assert f'paragraph 2, sentence 1: "{ev["quote"]}"' in got["spec"]  # the same numbers as the comments
    assert _verdicts(got)["2"] == "no"  # manual delineation


def test_options_to_and_section(client: Any) -> None:
    got = client.post("/api/v1/draft", json={"text": METHODS, "to": "yaml", "section": "all"}).json()
    assert got["format"] == "yaml" and got["section"]["title"] is None
    assert got["check"]["files"][0]["path"] == "draft.yaml" and got["check"]["files"][0]["errors"] == []
    assert _error(client.post("/api/v1/draft", json={"text": METHODS, "to": "pdf"}), 400)["code"] == "bad-request"
    assert "'section'" in _error(client.post("/api/v1/draft", json={"text": METHODS, "section": "methods"}),
                                 400)["message"]
    assert "unknown field" in _error(client.post("/api/v1/draft", json={"txt": METHODS}), 400)["message"]
    # a document body's query options sent with a JSON body are refused, not ignored (the draft came back in DSL)
    for query in ("?to=yaml", "?section=all"):
        message = _error(client.post("/api/v1/draft" + query, json={"text": METHODS}), 400)["message"]
        assert "as a field of the JSON object" in message and query[1:query.index("=")] in message


def test_documents_as_raw_bodies_draft_as_their_text_does(client: Any) -> None:
    """A DOCX (python-docx), a JATS article and a two-column PDF (fpdf2) of the same Methods, each sent as the raw
    body with its media type, draft the same stages and verdicts as the text."""
    from tests.draft import test_formats as f

    text = client.post("/api/v1/draft", json={"text": f.as_text()}).json()
    for body, media in ((f.as_docx(), DOCX), (f.as_two_column_pdf(), "application/pdf")):
        resp = _post(client, body, media)
        assert resp.status_code == 200, (media, resp.text[:500])
        got = resp.json()
        _validator().validate(got)
        assert set(got["stages"]) == set(text["stages"]), media
        assert _verdicts(got) == _verdicts(text), media
        for name, evidence in got["stages"].items():
            assert all(e["quote"] and e["paragraph"] >= 1 and e["sentence"] >= 1 for e in evidence), name
    # the JATS article's Methods also has a figure caption naming the pipeline's steps: the verdicts agree
    jats = _post(client, f.as_jats().decode("utf-8").encode("utf-8"), "application/jats+xml; charset=utf-8")
    assert jats.status_code == 200, jats.text[:500]
    assert _verdicts(jats.json()) == _verdicts(text)
    assert jats.json()["section"]["title"] == "Patients and imaging"


def test_the_same_document_gives_the_same_bytes(client: Any) -> None:
    from tests.draft import test_formats as f

    for body, media in ((f.as_docx(), DOCX), (f.as_two_column_pdf(), "application/pdf"),
                        (json.dumps({"text": METHODS}).encode(), "application/json")):
        first, second = _post(client, body, media), _post(client, body, media)
        assert first.status_code == 200 and first.content == second.content, media


def test_raw_document_options_are_query_parameters(client: Any) -> None:
    from tests.draft import test_formats as f

    got = _post(client, f.as_docx(), DOCX, "?to=json&section=all").json()
    assert got["format"] == "json" and got["section"]["title"] is None
    json.loads(got["spec"])  # a JSON spec
    assert _error(_post(client, f.as_docx(), DOCX, "?to=docx"), 400)["message"] == \
        "the query parameter 'to' must be one of dsl, yaml, json"
    assert _error(_post(client, f.as_docx(), DOCX, "?format=dsl"), 400)["message"] == \
        "unknown query parameter 'format'; with a document body they are section, to"
    assert "twice" in _error(_post(client, f.as_docx(), DOCX, "?to=dsl&to=yaml"), 400)["message"]


def test_a_text_with_no_pipeline_is_422_saying_what_was_looked_for(client: Any) -> None:
    err = _error(client.post("/api/v1/draft", json={"text": "Methods\n\nWe thank the nurses of the ward.\n"}), 422)
    assert err["code"] == "nothing-to-draft"
    assert err["message"].startswith('no pipeline drafted from the section "Methods": looked for a model')


def test_a_document_that_cannot_be_read_is_422_with_one_line(client: Any) -> None:
    for body, media in ((b"%PDF-1.4 not really a PDF", "application/pdf"), (b"PK\x03\x04 broken zip", DOCX),
                        (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><article>&x;</article>',
                         "application/jats+xml"), (b"<article><body>", "application/jats+xml")):
        err = _error(_post(client, body, media), 422)
        assert err["code"] in ("PS100", "PS112") and err["message"].startswith("<request>:1:"), (media, err)
    # extracted text over the file limit (1 MiB), whatever format it came from
    big = "Methods\n\n" + "A random forest classifier was trained. " * 30_000
    assert _error(client.post("/api/v1/draft", json={"text": big}), 413)["code"] == "too-large"  # body limit
    jats = ("<article><body><sec sec-type=\"methods\"><title>Methods</title>"
            + "<p>A random forest classifier was trained.</p>" * 30_000 + "</sec></body></article>").encode()
    err = _error(_post(client, jats, "application/jats+xml"), 422)
    assert err["code"] == "PS112" and "extracted text" in err["message"]


def test_too_large_documents_are_413_before_they_are_read(client: Any) -> None:
    """The document limit is the server's own (--max-document-bytes; 4 MiB in this app), not the check's body
    limit: a document over the check's limit but under its own is read."""
    from tests.draft import test_formats as f

    pdf = f.as_two_column_pdf()
    padded = pdf + b"\n%" + b"x" * (MAX_BODY + 1000) + b"\n"  # a PDF comment after the end: still a PDF
    assert _post(client, padded, "application/pdf").status_code == 200
    err = _error(_post(client, pdf + b"%" + b"x" * (4 << 20), "application/pdf"), 413)
    assert err["code"] == "too-large" and "--max-document-bytes" in err["message"]
    err = _error(client.post("/api/v1/draft", content=b"x", headers={"Content-Type": "application/pdf",
                                                                     "Content-Length": str(5 << 20)}), 413)
    assert str(4 << 20) in err["message"]


def test_other_media_types_are_415(client: Any) -> None:
    for media in ("text/plain", "multipart/form-data; boundary=x", "application/msword", "application/xml", ""):
        headers = {"Content-Type": media} if media else {}
        err = _error(client.post("/api/v1/draft", content=b"Methods", headers=headers), 415)
        assert err["code"] == "unsupported-media-type" and "application/pdf" in err["message"]


def test_without_the_documents_extra_a_document_is_415_naming_it() -> None:
    app = create_app(workers=1, queue=2, timeout=30, documents=False, warm=None)
    with TestClient(app) as c:
        err = _error(_post(c, b"%PDF-1.4", "application/pdf"), 415)
        assert "documents extra" in err["message"] and 'pip install "pipespec[documents]"' in err["message"]
        assert c.post("/api/v1/draft", json={"text": METHODS}).status_code == 200  # text needs no extra


def test_a_draft_past_the_draft_timeout_is_504_and_the_worker_is_replaced() -> None:
    """The draft's own time limit, not the check's: a draft that hangs is stopped after --draft-timeout."""
    app = create_app(workers=1, queue=2, timeout=30, target=_hang.run, warm=None, draft_timeout=1.0)
    with TestClient(app) as c:
        err = _error(c.post("/api/v1/draft", json={"text": _hang.HANG + METHODS}), 504)
        assert err["code"] == "timeout" and err["message"] == "the draft took longer than 1 s and was stopped"
        assert c.post("/api/v1/draft", json={"text": METHODS}).status_code == 200
        assert c.get("/healthz").json()["restarts"] == 1


def test_the_openapi_document_describes_the_answer(client: Any) -> None:
    doc = client.get("/openapi.json").json()
    post = doc["paths"]["/api/v1/draft"]["post"]
    assert {"application/json", "application/pdf", DOCX, "application/jats+xml"} == set(post["requestBody"]["content"])
    schema = {**post["responses"]["200"]["content"]["application/json"]["schema"], "components": doc["components"]}
    got = client.post("/api/v1/draft", json={"text": METHODS}).json()
    jsonschema.validate(got, schema)
    request = {**doc["components"]["schemas"]["DraftRequest"], "components": doc["components"]}
    jsonschema.validate({"text": "x", "to": "yaml", "section": None}, request)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"text": "x", "input_format": "pdf"}, request)
