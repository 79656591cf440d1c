"""Meta Llama 3 bodies (``prompt``, ``max_gen_len``) → ``generation`` with token counts."""

from __future__ import annotations

from localbedrock.catalog import ModelProfile
from localbedrock.model import MAX_TOKENS, TextRequest, TextResult
from localbedrock.wire.body import Field
from localbedrock.wire.codec import NUMBER_0_1, Body, TextCodec, invocation_metrics, pieces
from localbedrock.wire.prompt_template import llama3


def schema(profile: ModelProfile) -> dict[str, Field]:
    return {
        "prompt": Field(("string",), required=True, min_length=1),
        "temperature": NUMBER_0_1,
        "top_p": NUMBER_0_1,
        "max_gen_len": Field(("integer",), minimum=1, maximum=profile.max_output_tokens),
        "images": Field(("array",)),
    }


def parse(body: Body, model_id: str) -> TextRequest:
    system, messages = llama3(body["prompt"])
    return TextRequest(
        model_id=model_id,
        messages=messages,
        system=system,
        max_tokens=body.get("max_gen_len", 512),
        temperature=body.get("temperature", 0.5),
        top_p=body.get("top_p", 0.9),
    )


def _reason(result: TextResult) -> str:
    return "length" if result.stop_reason == MAX_TOKENS else "stop"


def render(result: TextResult, profile: ModelProfile) -> Body:
    return {
        "generation": result.text,
        "prompt_token_count": result.input_tokens,
        "generation_token_count": result.output_tokens,
        "stop_reason": _reason(result),
    }


def chunks(result: TextResult, profile: ModelProfile) -> list[Body]:
    out: list[Body] = []
    for i, piece in enumerate(pieces(result)):
        chunk: Body = {
            "generation": piece.text,
            "prompt_token_count": result.input_tokens if i == 0 else None,
            "generation_token_count": piece.tokens_so_far,
            "stop_reason": _reason(result) if piece.last else None,
        }
        if piece.last:
            chunk["amazon-bedrock-invocationMetrics"] = invocation_metrics(result, profile.latency.first_token_ms)
        out.append(chunk)
    return out


CODEC = TextCodec(schema, parse, render, chunks)
