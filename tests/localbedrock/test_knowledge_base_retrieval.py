"""Retrieve: results shaped as the service model says, numberOfResults, metadata filters, semantic and hybrid
scores, and errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import numpy as np
import pytest
from botocore.exceptions import ClientError

import localbedrock
from localbedrock.knowledgebases.lexical import Bm25
from tests.localbedrock.kb_helpers import BUCKET, create_data_source, create_kb, ingest, problems, put_corpus, ready_kb

RETURNS = f"s3://{BUCKET}/policies/returns.md"
SHIPPING = f"s3://{BUCKET}/policies/shipping.md"
TENT = f"s3://{BUCKET}/products/trailblazer-tent.md"
STOVE = f"s3://{BUCKET}/products/summit-stove.md"


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        names = ("bedrock-agent", "bedrock-agent-runtime", "s3", "bedrock-runtime")
        yield {name: boto3.client(name, region_name="us-east-1") for name in names}


@pytest.fixture
def kb_id(aws: dict[str, Any]) -> str:
    return ready_kb(aws["bedrock-agent"], aws["s3"])


def retrieve(aws: dict[str, Any], kb_id: str, query: str, **search: Any) -> dict[str, Any]:
    config = {"retrievalConfiguration": {"vectorSearchConfiguration": search}} if search else {}
    return aws["bedrock-agent-runtime"].retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": query}, **config)


def found(aws: dict[str, Any], kb_id: str, query: str, **search: Any) -> list[str]:
    return [r["location"]["s3Location"]["uri"] for r in retrieve(aws, kb_id, query, **search)["retrievalResults"]]


def test_retrieve_results_match_the_service_model(aws, kb_id):
    response = retrieve(aws, kb_id, "How many days do I have to return an item?")
    assert problems("bedrock-agent-runtime", "Retrieve", response) == []
    best = response["retrievalResults"][0]
    assert best["location"] == {"type": "S3", "s3Location": {"uri": RETURNS}}
    assert "45 days" in best["content"]["text"] and best["content"]["type"] == "TEXT"
    assert best["metadata"]["category"] == "policy" and best["metadata"]["year"] == 2024
    assert best["metadata"]["x-amz-bedrock-kb-source-uri"] == RETURNS
    scores = [r["score"] for r in response["retrievalResults"]]
    assert scores == sorted(scores, reverse=True)


def test_number_of_results_caps_the_results(aws, kb_id):
    assert len(found(aws, kb_id, "tent stove shipping returns", numberOfResults=2)) == 2
    assert len(found(aws, kb_id, "tent stove shipping returns", numberOfResults=100)) == 4


def test_a_knowledge_base_arn_works_as_its_id(aws, kb_id):
    arn = f"arn:aws:bedrock:us-east-1:123456789012:knowledge-base/{kb_id}"
    assert found(aws, arn, "returns")[0] == RETURNS


def test_the_semantic_score_is_the_cosine_similarity_of_the_embeddings(aws, kb_id):
    best = retrieve(aws, kb_id, "Trailblazer tent price", numberOfResults=1)["retrievalResults"][0]

    def embed(text: str) -> np.ndarray:
        body = json.dumps({"inputText": text})
        response = aws["bedrock-runtime"].invoke_model(modelId="amazon.titan-embed-text-v2:0", body=body)
        return np.array(json.loads(response["body"].read())["embedding"])

    expected = float(embed("Trailblazer tent price") @ embed(best["content"]["text"]))
    assert best["score"] == pytest.approx(expected, abs=1e-5)


FILTERS = [
    ({"equals": {"key": "category", "value": "product"}}, {TENT, STOVE}),
    ({"notEquals": {"key": "category", "value": "product"}}, {RETURNS, SHIPPING}),
    ({"greaterThan": {"key": "year", "value": 2023}}, {RETURNS, TENT}),
    ({"greaterThanOrEquals": {"key": "year", "value": 2023}}, {RETURNS, SHIPPING, TENT}),
    ({"lessThan": {"key": "price", "value": 100}}, {STOVE}),
    ({"lessThanOrEquals": {"key": "price", "value": 249}}, {TENT, STOVE}),
    ({"in": {"key": "year", "value": [2022, 2023]}}, {SHIPPING, STOVE}),
    ({"notIn": {"key": "year", "value": [2022, 2023]}}, {RETURNS, TENT}),
    ({"startsWith": {"key": "x-amz-bedrock-kb-source-uri", "value": f"s3://{BUCKET}/products/"}}, {TENT, STOVE}),
    ({"stringContains": {"key": "category", "value": "lic"}}, {RETURNS, SHIPPING}),
    ({"listContains": {"key": "audience", "value": "staff"}}, {RETURNS}),
    (
        {
            "andAll": [
                {"equals": {"key": "category", "value": "policy"}},
                {"greaterThan": {"key": "year", "value": 2023}},
            ]
        },
        {RETURNS},
    ),
    (
        {"orAll": [{"equals": {"key": "price", "value": 89}}, {"equals": {"key": "year", "value": 2023}}]},
        {SHIPPING, STOVE},
    ),
]


@pytest.mark.parametrize(("spec", "expected"), FILTERS, ids=[next(iter(s)) for s, _ in FILTERS])
@pytest.mark.parametrize("search_type", ["SEMANTIC", "HYBRID"])
def test_filters_select_chunks_by_metadata(aws, kb_id, spec, expected, search_type):
    uris = found(
        aws, kb_id, "tent stove shipping returns", numberOfResults=10, filter=spec, overrideSearchType=search_type
    )
    assert set(uris) == expected


def test_a_filter_no_chunk_passes_gives_no_results(aws, kb_id):
    assert found(aws, kb_id, "returns", filter={"equals": {"key": "category", "value": "recipes"}}) == []


@pytest.mark.parametrize(
    "spec",
    [
        {"greaterThan": {"key": "year", "value": "2023"}},
        {"in": {"key": "year", "value": 2023}},
        {"startsWith": {"key": "category", "value": 3}},
    ],
    ids=["number-compared-with-string", "in-without-list", "startswith-number"],
)
def test_malformed_filters_are_validation_errors(aws, kb_id, spec):
    with pytest.raises(ClientError) as excinfo:
        retrieve(aws, kb_id, "returns", filter=spec)
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"


class SameVector:
    """An encoder that cannot tell texts apart: any ranking it allows comes from elsewhere."""

    def encode(self, texts: list[str], dimensions: int) -> np.ndarray:
        return np.ones((len(texts), dimensions), dtype=np.float32)


def test_hybrid_search_ranks_by_the_query_words_when_embeddings_cannot():
    with localbedrock.LocalBedrock(lifecycle_seconds=0, encoder=SameVector()):
        aws = {n: boto3.client(n, region_name="us-east-1") for n in ("bedrock-agent", "bedrock-agent-runtime", "s3")}
        kb_id = ready_kb(aws["bedrock-agent"], aws["s3"])
        hybrid = retrieve(aws, kb_id, "isobutane canisters", overrideSearchType="HYBRID")["retrievalResults"]
        semantic = retrieve(aws, kb_id, "isobutane canisters", overrideSearchType="SEMANTIC")["retrievalResults"]
    assert hybrid[0]["location"]["s3Location"]["uri"] == STOVE
    assert hybrid[0]["score"] > hybrid[1]["score"]
    assert len({round(r["score"], 6) for r in semantic}) == 1  # semantic search alone sees only ties


def test_hybrid_scores_are_min_max_normalised_means_between_0_and_1(aws, kb_id):
    results = retrieve(aws, kb_id, "Summit stove isobutane", overrideSearchType="HYBRID", numberOfResults=4)
    scores = [r["score"] for r in results["retrievalResults"]]
    assert scores[0] == pytest.approx(1.0) and scores[-1] == pytest.approx(0.0)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_bm25_prefers_rare_terms_and_saturates_repetition():
    index = Bm25()
    index.add(1, "tent tent tent tent tent tent")
    index.add(2, "tent")
    index.add(3, "stove warranty")
    index.add(4, "tent warranty")
    scores = index.scores("tent stove")
    assert scores[3] > scores[2]  # "stove" is rarer than "tent"
    assert scores[1] < 6 * scores[2]  # repetition helps, with diminishing returns
    index.remove(3, "stove warranty")
    assert index.scores("stove warranty")[3] == 0


def test_retrieve_on_an_unknown_knowledge_base_is_resource_not_found(aws):
    with pytest.raises(aws["bedrock-agent-runtime"].exceptions.ResourceNotFoundException):
        retrieve(aws, "NOSUCHKB00", "returns")


def test_out_of_range_number_of_results_is_a_validation_error(aws, kb_id):
    with pytest.raises(aws["bedrock-agent-runtime"].exceptions.ValidationException):
        retrieve(aws, kb_id, "returns", numberOfResults=101)


def test_a_knowledge_base_before_its_first_ingestion_returns_no_results(aws):
    put_corpus(aws["s3"])
    kb_id = create_kb(aws["bedrock-agent"])
    create_data_source(aws["bedrock-agent"], kb_id)
    assert found(aws, kb_id, "returns") == []


def test_two_data_sources_feed_one_index(aws):
    agent, s3 = aws["bedrock-agent"], aws["s3"]
    put_corpus(s3)
    kb_id = create_kb(agent)
    policies = create_data_source(agent, kb_id, prefixes=["policies/"])
    products = agent.create_data_source(
        knowledgeBaseId=kb_id,
        name="products",
        dataSourceConfiguration={
            "type": "S3",
            "s3Configuration": {"bucketArn": f"arn:aws:s3:::{BUCKET}", "inclusionPrefixes": ["products/"]},
        },
    )["dataSource"]["dataSourceId"]
    ingest(agent, kb_id, policies)
    ingest(agent, kb_id, products)
    assert set(found(aws, kb_id, "tent stove shipping returns", numberOfResults=10)) == {RETURNS, SHIPPING, TENT, STOVE}


def test_the_rows_a_filter_accepts_are_kept_only_until_the_index_changes():
    from localbedrock.knowledgebases.filters import compile_filter
    from localbedrock.knowledgebases.index import Record, VectorIndex

    def record(name: str, status: str) -> Record:
        return Record(name, f"s3://b/{name}", "ds", name, {"status": status})

    index = VectorIndex(2)
    index.add([record("a", "current"), record("b", "old")], np.array([[1, 0], [0, 1]], dtype=np.float32))
    spec = {"equals": {"key": "status", "value": "current"}}
    key = json.dumps(spec, sort_keys=True)

    def found() -> list[str]:
        return [
            r.text for r, _ in index.search(np.array([1, 1], dtype=np.float32), "", 5, compile_filter(spec), False, key)
        ]

    assert found() == ["a"] and found() == ["a"]
    index.add([record("c", "current")], np.array([[0.6, 0.8]], dtype=np.float32))
    assert found() == ["c", "a"]
    index.remove("s3://b/a")
    assert found() == ["c"]
