"""Helpers shared by the Knowledge Bases tests: a corpus in S3, a knowledge base over it, and a check of responses
against the output shapes of botocore's service models."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any

from botocore.model import ListShape, MapShape, Shape, StructureShape
from botocore.session import get_session

ROLE = "arn:aws:iam::123456789012:role/AmazonBedrockExecutionRoleForKnowledgeBase"
TITAN_V2_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"
NOVA_LITE_ARN = "arn:aws:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0"
BUCKET = "acme-docs"
OPENSEARCH = {
    "type": "OPENSEARCH_SERVERLESS",
    "opensearchServerlessConfiguration": {
        "collectionArn": "arn:aws:aoss:us-east-1:123456789012:collection/kbcollection",
        "vectorIndexName": "bedrock-knowledge-base-default-index",
        "fieldMapping": {"vectorField": "embedding", "textField": "text", "metadataField": "metadata"},
    },
}
PINECONE = {
    "type": "PINECONE",
    "pineconeConfiguration": {
        "connectionString": "https://acme.pinecone.io",
        "credentialsSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:pinecone",
        "fieldMapping": {"textField": "text", "metadataField": "metadata"},
    },
}
AURORA = {
    "type": "RDS",
    "rdsConfiguration": {
        "resourceArn": "arn:aws:rds:us-east-1:123456789012:cluster:kb",
        "credentialsSecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds",
        "databaseName": "kb",
        "tableName": "bedrock_kb",
        "fieldMapping": {
            "primaryKeyField": "id",
            "vectorField": "embedding",
            "textField": "chunks",
            "metadataField": "metadata",
        },
    },
}
VECTOR = {"type": "VECTOR", "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": TITAN_V2_ARN}}

CORPUS = {
    "policies/returns.md": "# Returns policy\n\nAcme Outdoor accepts returns within 45 days of delivery. "
    "Items must be unused and in their original packaging. Refunds go to the original payment method.",
    "policies/shipping.md": "# Shipping\n\nStandard shipping is free on orders over $75. "
    "Express shipping costs $15 and arrives in two business days.",
    "products/trailblazer-tent.md": "# Trailblazer tent\n\nThe Trailblazer tent costs $249 and weighs 2.1 kg. "
    "It sleeps two people and packs down small.",
    "products/summit-stove.md": "# Summit stove\n\nThe Summit stove boils a litre of water in three minutes. "
    "It burns isobutane canisters and costs $89.",
}
METADATA = {
    "policies/returns.md": {"category": "policy", "year": 2024, "audience": ["customers", "staff"]},
    "policies/shipping.md": {"category": "policy", "year": 2023, "audience": ["customers"]},
    "products/trailblazer-tent.md": {"category": "product", "year": 2024, "price": 249},
    "products/summit-stove.md": {"category": "product", "year": 2022, "price": 89},
}


def hand_clock(clock: Any) -> list[float]:
    """Stop a lifecycle clock (``localbedrock.clock.Clock``) at the present; the test moves it on by adding seconds
    to the one-item list returned."""
    now = [clock.now()]
    clock.now = lambda: now[0]
    return now


def put_corpus(s3: Any, documents: dict[str, str] = CORPUS, metadata: dict[str, dict] = METADATA) -> None:
    existing = [b["Name"] for b in s3.list_buckets()["Buckets"]]
    if BUCKET not in existing:
        s3.create_bucket(Bucket=BUCKET)
    for key, text in documents.items():
        s3.put_object(Bucket=BUCKET, Key=key, Body=text.encode())
        if key in metadata:
            body = json.dumps({"metadataAttributes": metadata[key]}).encode()
            s3.put_object(Bucket=BUCKET, Key=key + ".metadata.json", Body=body)


def create_kb(agent: Any, name: str = "acme-kb", **extra: Any) -> str:
    response = agent.create_knowledge_base(
        name=name,
        roleArn=ROLE,
        knowledgeBaseConfiguration=extra.pop("knowledgeBaseConfiguration", VECTOR),
        storageConfiguration=extra.pop("storageConfiguration", OPENSEARCH),
        **extra,
    )
    return response["knowledgeBase"]["knowledgeBaseId"]


def create_data_source(agent: Any, kb_id: str, chunking: dict | None = None, prefixes: list[str] | None = None) -> str:
    s3_config: dict[str, Any] = {"bucketArn": f"arn:aws:s3:::{BUCKET}"}
    if prefixes:
        s3_config["inclusionPrefixes"] = prefixes
    extra = {"vectorIngestionConfiguration": {"chunkingConfiguration": chunking}} if chunking else {}
    response = agent.create_data_source(
        knowledgeBaseId=kb_id,
        name="acme-docs",
        dataSourceConfiguration={"type": "S3", "s3Configuration": s3_config},
        **extra,
    )
    return response["dataSource"]["dataSourceId"]


def ingest(agent: Any, kb_id: str, ds_id: str, timeout: float = 30.0) -> dict[str, Any]:
    """Start an ingestion job and poll it until it ends, as one would on AWS; the finished job."""
    job_id = agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id)["ingestionJob"]["ingestionJobId"]
    deadline = time.monotonic() + timeout
    while True:
        job = agent.get_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job_id)
        if job["ingestionJob"]["status"] in ("COMPLETE", "FAILED", "STOPPED"):
            return job["ingestionJob"]
        assert time.monotonic() < deadline, "the ingestion job never finished"
        time.sleep(0.01)


def ready_kb(agent: Any, s3: Any, chunking: dict | None = None, **corpus: Any) -> str:
    """A knowledge base over the corpus, ingested."""
    put_corpus(s3, **corpus)
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id, chunking)
    assert ingest(agent, kb_id, ds_id)["status"] == "COMPLETE"
    return kb_id


def problems(service: str, operation: str, response: dict[str, Any]) -> list[str]:
    """Where ``response`` breaks ``operation``'s output shape: missing required members, unknown members, values
    outside an enum, wrong types."""
    shape = get_session().get_service_model(service).operation_model(operation).output_shape
    found: list[str] = []
    body = {k: v for k, v in response.items() if k != "ResponseMetadata"}
    _check(body, shape, operation, found)
    return found


def _check(value: Any, shape: Shape, path: str, found: list[str]) -> None:
    if isinstance(shape, StructureShape):
        if not isinstance(value, dict):
            found.append(f"{path}: not a structure")
            return
        for name in shape.required_members:
            if name not in value:
                found.append(f"{path}.{name}: required, missing")
        for name, item in value.items():
            if name not in shape.members:
                found.append(f"{path}.{name}: not in the shape")
            else:
                _check(item, shape.members[name], f"{path}.{name}", found)
    elif isinstance(shape, ListShape):
        if not isinstance(value, list):
            found.append(f"{path}: not a list")
            return
        for i, item in enumerate(value):
            _check(item, shape.member, f"{path}[{i}]", found)
    elif isinstance(shape, MapShape):
        if not isinstance(value, dict):
            found.append(f"{path}: not a map")
    elif shape.type_name == "string":
        if not isinstance(value, str):
            found.append(f"{path}: not a string")
        elif shape.enum and value not in shape.enum:
            found.append(f"{path}: {value!r} not in {shape.enum}")
    elif shape.type_name == "timestamp" and not isinstance(value, datetime):
        found.append(f"{path}: not a timestamp")
    elif shape.type_name in ("integer", "long") and not isinstance(value, int):
        found.append(f"{path}: not an integer")
    elif shape.type_name in ("double", "float") and not isinstance(value, int | float):
        found.append(f"{path}: not a number")
