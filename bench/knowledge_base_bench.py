"""Knowledge Bases at course scale: ingestion time for 1,000 documents of about 500 words, and Retrieve's median
latency over about 10,000 chunks beside a bare FAISS search of the same index in the same run.

Run: .venv/bin/python bench/knowledge_base_bench.py [--documents 1000] [--calls 300]
Prints figures; asserts nothing (targets: ingestion in seconds; Retrieve <= 5 ms median on 2 cores).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable

import boto3
import numpy as np

import localbedrock

ACCOUNT, REGION, BUCKET = "123456789012", "us-east-1", "bench-corpus"
WORDS = [
    "refund",
    "return",
    "delivery",
    "order",
    "warranty",
    "kettle",
    "grinder",
    "espresso",
    "machine",
    "price",
    "shipping",
    "customer",
    "account",
    "app",
    "battery",
    "filter",
    "descaling",
    "water",
    "temperature",
    "pressure",
    "subscription",
    "invoice",
    "payment",
    "store",
    "repair",
    "replacement",
    "policy",
    "days",
    "month",
    "year",
    "version",
    "support",
    "email",
    "phone",
    "hours",
    "store",
    "pickup",
    "gift",
    "card",
    "trade",
    "credit",
    "loyalty",
    "points",
]
QUERIES = [
    "How many days do I have to return an espresso machine?",
    "What does the warranty cover for a grinder?",
    "How do I descale the kettle?",
    "Can I pay an invoice by card?",
    "How much trade-in credit for an old machine?",
]


def document(rng: random.Random, words: int = 500) -> str:
    sentences, count = [], 0
    while count < words:
        length = rng.randint(8, 18)
        sentence = " ".join(rng.choice(WORDS) for _ in range(length))
        sentences.append(sentence.capitalize() + ".")
        count += length
    return " ".join(sentences)


def median_ms(call: Callable[[], object], calls: int) -> float:
    for _ in range(min(20, calls)):
        call()
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def ingest(agent, kb_id: str, chunking: dict | None) -> tuple[float, dict]:  # type: ignore[no-untyped-def]
    extra = {"vectorIngestionConfiguration": {"chunkingConfiguration": chunking}} if chunking else {}
    ds_id = agent.create_data_source(
        knowledgeBaseId=kb_id,
        name="corpus",
        dataSourceConfiguration={"type": "S3", "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}"}},
        **extra,
    )["dataSource"]["dataSourceId"]
    start = time.perf_counter()
    job_id = agent.start_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id)["ingestionJob"]["ingestionJobId"]
    while True:
        job = agent.get_ingestion_job(knowledgeBaseId=kb_id, dataSourceId=ds_id, ingestionJobId=job_id)["ingestionJob"]
        if job["status"] == "COMPLETE":
            return time.perf_counter() - start, job["statistics"]


def create_kb(agent, name: str) -> str:  # type: ignore[no-untyped-def]
    return agent.create_knowledge_base(
        name=name,
        roleArn=f"arn:aws:iam::{ACCOUNT}:role/kb",
        knowledgeBaseConfiguration={
            "type": "VECTOR",
            "vectorKnowledgeBaseConfiguration": {"embeddingModelArn": "amazon.titan-embed-text-v2:0"},
        },
        storageConfiguration={
            "type": "OPENSEARCH_SERVERLESS",
            "opensearchServerlessConfiguration": {
                "collectionArn": f"arn:aws:aoss:{REGION}:{ACCOUNT}:collection/bench",
                "vectorIndexName": "bench",
                "fieldMapping": {"vectorField": "v", "textField": "t", "metadataField": "m"},
            },
        },
    )["knowledgeBase"]["knowledgeBaseId"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()

    emulator = localbedrock.start(lifecycle_seconds=0)
    s3, agent = boto3.client("s3", region_name=REGION), boto3.client("bedrock-agent", region_name=REGION)
    runtime = boto3.client("bedrock-agent-runtime", region_name=REGION)
    s3.create_bucket(Bucket=BUCKET)
    rng = random.Random(7)
    for i in range(args.documents):
        s3.put_object(Bucket=BUCKET, Key=f"docs/doc-{i:04d}.md", Body=document(rng).encode())

    default_kb = create_kb(agent, "bench-default")
    seconds, stats = ingest(agent, default_kb, None)
    chunks = len(emulator.service.knowledge_bases(ACCOUNT, REGION).knowledge_base(default_kb).index)
    documents = stats["numberOfNewDocumentsIndexed"]
    print(f"ingestion, default chunking: {documents} documents, {chunks} chunks: {seconds:.1f} s")

    fixed = {
        "chunkingStrategy": "FIXED_SIZE",
        "fixedSizeChunkingConfiguration": {"maxTokens": 70, "overlapPercentage": 5},
    }
    kb_id = create_kb(agent, "bench-fixed")
    seconds, stats = ingest(agent, kb_id, fixed)
    index = emulator.service.knowledge_bases(ACCOUNT, REGION).knowledge_base(kb_id).index
    documents = stats["numberOfNewDocumentsIndexed"]
    print(f"ingestion, FIXED_SIZE 70 tokens: {documents} documents, {len(index)} chunks: {seconds:.1f} s")

    queries = iter(QUERIES * (args.calls + 40))

    def retrieve(search_type: str) -> Callable[[], object]:
        config = {"vectorSearchConfiguration": {"numberOfResults": 5, "overrideSearchType": search_type}}
        return lambda: runtime.retrieve(
            knowledgeBaseId=kb_id, retrievalQuery={"text": next(queries)}, retrievalConfiguration=config
        )

    vectors = np.asarray(
        emulator.service.knowledge_bases(ACCOUNT, REGION).embed(
            emulator.service.knowledge_bases(ACCOUNT, REGION).knowledge_base(kb_id), QUERIES
        ),
        dtype=np.float32,
    )
    rows = iter(list(range(len(QUERIES))) * (args.calls + 40))
    bare = median_ms(lambda: index._semantic(vectors[next(rows)], 5, None), args.calls)
    print(f"Retrieve over {len(index)} chunks, SEMANTIC: {median_ms(retrieve('SEMANTIC'), args.calls):.2f} ms median")
    print(f"Retrieve over {len(index)} chunks, HYBRID:   {median_ms(retrieve('HYBRID'), args.calls):.2f} ms median")
    print(f"bare FAISS IndexFlatIP search (one thread), same index: {bare:.2f} ms median")
    localbedrock.stop()


if __name__ == "__main__":
    main()
