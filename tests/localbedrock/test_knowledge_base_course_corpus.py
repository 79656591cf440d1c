"""The course corpus in a knowledge base: the labelled questions find their documents, and the metadata files the
corpus ships with drive filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import localbedrock
from bedrock_course.data import CORPUS_DIR, load_corpus, load_questions
from tests.localbedrock.kb_helpers import NOVA_LITE_ARN, create_kb, ingest

BUCKET = "course-corpus"


@pytest.fixture(scope="module")
def course() -> Iterator[tuple[dict[str, Any], str, dict[str, Any]]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        aws = {n: boto3.client(n, region_name="us-east-1") for n in ("bedrock-agent", "bedrock-agent-runtime", "s3")}
        aws["s3"].create_bucket(Bucket=BUCKET)
        for path in sorted(CORPUS_DIR.iterdir()):
            aws["s3"].put_object(Bucket=BUCKET, Key=f"corpus/{path.name}", Body=path.read_bytes())
        kb_id = create_kb(aws["bedrock-agent"])
        agent = aws["bedrock-agent"]
        ds_id = agent.create_data_source(
            knowledgeBaseId=kb_id,
            name="corpus",
            dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}"}},
        )["dataSource"]["dataSourceId"]
        job = ingest(agent, kb_id, ds_id)
        yield aws, kb_id, job


def doc_ids(aws: dict[str, Any], kb_id: str, question: str, **search: Any) -> list[str]:
    config = {"vectorSearchConfiguration": {"numberOfResults": 5, **search}}
    results = aws["bedrock-agent-runtime"].retrieve(
        knowledgeBaseId=kb_id, retrievalQuery={"text": question}, retrievalConfiguration=config
    )["retrievalResults"]
    return [r["metadata"]["doc_id"] for r in results]


def hit_rate(aws: dict[str, Any], kb_id: str, **search: Any) -> float:
    questions = [q for q in load_questions() if q["answerable"] and q["relevant_doc_ids"]]
    hits = sum(bool(set(doc_ids(aws, kb_id, q["question"], **search)) & set(q["relevant_doc_ids"])) for q in questions)
    return hits / len(questions)


def test_every_corpus_document_and_metadata_file_is_ingested(course):
    _, _, job = course
    count = len(load_corpus())
    assert job["statistics"]["numberOfDocumentsScanned"] == count
    assert job["statistics"]["numberOfMetadataDocumentsScanned"] == count
    assert job["statistics"]["numberOfNewDocumentsIndexed"] == count


@pytest.mark.parametrize("search_type", ["SEMANTIC", "HYBRID"])
def test_most_labelled_questions_find_a_relevant_document_in_the_top_five(course, search_type):
    aws, kb_id, _ = course
    assert hit_rate(aws, kb_id, overrideSearchType=search_type) >= 0.8


def test_a_status_filter_keeps_superseded_policy_versions_out(course):
    aws, kb_id, _ = course
    superseded = {d.doc_id for d in load_corpus() if d.metadata.get("status") == "superseded"}
    current = {"equals": {"key": "status", "value": "current"}}
    for question in [q["question"] for q in load_questions() if q["other_version_doc_ids"]][:10]:
        assert not set(doc_ids(aws, kb_id, question, filter=current)) & superseded


def test_a_grounded_answer_cites_the_corpus_object_it_came_from(course):
    aws, kb_id, _ = course
    question = next(q for q in load_questions() if q["id"] == "q020")
    response = aws["bedrock-agent-runtime"].retrieve_and_generate(
        input={"text": question["question"]},
        retrieveAndGenerateConfiguration={
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseConfiguration": {"knowledgeBaseId": kb_id, "modelArn": NOVA_LITE_ARN},
        },
    )
    assert "$39" in response["output"]["text"]  # "A replacement burr set costs $39."
    texts = {d.doc_id: d.text for d in load_corpus()}
    references = [r for c in response["citations"] for r in c["retrievedReferences"]]
    assert references
    for reference in references:  # each cited object is the corpus document whose chunk the answer came from
        doc_id = reference["metadata"]["doc_id"]
        assert reference["location"]["s3Location"]["uri"] == f"s3://{BUCKET}/corpus/{doc_id}.md"
        assert reference["content"]["text"] in texts[doc_id]
    assert any("$39" in r["content"]["text"] for r in references)
