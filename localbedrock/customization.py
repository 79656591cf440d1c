"""Model customization jobs (fine-tuning, continued pre-training, distillation) and the custom models they make:
their names, ARNs, hyperparameter validation and lifecycle, in plain Python.

A job is ``InProgress`` for the accelerated clock's ``seconds``, then ``Completed``; a stop makes it ``Stopping`` for a
third of that, then ``Stopped``. The custom model (named ``customModelName``, which the job reports as
``outputModelName``) exists from the job's creation, ``Creating`` until the job completes, then ``Active``; a stopped
job's model is ``Failed``. No training is simulated yet: data is not read and no metrics are written.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from localbedrock.catalog import ANTHROPIC, LLAMA3, NOVA, TITAN_TEXT, ModelProfile, find_model
from localbedrock.clock import Clock
from localbedrock.errors import ConflictError, ResourceNotFoundError, ValidationError
from localbedrock.ids import LOWER, IdMaker

# name → (minimum, maximum, integer?) per model family, from the Bedrock User Guide's custom-models-hp page
_EPOCHS = (1, 10, True)
HYPERPARAMETERS: dict[str, dict[str, tuple[float, float, bool]]] = {
    TITAN_TEXT: {
        "epochCount": _EPOCHS,
        "batchSize": (1, 64, True),
        "learningRate": (0.0, 1.0, False),
        "learningRateWarmupSteps": (0, 250, True),
    },
    ANTHROPIC: {
        "epochCount": _EPOCHS,
        "batchSize": (4, 256, True),
        "learningRateMultiplier": (0.1, 2.0, False),
        "earlyStoppingThreshold": (0.0, 0.1, False),
        "earlyStoppingPatience": (1, 10, True),
    },
    LLAMA3: {"epochCount": _EPOCHS, "batchSize": (1, 1, True), "learningRate": (5e-6, 0.1, False)},
    NOVA: {"epochCount": (1, 5, True), "learningRate": (1e-6, 1e-4, False), "learningRateWarmupSteps": (0, 100, True)},
}


_CONTEXT_SUFFIX = re.compile(r":\d+k$")


def _now() -> datetime:
    return datetime.now(UTC)


def check_hyperparameters(profile: ModelProfile, values: dict[str, str]) -> None:
    """ValidationError naming the first hyperparameter ``profile``'s family does not take, or takes in another range."""
    allowed = HYPERPARAMETERS.get(profile.family, {})
    for name, raw in values.items():
        if name not in allowed:
            names = ", ".join(sorted(allowed))
            raise ValidationError(f"The hyperparameter {name} is not supported for {profile.model_id}; use {names}.")
        low, high, integer = allowed[name]
        try:
            value = float(raw)
        except ValueError:
            raise ValidationError(f"The value {raw} of hyperparameter {name} is not a number.") from None
        if (integer and not value.is_integer()) or not low <= value <= high:
            kind = "an integer" if integer else "a number"
            raise ValidationError(f"The hyperparameter {name} must be {kind} from {low:g} to {high:g} (got {raw}).")


@dataclass
class Job:
    arn: str
    name: str
    model_name: str
    model_arn: str
    role_arn: str
    base_model: ModelProfile
    base_model_arn: str
    customization_type: str
    hyperparameters: dict[str, str]
    training_data: dict[str, Any]
    validation_data: dict[str, Any]
    output_data: dict[str, Any]
    started: float
    creation_time: datetime = field(default_factory=_now)
    stopped: float | None = None
    stop_time: datetime | None = None
    model_deleted: bool = False

    def status(self, clock: Clock) -> str:
        if self.stopped is not None:
            return "Stopped" if clock.elapsed(self.stopped, 1 / 3) else "Stopping"
        return "Completed" if clock.elapsed(self.started) else "InProgress"

    def end_time(self, clock: Clock) -> datetime | None:
        """When the job reached Completed or Stopped (None while it runs)."""
        status = self.status(clock)
        if status == "Completed":
            return self.creation_time + timedelta(seconds=clock.seconds)
        if status == "Stopped" and self.stop_time is not None:
            return self.stop_time + timedelta(seconds=clock.seconds / 3)
        return None

    def model_status(self, clock: Clock) -> str:
        return {"Completed": "Active", "InProgress": "Creating"}.get(self.status(clock), "Failed")


class CustomizationJobs:
    """The customization jobs and custom models of one account and region."""

    def __init__(self, account: str, region: str, clock: Clock) -> None:
        self.account, self.region, self.clock = account, region, clock
        self.ids = IdMaker(zlib.crc32(f"{account}/{region}/jobs".encode()), LOWER, 12)
        self.jobs: dict[str, Job] = {}

    def create(
        self,
        name: str,
        model_name: str,
        role_arn: str,
        base_model: str,
        training_data: dict[str, Any],
        output_data: dict[str, Any],
        customization_type: str | None = None,
        hyperparameters: dict[str, str] | None = None,
        validation_data: dict[str, Any] | None = None,
    ) -> Job:
        bare = base_model.rsplit("/", 1)[-1]  # a foundation-model ARN names the model after its last slash
        profile = find_model(bare) or find_model(_CONTEXT_SUFFIX.sub("", bare))  # ":200k", the customizable variant
        if profile is None or not profile.customizations:
            raise ValidationError(f"The base model {base_model} does not support customization.")
        kind = customization_type or "FINE_TUNING"
        if kind not in profile.customizations:
            supported = ", ".join(profile.customizations)
            raise ValidationError(f"{profile.model_id} does not support {kind}; it supports {supported}.")
        if any(j.name == name for j in self.jobs.values()):
            raise ConflictError(f"A model customization job with the name {name} already exists.")
        if any(j.model_name == model_name and not j.model_deleted for j in self.jobs.values()):
            raise ConflictError(f"A custom model with the name {model_name} already exists.")
        check_hyperparameters(profile, hyperparameters or {})
        suffix = self.ids.new()
        prefix = f"arn:aws:bedrock:{self.region}:{self.account}"
        job = Job(
            arn=f"{prefix}:model-customization-job/{bare}/{suffix}",
            name=name,
            model_name=model_name,
            model_arn=f"{prefix}:custom-model/{bare}/{self.ids.new()}",
            role_arn=role_arn,
            base_model=profile,
            base_model_arn=f"arn:aws:bedrock:{self.region}::foundation-model/{bare}",
            customization_type=kind,
            hyperparameters=dict(hyperparameters or {}),
            training_data=training_data,
            validation_data=validation_data or {"validators": []},
            output_data=output_data,
            started=self.clock.now(),
        )
        self.jobs[job.arn] = job
        return job

    def job(self, identifier: str) -> Job:
        """A job by ARN or name."""
        found = self.jobs.get(identifier) or next((j for j in self.jobs.values() if j.name == identifier), None)
        if found is None:
            raise ResourceNotFoundError(f"The model customization job {identifier} couldn't be found.")
        return found

    def stop(self, identifier: str) -> Job:
        job = self.job(identifier)
        if job.status(self.clock) != "InProgress":
            raise ValidationError(f"The job {job.name} is {job.status(self.clock)} and cannot be stopped.")
        job.stopped, job.stop_time = self.clock.now(), _now()
        return job

    def models(self) -> list[Job]:
        """The jobs whose custom model exists (not deleted), as the models' records."""
        return [j for j in self.jobs.values() if not j.model_deleted]

    def model(self, identifier: str) -> Job:
        """A custom model by ARN or name."""
        for job in self.models():
            if identifier in (job.model_arn, job.model_name):
                return job
        raise ResourceNotFoundError(f"The custom model {identifier} couldn't be found.")

    def delete_model(self, identifier: str) -> None:
        job = self.model(identifier)
        if job.model_status(self.clock) == "Creating":
            raise ConflictError(f"The custom model {identifier} is still being created.")
        job.model_deleted = True
