"""Kinds of value a question asks for, and finding values of a kind in a sentence.

A reader answers "how much" with a price and "how long" with a duration: the kind decides which sentence answers
(it must hold a value of that kind) and whether a passage can answer at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = {name.lower(): i for i, name in enumerate(MONTHS, start=1)}
_MONTH_ALT = "|".join(MONTHS)
_WEEKDAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?"
MONTH_DAY = re.compile(rf"\b(?:{_MONTH_ALT})\s+\d{{1,2}}\b")  # "December 24"
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # "1,149", "29.00"; not the comma after "$18, shipping"
# Numbers written as words, as passages and questions write small counts ("three treatments", "two filters").
NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"], start=1
    )
}
_WORD_NUMBERS = rf"(?:{'|'.join(NUMBER_WORDS)}|a|an)"
_TIME_UNITS = r"(?:business |working |calendar )?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
_LIQUID = r"(?:liters?|litres?|ml|milliliters?|cups?|ounces?|fl\.? ?oz|gallons?)"
_MASS = r"(?:kilograms?|kg|grams?|g|pounds?|lbs?|ounces?|oz)"
_LENGTH = r"(?:mm|cm|millimeters?|centimeters?|meters?|inches|inch|feet|foot|ft)"
_POWER = r"(?:watts?|W|volts?|V|amps?)"
_TEMPERATURE = r"(?:degrees?(?: Fahrenheit| Celsius)?|°[CF]?)"
_QUANTITY_UNITS = (
    rf"(?:{_LIQUID}|{_MASS}|{_LENGTH}|{_POWER}|{_TEMPERATURE}|bars?|settings?|steps?|cups?|shots?|characters?)"
)

PATTERNS: dict[str, re.Pattern[str]] = {
    "price": re.compile(rf"[$€£]\s?{_NUMBER}|\b{_NUMBER}\s?(?:dollars|USD|EUR|euros|GBP)\b|\bfree\b", re.I),
    "percent": re.compile(rf"\b{_NUMBER}\s?(?:%|percent\b)", re.I),
    "duration": re.compile(
        rf"\b(?:{_NUMBER}|{_WORD_NUMBERS})(?:\s?(?:-|to|or)\s?(?:{_NUMBER}|{_WORD_NUMBERS}))?[\s-]{_TIME_UNITS}\b"
        r"|\b24/7\b|\bnever expire|\bno (?:time )?limit\b|\bunlimited\b|\bsame[- ]day\b|\bnext[- ]day\b",
        re.I,
    ),
    "date": re.compile(
        rf"\b(?:{_MONTH_ALT})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+(?:19|20)\d{{2}})?\b"
        rf"|\b(?:19|20)\d{{2}}-\d{{2}}-\d{{2}}\b|\b{_WEEKDAYS}\b|\b(?:19|20)\d{{2}}\b|\b(?:Q[1-4])\b",
    ),
    "time": re.compile(rf"\b\d{{1,2}}(?::\d{{2}})?\s?[ap]\.?m\.?|\b{_WEEKDAYS}\b|\b24/7\b|\bnoon\b|\bmidnight\b", re.I),
    "quantity": re.compile(rf"\b{_NUMBER}\s?(?:-|to)?\s?(?:{_NUMBER}\s?)?{_QUANTITY_UNITS}(?![A-Za-z])", re.I),
    "count": re.compile(
        rf"\b{_NUMBER}\b|\bunlimited\b|\bno limit\b|\bas many as\b"
        r"|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve)\b",
        re.I,
    ),
    "person": re.compile(r"\b[A-Z][a-z]+(?: [A-Z]\.)? [A-Z][a-z]+(?:-[A-Z][a-z]+)?\b"),
    "name": re.compile(r"(?<=[a-z,;:] )[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)*"),
    # "Alder Falls, Oregon" (not "Kettlewick Care, Lena Marchetti": a list of names), "in Columbus", "in the United
    # States"; where a thing is: "under the drip tray"
    "place": re.compile(
        r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)?, [A-Z][a-z]+\b(?! [A-Z])"
        r"|\b(?:in|at|from|to) (?:the )?[A-Z][a-z]+(?: [A-Z][a-z]+)*\b"
        r"|\b(?:on|under|underneath|beneath|behind|inside|next to|at the (?:back|bottom|top|side|front) of) "
        r"(?:the|its|your) (?:[a-z-]+ )?[a-z-]+\b"
    ),
    # "version 4.0", "firmware 1.6", "iOS 16", "app 3.4", a bare "2.0" that is no price or measure
    "version": re.compile(
        r"\b(?:version|firmware|app|iOS|Android|release|v)\s?\d+(?:\.\d+)*\b"
        r"|(?<![$\u20ac\u00a3\d.,])\b\d+\.\d+(?:\.\d+)?\b(?![-\s]?(?:%|percent|[a-zA-Z]))",
        re.I,
    ),
    "phone": re.compile(r"\b\d{1,2}-\d{3}-\d{3}-\d{4}\b|\(\d{3}\)\s?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b"),
    "email": re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b"),
}
# Narrower units when the question names the dimension: "how heavy" is not answered by liters.
DIMENSIONS: dict[str, re.Pattern[str]] = {
    "mass": re.compile(rf"\b{_NUMBER}[\s-]?{_MASS}\b", re.I),  # "2 kilograms", "a 500-gram weight"
    "volume": re.compile(rf"\b{_NUMBER}[\s-]?{_LIQUID}\b", re.I),
    # what a thing holds: liquid in a kettle, a load on a scale, beans in a hopper
    "capacity": re.compile(rf"\b{_NUMBER}[\s-]?(?:{_LIQUID}|{_MASS})\b", re.I),
    "length": re.compile(rf"\b{_NUMBER}[\s-]?{_LENGTH}\b", re.I),
    "power": re.compile(rf"\b{_NUMBER}[\s-]?{_POWER}\b"),  # "1500 W", "a 120-volt model"
    "temperature": re.compile(rf"\b{_NUMBER}\s?{_TEMPERATURE}", re.I),
    "loudness": re.compile(rf"\b{_NUMBER}[\s-]?(?:dB|decibels?)\b", re.I),
    "energy": re.compile(r"\b(?:Energy Star|energy rating|kWh|[A-G]\+* rating)\b", re.I),
    "speed": re.compile(rf"\b{_NUMBER}[\s-]?(?:rpm|mph|km/h)\b", re.I),
    "pressure": re.compile(rf"\b{_NUMBER}[\s-]?(?:bars?|psi)\b", re.I),
}


@dataclass(frozen=True)
class Value:
    text: str
    number: float | None
    start: int


def numeric(text: str) -> float | None:
    m = re.search(_NUMBER, text)
    return float(m.group().replace(",", "")) if m else None


def find(kind: str, sentence: str, dimension: str | None = None) -> list[Value]:
    """Values of ``kind`` in ``sentence`` (of the ``dimension`` asked, when one is)."""
    pattern = DIMENSIONS[dimension] if dimension else PATTERNS.get(kind)
    if pattern is None:
        return []
    return [Value(m.group().strip(), numeric(m.group()), m.start()) for m in pattern.finditer(sentence)]


def parse_date(text: str) -> date | None:
    """A calendar date in ``text`` ("September 15, 2026", "2026-09-15", "March 2026"), the first one."""
    m = re.search(r"\b((?:19|20)\d{2})-(\d{2})-(\d{2})\b", text)
    if m:
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.search(rf"\b({_MONTH_ALT})\s+(?:(\d{{1,2}})(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d{{2}})\b", text)
    if m:
        return _safe_date(int(m.group(3)), _MONTH[m.group(1).lower()], int(m.group(2) or 1))
    return None


def all_dates(text: str) -> list[date]:
    found = []
    for m in re.finditer(
        rf"\b((?:19|20)\d{{2}})-(\d{{2}})-(\d{{2}})\b|\b({_MONTH_ALT})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+((?:19|20)\d{{2}}))?",
        text,
    ):
        if m.group(1):
            d = _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            d = _safe_date(int(m.group(6) or 0), _MONTH[m.group(4).lower()], int(m.group(5)))
        if d is not None:
            found.append(d)
    return found


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


# Seconds in a plain time unit (a month as 30 days, a year as 365), so two durations can be subtracted.
_SECONDS = {
    "second": 1,
    "minute": 60,
    "min": 60,
    "hour": 3600,
    "hr": 3600,
    "day": 86400,
    "week": 7 * 86400,
    "month": 30 * 86400,
    "year": 365 * 86400,
}
_AFTER_NUMBERS = re.compile(r"^[^\d]*[\d.,]+(?:\s?(?:-|to|or)\s?[\d.,]+)?[\s-]*")


def unit(value: Value) -> str:
    """The unit after a value's number(s), lower case, its last word singular: "10 business days" -> "business
    day", "54 mm" -> "mm", "a 120-volt" -> "volt"; "" for a bare number."""
    words = re.findall(r"[A-Za-z]+", _AFTER_NUMBERS.sub("", value.text).lower())
    if words and words[-1].endswith("s") and len(words[-1]) > 2:
        words[-1] = words[-1][:-1]
    return " ".join(words)


_UNIT_WORD = re.compile(rf"(?:{_TIME_UNITS}|{_QUANTITY_UNITS})", re.I)


def is_unit(word: str) -> bool:
    """Whether ``word`` ("day", "grams", "mm", "cups") is a unit values are given in."""
    return bool(_UNIT_WORD.fullmatch(word))


_MEASURE_WORD = re.compile(rf"(?:{_TIME_UNITS}|{_LIQUID}|{_MASS}|{_LENGTH}|{_POWER}|{_TEMPERATURE})", re.I)


def is_measure(word: str) -> bool:
    """Whether ``word`` is a unit of measure ("second", "watts", "grams"), not a thing counted ("cups", "steps")."""
    return bool(_MEASURE_WORD.fullmatch(word))


def measured_difference(a: Value, b: Value) -> str | None:
    """``a`` minus ``b`` (as a positive amount) with its unit: "2 minutes", "14 mm", "3 hours" for 5 hours and 120
    minutes (in the larger unit when it comes out whole, else the smaller); None when the units cannot be compared
    ("business days" and "days", millimeters and liters)."""
    return _measured(a, b, -1)


def measured_sum(a: Value, b: Value) -> str | None:
    """``a`` plus ``b`` with its unit, as :func:`measured_difference` gives a difference: "14 minutes"."""
    return _measured(a, b, 1)


def _measured(a: Value, b: Value, sign: int) -> str | None:
    if a.number is None or b.number is None:
        return None
    ua, ub = unit(a), unit(b)
    if ua == ub:
        amount, shown = abs(a.number + sign * b.number), ua
    elif ua in _SECONDS and ub in _SECONDS:
        seconds = abs(a.number * _SECONDS[ua] + sign * b.number * _SECONDS[ub])
        small, large = sorted((ua, ub), key=_SECONDS.__getitem__)
        shown = large if seconds % _SECONDS[large] == 0 else small
        amount = seconds / _SECONDS[shown]
    else:
        return None
    if not shown:
        return f"{amount:g}"
    plural = "" if amount == 1 or len(shown) <= 2 or shown in ("min", "hr") else "s"
    return f"{amount:g} {shown}{plural}"


_CLOCK = r"(?P<{0}h>\d{{1,2}})(?::(?P<{0}m>\d{{2}}))?\s?(?P<{0}p>[ap])\.?m\.?"
_SPAN = re.compile(
    _CLOCK.format("a")
    + r"\s*(?:to|-|\u2013|until|till)\s*"
    + _CLOCK.format("b")
    + r"|\b(?P<noon>noon) to "
    + _CLOCK.format("c"),
    re.I,
)


def clock_hour(hour: str, minute: str | None, half: str) -> float:
    """A clock time as hours after midnight: ("2", None, "p") is 14.0, ("9", "30", "a") 9.5, ("12", None, "a") 0."""
    return int(hour) % 12 + (12 if half.lower() == "p" else 0) + int(minute or 0) / 60


def _side(m: re.Match[str], side: str) -> float:
    return clock_hour(m.group(f"{side}h"), m.group(f"{side}m"), m.group(f"{side}p"))


@dataclass(frozen=True)
class ClockSpan:
    """Opening hours as written ("10 a.m. to 4 p.m."): where they start and end in the text, and when they open and
    close, in hours after midnight."""

    start: int
    end: int
    opens: float
    closes: float

    @property
    def hours(self) -> float:
        return (self.closes - self.opens) % 24 or 24.0


def clock_times(text: str) -> list[ClockSpan]:
    """Every span of clock times in ``text`` ("8 a.m. to 8 p.m.", "noon to 6 p.m."), in order."""
    return [
        ClockSpan(
            m.start(), m.end(), 12.0 if m.group("noon") else _side(m, "a"), _side(m, "c" if m.group("noon") else "b")
        )
        for m in _SPAN.finditer(text)
    ]


def clock_spans(text: str) -> list[Value]:
    """Opening hours as a number of hours: "10 a.m. to 4 p.m." is 6 hours, "7 a.m. to 11 p.m." 16, "10 p.m. to 2
    a.m." 4 (the text of each value is the number of hours; its start is where the span begins)."""
    return [Value(f"{s.hours:g} hour{'' if s.hours == 1 else 's'}", s.hours, s.start) for s in clock_times(text)]


def span_text(text: str, span: Value) -> str:
    """The opening hours as written ("10 a.m. to 4 p.m.") for a value of :func:`clock_spans` found in ``text``."""
    m = _SPAN.match(text, span.start)
    return m.group() if m else span.text


def money(amount: float) -> str:
    """An amount as a price: "$878", "$116.10", "$1,049"."""
    if abs(amount - round(amount)) < 0.005:
        return f"${round(amount):,}"
    return f"${amount:,.2f}"


_WEAK = {
    "price": re.compile(r"^free$", re.I),
    "time": re.compile(rf"^{_WEEKDAYS}$|^24/7$", re.I),
    "date": re.compile(rf"^{_WEEKDAYS}$|^(?:19|20)\d{{2}}$|^Q[1-4]$|^(?:{_MONTH_ALT})$"),
    "duration": re.compile(r"^(?:24/7|never expire|no (?:time )?limit|unlimited|same[- ]day|next[- ]day)$", re.I),
    "count": re.compile(r"^(?:one|a|an)$", re.I),
}


def strength(kind: str, value: str) -> float:
    """How clearly ``value`` is a value of ``kind``: weaker forms ("free" for a price, a weekday for a time) 0.6."""
    weak = _WEAK.get(kind)
    return 0.6 if weak is not None and weak.match(value.strip()) else 1.0
