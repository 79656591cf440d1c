"""Resource ids as AWS makes them: 10 upper-case alphanumerics for knowledge bases (``K8XQ2ZTD4R``), 12 lower-case
alphanumerics at the end of customization job and custom model ARNs."""

from __future__ import annotations

import random
import string

UPPER = string.ascii_uppercase + string.digits
LOWER = string.ascii_lowercase + string.digits


class IdMaker:
    """Fresh, never-repeated ids, reproducible for a given seed."""

    def __init__(self, seed: int = 0, alphabet: str = UPPER, length: int = 10) -> None:
        self._random = random.Random(seed)
        self._alphabet, self._length = alphabet, length
        self._seen: set[str] = set()

    def new(self) -> str:
        while True:
            candidate = "".join(self._random.choices(self._alphabet, k=self._length))
            if candidate not in self._seen:
                self._seen.add(candidate)
                return candidate
