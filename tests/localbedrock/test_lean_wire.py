"""The lean wire path (localbedrock/wire/lean.py) answers exactly as moto's generic machinery does.

Every call below is made twice on the same emulator state, with the lean path off and on: the raw HTTP response
(status, header names in order and their values, body bytes) and the response boto3 parses must be the same, but for
the request id and the date, which differ from call to call on either path. Errors are compared the same way.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from kb_helpers import NOVA_LITE_ARN, create_data_source, create_kb, ingest, put_corpus
from moto.core.botocore_stubber import BotocoreStubber

import localbedrock
from localbedrock.wire import agent_runtime, direct, jsonbody, lean

VARYING = ("date", "x-amzn-requestid")
QUESTION = [{"role": "user", "content": [{"text": "What is the capital of France?"}]}]
CLAUDE = "us.anthropic.claude-haiku-4-5-20251001-v1:0"
CLAUDE_BODY = json.dumps(
    {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 200, "messages": [{"role": "user", "content": "Hi"}]}
)


class Wire:
    """The raw (status, headers, body) of the last response moto, the direct route or the agent-runtime hook gave."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.last: tuple[int, list[tuple[str, str]], bytes] | None = None
        moto_process = BotocoreStubber.process_request
        runtime_dispatch = agent_runtime.dispatch
        direct_serve = direct.serve

        def process_request(stubber: Any, request: Any) -> Any:
            return self._keep(moto_process(stubber, request))

        def dispatch(request: Any) -> Any:
            return self._keep(runtime_dispatch(request))

        def serve(request: Any, service: str, operation: str) -> Any:
            return self._keep(direct_serve(request, service, operation))

        monkeypatch.setattr(BotocoreStubber, "process_request", process_request)
        monkeypatch.setattr(agent_runtime, "dispatch", dispatch)
        monkeypatch.setattr(direct, "serve", serve)

    def _keep(self, answer: Any) -> Any:
        if answer is not None:
            status, headers, body = answer
            shown = [(k, "<varies>" if k.lower() in VARYING else str(v)) for k, v in headers.items()]
            self.last = (status, shown, body.encode() if isinstance(body, str) else bytes(body or b""))
        return answer


def _parsed(call: Callable[[], Any]) -> Any:
    """What boto3 gives for ``call``: the response (streams read) or the error response, without varying values."""
    try:
        response = call()
    except ClientError as error:
        response = {"error": copy.deepcopy(error.response)}
    response = dict(response)
    for name in ("body", "stream"):
        if name in response and hasattr(response[name], "read"):
            response[name] = response[name].read()
        elif name in response:
            response[name] = list(response[name])
    metadata = (response.get("error") or response).get("ResponseMetadata", {})
    metadata.pop("RequestId", None)
    for header in VARYING:
        metadata.get("HTTPHeaders", {}).pop(header, None)
    return response


def assert_same(wire: Wire, call: Callable[[], Any]) -> Any:
    seen = {}
    for on in (False, True):
        lean.ENABLED = on
        wire.last = None
        parsed = _parsed(call)
        seen[on] = (wire.last, parsed)
    lean.ENABLED = True
    assert seen[True][0] is not None, "no raw response was seen"
    assert seen[True][0] == seen[False][0]
    assert seen[True][1] == seen[False][1]
    return seen[True][1]


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Any]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        clients = {
            name: boto3.client(name, region_name="us-east-1")
            for name in ("bedrock-runtime", "bedrock", "bedrock-agent", "bedrock-agent-runtime", "s3")
        }
        yield {**clients, "wire": Wire(monkeypatch)}
    lean.ENABLED = True


@pytest.fixture
def kb(aws: dict[str, Any]) -> tuple[str, str, str]:
    agent = aws["bedrock-agent"]
    put_corpus(aws["s3"])
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    job = ingest(agent, kb_id, ds_id)
    assert job["status"] == "COMPLETE"
    return kb_id, ds_id, job["ingestionJobId"]


def test_runtime_operations_answer_the_same_on_both_paths(aws):
    runtime, wire = aws["bedrock-runtime"], aws["wire"]
    calls: list[Callable[[], Any]] = [
        lambda: runtime.converse(modelId="amazon.nova-lite-v1:0", messages=QUESTION),
        lambda: runtime.converse(
            modelId=CLAUDE,
            system=[{"text": "Answer briefly."}],
            messages=QUESTION,
            inferenceConfig={"maxTokens": 5, "temperature": 0.0},
        ),
        lambda: runtime.converse(
            modelId="amazon.nova-lite-v1:0",
            messages=QUESTION,
            toolConfig={
                "tools": [
                    {
                        "toolSpec": {
                            "name": "capital",
                            "description": "The capital of a country.",
                            "inputSchema": {"json": {"type": "object", "properties": {"country": {"type": "string"}}}},
                        }
                    }
                ],
                "toolChoice": {"any": {}},
            },
        ),
        lambda: runtime.converse_stream(modelId="amazon.nova-lite-v1:0", messages=QUESTION),
        lambda: runtime.invoke_model(modelId=CLAUDE, body=CLAUDE_BODY),
        lambda: runtime.invoke_model(
            modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": "A damaged tent.", "dimensions": 256})
        ),
        lambda: runtime.invoke_model(modelId="cohere.embed-english-v3", body=json.dumps({"texts": ["a", "b"]})),
        lambda: runtime.invoke_model_with_response_stream(modelId=CLAUDE, body=CLAUDE_BODY),
        lambda: runtime.count_tokens(
            modelId="anthropic.claude-haiku-4-5-20251001-v1:0", input={"converse": {"messages": QUESTION}}
        ),
        lambda: runtime.count_tokens(
            modelId="anthropic.claude-haiku-4-5-20251001-v1:0", input={"invokeModel": {"body": CLAUDE_BODY}}
        ),
        # errors: an unknown model, a body the model cannot read, a constraint botocore leaves to the service
        lambda: runtime.converse(modelId="acme.nothing-v1:0", messages=QUESTION),
        lambda: runtime.invoke_model(modelId=CLAUDE, body=b"not json"),
        lambda: runtime.invoke_model(modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": ""})),
        lambda: runtime.converse(modelId="amazon.nova-lite-v1:0", messages=[{"role": "user", "content": []}]),
        lambda: runtime.count_tokens(modelId=CLAUDE, input={"converse": {"messages": QUESTION}}),
    ]
    for call in calls:
        assert_same(wire, call)


def test_control_plane_answers_the_same_on_both_paths(aws):
    control, wire = aws["bedrock"], aws["wire"]
    guardrail = control.create_guardrail(
        name="g",
        blockedInputMessaging="Blocked.",
        blockedOutputsMessaging="Blocked.",
        wordPolicyConfig={"wordsConfig": [{"text": "Globex"}]},
    )["guardrailId"]
    calls: list[Callable[[], Any]] = [
        lambda: control.list_foundation_models(),
        lambda: control.list_foundation_models(byOutputModality="EMBEDDING"),
        lambda: control.get_foundation_model(modelIdentifier="amazon.nova-lite-v1:0"),
        lambda: control.get_foundation_model(modelIdentifier="acme.nothing-v1"),
        lambda: control.list_inference_profiles(maxResults=2),
        lambda: control.list_inference_profiles(maxResults=2, nextToken="2"),
        lambda: control.list_inference_profiles(nextToken="not a token"),
        lambda: control.get_guardrail(guardrailIdentifier=guardrail),
        lambda: control.list_guardrails(),
        lambda: aws["bedrock-runtime"].apply_guardrail(
            guardrailIdentifier=guardrail,
            guardrailVersion="DRAFT",
            source="INPUT",
            content=[{"text": {"text": "Tell me about Globex."}}],
        ),
        lambda: aws["bedrock-runtime"].converse(
            modelId="amazon.nova-lite-v1:0",
            messages=[{"role": "user", "content": [{"text": "Tell me about Globex."}]}],
            guardrailConfig={"guardrailIdentifier": guardrail, "guardrailVersion": "DRAFT", "trace": "enabled"},
        ),
    ]
    for call in calls:
        assert_same(wire, call)


def test_knowledge_base_operations_answer_the_same_on_both_paths(aws, kb):
    agent, agent_runtime_client, wire = aws["bedrock-agent"], aws["bedrock-agent-runtime"], aws["wire"]
    kb_id, ds_id, job_id = kb
    create_kb(agent, name="second-kb")
    config = {"knowledgeBaseId": kb_id, "modelArn": NOVA_LITE_ARN}
    session = agent_runtime_client.retrieve_and_generate(
        input={"text": "How long do I have to return an item?"},
        retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": config},
    )["sessionId"]
    calls: list[Callable[[], Any]] = [
        lambda: agent.get_knowledge_base(knowledgeBaseId=kb_id),
        lambda: agent.get_knowledge_base(knowledgeBaseId="ABCDEFGHIJ"),
        lambda: agent.list_knowledge_bases(maxResults=1),
        lambda: agent.list_knowledge_bases(maxResults=1, nextToken="1"),
        lambda: agent.get_data_source(knowledgeBaseId=kb_id, dataSourceId=ds_id),
        lambda: agent.list_data_sources(knowledgeBaseId=kb_id),
        lambda: agent.get_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job_id),
        lambda: agent.list_ingestion_jobs(knowledgeBaseId=kb_id, dataSourceId=ds_id),
        lambda: agent_runtime_client.retrieve(
            knowledgeBaseId=kb_id, retrievalQuery={"text": "How long do I have to return an item?"}
        ),
        lambda: agent_runtime_client.retrieve(
            knowledgeBaseId=kb_id,
            retrievalQuery={"text": "tent"},
            retrievalConfiguration={
                "vectorSearchConfiguration": {
                    "numberOfResults": 2,
                    "filter": {"equals": {"key": "category", "value": "product"}},
                }
            },
        ),
        lambda: agent_runtime_client.retrieve(knowledgeBaseId="ABCDEFGHIJ", retrievalQuery={"text": "tent"}),
        lambda: agent_runtime_client.retrieve_and_generate(
            input={"text": "How long do I have to return an item?"},
            sessionId=session,
            retrieveAndGenerateConfiguration={"type": "KNOWLEDGE_BASE", "knowledgeBaseConfiguration": config},
        ),
        lambda: agent_runtime_client.retrieve_and_generate(input={"text": "Hi"}),
    ]
    for call in calls:
        assert_same(wire, call)


def test_the_lean_writer_leaves_what_it_does_not_know_to_moto():
    from moto.core.utils import get_service_model

    model = get_service_model("bedrock-runtime")
    with pytest.raises(lean.Unusual):
        lean.write(model.operation_model("ConverseStream"), {"stream": []})
    converse = model.operation_model("Converse")
    for result in (
        {"stopReason": "end_turn", "unknownMember": 1},  # a key that is not a member
        {"stopReason": 3},  # a value of another type than the shape's
        {"usage": {"inputTokens": True, "outputTokens": 1, "totalTokens": 1}},  # a bool where an integer goes
        {"output": {"message": {"role": "assistant", "content": [None]}}},  # a None in a list
    ):
        with pytest.raises(lean.Unusual):
            lean.write(converse, result)


def test_the_lean_writer_writes_the_common_operations_itself(aws, kb, monkeypatch):
    # Equal bytes on both paths would also hold if every result fell back to moto's serialiser: these must not.
    written: list[str] = []
    write = lean.write

    def counting(operation: Any, result: Any) -> Any:
        answer = write(operation, result)  # raises Unusual when it leaves the result to moto
        written.append(operation.name)
        return answer

    monkeypatch.setattr(lean, "write", counting)
    runtime, agent = aws["bedrock-runtime"], aws["bedrock-agent"]
    runtime.converse(modelId="amazon.nova-lite-v1:0", messages=QUESTION)
    runtime.invoke_model(modelId="amazon.titan-embed-text-v2:0", body=json.dumps({"inputText": "A damaged tent."}))
    runtime.count_tokens(modelId="anthropic.claude-haiku-4-5-20251001-v1:0", input={"converse": {"messages": QUESTION}})
    agent.get_knowledge_base(knowledgeBaseId=kb[0])
    aws["bedrock"].list_foundation_models()
    assert written == ["Converse", "InvokeModel", "CountTokens", "GetKnowledgeBase", "ListFoundationModels"]


@pytest.mark.parametrize(
    "body",
    [
        {"embedding": [0.1, -2.5e-7, 3.0], "inputTextTokenCount": 3},
        {"a": {"b": [1, "é", None, True]}, "c": 'x\n"y"', "d": 1.5, "e": []},
        {1: "int key", "f": [1.0]},
        [1, {"g": [2.0]}],
        "text",
    ],
)
def test_the_body_writer_writes_what_json_dumps_writes(body):
    assert jsonbody.dumps(body) == json.dumps(body)


def test_a_list_met_twice_is_written_once_and_the_same():
    floats = [0.1 * i for i in range(1024)]
    body = {"embedding": floats, "embeddingsByType": {"float": floats}, "inputTextTokenCount": 9}
    assert jsonbody.dumps(body) == json.dumps(body)


def test_header_members_and_tags_answer_the_same_on_both_paths(aws, kb):
    # Members carried in headers (InvokeModel's content type, accept, guardrail and trace) and in the query string
    # (UntagResource's repeated tagKeys), and ARNs with "/" and ":" in the path: the direct route reads them as moto.
    runtime, control, agent, wire = aws["bedrock-runtime"], aws["bedrock"], aws["bedrock-agent"], aws["wire"]
    guardrail = control.create_guardrail(
        name="h",
        blockedInputMessaging="Blocked.",
        blockedOutputsMessaging="Blocked.",
        wordPolicyConfig={"wordsConfig": [{"text": "Globex"}]},
    )
    kb_arn = agent.get_knowledge_base(knowledgeBaseId=kb[0])["knowledgeBase"]["knowledgeBaseArn"]
    calls: list[Callable[[], Any]] = [
        lambda: runtime.invoke_model(
            modelId=CLAUDE, body=CLAUDE_BODY, contentType="application/json", accept="application/json"
        ),
        lambda: runtime.invoke_model(
            modelId=CLAUDE,
            body=CLAUDE_BODY.replace("Hi", "Tell me about Globex."),
            guardrailIdentifier=guardrail["guardrailId"],
            guardrailVersion="DRAFT",
            trace="ENABLED",
        ),
        lambda: runtime.invoke_model(modelId=CLAUDE, body=CLAUDE_BODY, accept="text/plain"),
        lambda: control.tag_resource(resourceARN=guardrail["guardrailArn"], tags=[{"key": "team", "value": "a"}]),
        lambda: control.list_tags_for_resource(resourceARN=guardrail["guardrailArn"]),
        lambda: control.untag_resource(resourceARN=guardrail["guardrailArn"], tagKeys=["team", "other"]),
        lambda: agent.tag_resource(resourceArn=kb_arn, tags={"team": "a", "cost": "b"}),
        lambda: agent.list_tags_for_resource(resourceArn=kb_arn),
        lambda: agent.untag_resource(resourceArn=kb_arn, tagKeys=["team", "cost"]),
        lambda: runtime.converse(
            modelId="arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic.claude-haiku-4-5-20251001-v1:0",
            messages=QUESTION,
        ),
    ]
    for call in calls:
        assert_same(wire, call)
