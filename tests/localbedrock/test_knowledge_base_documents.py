"""Direct ingestion through boto3: IngestKnowledgeBaseDocuments, DeleteKnowledgeBaseDocuments,
GetKnowledgeBaseDocuments and ListKnowledgeBaseDocuments on an S3 data source, with their lifecycle on the
accelerated clock: a document is searchable only once INDEXED, and gone once its deletion is done."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import localbedrock
from tests.localbedrock.kb_helpers import BUCKET, create_data_source, create_kb, hand_clock, problems, put_corpus

NEW = "policies/gift-cards.md"
NEW_URI = f"s3://{BUCKET}/{NEW}"
GIFT_CARDS = "# Gift cards\n\nAcme Outdoor gift cards never expire and can be used online or in store."
QUESTION = "Do Acme Outdoor gift cards expire?"


class Clients:
    def __init__(self, now: list[float]) -> None:
        self.agent = boto3.client("bedrock-agent", region_name="us-east-1")
        self.runtime = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
        self.s3 = boto3.client("s3", region_name="us-east-1")
        self.now = now
        put_corpus(self.s3)
        self.kb = create_kb(self.agent)
        self.now[0] += 10
        self.ds = create_data_source(self.agent, self.kb)
        job = self.agent.start_ingestion_job(**self.ids())["ingestionJob"]
        self.now[0] += 10
        done = self.agent.get_ingestion_job(**self.ids(), ingestionJobId=job["ingestionJobId"])["ingestionJob"]
        assert done["status"] == "COMPLETE"
        self.s3.put_object(Bucket=BUCKET, Key=NEW, Body=GIFT_CARDS.encode())  # added after the corpus was ingested

    def ids(self) -> dict[str, str]:
        return {"knowledgeBaseId": self.kb, "dataSourceId": self.ds}

    def status(self, uri: str = NEW_URI) -> str:
        found = self.agent.get_knowledge_base_documents(
            **self.ids(), documentIdentifiers=[{"dataSourceType": "S3", "s3": {"uri": uri}}]
        )
        assert problems("bedrock-agent", "GetKnowledgeBaseDocuments", found) == []
        return found["documentDetails"][0]["status"]

    def sources(self, question: str = QUESTION) -> list[str]:
        results = self.runtime.retrieve(
            knowledgeBaseId=self.kb,
            retrievalQuery={"text": question},
            retrievalConfiguration={"vectorSearchConfiguration": {"numberOfResults": 2}},
        )["retrievalResults"]
        return [r["location"]["s3Location"]["uri"] for r in results]

    def ingest(self, **document: Any) -> dict[str, Any]:
        return self.agent.ingest_knowledge_base_documents(
            **self.ids(),
            documents=[{"content": {"dataSourceType": "S3", "s3": {"s3Location": {"uri": NEW_URI}}}, **document}],
        )


@pytest.fixture
def kb() -> Iterator[Clients]:
    with localbedrock.LocalBedrock(lifecycle_seconds=10) as emulator:
        assert emulator.service is not None
        now = hand_clock(emulator.service.knowledge_bases("123456789012", "us-east-1").clock)
        yield Clients(now)


def test_an_ingested_document_is_starting_then_in_progress_then_indexed_and_only_then_retrieved(kb: Clients):
    started = kb.ingest()
    assert problems("bedrock-agent", "IngestKnowledgeBaseDocuments", started) == []
    [detail] = started["documentDetails"]
    assert detail["status"] == "STARTING" and detail["identifier"] == {"dataSourceType": "S3", "s3": {"uri": NEW_URI}}
    assert NEW_URI not in kb.sources()
    kb.now[0] += 4
    assert kb.status() == "IN_PROGRESS"
    kb.now[0] += 6
    assert kb.status() == "INDEXED"
    assert kb.sources()[0] == NEW_URI


def test_inline_metadata_is_filterable(kb: Clients):
    kb.ingest(
        metadata={
            "type": "IN_LINE_ATTRIBUTE",
            "inlineAttributes": [{"key": "category", "value": {"type": "STRING", "stringValue": "gifts"}}],
        }
    )
    kb.now[0] += 10
    results = kb.runtime.retrieve(
        knowledgeBaseId=kb.kb,
        retrievalQuery={"text": QUESTION},
        retrievalConfiguration={
            "vectorSearchConfiguration": {"filter": {"equals": {"key": "category", "value": "gifts"}}}
        },
    )["retrievalResults"]
    assert [r["location"]["s3Location"]["uri"] for r in results] == [NEW_URI]


def test_list_shows_documents_from_jobs_and_direct_ingestion(kb: Clients):
    kb.ingest()
    listed = kb.agent.list_knowledge_base_documents(**kb.ids())
    assert problems("bedrock-agent", "ListKnowledgeBaseDocuments", listed) == []
    statuses = {d["identifier"]["s3"]["uri"]: d["status"] for d in listed["documentDetails"]}
    assert statuses == {
        f"s3://{BUCKET}/policies/returns.md": "INDEXED",
        f"s3://{BUCKET}/policies/shipping.md": "INDEXED",
        f"s3://{BUCKET}/products/summit-stove.md": "INDEXED",
        f"s3://{BUCKET}/products/trailblazer-tent.md": "INDEXED",
        NEW_URI: "STARTING",
    }
    page = kb.agent.list_knowledge_base_documents(**kb.ids(), maxResults=3)
    assert len(page["documentDetails"]) == 3 and "nextToken" in page


def test_a_deleted_document_is_deleting_then_not_found_and_no_longer_retrieved(kb: Clients):
    uri = f"s3://{BUCKET}/policies/returns.md"
    assert uri in kb.sources("How many days do I have to return an item?")
    deleted = kb.agent.delete_knowledge_base_documents(
        **kb.ids(), documentIdentifiers=[{"dataSourceType": "S3", "s3": {"uri": uri}}]
    )
    assert problems("bedrock-agent", "DeleteKnowledgeBaseDocuments", deleted) == []
    assert deleted["documentDetails"][0]["status"] == "DELETING"
    kb.now[0] += 10
    assert kb.status(uri) == "NOT_FOUND"
    assert uri not in kb.sources("How many days do I have to return an item?")
    listed = kb.agent.list_knowledge_base_documents(**kb.ids())["documentDetails"]
    assert uri not in [d["identifier"]["s3"]["uri"] for d in listed]


def test_an_unreadable_document_fails_with_a_reason(kb: Clients):
    missing = f"s3://{BUCKET}/policies/missing.md"
    details = kb.agent.ingest_knowledge_base_documents(
        **kb.ids(), documents=[{"content": {"dataSourceType": "S3", "s3": {"s3Location": {"uri": missing}}}}]
    )["documentDetails"]
    assert details[0]["status"] == "FAILED" and "could not be read" in details[0]["statusReason"]


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ({"dataSourceType": "S3", "s3": {"s3Location": {"uri": "s3://another-bucket/doc.md"}}}, "not in the data"),
        (
            {
                "dataSourceType": "CUSTOM",
                "custom": {
                    "customDocumentIdentifier": {"id": "doc-1"},
                    "sourceType": "IN_LINE",
                    "inlineContent": {"type": "TEXT", "textContent": {"data": "Hello"}},
                },
            },
            "S3 data sources only",
        ),
    ],
)
def test_documents_outside_the_s3_data_source_are_refused(kb: Clients, content, words):
    with pytest.raises(kb.agent.exceptions.ValidationException, match=words):
        kb.agent.ingest_knowledge_base_documents(**kb.ids(), documents=[{"content": content}])


def test_an_ingestion_job_afterwards_keeps_an_unchanged_document(kb: Clients):
    kb.ingest()
    kb.now[0] += 10
    job = kb.agent.start_ingestion_job(**kb.ids())["ingestionJob"]
    kb.now[0] += 10
    done = kb.agent.get_ingestion_job(**kb.ids(), ingestionJobId=job["ingestionJobId"])["ingestionJob"]
    assert done["statistics"]["numberOfDocumentsScanned"] == 5
    assert (
        done["statistics"]["numberOfNewDocumentsIndexed"] == 0 and done["statistics"]["numberOfDocumentsDeleted"] == 0
    )
    assert kb.status() == "INDEXED"


def test_unknown_knowledge_bases_are_not_found(kb: Clients):
    with pytest.raises(kb.agent.exceptions.ResourceNotFoundException):
        kb.agent.list_knowledge_base_documents(knowledgeBaseId="ABCDEFGHIJ", dataSourceId=kb.ds)
