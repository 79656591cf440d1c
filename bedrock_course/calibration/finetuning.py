"""Fine-tuning: the house style learned as a layout that holds on new messages and grows with examples and epochs
(saturating); facts learned only weakly, frozen at the training snapshot, and more confident guesses on facts never
seen. Models are trained and deployed through the public API (CreateModelCustomizationJob,
CreateCustomModelDeployment) as lessons 5 and 6 do."""

from __future__ import annotations

from functools import cache

from bedrock_course.calibration import Behaviour
from bedrock_course.calibration._common import NOVA_LITE, ask, custom_model, share, style_messages
from bedrock_course.data import load_corpus, load_questions
from bedrock_course.finetuning import FT_SNAPSHOT, in_house_style, load_examples, reply_body
from bedrock_course.scoring import abstains, answer_correct

ANTHROPIC = "Anthropic (2024): fine-tuning improves 'tone and style matching'; AWS: customize for a consistent style"
OVADIA = "Ovadia et al. 2024: fine-tuning on new facts moves accuracy within about 13 points of the base"
GEKHMAN = "Gekhman et al. 2024: fine-tuning on unknown facts makes a model hallucinate more"


def _system() -> str:
    return load_examples("train")[0].system


def style_on_new_messages(count: int | None = None, epochs: int = 2) -> float:
    model = custom_model(count=count, epochs=epochs)
    return share([in_house_style(ask(model, m, _system())) for m in style_messages()])


def new_minus_validation() -> float:
    """House style on the new messages minus on the course's validation messages (most repeat a training message):
    near 0 for a model that learned a layout rather than memorised replies."""
    model = custom_model()
    validation = [e.message for e in load_examples("validation")]
    on_validation = share([in_house_style(ask(model, m, _system())) for m in validation])
    return style_on_new_messages() - on_validation


def recalled_training_answer() -> float:
    """The share of validation messages answered with the training reply's body (the facts seen in training)."""
    model = custom_model()
    examples = load_examples("validation")
    return share([reply_body(ask(model, e.message, e.system)) == reply_body(e.reply) for e in examples])


@cache
def _closed_book(model_id: str) -> tuple[str, ...]:
    questions = [q for q in load_questions() if q["as_of"] == "2026-11-15"]
    return tuple(ask(model_id, q["question"], _system()) for q in questions)


def changed_facts_correct() -> float:
    """Closed-book accuracy of the custom model on facts whose current version dates from after the training
    snapshot (its training replies state the version before)."""
    questions = [q for q in load_questions() if q["as_of"] == "2026-11-15"]
    dated = {d.doc_id: d.metadata.get("date", "") for d in load_corpus()}
    answers = _closed_book(custom_model())
    changed = [
        (a, q)
        for a, q in zip(answers, questions, strict=True)
        if q["type"] == "changed-between-versions" and min(dated[i] for i in q["relevant_doc_ids"]) > FT_SNAPSHOT
    ]
    return share([answer_correct(a, q) for a, q in changed])


def more_confident_than_base() -> float:
    """The custom model's share of confident (non-hedging) closed-book answers minus its base model's."""
    tuned = 1 - share([abstains(a) for a in _closed_book(custom_model())])
    base = 1 - share([abstains(a) for a in _closed_book(NOVA_LITE)])
    return tuned - base


BEHAVIOURS = [
    Behaviour(
        "fine-tuning",
        "house style on new messages, 16 examples, 2 epochs",
        NOVA_LITE,
        0.1,
        0.55,
        ANTHROPIC,
        lambda: style_on_new_messages(16),
    ),
    Behaviour(
        "fine-tuning",
        "house style on new messages, 64 examples, 2 epochs",
        NOVA_LITE,
        0.6,
        0.95,
        ANTHROPIC,
        lambda: style_on_new_messages(64),
    ),
    Behaviour(
        "fine-tuning",
        "house style on new messages, 340 examples, 1 epoch",
        NOVA_LITE,
        0.4,
        0.8,
        ANTHROPIC,
        lambda: style_on_new_messages(epochs=1),
    ),
    Behaviour(
        "fine-tuning",
        "house style on new messages, 340 examples, 2 epochs",
        NOVA_LITE,
        0.85,
        1.0,
        ANTHROPIC,
        style_on_new_messages,
    ),
    Behaviour(
        "fine-tuning",
        "house style on new messages, 340 examples, 5 epochs",
        NOVA_LITE,
        0.9,
        1.0,
        ANTHROPIC,
        lambda: style_on_new_messages(epochs=5),
    ),
    Behaviour(
        "fine-tuning",
        "style: new messages minus validation messages",
        NOVA_LITE,
        -0.15,
        0.15,
        "A layout learned, not replies memorised (no published figure; consistency is the vendors' claim)",
        new_minus_validation,
    ),
    Behaviour(
        "fine-tuning",
        "facts seen in training recalled (validation paraphrases)",
        NOVA_LITE,
        0.15,
        0.6,
        OVADIA,
        recalled_training_answer,
    ),
    Behaviour(
        "fine-tuning",
        "facts changed after the snapshot, closed-book correct",
        NOVA_LITE,
        0.0,
        0.15,
        OVADIA,
        changed_facts_correct,
    ),
    Behaviour(
        "fine-tuning",
        "confident answers, custom minus base (closed-book)",
        NOVA_LITE,
        0.1,
        0.5,
        GEKHMAN,
        more_confident_than_base,
    ),
]
