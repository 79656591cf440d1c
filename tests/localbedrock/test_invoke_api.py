"""InvokeModel and InvokeModelWithResponseStream with each family's native body."""

from __future__ import annotations

import json

import pytest
from bedrock_helpers import (
    CLAUDE,
    LLAMA_8B,
    MISTRAL_7B,
    NOVA_MICRO,
    TITAN_EXPRESS,
    TITAN_LITE,
    invoke,
    stream_chunks,
)

QUESTION = "What is the capital of France?"
ANSWER = "The capital of France is Paris."

ANTHROPIC_BODY = {
    "anthropic_version": "bedrock-2023-05-31",
    "max_tokens": 200,
    "system": "You are a geography tutor.",
    "messages": [{"role": "user", "content": [{"type": "text", "text": QUESTION}]}],
}
TITAN_BODY = {"inputText": QUESTION, "textGenerationConfig": {"maxTokenCount": 100, "temperature": 0}}
NOVA_BODY = {
    "schemaVersion": "messages-v1",
    "system": [{"text": "You are a geography tutor."}],
    "messages": [{"role": "user", "content": [{"text": QUESTION}]}],
    "inferenceConfig": {"maxTokens": 100},
}
LLAMA_BODY = {
    "prompt": "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n"
    f"{QUESTION}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
    "max_gen_len": 100,
}
MISTRAL_BODY = {"prompt": f"<s>[INST] {QUESTION} [/INST]", "max_tokens": 100}


def test_anthropic_messages_body(runtime):
    body = invoke(runtime, CLAUDE, ANTHROPIC_BODY)
    assert body["type"] == "message" and body["role"] == "assistant"
    assert body["content"] == [{"type": "text", "text": ANSWER}]
    assert body["stop_reason"] == "end_turn" and body["stop_sequence"] is None
    assert body["usage"]["input_tokens"] > 0 and body["usage"]["output_tokens"] > 0


def test_anthropic_max_tokens_and_stop_sequences(runtime):
    truncated = invoke(runtime, CLAUDE, ANTHROPIC_BODY | {"max_tokens": 2})
    assert truncated["stop_reason"] == "max_tokens"
    stopped = invoke(runtime, CLAUDE, ANTHROPIC_BODY | {"stop_sequences": ["Paris"]})
    assert stopped["stop_reason"] == "stop_sequence" and stopped["stop_sequence"] == "Paris"


def test_anthropic_stream_events_run_from_message_start_to_message_stop(runtime):
    chunks = stream_chunks(runtime, CLAUDE, ANTHROPIC_BODY)
    types = [c["type"] for c in chunks]
    assert types[:2] == ["message_start", "content_block_start"]
    assert types[-3:] == ["content_block_stop", "message_delta", "message_stop"]
    text = "".join(c["delta"]["text"] for c in chunks if c["type"] == "content_block_delta")
    assert text == ANSWER
    assert chunks[-1]["amazon-bedrock-invocationMetrics"]["outputTokenCount"] > 0


def test_titan_text_body(runtime):
    body = invoke(runtime, TITAN_EXPRESS, TITAN_BODY)
    assert body["inputTextTokenCount"] > 0
    assert body["results"][0]["outputText"] == ANSWER
    assert body["results"][0]["completionReason"] == "FINISH"


def test_titan_text_length_limit_reports_length(runtime):
    body = invoke(runtime, TITAN_LITE, TITAN_BODY | {"textGenerationConfig": {"maxTokenCount": 2}})
    assert body["results"][0]["completionReason"] == "LENGTH"
    assert body["results"][0]["tokenCount"] == 2


def test_nova_messages_v1_body(runtime):
    body = invoke(runtime, NOVA_MICRO, NOVA_BODY)
    assert body["output"]["message"]["content"][0]["text"] == ANSWER
    assert body["stopReason"] == "end_turn"
    assert body["usage"]["totalTokens"] == body["usage"]["inputTokens"] + body["usage"]["outputTokens"]


def test_nova_accepts_max_new_tokens(runtime):
    body = invoke(runtime, NOVA_MICRO, NOVA_BODY | {"inferenceConfig": {"max_new_tokens": 2}})
    assert body["stopReason"] == "max_tokens"


def test_llama3_body_reads_the_chat_template(runtime):
    body = invoke(runtime, LLAMA_8B, LLAMA_BODY)
    assert body["generation"] == ANSWER
    assert body["stop_reason"] == "stop"
    assert body["prompt_token_count"] > 0 and body["generation_token_count"] > 0


def test_mistral_body(runtime):
    body = invoke(runtime, MISTRAL_7B, MISTRAL_BODY)
    assert body["outputs"] == [{"text": ANSWER, "stop_reason": "stop"}]


@pytest.mark.parametrize(
    ("model_id", "body", "text_of"),
    [
        (TITAN_EXPRESS, TITAN_BODY, lambda c: c["outputText"]),
        (NOVA_MICRO, NOVA_BODY, lambda c: c.get("contentBlockDelta", {}).get("delta", {}).get("text", "")),
        (LLAMA_8B, LLAMA_BODY, lambda c: c["generation"]),
        (MISTRAL_7B, MISTRAL_BODY, lambda c: c["outputs"][0]["text"]),
    ],
)
def test_streamed_chunks_join_to_the_non_streamed_text(runtime, model_id, body, text_of):
    chunks = stream_chunks(runtime, model_id, body)
    assert "".join(text_of(c) for c in chunks) == ANSWER
    assert "amazon-bedrock-invocationMetrics" in chunks[-1]


def test_invoke_model_reports_token_counts_in_headers(runtime):
    response = runtime.invoke_model(modelId=CLAUDE, body=json.dumps(ANTHROPIC_BODY))
    headers = response["ResponseMetadata"]["HTTPHeaders"]
    body = json.loads(response["body"].read())
    assert int(headers["x-amzn-bedrock-input-token-count"]) == body["usage"]["input_tokens"]
    assert int(headers["x-amzn-bedrock-output-token-count"]) == body["usage"]["output_tokens"]
    assert response["contentType"] == "application/json"


def test_invoke_and_converse_agree_on_the_answer(runtime):
    converse = runtime.converse(
        modelId=CLAUDE,
        system=[{"text": "You are a geography tutor."}],
        messages=[{"role": "user", "content": [{"text": QUESTION}]}],
        inferenceConfig={"maxTokens": 200},
    )
    body = invoke(runtime, CLAUDE, ANTHROPIC_BODY)
    assert body["content"][0]["text"] == converse["output"]["message"]["content"][0]["text"]
    assert body["usage"]["input_tokens"] == converse["usage"]["inputTokens"]


def test_titan_stream_counts_output_tokens_up_to_the_total(runtime):
    total = invoke(runtime, TITAN_EXPRESS, TITAN_BODY)["results"][0]["tokenCount"]
    counts = [c["totalOutputTextTokenCount"] for c in stream_chunks(runtime, TITAN_EXPRESS, TITAN_BODY)]
    assert counts == sorted(counts) and counts[-1] == total


def test_invoke_model_reports_the_performance_and_service_tier_it_used(runtime):
    default = runtime.invoke_model(modelId=CLAUDE, body=json.dumps(ANTHROPIC_BODY))
    assert (default["performanceConfigLatency"], default["serviceTier"]) == ("standard", "default")
    optimized = runtime.invoke_model(
        modelId=CLAUDE, body=json.dumps(ANTHROPIC_BODY), performanceConfigLatency="optimized", serviceTier="flex"
    )
    assert (optimized["performanceConfigLatency"], optimized["serviceTier"]) == ("optimized", "flex")
