"""Choosing a label among the options a prompt names, without examples (zero-shot).

A small model knows a label only by its own word: a message that does not use the word gets the first option. A
capable model also knows what a label means: the everyday words of common support and sentiment categories below
(general English, not any corpus's wording). Few-shot examples are handled by imitation in the generator, which is
what lifts the small models (Brown et al. 2020).
"""

from __future__ import annotations

import re
from functools import cache

from localbedrock.lexicon import content_terms

_OPTIONS = re.compile(
    r"\b(?:as|into|one of|from|categories|labels|categories are|labels are)\s*:?\s*"
    r"((?:[\w-]+\s*,\s*)+(?:or\s+|and\s+)?[\w-]+(?:\s+(?:or|and)\s+[\w-]+)?)",
    re.IGNORECASE,
)
_FALLBACK = frozenset({"other", "general", "misc", "miscellaneous", "unknown", "none"})

# What a capable model associates with common category names.
_SENSE = {
    "return": "return returns returned refund money back send back exchange unwanted changed my mind",
    "refund": "refund refunds money back reimburse credit returned charge back",
    "shipping": "shipping ship shipped delivery deliver delivered parcel package courier carrier tracking track "
    "arrive arrived arrival dispatch postage express late lost order where is",
    "delivery": "delivery deliver delivered parcel package courier shipping tracking arrive late",
    "warranty": "warranty guarantee covered coverage repair repaired defect defective broke broken replacement "
    "faulty years",
    "troubleshooting": "error code fault not working stopped working won't doesn't fix problem issue broken "
    "leaking noise light blinking reset pairing app firmware update taste clean "
    "display",
    "technical": "error fault not working fix problem issue bug crash app firmware reset",
    "subscription": "subscription subscribe subscribed plan membership monthly renew renewal cancel skip "
    "pause shipment billing every month",
    "billing": "billing bill invoice charge charged payment pay card price refund fee",
    "payment": "payment pay card paypal installment installments charge invoice gift card",
    "account": "account login log in password sign in email profile",
    "damage": "damage damaged broken cracked dented smashed scratched shattered",
    "complaint": "complaint unhappy disappointed terrible awful angry rude",
    "positive": "good great love excellent happy thanks wonderful amazing perfect",
    "negative": "bad terrible awful hate broken disappointed angry worst poor",
    "neutral": "okay fine question information",
}


@cache
def _sense(label: str) -> frozenset[str]:
    terms = set(content_terms(label))
    for name, words in _SENSE.items():
        if terms & set(content_terms(name)):
            terms |= set(content_terms(words))
    return frozenset(terms)


def labels_offered(text: str) -> list[str]:
    """The options a prompt lists ("classify ... as returns, shipping or other"), or none."""
    found = _OPTIONS.search(text)
    if not found:
        return []
    return [o.strip() for o in re.split(r"\s*,\s*(?:or\s+|and\s+)?|\s+or\s+|\s+and\s+", found.group(1)) if o.strip()]


def label_evidence(label: str, text: str, sense: bool) -> float:
    """How much ``text`` speaks of ``label``: its own words count double, with ``sense`` the words it means count."""
    own = set(content_terms(label))
    meant = _sense(label) - own if sense else frozenset()
    return sum(2.0 if t in own else 1.0 if t in meant else 0.0 for t in content_terms(text))


def choose_label(options: list[str], text: str, sense: bool) -> str:
    """The option ``text`` is most about: by the label's own word, and with ``sense`` by what the label means;
    with no evidence a catch-all option ("other") when offered, else the first."""
    if not options:
        return ""
    scores = [label_evidence(o, text, sense) for o in options]
    if max(scores) > 0:
        return options[scores.index(max(scores))]
    fallback = [o for o in options if o.lower() in _FALLBACK]
    return fallback[0] if sense and fallback else options[0]
