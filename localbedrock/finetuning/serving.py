"""Serving custom models as AWS does: provisioned throughput (model units, optional 1- or 6-month commitment,
``Creating`` → ``InService``) and custom model deployments for on-demand inference (``Creating`` → ``Active``, for
the base models whose custom models AWS deploys on demand). The ARN each returns is the ``modelId`` to invoke.

Costs go to the ledger: a provisioned throughput without commitment accrues ``units * hourly price`` from creation
until deleted (a forgotten one keeps costing); a commitment charges its whole term (730 or 4,380 hours) at creation
and cannot be deleted before the term ends. A deployment costs its base model's on-demand token prices per call.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from localbedrock.catalog import CUSTOMIZATION_PRICES, ModelProfile, find_model
from localbedrock.clock import Clock
from localbedrock.customization import CustomizationJobs
from localbedrock.errors import ConflictError, ModelNotReadyError, ResourceNotFoundError, ValidationError
from localbedrock.finetuning.model import CustomTextModel
from localbedrock.ids import LOWER, IdMaker
from localbedrock.ledger import Charge, Meter
from localbedrock.model import TextModel, TextRequest, TextResult
from localbedrock.service import BedrockService, register_regional

COMMITMENT_HOURS = {"OneMonth": 730, "SixMonths": 4_380}


def _now() -> datetime:
    return datetime.now(UTC)


class Endpoint:
    """A provisioned throughput or deployment ARN as a :class:`~localbedrock.model.TextModel`: the model answers
    once ``ready()``; before, ModelNotReadyException."""

    def __init__(self, profile: ModelProfile, model: TextModel, ready: Callable[[], bool]) -> None:
        self.profile, self.model, self._ready = profile, model, ready

    def generate(self, request: TextRequest) -> TextResult:
        if not self._ready():
            raise ModelNotReadyError(f"The model {self.profile.model_id} is not ready to serve requests yet.")
        return self.model.generate(request)


class _Switch:
    """A model that answers as ``old`` until ``switched()``, then as ``new`` (a deployment being updated)."""

    def __init__(self, old: TextModel, new: TextModel, switched: Callable[[], bool]) -> None:
        self.old, self.new, self._switched = old, new, switched
        self.profile = new.profile

    def generate(self, request: TextRequest) -> TextResult:
        return (self.new if self._switched() else self.old).generate(request)


@dataclass
class Provisioned:
    arn: str
    name: str
    model_arn: str
    foundation_arn: str
    units: int
    commitment: str | None
    started: float
    creation_time: datetime = field(default_factory=_now)
    updated: float | None = None
    update_time: datetime | None = None
    meter: Meter | None = None

    def status(self, clock: Clock) -> str:
        if not clock.elapsed(self.started):
            return "Creating"
        if self.updated is not None and not clock.elapsed(self.updated):
            return "Updating"
        return "InService"

    def expires(self) -> datetime | None:
        hours = COMMITMENT_HOURS.get(self.commitment or "")
        return self.creation_time + timedelta(hours=hours) if hours else None


@dataclass
class Deployment:
    arn: str
    name: str
    model_arn: str
    description: str | None
    started: float
    creation_time: datetime = field(default_factory=_now)

    foundation_arn: str = ""
    updated: float | None = None  # an update's start (UpdateCustomModelDeployment)
    update_model_arn: str | None = None
    update_time: datetime | None = None

    def status(self, clock: Clock) -> str:
        return "Active" if clock.elapsed(self.started) else "Creating"

    def update_status(self, clock: Clock) -> str | None:
        """``Updating`` for one lifecycle stage after UpdateCustomModelDeployment, then ``UpdateCompleted``."""
        if self.updated is None:
            return None
        return "UpdateCompleted" if clock.elapsed(self.updated) else "Updating"

    def served_model_arn(self, clock: Clock) -> str:
        """The custom model it serves now: the update's once completed."""
        if self.update_model_arn is not None and self.update_status(clock) == "UpdateCompleted":
            return self.update_model_arn
        return self.model_arn


@dataclass(frozen=True)
class Target:
    """What an endpoint serves: the backend, under the endpoint's profile, and the model and base it comes from."""

    profile: ModelProfile
    model: TextModel
    model_arn: str
    base: ModelProfile

    @property
    def foundation_arn(self) -> str:
        region = self.model_arn.split(":")[3]
        return f"arn:aws:bedrock:{region}::foundation-model/{self.base.model_id}"


class Serving:
    """The provisioned throughputs and custom model deployments of one account and region."""

    def __init__(self, service: BedrockService, account: str, region: str) -> None:
        jobs: CustomizationJobs = service.customization_jobs(account, region)  # serving runs on the jobs' clock
        self.service, self.jobs, self.clock = service, jobs, jobs.clock
        self.prefix = f"arn:aws:bedrock:{region}:{account}"
        self.ids = IdMaker(zlib.crc32(f"{jobs.account}/{jobs.region}/serving".encode()), LOWER, 12)
        self.provisioned: dict[str, Provisioned] = {}
        self.deployments: dict[str, Deployment] = {}
        self._endpoints: dict[str, Endpoint] = {}

    def _target(self, model_id: str, served_as: str, per_token: bool) -> Target:
        """What serves ``model_id`` under ``served_as``: a custom model (Active), or for provisioned throughput a
        customizable foundation model. Provisioned throughput is paid by the hour, so its token prices are 0."""
        unpriced = {} if per_token else {"input_price_per_1k": 0.0, "output_price_per_1k": 0.0}
        try:
            job = self.jobs.model(model_id)
        except ResourceNotFoundError:
            base = find_model(model_id)
            if base is None or not base.customizations or per_token:
                raise ValidationError(f"The model {model_id} is not a custom model that can be served.") from None
            arn = f"arn:aws:bedrock:{self.jobs.region}::foundation-model/{base.model_id}"
            profile = replace(base, model_id=served_as, **unpriced)
            return Target(profile, self.service.text_model(base.model_id), arn, base)
        if job.model_status(self.jobs.clock) != "Active" or job.training is None:
            raise ValidationError(f"The custom model {model_id} is not Active.")
        profile = replace(job.base_model, model_id=served_as, name=job.model_name, **unpriced)
        base_backend = self.service.text_model(job.base_model.model_id)
        custom = CustomTextModel(profile, base_backend, job.training.learned)
        return Target(profile, custom, job.model_arn, job.base_model)

    def create_provisioned(self, name: str, model_id: str, units: int, commitment: str | None = None) -> Provisioned:
        if any(p.name == name for p in self.provisioned.values()):
            raise ConflictError(f"A provisioned model throughput with the name {name} already exists.")
        arn = f"{self.prefix}:provisioned-model/{self.ids.new()}"
        target = self._target(model_id, arn, per_token=False)
        prices = CUSTOMIZATION_PRICES.get(target.base.model_id)
        if prices is None:
            raise ValidationError(f"Provisioned throughput is not available for {model_id}.")
        created = Provisioned(arn, name, target.model_arn, target.foundation_arn, units, commitment, self.clock.now())
        hourly = prices.provisioned_per_hour[commitment or ""]
        if commitment:
            item, hours = f"provisioned throughput ({commitment} commitment)", COMMITMENT_HOURS[commitment]
            self.service.ledger.charge(Charge(item, arn, units * hours, "model unit-hour", hourly))
        else:
            created.meter = self.service.ledger.meter(
                Meter("provisioned throughput", arn, "model unit-hour", hourly, units, lambda: self.clock.now())
            )
        self.provisioned[arn] = created
        self._serve(arn, Endpoint(target.profile, target.model, lambda: created.status(self.clock) != "Creating"))
        return created

    def _serve(self, arn: str, endpoint: Endpoint) -> None:
        self._endpoints[arn] = endpoint
        self.service.register(arn, endpoint)

    def _unserve(self, arn: str) -> None:
        del self._endpoints[arn]
        self.service.unregister(arn)

    def get_provisioned(self, identifier: str) -> Provisioned:
        found = self.provisioned.get(identifier) or next(
            (p for p in self.provisioned.values() if p.name == identifier), None
        )
        if found is None:
            raise ResourceNotFoundError(f"The provisioned model throughput {identifier} couldn't be found.")
        return found

    def update_provisioned(self, identifier: str, name: str | None = None, model_id: str | None = None) -> None:
        """Rename, or serve another custom model of the same base model (``Updating`` for one lifecycle stage)."""
        found = self.get_provisioned(identifier)
        if found.status(self.clock) != "InService":
            raise ValidationError(f"The provisioned model throughput {found.name} is {found.status(self.clock)}.")
        if name and name != found.name and any(p.name == name for p in self.provisioned.values()):
            raise ConflictError(f"A provisioned model throughput with the name {name} already exists.")
        if model_id:
            target = self._target(model_id, found.arn, per_token=False)
            if target.foundation_arn != found.foundation_arn:
                raise ValidationError("The new model must have the same base model as the current one.")
            endpoint = self._endpoints[found.arn]
            endpoint.profile, endpoint.model, found.model_arn = target.profile, target.model, target.model_arn
        found.name = name or found.name
        found.updated, found.update_time = self.clock.now(), _now()

    def delete_provisioned(self, identifier: str) -> None:
        found = self.get_provisioned(identifier)
        expires = found.expires()
        if expires is not None and _now() < expires:
            raise ValidationError(
                f"The provisioned model throughput {found.name} has a {found.commitment} commitment that ends on "
                f"{expires:%Y-%m-%d}; it can't be deleted before then."
            )
        del self.provisioned[found.arn]
        self._unserve(found.arn)
        if found.meter is not None:
            found.meter.stop()

    def create_deployment(self, name: str, model_arn: str, description: str | None = None) -> Deployment:
        if any(d.name == name for d in self.deployments.values()):
            raise ConflictError(f"A custom model deployment with the name {name} already exists.")
        arn = f"{self.prefix}:custom-model-deployment/{self.ids.new()}"
        target = self._target(model_arn, arn, per_token=True)
        prices = CUSTOMIZATION_PRICES.get(target.base.model_id)
        if prices is None or not prices.on_demand:
            raise ValidationError(
                f"On-demand deployment isn't supported for custom models of {target.base.model_id}. "
                "Use provisioned throughput."
            )
        created = Deployment(
            arn, name, target.model_arn, description, self.clock.now(), foundation_arn=target.foundation_arn
        )
        self.deployments[arn] = created
        self._serve(arn, Endpoint(target.profile, target.model, lambda: created.status(self.clock) == "Active"))
        return created

    def get_deployment(self, identifier: str) -> Deployment:
        found = self.deployments.get(identifier) or next(
            (d for d in self.deployments.values() if d.name == identifier), None
        )
        if found is None:
            raise ResourceNotFoundError(f"The custom model deployment {identifier} couldn't be found.")
        return found

    def update_deployment(self, identifier: str, model_arn: str) -> Deployment:
        """Serve another custom model of the same base model: the old one answers while the deployment is
        ``Updating`` (one lifecycle stage), the new one from ``UpdateCompleted``."""
        found = self.get_deployment(identifier)
        if found.status(self.clock) != "Active" or found.update_status(self.clock) == "Updating":
            raise ValidationError(f"The custom model deployment {found.name} can't be updated while it is changing.")
        target = self._target(model_arn, found.arn, per_token=True)
        if target.foundation_arn != found.foundation_arn:
            raise ValidationError("The new model must have the same base model as the current one.")
        current = self._endpoints[found.arn]
        old_model = current.model
        found.model_arn = found.served_model_arn(self.clock)
        found.updated, found.update_model_arn, found.update_time = self.clock.now(), target.model_arn, _now()
        current.model = _Switch(old_model, target.model, lambda: found.update_status(self.clock) == "UpdateCompleted")
        current.profile = target.profile
        return found

    def delete_deployment(self, identifier: str) -> None:
        found = self.get_deployment(identifier)
        del self.deployments[found.arn]
        self._unserve(found.arn)


register_regional("serving", Serving)
