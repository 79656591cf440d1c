"""A model past its end of life is refused where AWS retired it and served where AWS still serves it: Claude 3 Haiku
(end of life 2026-09-10, still served in ca-central-1, eu-central-2, sa-east-1 and ap-northeast-2) on every
operation that names a model, decided on the catalogue's date rather than the wall clock."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import boto3
import pytest
from bedrock_helpers import HAIKU, HAIKU_REGIONS, invoke, reply_text, stream_chunks, user
from botocore.exceptions import ClientError

import localbedrock
from localbedrock.catalog import CATALOG, CATALOGUE_AS_OF

RETIRED = "This model version has reached the end of its life."
REFUSING = ("us-east-1", "us-west-2", "eu-west-1", "ap-northeast-1")
ANTHROPIC_BODY = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": user("Hi")}
ROLE = "arn:aws:iam::123456789012:role/Bedrock"


@pytest.fixture(autouse=True)
def emulator():
    with localbedrock.LocalBedrock(lifecycle_seconds=0) as activation:
        yield activation


def runtime(region: str) -> Any:
    return boto3.client("bedrock-runtime", region_name=region)


def control(region: str) -> Any:
    return boto3.client("bedrock", region_name=region)


def batch_job(region: str) -> Any:
    return control(region).create_model_invocation_job(
        jobName="retired-batch",
        roleArn=ROLE,
        modelId=HAIKU,
        inputDataConfig={"s3InputDataConfig": {"s3Uri": "s3://batch-in/records.jsonl"}},
        outputDataConfig={"s3OutputDataConfig": {"s3Uri": "s3://batch-out/"}},
    )


def customization_job(region: str) -> Any:
    return control(region).create_model_customization_job(
        jobName="retired-tuning",
        customModelName="retired-tuning",
        roleArn=ROLE,
        baseModelIdentifier=f"{HAIKU}:200k",
        trainingDataConfig={"s3Uri": "s3://tuning/train.jsonl"},
        outputDataConfig={"s3Uri": "s3://tuning/output/"},
    )


CALLS = {
    "Converse": lambda region: runtime(region).converse(modelId=HAIKU, messages=user("Hi")),
    "ConverseStream": lambda region: list(
        runtime(region).converse_stream(modelId=HAIKU, messages=user("Hi"))["stream"]
    ),
    "InvokeModel": lambda region: invoke(runtime(region), HAIKU, ANTHROPIC_BODY),
    "InvokeModelWithResponseStream": lambda region: stream_chunks(runtime(region), HAIKU, ANTHROPIC_BODY),
    "CountTokens": lambda region: runtime(region).count_tokens(
        modelId=HAIKU, input={"converse": {"messages": user("Hi")}}
    ),
    "CreateModelInvocationJob": batch_job,
    "CreateModelCustomizationJob": customization_job,
    "CreateInferenceProfile": lambda region: control(region).create_inference_profile(
        inferenceProfileName="retired-app",
        modelSource={"copyFrom": f"arn:aws:bedrock:{region}::foundation-model/{HAIKU}"},
    ),
    "GetFoundationModel": lambda region: control(region).get_foundation_model(modelIdentifier=HAIKU),
}


@pytest.mark.parametrize("region", REFUSING)
@pytest.mark.parametrize("operation", sorted(CALLS))
def test_claude_3_haiku_is_refused_where_aws_retired_it(operation, region):
    with pytest.raises(ClientError) as excinfo:
        CALLS[operation](region)
    error = excinfo.value.response["Error"]
    assert error["Code"] == "ResourceNotFoundException"
    if operation != "GetFoundationModel":
        assert error["Message"] == RETIRED


@pytest.mark.parametrize("region", HAIKU_REGIONS)
def test_claude_3_haiku_is_still_served_and_listed_as_legacy_where_aws_serves_it(region):
    assert reply_text(runtime(region).converse(modelId=HAIKU, messages=user("What is the capital of France?")))
    assert "".join(json.dumps(c) for c in stream_chunks(runtime(region), HAIKU, ANTHROPIC_BODY))
    listed = {m["modelId"]: m for m in control(region).list_foundation_models()["modelSummaries"]}
    assert listed[HAIKU]["modelLifecycle"]["status"] == "LEGACY"
    assert control(region).get_foundation_model(modelIdentifier=HAIKU)["modelDetails"]["modelId"] == HAIKU


@pytest.mark.parametrize("region", REFUSING)
def test_a_retired_model_leaves_the_listings_of_the_regions_that_retired_it(region):
    listed = {m["modelId"] for m in control(region).list_foundation_models()["modelSummaries"]}
    assert HAIKU not in listed and "amazon.nova-micro-v1:0" in listed
    profiles = control(region).list_inference_profiles()["inferenceProfileSummaries"]
    assert not [p for p in profiles if p["inferenceProfileId"].endswith(HAIKU)]


def test_claude_3_haiku_profiles_route_to_no_region_that_still_serves_it():
    with pytest.raises(ClientError, match="reached the end of its life"):
        runtime("us-east-1").converse(modelId=f"us.{HAIKU}", messages=user("Hi"))


def test_counting_claude_3_haiku_where_it_is_served_is_refused_as_aws_does_for_a_model_it_does_not_count():
    with pytest.raises(runtime("ca-central-1").exceptions.ValidationException):
        runtime("ca-central-1").count_tokens(modelId=HAIKU, input={"converse": {"messages": user("Hi")}})


def test_claude_3_5_haiku_is_retired_in_every_region():
    for region in ("us-east-1", *HAIKU_REGIONS):
        with pytest.raises(ClientError, match="reached the end of its life"):
            runtime(region).converse(modelId="anthropic.claude-3-5-haiku-20241022-v1:0", messages=user("Hi"))


def test_retirement_is_decided_on_the_catalogue_date_not_the_wall_clock():
    haiku = CATALOG[HAIKU]
    assert date(2026, 12, 5) == CATALOGUE_AS_OF and haiku.end_of_life == date(2026, 9, 10)
    assert not haiku.retired_in("us-east-1", on=date(2026, 9, 9))
    assert haiku.retired_in("us-east-1", on=date(2026, 9, 10))
    assert not haiku.retired_in("sa-east-1", on=date(2026, 9, 10))
    assert not any(CATALOG[m].retired_in("us-east-1") for m in ("amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0"))
