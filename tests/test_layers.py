"""The package follows its data flow: no module imports one of a later layer, no circles.

``model → io → graph → solvers → check → export / visualizations / services → api / cli``
(docs/design.md, "Architecture"). The foundations (errors, messages, i18n,
names) import nothing of the package but each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "mentornet"

#: Each top-level module or package of mentornet and its layer; a module may
#: import only from its own or an earlier layer.
LAYERS: dict[str, int] = {
    "messages": 0, "i18n": 0, "names": 0, "errors": 0,
    "model": 1,
    "io": 2, "generate": 2, "scenario": 2, "diff": 2, "explain": 2, "profile": 2,
    "graph": 3,
    "solvers": 4,
    "check": 5,
    "planning": 6,
    # audit reads the candidate graph for the site-based shape (reach, coverable needs): a report.
    "export_labels": 7, "export": 7, "profile_report": 7, "audit": 7, "visualizations": 7, "rebalance": 7, "plan_many": 7, "db": 7,
    "services": 8,
    "api": 9, "cli": 9,
    "__main__": 10, "__init__": 10,
}


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> list[tuple[str, str, str]]:
    """(importing file, its top-level part, imported top-level part) for every mentornet import."""
    out = []
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "migrations":
            continue
        here = rel.parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("mentornet"):
                targets = [node.module]
                if node.module == "mentornet":
                    targets = [f"mentornet.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("mentornet")]
            else:
                continue
            for t in targets:
                there = _top(t)
                if there != here:
                    out.append((str(rel), here, there))
    return out


def test_every_part_has_a_layer():
    parts = {p.name.removesuffix(".py") for p in SRC.iterdir() if (p.suffix == ".py" or (p.is_dir() and (p / "__init__.py").exists()))}
    parts.discard("migrations")
    assert parts <= set(LAYERS), f"give these a layer: {sorted(parts - set(LAYERS))}"


def test_nothing_imports_back_up_the_data_flow():
    back = [f"{f}: {here} (layer {LAYERS[here]}) imports {there} (layer {LAYERS[there]})"
            for f, here, there in _imports() if LAYERS.get(there, 0) > LAYERS.get(here, 0)]
    assert not back, "\n".join(back)


def _resolve(module: str, name: str) -> str:
    """``from module import name``: the submodule when ``name`` is one, else the module."""
    base = SRC.parent.joinpath(*module.split("."))
    if (base / f"{name}.py").exists() or (base / name / "__init__.py").exists():
        return f"{module}.{name}"
    return module


@pytest.mark.parametrize("level", ["package", "module"])
def test_no_import_circles(level):
    g = nx.DiGraph()
    for path in SRC.rglob("*.py"):
        rel = path.relative_to(SRC)
        if rel.parts[0] == "migrations":
            continue
        name = ".".join(("mentornet", *rel.with_suffix("").parts)).removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module.startswith("mentornet"):
                for alias in node.names:
                    g.add_edge(name, _resolve(node.module, alias.name))
    if level == "package":
        g = nx.DiGraph((_top(a), _top(b)) for a, b in g.edges if _top(a) != _top(b))
    cycles = list(nx.simple_cycles(g))
    assert not cycles, cycles
