"""bedrock_course.evaluation: Knowledge Base results turned into rankings, passages found and means by type."""

from __future__ import annotations

import math

import pytest

from bedrock_course.evaluation import doc_id, mean_by_type, normalise, passages_found, ranked_doc_ids


def result(uri: str, **metadata) -> dict:
    return {"content": {"text": "..."}, "location": {"type": "S3", "s3Location": {"uri": uri}}, "metadata": metadata}


def test_doc_id_prefers_the_metadata_attribute():
    assert doc_id(result("s3://bucket/corpus/renamed.md", doc_id="policy-returns-v3")) == "policy-returns-v3"


@pytest.mark.parametrize(
    ("uri", "expected"),
    [("s3://bucket/corpus/policy-gift-cards.md", "policy-gift-cards"), ("s3://bucket/notes.txt", "notes.txt")],
)
def test_doc_id_falls_back_to_the_object_name(uri, expected):
    assert doc_id(result(uri)) == expected


def test_ranked_doc_ids_keep_each_document_once_at_its_best_rank():
    results = [result("s3://b/a.md"), result("s3://b/b.md"), result("s3://b/a.md"), result("s3://b/c.md")]
    assert ranked_doc_ids(results) == ["a", "b", "c"]


def test_normalise_makes_every_whitespace_run_one_space():
    assert normalise("  Return\nwindow\t\t60 days ") == "Return window 60 days"


def test_passages_found_counts_quotes_that_lie_whole_in_a_text():
    quotes = ["free on orders\nof $60", "by SwiftCrate"]
    question = {"passages": [{"doc_id": "d", "quote": quote} for quote in quotes]}
    assert passages_found(question, ["Shipping is free on orders of $60 or more.", "Shipped by Swift"]) == 0.5
    assert passages_found(question, ["free on orders of $60 and sent by SwiftCrate"]) == 1.0


def test_mean_by_type_averages_each_type_and_all():
    questions = [{"type": "single-fact"}, {"type": "single-fact"}, {"type": "paraphrase"}]
    means = mean_by_type(questions, [1.0, 0.0, 0.5], ["single-fact", "paraphrase", "multi-passage"])
    assert means["single-fact"] == 0.5 and means["paraphrase"] == 0.5 and means["all"] == 0.5
    assert math.isnan(means["multi-passage"])


def test_mean_by_type_needs_one_value_per_question():
    with pytest.raises(ValueError, match="2 values for 3 questions"):
        mean_by_type([{"type": "a"}] * 3, [1.0, 0.0], ["a"])
