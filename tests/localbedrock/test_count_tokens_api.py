"""CountTokens: the input tokens the same Converse or InvokeModel request reports, for the models AWS counts."""

from __future__ import annotations

import json

import pytest
from bedrock_helpers import CLAUDE, NOVA_MICRO, SONNET, user
from kb_helpers import problems

QUESTION = user("How many days do I have to return an item to Acme Outdoor?")
SYSTEM = [{"text": "You answer customer questions briefly."}]


def test_count_tokens_of_a_converse_input_equals_the_usage_converse_reports(runtime):
    counted = runtime.count_tokens(modelId=SONNET, input={"converse": {"messages": QUESTION, "system": SYSTEM}})
    answered = runtime.converse(modelId=SONNET, messages=QUESTION, system=SYSTEM)
    assert not problems("bedrock-runtime", "CountTokens", counted)
    assert counted["inputTokens"] == answered["usage"]["inputTokens"] > 0


def test_count_tokens_of_an_invoke_model_body_equals_the_usage_in_the_response(runtime):
    body = json.dumps(
        {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": [{"role": "user", "content": "Hi"}]}
    )
    counted = runtime.count_tokens(modelId=SONNET, input={"invokeModel": {"body": body}})
    answered = json.loads(runtime.invoke_model(modelId=SONNET, body=body)["body"].read())
    assert counted["inputTokens"] == answered["usage"]["input_tokens"]


def test_count_tokens_is_free(runtime, emulator):
    runtime.count_tokens(modelId=SONNET, input={"converse": {"messages": QUESTION}})
    assert len(emulator.ledger) == 0


@pytest.mark.parametrize("model_id", [CLAUDE, NOVA_MICRO, f"us.{SONNET}"])
def test_count_tokens_for_a_model_aws_does_not_count_raises_validation(runtime, model_id):
    with pytest.raises(runtime.exceptions.ValidationException, match="doesn't support counting tokens"):
        runtime.count_tokens(modelId=model_id, input={"converse": {"messages": QUESTION}})


def test_count_tokens_for_an_unknown_model_raises_validation(runtime):
    with pytest.raises(runtime.exceptions.ValidationException, match="model identifier is invalid"):
        runtime.count_tokens(modelId="acme.unknown-v1", input={"converse": {"messages": QUESTION}})


def test_a_model_served_only_through_a_profile_is_counted_under_its_bare_id(runtime):
    haiku_45 = "anthropic.claude-haiku-4-5-20251001-v1:0"
    counted = runtime.count_tokens(modelId=haiku_45, input={"converse": {"messages": QUESTION}})
    answered = runtime.converse(modelId=f"us.{haiku_45}", messages=QUESTION)
    assert counted["inputTokens"] == answered["usage"]["inputTokens"] > 0
    with pytest.raises(runtime.exceptions.ValidationException, match="doesn't support counting tokens"):
        runtime.count_tokens(modelId=f"us.{haiku_45}", input={"converse": {"messages": QUESTION}})
