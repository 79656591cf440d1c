"""The package's layering (docs/localbedrock.md): the domain never imports the wire layer or moto."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import localbedrock

PACKAGE = Path(localbedrock.__file__).parent
DOMAIN = [
    "catalog",
    "errors",
    "tokens",
    "lexicon",
    "knowledge",
    "model",
    "prompt",
    "generator",
    "embeddings",
    "paraphrases",
    "faults",
    "ledger",
    "extraction",
    "tools",
    "service",
    "inference_profiles",
    "application_profiles",
    "batch",
    "tags",
    "customization",
]


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", DOMAIN)
def test_domain_modules_import_neither_the_wire_layer_nor_moto_nor_boto(module):
    imports = imported_modules(PACKAGE / f"{module}.py")
    assert not {m for m in imports if m.startswith(("localbedrock.wire", "localbedrock.activation", "moto", "boto"))}


def test_only_the_install_module_touches_moto_response_classes():
    touching = {
        path.name
        for path in (PACKAGE / "wire").glob("*.py")
        if any(m.startswith(("moto.bedrock", "moto.bedrockruntime")) for m in imported_modules(path))
    }
    assert touching == {"install.py"}
