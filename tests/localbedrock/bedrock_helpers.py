"""Constants and helpers shared by the localbedrock tests."""

from __future__ import annotations

import json
from typing import Any

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"  # retired on 2026-09-10 except in the Regions of HAIKU_REGIONS
HAIKU_REGIONS = ("ca-central-1", "eu-central-2", "sa-east-1", "ap-northeast-2")
HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0"  # Claude Haiku 4.5: AWS serves it through a profile only
CLAUDE = f"us.{HAIKU_45}"  # its US cross-Region inference profile
SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0"
TITAN_LITE = "amazon.titan-text-lite-v1"
TITAN_EXPRESS = "amazon.titan-text-express-v1"
NOVA_MICRO = "amazon.nova-micro-v1:0"
NOVA_PRO = "amazon.nova-pro-v1:0"
LLAMA_8B = "meta.llama3-8b-instruct-v1:0"
MISTRAL_7B = "mistral.mistral-7b-instruct-v0:2"
TITAN_EMBED_V2 = "amazon.titan-embed-text-v2:0"
TITAN_EMBED_V1 = "amazon.titan-embed-text-v1"
COHERE_EMBED = "cohere.embed-english-v3"

RETURNS_CONTEXT = """Context:
[1] Acme Outdoor accepts returns within 45 days of delivery. Items must be unused.
[2] The Trailblazer tent costs $249 and weighs 2.1 kg. It sleeps two people.
[3] Standard shipping is free on orders over $75.

Question: How many days do I have to return an item to Acme Outdoor?"""


def user(text: str) -> list[dict[str, Any]]:
    return [{"role": "user", "content": [{"text": text}]}]


def reply_text(response: dict[str, Any]) -> str:
    return response["output"]["message"]["content"][0]["text"]


def invoke(client: Any, model_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.invoke_model(modelId=model_id, body=json.dumps(body))
    return json.loads(response["body"].read())


def stream_chunks(client: Any, model_id: str, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.invoke_model_with_response_stream(modelId=model_id, body=json.dumps(body))
    return [json.loads(event["chunk"]["bytes"]) for event in response["body"]]
