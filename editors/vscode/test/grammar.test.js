// Grammar test: tokenise test/sample.pipe with vscode-textmate (the engine VS Code uses) and compare every token's
// scopes with the committed snapshot test/sample.pipe.snap. UPDATE_SNAPSHOT=1 npm test rewrites the snapshot.
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const here = __dirname;
const root = path.join(here, "..");

async function registry() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== "source.pipespec") return null;
      const file = path.join(root, "syntaxes", "pipespec.tmLanguage.json");
      return vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
}

function render(grammar, text) {
  const out = [];
  let stack = vsctm.INITIAL;
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, stack);
    out.push(`> ${line}`);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (!piece.trim()) continue;
      const scopes = t.scopes.filter((s) => s !== "source.pipespec");
      out.push(`  ${JSON.stringify(piece)} ${scopes.join(" ") || "-"}`);
    }
    stack = r.ruleStack;
  }
  return out.join("\n") + "\n";
}

test("sample.pipe tokenises as the snapshot says", async () => {
  const grammar = await (await registry()).loadGrammar("source.pipespec");
  const text = fs.readFileSync(path.join(here, "sample.pipe"), "utf8");
  const got = render(grammar, text);
  const snap = path.join(here, "sample.pipe.snap");
  if (process.env.UPDATE_SNAPSHOT) fs.writeFileSync(snap, got);
  assert.strictEqual(got, fs.readFileSync(snap, "utf8"));
});

test("key constructs get their scopes", async () => {
  const grammar = await (await registry()).loadGrammar("source.pipespec");
  const scopesOf = (line, word) => {
    const r = grammar.tokenizeLine(line, vsctm.INITIAL);
    const t = r.tokens.find((t) => line.slice(t.startIndex, t.endIndex) === word);
    assert.ok(t, `no token ${word} in ${line}`);
    return t.scopes;
  };
  assert.ok(scopesOf("  model net: ResNet-50", "model").includes("storage.type.stage.pipespec"));
  assert.ok(scopesOf("  model net: ResNet-50", "net").includes("entity.name.stage.pipespec"));
  assert.ok(scopesOf('  waive C503 "x" at net', "C503").includes("constant.other.rule-code.pipespec"));
  assert.ok(scopesOf("  flow a -> b", "->").includes("keyword.operator.arrow.pipespec"));
  assert.ok(scopesOf("  x # note", "# note").includes("comment.line.number-sign.pipespec"));
  assert.ok(scopesOf("  declare condition5 = yes", "yes").includes("constant.language.answer.pipespec"));
  assert.ok(scopesOf("  model m { epochs: 30 }", "30").includes("constant.numeric.pipespec"));
  assert.ok(!scopesOf("  model m: ResNet-50", "ResNet-50").includes("constant.numeric.pipespec"));
});
