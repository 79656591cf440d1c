"""Direct ingestion (IngestKnowledgeBaseDocuments, DeleteKnowledgeBaseDocuments): documents of an S3 data source
added, replaced or removed one by one, without a full ingestion job.

Each document goes ``STARTING`` → ``IN_PROGRESS`` (after a third of the lifecycle) → ``INDEXED`` when the lifecycle
ends, and only then does Retrieve see it, as with ingestion jobs; a deletion is ``DELETING`` until then, after which
the document is ``NOT_FOUND``. A document that cannot be read is ``FAILED`` with a ``statusReason``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from localbedrock.clock import Clock
from localbedrock.errors import ValidationError
from localbedrock.knowledgebases.documents import typed_value
from localbedrock.knowledgebases.ingestion import Plan


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class DocumentState:
    """What GetKnowledgeBaseDocuments and ListKnowledgeBaseDocuments report for one document."""

    uri: str
    status: str
    updated_at: datetime
    reason: str | None = None


@dataclass
class Operation:
    """One document's ingestion or deletion, applied to the index when its lifecycle ends."""

    knowledge_base_id: str
    data_source_id: str
    uri: str
    plan: Plan
    started: float
    deleting: bool = False
    failure: str | None = None
    applied: bool = False
    updated_at: datetime = field(default_factory=_now)

    def status(self, clock: Clock) -> str:
        if self.failure is not None:
            return "FAILED"
        if self.deleting:
            return "NOT_FOUND" if self.applied else "DELETING"
        if self.applied:
            return "INDEXED"
        return "IN_PROGRESS" if clock.elapsed(self.started, 1 / 3) else "STARTING"

    def state(self, clock: Clock) -> DocumentState:
        return DocumentState(self.uri, self.status(clock), self.updated_at, self.failure)


def s3_uri(identifier: dict[str, Any]) -> str:
    """The S3 URI of a document identifier or content (``{"dataSourceType": "S3", "s3": {...}}``); CUSTOM documents
    are not emulated (localbedrock's data sources are S3 ones)."""
    if identifier.get("dataSourceType") != "S3" or "s3" not in identifier:
        raise ValidationError("localbedrock supports documents of S3 data sources only: use dataSourceType S3.")
    location = identifier["s3"]
    return str(location.get("s3Location", location)["uri"])


def inline_attributes(attributes: list[dict[str, Any]]) -> dict[str, Any]:
    """``inlineAttributes`` (``[{"key", "value": {"type", "<type>Value"}}]``) as plain metadata values."""
    return {a["key"]: typed_value(a["value"]) for a in attributes}
