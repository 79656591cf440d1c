"""What the session would have cost on Bedrock, itemised: every model call served (at the catalogue's dated
on-demand prices), and the charges of knowledge bases, customization and serving: the vector store, training, custom
model storage, provisioned throughput (running meters while a resource exists, as on AWS a forgotten one keeps
costing). ``Ledger.bill()`` sums it up, one line per model and per charge."""

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
    kind: str = "inference"  # or "embeddings", "batch inference"
    cache_read_tokens: int = 0  # of input_tokens (priced at the model's cache read price)
    cache_write_tokens: int = 0  # of input_tokens (priced at its cache write price)


@dataclass(frozen=True)
class BillLine:
    """One line of the bill: ``quantity`` ``unit``s of ``item`` for ``resource`` (a model id or an ARN)."""

    item: str
    resource: str
    quantity: float
    unit: str
    cost_usd: float


@dataclass(frozen=True)
class Charge:
    """A charge other than a model call: ``quantity`` ``unit``s at ``unit_price_usd`` each."""

    item: str  # "vector store", "training", "custom model storage", "provisioned throughput", ...
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


class Tally:
    """A charge that adds up units as they are used (a vector store's queries): ``quantity`` so far."""

    def __init__(self, item: str, resource: str, unit: str, unit_price_usd: float) -> None:
        self.item, self.resource, self.unit, self.unit_price_usd = item, resource, unit, unit_price_usd
        self.quantity = 0.0

    def add(self, quantity: float) -> None:
        self.quantity += quantity

    def charge(self) -> Charge:
        return Charge(self.item, self.resource, self.quantity, self.unit, self.unit_price_usd)


class Ledger:
    """Calls in the order they were served (iterating yields them), the other charges, and totals."""

    def __init__(self) -> None:
        self._calls: list[Call] = []
        self._charges: list[Charge | Meter | Tally] = []

    def record(
        self,
        model_id: str,
        profile: ModelProfile,
        input_tokens: int,
        output_tokens: int,
        latency_ms: int,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
        cache_cost_usd: float = 0.0,
        *,
        price_share: float = 1.0,
        kind: str | None = None,
    ) -> None:
        """One call at the profile's on-demand prices times ``price_share`` (0.5 for batch inference), plus
        ``cache_cost_usd``: what its cache reads and writes cost beyond the plain input price. ``kind`` defaults to
        "inference" or "embeddings"."""
        cost = profile.cost(input_tokens, output_tokens) * price_share + cache_cost_usd
        kind = kind or ("embeddings" if profile.is_embedding else "inference")
        self._calls.append(
            Call(model_id, input_tokens, output_tokens, latency_ms, cost, kind, cache_read_tokens, cache_write_tokens)
        )

    def charge(self, charge: Charge) -> None:
        """Add a one-off charge (a training run, a commitment term)."""
        self._charges.append(charge)

    def meter(self, meter: Meter) -> Meter:
        """Add a running charge; the caller stops it when the resource goes."""
        self._charges.append(meter)
        return meter

    def tally(self, tally: Tally) -> Tally:
        """Add a charge that grows with use; the caller adds to it."""
        self._charges.append(tally)
        return tally

    @property
    def charges(self) -> list[Charge]:
        """Every charge other than calls, running meters as accrued until now, tallies as counted until now."""
        return [c if isinstance(c, Charge) else c.charge() for c in self._charges]

    def bill(self) -> list[BillLine]:
        """The calls summed per model (tokens in and out, first-seen order), then every charge as accrued now."""
        per_model: dict[tuple[str, str], list[Call]] = {}
        for call in self._calls:
            per_model.setdefault((call.kind, call.model_id), []).append(call)
        lines = [
            BillLine(kind, model_id, sum(c.input_tokens + c.output_tokens for c in calls), "tokens", _sum(calls))
            for (kind, model_id), calls in per_model.items()
        ]
        return lines + [BillLine(c.item, c.resource, c.quantity, c.unit, c.cost_usd) for c in self.charges]

    def report(self) -> str:
        """The bill as a text table with its total, for printing (long ARNs keep their last 48 characters)."""
        lines = self.bill()
        rows = [("item", "resource", "quantity", "unit", "cost")] + [
            (b.item, b.resource[-48:], f"{b.quantity:,.2f}", b.unit, f"${b.cost_usd:,.6f}") for b in lines
        ]
        rows.append(("total", "", "", "", f"${self.total_cost_usd:,.6f}"))
        widths = [max(len(row[i]) for row in rows) for i in range(5)]
        return "\n".join(
            f"{item:<{widths[0]}}  {resource:<{widths[1]}}  {quantity:>{widths[2]}} {unit:<{widths[3]}}  "
            f"{cost:>{widths[4]}}".rstrip()
            for item, resource, quantity, unit, cost in rows
        )

    def __iter__(self) -> Iterator[Call]:
        return iter(list(self._calls))

    def __len__(self) -> int:
        return len(self._calls)

    @property
    def total_cost_usd(self) -> float:
        """Calls and charges."""
        return _sum(self._calls) + _sum(self.charges)

    @property
    def total_tokens(self) -> int:
        return sum(c.input_tokens + c.output_tokens for c in self._calls)

    def clear(self) -> None:
        self._calls.clear()
        self._charges.clear()


def _sum(items: list[Call] | list[Charge]) -> float:
    return sum(item.cost_usd for item in items)
