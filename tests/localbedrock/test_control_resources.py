"""Regions of customization, UpdateCustomModelDeployment, and tags on the emulator's own resources."""

from __future__ import annotations

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.localbedrock.finetune_helpers import (  # noqa: F401
    BUCKET,
    HAIKU_FT,
    NOVA_MICRO,
    ROLE,
    TITAN_EXPRESS,
    Lab,
    lab_fixture,
)
from tests.localbedrock.kb_helpers import problems


@pytest.mark.parametrize("region", ["us-east-1", "us-west-2"])
def test_claude_3_haiku_can_no_longer_be_fine_tuned_even_where_bedrock_fine_tuned_it(lab: Lab, region):
    client = boto3.client("bedrock", region_name=region)
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="reached the end of its life"):
        client.create_model_customization_job(
            jobName="haiku-tuning",
            customModelName="haiku-tuning-model",
            roleArn=ROLE,
            baseModelIdentifier=HAIKU_FT,
            trainingDataConfig={"s3Uri": f"s3://{BUCKET}/train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{BUCKET}/output/"},
        )


def test_customization_is_refused_in_a_region_bedrock_does_not_customize_in(lab: Lab):
    frankfurt = boto3.client("bedrock", region_name="eu-central-1")
    with pytest.raises(frankfurt.exceptions.ValidationException, match="us-east-1, us-west-2"):
        frankfurt.create_model_customization_job(
            jobName="titan-eu",
            customModelName="titan-eu-model",
            roleArn=ROLE,
            baseModelIdentifier=TITAN_EXPRESS,
            trainingDataConfig={"s3Uri": f"s3://{BUCKET}/train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{BUCKET}/output/"},
        )


def test_update_custom_model_deployment_switches_the_model_after_updating(lab: Lab):
    first = lab.trained(NOVA_MICRO, name="nova-a", model="nova-a-model")
    second = lab.trained(NOVA_MICRO, name="nova-b", model="nova-b-model")
    arn = lab.bedrock.create_custom_model_deployment(modelDeploymentName="desk", modelArn=first)[
        "customModelDeploymentArn"
    ]
    lab.wait()
    updated = lab.bedrock.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=second)
    assert updated["customModelDeploymentArn"] == arn
    updating = lab.bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert problems("bedrock", "GetCustomModelDeployment", updating) == []
    assert updating["updateDetails"] == {"modelArn": second, "updateStatus": "Updating"}
    assert updating["modelArn"] == first and updating["status"] == "Active"
    assert lab.ask(arn, "Hello")  # still answering while it updates
    lab.wait()
    done = lab.bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert done["updateDetails"]["updateStatus"] == "UpdateCompleted" and done["modelArn"] == second


def test_update_custom_model_deployment_refuses_a_model_of_another_base(lab: Lab):
    nova = lab.trained(NOVA_MICRO, name="nova-a", model="nova-a-model")
    titan = lab.trained(TITAN_EXPRESS, name="titan-a", model="titan-a-model")
    arn = lab.bedrock.create_custom_model_deployment(modelDeploymentName="desk", modelArn=nova)[
        "customModelDeploymentArn"
    ]
    lab.wait()
    with pytest.raises(lab.bedrock.exceptions.ValidationException):
        lab.bedrock.update_custom_model_deployment(customModelDeploymentIdentifier=arn, modelArn=titan)
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.update_custom_model_deployment(customModelDeploymentIdentifier="no-such", modelArn=nova)


def tags(lab: Lab, arn: str) -> dict[str, str]:
    response = lab.bedrock.list_tags_for_resource(resourceARN=arn)
    assert problems("bedrock", "ListTagsForResource", response) == []
    return {t["key"]: t["value"] for t in response["tags"]}


def test_tags_given_at_creation_and_added_later_on_every_kind_of_resource(lab: Lab):
    job = lab.job(
        NOVA_MICRO, jobTags=[{"key": "team", "value": "care"}], customModelTags=[{"key": "kind", "value": "ft"}]
    )
    lab.wait()
    model = lab.bedrock.get_model_customization_job(jobIdentifier=job)["outputModelArn"]
    pt = lab.bedrock.create_provisioned_model_throughput(
        provisionedModelName="pt", modelId=model, modelUnits=1, tags=[{"key": "cost", "value": "high"}]
    )["provisionedModelArn"]
    deployment = lab.bedrock.create_custom_model_deployment(modelDeploymentName="d", modelArn=model)[
        "customModelDeploymentArn"
    ]
    assert tags(lab, job) == {"team": "care"}
    assert tags(lab, model) == {"kind": "ft"}
    assert tags(lab, pt) == {"cost": "high"}
    for arn in (job, model, pt, deployment):
        lab.bedrock.tag_resource(resourceARN=arn, tags=[{"key": "course", "value": "bedrock"}])
        assert tags(lab, arn)["course"] == "bedrock"
        lab.bedrock.untag_resource(resourceARN=arn, tagKeys=["course"])
        assert "course" not in tags(lab, arn)


def test_tagging_an_unknown_resource_or_a_system_inference_profile_is_not_found(lab: Lab):
    unknown = "arn:aws:bedrock:us-west-2:123456789012:provisioned-model/abcdefghijkl"
    profile = "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.amazon.nova-micro-v1:0"
    for arn in (unknown, profile):
        with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
            lab.bedrock.tag_resource(resourceARN=arn, tags=[{"key": "a", "value": "b"}])


def test_more_than_fifty_tags_are_too_many(lab: Lab):
    job = lab.job(NOVA_MICRO)
    lab.bedrock.tag_resource(resourceARN=job, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)])
    with pytest.raises(lab.bedrock.exceptions.TooManyTagsException):
        lab.bedrock.tag_resource(resourceARN=job, tags=[{"key": "one-more", "value": "v"}])


def test_knowledge_base_tags_through_bedrock_agent(lab: Lab):
    agent = boto3.client("bedrock-agent", region_name="us-west-2")
    kb = agent.create_knowledge_base(
        name="tagged",
        roleArn=ROLE,
        knowledgeBaseConfiguration={
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {
                "embeddingModelArn": "arn:aws:bedrock:us-west-2::foundation-model/amazon.titan-embed-text-v2:0"
            },
        },
        storageConfiguration={
            "type": "S3_VECTORS",
            "s3VectorsConfiguration": {
                "vectorBucketArn": "arn:aws:s3vectors:us-west-2:123456789012:bucket/kb-vectors",
                "indexName": "kb-index",
            },
        },
        tags={"team": "care"},
    )["knowledgeBase"]
    arn = kb["knowledgeBaseArn"]
    agent.tag_resource(resourceArn=arn, tags={"stage": "dev"})
    agent.untag_resource(resourceArn=arn, tagKeys=["team"])
    listed = agent.list_tags_for_resource(resourceArn=arn)
    assert problems("bedrock-agent", "ListTagsForResource", listed) == []
    assert listed["tags"] == {"stage": "dev"}


def test_moto_agent_operations_are_withheld_with_a_clear_error(lab: Lab):
    agent = boto3.client("bedrock-agent", region_name="us-west-2")
    with pytest.raises(ClientError, match="does not implement bedrock-agent CreateAgent") as raised:
        agent.create_agent(agentName="helper", foundationModel=NOVA_MICRO)
    assert raised.value.response["Error"]["Code"] == "NotImplementedException"
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    with pytest.raises(ClientError, match="ListAgents"):
        agent.list_agents()
