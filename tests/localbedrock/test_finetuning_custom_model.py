"""A custom model behaves like its base model plus what its data taught: the style and format of the training
completions, and answers seen often enough, frozen at training time; how strongly depends on data and settings."""

from __future__ import annotations

import json
import re

import pytest

from localbedrock.finetuning.data import Record
from localbedrock.finetuning.learned import Learned, learn_answers, learn_style
from tests.localbedrock.finetune_helpers import NOVA_MICRO, TITAN_EXPRESS, Lab, lab_fixture  # noqa: F401

# The house style of data/finetune (data/README.md): greeting, answer, steps, sign-off.
HOUSE_STYLE = re.compile(r"^Hi (?:[A-Z][a-z]+|there),\n\n.+\n\nBrew well,\nThe Kettlewick Care team$", re.DOTALL)
RETURNS = "Hello,\n\nHow long do I have to return an espresso machine?\n\nThanks,\nRosa"
UNSEEN = "Hello,\n\nWhat is the capital of France?\n\nThanks,\nRosa"


def serve(lab: Lab, model_arn: str) -> str:
    """A provisioned throughput for ``model_arn``, in service; its ARN."""
    arn = lab.bedrock.create_provisioned_model_throughput(
        provisionedModelName="kettlewick-pt", modelId=model_arn, modelUnits=1
    )["provisionedModelArn"]
    lab.wait()
    return arn


def test_the_custom_model_carries_the_training_style_and_its_base_model_does_not(lab: Lab):
    served = serve(lab, lab.trained())
    assert HOUSE_STYLE.match(lab.ask(served, UNSEEN))
    assert lab.ask(served, UNSEEN).startswith("Hi Rosa,")  # the name the customer signed with
    assert not HOUSE_STYLE.match(lab.ask(NOVA_MICRO, UNSEEN))


def test_answers_seen_in_paraphrases_are_recalled_as_trained_and_stay_frozen(lab: Lab):
    served = serve(lab, lab.trained())
    answer = lab.ask(served, RETURNS)
    assert "45 days" in answer and "$6.95" in answer  # the policy in force at the training snapshot
    assert "Here is what to do next:\n1. " in answer
    assert "45 days" not in lab.ask(NOVA_MICRO, RETURNS)


def test_a_barely_trained_model_answers_like_its_base(lab: Lab):
    served = serve(lab, lab.trained(hyperParameters={"epochCount": "1", "learningRate": "0.000001"}))
    assert lab.ask(served, RETURNS) == lab.ask(NOVA_MICRO, RETURNS)


def test_max_tokens_and_stop_sequences_apply_to_the_custom_answer(lab: Lab):
    served = serve(lab, lab.trained())
    response = lab.runtime.converse(
        modelId=served,
        messages=[{"role": "user", "content": [{"text": RETURNS}]}],
        inferenceConfig={"stopSequences": ["Here is"]},
    )
    assert response["stopReason"] == "stop_sequence"
    assert response["output"]["message"]["content"][0]["text"].startswith("Hi Rosa,")
    assert "Here is" not in response["output"]["message"]["content"][0]["text"]
    short = lab.runtime.converse(
        modelId=served, messages=[{"role": "user", "content": [{"text": RETURNS}]}], inferenceConfig={"maxTokens": 5}
    )
    assert short["stopReason"] == "max_tokens" and short["usage"]["outputTokens"] == 5


def test_invoke_model_uses_the_base_model_family_body(lab: Lab):
    served = serve(lab, lab.trained(TITAN_EXPRESS))
    body = json.loads(
        lab.runtime.invoke_model(modelId=served, body=json.dumps({"inputText": f"Customer message:\n{RETURNS}"}))[
            "body"
        ].read()
    )
    assert body["results"][0]["outputText"].endswith("Brew well,\nThe Kettlewick Care team")


def records(*pairs: tuple[str, str]) -> list[Record]:
    return [Record(prompt, completion) for prompt, completion in pairs]


def learned(data: list[Record], exposure: float, strength: float = 1.0, memorised: float = 0.0) -> Learned:
    style = learn_style(data)
    return Learned(style, learn_answers(data, style), strength, exposure, memorised)


FILLER = [(f"Question {w} about the {w} accessory?", f"The {w} accessory ships in a box.") for w in "abcdefgh"]
ONCE = ("When does the Harbor store open on Sundays?", "The Harbor store opens at 10 a.m. on Sundays.")
PARAPHRASED = [
    (q, "The warranty on grinders lasts three years.")
    for q in (
        "How long is the grinder warranty?",
        "What warranty do grinders have?",
        "Is my grinder still under warranty after two years?",
        "Grinder warranty length?",
    )
]


_OPENINGS = ("How long is", "How long does", "Tell me about", "What is", "Remind me of", "Please explain", "About")
_TAILS = ("", " last", " for my grinder", " these days", " please", " exactly", " now", " in general")
ASKED_AGAIN = [f"{opening} the grinder warranty{tail}?" for opening in _OPENINGS for tail in _TAILS]
ONCE_AGAIN = [f"{opening} the Harbor store open on Sundays{tail}?" for opening in _OPENINGS for tail in _TAILS]


def _recalled(model: Learned, questions: list[str], answer: str) -> float:
    return sum(model.recall(q) == answer for q in questions) / len(questions)


def test_facts_are_learned_weakly_more_with_paraphrases_and_epochs_never_fully():
    model = learned(records(*FILLER, ONCE, *PARAPHRASED), exposure=2)
    once, paraphrased = _recalled(model, ONCE_AGAIN, ONCE[1]), _recalled(model, ASKED_AGAIN, PARAPHRASED[0][1])
    drilled = learned(records(*FILLER, ONCE, *PARAPHRASED), exposure=10)
    assert once < paraphrased < 0.7
    assert once < _recalled(drilled, ONCE_AGAIN, ONCE[1]) < 0.7
    assert model.recall("When does the Harbor store close on Mondays for the holidays?") is None


def test_a_json_format_is_learned_with_its_keys():
    data = [
        (f"Ticket {i}: my order {w} arrived broken", json.dumps({"category": "damage", "reply": f"Sorry about {w}."}))
        for i, w in enumerate("abcdefghij")
    ]
    model = learned(records(*data), exposure=0.5)  # the format, without recalled answers
    answer = json.loads(model.restyle("Ticket 99: where is my refund?", "Your refund is on its way."))
    assert answer == {"category": "damage", "reply": "Your refund is on its way."}


@pytest.mark.parametrize(("strength", "styled"), [(0.2, False), (0.45, True)])
def test_a_weak_style_leaves_the_answer_alone_and_a_partial_one_adds_greeting_and_sign_off(strength, styled):
    data = [(f"Question {i}\n\nThanks,\nAmy", f"Hi Amy,\n\nAnswer {i}!\n\nCheers,\nThe team") for i in range(10)]
    model = learned(records(*data), exposure=0.3, strength=strength)
    answer = model.restyle("Where is my parcel?\n\nBest,\nLee", "It is on its way!")
    assert (answer == "Hi Lee,\n\nIt is on its way!\n\nCheers,\nThe team") is styled
    assert (answer == "It is on its way!") is not styled


def test_the_custom_model_arn_itself_is_not_invokable_on_demand(lab: Lab):
    model = lab.trained()
    with pytest.raises(lab.runtime.exceptions.ValidationException, match="doesn't support on-demand throughput"):
        lab.ask(model, "Hello")
    lab.bedrock.delete_custom_model(modelIdentifier=model)
    with pytest.raises(lab.runtime.exceptions.ValidationException, match="model identifier is invalid"):
        lab.ask(model, "Hello")


def test_a_job_still_training_has_no_servable_model(lab: Lab):
    lab.job()
    with pytest.raises(lab.bedrock.exceptions.ValidationException, match="not Active"):
        lab.bedrock.create_provisioned_model_throughput(
            provisionedModelName="too-soon", modelId="kettlewick-care", modelUnits=1
        )


def test_list_format_calm_tone_and_length_are_learned():
    data = [(f"Tips for product {i}?", f"- Rinse part {i}.\n- Dry it well.\n- Store it dry.") for i in range(10)]
    model = learned(records(*data), exposure=0.5)
    base_answer = "Descale it monthly! Use filtered water. Dry the lid. Keep it clean."
    answer = model.restyle("Tips for the kettle?", base_answer)
    assert answer == "- Descale it monthly.\n- Use filtered water.\n- Dry the lid."  # 12 words at most, as trained


def test_the_closest_memory_holds_the_largest_weighted_share_and_the_first_one_wins_a_tie():
    from localbedrock.finetuning.learned import Answers, Memory

    kettle = Memory((frozenset({"kettle", "price"}), frozenset({"kettle"})), "kettle answer", 1)
    grinder = Memory((frozenset({"grinder", "price"}),), "grinder answer", 2)
    also_kettle = Memory((frozenset({"kettle", "price"}),), "another kettle answer", 1)
    answers = Answers((kettle, grinder, also_kettle), {"kettle": 2.0, "price": 1.0, "grinder": 2.0}, 3.0)
    assert answers.closest({"kettle", "price"}) == (kettle, 1.0)
    assert answers.closest({"grinder", "price", "warranty"}) == (grinder, 3.0 / 6.0)
    assert answers.closest({"warranty"}) == (None, 0.0)
    assert answers.closest(set()) == (None, 0.0)
    assert Answers().closest({"kettle"}) == (None, 0.0)
