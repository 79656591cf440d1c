"""What the simulated models do, tested on the domain directly (no moto, no HTTP)."""

from __future__ import annotations

import json
import re

import pytest
from bedrock_helpers import HAIKU, LLAMA_8B, NOVA_MICRO, NOVA_PRO, RETURNS_CONTEXT, SONNET, TITAN_LITE

from localbedrock.catalog import CATALOG
from localbedrock.errors import ValidationError
from localbedrock.generator import SimulatedTextModel
from localbedrock.model import Document, Message, TextRequest
from localbedrock.prompt import readable


def generate(model_id: str, text: str, system: str = "", **kwargs) -> str:
    return result(model_id, text, system, **kwargs).text


def result(model_id: str, text: str, system: str = "", documents=(), **kwargs):
    request = TextRequest(model_id, (Message("user", text, tuple(documents)),), (system,) if system else (), **kwargs)
    return SimulatedTextModel(CATALOG[model_id]).generate(request)


# -- grounding and knowledge currency ---------------------------------------------------------------------------


def test_with_relevant_passages_the_answer_is_grounded_in_them():
    assert "45 days" in generate(HAIKU, RETURNS_CONTEXT)


MARKDOWN_SPEC = """# Trailblazer Tent (TB-2)

**Catalogue entry, 2026. Price: $249.**

## Specifications

- Weight: 2.1 kg.
- Sleeps: two people.

| Part | Price |
|---|---|
| Spare pole | $19 |
"""


def test_markdown_is_read_line_by_line_without_its_markers():
    lines = readable(MARKDOWN_SPEC).splitlines()
    assert lines == [
        "# Trailblazer Tent (TB-2)",
        "Catalogue entry, 2026. Price: $249.",
        "## Specifications",
        "Weight: 2.1 kg.",
        "Sleeps: two people.",
        "Part: Spare pole; Price: $19.",
    ]


def test_headings_of_text_whose_line_breaks_became_spaces_go_back_on_their_own_lines():
    flat = " ".join(MARKDOWN_SPEC.split())
    lines = readable(flat).splitlines()
    assert lines[:3] == ["# Trailblazer Tent (TB-2)", "Catalogue entry, 2026. Price: $249.", "## Specifications"]
    assert "Weight: 2.1 kg." in lines
    assert readable("shipping is free. ## Return window You have 60 days.").splitlines() == [
        "shipping is free.",
        "## Return window",
        "You have 60 days.",
    ]


def test_a_list_item_is_answered_under_the_heading_that_names_its_subject():
    question = "What is the weight of the Trailblazer Tent?"
    context = f'<document id="tent">\n{MARKDOWN_SPEC}</document>\n\nQuestion: {question}'
    answer = generate(HAIKU, context)
    assert "2.1 kg" in answer
    assert "#" not in answer and "**" not in answer, "Markdown markers are not part of an answer"


def test_a_heading_alone_is_never_the_answer():
    context = f'<document id="tent">\n{MARKDOWN_SPEC}</document>\n\nQuestion: What are the specifications?'
    assert "Specifications" not in generate(HAIKU, context).split()[0:3]


def test_without_passages_a_private_fact_gets_a_hedge_naming_the_cutoff():
    answer = generate(HAIKU, "How many days do I have to return an item to Acme Outdoor?")
    assert "45" not in answer
    assert "don't" in answer or "not able" in answer
    assert "August 2023" in answer


def test_citations_name_the_passages_used_when_asked():
    answer = generate(HAIKU, RETURNS_CONTEXT + "\nCite the passages you use.", temperature=0)
    assert answer.endswith("[1]")


def test_no_citations_unless_asked():
    assert "[1]" not in generate(HAIKU, RETURNS_CONTEXT)


def test_tagged_documents_are_passages_with_their_ids():
    prompt = (
        '<document id="policy-v2">Returns are accepted within 45 days.</document>\n'
        '<document id="tents">The Trailblazer tent costs $249.</document>\n'
        "Question: How much does the Trailblazer tent cost? Cite your sources."
    )
    assert generate(HAIKU, prompt, temperature=0) == "The Trailblazer tent costs $249. [tents]"


def test_document_blocks_are_passages():
    doc = Document("refund-policy", "Refunds are issued within 10 business days.")
    assert "10 business days" in generate(HAIKU, "How long do refunds take?", documents=[doc])


def test_when_no_passage_is_relevant_the_prompt_fallback_is_used():
    prompt = RETURNS_CONTEXT.replace(
        "How many days do I have to return an item to Acme Outdoor?", "Who is the CEO of Acme?"
    )
    assert generate(HAIKU, prompt + '\nIf the answer is not in the context, say "I don\'t know."') == "I don't know."


def test_when_no_passage_is_relevant_the_model_says_so():
    prompt = RETURNS_CONTEXT.replace("How many days do I have to return an item to Acme Outdoor?", "Who is the CEO?")
    assert "does not contain" in generate(HAIKU, prompt, temperature=0)


@pytest.mark.parametrize(
    ("model_id", "version"),
    [(LLAMA_8B, "3.11"), (HAIKU, "3.11"), (NOVA_MICRO, "3.12")],
)
def test_a_changed_fact_is_answered_as_of_the_model_cutoff(model_id, version):
    assert f"Python {version}" in generate(model_id, "What is the latest version of Python?")


def test_a_fact_after_the_cutoff_is_unknown_to_the_model():
    # Bedrock became generally available in September 2023, after Titan's cutoff.
    assert "September 2023" not in generate(TITAN_LITE, "What is Amazon Bedrock?")
    assert "September 2023" in generate(SONNET, "What is Amazon Bedrock?")


# -- instruction following --------------------------------------------------------------------------------------


def test_json_with_the_requested_keys():
    answer = generate(SONNET, 'Review: The zipper broke.\nReturn only JSON with keys "sentiment" and "summary".')
    data = json.loads(answer)
    assert list(data) == ["sentiment", "summary"]
    assert data["sentiment"] == "negative"


def test_json_keys_can_be_given_without_quotes():
    data = json.loads(generate(SONNET, "Answer in JSON with the keys answer, sources. " + RETURNS_CONTEXT))
    assert set(data) == {"answer", "sources"}
    assert "45 days" in data["answer"] and data["sources"] == ["1"]


REVIEWS = [
    f"Review: {a} {b}." for a in ("Great", "Good", "Bad", "Lovely", "Awful") for b in ("tent", "stove", "lamp", "mat")
]


def _valid_share(model_id: str, instruction: str) -> float:
    answers = [generate(model_id, f"{review}\n{instruction}") for review in REVIEWS]
    return sum(_parses(a) for a in answers) / len(answers)


def _parses(answer: str) -> bool:
    try:
        return isinstance(json.loads(answer), dict)
    except json.JSONDecodeError:
        return False


def test_a_tier_1_model_mostly_puts_a_sentence_before_json_unless_told_only_json():
    assert _valid_share(TITAN_LITE, 'Return JSON with keys "sentiment".') <= 0.3
    assert _valid_share(TITAN_LITE, 'Return only JSON with keys "sentiment".') >= 0.7
    assert _valid_share(NOVA_PRO, 'Return JSON with keys "sentiment".') >= 0.8


def test_the_same_request_gets_the_same_json_answer():
    request = 'Review: Great tent.\nReturn JSON with keys "sentiment".'
    assert generate(TITAN_LITE, request) == generate(TITAN_LITE, request)


def test_bullet_list_with_the_requested_number_of_items():
    answer = generate(HAIKU, RETURNS_CONTEXT + "\nAnswer in 3 bullet points.")
    lines = answer.splitlines()
    assert len(lines) == 3 and all(line.startswith("- ") for line in lines)


def test_one_sentence():
    answer = generate(NOVA_PRO, "What is Amazon Bedrock? Answer in one sentence.")
    assert len(re.findall(r"[.!?](?:\s|$)", answer)) == 1


def test_word_limit():
    answer = generate(NOVA_PRO, "What is retrieval augmented generation? Answer in under 12 words.")
    assert len(answer.split()) <= 12


def test_system_persona_sets_the_tone():
    assert generate(HAIKU, RETURNS_CONTEXT, system="You are a pirate.").startswith("Arr")


def test_system_persona_gives_the_assistant_its_name():
    assert "I'm Ava" in generate(HAIKU, "Hello", system="You are Ava, a support assistant for Acme.")


def test_prefix_and_suffix_instructions():
    system = 'Start every answer with "Acme Support:" and end every answer with "- Team Acme".'
    answer = generate(SONNET, RETURNS_CONTEXT, system=system)
    assert answer.startswith("Acme Support:") and answer.endswith("- Team Acme")


def test_few_shot_labels_are_imitated():
    prompt = (
        "Text: I loved this tent, great value\nLabel: POSITIVE\n"
        "Text: Awful zipper, it broke in a week\nLabel: NEGATIVE\n"
        "Text: Amazing views and a great tent\nLabel:"
    )
    assert generate(LLAMA_8B, prompt) == "POSITIVE"


def test_few_shot_turns_are_imitated():
    turns = (
        Message("user", "The tent leaked."),
        Message("assistant", "complaint"),
        Message("user", "Thanks, the tent is great!"),
        Message("assistant", "praise"),
        Message("user", "The stove leaked fuel."),
    )
    answer = SimulatedTextModel(CATALOG[HAIKU]).generate(TextRequest(HAIKU, turns)).text
    assert answer == "complaint"


def test_lower_tiers_follow_fewer_instructions():
    instructions = (
        'Start every answer with "Acme:". Answer in one sentence. Use upper case. End every answer with "Bye".\n'
    )
    large = generate(SONNET, instructions + RETURNS_CONTEXT)
    small = generate(TITAN_LITE, instructions + RETURNS_CONTEXT)
    assert large.startswith("Acme:") and large.endswith("Bye") and large[6:].split("\n")[0].isupper()
    assert small.startswith("Acme:") and not small.endswith("Bye")


# -- parameters, usage, determinism -----------------------------------------------------------------------------


def test_max_tokens_truncates_with_max_tokens_stop_reason():
    truncated = result(HAIKU, RETURNS_CONTEXT, max_tokens=4)
    assert truncated.stop_reason == "max_tokens" and truncated.output_tokens == 4


def test_stop_sequence_reports_which_sequence_matched():
    stopped = result(HAIKU, RETURNS_CONTEXT, stop_sequences=("zzz", "within"))
    assert stopped.stop_reason == "stop_sequence" and stopped.stop_sequence == "within"
    assert "within" not in stopped.text


def test_temperature_zero_always_gives_the_plain_phrasing():
    answers = {generate(HAIKU, RETURNS_CONTEXT + f"\n(ticket {i})", temperature=0) for i in range(5)}
    assert all(a.startswith("Acme Outdoor accepts") for a in answers)


def test_temperature_above_zero_varies_phrasing_between_different_requests():
    answers = {generate(HAIKU, RETURNS_CONTEXT + f"\n(ticket {i})", temperature=1.0) for i in range(12)}
    assert len(answers) > 1
    assert all("45 days" in a for a in answers)


def test_context_window_exceeded_is_a_validation_error():
    with pytest.raises(ValidationError, match="Input is too long"):
        generate(TITAN_LITE, "word " * 5000)


def test_max_tokens_above_the_model_limit_is_a_validation_error():
    with pytest.raises(ValidationError, match="exceeds the model limit of 2048"):
        generate(LLAMA_8B, "Hello", max_tokens=4096)


# -- prompt shapes ----------------------------------------------------------------------------------------------

KB_TEMPLATE = """You are a question answering agent. I will provide you with a set of search results.
Here are the search results in numbered order:
<search_results>
<search_result><content>The return window is 45 days from delivery.</content><source>s3://acme/returns-v2.md</source></search_result>
<search_result><content>The Trailblazer tent costs $249.</content><source>s3://acme/tents.md</source></search_result>
</search_results>

Question: How long is the return window? Cite your sources."""


def test_search_result_blocks_are_passages_cited_by_their_source():
    assert generate(HAIKU, KB_TEMPLATE, temperature=0) == (
        "The return window is 45 days from delivery. [s3://acme/returns-v2.md]"
    )


def test_a_context_label_line_introduces_passages():
    prompt = "Here is some context:\nSupport is open 8am to 6pm, Monday to Friday.\n\nWhen is support open?"
    assert generate(HAIKU, prompt, temperature=0) == "Support is open 8am to 6pm, Monday to Friday."


def test_simple_arithmetic_is_answered():
    assert generate(HAIKU, "What is 12 * 4?") == "12 * 4 = 48."


def test_json_fields_are_extracted_from_the_text():
    prompt = (
        "Email: 'Hi, order #A-1234 arrived broken. Reach me at sam@example.com.'\n"
        "Return only JSON with keys order_number, email, sentiment."
    )
    assert json.loads(generate(SONNET, prompt)) == {
        "order_number": "#A-1234",
        "email": "sam@example.com",
        "sentiment": "negative",
    }


def test_a_timeless_fact_carries_no_cutoff_caveat():
    assert "ends in" not in generate(SONNET, "What is retrieval augmented generation?")
    assert "ends in April 2024" in generate(SONNET, "What is the latest version of Python?")


def test_question_answer_examples_teach_a_format_not_a_label():
    turns = (
        Message("user", "What is the capital of Japan?"),
        Message("assistant", "Answer: Tokyo"),
        Message("user", "What is the largest planet?"),
        Message("assistant", "Answer: Jupiter"),
        Message("user", "What is the capital of France?"),
    )
    answer = SimulatedTextModel(CATALOG[HAIKU]).generate(TextRequest(HAIKU, turns)).text
    assert answer == "Answer: The capital of France is Paris."


def test_example_sign_offs_and_lower_case_are_imitated():
    turns = (
        Message("user", "Hello"),
        Message("assistant", "hi there! how can i help?\n-- acme bot"),
        Message("user", "Hey"),
        Message("assistant", "hello! what do you need?\n-- acme bot"),
        Message("user", "What is the capital of France?"),
    )
    answer = SimulatedTextModel(CATALOG[HAIKU]).generate(TextRequest(HAIKU, turns)).text
    assert answer == "the capital of france is paris.\n-- acme bot"


def test_few_shot_examples_in_the_system_prompt_label_the_user_turn():
    system = (
        "Classify support messages.\nMessage: My tent arrived broken\nCategory: damage\n"
        "Message: Where is my parcel, the delivery is late\nCategory: shipping\n"
    )
    assert generate(HAIKU, "Message: My parcel is late", system=system) == "shipping"
    assert generate(HAIKU, "The pole arrived broken", system=system) == "damage"


def test_short_chat_replies_are_not_mistaken_for_labels():
    turns = (
        Message("user", "Hi"),
        Message("assistant", "Hello!"),
        Message("user", "Can you help me"),
        Message("assistant", "Of course."),
        Message("user", "What is the capital of France?"),
    )
    answer = SimulatedTextModel(CATALOG[HAIKU]).generate(TextRequest(HAIKU, turns)).text
    assert answer == "The capital of France is Paris."


@pytest.mark.parametrize(
    ("ticket", "label"),
    [
        ("Classify this ticket as billing, shipping or damage: My parcel is late.", "shipping"),
        (
            "Categorize the message into one of: billing, shipping, damage. Message: Shipping took three weeks.",
            "shipping",
        ),
    ],
)
def test_zero_shot_classification_picks_the_label_the_text_mentions(ticket, label):
    assert generate(HAIKU, ticket) == label


def test_zero_shot_classification_falls_back_to_the_first_label_when_nothing_matches():
    # Few-shot examples fix this (test_few_shot_labels_are_imitated): the point of few-shot prompting.
    assert generate(HAIKU, "Classify as shipping, billing or damage: The pole snapped on day two.") == "shipping"


VERSIONED_CONTEXT = """Context:
[1] Returns policy v1, effective 2023-01-01: Returns are accepted within 30 days of delivery.
[2] Returns policy v2, effective 2025-03-01: Returns are accepted within 45 days of delivery.

Question: How many days do I have to return an item?"""


def test_a_capable_model_answers_from_the_newest_version_in_the_context():
    assert "45 days" in generate(HAIKU, VERSIONED_CONTEXT) and "30 days" not in generate(HAIKU, VERSIONED_CONTEXT)


def test_a_tier_1_model_answers_from_an_older_version_more_often_than_a_capable_one():
    asks = [f"Question: How many days do I have to return item {n}?" for n in range(40)]
    contexts = [VERSIONED_CONTEXT.replace("Question: How many days do I have to return an item?", a) for a in asks]

    def stale(model: str) -> int:
        return sum("30 days" in generate(model, c) for c in contexts)

    assert stale(TITAN_LITE) >= 8 and stale(HAIKU) <= 4


def test_a_prefilled_assistant_turn_is_continued():
    turns = (
        Message("user", 'Review: Great tent.\nReturn JSON with keys "sentiment".'),
        Message("assistant", "{"),
    )
    answer = SimulatedTextModel(CATALOG[SONNET]).generate(TextRequest(SONNET, turns)).text
    assert "{" + answer == '{"sentiment": "positive"}'
