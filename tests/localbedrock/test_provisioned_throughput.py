"""Serving custom models through boto3 as on AWS: provisioned throughput (Creating → InService, update, delete,
commitments) and on-demand custom model deployments (Creating → Active), and what each costs in the ledger."""

from __future__ import annotations

import json
import re

import pytest

from localbedrock.catalog import CUSTOMIZATION_PRICES
from localbedrock.ledger import HOURS_PER_MONTH
from localbedrock.tokens import count_tokens
from tests.localbedrock.finetune_helpers import NOVA_MICRO, TITAN_EXPRESS, Lab, course_file, lab_fixture  # noqa: F401
from tests.localbedrock.kb_helpers import problems

HOUR = 3600
QUESTION = "Hello,\n\nCan I skip next month's Roast Club?\n\nThanks,\nNoor"


def provision(lab: Lab, model: str, name: str = "kettlewick-pt", **extra) -> str:
    return lab.bedrock.create_provisioned_model_throughput(
        provisionedModelName=name, modelId=model, modelUnits=extra.pop("modelUnits", 1), **extra
    )["provisionedModelArn"]


def charges(lab: Lab, item: str) -> float:
    return sum(c.cost_usd for c in lab.emulator.ledger.charges if c.item.startswith(item))


def test_provisioned_throughput_is_creating_then_in_service_and_serves_the_custom_model(lab: Lab):
    model = lab.trained()
    arn = provision(lab, model)
    assert re.fullmatch(r"arn:aws:bedrock:us-east-1:123456789012:provisioned-model/[a-z0-9]{12}", arn)
    creating = lab.bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
    assert problems("bedrock", "GetProvisionedModelThroughput", creating) == []
    assert creating["status"] == "Creating" and creating["modelArn"] == model
    assert creating["foundationModelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}"
    with pytest.raises(lab.runtime.exceptions.ModelNotReadyException):
        lab.ask(arn, QUESTION)
    lab.wait()
    assert lab.bedrock.get_provisioned_model_throughput(provisionedModelId="kettlewick-pt")["status"] == "InService"
    assert lab.ask(arn, QUESTION).startswith("Hi Noor,")


def test_list_update_and_delete_provisioned_throughput(lab: Lab):
    model = lab.trained()
    arn = provision(lab, model)
    provision(lab, f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}", name="base-pt", modelUnits=2)
    lab.wait()
    listed = lab.bedrock.list_provisioned_model_throughputs(sortOrder="Ascending")
    assert problems("bedrock", "ListProvisionedModelThroughputs", listed) == []
    assert [p["provisionedModelName"] for p in listed["provisionedModelSummaries"]] == ["kettlewick-pt", "base-pt"]
    only = lab.bedrock.list_provisioned_model_throughputs(modelArnEquals=model)["provisionedModelSummaries"]
    assert [p["modelUnits"] for p in only] == [1]

    lab.bedrock.update_provisioned_model_throughput(provisionedModelId=arn, desiredProvisionedModelName="renamed")
    assert lab.bedrock.get_provisioned_model_throughput(provisionedModelId=arn)["status"] == "Updating"
    lab.wait()
    assert lab.bedrock.get_provisioned_model_throughput(provisionedModelId="renamed")["status"] == "InService"

    lab.bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
    with pytest.raises(lab.runtime.exceptions.ValidationException, match="model identifier is invalid"):
        lab.ask(arn, QUESTION)


def test_a_forgotten_provisioned_throughput_keeps_costing_until_deleted(lab: Lab):
    hourly = CUSTOMIZATION_PRICES[NOVA_MICRO].provisioned_per_hour[""]
    arn = provision(lab, lab.trained(), modelUnits=2)
    lab.wait(2 * HOUR)
    assert charges(lab, "provisioned throughput") == pytest.approx(2 * 2 * hourly)
    lab.bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)
    lab.wait(5 * HOUR)
    assert charges(lab, "provisioned throughput") == pytest.approx(2 * 2 * hourly)
    assert lab.emulator.ledger.total_cost_usd > 4 * hourly


def test_a_commitment_costs_its_whole_term_and_cannot_be_deleted_early(lab: Lab):
    arn = provision(lab, lab.trained(), commitmentDuration="OneMonth")
    term = lab.bedrock.get_provisioned_model_throughput(provisionedModelId=arn)
    assert term["commitmentDuration"] == "OneMonth"
    assert (term["commitmentExpirationTime"] - term["creationTime"]).days == 30
    one_month = CUSTOMIZATION_PRICES[NOVA_MICRO].provisioned_per_hour["OneMonth"]
    assert charges(lab, "provisioned throughput") == pytest.approx(730 * one_month)
    lab.wait()
    with pytest.raises(lab.bedrock.exceptions.ValidationException, match="commitment"):
        lab.bedrock.delete_provisioned_model_throughput(provisionedModelId=arn)


def test_training_and_storage_are_charged(lab: Lab):
    model = lab.trained(hyperParameters={"epochCount": "3"})
    [training] = [c for c in lab.emulator.ledger.charges if c.item == "training"]
    assert training.unit_price_usd == CUSTOMIZATION_PRICES[NOVA_MICRO].training_per_1k_tokens
    texts = []
    for line in course_file("conversation", "train").decode().splitlines():
        record = json.loads(line)
        texts += [block["text"] for block in record["system"]]
        texts += [block["text"] for message in record["messages"] for block in message["content"]]
    assert training.quantity == pytest.approx(sum(count_tokens(t) for t in texts) * 3 / 1000)  # tokens x epochs
    lab.wait(HOURS_PER_MONTH * HOUR)
    assert charges(lab, "custom model storage") == pytest.approx(CUSTOMIZATION_PRICES[NOVA_MICRO].storage_per_month)
    lab.bedrock.delete_custom_model(modelIdentifier=model)
    lab.wait(HOURS_PER_MONTH * HOUR)
    assert charges(lab, "custom model storage") == pytest.approx(CUSTOMIZATION_PRICES[NOVA_MICRO].storage_per_month)


def test_a_nova_custom_model_deploys_on_demand_and_is_billed_per_token(lab: Lab):
    model = lab.trained(NOVA_MICRO)
    arn = lab.bedrock.create_custom_model_deployment(modelDeploymentName="kettlewick-nova", modelArn=model)[
        "customModelDeploymentArn"
    ]
    assert re.fullmatch(r"arn:aws:bedrock:us-east-1:123456789012:custom-model-deployment/[a-z0-9]{12}", arn)
    creating = lab.bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)
    assert problems("bedrock", "GetCustomModelDeployment", creating) == []
    assert creating["status"] == "Creating" and creating["modelArn"] == model
    lab.wait()
    listed = lab.bedrock.list_custom_model_deployments(statusEquals="Active")
    assert problems("bedrock", "ListCustomModelDeployments", listed) == []
    assert [d["customModelDeploymentName"] for d in listed["modelDeploymentSummaries"]] == ["kettlewick-nova"]

    assert lab.ask(arn, QUESTION).startswith("Hi Noor,")
    [call] = [c for c in lab.emulator.ledger if c.model_id == arn]
    assert call.cost_usd > 0  # the base model's token prices

    lab.bedrock.delete_custom_model_deployment(customModelDeploymentIdentifier="kettlewick-nova")
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)


def test_custom_models_of_families_without_on_demand_deployment_need_provisioned_throughput(lab: Lab):
    with pytest.raises(lab.bedrock.exceptions.ValidationException, match="Use provisioned throughput"):
        lab.bedrock.create_custom_model_deployment(
            modelDeploymentName="titan-on-demand", modelArn=lab.trained(TITAN_EXPRESS)
        )


def test_provisioned_calls_cost_nothing_per_token(lab: Lab):
    arn = provision(lab, lab.trained())
    lab.wait()
    lab.ask(arn, QUESTION)
    assert [c.cost_usd for c in lab.emulator.ledger if c.model_id == arn] == [0.0]


def test_names_are_unique_and_unknown_ids_are_not_found(lab: Lab):
    model = lab.trained()
    provision(lab, model)
    with pytest.raises(lab.bedrock.exceptions.ConflictException):
        provision(lab, model)
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_provisioned_model_throughput(provisionedModelId="no-such-pt")
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_custom_model_deployment(customModelDeploymentIdentifier="no-such-deployment")


def test_serving_operations_answer_over_http(http_client):
    bedrock = http_client("bedrock")
    assert bedrock.list_provisioned_model_throughputs()["provisionedModelSummaries"] == []
    assert bedrock.list_custom_model_deployments()["modelDeploymentSummaries"] == []
    with pytest.raises(bedrock.exceptions.ResourceNotFoundException):
        bedrock.get_provisioned_model_throughput(provisionedModelId="no-such-pt")
