"""The accelerated clock that moves resources through their lifecycles: a knowledge base CREATING → ACTIVE, an
ingestion job STARTING → COMPLETE, a customization job InProgress → Completed.

AWS takes minutes or hours; the emulator takes ``seconds`` (a few by default, 0 for tests), so a polling loop written
for AWS runs unchanged and ends."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Clock:
    """``seconds``: how long a lifecycle stage lasts. ``now`` is injectable for tests."""

    seconds: float = 3.0
    now: Callable[[], float] = field(default=time.time)

    def elapsed(self, since: float, stages: float = 1.0) -> bool:
        """Whether ``stages`` lifecycle stages have passed since ``since``."""
        return self.now() - since >= self.seconds * stages
