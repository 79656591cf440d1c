"""A record of every model call the emulator served, with its illustrative cost, so a lesson can total what a
workload would have cost on Bedrock (at the catalogue's dated on-demand prices)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from localbedrock.catalog import ModelProfile


@dataclass(frozen=True)
class Call:
    model_id: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    cost_usd: float


class Ledger:
    """Calls in the order they were served; iterable, with totals."""

    def __init__(self) -> None:
        self._calls: list[Call] = []

    def record(
        self, model_id: str, profile: ModelProfile, input_tokens: int, output_tokens: int, latency_ms: int
    ) -> None:
        cost = profile.cost(input_tokens, output_tokens)
        self._calls.append(Call(model_id, input_tokens, output_tokens, latency_ms, cost))

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __len__(self) -> int:
        return len(self._calls)

    @property
    def total_cost_usd(self) -> float:
        return sum(c.cost_usd for c in self._calls)

    @property
    def total_tokens(self) -> int:
        return sum(c.input_tokens + c.output_tokens for c in self._calls)

    def clear(self) -> None:
        self._calls.clear()
