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
