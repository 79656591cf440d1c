"""Prompt caching: cachePoint blocks and Anthropic cache_control, cache usage, the TTL on the clock, prices, latency."""

from __future__ import annotations

import dataclasses
import json

import pytest
from bedrock_helpers import NOVA_MICRO, SONNET, user
from kb_helpers import hand_clock, problems

from localbedrock.caching import ACCELERATION
from localbedrock.catalog import CATALOG
from localbedrock.generator import SimulatedTextModel

SONNET_37 = "anthropic.claude-3-7-sonnet-20250219-v1:0"  # caches; the catalogue may not list it yet
MANUAL = " ".join(f"Clause {i}: returns are accepted within 30 days of delivery for unused items." for i in range(120))
CACHED_SYSTEM = [{"text": MANUAL}, {"cachePoint": {"type": "default"}}]


def ask(runtime, question: str, system=CACHED_SYSTEM, model_id: str = NOVA_MICRO):
    return runtime.converse(modelId=model_id, system=system, messages=user(question))


def test_first_call_writes_the_cache_and_the_next_reads_it(runtime):
    first = ask(runtime, "How many days do I have?")
    second = ask(runtime, "Are used items accepted?")
    assert first["usage"]["cacheWriteInputTokens"] > 1000 and first["usage"]["cacheReadInputTokens"] == 0
    assert second["usage"]["cacheReadInputTokens"] == first["usage"]["cacheWriteInputTokens"]
    assert second["usage"]["cacheWriteInputTokens"] == 0
    assert not problems("bedrock-runtime", "Converse", second)


def test_input_tokens_leave_out_cached_tokens_and_total_counts_them(runtime):
    usage = ask(runtime, "How many days do I have?")["usage"]
    cached = usage["cacheReadInputTokens"] + usage["cacheWriteInputTokens"]
    assert usage["totalTokens"] == usage["inputTokens"] + cached + usage["outputTokens"]
    assert usage["inputTokens"] < 20


def test_a_cache_hit_is_faster_and_cheaper(runtime, emulator):
    first = ask(runtime, "How many days do I have?")
    second = ask(runtime, "How many days do I have?")
    assert second["metrics"]["latencyMs"] < first["metrics"]["latencyMs"] / 2
    write, read = list(emulator.ledger)
    assert read.cost_usd < write.cost_usd / 2
    assert (read.cache_read_tokens, write.cache_write_tokens) == (second["usage"]["cacheReadInputTokens"],) * 2


def test_the_cache_expires_after_its_ttl_and_a_hit_resets_it(runtime, emulator):
    now = hand_clock(emulator.service.prompt_cache.clock)
    ttl = 300 / ACCELERATION
    ask(runtime, "q1")
    now[0] += ttl * 0.9
    assert ask(runtime, "q2")["usage"]["cacheReadInputTokens"] > 0  # a hit: the TTL starts again
    now[0] += ttl * 0.9
    assert ask(runtime, "q3")["usage"]["cacheReadInputTokens"] > 0
    now[0] += ttl * 1.1
    assert ask(runtime, "q4")["usage"]["cacheReadInputTokens"] == 0


def test_a_prefix_below_the_minimum_is_not_cached(runtime):
    usage = ask(runtime, "Hi", system=[{"text": "Short."}, {"cachePoint": {"type": "default"}}])["usage"]
    assert "cacheWriteInputTokens" not in usage


def test_a_changed_prefix_misses_the_cache(runtime):
    ask(runtime, "q1")
    changed = [{"text": MANUAL + " Clause 999."}, {"cachePoint": {"type": "default"}}]
    usage = ask(runtime, "q1", system=changed)["usage"]
    assert usage["cacheReadInputTokens"] == 0 and usage["cacheWriteInputTokens"] > 0


def test_converse_stream_reports_cache_usage(runtime):
    ask(runtime, "q1")
    stream = runtime.converse_stream(modelId=NOVA_MICRO, system=CACHED_SYSTEM, messages=user("q2"))["stream"]
    metadata = next(e["metadata"] for e in stream if "metadata" in e)
    assert metadata["usage"]["cacheReadInputTokens"] > 0


@pytest.mark.parametrize("model_id", [SONNET, "amazon.titan-text-lite-v1"])
def test_cache_points_on_a_model_without_caching_raise_validation(runtime, model_id):
    with pytest.raises(runtime.exceptions.ValidationException, match="unsupported model"):
        ask(runtime, "q", model_id=model_id)


def test_nova_takes_no_cache_point_in_tools(runtime):
    tools = {"tools": [{"toolSpec": {"name": "t", "inputSchema": {"json": {}}}}, {"cachePoint": {"type": "default"}}]}
    with pytest.raises(runtime.exceptions.ValidationException):
        runtime.converse(modelId=NOVA_MICRO, messages=user("q"), toolConfig=tools)


def test_more_than_four_cache_points_raise_validation(runtime):
    system = [block for i in range(5) for block in ({"text": f"{MANUAL} {i}"}, {"cachePoint": {"type": "default"}})]
    with pytest.raises(runtime.exceptions.ValidationException, match="maximum of 4"):
        ask(runtime, "q", system=system)


def test_anthropic_cache_control_in_invoke_model(runtime, emulator):
    profile = dataclasses.replace(CATALOG[SONNET], model_id=SONNET_37, name="Claude 3.7 Sonnet")
    emulator.service.register(SONNET_37, SimulatedTextModel(profile))
    body = {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 50,
        "system": [{"type": "text", "text": MANUAL, "cache_control": {"type": "ephemeral"}}],
        "messages": [{"role": "user", "content": "How many days?"}],
    }
    first = json.loads(runtime.invoke_model(modelId=SONNET_37, body=json.dumps(body))["body"].read())["usage"]
    second = json.loads(runtime.invoke_model(modelId=SONNET_37, body=json.dumps(body))["body"].read())["usage"]
    assert first["cache_creation_input_tokens"] > 1024 and first["cache_read_input_tokens"] == 0
    assert second["cache_read_input_tokens"] == first["cache_creation_input_tokens"]
    assert second["input_tokens"] == first["input_tokens"] < 10


def test_nova_invoke_model_body_takes_cache_points(runtime):
    body = {
        "schemaVersion": "messages-v1",
        "system": CACHED_SYSTEM,
        "messages": [{"role": "user", "content": [{"text": "How many days?"}]}],
    }
    first = json.loads(runtime.invoke_model(modelId=NOVA_MICRO, body=json.dumps(body))["body"].read())["usage"]
    second = json.loads(runtime.invoke_model(modelId=NOVA_MICRO, body=json.dumps(body))["body"].read())["usage"]
    assert first["cacheWriteInputTokenCount"] > 1000 and first["cacheReadInputTokenCount"] == 0
    assert second["cacheReadInputTokenCount"] == first["cacheWriteInputTokenCount"]


def test_a_conversation_cached_at_a_message_is_read_as_it_grows(runtime):
    turn = [{"role": "user", "content": [{"text": MANUAL}, {"cachePoint": {"type": "default"}}]}]
    first = runtime.converse(modelId=NOVA_MICRO, messages=turn)
    grown = [
        *turn,
        {"role": "assistant", "content": [{"text": "Noted."}]},
        {"role": "user", "content": [{"text": "How many days?"}]},
    ]
    second = runtime.converse(modelId=NOVA_MICRO, messages=grown)
    assert second["usage"]["cacheReadInputTokens"] == first["usage"]["cacheWriteInputTokens"] > 1000


def test_two_checkpoints_read_the_first_and_write_the_rest(runtime):
    ask(runtime, "q")
    longer = [*CACHED_SYSTEM, {"text": MANUAL.replace("Clause", "Rule")}, {"cachePoint": {"type": "default"}}]
    usage = ask(runtime, "q", system=longer)["usage"]
    assert usage["cacheReadInputTokens"] > 1000 and usage["cacheWriteInputTokens"] > 1000
