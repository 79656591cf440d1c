"""The emulated Bedrock service: which backend answers which model id, access, faults and latency.

This is the domain's front door. The wire layer hands it normalised requests and gets normalised results or a
:class:`~localbedrock.errors.BedrockError`. Backends sit above it and never the other way round: custom models and
endpoints ``register`` model ids, and the per-account-and-region backends (knowledge bases, customization jobs,
serving, batch jobs, ...) call :func:`register_regional` when their module is imported, so the service builds them
on first use without importing them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from localbedrock.caching import PromptCache, cache_cost, check_cache_points
from localbedrock.catalog import CATALOG, ModelProfile, base_model_id, find_model
from localbedrock.clock import Clock
from localbedrock.embeddings import SimulatedEmbeddingModel, TextEncoder
from localbedrock.errors import INVALID_MODEL_ID, AccessDeniedError, ResourceNotFoundError, ValidationError
from localbedrock.faults import FaultInjector, Faults
from localbedrock.generator import SimulatedTextModel, request_input_tokens
from localbedrock.inference_profiles import NOT_ON_DEMAND, find_profile
from localbedrock.ledger import Ledger
from localbedrock.model import (
    EmbeddingModel,
    EmbeddingRequest,
    EmbeddingResult,
    TextModel,
    TextRequest,
    TextResult,
)

NO_ACCESS = "You don't have access to the model with the specified model ID."
NOT_TEXT = "This action doesn't support the model that you provided. Try again with a supported text or chat model."
GUARDRAIL_EMBEDDER = "amazon.titan-embed-text-v2:0"  # the encoder denied topics are matched with
NOT_EMBEDDING = "The provided model doesn't support embeddings. Try again with an embedding model."
RETIRED = "This model version has reached the end of its life."

# The Region of the call being served, set by the wire layer for each request (``calling_from``): a model that AWS
# retired in some Regions only is refused where it is retired and served where it is not.
_REGION: ContextVar[str] = ContextVar("localbedrock_region", default="us-east-1")


@contextmanager
def calling_from(region: str) -> Iterator[None]:
    """Serve the calls made inside the block as calls made in ``region``."""
    token = _REGION.set(region)
    try:
        yield
    finally:
        _REGION.reset(token)


def current_region() -> str:
    """The Region of the call being served (``us-east-1`` outside a request)."""
    return _REGION.get()


RegionalFactory = Callable[["BedrockService", str, str], Any]
_REGIONAL: dict[str, RegionalFactory] = {}


def register_regional(name: str, factory: RegionalFactory) -> None:
    """Make ``service.regional(name, account, region)`` build its backend as ``factory(service, account, region)``.

    A backend module calls this when it is imported (the wire module that serves it imports it), so the service
    never imports its backends."""
    _REGIONAL[name] = factory


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
        self._regional: dict[tuple[str, str, str], Any] = {}
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

    def regional(self, name: str, account: str, region: str) -> Any:
        """The backend registered as ``name`` (see :func:`register_regional`) of one account and region, made on
        first use."""
        key = (name, account, region)
        if key not in self._regional:
            factory = _REGIONAL.get(name)
            if factory is None:
                raise LookupError(f"No backend is registered as {name!r}: import the module that provides it first.")
            self._regional[key] = factory(self, account, region)
        return self._regional[key]

    def knowledge_bases(self, account: str, region: str) -> Any:
        """The Knowledge Bases backend of one account and region (``localbedrock.knowledgebases``)."""
        return self.regional("knowledge_bases", account, region)

    def customization_jobs(self, account: str, region: str) -> Any:
        """The model customization jobs and custom models of one account and region (``localbedrock.customization``)."""
        return self.regional("customization_jobs", account, region)

    def serving(self, account: str, region: str) -> Any:
        """The provisioned throughputs and custom model deployments of one account and region
        (``localbedrock.finetuning.serving``)."""
        return self.regional("serving", account, region)

    def profiles(self) -> Iterable[ModelProfile]:
        return CATALOG.values()

    def profile(self, model_id: str) -> ModelProfile | None:
        return find_model(model_id)

    @staticmethod
    def foundation_model_id(model_id: str, invoking: bool = True) -> str:
        """The catalogue id that a model id, foundation-model ARN or inference profile (id or ARN) names, with
        Bedrock's errors for a model past its end of life in the Region of the call and, when ``invoking``, for a
        bare id AWS serves only through a profile (CountTokens, which does not invoke, takes that bare id)."""
        profile = find_profile(model_id)
        key = profile.model.model_id if profile is not None else base_model_id(model_id)
        if profile is None and key != model_id.rsplit("/", 1)[-1]:
            raise ValidationError(INVALID_MODEL_ID)  # a geography prefix the model has no profile for
        model = CATALOG.get(key)
        if model is not None and model.retired_in(current_region()):
            raise ResourceNotFoundError(RETIRED)
        if invoking and model is not None and profile is None and not model.on_demand:
            raise ValidationError(NOT_ON_DEMAND.format(model_id=model_id))
        return key

    def _lookup(self, model_id: str, invoking: bool = True) -> tuple[str, TextModel | EmbeddingModel]:
        registered = model_id not in CATALOG and (model_id in self._text or model_id in self._embedding)
        key = model_id if registered else self.foundation_model_id(model_id, invoking)
        backend = self._text.get(key) or self._embedding.get(key)
        if backend is None:
            raise ValidationError(INVALID_MODEL_ID)
        if key in self.options.denied_models:
            raise AccessDeniedError(NO_ACCESS)
        return key, backend

    def backend(self, model_id: str, invoking: bool = True) -> TextModel | EmbeddingModel:
        """The backend serving ``model_id``; ValidationError or AccessDeniedError like Bedrock's otherwise."""
        return self._lookup(model_id, invoking)[1]

    def text_model(self, model_id: str, invoking: bool = True) -> TextModel:
        """The backend for a text model; ValidationError for unknown or embedding-only ids."""
        key, backend = self._lookup(model_id, invoking)
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

    def guardrails(self, account: str, region: str) -> Any:
        """The guardrails of one account and region (:mod:`localbedrock.guardrails.store`)."""
        return self.regional("guardrails", account, region)

    def guardrail_encoder(self) -> TextEncoder:
        """The encoder denied topics are matched with: the service's own, else Titan Text Embeddings v2's."""
        return self.options.encoder or SimulatedEmbeddingModel(CATALOG[GUARDRAIL_EMBEDDER]).encoder

    def _wait(self, latency_ms: int) -> None:
        if self.options.sleep > 0:
            time.sleep(latency_ms / 1000 * self.options.sleep)
