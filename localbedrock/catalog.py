"""The catalogue of simulated foundation models: plain data, no behaviour.

Prices are illustrative on-demand list prices (USD per 1,000 tokens, us-east-1) as of each model's ``prices_as_of``;
they drift, so lessons must say where they come from. Latency profiles are illustrative: they are chosen so that the
trade-offs between models (small and fast versus large and capable) have the right shape. Lifecycles, cross-region
inference profiles and customization Regions follow the Amazon Bedrock User Guide as read on ``CATALOGUE_AS_OF``
(docs/localbedrock.md, "The catalogue", gives each figure's source and says which could not be confirmed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

PRICES_AS_OF = date(2024, 12, 3)
CATALOGUE_AS_OF = date(2026, 12, 5)

# A model's lifecycle status on Bedrock (FoundationModelLifecycleStatus). Past its ``end_of_life`` (on
# ``CATALOGUE_AS_OF``, not the wall clock, so that the emulator answers the same every day) a model is retired: calls
# fail and listings leave it out, except in the Regions where AWS still serves it (``served_after_eol_in``).
ACTIVE, LEGACY = "ACTIVE", "LEGACY"
# Regions where Bedrock runs fine-tuning and continued pre-training (User Guide, custom-model-supported).
CUSTOMIZATION_REGIONS = ("us-east-1", "us-west-2")

# Families name a native InvokeModel body format.
ANTHROPIC = "anthropic"
TITAN_TEXT = "titan-text"
NOVA = "nova"
LLAMA3 = "llama3"
MISTRAL = "mistral"
TITAN_EMBED_V1 = "titan-embed-v1"
TITAN_EMBED_V2 = "titan-embed-v2"
COHERE_EMBED = "cohere-embed"

EMBEDDING_FAMILIES = frozenset({TITAN_EMBED_V1, TITAN_EMBED_V2, COHERE_EMBED})


@dataclass(frozen=True)
class LatencyProfile:
    """Simulated latency: time to first token, then a cost per output token and per 1,000 input tokens."""

    first_token_ms: float
    per_output_token_ms: float
    per_1k_input_tokens_ms: float = 20.0

    def latency_ms(self, input_tokens: int, output_tokens: int) -> int:
        """Total simulated latency of one call, in whole milliseconds."""
        total = (
            self.first_token_ms
            + self.per_1k_input_tokens_ms * input_tokens / 1000
            + self.per_output_token_ms * output_tokens
        )
        return round(total)


@dataclass(frozen=True)
class ModelProfile:
    """Everything the emulator knows about one foundation model."""

    model_id: str
    name: str
    provider: str
    family: str
    context_window: int
    max_output_tokens: int
    input_price_per_1k: float
    output_price_per_1k: float
    latency: LatencyProfile
    knowledge_cutoff: date | None = None
    tier: int = 2  # 1 = small, follows simple instructions; 2 = mid; 3 = large, follows complex ones
    embedding_dimensions: tuple[int, ...] = ()
    customizations: tuple[str, ...] = ()
    streaming: bool = True
    default_max_tokens: int = 512
    input_modalities: tuple[str, ...] = ("TEXT",)
    prices_as_of: date = field(default=PRICES_AS_OF)
    cross_region: tuple[str, ...] = ()  # geographies ("us", "eu", "apac", "global") with a system inference profile
    on_demand: bool = True  # False: AWS serves the bare id only through an inference profile
    lifecycle: str = ACTIVE
    end_of_life: date | None = None
    served_after_eol_in: tuple[str, ...] = ()  # Regions where AWS still serves the model after its end of life
    customization_regions: tuple[str, ...] = CUSTOMIZATION_REGIONS

    @property
    def is_embedding(self) -> bool:
        return self.family in EMBEDDING_FAMILIES

    @property
    def output_modalities(self) -> tuple[str, ...]:
        return ("EMBEDDING",) if self.is_embedding else ("TEXT",)

    def retired_in(self, region: str, on: date = CATALOGUE_AS_OF) -> bool:
        """Whether AWS has retired the model in ``region`` by ``on``: calls to it answer ResourceNotFoundException."""
        past = self.end_of_life is not None and self.end_of_life <= on
        return past and region not in self.served_after_eol_in

    def cost(self, input_tokens: int, output_tokens: int = 0) -> float:
        """Illustrative on-demand cost of one call in USD."""
        return input_tokens / 1000 * self.input_price_per_1k + output_tokens / 1000 * self.output_price_per_1k


def _text(model_id: str, name: str, provider: str, family: str, **kw: object) -> ModelProfile:
    return ModelProfile(model_id=model_id, name=name, provider=provider, family=family, **kw)  # type: ignore[arg-type]


MODELS: tuple[ModelProfile, ...] = (
    _text(
        "anthropic.claude-3-haiku-20240307-v1:0",
        "Claude 3 Haiku",
        "Anthropic",
        ANTHROPIC,
        context_window=200_000,
        max_output_tokens=4096,
        input_price_per_1k=0.00025,
        output_price_per_1k=0.00125,
        latency=LatencyProfile(350, 8),
        knowledge_cutoff=date(2023, 8, 1),
        tier=2,
        customizations=("FINE_TUNING",),
        input_modalities=("TEXT", "IMAGE"),
        cross_region=("us", "eu", "apac"),
        # Bedrock model card: end of life 2026-09-10, except in these Regions (Legacy in ap-northeast-2).
        lifecycle=LEGACY,
        end_of_life=date(2026, 9, 10),
        served_after_eol_in=("ca-central-1", "eu-central-2", "sa-east-1", "ap-northeast-2"),
        customization_regions=("us-west-2",),
    ),
    _text(
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "Claude 3.5 Sonnet",
        "Anthropic",
        ANTHROPIC,
        context_window=200_000,
        max_output_tokens=8192,
        input_price_per_1k=0.003,
        output_price_per_1k=0.015,
        latency=LatencyProfile(800, 18),
        knowledge_cutoff=date(2024, 4, 1),
        tier=3,
        input_modalities=("TEXT", "IMAGE"),
        cross_region=("us", "eu", "apac"),
        lifecycle=LEGACY,
    ),
    _text(
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        "Claude Haiku 4.5",
        "Anthropic",
        ANTHROPIC,
        context_window=200_000,
        max_output_tokens=64_000,
        input_price_per_1k=0.001,
        output_price_per_1k=0.005,
        latency=LatencyProfile(400, 7),
        knowledge_cutoff=date(2025, 2, 1),
        tier=3,
        input_modalities=("TEXT", "IMAGE"),
        prices_as_of=CATALOGUE_AS_OF,
        cross_region=("us", "eu", "global"),
        on_demand=False,
    ),
    _text(
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "Claude 3.5 Haiku",
        "Anthropic",
        ANTHROPIC,
        context_window=200_000,
        max_output_tokens=8192,
        input_price_per_1k=0.0008,
        output_price_per_1k=0.004,
        latency=LatencyProfile(380, 8),
        knowledge_cutoff=date(2024, 7, 1),
        tier=2,
        cross_region=("us",),
        on_demand=False,
        lifecycle=LEGACY,
        end_of_life=date(2026, 6, 19),
    ),
    _text(
        "amazon.titan-text-lite-v1",
        "Titan Text G1 - Lite",
        "Amazon",
        TITAN_TEXT,
        context_window=4096,
        max_output_tokens=4096,
        input_price_per_1k=0.00015,
        output_price_per_1k=0.0002,
        latency=LatencyProfile(300, 6),
        knowledge_cutoff=date(2023, 6, 1),
        tier=1,
        customizations=("FINE_TUNING", "CONTINUED_PRE_TRAINING"),
    ),
    _text(
        "amazon.titan-text-express-v1",
        "Titan Text G1 - Express",
        "Amazon",
        TITAN_TEXT,
        context_window=8192,
        max_output_tokens=8192,
        input_price_per_1k=0.0002,
        output_price_per_1k=0.0006,
        latency=LatencyProfile(400, 10),
        knowledge_cutoff=date(2023, 6, 1),
        tier=1,
        customizations=("FINE_TUNING", "CONTINUED_PRE_TRAINING"),
    ),
    _text(
        "amazon.nova-micro-v1:0",
        "Nova Micro",
        "Amazon",
        NOVA,
        context_window=128_000,
        max_output_tokens=10_000,
        input_price_per_1k=0.000035,
        output_price_per_1k=0.00014,
        latency=LatencyProfile(250, 4),
        knowledge_cutoff=date(2024, 10, 1),
        tier=1,
        customizations=("FINE_TUNING", "DISTILLATION"),
        cross_region=("us", "eu", "apac"),
    ),
    _text(
        "amazon.nova-lite-v1:0",
        "Nova Lite",
        "Amazon",
        NOVA,
        context_window=300_000,
        max_output_tokens=10_000,
        input_price_per_1k=0.00006,
        output_price_per_1k=0.00024,
        latency=LatencyProfile(300, 6),
        knowledge_cutoff=date(2024, 10, 1),
        tier=2,
        customizations=("FINE_TUNING", "DISTILLATION"),
        cross_region=("us", "eu", "apac"),
        input_modalities=("TEXT", "IMAGE", "VIDEO"),
    ),
    _text(
        "amazon.nova-pro-v1:0",
        "Nova Pro",
        "Amazon",
        NOVA,
        context_window=300_000,
        max_output_tokens=10_000,
        input_price_per_1k=0.0008,
        output_price_per_1k=0.0032,
        latency=LatencyProfile(500, 12),
        knowledge_cutoff=date(2024, 10, 1),
        tier=3,
        customizations=("FINE_TUNING", "DISTILLATION"),
        cross_region=("us", "eu", "apac"),
        input_modalities=("TEXT", "IMAGE", "VIDEO"),
    ),
    _text(
        "meta.llama3-8b-instruct-v1:0",
        "Llama 3 8B Instruct",
        "Meta",
        LLAMA3,
        context_window=8192,
        max_output_tokens=2048,
        input_price_per_1k=0.0003,
        output_price_per_1k=0.0006,
        latency=LatencyProfile(300, 7),
        knowledge_cutoff=date(2023, 3, 1),
        tier=1,
    ),
    _text(
        "meta.llama3-70b-instruct-v1:0",
        "Llama 3 70B Instruct",
        "Meta",
        LLAMA3,
        context_window=8192,
        max_output_tokens=2048,
        input_price_per_1k=0.00265,
        output_price_per_1k=0.0035,
        latency=LatencyProfile(600, 16),
        knowledge_cutoff=date(2023, 12, 1),
        tier=2,
    ),
    _text(
        "mistral.mistral-7b-instruct-v0:2",
        "Mistral 7B Instruct",
        "Mistral AI",
        MISTRAL,
        context_window=32_000,
        max_output_tokens=8192,
        input_price_per_1k=0.00015,
        output_price_per_1k=0.0002,
        latency=LatencyProfile(300, 7),
        knowledge_cutoff=date(2023, 9, 1),
        tier=1,
    ),
    _text(
        "amazon.titan-embed-text-v2:0",
        "Titan Text Embeddings V2",
        "Amazon",
        TITAN_EMBED_V2,
        context_window=8192,
        max_output_tokens=0,
        input_price_per_1k=0.00002,
        output_price_per_1k=0.0,
        latency=LatencyProfile(40, 0, 10),
        embedding_dimensions=(1024, 512, 256),
        streaming=False,
    ),
    _text(
        "amazon.titan-embed-text-v1",
        "Titan Embeddings G1 - Text",
        "Amazon",
        TITAN_EMBED_V1,
        context_window=8192,
        max_output_tokens=0,
        input_price_per_1k=0.0001,
        output_price_per_1k=0.0,
        latency=LatencyProfile(40, 0, 10),
        embedding_dimensions=(1536,),
        streaming=False,
    ),
    _text(
        "cohere.embed-english-v3",
        "Embed English",
        "Cohere",
        COHERE_EMBED,
        context_window=512,
        max_output_tokens=0,
        input_price_per_1k=0.0001,
        output_price_per_1k=0.0,
        latency=LatencyProfile(40, 0, 10),
        embedding_dimensions=(1024,),
        streaming=False,
    ),
    _text(
        "cohere.embed-multilingual-v3",
        "Embed Multilingual",
        "Cohere",
        COHERE_EMBED,
        context_window=512,
        max_output_tokens=0,
        input_price_per_1k=0.0001,
        output_price_per_1k=0.0,
        latency=LatencyProfile(40, 0, 10),
        embedding_dimensions=(1024,),
        streaming=False,
    ),
)

CATALOG: dict[str, ModelProfile] = {m.model_id: m for m in MODELS}

# Cross-region inference profiles ("us.anthropic...") and foundation-model ARNs name the same models.
_PROFILE_PREFIX = re.compile(r"^(?:us|eu|apac|us-gov|global)\.")
_FOUNDATION_ARN = re.compile(r"^arn:aws(?:-[^:]+)?:bedrock:[a-z0-9-]*:\d{0,12}:(?:foundation-model|inference-profile)/")


def base_model_id(model_id: str) -> str:
    """The catalogue id that a model id, an inference profile id or a foundation-model ARN names."""
    bare = _FOUNDATION_ARN.sub("", model_id)
    return _PROFILE_PREFIX.sub("", bare)


def find_model(model_id: str) -> ModelProfile | None:
    """The profile that ``model_id`` names, or None."""
    return CATALOG.get(base_model_id(model_id))


@dataclass(frozen=True)
class CustomizationPrices:
    """Illustrative prices of customizing a model and serving the result (USD, us-east-1, as of ``prices_as_of``):
    training per 1,000 tokens (training tokens x epochs), storage per custom model and month, and provisioned
    throughput per model unit and hour with no commitment, a 1-month or a 6-month commitment. ``on_demand``: custom
    models of this base can be deployed for on-demand inference (CreateCustomModelDeployment), billed per token at
    the base model's prices."""

    training_per_1k_tokens: float
    storage_per_month: float
    provisioned_per_hour: dict[str, float]  # "" (no commitment), "OneMonth", "SixMonths"
    on_demand: bool = False
    prices_as_of: date = PRICES_AS_OF


def _provisioned(none: float, one_month: float, six_months: float) -> dict[str, float]:
    return {"": none, "OneMonth": one_month, "SixMonths": six_months}


CUSTOMIZATION_PRICES: dict[str, CustomizationPrices] = {
    "anthropic.claude-3-haiku-20240307-v1:0": CustomizationPrices(0.004, 1.95, _provisioned(44.0, 39.6, 22.0)),
    "amazon.titan-text-lite-v1": CustomizationPrices(0.0004, 1.95, _provisioned(7.1, 6.4, 5.1)),
    "amazon.titan-text-express-v1": CustomizationPrices(0.008, 1.95, _provisioned(20.5, 18.4, 14.8)),
    "amazon.nova-micro-v1:0": CustomizationPrices(0.001, 1.95, _provisioned(8.3, 7.5, 6.0), on_demand=True),
    "amazon.nova-lite-v1:0": CustomizationPrices(0.002, 1.95, _provisioned(13.0, 11.7, 9.4), on_demand=True),
    "amazon.nova-pro-v1:0": CustomizationPrices(0.008, 1.95, _provisioned(70.0, 63.0, 50.0), on_demand=True),
}


@dataclass(frozen=True)
class VectorStorePrice:
    """The floor a managed vector store costs while it exists, busy or idle (USD, us-east-1, as of
    ``prices_as_of``): ``minimum_units`` capacity units at ``per_unit_hour`` each. Storage and traffic above the
    floor are not priced (cents at a course's scale)."""

    service: str
    unit: str
    minimum_units: float
    per_unit_hour: float
    basis: str
    prices_as_of: date = PRICES_AS_OF

    @property
    def per_hour(self) -> float:
        return self.minimum_units * self.per_unit_hour


# A knowledge base's storageConfiguration type → the AWS service that holds its vectors. Pinecone, Redis Enterprise
# Cloud and MongoDB Atlas bill through their own vendors; Neptune Analytics and managed OpenSearch clusters are priced
# by the instance chosen, so they have no floor here; S3 Vectors has no floor either, it is priced by usage
# (S3_VECTORS_PRICES).
VECTOR_STORE_PRICES: dict[str, VectorStorePrice] = {
    "OPENSEARCH_SERVERLESS": VectorStorePrice(
        "Amazon OpenSearch Serverless",
        "OCU-hour",
        2.0,
        0.24,
        "a vector search collection's minimum: 1 OCU for indexing and 1 for search (0.5 OCU each, with standby "
        "replicas), about $350 a month",
    ),
    "RDS": VectorStorePrice(
        "Amazon Aurora PostgreSQL Serverless v2 (pgvector)",
        "ACU-hour",
        0.5,
        0.12,
        "a cluster at its minimum of 0.5 ACU (one that may pause costs less while idle; storage is extra)",
    ),
}


@dataclass(frozen=True)
class S3VectorsPrices:
    """Amazon S3 Vectors, priced by usage with no floor (USD, us-east-1, as of ``prices_as_of``): logical storage per
    GB-month, PUTs per logical GB written (each PutVectors call of up to ``vectors_per_put`` vectors counts at least
    ``minimum_put_bytes``), and QueryVectors calls per million (the per-TB "data processed" part of a query's price is
    left out: fractions of a cent at a course's scale). A vector's logical size is 4 bytes per dimension plus its key
    and metadata (Bedrock keeps a chunk's text and metadata with its vector)."""

    storage_per_gb_month: float = 0.06
    put_per_gb: float = 0.20
    per_million_queries: float = 2.50
    minimum_put_bytes: int = 128 * 1024
    vectors_per_put: int = 500
    prices_as_of: date = date(2026, 9, 20)


S3_VECTORS_PRICES = S3VectorsPrices()
