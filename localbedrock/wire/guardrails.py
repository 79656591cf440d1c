"""Guardrails on the wire: the bedrock control plane (CreateGuardrail, GetGuardrail, ListGuardrails, UpdateGuardrail,
DeleteGuardrail, CreateGuardrailVersion) and bedrock-runtime's ApplyGuardrail. A guardrail around a model call is
:mod:`localbedrock.wire.guarding`."""

from __future__ import annotations

from typing import Any

from localbedrock.errors import ResourceNotFoundError
from localbedrock.guardrails.assess import Content
from localbedrock.guardrails.store import DRAFT, MISSING, Guardrail, Guardrails, GuardrailVersion
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.guarding import apply, assessment, resolve
from localbedrock.wire.paging import paginate
from localbedrock.wire.params import checked_params, present
from localbedrock.wire.tags import tag_on_create

CONFIG_MEMBERS = (
    "topicPolicyConfig",
    "contentPolicyConfig",
    "wordPolicyConfig",
    "sensitiveInformationPolicyConfig",
    "contextualGroundingPolicyConfig",
)


def _store(response: Any) -> Guardrails:
    return service().guardrails(response.current_account, response.region)


def _call(response: Any, operation: str) -> tuple[Guardrails, dict[str, Any]]:
    return _store(response), checked_params(response, "bedrock", operation)


def _definition(p: dict[str, Any]) -> tuple[Any, ...]:
    """What CreateGuardrail and UpdateGuardrail both set, in the store's argument order."""
    config = {member: p[member] for member in CONFIG_MEMBERS if p.get(member)}
    return (
        p["name"],
        p.get("description"),
        config,
        p["blockedInputMessaging"],
        p["blockedOutputsMessaging"],
        p.get("kmsKeyId"),
    )


# -- control plane --------------------------------------------------------------------------------------------------


@guarded
def create_guardrail(response: Any) -> dict[str, Any]:
    store, p = _call(response, "CreateGuardrail")
    created = store.create(*_definition(p))
    tag_on_create(response, created.arn, p.get("tags"))
    return {
        "guardrailId": created.id,
        "guardrailArn": created.arn,
        "version": DRAFT,
        "createdAt": created.draft.created_at,
    }


def _details(guardrail: Guardrail, version: GuardrailVersion) -> dict[str, Any]:
    return (
        present(
            name=version.name,
            description=version.description,
            guardrailId=guardrail.id,
            guardrailArn=guardrail.arn,
            version=version.version,
            status="READY",
            createdAt=version.created_at,
            updatedAt=version.updated_at,
            blockedInputMessaging=version.blocked_input,
            blockedOutputsMessaging=version.blocked_output,
        )
        | version.policies
    )


@guarded
def get_guardrail(response: Any) -> dict[str, Any]:
    store, p = _call(response, "GetGuardrail")
    return _details(*store.version(p["guardrailIdentifier"], p.get("guardrailVersion")))


@guarded
def list_guardrails(response: Any) -> dict[str, Any]:
    store, p = _call(response, "ListGuardrails")
    summaries = [
        present(
            id=g.id,
            arn=g.arn,
            status="READY",
            name=v.name,
            description=v.description,
            version=v.version,
            createdAt=v.created_at,
            updatedAt=v.updated_at,
        )
        for g, v in store.list(p.get("guardrailIdentifier"))
    ]
    page, token = paginate(summaries, p)
    return present(guardrails=page, nextToken=token)


@guarded
def update_guardrail(response: Any) -> dict[str, Any]:
    store, p = _call(response, "UpdateGuardrail")
    updated = store.update(p["guardrailIdentifier"], *_definition(p))
    return {
        "guardrailId": updated.id,
        "guardrailArn": updated.arn,
        "version": DRAFT,
        "updatedAt": updated.draft.updated_at,
    }


@guarded
def delete_guardrail(response: Any) -> dict[str, Any]:
    store, p = _call(response, "DeleteGuardrail")
    store.delete(p["guardrailIdentifier"], p.get("guardrailVersion"))
    return {}


@guarded
def create_guardrail_version(response: Any) -> dict[str, Any]:
    store, p = _call(response, "CreateGuardrailVersion")
    guardrail, number = store.create_version(p["guardrailIdentifier"], p.get("description"))
    return {"guardrailId": guardrail.id, "version": number}


CONTROL_HANDLERS = {
    "create_guardrail": create_guardrail,
    "get_guardrail": get_guardrail,
    "list_guardrails": list_guardrails,
    "update_guardrail": update_guardrail,
    "delete_guardrail": delete_guardrail,
    "create_guardrail_version": create_guardrail_version,
}


@guarded
def apply_guardrail(response: Any) -> dict[str, Any]:
    p = checked_params(response, "bedrock-runtime", "ApplyGuardrail")
    identifier, version = p.get("guardrailIdentifier"), p.get("guardrailVersion")
    if not identifier or not version:
        raise ResourceNotFoundError(MISSING)
    account, region = response.current_account, response.region
    guardrail, found = resolve(account, region, identifier, version)
    content = [
        Content(str(block["text"].get("text", "")), tuple(block["text"].get("qualifiers") or ()))
        for block in p["content"]
        if "text" in block
    ]
    full = p.get("outputScope") == "FULL"
    applied = apply(account, region, guardrail, found, p["source"], content, full)
    outcome = applied.outcome
    outputs = (
        [{"text": applied.replacement}] if outcome.intervened else [{"text": t} for t in outcome.texts] if full else []
    )
    return {
        "usage": outcome.usage,
        "action": "GUARDRAIL_INTERVENED" if outcome.intervened else "NONE",
        "actionReason": "Guardrail blocked."
        if outcome.blocked
        else "Guardrail masked."
        if outcome.intervened
        else "No action.",
        "outputs": outputs,
        "assessments": [assessment(applied)],
        "guardrailCoverage": {"textCharacters": {"guarded": outcome.characters, "total": outcome.characters}},
    }
