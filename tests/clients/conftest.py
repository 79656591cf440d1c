"""Real clients, unchanged, against `localbedrock serve`: the AWS CLI, LangChain and LlamaIndex.

They live in their own virtual environment, .venv-clients (`make setup-clients`, from requirements-clients.lock), so
the course's .venv stays exactly requirements.lock. Each test runs a client in that environment as a subprocess,
pointed at a server by the environment variables the server's banner prints, the way a user would.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CLIENTS_BIN = REPO_ROOT / ".venv-clients" / "bin"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "clients: the AWS CLI, LangChain and LlamaIndex against localbedrock serve (make test-clients)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = not (CLIENTS_BIN / "python").exists()
    for item in items:
        if Path(item.fspath).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.clients)
            if missing:
                item.add_marker(pytest.mark.skip(reason="no .venv-clients: run `make test-clients`, which installs it"))


def needs(service: str, operation: str) -> None:
    """Skip while the emulator lacks ``operation`` (the test then runs as soon as it is implemented)."""
    from localbedrock.coverage import coverage

    if coverage()[service][operation] is None:
        pytest.skip(f"localbedrock does not implement {service} {operation} yet")


@pytest.fixture(scope="module")
def served() -> Iterator[dict[str, str]]:
    """A `localbedrock serve` for the module; yields the environment its banner tells a client to export."""
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "serve", "--port", "0", "--lifecycle-seconds", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = [process.stdout.readline() for _ in range(5)] if process.stdout else []
        exported = dict(re.findall(r"^\s*export (\w+)=(\S+)$", "".join(banner), re.MULTILINE))
        assert "AWS_ENDPOINT_URL" in exported, banner
        yield exported
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def client_env(served: dict[str, str]) -> dict[str, str]:
    """This process's environment without any AWS setting of the machine, plus the server's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["PATH"] = f"{CLIENTS_BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **served}


@pytest.fixture(scope="module")
def run_client(client_env: dict[str, str]) -> Callable[[str], str]:
    """Run Python source in the clients' environment; its standard output (the test fails on a non-zero exit)."""

    def run(source: str) -> str:
        result = subprocess.run(
            [str(CLIENTS_BIN / "python"), "-c", textwrap.dedent(source)],
            env=client_env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        return result.stdout

    return run


@pytest.fixture(scope="module")
def boto(served: dict[str, str]) -> Callable[[str], Any]:
    """boto3 clients of this process pointed at the server (to set up what a client then reads)."""

    def make(service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=served["AWS_ENDPOINT_URL"],
            region_name=served["AWS_DEFAULT_REGION"],
            aws_access_key_id=served["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=served["AWS_SECRET_ACCESS_KEY"],
        )

    return make


@pytest.fixture(scope="module")
def knowledge_base(boto: Callable[[str], Any]) -> str:
    """The id of an ingested knowledge base over the test corpus."""
    from tests.localbedrock.kb_helpers import create_data_source, create_kb, ingest, put_corpus

    agent = boto("bedrock-agent")
    put_corpus(boto("s3"))
    kb_id = create_kb(agent)
    assert ingest(agent, kb_id, create_data_source(agent, kb_id))["status"] == "COMPLETE"
    return kb_id
