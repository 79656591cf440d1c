"""``localbedrock serve`` as a server: every failure is an AWS-shaped response, connections are kept alive, many
clients are served at once, and ``start()``'s options are on the command line."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
import pytest
from bedrock_helpers import NOVA_MICRO, user
from botocore.config import Config

from localbedrock.server import DUMMY_CREDENTIALS, serve
from localbedrock.wire import gateway

SCOPE = "AWS4-HMAC-SHA256 Credential=testing/20261205/us-east-1/{}/aws4_request, SignedHeaders=host, Signature=0"
CONVERSE = json.dumps({"messages": user("What is the capital of France?")})


@pytest.fixture
def in_process() -> Iterator[tuple[str, int]]:
    """A server in this process (so a test can break a part of it), on a free port."""
    server, emulator = serve(port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[:2]
    finally:
        server.shutdown()
        server.server_close()
        emulator.stop()


def _request(
    connection: http.client.HTTPConnection, method: str, path: str, body: str = "", signing_name: str = "bedrock"
) -> tuple[int, dict[str, str], bytes]:
    headers = {"Authorization": SCOPE.format(signing_name), "Content-Type": "application/json"}
    connection.request(method, path, body=body.encode(), headers=headers)
    response = connection.getresponse()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_an_unimplemented_operation_is_a_501_naming_it_and_the_coverage_table(in_process):
    connection = http.client.HTTPConnection(*in_process, timeout=30)
    status, headers, body = _request(connection, "GET", "/automated-reasoning-policies")
    assert status == 501 and headers["x-amzn-errortype"] == "NotImplementedException"
    message = json.loads(body)["message"]
    assert "ListAutomatedReasoningPolicies" in message and "coverage table" in message


def test_a_crash_inside_the_emulator_is_a_500_and_the_server_keeps_serving(in_process, monkeypatch):
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("simulated crash")

    connection = http.client.HTTPConnection(*in_process, timeout=30)
    monkeypatch.setattr(gateway.BotocoreStubber, "process_request", crash)
    status, headers, body = _request(connection, "POST", f"/model/{NOVA_MICRO}/converse", CONVERSE)
    assert status == 500 and headers["x-amzn-errortype"] == "InternalServerException"
    assert "simulated crash" in json.loads(body)["message"]
    monkeypatch.undo()
    status, _, body = _request(connection, "POST", f"/model/{NOVA_MICRO}/converse", CONVERSE)
    assert status == 200 and "Paris" in json.loads(body)["output"]["message"]["content"][0]["text"]


def test_errors_of_an_xml_service_are_xml(in_process):
    connection = http.client.HTTPConnection(*in_process, timeout=30)
    status, _, body = _request(connection, "GET", "/no-such-bucket/key", signing_name="s3")
    assert status == 404 and b"<Code>NoSuchBucket</Code>" in body
    status, headers, body = gateway.error_reply("s3", 500, "InternalError", "a <broken> part")
    assert status == 500 and headers["Content-Type"] == "text/xml"
    assert b"<Error><Code>InternalError</Code><Message>a &lt;broken&gt; part</Message>" in body


def test_one_connection_serves_many_requests(in_process):
    connection = http.client.HTTPConnection(*in_process, timeout=30)
    for _ in range(3):
        status, headers, _ = _request(connection, "POST", f"/model/{NOVA_MICRO}/converse", CONVERSE)
        assert status == 200 and headers.get("connection", "keep-alive").lower() != "close"
    sock = connection.sock
    _request(connection, "GET", "/foundation-models")
    assert connection.sock is sock  # the same socket: the server kept the connection open


def test_32_concurrent_clients_are_all_answered(in_process):
    host, port = in_process
    config = Config(max_pool_connections=32, retries={"max_attempts": 1}, connect_timeout=5, read_timeout=30)
    client = boto3.client(
        "bedrock-runtime",
        endpoint_url=f"http://{host}:{port}",
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=config,
    )

    def call(i: int) -> str:
        return client.converse(modelId=NOVA_MICRO, messages=user(f"What is {i} plus {i}?"))["stopReason"]

    with ThreadPoolExecutor(max_workers=32) as pool:
        stops = list(pool.map(call, range(96)))
    assert len(stops) == 96 and set(stops) == {"end_turn"}


def _serve(*options: str) -> Iterator[tuple[str, list[str]]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "serve", "--port", "0", *options], stdout=subprocess.PIPE, text=True
    )
    try:
        banner = [process.stdout.readline() for _ in range(5)] if process.stdout else []
        found = re.search(r"http://127\.0\.0\.1:\d+", banner[0])
        assert found, banner
        yield found.group(0), banner
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def served_with() -> Iterator[Callable[..., tuple[str, list[str]]]]:
    running: list[Iterator[tuple[str, list[str]]]] = []

    def start(*options: str) -> tuple[str, list[str]]:
        running.append(_serve(*options))
        return next(running[-1])

    yield start
    for generator in running:
        generator.close()


def _client(service: str, url: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        config=Config(retries={"max_attempts": 1}),
    )


def test_the_banner_gives_the_environment_a_client_needs(served_with):
    url, banner = served_with()
    text = "".join(banner)
    assert f"export AWS_ENDPOINT_URL={url}" in text
    assert "export AWS_DEFAULT_REGION=us-east-1" in text
    for name, value in DUMMY_CREDENTIALS.items():
        assert f"export {name}={value}" in text


def test_fault_and_access_options_reach_the_emulator(served_with):
    url, _ = served_with("--unavailable-rate", "1", "--deny-model", "amazon.nova-pro-v1:0")
    runtime = _client("bedrock-runtime", url)
    with pytest.raises(runtime.exceptions.ServiceUnavailableException) as unavailable:
        runtime.converse(modelId=NOVA_MICRO, messages=user("Hi"))
    assert unavailable.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503
    with pytest.raises(runtime.exceptions.AccessDeniedException):
        runtime.converse(modelId="amazon.nova-pro-v1:0", messages=user("Hi"))


def test_a_tokens_per_minute_quota_throttles(served_with):
    url, _ = served_with("--tokens-per-minute", "30")
    runtime = _client("bedrock-runtime", url)
    runtime.converse(modelId=NOVA_MICRO, messages=user("What is the capital of France?"))
    with pytest.raises(runtime.exceptions.ThrottlingException):
        for _ in range(5):
            runtime.converse(modelId=NOVA_MICRO, messages=user("What is the capital of France?"))


def test_rules_and_lifecycle_options_reach_the_emulator(served_with):
    url, _ = served_with("--rule", "capital", "Pinned answer.", "--lifecycle-seconds", "0")
    runtime = _client("bedrock-runtime", url)
    reply = runtime.converse(modelId=NOVA_MICRO, messages=user("What is the capital of France?"))
    assert reply["output"]["message"]["content"][0]["text"] == "Pinned answer."


def test_a_busy_port_is_a_one_line_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = subprocess.run(
            [sys.executable, "-m", "localbedrock", "serve", "--port", port], capture_output=True, text=True, timeout=60
        )
    assert result.returncode != 0
    assert "cannot listen" in result.stderr and "Traceback" not in result.stderr


def test_an_encoder_is_named_on_the_command_line(served_with):
    url, _ = served_with("--encoder", "tests.localbedrock.ones_encoder:OnesEncoder")
    body = json.dumps({"inputText": "anything at all", "dimensions": 256})
    reply = _client("bedrock-runtime", url).invoke_model(modelId="amazon.titan-embed-text-v2:0", body=body)
    vector = json.loads(reply["body"].read())["embedding"]
    assert len(vector) == 256 and len(set(vector)) == 1


def test_a_request_sleeping_its_latency_lets_others_reach_the_emulator(monkeypatch):
    # with the sleep option, concurrent clients wait in parallel: the state lock is free while a request sleeps
    locked_while_sleeping = []
    monkeypatch.setattr(time, "sleep", lambda seconds: locked_while_sleeping.append(gateway.STATE_LOCK.locked()))
    server, emulator = serve(port=0, sleep=1.0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection(*server.server_address[:2], timeout=30)
        status, _, _ = _request(connection, "POST", f"/model/{NOVA_MICRO}/converse", CONVERSE)
    finally:
        server.shutdown()
        server.server_close()
        emulator.stop()
    assert status == 200 and locked_while_sleeping == [False]


def test_a_crash_while_routing_is_a_500_too(in_process, monkeypatch):
    def crash(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("routing crash")

    monkeypatch.setattr(gateway, "aws_host", crash)
    connection = http.client.HTTPConnection(*in_process, timeout=30)
    status, headers, body = _request(connection, "POST", f"/model/{NOVA_MICRO}/converse", CONVERSE)
    assert status == 500 and headers["x-amzn-errortype"] == "InternalServerException"
    assert "routing crash" in json.loads(body)["message"]


def test_count_tokens_guardrails_and_rerank_answer_over_http(in_process):
    """The runtime additions route over HTTP like the rest: CountTokens and ApplyGuardrail on bedrock-runtime,
    CreateGuardrail on bedrock, Rerank on bedrock-agent-runtime."""
    host, port = in_process
    options = {"region_name": "us-west-2", "endpoint_url": f"http://{host}:{port}", **_credentials()}
    runtime = boto3.client("bedrock-runtime", **options)
    counted = runtime.count_tokens(
        modelId="anthropic.claude-3-5-sonnet-20240620-v1:0",
        input={"converse": {"messages": user("How long is the return window?")}},
    )
    assert counted["inputTokens"] > 0
    bedrock = boto3.client("bedrock", **options)
    created = bedrock.create_guardrail(
        name="no-pricing-talk",
        topicPolicyConfig={
            "topicsConfig": [
                {
                    "name": "Prices",
                    "definition": "Questions about what products cost.",
                    "examples": ["How much is the kettle?"],
                    "type": "DENY",
                }
            ]
        },
        blockedInputMessaging="Sorry.",
        blockedOutputsMessaging="Sorry.",
        tags=[{"key": "team", "value": "support"}],
    )
    listed = bedrock.list_tags_for_resource(resourceARN=created["guardrailArn"])["tags"]
    assert listed == [{"key": "team", "value": "support"}]

    def apply(text: str) -> dict:
        return runtime.apply_guardrail(
            guardrailIdentifier=created["guardrailId"],
            guardrailVersion="DRAFT",
            source="INPUT",
            content=[{"text": {"text": text}}],
        )

    assert apply("What is the weather like today?")["action"] == "NONE"
    blocked = apply("How much is the grinder?")
    assert blocked["action"] == "GUARDRAIL_INTERVENED" and blocked["outputs"] == [{"text": "Sorry."}]
    agent_runtime = boto3.client("bedrock-agent-runtime", **options)
    ranked = agent_runtime.rerank(
        queries=[{"type": "TEXT", "textQuery": {"text": "return window"}}],
        sources=[
            {"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": text}}}
            for text in ("Returns are accepted within 60 days.", "Shipping takes three days.")
        ],
        rerankingConfiguration={
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {
                "modelConfiguration": {"modelArn": "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"}
            },
        },
    )
    assert ranked["results"][0]["index"] == 0


def _credentials() -> dict[str, str]:
    return {"aws_access_key_id": DUMMY_CREDENTIALS["AWS_ACCESS_KEY_ID"], "aws_secret_access_key": "testing"}
