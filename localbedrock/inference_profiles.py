"""System-defined cross-region inference profiles: ``us.``, ``eu.``, ``apac.`` and ``global.`` ids that route a call
to the same model in any Region of a geography. Bedrock serves its newer models only through them: the bare model id
answers that on-demand throughput isn't supported. Plain data and look-ups, no HTTP.

The Regions of each geography are the common ones of the Bedrock User Guide's inference-profiles-support tables
(AWS lists them per model; the emulator uses one list per geography)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from localbedrock.catalog import CATALOG, ModelProfile

GEOGRAPHIES: dict[str, tuple[str, ...]] = {
    "us": ("us-east-1", "us-east-2", "us-west-2"),
    "eu": ("eu-central-1", "eu-west-1", "eu-west-3"),
    "apac": ("ap-northeast-1", "ap-southeast-1", "ap-southeast-2"),
}
GEOGRAPHIES["global"] = tuple(region for regions in GEOGRAPHIES.values() for region in regions)
_NAMES = {"us": "US", "eu": "EU", "apac": "APAC", "global": "Global"}
CREATED = datetime(2024, 8, 27, tzinfo=UTC)  # when system-defined profiles appeared on Bedrock
NOT_ON_DEMAND = (
    "Invocation of model ID {model_id} with on-demand throughput isn\u2019t supported. Retry your request with the ID "
    "or ARN of an inference profile that contains this model."
)
_PROFILE_ARN = re.compile(r"^arn:aws(?:-[^:]+)?:bedrock:([a-z0-9-]*):(\d{0,12}):inference-profile/(.+)$")


@dataclass(frozen=True)
class InferenceProfile:
    """One system-defined profile: ``geography.model id`` for ``model``, routed over ``regions``."""

    geography: str
    model: ModelProfile

    @property
    def id(self) -> str:
        return f"{self.geography}.{self.model.model_id}"

    @property
    def name(self) -> str:
        return f"{_NAMES[self.geography]} {self.model.provider} {self.model.name}"

    @property
    def regions(self) -> tuple[str, ...]:
        return GEOGRAPHIES[self.geography]

    @property
    def description(self) -> str:
        return f"Routes requests to {self.model.provider} {self.model.name} in {', '.join(self.regions)}."

    def arn(self, region: str, account: str) -> str:
        return f"arn:aws:bedrock:{region}:{account}:inference-profile/{self.id}"

    def model_arns(self) -> list[str]:
        """The foundation-model ARN of its model in every Region it routes to."""
        return [f"arn:aws:bedrock:{region}::foundation-model/{self.model.model_id}" for region in self.regions]

    def serves(self, region: str) -> bool:
        """Whether a client in ``region`` can call it (the Region is one of its sources)."""
        return region in self.regions


SYSTEM_PROFILES: dict[str, InferenceProfile] = {
    profile.id: profile
    for model in CATALOG.values()
    for profile in (InferenceProfile(geography, model) for geography in model.cross_region)
}


def find_profile(identifier: str) -> InferenceProfile | None:
    """The system-defined profile an id or ARN names, or None."""
    match = _PROFILE_ARN.match(identifier)
    return SYSTEM_PROFILES.get(match.group(3) if match else identifier)


def profiles_in(region: str) -> list[InferenceProfile]:
    """The profiles a client in ``region`` can call, in the catalogue's order."""
    return [profile for profile in SYSTEM_PROFILES.values() if profile.serves(region)]
