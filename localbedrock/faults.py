"""Opt-in fault injection, so a lesson can teach retries and backoff: a tokens-per-minute quota that throttles,
and transient "service unavailable" errors at a seeded, reproducible rate."""

from __future__ import annotations

import random
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from localbedrock.errors import ServiceUnavailableError, ThrottlingError

THROTTLED = "Too many tokens, please wait before trying again."
UNAVAILABLE = "Bedrock is unable to process your request."


@dataclass(frozen=True)
class Faults:
    """What to inject. ``tokens_per_minute``: quota over a sliding 60 s window (input and output tokens);
    ``unavailable_rate``: share of calls failing with ServiceUnavailableException (HTTP 503), drawn from ``seed``."""

    tokens_per_minute: int | None = None
    unavailable_rate: float = 0.0
    seed: int = 0


class FaultInjector:
    """Decides, call by call, whether to fail; ``clock`` is injectable for tests."""

    def __init__(self, faults: Faults, clock: Callable[[], float] = time.monotonic) -> None:
        self.faults = faults
        self._clock = clock
        self._rng = random.Random(faults.seed)
        self._spent: deque[tuple[float, int]] = deque()

    def _used(self, now: float) -> int:
        while self._spent and self._spent[0][0] <= now - 60:
            self._spent.popleft()
        return sum(tokens for _, tokens in self._spent)

    def admit(self, input_tokens: int) -> None:
        """Raise the injected error for this call, if any."""
        if self.faults.unavailable_rate and self._rng.random() < self.faults.unavailable_rate:
            raise ServiceUnavailableError(UNAVAILABLE)
        quota = self.faults.tokens_per_minute
        if quota is not None and self._used(self._clock()) + input_tokens > quota:
            raise ThrottlingError(THROTTLED)

    def record(self, tokens: int) -> None:
        """Count a completed call's tokens against the quota."""
        if self.faults.tokens_per_minute is not None:
            self._spent.append((self._clock(), tokens))
