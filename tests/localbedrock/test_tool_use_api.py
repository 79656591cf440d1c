"""Simulated tool use through Converse: the model calls a matching tool, then answers from its result."""

from __future__ import annotations

import json

from bedrock_helpers import CLAUDE, invoke, reply_text, stream_chunks, user

WEATHER = {
    "toolSpec": {
        "name": "get_weather",
        "description": "Get the current weather for a city.",
        "inputSchema": {
            "json": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                },
                "required": ["city"],
            }
        },
    }
}
ORDERS = {
    "toolSpec": {
        "name": "lookup_order",
        "description": "Look up an order by its number.",
        "inputSchema": {"json": {"type": "object", "properties": {"order_number": {"type": "string"}}}},
    }
}
TOOLS = {"tools": [WEATHER, ORDERS]}


def tool_use(response) -> dict:
    return next(b["toolUse"] for b in response["output"]["message"]["content"] if "toolUse" in b)


def test_a_matching_tool_is_called_with_input_from_the_question(runtime):
    response = runtime.converse(modelId=CLAUDE, messages=user("What is the weather in Paris today?"), toolConfig=TOOLS)
    assert response["stopReason"] == "tool_use"
    call = tool_use(response)
    assert call["name"] == "get_weather" and call["input"] == {"city": "Paris"}
    assert call["toolUseId"].startswith("tooluse_")


def test_field_values_are_extracted_for_tool_input(runtime):
    response = runtime.converse(modelId=CLAUDE, messages=user("Where is my order #A-99?"), toolConfig=TOOLS)
    assert tool_use(response)["input"] == {"order_number": "#A-99"}


def test_the_answer_comes_from_the_tool_result(runtime):
    messages = user("What is the weather in Paris today?")
    first = runtime.converse(modelId=CLAUDE, messages=messages, toolConfig=TOOLS)
    result = {"json": {"city": "Paris", "temperature_c": 21, "conditions": "sunny"}}
    messages += [
        first["output"]["message"],
        {"role": "user", "content": [{"toolResult": {"toolUseId": tool_use(first)["toolUseId"], "content": [result]}}]},
    ]
    second = runtime.converse(modelId=CLAUDE, messages=messages, toolConfig=TOOLS, inferenceConfig={"temperature": 0})
    assert second["stopReason"] == "end_turn"
    assert reply_text(second) == "city: Paris; temperature_c: 21; conditions: sunny."


def test_an_unrelated_question_is_answered_without_tools(runtime):
    response = runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"), toolConfig=TOOLS)
    assert response["stopReason"] == "end_turn" and reply_text(response) == "The capital of France is Paris."


def test_tool_choice_forces_the_named_tool(runtime):
    config = TOOLS | {"toolChoice": {"tool": {"name": "lookup_order"}}}
    response = runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"), toolConfig=config)
    assert tool_use(response)["name"] == "lookup_order"


def test_tool_definitions_count_as_input_tokens(runtime):
    plain = runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))
    with_tools = runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"), toolConfig=TOOLS)
    assert with_tools["usage"]["inputTokens"] > plain["usage"]["inputTokens"]


def test_streamed_tool_use_arrives_as_a_tool_use_content_block(runtime):
    kwargs = {"modelId": CLAUDE, "messages": user("Where is my order #A-99?"), "toolConfig": TOOLS}
    expected = tool_use(runtime.converse(**kwargs))
    events = list(runtime.converse_stream(**kwargs)["stream"])
    start = next(e["contentBlockStart"] for e in events if "contentBlockStart" in e)
    assert start["start"]["toolUse"] == {"toolUseId": expected["toolUseId"], "name": expected["name"]}
    deltas = [
        e["contentBlockDelta"]["delta"]["toolUse"]["input"]
        for e in events
        if "toolUse" in e.get("contentBlockDelta", {}).get("delta", {})
    ]
    assert json.loads("".join(deltas)) == expected["input"]
    assert [e["messageStop"]["stopReason"] for e in events if "messageStop" in e] == ["tool_use"]


ANTHROPIC_TOOLS = [
    {
        "name": "get_weather",
        "description": "Get the current weather for a city.",
        "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
    }
]


def anthropic_body(messages: list) -> dict:
    return {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 200,
        "tools": ANTHROPIC_TOOLS,
        "messages": messages,
    }


def test_anthropic_bodies_call_tools_and_read_their_results(runtime):
    question = [{"role": "user", "content": "What is the weather in Oslo?"}]
    first = invoke(runtime, CLAUDE, anthropic_body(question))
    assert first["stop_reason"] == "tool_use"
    call = first["content"][-1]
    assert call["type"] == "tool_use" and call["input"] == {"city": "Oslo"}
    follow_up = [
        *question,
        {"role": "assistant", "content": first["content"]},
        {
            "role": "user",
            "content": [{"type": "tool_result", "tool_use_id": call["id"], "content": "Oslo: 4 C, rain."}],
        },
    ]
    second = invoke(runtime, CLAUDE, anthropic_body(follow_up) | {"temperature": 0})
    assert second["stop_reason"] == "end_turn" and second["content"][0]["text"] == "Oslo: 4 C, rain."


def test_anthropic_stream_sends_the_tool_input_as_json_deltas(runtime):
    chunks = stream_chunks(runtime, CLAUDE, anthropic_body([{"role": "user", "content": "Weather in Oslo?"}]))
    starts = [c["content_block"] for c in chunks if c["type"] == "content_block_start"]
    assert [s["type"] for s in starts] == ["text", "tool_use"]
    partial = "".join(
        c["delta"]["partial_json"] for c in chunks if c.get("delta", {}).get("type") == "input_json_delta"
    )
    assert json.loads(partial) == {"city": "Oslo"}
