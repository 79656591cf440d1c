"""A knowledge base stored in Amazon S3 Vectors: accepted as botocore's bedrock-agent model defines it, served like
the other stores, and billed by usage with no floor (storage, writes, queries) at the dated prices."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

import localbedrock
from localbedrock.catalog import S3_VECTORS_PRICES
from localbedrock.knowledgebases.s3vectors import logical_bytes
from localbedrock.ledger import HOURS_PER_MONTH
from tests.localbedrock.kb_helpers import (
    OPENSEARCH,
    create_data_source,
    create_kb,
    hand_clock,
    ingest,
    problems,
    put_corpus,
)

ACCOUNT, REGION = "123456789012", "us-east-1"
HOUR = 3600
S3_VECTORS = {
    "type": "S3_VECTORS",
    "s3VectorsConfiguration": {
        "vectorBucketArn": "arn:aws:s3vectors:us-east-1:123456789012:bucket/acme-vectors",
        "indexName": "acme-index",
    },
}


@dataclass
class Store:
    emulator: localbedrock.LocalBedrock
    agent: Any
    retriever: Any
    s3: Any
    now: list[float]

    def charges(self, item: str) -> list[Any]:
        return [c for c in self.emulator.ledger.charges if c.item == item]

    def index(self, kb_id: str) -> Any:
        assert self.emulator.service is not None
        return self.emulator.service.knowledge_bases(ACCOUNT, REGION).knowledge_base(kb_id).index


@pytest.fixture(name="store")
def store_fixture() -> Iterator[Store]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0) as emulator:
        assert emulator.service is not None
        now = hand_clock(emulator.service.knowledge_bases(ACCOUNT, REGION).clock)
        yield Store(
            emulator,
            boto3.client("bedrock-agent", region_name=REGION),
            boto3.client("bedrock-agent-runtime", region_name=REGION),
            boto3.client("s3", region_name=REGION),
            now,
        )


def ready(store: Store) -> str:
    put_corpus(store.s3)
    kb_id = create_kb(store.agent, storageConfiguration=S3_VECTORS)
    assert ingest(store.agent, kb_id, create_data_source(store.agent, kb_id))["status"] == "COMPLETE"
    return kb_id


def test_an_s3_vectors_knowledge_base_echoes_its_storage_configuration_and_retrieves(store: Store):
    kb_id = ready(store)
    kb = store.agent.get_knowledge_base(knowledgeBaseId=kb_id)
    assert problems("bedrock-agent", "GetKnowledgeBase", kb) == []
    assert kb["knowledgeBase"]["storageConfiguration"] == S3_VECTORS
    hits = store.retriever.retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": "How long is the return window?"})
    assert "45 days" in hits["retrievalResults"][0]["content"]["text"]


def test_an_s3_vectors_store_has_no_floor(store: Store):
    create_kb(store.agent, storageConfiguration=S3_VECTORS)
    store.now[0] += 100 * HOUR
    assert store.emulator.ledger.total_cost_usd == 0


def test_ingestion_charges_the_logical_gigabytes_written_with_the_minimum_per_put(store: Store):
    kb_id = ready(store)
    records = store.index(kb_id).records()
    written = sum(logical_bytes(r, 1024) for r in records)
    [charge] = store.charges("vector store writes")
    assert charge.unit == "GB written" and charge.unit_price_usd == S3_VECTORS_PRICES.put_per_gb
    assert charge.quantity == pytest.approx(max(written, S3_VECTORS_PRICES.minimum_put_bytes) / 1e9)


def test_storage_accrues_by_the_index_size_per_month_and_stops_with_the_knowledge_base(store: Store):
    kb_id = ready(store)
    size_gb = sum(logical_bytes(r, 1024) for r in store.index(kb_id).records()) / 1e9
    store.now[0] += HOURS_PER_MONTH * HOUR
    [charge] = store.charges("vector store storage")
    assert charge.quantity == pytest.approx(size_gb) and charge.unit == "GB-month"
    assert charge.cost_usd == pytest.approx(size_gb * S3_VECTORS_PRICES.storage_per_gb_month)
    store.agent.delete_knowledge_base(knowledgeBaseId=kb_id)
    store.now[0] += HOURS_PER_MONTH * HOUR
    assert sum(c.quantity for c in store.charges("vector store storage")) == pytest.approx(size_gb)


def test_every_retrieval_is_one_query(store: Store):
    kb_id = ready(store)
    for _ in range(4):
        store.retriever.retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": "shipping"})
    [charge] = store.charges("vector store queries")
    assert charge.quantity == pytest.approx(4e-6) and charge.unit == "million queries"
    assert charge.cost_usd == pytest.approx(4 * S3_VECTORS_PRICES.per_million_queries / 1e6)


def test_opensearch_serverless_still_costs_its_floor_beside_it(store: Store):
    create_kb(store.agent, name="os-kb", storageConfiguration=OPENSEARCH)
    create_kb(store.agent, name="s3-kb", storageConfiguration=S3_VECTORS)
    store.now[0] += HOUR
    assert [c.cost_usd for c in store.charges("vector store")] == [pytest.approx(0.48)]
