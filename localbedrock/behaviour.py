"""Behaviour profiles of the simulated text models: the rates at which a model of each tier guesses, follows a
style, writes valid JSON and sees past label words, as docs/model-behaviour.md specifies them.

One dataclass per area, one instance per tier (the catalogue's ``tier`` field selects it) and a few per-family
overrides where published figures differ by vendor. Rates become outcomes through :mod:`localbedrock.chance`, keyed
by the request, so the same request always gives the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from localbedrock.catalog import ModelProfile


@dataclass(frozen=True)
class ClosedBook:
    """Questions about facts the model never saw (a private company's policies, a product it cannot know)."""

    guess: float  # share answered with a confident, plausible, generic value instead of a hedge
    guess_told_to_abstain: float  # the same when told to answer only from given information or say "I don't know"


@dataclass(frozen=True)
class PromptedStyle:
    """A house style asked for in the prompt: each rule (greeting, structure, sign-off, banned phrases, length) is
    kept with probability ``rule`` when the prompt shows an example reply, lowered for the reasons below."""

    rule: float
    guide_only: float  # lost per rule when the guide has no example reply
    long_input: float  # lost per rule at 150 words of message, and again at 600 words of passages (linear below)
    unusual_input: float  # lost per rule when the message is unlike the example (several questions, no greeting)


@dataclass(frozen=True)
class Format:
    """JSON output asked for in the prompt."""

    flat_valid: float  # share of valid JSON for flat objects of strings and numbers
    nested_valid: float  # for objects holding lists or objects
    chatter_not_told_only: float  # a sentence before the JSON when the prompt does not say "only JSON"
    prefill_or_example_kept: float  # share of the failures left when the answer is prefilled or shown by example


@dataclass(frozen=True)
class Classification:
    """Choosing a label among options named in the prompt."""

    label_sense: bool  # knows what a label word means beyond the word itself (zero-shot works)


@dataclass(frozen=True)
class Behaviour:
    closed_book: ClosedBook
    style: PromptedStyle
    format: Format
    classification: Classification


TIERS: dict[int, Behaviour] = {
    1: Behaviour(
        ClosedBook(guess=0.75, guess_told_to_abstain=0.12),
        PromptedStyle(rule=0.86, guide_only=0.08, long_input=0.08, unusual_input=0.04),
        Format(flat_valid=0.85, nested_valid=0.7, chatter_not_told_only=0.9, prefill_or_example_kept=0.3),
        Classification(label_sense=False),
    ),
    2: Behaviour(
        ClosedBook(guess=0.6, guess_told_to_abstain=0.06),
        PromptedStyle(rule=0.95, guide_only=0.07, long_input=0.06, unusual_input=0.03),
        Format(flat_valid=0.97, nested_valid=0.88, chatter_not_told_only=0.15, prefill_or_example_kept=0.25),
        Classification(label_sense=True),
    ),
    3: Behaviour(
        ClosedBook(guess=0.5, guess_told_to_abstain=0.03),
        PromptedStyle(rule=0.98, guide_only=0.05, long_input=0.04, unusual_input=0.02),
        Format(flat_valid=0.99, nested_valid=0.95, chatter_not_told_only=0.05, prefill_or_example_kept=0.2),
        Classification(label_sense=True),
    ),
}

# SimpleQA (Wei et al. 2024): Claude models decline far more often than GPT-class ones (35 % vs 1 % not attempted).
_DECLINES_MORE = ClosedBook(guess=0.35, guess_told_to_abstain=0.03)
OVERRIDES: dict[str, dict[str, object]] = {"anthropic.": {"closed_book": _DECLINES_MORE}}


def behaviour_of(profile: ModelProfile) -> Behaviour:
    """The behaviour of ``profile``'s model: its tier's, with any override for its model id."""
    behaviour = TIERS[profile.tier]
    for prefix, changes in OVERRIDES.items():
        if profile.model_id.startswith(prefix) or f".{prefix}" in profile.model_id:
            behaviour = replace(behaviour, **changes)  # type: ignore[arg-type]
    return behaviour
