"""The AWS CLI (v1), unchanged, against `localbedrock serve`, configured only by the variables the banner prints;
the commands of docs/localbedrock.md's "Over HTTP" run as written there."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import textwrap
from pathlib import Path

from botocore import xform_name

from tests.clients.conftest import CLIENTS_BIN

DOCS = Path(__file__).resolve().parents[2] / "docs" / "localbedrock.md"


def _over_http_section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    return text.split("### Over HTTP", 1)[1].split("\n### ", 1)[0]


def _aws(env: dict[str, str], command: str) -> subprocess.CompletedProcess[str]:
    # The CLI from the clients' environment; the shell parses the command's quoting as a user's would.
    return subprocess.run(
        ["bash", "-c", command], env=env, capture_output=True, text=True, timeout=120, cwd=CLIENTS_BIN
    )


def test_the_docs_commands_run_as_written(client_env):
    commands = re.findall(r"^\$ (aws .+)$", _over_http_section(), re.MULTILINE)
    assert len(commands) >= 2
    for command in commands:
        result = _aws(client_env, command)
        assert result.returncode == 0, f"{command}\n{result.stderr}"
    converse = json.loads(_aws(client_env, commands[0]).stdout)
    assert "Paris" in converse["output"]["message"]["content"][0]["text"]


def test_the_docs_python_example_runs_as_written(run_client):
    blocks = re.findall(r"```python\n(.*?)```", _over_http_section(), re.DOTALL)
    assert blocks
    assert "Paris" in run_client(blocks[0])


def test_the_docs_exports_are_the_banners(served):
    exports = re.search(r"^\$ export (.+)$", _over_http_section(), re.MULTILINE)
    assert exports
    documented = dict(pair.split("=", 1) for pair in shlex.split(exports.group(1)))
    assert set(documented) == set(served)
    assert {k: v for k, v in documented.items() if k != "AWS_ENDPOINT_URL"} == {
        k: v for k, v in served.items() if k != "AWS_ENDPOINT_URL"
    }


def _unimplemented_without_arguments() -> str:
    """An operation of bedrock the emulator does not serve that needs no argument, as an AWS CLI command name."""
    from localbedrock.coverage import coverage
    from localbedrock.wire.shapes import service_model

    model = service_model("bedrock")
    for operation, who in coverage()["bedrock"].items():
        shape = model.operation_model(operation).input_shape
        if who is None and (shape is None or not shape.required_members):
            return operation
    raise AssertionError("every bedrock operation without arguments is implemented: pick another check")


def test_an_unimplemented_operation_is_an_error_the_cli_reports(client_env):
    operation = _unimplemented_without_arguments()
    result = _aws(client_env, f"aws bedrock {xform_name(operation, '-')}")
    assert result.returncode != 0
    assert "NotImplementedException" in result.stderr and operation in result.stderr
    assert "Connection" not in result.stderr


def test_knowledge_base_calls(client_env, knowledge_base):
    query = json.dumps({"text": "How many days do I have to return an item?"})
    result = _aws(
        client_env,
        textwrap.dedent(
            f"""aws bedrock-agent-runtime retrieve --knowledge-base-id {knowledge_base} \\
            --retrieval-query '{query}'"""
        ),
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["retrievalResults"][0]["location"]["s3Location"]["uri"].endswith("returns.md")
