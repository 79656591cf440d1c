"""Wire fidelity: lower bounds botocore checks client-side (checked again for other clients), embedding input
limits, and InvokeModelWithResponseStream's content type."""

from __future__ import annotations

import json

import pytest
from bedrock_helpers import CLAUDE, COHERE_EMBED, TITAN_EMBED_V2, user
from botocore.config import Config


def test_max_tokens_zero_is_refused_even_without_client_side_validation(emulator):
    import boto3

    unchecked = boto3.client("bedrock-runtime", region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(unchecked.exceptions.ValidationException, match="greater than or equal to 1"):
        unchecked.converse(modelId=CLAUDE, messages=user("hi"), inferenceConfig={"maxTokens": 0})


def test_titan_v2_refuses_more_than_50000_characters(runtime):
    with pytest.raises(runtime.exceptions.ValidationException, match="maxLength: 50000"):
        runtime.invoke_model(modelId=TITAN_EMBED_V2, body=json.dumps({"inputText": "a" * 50_001}))


def test_titan_v2_refuses_more_than_8192_tokens(runtime):
    text = " ".join(["12"] * 9000)  # 9,000 tokens in 26,999 characters
    with pytest.raises(runtime.exceptions.ValidationException, match=r"Too many input tokens\. Max input tokens: 8192"):
        runtime.invoke_model(modelId=TITAN_EMBED_V2, body=json.dumps({"inputText": text}))


def test_cohere_cuts_long_texts_unless_truncate_is_none(runtime):
    text = " ".join(["ab"] * 600)  # 600 tokens in 1,799 characters
    body = {"texts": [text], "input_type": "search_document"}
    ok = json.loads(runtime.invoke_model(modelId=COHERE_EMBED, body=json.dumps(body))["body"].read())
    assert len(ok["embeddings"]) == 1
    with pytest.raises(runtime.exceptions.ValidationException, match="512 tokens"):
        runtime.invoke_model(modelId=COHERE_EMBED, body=json.dumps(body | {"truncate": "NONE"}))
    with pytest.raises(runtime.exceptions.ValidationException, match="maxLength: 2048"):
        runtime.invoke_model(modelId=COHERE_EMBED, body=json.dumps(body | {"texts": ["a" * 2049]}))


def test_invoke_model_with_response_stream_reports_its_content_type(runtime):
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 20,
        "messages": [{"role": "user", "content": "Hi"}],
    }
    out = runtime.invoke_model_with_response_stream(modelId=CLAUDE, body=json.dumps(body))
    assert out["contentType"] == "application/json"
    assert list(out["body"])


def test_lower_bounds_of_every_operation_are_checked(emulator):
    import boto3

    unchecked = boto3.client("bedrock", region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(unchecked.exceptions.ValidationException, match=r"'maxResults' failed.*greater than or equal"):
        unchecked.list_guardrails(maxResults=0)
