"""`pipespec lsp` end to end: a real client (pytest-lsp) speaks to the server over stdio."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest_lsp = pytest.importorskip("pytest_lsp", reason="the language server's tests need the test extra")

from lsprotocol import types  # noqa: E402
from pytest_lsp import ClientServerConfig, LanguageClient  # noqa: E402

import pipespec  # noqa: E402
from pipespec.checker import check_text  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]

TEXT = """pipeline "Knee \U0001f9b4 radiographs" {
  input xr: XR image2d  # \U0001f600 a comment outside the BMP
  model net: ResNt-18 { task: classification, pretrianed_on: ImageNet }
  output y: classification
  flow xr -> net -> y
  waive C503 "\U0001f4dd asked for" at net
  declare condition5 = no
}
"""
GOOD = """pipeline "Knee \U0001f9b4" {
  input xr: XR image2d
  model net: ResNet-18 { task: classification }
  output y: classification
  flow xr -> net -> y
  declare condition5 = no
}
"""


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "pipespec", "lsp"],
    server_env={**os.environ, "PYTHONPATH": str(ROOT)}))
async def client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities()))
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, uri: str, text: str, language: str = "pipespec") -> None:
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))


async def _diagnostics(client: LanguageClient, uri: str) -> list[types.Diagnostic]:
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return list(client.diagnostics[uri])


def _utf16(line: str, code_points: int) -> int:
    return len(line[:code_points].encode("utf-16-le")) // 2


@pytest.mark.asyncio
async def test_diagnostics_are_the_checks_with_utf16_ranges(client: LanguageClient, tmp_path: Path) -> None:
    path = tmp_path / "study.pipe"
    uri = path.as_uri()
    path.write_text(TEXT, encoding="utf-8")
    _open(client, uri, TEXT)
    diags = await _diagnostics(client, uri)
    expected = check_text(TEXT, str(path))
    assert {(d.code, d.message) for d in diags} == {(p.code, p.message) for p in expected.errors}
    (d,) = diags
    line = TEXT.splitlines()[2]
    col = line.index("pretrianed_on")
    assert (d.range.start.line, d.range.start.character) == (2, _utf16(line, col))
    assert d.range.end.character == _utf16(line, col + len("pretrianed_on"))
    assert d.severity == types.DiagnosticSeverity.Error


@pytest.mark.asyncio
async def test_change_then_verdicts_on_declare_lines_and_code_actions(client: LanguageClient,
                                                                      tmp_path: Path) -> None:
    uri = (tmp_path / "s.pipe").as_uri()
    _open(client, uri, TEXT)
    await _diagnostics(client, uri)
    fixed = TEXT.replace("pretrianed_on", "pretrained_on")
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=fixed)]))
    diags = await _diagnostics(client, uri)
    report = check_text(fixed, "s.pipe")
    findings = {(p.code, p.message) for p in report.findings if p.waived is None}
    assert findings <= {(d.code, d.message) for d in diags}
    info = [d for d in diags if d.severity == types.DiagnosticSeverity.Information and d.range.start.line == 6]
    assert info and info[0].message.startswith("pipeline shows Review")
    # the waiver that suppresses nothing and the misspelt architecture: one action each
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=8, character=0)),
        context=types.CodeActionContext(diagnostics=[])))
    titles = [a.title for a in actions or []]
    assert "Replace 'ResNt-18' with 'ResNet-18' (unsafe)" in titles
    assert "Remove the waiver that suppresses nothing" in titles


@pytest.mark.asyncio
async def test_set_declare_to_what_the_pipeline_shows_is_its_own_action(client: LanguageClient,
                                                                       tmp_path: Path) -> None:
    uri = (tmp_path / "g.pipe").as_uri()
    _open(client, uri, GOOD)
    await _diagnostics(client, uri)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=5, character=0), end=types.Position(line=5, character=5)),
        context=types.CodeActionContext(diagnostics=[])))
    (action,) = [a for a in actions or [] if a.title.startswith("Set declare condition5")]
    (edit,) = action.edit.changes[uri]  # type: ignore[union-attr,index]
    assert edit.new_text == "yes" and edit.range.start.line == 5
    fix_all = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=7, character=0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    assert not any("declare" in a.title for a in fix_all or [])


@pytest.mark.asyncio
async def test_hover_on_a_code_a_vocabulary_name_a_key_and_a_stage(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "h.pipe").as_uri()
    _open(client, uri, GOOD + "")
    await _diagnostics(client, uri)

    async def hover(line: int, word: str) -> str:
        text_line = GOOD.splitlines()[line]
        h = await client.text_document_hover_async(types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=_utf16(text_line, text_line.index(word) + 1))))
        assert h is not None
        return h.contents.value  # type: ignore[union-attr]

    assert "ResNet-18" in await hover(2, "ResNet-18") and "deep" in await hover(2, "ResNet-18")
    assert "task" in await hover(2, "task")
    role = await hover(2, "net")
    assert "model" in role and "Condition #5" in role and "YES" in role
    assert "Condition #5" in await hover(5, "condition5")


@pytest.mark.asyncio
async def test_completion_of_kinds_vocabulary_keys_and_stage_names(client: LanguageClient, tmp_path: Path) -> None:
    text = GOOD.replace("  flow xr -> net -> y\n", "  flow xr -> \n")
    uri = (tmp_path / "c.pipe").as_uri()
    _open(client, uri, text)
    await _diagnostics(client, uri)

    async def labels(line: int, character: int) -> set[str]:
        result = await client.text_document_completion_async(types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            position=types.Position(line=line, character=character)))
        items = result.items if isinstance(result, types.CompletionList) else result or []
        return {i.label for i in items}

    assert {"net", "y", "xr"} <= await labels(4, len("  flow xr -> "))
    assert {"model", "flow", "declare"} <= await labels(4, 2) | await labels(4, 0)
    line2 = text.splitlines()[2]
    assert {"ResNet-50", "DenseNet-121"} <= await labels(2, len("  model net: "))
    assert {"pretrained_on", "training"} <= await labels(2, line2.index("task"))
    assert {"regression", "segmentation"} <= await labels(2, line2.index("classification"))


@pytest.mark.asyncio
async def test_definition_references_rename_symbols_and_formatting(client: LanguageClient, tmp_path: Path) -> None:
    uri = (tmp_path / "r.pipe").as_uri()
    _open(client, uri, GOOD)
    await _diagnostics(client, uri)
    at_flow = types.Position(line=4, character=GOOD.splitlines()[4].index("net") + 1)
    ident = types.TextDocumentIdentifier(uri=uri)
    (loc,) = await client.text_document_definition_async(types.DefinitionParams(  # type: ignore[misc]
        text_document=ident, position=at_flow))
    assert loc.range.start.line == 2
    refs = await client.text_document_references_async(types.ReferenceParams(
        text_document=ident, position=at_flow, context=types.ReferenceContext(include_declaration=True)))
    assert sorted(r.range.start.line for r in refs or []) == [2, 4]
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=ident, position=at_flow, new_name="cnn"))
    assert edit is not None and len(edit.changes[uri]) == 2  # type: ignore[index]
    assert {e.new_text for e in edit.changes[uri]} == {"cnn"}  # type: ignore[index]
    with pytest.raises(Exception, match="already called"):
        await client.text_document_rename_async(types.RenameParams(
            text_document=ident, position=at_flow, new_name="xr"))
    with pytest.raises(Exception, match="not a valid stage name"):
        await client.text_document_rename_async(types.RenameParams(
            text_document=ident, position=at_flow, new_name="flow"))
    symbols = await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=ident))
    assert [s.name for s in symbols or []] == ["xr", "net", "y"]
    messy = GOOD.replace("  input xr: XR image2d", "  input xr: image2d XR")
    uri2 = (tmp_path / "m.pipe").as_uri()
    _open(client, uri2, messy)
    await _diagnostics(client, uri2)
    edits = await client.text_document_formatting_async(types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri2),
        options=types.FormattingOptions(tab_size=2, insert_spaces=True)))
    (tmp_path / "m.pipe").write_text(messy, encoding="utf-8")
    fmt = subprocess.run([sys.executable, "-m", "pipespec", "fmt", str(tmp_path / "m.pipe")], capture_output=True,
                         text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)
    assert edits and edits[0].new_text == fmt.stdout and "xr: XR image2d" in fmt.stdout


@pytest.mark.asyncio
async def test_yaml_files_that_are_not_pipelines_are_left_alone(client: LanguageClient, tmp_path: Path) -> None:
    ci = (tmp_path / "ci.yaml").as_uri()
    _open(client, ci, "jobs:\n  test:\n    runs-on: x\n", "yaml")
    diags = await _diagnostics(client, ci)
    assert diags == []
    study = (tmp_path / "study.yaml").as_uri()
    _open(client, study, "pipeline: p\nstages:\n  - name: ct\n    kind: input\n    modalty: CT\n", "yaml")
    diags = await _diagnostics(client, study)
    assert any("modalty" in d.message for d in diags)


@pytest.mark.asyncio
async def test_a_hostile_document_gets_the_checks_limits_and_never_stalls_the_server(
        client: LanguageClient, tmp_path: Path) -> None:
    hostile = (tmp_path / "h.pipe").as_uri()
    _open(client, hostile, 'pipeline "x" {\n' + "[" * 200_000 + "\n" * 300_000 + '"' + "a" * 600_000)
    good = (tmp_path / "g.pipe").as_uri()
    _open(client, good, GOOD)
    seen: set[str] = set()
    while not {hostile, good} <= seen:
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        seen = set(client.diagnostics)
    assert client.diagnostics[hostile] and all(d.code.startswith("PS") for d in client.diagnostics[hostile])
    h = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=good), position=types.Position(line=2, character=3)))
    assert h is not None


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "pipespec", "lsp"],
    server_env={**os.environ, "PYTHONPATH": str(ROOT)}))
async def utf8_client(lsp_client: LanguageClient):  # type: ignore[no-untyped-def]
    # Neovim and Helix offer UTF-8 first: the server takes it, and must then count columns in UTF-8 bytes
    await lsp_client.initialize_session(types.InitializeParams(capabilities=types.ClientCapabilities(
        general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf8]))))
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_client_that_negotiates_utf8_gets_utf8_columns(utf8_client: LanguageClient, tmp_path: Path) -> None:
    text = TEXT.replace("{ task: classification,", '{ description: "\U0001f9b4 \u00e9", task: classification,')
    uri = (tmp_path / "u.pipe").as_uri()
    _open(utf8_client, uri, text)
    (d,) = await _diagnostics(utf8_client, uri)
    line = text.splitlines()[2]
    col = line.index("pretrianed_on")
    assert (d.range.start.line, d.range.start.character) == (2, len(line[:col].encode("utf-8")))
    assert d.range.end.character == len(line[:col + len("pretrianed_on")].encode("utf-8"))


@pytest.mark.asyncio
async def test_code_actions_asked_for_by_kind_are_the_ones_of_that_kind(client: LanguageClient, tmp_path: Path) -> None:
    # what "fix all on save" (only: source.fixAll) and a quick-fix menu (only: quickfix) ask for; a kind matches
    # the kinds under it (source takes source.fixAll), as the protocol says
    uri = (tmp_path / "k.pipe").as_uri()
    _open(client, uri, TEXT)
    await _diagnostics(client, uri)

    async def kinds(*only: str) -> set[str]:
        actions = await client.text_document_code_action_async(types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=0, character=0), end=types.Position(line=8, character=0)),
            context=types.CodeActionContext(diagnostics=[], only=list(only))))
        return {str(getattr(a.kind, "value", a.kind)) for a in actions or []}

    assert await kinds("source.fixAll") == {"source.fixAll"}
    assert await kinds("source") == {"source.fixAll"}
    assert await kinds("quickfix") == {"quickfix"}
    assert await kinds("refactor") == set()


@pytest.mark.parametrize("new", ["null", "true", "on", "no"])
def test_renaming_a_yaml_stage_to_a_word_yaml_reads_as_another_type_quotes_it(new: str) -> None:
    from pipespec.checker import Options
    from pipespec.cli.lsp import features

    text = ("pipeline: p\nstages:\n  - {name: xr, kind: input, modality: XR, form: image2d}\n"
            "  - {name: net, kind: model, from: [xr], architecture: ResNet-18, task: classification}\n"
            "  - {name: y, kind: output, from: [net], task: classification}\n")
    a = features.Analysis(text, "s.pipe.yaml", "yaml", Options())
    assert features.rename_error(a, new) is None  # a valid stage name (the DSL writes it bare)
    edits = features.rename_edits(a, text.index("net,"), new)
    assert edits is not None and len(edits) == 2
    renamed = text
    for start, end, new_text in sorted(edits, reverse=True):
        renamed = renamed[:start] + new_text + renamed[end:]
    assert not check_text(renamed, "s.pipe.yaml", "yaml").errors
    assert new in {s.name for s in pipespec.load(renamed, format="yaml").stages}


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_set_declare_to_what_the_pipeline_shows_keeps_a_json_or_yaml_document_valid(fmt: str) -> None:
    # a JSON answer is followed by a comma, and YAML may hold the answers in one flow mapping: the action changes
    # only the answer's characters, as the page's answer buttons do
    from pipespec.checker import Options
    from pipespec.cli.lsp import features
    from pipespec.cli.lsp.text import Text
    from pipespec.language.writer import to_json

    p = pipespec.load(GOOD.replace("declare condition5 = no", "declare condition5 = no\n  declare condition1 = no"))
    text = to_json(p) if fmt == "json" else (
        "pipeline: p\nstages:\n  - {name: xr, kind: input, modality: XR, form: image2d}\n"
        "  - {name: net, kind: model, from: [xr], architecture: ResNet-18, task: classification}\n"
        "  - {name: y, kind: output, from: [net], task: classification}\n"
        "declare: {condition5: 'no', condition1: 'no'}\n")
    a = features.Analysis(text, f"s.pipe.{fmt}", fmt, Options())
    actions = {title: (s, e, new) for title, s, e, new, _ in features.declaration_actions(a, Text(text))}
    s, e, new = actions["Set declare condition5 to what the pipeline shows (yes)"]
    fixed = text[:s] + new + text[e:]
    report = check_text(fixed, f"s.pipe.{fmt}", fmt)
    assert not report.errors and report.conditions[5].declared == "yes" and report.conditions[1].declared == "no"
