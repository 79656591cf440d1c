"""The direct route (localbedrock/wire/direct.py) reads a request as moto would and is really taken.

test_lean_wire.py compares whole responses on both paths; here: the path labels of every operation localbedrock
serves, read by the route's pattern, are the ones moto's router reads; the common operations take the route; an
operation moto serves itself, a request it cannot take and the switch all leave the request to moto.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import boto3
import pytest
from botocore.session import get_session
from botocore.utils import percent_encode
from kb_helpers import create_data_source, create_kb, ingest, put_corpus
from moto.core.request import Request, normalize_request
from moto.core.routing import get_service_router

import localbedrock
from localbedrock.wire import direct, lean
from localbedrock.wire.install import BEDROCK_SERVICES, provider

QUESTION = [{"role": "user", "content": [{"text": "What is the capital of France?"}]}]
# Label values a client sends: an ARN (colons, a slash), a plain id, and characters that must be percent-encoded.
LABEL_VALUES = (
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
    "KB12345678",
    "a b/c%d+e~f",
)


def _operations() -> Iterator[tuple[str, str]]:
    session = get_session()
    for service in BEDROCK_SERVICES:
        model = session.get_service_model(service)
        for operation in model.operation_names:
            if provider(service, operation) == "localbedrock":
                yield service, operation


def _url(service: str, model: Any, value: str) -> str:
    """The URL botocore would send with every path label set to ``value`` (its encoding: greedy labels keep /) and
    the operation's required query members."""
    path = model.http["requestUri"].split("?", 1)[0]
    while "{" in path:
        start, end = path.index("{"), path.index("}")
        label = path[start + 1 : end]
        encoded = percent_encode(value, safe="/~") if label.endswith("+") else percent_encode(value)
        path = path[:start] + encoded + path[end + 1 :]
    shape = model.input_shape
    query = [
        f"{member.serialization.get('name', name)}=x"
        for name, member in (shape.members.items() if shape else ())
        if member.serialization.get("location") == "querystring" and name in shape.required_members
    ]
    return f"https://{service}.us-east-1.amazonaws.com{path}" + ("?" + "&".join(query) if query else "")


OPERATIONS = sorted(_operations())


def test_localbedrock_serves_operations_of_every_bedrock_service():
    assert {service for service, _ in OPERATIONS} == set(BEDROCK_SERVICES)


@pytest.mark.parametrize(("service", "operation"), OPERATIONS)
def test_path_labels_are_read_as_moto_reads_them(service, operation):
    model = get_session().get_service_model(service).operation_model(operation)
    route = direct._route(service, operation)
    assert route is not None
    for value in LABEL_VALUES:
        url = _url(service, model, value)
        moto_request = Request.from_primitives(model.http["method"], url, {"Content-Type": "application/json"}, b"{}")
        found, moto_labels = get_service_router(service).match(moto_request)
        match = route.pattern.fullmatch(moto_request.raw_path)
        assert match is not None, url
        assert found.name == operation, url  # moto's router finds the operation botocore names
        assert direct._labels(match) == moto_labels, url


def test_an_operation_moto_serves_itself_is_left_to_moto():
    served_by_moto = [
        (service, operation)
        for service in BEDROCK_SERVICES
        for operation in get_session().get_service_model(service).operation_names
        if provider(service, operation) == "moto"
    ]
    assert served_by_moto  # the emulator leaves some operations to moto (the agents' own)
    for service, operation in served_by_moto:
        assert direct._route(service, operation) is None


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[dict[str, Any], list[str]]]:
    """Clients of a running emulator, and the operations the direct route answered."""
    answered: list[str] = []
    serve = direct.serve

    def counting(request: Any, service: str, operation: str) -> Any:
        answer = serve(request, service, operation)
        if answer is not None:
            answered.append(operation)
        return answer

    monkeypatch.setattr(direct, "serve", counting)
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        clients = {
            name: boto3.client(name, region_name="us-east-1")
            for name in ("bedrock-runtime", "bedrock", "bedrock-agent", "bedrock-agent-runtime", "s3")
        }
        yield clients, answered
    lean.ENABLED = True


def test_the_common_operations_take_the_direct_route(served):
    clients, answered = served
    runtime, control, agent = clients["bedrock-runtime"], clients["bedrock"], clients["bedrock-agent"]
    runtime.converse(modelId="amazon.nova-lite-v1:0", messages=QUESTION)
    runtime.invoke_model(modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": "A damaged tent."}))
    control.list_foundation_models(byProvider="Amazon")
    put_corpus(clients["s3"])
    kb_id = create_kb(agent)
    ingest(agent, kb_id, create_data_source(agent, kb_id))
    clients["bedrock-agent-runtime"].retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": "kettle price"})
    with pytest.raises(runtime.exceptions.ValidationException):
        runtime.converse(modelId="no-such-model", messages=QUESTION)
    for operation in (
        "Converse",
        "InvokeModel",
        "ListFoundationModels",
        "CreateKnowledgeBase",
        "StartIngestionJob",
        "Retrieve",
    ):
        assert operation in answered
    assert answered.count("Converse") == 2  # the error too
    assert "PutObject" not in answered  # S3 is moto's


def test_switched_off_nothing_takes_the_direct_route(served):
    clients, answered = served
    lean.ENABLED = False
    clients["bedrock-runtime"].converse(modelId="amazon.nova-lite-v1:0", messages=QUESTION)
    clients["bedrock"].list_foundation_models()
    assert answered == []


def test_a_request_the_route_cannot_take_goes_to_moto(served, monkeypatch):
    clients, answered = served
    monkeypatch.setattr(direct, "usable", lambda request: False)
    reply = clients["bedrock-runtime"].converse(modelId="amazon.nova-lite-v1:0", messages=QUESTION)
    assert reply["output"]["message"]["content"][0]["text"]
    assert answered == []


def test_the_route_fills_a_response_object_as_moto_setup_class_does(served, monkeypatch):
    # A moto upgrade that sets something new (or something else) in setup_class fails here first.
    clients, _ = served
    seen: list[tuple[Any, str, str]] = []
    serve = direct.serve

    def keeping(request: Any, service: str, operation: str) -> Any:
        seen.append((request, service, operation))
        return serve(request, service, operation)

    monkeypatch.setattr(direct, "serve", keeping)
    runtime, control = clients["bedrock-runtime"], clients["bedrock"]
    runtime.converse(modelId="amazon.nova-lite-v1:0", messages=QUESTION)
    runtime.invoke_model(modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": "x&Action=Tag=1"}))
    control.list_foundation_models(byProvider="Amazon")
    control.get_foundation_model(modelIdentifier="amazon.nova-lite-v1:0")
    put_corpus(clients["s3"])
    kb_id = create_kb(clients["bedrock-agent"])
    clients["bedrock-agent-runtime"].retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": "kettle price"})
    assert [operation for _, _, operation in seen] == [
        "Converse",
        "InvokeModel",
        "ListFoundationModels",
        "GetFoundationModel",
        "CreateKnowledgeBase",
        "Retrieve",
    ]
    for request, service, operation in seen:
        response_class = direct._SERVICES[service][0]
        theirs = response_class()
        theirs.setup_class(normalize_request(request))
        assert theirs._get_action() == operation  # moto's router; it also sets uri_match (call_action asks it first)
        ours = response_class()
        url = urlparse(request.url)
        labels = direct._labels(direct._route(service, operation).pattern.fullmatch(url.path))
        direct._fill(ours, request, url, labels, operation)
        left, right = vars(theirs), vars(ours)
        assert set(left) - {direct.ACTION} == set(right) - {direct.ACTION}, operation
        for name in set(left) - {direct.ACTION, "normalized_request", "headers", "response_headers"}:
            assert left[name] == right[name], (operation, name)
        assert dict(left["headers"]) == dict(right["headers"]), operation
        assert list(left["response_headers"]) == list(right["response_headers"]), operation
