"""An ingestion job's work: compare the data source's objects with what the index holds, chunk and embed the new and
changed documents, and (when the job completes) apply the changes to the index.

The plan is made when the job starts, from the objects as they are then, and applied when the job reaches COMPLETE
on the accelerated clock, so Retrieve sees the new documents only once the job is done, as on AWS; a stopped job
changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from localbedrock.knowledgebases.chunking import chunk
from localbedrock.knowledgebases.documents import (
    METADATA_SUFFIX,
    ObjectStore,
    is_document,
    parse_metadata,
)
from localbedrock.knowledgebases.index import Record, VectorIndex

Embed = Callable[[list[str]], np.ndarray]
SOURCE_URI = "x-amz-bedrock-kb-source-uri"
DATA_SOURCE_ID = "x-amz-bedrock-kb-data-source-id"
CHUNK_ID = "x-amz-bedrock-kb-chunk-id"
Fingerprint = tuple[str, str]  # (document etag, metadata file etag or "")


@dataclass
class Statistics:
    scanned: int = 0
    metadata_scanned: int = 0
    new_indexed: int = 0
    modified_indexed: int = 0
    metadata_modified: int = 0
    deleted: int = 0
    failed: int = 0

    def to_api(self) -> dict[str, int]:
        return {
            "numberOfDocumentsScanned": self.scanned,
            "numberOfMetadataDocumentsScanned": self.metadata_scanned,
            "numberOfNewDocumentsIndexed": self.new_indexed,
            "numberOfModifiedDocumentsIndexed": self.modified_indexed,
            "numberOfMetadataDocumentsModified": self.metadata_modified,
            "numberOfDocumentsDeleted": self.deleted,
            "numberOfDocumentsFailed": self.failed,
        }


@dataclass
class Plan:
    """What a job will change: documents to (re)index with their chunks and vectors, and documents to delete."""

    statistics: Statistics = field(default_factory=Statistics)
    upserts: dict[str, tuple[Fingerprint, list[Record], np.ndarray]] = field(default_factory=dict)
    deletions: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Source:
    """What a job reads: a data source's bucket, prefixes and chunking, and what the index already holds from it."""

    data_source_id: str
    bucket: str
    prefixes: tuple[str, ...]
    chunking: dict[str, Any] | None
    indexed: dict[str, Fingerprint]


def _chunk_id(uri: str, position: int, text: str) -> str:
    digest = hashlib.blake2b(f"{uri}\n{position}\n{text}".encode(), digest_size=16).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:]}"


def document_records(
    uri: str,
    text: str,
    attributes: dict[str, Any],
    data_source_id: str,
    chunking: dict[str, Any] | None,
    embed: Embed,
) -> tuple[list[Record], np.ndarray]:
    """One document's chunks, as index records with their metadata, and their vectors."""
    records = [
        Record(
            text=piece.text,
            uri=uri,
            data_source_id=data_source_id,
            chunk_id=(chunk_id := _chunk_id(uri, i, piece.text)),
            metadata={**attributes, SOURCE_URI: uri, DATA_SOURCE_ID: data_source_id, CHUNK_ID: chunk_id},
            parent=piece.parent,
        )
        for i, piece in enumerate(chunk(text, chunking, embed))
    ]
    return records, (embed([r.text for r in records]) if records else np.zeros((0, 1)))


def plan(source: Source, store: ObjectStore, embed: Embed) -> Plan:
    """Read the data source and prepare every change an ingestion job makes."""
    out = Plan()
    objects = {o.key: o for prefix in source.prefixes for o in store.list(source.bucket, prefix)}
    documents = sorted(key for key in objects if is_document(key))
    out.statistics.scanned = len(documents)
    seen: set[str] = set()
    for key in documents:
        uri = f"s3://{source.bucket}/{key}"
        seen.add(uri)
        metadata_object = objects.get(key + METADATA_SUFFIX)
        out.statistics.metadata_scanned += metadata_object is not None
        fingerprint = (objects[key].etag, metadata_object.etag if metadata_object else "")
        previous = source.indexed.get(uri)
        if previous == fingerprint:
            continue
        try:
            text = store.read(source.bucket, key).decode("utf-8")
            attributes = parse_metadata(store.read(source.bucket, metadata_object.key)) if metadata_object else {}
        except (UnicodeDecodeError, ValueError) as error:
            out.statistics.failed += 1
            out.failures.append(f"{uri}: the document could not be read ({error}).")
            continue
        records, vectors = document_records(uri, text, attributes, source.data_source_id, source.chunking, embed)
        out.upserts[uri] = (fingerprint, records, vectors)
        if previous is None:
            out.statistics.new_indexed += 1
        elif previous[0] == fingerprint[0]:
            out.statistics.metadata_modified += 1
        else:
            out.statistics.modified_indexed += 1
    out.deletions = sorted(set(source.indexed) - seen)
    out.statistics.deleted = len(out.deletions)
    return out


def apply(job_plan: Plan, index: VectorIndex, indexed: dict[str, Fingerprint]) -> None:
    """Make the index (and the data source's record of what it holds) reflect ``job_plan``."""
    for uri in job_plan.deletions:
        index.remove(uri)
        indexed.pop(uri, None)
    for uri, (fingerprint, records, vectors) in job_plan.upserts.items():
        index.remove(uri)
        index.add(records, vectors)
        indexed[uri] = fingerprint
