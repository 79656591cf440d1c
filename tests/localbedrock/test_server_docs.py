"""Examples of docs/localbedrock.md run as written: the Knowledge Bases example in process and, without its
``localbedrock.start()`` line, against `localbedrock serve`; the Python example of "Over HTTP" against the server.
Clients get the environment the server's banner prints. (tests/clients/ runs the AWS CLI commands.)"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs" / "localbedrock.md"


def _first_python_block(heading: str) -> str:
    section = DOCS.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found
    return found.group(1)


def _knowledge_base_example() -> str:
    return _first_python_block("## Knowledge Bases")


@contextmanager
def _served() -> Iterator[dict[str, str]]:
    """A `localbedrock serve`; the environment its banner tells a client to export."""
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        banner = "".join(process.stdout.readline() for _ in range(5)) if process.stdout else ""
        yield dict(re.findall(r"^\s*export (\w+)=(\S+)$", banner, re.MULTILINE))
    finally:
        process.terminate()
        process.wait(timeout=10)


def _run(source: str, env: dict[str, str]) -> str:
    result = subprocess.run([sys.executable, "-c", source], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _clean_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}


def test_the_knowledge_base_example_runs_in_process():
    assert "45 days" in _run(_knowledge_base_example(), _clean_env())


def test_the_knowledge_base_example_runs_over_http():
    source = _knowledge_base_example()
    assert "localbedrock.start()\n" in source
    over_http = source.replace("localbedrock.start()\n", "")
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        banner = "".join(process.stdout.readline() for _ in range(5)) if process.stdout else ""
        exported = dict(re.findall(r"^\s*export (\w+)=(\S+)$", banner, re.MULTILINE))
        assert "45 days" in _run(over_http, {**_clean_env(), **exported})
    finally:
        process.terminate()
        process.wait(timeout=10)
