"""Helpers shared by the fine-tuning tests: the course's fine-tuning files in S3, a customization job over them, and
an emulator whose lifecycle clock the test moves by hand."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest

import localbedrock
from bedrock_course.data import FINETUNE_DIR
from tests.localbedrock.kb_helpers import hand_clock

ACCOUNT, REGION = "123456789012", "us-east-1"  # where Bedrock fine-tunes Nova (and deploys it on demand)
HAIKU_FT = "anthropic.claude-3-haiku-20240307-v1:0:200k"  # fine-tuned in us-west-2 only, retired there 2026-09-10
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
TITAN_EXPRESS = "amazon.titan-text-express-v1"
NOVA_MICRO = "amazon.nova-micro-v1:0"
NOVA_MICRO_FT = "amazon.nova-micro-v1:0:128k"  # Nova Micro's customizable variant
ROLE = "arn:aws:iam::123456789012:role/BedrockFineTuning"
BUCKET = "acme-finetune"
# The format each base model's data is in (data/finetune/<format>/).
FORMATS = {
    HAIKU_FT: "conversation",
    HAIKU: "conversation",
    NOVA_MICRO: "conversation",
    NOVA_MICRO_FT: "conversation",
    TITAN_EXPRESS: "prompt_completion",
}


def course_file(fmt: str, split: str) -> bytes:
    return (FINETUNE_DIR / fmt / f"{split}.jsonl").read_bytes()


def first_lines(raw: bytes, count: int) -> bytes:
    return b"".join(raw.splitlines(keepends=True)[:count])


@dataclass
class Lab:
    """boto3 clients inside one emulator, and the lifecycle clock's time (``now[0]``), moved by the test."""

    emulator: localbedrock.LocalBedrock
    bedrock: Any
    runtime: Any
    s3: Any
    now: list[float]

    def wait(self, seconds: float = 10) -> None:
        self.now[0] += seconds

    def job(
        self,
        base: str = NOVA_MICRO_FT,
        *,
        training: bytes | None = None,
        validation: bytes | None = b"",
        name: str = "kettlewick-style",
        model: str = "kettlewick-care",
        **extra: Any,
    ) -> str:
        """Upload ``training`` (default: the course's training split in the base model's format) and
        ``validation`` (default: the course's; None: none) and create a job; its ARN."""
        fmt = FORMATS.get(base, "conversation")
        self.s3.put_object(Bucket=BUCKET, Key=f"{name}/train.jsonl", Body=training or course_file(fmt, "train"))
        if validation is not None:
            body = validation or course_file(fmt, "validation")
            self.s3.put_object(Bucket=BUCKET, Key=f"{name}/validation.jsonl", Body=body)
            extra["validationDataConfig"] = {"validators": [{"s3Uri": f"s3://{BUCKET}/{name}/validation.jsonl"}]}
        return self.bedrock.create_model_customization_job(
            jobName=name,
            customModelName=model,
            roleArn=ROLE,
            baseModelIdentifier=base,
            trainingDataConfig={"s3Uri": f"s3://{BUCKET}/{name}/train.jsonl"},
            outputDataConfig={"s3Uri": f"s3://{BUCKET}/output/"},
            **extra,
        )["jobArn"]

    def trained(self, base: str = NOVA_MICRO_FT, **job: Any) -> str:
        """A completed job's custom model ARN."""
        arn = self.job(base, **job)
        self.wait()
        done = self.bedrock.get_model_customization_job(jobIdentifier=arn)
        assert done["status"] == "Completed", done.get("failureMessage")
        return done["outputModelArn"]

    def metrics(self, job_arn: str, path: str) -> list[dict[str, str]]:
        """The rows of a metrics file of a job, as dicts by column, read after polling the job's status as a learner
        would (the files are written when the job is first seen Completed)."""
        self.bedrock.get_model_customization_job(jobIdentifier=job_arn)
        key = f"output/model-customization-job-{job_arn.rsplit('/', 1)[-1]}/{path}"
        body = self.s3.get_object(Bucket=BUCKET, Key=key)["Body"].read().decode()
        return list(csv.DictReader(io.StringIO(body)))

    def ask(self, model_id: str, text: str, **params: Any) -> str:
        response = self.runtime.converse(
            modelId=model_id, messages=[{"role": "user", "content": [{"text": text}]}], **params
        )
        return response["output"]["message"]["content"][0]["text"]


@pytest.fixture(name="lab")
def lab_fixture() -> Iterator[Lab]:
    """An emulator with a 10-second lifecycle on a clock the test moves, and a bucket for fine-tuning data (import
    ``lab_fixture`` into a test module to use ``lab``)."""
    with localbedrock.LocalBedrock(lifecycle_seconds=10) as emulator:
        assert emulator.service is not None
        now = hand_clock(emulator.service.customization_jobs(ACCOUNT, REGION).clock)
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket=BUCKET)  # us-east-1: no LocationConstraint
        yield Lab(
            emulator,
            boto3.client("bedrock", region_name=REGION),
            boto3.client("bedrock-runtime", region_name=REGION),
            s3,
            now,
        )
