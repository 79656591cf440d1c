"""Scoring a model's answer against a labelled question's reference answer, the same way in every lesson.

A deliberately simple, transparent rule (no model judges another): the numbers that state the reference's facts
must all appear in the answer (numbers the question itself mentions, such as a product's "2", aside); a reference
without such numbers needs half of its content words; an unanswerable question is answered correctly only by an
abstention. Word overlap cannot see negation, so the rule is lenient with answers that reuse the reference's words
to say something else; lessons report it as an approximate accuracy.
"""

from __future__ import annotations

import re

_ABSTAIN = re.compile(
    r"\b(?:i don't know|i do not know|do(?:es)? not (?:contain|answer|say|mention|include)"
    r"|not in the (?:context|documents)|no information|don't have (?:reliable )?information"
    r"|cannot (?:answer|find)|not (?:able|sure))\b",
    re.IGNORECASE,
)
_DATE = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+\d{4}"
    r"|\b\d{4}-\d{2}-\d{2}\b"
)
_PARENTHESES = re.compile(r"\([^)]*\)")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_WORD = re.compile(r"[a-z]+")
_STOP_WORDS = """a an the and or but of to in on at for from by with as is are was were be been it its this that
    these those you your we our they their there here no not yes do does did can will would should may might have has
    had if then than so such per each any all every up out about into over after before since now only also"""
_STOP = frozenset(_STOP_WORDS.split())


def abstains(answer: str) -> bool:
    """Whether the answer declines to answer (says the documents or its knowledge do not cover the question)."""
    return bool(_ABSTAIN.search(answer))


def _numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in _NUMBER.findall(text)}


def _content_words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _STOP and len(w) > 2}


def key_numbers(reference: str) -> set[float]:
    """The numbers that state the reference's facts: dates and parenthesised remarks left out."""
    return _numbers(_PARENTHESES.sub(" ", _DATE.sub(" ", reference)))


def answer_correct(answer: str, question: dict) -> bool:
    """Whether ``answer`` is right for a labelled question (a record of ``load_questions()``)."""
    if not question["answerable"]:
        return abstains(answer)
    if abstains(answer):
        return False
    reference = question["reference_answer"]
    wanted = key_numbers(reference) - _numbers(question.get("question", ""))  # "Ember Kettle 2" names, not answers
    if wanted:
        return wanted <= _numbers(answer)
    words = _content_words(_PARENTHESES.sub(" ", reference))
    return len(words & _content_words(answer)) >= len(words) / 2
