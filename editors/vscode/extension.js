// The client: starts `pipespec lsp` (a setting names the command) for .pipe files and for YAML/JSON documents;
// the server itself answers only for pipelines (a YAML or JSON document whose top level has both `pipeline` and
// `stages`), so other YAML and JSON files are left alone.
"use strict";
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("pipespec");
  const command = config.get("command", "pipespec");
  const args = config.get("args", ["lsp"]);
  const server = { command, args, transport: TransportKind.stdio };
  client = new LanguageClient("pipespec", "pipespec", { run: server, debug: server }, {
    documentSelector: [
      { scheme: "file", language: "pipespec" },
      { scheme: "file", language: "yaml" },
      { scheme: "file", language: "json" },
    ],
  });
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration("pipespec")) {
      vscode.window.showInformationMessage("pipespec: reload the window to use the new server settings.");
    }
  }));
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
