"""The language package and the model below it: no import circle, nothing imported from a layer above, caches
as functools.cache functions (no state globals), and a DSL tree walk that dispatches on the node's name."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

import pipespec
from pipespec.language import dsl, lexicon, schema, writer, yaml_

PACKAGE = Path(pipespec.__file__).parent
GRAMMAR = PACKAGE.parent / "grammar" / "pipespec.lark"
BOTTOM = {"pipespec.lazyre", "pipespec.edits", "pipespec.errors", "pipespec.limits", "pipespec.vocab", "pipespec.model", "pipespec.metrics",
          "pipespec.resources"}


def module_name(path: Path) -> str:
    name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return name.removesuffix(".__init__")


def imports(path: Path) -> set[str]:
    """Every pipespec module a file imports, at the top or inside a function, by its module name."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("pipespec"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                is_module = (PACKAGE.parent / (full.replace(".", "/") + ".py")).exists()
                out.add(full if is_module else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("pipespec"))
    return out


LOW = {module_name(p): imports(p) for p in [PACKAGE / "model.py", PACKAGE / "limits.py",
                                             *sorted((PACKAGE / "language").glob("*.py"))]}


@pytest.mark.parametrize("module", sorted(LOW))
def test_nothing_is_imported_from_a_layer_above(module: str) -> None:
    allowed = BOTTOM | ({m for m in LOW if m.startswith("pipespec.language")} if "language" in module else set())
    if module in BOTTOM:  # the bottom modules import only the bottom
        allowed = BOTTOM - {module} | {"pipespec.errors"}
    assert LOW[module] <= allowed | {"pipespec.language"} if "language" in module else LOW[module] <= allowed, \
        sorted(LOW[module] - allowed)


def test_there_is_no_import_circle() -> None:
    graph = {m: {d for d in deps if d in LOW} for m, deps in LOW.items()}
    # a submodule importing from its package runs the package's __init__, which imports the submodules
    for m in graph:
        if m.startswith("pipespec.language.") and "pipespec.language" in LOW[m]:
            graph[m].add("pipespec.language")
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for d in sorted(graph[m]):
            assert state.get(d) != 1, " -> ".join(path + [d])
            if d not in state:
                visit(d, path + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])


def test_the_model_imports_no_language_and_comments_no_builder() -> None:
    code = ("import sys, pipespec.model, pipespec.language.comments, pipespec.language.writer\n"
            "print(sorted(m for m in sys.modules if m.startswith('pipespec.language.')))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "build" not in loaded and "dsl" not in loaded, loaded
    assert not any(d.startswith("pipespec.language") for d in LOW["pipespec.model"])
    assert writer.NAME is lexicon.NAME and writer.RESERVED is lexicon.RESERVED


def test_the_dsl_name_pattern_is_the_grammars() -> None:
    grammar = GRAMMAR.read_text(encoding="utf-8")
    match = re.search(r"^NAME: /(.*)/$", grammar, re.M)
    assert match and match.group(1) == lexicon.NAME.pattern


# --------------------------------------------------------------------------- caches
CACHED = [yaml_._yaml_loader, schema._schema, schema.validator, schema.fast_check, dsl._engine]


@pytest.mark.parametrize("function", CACHED, ids=lambda f: f.__qualname__)
def test_caches_are_functools_cache_functions(function: object) -> None:
    assert hasattr(function, "cache_info") and hasattr(function, "cache_clear")
    assert function() is function()  # type: ignore[operator]


def test_the_fast_schema_check_is_kept_and_cached() -> None:
    check = schema.fast_check()
    assert check is not None and check({"pipeline": "t", "stages": []}) is True
    assert schema.fast_check.cache_info().currsize == 1


def test_no_module_keeps_state_in_globals() -> None:
    for path in [PACKAGE / "model.py", PACKAGE / "limits.py", *(PACKAGE / "language").glob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not [n for n in ast.walk(tree) if isinstance(n, ast.Global)], path.name


# --------------------------------------------------------------------------- the DSL document, built during the parse
def rule_names() -> set[str]:
    """The grammar's rules and aliases that reach the builder (inlined ?rules and _rules do not)."""
    grammar = re.sub(r"//[^\n]*", "", GRAMMAR.read_text(encoding="utf-8"))
    rules = set(re.findall(r"^([a-z][a-z_]*):", grammar, re.M))
    inlined = set(re.findall(r"^\?([a-z][a-z_]*):", grammar, re.M))
    aliases = set(re.findall(r"->\s*([a-z_]+)", grammar))
    return (rules - inlined) | aliases


def test_every_rule_has_its_builder_method() -> None:
    names = rule_names()
    builder = dsl._Builder
    statements = {"stage", "flow", "declare", "expect", "waive", "study", "assess", "facts"}
    values = {"name_value", "string_value", "number_value", "list_value"}
    parts = {"head", "block", "from_clause"}
    atoms = {"word", "call", "quoted", "number"}
    assert statements | values | parts | atoms <= names
    for name in names:  # every rule and alias the parser reduces is the builder's (none builds a tree node)
        assert callable(getattr(builder, name)), name
    for name in parts:
        assert callable(getattr(builder, "part_" + name)), name
    for name in atoms:
        assert callable(getattr(builder, "atom_" + name)), name
        assert callable(getattr(builder, "op_" + name)), name


def test_the_build_has_no_if_chain_on_node_names() -> None:
    source = Path(dsl.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    builder = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "_Builder")
    compares = [ast.unparse(n) for n in ast.walk(builder) if isinstance(n, ast.Compare)
                and any(isinstance(x, ast.Attribute) and x.attr == "data" for x in ast.walk(n))]
    assert compares == [], compares
    assert not re.search(r"\.data\s*(?:==|!=|in\b)", source)
    assert 'getattr(self, "part_" + part)' in source and 'getattr(self, "op_" + what)' in source


def test_an_unknown_part_is_an_error_not_a_silent_skip() -> None:
    builder = dsl._Builder()
    kind, name = ("input", "KIND", 0, 1, 1, 1, 6, 5), ("a", "NAME", 6, 1, 7, 1, 8, 7)  # tokens as the parser shifts
    with pytest.raises(AttributeError):
        builder.stage([kind, name, ("no_such_part", [])])
