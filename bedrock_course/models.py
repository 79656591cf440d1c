"""What the course states about the models it uses that no Bedrock API returns, dated and sourced.

``GetFoundationModel`` and ``ListFoundationModels`` give a model's name, provider, modalities, lifecycle and serving
modes; they do not give its context window, its knowledge cutoff or how fast it answers. Those come from the
providers' model cards and the Bedrock User Guide's model parameter pages, read on :data:`FACTS_AS_OF`
(``docs/localbedrock.md``, "The catalogue", says which figures could not be confirmed). Two columns are the course's
own, not AWS's: ``tier``, a size class (1 small, 2 mid, 3 large) for comparing models, and ``latency``, an
illustrative latency profile with the right shape (the emulator simulates the same); on AWS, measure
``metrics.latencyMs`` in your own Region before you plan on a latency.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

FACTS_AS_OF = date(2026, 12, 5)


@dataclass(frozen=True)
class Latency:
    """An illustrative latency: time to the first token, plus time per 1,000 input tokens and per output token."""

    first_token_ms: float
    per_output_token_ms: float
    per_1k_input_tokens_ms: float = 20.0

    def latency_ms(self, input_tokens: int, output_tokens: int) -> int:
        """The latency of one call with these token counts, in whole milliseconds."""
        total = (
            self.first_token_ms
            + self.per_1k_input_tokens_ms * input_tokens / 1000
            + self.per_output_token_ms * output_tokens
        )
        return round(total)


@dataclass(frozen=True)
class ModelFacts:
    """One text model: its limits and knowledge cutoff (model cards, User Guide), the course's tier and latency."""

    model_id: str
    name: str
    context_window: int
    max_output_tokens: int
    knowledge_cutoff: date
    tier: int
    latency: Latency
    source: str


_GEO_PREFIX = re.compile(r"^(?:us|eu|apac|jp|au|ca|us-gov)\.")
_GLOBAL_PREFIX = "global."
_MODEL_ARN = re.compile(r"^arn:aws(?:-[a-z-]+)?:bedrock:[a-z0-9-]*:\d{0,12}:(?:foundation-model|inference-profile)/")


def resolve_model_id(model_id: str) -> tuple[str, str, bool]:
    """``model_id`` without an ARN's prefix, the bare model id it names, and whether it is a geographic profile."""
    name = _MODEL_ARN.sub("", model_id)
    geo = _GEO_PREFIX.match(name)
    bare = name[geo.end() :] if geo else name.removeprefix(_GLOBAL_PREFIX)
    return name, bare, geo is not None


class _ByModelId(dict[str, "ModelFacts"]):
    """Facts keyed by bare model id; a system inference profile's id (``us.…``) or an ARN finds the model it names,
    so that ``MODELS[m]`` works for every id a notebook calls."""

    def __missing__(self, model_id: str) -> ModelFacts:
        bare = resolve_model_id(model_id)[1]
        if bare == model_id or bare not in self:
            raise KeyError(model_id)
        return self[bare]


_CARD = "Bedrock model card"
_PARAMETERS = "Bedrock User Guide, model parameters page; cutoff not published on Bedrock (course estimate)"
MODELS: dict[str, ModelFacts] = _ByModelId(
    (m.model_id, m)
    for m in (
        ModelFacts(
            "anthropic.claude-3-haiku-20240307-v1:0",
            "Claude 3 Haiku",
            200_000,
            4096,
            date(2023, 8, 1),
            2,
            Latency(350, 8),
            _CARD + " (end of life 2026-09-10 in most Regions)",
        ),
        ModelFacts(
            "anthropic.claude-3-5-sonnet-20240620-v1:0",
            "Claude 3.5 Sonnet",
            200_000,
            8192,
            date(2024, 4, 1),
            3,
            Latency(800, 18),
            "Anthropic's model documentation (no Bedrock model card found)",
        ),
        ModelFacts(
            "anthropic.claude-haiku-4-5-20251001-v1:0",
            "Claude Haiku 4.5",
            200_000,
            64_000,
            date(2025, 2, 1),
            3,
            Latency(400, 7),
            _CARD,
        ),
        ModelFacts(
            "amazon.titan-text-lite-v1",
            "Titan Text G1 - Lite",
            4096,
            4096,
            date(2023, 6, 1),
            1,
            Latency(300, 6),
            _PARAMETERS,
        ),
        ModelFacts(
            "amazon.titan-text-express-v1",
            "Titan Text G1 - Express",
            8192,
            8192,
            date(2023, 6, 1),
            1,
            Latency(400, 10),
            _PARAMETERS,
        ),
        ModelFacts(
            "amazon.nova-micro-v1:0",
            "Nova Micro",
            128_000,
            10_000,
            date(2024, 10, 1),
            1,
            Latency(250, 4),
            _CARD + "; the 10K maximum output and the cutoff are not confirmed",
        ),
        ModelFacts(
            "amazon.nova-lite-v1:0",
            "Nova Lite",
            300_000,
            10_000,
            date(2024, 10, 1),
            2,
            Latency(300, 6),
            _CARD + "; the 10K maximum output and the cutoff are not confirmed",
        ),
        ModelFacts(
            "amazon.nova-pro-v1:0",
            "Nova Pro",
            300_000,
            10_000,
            date(2024, 10, 1),
            3,
            Latency(500, 12),
            _CARD + "; the 10K maximum output and the cutoff are not confirmed",
        ),
        ModelFacts(
            "meta.llama3-8b-instruct-v1:0",
            "Llama 3 8B Instruct",
            8192,
            2048,
            date(2023, 3, 1),
            1,
            Latency(300, 7),
            "Bedrock User Guide, Meta Llama parameters; cutoff: Meta's Llama 3 model card",
        ),
        ModelFacts(
            "meta.llama3-70b-instruct-v1:0",
            "Llama 3 70B Instruct",
            8192,
            2048,
            date(2023, 12, 1),
            2,
            Latency(600, 16),
            "Bedrock User Guide, Meta Llama parameters; cutoff: Meta's Llama 3 model card",
        ),
        ModelFacts(
            "mistral.mistral-7b-instruct-v0:2",
            "Mistral 7B Instruct",
            32_000,
            8192,
            date(2023, 9, 1),
            1,
            Latency(300, 7),
            _PARAMETERS,
        ),
    )
)
