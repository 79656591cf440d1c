"""Ingestion: what a job reads from S3, incremental re-ingestion, metadata files, inclusion prefixes, failures and
what deleting a data source does to the index."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest

import localbedrock
from tests.localbedrock.kb_helpers import BUCKET, create_data_source, create_kb, ingest, put_corpus


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        yield {
            name: boto3.client(name, region_name="us-east-1")
            for name in ("bedrock-agent", "bedrock-agent-runtime", "s3")
        }


def uris(aws: dict[str, Any], kb_id: str, query: str, **search: Any) -> set[str]:
    config = {"vectorSearchConfiguration": {"numberOfResults": 100, **search}}
    results = aws["bedrock-agent-runtime"].retrieve(
        knowledgeBaseId=kb_id, retrievalQuery={"text": query}, retrievalConfiguration=config
    )["retrievalResults"]
    return {r["location"]["s3Location"]["uri"] for r in results}


def texts(aws: dict[str, Any], kb_id: str, query: str) -> list[str]:
    results = aws["bedrock-agent-runtime"].retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": query})
    return [r["content"]["text"] for r in results["retrievalResults"]]


def setup(aws: dict[str, Any], prefixes: list[str] | None = None) -> tuple[str, str]:
    put_corpus(aws["s3"])
    kb_id = create_kb(aws["bedrock-agent"])
    ds_id = create_data_source(aws["bedrock-agent"], kb_id, prefixes=prefixes)
    return kb_id, ds_id


def test_documents_are_retrievable_only_after_ingestion(aws):
    kb_id, ds_id = setup(aws)
    assert uris(aws, kb_id, "returns refund") == set()
    ingest(aws["bedrock-agent"], kb_id, ds_id)
    assert f"s3://{BUCKET}/policies/returns.md" in uris(aws, kb_id, "returns refund")


def test_reingesting_unchanged_objects_indexes_nothing(aws):
    kb_id, ds_id = setup(aws)
    ingest(aws["bedrock-agent"], kb_id, ds_id)
    stats = ingest(aws["bedrock-agent"], kb_id, ds_id)["statistics"]
    assert stats["numberOfDocumentsScanned"] == 4
    assert stats["numberOfNewDocumentsIndexed"] == stats["numberOfModifiedDocumentsIndexed"] == 0
    assert stats["numberOfDocumentsDeleted"] == 0


def test_reingestion_is_incremental_for_new_modified_and_deleted_objects(aws):
    agent, s3 = aws["bedrock-agent"], aws["s3"]
    kb_id, ds_id = setup(aws)
    ingest(agent, kb_id, ds_id)
    s3.put_object(Bucket=BUCKET, Key="policies/returns.md", Body=b"Acme Outdoor accepts returns within 60 days.")
    s3.delete_object(Bucket=BUCKET, Key="products/summit-stove.md")
    s3.put_object(Bucket=BUCKET, Key="policies/warranty.md", Body=b"Every Acme tent has a two-year warranty.")
    stats = ingest(agent, kb_id, ds_id)["statistics"]
    assert stats["numberOfNewDocumentsIndexed"] == 1
    assert stats["numberOfModifiedDocumentsIndexed"] == 1
    assert stats["numberOfDocumentsDeleted"] == 1
    assert stats["numberOfDocumentsScanned"] == 4
    returns = texts(aws, kb_id, "How many days do I have to return an item?")
    assert any("60 days" in t for t in returns) and not any("45 days" in t for t in returns)
    assert f"s3://{BUCKET}/products/summit-stove.md" not in uris(aws, kb_id, "stove isobutane")


def test_a_changed_metadata_file_counts_as_metadata_modified_and_updates_filters(aws):
    agent, s3 = aws["bedrock-agent"], aws["s3"]
    kb_id, ds_id = setup(aws)
    ingest(agent, kb_id, ds_id)
    body = json.dumps({"metadataAttributes": {"category": "archived", "year": 2019}}).encode()
    s3.put_object(Bucket=BUCKET, Key="policies/shipping.md.metadata.json", Body=body)
    stats = ingest(agent, kb_id, ds_id)["statistics"]
    assert stats["numberOfMetadataDocumentsModified"] == 1 and stats["numberOfModifiedDocumentsIndexed"] == 0
    archived = uris(aws, kb_id, "shipping", filter={"equals": {"key": "category", "value": "archived"}})
    assert archived == {f"s3://{BUCKET}/policies/shipping.md"}


def test_typed_metadata_attributes_are_read(aws):
    agent, s3 = aws["bedrock-agent"], aws["s3"]
    kb_id, ds_id = setup(aws)
    typed = {
        "metadataAttributes": {
            "year": {"value": {"type": "NUMBER", "numberValue": 2031}, "includeForEmbedding": False},
        }
    }
    s3.put_object(Bucket=BUCKET, Key="policies/returns.md.metadata.json", Body=json.dumps(typed).encode())
    ingest(agent, kb_id, ds_id)
    found = uris(aws, kb_id, "returns", filter={"greaterThan": {"key": "year", "value": 2030}})
    assert found == {f"s3://{BUCKET}/policies/returns.md"}


def test_inclusion_prefixes_limit_what_is_ingested(aws):
    kb_id, ds_id = setup(aws, prefixes=["products/"])
    stats = ingest(aws["bedrock-agent"], kb_id, ds_id)["statistics"]
    assert stats["numberOfDocumentsScanned"] == 2
    assert all("/products/" in u for u in uris(aws, kb_id, "returns shipping tent stove"))


def test_unreadable_documents_fail_without_failing_the_job(aws):
    agent, s3 = aws["bedrock-agent"], aws["s3"]
    kb_id, ds_id = setup(aws)
    s3.put_object(Bucket=BUCKET, Key="policies/scan.pdf", Body=b"\xff\xfe\x00binary")
    s3.put_object(Bucket=BUCKET, Key="policies/broken.md.metadata.json", Body=b"not json")
    s3.put_object(Bucket=BUCKET, Key="policies/broken.md", Body=b"A document whose metadata file is broken.")
    job = ingest(agent, kb_id, ds_id)
    assert job["status"] == "COMPLETE"
    assert job["statistics"]["numberOfDocumentsFailed"] == 2
    assert job["statistics"]["numberOfNewDocumentsIndexed"] == 4
    assert any("scan.pdf" in reason for reason in job["failureReasons"])


@pytest.mark.parametrize(("policy", "kept"), [("DELETE", False), ("RETAIN", True)])
def test_deleting_a_data_source_removes_or_keeps_its_chunks_by_deletion_policy(aws, policy, kept):
    agent = aws["bedrock-agent"]
    kb_id, ds_id = setup(aws)
    ingest(agent, kb_id, ds_id)
    agent.update_data_source(
        knowledgeBaseId=kb_id,
        dataSourceId=ds_id,
        name="acme-docs",
        dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}"}},
        dataDeletionPolicy=policy,
    )
    agent.delete_data_source(knowledgeBaseId=kb_id, dataSourceId=ds_id)
    assert bool(uris(aws, kb_id, "returns")) is kept


def test_ingestion_embeds_through_the_ledger(aws):
    emulator = localbedrock.active()
    kb_id, ds_id = setup(aws)
    ingest(aws["bedrock-agent"], kb_id, ds_id)
    embeddings = [call for call in emulator.ledger if call.model_id == "amazon.titan-embed-text-v2:0"]
    assert len(embeddings) == 4 and all(call.input_tokens > 0 for call in embeddings)
