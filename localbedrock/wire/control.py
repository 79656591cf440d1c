"""bedrock (control plane) operations served from the catalogue, as methods of moto's ``BedrockResponse``."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from localbedrock.catalog import ModelProfile
from localbedrock.errors import INVALID_MODEL_ID, ValidationError
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.shapes import check_constraints


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
        "modelLifecycle": {"status": "ACTIVE"},
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
        if (not provider or p.provider.lower() == provider or p.model_id.split(".")[0] == provider)
        and query.get("byOutputModality", p.output_modalities[0]) in p.output_modalities
        and query.get("byCustomizationType", "") in (*p.customizations, "")
        and (query.get("byInferenceType") != "PROVISIONED" or p.customizations)
    ]
    return {"modelSummaries": found}


@guarded
def get_foundation_model(response: Any) -> dict[str, Any]:
    identifier = unquote(response.path.split("/foundation-models/", 1)[1])
    profile = service().profile(identifier)
    if profile is None:
        raise ValidationError(INVALID_MODEL_ID)
    return {"modelDetails": summary(profile, response.region)}


HANDLERS = {
    "list_foundation_models": list_foundation_models,
    "get_foundation_model": get_foundation_model,
}
