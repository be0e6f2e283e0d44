"""``pipespec lsp``: the Language Server Protocol over standard input and output (pygls).

A thin layer: each feature converts positions and calls :mod:`pipespec.cli.lsp.features`, which runs the same
check, fixes and formatter as the command line. Checks run in a worker thread, never on the event loop; a change
waits ``DEBOUNCE`` seconds for the next one, and a newer change cancels the check of an older one (its result is
never published).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from pipespec.cli.lsp import features
from pipespec.cli.lsp.text import Position, Text

DEBOUNCE = 0.1  # seconds a change waits for the next one before it is checked
ANSWER_WITHIN = 0.1  # hover and completion: an answer later than this is worth nothing

_SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
             "info": lsp.DiagnosticSeverity.Information}
_COMPLETION_KIND = {"keyword": lsp.CompletionItemKind.Keyword, "stage": lsp.CompletionItemKind.Variable,
                    "value": lsp.CompletionItemKind.EnumMember, "key": lsp.CompletionItemKind.Property,
                    "code": lsp.CompletionItemKind.Constant, "item": lsp.CompletionItemKind.Constant,
                    "vocabulary": lsp.CompletionItemKind.Class}


class PipespecServer(LanguageServer):
    def __init__(self, options: Any = None) -> None:
        from pipespec import __version__
        from pipespec.checker import Options

        super().__init__("pipespec", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.options = options or Options()
        self.analyses: dict[str, tuple[int | None, features.Analysis]] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="pipespec-check")

    # documents --------------------------------------------------------------------
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or "utf-16")

    def text_of(self, uri: str) -> tuple[str, str, int | None] | None:
        """(path, text, version) of an open pipeline document; ``None`` for any other document."""
        doc = self.workspace.get_text_document(uri)
        path = doc.path or uri
        if not features.is_pipeline_document(path, doc.source):
            return None
        return path, doc.source, doc.version

    def analyse(self, uri: str) -> features.Analysis | None:
        """The analysis of the document as it is now (computed here when the last one is of an older version)."""
        found = self.text_of(uri)
        if found is None:
            return None
        path, text, version = found
        known = self.analyses.get(uri)
        if known is not None and known[0] == version and known[1].source == text:
            return known[1]
        analysis = features.Analysis(text, path, features.format_of(path), self.options)
        self.analyses[uri] = (version, analysis)
        return analysis

    def schedule(self, uri: str, delay: float) -> None:
        old = self.pending.pop(uri, None)
        if old is not None:
            old.cancel()
        self.pending[uri] = asyncio.ensure_future(self._check_later(uri, delay))

    async def _check_later(self, uri: str, delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            found = self.text_of(uri)
            if found is None:
                self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
                return
            path, text, version = found
            loop = asyncio.get_running_loop()
            analysis = await loop.run_in_executor(
                self.pool, features.Analysis, text, path, features.format_of(path), self.options)
            if self.text_of(uri) != found:  # changed meanwhile: the newer check publishes
                return
            self.analyses[uri] = (version, analysis)
            diags = self.diagnostics(analysis, Text(text, self.encoding()))
            self.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, version=version,
                                                                                 diagnostics=diags))
        except asyncio.CancelledError:
            raise
        finally:
            if self.pending.get(uri) is asyncio.current_task():
                del self.pending[uri]

    def diagnostics(self, a: features.Analysis, text: Text) -> list[lsp.Diagnostic]:
        out = []
        for d in features.diagnostics(a, text):
            out.append(lsp.Diagnostic(
                range=self.range(text, d.start, d.end), message=d.message, code=d.code, source="pipespec",
                severity=_SEVERITY.get(d.severity, lsp.DiagnosticSeverity.Information),
                data={"fix": d.fix} if d.fix else None))
        return out

    @staticmethod
    def range(text: Text, start: int, end: int) -> lsp.Range:
        a, b = text.position(start), text.position(end)
        return lsp.Range(start=lsp.Position(line=a.line, character=a.character),
                         end=lsp.Position(line=b.line, character=b.character))

    def offset(self, text: Text, position: lsp.Position) -> int:
        return text.offset(Position(position.line, position.character))


def _asked(kind: Any, only: list[str]) -> bool:
    """Whether a code action of ``kind`` is one of the kinds asked for: a kind takes the kinds under it
    (``source`` takes ``source.fixAll``). An enum's str() is its class and member name, so values are compared."""
    value = str(getattr(kind, "value", kind))
    return any(value == k or value.startswith(k + ".") for k in only)


def build(options: Any = None) -> PipespecServer:
    server = PipespecServer(options)

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PipespecServer, params: lsp.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PipespecServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PipespecServer, params: lsp.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PipespecServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        task = ls.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        ls.analyses.pop(uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    async def current(ls: PipespecServer, uri: str,
                      budget: float | None = None) -> tuple[features.Analysis, Text] | None:
        """The document's analysis, computed off the event loop when the last one is older; with a ``budget``
        (hover, completion), nothing when it cannot be had in time (a check of a large text is running)."""
        known = ls.analyses.get(uri)
        found = ls.text_of(uri)
        if found is None:
            return None
        if known is not None and known[1].source == found[1]:
            a: features.Analysis | None = known[1]
        else:
            job = asyncio.get_running_loop().run_in_executor(ls.pool, ls.analyse, uri)
            try:
                a = await (asyncio.wait_for(asyncio.shield(job), budget) if budget is not None else job)
            except TimeoutError:
                return None
        return None if a is None else (a, Text(a.source, ls.encoding()))

    @server.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: PipespecServer, params: lsp.HoverParams) -> lsp.Hover | None:
        found = await current(ls, params.text_document.uri, ANSWER_WITHIN)
        if found is None:
            return None
        a, text = found
        doc = features.hover(a, ls.offset(text, params.position))
        return None if doc is None else lsp.Hover(contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=doc))

    @server.feature(lsp.TEXT_DOCUMENT_COMPLETION,
                    lsp.CompletionOptions(trigger_characters=[" ", ":", ">", ",", "["]))
    async def completion(ls: PipespecServer, params: lsp.CompletionParams) -> lsp.CompletionList:
        found = await current(ls, params.text_document.uri, ANSWER_WITHIN)
        if found is None:
            return lsp.CompletionList(is_incomplete=False, items=[])
        a, text = found
        items = [lsp.CompletionItem(label=c.label, kind=_COMPLETION_KIND.get(c.kind), detail=c.detail or None)
                 for c in features.completions(a, ls.offset(text, params.position))]
        return lsp.CompletionList(is_incomplete=False, items=items)

    async def locations(ls: PipespecServer, uri: str, position: lsp.Position, definition_only: bool,
                  include_definition: bool = True) -> list[lsp.Location]:
        found = await current(ls, uri)
        if found is None:
            return []
        a, text = found
        occurrence = a.occurrence_at(ls.offset(text, position))
        if occurrence is None:
            return []
        return [lsp.Location(uri=uri, range=ls.range(text, o.start, o.end)) for o in a.occurrences
                if o.name == occurrence.name and (o.definition or not definition_only)
                and (include_definition or not o.definition)]

    @server.feature(lsp.TEXT_DOCUMENT_DEFINITION)
    async def definition(ls: PipespecServer, params: lsp.DefinitionParams) -> list[lsp.Location]:
        return await locations(ls, params.text_document.uri, params.position, True)

    @server.feature(lsp.TEXT_DOCUMENT_REFERENCES)
    async def references(ls: PipespecServer, params: lsp.ReferenceParams) -> list[lsp.Location]:
        return await locations(ls, params.text_document.uri, params.position, False,
                         params.context.include_declaration)

    @server.feature(lsp.TEXT_DOCUMENT_PREPARE_RENAME)
    async def prepare_rename(ls: PipespecServer, params: lsp.PrepareRenameParams) -> lsp.Range | None:
        found = await current(ls, params.text_document.uri)
        if found is None:
            return None
        a, text = found
        o = a.occurrence_at(ls.offset(text, params.position))
        return None if o is None else ls.range(text, o.start, o.end)

    @server.feature(lsp.TEXT_DOCUMENT_RENAME)
    async def rename(ls: PipespecServer, params: lsp.RenameParams) -> lsp.WorkspaceEdit | None:
        from pygls.exceptions import JsonRpcInvalidParams

        found = await current(ls, params.text_document.uri)
        if found is None:
            return None
        a, text = found
        why = features.rename_error(a, params.new_name)
        if why is not None:
            raise JsonRpcInvalidParams(why)
        edits = features.rename_edits(a, ls.offset(text, params.position), params.new_name)
        if edits is None:
            raise JsonRpcInvalidParams("no stage name here to rename")
        return lsp.WorkspaceEdit(changes={params.text_document.uri: [
            lsp.TextEdit(range=ls.range(text, s, e), new_text=new) for s, e, new in edits]})

    @server.feature(lsp.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    async def symbols(ls: PipespecServer, params: lsp.DocumentSymbolParams) -> list[lsp.DocumentSymbol]:
        found = await current(ls, params.text_document.uri)
        if found is None:
            return []
        a, text = found
        kinds = {}
        if a.pipeline is not None:
            kinds = {s.name: s.kind for s in a.pipeline.stages}
        out = []
        for o in a.occurrences:
            if o.definition:
                r = ls.range(text, o.start, o.end)
                out.append(lsp.DocumentSymbol(name=o.name, detail=kinds.get(o.name, ""),
                                              kind=lsp.SymbolKind.Variable, range=r, selection_range=r))
        return out

    @server.feature(lsp.TEXT_DOCUMENT_FORMATTING)
    async def formatting(ls: PipespecServer, params: lsp.DocumentFormattingParams) -> list[lsp.TextEdit] | None:
        found = await current(ls, params.text_document.uri)
        if found is None:
            return None
        a, text = found
        new = features.formatted(a)
        if new is None or new == a.source:
            return [] if new is not None else None
        return [lsp.TextEdit(range=ls.range(text, 0, len(a.source)), new_text=new)]

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix,
                                                             lsp.CodeActionKind.SourceFixAll]))
    async def code_action(ls: PipespecServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        from pipespec.edits import Edit
        from pipespec.fixing import fixes_for

        uri = params.text_document.uri
        found = await current(ls, uri)
        if found is None:
            return []
        a, text = found
        lo, hi = ls.offset(text, params.range.start), ls.offset(text, params.range.end)
        actions: list[lsp.CodeAction] = []
        safe_edits: list[Edit] = []
        for problem, fix in fixes_for(a.report):
            edits = [lsp.TextEdit(range=ls.range(text, text.offset_of(e.line, e.column),
                                                 text.offset_of(e.end_line, e.end_column)), new_text=e.new_text)
                     for e in fix.edits]
            if fix.safe:
                safe_edits.extend(fix.edits)
            start, end = features.problem_range(text, problem)
            if start > hi or end < lo:
                continue
            title = fix.title[:1].upper() + fix.title[1:] + ("" if fix.safe else " (unsafe)")
            actions.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix,
                                          edit=lsp.WorkspaceEdit(changes={uri: edits}),
                                          is_preferred=fix.safe))
        for title, s, e, new, _line in features.declaration_actions(a, text):
            if s <= hi and lo <= e or text.line_column(s)[0] in (text.line_column(lo)[0], text.line_column(hi)[0]):
                actions.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix,
                                              edit=lsp.WorkspaceEdit(changes={uri: [
                                                  lsp.TextEdit(range=ls.range(text, s, e), new_text=new)]})))
        only = [str(getattr(k, "value", k)) for k in params.context.only or ()]  # kinds arrive as plain text
        if safe_edits and (not only or _asked(lsp.CodeActionKind.SourceFixAll, only)):
            # what `pipespec check --fix` writes: pass after pass, a pass that adds errors undone
            fixed: str | None = await asyncio.get_running_loop().run_in_executor(
                ls.pool, _fix_all, a.source, a.path, a.format, ls.options)
            if fixed is not None and fixed != a.source:
                actions.append(lsp.CodeAction(
                    title="Fix all safe pipespec problems", kind=lsp.CodeActionKind.SourceFixAll,
                    edit=lsp.WorkspaceEdit(changes={uri: [
                        lsp.TextEdit(range=ls.range(text, 0, len(a.source)), new_text=fixed)]})))
        if only:
            actions = [x for x in actions if _asked(x.kind, only)]
        return actions

    return server


def _fix_all(text: str, path: str, fmt: str, options: Any) -> str | None:
    from pipespec.fixing import fix_text

    try:
        return fix_text(text, path, fmt, options).text
    except (ValueError, RecursionError):
        return None


def serve(options: Any = None) -> int:
    """Serve over standard input and output until the client says exit. The protocol gets its own copies of the
    two descriptors: the streams it closes at the end are not the program's."""
    import os

    with os.fdopen(os.dup(0), "rb") as stdin, os.fdopen(os.dup(1), "wb") as stdout:
        build(options).start_io(stdin, stdout)
    return 0
