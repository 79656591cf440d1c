"""Model customization jobs (fine-tuning, continued pre-training, distillation) and the custom models they make:
their names, ARNs, hyperparameter validation and lifecycle, in plain Python.

A job is ``InProgress`` for the accelerated clock's ``seconds``, then ``Completed``; a stop makes it ``Stopping`` for a
third of that, then ``Stopped``. The training and validation files are read and checked when the job is created
(:mod:`localbedrock.finetuning.data`); bad data makes the job ``Failed`` after a third of ``seconds`` (the validation
stage) with a ``failureMessage`` naming the file, the line and the problem. Good data is trained at once
(:mod:`localbedrock.finetuning.training`, deterministic), and on completion the metrics files are written to the output
S3 prefix, training is charged to the ledger and storage starts accruing. The custom model (named
``customModelName``, which the job reports as ``outputModelName``) exists from the job's creation, ``Creating`` until
the job completes, then ``Active``; a stopped or failed job's model is ``Failed``. Its own ARN is not invokable
(on-demand throughput is not supported): serve it with :mod:`localbedrock.finetuning.serving`.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from localbedrock.catalog import (
    ANTHROPIC,
    CUSTOMIZATION_PRICES,
    LLAMA3,
    NOVA,
    TITAN_TEXT,
    ModelProfile,
    find_model,
)
from localbedrock.clock import Clock
from localbedrock.errors import ConflictError, ResourceNotFoundError, ValidationError
from localbedrock.finetuning import data
from localbedrock.finetuning.learned import Answers, Learned, Style, learn_answers, learn_style
from localbedrock.finetuning.model import NotOnDemand
from localbedrock.finetuning.training import Run, Settings, memorisation, metrics_files, train
from localbedrock.ids import LOWER, IdMaker
from localbedrock.knowledgebases.documents import split_s3_uri
from localbedrock.ledger import HOURS_PER_MONTH, Charge, Meter
from localbedrock.service import RETIRED, BedrockService, register_regional
from localbedrock.tokens import count_tokens

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


class ArtifactStore(Protocol):
    """Where training data is read and metrics are written (moto's S3 in the emulator, a dict in unit tests)."""

    def read(self, bucket: str, key: str) -> bytes:
        """The object's bytes; ResourceNotFoundError if the bucket or object is absent."""
        ...

    def write(self, bucket: str, key: str, body: bytes) -> None:
        """Store ``body``; ResourceNotFoundError if the bucket is absent."""
        ...


@dataclass(frozen=True)
class Training:
    """What a job's data taught: the simulated run, the custom model's learning, and the tokens billed per epoch."""

    run: Run
    learned: Learned
    tokens: int


def _read(store: ArtifactStore, uri: str) -> bytes:
    try:
        return store.read(*split_s3_uri(uri))
    except (ResourceNotFoundError, ValueError):
        raise data.DataError(f"The file {uri} could not be read; check that it exists in Amazon S3.") from None


def prepare(
    profile: ModelProfile,
    kind: str,
    hyperparameters: dict[str, str],
    training_uri: str,
    validation_uris: list[str],
    store: ArtifactStore,
) -> Training:
    """Read and check a job's data, then train on it; DataError names the first problem."""
    fmt = data.data_format(profile.family, kind)
    limits = data.LIMITS[profile.family]
    settings = Settings.of(profile.family, hyperparameters)
    max_chars = limits.max_record_chars(settings.batch_size)
    raw = _read(store, training_uri)
    cpt = kind == "CONTINUED_PRE_TRAINING"
    data.check_size(training_uri, len(raw), data.CPT_MAX_TRAIN_BYTES if cpt else limits.max_train_bytes)
    records = data.parse_records(training_uri, raw, fmt, max_chars)
    validation = 0
    for uri in validation_uris:
        checked = _read(store, uri)
        data.check_size(uri, len(checked), limits.max_validation_bytes)
        validation += len(data.parse_records(uri, checked, fmt, max_chars))
    data.check_counts(limits, len(records), validation if validation_uris else None)
    run = train(len(records), settings, validate=bool(validation_uris), seed=zlib.crc32(raw))
    style = Style() if cpt else learn_style(records)
    learned = Learned(
        style=style,
        answers=Answers() if cpt else learn_answers(records, style),
        style_strength=0.0 if cpt else run.style_strength,
        exposure=run.exposure,
        memorised=memorisation(run.exposure, len(records)),
    )
    tokens = sum(count_tokens(text) for r in records for text in (r.system, r.prompt, r.completion))
    return Training(run, learned, tokens)


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
    training: Training | None = None
    failure: str | None = None
    fails_at: float = 1 / 3  # the share of the lifecycle after which a failure shows: validation is the first third
    published: bool = False
    storage: Meter | None = None

    @property
    def id(self) -> str:
        """The job id: the last part of its ARN."""
        return self.arn.rsplit("/", 1)[-1]

    def status(self, clock: Clock) -> str:
        if self.stopped is not None:
            return "Stopped" if clock.elapsed(self.stopped, 1 / 3) else "Stopping"
        if self.failure is not None and clock.elapsed(self.started, self.fails_at):
            return "Failed"
        return "Completed" if clock.elapsed(self.started) else "InProgress"

    def end_time(self, clock: Clock) -> datetime | None:
        """When the job reached Completed, Failed or Stopped (None while it runs)."""
        status = self.status(clock)
        if status == "Completed":
            return self.creation_time + timedelta(seconds=clock.seconds)
        if status == "Failed":
            return self.creation_time + timedelta(seconds=clock.seconds * self.fails_at)
        if status == "Stopped" and self.stop_time is not None:
            return self.stop_time + timedelta(seconds=clock.seconds / 3)
        return None

    def model_status(self, clock: Clock) -> str:
        return {"Completed": "Active", "InProgress": "Creating"}.get(self.status(clock), "Failed")

    def stages(self, clock: Clock) -> tuple[str, ...]:
        """The status of its three stages, validation, data processing and training, each a third of the
        lifecycle: Completed before the current one, NotStarted after it."""
        status = self.status(clock)
        if status == "Completed":
            return ("Completed",) * 3
        if status == "Failed":
            current, state = round(self.fails_at * 3) - 1, "Failed"
        else:
            until = self.stopped if self.stopped is not None else clock.now()
            progress = (until - self.started) / clock.seconds if clock.seconds else 1.0
            current, state = min(2, int(progress * 3)), status
        return tuple("Completed" if i < current else state if i == current else "NotStarted" for i in range(3))


class CustomizationJobs:
    """The customization jobs and custom models of one account and region."""

    def __init__(self, service: BedrockService, account: str, region: str) -> None:
        self.service, self.account, self.region = service, account, region
        self.clock = Clock(service.options.lifecycle_seconds)
        self.ids = IdMaker(zlib.crc32(f"{account}/{region}/jobs".encode()), LOWER, 12)
        self.jobs: dict[str, Job] = {}
        self._stores: dict[str, ArtifactStore] = {}

    def create(
        self,
        name: str,
        model_name: str,
        role_arn: str,
        base_model: str,
        training_data: dict[str, Any],
        output_data: dict[str, Any],
        store: ArtifactStore,
        customization_type: str | None = None,
        hyperparameters: dict[str, str] | None = None,
        validation_data: dict[str, Any] | None = None,
    ) -> Job:
        """A new job; its data is read from ``store`` and checked now, and trained on if good."""
        bare = base_model.rsplit("/", 1)[-1]  # a foundation-model ARN names the model after its last slash
        profile = find_model(bare) or find_model(_CONTEXT_SUFFIX.sub("", bare))  # ":200k", the customizable variant
        if profile is None or not profile.customizations:
            raise ValidationError(f"The base model {base_model} does not support customization.")
        if profile.retired_in(self.region):
            raise ResourceNotFoundError(RETIRED)
        kind = customization_type or "FINE_TUNING"
        if self.region not in profile.customization_regions:
            raise ValidationError(
                f"The base model {base_model} doesn't support {kind} in {self.region}. "
                f"Create the job in a supported Region: {', '.join(profile.customization_regions)}."
            )
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
        validators = [v["s3Uri"] for v in job.validation_data.get("validators", [])]
        training_uri = training_data.get("s3Uri", "")  # invocation logs as training data are not emulated
        try:
            job.training = prepare(profile, kind, job.hyperparameters, training_uri, validators, store)
        except data.DataError as error:
            job.failure = str(error)
        self.jobs[job.arn] = job
        self._stores[job.arn] = store
        self.service.register(job.model_arn, NotOnDemand(replace(profile, model_id=job.model_arn, name=model_name)))
        return job

    def _advance(self) -> None:
        """Publish what the jobs that just completed made: metrics files, the training charge, storage."""
        for job in self.jobs.values():
            if job.published or job.training is None or job.status(self.clock) != "Completed":
                continue
            job.published = True
            bucket, prefix = split_s3_uri(job.output_data["s3Uri"].rstrip("/") + "/")
            try:
                for path, text in metrics_files(job.training.run).items():
                    key = f"{prefix}model-customization-job-{job.id}/{path}"
                    self._stores[job.arn].write(bucket, key, text.encode())
            except ResourceNotFoundError:
                job.failure, job.fails_at = f"The output location {job.output_data['s3Uri']} could not be written.", 1
                continue
            self._charge(job)

    def _charge(self, job: Job) -> None:
        prices = CUSTOMIZATION_PRICES.get(job.base_model.model_id)
        if prices is None or job.training is None:
            return
        epochs = job.training.run.epochs_trained
        self.service.ledger.charge(
            Charge("training", job.arn, job.training.tokens * epochs / 1000, "1K tokens", prices.training_per_1k_tokens)
        )
        job.storage = self.service.ledger.meter(
            Meter(
                "custom model storage",
                job.model_arn,
                "model-month",
                prices.storage_per_month,
                1 / HOURS_PER_MONTH,
                lambda: self.clock.now(),
            )
        )

    def job(self, identifier: str) -> Job:
        """A job by ARN or name."""
        self._advance()
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

    def all_jobs(self) -> list[Job]:
        self._advance()
        return list(self.jobs.values())

    def models(self) -> list[Job]:
        """The jobs whose custom model exists (not deleted), as the models' records."""
        self._advance()
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
        self.service.unregister(job.model_arn)
        if job.storage is not None:
            job.storage.stop()


register_regional("customization_jobs", CustomizationJobs)
