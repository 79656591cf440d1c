"""Converse and ConverseStream through boto3: responses parsed by botocore against the real service model."""

from __future__ import annotations

import subprocess
import sys

import pytest
from bedrock_helpers import CLAUDE, HAIKU_45, NOVA_MICRO, RETURNS_CONTEXT, SONNET, TITAN_EXPRESS, reply_text, user

from localbedrock.catalog import CATALOG
from localbedrock.tokens import count_tokens


def test_converse_returns_every_required_member(runtime):
    response = runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert response["output"]["message"]["role"] == "assistant"
    assert reply_text(response) == "The capital of France is Paris."
    assert response["stopReason"] == "end_turn"
    assert set(response["usage"]) >= {"inputTokens", "outputTokens", "totalTokens"}
    assert response["metrics"]["latencyMs"] > 0


def test_usage_counts_tokens_with_the_documented_approximation(runtime):
    question = "What is the capital of France?"
    system = "You are a geography tutor."
    response = runtime.converse(modelId=CLAUDE, system=[{"text": system}], messages=user(question))
    usage = response["usage"]
    assert usage["inputTokens"] == count_tokens(system) + count_tokens(question)
    assert usage["outputTokens"] == count_tokens(reply_text(response))
    assert usage["totalTokens"] == usage["inputTokens"] + usage["outputTokens"]


def test_latency_comes_from_the_model_latency_profile_and_token_counts(runtime):
    response = runtime.converse(modelId=NOVA_MICRO, messages=user("What is the capital of France?"))
    usage = response["usage"]
    expected = CATALOG[NOVA_MICRO].latency.latency_ms(usage["inputTokens"], usage["outputTokens"])
    assert response["metrics"]["latencyMs"] == expected


def test_a_larger_model_is_slower_than_a_smaller_one_for_the_same_request(runtime):
    def latency(model_id: str) -> int:
        return runtime.converse(modelId=model_id, messages=user("What is the capital of France?"))["metrics"][
            "latencyMs"
        ]

    assert latency(SONNET) > latency(CLAUDE) > latency(NOVA_MICRO)


def test_stream_text_equals_the_non_streamed_text(runtime):
    kwargs = {"modelId": CLAUDE, "messages": user(RETURNS_CONTEXT), "inferenceConfig": {"temperature": 0.9}}
    expected = runtime.converse(**kwargs)
    events = list(runtime.converse_stream(**kwargs)["stream"])
    streamed = "".join(e["contentBlockDelta"]["delta"]["text"] for e in events if "contentBlockDelta" in e)
    assert streamed == reply_text(expected)
    assert len([e for e in events if "contentBlockDelta" in e]) > 1


def test_stream_events_come_in_bedrock_order_with_usage_and_metrics(runtime):
    events = list(runtime.converse_stream(modelId=CLAUDE, messages=user("Hello"))["stream"])
    kinds = [next(iter(e)) for e in events]
    assert kinds[0] == "messageStart"
    assert set(kinds[1:-3]) == {"contentBlockDelta"}
    assert kinds[-3:] == ["contentBlockStop", "messageStop", "metadata"]
    assert events[-2]["messageStop"]["stopReason"] == "end_turn"
    metadata = events[-1]["metadata"]
    assert metadata["usage"]["totalTokens"] > 0 and metadata["metrics"]["latencyMs"] > 0


def test_max_tokens_truncates_with_stop_reason_max_tokens(runtime):
    response = runtime.converse(modelId=CLAUDE, messages=user(RETURNS_CONTEXT), inferenceConfig={"maxTokens": 3})
    assert response["stopReason"] == "max_tokens"
    assert response["usage"]["outputTokens"] == 3


def test_stop_sequence_ends_the_answer_before_it(runtime):
    response = runtime.converse(
        modelId=CLAUDE, messages=user(RETURNS_CONTEXT), inferenceConfig={"stopSequences": ["days"]}
    )
    assert response["stopReason"] == "stop_sequence"
    assert reply_text(response).endswith("45 ")


def test_stream_reports_the_same_stop_reason(runtime):
    events = runtime.converse_stream(modelId=CLAUDE, messages=user(RETURNS_CONTEXT), inferenceConfig={"maxTokens": 2})[
        "stream"
    ]
    assert [e["messageStop"]["stopReason"] for e in events if "messageStop" in e] == ["max_tokens"]


def test_document_blocks_ground_the_answer(runtime):
    messages = [
        {
            "role": "user",
            "content": [
                {"text": "How long do refunds take?"},
                {
                    "document": {
                        "name": "refund-policy",
                        "format": "txt",
                        "source": {"bytes": b"Refunds are issued within 10 business days of receiving the item."},
                    }
                },
            ],
        }
    ]
    response = runtime.converse(modelId=CLAUDE, messages=messages, inferenceConfig={"temperature": 0})
    assert "10 business days" in reply_text(response)


def test_multi_turn_answers_the_last_user_turn(runtime):
    messages = [
        *user("Hello"),
        {"role": "assistant", "content": [{"text": "Hello! How can I help you today?"}]},
        *user("What is the capital of Japan?"),
    ]
    assert "Tokyo" in reply_text(runtime.converse(modelId=CLAUDE, messages=messages))


def test_inference_profile_ids_and_foundation_model_arns_name_the_same_model(runtime):
    arn = f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}"
    answers = {
        reply_text(runtime.converse(modelId=model_id, messages=user("What is the capital of France?")))
        for model_id in (NOVA_MICRO, f"us.{NOVA_MICRO}", arn)
    }
    assert len(answers) == 1


@pytest.mark.parametrize("model_id", [CLAUDE, TITAN_EXPRESS, NOVA_MICRO])
def test_identical_requests_give_identical_responses(runtime, model_id):
    kwargs = {"modelId": model_id, "messages": user(RETURNS_CONTEXT), "inferenceConfig": {"temperature": 1.0}}
    first, second = runtime.converse(**kwargs), runtime.converse(**kwargs)
    assert reply_text(first) == reply_text(second)
    assert first["usage"] == second["usage"]


def test_the_ledger_records_every_call_with_its_illustrative_cost(emulator, runtime):
    runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))
    runtime.converse(modelId=NOVA_MICRO, messages=user("What is the capital of France?"))
    calls = list(emulator.ledger)
    assert [c.model_id for c in calls] == [CLAUDE, NOVA_MICRO]
    haiku = CATALOG[HAIKU_45]
    assert calls[0].cost_usd == haiku.cost(calls[0].input_tokens, calls[0].output_tokens)
    assert emulator.ledger.total_cost_usd == sum(c.cost_usd for c in calls)


@pytest.mark.parametrize("name", ["policy.txt", "a  b", "notes/v2"])
def test_document_names_follow_bedrock_rules(runtime, name):
    document = {"name": name, "format": "txt", "source": {"bytes": b"Refunds take 10 days."}}
    messages = [{"role": "user", "content": [{"text": "How long do refunds take?"}, {"document": document}]}]
    with pytest.raises(runtime.exceptions.ValidationException, match="document file name can only contain"):
        runtime.converse(modelId=CLAUDE, messages=messages)


def test_a_binary_document_grounds_nothing(runtime):
    document = {"name": "scan", "format": "pdf", "source": {"bytes": b"%PDF-1.7\xff\xfe\x00binary"}}
    messages = [{"role": "user", "content": [{"text": "How long do refunds take?"}, {"document": document}]}]
    answer = reply_text(runtime.converse(modelId=CLAUDE, messages=messages, inferenceConfig={"temperature": 0}))
    assert "does not contain" in answer


def test_answers_are_identical_across_processes():
    # Guards against per-process randomness (Python's hash() is salted per process).
    code = (
        "import boto3, localbedrock, json; localbedrock.start(); c = boto3.client('bedrock-runtime'); "
        "r = c.converse(modelId='amazon.nova-lite-v1:0', inferenceConfig={'temperature': 1.0}, "
        "messages=[{'role': 'user', 'content': [{'text': 'Who is the CEO of Acme Outdoor?'}]}]); "
        "e = json.loads(c.invoke_model(modelId='amazon.titan-embed-text-v2:0', "
        "body=json.dumps({'inputText': 'refund', 'dimensions': 256}))['body'].read())['embedding']; "
        "print(r['output']['message']['content'][0]['text'], sum(e))"
    )
    runs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    }
    assert len(runs) == 1
