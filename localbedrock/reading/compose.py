"""Two-step arithmetic across passages: a product or a quotient of values that two passages state.

A capable model answers these by reading one value from each passage and computing (the "simple arithmetic" of
multi-passage questions):

- how long a supply lasts: the number of items one passage gives ("Descaling Kit (three treatments)", "two water
  filters" in the box) times the interval another gives for using one ("descale every 3 months"): 9 months;
- what each of several payments is: a product's price divided by the number of payments a passage offers ("split
  into four interest-free payments"), when the price reaches the passage's minimum order;
- what several periods or units cost: a count the question gives ("a 12-month subscription of one bag a month")
  times a unit price a passage gives ("Each 12-ounce bag costs $18").
- what a rate gives: points earned on a purchase ("1 point for every dollar you spend" times the product's price or
  the amount the question names), and what a number of points is worth ("Every 400 points can be redeemed for a $10
  reward": 1,200 points, $30).

Each is recognised from the question's form and from the words around each value, never from the question alone:
a question that does not take that form, or passages that do not hold both values, are left to the ordinary
reading.
"""

from __future__ import annotations

import math
import re

from localbedrock.lexicon import content_terms
from localbedrock.reading import values
from localbedrock.reading.adjust import LEFT_TO_PAY, PRICE_RANGE, Worked, own_price, priced
from localbedrock.reading.documents import ReadPassage, Sentence, mentions
from localbedrock.reading.question import entities_in

_AMOUNT = rf"\d+(?:\.\d+)?|{'|'.join(values.NUMBER_WORDS)}"
_PERIOD = r"day|week|month|year"

# "How long will those filters last?", "How many months will one kit last me?": a supply used up over time.
_LASTS = re.compile(
    rf"\bhow (?:long|many (?:{_PERIOD})s?)\s+(?:will|would|should|could|can|might)\b[^?]*\blast\b", re.I
)
# "every 3 months", "every other week", "once a month"
_INTERVAL = re.compile(
    rf"\bevery\s+(?:(?P<n>{_AMOUNT}|other)\s+)?(?P<unit>{_PERIOD})s?\b|\bonce (?:an?|per|each) (?P<once>{_PERIOD})\b",
    re.I,
)
# "three treatments", "two water filters", "pack of 3", "a set of 4 filters"
_ITEMS = re.compile(
    rf"\b(?:pack|set|box|bag|case|kit) of (?P<n1>{_AMOUNT})\b"
    rf"|\b(?P<n2>{_AMOUNT})\s+(?P<noun>(?:[a-z-]+\s){{0,2}}[a-z-]+s)\b",
    re.I,
)
# words that make a number a measure, not a count of items ("3 months", "60 liters", "12-ounce")
_MEASURES = re.compile(
    rf"\b(?:{_PERIOD}|hour|minute|second|liter|litre|ounce|oz|gram|kilogram|pound|cup|inch|meter|watt|volt|degree|"
    r"percent|mm|cm|ml|kg|g)s?\b",
    re.I,
)
_PAYMENT_ASKED = re.compile(
    r"\b(?:each|every|per|one|a single)\s+(?:\w+\s)?(?:payment|instal?lment)\b"
    r"|\binstal?lments?\b|\bsplit\b[^?]*\bpayments?\b",
    re.I,
)
_PAYMENTS = re.compile(rf"\b(?P<n>{_AMOUNT})\s+(?:[\w-]+\s){{0,2}}(?:payments|instal?lments)\b", re.I)
_MINIMUM = re.compile(
    r"\$\s?(?P<amount>[\d,]+(?:\.\d+)?)\s+or more|\b(?:over|above|from)\s+\$\s?(?P<over>[\d,]+)", re.I
)
# "a 12-month subscription", "for 6 months", "3 bags"
_COUNT_ASKED = re.compile(rf"\b(?P<n>{_AMOUNT})[- ](?P<noun>[a-z]+?)s?\b", re.I)
# "one bag a month", "2 bags per month"
_RATE_ASKED = re.compile(
    rf"\b(?P<n>{_AMOUNT})\s+(?P<noun>[a-z]+?)s?\s+(?:a|per|each|every)\s+(?P<period>{_PERIOD})\b", re.I
)
# "Each 12-ounce bag costs $18", "$2 per bag", "$18 a month"
_UNIT_PRICE = re.compile(
    r"\beach\s+(?:[\w-]+\s){0,2}?(?P<each>[a-z]+?)s?\s+(?:costs?|is|are|sells? for)\s+(?P<p1>\$\s?[\d,]+(?:\.\d+)?)"
    r"|(?P<p2>\$\s?[\d,]+(?:\.\d+)?)\s+(?:a|per|each)\s+(?P<per>[a-z]+?)s?\b",
    re.I,
)


_MONEY_UNIT = r"(?:dollar|\$1|euro|pound)"
# "1 point for every dollar you spend", "earn 2 points per dollar"
_PER_DOLLAR = re.compile(
    rf"\b(?P<n>{_AMOUNT})\s+(?:[\w-]+\s+)?(?P<noun>[a-z]+)\s+(?:for every|for each|per|on every|on each|a)\s+"
    rf"{_MONEY_UNIT}",
    re.I,
)
_QUESTION_AMOUNT = re.compile(r"\$\s?(?P<amount>[\d,]+(?:\.\d+)?)")
# "1,200 Wick Points", "500 points": a number and the (up to three) words after it, one of which names what is held
_COUNT_HELD = re.compile(r"\b(?P<m>\d[\d,]*)\s+(?P<words>[A-Za-z-]+(?:\s+[A-Za-z-]+){0,2})")
# asking what a purchase needs rather than what it earns ("how many points do I need for a $10 reward")
_NEEDED = re.compile(r"\b(?:need|needed|redeem|required?|takes?|cost|costs)\b", re.I)


def _amount(word: str | None) -> float | None:
    if word is None:
        return None
    word = word.lower()
    if word in values.NUMBER_WORDS:
        return float(values.NUMBER_WORDS[word])
    if word == "other":
        return 2.0
    try:
        return float(word)
    except ValueError:
        return None


def _shown(number: float) -> str:
    return f"{number:g}"


def _plural(number: float, unit: str) -> str:
    return f"{_shown(number)} {unit}{'' if number == 1 else 's'}"


def _shares(a: str, b: str) -> int:
    return len(set(content_terms(a)) & set(content_terms(b)))


def _supply(question: str, entities: tuple[str, ...], sentences: list[Sentence]) -> Worked | None:
    """How long a supply lasts: its number of items times the interval at which one is used."""
    asked_terms = set(content_terms(question))
    counts: list[tuple[int, int, Sentence, float, str, str]] = []
    for s in sentences:
        whole = f"{s.context} {s.text}"
        named = any(mentions(e, whole) for e in entities)
        for m in _ITEMS.finditer(s.text):
            n = _amount(m.group("n1") or m.group("n2"))
            # what is counted: the noun after the number, or for "pack of 3" the words before it in its clause
            noun = m.group("noun") or re.split(r"[|;:(]", s.text[: m.start()])[-1]
            if n is None or n < 2 or _MEASURES.search(noun):
                continue
            # the items are what the question asks about: its words ("filters"), or the row of the thing it names
            about = 2 * len(asked_terms & set(content_terms(noun))) + (1 if named else 0)
            if about:
                counts.append((about, _shares(whole, question), s, n, m.group().strip(), noun))
    if not counts:
        return None
    counts.sort(key=lambda c: (-c[0], -c[1]))
    _, _, count_sentence, n, phrase, noun = counts[0]
    best: tuple[int, Sentence, float, str] | None = None
    for s in sentences:
        if s.passage == count_sentence.passage:
            continue
        found = list(_INTERVAL.finditer(s.text))
        if not found:
            continue
        # the schedule asked: the first one given, unless the words after a later one are the question's ("every
        # 6 weeks with hard water")
        chosen = found[0]
        for m in found[1:]:
            after = re.split(r"[,;.]", s.text[m.end() :], maxsplit=1)[0]
            if asked_terms & set(content_terms(after)):
                chosen = m
                break
        # the schedule of the items counted ("filter cartridge every 2 months" for filters), then of what is asked
        whole = f"{s.context} {s.text}"
        related = 3 * _shares(whole, noun) + _shares(whole, f"{question} {count_sentence.text}")
        if related and (best is None or related > best[0]):
            every = _amount(chosen.group("n")) or 1.0  # "every month", "once a week": one
            best = (related, s, every, (chosen.group("unit") or chosen.group("once")).lower())
    if best is None:
        return None
    _, interval_sentence, every, unit = best
    total = n * every
    text = f"{phrase[0].upper()}{phrase[1:]}, one every {_plural(every, unit)}: {_plural(total, unit)} in all."
    return Worked(text, (count_sentence.ref, interval_sentence.ref))


def _base_price(entities: tuple[str, ...], sentences: list[Sentence]) -> tuple[Sentence, values.Value] | None:
    """The price in the own document of the one thing the question names that has one."""
    found = [price for price in (own_price(e, sentences) for e in entities) if price is not None]
    return found[0] if len(found) == 1 else None


def _payments(question: str, entities: tuple[str, ...], sentences: list[Sentence]) -> Worked | None:
    """Each of several payments: the price divided by the number of payments a passage offers."""
    base = _base_price(entities, sentences)
    if base is None:
        return None
    price_sentence, price = base
    assert price.number is not None
    for s in sentences:
        if s.passage == price_sentence.passage:
            continue
        m = _PAYMENTS.search(s.text)
        n = _amount(m.group("n")) if m else None
        if m is None or n is None or n < 2:
            continue
        minimum = _MINIMUM.search(s.text)
        if minimum:
            floor = float((minimum.group("amount") or minimum.group("over")).replace(",", ""))
            if price.number < floor:
                return None  # not offered for this price: the ordinary reading says what the passage says
        each = values.money(round(price.number / n, 2))
        text = f"The price is {price.text}; in {_shown(n)} payments, each is {each}."
        return Worked(text, (price_sentence.ref, s.ref))
    return None


def _units(question: str, sentences: list[Sentence]) -> Worked | None:
    """What several periods or units cost: the question's count times a unit price a passage states."""
    rate = _RATE_ASKED.search(question)
    per_period = _amount(rate.group("n")) if rate else None
    counted = [
        m
        for m in _COUNT_ASKED.finditer(question)
        if not (rate and rate.start() <= m.start() < rate.end()) and _amount(m.group("n")) not in (None, 1.0)
    ]
    # a count of periods or of things, not a measure ("12-ounce")
    counted = [m for m in counted if re.fullmatch(_PERIOD, m.group(2), re.I) or not _MEASURES.search(m.group(2))]
    if not counted:
        return None
    asked = counted[0]
    n = _amount(asked.group("n"))
    noun = asked.group("noun").lower()
    assert n is not None
    that_many = re.compile(rf"\b{re.escape(asked.group('n'))}[- ]{re.escape(noun)}", re.I)
    for s in sentences:
        if that_many.search(s.text) and values.find("price", s.text):
            return None  # a passage prices that many directly: the ordinary reading answers
    for s in sentences:
        for m in _UNIT_PRICE.finditer(s.text):
            unit = (m.group("each") or m.group("per")).lower()
            price = values.numeric(m.group("p1") or m.group("p2") or "")
            if price is None:
                continue
            if unit == noun:
                total, how = n * price, f"{_plural(n, noun)} at {values.money(price)} a {noun}"
            elif rate and per_period and rate.group("period").lower() == noun and rate.group("noun").lower() == unit:
                total = n * per_period * price
                each = f"{_plural(per_period, unit)} a {noun}"
                how = f"{_plural(n, noun)} of {each} at {values.money(price)} a {unit}"
            else:
                continue
            return Worked(f"{how}: {values.money(round(total, 2))}.", (s.ref,))
    return None


def _bought_per_period(question: str, sentences: list[Sentence]) -> tuple[float, str, Sentence] | None:
    """What a customer spends each period on "N things a month" the question names, at a unit price a passage
    gives ("Each 12-ounce bag costs $18"): the amount, how it was reached, and the sentence with the price."""
    rate = _RATE_ASKED.search(question)
    n = _amount(rate.group("n")) if rate else None
    if rate is None or n is None:
        return None
    noun = rate.group("noun").lower()
    for s in sentences:
        for m in _UNIT_PRICE.finditer(s.text):
            price = values.numeric(m.group("p1") or m.group("p2") or "")
            if price is not None and (m.group("each") or m.group("per")).lower() == noun:
                total = round(n * price, 2)
                return total, f"{values.money(total)} ({_plural(n, noun)} at {values.money(price)})", s
    return None


def _earned(question: str, counted: str, entities: tuple[str, ...], sentences: list[Sentence]) -> Worked | None:
    """How many of ``counted`` (a stem: "point") a purchase earns: a rate per dollar times the amount spent."""
    found = _earning(question, counted, entities, sentences)
    return found[0] if found else None


def _earning(
    question: str, counted: str, entities: tuple[str, ...], sentences: list[Sentence]
) -> tuple[Worked, int] | None:
    """:func:`_earned`'s answer and the number earned."""
    # "I'm not a Roast Club member": that group's rate is not the customer's
    denied = {m.group(1).lower() for m in _NOT_A.finditer(question)}
    rates = []
    for s in sentences:
        for m in _PER_DOLLAR.finditer(s.text):
            n = _amount(m.group("n"))
            if n is not None and counted in content_terms(m.group("noun")):
                # a rate for a group the question does not name ("Roast Club members earn 2 points") is not its rate
                others = [e for e in entities_in(s.text) if e not in question.lower() or e in denied]
                rates.append((len(others), -_shares(s.text, question), s, n))
    if not rates:
        return None
    rates.sort(key=lambda r: r[:2])  # then the rate whose sentence says most of the question
    _, _, rate_sentence, n = rates[0]
    named = _QUESTION_AMOUNT.search(question)
    bought = None if named else _bought_per_period(question, sentences)
    if named:
        spent, refs, what = float(named.group("amount").replace(",", "")), (rate_sentence.ref,), named.group()
    elif bought is not None:  # "three bags a month" at "$18 a bag": $54 spent each month
        spent, what, unit_sentence = bought
        refs = (unit_sentence.ref, rate_sentence.ref)
    else:
        base = _base_price(tuple(e for e in entities if not mentions(e, rate_sentence.context)), sentences)
        if base is None:
            return None
        price_sentence, price = base
        assert price.number is not None
        spent, refs, what = price.number, (price_sentence.ref, rate_sentence.ref), price.text
    earned = int(n * spent // 1)  # per whole dollar spent
    text = f"{_plural(n, counted)} per dollar on {what}: {earned:,} {counted}s."
    return Worked(text, refs), earned


def _redemption(noun: str, text: str) -> tuple[float, float] | None:
    """The redemption rate ``text`` gives for ``noun`` (a word or a stem: "point"), as (how many, for how much):
    "Every 400 points can be redeemed for a $10 reward", "500 points = $5", "A $10 reward now costs 400 points"."""
    unit = rf"(?:[A-Z][\w-]*\s+)?{re.escape(noun)}\w*"
    money = r"\$\s?[\d,]+(?:\.\d+)?"
    rate = re.search(
        rf"\bevery\s+(?P<b>[\d,]+)\s+{unit}\b[^.$]*?(?P<a>{money})"
        rf"|\b(?P<b2>[\d,]+)\s+{unit}\s+(?:=|equals?|are worth|is worth|can be redeemed for|for)\s+(?:an?\s+)?"
        rf"(?P<a2>{money})"
        rf"|(?P<a3>{money})\s+\w+\s+(?:now\s+)?(?:costs?|takes?|needs?)\s+(?P<b3>[\d,]+)\s+{unit}",
        text,
        re.I,
    )
    if rate is None:
        return None
    block = float((rate.group("b") or rate.group("b2") or rate.group("b3")).replace(",", ""))
    value = values.numeric(rate.group("a") or rate.group("a2") or rate.group("a3"))
    return (block, value) if block and value is not None else None


def _worth(question: str, sentences: list[Sentence]) -> tuple[Worked, float] | None:
    """What a number of points (or other units) the question holds is worth at a passage's redemption rate, as an
    answer and an amount."""
    for held in _COUNT_HELD.finditer(question):
        m_held = float(held.group("m").replace(",", ""))
        for word in held.group("words").split():
            noun = word.lower().removesuffix("s")
            if len(noun) < 3:
                continue
            for s in (s for s in sentences if noun in s.text.lower()):
                rate = _redemption(noun, s.text)
                if rate is None:
                    continue
                block, value = rate
                blocks = int(m_held // block)
                total = values.money(blocks * value)
                what = f"{held.group('m')} {noun}s"
                text = f"{what} are {blocks} lots of {_shown(block)} at {values.money(value)} each: {total}."
                return Worked(text, (s.ref,)), blocks * value
    return None


# "What's the smallest number of gift cards that could cover it?", "How many gift cards would I need to pay for it?"
_COVER_ASKED = re.compile(
    r"\b(?:smallest|fewest|lowest|minimum|least)\s+(?:possible\s+)?(?:number|count|amount)\s+of\s+(?P<noun>[a-z-]+(?:\s[a-z-]+)?)"
    r"\b(?=[^?]*\b(?:cover|pay|buy|afford)\b)"
    r"|\bhow many\s+(?P<noun2>[a-z-]+(?:\s[a-z-]+)?)\s+(?:would|do|does|will|should|must)\s+(?:i|we|you|it)\s+"
    r"(?:need|take|have to use)\b(?=[^?]*\b(?:cover|pay|buy|afford)\b)",
    re.I,
)


def _cover(question: str, entities: tuple[str, ...], sentences: list[Sentence]) -> Worked | None:
    """How many of something sold in a range of amounts pay for a product at least: its price over the largest
    amount, rounded up ("gift cards from $1 to $500" for $1,149: 3)."""
    m = _COVER_ASKED.search(question)
    if m is None:
        return None
    noun = (m.group("noun") or m.group("noun2")).lower()
    wanted = set(content_terms(noun))
    base = _base_price(tuple(priced(entities, sentences)), sentences)
    if base is None or not wanted:
        return None
    price_sentence, price = base
    assert price.number is not None
    for s in sentences:
        r = PRICE_RANGE.search(s.text)
        if (
            s.passage == price_sentence.passage
            or r is None
            or not wanted <= set(content_terms(f"{s.context} {s.text}"))
        ):
            continue
        largest = float(r.group("high").replace(",", ""))
        if largest <= 0:
            return None
        needed = math.ceil(round(price.number / largest, 9))
        text = (
            f"The price is {price.text} and the largest {noun.removesuffix('s')} is {values.money(largest)}, so "
            f"{needed} {noun if needed != 1 else noun.removesuffix('s')} cover it."
        )
        return Worked(text, (price_sentence.ref, s.ref))
    return None


_NOT_A = re.compile(r"\b(?:not|never been|no longer)\s+(?:an?\s+)?((?:[A-Z][\w-]*\s)*[A-Z][\w-]*)")
# "How many more points do I need for a $10 reward?": what a reward takes, less what a purchase earns
_MORE_NEEDED = re.compile(r"\bhow many more\b[^?]*\b(?:need|needed|required|to get|to reach|short)\b", re.I)


def still_needed(question: str, counted: str, entities: tuple[str, ...], passages: list[ReadPassage]) -> Worked | None:
    """For "how many more points do I need for a $10 reward" (None for any other question): how many more of
    ``counted`` (a stem: "point") the reward takes than a purchase earns: the block a passage redeems for that
    reward ("Every 400 points can be redeemed for a $10 reward") less the points the purchase earns."""
    reward = _QUESTION_AMOUNT.search(question)
    if reward is None or not _MORE_NEEDED.search(question):
        return None
    amount = reward.group()
    wanted = values.numeric(amount)
    sentences = [s for p in passages for s in p.sentences]
    rates = ((_redemption(counted, s.text), s) for s in sentences)
    block = next(((rate[0], s) for rate, s in rates if rate is not None and rate[1] == wanted), None)
    # what the purchase earns (the reward's amount taken out of the question, so it is not read as the amount spent)
    earning = _earning(question.replace(amount, " "), counted, entities, sentences)
    if block is None or earning is None:
        return None
    took, block_sentence = block
    earned, have = earning
    more = max(0, int(took) - have)
    text = f"{earned.text[:-1]}; a {amount} reward takes {_shown(took)}, so {more:,} more are needed."
    return Worked(text, (*earned.refs, block_sentence.ref))


def composed(
    question: str, kind: str | None, entities: tuple[str, ...], passages: list[ReadPassage], counted: str | None = None
) -> Worked | None:
    """The answer to a two-step arithmetic question over ``passages``, or None when the question is not one or
    the passages do not hold both values."""
    if kind == "count" and _COVER_ASKED.search(question):
        return _cover(question, entities, [s for p in passages for s in p.sentences])
    lasts = kind == "duration" and bool(_LASTS.search(question))
    earns = kind == "count" and bool(counted) and not _NEEDED.search(question)
    if not (lasts or earns or kind == "price"):
        return None
    sentences = [s for p in passages for s in p.sentences]
    if lasts:
        return _supply(question, entities, sentences)
    if earns:
        assert counted is not None
        return _earned(question, counted, entities, sentences)
    if _PAYMENT_ASKED.search(question):
        return _payments(question, entities, sentences)
    worth = _worth(question, sentences)
    if worth is None:
        return _units(question, sentences)
    worked, amount = worth
    # the thing paid for: the one name whose document has a price line (not the points program)
    base = _base_price(tuple(priced(entities, sentences)), sentences) if LEFT_TO_PAY.search(question) else None
    if base is None:
        return worked
    # "If I cash them all in on the frother, how much is left to pay?": its price less what they are worth
    price_sentence, price = base
    assert price.number is not None
    left = values.money(max(0.0, price.number - amount))
    return Worked(
        f"{worked.text} The price is {price.text}, so {left} is left to pay.", (price_sentence.ref, *worked.refs)
    )
