"""The emulated Bedrock service: which backend answers which model id, access, faults and latency.

This is the domain's front door. The wire layer hands it normalised requests and gets normalised results or a
:class:`~localbedrock.errors.BedrockError`; part 2 registers custom models and knowledge bases here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from localbedrock.caching import PromptCache, cache_cost, check_cache_points
from localbedrock.catalog import CATALOG, ModelProfile, base_model_id, find_model
from localbedrock.clock import Clock
from localbedrock.embeddings import SimulatedEmbeddingModel, TextEncoder
from localbedrock.errors import INVALID_MODEL_ID, AccessDeniedError, ValidationError
from localbedrock.faults import FaultInjector, Faults
from localbedrock.generator import SimulatedTextModel, request_input_tokens
from localbedrock.ledger import Ledger
from localbedrock.model import (
    EmbeddingModel,
    EmbeddingRequest,
    EmbeddingResult,
    TextModel,
    TextRequest,
    TextResult,
)

if TYPE_CHECKING:
    from localbedrock.customization import CustomizationJobs
    from localbedrock.finetuning.serving import Serving
    from localbedrock.guardrails.store import Guardrails
    from localbedrock.knowledgebases.backend import KnowledgeBases

NO_ACCESS = "You don't have access to the model with the specified model ID."
NOT_TEXT = "This action doesn't support the model that you provided. Try again with a supported text or chat model."
GUARDRAIL_EMBEDDER = "amazon.titan-embed-text-v2:0"  # the encoder denied topics are matched with
NOT_EMBEDDING = "The provided model doesn't support embeddings. Try again with an embedding model."


@dataclass(frozen=True)
class Options:
    """How the emulator behaves; every field is a keyword of :func:`localbedrock.start`."""

    faults: Faults = field(default_factory=Faults)
    denied_models: frozenset[str] = frozenset()
    sleep: float = 0.0  # 1.0 sleeps the simulated latency for real (demos); 0 never sleeps
    encoder: TextEncoder | None = None
    rules: tuple[tuple[str, str], ...] = ()  # (regex searched in the last user turn, scripted reply)
    lifecycle_seconds: float = 3.0  # how long a knowledge base or ingestion job takes to get ready; 0: at once


class BedrockService:
    """Resolves model ids to backends and runs calls through access checks, faults and simulated latency."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self.faults = FaultInjector(self.options.faults)
        self.ledger = Ledger()
        self._text: dict[str, TextModel] = {}
        self._embedding: dict[str, EmbeddingModel] = {}
        self._knowledge_bases: dict[tuple[str, str], KnowledgeBases] = {}
        self._customization_jobs: dict[tuple[str, str], CustomizationJobs] = {}
        self._serving: dict[tuple[str, str], Serving] = {}
        self._guardrails: dict[tuple[str, str], Guardrails] = {}
        self.prompt_cache = PromptCache(Clock())
        for profile in CATALOG.values():
            if profile.is_embedding:
                self._embedding[profile.model_id] = SimulatedEmbeddingModel(profile, self.options.encoder)
            else:
                self._text[profile.model_id] = SimulatedTextModel(profile, rules=self.options.rules)

    def register(self, model_id: str, backend: TextModel | EmbeddingModel) -> None:
        """Serve ``model_id`` (a custom model ARN, a deployment, ...) with ``backend``."""
        if isinstance(backend, TextModel):
            self._text[model_id] = backend
        else:
            self._embedding[model_id] = backend

    def unregister(self, model_id: str) -> None:
        """Stop serving ``model_id`` (a deleted custom model, provisioned throughput or deployment)."""
        self._text.pop(model_id, None)
        self._embedding.pop(model_id, None)

    def knowledge_bases(self, account: str, region: str) -> KnowledgeBases:
        """The Knowledge Bases backend of one account and region (made on first use: it loads FAISS)."""
        key = (account, region)
        if key not in self._knowledge_bases:
            from localbedrock.clock import Clock
            from localbedrock.knowledgebases.backend import KnowledgeBases

            self._knowledge_bases[key] = KnowledgeBases(self, account, region, Clock(self.options.lifecycle_seconds))
        return self._knowledge_bases[key]

    def customization_jobs(self, account: str, region: str) -> CustomizationJobs:
        """The model customization jobs and custom models of one account and region."""
        key = (account, region)
        if key not in self._customization_jobs:
            from localbedrock.clock import Clock
            from localbedrock.customization import CustomizationJobs

            self._customization_jobs[key] = CustomizationJobs(
                self, account, region, Clock(self.options.lifecycle_seconds)
            )
        return self._customization_jobs[key]

    def serving(self, account: str, region: str) -> Serving:
        """The provisioned throughputs and custom model deployments of one account and region (on the clock of its
        customization jobs)."""
        key = (account, region)
        if key not in self._serving:
            from localbedrock.finetuning.serving import Serving

            self._serving[key] = Serving(self, self.customization_jobs(account, region))
        return self._serving[key]

    def profiles(self) -> Iterable[ModelProfile]:
        return CATALOG.values()

    def profile(self, model_id: str) -> ModelProfile | None:
        return find_model(model_id)

    def _lookup(self, model_id: str) -> tuple[str, TextModel | EmbeddingModel]:
        key = model_id if model_id in self._text or model_id in self._embedding else base_model_id(model_id)
        backend = self._text.get(key) or self._embedding.get(key)
        if backend is None:
            raise ValidationError(INVALID_MODEL_ID)
        if key in self.options.denied_models:
            raise AccessDeniedError(NO_ACCESS)
        return key, backend

    def backend(self, model_id: str) -> TextModel | EmbeddingModel:
        """The backend serving ``model_id``; ValidationError or AccessDeniedError like Bedrock's otherwise."""
        return self._lookup(model_id)[1]

    def text_model(self, model_id: str) -> TextModel:
        """The backend for a text model; ValidationError for unknown or embedding-only ids."""
        key, backend = self._lookup(model_id)
        if key not in self._text:
            raise ValidationError(NOT_TEXT)
        return backend  # type: ignore[return-value]

    def embedding_model(self, model_id: str) -> EmbeddingModel:
        key, backend = self._lookup(model_id)
        if key not in self._embedding:
            raise ValidationError(NOT_EMBEDDING)
        return backend  # type: ignore[return-value]

    def generate(self, request: TextRequest) -> TextResult:
        """Run a text request end to end."""
        model = self.text_model(request.model_id)
        check_cache_points(request.model_id, request.cache_points)
        self.faults.admit(request_input_tokens(request))
        result = self.prompt_cache.apply(request.model_id, request.cache_points, model.generate(request))
        self.faults.record(result.total_tokens)
        ttl = request.cache_points[-1].ttl if request.cache_points else "5m"
        self.ledger.record(
            request.model_id,
            model.profile,
            result.input_tokens,
            result.output_tokens,
            result.latency_ms,
            result.cache_read_tokens,
            result.cache_write_tokens,
            cache_cost(model.profile, request.model_id, result.cache_read_tokens, result.cache_write_tokens, ttl),
        )
        self._wait(result.latency_ms)
        return result

    def embed(self, request: EmbeddingRequest) -> EmbeddingResult:
        """Run an embedding request end to end."""
        model = self.embedding_model(request.model_id)
        result = model.embed(request)
        self.faults.admit(result.input_tokens)
        self.faults.record(result.input_tokens)
        self.ledger.record(request.model_id, model.profile, result.input_tokens, 0, result.latency_ms)
        self._wait(result.latency_ms)
        return result

    def guardrails(self, account: str, region: str) -> Guardrails:
        """The guardrails of one account and region."""
        key = (account, region)
        if key not in self._guardrails:
            from localbedrock.guardrails.store import Guardrails

            encoder = self.options.encoder or SimulatedEmbeddingModel(CATALOG[GUARDRAIL_EMBEDDER]).encoder
            self._guardrails[key] = Guardrails(account, region, encoder)
        return self._guardrails[key]

    def _wait(self, latency_ms: int) -> None:
        if self.options.sleep > 0:
            time.sleep(latency_ms / 1000 * self.options.sleep)
