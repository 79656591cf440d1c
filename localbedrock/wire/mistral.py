"""Mistral instruct bodies (``prompt`` in ``<s>[INST] ... [/INST]``) → ``outputs``."""

from __future__ import annotations

from localbedrock.catalog import ModelProfile
from localbedrock.model import MAX_TOKENS, TextRequest, TextResult
from localbedrock.wire.body import Field
from localbedrock.wire.codec import NUMBER_0_1, STRINGS, Body, TextCodec, invocation_metrics, pieces
from localbedrock.wire.prompt_template import mistral


def schema(profile: ModelProfile) -> dict[str, Field]:
    return {
        "prompt": Field(("string",), required=True, min_length=1),
        "max_tokens": Field(("integer",), minimum=1, maximum=profile.max_output_tokens),
        "temperature": NUMBER_0_1,
        "top_p": NUMBER_0_1,
        "top_k": Field(("integer",), minimum=1, maximum=200),
        "stop": STRINGS,
    }


def parse(body: Body, model_id: str) -> TextRequest:
    system, messages = mistral(body["prompt"])
    return TextRequest(
        model_id=model_id,
        messages=messages,
        system=system,
        max_tokens=body.get("max_tokens", 512),
        temperature=body.get("temperature", 0.5),
        top_p=body.get("top_p", 0.9),
        top_k=body.get("top_k"),
        stop_sequences=tuple(body.get("stop") or ()),
    )


def _reason(result: TextResult) -> str:
    return "length" if result.stop_reason == MAX_TOKENS else "stop"


def render(result: TextResult, profile: ModelProfile) -> Body:
    return {"outputs": [{"text": result.text, "stop_reason": _reason(result)}]}


def chunks(result: TextResult, profile: ModelProfile) -> list[Body]:
    out: list[Body] = []
    for piece in pieces(result):
        chunk: Body = {"outputs": [{"text": piece.text, "stop_reason": _reason(result) if piece.last else None}]}
        if piece.last:
            chunk["amazon-bedrock-invocationMetrics"] = invocation_metrics(result, profile.latency.first_token_ms)
        out.append(chunk)
    return out


CODEC = TextCodec(schema, parse, render, chunks)
