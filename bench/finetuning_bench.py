"""Fine-tuning at course scale: the time from CreateModelCustomizationJob on the course's 340 + 40 records to a
Completed job with its metrics files in S3, a Converse call through the provisioned throughput, and what the custom
model learned, measured on the 40 held-out questions (house style, training answers) beside its base model.

Run: .venv/bin/python bench/finetuning_bench.py [--calls 200]
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time

import boto3

import localbedrock
from bedrock_course.data import FINETUNE_DIR

REGION, BUCKET = "us-east-1", "bench-finetune"  # Bedrock fine-tunes Nova and Titan Text in us-east-1
BASES = {
    "amazon.nova-micro-v1:0:128k": "conversation",
    "amazon.titan-text-express-v1": "prompt_completion",
}
HOUSE_STYLE = re.compile(r"^Hi (?:[A-Z][a-z]+|there),\n\n.+\n\nBrew well,\nThe Kettlewick Care team$", re.DOTALL)


def held_out(fmt: str) -> list[tuple[str, str]]:
    """(user turn, reference reply) of the validation split in ``fmt``."""
    pairs = []
    for line in (FINETUNE_DIR / fmt / "validation.jsonl").read_text().splitlines():
        record = json.loads(line)
        if fmt == "conversation":
            user, reply = (m["content"][0]["text"] for m in record["messages"])
        else:
            user, reply = record["prompt"], record["completion"]
        pairs.append((user, reply))
    return pairs


def body(reply: str) -> str:
    """A reply without its greeting line: the answer the training taught."""
    return reply.split("\n", 1)[-1].strip()


def run(base: str, fmt: str, calls: int) -> None:
    bedrock, runtime, s3 = (boto3.client(s, region_name=REGION) for s in ("bedrock", "bedrock-runtime", "s3"))
    for split in ("train", "validation"):
        s3.put_object(
            Bucket=BUCKET, Key=f"{fmt}/{split}.jsonl", Body=(FINETUNE_DIR / fmt / f"{split}.jsonl").read_bytes()
        )
    name = base.split(".")[1].split("-20")[0].replace(":", "-")
    started = time.perf_counter()
    arn = bedrock.create_model_customization_job(
        jobName=name,
        customModelName=f"{name}-kettlewick",
        roleArn="arn:aws:iam::123456789012:role/BedrockFineTuning",
        baseModelIdentifier=base,
        trainingDataConfig={"s3Uri": f"s3://{BUCKET}/{fmt}/train.jsonl"},
        validationDataConfig={"validators": [{"s3Uri": f"s3://{BUCKET}/{fmt}/validation.jsonl"}]},
        outputDataConfig={"s3Uri": f"s3://{BUCKET}/output/"},
    )["jobArn"]
    job = bedrock.get_model_customization_job(jobIdentifier=arn)
    elapsed = time.perf_counter() - started
    pt = bedrock.create_provisioned_model_throughput(
        provisionedModelName=name, modelId=job["outputModelArn"], modelUnits=1
    )["provisionedModelArn"]
    pairs = held_out(fmt)
    latencies = []
    for i in range(calls):
        user = pairs[i % len(pairs)][0]
        began = time.perf_counter()
        runtime.converse(modelId=pt, messages=[{"role": "user", "content": [{"text": user}]}])
        latencies.append((time.perf_counter() - began) * 1000)

    def measure(model_id: str) -> tuple[int, int]:
        styled = recalled = 0
        for user, reply in pairs:
            text = runtime.converse(modelId=model_id, messages=[{"role": "user", "content": [{"text": user}]}])
            answer = text["output"]["message"]["content"][0]["text"]
            styled += bool(HOUSE_STYLE.match(answer))
            recalled += body(answer) == body(reply)
        return styled, recalled

    print(f"{base} ({fmt}, 340 training + 40 validation records, default hyperparameters)")
    print(f"  create job -> Completed with metrics files in S3: {elapsed * 1000:.0f} ms (lifecycle_seconds=0)")
    print(
        f"  training loss {job['trainingMetrics']['trainingLoss']:.3f}, "
        f"validation loss {job['validationMetrics'][0]['validationLoss']:.3f}"
    )
    print(f"  Converse through provisioned throughput: median {statistics.median(latencies):.1f} ms over {calls}")
    for label, model_id in (("custom model", pt), ("base model", base.removesuffix(":128k"))):
        styled, recalled = measure(model_id)
        print(f"  {label}: house style {styled}/40, training answer recalled {recalled}/40 held-out questions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=200)
    args = parser.parse_args()
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        boto3.client("s3", region_name=REGION).create_bucket(Bucket=BUCKET)  # us-east-1: no LocationConstraint
        for base, fmt in BASES.items():
            run(base, fmt, args.calls)


if __name__ == "__main__":
    main()
