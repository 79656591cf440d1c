"""answer_correct and abstains agree with hand labels on answers worded as real models word them."""

from __future__ import annotations

import json

import pytest

from bedrock_course.data import DATA_DIR, load_questions
from bedrock_course.scoring import abstains, answer_correct

LABELLED = [json.loads(line) for line in (DATA_DIR / "scoring" / "answers.jsonl").read_text().splitlines()]
QUESTIONS = {q["id"]: q for q in load_questions()}


def agreement(rows: list[dict]) -> float:
    return sum(answer_correct(r["answer"], QUESTIONS[r["question_id"]]) == r["correct"] for r in rows) / len(rows)


def test_the_labelled_set_is_large_and_mixed():
    assert len(LABELLED) >= 150
    assert {r["split"] for r in LABELLED} == {"dev", "held_apart"}
    assert 0.25 < sum(not r["correct"] for r in LABELLED) / len(LABELLED) < 0.6
    assert sum(not QUESTIONS[r["question_id"]]["answerable"] for r in LABELLED) >= 40


@pytest.mark.parametrize("split", ["dev", "held_apart"])
def test_the_scorer_agrees_with_the_labels_on_at_least_95_percent(split):
    rows = [r for r in LABELLED if r["split"] == split]
    assert agreement(rows) >= 0.95


@pytest.mark.parametrize(
    "answer",
    [
        "I don't have any information about the Foundry Duo's price in euros.",
        "The provided documents don't mention an Ember Kettle 3.",
        "I couldn't find that in the documents.",
        "That detail isn't specified in the provided context.",
        "Sorry, the search results do not include the boiler volume.",
        "I'm unable to find the charging time.",
        "There is no mention of a military discount.",
    ],
)
def test_abstentions_worded_many_ways_are_recognised(answer):
    assert abstains(answer)


@pytest.mark.parametrize(
    "answer",
    [
        "No, gift cards don't expire.",
        "Flow profiling isn't available on the Foundry Espresso Machine.",
        "There is no restocking fee on any product.",
        "Live chat wasn't offered then.",
        "Standard shipping is free on orders of $60 or more.",
    ],
)
def test_answers_with_negations_are_not_abstentions(answer):
    assert not abstains(answer)


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("It keeps water hot for up to an hour and a half.", True),  # 90 minutes in words and other units
        ("Hold mode lasts ninety minutes.", True),
        ("Hold mode lasts 60 minutes.", False),
    ],
)
def test_quantities_compare_across_words_and_units(answer, correct):
    assert answer_correct(answer, QUESTIONS["q003"]) is correct


def test_a_when_question_needs_the_date_in_any_common_order():
    question = QUESTIONS["q011"]  # launched on October 1, 2025
    assert answer_correct("It launched on 1 October 2025.", question)
    assert answer_correct("Launch date: 2025-10-01.", question)
    assert not answer_correct("It launched on October 1, 2024.", question)


def test_a_yes_no_reference_needs_the_same_polarity():
    question = QUESTIONS["q025"]  # No. They never expire.
    assert answer_correct("Kettlewick gift cards never expire.", question)
    assert not answer_correct("Yes, gift cards expire after a year.", question)
