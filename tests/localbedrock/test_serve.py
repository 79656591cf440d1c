"""``localbedrock serve``: the emulator over HTTP for clients that take an endpoint URL."""

from __future__ import annotations

import pytest
from bedrock_helpers import NOVA_MICRO, user

from localbedrock.server import aws_host


def test_converse_over_http(http_client):
    response = http_client("bedrock-runtime", "eu-west-1").converse(
        modelId=NOVA_MICRO, messages=user("What is the capital of France?")
    )
    assert response["output"]["message"]["content"][0]["text"] == "The capital of France is Paris."


def test_converse_stream_over_http(http_client):
    events = list(
        http_client("bedrock-runtime", "eu-west-1").converse_stream(modelId=NOVA_MICRO, messages=user("Hi"))["stream"]
    )
    assert next(iter(events[0])) == "messageStart" and "metadata" in events[-1]


def test_errors_over_http_are_modelled_exceptions(http_client):
    runtime = http_client("bedrock-runtime", "eu-west-1")
    with pytest.raises(runtime.exceptions.ValidationException):
        runtime.converse(modelId="acme.none-v1", messages=user("Hi"))


def test_control_plane_and_s3_over_http(http_client):
    assert http_client("bedrock", "eu-west-1").list_foundation_models()["modelSummaries"]
    s3 = http_client("s3", "eu-west-1")
    s3.create_bucket(Bucket="served", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    s3.put_object(Bucket="served", Key="k", Body=b"v")
    assert s3.get_object(Bucket="served", Key="k")["Body"].read() == b"v"


@pytest.mark.parametrize(
    ("authorization", "method", "path", "host"),
    [
        (
            "Credential=x/20260101/eu-west-1/bedrock/aws4_request",
            "POST",
            "/model/m/converse",
            "bedrock-runtime.eu-west-1.amazonaws.com",
        ),
        (
            "Credential=x/20260101/eu-west-1/bedrock/aws4_request",
            "GET",
            "/foundation-models",
            "bedrock.eu-west-1.amazonaws.com",
        ),
        ("Credential=x/20260101/us-east-1/iam/aws4_request", "POST", "/", "iam.amazonaws.com"),
        ("", "POST", "/model/m/invoke", "bedrock-runtime.us-east-1.amazonaws.com"),
    ],
)
def test_requests_are_routed_by_their_signing_scope(authorization, method, path, host):
    assert aws_host(authorization, path, method) == host


def test_head_object_reports_the_object_size(http_client):
    s3 = http_client("s3")
    s3.create_bucket(Bucket="sized")
    s3.put_object(Bucket="sized", Key="k", Body=b"12345")
    assert s3.head_object(Bucket="sized", Key="k")["ContentLength"] == 5
