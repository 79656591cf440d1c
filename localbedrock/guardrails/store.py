"""Guardrails of one account and region: the DRAFT each guardrail is edited as, and its numbered versions (frozen
copies of the DRAFT when they were made). Configurations are kept as the API's policy dicts, which GetGuardrail
echoes back and :mod:`localbedrock.guardrails.assess` reads."""

from __future__ import annotations

import copy
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from localbedrock.embeddings import TextEncoder
from localbedrock.errors import ConflictError, ResourceNotFoundError, ValidationError
from localbedrock.guardrails.assess import Assessor
from localbedrock.ids import LOWER, IdMaker
from localbedrock.service import BedrockService, register_regional

DRAFT = "DRAFT"
MISSING = "The guardrail identifier or version provided in the request does not exist."
# CreateGuardrail's *Config members → GetGuardrail's policy members, and each config list → its policy list.
POLICIES = {
    "topicPolicyConfig": ("topicPolicy", {"topicsConfig": "topics", "tierConfig": "tier"}),
    "contentPolicyConfig": ("contentPolicy", {"filtersConfig": "filters", "tierConfig": "tier"}),
    "wordPolicyConfig": ("wordPolicy", {"wordsConfig": "words", "managedWordListsConfig": "managedWordLists"}),
    "sensitiveInformationPolicyConfig": (
        "sensitiveInformationPolicy",
        {"piiEntitiesConfig": "piiEntities", "regexesConfig": "regexes"},
    ),
    "contextualGroundingPolicyConfig": (
        "contextualGroundingPolicy",
        {"filtersConfig": "filters", "tierConfig": "tier"},
    ),
}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class GuardrailVersion:
    """One version of a guardrail: the DRAFT or a numbered copy."""

    version: str
    name: str
    description: str | None
    policies: dict[str, Any]  # GetGuardrail's policy members: topicPolicy, contentPolicy, ...
    blocked_input: str
    blocked_output: str
    created_at: datetime = field(default_factory=_now)
    updated_at: datetime = field(default_factory=_now)


@dataclass
class Guardrail:
    id: str
    arn: str
    draft: GuardrailVersion
    versions: dict[str, GuardrailVersion] = field(default_factory=dict)
    kms_key_id: str | None = None
    next_version: int = 1


def _policies(config: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for member, (policy, lists) in POLICIES.items():
        if config.get(member):
            out[policy] = {lists.get(k, k): copy.deepcopy(v) for k, v in config[member].items()}
    if not out:
        raise ValidationError("A guardrail must contain at least one policy. Add a policy and try again.")
    _check_regexes(out.get("sensitiveInformationPolicy", {}).get("regexes", []))
    return out


def _check_regexes(regexes: list[dict[str, Any]]) -> None:
    import re

    for regex in regexes:
        try:
            re.compile(regex["pattern"])
        except re.error:
            raise ValidationError(f"The regex pattern {regex['pattern']} is not valid.") from None


class Guardrails:
    """CreateGuardrail, Get, List, Update, Delete, CreateGuardrailVersion for one account and region."""

    def __init__(self, account: str, region: str, encoder: TextEncoder) -> None:
        self.account, self.region = account, region
        self.assessor = Assessor(encoder)  # denied topics are matched with the encoder
        self.ids = IdMaker(zlib.crc32(f"guardrail/{account}/{region}".encode()), LOWER, 12)
        self.guardrails: dict[str, Guardrail] = {}

    def create(
        self,
        name: str,
        description: str | None,
        config: dict[str, Any],
        blocked_input: str,
        blocked_output: str,
        kms_key_id: str | None = None,
    ) -> Guardrail:
        if any(g.draft.name == name for g in self.guardrails.values()):
            raise ConflictError(f"A guardrail with the name {name} already exists.")
        guardrail_id = self.ids.new()
        arn = f"arn:aws:bedrock:{self.region}:{self.account}:guardrail/{guardrail_id}"
        draft = GuardrailVersion(DRAFT, name, description, _policies(config), blocked_input, blocked_output)
        guardrail = Guardrail(guardrail_id, arn, draft, kms_key_id=kms_key_id)
        self.guardrails[guardrail_id] = guardrail
        return guardrail

    def guardrail(self, identifier: str) -> Guardrail:
        """The guardrail an id or ARN names; ResourceNotFoundError otherwise."""
        guardrail_id = identifier.rsplit("guardrail/", 1)[-1]
        found = self.guardrails.get(guardrail_id)
        if found is None or (identifier != guardrail_id and identifier != found.arn):
            raise ResourceNotFoundError(MISSING)
        return found

    def version(self, identifier: str, version: str | None) -> tuple[Guardrail, GuardrailVersion]:
        """A guardrail and one of its versions (the DRAFT when ``version`` is None or "DRAFT")."""
        guardrail = self.guardrail(identifier)
        if not version or version == DRAFT:
            return guardrail, guardrail.draft
        found = guardrail.versions.get(version)
        if found is None:
            raise ResourceNotFoundError(MISSING)
        return guardrail, found

    def list(self, identifier: str | None = None) -> list[tuple[Guardrail, GuardrailVersion]]:
        """Every guardrail's DRAFT, or every version of one guardrail (DRAFT first)."""
        if identifier:
            guardrail = self.guardrail(identifier)
            return [(guardrail, guardrail.draft)] + [(guardrail, v) for v in guardrail.versions.values()]
        return [(g, g.draft) for g in self.guardrails.values()]

    def update(
        self,
        identifier: str,
        name: str,
        description: str | None,
        config: dict[str, Any],
        blocked_input: str,
        blocked_output: str,
        kms_key_id: str | None = None,
    ) -> Guardrail:
        """Replace the DRAFT's configuration (numbered versions keep theirs)."""
        guardrail = self.guardrail(identifier)
        if any(g.draft.name == name and g is not guardrail for g in self.guardrails.values()):
            raise ConflictError(f"A guardrail with the name {name} already exists.")
        created = guardrail.draft.created_at
        guardrail.draft = GuardrailVersion(
            DRAFT, name, description, _policies(config), blocked_input, blocked_output, created_at=created
        )
        guardrail.kms_key_id = kms_key_id or guardrail.kms_key_id
        return guardrail

    def create_version(self, identifier: str, description: str | None) -> tuple[Guardrail, str]:
        """Freeze the DRAFT as the next numbered version."""
        guardrail = self.guardrail(identifier)
        number = str(guardrail.next_version)
        guardrail.next_version += 1
        frozen = copy.deepcopy(guardrail.draft)
        frozen.version, frozen.created_at, frozen.updated_at = number, _now(), _now()
        if description:
            frozen.description = description
        guardrail.versions[number] = frozen
        return guardrail, number

    def delete(self, identifier: str, version: str | None) -> None:
        """Delete a numbered version, or the whole guardrail with every version."""
        guardrail = self.guardrail(identifier)
        if version:
            if guardrail.versions.pop(version, None) is None:
                raise ResourceNotFoundError(MISSING)
        else:
            del self.guardrails[guardrail.id]


def _guardrails(service: BedrockService, account: str, region: str) -> Guardrails:
    return Guardrails(account, region, service.guardrail_encoder())


register_regional("guardrails", _guardrails)
