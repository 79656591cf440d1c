"""The course helpers that lessons import: answer scoring, tickets and the plot style."""

from __future__ import annotations

import matplotlib as mpl
import pytest

from bedrock_course.plotting import COLORS, use_course_style
from bedrock_course.scoring import abstains, answer_correct, key_numbers
from bedrock_course.tickets import CATEGORIES, CATEGORY_OF_INTENT, load_tickets

PRICE_QUESTION = {
    "answerable": True,
    "question": "How much does the Ember Kettle 2 cost?",
    "reference_answer": "The Ember Kettle 2 costs $129.",
}
WINDOW_QUESTION = {
    "answerable": True,
    "reference_answer": "60 days from the delivery date (returns policy version 3, effective September 15, 2026).",
}
WORDS_QUESTION = {
    "answerable": True,
    "reference_answer": "No. Since September 15, 2026 there is no restocking fee on any product, even used grinders.",
}
UNANSWERABLE = {"answerable": False, "reference_answer": "The Kettlewick documents do not answer this."}


@pytest.mark.parametrize(
    ("answer", "question", "correct"),
    [
        ("The Ember Kettle 2 costs $129.", PRICE_QUESTION, True),
        ("It costs 129 dollars.", PRICE_QUESTION, True),
        ("The Ember Pour-Over Kettle costs $79.", PRICE_QUESTION, False),
        ("You have 60 days from delivery.", WINDOW_QUESTION, True),
        ("You have 45 days from delivery.", WINDOW_QUESTION, False),
        ("There is no restocking fee on any product, including used grinders.", WORDS_QUESTION, True),
        ("Returns are accepted for 60 days.", WORDS_QUESTION, False),
        ("I don't know.", UNANSWERABLE, True),
        ("The provided context does not contain information about the boiler.", UNANSWERABLE, True),
        ("It weighs 9 kilograms.", UNANSWERABLE, False),
        ("I don't have reliable information about Kettlewick; it may cost $129.", PRICE_QUESTION, False),
    ],
)
def test_answer_correct_needs_the_reference_facts_or_an_abstention(answer, question, correct):
    assert answer_correct(answer, question) is correct


def test_key_numbers_leave_out_dates_and_parenthesised_remarks():
    assert key_numbers(WINDOW_QUESTION["reference_answer"]) == {60.0}
    assert key_numbers("$1,149 minus $100 trade-in credit: $1,049.") == {1149.0, 100.0, 1049.0}


def test_abstains_recognises_refusals_but_not_answers():
    assert abstains("I don't know the specifics of that.")
    assert not abstains("The return window is 60 days.")


@pytest.mark.parametrize(("split", "count"), [("train", 340), ("validation", 40)])
def test_tickets_are_one_line_bodies_with_a_known_category(split, count):
    tickets = load_tickets(split)
    assert len(tickets) == count
    assert all("\n" not in t["text"] and t["text"] in " ".join(t["message"].split()) for t in tickets)
    assert {t["category"] for t in tickets} == set(CATEGORIES)


def test_every_intent_has_one_of_the_categories():
    assert set(CATEGORY_OF_INTENT.values()) == set(CATEGORIES)
    assert {t["intent"] for t in load_tickets("train")} <= CATEGORY_OF_INTENT.keys()


def test_course_style_sets_the_colour_cycle():
    use_course_style()
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][: len(COLORS)] == list(COLORS)
