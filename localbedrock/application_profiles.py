"""Application inference profiles (CreateInferenceProfile): a profile of one's own, copied from a foundation model
or a system-defined cross-region profile, to track a workload's usage and cost under its own ARN and tags. Calls
through its ARN are served and priced as calls to its model; the ledger records them under the profile's ARN."""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime

from localbedrock.catalog import CATALOG
from localbedrock.errors import ConflictError, ResourceNotFoundError, ValidationError
from localbedrock.ids import LOWER, IdMaker
from localbedrock.inference_profiles import find_profile
from localbedrock.service import RETIRED, BedrockService, register_regional

_FOUNDATION_ARN = re.compile(r"^arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*):\d{0,12}:foundation-model/(.+)$")


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class ApplicationProfile:
    arn: str
    name: str
    description: str | None
    model_id: str  # the catalogue model it serves
    models: list[str]  # the foundation-model ARNs of the source
    created_at: datetime = field(default_factory=_now)

    @property
    def id(self) -> str:
        return self.arn.rsplit("/", 1)[-1]


class ApplicationProfiles:
    """The application inference profiles of one account and Region."""

    def __init__(self, service: BedrockService, account: str, region: str) -> None:
        self.service, self.account, self.region = service, account, region
        self.ids = IdMaker(zlib.crc32(f"{account}/{region}/application-profiles".encode()), LOWER, 12)
        self.profiles: dict[str, ApplicationProfile] = {}

    def create(self, name: str, copy_from: str, description: str | None = None) -> ApplicationProfile:
        """A profile copied from a foundation-model ARN of this Region or a system-defined profile's ARN."""
        if any(p.name == name for p in self.profiles.values()):
            raise ConflictError(f"An inference profile with the name {name} already exists.")
        system = find_profile(copy_from)
        foundation = _FOUNDATION_ARN.match(copy_from)
        if system is not None and system.serves(self.region):
            model, models = system.model, system.model_arns()
        elif foundation is not None and foundation.group(1) in ("", self.region) and foundation.group(2) in CATALOG:
            model = CATALOG[foundation.group(2)]
            models = [f"arn:aws:bedrock:{self.region}::foundation-model/{model.model_id}"]
        else:
            raise ResourceNotFoundError(f"The model source {copy_from} couldn't be found in {self.region}.")
        if model.retired_in(self.region):
            raise ResourceNotFoundError(RETIRED)
        if system is None and not model.on_demand:
            raise ValidationError(
                f"{model.model_id} can't be invoked on demand in {self.region}: copy a system-defined inference "
                "profile that contains it instead."
            )
        arn = f"arn:aws:bedrock:{self.region}:{self.account}:application-inference-profile/{self.ids.new()}"
        created = ApplicationProfile(arn, name, description, model.model_id, models)
        self.profiles[arn] = created
        self.service.register(arn, self.service.backend(model.model_id if system is None else system.id))
        return created

    def get(self, identifier: str) -> ApplicationProfile:
        """A profile by ARN or id."""
        found = self.profiles.get(identifier) or next((p for p in self.profiles.values() if p.id == identifier), None)
        if found is None:
            raise ResourceNotFoundError(f"Inference profile {identifier} not found.")
        return found

    def delete(self, identifier: str) -> None:
        found = self.get(identifier)
        del self.profiles[found.arn]
        self.service.unregister(found.arn)


register_regional("application_profiles", ApplicationProfiles)
