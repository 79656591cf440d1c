"""What the session would have cost on Bedrock, itemised: every model call served (at the catalogue's dated
on-demand prices), and the charges of customization and serving: training, custom model storage, provisioned
throughput (running meters while a resource exists, as on AWS a forgotten one keeps costing)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from localbedrock.catalog import ModelProfile

SECONDS_PER_HOUR = 3600.0
HOURS_PER_MONTH = 730.0  # AWS prices monthly items over 730 hours


@dataclass(frozen=True)
class Call:
    model_id: str
    input_tokens: int
    output_tokens: int
    latency_ms: int
    cost_usd: float


@dataclass(frozen=True)
class Charge:
    """A charge other than a model call: ``quantity`` ``unit``s at ``unit_price_usd`` each."""

    item: str  # "training", "custom model storage", "provisioned throughput", ...
    resource: str  # the ARN it is for
    quantity: float
    unit: str
    unit_price_usd: float

    @property
    def cost_usd(self) -> float:
        return self.quantity * self.unit_price_usd


class Meter:
    """A charge that accrues with time from its start until stopped: ``rate`` units per hour."""

    def __init__(
        self, item: str, resource: str, unit: str, unit_price_usd: float, rate: float, now: Callable[[], float]
    ) -> None:
        self.item, self.resource, self.unit, self.unit_price_usd, self.rate = item, resource, unit, unit_price_usd, rate
        self._now = now
        self.started = now()
        self.stopped: float | None = None

    def stop(self) -> None:
        if self.stopped is None:
            self.stopped = self._now()

    def charge(self) -> Charge:
        """What it has accrued so far."""
        end = self._now() if self.stopped is None else self.stopped
        hours = max(0.0, end - self.started) / SECONDS_PER_HOUR
        return Charge(self.item, self.resource, hours * self.rate, self.unit, self.unit_price_usd)


class Ledger:
    """Calls in the order they were served (iterating yields them), the other charges, and totals."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._charges: list[Charge | Meter] = []

    def record(
        self, model_id: str, profile: ModelProfile, input_tokens: int, output_tokens: int, latency_ms: int
    ) -> None:
        cost = profile.cost(input_tokens, output_tokens)
        self._calls.append(Call(model_id, input_tokens, output_tokens, latency_ms, cost))

    def charge(self, charge: Charge) -> None:
        """Add a one-off charge (a training run, a commitment term)."""
        self._charges.append(charge)

    def meter(self, meter: Meter) -> Meter:
        """Add a running charge; the caller stops it when the resource goes."""
        self._charges.append(meter)
        return meter

    @property
    def charges(self) -> list[Charge]:
        """Every charge other than calls, running meters as accrued until now."""
        return [c.charge() if isinstance(c, Meter) else c for c in self._charges]

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __len__(self) -> int:
        return len(self._calls)

    @property
    def total_cost_usd(self) -> float:
        """Calls and charges."""
        return sum(c.cost_usd for c in self._calls) + sum(c.cost_usd for c in self.charges)

    @property
    def total_tokens(self) -> int:
        return sum(c.input_tokens + c.output_tokens for c in self._calls)

    def clear(self) -> None:
        self._calls.clear()
        self._charges.clear()
