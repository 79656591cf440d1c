"""What the behaviour areas share: asking a model through Converse, the new customer messages of
data/calibration, passages picked from the corpus by shared words, and a custom model trained and deployed through
the public API (cached per training set and settings, so areas that use the same model train it once)."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from functools import cache
from typing import Any

import boto3
from botocore.exceptions import ClientError

from bedrock_course.data import DATA_DIR, finetune_path, load_corpus, read_jsonl

REGION = "us-east-1"
NOVA_MICRO, NOVA_LITE, NOVA_PRO = "amazon.nova-micro-v1:0", "amazon.nova-lite-v1:0", "amazon.nova-pro-v1:0"
HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"
SONNET = "anthropic.claude-3-5-sonnet-20240620-v1:0"
# The calibration measures the emulator's simulated models against published figures, retired ones included: Claude 3
# Haiku is called in a Region where AWS still serves it after its end of life (2026-09-10), as the emulator does.
SERVED_IN = {HAIKU: "ca-central-1"}
ROLE = "arn:aws:iam::123456789012:role/Calibration"
BUCKET = "calibration-finetuning"
GROUNDED = (
    "Answer the customer from these documents only. If they do not contain the answer, say you don't know.\n\n"
    "{passages}\n\nCustomer message: {message}"
)


def runtime(model_id: str = "") -> Any:
    """A bedrock-runtime client in a Region that serves ``model_id``."""
    return boto3.client("bedrock-runtime", region_name=SERVED_IN.get(model_id, REGION))


def ask(model_id: str, message: str, system: str = "", prefill: str = "", **request: Any) -> str:
    """The text of a Converse reply at temperature 0 (the usual setting for measurements)."""
    messages = [{"role": "user", "content": [{"text": message}]}]
    if prefill:
        messages.append({"role": "assistant", "content": [{"text": prefill}]})
    response = runtime(model_id).converse(
        modelId=model_id,
        system=[{"text": system}] if system else [],
        messages=messages,
        inferenceConfig={"temperature": 0, "maxTokens": 600},
        **request,
    )
    blocks = response["output"]["message"]["content"]
    return prefill + "".join(b.get("text", "") for b in blocks)


def share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


@cache
def style_messages(split: str | None = None) -> tuple[str, ...]:
    """New customer messages (data/calibration/style_messages.jsonl), unlike the fine-tuning set's: every split,
    or only ``dev`` or ``held_apart``."""
    rows = read_jsonl(DATA_DIR / "calibration" / "style_messages.jsonl")
    return tuple(r["message"] for r in rows if split in (None, r["split"]))


_WORD = re.compile(r"[a-z]{4,}")


@cache
def _paragraphs() -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for document in load_corpus(current_only=True):
        for paragraph in re.split(r"\n\s*\n", document.text):
            if len(paragraph.split()) >= 8:
                out.append((paragraph.strip(), frozenset(_WORD.findall(paragraph.lower()))))
    return tuple(out)


def passages_for(message: str, k: int = 3) -> list[str]:
    """The ``k`` corpus paragraphs sharing most words with ``message``: retrieved context, crudely (the measurement
    is of the reader's style, not of retrieval)."""
    words = set(_WORD.findall(message.lower()))
    ranked = sorted(_paragraphs(), key=lambda p: -len(words & p[1]))
    return [text for text, _ in ranked[:k]]


def grounded_prompt(message: str, passages: list[str]) -> str:
    tagged = "\n".join(f"<document>\n{p}\n</document>" for p in passages)
    return GROUNDED.format(passages=tagged, message=message)


def training_lines(rag_shaped: bool = False, count: int | None = None) -> str:
    """The course's conversation training set (its first ``count`` records), optionally with retrieved passages in
    every user turn, as RAFT trains (Zhang et al. 2024)."""
    lines = finetune_path("conversation", "train").read_text(encoding="utf-8").splitlines()[:count]
    if not rag_shaped:
        return "\n".join(lines) + "\n"
    out = []
    for line in lines:
        record = json.loads(line)
        turn = record["messages"][0]["content"][0]
        turn["text"] = grounded_prompt(turn["text"], passages_for(turn["text"]))
        out.append(json.dumps(record))
    return "\n".join(out) + "\n"


def _wait(status_of: Callable[[], str], *ready: str) -> str:
    while (status := status_of()) not in ready:
        time.sleep(0.05)
    return status


_deployed: dict[tuple[object, ...], str] = {}


def custom_model(base: str = NOVA_LITE, count: int | None = None, epochs: int = 2, rag_shaped: bool = False) -> str:
    """The deployment ARN (the model id to invoke) of ``base`` fine-tuned on the course's training set: the first
    ``count`` records, ``epochs`` epochs, passages in the prompts when ``rag_shaped``."""
    key = (base, count, epochs, rag_shaped)
    bedrock = boto3.client("bedrock", region_name=REGION)
    if key in _deployed:
        try:
            bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=_deployed[key])
            return _deployed[key]
        except ClientError:
            del _deployed[key]  # another emulator session: train again
    s3 = boto3.client("s3", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET)
    name = f"calibration-{len(_deployed)}-{count or 'all'}-{epochs}-{'raft' if rag_shaped else 'plain'}"
    s3.put_object(Bucket=BUCKET, Key=f"{name}.jsonl", Body=training_lines(rag_shaped, count).encode())
    job = bedrock.create_model_customization_job(
        jobName=name,
        customModelName=name,
        roleArn=ROLE,
        baseModelIdentifier=f"{base}:300k",
        trainingDataConfig={"s3Uri": f"s3://{BUCKET}/{name}.jsonl"},
        outputDataConfig={"s3Uri": f"s3://{BUCKET}/output/"},
        hyperParameters={"epochCount": str(epochs)},
    )["jobArn"]
    _wait(lambda: bedrock.get_model_customization_job(jobIdentifier=job)["status"], "Completed", "Failed")
    model = bedrock.get_model_customization_job(jobIdentifier=job)["outputModelArn"]
    arn = bedrock.create_custom_model_deployment(modelDeploymentName=name, modelArn=model)["customModelDeploymentArn"]
    _wait(lambda: bedrock.get_custom_model_deployment(customModelDeploymentIdentifier=arn)["status"], "Active")
    _deployed[key] = arn
    return arn
