from __future__ import annotations

import pytest

from localbedrock.catalog import CATALOG, base_model_id, find_model
from localbedrock.tokens import count_tokens, split_tokens, truncate


@pytest.mark.parametrize(
    ("text", "count"),
    [("", 0), ("the", 1), ("refund", 1), ("reimbursement", 3), ("2024", 2), ("Hello, world!", 4), ("a  b", 2)],
)
def test_token_counts_follow_the_documented_rule(text, count):
    assert count_tokens(text) == count


@pytest.mark.parametrize(
    "text", ["Hello, world!  ", "  leading\n\nnewlines\t", "naïve café_x 3.14", "", "日本語のテキスト"]
)
def test_tokens_join_back_to_the_text(text):
    assert "".join(split_tokens(text)) == text


def test_english_prose_is_about_four_characters_per_token():
    prose = (
        "Amazon Bedrock is a fully managed service that offers a choice of high-performing foundation models "
        "from leading AI companies through a single API, along with a broad set of capabilities."
    )
    assert 3.5 <= len(prose) / count_tokens(prose) <= 5


def test_truncate_keeps_the_first_tokens():
    assert truncate("one two three four", 2) == ("one two", True)
    assert truncate("one two", 5) == ("one two", False)


@pytest.mark.parametrize(
    "model_id",
    [
        "anthropic.claude-3-haiku-20240307-v1:0",
        "us.anthropic.claude-3-haiku-20240307-v1:0",
        "arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-3-haiku-20240307-v1:0",
    ],
)
def test_model_ids_profiles_and_arns_resolve_to_the_catalogue(model_id):
    assert base_model_id(model_id) == "anthropic.claude-3-haiku-20240307-v1:0"
    assert find_model(model_id) is CATALOG["anthropic.claude-3-haiku-20240307-v1:0"]


def test_every_model_has_a_complete_dated_profile():
    for profile in CATALOG.values():
        assert profile.prices_as_of.year >= 2024
        assert profile.context_window > 0 and profile.input_price_per_1k > 0
        if not profile.is_embedding:
            assert profile.knowledge_cutoff is not None and profile.tier in (1, 2, 3)
            assert profile.max_output_tokens > 0


def test_the_catalogue_covers_the_course_models():
    names = {p.name for p in CATALOG.values()}
    assert {"Claude 3 Haiku", "Titan Text G1 - Express", "Titan Text G1 - Lite", "Nova Micro", "Nova Lite"} <= names
    assert {"Nova Pro", "Llama 3 8B Instruct", "Llama 3 70B Instruct", "Titan Text Embeddings V2"} <= names


def test_cost_uses_the_per_thousand_token_prices():
    haiku = CATALOG["anthropic.claude-3-haiku-20240307-v1:0"]
    assert haiku.cost(1000, 1000) == pytest.approx(0.00025 + 0.00125)
