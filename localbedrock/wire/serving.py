"""bedrock operations that serve custom models (provisioned throughput, custom model deployments) as methods of
moto's ``BedrockResponse``: parameters parsed from botocore's service model, the domain's
:class:`~localbedrock.finetuning.serving.Serving` called."""

from __future__ import annotations

from typing import Any

from localbedrock.finetuning.serving import Deployment, Provisioned, Serving
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.paging import paginate
from localbedrock.wire.params import checked_params, present
from localbedrock.wire.tags import tag_on_create


def _call(response: Any, operation: str) -> tuple[Serving, dict[str, Any]]:
    params = checked_params(response, "bedrock", operation)
    return service().serving(response.current_account, response.region), params


def _sorted(items: list[Any], params: dict[str, Any]) -> list[Any]:
    return sorted(items, key=lambda i: i.creation_time, reverse=params.get("sortOrder", "Descending") == "Descending")


def _provisioned(found: Provisioned, serving: Serving) -> dict[str, Any]:
    expires = found.expires()
    return present(
        provisionedModelName=found.name,
        provisionedModelArn=found.arn,
        modelArn=found.model_arn,
        desiredModelArn=found.model_arn,
        foundationModelArn=found.foundation_arn,
        modelUnits=found.units,
        desiredModelUnits=found.units,
        status=found.status(serving.clock),
        commitmentDuration=found.commitment,
        commitmentExpirationTime=expires,
        creationTime=found.creation_time,
        lastModifiedTime=found.update_time or found.creation_time,
    )


@guarded
def create_provisioned_model_throughput(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "CreateProvisionedModelThroughput")
    created = serving.create_provisioned(
        p["provisionedModelName"], p["modelId"], p["modelUnits"], p.get("commitmentDuration")
    )
    tag_on_create(response, created.arn, p.get("tags"))
    return {"provisionedModelArn": created.arn}


@guarded
def get_provisioned_model_throughput(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "GetProvisionedModelThroughput")
    return _provisioned(serving.get_provisioned(p["provisionedModelId"]), serving)


@guarded
def list_provisioned_model_throughputs(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "ListProvisionedModelThroughputs")
    found = [
        x
        for x in serving.provisioned.values()
        if p.get("statusEquals") in (None, x.status(serving.clock))
        and p.get("nameContains", "") in x.name
        and p.get("modelArnEquals") in (None, x.model_arn)
    ]
    page, token = paginate(_sorted(found, p), p)
    return present(provisionedModelSummaries=[_provisioned(x, serving) for x in page], nextToken=token)


@guarded
def update_provisioned_model_throughput(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "UpdateProvisionedModelThroughput")
    serving.update_provisioned(p["provisionedModelId"], p.get("desiredProvisionedModelName"), p.get("desiredModelId"))
    return {}


@guarded
def delete_provisioned_model_throughput(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "DeleteProvisionedModelThroughput")
    serving.delete_provisioned(p["provisionedModelId"])
    return {}


def _deployment(found: Deployment, serving: Serving) -> dict[str, Any]:
    update = found.update_status(serving.clock)
    return present(
        customModelDeploymentArn=found.arn,
        modelDeploymentName=found.name,
        modelArn=found.served_model_arn(serving.clock),
        createdAt=found.creation_time,
        status=found.status(serving.clock),
        description=found.description,
        updateDetails={"modelArn": found.update_model_arn, "updateStatus": update} if update else None,
        lastUpdatedAt=found.update_time or found.creation_time,
    )


@guarded
def create_custom_model_deployment(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "CreateCustomModelDeployment")
    created = serving.create_deployment(p["modelDeploymentName"], p["modelArn"], p.get("description"))
    tag_on_create(response, created.arn, p.get("tags"))
    return {"customModelDeploymentArn": created.arn}


@guarded
def get_custom_model_deployment(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "GetCustomModelDeployment")
    return _deployment(serving.get_deployment(p["customModelDeploymentIdentifier"]), serving)


@guarded
def list_custom_model_deployments(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "ListCustomModelDeployments")
    found = [
        d
        for d in serving.deployments.values()
        if p.get("statusEquals") in (None, d.status(serving.clock))
        and p.get("nameContains", "") in d.name
        and p.get("modelArnEquals") in (None, d.model_arn)
    ]
    page, token = paginate(_sorted(found, p), p)
    summaries = []
    for d in page:
        full = _deployment(d, serving)
        full["customModelDeploymentName"] = full.pop("modelDeploymentName")
        full.pop("description", None)
        full.pop("updateDetails", None)
        summaries.append(full)
    return present(modelDeploymentSummaries=summaries, nextToken=token)


@guarded
def update_custom_model_deployment(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "UpdateCustomModelDeployment")
    updated = serving.update_deployment(p["customModelDeploymentIdentifier"], p["modelArn"])
    return {"customModelDeploymentArn": updated.arn}


@guarded
def delete_custom_model_deployment(response: Any) -> dict[str, Any]:
    serving, p = _call(response, "DeleteCustomModelDeployment")
    serving.delete_deployment(p["customModelDeploymentIdentifier"])
    return {}


HANDLERS = {
    "create_provisioned_model_throughput": create_provisioned_model_throughput,
    "get_provisioned_model_throughput": get_provisioned_model_throughput,
    "list_provisioned_model_throughputs": list_provisioned_model_throughputs,
    "update_provisioned_model_throughput": update_provisioned_model_throughput,
    "delete_provisioned_model_throughput": delete_provisioned_model_throughput,
    "create_custom_model_deployment": create_custom_model_deployment,
    "get_custom_model_deployment": get_custom_model_deployment,
    "list_custom_model_deployments": list_custom_model_deployments,
    "update_custom_model_deployment": update_custom_model_deployment,
    "delete_custom_model_deployment": delete_custom_model_deployment,
}
