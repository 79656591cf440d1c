"""The reader against the course's quality bars, on the labelled reading set (data/calibration/reading.jsonl).

Run: .venv/bin/python bench/reading_bench.py [MODEL_ID ...]
Prints, per model and per split (dev, held_apart, fresh, fresh2, fresh2_held, fresh3, fresh4, fresh5, fresh6:
data/README.md says who wrote each and when): accuracy on answerable questions of each type given their answering
documents, and abstention with and without the instruction to answer only from the documents; then the latency of
a grounded Converse call. Asserts nothing.
"""

from __future__ import annotations

import statistics
import sys
import time

import boto3

import localbedrock
from bedrock_course.calibration._reading_set import SPLITS, abstains, ask, correct, questions, share, xml_prompt

MODELS = ["amazon.nova-lite-v1:0", "us.anthropic.claude-haiku-4-5-20251001-v1:0", "amazon.nova-micro-v1:0"]
TYPES = ["single-fact", "paraphrase", "multi-passage", "changed-between-versions"]


def report(model_id: str, split: str) -> None:
    cells = []
    for kind in TYPES:
        records = questions(split, answerable=True, types=(kind,))
        right = share(correct(ask(model_id, xml_prompt(r["question"], r["gold_doc_ids"])), r) for r in records)
        cells.append(f"{kind} {right:.2f} ({len(records)})")
    for answerable in (False, True):
        records = questions(split, answerable=answerable)
        told = share(abstains(ask(model_id, xml_prompt(r["question"], r["gold_doc_ids"]))) for r in records)
        free = share(abstains(ask(model_id, xml_prompt(r["question"], r["gold_doc_ids"], False))) for r in records)
        label = "answerable" if answerable else "unanswerable"
        cells.append(f"abstains on {label} ({len(records)}): told {told:.2f}, not told {free:.2f}")
    print(f"{model_id} [{split}]\n  " + "\n  ".join(cells))


def grounded_latency_ms(calls: int = 200) -> float:
    runtime = boto3.client("bedrock-runtime", region_name="us-east-1")
    record = questions("dev", answerable=True, types=("single-fact",))[0]
    prompt = xml_prompt(record["question"], record["gold_doc_ids"])
    request = {"modelId": MODELS[0], "messages": [{"role": "user", "content": [{"text": prompt}]}]}
    runtime.converse(**request)
    times = []
    for _ in range(calls):
        start = time.perf_counter()
        runtime.converse(**request)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    with localbedrock.LocalBedrock():
        for model_id in sys.argv[1:] or MODELS:
            for split in SPLITS:
                report(model_id, split)
        print(f"grounded Converse (one document in the prompt), median: {grounded_latency_ms():.2f} ms")


if __name__ == "__main__":
    main()
