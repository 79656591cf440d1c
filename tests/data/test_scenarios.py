"""The decision scenarios teach a framework, not a one-line rule: the textbook mapping (changing knowledge or
citations -> RAG, a strict style -> fine-tuning, both -> hybrid, else prompting) must miss cases that cost,
serving, data, deadlines or latency decide."""

from __future__ import annotations

from bedrock_course.data import load_scenarios

CHANGING = {"monthly", "weekly", "daily", "real-time"}


def textbook_rule(attributes: dict) -> str:
    needs_facts = attributes["knowledge_change_frequency"] in CHANGING or attributes["citations_required"]
    needs_style = attributes["style_consistency_need"] == "high"
    if needs_facts and needs_style:
        return "hybrid"
    return "rag" if needs_facts else "fine-tuning" if needs_style else "prompting"


def misses() -> list[dict]:
    return [s for s in load_scenarios() if textbook_rule(s["attributes"]) != s["recommendation"]]


def test_the_textbook_rule_misses_at_least_a_fifth_of_the_scenarios():
    assert len(misses()) >= len(load_scenarios()) / 5, [s["id"] for s in misses()]


def test_the_textbook_rule_still_gets_most_scenarios_right():
    assert len(misses()) <= len(load_scenarios()) / 3


def test_every_kind_of_override_decides_a_missed_scenario():
    deciding = {factor for s in misses() for factor in s["driving_factors"]}
    for override in (
        "monthly_budget_usd",
        "time_to_launch_weeks",
        "labelled_examples",
        "latency_p95_ms",
        "requests_per_day",
        "region_constraint",
        "deployment_constraint",
    ):
        assert override in deciding, override


def test_the_scenarios_state_the_token_levers_where_their_text_does():
    by_id = {s["id"]: s["attributes"] for s in load_scenarios()}
    assert [i for i, a in by_id.items() if not a["interactive"]] == ["s14"]  # "latency does not matter"
    shared = {i: a["shared_prompt_tokens"] for i, a in by_id.items() if a["shared_prompt_tokens"]}
    assert set(shared) == {"s17", "s21", "s31", "s35"}  # a style guide, FAQ answers, a handbook, a category list
    assert min(shared.values()) >= 1000, "every shared prefix is long enough for Nova to cache"
