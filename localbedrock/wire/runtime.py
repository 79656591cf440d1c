"""bedrock-runtime operations as methods of moto's ``BedrockRuntimeResponse`` (see :mod:`localbedrock.wire.install`).

Each method reads the parameters moto parsed from botocore's service model, checks what botocore did not, calls the
domain service and returns a result dict that moto serialises, event streams included.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from localbedrock.catalog import ANTHROPIC, LLAMA3, MISTRAL, NOVA, TITAN_TEXT, ModelProfile
from localbedrock.errors import ValidationError
from localbedrock.generator import request_input_tokens
from localbedrock.model import EmbeddingModel, TextRequest, TextResult
from localbedrock.token_counting import check_countable
from localbedrock.wire import anthropic, guarding, guardrails, jsonbody, llama, mistral, nova, titan
from localbedrock.wire import converse as converse_api
from localbedrock.wire.body import parse_body
from localbedrock.wire.codec import TextCodec
from localbedrock.wire.embeddings import CODECS as EMBEDDING_CODECS
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.shapes import check_constraints

TEXT_CODECS: dict[str, TextCodec] = {
    ANTHROPIC: anthropic.CODEC,
    TITAN_TEXT: titan.CODEC,
    NOVA: nova.CODEC,
    LLAMA3: llama.CODEC,
    MISTRAL: mistral.CODEC,
}
JSON = "application/json"
NO_STREAMING = "The model is unsupported for streaming."
CONTENT_TYPE = "The provided Content-Type or Accept header is not supported. Use application/json."


def _set_usage_headers(response: Any, result: TextResult) -> None:
    response.response_headers.update(
        {
            "x-amzn-bedrock-input-token-count": str(result.input_tokens),
            "x-amzn-bedrock-output-token-count": str(result.output_tokens),
            "x-amzn-bedrock-invocation-latency": str(result.latency_ms),
        }
    )


def _echoed(params: dict[str, Any]) -> dict[str, str]:
    """The performance and service-tier settings InvokeModel reports back in its headers."""
    return {
        "performanceConfigLatency": params.get("performanceConfigLatency", "standard"),
        "serviceTier": params.get("serviceTier", "default"),
    }


def _converse(response: Any, operation: str) -> guarding.Guarded:
    """A Converse or ConverseStream call, through the guardrail its ``guardrailConfig`` names."""
    params = response.params
    check_constraints("bedrock-runtime", operation, params)
    request = converse_api.to_request(params)
    config = params.get("guardrailConfig") or {}
    inputs, context = guarding.converse_contents(params, request)
    guard = guarding.requested(
        response.current_account,
        response.region,
        config.get("guardrailIdentifier"),
        config.get("guardrailVersion"),
        config.get("trace"),
        inputs,
        context,
    )
    return guarding.generate(guard, request)


@guarded
def converse(response: Any) -> dict[str, Any]:
    called = _converse(response, "Converse")
    out = converse_api.to_response(called.result)
    return out | ({"trace": called.trace} if called.trace else {})


@guarded
def converse_stream(response: Any) -> dict[str, Any]:
    called = _converse(response, "ConverseStream")
    events = converse_api.to_events(called.result)
    if called.trace:
        events[-1]["metadata"]["trace"] = called.trace
    return {"stream": events}


def _text_call(response: Any, operation: str) -> tuple[TextCodec, ModelProfile, TextResult]:
    params = response.params
    check_constraints("bedrock-runtime", operation, params)
    if params.get("contentType", JSON) != JSON or params.get("accept", JSON) not in (JSON, "*/*"):
        raise ValidationError(CONTENT_TYPE)
    model_id = params["modelId"]
    backend = service().backend(model_id)
    profile = backend.profile
    codec = TEXT_CODECS[profile.family]
    request = codec.parse(parse_body(params.get("body"), codec.schema(profile)), model_id)
    guard = guarding.requested(
        response.current_account,
        response.region,
        params.get("guardrailIdentifier"),
        params.get("guardrailVersion"),
        params.get("trace"),
        guarding.request_inputs(request),
    )
    called = guarding.generate(guard, request)
    response.guardrail_body = _guardrail_members(guard, called)
    return codec, profile, called.result


def _guardrail_members(guard: guarding.Guarding | None, called: guarding.Guarded) -> dict[str, Any]:
    """What Bedrock adds to an InvokeModel body when a guardrail was applied."""
    if guard is None:
        return {}
    members: dict[str, Any] = {"amazon-bedrock-guardrailAction": "INTERVENED" if called.intervened else "NONE"}
    return members | ({"amazon-bedrock-trace": called.trace} if called.trace else {})


@guarded
def invoke_model(response: Any) -> dict[str, Any]:
    params = response.params
    backend = service().backend(params.get("modelId", ""))
    if isinstance(backend, EmbeddingModel) and backend.profile.family in EMBEDDING_CODECS:
        check_constraints("bedrock-runtime", "InvokeModel", params)
        profile = backend.profile
        codec = EMBEDDING_CODECS[profile.family]
        body = parse_body(params.get("body"), codec.schema(profile))
        result = service().embed(codec.parse(body, profile))
        response.response_headers.update(
            {
                "x-amzn-bedrock-input-token-count": str(result.input_tokens),
                "x-amzn-bedrock-invocation-latency": str(result.latency_ms),
            }
        )
        return {"body": jsonbody.dumps(codec.render(result, body)), "contentType": JSON, **_echoed(params)}
    text_codec, profile, text_result = _text_call(response, "InvokeModel")
    _set_usage_headers(response, text_result)
    body = text_codec.render(text_result, profile) | response.guardrail_body
    return {"body": json.dumps(body), "contentType": JSON, **_echoed(params)}


@guarded
def invoke_model_with_response_stream(response: Any) -> dict[str, Any]:
    backend = service().backend(response.params.get("modelId", ""))
    if isinstance(backend, EmbeddingModel):
        raise ValidationError(NO_STREAMING)
    codec, profile, result = _text_call(response, "InvokeModelWithResponseStream")
    _set_usage_headers(response, result)
    pieces = codec.chunks(result, profile)
    pieces[-1] = pieces[-1] | response.guardrail_body
    chunks = [{"chunk": {"bytes": json.dumps(c).encode()}} for c in pieces]
    # moto writes no header members beside an event stream: set them as AWS sends them.
    echoed = _echoed(response.params)
    response.response_headers.update(
        {
            "X-Amzn-Bedrock-Content-Type": JSON,
            "X-Amzn-Bedrock-PerformanceConfig-Latency": echoed["performanceConfigLatency"],
            "X-Amzn-Bedrock-Service-Tier": echoed["serviceTier"],
        }
    )
    return {"body": chunks, "contentType": JSON, **echoed}


def _blob(value: Any) -> bytes:
    """A blob member as bytes (moto leaves the base64 text of a JSON body's blob as it came)."""
    if isinstance(value, bytes):
        return value
    try:
        return base64.b64decode(str(value), validate=True)
    except (binascii.Error, ValueError):
        return str(value).encode()


def _counted_request(model_id: str, tokens_input: dict[str, Any]) -> TextRequest:
    """The request whose input tokens CountTokens counts: a Converse request or a family's InvokeModel body."""
    if "converse" in tokens_input:
        return converse_api.to_request({**tokens_input["converse"], "modelId": model_id})
    if "invokeModel" in tokens_input:
        backend = service().backend(model_id, invoking=False)
        codec = TEXT_CODECS[backend.profile.family]
        body = parse_body(_blob(tokens_input["invokeModel"].get("body", b"")), codec.schema(backend.profile))
        return codec.parse(body, model_id)
    raise ValidationError("The input must contain either invokeModel or converse.")


@guarded
def count_tokens(response: Any) -> dict[str, Any]:
    """CountTokens: the input tokens the same Converse or InvokeModel request would report in usage (free)."""
    params = response.params
    check_constraints("bedrock-runtime", "CountTokens", params)
    model_id = params["modelId"]
    service().text_model(model_id, invoking=False)  # a profile-only model's bare id is counted (it is not invoked)
    check_countable(model_id)  # an inference profile's id is not
    return {"inputTokens": request_input_tokens(_counted_request(model_id, params.get("input") or {}))}


HANDLERS = {
    "apply_guardrail": guardrails.apply_guardrail,
    "count_tokens": count_tokens,
    "converse": converse,
    "converse_stream": converse_stream,
    "invoke_model": invoke_model,
    "invoke_model_with_response_stream": invoke_model_with_response_stream,
}
