"""Resource ids as AWS makes them: 10 upper-case alphanumerics (``K8XQ2ZTD4R``)."""

from __future__ import annotations

import random
import string

_ALPHABET = string.ascii_uppercase + string.digits


class IdMaker:
    """Fresh, never-repeated ids, reproducible for a given seed."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._seen: set[str] = set()

    def new(self) -> str:
        while True:
            candidate = "".join(self._random.choices(_ALPHABET, k=10))
            if candidate not in self._seen:
                self._seen.add(candidate)
                return candidate
