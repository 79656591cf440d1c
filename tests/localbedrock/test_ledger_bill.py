"""The session's bill: a knowledge base's vector store accrues its floor price while it exists, and the ledger sums
calls per model beside every charge."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

import localbedrock
from localbedrock.catalog import CATALOG, VECTOR_STORE_PRICES
from tests.localbedrock.kb_helpers import AURORA, OPENSEARCH, PINECONE, create_kb, hand_clock

ACCOUNT, REGION = "123456789012", "us-east-1"
HOUR = 3600
NOVA_LITE = "amazon.nova-lite-v1:0"
TITAN_V2 = "amazon.titan-embed-text-v2:0"


@dataclass
class Session:
    emulator: localbedrock.LocalBedrock
    agent: Any
    runtime: Any
    now: list[float]

    def wait(self, seconds: float) -> None:
        self.now[0] += seconds

    def vector_store_usd(self) -> float:
        return sum(c.cost_usd for c in self.emulator.ledger.charges if c.item == "vector store")


@pytest.fixture
def session() -> Iterator[Session]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0) as emulator:
        assert emulator.service is not None
        now = hand_clock(emulator.service.knowledge_bases(ACCOUNT, REGION).clock)
        agent = boto3.client("bedrock-agent", region_name=REGION)
        yield Session(emulator, agent, boto3.client("bedrock-runtime", region_name=REGION), now)


def test_an_opensearch_serverless_knowledge_base_costs_two_ocus_an_hour_until_deleted(session: Session):
    kb_id = create_kb(session.agent, storageConfiguration=OPENSEARCH)
    price = VECTOR_STORE_PRICES["OPENSEARCH_SERVERLESS"]
    assert (price.minimum_units, price.unit) == (2.0, "OCU-hour")
    session.wait(10 * HOUR)
    [charge] = [c for c in session.emulator.ledger.charges if c.item == "vector store"]
    assert charge.resource.endswith(f":knowledge-base/{kb_id}")
    assert charge.quantity == pytest.approx(20.0) and charge.unit == "OCU-hour"
    assert charge.cost_usd == pytest.approx(10 * 2 * 0.24)

    session.agent.delete_knowledge_base(knowledgeBaseId=kb_id)
    session.wait(100 * HOUR)
    assert session.vector_store_usd() == pytest.approx(10 * 2 * 0.24), "a deleted knowledge base stops costing"


def test_a_forgotten_knowledge_base_costs_about_350_dollars_a_month(session: Session):
    create_kb(session.agent)
    session.wait(730 * HOUR)
    assert session.vector_store_usd() == pytest.approx(350.4)


def test_aurora_costs_its_minimum_capacity_and_vendor_stores_are_not_on_the_aws_bill(session: Session):
    create_kb(session.agent, name="on-aurora", storageConfiguration=AURORA)
    create_kb(session.agent, name="on-pinecone", storageConfiguration=PINECONE)
    session.wait(HOUR)
    [charge] = [c for c in session.emulator.ledger.charges if c.item == "vector store"]
    assert (charge.quantity, charge.unit, charge.unit_price_usd) == (pytest.approx(0.5), "ACU-hour", 0.12)


def converse(runtime: Any, text: str) -> None:
    runtime.converse(modelId=NOVA_LITE, messages=[{"role": "user", "content": [{"text": text}]}])


def test_the_bill_sums_calls_per_model_and_lists_every_charge(session: Session):
    converse(session.runtime, "What is the capital of France?")
    converse(session.runtime, "What is the capital of Italy?")
    body = json.dumps({"inputText": "return window"})
    session.runtime.invoke_model(modelId=TITAN_V2, body=body)
    create_kb(session.agent)
    session.wait(HOUR)

    ledger = session.emulator.ledger
    bill = ledger.bill()
    assert [(line.item, line.resource) for line in bill[:2]] == [("inference", NOVA_LITE), ("embeddings", TITAN_V2)]
    nova_calls = [c for c in ledger if c.model_id == NOVA_LITE]
    assert bill[0].quantity == sum(c.input_tokens + c.output_tokens for c in nova_calls) and bill[0].unit == "tokens"
    expected = sum(CATALOG[NOVA_LITE].cost(c.input_tokens, c.output_tokens) for c in nova_calls)
    assert bill[0].cost_usd == pytest.approx(expected) and expected > 0
    assert bill[2].item == "vector store" and bill[2].cost_usd == pytest.approx(0.48)
    assert sum(line.cost_usd for line in bill) == pytest.approx(ledger.total_cost_usd)


def test_the_report_prints_each_line_and_the_total(session: Session):
    converse(session.runtime, "Hello")
    create_kb(session.agent)
    session.wait(HOUR)
    report = session.emulator.ledger.report().splitlines()
    assert report[0].split() == ["item", "resource", "quantity", "unit", "cost"]
    assert report[1].startswith("inference") and NOVA_LITE in report[1]
    assert report[2].startswith("vector store") and report[2].endswith("$0.480000")
    assert report[-1].split()[0] == "total"
    assert report[-1].endswith(f"${session.emulator.ledger.total_cost_usd:,.6f}")
    assert len({len(row) for row in report[:-1]}) == 1, "the columns line up"
