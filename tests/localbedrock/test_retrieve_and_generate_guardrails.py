"""RetrieveAndGenerate with a guardrailConfiguration and with reranking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from kb_helpers import NOVA_LITE_ARN, problems, ready_kb

import localbedrock

RERANKER = "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0"


@pytest.fixture
def emulator() -> Iterator[localbedrock.LocalBedrock]:
    """Knowledge bases and ingestion ready at once."""
    with localbedrock.LocalBedrock(lifecycle_seconds=0) as running:
        yield running


@pytest.fixture
def kb(emulator) -> dict[str, Any]:
    agent, s3 = boto3.client("bedrock-agent", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")
    control = boto3.client("bedrock", region_name="us-east-1")
    guardrail = control.create_guardrail(
        name="rag",
        blockedInputMessaging="I can't discuss that.",
        blockedOutputsMessaging="I can't share that answer.",
        topicPolicyConfig={
            "topicsConfig": [
                {
                    "name": "Competitors",
                    "definition": "Questions comparing us with Globex or other competitors.",
                    "type": "DENY",
                }
            ]
        },
        contextualGroundingPolicyConfig={"filtersConfig": [{"type": "GROUNDING", "threshold": 0.5}]},
    )
    return {
        "id": ready_kb(agent, s3),
        "guardrail": guardrail["guardrailId"],
        "client": boto3.client("bedrock-agent-runtime", region_name="us-east-1"),
    }


def ask(kb: dict[str, Any], question: str, **settings: Any) -> dict[str, Any]:
    config = {"knowledgeBaseId": kb["id"], "modelArn": NOVA_LITE_ARN, **settings}
    return kb["client"].retrieve_and_generate(
        input={"text": question},
        retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": config},
    )


def guarded(kb: dict[str, Any]) -> dict[str, Any]:
    return {
        "generationConfiguration": {
            "guardrailConfiguration": {"guardrailId": kb["guardrail"], "guardrailVersion": "DRAFT"}
        }
    }


def test_a_grounded_answer_passes_the_guardrail(kb):
    out = ask(kb, "How many days do I have to return an item?", **guarded(kb))
    assert not problems("bedrock-agent-runtime", "RetrieveAndGenerate", out)
    assert out["guardrailAction"] == "NONE" and "45 days" in out["output"]["text"]


def test_a_denied_topic_is_answered_with_the_blocked_messaging(kb):
    out = ask(kb, "Is Globex cheaper than Acme for tents, compared with competitors?", **guarded(kb))
    assert not problems("bedrock-agent-runtime", "RetrieveAndGenerate", out)
    assert out["guardrailAction"] == "INTERVENED"
    assert out["output"]["text"] == "I can't discuss that." and out["citations"] == []


def test_an_unknown_guardrail_is_an_error(kb):
    settings = {
        "generationConfiguration": {"guardrailConfiguration": {"guardrailId": "nope12345678", "guardrailVersion": "1"}}
    }
    with pytest.raises(kb["client"].exceptions.ResourceNotFoundException):
        ask(kb, "How many days do I have to return an item?", **settings)


def test_retrieve_and_generate_reranks_the_retrieved_passages(kb, emulator):
    search = {
        "numberOfResults": 4,
        "rerankingConfiguration": {
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {
                "modelConfiguration": {"modelArn": RERANKER},
                "numberOfRerankedResults": 1,
            },
        },
    }
    out = ask(
        kb, "How many days do I have to return an item?", retrievalConfiguration={"vectorSearchConfiguration": search}
    )
    assert "45 days" in out["output"]["text"]
    cited = {r["location"]["s3Location"]["uri"] for c in out["citations"] for r in c["retrievedReferences"]}
    assert cited == {"s3://acme-docs/policies/returns.md"}
    assert [c.item for c in emulator.ledger.charges if c.item == "rerank"] == ["rerank"]


def test_retrieve_with_a_guardrail_returns_nothing_for_a_blocked_query(kb):
    config = {"guardrailId": kb["guardrail"], "guardrailVersion": "DRAFT"}
    blocked = kb["client"].retrieve(
        knowledgeBaseId=kb["id"],
        retrievalQuery={"text": "Is Globex cheaper than Acme for tents, compared with competitors?"},
        guardrailConfiguration=config,
    )
    assert not problems("bedrock-agent-runtime", "Retrieve", blocked)
    assert blocked["guardrailAction"] == "INTERVENED" and blocked["retrievalResults"] == []
    allowed = kb["client"].retrieve(
        knowledgeBaseId=kb["id"], retrievalQuery={"text": "How do returns work?"}, guardrailConfiguration=config
    )
    assert allowed["guardrailAction"] == "NONE" and allowed["retrievalResults"]
