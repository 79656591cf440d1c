"""Over ``serve``, no client-side validation can be assumed: the emulator checks every request against botocore's
service model and answers as AWS does, with HTTP 400 and AWS's message shape.

The required members come from the service models: each one present in a valid request below is removed in turn
(a URI label is sent empty, the nearest a client gets to leaving it out) by a client whose own validation is off.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError
from botocore.model import ListShape, Shape, StructureShape
from kb_helpers import NOVA_LITE_ARN, OPENSEARCH, ROLE, VECTOR

from localbedrock.wire.shapes import service_model

NOVA = "amazon.nova-micro-v1:0"
MESSAGES = [{"role": "user", "content": [{"text": "Hi"}]}]
S3_DATA = {"type": "S3", "s3Configuration": {"bucketArn": "arn:aws:s3:::acme-docs"}}

# A valid request of each operation the fidelity checks measure (the resources need not exist: validation comes first).
VALID: dict[tuple[str, str], dict[str, Any]] = {
    ("bedrock-runtime", "Converse"): {"modelId": NOVA, "messages": MESSAGES},
    ("bedrock-runtime", "ConverseStream"): {"modelId": NOVA, "messages": MESSAGES},
    ("bedrock-runtime", "InvokeModel"): {
        "modelId": "amazon.titan-embed-text-v2:0",
        "body": json.dumps({"inputText": "Hi"}),
        "contentType": "application/json",
    },
    ("bedrock-runtime", "InvokeModelWithResponseStream"): {
        "modelId": "anthropic.claude-3-haiku-20240307-v1:0",
        "body": json.dumps({"anthropic_version": "bedrock-2023-05-31", "max_tokens": 20, "messages": MESSAGES}),
    },
    ("bedrock", "CreateModelCustomizationJob"): {
        "jobName": "house-style",
        "customModelName": "house-style-model",
        "roleArn": "arn:aws:iam::123456789012:role/BedrockFineTuning",
        "baseModelIdentifier": "amazon.titan-text-express-v1",
        "trainingDataConfig": {"s3Uri": "s3://acme-training/train.jsonl"},
        "outputDataConfig": {"s3Uri": "s3://acme-training/output/"},
        "hyperParameters": {"epochCount": "2"},
    },
    ("bedrock", "GetModelCustomizationJob"): {"jobIdentifier": "house-style"},
    ("bedrock", "CreateProvisionedModelThroughput"): {
        "modelUnits": 1,
        "provisionedModelName": "house-style-pt",
        "modelId": "arn:aws:bedrock:us-east-1:123456789012:custom-model/amazon.titan-text-express-v1:0:8k/abcdefghijkl",
    },
    ("bedrock", "ListFoundationModels"): {"byOutputModality": "TEXT"},
    ("bedrock-agent", "CreateKnowledgeBase"): {
        "name": "acme-kb",
        "roleArn": ROLE,
        "knowledgeBaseConfiguration": VECTOR,
        "storageConfiguration": OPENSEARCH,
    },
    ("bedrock-agent", "CreateDataSource"): {
        "knowledgeBaseId": "ABCDEFGHIJ",
        "name": "docs",
        "dataSourceConfiguration": S3_DATA,
    },
    ("bedrock-agent", "StartIngestionJob"): {"knowledgeBaseId": "ABCDEFGHIJ", "dataSourceId": "KLMNOPQRST"},
    ("bedrock-agent-runtime", "Retrieve"): {"knowledgeBaseId": "ABCDEFGHIJ", "retrievalQuery": {"text": "returns?"}},
    ("bedrock-agent-runtime", "RetrieveAndGenerate"): {
        "input": {"text": "returns?"},
        "retrieveAndGenerateConfiguration": {
            "type": "KNOWLEDGE_BASE",
            "knowledgeBaseConfiguration": {"knowledgeBaseId": "ABCDEFGHIJ", "modelArn": NOVA_LITE_ARN},
        },
    },
}


def _required_paths(value: Any, shape: Shape, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every required member of ``shape`` the value holds, as a path of keys and list indexes."""
    if isinstance(shape, StructureShape) and isinstance(value, dict):
        for name in shape.required_members:
            if name in value:
                yield (*path, name)
        for name, member in shape.members.items():
            if name in value:
                yield from _required_paths(value[name], member, (*path, name))
    elif isinstance(shape, ListShape) and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _required_paths(item, shape.member, (*path, i))


def _aws_path(path: tuple[Any, ...]) -> str:
    """AWS's name for a member path: list items are ``name.1.member`` (from 1)."""
    return ".".join(f"{key + 1}.member" if isinstance(key, int) else key for key in path)


def _removable(service: str, operation: str, path: tuple[Any, ...]) -> bool:
    """Whether a client can leave the member out: a URI label at the end of the path cannot (the path would then
    name another operation, as ``/model-customization-jobs/`` names ListModelCustomizationJobs)."""
    model = service_model(service).operation_model(operation)
    member = model.input_shape.members[path[0]]
    if len(path) > 1 or member.serialization.get("location") != "uri":
        return True
    label = "{" + member.serialization["name"] + "}"
    return not model.http["requestUri"].split("?")[0].rstrip("/").endswith(label)


def _cases() -> list[Any]:
    return [
        pytest.param(service, operation, path, id=f"{operation}-{_aws_path(path)}")
        for (service, operation), request in VALID.items()
        for path in _required_paths(request, service_model(service).operation_model(operation).input_shape)
        if _removable(service, operation, path)
    ]


def _without(request: dict[str, Any], path: tuple[Any, ...], operation_input: Shape) -> dict[str, Any]:
    """A deep copy of ``request`` with the member at ``path`` removed (a URI label made empty instead)."""
    copy = json.loads(json.dumps(request))
    parent = copy
    for key in path[:-1]:
        parent = parent[key]
    member = operation_input.members.get(path[0]) if len(path) == 1 else None
    if member is not None and member.serialization.get("location") == "uri":
        parent[path[-1]] = ""
    else:
        del parent[path[-1]]
    return copy


@pytest.fixture(scope="module")
def unvalidated(endpoint: str) -> Any:
    """Clients that send whatever they are given: boto3 with its parameter validation off."""
    config = Config(parameter_validation=False, retries={"max_attempts": 1})

    def make(service: str) -> Any:
        return boto3.client(
            service,
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
            config=config,
        )

    return make


def _call(client: Any, operation: str, request: dict[str, Any]) -> ClientError:
    method = getattr(client, xform_name(operation))
    with pytest.raises(ClientError) as raised:
        result = method(**request)
        for _ in result.get("stream") or result.get("body") or ():  # a stream's error may come with its events
            pass
    return raised.value


def test_every_measured_operation_has_required_members_to_remove():
    operations = {case.values[1] for case in _cases()}
    # ListFoundationModels has no required member, GetModelCustomizationJob only the label that ends its path
    assert operations == {operation for _, operation in VALID} - {"ListFoundationModels", "GetModelCustomizationJob"}


@pytest.mark.parametrize(("service", "operation", "path"), _cases())
def test_a_missing_required_member_is_a_400_validation_exception(unvalidated, service, operation, path):
    shape = service_model(service).operation_model(operation).input_shape
    error = _call(unvalidated(service), operation, _without(VALID[service, operation], path, shape))
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["Error"]["Code"] == "ValidationException"
    assert error.response["Error"]["Message"] == (
        f"1 validation error detected: Value null at '{_aws_path(path)}' failed to satisfy constraint: "
        "Member must not be null"
    )


@pytest.mark.parametrize(
    ("service", "operation", "change", "message"),
    [
        (
            "bedrock-runtime",
            "Converse",
            {"inferenceConfig": {"maxTokens": 0}},
            "Value '0' at 'inferenceConfig.maxTokens' failed to satisfy constraint: "
            "Member must have value greater than or equal to 1",
        ),
        (
            "bedrock-runtime",
            "Converse",
            {"messages": [{"role": "bot", "content": [{"text": "Hi"}]}]},
            "Value 'bot' at 'messages.1.member.role' failed to satisfy constraint: "
            "Member must satisfy enum value set: [user, assistant, system]",
        ),
        (
            "bedrock-runtime",
            "Converse",
            {"system": [{"text": ""}]},
            "Value '' at 'system.1.member.text' failed to satisfy constraint: "
            "Member must have length greater than or equal to 1",
        ),
        (
            "bedrock",
            "ListFoundationModels",
            {"byOutputModality": "SMELL"},
            "Value 'SMELL' at 'byOutputModality' failed to satisfy constraint: "
            "Member must satisfy enum value set: [TEXT, IMAGE, EMBEDDING]",
        ),
        (
            "bedrock-agent-runtime",
            "Retrieve",
            {"retrievalConfiguration": {"vectorSearchConfiguration": {"numberOfResults": 101}}},
            "Value '101' at 'retrievalConfiguration.vectorSearchConfiguration.numberOfResults' failed to satisfy "
            "constraint: Member must have value less than or equal to 100",
        ),
    ],
)
def test_other_constraints_of_the_model_are_400_validation_exceptions(unvalidated, service, operation, change, message):
    error = _call(unvalidated(service), operation, {**VALID[service, operation], **change})
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["Error"]["Code"] == "ValidationException"
    assert error.response["Error"]["Message"] == f"1 validation error detected: {message}"


def test_a_member_of_the_wrong_type_is_a_serialization_exception(endpoint):
    request = urllib.request.Request(
        f"{endpoint}/model/{NOVA}/converse",
        data=json.dumps({"messages": "Hi"}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(request, timeout=30)
    assert raised.value.code == 400
    assert raised.value.headers["x-amzn-ErrorType"] == "SerializationException"
    assert "Converse" in json.loads(raised.value.read())["message"]


def _served_with_required_members() -> list[Any]:
    """Every operation the emulator serves whose input has required members a client can leave out."""
    from localbedrock.coverage import coverage

    cases = []
    for service, operations in coverage().items():
        for operation, who in operations.items():
            shape = service_model(service).operation_model(operation).input_shape
            if who is None or shape is None:
                continue
            omissible = [
                name for name in shape.required_members if shape.members[name].serialization.get("location") != "uri"
            ]
            if omissible:
                cases.append(pytest.param(service, operation, omissible, id=f"{service}-{operation}"))
    return cases


@pytest.mark.parametrize(("service", "operation", "omitted"), _served_with_required_members())
def test_every_served_operation_names_each_missing_member(unvalidated, service, operation, omitted):
    shape = service_model(service).operation_model(operation).input_shape
    labels = {
        name: "ABCDEFGHIJ"
        for name, member in shape.members.items()
        if member.serialization.get("location") == "uri" and name in shape.required_members
    }
    error = _call(unvalidated(service), operation, labels)
    assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    assert error.response["Error"]["Code"] == "ValidationException"
    message = error.response["Error"]["Message"]
    assert re.match(r"\d+ validation errors? detected: ", message)
    for name in omitted:
        assert f"Value null at '{name}' failed to satisfy constraint: Member must not be null" in message
