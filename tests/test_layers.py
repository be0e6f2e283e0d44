"""The import structure of the package, read from the source with ``ast`` (imports inside functions included):
no import circle between modules, and no module importing from a layer above its own.

Layers, from the bottom: the core values (errors, limits, vocab, model, metrics) -> sheet scoring (scoring) ->
language -> analysis -> report -> render (with the sheets' renderer) -> the drivers (config, checker, batch,
strategies, ...) -> cli.  A module may import from its
own layer or below.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "pipespec"

# layer index -> module names (a name ending in ".*" stands for a package and every module in it)
LAYERS: list[tuple[str, ...]] = [
    ("pipespec.lazyre", "pipespec.edits", "pipespec.errors", "pipespec.limits", "pipespec.vocab", "pipespec.model", "pipespec.metrics",
     "pipespec.resources", "pipespec.data", "pipespec.data.*"),
    ("pipespec.scoring", "pipespec.scoring.*"),  # rater sheets and agreement: the METRICS score alone
    ("pipespec.language", "pipespec.language.*"),
    ("pipespec.analysis", "pipespec.analysis.*"),
    ("pipespec.report",),
    ("pipespec.render", "pipespec.render.*"),
    ("pipespec.config", "pipespec.checker", "pipespec.fixing", "pipespec.batch", "pipespec.strategies",
     "pipespec.starter", "pipespec.sheet_import",
     "pipespec.sheets", "pipespec.sheets_render", "pipespec.agreement", "pipespec",
     "pipespec.draft", "pipespec.draft.*"),  # the last three: old names
    ("pipespec.cli", "pipespec.cli.*", "pipespec.__main__"),
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(module: str) -> int:
    for k, names in enumerate(LAYERS):
        for name in names:
            if module == name or (name.endswith(".*") and module.startswith(name[:-1])):
                return k
    raise AssertionError(f"{module} has no layer: add it to LAYERS in {Path(__file__).name}")


def _resolve(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[:len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """(imported pipespec module, line) for every import statement in the module, wherever it stands."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _known(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            target = _resolve(module, path.name == "__init__.py", node)
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                yield from _known(sub if sub in MODULES else target, node.lineno)


def _known(name: str, line: int) -> Iterator[tuple[str, int]]:
    while name and name not in MODULES:  # `import pipespec.language.dsl` names the module itself
        name = name.rpartition(".")[0]
    if name.startswith("pipespec"):
        yield name, line


GRAPH: dict[str, dict[str, int]] = {}
for _m in MODULES:
    GRAPH[_m] = {}
    for _target, _line in imports_of(_m):
        if _target != _m:
            GRAPH[_m].setdefault(_target, _line)


def upward_imports() -> list[tuple[str, str, int]]:
    return [(m, t, line) for m, targets in GRAPH.items() for t, line in targets.items()
            if layer_of(t) > layer_of(m)]


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(GRAPH):
        if v not in index:
            visit(v)
    return out


def test_the_import_reader_sees_imports_inside_functions() -> None:
    # the command line imports its sub-commands lazily, inside main(); the reader must still see the edge
    assert "pipespec.cli.commands" in GRAPH["pipespec.cli"]
    assert "pipespec.render" in GRAPH["pipespec.cli.commands"]


def test_every_module_has_a_layer() -> None:
    for m in MODULES:
        layer_of(m)


def test_no_import_circle() -> None:
    found = cycles()
    assert not found, "import circles: " + "; ".join(" <-> ".join(c) for c in found)


def test_no_import_from_a_higher_layer() -> None:
    bad = [f"{MODULES[m].relative_to(PACKAGE.parent)}:{line}: {m} (layer {layer_of(m)}) imports {t} "
           f"(layer {layer_of(t)})" for m, t, line in upward_imports()]
    assert not bad, "\n".join(bad)



def test_the_old_names_of_sheet_scoring_are_the_moved_modules() -> None:
    # sheet scoring moved to its own package (and its renderer under render/); code written against the old
    # module names gets the very same modules, so a patch through an old name reaches the code that runs
    import importlib

    for old, new in (("pipespec.sheets", "pipespec.scoring.sheets"), ("pipespec.agreement", "pipespec.scoring.agreement"),
                     ("pipespec.sheets_render", "pipespec.render.sheets")):
        assert importlib.import_module(old) is importlib.import_module(new), old
    from pipespec.scoring.sheets import score_sheets as moved
    from pipespec.sheets import score_sheets

    assert score_sheets is moved
