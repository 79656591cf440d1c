"""localbedrock: an offline Amazon Bedrock for learning and testing.

Plain boto3 code for ``bedrock-runtime`` and ``bedrock`` runs against simulated foundation models, with no AWS
account, no cost and no network::

    import boto3, localbedrock
    localbedrock.start()
    client = boto3.client("bedrock-runtime", region_name="us-east-1")

Skip ``start()`` and the same code talks to real Amazon Bedrock. Importing this package imports moto, whose import
hooks every boto3 client created afterwards, so a client made before ``start()`` is still served by the emulator
once it runs (nothing reaches AWS); numpy and the simulated models load on ``start()``.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

import moto  # noqa: F401  (registers moto's botocore hook now, before the learner creates clients)

try:
    __version__ = version("bedrock-adaptation-course")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

if TYPE_CHECKING:
    from localbedrock.activation import LocalBedrock, active, start, stop
    from localbedrock.faults import Faults
    from localbedrock.ledger import Ledger
    from localbedrock.tokens import count_tokens

_LAZY = {
    "start": "localbedrock.activation",
    "stop": "localbedrock.activation",
    "active": "localbedrock.activation",
    "LocalBedrock": "localbedrock.activation",
    "Faults": "localbedrock.faults",
    "Ledger": "localbedrock.ledger",
    "count_tokens": "localbedrock.tokens",
}

__all__ = ["Faults", "Ledger", "LocalBedrock", "__version__", "active", "count_tokens", "start", "stop"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'localbedrock' has no attribute {name!r}")
