"""No import circles among our packages (actions, bot, console, huurwijzer), counting imports inside
functions too: a circle held together by a late import is still one the reader has to untangle."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, FrozenSet, List, Set

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("actions", "bot", "console", "huurwijzer")

def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> Dict[str, Set[str]]:
    modules = {module_name(p): p for package in PACKAGES for p in (ROOT / package).rglob("*.py")}
    graph: Dict[str, Set[str]] = {}
    for name, path in modules.items():
        imported: Set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names if alias.name in modules}
            elif isinstance(node, ast.ImportFrom) and (node.module or node.level):
                base = node.module or ""
                if node.level:  # relative: from . import x / from .a import b
                    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else []))
                submodules = {f"{base}.{alias.name}" for alias in node.names} & set(modules)
                imported |= submodules
                if base in modules and len(submodules) < len(node.names):
                    imported.add(base)
        graph[name] = imported - {name}
    return graph


def cycles(graph: Dict[str, Set[str]]) -> List[FrozenSet[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: Dict[str, int] = {}
    low: Dict[str, int] = {}
    stack: List[str] = []
    found: List[FrozenSet[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circles() -> None:
    assert [sorted(circle) for circle in cycles(import_graph())] == []


def test_the_check_sees_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [frozenset({"a", "b", "c"})]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_counts_imports_inside_functions() -> None:
    graph = import_graph()
    assert "huurwijzer.reports.retention" in graph["bot.avg"]  # only imported inside a function there
    assert "actions.sdk_turn" in graph["actions.personal_actions"]
