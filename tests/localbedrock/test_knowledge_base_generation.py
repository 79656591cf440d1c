"""RetrieveAndGenerate: grounded answers from a knowledge base or external sources, citations that point at the right
S3 object with spans into the answer, prompt templates, sessions, and errors."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import localbedrock
from tests.localbedrock.kb_helpers import BUCKET, NOVA_LITE_ARN, problems, put_corpus, ready_kb

QUESTION = "How many days do I have to return an item?"
RETURNS = f"s3://{BUCKET}/policies/returns.md"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        yield {n: boto3.client(n, region_name="us-east-1") for n in ("bedrock-agent", "bedrock-agent-runtime", "s3")}


@pytest.fixture
def kb_id(aws: dict[str, Any]) -> str:
    return ready_kb(aws["bedrock-agent"], aws["s3"])


def ask(aws: dict[str, Any], kb_id: str, question: str = QUESTION, **extra: Any) -> dict[str, Any]:
    generation = extra.pop("generationConfiguration", None)
    config: dict[str, Any] = {"knowledgeBaseId": kb_id, "modelArn": extra.pop("modelArn", NOVA_LITE_ARN)}
    if generation:
        config["generationConfiguration"] = generation
    return aws["bedrock-agent-runtime"].retrieve_and_generate(
        input={"text": question},
        retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": config},
        **extra,
    )


def test_the_answer_is_grounded_in_the_knowledge_base(aws, kb_id):
    response = ask(aws, kb_id)
    assert problems("bedrock-agent-runtime", "RetrieveAndGenerate", response) == []
    assert "45 days" in response["output"]["text"]


def test_citations_point_at_the_source_object_with_spans_into_the_answer(aws, kb_id):
    response = ask(aws, kb_id)
    text = response["output"]["text"]
    citation = response["citations"][0]
    part = citation["generatedResponsePart"]["textResponsePart"]
    assert text[part["span"]["start"] : part["span"]["end"] + 1] == part["text"]
    references = citation["retrievedReferences"]
    assert references[0]["location"] == {"type": "S3", "s3Location": {"uri": RETURNS}}
    assert "45 days" in references[0]["content"]["text"]
    assert references[0]["metadata"]["x-amz-bedrock-kb-source-uri"] == RETURNS


def test_the_answer_text_carries_no_citation_markers(aws, kb_id):
    assert "[1]" not in ask(aws, kb_id)["output"]["text"]


def test_a_question_the_knowledge_base_cannot_answer_gets_no_cited_sources(aws, kb_id):
    response = ask(aws, kb_id, "Who won the football world cup in 1966?")
    assert "45 days" not in response["output"]["text"]
    assert all(c["retrievedReferences"] == [] for c in response["citations"])


def test_a_prompt_template_places_the_search_results_and_its_instructions_are_followed(aws, kb_id):
    template = "Start every answer with 'ACME:'. Use only these results:\n$search_results$"
    response = ask(aws, kb_id, generationConfiguration={"promptTemplate": {"textPromptTemplate": template}})
    assert response["output"]["text"].startswith("ACME:")
    assert "45 days" in response["output"]["text"]


def test_inference_config_reaches_the_model(aws, kb_id):
    settings = {"inferenceConfig": {"textInferenceConfig": {"maxTokens": 3, "temperature": 0}}}
    emulator = localbedrock.active()
    ask(aws, kb_id, generationConfiguration=settings)
    assert [c for c in emulator.ledger if c.model_id == NOVA_LITE_ARN][-1].output_tokens <= 3


def test_a_session_continues_with_its_history(aws, kb_id):
    emulator = localbedrock.active()
    first = ask(aws, kb_id)
    first_input = [c for c in emulator.ledger if c.model_id == NOVA_LITE_ARN][-1].input_tokens
    second = ask(aws, kb_id, sessionId=first["sessionId"])
    second_input = [c for c in emulator.ledger if c.model_id == NOVA_LITE_ARN][-1].input_tokens
    assert second["sessionId"] == first["sessionId"]
    assert second_input > first_input  # the earlier turn went to the model too
    assert ask(aws, kb_id)["sessionId"] != first["sessionId"]


def test_an_unknown_session_is_a_validation_error(aws, kb_id):
    with pytest.raises(aws["bedrock-agent-runtime"].exceptions.ValidationException):
        ask(aws, kb_id, sessionId="no-such-session")


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"modelArn": "amazon.titan-embed-text-v2:0"}, "ValidationException"),
        ({"modelArn": "acme.no-such-model-v1:0"}, "ValidationException"),
    ],
    ids=["embedding-model", "unknown-model"],
)
def test_a_model_that_cannot_generate_is_a_validation_error(aws, kb_id, kwargs, code):
    with pytest.raises(ClientError) as excinfo:
        ask(aws, kb_id, **kwargs)
    assert excinfo.value.response["Error"]["Code"] == code


def test_an_unknown_knowledge_base_is_resource_not_found(aws):
    with pytest.raises(aws["bedrock-agent-runtime"].exceptions.ResourceNotFoundException):
        ask(aws, "NOSUCHKB00")


def external(aws: dict[str, Any], source: dict[str, Any], question: str = QUESTION) -> dict[str, Any]:
    return aws["bedrock-agent-runtime"].retrieve_and_generate(
        input={"text": question},
        retrieveAndGenerateConfiguration={
            "type": "EXTERNAL_SOURCES",
            "externalSourcesConfiguration": {"modelArn": NOVA_LITE_ARN, "sources": [source]},
        },
    )


def test_external_sources_answer_from_an_s3_document(aws):
    put_corpus(aws["s3"])
    response = external(aws, {"sourceType": "S3", "s3Location": {"uri": RETURNS}})
    assert problems("bedrock-agent-runtime", "RetrieveAndGenerate", response) == []
    assert "45 days" in response["output"]["text"]
    assert response["citations"][0]["retrievedReferences"][0]["location"]["s3Location"]["uri"] == RETURNS


def test_external_sources_answer_from_bytes(aws):
    data = b"The Basecamp lantern runs for 40 hours on three AA batteries."
    source = {
        "sourceType": "BYTE_CONTENT",
        "byteContent": {"contentType": "text/plain", "data": data, "identifier": "lantern.txt"},
    }
    response = external(aws, source, "How many hours does the Basecamp lantern run?")
    assert "40 hours" in response["output"]["text"]


def test_external_sources_from_a_missing_object_is_resource_not_found(aws):
    put_corpus(aws["s3"])
    with pytest.raises(aws["bedrock-agent-runtime"].exceptions.ResourceNotFoundException):
        external(aws, {"sourceType": "S3", "s3Location": {"uri": f"s3://{BUCKET}/missing.md"}})


def test_a_missing_configuration_is_a_validation_error(aws):
    with pytest.raises(aws["bedrock-agent-runtime"].exceptions.ValidationException):
        aws["bedrock-agent-runtime"].retrieve_and_generate(input={"text": QUESTION})


def test_the_stream_gives_the_same_answer_in_pieces_then_its_citations(aws, kb_id):
    config = {
        "type": "KNOWLEDGE_BASE",
        "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": NOVA_LITE_ARN},
    }
    runtime = aws["bedrock-agent-runtime"]
    whole = runtime.retrieve_and_generate(input={"text": QUESTION}, retrieveAndGenerateConfiguration=config)
    streamed = runtime.retrieve_and_generate_stream(input={"text": QUESTION}, retrieveAndGenerateConfiguration=config)
    events = list(streamed["stream"])
    pieces = [e["output"]["text"] for e in events if "output" in e]
    citations = [e["citation"] for e in events if "citation" in e]
    assert len(pieces) > 1 and "".join(pieces) == whole["output"]["text"]
    assert citations == whole["citations"]
    assert streamed["sessionId"] and streamed["sessionId"] != whole["sessionId"]
    follow_up = runtime.retrieve_and_generate_stream(
        input={"text": QUESTION}, retrieveAndGenerateConfiguration=config, sessionId=streamed["sessionId"]
    )
    assert follow_up["sessionId"] == streamed["sessionId"]
