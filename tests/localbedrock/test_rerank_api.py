"""Rerank and Retrieve's rerankingConfiguration: the reranking models in their regions, scores, order, prices."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from kb_helpers import problems, ready_kb

import localbedrock

AMAZON = "arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0"
COHERE = "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0"
DOCUMENTS = [
    "Our stores open at 9 am on weekdays.",
    "Acme Outdoor accepts returns within 45 days of delivery. Items must be unused.",
    "The Trailblazer tent costs $249 and weighs 2.1 kg.",
]


def rerank(client, model_arn: str = COHERE, query: str = "How many days do I have to return an item?", **kw):
    return client.rerank(
        queries=[{"type": "TEXT", "textQuery": {"text": query}}],
        sources=[
            {"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": d}}} for d in DOCUMENTS
        ],
        rerankingConfiguration={
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {"modelConfiguration": {"modelArn": model_arn}, **kw},
        },
    )


@pytest.fixture
def emulator() -> Iterator[localbedrock.LocalBedrock]:
    """Knowledge bases and ingestion ready at once."""
    with localbedrock.LocalBedrock(lifecycle_seconds=0) as running:
        yield running


@pytest.fixture
def agent_runtime(emulator):
    return boto3.client("bedrock-agent-runtime", region_name="us-east-1")


def test_rerank_orders_the_sources_by_relevance(agent_runtime):
    out = rerank(agent_runtime)
    assert not problems("bedrock-agent-runtime", "Rerank", out)
    assert out["results"][0]["index"] == 1
    scores = [r["relevanceScore"] for r in out["results"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_rerank_keeps_number_of_results(agent_runtime):
    assert len(rerank(agent_runtime, numberOfResults=2)["results"]) == 2


def test_rerank_is_charged_per_query(agent_runtime, emulator):
    rerank(agent_runtime)
    (charge,) = emulator.ledger.charges
    assert (charge.item, charge.resource, charge.quantity) == ("rerank", "cohere.rerank-v3-5:0", 1)
    assert charge.cost_usd == pytest.approx(0.002)


def test_amazon_rerank_is_not_offered_in_us_east_1(agent_runtime, emulator):
    with pytest.raises(agent_runtime.exceptions.ValidationException):
        rerank(agent_runtime, AMAZON.replace("us-west-2", "us-east-1"))
    west = boto3.client("bedrock-agent-runtime", region_name="us-west-2")
    assert rerank(west, AMAZON)["results"][0]["index"] == 1


def test_retrieve_reranks_and_keeps_number_of_reranked_results(emulator):
    agent, s3 = boto3.client("bedrock-agent", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")
    kb_id = ready_kb(agent, s3)
    client = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
    search = {
        "numberOfResults": 5,
        "rerankingConfiguration": {
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {
                "modelConfiguration": {"modelArn": COHERE},
                "numberOfRerankedResults": 2,
            },
        },
    }
    out = client.retrieve(
        knowledgeBaseId=kb_id,
        retrievalQuery={"text": "How many days do I have to return an item?"},
        retrievalConfiguration={"vectorSearchConfiguration": search},
    )
    assert not problems("bedrock-agent-runtime", "Retrieve", out)
    assert len(out["retrievalResults"]) == 2
    assert any(c.item == "rerank" for c in emulator.ledger.charges)


def test_reranking_improves_mrr_on_the_course_questions():
    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from rerank_bench import measure

    before, after, count, _ = measure()
    assert count > 100
    assert after > before
