"""The package layout shows the flow, and imports go one way down it (issue 10).

Every import in extractor/, top-level or inside a function, is resolved to the module it names;
a module may import its own package or one listed before it in LAYERS, and the module graph
has no cycle.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "extractor"
LAYERS = ["core", "read", "structure", "extract", "model", "pipeline", "store", "query", "cli"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Modules of the package that `path` imports, as dotted names."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("extractor"):
                out.add(target)
                out.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("extractor"))
    modules = {_module_name(p) for p in PKG.rglob("*.py")}
    return {m for m in out if m in modules and m != name}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


GRAPH = {_module_name(p): _imports(p) for p in sorted(PKG.rglob("*.py"))}


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if _layer(m) is not None))
def test_a_module_imports_only_its_own_layer_or_the_ones_before_it(module):
    mine = _layer(module)
    upward = sorted(m for m in GRAPH[module] if (_layer(m) or 0) > mine)
    assert upward == [], f"{module} imports later stages: {upward}"


def test_the_module_graph_has_no_cycle():
    state: dict[str, int] = {}

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for n in sorted(GRAPH.get(m, ())):
            if n.endswith("__init__") or n == "extractor":
                continue
            assert state.get(n) != 1, "import cycle: " + " -> ".join(path + [n])
            if n not in state:
                visit(n, path + [n])
        state[m] = 2

    for m in GRAPH:
        if m not in state:
            visit(m, [m])


def test_every_stage_package_says_what_it_owns_and_may_import():
    for layer in LAYERS:
        init = PKG / layer / "__init__.py"
        if layer == "pipeline":
            init = PKG / "pipeline.py"
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc, f"{init} has no docstring"
        if layer not in ("pipeline", "cli", "core"):
            assert "May import:" in doc, f"{init} does not say what it may import"
