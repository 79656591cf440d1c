"""JSON response bodies written as ``json.dumps`` writes them, with a list that appears twice encoded once.

Titan Text Embeddings V2 returns its vector twice (``embedding`` and ``embeddingsByType.float``): writing 1,024 floats
is most of an embedding call's own time, so the second copy reuses the first's text.
"""

from __future__ import annotations

import json
from typing import Any


def dumps(body: Any) -> str:
    """Exactly ``json.dumps(body)``; a list object met again in ``body`` is encoded once."""
    encoded: dict[int, str] = {}

    def encode(value: Any) -> str:
        if isinstance(value, dict) and all(isinstance(k, str) for k in value):
            return "{" + ", ".join(f"{json.dumps(k)}: {encode(v)}" for k, v in value.items()) + "}"
        if isinstance(value, list):
            if id(value) not in encoded:
                encoded[id(value)] = json.dumps(value)
            return encoded[id(value)]
        return json.dumps(value)

    return encode(body)
