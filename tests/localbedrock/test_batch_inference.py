"""Batch inference jobs: records from S3 answered by the simulated models, outputs and manifest written back, the
lifecycle on the accelerated clock, quotas, per-record errors and half price in the ledger."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from bedrock_helpers import CLAUDE, HAIKU_45, NOVA_MICRO, TITAN_EXPRESS
from kb_helpers import hand_clock, problems

import localbedrock
from localbedrock.batch import MIN_RECORDS

ACCOUNT, REGION, BUCKET = "123456789012", "us-east-1", "batch-records"
ROLE = "arn:aws:iam::123456789012:role/BatchInference"


@dataclass
class Batch:
    emulator: localbedrock.LocalBedrock
    bedrock: Any
    s3: Any
    now: list[float]

    def put(self, key: str, lines: list[dict[str, Any]]) -> None:
        self.s3.put_object(Bucket=BUCKET, Key=key, Body="\n".join(json.dumps(line) for line in lines).encode())

    def create(self, model_id: str = CLAUDE, uri: str = f"s3://{BUCKET}/input/", **extra: Any) -> str:
        return self.bedrock.create_model_invocation_job(
            jobName=extra.pop("jobName", "nightly"),
            roleArn=ROLE,
            modelId=model_id,
            inputDataConfig={"s3InputDataConfig": {"s3Uri": uri}},
            outputDataConfig={"s3OutputDataConfig": {"s3Uri": f"s3://{BUCKET}/output/"}},
            **extra,
        )["jobArn"]

    def get(self, arn: str) -> dict[str, Any]:
        return self.bedrock.get_model_invocation_job(jobIdentifier=arn)

    def read(self, key: str) -> str:
        return self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()


@pytest.fixture(name="batch")
def batch_fixture() -> Iterator[Batch]:
    with localbedrock.LocalBedrock(lifecycle_seconds=8) as emulator:
        assert emulator.service is not None
        now = hand_clock(emulator.service.regional("batch_jobs", ACCOUNT, REGION).clock)
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)
        yield Batch(emulator, boto3.client("bedrock", region_name=REGION), s3, now)


def claude(question: str) -> dict[str, Any]:
    return {
        "anthropic_version": "bedrock-2023-05-31",
        "max_tokens": 100,
        "messages": [{"role": "user", "content": question}],
    }


def records(count: int, body: Any = None) -> list[dict[str, Any]]:
    return [{"recordId": f"CALL{i:07d}", "modelInput": body or claude(f"What is {i} plus 1?")} for i in range(count)]


def test_a_job_goes_through_aws_statuses_and_writes_outputs_and_a_manifest(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    arn = batch.create()
    job_id = arn.rsplit("/", 1)[-1]
    seen = []
    for _ in range(5):
        seen.append(batch.get(arn)["status"])
        batch.now[0] += 2
    assert seen == ["Submitted", "Validating", "Scheduled", "InProgress", "Completed"]
    job = batch.get(arn)
    assert problems("bedrock", "GetModelInvocationJob", job) == []
    assert job["totalRecordCount"] == job["successRecordCount"] == MIN_RECORDS and job["errorRecordCount"] == 0
    lines = [json.loads(line) for line in batch.read(f"output/{job_id}/calls.jsonl.out").splitlines()]
    assert [line["recordId"] for line in lines] == [f"CALL{i:07d}" for i in range(MIN_RECORDS)]
    assert lines[0]["modelInput"] == claude("What is 0 plus 1?")
    assert lines[0]["modelOutput"]["type"] == "message" and lines[0]["modelOutput"]["content"][0]["text"]
    manifest = json.loads(batch.read(f"output/{job_id}/manifest.json.out"))
    assert manifest["totalRecordCount"] == manifest["successRecordCount"] == MIN_RECORDS
    assert manifest["inputTokenCount"] == sum(line["modelOutput"]["usage"]["input_tokens"] for line in lines)


def test_records_that_fail_are_errors_in_the_output_and_the_job_is_partially_completed(batch):
    batch.put("input/calls.jsonl", [*records(MIN_RECORDS - 1), {"recordId": "BROKEN", "modelInput": {"messages": []}}])
    arn = batch.create()
    batch.now[0] += 8
    job = batch.get(arn)
    assert job["status"] == "PartiallyCompleted" and job["errorRecordCount"] == 1
    out = batch.read(f"output/{arn.rsplit('/', 1)[-1]}/calls.jsonl.out").splitlines()
    broken = json.loads(out[-1])
    assert broken["recordId"] == "BROKEN" and broken["error"]["errorCode"] == 400
    assert "required key [max_tokens]" in broken["error"]["errorMessage"]


def test_fewer_records_than_the_minimum_fail_the_job_after_validation(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS - 1))
    arn = batch.create()
    assert batch.get(arn)["status"] == "Submitted"
    batch.now[0] += 4
    job = batch.get(arn)
    assert job["status"] == "Failed" and f"at least {MIN_RECORDS}" in job["message"]


def test_a_missing_input_fails_the_job(batch):
    arn = batch.create(uri=f"s3://{BUCKET}/nothing/here.jsonl")
    batch.now[0] += 4
    assert "could not be read" in batch.get(arn)["message"]


def test_records_from_every_file_under_the_prefix_are_answered_in_the_models_own_format(batch):
    titan = {"inputText": "What is the capital of France?", "textGenerationConfig": {"maxTokenCount": 50}}
    batch.put("input/a.jsonl", records(60, titan))
    batch.put("input/b.jsonl", records(40, titan))
    arn = batch.create(model_id=TITAN_EXPRESS)
    batch.now[0] += 8
    assert batch.get(arn)["totalRecordCount"] == 100
    job_id = arn.rsplit("/", 1)[-1]
    first = json.loads(batch.read(f"output/{job_id}/b.jsonl.out").splitlines()[0])
    assert first["modelOutput"]["results"][0]["outputText"]


def test_converse_invocation_type_takes_converse_bodies(batch):
    body = {"messages": [{"role": "user", "content": [{"text": "Hi"}]}], "inferenceConfig": {"maxTokens": 20}}
    batch.put("input/calls.jsonl", records(MIN_RECORDS, body))
    arn = batch.create(model_id=f"us.{NOVA_MICRO}", modelInvocationType="Converse")
    batch.now[0] += 8
    assert batch.get(arn)["status"] == "Completed"
    line = json.loads(batch.read(f"output/{arn.rsplit('/', 1)[-1]}/calls.jsonl.out").splitlines()[0])
    assert line["modelOutput"]["output"]["message"]["role"] == "assistant"


def test_batch_calls_cost_half_the_on_demand_price(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    batch.create()
    assert batch.emulator.ledger.total_cost_usd == 0  # nothing is charged before the job completes
    batch.now[0] += 8
    batch.bedrock.list_model_invocation_jobs()
    calls = list(batch.emulator.ledger)
    assert len(calls) == MIN_RECORDS and {c.kind for c in calls} == {"batch inference"}
    profile = localbedrock.catalog.CATALOG[HAIKU_45]
    on_demand = sum(profile.cost(c.input_tokens, c.output_tokens) for c in calls)
    assert batch.emulator.ledger.total_cost_usd == pytest.approx(on_demand / 2)


def test_stopping_a_job_makes_it_stopping_then_stopped_and_writes_nothing(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    arn = batch.create()
    batch.bedrock.stop_model_invocation_job(jobIdentifier=arn)
    assert batch.get(arn)["status"] == "Stopping"
    batch.now[0] += 8
    assert batch.get(arn)["status"] == "Stopped"
    assert "Contents" not in batch.s3.list_objects_v2(Bucket=BUCKET, Prefix="output/")
    with pytest.raises(batch.bedrock.exceptions.ValidationException):
        batch.bedrock.stop_model_invocation_job(jobIdentifier=arn)


def test_list_model_invocation_jobs_filters_sorts_and_pages(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    arns = [batch.create(jobName=name) for name in ("first", "second", "third")]
    batch.bedrock.stop_model_invocation_job(jobIdentifier=arns[0])
    listed = batch.bedrock.list_model_invocation_jobs(maxResults=2)
    assert problems("bedrock", "ListModelInvocationJobs", listed) == []
    assert len(listed["invocationJobSummaries"]) == 2 and listed["nextToken"]
    stopping = batch.bedrock.list_model_invocation_jobs(statusEquals="Stopping")["invocationJobSummaries"]
    assert [j["jobArn"] for j in stopping] == [arns[0]]
    named = batch.bedrock.list_model_invocation_jobs(nameContains="ec", sortOrder="Ascending")
    assert [j["jobName"] for j in named["invocationJobSummaries"]] == ["second"]


def test_documented_errors(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    batch.create(jobName="taken")
    with pytest.raises(batch.bedrock.exceptions.ConflictException):
        batch.create(jobName="taken")
    with pytest.raises(batch.bedrock.exceptions.ValidationException, match="model identifier is invalid"):
        batch.create(model_id="anthropic.claude-nonexistent", jobName="unknown")
    with pytest.raises(batch.bedrock.exceptions.ResourceNotFoundException):
        batch.get("arn:aws:bedrock:us-east-1:123456789012:model-invocation-job/abcdefghijkl")
    with pytest.raises(batch.bedrock.exceptions.ValidationException):
        batch.create(jobName="long-timeout", timeoutDurationInHours=200)  # max 168


def test_unfinished_jobs_are_limited_by_the_quota(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    for i in range(20):
        batch.create(jobName=f"job{i}")
    with pytest.raises(batch.bedrock.exceptions.ServiceQuotaExceededException):
        batch.create(jobName="one-too-many")


def test_an_output_bucket_that_does_not_exist_fails_the_job_when_it_would_complete(batch):
    batch.put("input/calls.jsonl", records(MIN_RECORDS))
    arn = batch.bedrock.create_model_invocation_job(
        jobName="nowhere",
        roleArn=ROLE,
        modelId=CLAUDE,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": f"s3://{BUCKET}/input/"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://no-such-bucket/out/"}},
    )["jobArn"]
    batch.now[0] += 8
    job = batch.get(arn)
    assert job["status"] == "Failed" and "could not be written" in job["message"]
    assert batch.emulator.ledger.total_cost_usd == 0
