"""How the GUI's rooms import each other (issue 11): no import cycle between GUI modules, tabs
never import tabs, dialogs never import tabs (the contracts in pyproject.toml; lint-imports checks
them in tests/test_architecture.py, these tests check that they are there)."""

from __future__ import annotations

import tomllib

import grimp
import pytest

from tests.conftest import PROJECT_ROOT

GUI = "qenex_desktop.gui"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("qenex_desktop", cache_dir=None)


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), i.e. the import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for other in sorted(edges[module]):
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"a"}, "c": {"a"}}) == [["a", "b"]]


def test_no_import_cycle_between_gui_modules(graph: grimp.ImportGraph) -> None:
    modules = {m for m in graph.modules if m.startswith(GUI + ".")}
    edges = {m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules}
    assert _cycles(edges) == []


def test_the_contracts_pin_tabs_apart_and_dialogs_below_tabs() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    contracts = config["tool"]["importlinter"]["contracts"]
    independent = [c for c in contracts if c["type"] == "independence"]
    assert [c["modules"] for c in independent] == [[f"{GUI}.tabs.*"]]
    forbidden = [(c["source_modules"], c["forbidden_modules"]) for c in contracts if c["type"] == "forbidden"]
    assert ([f"{GUI}.dialogs"], [f"{GUI}.tabs"]) in forbidden


def test_no_gui_module_guards_against_a_build_without_a_core_part() -> None:
    """The exchange and monitoring are always built in: ``hasattr(type(core), "exchange")`` and
    ``GuiContext.has_exchange()`` were dead branches that a newcomer had to read around."""
    import ast

    offenders = []
    for path in sorted((PROJECT_ROOT / "qenex_desktop" / "gui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "hasattr"
                and isinstance(node.args[0], ast.Call)
                and isinstance(node.args[0].func, ast.Name)
                and node.args[0].func.id == "type"
            ):
                offenders.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Attribute) and node.attr in ("has_exchange", "extras"):
                offenders.append(f"{path.name}:{node.lineno} {node.attr}")
    assert offenders == []


def test_the_layers_contract_puts_every_gui_module_in_a_room(graph: grimp.ImportGraph) -> None:
    """The window over tabs over dialogs over the shared parts, exhaustively: a new module must be
    given its place, so nothing can import upwards unnoticed."""
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())
    layered = [
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "layers" and c["containers"] == [GUI]
    ]
    assert len(layered) == 1 and layered[0]["exhaustive"] is True
    layers = [[name.strip() for name in layer.replace("|", ":").split(":")] for layer in layered[0]["layers"]]
    assert layers[:4] == [["app"], ["screenshots"], ["exchange_demo", "legacy_demo"], ["main_window"]]
    assert layers[5:7] == [["tabs"], ["dialogs"]]
    placed = {name for layer in layers for name in layer}
    children = {m.split(".")[2] for m in graph.modules if m.startswith(GUI + ".")}
    assert children == placed
