"""bedrock-agent-runtime (Retrieve, RetrieveAndGenerate) served in-process.

moto has no bedrock-agent-runtime backend, so the emulator brings a small response class of its own, routed and
parsed by moto's machinery from botocore's service model, and reached through a botocore ``before-send`` handler
for ``bedrock-agent-runtime`` (more specific than moto's own, so it runs first) or through ``localbedrock serve``.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.common_types import TYPE_RESPONSE
from moto.core.request import normalize_request
from moto.core.responses import BaseResponse

from localbedrock.errors import ValidationError
from localbedrock.knowledgebases.documents import split_s3_uri
from localbedrock.knowledgebases.generation import Answer, Citation, Source
from localbedrock.wire.converse import text_pieces
from localbedrock.wire.guard import bound, guarded, service
from localbedrock.wire.params import checked_params
from localbedrock.wire.s3store import MotoS3

if TYPE_CHECKING:  # the backend loads FAISS: only on first use
    from localbedrock.knowledgebases.backend import Hit, KnowledgeBases

SERVICE = "bedrock-agent-runtime"
EVENT = "before-send.bedrock-agent-runtime"
SESSION_HEADER = "x-amzn-bedrock-knowledge-base-session-id"


def _call(response: Any, operation: str) -> tuple[KnowledgeBases, dict[str, Any]]:
    params = checked_params(response, SERVICE, operation)
    return service().knowledge_bases(response.current_account, response.region), params


def _location(uri: str | None) -> dict[str, Any] | None:
    return {"type": "S3", "s3Location": {"uri": uri}} if uri else None


def _result(hit: Hit) -> dict[str, Any]:
    return {
        "content": {"text": hit.text, "type": "TEXT"},
        "location": _location(hit.record.uri),
        "metadata": hit.record.metadata,
        "score": hit.score,
    }


def _reference(source: Source) -> dict[str, Any]:
    reference: dict[str, Any] = {"content": {"text": source.text, "type": "TEXT"}}
    if source.uri:
        reference["location"] = _location(source.uri)
    if source.metadata:
        reference["metadata"] = source.metadata
    return reference


def _citation(citation: Citation) -> dict[str, Any]:
    return {
        "generatedResponsePart": {
            "textResponsePart": {"text": citation.text, "span": {"start": citation.start, "end": citation.end - 1}}
        },
        "retrievedReferences": [_reference(s) for s in citation.sources],
    }


@guarded
def retrieve(response: Any) -> str:
    backend, p = _call(response, "Retrieve")
    query = p["retrievalQuery"].get("text")
    if not query:
        raise ValidationError("retrievalQuery.text is required for a text knowledge base.")
    search = (p.get("retrievalConfiguration") or {}).get("vectorSearchConfiguration") or {}
    hits = backend.retrieve(
        p["knowledgeBaseId"],
        query,
        search.get("numberOfResults"),
        search.get("overrideSearchType"),
        search.get("filter"),
    )
    # Plain JSON (no timestamps or blobs), written directly: moto's serialiser would take most of the call's time.
    return json.dumps({"retrievalResults": [_result(h) for h in hits]})


def _external(response: Any, sources: list[dict[str, Any]]) -> list[Source]:
    store = MotoS3(response.current_account)
    documents = []
    for source in sources:
        if source["sourceType"] == "S3":
            uri = (source.get("s3Location") or {}).get("uri", "")
            try:
                bucket, key = split_s3_uri(uri)
            except ValueError:
                raise ValidationError(f"The S3 URI {uri} is not valid.") from None
            data, identifier = store.read(bucket, key), uri
        else:
            content = source.get("byteContent") or {}
            data, identifier = content.get("data", b""), None
            if isinstance(data, str):
                data = base64.b64decode(data)
        try:
            documents.append(Source(data.decode("utf-8"), identifier))
        except UnicodeDecodeError:
            raise ValidationError("The external source is not UTF-8 text.") from None
    return documents


def _answer(response: Any, operation: str) -> Answer:
    backend, p = _call(response, operation)
    config = p.get("retrieveAndGenerateConfiguration")
    if not config:
        raise ValidationError("retrieveAndGenerateConfiguration is required.")
    member = "knowledgeBaseConfiguration" if config["type"] == "KNOWLEDGE_BASE" else "externalSourcesConfiguration"
    settings = config.get(member)
    if not settings:
        raise ValidationError(f"{member} is required when the type is {config['type']}.")
    generation = settings.get("generationConfiguration") or {}
    return backend.retrieve_and_generate(
        p["input"]["text"],
        settings["modelArn"],
        kb_id=settings.get("knowledgeBaseId"),
        retrieval=(settings.get("retrievalConfiguration") or {}).get("vectorSearchConfiguration"),
        documents=_external(response, settings["sources"]) if "sources" in settings else None,
        template=(generation.get("promptTemplate") or {}).get("textPromptTemplate"),
        inference=(generation.get("inferenceConfig") or {}).get("textInferenceConfig"),
        session_id=p.get("sessionId"),
    )


@guarded
def retrieve_and_generate(response: Any) -> dict[str, Any]:
    answer = _answer(response, "RetrieveAndGenerate")
    return {
        "output": {"text": answer.text},
        "citations": [_citation(c) for c in answer.citations],
        "sessionId": answer.session_id,
    }


@guarded
def retrieve_and_generate_stream(response: Any) -> dict[str, Any]:
    """The answer as ``output`` events whose texts join to it, then a ``citation`` event per citation."""
    answer = _answer(response, "RetrieveAndGenerateStream")
    events: list[dict[str, Any]] = [{"output": {"text": piece}} for piece in text_pieces(answer.text)]
    events += [{"citation": _citation(c)} for c in answer.citations]
    response.response_headers[SESSION_HEADER] = answer.session_id
    return {"stream": events, "sessionId": answer.session_id}


class AgentRuntimeResponse(BaseResponse):
    """moto-style response class for bedrock-agent-runtime."""

    retrieve = retrieve
    retrieve_and_generate = retrieve_and_generate
    retrieve_and_generate_stream = retrieve_and_generate_stream

    def __init__(self) -> None:
        super().__init__(service_name=SERVICE)
        self.automated_parameter_parsing = True


def dispatch(request: AWSPreparedRequest) -> TYPE_RESPONSE:
    """Serve one bedrock-agent-runtime HTTP request: (status, headers, body)."""
    normalized = normalize_request(request)
    return AgentRuntimeResponse.dispatch(normalized, normalized.raw_url, normalized.headers)  # type: ignore[no-any-return]


def before_send(request: AWSPreparedRequest, **_: Any) -> AWSResponse | None:
    """botocore hook: answer bedrock-agent-runtime requests while the emulator runs (None lets others handle it)."""
    if not bound():
        return None
    status, headers, body = dispatch(request)
    return AWSResponse(request.url, status, headers, MockRawResponse(body))  # type: ignore[arg-type]
