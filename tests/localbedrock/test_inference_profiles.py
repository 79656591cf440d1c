"""System-defined cross-region inference profiles: listed and described as AWS does, accepted wherever a model id is,
and required for the models AWS serves only through them."""

from __future__ import annotations

import json

import boto3
import pytest
from bedrock_helpers import NOVA_MICRO, NOVA_PRO, reply_text, user
from kb_helpers import problems

from localbedrock.catalog import CATALOG
from localbedrock.inference_profiles import GEOGRAPHIES, SYSTEM_PROFILES

HAIKU_45 = "anthropic.claude-haiku-4-5-20251001-v1:0"
RETIRED = "anthropic.claude-3-5-haiku-20241022-v1:0"
NOT_ON_DEMAND = (
    f"Invocation of model ID {HAIKU_45} with on-demand throughput isn\u2019t supported. Retry your request with the "
    "ID or ARN of an inference profile that contains this model."
)


def test_list_inference_profiles_in_a_us_region_lists_the_us_and_global_profiles(control):
    response = control.list_inference_profiles()
    assert problems("bedrock", "ListInferenceProfiles", response) == []
    listed = {p["inferenceProfileId"] for p in response["inferenceProfileSummaries"]}
    assert f"us.{NOVA_PRO}" in listed and f"global.{HAIKU_45}" in listed
    assert not {p for p in listed if p.startswith(("eu.", "apac."))}
    assert f"us.{RETIRED}" not in listed  # past its end of life


def test_list_inference_profiles_pages_and_filters_by_type(control):
    first = control.list_inference_profiles(maxResults=2)
    second = control.list_inference_profiles(maxResults=2, nextToken=first["nextToken"])
    assert len(first["inferenceProfileSummaries"]) == 2
    assert first["inferenceProfileSummaries"][0] != second["inferenceProfileSummaries"][0]
    assert control.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"] == []


def test_get_inference_profile_names_its_model_in_every_region_of_its_geography(control):
    profile = control.get_inference_profile(inferenceProfileIdentifier=f"us.{NOVA_MICRO}")
    assert problems("bedrock", "GetInferenceProfile", profile) == []
    assert profile["inferenceProfileArn"] == f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{NOVA_MICRO}"
    assert profile["type"] == "SYSTEM_DEFINED" and profile["status"] == "ACTIVE"
    assert [m["modelArn"] for m in profile["models"]] == [
        f"arn:aws:bedrock:{region}::foundation-model/{NOVA_MICRO}" for region in GEOGRAPHIES["us"]
    ]


def test_get_inference_profile_by_arn_equals_by_id(control):
    by_id = control.get_inference_profile(inferenceProfileIdentifier=f"us.{NOVA_PRO}")
    by_arn = control.get_inference_profile(inferenceProfileIdentifier=by_id["inferenceProfileArn"])
    assert by_arn["inferenceProfileId"] == by_id["inferenceProfileId"]


def test_an_inference_profile_is_not_a_foundation_model(control):
    with pytest.raises(control.exceptions.ValidationException, match="model identifier is invalid"):
        control.get_foundation_model(modelIdentifier=f"us.{NOVA_PRO}")


def test_a_profile_of_another_geography_is_not_found(control):
    with pytest.raises(control.exceptions.ResourceNotFoundException):
        control.get_inference_profile(inferenceProfileIdentifier=f"eu.{NOVA_PRO}")


@pytest.mark.parametrize(
    "model_id",
    [
        f"us.{NOVA_PRO}",
        f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{NOVA_MICRO}",
        f"us.{HAIKU_45}",
        f"global.{HAIKU_45}",
    ],
)
def test_profile_ids_and_arns_are_accepted_by_converse_and_invoke_model(runtime, model_id):
    assert reply_text(runtime.converse(modelId=model_id, messages=user("What is the capital of France?")))
    stream = runtime.converse_stream(modelId=model_id, messages=user("Hi"))
    assert [e for e in stream["stream"] if "messageStop" in e]


def test_invoke_model_with_a_profile_uses_the_models_body(runtime):
    body = {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 50, "messages": user("Hi")}
    answer = json.loads(runtime.invoke_model(modelId=f"us.{HAIKU_45}", body=json.dumps(body))["body"].read())
    assert answer["type"] == "message"


def test_a_profile_only_model_called_by_its_bare_id_answers_the_documented_error(runtime):
    with pytest.raises(runtime.exceptions.ValidationException) as raised:
        runtime.converse(modelId=HAIKU_45, messages=user("Hi"))
    assert raised.value.response["Error"]["Message"] == NOT_ON_DEMAND


def test_a_geography_prefix_without_a_profile_is_an_invalid_model_id(runtime):
    with pytest.raises(runtime.exceptions.ValidationException, match="model identifier is invalid"):
        runtime.converse(modelId="apac.amazon.titan-text-lite-v1", messages=user("Hi"))


def test_a_model_past_its_end_of_life_answers_resource_not_found(runtime, control):
    with pytest.raises(runtime.exceptions.ResourceNotFoundException, match="reached the end of its life"):
        runtime.converse(modelId=f"us.{RETIRED}", messages=user("Hi"))
    with pytest.raises(control.exceptions.ResourceNotFoundException):
        control.get_foundation_model(modelIdentifier=RETIRED)


def test_retrieve_and_generate_accepts_a_profile_arn_as_model_arn(emulator):
    client = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
    answer = client.retrieve_and_generate(
        input={"text": "How long is the return window?"},
        retrieveAndGenerateConfiguration={
            "type": "EXTERNAL_SOURCES",
            "externalSourcesConfiguration": {
                "modelArn": f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{NOVA_PRO}",
                "sources": [
                    {
                        "sourceType": "BYTE_CONTENT",
                        "byteContent": {
                            "identifier": "returns.txt",
                            "contentType": "text/plain",
                            "data": b"Returns are accepted within 45 days.",
                        },
                    }
                ],
            },
        },
    )
    assert "45 days" in answer["output"]["text"]


def test_every_profile_names_a_catalogue_model_of_its_geography():
    for profile_id in SYSTEM_PROFILES:
        geography, model_id = profile_id.split(".", 1)
        assert geography in GEOGRAPHIES and model_id in CATALOG
        assert geography in CATALOG[model_id].cross_region


def test_retired_models_are_not_listed_as_foundation_models(control):
    listed = {m["modelId"] for m in control.list_foundation_models()["modelSummaries"]}
    assert {m for m, p in CATALOG.items() if p.retired_in("us-east-1")}.isdisjoint(listed)


def test_profiles_batch_jobs_and_tags_answer_over_http(http_client):
    bedrock, agent = http_client("bedrock"), http_client("bedrock-agent")
    assert bedrock.get_inference_profile(inferenceProfileIdentifier=f"us.{NOVA_MICRO}")["type"] == "SYSTEM_DEFINED"
    answer = http_client("bedrock-runtime").converse(modelId=f"us.{HAIKU_45}", messages=user("Hi"))
    assert reply_text(answer)
    assert bedrock.list_model_invocation_jobs()["invocationJobSummaries"] == []
    kb = agent.create_knowledge_base(
        name="http-tags",
        roleArn="arn:aws:iam::123456789012:role/kb",
        knowledgeBaseConfiguration={
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {
                "embeddingModelArn": "arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0"
            },
        },
        storageConfiguration={
            "type": "S3_VECTORS",
            "s3VectorsConfiguration": {"indexArn": "arn:aws:s3vectors:us-east-1:123456789012:bucket/b/index/i"},
        },
    )["knowledgeBase"]
    agent.tag_resource(resourceArn=kb["knowledgeBaseArn"], tags={"team": "care"})
    assert agent.list_tags_for_resource(resourceArn=kb["knowledgeBaseArn"])["tags"] == {"team": "care"}


def create_application_profile(control, source: str, name: str = "support-desk", **extra) -> str:
    return control.create_inference_profile(inferenceProfileName=name, modelSource={"copyFrom": source}, **extra)[
        "inferenceProfileArn"
    ]


def test_an_application_profile_copies_a_system_profile_and_serves_its_model(emulator, control, runtime):
    source = f"arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.{HAIKU_45}"
    arn = create_application_profile(control, source, tags=[{"key": "team", "value": "care"}])
    assert arn.startswith("arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/")
    profile = control.get_inference_profile(inferenceProfileIdentifier=arn)
    assert problems("bedrock", "GetInferenceProfile", profile) == []
    assert profile["type"] == "APPLICATION" and len(profile["models"]) == len(GEOGRAPHIES["us"])
    assert reply_text(runtime.converse(modelId=arn, messages=user("Hi")))
    [call] = [c for c in emulator.ledger if c.model_id == arn]
    assert call.cost_usd == pytest.approx(CATALOG[HAIKU_45].cost(call.input_tokens, call.output_tokens))
    assert control.list_tags_for_resource(resourceARN=arn)["tags"] == [{"key": "team", "value": "care"}]
    kinds = {p["type"] for p in control.list_inference_profiles()["inferenceProfileSummaries"]}
    assert kinds == {"SYSTEM_DEFINED", "APPLICATION"}
    listed = control.list_inference_profiles(typeEquals="APPLICATION")["inferenceProfileSummaries"]
    assert [p["inferenceProfileArn"] for p in listed] == [arn]


def test_an_application_profile_of_a_foundation_model_serves_it_until_deleted(control, runtime):
    arn = create_application_profile(control, f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}")
    assert control.get_inference_profile(inferenceProfileIdentifier=arn)["models"] == [
        {"modelArn": f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}"}
    ]
    assert reply_text(runtime.converse(modelId=arn, messages=user("Hi")))
    control.delete_inference_profile(inferenceProfileIdentifier=arn)
    with pytest.raises(control.exceptions.ResourceNotFoundException):
        control.get_inference_profile(inferenceProfileIdentifier=arn)
    with pytest.raises(runtime.exceptions.ValidationException):
        runtime.converse(modelId=arn, messages=user("Hi"))


def test_application_profile_errors(control):
    create_application_profile(control, f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}")
    with pytest.raises(control.exceptions.ConflictException):
        create_application_profile(control, f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}")
    with pytest.raises(control.exceptions.ValidationException, match="system-defined inference profile"):
        create_application_profile(control, f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU_45}", name="b")
    with pytest.raises(control.exceptions.ResourceNotFoundException):
        create_application_profile(control, f"arn:aws:bedrock:us-east-1::foundation-model/{RETIRED}", name="c")
    with pytest.raises(control.exceptions.ValidationException):
        control.delete_inference_profile(inferenceProfileIdentifier=f"us.{NOVA_MICRO}")
