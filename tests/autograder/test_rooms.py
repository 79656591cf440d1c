"""The autograder's rooms: no import circles, and each room imports only the rooms below it.

Imports inside functions count too: a circle hidden in a function is still a circle in the design.
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import REPO_ROOT

PACKAGE = REPO_ROOT / "autograder"
# Lower rooms never import higher ones; the entry points (command line, Gradescope's run_autograder) sit on top.
ROOMS = ("sandbox", "course", "grading", "instructor")
TOP = len(ROOMS)


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO_ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The autograder modules ``path`` imports (a name imported from a package counts as its submodule if one)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module in known:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in known else node.module)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports_of(path, set(found)) - {name} for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups


def rank(module: str) -> int:
    if module == "autograder":
        return -1  # the package itself holds only __version__
    room = module.split(".")[1]
    return ROOMS.index(room) if room in ROOMS else TOP


def test_the_autograder_has_no_import_circle():
    assert circles(graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_each_room_imports_only_rooms_below_it():
    upward = [
        f"{source} imports {target}"
        for source, targets in graph().items()
        for target in targets
        if rank(target) > rank(source)
    ]
    assert upward == []


def test_the_rooms_exist_and_the_entry_points_stay_where_users_call_them():
    names = set(modules())
    assert {f"autograder.{room}" for room in ROOMS} <= names
    assert {"autograder.cli", "autograder.gradescope", "autograder.__main__"} <= names
