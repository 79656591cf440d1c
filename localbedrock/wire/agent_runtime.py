"""bedrock-agent-runtime (Retrieve, RetrieveAndGenerate) served in-process.

moto has no bedrock-agent-runtime backend, so the emulator brings a small response class of its own, routed and
parsed by moto's machinery from botocore's service model, and reached through a botocore ``before-send`` handler
for ``bedrock-agent-runtime`` (more specific than moto's own, so it runs first) or through ``localbedrock serve``.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.common_types import TYPE_RESPONSE
from moto.core.request import normalize_request
from moto.core.responses import BaseResponse

from localbedrock.embeddings import HashingEncoder
from localbedrock.errors import ValidationError
from localbedrock.guardrails.assess import Content
from localbedrock.knowledgebases.documents import split_s3_uri
from localbedrock.knowledgebases.generation import Answer, Citation, Source
from localbedrock.ledger import Charge
from localbedrock.model import TextResult
from localbedrock.rerank import CrossScorer, billed_queries, rerank_model
from localbedrock.wire import direct, guarding, lean
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
    action = _guard_query(response, p.get("guardrailConfiguration"), query)
    if action == "INTERVENED":
        return json.dumps({"retrievalResults": [], "guardrailAction": action})
    hits = backend.retrieve(
        p["knowledgeBaseId"],
        query,
        search.get("numberOfResults"),
        search.get("overrideSearchType"),
        search.get("filter"),
    )
    reranker = _reranker(response, search.get("rerankingConfiguration"))
    hits = reranker(query, hits) if reranker is not None else hits
    # Plain JSON (no timestamps or blobs), written directly: moto's serialiser would take most of the call's time.
    out: dict[str, Any] = {"retrievalResults": [_result(h) for h in hits]}
    return json.dumps(out | ({"guardrailAction": action} if action else {}))


def _guard_query(response: Any, config: dict[str, Any] | None, query: str) -> str | None:
    """A Retrieve guardrailConfiguration applied to the query: INTERVENED (no results) when it blocks it."""
    guard = guarding.requested(
        response.current_account,
        response.region,
        (config or {}).get("guardrailId"),
        (config or {}).get("guardrailVersion"),
        None,
        [Content(query)],
    )
    if guard is None:
        return None
    checked = guarding.apply(guard.account, guard.region, guard.guardrail, guard.version, "INPUT", list(guard.inputs))
    return "INTERVENED" if checked.outcome.blocked else "NONE"


def _scorer() -> CrossScorer:
    return CrossScorer(service().options.encoder or HashingEncoder())


def _charge_rerank(response: Any, model_id: str, documents: int) -> None:
    model = rerank_model(model_id, response.region)
    queries = billed_queries(documents)
    service().ledger.charge(Charge("rerank", model.model_id, queries, "query", model.price_per_1k_queries / 1000))


def _reranker(response: Any, config: dict[str, Any] | None) -> Callable[[str, list[Hit]], list[Hit]] | None:
    """What a vectorSearchConfiguration's ``rerankingConfiguration`` does to the retrieved hits: scores them with the
    reranking model, keeps the ``numberOfRerankedResults`` best, each with its relevance score."""
    if not config:
        return None
    bedrock = config.get("bedrockRerankingConfiguration") or {}
    model_arn = (bedrock.get("modelConfiguration") or {}).get("modelArn", "")
    rerank_model(model_arn, response.region)
    keep = bedrock.get("numberOfRerankedResults")

    def rerank(query: str, hits: list[Hit]) -> list[Hit]:
        if not hits:
            return hits
        _charge_rerank(response, model_arn, len(hits))
        ranked = _scorer().rank(query, [h.text for h in hits])
        return [replace(hits[i], score=score) for i, score in ranked][: keep or len(hits)]

    return rerank


def _rerank_text(source: dict[str, Any]) -> str:
    document = source["inlineDocumentSource"]
    if document.get("type") == "JSON":
        return json.dumps(document.get("jsonDocument"))
    return str((document.get("textDocument") or {}).get("text", ""))


@guarded
def rerank(response: Any) -> dict[str, Any]:
    """Rerank: the sources ordered by the reranking model's relevance to the query."""
    p = checked_params(response, SERVICE, "Rerank")
    bedrock = p["rerankingConfiguration"]["bedrockRerankingConfiguration"]
    model_arn = bedrock["modelConfiguration"]["modelArn"]
    rerank_model(model_arn, response.region)
    query = p["queries"][0]["textQuery"].get("text", "")
    sources = p["sources"]
    _charge_rerank(response, model_arn, len(sources))
    ranked = _scorer().rank(query, [_rerank_text(s) for s in sources])
    keep = bedrock.get("numberOfResults") or len(ranked)
    return {
        "results": [
            {"index": i, "relevanceScore": score, "document": sources[i]["inlineDocumentSource"]}
            for i, score in ranked[:keep]
        ]
    }


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


def _answer(response: Any, operation: str) -> tuple[Answer, str | None]:
    """The answer, and the guardrail's action when the configuration names a guardrail."""
    backend, p = _call(response, operation)
    config = p.get("retrieveAndGenerateConfiguration")
    if not config:
        raise ValidationError("retrieveAndGenerateConfiguration is required.")
    member = "knowledgeBaseConfiguration" if config["type"] == "KNOWLEDGE_BASE" else "externalSourcesConfiguration"
    settings = config.get(member)
    if not settings:
        raise ValidationError(f"{member} is required when the type is {config['type']}.")
    generation = settings.get("generationConfiguration") or {}
    query = p["input"]["text"]
    search = (settings.get("retrievalConfiguration") or {}).get("vectorSearchConfiguration") or {}
    guard_config = generation.get("guardrailConfiguration") or {}
    guard = guarding.requested(
        response.current_account,
        response.region,
        guard_config.get("guardrailId"),
        guard_config.get("guardrailVersion"),
        None,
        [Content(query)],
    )
    if guard is not None:
        checked = guarding.apply(guard.account, guard.region, guard.guardrail, guard.version, "INPUT", [Content(query)])
        if checked.outcome.blocked:
            session_id, _ = backend.sessions.open(p.get("sessionId"))
            blocked = TextResult(guard.version.blocked_input, guarding.INTERVENED, 0, 0, checked.latency_ms)
            return Answer(guard.version.blocked_input, (), session_id, blocked), "INTERVENED"
    answer = backend.retrieve_and_generate(
        query,
        settings["modelArn"],
        kb_id=settings.get("knowledgeBaseId"),
        retrieval=(settings.get("retrievalConfiguration") or {}).get("vectorSearchConfiguration"),
        documents=_external(response, settings["sources"]) if "sources" in settings else None,
        template=(generation.get("promptTemplate") or {}).get("textPromptTemplate"),
        inference=(generation.get("inferenceConfig") or {}).get("textInferenceConfig"),
        session_id=p.get("sessionId"),
        rerank=_reranker(response, search.get("rerankingConfiguration")),
    )
    if guard is None:
        return answer, None
    grounding = {s.text: None for c in answer.citations for s in c.sources}
    context = [Content(text, ("grounding_source",)) for text in grounding] + [Content(query, ("query",))]
    checked = guarding.apply(
        guard.account,
        guard.region,
        guard.guardrail,
        guard.version,
        "OUTPUT",
        [Content(answer.text, ("guard_content",)), *context],
    )
    if not checked.outcome.intervened:
        return answer, "NONE"
    return replace(answer, text=checked.replacement, citations=()), "INTERVENED"


@guarded
def retrieve_and_generate(response: Any) -> dict[str, Any]:
    answer, action = _answer(response, "RetrieveAndGenerate")
    out = {
        "output": {"text": answer.text},
        "citations": [_citation(c) for c in answer.citations],
        "sessionId": answer.session_id,
    }
    return out | ({"guardrailAction": action} if action else {})


@guarded
def retrieve_and_generate_stream(response: Any) -> dict[str, Any]:
    """The answer as ``output`` events whose texts join to it, then a ``citation`` event per citation."""
    answer, _ = _answer(response, "RetrieveAndGenerateStream")
    events: list[dict[str, Any]] = [{"output": {"text": piece}} for piece in text_pieces(answer.text)]
    events += [{"citation": _citation(c)} for c in answer.citations]
    response.response_headers[SESSION_HEADER] = answer.session_id
    return {"stream": events, "sessionId": answer.session_id}


class AgentRuntimeResponse(BaseResponse):
    """moto-style response class for bedrock-agent-runtime."""

    retrieve = retrieve
    retrieve_and_generate = retrieve_and_generate
    retrieve_and_generate_stream = retrieve_and_generate_stream
    rerank = rerank

    def __init__(self) -> None:
        super().__init__(service_name=SERVICE)
        self.automated_parameter_parsing = True


def dispatch(request: AWSPreparedRequest) -> TYPE_RESPONSE:
    """Serve one bedrock-agent-runtime HTTP request: (status, headers, body)."""
    normalized = normalize_request(request)
    return AgentRuntimeResponse.dispatch(normalized, normalized.raw_url, normalized.headers)  # type: ignore[no-any-return]


def before_send(request: AWSPreparedRequest, event_name: str = "", **_: Any) -> AWSResponse | None:
    """botocore hook: answer bedrock-agent-runtime requests while the emulator runs (None lets others handle it),
    by the direct route when it can (:mod:`localbedrock.wire.direct`)."""
    if not bound():
        return None
    answer = direct.serve(request, SERVICE, event_name.rsplit(".", 1)[-1]) if lean.ENABLED else None
    return direct.answered(request, answer if answer is not None else dispatch(request))
