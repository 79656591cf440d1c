"""bedrock-agent: knowledge bases, data sources and ingestion jobs through boto3, checked against the service
model's output shapes, with AWS's ids, enums, lifecycles and errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import localbedrock
from tests.localbedrock.kb_helpers import (
    AURORA,
    BUCKET,
    OPENSEARCH,
    PINECONE,
    ROLE,
    VECTOR,
    create_data_source,
    create_kb,
    hand_clock,
    ingest,
    problems,
    put_corpus,
)

AWS_ID = re.compile(r"^[0-9A-Z]{10}$")


@pytest.fixture
def clients() -> Iterator[tuple[Any, Any]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        yield boto3.client("bedrock-agent", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")


@pytest.fixture
def agent(clients: tuple[Any, Any]) -> Any:
    return clients[0]


@pytest.fixture
def s3(clients: tuple[Any, Any]) -> Any:
    return clients[1]


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_create_knowledge_base_returns_an_aws_shaped_knowledge_base_that_is_creating(agent):
    response = agent.create_knowledge_base(
        name="acme-kb",
        description="Acme policies",
        roleArn=ROLE,
        knowledgeBaseConfiguration=VECTOR,
        storageConfiguration=OPENSEARCH,
    )
    assert problems("bedrock-agent", "CreateKnowledgeBase", response) == []
    kb = response["knowledgeBase"]
    assert AWS_ID.match(kb["knowledgeBaseId"])
    assert kb["knowledgeBaseArn"] == f"arn:aws:bedrock:us-east-1:123456789012:knowledge-base/{kb['knowledgeBaseId']}"
    assert kb["status"] == "ACTIVE"  # lifecycle_seconds=0: ready at once
    assert kb["storageConfiguration"] == OPENSEARCH
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 202


def test_a_knowledge_base_is_creating_then_active_on_the_accelerated_clock():
    # Long enough that the first read comes before the lifecycle ends on a loaded machine (0.3 s did not, once).
    with localbedrock.LocalBedrock(lifecycle_seconds=2.0):
        agent = boto3.client("bedrock-agent", region_name="us-east-1")
        kb_id = create_kb(agent)
        assert agent.get_knowledge_base(knowledgeBaseId=kb_id)["knowledgeBase"]["status"] == "CREATING"
        deadline = time.monotonic() + 20
        while agent.get_knowledge_base(knowledgeBaseId=kb_id)["knowledgeBase"]["status"] != "ACTIVE":
            assert time.monotonic() < deadline
            time.sleep(0.05)


@pytest.mark.parametrize(
    "storage",
    [
        OPENSEARCH,
        PINECONE,
        AURORA,
        {
            "type": "S3_VECTORS",
            "s3VectorsConfiguration": {"vectorBucketArn": "arn:aws:s3vectors:us-east-1:123456789012:bucket/kb"},
        },
    ],
    ids=lambda s: s["type"],
)
def test_every_storage_type_aws_accepts_is_accepted(agent, storage):
    kb_id = create_kb(agent, storageConfiguration=storage)
    assert agent.get_knowledge_base(knowledgeBaseId=kb_id)["knowledgeBase"]["storageConfiguration"] == storage


@pytest.mark.parametrize(
    ("configuration", "storage", "message"),
    [
        (
            {
                "type": "KENDRA",
                "kendraKnowledgeBaseConfiguration": {
                    "kendraIndexArn": "arn:aws:kendra:us-east-1:123456789012:index/0123456789abcdef0123456789abcdef0123"
                },
            },
            OPENSEARCH,
            "use VECTOR",
        ),
        (
            {
                "type": "VECTOR",
                "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": "anthropic.claude-3-haiku-20240307-v1:0"},
            },
            OPENSEARCH,
            "embedding model",
        ),
        (VECTOR, {"type": "PINECONE"}, "pineconeConfiguration is required"),
        (VECTOR, None, "storageConfiguration is required"),
    ],
)
def test_invalid_knowledge_base_configurations_are_validation_errors(agent, configuration, storage, message):
    kwargs = {"storageConfiguration": storage} if storage else {}
    with pytest.raises(ClientError) as excinfo:
        agent.create_knowledge_base(name="bad", roleArn=ROLE, knowledgeBaseConfiguration=configuration, **kwargs)
    assert error_code(excinfo) == "ValidationException"
    assert message in excinfo.value.response["Error"]["Message"]


def test_embedding_dimensions_must_be_ones_the_model_offers(agent):
    configuration = {
        "type": "VECTOR",
        "vectorKnowledgeBaseConfiguration": {
            "embeddingModelArn": "amazon.titan-embed-text-v2:0",
            "embeddingModelConfiguration": {"bedrockEmbeddingModelConfiguration": {"dimensions": 300}},
        },
    }
    with pytest.raises(ClientError) as excinfo:
        create_kb(agent, knowledgeBaseConfiguration=configuration)
    assert error_code(excinfo) == "ValidationException"


def test_a_name_breaking_the_service_model_pattern_is_a_validation_error(agent):
    with pytest.raises(ClientError) as excinfo:
        create_kb(agent, name="no spaces allowed")
    assert error_code(excinfo) == "ValidationException"
    assert "failed to satisfy constraint" in excinfo.value.response["Error"]["Message"]


def test_list_update_and_delete_knowledge_bases(agent):
    first, second = create_kb(agent, name="first"), create_kb(agent, name="second")
    listed = agent.list_knowledge_bases()
    assert problems("bedrock-agent", "ListKnowledgeBases", listed) == []
    assert {s["knowledgeBaseId"] for s in listed["knowledgeBaseSummaries"]} == {first, second}

    updated = agent.update_knowledge_base(
        knowledgeBaseId=first,
        name="renamed",
        description="now described",
        roleArn=ROLE,
        knowledgeBaseConfiguration=VECTOR,
        storageConfiguration=OPENSEARCH,
    )
    assert problems("bedrock-agent", "UpdateKnowledgeBase", updated) == []
    assert agent.get_knowledge_base(knowledgeBaseId=first)["knowledgeBase"]["name"] == "renamed"

    deleted = agent.delete_knowledge_base(knowledgeBaseId=first)
    assert problems("bedrock-agent", "DeleteKnowledgeBase", deleted) == []
    assert deleted["status"] == "DELETING"
    with pytest.raises(agent.exceptions.ResourceNotFoundException):
        agent.get_knowledge_base(knowledgeBaseId=first)


def test_list_knowledge_bases_pages_with_next_token(agent):
    ids = {create_kb(agent, name=f"kb{i}") for i in range(5)}
    seen, token = set(), None
    while True:
        page = agent.list_knowledge_bases(maxResults=2, **({"nextToken": token} if token else {}))
        assert len(page["knowledgeBaseSummaries"]) <= 2
        seen |= {s["knowledgeBaseId"] for s in page["knowledgeBaseSummaries"]}
        token = page.get("nextToken")
        if not token:
            break
    assert seen == ids


def test_the_embedding_model_cannot_be_changed_by_an_update(agent):
    kb_id = create_kb(agent)
    other = {"type": "VECTOR", "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": "cohere.embed-english-v3"}}
    with pytest.raises(agent.exceptions.ValidationException):
        agent.update_knowledge_base(
            knowledgeBaseId=kb_id, name="acme-kb", roleArn=ROLE, knowledgeBaseConfiguration=other
        )


def test_data_source_crud(agent):
    kb_id = create_kb(agent)
    created = agent.create_data_source(
        knowledgeBaseId=kb_id,
        name="acme-docs",
        dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}"}},
    )
    assert problems("bedrock-agent", "CreateDataSource", created) == []
    ds = created["dataSource"]
    assert AWS_ID.match(ds["dataSourceId"]) and ds["status"] == "AVAILABLE" and ds["dataDeletionPolicy"] == "DELETE"
    got = agent.get_data_source(knowledgeBaseId=kb_id, dataSourceId=ds["dataSourceId"])
    assert problems("bedrock-agent", "GetDataSource", got) == []
    listed = agent.list_data_sources(knowledgeBaseId=kb_id)
    assert problems("bedrock-agent", "ListDataSources", listed) == []
    assert [s["dataSourceId"] for s in listed["dataSourceSummaries"]] == [ds["dataSourceId"]]
    updated = agent.update_data_source(
        knowledgeBaseId=kb_id,
        dataSourceId=ds["dataSourceId"],
        name="acme-docs",
        description="policies only",
        dataSourceConfiguration={
            "type": "S3",
            "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}", "inclusionPrefixes": ["policies/"]},
        },
        dataDeletionPolicy="RETAIN",
    )
    assert problems("bedrock-agent", "UpdateDataSource", updated) == []
    assert updated["dataSource"]["dataDeletionPolicy"] == "RETAIN"
    deleted = agent.delete_data_source(knowledgeBaseId=kb_id, dataSourceId=ds["dataSourceId"])
    assert problems("bedrock-agent", "DeleteDataSource", deleted) == []
    with pytest.raises(agent.exceptions.ResourceNotFoundException):
        agent.get_data_source(knowledgeBaseId=kb_id, dataSourceId=ds["dataSourceId"])


def test_the_chunking_of_a_data_source_cannot_be_changed_by_an_update(agent):
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    fixed = {
        "chunkingStrategy": "FIXED_SIZE",
        "fixedSizeChunkingConfiguration": {"maxTokens": 100, "overlapPercentage": 10},
    }
    with pytest.raises(agent.exceptions.ValidationException):
        agent.update_data_source(
            knowledgeBaseId=kb_id,
            dataSourceId=ds_id,
            name="acme-docs",
            dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}"}},
            vectorIngestionConfiguration={"chunkingConfiguration": fixed},
        )


@pytest.mark.parametrize(
    "chunking",
    [
        {"chunkingStrategy": "FIXED_SIZE"},
        {"chunkingStrategy": "SEMANTIC"},
        {"chunkingStrategy": "NONE", "fixedSizeChunkingConfiguration": {"maxTokens": 100, "overlapPercentage": 10}},
        {
            "chunkingStrategy": "HIERARCHICAL",
            "hierarchicalChunkingConfiguration": {
                "levelConfigurations": [{"maxTokens": 100}, {"maxTokens": 500}],
                "overlapTokens": 10,
            },
        },
    ],
    ids=["fixed-without-settings", "semantic-without-settings", "none-with-fixed-settings", "child-above-parent"],
)
def test_inconsistent_chunking_configurations_are_validation_errors(agent, chunking):
    kb_id = create_kb(agent)
    with pytest.raises(agent.exceptions.ValidationException):
        create_data_source(agent, kb_id, chunking)


def test_an_ingestion_job_moves_through_starting_in_progress_and_complete():
    with localbedrock.LocalBedrock(lifecycle_seconds=3) as emulator:
        agent, s3 = boto3.client("bedrock-agent", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")
        put_corpus(s3)
        kb_id = create_kb(agent)
        ds_id = create_data_source(agent, kb_id)
        now = hand_clock(emulator.service.knowledge_bases("123456789012", "us-east-1").clock)
        start = now[0]
        started = agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id)
        assert problems("bedrock-agent", "StartIngestionJob", started) == []
        job = started["ingestionJob"]
        assert job["status"] == "STARTING" and AWS_ID.match(job["ingestionJobId"])
        seen = []
        for seconds in (0.5, 1.5, 2.5, 3.5):  # a third of the lifecycle starting, then in progress
            now[0] = start + seconds
            got = agent.get_ingestion_job(
                knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job["ingestionJobId"]
            )
            assert problems("bedrock-agent", "GetIngestionJob", got) == []
            seen.append(got["ingestionJob"]["status"])
        assert seen == ["STARTING", "IN_PROGRESS", "IN_PROGRESS", "COMPLETE"]


def test_a_completed_job_reports_aws_statistics(agent, s3):
    put_corpus(s3)
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    job = ingest(agent, kb_id, ds_id)
    assert job["statistics"] == {
        "numberOfDocumentsScanned": 4,
        "numberOfMetadataDocumentsScanned": 4,
        "numberOfNewDocumentsIndexed": 4,
        "numberOfModifiedDocumentsIndexed": 0,
        "numberOfMetadataDocumentsModified": 0,
        "numberOfDocumentsDeleted": 0,
        "numberOfDocumentsFailed": 0,
    }


def test_list_ingestion_jobs_filters_and_sorts(agent, s3):
    put_corpus(s3)
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    first, second = ingest(agent, kb_id, ds_id), ingest(agent, kb_id, ds_id)
    listed = agent.list_ingestion_jobs(knowledgeBaseId=kb_id, dataSourceId=ds_id)
    assert problems("bedrock-agent", "ListIngestionJobs", listed) == []
    assert [j["ingestionJobId"] for j in listed["ingestionJobSummaries"]] == [
        second["ingestionJobId"],
        first["ingestionJobId"],
    ]
    ascending = agent.list_ingestion_jobs(
        knowledgeBaseId=kb_id, dataSourceId=ds_id, sortBy={"attribute": "STARTED_AT", "order": "ASCENDING"}
    )
    assert ascending["ingestionJobSummaries"][0]["ingestionJobId"] == first["ingestionJobId"]
    stopped = agent.list_ingestion_jobs(
        knowledgeBaseId=kb_id,
        dataSourceId=ds_id,
        filters=[{"attribute": "STATUS", "operator": "EQ", "values": ["STOPPED"]}],
    )
    assert stopped["ingestionJobSummaries"] == []


def test_stop_ingestion_job_goes_stopping_then_stopped_and_indexes_nothing():
    with localbedrock.LocalBedrock(lifecycle_seconds=30):
        agent, s3 = boto3.client("bedrock-agent", region_name="us-east-1"), boto3.client("s3", region_name="us-east-1")
        runtime = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
        put_corpus(s3)
        kb_id = create_kb(agent)
        ds_id = create_data_source(agent, kb_id)
        job_id = agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id)["ingestionJob"]["ingestionJobId"]
        with pytest.raises(agent.exceptions.ConflictException):
            agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id)
        stopped = agent.stop_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job_id)
        assert problems("bedrock-agent", "StopIngestionJob", stopped) == []
        assert stopped["ingestionJob"]["status"] == "STOPPING"
        with pytest.raises(agent.exceptions.ConflictException):
            agent.stop_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job_id)
        assert runtime.retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": "returns"})["retrievalResults"] == []


@pytest.mark.parametrize(
    ("operation", "kwargs"),
    [
        ("get_knowledge_base", {"knowledgeBaseId": "NOSUCHKB00"}),
        ("delete_knowledge_base", {"knowledgeBaseId": "NOSUCHKB00"}),
        ("list_data_sources", {"knowledgeBaseId": "NOSUCHKB00"}),
        ("get_data_source", {"knowledgeBaseId": "NOSUCHKB00", "dataSourceId": "NOSUCHDS00"}),
        ("start_ingestion_job", {"knowledgeBaseId": "NOSUCHKB00", "dataSourceId": "NOSUCHDS00"}),
        (
            "get_ingestion_job",
            {"knowledgeBaseId": "NOSUCHKB00", "dataSourceId": "NOSUCHDS00", "ingestionJobId": "NOSUCHJOB0"},
        ),
    ],
)
def test_unknown_ids_are_resource_not_found(agent, operation, kwargs):
    with pytest.raises(ClientError) as excinfo:
        getattr(agent, operation)(**kwargs)
    assert error_code(excinfo) == "ResourceNotFoundException"


def test_an_unknown_job_of_a_known_data_source_is_resource_not_found(agent):
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    with pytest.raises(agent.exceptions.ResourceNotFoundException):
        agent.get_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId="NOSUCHJOB0")


def test_ingesting_from_a_missing_bucket_is_resource_not_found(agent):
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    with pytest.raises(agent.exceptions.ResourceNotFoundException):
        agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id)


PRINT_FIRST_ID = """
import boto3, localbedrock
from tests.localbedrock.kb_helpers import create_kb
with localbedrock.LocalBedrock(lifecycle_seconds=0):
    print(create_kb(boto3.client("bedrock-agent", region_name="us-east-1")))
"""


def test_ids_are_the_same_in_every_process():
    ids = {
        subprocess.run(
            [sys.executable, "-c", PRINT_FIRST_ID],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[2],
        ).stdout.strip()
        for seed in ("1", "2")
    }
    assert len(ids) == 1 and AWS_ID.match(ids.pop())
