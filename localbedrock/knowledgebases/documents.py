"""Reading a data source's documents: the object store interface, and ``<document>.metadata.json`` files."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Protocol

METADATA_SUFFIX = ".metadata.json"
_TYPED = {"STRING": "stringValue", "NUMBER": "numberValue", "BOOLEAN": "booleanValue", "STRING_LIST": "stringListValue"}


@dataclass(frozen=True)
class StoredObject:
    key: str
    etag: str


class ObjectStore(Protocol):
    """Where data sources read from (moto's S3 in the emulator, a dict in unit tests)."""

    def list(self, bucket: str, prefix: str) -> list[StoredObject]:
        """Objects of ``bucket`` whose keys start with ``prefix``; ResourceNotFoundError for a missing bucket."""
        ...

    def read(self, bucket: str, key: str) -> bytes:
        """The object's bytes; ResourceNotFoundError if absent."""
        ...


def typed_value(typed: dict[str, Any]) -> Any:
    """The plain value of AWS's typed attribute value, ``{"type": "NUMBER", "numberValue": 3}`` → 3."""
    return typed.get(_TYPED.get(typed.get("type", ""), ""))


def parse_metadata(raw: bytes) -> dict[str, Any]:
    """The attributes of a metadata file: ``{"metadataAttributes": {name: value}}``, where a value is plain JSON or
    the typed form ``{"value": {"type": "NUMBER", "numberValue": 3}, "includeForEmbedding": true}``.
    ValueError if the file is not such an object."""
    document = json.loads(raw.decode("utf-8"))
    attributes = document.get("metadataAttributes") if isinstance(document, dict) else None
    if not isinstance(attributes, dict):
        raise ValueError("a metadata file must be a JSON object with a metadataAttributes object")
    out: dict[str, Any] = {}
    for name, value in attributes.items():
        if isinstance(value, dict) and isinstance(value.get("value"), dict):
            typed = value["value"]
            value = typed_value(typed)
        out[name] = value
    return out


def is_document(key: str) -> bool:
    return not key.endswith("/") and not key.endswith(METADATA_SUFFIX)


def split_bucket_arn(arn: str) -> str:
    """The bucket name of ``arn:aws:s3:::bucket``."""
    return arn.rsplit(":", 1)[-1]


def split_s3_uri(uri: str) -> tuple[str, str]:
    """``s3://bucket/key`` → (bucket, key); ValueError otherwise."""
    if not uri.startswith("s3://") or "/" not in uri[5:]:
        raise ValueError(uri)
    bucket, key = uri[5:].split("/", 1)
    return bucket, key
