"""The moto integration points localbedrock relies on. If a moto upgrade breaks one, these fail first and say which.

See localbedrock/wire/install.py: handlers are methods named after operations on moto's response classes, results
are ``ActionResult`` dicts that moto serialises from botocore's output shapes (event streams included), and errors
are ``ServiceException`` subclasses whose ``code`` names an exception shape.
"""

from __future__ import annotations

from importlib.metadata import version

import boto3
import pytest
from moto import mock_aws
from moto.bedrock.responses import BedrockResponse
from moto.bedrockruntime.responses import BedrockRuntimeResponse
from moto.core.responses import ActionResult

from localbedrock.wire.errors import WireError


def test_moto_is_the_pinned_minor_version():
    assert version("moto").startswith("5.2."), "localbedrock is tested against moto 5.2.x; re-run this suite"


def test_moto_dispatches_an_operation_to_the_method_named_after_it(monkeypatch):
    def converse(self):
        return ActionResult(
            {
                "output": {"message": {"role": "assistant", "content": [{"text": "ok"}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": 1, "outputTokens": 1, "totalTokens": 2},
                "metrics": {"latencyMs": 1},
            }
        )

    monkeypatch.setattr(BedrockRuntimeResponse, "converse", converse, raising=False)
    with mock_aws():
        client = boto3.client("bedrock-runtime", region_name="eu-west-1")
        response = client.converse(modelId="m.m", messages=[{"role": "user", "content": [{"text": "hi"}]}])
    assert response["output"]["message"]["content"][0]["text"] == "ok"


def test_moto_serialises_an_event_stream_result(monkeypatch):
    events = [
        {"messageStart": {"role": "assistant"}},
        {"contentBlockDelta": {"delta": {"text": "ok"}, "contentBlockIndex": 0}},
        {"messageStop": {"stopReason": "end_turn"}},
    ]
    monkeypatch.setattr(
        BedrockRuntimeResponse, "converse_stream", lambda self: ActionResult({"stream": events}), raising=False
    )
    with mock_aws():
        client = boto3.client("bedrock-runtime", region_name="us-east-1")
        response = client.converse_stream(modelId="m.m", messages=[{"role": "user", "content": [{"text": "x"}]}])
        received = list(response["stream"])
    assert received == events


def test_a_service_exception_code_arrives_as_the_modelled_client_exception(monkeypatch):
    def converse(self):
        raise WireError("ThrottlingException", "slow down")

    monkeypatch.setattr(BedrockRuntimeResponse, "converse", converse, raising=False)
    with mock_aws():
        client = boto3.client(
            "bedrock-runtime", region_name="us-east-1", config=boto3.session.Config(retries={"max_attempts": 1})
        )
        with pytest.raises(client.exceptions.ThrottlingException, match="slow down"):
            client.converse(modelId="m.m", messages=[{"role": "user", "content": [{"text": "x"}]}])


def test_moto_parses_rest_json_parameters_for_bedrock_runtime():
    assert BedrockRuntimeResponse().automated_parameter_parsing is True


def test_moto_bedrock_response_exposes_querystring_and_path():
    response = BedrockResponse()
    assert hasattr(response, "setup_class")
    assert "list_foundation_models" not in vars(BedrockResponse), "moto now implements it: review control.py"


def test_moto_lets_a_response_class_keep_the_raw_request_body():
    import inspect

    assert "use_raw_body" in inspect.signature(BedrockRuntimeResponse.setup_class).parameters


def test_moto_routes_a_prepared_request_by_url_for_serve():
    # localbedrock/wire/gateway.py hands each HTTP request to this method, as moto's own stub does for boto3.
    from botocore.awsrequest import AWSPreparedRequest
    from moto.core.botocore_stubber import BotocoreStubber

    with mock_aws():
        request = AWSPreparedRequest(
            method="GET", url="https://s3.us-east-1.amazonaws.com/", headers={}, body=b"", stream_output=False
        )
        status, _, _ = BotocoreStubber().process_request(request)
    assert status == 200


def test_moto_changes_a_body_only_through_its_request_id_tag_when_it_enriches_a_response():
    # localbedrock/wire/install.py's _enrich_lean hands moto's _enrich_response an empty body when the body holds no
    # <RequestId> tag: the same result only while moto touches a body through that tag alone.
    from moto.core.responses import BaseResponse

    body = '{"text": "no tag here", "values": [0.1, 0.2]}'
    headers, same = BaseResponse._enrich_response({"status": 200}, body)
    assert same == body and headers["status"] == "200" and len(headers) > 1  # the request id, in a header
    _, xml = BaseResponse._enrich_response({}, "<RequestId>old</RequestId>")
    assert xml != "<RequestId>old</RequestId>"


def test_moto_serialises_rest_json_with_the_serialiser_the_lean_writer_mirrors():
    # localbedrock/wire/lean.py writes what RestJSONSerializer writes; it checks for this class before it writes.
    from moto.core.serialize import RestJSONSerializer, get_serializer_class

    assert get_serializer_class("bedrock-runtime", "rest-json") is RestJSONSerializer
    assert RestJSONSerializer.DEFAULT_TIMESTAMP_FORMAT == "unixtimestamp"
    assert RestJSONSerializer.CONTENT_TYPE == "application/json"


@pytest.mark.parametrize("service", ["bedrock-runtime", "bedrock", "bedrock-agent", "bedrock-agent-runtime"])
def test_the_model_the_emulator_checks_with_is_botocores_parsed_once(service):
    # localbedrock.wire.shapes builds botocore's model on the description moto has parsed: it must be the one a
    # botocore session loads, and moto's own object (so the JSON is read once per process).
    from botocore.session import get_session
    from moto.core.utils import get_service_model

    from localbedrock.wire.shapes import service_model

    ours, botocores = service_model(service), get_session().get_service_model(service)
    assert ours._service_description == botocores._service_description
    assert ours._service_description is get_service_model(service)._service_description
    assert ours.operation_names == botocores.operation_names
