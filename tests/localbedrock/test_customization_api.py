"""Model customization jobs and custom models through boto3: AWS's names and ARNs, hyperparameter validation per
base model family, and the InProgress → Completed and Stopping → Stopped lifecycles on the accelerated clock."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

import localbedrock
from tests.localbedrock.kb_helpers import problems

HAIKU_FT = "anthropic.claude-3-haiku-20240307-v1:0:200k"
TITAN_EXPRESS = "amazon.titan-text-express-v1"
JOB = dict(
    roleArn="arn:aws:iam::123456789012:role/BedrockFineTuning",
    trainingDataConfig={"s3Uri": "s3://acme-finetune/train.jsonl"},
    outputDataConfig={"s3Uri": "s3://acme-finetune/output/"},
)


@pytest.fixture
def timed() -> Iterator[tuple[Any, list[float]]]:
    """A bedrock client, and the clock's time, which the test moves by hand (lifecycle of 10 s)."""
    with localbedrock.LocalBedrock(lifecycle_seconds=10) as emulator:
        client = boto3.client("bedrock", region_name="us-east-1")
        clock = emulator.service.customization_jobs("123456789012", "us-east-1").clock
        now = [clock.now()]
        clock.now = lambda: now[0]
        yield client, now


@pytest.fixture
def bedrock() -> Iterator[Any]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        yield boto3.client("bedrock", region_name="us-east-1")


def create(client: Any, name: str = "acme-style-1", model: str = "acme-haiku-style", **extra: Any) -> str:
    base = extra.pop("baseModelIdentifier", HAIKU_FT)
    return client.create_model_customization_job(
        jobName=name, customModelName=model, baseModelIdentifier=base, **JOB, **extra
    )["jobArn"]


def test_a_job_is_in_progress_then_completed_and_names_its_model_consistently(timed):
    client, now = timed
    arn = create(client, hyperParameters={"epochCount": "3", "batchSize": "8"})
    assert re.fullmatch(
        rf"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/{re.escape(HAIKU_FT)}/[a-z0-9]{{12}}", arn
    )
    running = client.get_model_customization_job(jobIdentifier=arn)
    assert problems("bedrock", "GetModelCustomizationJob", running) == []
    assert running["status"] == "InProgress" and "outputModelArn" not in running and "endTime" not in running
    assert running["outputModelName"] == "acme-haiku-style"
    assert client.get_custom_model(modelIdentifier="acme-haiku-style")["modelStatus"] == "Creating"

    now[0] += 10
    done = client.get_model_customization_job(jobIdentifier="acme-style-1")
    assert done["status"] == "Completed" and done["endTime"] > done["creationTime"]
    model = client.get_custom_model(modelIdentifier=done["outputModelArn"])
    assert problems("bedrock", "GetCustomModel", model) == []
    assert model["modelName"] == done["outputModelName"] and model["modelStatus"] == "Active"
    assert model["jobArn"] == arn and model["hyperParameters"] == {"epochCount": "3", "batchSize": "8"}


def test_a_stopped_job_is_stopping_then_stopped_and_its_model_failed(timed):
    client, now = timed
    arn = create(client)
    assert (
        problems("bedrock", "StopModelCustomizationJob", client.stop_model_customization_job(jobIdentifier=arn)) == []
    )
    assert client.get_model_customization_job(jobIdentifier=arn)["status"] == "Stopping"
    now[0] += 4
    stopped = client.get_model_customization_job(jobIdentifier=arn)
    assert stopped["status"] == "Stopped" and "outputModelArn" not in stopped
    assert client.get_custom_model(modelIdentifier="acme-haiku-style")["modelStatus"] == "Failed"
    with pytest.raises(client.exceptions.ValidationException):
        client.stop_model_customization_job(jobIdentifier=arn)


def test_list_jobs_and_models_match_the_service_model_and_filter(bedrock):
    create(bedrock, "style-a", "model-a")
    create(
        bedrock, "style-b", "model-b", baseModelIdentifier=TITAN_EXPRESS, hyperParameters={"learningRate": "0.00001"}
    )
    jobs = bedrock.list_model_customization_jobs()
    assert problems("bedrock", "ListModelCustomizationJobs", jobs) == []
    assert [j["jobName"] for j in jobs["modelCustomizationJobSummaries"]] == ["style-b", "style-a"]
    assert [
        j["jobName"] for j in bedrock.list_model_customization_jobs(nameContains="-a")["modelCustomizationJobSummaries"]
    ] == ["style-a"]
    models = bedrock.list_custom_models(sortOrder="Ascending")
    assert problems("bedrock", "ListCustomModels", models) == []
    assert [m["modelName"] for m in models["modelSummaries"]] == ["model-a", "model-b"]
    assert all(m["modelStatus"] == "Active" for m in models["modelSummaries"])


def test_a_deleted_custom_model_is_gone(bedrock):
    create(bedrock)
    bedrock.get_model_customization_job(jobIdentifier="acme-style-1")
    bedrock.delete_custom_model(modelIdentifier="acme-haiku-style")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier="acme-haiku-style")
    assert bedrock.list_custom_models()["modelSummaries"] == []


@pytest.mark.parametrize(
    ("base", "hyperparameters", "words"),
    [
        (HAIKU_FT, {"learningRate": "0.0001"}, "not supported"),
        (HAIKU_FT, {"epochCount": "11"}, "from 1 to 10"),
        (HAIKU_FT, {"batchSize": "2"}, "from 4 to 256"),
        (HAIKU_FT, {"learningRateMultiplier": "fast"}, "not a number"),
        (TITAN_EXPRESS, {"epochCount": "2.5"}, "an integer"),
        (TITAN_EXPRESS, {"learningRateMultiplier": "1"}, "not supported"),
        ("amazon.nova-micro-v1:0", {"epochCount": "6"}, "from 1 to 5"),
    ],
)
def test_hyperparameters_are_validated_per_base_model_family(bedrock, base, hyperparameters, words):
    with pytest.raises(ClientError) as excinfo:
        create(bedrock, baseModelIdentifier=base, hyperParameters=hyperparameters)
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    assert words in excinfo.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("base", "kind"),
    [("mistral.mistral-7b-instruct-v0:2", "FINE_TUNING"), (HAIKU_FT, "CONTINUED_PRE_TRAINING")],
)
def test_a_base_model_that_does_not_support_the_customization_is_refused(bedrock, base, kind):
    with pytest.raises(bedrock.exceptions.ValidationException):
        create(bedrock, baseModelIdentifier=base, customizationType=kind)


def test_job_and_model_names_are_unique(bedrock):
    create(bedrock)
    with pytest.raises(bedrock.exceptions.ConflictException):
        create(bedrock, model="another-model")
    with pytest.raises(bedrock.exceptions.ConflictException):
        create(bedrock, name="another-job")


def test_unknown_jobs_and_models_are_resource_not_found(bedrock):
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_model_customization_job(jobIdentifier="no-such-job")
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_custom_model(modelIdentifier="no-such-model")
