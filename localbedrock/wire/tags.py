"""TagResource, UntagResource and ListTagsForResource of bedrock and bedrock-agent for the emulator's own resources,
as methods of moto's response classes, and the tags given at creation (``tags``, ``jobTags``, ``customModelTags``).
An ARN is looked up in the backend its resource type names; one that names nothing is a ResourceNotFoundException,
as is a system-defined inference profile (AWS tags only application inference profiles)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

from localbedrock.errors import ResourceNotFoundError
from localbedrock.service import BedrockService
from localbedrock.tags import Tags
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.params import checked_params

_ARN = re.compile(r"^arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]+):(\d{12}):([a-z-]+)/(.+)$")


def _lookups(svc: BedrockService, account: str, region: str) -> dict[str, Callable[[str], object]]:
    """Resource type (the ARN's) → a look-up that raises ResourceNotFoundError for an unknown ARN."""
    jobs = svc.customization_jobs(account, region)
    serving = svc.serving(account, region)
    return {
        "custom-model": jobs.model,
        "model-customization-job": jobs.job,
        "provisioned-model": serving.get_provisioned,
        "custom-model-deployment": serving.get_deployment,
        "model-invocation-job": svc.regional("batch_jobs", account, region).job,
        "knowledge-base": lambda arn: svc.knowledge_bases(account, region).knowledge_base(arn.rsplit("/", 1)[-1]),
        "application-inference-profile": svc.regional("application_profiles", account, region).get,
        "guardrail": svc.guardrails(account, region).guardrail,
    }


def tags_of(response: Any) -> Tags:
    return service().regional("tags", response.current_account, response.region)


def _resource(response: Any, arn: str) -> str:
    """``arn`` once checked to name one of the emulator's resources in the request's account and Region."""
    match = _ARN.match(arn)
    lookup = None
    if match and (match.group(1), match.group(2)) == (response.region, response.current_account):
        lookup = _lookups(service(), response.current_account, response.region).get(match.group(3))
    if lookup is None:
        raise ResourceNotFoundError(f"The resource {arn} couldn't be found or can't be tagged.")
    lookup(arn)
    return arn


def tag_on_create(response: Any, arn: str, tags: list[dict[str, str]] | dict[str, str] | None) -> None:
    """Record the tags a Create call was given (a list of {key, value} for bedrock, a map for bedrock-agent)."""
    if tags:
        tags_of(response).tag(arn, tags if isinstance(tags, dict) else {t["key"]: t["value"] for t in tags})


# bedrock: tags as [{key, value}]


@guarded
def tag_resource(response: Any) -> dict[str, Any]:
    p = checked_params(response, "bedrock", "TagResource")
    tags_of(response).tag(_resource(response, p["resourceARN"]), {t["key"]: t["value"] for t in p["tags"]})
    return {}


@guarded
def untag_resource(response: Any) -> dict[str, Any]:
    p = checked_params(response, "bedrock", "UntagResource")
    tags_of(response).untag(_resource(response, p["resourceARN"]), p["tagKeys"])
    return {}


@guarded
def list_tags_for_resource(response: Any) -> dict[str, Any]:
    p = checked_params(response, "bedrock", "ListTagsForResource")
    found = tags_of(response).of(_resource(response, p["resourceARN"]))
    return {"tags": [{"key": key, "value": value} for key, value in found.items()]}


# bedrock-agent: tags as a map, the ARN in the path


def _agent_arn(response: Any) -> str:
    return unquote(response.path.split("/tags/", 1)[1])


@guarded
def agent_tag_resource(response: Any) -> dict[str, Any]:
    # The service model's resourceArn pattern is broken ("/d{12}" for "\d{12}"), so its constraints are not applied:
    # the ARN is checked by looking it up.
    if not hasattr(response, "params"):
        response.parse_parameters(response.normalized_request)
    tags_of(response).tag(_resource(response, _agent_arn(response)), response.params.get("tags") or {})
    return {}


@guarded
def agent_untag_resource(response: Any) -> dict[str, Any]:
    keys = response.querystring.get("tagKeys", [])
    tags_of(response).untag(_resource(response, _agent_arn(response)), keys)
    return {}


@guarded
def agent_list_tags_for_resource(response: Any) -> dict[str, Any]:
    return {"tags": tags_of(response).of(_resource(response, _agent_arn(response)))}


HANDLERS = {
    "tag_resource": tag_resource,
    "untag_resource": untag_resource,
    "list_tags_for_resource": list_tags_for_resource,
}
AGENT_HANDLERS = {
    "tag_resource": agent_tag_resource,
    "untag_resource": agent_untag_resource,
    "list_tags_for_resource": agent_list_tags_for_resource,
}
