"""What the simulated models "learned" in pre-training: dated facts, each visible only to models whose knowledge
cutoff is on or after its date.

This is what makes knowledge currency measurable: asked about a fact that changed, a model answers with the newest
version it could have seen (a stale answer); asked about something it never saw (a private corpus), it has nothing
to retrieve and either hedges or, at its tier's rate, fills the gap with a plausible generic default
(:func:`plausible_guess`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from localbedrock.lexicon import content_terms


@dataclass(frozen=True)
class Fact:
    """A fact stated as ``answer``, true from ``as_of``; it matches a question containing all of ``topic``'s terms."""

    topic: str
    answer: str
    as_of: date

    @property
    def terms(self) -> frozenset[str]:
        return frozenset(content_terms(self.topic))


class Knowledge:
    """A set of dated facts, looked up by the terms of a question."""

    def __init__(self, facts: tuple[Fact, ...] = ()) -> None:
        self._facts = list(facts)

    def add(self, fact: Fact) -> None:
        self._facts.append(fact)

    def changes(self, fact: Fact) -> bool:
        """Whether ``fact``'s topic has several dated versions (the answer depends on the cutoff)."""
        return sum(f.topic == fact.topic for f in self._facts) > 1

    def lookup(self, question: str, cutoff: date | None) -> Fact | None:
        """The newest fact matching ``question`` that a model with this ``cutoff`` could have seen."""
        terms = set(content_terms(question))
        visible = [f for f in self._facts if f.terms <= terms and (cutoff is None or f.as_of <= cutoff)]
        if not visible:
            return None
        return max(visible, key=lambda f: (len(f.terms), f.as_of))


RAG_DEFINITION = (
    "Retrieval-augmented generation (RAG) retrieves relevant passages from a document store and adds them "
    "to the prompt, so the model answers from current, specific sources instead of its training data alone."
)

GENERAL_KNOWLEDGE = Knowledge(
    (
        Fact("capital France", "The capital of France is Paris.", date(1900, 1, 1)),
        Fact("capital Japan", "The capital of Japan is Tokyo.", date(1900, 1, 1)),
        Fact("largest planet", "Jupiter is the largest planet in the Solar System.", date(1900, 1, 1)),
        Fact("boiling point water", "Water boils at 100 °C (212 °F) at sea level.", date(1900, 1, 1)),
        Fact("speed light", "The speed of light in a vacuum is about 299,792 km per second.", date(1900, 1, 1)),
        Fact("wrote Pride Prejudice", "Jane Austen wrote Pride and Prejudice, published in 1813.", date(1900, 1, 1)),
        Fact(
            "retrieval augmented generation",
            RAG_DEFINITION,
            date(2020, 5, 22),
        ),
        Fact(
            "RAG",
            RAG_DEFINITION,
            date(2020, 5, 22),
        ),
        Fact(
            "fine tuning",
            "Fine-tuning continues training a pre-trained model on labelled examples, so it learns a task, a style "
            "or an output format; it is a poor way to teach a model new facts.",
            date(2019, 1, 1),
        ),
        Fact("latest Python version", "The latest version of Python is Python 3.11.", date(2022, 10, 24)),
        Fact("latest Python version", "The latest version of Python is Python 3.12.", date(2023, 10, 2)),
        Fact("latest Python version", "The latest version of Python is Python 3.13.", date(2024, 10, 7)),
        Fact(
            "Amazon Bedrock",
            "Amazon Bedrock is a managed AWS service that offers foundation models from several providers "
            "through a single API; it was announced in April 2023.",
            date(2023, 4, 13),
        ),
        Fact(
            "Amazon Bedrock",
            "Amazon Bedrock is a managed AWS service that offers foundation models from several providers "
            "through a single API; it became generally available in September 2023.",
            date(2023, 9, 28),
        ),
        Fact("latest Claude model", "The latest Claude model is Claude 2.", date(2023, 7, 11)),
        Fact("latest Claude model", "The latest Claude models are the Claude 3 family.", date(2024, 3, 4)),
        Fact("latest Claude model", "The latest Claude model is Claude 3.5 Sonnet.", date(2024, 6, 20)),
    )
)


# What a model writes when it fills a gap with a default it has seen for many companies: the kind of value asked
# for decides the guess, never the question's subject (the simulator knows nothing of a private corpus).
class _Guess(NamedTuple):
    asked: re.Pattern[str]
    answers: tuple[str, ...]


_GUESSES = (
    _Guess(
        re.compile(
            r"\b(?:ship|shipping|deliver|delivery|arrive|dispatch|track)\w*\b.*\bhow long|how long.*\b(?:ship|"
            r"deliver|arriv|dispatch)",
            re.I | re.S,
        ),
        ("Standard delivery takes 3-5 business days.", "Orders usually arrive within 5-7 business days."),
    ),
    _Guess(
        re.compile(r"\b(?:return|refund|exchange)\w*\b", re.I),
        ("You can return it within 30 days of purchase for a full refund.", "Refunds are issued within 14 days."),
    ),
    _Guess(
        re.compile(r"\b(?:warranty|guarantee)\w*\b", re.I),
        ("The warranty lasts 1 year from the date of purchase.", "It comes with a 2-year limited warranty."),
    ),
    _Guess(
        re.compile(r"\b(?:price|cost|costs|fee|charge|how much)\b", re.I),
        ("It costs $49.99.", "The price is $29.99.", "There is a $9.99 fee."),
    ),
    _Guess(
        re.compile(r"\bhow (?:long|soon)\b|\bhow many (?:days|hours|weeks|minutes)\b", re.I),
        ("It takes about 24 hours.", "It usually takes 2-3 weeks.", "About 10 minutes."),
    ),
    _Guess(re.compile(r"\bhow many\b", re.I), ("There are 3.", "Up to 5.")),
    _Guess(re.compile(r"\b(?:capacity|hold|holds|volume)\b", re.I), ("It holds 1.7 liters.", "It holds 1.5 liters.")),
    _Guess(re.compile(r"\b(?:weigh|weight|heavy)\w*\b", re.I), ("It weighs about 3 kg.", "It weighs 2.5 kg.")),
    _Guess(re.compile(r"\b(?:battery|charge lasts)\b", re.I), ("The battery lasts about 8 hours.",)),
    _Guess(
        re.compile(r"\b(?:when|what time|what day|which day|opening hours|open)\b", re.I),
        ("It is open from 9 a.m. to 5 p.m., Monday to Friday.", "It happens on the 1st of each month."),
    ),
    _Guess(
        re.compile(r"^\s*(?:can|do|does|is|are|will|may)\b", re.I | re.M),
        ("Yes, that is possible.", "Yes, you can."),
    ),
)


def plausible_guess(question: str, choice: float) -> str | None:
    """A confident, generic answer of the kind ``question`` asks for ("30 days", "$49.99"), or None when the kind
    is unknown; ``choice`` in [0, 1) picks among equally plausible defaults."""
    for guess in _GUESSES:
        if guess.asked.search(question):
            return guess.answers[int(choice * len(guess.answers))]
    return None
