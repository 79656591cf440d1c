"""Scoring a model's answer against a labelled question's reference answer, the same way in every lesson.

A transparent rule, no model judging another, written for the way real models phrase answers (Claude, Nova, Llama,
Mistral: hedges, Markdown, citations, numbers in words, units, currency with cents) and measured against 231
hand-labelled answers in ``data/scoring/answers.jsonl`` (``tests/course/test_scoring_agreement.py``):

- an unanswerable question is answered correctly only by an abstention, however it is worded;
- an answerable one needs the values that answer it: a question's ``key_values`` when the labeller listed them (for
  references that also carry context, such as a calculation's parts), else every number that states the
  reference's facts, compared as quantities ("ninety minutes" = "1.5 hours" = 90; "900 ml" = 0.9 liters;
  "$129.00" = 129), and its dates when the question asks when;
- a yes/no reference ("No. Gift cards never expire.") needs an answer of the same polarity;
- a reference with no such values needs half of its content words;
- an answer that abstains is wrong, even when it goes on to guess the right value ("I don't have reliable
  information; it may cost $129"): a hedge is not an answer a customer can rely on.

What it does not judge: extra claims beside the asked facts (a faithfulness check against the passages measures
those), and negation inside a sentence that holds the right values.
"""

from __future__ import annotations

import re

_SUBJECT = r"(?:i|we)(?:'m| am| are)?"
_NEGATED = (
    r"(?:do not|don't|did not|didn't|cannot|can't|could not|couldn't|am unable to|'m unable to|unable to"
    r"|am not able to|'m not able to|was unable to|was not able to)"
)
_SOURCE = (
    r"(?:documents?|context|sources?|search results|results|passages?|catalogue|catalog|texts?|materials?"
    r"|information (?:provided|available|given|i have)|knowledge base|records|files|policies|policy)"
)
_DETERMINER = r"(?:the |any |my |these |this |your )?(?:provided |given |available |retrieved )?"
_KNOW = r"(?:know|find|locate|answer|say|tell|determine|confirm|see|verify|provide|give)"
_INFORMATION = r"(?:information|details|data|record|specifics|knowledge|mention|reference)"
_SOURCE_VERB = (
    r"(?:mention|say|specify|include|contain|state|cover|give|list|provide|answer|have|address|indicate|tell"
    r"|discuss|describe|show|offer|name|reveal|detail)"
)
_UNSTATED = (
    r"(?:specified|stated|listed|mentioned|documented|disclosed|addressed|covered|given|described|indicated"
    r"|included|provided|available|found|present)"
)
_ABSTAIN = re.compile(
    "|".join(
        [
            rf"\b{_SUBJECT} {_NEGATED} {_KNOW}\b",
            rf"\b{_SUBJECT} {_NEGATED} have (?:any |enough |the |specific |reliable |that )?{_INFORMATION}",
            rf"\b(?:i|we) have no {_INFORMATION}",
            rf"\bno {_INFORMATION}s? (?:about|on|of|regarding|in|for|to)\b",
            rf"\b{_SOURCE}(?: provided| given| available| i have| i was given| you (?:provided|shared|gave))? "
            rf"(?:do(?:es)?|did)(?: not|n't) {_SOURCE_VERB}\b",
            rf"\b(?:is|are|was|were)(?: not|n't) {_UNSTATED}"
            rf"(?: (?:in|by|anywhere in|within) {_DETERMINER}{_SOURCE}|[.;,]|$| so | anywhere)",
            rf"\bnot (?:in|within|part of|covered by|found in|available in|included in) {_DETERMINER}{_SOURCE}",
            r"\b(?:not enough|insufficient) (?:information|context|details)\b",
            r"\bunable to (?:answer|find|determine|locate|say)\b",
            r"\b(?:can't|cannot|can not) be (?:determined|answered|found)\b",
        ]
    ),
    re.IGNORECASE,
)

_UNITS = {
    # unit word -> (dimension, factor to the dimension's base unit)
    "second": ("time", 1 / 60),
    "sec": ("time", 1 / 60),
    "minute": ("time", 1.0),
    "min": ("time", 1.0),
    "hour": ("time", 60.0),
    "hr": ("time", 60.0),
    "h": ("time", 60.0),
    "day": ("days", 1.0),
    "week": ("days", 7.0),
    "month": ("months", 1.0),
    "year": ("months", 12.0),
    "ml": ("volume", 1.0),
    "milliliter": ("volume", 1.0),
    "millilitre": ("volume", 1.0),
    "l": ("volume", 1000.0),
    "liter": ("volume", 1000.0),
    "litre": ("volume", 1000.0),
    "g": ("mass", 1.0),
    "gram": ("mass", 1.0),
    "kg": ("mass", 1000.0),
    "kilogram": ("mass", 1000.0),
    "kilo": ("mass", 1000.0),
}
_SMALL_WORDS = """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen"""
_SMALL = {w: i for i, w in enumerate(_SMALL_WORDS.split())}
_TENS = {
    w: 10 * i
    for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], start=2)
}
_SCALES = {"hundred": 100, "thousand": 1000}
_NUMBER_WORD = "|".join([*_SMALL, *_TENS, *_SCALES, "a", "an", "half", "and"])
_WORD_RUN = re.compile(rf"\b(?:{_NUMBER_WORD})(?:[\s-]+(?:{_NUMBER_WORD}))*\b", re.IGNORECASE)
_UNIT_WORD = "|".join(sorted(_UNITS, key=len, reverse=True))
_AND_A_HALF = re.compile(rf"\b(an?|one|two|three|four|five|six)\s+({_UNIT_WORD})s?\s+and\s+a\s+half\b", re.IGNORECASE)
_QUANTITY = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*-?\s*(?:({_UNIT_WORD})s?\b)?", re.IGNORECASE)
_CLOCK = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_MONTH_NAMES = "january february march april may june july august september october november december"
_MONTHS = _MONTH_NAMES.split()
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_MDY = re.compile(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_DATE_DMY = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}}))?", re.IGNORECASE)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_ONE_WORD = re.compile(r"\bone\b(?![\s-]+(?:hundred|thousand|and a half))", re.IGNORECASE)
_PARENTHESES = re.compile(r"\([^)]*\)")
_WORD = re.compile(r"[a-z]+")
_ASKS_WHEN = re.compile(r"\b(?:when|until|by what date|what date|which date|since when|deadline)\b", re.IGNORECASE)
_YES_NO = re.compile(r"^\s*(yes|no|neither|not)\b", re.IGNORECASE)
_NEGATION = re.compile(
    r"\b(?:no|not|never|neither|nor|none|nothing|cannot|without)\b|n't\b|\bunavailable\b", re.IGNORECASE
)
_CLAUSE_END_STRONG = re.compile(r"[;:]|\.\s")
# "since July 1, 2026", "since app version 4.0": when a fact took effect, not the fact itself
_SINCE = re.compile(r",?\s+since\s+(?:(?!\.\s|\.$|[;:]).)*")
_CLAUSE_END = re.compile(r"[.;:,!?\n]|\s[\u2014\u2013-]\s")  # punctuation or a spaced dash
_STOP_WORDS = """a an the and or but of to in on at for from by with as is are was were be been it its this that
    these those you your we our they their there here no not yes do does did can will would should may might have has
    had if then than so such per each any all every up out about into over after before since now only also"""
_STOP = frozenset(_STOP_WORDS.split())


def abstains(answer: str) -> bool:
    """Whether the answer declines to answer: says it does not know, or that its documents or knowledge do not
    cover the question ("I don't have any information about…", "The provided documents don't mention…", "That
    detail isn't specified in the context", "I couldn't find that…")."""
    return bool(_ABSTAIN.search(_plain(answer)))


def _plain(text: str) -> str:
    """Text without Markdown emphasis and with typographic apostrophes made plain."""
    return text.replace("\u2019", "'").replace("**", "").replace("__", "")


def _words_to_digits(text: str) -> str:
    """Numbers written in words as digits: "ninety minutes" -> "90 minutes", "an hour and a half" -> "1.5 hour",
    "two and a half liters" -> "2.5 liters"; lone "a"/"an" count as 1 only before a unit."""

    def convert(match: re.Match[str]) -> str:
        words = re.split(r"[\s-]+", match.group(0).lower())
        leading = ""
        while words and words[0] in {"a", "an", "and"} and (len(words) == 1 or words[1] not in {*_SCALES, "half"}):
            leading += words.pop(0) + " "
        while words and words[-1] in {"a", "an", "and"}:
            words.pop()
        if not words:
            rest = text[match.end() :].lstrip().lower()
            unit = re.match(rf"(?:{_UNIT_WORD})s?\b", rest)
            return " 1 " if unit and leading.split()[-1] in {"a", "an"} else match.group(0)
        total, current = 0.0, 0.0
        for w in words:
            if w in _SMALL:
                current += _SMALL[w]
            elif w in _TENS:
                current += _TENS[w]
            elif w in _SCALES:
                total, current = total + max(current, 1) * _SCALES[w], 0.0
            elif w == "half":
                current += 0.5
        value = total + current
        if value == 0 and "zero" not in words:
            return match.group(0)
        return f"{leading} {value:g} "

    text = _AND_A_HALF.sub(lambda m: f" {_SMALL.get(m.group(1).lower(), 1) + 0.5:g} {m.group(2)} ", text)
    return _WORD_RUN.sub(convert, text)


def _quantities(text: str) -> set[float]:
    """Every number in the text, and each quantity also in its dimension's other units (hours as minutes, liters
    as milliliters, years as months), rounded to six places; times of day in 12- and 24-hour form."""
    text = _words_to_digits(_plain(text))
    values: set[float] = set()
    for number, unit in _QUANTITY.findall(text):
        value = float(number.replace(",", ""))
        values.add(round(value, 6))
        if unit:
            dimension, factor = _UNITS[unit.lower()]
            base = value * factor
            values.update(round(base / f, 6) for d, f in _UNITS.values() if d == dimension)
    for hour, _ in _CLOCK.findall(text):
        values.update({float(hour), float(int(hour) - 12) if int(hour) > 12 else float(hour)})
    return values


def _dates(text: str) -> set[tuple[int | None, int, int]]:
    """Calendar dates as (year or None, month, day), in US, European and ISO order."""
    found: set[tuple[int | None, int, int]] = set()
    for month, day, year in _DATE_MDY.findall(text):
        found.add((int(year) if year else None, _month(month), int(day)))
    for day, month, year in _DATE_DMY.findall(text):
        found.add((int(year) if year else None, _month(month), int(day)))
    for year, month, day in _DATE_ISO.findall(text):
        found.add((int(year), int(month), int(day)))
    return found


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, 1) if m.startswith(name.lower().rstrip(".")[:3]))


def _without_dates(text: str) -> str:
    for pattern in (_DATE_MDY, _DATE_DMY, _DATE_ISO):
        text = pattern.sub(" ", text)
    return text


def _content_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def key_numbers(reference: str) -> set[float]:
    """The numbers that state the reference's facts: dates and parenthesised remarks left out, and "one" read as a
    pronoun ("one boiler brews while the other steams") unless written as a digit."""
    text = _ONE_WORD.sub(" ", _without_dates(_PARENTHESES.sub(" ", reference)))
    return _bare_numbers(text)


def _bare_numbers(text: str) -> set[float]:
    """The numbers as written (no unit conversions)."""
    text = _words_to_digits(_plain(text))
    return {round(float(n.replace(",", "")), 6) for n, _ in _QUANTITY.findall(text)}


def _polarity(text: str) -> bool | None:
    """True for a yes, False for a no, from the answer's first clause; None when it is neither."""
    text = _plain(text).strip().lstrip("*#>- ")
    lead = _YES_NO.match(text)
    if lead:
        return lead.group(1).lower() == "yes"
    first = _CLAUSE_END.split(text, maxsplit=1)[0]
    return not _NEGATION.search(first)


def _dates_match(wanted: set[tuple[int | None, int, int]], answer: str) -> bool:
    given = _dates(_plain(answer))
    years = _bare_numbers(answer)
    for year, month, day in wanted:
        exact = (year, month, day) in given
        undated = (None, month, day) in given and (year is None or float(year) in years)
        if not (exact or undated or (year is None and any(g[1:] == (month, day) for g in given))):
            return False
    return True


def _states(value: str, answer: str) -> bool:
    """Whether the answer states one labelled key value: its numbers (as quantities) or, for words, the phrase."""
    numbers = _bare_numbers(_without_dates(value))
    dates = _dates(value)
    if numbers or dates:
        return numbers <= _quantities(_without_dates(_plain(answer))) and _dates_match(dates, answer)
    return _content_words(value) <= _content_words(answer)


def answer_correct(answer: str, question: dict) -> bool:
    """Whether ``answer`` is right for a labelled question (a record of ``load_questions()``)."""
    if not question["answerable"]:
        return abstains(answer)
    if abstains(answer):  # a hedge that then guesses is not an answer to rely on, even when the guess is right
        return False
    reference = question["reference_answer"]
    keys = question.get("key_values")
    if keys:
        stated = all(_states(value, answer) for value in keys)
    else:
        stated = _states_reference(answer, reference, question.get("question", ""))
    if not stated:
        return False
    wanted_polarity = _YES_NO.match(reference)
    if wanted_polarity and wanted_polarity.group(1).lower() in {"yes", "no", "neither"}:
        return _polarity(answer) == (wanted_polarity.group(1).lower() == "yes")
    return True


def _states_reference(answer: str, reference: str, question: str) -> bool:
    core = _SINCE.sub(" ", _PARENTHESES.sub(" ", reference))
    dates = _dates(core) if _ASKS_WHEN.search(question) else set()
    if dates:  # a "when" question is answered by its date; the reference's other numbers are context
        return _dates_match(dates, answer)
    wanted = key_numbers(core) - _bare_numbers(_without_dates(question))  # "Ember Kettle 2" names, not answers
    if wanted:
        return wanted <= _quantities(_without_dates(_plain(answer)))
    if _YES_NO.match(reference):
        return True
    main_clause = _CLAUSE_END_STRONG.split(_without_dates(core), maxsplit=1)[0]
    words = _content_words(main_clause)
    return len(words & _content_words(answer)) >= len(words) / 2
