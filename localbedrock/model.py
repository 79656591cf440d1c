"""The model interface: normalised requests and results, and the protocols a model backend implements.

The wire layer turns every API (Converse, each family's InvokeModel body) into a :class:`TextRequest` or an
:class:`EmbeddingRequest`; a backend answers with a :class:`TextResult` or an :class:`EmbeddingResult`. A backend
never sees HTTP or a family's body format, so the simulated models, custom (fine-tuned) models and a real local model
are interchangeable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from localbedrock.catalog import ModelProfile

END_TURN = "end_turn"
TOOL_USE = "tool_use"
MAX_TOKENS = "max_tokens"
STOP_SEQUENCE = "stop_sequence"


@dataclass(frozen=True)
class Document:
    """A document attached to a message, as text: a Converse ``document`` block, or a tool's result
    (``tool_result=True``, named by the tool use id it answers)."""

    name: str
    text: str
    tool_result: bool = False


@dataclass(frozen=True)
class Tool:
    """A tool the model may call: Converse's ``toolSpec``."""

    name: str
    description: str = ""
    input_schema: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ToolCall:
    """The model's request to call ``name`` with ``input``."""

    tool_use_id: str
    name: str
    input: dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One conversation turn: ``role`` is "user" or "assistant"."""

    role: str
    text: str
    documents: tuple[Document, ...] = ()


@dataclass(frozen=True)
class CachePoint:
    """A prompt-cache checkpoint: the prompt before it (``tokens`` long, identified by ``key``) may be cached for
    ``ttl``. ``field`` is where it stood: "tools", "system" or "messages"."""

    tokens: int
    key: str
    field: str
    ttl: str = "5m"


@dataclass(frozen=True)
class TextRequest:
    """A generation request, whichever API it arrived through."""

    model_id: str
    messages: tuple[Message, ...]
    system: tuple[str, ...] = ()
    max_tokens: int | None = None  # None: the model's default
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    stop_sequences: tuple[str, ...] = ()
    tools: tuple[Tool, ...] = ()
    tool_choice: str | None = None  # None or "auto": the model decides; "any": some tool; else that tool's name
    # Prompt caching changes the bill, never the answer: left out of the request's identity (and its seed).
    cache_points: tuple[CachePoint, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class TextResult:
    """What a text model produced. ``stop_reason`` uses Converse's vocabulary."""

    text: str
    stop_reason: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    stop_sequence: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()
    cache_read_tokens: int = 0  # of input_tokens, read from the prompt cache
    cache_write_tokens: int = 0  # of input_tokens, written to it

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens

    @property
    def uncached_input_tokens(self) -> int:
        """Input tokens neither read from nor written to the cache (Converse's ``inputTokens``)."""
        return self.input_tokens - self.cache_read_tokens - self.cache_write_tokens


@dataclass(frozen=True)
class EmbeddingRequest:
    """Texts to embed; ``input_type`` is Cohere's search_document / search_query / ... when given."""

    model_id: str
    texts: tuple[str, ...]
    dimensions: int
    normalize: bool = True
    input_type: str | None = None


@dataclass(frozen=True)
class EmbeddingResult:
    vectors: tuple[tuple[float, ...], ...]
    input_tokens: int
    latency_ms: int
    token_counts: tuple[int, ...] = field(default=())


@runtime_checkable
class TextModel(Protocol):
    """A backend that answers text requests for one model profile."""

    profile: ModelProfile

    def generate(self, request: TextRequest) -> TextResult:
        """Answer ``request``; raise :class:`localbedrock.errors.BedrockError` for requests the model refuses."""
        ...


@runtime_checkable
class EmbeddingModel(Protocol):
    """A backend that embeds texts for one model profile."""

    profile: ModelProfile

    def embed(self, request: EmbeddingRequest) -> EmbeddingResult:
        """Embed every text of ``request``."""
        ...
