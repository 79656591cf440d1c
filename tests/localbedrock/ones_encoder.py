"""An embedding backend for the ``serve --encoder`` test, importable by the server process from the repository root:
every text is the same vector."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class OnesEncoder:
    def encode(self, texts: Sequence[str], dimensions: int) -> np.ndarray:
        return np.ones((len(texts), dimensions))
