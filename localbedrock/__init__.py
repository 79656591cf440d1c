"""localbedrock: an offline Amazon Bedrock for learning and testing.

Plain boto3 code for ``bedrock-runtime``, ``bedrock``, ``bedrock-agent`` and ``bedrock-agent-runtime`` runs
against simulated foundation models, with no AWS account, no cost and no network.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bedrock-adaptation-course")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
