"""Amazon Titan Text bodies (``inputText``, ``textGenerationConfig``)."""

from __future__ import annotations

from localbedrock.catalog import ModelProfile
from localbedrock.model import MAX_TOKENS, STOP_SEQUENCE, Message, TextRequest, TextResult
from localbedrock.wire.body import Field
from localbedrock.wire.codec import NUMBER_0_1, STRINGS, Body, TextCodec, invocation_metrics, pieces

# Titan answers "FINISH" in practice although its documentation says FINISHED.
_REASONS = {MAX_TOKENS: "LENGTH", STOP_SEQUENCE: "STOP_CRITERIA_MET"}


def schema(profile: ModelProfile) -> dict[str, Field]:
    config = {
        "temperature": NUMBER_0_1,
        "topP": NUMBER_0_1,
        "maxTokenCount": Field(("integer",), minimum=0, maximum=profile.max_output_tokens),
        "stopSequences": STRINGS,
    }
    return {
        "inputText": Field(("string",), required=True, min_length=1),
        "textGenerationConfig": Field(("object",), fields=config),
    }


def parse(body: Body, model_id: str) -> TextRequest:
    config = body.get("textGenerationConfig") or {}
    return TextRequest(
        model_id=model_id,
        messages=(Message("user", body["inputText"]),),
        max_tokens=config.get("maxTokenCount", 512),
        temperature=config.get("temperature", 0.7),
        top_p=config.get("topP", 0.9),
        stop_sequences=tuple(config.get("stopSequences") or ()),
    )


def _reason(result: TextResult) -> str:
    return _REASONS.get(result.stop_reason, "FINISH")


def render(result: TextResult, profile: ModelProfile) -> Body:
    return {
        "inputTextTokenCount": result.input_tokens,
        "results": [
            {"tokenCount": result.output_tokens, "outputText": result.text, "completionReason": _reason(result)}
        ],
    }


def chunks(result: TextResult, profile: ModelProfile) -> list[Body]:
    out: list[Body] = []
    for i, piece in enumerate(pieces(result)):
        chunk: Body = {
            "outputText": piece.text,
            "index": 0,
            "totalOutputTextTokenCount": piece.tokens_so_far,
            "completionReason": _reason(result) if piece.last else None,
            "inputTextTokenCount": result.input_tokens if i == 0 else None,
        }
        if piece.last:
            chunk["amazon-bedrock-invocationMetrics"] = invocation_metrics(result, profile.latency.first_token_ms)
        out.append(chunk)
    return out


CODEC = TextCodec(schema, parse, render, chunks)
