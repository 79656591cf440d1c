"""Opening hours compared: how many more hours one schedule is open than another, how many hours earlier or later
one closes or opens.

A capable model answers "How many hours earlier than on a normal weekday does the phone line close on December
24?" by finding two times (the weekday hours, "Monday to Friday, 8 a.m. to 8 p.m.", in one passage; "On December 24
... phone lines close at 2 p.m." in another) and subtracting. Each side of the comparison is a day the question
names (a weekday, "weekdays", "Saturdays", a date; "usual" or "normal" alone means weekdays), matched with the day
the words before each time in the passages name; what is compared is the thing the question asks about ("phone
line", not the chat's hours in the same passage). A question that does not take this form, or passages that do not
give a time for both days, are left to the ordinary reading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from localbedrock.lexicon import content_terms
from localbedrock.reading import values
from localbedrock.reading.adjust import Worked
from localbedrock.reading.documents import ReadPassage, Sentence

_ASKED = re.compile(
    r"\bhow (?:many (?:more |fewer |extra )?hours|much (?:longer|shorter|earlier|later|more|less))\b[^?]*\bthan\b"
    r"|\bhow (?:many|much)\b[^?]*\bthan\b[^?]*\bhours?\b",
    re.I,
)
_EDGE = re.compile(r"\b(?:earlier|later|sooner)\b", re.I)
_OPENS = re.compile(r"\b(?:open|opens|start|starts|begin|begins)\b(?![^?]*\b(?:close|closes|end|ends)\b)", re.I)
_THAN = re.compile(
    r"\bthan\s+(?:(?:it|they|the \w+(?: \w+)?) (?:does|do|is|are)\s+)?"
    r"(?P<side>.*?)(?=\s+(?:does|do|did|is|are|will|would|can)\b|[?,]|$)",
    re.I,
)
# "is the phone line open", "does the Kettlewick Care phone line close": what the hours are of
_SUBJECT = re.compile(
    r"\b(?:is|are|does|do|will)\s+(?P<subject>(?:the|your|our|its)\s+[\w' -]+?)\s+(?:open|close|stay|run|start|end)",
    re.I,
)
_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I)
_WEEKDAYS = re.compile(r"\bweekdays?\b|\bmonday (?:to|through|-|\u2013) friday\b|\bmon-fri\b", re.I)
_EVERY_DAY = re.compile(r"\bevery day\b|\bdaily\b|\b7 days a week\b", re.I)
_USUAL = re.compile(r"\b(?:usual|usually|normal|normally|regular|typical|ordinary|otherwise)\b", re.I)
_SINGLE = re.compile(
    r"\b(?P<verb>close|closes|closed|closing|open|opens|opening|end|ends|until|till)\s+(?:at\s+)?"
    r"(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<p>[ap])\.?m\.?",
    re.I,
)


@dataclass(frozen=True)
class _Hours:
    days: frozenset[str]  # the days the words before the time name: weekday names, "december 24"
    opens: float | None  # hours after midnight
    closes: float | None
    sentence: Sentence
    about: int  # how many of the question's words the sentence and its headings share


def compared_hours(question: str, passages: list[ReadPassage]) -> Worked | None:
    """The difference of two opening hours the question compares, worked out from ``passages``; None when the
    question does not compare opening hours or the passages do not give both."""
    if not _ASKED.search(question):
        return None
    than = _THAN.search(question)
    if than is None:
        return None
    other = _days(than.group("side"), default=True)
    rest = question[: than.start()] + " " + question[than.end() :]
    own = _days(rest, default=True)
    if not own or not other or own == other:
        return None
    asked = set(content_terms(values.MONTH_DAY.sub(" ", _DAY.sub(" ", question))))
    hours = [h for p in passages for s in p.sentences for h in _hours_in(s, asked)]
    edge = ("opens" if _OPENS.search(question) else "closes") if _EDGE.search(question) else None
    first, second = _best(hours, own, edge), _best(hours, other, edge)
    if first is None or second is None or first == second:
        return None
    if edge is not None:
        a, b = getattr(first, edge), getattr(second, edge)
        difference = abs(a - b)
    else:
        difference = abs(_length(first) - _length(second))
    said = [first.sentence] if first.sentence == second.sentence else [first.sentence, second.sentence]
    amount = f"{difference:g} hour{'' if difference == 1 else 's'}"
    lines = "; ".join(s.text.lstrip("-* ").rstrip(".").strip() for s in said)
    subject = _SUBJECT.search(question)
    if subject:
        lines = f"{subject.group('subject')[0].upper()}{subject.group('subject')[1:]}: {lines}"
    text = f"{lines}. The difference: {amount}."
    return Worked(text, tuple(dict.fromkeys(s.ref for s in said)))


def _length(hours: _Hours) -> float:
    assert hours.opens is not None and hours.closes is not None
    return (hours.closes - hours.opens) % 24 or 24.0


def _days(text: str, default: bool = False) -> frozenset[str]:
    """The days ``text`` names: dates ("december 24") when it names any, else weekday names, every weekday for
    "weekdays" or "Monday to Friday"; with ``default``, "usual" or "normal" alone means the weekdays."""
    dates = {" ".join(m.group().lower().split()) for m in values.MONTH_DAY.finditer(text)}
    if dates:
        return frozenset(dates)  # "On December 24, 2026 (a Thursday)": the date is the day; its weekday says no more
    found = {m.group(1).lower() for m in _DAY.finditer(text)}
    if _WEEKDAYS.search(text):
        found |= set(_DAYS[:5])
    if _EVERY_DAY.search(text):
        found |= set(_DAYS)
    if not found and default and _USUAL.search(text):
        found = set(_DAYS[:5])
    return frozenset(found)


def _hours_in(sentence: Sentence, asked: set[str]) -> list[_Hours]:
    """The opening hours ``sentence`` gives, each with the days the words before it name (back to the time before
    it; a sentence naming no day before its first time gives the days of its headings)."""
    text = sentence.text
    found: list[tuple[int, int, float | None, float | None]] = []  # start, end, opens, closes
    found += [(span.start, span.end, span.opens, span.closes) for span in values.clock_times(text)]
    for m in _SINGLE.finditer(text):
        if any(start <= m.start("h") < end for start, end, _, _ in found):
            continue
        at = values.clock_hour(m.group("h"), m.group("m"), m.group("p"))
        opening = m.group("verb").lower().startswith("open")
        found.append((m.start(), m.end(), at if opening else None, None if opening else at))
    found.sort()
    out = []
    previous = 0
    for start, end, opens, closes in found:
        clause = re.split(r"[;(]", text[previous:start])[-1]  # "Phone hours do not change; chat has people ..."
        days = _days(clause) or _days(text) or _days(sentence.context)
        about = len(asked & set(content_terms(f"{sentence.context} {clause}")))
        if days:
            out.append(_Hours(days, opens, closes, sentence, about))
        previous = end
    return out


def _best(hours: list[_Hours], days: frozenset[str], edge: str | None) -> _Hours | None:
    """The hours for ``days`` that give the ``edge`` compared (when they open or close; both for a number of hours
    open), most about what the question asks (a date before the weekday it falls on: the hours
    given for "December 24" win over the weekday hours)."""
    fitting = [h for h in hours if days <= h.days and (h.closes if edge == "closes" else h.opens) is not None]
    if edge is None:
        fitting = [h for h in fitting if h.opens is not None and h.closes is not None]
    if not fitting:
        return None
    return max(fitting, key=lambda h: (h.about, -len(h.days), -h.sentence.passage, -h.sentence.position))
