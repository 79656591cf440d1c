"""Median in-process latency of localbedrock calls, beside moto's own s3.put_object, and the import overhead.

Run: .venv/bin/python bench/localbedrock_bench.py [--calls 1000]
Prints figures; asserts nothing (targets: Converse <= 5 ms, embeddings <= 3 ms median on 2 cores; import <= 0.3 s).

``--lean`` instead prints, per operation, the median with the wire layer's lean path off (moto's generic machinery)
and on, measured in one run in alternating blocks so that both see the same machine load
(.venv/bin/python bench/localbedrock_bench.py --lean [--calls 600]); ``--direct`` the same for the direct route
alone (localbedrock/wire/direct.py), the rest of the lean path on in both.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

IMPORT_PROBE = "{prelude}; import time; t = time.perf_counter(); {stmt}; print(time.perf_counter() - t)"


def import_seconds(stmt: str, runs: int = 9, prelude: str = "pass") -> float:
    """Median wall time of ``stmt`` in fresh interpreters, after ``prelude`` (untimed)."""
    times = []
    for _ in range(runs):
        probe = IMPORT_PROBE.format(prelude=prelude, stmt=stmt)
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def median_ms(call: Callable[[], object], calls: int) -> float:
    for _ in range(min(20, calls)):
        call()  # warm caches, as a notebook would after its first cell
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def paired_medians(call: Callable[[], object], calls: int, switch: Callable[[bool], None]) -> tuple[float, float]:
    """Median ms of ``call`` with ``switch(False)`` and ``switch(True)``, in alternating blocks of 20 calls."""
    samples: dict[bool, list[float]] = {False: [], True: []}
    for on in (False, True):
        switch(on)
        for _ in range(20):
            call()  # warm caches on both paths
    block = 20
    for i in range(max(1, calls // block) * 2):
        on = bool(i % 2)
        switch(on)
        for _ in range(block):
            start = time.perf_counter()
            call()
            samples[on].append((time.perf_counter() - start) * 1000)
    return statistics.median(samples[False]), statistics.median(samples[True])


QUESTION = [{"role": "user", "content": [{"text": "What is the capital of France?"}]}]
EMBED_BODY = json.dumps({"inputText": "How do I get a refund for a damaged tent?", "dimensions": 1024})
COUNTED = "anthropic.claude-haiku-4-5-20251001-v1:0"  # CountTokens takes the bare model id


def runtime_cases(runtime, model: str) -> dict[str, Callable[[], object]]:
    """The bedrock-runtime calls both reports time: Converse and ConverseStream with ``model``, Titan embeddings,
    CountTokens."""
    return {
        "Converse": lambda: runtime.converse(modelId=model, messages=QUESTION),
        "ConverseStream (consumed)": lambda: list(runtime.converse_stream(modelId=model, messages=QUESTION)["stream"]),
        "InvokeModel Titan Embed V2 1024-d": lambda: runtime.invoke_model(
            modelId="amazon.titan-embed-text-v2:0", body=EMBED_BODY
        )["body"].read(),
        "CountTokens (Converse input)": lambda: runtime.count_tokens(
            modelId=COUNTED, input={"converse": {"messages": QUESTION}}
        ),
    }


def lean_comparison(calls: int, only_direct: bool = False) -> None:
    """Per-operation medians with localbedrock's lean wire path off and on (see localbedrock/wire/lean.py), or with
    only its direct route off and on (localbedrock/wire/direct.py)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "localbedrock"))
    import boto3
    from kb_helpers import ready_kb

    import localbedrock
    from localbedrock.wire import direct, lean

    def switch(on: bool) -> None:
        if only_direct:
            direct.ENABLED = on
        else:
            lean.ENABLED = on

    with localbedrock.LocalBedrock():
        runtime = boto3.client("bedrock-runtime", region_name="us-east-1")
        agent = boto3.client("bedrock-agent", region_name="us-east-1")
        agent_runtime = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
        control = boto3.client("bedrock", region_name="us-east-1")
        kb_id = ready_kb(agent, boto3.client("s3", region_name="us-east-1"))
        ds_id = agent.list_data_sources(knowledgeBaseId=kb_id)["dataSourceSummaries"][0]["dataSourceId"]
        jobs = agent.list_ingestion_jobs(knowledgeBaseId=kb_id, dataSourceId=ds_id)["ingestionJobSummaries"]
        job_id = jobs[0]["ingestionJobId"]
        cases: dict[str, Callable[[], object]] = {
            **runtime_cases(runtime, "amazon.nova-lite-v1:0"),
            "Retrieve (knowledge base)": lambda: agent_runtime.retrieve(
                knowledgeBaseId=kb_id, retrievalQuery={"text": "How long do I have to return an item?"}
            ),
            "GetKnowledgeBase": lambda: agent.get_knowledge_base(knowledgeBaseId=kb_id),
            "GetIngestionJob": lambda: agent.get_ingestion_job(
                knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job_id
            ),
            "ListFoundationModels": lambda: control.list_foundation_models(),
        }
        what = "direct route" if only_direct else "lean path"
        print(f"median in-process ms per call, {what} off / on ({calls} calls each, alternating blocks):")
        for name, call in cases.items():
            off, on = paired_medians(call, calls, switch)
            print(f"  {name:36s} off {off:6.3f}  on {on:6.3f}  on/off {on / off:5.2f}  ({1 - on / off:+.0%} saved)")
        lean.ENABLED = direct.ENABLED = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--lean", action="store_true", help="median per operation with the lean path off and on")
    parser.add_argument("--direct", action="store_true", help="the same with only the direct route off and on")
    args = parser.parse_args()
    if args.lean or args.direct:
        lean_comparison(args.calls, only_direct=args.direct)
        return

    base = import_seconds("import boto3, moto")
    added = import_seconds("import localbedrock", prelude="import boto3, moto")
    print(f"import boto3, moto:                            {base * 1000:7.1f} ms")
    print(f"import localbedrock after import boto3, moto:  {added * 1000:7.1f} ms")
    cold = import_seconds(
        "import boto3, localbedrock; localbedrock.start(); "
        "boto3.client('bedrock-runtime').converse(modelId='amazon.nova-micro-v1:0', "
        "messages=[{'role': 'user', 'content': [{'text': 'Hi'}]}])",
        runs=3,
    )
    print(f"cold start (import, start(), client, first Converse): {cold * 1000:.0f} ms")

    import boto3

    import localbedrock

    claude = "us.anthropic.claude-haiku-4-5-20251001-v1:0"  # Claude Haiku 4.5, through its US profile
    claude_body = json.dumps(
        {"anthropic_version": "bedrock-2023-05-31", "max_tokens": 200, "messages": [{"role": "user", "content": "Hi"}]}
    )
    question, nova = QUESTION, "amazon.nova-micro-v1:0"
    manual = " ".join(f"Clause {i}: returns are accepted within 30 days of delivery." for i in range(120))
    cached_system = [{"text": manual}, {"cachePoint": {"type": "default"}}]

    with localbedrock.LocalBedrock():
        runtime = boto3.client("bedrock-runtime", region_name="us-east-1")
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        cases: dict[str, Callable[[], object]] = {
            **runtime_cases(runtime, claude),
            "InvokeModel Claude": lambda: runtime.invoke_model(modelId=claude, body=claude_body)["body"].read(),
            "Converse, 1.8K-token system, uncached": lambda: runtime.converse(
                modelId=nova, system=[{"text": manual}], messages=question
            ),
            "Converse, 1.8K-token system, cache hit": lambda: runtime.converse(
                modelId=nova, system=cached_system, messages=question
            ),
            "moto s3.put_object (reference)": lambda: s3.put_object(Bucket="bench", Key="k", Body=b"x" * 1024),
        }
        print(f"\nmedian in-process latency per call over {args.calls} calls:")
        for name, call in cases.items():
            print(f"  {name:40s} {median_ms(call, args.calls):6.2f} ms")
        plain = runtime.converse(modelId=nova, system=[{"text": manual}], messages=question)
        runtime.converse(modelId=nova, system=cached_system, messages=question)  # writes (the TTL may have passed)
        hit = runtime.converse(modelId=nova, system=cached_system, messages=question)
        print("\nsimulated latency and usage, 1.8K-token system prompt on Nova Micro:")
        for name, response in (("uncached", plain), ("cache hit", hit)):
            print(f"  {name:10s} latencyMs {response['metrics']['latencyMs']:4d}  usage {response['usage']}")

    from localbedrock.paraphrases import HARD_TRIPLES, HELD_OUT_TRIPLES, TRIPLES, paraphrase_accuracy

    print("\nembedding paraphrase accuracy (paraphrase nearer than unrelated text):")
    print(f"  labelled set ({len(TRIPLES)} triples):       {paraphrase_accuracy(triples=TRIPLES):.0%}")
    print(f"  lexical-trap set ({len(HARD_TRIPLES)} triples):   {paraphrase_accuracy(triples=HARD_TRIPLES):.0%}")
    print(
        f"  held-out set ({len(HELD_OUT_TRIPLES)} triples):       {paraphrase_accuracy(triples=HELD_OUT_TRIPLES):.0%}"
    )


if __name__ == "__main__":
    main()
