"""The course's price table: how ids resolve, what a call costs, and that the emulator bills the same figures."""

import re

import pytest

from bedrock_course.models import MODELS
from bedrock_course.prices import (
    BATCH_PRICE_SHARE,
    CUSTOMIZATION_PRICES,
    GUARDRAIL_PRICES_PER_1K_UNITS,
    MODEL_PRICES,
    PRICES_AS_OF,
    RERANK_PRICES,
    S3_VECTORS,
    VECTOR_STORE_FLOORS,
    batch_price,
    customization_price,
    price,
)
from localbedrock import catalog
from localbedrock.guardrails.assess import PRICE_PER_1K_UNITS
from localbedrock.rerank import RERANK_MODELS


@pytest.mark.parametrize(
    "model_id",
    [
        "amazon.nova-micro-v1:0",
        "us.amazon.nova-micro-v1:0",
        "eu.amazon.nova-micro-v1:0",
        "global.amazon.nova-micro-v1:0",
        "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-micro-v1:0",
        "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.amazon.nova-micro-v1:0",
    ],
)
def test_every_spelling_of_a_model_has_its_on_demand_price(model_id):
    assert (price(model_id).input_per_1k, price(model_id).output_per_1k) == (0.000035, 0.00014)


def test_cost_sums_input_and_output_per_thousand_tokens():
    assert price("amazon.nova-lite-v1:0").cost(2_000, 500) == pytest.approx(2 * 0.00006 + 0.5 * 0.00024)


def test_a_geographic_profile_with_a_premium_costs_ten_percent_more_and_global_does_not():
    bare = price("anthropic.claude-haiku-4-5-20251001-v1:0")
    assert price("us.anthropic.claude-haiku-4-5-20251001-v1:0").input_per_1k == pytest.approx(bare.input_per_1k * 1.1)
    assert price("global.anthropic.claude-haiku-4-5-20251001-v1:0").input_per_1k == bare.input_per_1k


def test_an_unpriced_model_is_a_key_error_naming_the_priced_ones():
    with pytest.raises(KeyError, match=re.escape("amazon.nova-micro-v1:0")):
        price("amazon.not-a-model-v1:0")


def test_batch_costs_half_the_on_demand_price():
    assert batch_price("amazon.nova-pro-v1:0").cost(1000, 1000) == pytest.approx(
        BATCH_PRICE_SHARE * price("amazon.nova-pro-v1:0").cost(1000, 1000)
    )


def test_every_price_is_dated_and_sourced():
    assert PRICES_AS_OF.year >= 2026
    for entry in [*MODEL_PRICES.values(), *CUSTOMIZATION_PRICES.values(), *VECTOR_STORE_FLOORS.values(), S3_VECTORS]:
        assert entry.source


@pytest.mark.parametrize("model_id", sorted(MODEL_PRICES))
def test_the_emulator_bills_the_course_prices(model_id):
    profile = catalog.CATALOG[model_id]
    assert (profile.input_price_per_1k, profile.output_price_per_1k) == (
        price(model_id).input_per_1k,
        price(model_id).output_per_1k,
    )


@pytest.mark.parametrize("model_id", sorted(CUSTOMIZATION_PRICES))
def test_the_emulator_bills_the_course_customization_prices(model_id):
    course, emulator = customization_price(model_id), catalog.CUSTOMIZATION_PRICES[model_id]
    assert course.training_per_1k_tokens == emulator.training_per_1k_tokens
    assert course.storage_per_month == emulator.storage_per_month
    assert course.provisioned_per_hour == emulator.provisioned_per_hour
    assert course.on_demand_deployment == emulator.on_demand


@pytest.mark.parametrize("store", sorted(VECTOR_STORE_FLOORS))
def test_the_emulator_bills_the_course_vector_store_floors(store):
    course, emulator = VECTOR_STORE_FLOORS[store], catalog.VECTOR_STORE_PRICES[store]
    assert (course.minimum_units, course.per_unit_hour) == (emulator.minimum_units, emulator.per_unit_hour)


def test_the_emulator_bills_the_course_s3_vectors_prices():
    emulator = catalog.S3_VECTORS_PRICES
    assert (S3_VECTORS.storage_per_gb_month, S3_VECTORS.put_per_gb, S3_VECTORS.per_million_queries) == (
        emulator.storage_per_gb_month,
        emulator.put_per_gb,
        emulator.per_million_queries,
    )
    assert S3_VECTORS.minimum_put_bytes == emulator.minimum_put_bytes


@pytest.mark.parametrize("model_id", sorted(MODELS))
def test_the_emulator_simulates_the_course_model_facts(model_id):
    course, emulator = MODELS[model_id], catalog.CATALOG[model_id]
    assert (course.name, course.context_window, course.max_output_tokens, course.knowledge_cutoff, course.tier) == (
        emulator.name,
        emulator.context_window,
        emulator.max_output_tokens,
        emulator.knowledge_cutoff,
        emulator.tier,
    )
    latency = emulator.latency
    assert (course.latency.first_token_ms, course.latency.per_output_token_ms) == (
        latency.first_token_ms,
        latency.per_output_token_ms,
    )
    assert course.latency.per_1k_input_tokens_ms == latency.per_1k_input_tokens_ms


def test_rerankers_cost_what_the_emulator_bills_per_query_of_up_to_100_documents():
    assert {m: p.per_1k_queries for m, p in RERANK_PRICES.items()} == {
        m: r.price_per_1k_queries for m, r in RERANK_MODELS.items()
    }
    cohere = RERANK_PRICES["cohere.rerank-v3-5:0"]
    assert cohere.cost(1000, 20) == pytest.approx(2.00)
    assert cohere.cost(1000, 150) == pytest.approx(4.00)  # 150 documents are billed as two queries


def test_guardrail_prices_are_the_emulators():
    assert GUARDRAIL_PRICES_PER_1K_UNITS["contextual grounding"] == PRICE_PER_1K_UNITS["contextualGroundingPolicyUnits"]
    assert GUARDRAIL_PRICES_PER_1K_UNITS["denied topics"] == PRICE_PER_1K_UNITS["topicPolicyUnits"]
