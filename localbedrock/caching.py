"""Prompt caching: which models cache, how much a checkpoint needs, how long an entry lives, what reads and writes
cost, and the cache itself.

A request's :class:`~localbedrock.model.CachePoint`\\ s mark prompt prefixes. A checkpoint counts only when the prompt
before it holds at least the model's minimum since the previous counted checkpoint (below it, the request succeeds
and nothing is cached, as on AWS). The longest prefix found in the cache is read; the prompt from there to the last
counted checkpoint is written. An entry lives for its TTL after its last write or hit (a hit resets it), on the
emulator's lifecycle clock (:class:`~localbedrock.clock.Clock`) accelerated 60 times, whatever ``lifecycle_seconds``:
the 5-minute TTL lasts 5 seconds (``ACCELERATION``).

Facts (AWS Bedrock User Guide, "Prompt caching for faster model inference", and the models' pricing, checked
2026-12-05): minimum tokens per checkpoint 1,024 for Claude 3.7 Sonnet, Sonnet 4, Opus 4, 4.1 and Sonnet 4.5; 2,048
for Claude 3.5 Haiku; 4,096 for Claude Haiku 4.5 and Opus 4.5; about 1,000 for Amazon Nova (which caches system and
messages, not tools); at most 4 checkpoints per request; TTL 5 minutes (1 hour also for Claude Sonnet 4.5, Haiku 4.5
and Opus 4.5). Anthropic models: a cache write costs 1.25 times the input price (2 times for the 1-hour TTL), a read
0.1 times. Nova: writes cost the input price, reads 0.25 times. Claude 3 Haiku and Claude 3.5 Sonnet (June 2024) do
not support prompt caching.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from localbedrock.catalog import ModelProfile, base_model_id
from localbedrock.clock import Clock
from localbedrock.errors import ValidationError
from localbedrock.model import CachePoint, TextResult

CACHING_FACTS_AS_OF = date(2026, 12, 5)
ACCELERATION = 60.0  # emulator seconds are AWS minutes: the 5-minute TTL lasts 5 s on the clock
TTL_SECONDS = {"5m": 300.0, "1h": 3600.0}
LATENCY_SAVING = 0.85  # the vendor's "up to 85 % lower latency", scaled by the share of the prompt read from cache
UNSUPPORTED = (
    "You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more "
    "information."
)


@dataclass(frozen=True)
class CacheSupport:
    """How one model caches: minimum tokens per checkpoint, maximum checkpoints, where checkpoints may stand, TTLs,
    and the write and read prices as multiples of the input price."""

    min_tokens: int
    max_checkpoints: int = 4
    fields: frozenset[str] = frozenset({"system", "messages", "tools"})
    ttls: tuple[str, ...] = ("5m",)
    write_ratio: float = 1.25
    read_ratio: float = 0.1
    write_ratio_1h: float = 2.0


_CLAUDE_1K = CacheSupport(1024)
_CLAUDE_LONG = CacheSupport(1024, ttls=("5m", "1h"))
_NOVA = CacheSupport(1000, fields=frozenset({"system", "messages"}), write_ratio=1.0, read_ratio=0.25)

CACHE_SUPPORT: dict[str, CacheSupport] = {
    "anthropic.claude-3-5-haiku-20241022-v1:0": CacheSupport(2048),
    "anthropic.claude-3-7-sonnet-20250219-v1:0": _CLAUDE_1K,
    "anthropic.claude-sonnet-4-20250514-v1:0": _CLAUDE_1K,
    "anthropic.claude-opus-4-20250514-v1:0": _CLAUDE_1K,
    "anthropic.claude-opus-4-1-20250805-v1:0": _CLAUDE_1K,
    "anthropic.claude-sonnet-4-5-20250929-v1:0": _CLAUDE_LONG,
    "anthropic.claude-haiku-4-5-20251001-v1:0": CacheSupport(4096, ttls=("5m", "1h")),
    "anthropic.claude-opus-4-5-20251101-v1:0": CacheSupport(4096, ttls=("5m", "1h")),
    "amazon.nova-micro-v1:0": _NOVA,
    "amazon.nova-lite-v1:0": _NOVA,
    "amazon.nova-pro-v1:0": _NOVA,
    "amazon.nova-premier-v1:0": _NOVA,
}


def cache_support(model_id: str) -> CacheSupport | None:
    """How ``model_id`` (or the foundation model behind a profile id or ARN) caches; None if it does not."""
    return CACHE_SUPPORT.get(model_id) or CACHE_SUPPORT.get(base_model_id(model_id))


def check_cache_points(model_id: str, points: Sequence[CachePoint]) -> None:
    """ValidationError for checkpoints the model does not take: caching unsupported, a field or TTL it does not cache,
    too many checkpoints."""
    if not points:
        return
    support = cache_support(model_id)
    if support is None or any(p.field not in support.fields or p.ttl not in support.ttls for p in points):
        raise ValidationError(UNSUPPORTED)
    if len(points) > support.max_checkpoints:
        raise ValidationError(
            f"A maximum of {support.max_checkpoints} blocks with cache_control may be provided. Found {len(points)}."
        )


def cache_cost(profile: ModelProfile, model_id: str, read_tokens: int, write_tokens: int, ttl: str = "5m") -> float:
    """What reading and writing cached tokens costs beyond their share at the plain input price."""
    support = cache_support(model_id) or cache_support(profile.model_id)
    if support is None or not (read_tokens or write_tokens):
        return 0.0
    write = support.write_ratio_1h if ttl == "1h" else support.write_ratio
    price = profile.input_price_per_1k / 1000
    return price * ((write - 1.0) * write_tokens + (support.read_ratio - 1.0) * read_tokens)


def cached_latency(latency_ms: int, read_tokens: int, input_tokens: int) -> int:
    """Latency of a call that read ``read_tokens`` of its ``input_tokens`` from the cache."""
    share = read_tokens / input_tokens if input_tokens else 0.0
    return round(latency_ms * (1.0 - LATENCY_SAVING * share))


class PromptCache:
    """Cached prompt prefixes of one emulator: (model, prefix key) → when the entry expires on ``clock``."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._expiry: dict[tuple[str, str], tuple[float, str]] = {}

    def _alive(self, key: tuple[str, str]) -> bool:
        entry = self._expiry.get(key)
        if entry is None:
            return False
        if entry[0] <= self.clock.now():
            del self._expiry[key]
            return False
        return True

    def _keep(self, key: tuple[str, str], ttl: str) -> None:
        self._expiry[key] = (self.clock.now() + TTL_SECONDS[ttl] / ACCELERATION, ttl)

    def apply(self, model_id: str, points: Sequence[CachePoint], result: TextResult) -> TextResult:
        """``result`` with its cache reads and writes, and its latency lowered by what was read."""
        support = cache_support(model_id)
        if support is None or not points:
            return result
        counted: list[CachePoint] = []
        for point in sorted(points, key=lambda p: p.tokens):
            previous = counted[-1].tokens if counted else 0
            if point.tokens - previous >= support.min_tokens and point.tokens <= result.input_tokens:
                counted.append(point)
        if not counted:
            return result
        model = base_model_id(model_id)
        hits = [p for p in counted if self._alive((model, p.key))]
        read = hits[-1].tokens if hits else 0
        for point in counted:
            self._keep((model, point.key), point.ttl)  # a hit resets the TTL; a new prefix is written
        write = counted[-1].tokens - read
        latency = cached_latency(result.latency_ms, read, result.input_tokens)
        return replace(result, cache_read_tokens=read, cache_write_tokens=write, latency_ms=latency)
