"""Seeded draws for the simulated models' behaviour rates.

A behaviour that real models show at some rate (a hallucinated detail, a dropped style rule, a guessed answer) is
decided by a draw keyed by the request: the same request always gives the same outcome, and the rate emerges over
many different requests. Keys name what is being decided, so two behaviours of one request are drawn independently.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache


@lru_cache(maxsize=1024)
def _text_repr(text: str) -> str:
    return repr(text)


def _key_repr(key: tuple[object, ...]) -> str:
    """``repr(key)``, with the repr of a long text (a request's prompt, drawn on many times) kept."""
    parts = [_text_repr(part) if type(part) is str and len(part) > 200 else repr(part) for part in key]
    return f"({parts[0]},)" if len(parts) == 1 else f"({', '.join(parts)})"


def draw(*key: object) -> float:
    """A number in [0, 1) fixed by ``key`` (for example the model id, what is decided, and the request's text)."""
    digest = hashlib.blake2b(_key_repr(key).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def happens(rate: float, *key: object) -> bool:
    """True for a share ``rate`` of keys: whether a behaviour with that rate occurs for this request."""
    return draw(*key) < rate
