"""bedrock (control plane) operations served from the catalogue, as methods of moto's ``BedrockResponse``: foundation
models and system-defined inference profiles."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from localbedrock.application_profiles import ApplicationProfile, ApplicationProfiles
from localbedrock.catalog import LEGACY, ModelProfile
from localbedrock.errors import INVALID_MODEL_ID, ResourceNotFoundError, ValidationError
from localbedrock.inference_profiles import CREATED, InferenceProfile, find_profile, profiles_in
from localbedrock.service import RETIRED
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.paging import paginate
from localbedrock.wire.params import checked_params, present
from localbedrock.wire.shapes import check_constraints
from localbedrock.wire.tags import tag_on_create


def summary(profile: ModelProfile, region: str) -> dict[str, Any]:
    """A FoundationModelSummary (also the shape of FoundationModelDetails)."""
    inference = ["ON_DEMAND", "PROVISIONED"] if profile.customizations else ["ON_DEMAND"]
    return {
        "modelArn": f"arn:aws:bedrock:{region}::foundation-model/{profile.model_id}",
        "modelId": profile.model_id,
        "modelName": profile.name,
        "providerName": profile.provider,
        "inputModalities": list(profile.input_modalities),
        "outputModalities": list(profile.output_modalities),
        "responseStreamingSupported": profile.streaming,
        "customizationsSupported": list(profile.customizations),
        "inferenceTypesSupported": inference,
        "modelLifecycle": {"status": LEGACY if profile.lifecycle == LEGACY else "ACTIVE"},
    }


def _query(response: Any) -> dict[str, str]:
    return {k: v[0] if isinstance(v, list) else v for k, v in response.querystring.items()}


@guarded
def list_foundation_models(response: Any) -> dict[str, Any]:
    query = _query(response)
    check_constraints("bedrock", "ListFoundationModels", query)
    provider = query.get("byProvider", "").lower()
    found = [
        summary(p, response.region)
        for p in service().profiles()
        if not p.retired_in(response.region)
        and (not provider or p.provider.lower() == provider or p.model_id.split(".")[0] == provider)
        and query.get("byOutputModality", p.output_modalities[0]) in p.output_modalities
        and query.get("byCustomizationType", "") in (*p.customizations, "")
        and (query.get("byInferenceType") != "PROVISIONED" or p.customizations)
    ]
    return {"modelSummaries": found}


@guarded
def get_foundation_model(response: Any) -> dict[str, Any]:
    identifier = unquote(response.path.split("/foundation-models/", 1)[1])
    profile = service().profile(identifier)
    if profile is None or find_profile(identifier) is not None:  # an inference profile is not a foundation model
        raise ValidationError(INVALID_MODEL_ID)
    if profile.retired_in(response.region):
        raise ResourceNotFoundError(RETIRED)
    return {"modelDetails": summary(profile, response.region)}


def inference_profile(profile: InferenceProfile, region: str, account: str) -> dict[str, Any]:
    """An InferenceProfileSummary (also GetInferenceProfile's response)."""
    return present(
        inferenceProfileName=profile.name,
        description=profile.description,
        createdAt=CREATED,
        updatedAt=CREATED,
        inferenceProfileArn=profile.arn(region, account),
        models=[{"modelArn": arn} for arn in profile.model_arns()],
        inferenceProfileId=profile.id,
        status="ACTIVE",
        type="SYSTEM_DEFINED",
    )


def application_profile(profile: ApplicationProfile) -> dict[str, Any]:
    """An application inference profile as an InferenceProfileSummary."""
    return present(
        inferenceProfileName=profile.name,
        description=profile.description,
        createdAt=profile.created_at,
        updatedAt=profile.created_at,
        inferenceProfileArn=profile.arn,
        models=[{"modelArn": arn} for arn in profile.models],
        inferenceProfileId=profile.id,
        status="ACTIVE",
        type="APPLICATION",
    )


def _applications(response: Any) -> ApplicationProfiles:
    return service().regional("application_profiles", response.current_account, response.region)


def _identifier(response: Any) -> str:
    return unquote(response.path.split("/inference-profiles/", 1)[1])


@guarded
def list_inference_profiles(response: Any) -> dict[str, Any]:
    p = checked_params(response, "bedrock", "ListInferenceProfiles")
    kind = p.get("typeEquals")
    summaries = []
    if kind in (None, "SYSTEM_DEFINED"):
        region, account = response.region, response.current_account
        live = [x for x in profiles_in(region) if not x.model.retired_in(region)]
        summaries += [inference_profile(x, region, account) for x in live]
    if kind in (None, "APPLICATION"):
        summaries += [application_profile(x) for x in _applications(response).profiles.values()]
    page, token = paginate(summaries, p)
    return present(inferenceProfileSummaries=page, nextToken=token)


@guarded
def get_inference_profile(response: Any) -> dict[str, Any]:
    identifier = _identifier(response)
    found = find_profile(identifier)
    if found is None:
        return application_profile(_applications(response).get(identifier))
    if not found.serves(response.region) or found.model.retired_in(response.region):
        raise ResourceNotFoundError(f"Inference profile {identifier} not found.")
    return inference_profile(found, response.region, response.current_account)


@guarded
def create_inference_profile(response: Any) -> dict[str, Any]:
    p = checked_params(response, "bedrock", "CreateInferenceProfile")
    created = _applications(response).create(
        p["inferenceProfileName"], p["modelSource"]["copyFrom"], p.get("description")
    )
    tag_on_create(response, created.arn, p.get("tags"))
    return {"inferenceProfileArn": created.arn, "status": "ACTIVE"}


@guarded
def delete_inference_profile(response: Any) -> dict[str, Any]:
    identifier = _identifier(response)
    if find_profile(identifier) is not None:
        raise ValidationError("A system-defined inference profile can't be deleted.")
    _applications(response).delete(identifier)
    return {}


HANDLERS = {
    "list_foundation_models": list_foundation_models,
    "get_foundation_model": get_foundation_model,
    "list_inference_profiles": list_inference_profiles,
    "get_inference_profile": get_inference_profile,
    "create_inference_profile": create_inference_profile,
    "delete_inference_profile": delete_inference_profile,
}
