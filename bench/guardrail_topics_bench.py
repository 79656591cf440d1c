"""Denied topics defined by a sentence alone: how often the simulated guardrail blocks a question on the topic, and
how often one off it, on the labelled set data/calibration/denied_topics.jsonl (9 topics, split dev / held_apart).

Run: .venv/bin/python bench/guardrail_topics_bench.py
Prints, per split: recall on on-topic questions and the false-positive rate on off-topic ones, with and without the
topic's first two on-topic questions given as examples (AWS lets a topic carry up to 5 sample phrases). Asserts
nothing; docs/model-behaviour.md quotes the figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3

import localbedrock

SET = Path(__file__).resolve().parents[1] / "data" / "calibration" / "denied_topics.jsonl"


def blocked(runtime, bedrock, topic: dict, examples: list[str], questions: list[str]) -> list[bool]:
    config = {"name": topic["name"].replace(" ", "-"), "definition": topic["definition"], "type": "DENY"}
    if examples:
        config["examples"] = examples
    created = bedrock.create_guardrail(
        name=f"topic-{config['name'].lower()}-{len(examples)}",
        topicPolicyConfig={"topicsConfig": [config]},
        blockedInputMessaging="Blocked.",
        blockedOutputsMessaging="Blocked.",
    )
    outcomes = []
    for question in questions:
        response = runtime.apply_guardrail(
            guardrailIdentifier=created["guardrailId"],
            guardrailVersion=created["version"],
            source="INPUT",
            content=[{"text": {"text": question}}],
        )
        outcomes.append(response["action"] == "GUARDRAIL_INTERVENED")
    return outcomes


def main() -> None:
    topics = [json.loads(line) for line in SET.read_text().splitlines()]
    localbedrock.start()
    try:
        runtime = boto3.client("bedrock-runtime", region_name="us-east-1")
        bedrock = boto3.client("bedrock", region_name="us-east-1")
        for split in ("dev", "held_apart"):
            for shots in (0, 2):
                hits, false = [], []
                for topic in (t for t in topics if t["split"] == split):
                    examples = topic["on_topic"][:shots]
                    unseen = topic["on_topic"][shots:]
                    outcomes = blocked(runtime, bedrock, topic, examples, unseen + topic["off_topic"])
                    hits += outcomes[: len(unseen)]
                    false += outcomes[len(unseen) :]
                print(
                    f"{split:<11} {shots} examples: recall {sum(hits) / len(hits):.2f} ({len(hits)} on topic)   "
                    f"false positives {sum(false) / len(false):.2f} ({len(false)} off topic)"
                )
    finally:
        localbedrock.stop()


if __name__ == "__main__":
    main()
