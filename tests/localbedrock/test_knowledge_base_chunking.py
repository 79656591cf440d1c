"""Chunking strategies: the domain functions' semantics, and what Retrieve returns for each strategy."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import boto3
import numpy as np
import pytest

import localbedrock
from localbedrock.embeddings import HashingEncoder
from localbedrock.knowledgebases.chunking import DEFAULT_MAX_TOKENS, chunk, sentences
from localbedrock.tokens import count_tokens, split_tokens
from tests.localbedrock.kb_helpers import CORPUS, ready_kb

SENTENCE = "Acme Outdoor ships tents, stoves and sleeping bags to customers in every region. "
LONG = "".join(f"Paragraph {i}. " + SENTENCE * 3 + "\n\n" for i in range(40))
CAMPING = [
    "The tent pitches in five minutes with two poles.",
    "Tent stakes hold the tent fly in strong wind.",
    "The tent floor is waterproof and the tent sleeps two.",
    "A tent footprint protects the tent floor from rocks.",
]
BILLING = [
    "Invoices are emailed on the first day of each month.",
    "Invoices list every charge and the tax on each invoice.",
    "Pay invoices by card or bank transfer within thirty days.",
    "Late invoices incur a charge of two percent per month.",
]


def encode(texts: list[str]) -> np.ndarray:
    vectors = HashingEncoder().encode(texts, 256)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_default_chunks_are_at_most_300_tokens_and_end_at_sentence_ends():
    chunks = chunk(LONG, None, encode)
    assert len(chunks) > 1
    assert all(count_tokens(c.text) <= DEFAULT_MAX_TOKENS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)
    assert sum(len(sentences(c.text)) for c in chunks) == len(sentences(LONG))


def test_a_sentence_longer_than_the_limit_is_cut_into_token_windows():
    text = "word " * 700 + "end."
    chunks = chunk(text, None, encode)
    assert len(chunks) == 3 and all(count_tokens(c.text) <= DEFAULT_MAX_TOKENS for c in chunks)


@pytest.mark.parametrize(("max_tokens", "overlap"), [(50, 20), (100, 10), (64, 50)])
def test_fixed_size_windows_hold_max_tokens_and_share_the_overlap(max_tokens, overlap):
    config = {
        "chunkingStrategy": "FIXED_SIZE",
        "fixedSizeChunkingConfiguration": {"maxTokens": max_tokens, "overlapPercentage": overlap},
    }
    chunks = [c.text for c in chunk(LONG, config, encode)]
    shared = max_tokens * overlap // 100
    assert all(count_tokens(c) <= max_tokens for c in chunks)
    for before, after in pairwise(chunks):
        tail = "".join(split_tokens(before)[-shared:]).strip()
        assert after.startswith(tail)


def test_hierarchical_children_fit_the_child_level_and_carry_their_parent():
    config = {
        "chunkingStrategy": "HIERARCHICAL",
        "hierarchicalChunkingConfiguration": {
            "levelConfigurations": [{"maxTokens": 400}, {"maxTokens": 60}],
            "overlapTokens": 10,
        },
    }
    chunks = chunk(LONG, config, encode)
    parents = list(dict.fromkeys(c.parent for c in chunks))
    assert len(parents) > 1
    assert all(count_tokens(c.text) <= 60 and c.text in c.parent for c in chunks)
    assert all(count_tokens(p) <= 400 for p in parents)


def test_semantic_chunking_breaks_where_the_topic_changes():
    text = " ".join(CAMPING + BILLING)
    config = {
        "chunkingStrategy": "SEMANTIC",
        "semanticChunkingConfiguration": {"maxTokens": 300, "bufferSize": 0, "breakpointPercentileThreshold": 85},
    }
    chunks = [c.text for c in chunk(text, config, encode)]
    assert chunks == [" ".join(CAMPING), " ".join(BILLING)]


def test_semantic_chunks_still_respect_max_tokens():
    text = " ".join(CAMPING + BILLING)
    config = {
        "chunkingStrategy": "SEMANTIC",
        "semanticChunkingConfiguration": {"maxTokens": 30, "bufferSize": 1, "breakpointPercentileThreshold": 95},
    }
    assert all(count_tokens(c.text) <= 30 for c in chunk(text, config, encode))


def test_none_keeps_each_document_whole():
    assert [c.text for c in chunk(LONG, {"chunkingStrategy": "NONE"}, encode)] == [LONG.strip()]


@pytest.fixture
def aws() -> Iterator[tuple[Any, Any, Any]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        yield tuple(boto3.client(n, region_name="us-east-1") for n in ("bedrock-agent", "s3", "bedrock-agent-runtime"))


def retrieve(runtime: Any, kb_id: str, query: str, n: int = 5) -> list[dict[str, Any]]:
    config = {"vectorSearchConfiguration": {"numberOfResults": n}}
    return runtime.retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": query}, retrievalConfiguration=config)[
        "retrievalResults"
    ]


def test_retrieve_replaces_a_hierarchical_child_by_its_parent_once(aws):
    agent, s3, runtime = aws
    config = {
        "chunkingStrategy": "HIERARCHICAL",
        "hierarchicalChunkingConfiguration": {
            "levelConfigurations": [{"maxTokens": 1500}, {"maxTokens": 12}],
            "overlapTokens": 2,
        },
    }
    kb_id = ready_kb(agent, s3, config)
    results = retrieve(runtime, kb_id, "How many days do I have to return an item?", n=3)
    texts = [r["content"]["text"] for r in results]
    assert texts[0] == CORPUS["policies/returns.md"].strip()  # the whole parent, not a 12-token child
    assert len(texts) == len(set(texts))


def test_retrieve_with_no_chunking_returns_whole_documents(aws):
    agent, s3, runtime = aws
    kb_id = ready_kb(agent, s3, {"chunkingStrategy": "NONE"})
    texts = {r["content"]["text"] for r in retrieve(runtime, kb_id, "tent stove shipping returns", n=10)}
    assert texts == {t.strip() for t in CORPUS.values()}


def test_fixed_size_chunks_come_back_from_retrieve(aws):
    agent, s3, runtime = aws
    config = {
        "chunkingStrategy": "FIXED_SIZE",
        "fixedSizeChunkingConfiguration": {"maxTokens": 10, "overlapPercentage": 20},
    }
    kb_id = ready_kb(agent, s3, config)
    results = retrieve(runtime, kb_id, "Trailblazer tent weight", n=10)
    assert results and all(count_tokens(r["content"]["text"]) <= 10 for r in results)


TABLE = "# Spare parts\n\nPrices below.\n\n| Part | Price |\n|---|---|\n" + "".join(
    f"| Spare part number {i} for the stove | ${i} |\n" for i in range(80)
)


@pytest.mark.parametrize(
    "config",
    [
        None,
        {
            "chunkingStrategy": "FIXED_SIZE",
            "fixedSizeChunkingConfiguration": {"maxTokens": 120, "overlapPercentage": 10},
        },
    ],
)
def test_a_table_split_across_chunks_keeps_its_header_in_each_chunk(config):
    chunks = [c.text for c in chunk(TABLE, config, encode)]
    with_rows = [c for c in chunks if "Spare part number" in c]
    assert len(with_rows) > 1
    assert all(c.lstrip().startswith("| Part | Price |") or "# Spare parts" in c for c in with_rows)


def test_sentences_do_not_end_at_abbreviations():
    assert sentences("Chat runs 7 a.m. to 11 p.m. Eastern. Bring e.g. a receipt. Ask for form No. 4.") == [
        "Chat runs 7 a.m. to 11 p.m. Eastern.",
        "Bring e.g. a receipt.",
        "Ask for form No. 4.",
    ]
