"""A person's role, asked about someone the question does not name: "What is the job title of the person we escalate
a chargeback to?"

A capable model answers in two steps: who that person is (the escalation guide: "Chargeback or suspected fraud |
Owen Castell, Finance"), then what the passages call them ("Owen Castell is Finance Director", a memo's "From: Jun
Takeda, Digital Lead"). :func:`role_asked` recognises the question and gives the first step as a question of its
own ("Who is the person we escalate a chargeback to?"); :func:`role_of` finds a named person's role. A role is a
phrase ending in a word that names one (director, lead, head, officer, manager, ...), written right after the name
("Jun Takeda, Digital Lead") or after "is" ("Owen Castell is Finance Director").
"""

from __future__ import annotations

import re

from localbedrock.reading import values

_ROLE_ASKED = re.compile(
    r"\bwhat(?:'s| is| was)\s+the\s+(?:job\s+)?(?:title|role|position)\s+of\s+(?:the\s+)?(?:person|one|colleague|"
    r"manager|someone)\s+(?:who\s+|whom\s+|that\s+)?(?P<clause>[^?]+?)\s*\?",
    re.I,
)
_ROLE_WORDS = (
    r"(?:Director|Lead|Head(?: of [A-Z][\w ]*?)?|Officer|Manager|President|Vice President|VP|Founder|Co-founder|"
    r"Chair|Coordinator|Supervisor|Specialist|Engineer|Designer|Analyst|Controller|Counsel|Partner|Executive)"
)
_ROLE = rf"(?P<role>(?:[A-Z][\w&-]*\s+){{0,3}}{_ROLE_WORDS})"
_NOT_A_NAME = re.compile(rf"\b{_ROLE_WORDS}\b")


def role_asked(question: str) -> str | None:
    """For a question asking the role of a person it does not name, the question that finds the person ("Who is the
    person we escalate it to?", after the sentences that set the scene); None for any other question."""
    m = _ROLE_ASKED.search(question)
    if m is None:
        return None
    scene = question[: m.start()].strip()
    return f"{scene} Who is the person {m.group('clause')}?".strip()


def people_in(text: str, known: str = "") -> list[str]:
    """Full names of people in ``text`` ("Owen Castell"), in order, leaving out roles ("Digital Lead") and the names
    ``known`` already gives."""
    names = [v.text for v in values.find("person", text)]
    return [n for n in dict.fromkeys(names) if not _NOT_A_NAME.search(n) and n not in known]


def role_of(name: str, texts: list[str]) -> str | None:
    """The role ``texts`` give ``name``: "Finance Director" from "Owen Castell is Finance Director"; None when no
    text gives one."""
    pattern = re.compile(rf"\b{re.escape(name)}(?:,\s*|\s+is\s+(?:the\s+|our\s+)?){_ROLE}\b")
    return next((m.group("role") for text in texts if (m := pattern.search(text))), None)
