"""The Knowledge Bases backend of one account and region: knowledge bases, data sources, ingestion jobs and direct
ingestion of documents, with their lifecycles on the accelerated clock, and Retrieve. A knowledge base's vector store
costs its floor price in the ledger from creation until it is deleted (``catalog.VECTOR_STORE_PRICES``).

Configurations are kept as the API's dicts (they are echoed back by Get and List); statuses and enums are the
service model's.
"""

from __future__ import annotations

import copy
import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from localbedrock.catalog import VECTOR_STORE_PRICES, find_model
from localbedrock.clock import Clock
from localbedrock.errors import ConflictError, ResourceNotFoundError, ValidationError
from localbedrock.ids import IdMaker
from localbedrock.knowledgebases import chunking, direct, ingestion
from localbedrock.knowledgebases.documents import ObjectStore, parse_metadata, split_bucket_arn, split_s3_uri
from localbedrock.knowledgebases.filters import compile_filter
from localbedrock.knowledgebases.generation import Answer, Sessions, Source, build_request, cite
from localbedrock.knowledgebases.index import Record, VectorIndex
from localbedrock.knowledgebases.s3vectors import S3VectorsBill
from localbedrock.ledger import Meter
from localbedrock.model import EmbeddingRequest
from localbedrock.service import BedrockService

STORAGE_MEMBERS = {
    "OPENSEARCH_SERVERLESS": "opensearchServerlessConfiguration",
    "OPENSEARCH_MANAGED_CLUSTER": "opensearchManagedClusterConfiguration",
    "PINECONE": "pineconeConfiguration",
    "REDIS_ENTERPRISE_CLOUD": "redisEnterpriseCloudConfiguration",
    "RDS": "rdsConfiguration",
    "MONGO_DB_ATLAS": "mongoDbAtlasConfiguration",
    "NEPTUNE_ANALYTICS": "neptuneAnalyticsConfiguration",
    "S3_VECTORS": "s3VectorsConfiguration",
}
RUNNING = ("STARTING", "IN_PROGRESS")
EXTERNAL_EMBEDDING_MODEL = "amazon.titan-embed-text-v2:0"  # ranks the chunks of EXTERNAL_SOURCES documents
DEFAULT_RESULTS = 5


def _filter_key(spec: dict[str, Any] | None) -> str | None:
    """A retrieval filter as text, equal for equal filters (1 and 1.0 or True stay apart); None without a filter or
    for one that is not JSON (then nothing is kept)."""
    if spec is None:
        return None
    try:
        return json.dumps(spec, sort_keys=True)
    except (TypeError, ValueError):
        return None


def _now() -> datetime:
    return datetime.now(UTC)


def _missing(kind: str, identifier: str) -> ResourceNotFoundError:
    return ResourceNotFoundError(f"{kind} with id {identifier} does not exist.")


@dataclass
class KnowledgeBase:
    id: str
    arn: str
    name: str
    role_arn: str
    description: str | None
    configuration: dict[str, Any]
    storage: dict[str, Any]
    embedding_model: str
    index: VectorIndex
    created: float
    changed: float
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)
    updating: bool = False
    vector_store: Meter | None = None
    s3_vectors: S3VectorsBill | None = None  # usage charges of an S3_VECTORS store

    def status(self, clock: Clock) -> str:
        if not clock.elapsed(self.changed):
            return "UPDATING" if self.updating else "CREATING"
        return "ACTIVE"


@dataclass
class DataSource:
    id: str
    knowledge_base_id: str
    name: str
    description: str | None
    configuration: dict[str, Any]
    ingestion_configuration: dict[str, Any] | None
    deletion_policy: str
    indexed: dict[str, ingestion.Fingerprint] = field(default_factory=dict)
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)

    @property
    def chunking(self) -> dict[str, Any] | None:
        return (self.ingestion_configuration or {}).get("chunkingConfiguration")


@dataclass
class IngestionJob:
    id: str
    knowledge_base_id: str
    data_source_id: str
    description: str | None
    plan: ingestion.Plan
    started: float
    status: str = "STARTING"
    stopped: float | None = None
    started_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)


@dataclass(frozen=True)
class Hit:
    """One Retrieve result: the chunk's text (a hierarchical child's parent), its record and score."""

    text: str
    record: Record
    score: float


class KnowledgeBases:
    """Knowledge bases, data sources and ingestion jobs of one account and region."""

    def __init__(self, service: BedrockService, account: str, region: str) -> None:
        self.service = service
        self.account = account
        self.region = region
        self.clock = Clock(service.options.lifecycle_seconds)
        seed = zlib.crc32(f"{account}/{region}".encode())  # the same ids in every process, different per region
        self.ids = IdMaker(seed)
        self.knowledge_bases: dict[str, KnowledgeBase] = {}
        self.data_sources: dict[str, DataSource] = {}
        self.jobs: dict[str, IngestionJob] = {}
        self.operations: dict[tuple[str, str], direct.Operation] = {}  # (data source id, uri) → the latest
        self.sessions = Sessions(seed)

    # knowledge bases

    def create_knowledge_base(
        self,
        name: str,
        role_arn: str,
        configuration: dict[str, Any],
        storage: dict[str, Any] | None,
        description: str | None = None,
    ) -> KnowledgeBase:
        embedding_model = self._check_configuration(configuration, storage)
        kb_id = self.ids.new()
        now = self.clock.now()
        kb = KnowledgeBase(
            id=kb_id,
            arn=f"arn:aws:bedrock:{self.region}:{self.account}:knowledge-base/{kb_id}",
            name=name,
            role_arn=role_arn,
            description=description,
            configuration=copy.deepcopy(configuration),
            storage=copy.deepcopy(storage or {}),
            embedding_model=embedding_model,
            index=VectorIndex(self._dimensions(configuration, embedding_model)),
            created=now,
            changed=now,
        )
        kb.vector_store = self._meter(kb)
        if kb.storage["type"] == "S3_VECTORS":
            kb.s3_vectors = S3VectorsBill(self.service.ledger, kb.arn, kb.index.dimensions, lambda: self.clock.now())
        self.knowledge_bases[kb_id] = kb
        return kb

    def _meter(self, kb: KnowledgeBase) -> Meter | None:
        """The vector store's floor, accruing while the knowledge base exists (None for stores billed elsewhere)."""
        price = VECTOR_STORE_PRICES.get(kb.storage["type"])
        if price is None:
            return None
        meter = Meter(
            "vector store", kb.arn, price.unit, price.per_unit_hour, price.minimum_units, lambda: self.clock.now()
        )
        return self.service.ledger.meter(meter)

    def _check_configuration(self, configuration: dict[str, Any], storage: dict[str, Any] | None) -> str:
        if configuration.get("type") != "VECTOR":
            raise ValidationError(
                f"Knowledge base type {configuration.get('type')} is not supported by localbedrock; use VECTOR."
            )
        vector = configuration.get("vectorKnowledgeBaseConfiguration")
        if not vector:
            raise ValidationError("vectorKnowledgeBaseConfiguration is required when the type is VECTOR.")
        profile = find_model(vector["embeddingModelArn"])
        if profile is None or not profile.is_embedding:
            raise ValidationError(
                f"The model {vector['embeddingModelArn']} is not a supported embedding model for knowledge bases."
            )
        if not storage:
            raise ValidationError("storageConfiguration is required when the knowledge base type is VECTOR.")
        member = STORAGE_MEMBERS[storage["type"]]
        if member not in storage and storage["type"] != "S3_VECTORS":
            raise ValidationError(f"{member} is required when the storage type is {storage['type']}.")
        return profile.model_id

    @staticmethod
    def _dimensions(configuration: dict[str, Any], model_id: str) -> int:
        profile = find_model(model_id)
        assert profile is not None
        settings = configuration["vectorKnowledgeBaseConfiguration"].get("embeddingModelConfiguration") or {}
        dimensions = (settings.get("bedrockEmbeddingModelConfiguration") or {}).get("dimensions")
        if dimensions is None:
            return profile.embedding_dimensions[0]
        if dimensions not in profile.embedding_dimensions:
            allowed = ", ".join(str(d) for d in profile.embedding_dimensions)
            raise ValidationError(f"The dimensions {dimensions} are not supported by {model_id}; use one of {allowed}.")
        return int(dimensions)

    def knowledge_base(self, kb_id: str) -> KnowledgeBase:
        kb = self.knowledge_bases.get(kb_id.rsplit("/", 1)[-1])
        if kb is None:
            raise _missing("Knowledge base", kb_id)
        return kb

    def update_knowledge_base(
        self,
        kb_id: str,
        name: str,
        role_arn: str,
        configuration: dict[str, Any],
        storage: dict[str, Any] | None,
        description: str | None = None,
    ) -> KnowledgeBase:
        kb = self.knowledge_base(kb_id)
        embedding_model = self._check_configuration(configuration, storage or kb.storage)
        if embedding_model != kb.embedding_model or self._dimensions(configuration, embedding_model) != (
            kb.index.dimensions
        ):
            raise ValidationError("The embedding model of a knowledge base cannot be changed after it is created.")
        kb.name, kb.role_arn, kb.description = name, role_arn, description
        kb.configuration = copy.deepcopy(configuration)
        if storage:
            kb.storage = copy.deepcopy(storage)
        kb.changed, kb.updating, kb.updated_at = self.clock.now(), True, _now()
        return kb

    def delete_knowledge_base(self, kb_id: str) -> KnowledgeBase:
        kb = self.knowledge_base(kb_id)
        del self.knowledge_bases[kb.id]
        if kb.vector_store is not None:
            kb.vector_store.stop()
        if kb.s3_vectors is not None:
            kb.s3_vectors.stop()
        for ds in [d for d in self.data_sources.values() if d.knowledge_base_id == kb.id]:
            del self.data_sources[ds.id]
        for job in [j for j in self.jobs.values() if j.knowledge_base_id == kb.id]:
            del self.jobs[job.id]
        return kb

    # data sources

    def create_data_source(
        self,
        kb_id: str,
        name: str,
        configuration: dict[str, Any],
        ingestion_configuration: dict[str, Any] | None = None,
        deletion_policy: str | None = None,
        description: str | None = None,
    ) -> DataSource:
        kb = self.knowledge_base(kb_id)
        self._check_source(configuration, ingestion_configuration)
        if any(d.name == name for d in self.data_sources.values() if d.knowledge_base_id == kb.id):
            raise ConflictError(f"A data source with the name {name} already exists in knowledge base {kb.id}.")
        ds = DataSource(
            id=self.ids.new(),
            knowledge_base_id=kb.id,
            name=name,
            description=description,
            configuration=copy.deepcopy(configuration),
            ingestion_configuration=copy.deepcopy(ingestion_configuration),
            deletion_policy=deletion_policy or "DELETE",
        )
        self.data_sources[ds.id] = ds
        return ds

    @staticmethod
    def _check_source(configuration: dict[str, Any], ingestion_configuration: dict[str, Any] | None) -> None:
        if configuration.get("type") != "S3":
            raise ValidationError(
                f"Data source type {configuration.get('type')} is not supported by localbedrock; use S3."
            )
        if "s3Configuration" not in configuration:
            raise ValidationError("s3Configuration is required when the data source type is S3.")
        chunking.validate((ingestion_configuration or {}).get("chunkingConfiguration"))

    def data_source(self, kb_id: str, ds_id: str) -> DataSource:
        kb = self.knowledge_base(kb_id)
        ds = self.data_sources.get(ds_id)
        if ds is None or ds.knowledge_base_id != kb.id:
            raise _missing("Data source", ds_id)
        return ds

    def list_data_sources(self, kb_id: str) -> list[DataSource]:
        kb = self.knowledge_base(kb_id)
        return [d for d in self.data_sources.values() if d.knowledge_base_id == kb.id]

    def update_data_source(
        self,
        kb_id: str,
        ds_id: str,
        name: str,
        configuration: dict[str, Any],
        ingestion_configuration: dict[str, Any] | None = None,
        deletion_policy: str | None = None,
        description: str | None = None,
    ) -> DataSource:
        ds = self.data_source(kb_id, ds_id)
        self._check_source(configuration, ingestion_configuration)
        new_chunking = (ingestion_configuration or {}).get("chunkingConfiguration")
        if ingestion_configuration is not None and new_chunking != ds.chunking:
            raise ValidationError("The chunking configuration of a data source cannot be changed after it is created.")
        ds.name, ds.description, ds.configuration = name, description, copy.deepcopy(configuration)
        if deletion_policy:
            ds.deletion_policy = deletion_policy
        ds.updated_at = _now()
        return ds

    def delete_data_source(self, kb_id: str, ds_id: str) -> DataSource:
        self._advance()
        ds = self.data_source(kb_id, ds_id)
        if ds.deletion_policy == "DELETE":
            kb = self.knowledge_bases[ds.knowledge_base_id]
            for uri in ds.indexed:
                kb.index.remove(uri)
            if kb.s3_vectors is not None:
                kb.s3_vectors.stored(kb.index.records())
        del self.data_sources[ds.id]
        return ds

    # ingestion jobs

    def start_ingestion_job(
        self, kb_id: str, ds_id: str, store: ObjectStore, description: str | None = None
    ) -> IngestionJob:
        self._advance()
        ds = self.data_source(kb_id, ds_id)
        kb = self.knowledge_bases[ds.knowledge_base_id]
        if any(j.status in RUNNING for j in self.jobs.values() if j.knowledge_base_id == kb.id):
            raise ConflictError(f"An ingestion job is already running for knowledge base {kb.id}.")
        s3 = ds.configuration["s3Configuration"]
        source = ingestion.Source(
            data_source_id=ds.id,
            bucket=split_bucket_arn(s3["bucketArn"]),
            prefixes=tuple(s3.get("inclusionPrefixes") or [""]),
            chunking=ds.chunking,
            indexed=dict(ds.indexed),
        )
        job_plan = ingestion.plan(source, store, lambda texts: self.embed(kb, texts))
        job = IngestionJob(self.ids.new(), kb.id, ds.id, description, job_plan, self.clock.now())
        self.jobs[job.id] = job
        return job

    def ingestion_job(self, kb_id: str, ds_id: str, job_id: str) -> IngestionJob:
        self._advance()
        ds = self.data_source(kb_id, ds_id)
        job = self.jobs.get(job_id)
        if job is None or job.data_source_id != ds.id:
            raise _missing("Ingestion job", job_id)
        return job

    def list_ingestion_jobs(self, kb_id: str, ds_id: str) -> list[IngestionJob]:
        self._advance()
        ds = self.data_source(kb_id, ds_id)
        return [j for j in self.jobs.values() if j.data_source_id == ds.id]

    def stop_ingestion_job(self, kb_id: str, ds_id: str, job_id: str) -> IngestionJob:
        job = self.ingestion_job(kb_id, ds_id, job_id)
        if job.status not in RUNNING:
            raise ConflictError(f"The ingestion job {job_id} is {job.status} and cannot be stopped.")
        job.status, job.stopped, job.updated_at = "STOPPING", self.clock.now(), _now()
        return job

    # documents (direct ingestion)

    def _document_source(self, kb_id: str, ds_id: str) -> tuple[KnowledgeBase, DataSource, str]:
        self._advance()
        ds = self.data_source(kb_id, ds_id)
        kb = self.knowledge_bases[ds.knowledge_base_id]
        return kb, ds, split_bucket_arn(ds.configuration["s3Configuration"]["bucketArn"])

    def _key(self, uri: str, bucket: str) -> str:
        try:
            found, key = split_s3_uri(uri)
        except ValueError:
            raise ValidationError(f"{uri} is not an S3 URI.") from None
        if found != bucket:
            raise ValidationError(f"The document {uri} is not in the data source's bucket {bucket}.")
        return key

    def ingest_documents(
        self, kb_id: str, ds_id: str, documents: list[dict[str, Any]], store: ObjectStore
    ) -> list[direct.DocumentState]:
        """Add or replace documents (IngestKnowledgeBaseDocuments' ``documents``) of an S3 data source."""
        kb, ds, bucket = self._document_source(kb_id, ds_id)
        if any(j.status in RUNNING for j in self.jobs.values() if j.knowledge_base_id == kb.id):
            raise ConflictError(f"An ingestion job is running for knowledge base {kb.id}; try again when it ends.")
        states = []
        for document in documents:
            uri = direct.s3_uri(document["content"])
            key = self._key(uri, bucket)
            operation = direct.Operation(kb.id, ds.id, uri, ingestion.Plan(), self.clock.now())
            try:
                text = store.read(bucket, key).decode("utf-8")
                attributes, metadata_tag = self._metadata(document.get("metadata"), store)
                etag = next((o.etag for o in store.list(bucket, key) if o.key == key), "")
                records, vectors = ingestion.document_records(
                    uri, text, attributes, ds.id, ds.chunking, lambda texts: self.embed(kb, texts)
                )
                operation.plan.upserts[uri] = ((etag, metadata_tag), records, vectors)
            except (ResourceNotFoundError, UnicodeDecodeError, ValueError) as error:
                operation.failure = f"The document could not be read: {error}"
            self.operations[(ds.id, uri)] = operation
            states.append(operation.state(self.clock))
        return states

    @staticmethod
    def _metadata(metadata: dict[str, Any] | None, store: ObjectStore) -> tuple[dict[str, Any], str]:
        """A document's attributes and what identifies them (a metadata file's etag, or "inline")."""
        if not metadata:
            return {}, ""
        if metadata["type"] == "IN_LINE_ATTRIBUTE":
            return direct.inline_attributes(metadata.get("inlineAttributes", [])), "inline"
        bucket, key = split_s3_uri(metadata["s3Location"]["uri"])
        etag = next((o.etag for o in store.list(bucket, key) if o.key == key), "")
        return parse_metadata(store.read(bucket, key)), etag

    def delete_documents(self, kb_id: str, ds_id: str, identifiers: list[dict[str, Any]]) -> list[direct.DocumentState]:
        """Remove documents of a data source from the index (DeleteKnowledgeBaseDocuments)."""
        kb, ds, bucket = self._document_source(kb_id, ds_id)
        states = []
        for identifier in identifiers:
            uri = direct.s3_uri(identifier)
            self._key(uri, bucket)
            operation = direct.Operation(kb.id, ds.id, uri, ingestion.Plan(deletions=[uri]), self.clock.now(), True)
            self.operations[(ds.id, uri)] = operation
            states.append(operation.state(self.clock))
        return states

    def _document_state(self, ds: DataSource, uri: str) -> direct.DocumentState:
        operation = self.operations.get((ds.id, uri))
        if operation is not None and not operation.applied:
            return operation.state(self.clock)
        if uri in ds.indexed:
            return direct.DocumentState(uri, "INDEXED", operation.updated_at if operation else ds.updated_at)
        return direct.DocumentState(uri, "NOT_FOUND", operation.updated_at if operation else _now())

    def get_documents(self, kb_id: str, ds_id: str, identifiers: list[dict[str, Any]]) -> list[direct.DocumentState]:
        _, ds, _ = self._document_source(kb_id, ds_id)
        return [self._document_state(ds, direct.s3_uri(identifier)) for identifier in identifiers]

    def list_documents(self, kb_id: str, ds_id: str) -> list[direct.DocumentState]:
        """The data source's documents: indexed ones and those being ingested, deleted or that failed."""
        _, ds, _ = self._document_source(kb_id, ds_id)
        uris = sorted(set(ds.indexed) | {uri for (source, uri) in self.operations if source == ds.id})
        states = [self._document_state(ds, uri) for uri in uris]
        return [state for state in states if state.status != "NOT_FOUND"]

    def _advance(self) -> None:
        """Move every job and document operation along its lifecycle; one that completes applies its plan to the
        index."""
        for operation in self.operations.values():
            if operation.applied or operation.failure is not None or not self.clock.elapsed(operation.started):
                continue
            ds = self.data_sources.get(operation.data_source_id)
            kb = self.knowledge_bases.get(operation.knowledge_base_id)
            if ds is not None and kb is not None:
                self._apply(operation.plan, kb, ds)
            operation.applied, operation.updated_at = True, _now()
        for job in self.jobs.values():
            if job.status == "STOPPING" and job.stopped is not None and self.clock.elapsed(job.stopped, 1 / 3):
                job.status, job.updated_at = "STOPPED", _now()
            elif job.status in RUNNING and self.clock.elapsed(job.started):
                ds = self.data_sources.get(job.data_source_id)
                kb = self.knowledge_bases.get(job.knowledge_base_id)
                if ds is not None and kb is not None:
                    self._apply(job.plan, kb, ds)
                job.status, job.updated_at = "COMPLETE", _now()
            elif job.status == "STARTING" and self.clock.elapsed(job.started, 1 / 3):
                job.status, job.updated_at = "IN_PROGRESS", _now()

    @staticmethod
    def _apply(plan: ingestion.Plan, kb: KnowledgeBase, ds: DataSource) -> None:
        """Apply a completed job's or document operation's plan to the index; an S3 Vectors store charges the
        vectors written and its new size."""
        before = kb.index.records()  # kept alive, so their ids are not reused by the new records
        ingestion.apply(plan, kb.index, ds.indexed)
        if kb.s3_vectors is not None:
            old = {id(record) for record in before}
            after = kb.index.records()
            kb.s3_vectors.written([record for record in after if id(record) not in old])
            kb.s3_vectors.stored(after)

    # retrieval

    def embed(self, kb: KnowledgeBase, texts: list[str], input_type: str = "search_document") -> np.ndarray:
        """Vectors of ``texts`` from the knowledge base's embedding model (recorded in the ledger)."""
        result = self.service.embed(
            EmbeddingRequest(kb.embedding_model, tuple(texts), kb.index.dimensions, True, input_type)
        )
        return np.asarray(result.vectors, dtype=np.float32).reshape(len(texts), kb.index.dimensions)

    def retrieve(
        self,
        kb_id: str,
        query: str,
        number_of_results: int | None = None,
        search_type: str | None = None,
        filter_spec: dict[str, Any] | None = None,
    ) -> list[Hit]:
        """The best chunks for ``query``: SEMANTIC (default) or HYBRID search, optionally filtered by metadata."""
        self._advance()
        kb = self.knowledge_base(kb_id)
        predicate = compile_filter(filter_spec)
        wanted = number_of_results or DEFAULT_RESULTS
        if kb.s3_vectors is not None:
            kb.s3_vectors.queried()
        if not len(kb.index):
            return []
        vector = self.embed(kb, [query], "search_query")[0]
        depth = wanted * 4 if kb.index.has_parents else wanted
        found = kb.index.search(vector, query, depth, predicate, search_type == "HYBRID", _filter_key(filter_spec))
        hits: list[Hit] = []
        seen: set[tuple[str, str]] = set()
        for record, score in found:
            text = record.parent if record.parent is not None else record.text
            if (record.uri, text) in seen:
                continue  # children of one parent give that parent once
            seen.add((record.uri, text))
            hits.append(Hit(text, record, score))
        return hits[:wanted]

    def retrieve_and_generate(
        self,
        query: str,
        model_id: str,
        *,
        kb_id: str | None = None,
        retrieval: dict[str, Any] | None = None,
        documents: list[Source] | None = None,
        template: str | None = None,
        inference: dict[str, Any] | None = None,
        session_id: str | None = None,
        rerank: Callable[[str, list[Hit]], list[Hit]] | None = None,
    ) -> Answer:
        """Answer ``query`` with ``model_id`` from the knowledge base ``kb_id`` (Retrieve with ``retrieval``, a
        KnowledgeBaseVectorSearchConfiguration, its hits reordered by ``rerank``) or from ``documents``
        (EXTERNAL_SOURCES), continuing ``session_id``."""
        if session_id is not None and not self.sessions.known(session_id):
            raise ValidationError(f"Session with Id {session_id} is not valid. Please check and try again.")
        self.service.text_model(model_id)
        if kb_id is not None:
            search = retrieval or {}
            hits = self.retrieve(
                kb_id, query, search.get("numberOfResults"), search.get("overrideSearchType"), search.get("filter")
            )
            hits = rerank(query, hits) if rerank is not None else hits
            sources = [Source(h.text, h.record.uri, h.record.metadata) for h in hits]
        else:
            sources = self._best_passages(query, documents or [])
        session_id, history = self.sessions.open(session_id)
        result = self.service.generate(build_request(model_id, query, sources, template, history, inference))
        text, citations = cite(result.text, sources)
        self.sessions.record(session_id, query, text)
        return Answer(text, citations, session_id, result)

    def _best_passages(self, query: str, documents: list[Source]) -> list[Source]:
        """The chunks of external documents nearest the query (default chunking, Titan Text Embeddings V2)."""
        passages = [
            Source(piece.text, doc.uri, doc.metadata)
            for doc in documents
            for piece in chunking.chunk(doc.text, None, lambda texts: np.zeros((len(texts), 1)))
        ]
        if not passages:
            return []
        texts = [query] + [p.text for p in passages]
        result = self.service.embed(EmbeddingRequest(EXTERNAL_EMBEDDING_MODEL, tuple(texts), 1024, True))
        vectors = np.asarray(result.vectors)
        order = np.argsort(-(vectors[1:] @ vectors[0]), kind="stable")[:DEFAULT_RESULTS]
        return [passages[i] for i in order]
