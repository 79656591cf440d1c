"""The model interface: any backend with a profile and generate()/embed() serves every API for its model id."""

from __future__ import annotations

from dataclasses import replace

import boto3
import pytest
from bedrock_helpers import CLAUDE, HAIKU_45, TITAN_EMBED_V2, invoke, reply_text, user

import localbedrock
from localbedrock.catalog import CATALOG
from localbedrock.model import (
    END_TURN,
    EmbeddingModel,
    EmbeddingRequest,
    EmbeddingResult,
    TextModel,
    TextRequest,
    TextResult,
)

CUSTOM_ARN = "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.nova-micro-v1:0:128k/abcdef123456"


class EchoModel:
    """A stand-in for a fine-tuned model or a real local model."""

    def __init__(self) -> None:
        self.profile = replace(CATALOG[HAIKU_45], model_id=CUSTOM_ARN, name="support-style")
        self.requests: list[TextRequest] = []

    def generate(self, request: TextRequest) -> TextResult:
        self.requests.append(request)
        return TextResult(f"echo: {request.messages[-1].text}", END_TURN, 3, 2, 42)


class OnesModel:
    def __init__(self) -> None:
        self.profile = CATALOG[TITAN_EMBED_V2]

    def embed(self, request: EmbeddingRequest) -> EmbeddingResult:
        vectors = tuple(tuple(1.0 for _ in range(request.dimensions)) for _ in request.texts)
        return EmbeddingResult(vectors, input_tokens=1, latency_ms=1)


def test_backends_satisfy_the_protocols():
    assert isinstance(EchoModel(), TextModel) and isinstance(OnesModel(), EmbeddingModel)


@pytest.fixture
def echo():
    with localbedrock.LocalBedrock() as running:
        backend = EchoModel()
        running.service.register(CUSTOM_ARN, backend)
        yield backend


def test_a_registered_backend_answers_converse(echo):
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    response = client.converse(modelId=CUSTOM_ARN, messages=user("hello"), inferenceConfig={"maxTokens": 7})
    assert reply_text(response) == "echo: hello"
    assert response["usage"] == {"inputTokens": 3, "outputTokens": 2, "totalTokens": 5}
    assert response["metrics"]["latencyMs"] == 42
    assert echo.requests[0].max_tokens == 7


def test_a_registered_backend_answers_its_family_invoke_body(echo):
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 10,
        "messages": [{"role": "user", "content": "hi"}],
    }
    assert invoke(client, CUSTOM_ARN, body)["content"][0]["text"] == "echo: hi"


def test_a_registered_embedding_backend_replaces_the_default():
    with localbedrock.LocalBedrock() as running:
        running.service.register(TITAN_EMBED_V2, OnesModel())
        client = boto3.client("bedrock-runtime", region_name="us-east-1")
        body = invoke(client, TITAN_EMBED_V2, {"inputText": "x", "dimensions": 256, "normalize": False})
    assert body["embedding"] == [1.0] * 256


def test_sleep_waits_the_simulated_latency_scaled(monkeypatch):
    waited: list[float] = []
    monkeypatch.setattr("localbedrock.service.time.sleep", waited.append)
    with localbedrock.LocalBedrock(sleep=0.5):
        client = boto3.client("bedrock-runtime", region_name="us-east-1")
        response = client.converse(modelId=CLAUDE, messages=user("hi"))
    assert waited == [response["metrics"]["latencyMs"] / 1000 * 0.5]


def test_rules_script_the_reply_for_matching_prompts():
    with localbedrock.LocalBedrock(rules={r"\bweather\b": "It is sunny in the lab today."}):
        client = boto3.client("bedrock-runtime", region_name="us-east-1")
        scripted = client.converse(modelId=CLAUDE, messages=user("What's the weather like?"))
        other = client.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))
        truncated = client.converse(modelId=CLAUDE, messages=user("weather?"), inferenceConfig={"maxTokens": 2})
    assert reply_text(scripted) == "It is sunny in the lab today."
    assert reply_text(other) == "The capital of France is Paris."
    assert truncated["stopReason"] == "max_tokens"


def test_an_invalid_rule_is_reported_when_configured():
    with pytest.raises(ValueError, match="not a valid regular expression"):
        localbedrock.LocalBedrock(rules=[("(unclosed", "x")])
