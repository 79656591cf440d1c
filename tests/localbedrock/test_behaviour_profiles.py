"""Behaviour profiles, house-style templates, closed-book guesses, JSON failures, zero-shot labels and schema-following
tool input: each unit on its own (the calibration suite measures their rates through boto3)."""

from __future__ import annotations

import json

import jsonschema
import pytest

from localbedrock.behaviour import TIERS, behaviour_of
from localbedrock.catalog import CATALOG
from localbedrock.formatting import CHATTER, json_text
from localbedrock.knowledge import plausible_guess
from localbedrock.labels import choose_label, labels_offered
from localbedrock.model import Tool
from localbedrock.template import Template, learn_template, template_in_prompt, write
from localbedrock.tools import arguments

GUIDE = """Reply in the house style: "Hi <first name>," (or "Hi there,"), one sentence that answers, the line
"Next steps:" with 2 to 3 numbered steps, at most one "Note:" line, then "Cheers," and "The Outdoor team" on two
lines. No exclamation marks; at most 90 words."""
EXAMPLE = """

Example customer message:
Where is my tent?

Thanks,
Ana

Example reply:
Hi Ana,

Your tent left our warehouse yesterday.

Next steps:
1. Open the tracking link in your email.
2. Wait for the courier's text.

Cheers,
The Outdoor team"""


def test_tiers_rank_closed_book_guessing_style_and_json_as_specified():
    assert TIERS[1].closed_book.guess > TIERS[2].closed_book.guess > TIERS[3].closed_book.guess
    assert TIERS[1].style.rule < TIERS[2].style.rule < TIERS[3].style.rule
    assert TIERS[1].format.flat_valid < TIERS[3].format.flat_valid
    assert all(t.format.nested_valid < t.format.flat_valid for t in TIERS.values())


def test_claude_models_decline_more_than_their_tier():
    haiku = CATALOG["anthropic.claude-3-haiku-20240307-v1:0"]
    assert behaviour_of(haiku).closed_book.guess < TIERS[haiku.tier].closed_book.guess


def test_a_style_guide_is_read_into_a_template():
    template, shown = template_in_prompt(GUIDE)
    assert not shown
    assert template == Template(
        greeting_word="Hi",
        greeting="Hi there,",
        list_intro="Next steps:",
        steps=(2, 3),
        note_prefix="Note:",
        closing=("Cheers,", "The Outdoor team"),
        max_words=90,
        no_exclamations=True,
    )


def test_an_example_reply_completes_the_guide_and_is_marked_shown():
    template, shown = template_in_prompt(GUIDE + EXAMPLE)
    assert shown and template is not None
    assert "Open the tracking link in your email." in template.step_lines


def test_a_reply_keeping_every_rule_has_the_layout_and_breaking_one_breaks_only_it():
    template, _ = template_in_prompt(GUIDE)
    message = "Where is my stove?\n\nBest,\nLee"
    kept = write(template, "It ships on Monday. It is packed.", message, lambda rule: True, ("k",))
    assert kept.startswith("Hi Lee,\n\nIt ships on Monday.\n\nNext steps:\n1. ")
    assert kept.endswith("\n\nCheers,\nThe Outdoor team") and "!" not in kept
    unsigned = write(template, "It ships on Monday.", "Where is my stove?", lambda rule: True, ("k",))
    assert unsigned.startswith("Hi there,")
    no_greeting = write(template, "It ships on Monday.", message, lambda rule: rule != "greeting", ("k",))
    assert not no_greeting.startswith("Hi ") and no_greeting.endswith("Cheers,\nThe Outdoor team")
    exclaimed = write(template, "It ships on Monday.", message, lambda rule: rule != "banned", ("k",))
    assert "!" in exclaimed and exclaimed.startswith("Hi Lee,")


def test_a_template_is_learned_from_replies_that_share_a_frame_and_not_from_plain_answers():
    pairs = [
        (f"Q {i}?\n\nThanks,\nAmy", f"Hi Amy,\n\nAnswer {i}.\n\nDo this:\n1. a{i}\n2. b\n\nBye,\nUs") for i in range(6)
    ]
    learned = learn_template(pairs)
    assert learned is not None
    assert (learned.greeting_word, learned.list_intro, learned.closing) == ("Hi", "Do this:", ("Bye,", "Us"))
    assert learned.step_lines[0] == "b"
    assert learn_template([(f"Q {i}?", f"Answer {i}.") for i in range(6)]) is None


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("How much does the Zephyr blender cost?", "$"),
        ("How long do I have to return a Zephyr blender?", "30 days"),
        ("How long does shipping to Oslo take?", "business days"),
        ("How long is the warranty on a Zephyr blender?", "year"),
    ],
)
def test_a_closed_book_guess_is_a_generic_value_of_the_kind_asked(question: str, value: str):
    assert value in (plausible_guess(question, 0.0) or "")


def test_no_guess_for_a_question_whose_kind_of_value_is_unknown():
    assert plausible_guess("Who founded the Zephyr company?", 0.0) is None


def test_json_failures_look_like_real_ones_and_prefill_leaves_only_inside_errors():
    fmt = TIERS[1].format
    texts = [json_text({"a": [1, 2]}, fmt, told_only=True, shown=False, prefilled=False, key=(i,)) for i in range(200)]
    broken = [t for t in texts if t != '{"a": [1, 2]}']
    assert 0.15 < len(broken) / len(texts) < 0.45
    assert {t[:3] for t in broken} <= {"```", CHATTER[:3], '{"a'}
    prefilled = [json_text({"a": 1}, fmt, told_only=False, shown=False, prefilled=True, key=(i,)) for i in range(50)]
    assert all(t.startswith("{") for t in prefilled)


def test_zero_shot_labels_by_meaning_on_capable_models_and_by_word_on_small_ones():
    options = labels_offered("Classify each message as returns, shipping, warranty or other.")
    assert options == ["returns", "shipping", "warranty", "other"]
    late = "The tracking page has been stuck for a week."
    assert choose_label(options, late, sense=True) == "shipping"
    assert choose_label(options, late, sense=False) == "returns"  # no label word: the first option
    assert choose_label(options, "Where can I see my shipping status?", sense=False) == "shipping"


ORDER = {
    "type": "object",
    "$defs": {
        "Line": {
            "type": "object",
            "properties": {"sku": {"type": "string"}, "quantity": {"type": "integer"}},
            "required": ["sku", "quantity"],
        }
    },
    "properties": {
        "customer": {
            "type": "object",
            "properties": {"name": {"type": "string"}, "email": {"type": "string"}},
            "required": ["name", "email"],
        },
        "lines": {"type": "array", "items": {"$ref": "#/$defs/Line"}},
        "priority": {"type": "string", "enum": ["low", "medium", "high"]},
        "tags": {"type": "array", "items": {"type": "string"}},
        "notes": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
    },
    "required": ["customer", "lines", "priority", "tags"],
}


def test_tool_input_follows_a_nested_schema_and_keeps_codes_as_strings():
    message = "Rosa Diaz (rosa@example.com) wants 2 units of KW-1, high priority: gift, office."
    given = arguments(Tool("Order", "", ORDER), message)
    jsonschema.validate(given, ORDER)
    assert given["customer"] == {"name": "Rosa Diaz", "email": "rosa@example.com"}
    assert given["lines"] == [{"sku": "KW-1", "quantity": 2}]
    assert given["priority"] == "high" and given["tags"] == ["gift", "office"]
    assert "notes" not in given  # optional, not stated


def test_a_number_is_never_read_from_a_code():
    schema = {"type": "object", "properties": {"quantity": {"type": "number"}}, "required": ["quantity"]}
    assert arguments(Tool("t", "", schema), "Restock KW-1 please") == {"quantity": 1.0}
    assert json.dumps(arguments(Tool("t", "", schema), "Restock 12 of KW-1")) == '{"quantity": 12.0}'
