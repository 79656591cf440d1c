"""Bad requests get Bedrock's modelled exceptions with AWS-style messages, never a Python traceback."""

from __future__ import annotations

import json

import boto3
import pytest
from bedrock_helpers import CLAUDE, COHERE_EMBED, HAIKU_45, LLAMA_8B, NOVA_MICRO, TITAN_EMBED_V2, TITAN_LITE, user
from botocore.config import Config

import localbedrock

NO_RETRIES = Config(retries={"max_attempts": 1})


def error_of(call, **kwargs) -> tuple[str, str]:
    with pytest.raises(Exception) as caught:
        call(**kwargs)
    error = caught.value.response["Error"]  # a botocore ClientError, parsed from the wire
    return error["Code"], error["Message"]


@pytest.mark.parametrize(
    ("kwargs", "code", "message"),
    [
        (
            {"modelId": "acme.unknown-model-v1", "messages": user("hi")},
            "ValidationException",
            "The provided model identifier is invalid.",
        ),
        (
            {"modelId": CLAUDE, "messages": [{"role": "assistant", "content": [{"text": "hi"}]}]},
            "ValidationException",
            "A conversation must start with a user message",
        ),
        (
            {"modelId": CLAUDE, "messages": [*user("a"), *user("b")]},
            "ValidationException",
            "A conversation must alternate between user and assistant roles",
        ),
        (
            {"modelId": CLAUDE, "messages": user("hi"), "inferenceConfig": {"temperature": 1.5}},
            "ValidationException",
            "Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: "
            "Member must have value less than or equal to 1",
        ),
        (
            {"modelId": CLAUDE, "messages": user("hi"), "inferenceConfig": {"topP": 2}},
            "ValidationException",
            "at 'inferenceConfig.topP'",
        ),
        (
            {"modelId": CLAUDE, "messages": [{"role": "bot", "content": [{"text": "hi"}]}]},
            "ValidationException",
            "Member must satisfy enum value set",
        ),
        (
            {"modelId": CLAUDE, "messages": [{"role": "user", "content": []}]},
            "ValidationException",
            "The content field in the Message object at messages.0 is empty",
        ),
        (
            {"modelId": TITAN_EMBED_V2, "messages": user("hi")},
            "ValidationException",
            "doesn't support the model",
        ),
        (
            {"modelId": TITAN_LITE, "messages": user("word " * 5000)},
            "ValidationException",
            "Input is too long for requested model.",
        ),
        (
            {"modelId": LLAMA_8B, "messages": user("hi"), "inferenceConfig": {"maxTokens": 9000}},
            "ValidationException",
            "exceeds the model limit of 2048",
        ),
    ],
)
def test_converse_rejects_bad_requests_like_bedrock(runtime, kwargs, code, message):
    got_code, got_message = error_of(runtime.converse, **kwargs)
    assert got_code == code
    assert message in got_message


def test_converse_stream_rejects_bad_requests_before_streaming(runtime):
    code, _ = error_of(runtime.converse_stream, modelId=CLAUDE, messages=user("hi"), inferenceConfig={"topP": 3})
    assert code == "ValidationException"


@pytest.mark.parametrize(
    ("model_id", "body", "message"),
    [
        (CLAUDE, {"max_tokens": 10, "messages": []}, "#: required key [anthropic_version] not found"),
        (
            CLAUDE,
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": "ten", "messages": []},
            "#/max_tokens: expected type: Integer, found: String",
        ),
        (
            CLAUDE,
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [], "temperature": 3},
            "#/temperature: 3 is not less or equal to 1",
        ),
        (
            CLAUDE,
            {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 10, "messages": [], "colour": "red"},
            "#: extraneous key [colour] is not permitted",
        ),
        (TITAN_LITE, {"inputText": ""}, "#/inputText: expected minLength: 1, actual: 0"),
        (TITAN_LITE, {"inputText": "hi", "textGenerationConfig": {"maxTokenCount": 5000}}, "is not less or equal"),
        (NOVA_MICRO, {"messages": [{"role": "user", "content": [{"text": "hi"}]}], "schemaVersion": "v9"}, "enum"),
        (LLAMA_8B, {"max_gen_len": 10}, "#: required key [prompt] not found"),
        (TITAN_EMBED_V2, {"inputText": "hi", "dimensions": 300}, "#/dimensions: 300 is not a valid enum value"),
        (COHERE_EMBED, {"texts": ["hi"]}, "#: required key [input_type] not found"),
        (COHERE_EMBED, {"texts": ["t"] * 97, "input_type": "search_query"}, "expected maximum item count: 96"),
    ],
)
def test_invoke_model_validates_each_family_body(runtime, model_id, body, message):
    code, got = error_of(runtime.invoke_model, modelId=model_id, body=json.dumps(body))
    assert code == "ValidationException"
    assert got.startswith("Malformed input request") and message in got


def test_anthropic_conversation_must_start_with_a_user_turn(runtime):
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 10,
        "messages": [{"role": "assistant", "content": "hi"}],
    }
    code, message = error_of(runtime.invoke_model, modelId=CLAUDE, body=json.dumps(body))
    assert (code, message.split(".")[0]) == ("ValidationException", "A conversation must start with a user message")


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1, 2]", b"\xff\xfe", b'{"messages": {"a": 1}}'])
def test_garbage_bodies_get_a_validation_exception_not_a_traceback(runtime, raw):
    code, message = error_of(runtime.invoke_model, modelId=CLAUDE, body=raw)
    assert code == "ValidationException"
    assert "Traceback" not in message


def test_embedding_models_do_not_stream(runtime):
    code, _ = error_of(
        runtime.invoke_model_with_response_stream, modelId=TITAN_EMBED_V2, body=json.dumps({"inputText": "hi"})
    )
    assert code == "ValidationException"


def test_unsupported_content_type_is_rejected(runtime):
    code, _ = error_of(runtime.invoke_model, modelId=CLAUDE, body=b"hi", contentType="text/plain")
    assert code == "ValidationException"


def test_a_model_without_access_raises_access_denied():
    with localbedrock.LocalBedrock(denied_models=[HAIKU_45]):
        client = boto3.client("bedrock-runtime", region_name="us-east-1", config=NO_RETRIES)
        with pytest.raises(client.exceptions.AccessDeniedException, match="don't have access"):
            client.converse(modelId=CLAUDE, messages=user("hi"))
        assert client.converse(modelId=NOVA_MICRO, messages=user("hi"))["stopReason"] == "end_turn"


def test_errors_arrive_as_modelled_exception_classes(runtime):
    with pytest.raises(runtime.exceptions.ValidationException):
        runtime.converse(modelId="acme.unknown-model-v1", messages=user("hi"))


def test_an_unexpected_failure_becomes_an_internal_server_exception(monkeypatch):
    from localbedrock.service import BedrockService

    def broken(self, request):
        raise RuntimeError("bug")

    monkeypatch.setattr(BedrockService, "generate", broken)
    with localbedrock.LocalBedrock():
        client = boto3.client("bedrock-runtime", region_name="us-east-1", config=NO_RETRIES)
        with pytest.raises(client.exceptions.InternalServerException) as caught:
            client.converse(modelId=CLAUDE, messages=user("hi"))
    assert "bug" not in str(caught.value) and "Traceback" not in str(caught.value)


FUZZ_VALUES = [None, 0, -1, 1.5, 10**9, "", "x", [], {}, [1], [{}], {"a": 1}, True, [{"role": "user", "content": "hi"}]]
FUZZ_KEYS = {
    CLAUDE: ["anthropic_version", "max_tokens", "messages", "system", "temperature", "top_k", "stop_sequences"],
    TITAN_LITE: ["inputText", "textGenerationConfig"],
    NOVA_MICRO: ["messages", "system", "inferenceConfig", "schemaVersion"],
    LLAMA_8B: ["prompt", "max_gen_len", "temperature"],
    TITAN_EMBED_V2: ["inputText", "dimensions", "normalize", "embeddingTypes"],
    COHERE_EMBED: ["texts", "input_type", "embedding_types"],
}


def test_random_bodies_get_validation_errors_or_answers_never_internal_errors():
    import random

    rng = random.Random(42)
    with localbedrock.LocalBedrock():
        client = boto3.client("bedrock-runtime", region_name="us-east-1", config=NO_RETRIES)
        codes = set()
        for _ in range(300):
            model_id = rng.choice(list(FUZZ_KEYS))
            body = {key: rng.choice(FUZZ_VALUES) for key in FUZZ_KEYS[model_id] if rng.random() < 0.7}
            try:
                client.invoke_model(modelId=model_id, body=json.dumps(body))["body"].read()
                codes.add("ok")
            except client.exceptions.ClientError as error:
                codes.add(error.response["Error"]["Code"])
    assert codes <= {"ok", "ValidationException"}


def test_a_null_required_member_is_a_type_error(runtime):
    code, message = error_of(runtime.invoke_model, modelId=LLAMA_8B, body=json.dumps({"prompt": None}))
    assert code == "ValidationException" and "#/prompt: expected type: String, found: Null" in message
