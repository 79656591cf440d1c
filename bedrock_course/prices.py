"""The course's price table: what Amazon Bedrock and the stores behind a knowledge base cost, dated and sourced.

Lessons and labs price their measurements from here, never from the emulator, so the same cell gives the same
figure on AWS. Every figure is USD in US East (N. Virginia), on-demand, as read on :data:`PRICES_AS_OF`, with the
page it comes from. AWS's pricing page (aws.amazon.com/bedrock/pricing) renders its tables client-side, so the copies
the course could consult hold no figures; a figure is marked **confirmed** only where an AWS-published source states
it, and otherwise says where it comes from. Prices drift: check the pricing page (or the Price List API,
``aws pricing get-products --service-code AmazonBedrock``) before you plan a budget on them.

>>> price("us.amazon.nova-micro-v1:0").cost(1_000, 200)
6.3e-05
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bedrock_course.models import resolve_model_id

PRICES_AS_OF = date(2026, 12, 5)
HOURS_PER_MONTH = 730  # AWS prices monthly items over 730 hours

PRICING_PAGE = "aws.amazon.com/bedrock/pricing"
# aws/agent-toolkit-for-aws, plugins/aws-startup-advisor/skills/llm-to-bedrock/scripts/bedrock_pricing.py: AWS's own
# table of on-demand token prices, "verified 2026-10-05 against aws.amazon.com/bedrock/pricing".
AWS_TOOLKIT_TABLE = (
    "AWS's agent-toolkit-for-aws Bedrock price table (verified by AWS against the pricing page 2026-10-05)"
)
LIST_PRICE_2024 = (
    "2024 list price quoted by secondary sources (e.g. inventivehq.com AWS Bedrock pricing guide); "
    "not confirmed on the AWS page"
)


@dataclass(frozen=True)
class ModelPrice:
    """On-demand token prices of one model (USD per 1,000 tokens; embedding models have no output price)."""

    model_id: str
    input_per_1k: float
    output_per_1k: float
    source: str
    confirmed: bool = False

    def cost(self, input_tokens: int, output_tokens: int = 0) -> float:
        """What one call with these token counts costs, in USD."""
        return input_tokens / 1000 * self.input_per_1k + output_tokens / 1000 * self.output_per_1k

    def scaled(self, factor: float, model_id: str, source: str) -> ModelPrice:
        """The same model at ``factor`` times these prices (a geographic inference profile, batch inference)."""

        def times(value: float) -> float:
            # Rounded so that a scaled price prints as the pricing page writes it (0.0055, not 0.0055000000000000005).
            return round(value * factor, 12)

        return ModelPrice(model_id, times(self.input_per_1k), times(self.output_per_1k), source, self.confirmed)


def _price(
    model_id: str, input_per_1k: float, output_per_1k: float, source: str, confirmed: bool = False
) -> ModelPrice:
    return ModelPrice(model_id, input_per_1k, output_per_1k, source, confirmed)


MODEL_PRICES: dict[str, ModelPrice] = {
    p.model_id: p
    for p in (
        _price("amazon.nova-micro-v1:0", 0.000035, 0.00014, AWS_TOOLKIT_TABLE, confirmed=True),
        _price("amazon.nova-lite-v1:0", 0.00006, 0.00024, AWS_TOOLKIT_TABLE, confirmed=True),
        _price("amazon.nova-pro-v1:0", 0.0008, 0.0032, AWS_TOOLKIT_TABLE, confirmed=True),
        _price(
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            0.001,
            0.005,
            AWS_TOOLKIT_TABLE + "; the in-Region and global. price (us./eu. profiles cost 10 % more)",
            confirmed=True,
        ),
        _price("anthropic.claude-3-haiku-20240307-v1:0", 0.00025, 0.00125, LIST_PRICE_2024),
        _price(
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            0.003,
            0.015,
            LIST_PRICE_2024 + "; a 2026 secondary source reports $0.006 / $0.03 for Claude 3.5 Sonnet on Bedrock",
        ),
        _price("amazon.titan-text-lite-v1", 0.00015, 0.0002, LIST_PRICE_2024),
        _price("amazon.titan-text-express-v1", 0.0002, 0.0006, LIST_PRICE_2024),
        _price(
            "meta.llama3-8b-instruct-v1:0", 0.0003, 0.0006, LIST_PRICE_2024 + " (Llama 3.1 8B: $0.00022 / $0.00022)"
        ),
        _price("meta.llama3-70b-instruct-v1:0", 0.00265, 0.0035, LIST_PRICE_2024),
        _price("mistral.mistral-7b-instruct-v0:2", 0.00015, 0.0002, LIST_PRICE_2024),
        _price("amazon.titan-embed-text-v2:0", 0.00002, 0.0, LIST_PRICE_2024),
        _price("amazon.titan-embed-text-v1", 0.0001, 0.0, LIST_PRICE_2024),
        _price("cohere.embed-english-v3", 0.0001, 0.0, LIST_PRICE_2024),
        _price("cohere.embed-multilingual-v3", 0.0001, 0.0, LIST_PRICE_2024),
    )
}

# Geographic cross-Region inference profiles cost the source Region's in-Region price (pricing page, "Cross-region
# inference ... no additional charge"), except for models priced with a geographic premium: for Claude Haiku 4.5
# AWS charges 10 % more through us./eu. profiles than in-Region or through global. (AWS_TOOLKIT_TABLE).
GEO_PROFILE_PREMIUM: dict[str, float] = {"anthropic.claude-haiku-4-5-20251001-v1:0": 1.10}


def price(model_id: str) -> ModelPrice:
    """The on-demand prices of the model that ``model_id`` names: a bare model id, a system inference profile id
    (``us.``, ``eu.``, ``apac.``, ``global.``) or a foundation-model or inference-profile ARN. Raises KeyError, naming
    the priced models, for a model the course has no price for."""
    name, bare, geo = resolve_model_id(model_id)
    if bare not in MODEL_PRICES:
        raise KeyError(f"no course price for {model_id!r}; priced models: {', '.join(sorted(MODEL_PRICES))}")
    base = MODEL_PRICES[bare]
    premium = GEO_PROFILE_PREMIUM.get(bare, 1.0) if geo else 1.0
    if name == bare and premium == 1.0:
        return base
    source = base.source if premium == 1.0 else base.source + f"; {premium:g} x through a geographic profile"
    return base.scaled(premium, name, source)


# Batch inference (CreateModelInvocationJob) costs half the on-demand token price for the models that support it.
# Source: pricing page ("Batch ... 50% lower price compared to on-demand", secondary quotes: finout.io, getnadir.com
# 2026); the older page said "the same as on-demand". Not confirmed on the AWS page itself.
BATCH_PRICE_SHARE = 0.5


def batch_price(model_id: str) -> ModelPrice:
    """The batch-inference prices of ``model_id`` (half its on-demand prices)."""
    on_demand = price(model_id)
    return on_demand.scaled(BATCH_PRICE_SHARE, on_demand.model_id, on_demand.source + "; batch at 50 %")


@dataclass(frozen=True)
class CacheRatios:
    """Prompt caching: cached tokens written and read cost these multiples of the model's input price."""

    write: float
    read: float
    write_1h: float | None = None  # the 1-hour TTL, where the model offers it
    source: str = ""


# By provider (the id's first segment). Source: Amazon Bedrock pricing page and Bedrock User Guide "Prompt caching for
# faster model inference" (checked 2026-12-05); the ratios are the pricing page's, quoted by secondary sources
# (clauder-navi.com 2026: write 1.25x, read 0.1x for Claude) and not confirmed model by model on the AWS page.
PROMPT_CACHE_RATIOS: dict[str, CacheRatios] = {
    "anthropic": CacheRatios(write=1.25, read=0.1, write_1h=2.0, source=PRICING_PAGE + " (secondary quotes)"),
    "amazon": CacheRatios(write=1.0, read=0.25, source=PRICING_PAGE + " (secondary quotes; Nova models)"),
}


@dataclass(frozen=True)
class CustomizationPrice:
    """Fine-tuning a base model and serving the custom model (USD, us-east-1): training per 1,000 training tokens
    (tokens in the dataset x epochs), storage per custom model and month, provisioned throughput per model unit and
    hour with no commitment, a 1-month or a 6-month commitment, and whether the custom model can be deployed for
    on-demand inference (CreateCustomModelDeployment, billed per token at the base model's on-demand prices)."""

    base_model_id: str
    training_per_1k_tokens: float
    storage_per_month: float
    provisioned_per_hour: dict[str, float]  # "" (no commitment), "OneMonth", "SixMonths"
    on_demand_deployment: bool
    source: str
    confirmed: bool = False


def _provisioned(none: float, one_month: float, six_months: float) -> dict[str, float]:
    return {"": none, "OneMonth": one_month, "SixMonths": six_months}


_ILLUSTRATIVE = "illustrative course figure, not confirmed against the AWS pricing page"
# Base models Bedrock customizes as of 2026-12-05: Claude 3 Haiku left the table when it reached its end of life in
# us-west-2, the only Region that fine-tuned it (the emulator's catalogue keeps its figures).
CUSTOMIZATION_PRICES: dict[str, CustomizationPrice] = {
    p.base_model_id: p
    for p in (
        CustomizationPrice(
            "amazon.titan-text-express-v1",
            0.008,
            1.95,
            _provisioned(20.5, 18.4, 14.8),
            False,
            "training, storage and no-commitment PT: the pricing page as quoted in April 2024 "
            "(ministryofjustice/analytical-platform #4119); commitment rates " + _ILLUSTRATIVE,
        ),
        CustomizationPrice(
            "amazon.titan-text-lite-v1", 0.0004, 1.95, _provisioned(7.1, 6.4, 5.1), False, _ILLUSTRATIVE
        ),
        CustomizationPrice(
            "amazon.nova-micro-v1:0",
            0.001,
            1.95,
            _provisioned(8.3, 7.5, 6.0),
            True,
            "on-demand deployment: User Guide deploy-custom-model-on-demand (Nova customized on or after 2025-07-16); "
            "training and storage: Nova launch pricing (Dec 2024, secondary quotes); PT " + _ILLUSTRATIVE,
        ),
        CustomizationPrice(
            "amazon.nova-lite-v1:0",
            0.002,
            1.95,
            _provisioned(13.0, 11.7, 9.4),
            True,
            "on-demand deployment: User Guide deploy-custom-model-on-demand; training and storage: Nova launch "
            "pricing (Dec 2024, secondary quotes); PT " + _ILLUSTRATIVE,
        ),
        CustomizationPrice(
            "amazon.nova-pro-v1:0",
            0.008,
            1.95,
            _provisioned(70.0, 63.0, 50.0),
            True,
            "on-demand deployment: User Guide deploy-custom-model-on-demand; training and storage: Nova launch "
            "pricing (Dec 2024, secondary quotes); PT " + _ILLUSTRATIVE,
        ),
    )
}


def customization_price(model_id: str) -> CustomizationPrice:
    """The customization prices of a base model (bare id, profile id or ARN, as for :func:`price`)."""
    bare = resolve_model_id(model_id)[1]
    if bare not in CUSTOMIZATION_PRICES:
        raise KeyError(f"no course customization price for {model_id!r}; priced: {', '.join(CUSTOMIZATION_PRICES)}")
    return CUSTOMIZATION_PRICES[bare]


@dataclass(frozen=True)
class VectorStoreFloor:
    """What a managed vector store costs while it exists, busy or idle: ``minimum_units`` capacity units at
    ``per_unit_hour`` each. Storage and traffic above the floor are left out (cents at a course's scale)."""

    service: str
    unit: str
    minimum_units: float
    per_unit_hour: float
    basis: str
    source: str

    @property
    def per_hour(self) -> float:
        return self.minimum_units * self.per_unit_hour

    @property
    def per_month(self) -> float:
        return self.per_hour * HOURS_PER_MONTH


# A knowledge base's storageConfiguration type -> the floor of the store that holds its vectors.
VECTOR_STORE_FLOORS: dict[str, VectorStoreFloor] = {
    "OPENSEARCH_SERVERLESS": VectorStoreFloor(
        "Amazon OpenSearch Serverless",
        "OCU-hour",
        2.0,
        0.24,
        "a vector search collection's minimum with redundancy: 1 OCU for indexing and 1 for search (0.5 OCU x 2 each)",
        "minimum OCUs: OpenSearch Service Developer Guide, serverless-scaling (confirmed 2026-12-05); $0.24 per "
        "OCU-hour: OpenSearch pricing page as quoted by secondary sources, not confirmed",
    ),
    "RDS": VectorStoreFloor(
        "Amazon Aurora PostgreSQL Serverless v2 (pgvector)",
        "ACU-hour",
        0.5,
        0.12,
        "a cluster at its minimum of 0.5 ACU (one that may pause costs less while idle; storage is extra)",
        "Aurora pricing page as quoted by secondary sources, not confirmed",
    ),
}


@dataclass(frozen=True)
class S3VectorsPrice:
    """Amazon S3 Vectors, priced by use with no floor: logical storage per GB-month, writes per logical GB (each
    PutVectors call counts at least ``minimum_put_bytes``), and queries per million calls (the per-TB "data
    processed" part of a query is left out: fractions of a cent at a course's scale)."""

    storage_per_gb_month: float = 0.06
    put_per_gb: float = 0.20
    per_million_queries: float = 2.50
    minimum_put_bytes: int = 128 * 1024
    source: str = (
        "Amazon S3 pricing page, S3 Vectors (us-east-1) as quoted by secondary sources in 2026 (storage $0.06, "
        "PUT $0.20/GB with a 128 KB minimum; queries $2.50 per million); not confirmed on the AWS page"
    )


S3_VECTORS = S3VectorsPrice()


@dataclass(frozen=True)
class RerankPrice:
    """A reranker, billed per query: one query reads up to ``documents_per_query`` documents (more count as more)."""

    model_id: str
    per_1k_queries: float
    documents_per_query: int = 100
    source: str = (
        "Amazon Bedrock pricing page (reranking), December 2024 list prices as quoted by secondary sources; "
        "not confirmed on the AWS page"
    )

    def cost(self, queries: int, documents_per_call: int = 1) -> float:
        billed = queries * max(1, -(-documents_per_call // self.documents_per_query))
        return billed / 1000 * self.per_1k_queries


RERANK_PRICES: dict[str, RerankPrice] = {
    "amazon.rerank-v1:0": RerankPrice("amazon.rerank-v1:0", 1.00),
    "cohere.rerank-v3-5:0": RerankPrice("cohere.rerank-v3-5:0", 2.00),
}

# Guardrails, USD per 1,000 text units (a text unit is up to 1,000 characters), by policy. Amazon Bedrock pricing
# page, Guardrails, after the December 2024 price reduction (checked 2026-12-05).
GUARDRAIL_PRICES_PER_1K_UNITS: dict[str, float] = {
    "content filters": 0.15,
    "denied topics": 0.15,
    "sensitive information (PII)": 0.10,
    "contextual grounding": 0.10,
}
GUARDRAIL_TEXT_UNIT_CHARACTERS = 1000
