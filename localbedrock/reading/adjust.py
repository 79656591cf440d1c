"""What a customer pays: a product's price, adjusted by what another passage says applies to the customer.

"As a member, what would I pay for the grinder?", "What will the kettle cost me shipped to Canada?", "If I trade in
my old machine, what do I pay?": a capable model takes the price from the product's own document and applies the
discount, credit or fee the other document states (or the free-shipping threshold it sets). The adjustment is read
from the words around the value, never from the question's wording alone:

- a percentage with "off", "discount", "save" or "less": the price less that share;
- an amount with "off", "credit", "discount", "rebate" or "toward": the price less that amount;
- an amount for shipping or delivery (a rate table row, a fee, a flat rate), when the question is about shipping:
  the price plus that amount, or plus nothing when the same passage makes shipping free at or above a threshold the
  price reaches.

Anything else (no base price in the product's own document, no such value in another passage, a value whose words
say neither) leaves the question to the ordinary reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from localbedrock.lexicon import content_terms
from localbedrock.reading import values
from localbedrock.reading.documents import ReadPassage, Sentence, mentions
from localbedrock.reading.question import entities_in

_DISCOUNT_WORDS = re.compile(r"\b(?:off|discount(?:ed)?|save|saving|savings|less)\b", re.I)
_CREDIT_WORDS = re.compile(r"\b(?:off|credit|discount|rebate|toward|towards|trade[- ]?in)\b", re.I)
_SHIPPING_ASKED = re.compile(r"\b(?:ship(?:ped|ping)?|deliver(?:ed|y)?|send|sent|postage)\b", re.I)
_SHIPPING_WORDS = re.compile(r"\b(?:ship(?:ping)?|deliver(?:y)?|rate|fee|postage|carrier)\b", re.I)
_THRESHOLD = re.compile(
    r"\bfree\b[^.]*?\b(?:orders?|purchases?|baskets?|carts?)\s+(?:of|over|above|from)\s+\$\s?(?P<amount>[\d,]+(?:\.\d+)?)",
    re.I,
)
_SHIPPING_PRICE_ASKED = re.compile(
    r"\b(?:cost|costs|price|charge|charged|fee|pay)\b[^?]{0,25}\bto (?:ship|send|deliver|post)\b"
    r"|\b(?:shipping|delivery|postage)\s+(?:cost|costs|fee|fees|price|charge|rate|rates)\b"
    r"|\bhow much (?:is|are|does|do|will|would)\s+(?:the\s+)?(?:shipping|delivery|postage)\b"
    r"|\bpay (?:for|in) (?:shipping|delivery|postage)\b",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:if|as an?|with|after|once|using|when)\b|\b(?:member|trade[- ]?in|credit|discount|coupon|code|total|"
    r"in all|altogether|during|sale|promotion|promo)\b",
    re.I,
)
# The amount taken off, not the price left: "How much will I get back when the sale starts?"
_SAVING_ASKED = re.compile(
    r"\bhow much (?:money )?(?:will|would|do|does|did|can|could|should) (?:i|we|you|they|the customer)\s+"
    r"(?:get back|be refunded|be credited|save|receive back|get refunded)\b"
    r"|\bhow much (?:is|will be|would be|gets?) (?:refunded|credited|saved|given back)\b|\bhow much (?:money )?back\b",
    re.I,
)
_LABELS = re.compile(r"(?:^|;\s*)[A-Z][\w ]{0,30}:\s")
_PRICE_LINE = re.compile(r"^\s*\**(?:price|cost)\b", re.I)


# Whom a discount or credit is for: a member's discount is not a trade-in's credit, nor a student's.
_GRANTED_FOR = re.compile(
    r"\b(?P<trade>trade[- ]?ins?|trad(?:e|ing) in)\b|\b(?P<member>members?|membership|subscri(?:ber|bers|ption|be))\b"
    r"|\b(?P<student>students?)\b|\b(?P<code>coupons?|promo(?:tion(?:al)?)? codes?|discount codes?|vouchers?)\b"
    r"|\b(?P<referral>refer(?:ral|s|red)?)\b",
    re.I,
)


def _kinds_of(text: str) -> set[str]:
    """The kinds of customer or condition ``text`` names ("member", "trade") a discount can be for."""
    return {kind for m in _GRANTED_FOR.finditer(text) for kind, word in m.groupdict().items() if word}


@dataclass(frozen=True)
class Worked:
    """An answer worked out from values of the passages: its text and the passages it used."""

    text: str
    refs: tuple[str, ...]


def priced(names: tuple[str, ...] | list[str], sentences: list[Sentence]) -> list[str]:
    """Of ``names``, those whose own document has a price line ("Price: $129"): the things sold, not a membership
    or a points program the question also names."""
    return [e for e in names if any(mentions(e, s.context) and _PRICE_LINE.match(s.text) for s in sentences)]


def own_price(entity: str, sentences: list[Sentence]) -> tuple[Sentence, values.Value] | None:
    """The product's own price: a ``Price:`` line in its document, else the first price its document states."""
    own = [s for s in sentences if mentions(entity, s.context)]
    labelled = [s for s in own if _PRICE_LINE.match(s.text)]
    for s in labelled + own:
        found = values.find("price", s.text)
        amounts = [v for v in found if v.number is not None]
        if amounts:
            return s, amounts[0]
    return None


def _fee(
    sentences: list[Sentence], threshold: float | None, question_text: str, entities: tuple[str, ...]
) -> tuple[Sentence, float] | None:
    """The shipping fee a passage states (``sentences`` best first): an amount in a sentence about shipping that is
    not the free-shipping threshold, from a sentence about no place or thing the question does not name (not the
    Alaska rate for an order in the US), sharing most words with the question ("standard shipping": the row of the
    standard rate)."""
    asked = set(content_terms(question_text))
    terms = {s: set(content_terms(s.text)) for s in sentences}
    spread = {t: sum(t in own for own in terms.values()) for t in asked}

    def order(s: Sentence) -> tuple[bool, float]:
        named = entities_in(_LABELS.sub(" ", s.text))  # "Service: Standard; Price: $5.95": the labels name nothing
        # a place the question does not name, and none it does ("Alaska and Hawaii" is said of Alaska too)
        foreign = bool(named) and not any(e in entities or e in question_text.lower() for e in named)
        return foreign, -sum(1 / spread[t] for t in asked & terms[s])  # a word few sentences use says more

    sentences = sorted(sentences, key=order)
    for s in sentences:
        if not _SHIPPING_WORDS.search(f"{s.context} {s.text}"):
            continue
        for v in values.find("price", s.text):
            if v.number is not None and v.number != threshold and not _THRESHOLD.search(s.text):
                return s, v.number
    return None


def _discount(sentence: Sentence) -> tuple[str, float] | None:
    """("percent", share) or ("credit", amount) the sentence grants, or None."""
    text = sentence.text
    for v in values.find("percent", text):
        around = text[max(0, v.start - 40) : v.start + len(v.text) + 40]
        if v.number is not None and _DISCOUNT_WORDS.search(around):
            return "percent", v.number
    for v in values.find("price", text):
        around = text[max(0, v.start - 30) : v.start + len(v.text) + 30]
        if v.number is not None and _CREDIT_WORDS.search(around) and not _THRESHOLD.search(text):
            return "credit", v.number
    return None


# "If I pay with the largest single gift card you sell, how much is left to pay?": the end of the range a passage
# gives for that thing ("in any whole-dollar amount from $25 to $500")
_EXTREME = re.compile(
    r"\b(?:with|using|use)\s+(?:the|a|one|your)?\s*(?P<which>largest|biggest|highest|maximum|smallest|lowest|"
    r"minimum)\s+(?:single\s+|possible\s+)?(?P<noun>[a-z-]+(?: [a-z-]+)?)",
    re.I,
)
LEFT_TO_PAY = re.compile(r"\b(?:left|remaining|remainder|rest|balance|still|owe)\b", re.I)
PRICE_RANGE = re.compile(r"\$\s?(?P<low>[\d,]+(?:\.\d+)?)\s*(?:to|-|\u2013)\s*\$\s?(?P<high>[\d,]+(?:\.\d+)?)")


def _paid_with(question_text: str, sentences: list[Sentence]) -> tuple[Sentence, str, float] | None:
    """For a price paid partly with the largest (or smallest) of something a passage sells in a range of amounts,
    the sentence giving the range, the thing as asked, and the amount; None for any other question."""
    m = _EXTREME.search(question_text)
    if m is None or not LEFT_TO_PAY.search(question_text):
        return None
    noun = m.group("noun").lower()
    wanted = set(content_terms(noun))
    for s in sentences:
        r = PRICE_RANGE.search(s.text)
        if r and wanted <= set(content_terms(f"{s.context} {s.text}")):
            low, high = (float(r.group(k).replace(",", "")) for k in ("low", "high"))
            largest = m.group("which").lower() in ("largest", "biggest", "highest", "maximum")
            return s, f"the {m.group('which').lower()} {noun}", high if largest else low
    return None


def adjusted_price(
    question_text: str,
    entities: tuple[str, ...],
    passages: list[ReadPassage],
    ranked: list[Sentence],
) -> Worked | None:
    """The price of the one product the question names that has its own document, after the discount, credit or
    shipping fee the passages state for what the question adds ("as a member", "shipped to Canada"), or None.
    ``ranked``: the passages' sentences, best first."""
    if not (_CONDITION.search(question_text) or _SHIPPING_ASKED.search(question_text)):
        return None
    if _SHIPPING_PRICE_ASKED.search(question_text):
        return None  # "How much does it cost to ship the kettle to Canada?" asks for the shipping, not the total
    sentences = [s for p in passages for s in p.sentences]
    # "a Foundry Duo ... the Duo": one product, named in full and then short
    named_once = [e for e in entities if not any(e != o and mentions(e, o) for o in entities)]
    products = [e for e in named_once if any(mentions(e, s.context) for s in sentences)]
    if len(products) > 1:  # "As a Roast Club member, what do I pay for the grinder?": the one with a price line
        products = priced(products, sentences)
    if len(products) != 1:
        return None
    entity = products[0]
    others = [e for e in entities if e != entity]
    base = own_price(entity, sentences)
    if base is None:
        return None
    base_sentence, price = base
    assert price.number is not None
    spelled = re.search(re.escape(entity), base_sentence.context, re.I)  # as its document writes it
    name = f"The {spelled.group() if spelled else entity} is {price.text}"
    if _SHIPPING_ASKED.search(question_text):
        for passage in dict.fromkeys(s.passage for s in ranked if s.passage != base_sentence.passage):
            own = [s for s in ranked if s.passage == passage]
            if others and not any(mentions(o, f"{s.context} {s.text}") for s in own for o in others):
                continue  # "shipped to Canada": the passage that says something of Canada
            named = [s for s in own if any(mentions(o, f"{s.context} {s.text}") for o in others)]
            text = " ".join(s.text for s in own)
            threshold = _THRESHOLD.search(text)
            limit = float(threshold.group("amount").replace(",", "")) if threshold else None
            # "shipped to Alaska": a flat rate said of Alaska, unless what is said of it is a threshold too
            if (
                named
                and not _THRESHOLD.search(" ".join(s.text for s in named))
                and _fee(named, limit, question_text, entities)
            ):
                limit = None
            if limit is not None and price.number >= limit:
                reply = f"{name}, and shipping is free on orders of ${threshold.group('amount')} or more: {price.text}."
                return Worked(reply, (base_sentence.ref, own[0].ref))
            fee = _fee(named + own, limit, question_text, entities)
            if fee is None:
                continue
            where, amount = fee
            total = values.money(price.number + amount)
            return Worked(
                f"{name}, plus {values.money(amount)} shipping: {total} in all.", (base_sentence.ref, where.ref)
            )
        return None
    paid = _paid_with(question_text, [s for s in ranked if s.passage != base_sentence.passage])
    if paid is not None:
        s, phrase, amount = paid
        left = values.money(max(0.0, price.number - amount))
        return Worked(
            f"{name}; {phrase} is {values.money(amount)}, so {left} is left to pay.", (base_sentence.ref, s.ref)
        )
    for s in ranked:
        if s is base_sentence:
            continue
        granted = _discount(s)
        if granted is None:
            continue
        if (
            others
            and not any(mentions(o, f"{s.context} {s.text}") for o in others)
            and not _CREDIT_WORDS.search(question_text)
        ):
            continue
        granted_for = _kinds_of(f"{s.context} {s.text}")
        if granted_for and not granted_for & _kinds_of(question_text):
            continue  # "$100 off if you trade in" is not a member's discount
        how, amount = granted
        if how == "percent" and _SAVING_ASKED.search(question_text):  # "how much will I get back": what is off
            saved = values.money(round(price.number * amount / 100, 2))
            return Worked(f"{name}; {amount:g}% of it is {saved}.", (base_sentence.ref, s.ref))
        if how == "percent":
            total = values.money(round(price.number * (1 - amount / 100), 2))
            return Worked(f"{name}; with {amount:g}% off, you pay {total}.", (base_sentence.ref, s.ref))
        total = values.money(max(0.0, price.number - amount))
        return Worked(f"{name}; less {values.money(amount)}, you pay {total}.", (base_sentence.ref, s.ref))
    return None
