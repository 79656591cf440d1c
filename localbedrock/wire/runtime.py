"""bedrock-runtime operations as methods of moto's ``BedrockRuntimeResponse`` (see :mod:`localbedrock.wire.install`).

Each method reads the parameters moto parsed from botocore's service model, checks what botocore did not, calls the
domain service and returns a result dict that moto serialises, event streams included.
"""

from __future__ import annotations

import json
from typing import Any

from localbedrock.catalog import ANTHROPIC, LLAMA3, MISTRAL, NOVA, TITAN_TEXT, ModelProfile
from localbedrock.errors import ValidationError
from localbedrock.model import EmbeddingModel, TextResult
from localbedrock.wire import anthropic, llama, mistral, nova, titan
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


@guarded
def converse(response: Any) -> dict[str, Any]:
    params = response.params
    check_constraints("bedrock-runtime", "Converse", params)
    return converse_api.to_response(service().generate(converse_api.to_request(params)))


@guarded
def converse_stream(response: Any) -> dict[str, Any]:
    params = response.params
    check_constraints("bedrock-runtime", "ConverseStream", params)
    result = service().generate(converse_api.to_request(params))
    return {"stream": converse_api.to_events(result)}


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
    return codec, profile, service().generate(request)


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
        return {"body": json.dumps(codec.render(result, body)), "contentType": JSON, **_echoed(params)}
    text_codec, profile, text_result = _text_call(response, "InvokeModel")
    _set_usage_headers(response, text_result)
    return {"body": json.dumps(text_codec.render(text_result, profile)), "contentType": JSON, **_echoed(params)}


@guarded
def invoke_model_with_response_stream(response: Any) -> dict[str, Any]:
    backend = service().backend(response.params.get("modelId", ""))
    if isinstance(backend, EmbeddingModel):
        raise ValidationError(NO_STREAMING)
    codec, profile, result = _text_call(response, "InvokeModelWithResponseStream")
    _set_usage_headers(response, result)
    chunks = [{"chunk": {"bytes": json.dumps(c).encode()}} for c in codec.chunks(result, profile)]
    return {"body": chunks, "contentType": JSON, **_echoed(response.params)}


HANDLERS = {
    "converse": converse,
    "converse_stream": converse_stream,
    "invoke_model": invoke_model,
    "invoke_model_with_response_stream": invoke_model_with_response_stream,
}
