"""What a knowledge base stored in Amazon S3 Vectors costs: no floor, only usage (``catalog.S3_VECTORS_PRICES``).

- storage: the index's logical size in GB, per month, accruing while it holds vectors (a meter restarted whenever
  the size changes, so the bill is the integral of size over time);
- PUTs: the logical GB written each time ingestion adds vectors, at least ``minimum_put_bytes`` per PutVectors call
  of up to ``vectors_per_put`` vectors;
- queries: one QueryVectors call per Retrieve (and per RetrieveAndGenerate's retrieval).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence

from localbedrock.catalog import S3_VECTORS_PRICES
from localbedrock.knowledgebases.index import Record
from localbedrock.ledger import HOURS_PER_MONTH, Charge, Ledger, Meter, Tally

GB = 1e9
KEY_BYTES = 36  # a chunk's vector key, a UUID


def logical_bytes(record: Record, dimensions: int) -> int:
    """A vector's logical size: 4 bytes per dimension, its key, and the chunk's text and metadata kept with it."""
    metadata = json.dumps(record.metadata, default=str)
    return 4 * dimensions + KEY_BYTES + len(record.text.encode()) + len(metadata.encode())


class S3VectorsBill:
    """The S3 Vectors charges of one knowledge base's index."""

    def __init__(self, ledger: Ledger, arn: str, dimensions: int, now: Callable[[], float]) -> None:
        self.ledger, self.arn, self.dimensions, self._now = ledger, arn, dimensions, now
        self._storage: Meter | None = None
        self._queries = ledger.tally(
            Tally("vector store queries", arn, "million queries", S3_VECTORS_PRICES.per_million_queries)
        )

    def written(self, records: Sequence[Record]) -> None:
        """Charge the PutVectors calls that write ``records``."""
        if not records:
            return
        prices = S3_VECTORS_PRICES
        sizes = [logical_bytes(r, self.dimensions) for r in records]
        calls = math.ceil(len(sizes) / prices.vectors_per_put)
        billed = max(sum(sizes), calls * prices.minimum_put_bytes)
        self.ledger.charge(Charge("vector store writes", self.arn, billed / GB, "GB written", prices.put_per_gb))

    def stored(self, records: Sequence[Record]) -> None:
        """The index now holds ``records``: storage accrues at their size from now on."""
        if self._storage is not None:
            self._storage.stop()
        size = sum(logical_bytes(r, self.dimensions) for r in records) / GB
        self._storage = None
        if size:
            # Meter's rate is units per hour: GB-months accrue at size / 730 per hour.
            meter = Meter(
                "vector store storage",
                self.arn,
                "GB-month",
                S3_VECTORS_PRICES.storage_per_gb_month,
                size / HOURS_PER_MONTH,
                self._now,
            )
            self._storage = self.ledger.meter(meter)

    def queried(self) -> None:
        self._queries.add(1e-6)

    def stop(self) -> None:
        """The knowledge base is gone: storage stops accruing."""
        if self._storage is not None:
            self._storage.stop()
