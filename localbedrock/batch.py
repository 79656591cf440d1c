"""Batch inference jobs (CreateModelInvocationJob): JSON Lines records ``{"recordId", "modelInput"}`` read from S3,
run through the same simulated models as InvokeModel (or Converse) at half the on-demand token price, with their
outputs and a manifest written back to S3, on the accelerated clock. Plain Python: the wire layer supplies how one
record's body is read and answered (:data:`RecordRunner`).

Lifecycle, each stage a quarter of the clock's ``seconds``: ``Submitted`` → ``Validating`` → ``Scheduled`` →
``InProgress`` → ``Completed`` (``PartiallyCompleted`` when some records failed). Input that breaks the quotas or
cannot be read makes the job ``Failed`` at the end of validation with a ``message``. A stop makes it ``Stopping`` for a
quarter of ``seconds``, then ``Stopped``; nothing is written or charged. ``Expired`` (a job still running after
``timeoutDurationInHours``) cannot happen on the accelerated clock.

Records are answered when the job is created (deterministic), published when it is first seen finished: one
``<input file>.out`` per input file (each record with ``modelOutput``, or ``error`` ``{errorCode, errorMessage}``)
and ``manifest.json.out`` under ``<output s3Uri>/<job id>/``, and the calls charged to the ledger at
:data:`BATCH_PRICE_SHARE` of the on-demand prices.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from localbedrock.clock import Clock
from localbedrock.customization import ArtifactStore
from localbedrock.errors import BedrockError, ConflictError, ResourceNotFoundError, ServiceQuotaError, ValidationError
from localbedrock.ids import LOWER, IdMaker
from localbedrock.knowledgebases.documents import ObjectStore, split_s3_uri
from localbedrock.model import TextResult
from localbedrock.service import BedrockService, register_regional

# Bedrock's default quotas (AWS General Reference, "Amazon Bedrock endpoints and quotas"; see docs/localbedrock.md).
MIN_RECORDS = 100
MAX_RECORDS_PER_FILE = 50_000
MAX_RECORDS = 50_000
MAX_FILE_BYTES = 1_000_000_000
MAX_JOB_BYTES = 5_000_000_000
MAX_UNFINISHED_JOBS = 20  # submitted and in progress, per account and Region
BATCH_PRICE_SHARE = 0.5  # batch inference costs half the on-demand token price

FINISHED = ("Completed", "PartiallyCompleted", "Failed", "Stopped", "Expired")
_STAGES = ("Submitted", "Validating", "Scheduled", "InProgress")

# (model id, invocation type "InvokeModel" or "Converse", modelInput) → (modelOutput, result); raises BedrockError
RecordRunner = Callable[[str, str, dict[str, Any]], tuple[dict[str, Any], TextResult]]


class BatchStore(ObjectStore, ArtifactStore, Protocol):
    """Where batch input is listed and read and output written (moto's S3 in the emulator)."""


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Record:
    """One input record and its answer: ``output`` (modelOutput) or ``error`` (errorCode, errorMessage)."""

    record_id: str
    model_input: dict[str, Any]
    output: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    result: TextResult | None = None

    def line(self) -> str:
        answer = {"modelOutput": self.output} if self.error is None else {"error": self.error}
        return json.dumps({"recordId": self.record_id, "modelInput": self.model_input, **answer})


@dataclass
class BatchJob:
    arn: str
    name: str
    model_id: str
    role_arn: str
    input_config: dict[str, Any]
    output_config: dict[str, Any]
    invocation_type: str
    timeout_hours: int
    started: float
    client_token: str | None = None
    submit_time: datetime = field(default_factory=_now)
    files: dict[str, list[Record]] = field(default_factory=dict)  # input key → its records, in order
    failure: str | None = None
    stopped: float | None = None
    stop_time: datetime | None = None
    published: bool = False

    @property
    def id(self) -> str:
        return self.arn.rsplit("/", 1)[-1]

    @property
    def records(self) -> list[Record]:
        return [record for records in self.files.values() for record in records]

    @property
    def errors(self) -> int:
        return sum(record.error is not None for record in self.records)

    def status(self, clock: Clock) -> str:
        if self.stopped is not None:
            return "Stopped" if clock.elapsed(self.stopped, 1 / 4) else "Stopping"
        if self.failure is not None and clock.elapsed(self.started, 2 / 4):
            return "Failed"
        if clock.elapsed(self.started):
            return "PartiallyCompleted" if self.errors else "Completed"
        return [stage for quarter, stage in enumerate(_STAGES) if clock.elapsed(self.started, quarter / 4)][-1]

    def end_time(self, clock: Clock) -> datetime | None:
        status = self.status(clock)
        if status in ("Completed", "PartiallyCompleted"):
            return self.submit_time + timedelta(seconds=clock.seconds)
        if status == "Failed":
            return self.submit_time + timedelta(seconds=clock.seconds / 2)
        if status == "Stopped" and self.stop_time is not None:
            return self.stop_time + timedelta(seconds=clock.seconds / 4)
        return None

    def expiration_time(self) -> datetime:
        return self.submit_time + timedelta(hours=self.timeout_hours)

    def output_prefix(self) -> tuple[str, str]:
        """The bucket and key prefix the job's results go to: ``<output s3Uri>/<job id>/``."""
        bucket, prefix = split_s3_uri(self.output_config["s3OutputDataConfig"]["s3Uri"].rstrip("/") + "/")
        return bucket, f"{prefix}{self.id}/"


class BatchJobs:
    """The batch inference jobs of one account and region."""

    def __init__(self, service: BedrockService, account: str, region: str) -> None:
        self.service, self.account, self.region = service, account, region
        self.clock = Clock(service.options.lifecycle_seconds)
        self.ids = IdMaker(zlib.crc32(f"{account}/{region}/batch".encode()), LOWER, 12)
        self.jobs: dict[str, BatchJob] = {}
        self._stores: dict[str, BatchStore] = {}

    def create(
        self,
        name: str,
        role_arn: str,
        model_id: str,
        input_config: dict[str, Any],
        output_config: dict[str, Any],
        store: BatchStore,
        runner: RecordRunner,
        invocation_type: str = "InvokeModel",
        timeout_hours: int = 168,
        client_token: str | None = None,
    ) -> BatchJob:
        """A new job: the model is checked now; the input is read, checked and answered now, and a problem with it
        fails the job at the end of validation."""
        repeated = next((j for j in self.jobs.values() if client_token and j.client_token == client_token), None)
        if repeated is not None:
            return repeated  # a retried request with the same clientRequestToken: the job it made
        if any(j.name == name for j in self.jobs.values()):
            raise ConflictError(f"A batch inference job with the name {name} already exists.")
        self.service.text_model(model_id)  # unknown, retired, profile-only or embedding models: Bedrock's errors
        unfinished = [j for j in self.all_jobs() if j.status(self.clock) not in FINISHED]
        if len(unfinished) >= MAX_UNFINISHED_JOBS:
            raise ServiceQuotaError(
                f"You have reached the quota of {MAX_UNFINISHED_JOBS} submitted and in-progress batch inference jobs."
            )
        job = BatchJob(
            arn=f"arn:aws:bedrock:{self.region}:{self.account}:model-invocation-job/{self.ids.new()}",
            name=name,
            model_id=model_id,
            role_arn=role_arn,
            input_config=input_config,
            output_config=output_config,
            invocation_type=invocation_type,
            timeout_hours=timeout_hours,
            started=self.clock.now(),
            client_token=client_token,
        )
        try:
            job.files = {key: self._answer(job, lines, runner) for key, lines in _read_input(job, store).items()}
        except _InputError as error:
            job.failure = str(error)
        self.jobs[job.arn] = job
        self._stores[job.arn] = store
        return job

    def _answer(self, job: BatchJob, lines: list[dict[str, Any]], runner: RecordRunner) -> list[Record]:
        records = []
        for number, line in enumerate(lines, 1):
            record_id = str(line.get("recordId") or f"{number:011d}")  # Bedrock adds an id when it is missing
            model_input = line.get("modelInput")
            try:
                if not isinstance(model_input, dict):
                    raise ValidationError("The record has no modelInput object.")
                output, result = runner(job.model_id, job.invocation_type, model_input)
            except BedrockError as error:
                code = 400 if isinstance(error, ValidationError) else 500
                error_body = {"errorCode": code, "errorMessage": error.message}
                records.append(
                    Record(record_id, model_input if isinstance(model_input, dict) else {}, error=error_body)
                )
                continue
            records.append(Record(record_id, model_input, output=output, result=result))
        return records

    def _advance(self) -> None:
        """Write the outputs of the jobs that just finished and charge their calls."""
        for job in self.jobs.values():
            if job.published or job.status(self.clock) not in ("Completed", "PartiallyCompleted"):
                continue
            job.published = True
            bucket, prefix = job.output_prefix()
            store = self._stores[job.arn]
            try:
                for key, records in job.files.items():
                    body = "".join(record.line() + "\n" for record in records)
                    store.write(bucket, f"{prefix}{key.rsplit('/', 1)[-1]}.out", body.encode())
                store.write(bucket, f"{prefix}manifest.json.out", json.dumps(manifest(job)).encode())
            except ResourceNotFoundError:
                uri = job.output_config["s3OutputDataConfig"]["s3Uri"]
                job.failure = f"The output location {uri} could not be written."  # shows as Failed from now
                continue
            self._charge(job)

    def _charge(self, job: BatchJob) -> None:
        profile = self.service.text_model(job.model_id).profile
        for record in job.records:
            if record.result is not None:
                self.service.ledger.record(
                    job.model_id,
                    profile,
                    record.result.input_tokens,
                    record.result.output_tokens,
                    record.result.latency_ms,
                    price_share=BATCH_PRICE_SHARE,
                    kind="batch inference",
                )

    def job(self, identifier: str) -> BatchJob:
        """A job by ARN or id."""
        self._advance()
        found = self.jobs.get(identifier) or next((j for j in self.jobs.values() if identifier in (j.id, j.name)), None)
        if found is None:
            raise ResourceNotFoundError(f"The batch inference job {identifier} couldn't be found.")
        return found

    def all_jobs(self) -> list[BatchJob]:
        self._advance()
        return list(self.jobs.values())

    def stop(self, identifier: str) -> BatchJob:
        job = self.job(identifier)
        status = job.status(self.clock)
        if status in FINISHED or status == "Stopping":
            raise ValidationError(f"The batch inference job {job.name} is {status} and cannot be stopped.")
        job.stopped, job.stop_time = self.clock.now(), _now()
        return job


def manifest(job: BatchJob) -> dict[str, int]:
    """The counts Bedrock writes to ``manifest.json.out``."""
    answered = [r.result for r in job.records if r.result is not None]
    return {
        "totalRecordCount": len(job.records),
        "processedRecordCount": len(job.records),
        "successRecordCount": len(answered),
        "errorRecordCount": job.errors,
        "inputTokenCount": sum(r.input_tokens for r in answered),
        "outputTokenCount": sum(r.output_tokens for r in answered),
    }


class _InputError(Exception):
    """Input that fails the whole job."""


def _read_input(job: BatchJob, store: BatchStore) -> dict[str, list[dict[str, Any]]]:
    """The parsed lines of every input file (one ``.jsonl`` object, or every one under a prefix)."""
    uri = job.input_config.get("s3InputDataConfig", {}).get("s3Uri", "")
    try:
        bucket, key = split_s3_uri(uri)
        keys = [key] if key.endswith(".jsonl") else [o.key for o in store.list(bucket, key) if o.key.endswith(".jsonl")]
        raw = {k: store.read(bucket, k) for k in keys}
    except (ResourceNotFoundError, ValueError):
        raise _InputError(f"The input {uri} could not be read; check that it exists in Amazon S3.") from None
    if not raw:
        raise _InputError(f"No .jsonl file was found at {uri}.")
    if sum(len(body) for body in raw.values()) > MAX_JOB_BYTES or any(len(b) > MAX_FILE_BYTES for b in raw.values()):
        raise _InputError("The input exceeds the batch inference size quotas (1 GB a file, 5 GB a job).")
    files = {}
    for key, body in raw.items():
        lines = []
        for number, text in enumerate(body.decode("utf-8", "replace").splitlines(), 1):
            if not text.strip():
                continue
            try:
                line = json.loads(text)
            except json.JSONDecodeError:
                raise _InputError(f"s3://{bucket}/{key}: line {number} is not valid JSON.") from None
            if not isinstance(line, dict):
                raise _InputError(f"s3://{bucket}/{key}: line {number} is not a JSON object.")
            lines.append(line)
        if len(lines) > MAX_RECORDS_PER_FILE:
            raise _InputError(f"s3://{bucket}/{key} has {len(lines)} records; a file may have {MAX_RECORDS_PER_FILE}.")
        files[key] = lines
    total = sum(len(lines) for lines in files.values())
    if total < MIN_RECORDS:
        raise _InputError(f"The job has {total} records; a batch inference job needs at least {MIN_RECORDS}.")
    if total > MAX_RECORDS:
        raise _InputError(f"The job has {total} records; a batch inference job may have {MAX_RECORDS}.")
    return files


register_regional("batch_jobs", BatchJobs)
