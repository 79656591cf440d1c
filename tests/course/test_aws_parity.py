"""Delete ``localbedrock.start()`` and a lesson or lab runs on AWS: the notebooks use nothing else of the emulator.

A notebook may import ``localbedrock`` and call ``start``, ``stop`` and ``active``. Anything that exists only in the
emulator (the fault injection ``localbedrock.Faults``, the object ``start()`` returns and its ledger) may appear only
in a cell marked as such by its first line, ``# Emulator only: <why>``, so that a learner on AWS knows to skip it and
no later cell needs what it computes. Token counts, prices and model facts come from the AWS APIs and
``bedrock_course``, never from the emulator's modules.
"""

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted(
    path.relative_to(ROOT).as_posix()
    for folder in ("lessons", "solutions", "labs")
    for path in (ROOT / folder).rglob("*.ipynb")
    if ".ipynb_checkpoints" not in path.parts
)
ANYWHERE = frozenset({"start", "stop", "active"})
EMULATOR_ONLY = frozenset({"Faults"})
MARKER = "# Emulator only:"


def _python(source: str) -> str:
    """A cell's source with IPython's magics and shell escapes blanked, so that ``ast`` can read it."""
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.splitlines())


class _Uses(ast.NodeVisitor):
    """Every use of localbedrock in one cell, as (line, what) pairs, given the names already bound to it."""

    def __init__(self, modules: set[str], emulators: set[str], emulator_only: bool) -> None:
        self.modules, self.emulators, self.emulator_only = modules, emulators, emulator_only
        self.problems: list[tuple[int, str]] = []

    def _allowed(self, name: str) -> bool:
        return name in ANYWHERE or (self.emulator_only and name in EMULATOR_ONLY)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "localbedrock":
                self.modules.add(alias.asname or alias.name)
            elif alias.name.startswith("localbedrock."):
                self.problems.append((node.lineno, f"import {alias.name}"))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module == "localbedrock":
            for alias in node.names:
                if not self._allowed(alias.name):
                    self.problems.append((node.lineno, f"from localbedrock import {alias.name}"))
        elif module.startswith("localbedrock."):
            self.problems.append((node.lineno, f"from {module} import ..."))

    def _is_emulator(self, node: ast.expr) -> bool:
        """Whether ``node`` is a call of ``start()`` or ``active()``: the emulator object."""
        return (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id in self.modules
            and node.func.attr in ("start", "active")
        )

    def visit_Assign(self, node: ast.Assign) -> None:
        if self._is_emulator(node.value):
            self.emulators.update(t.id for t in node.targets if isinstance(t, ast.Name))
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self._is_emulator(node.value) and not self.emulator_only:
            self.problems.append((node.lineno, f".{node.attr} of the emulator object outside a marked cell"))
        if isinstance(node.value, ast.Name):
            name = node.value.id
            if name in self.modules and not self._allowed(node.attr):
                self.problems.append((node.lineno, f"{name}.{node.attr}"))
            elif name in self.emulators and not self.emulator_only:
                self.problems.append((node.lineno, f"{name}.{node.attr} (the emulator object) outside a marked cell"))
            if name in self.modules or name in self.emulators:
                return
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.modules:
            self.problems.append((node.lineno, f"{node.id} used as a value"))
        elif node.id in self.emulators and not self.emulator_only and isinstance(node.ctx, ast.Load):
            self.problems.append((node.lineno, f"{node.id} (the emulator object) outside a marked cell"))


def emulator_uses(notebook: dict) -> list[str]:
    """What a notebook uses of localbedrock beyond start/stop/active, one line per use naming its code cell."""
    modules: set[str] = set()
    emulators: set[str] = set()
    found = []
    code_cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    for number, cell in enumerate(code_cells, start=1):
        source = "".join(cell["source"])
        uses = _Uses(modules, emulators, emulator_only=source.lstrip().startswith(MARKER))
        uses.visit(ast.parse(_python(source)))
        found += [f"code cell {number}, line {line}: {what}" for line, what in uses.problems]
    return found


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_a_notebook_uses_only_start_stop_active_and_marked_emulator_features(path):
    uses = emulator_uses(json.loads((ROOT / path).read_text()))
    assert not uses, f"{path} uses localbedrock beyond start/stop/active:\n" + "\n".join(uses)


def _cells(*sources: str) -> dict:
    return {"cells": [{"cell_type": "code", "source": source} for source in sources]}


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        (["import localbedrock\nlocalbedrock.start()", "localbedrock.stop()"], []),
        (["import localbedrock\nlocalbedrock.count_tokens('x')"], ["code cell 1, line 2: localbedrock.count_tokens"]),
        (["import localbedrock as lb\nlb.catalog.CATALOG"], ["code cell 1, line 2: lb.catalog"]),
        (["from localbedrock.catalog import CATALOG"], ["code cell 1, line 1: from localbedrock.catalog import ..."]),
        (["from localbedrock import count_tokens"], ["code cell 1, line 1: from localbedrock import count_tokens"]),
        (["import localbedrock.catalog"], ["code cell 1, line 1: import localbedrock.catalog"]),
        (["import localbedrock", "f(localbedrock)"], ["code cell 2, line 1: localbedrock used as a value"]),
        (
            ["import localbedrock\nlocalbedrock.start(faults=localbedrock.Faults(seed=1))"],
            ["code cell 1, line 2: localbedrock.Faults"],
        ),
        (["# Emulator only: faults\nimport localbedrock\nlocalbedrock.start(faults=localbedrock.Faults())"], []),
        (
            ["import localbedrock\nemulator = localbedrock.start()", "print(emulator.ledger)"],
            ["code cell 2, line 1: emulator.ledger (the emulator object) outside a marked cell"],
        ),
        (["import localbedrock\nemulator = localbedrock.start()", "# Emulator only: bill\nemulator.ledger"], []),
        (["%matplotlib inline\nimport localbedrock\nlocalbedrock.active()"], []),
        (
            ["import localbedrock\nlocalbedrock.active().ledger"],
            ["code cell 1, line 2: .ledger of the emulator object outside a marked cell"],
        ),
    ],
)
def test_emulator_uses_finds_every_spelling(sources, expected):
    assert emulator_uses(_cells(*sources)) == expected
