"""Which row of a table of ranges a number falls in: "The Drift recipe uses setting 34 on the grinder. Which brew
method's range on the grinder's chart does that setting fall in?"

A capable model answers in two steps: the number (the question gives it, or a passage does: "setting 34 on the
Millstone Burr Grinder"), then the row whose range holds it ("Brew method: French press; Setting: 30 to 36"). The
number is the one a sentence outside the table gives right after the range's own label ("setting"), in the passage
that covers the question best; the answer gives both sentences and says which row it is.
"""

from __future__ import annotations

import re

from localbedrock.lexicon import content_terms
from localbedrock.reading.adjust import Worked
from localbedrock.reading.documents import ReadPassage, Sentence

_ASKED = re.compile(
    r"\bwhich\b[^?]*\b(?:falls?|falling|belongs?|corresponds?|range|ranges|band|bracket|tier)\b[^?]*\?",
    re.I,
)
# "Brew method: French press; Setting: 30 to 36" (a table row read as labelled cells)
_ROW = re.compile(
    r"^(?P<label>[A-Z][\w' -]{1,30}):\s*(?P<name>[^;]+?);\s*(?P<field>[A-Z][\w' -]{1,30}):\s*"
    r"(?P<low>\d+(?:\.\d+)?)\s*(?:to|-|\u2013)\s*(?P<high>\d+(?:\.\d+)?)\b"
)


def in_range(question: str, passages: list[ReadPassage]) -> Worked | None:
    """The row of a table of ranges that holds the number the question asks about, or None when the question does not
    ask which range a number falls in or the passages give no such row and number."""
    if not _ASKED.search(question):
        return None
    sentences = [s for p in passages for s in p.sentences]
    rows = [(s, m) for s in sentences if (m := _ROW.match(s.text))]
    if not rows:
        return None
    field = rows[0][1].group("field")
    found = _number(question, field, sentences, {s for s, _ in rows})
    if found is None:
        return None
    number, said = found
    for row, m in rows:
        if m.group("field") == field and float(m.group("low")) <= number <= float(m.group("high")):
            name = m.group("name").strip()
            text = f"{field} {number:g} is in the {name} range ({m.group('low')} to {m.group('high')})."
            given = [said.text] if said is not None else []
            return Worked(" ".join([*given, row.text, text]), tuple(s.ref for s in (said, row) if s is not None))
    return None


def _number(
    question: str, field: str, sentences: list[Sentence], rows: set[Sentence]
) -> tuple[float, Sentence | None] | None:
    """The number asked about: one the question gives after the field's name ("setting 34"), or else the one a
    sentence outside the table gives there, in the sentence sharing most words with the question."""
    after = re.compile(rf"\b{re.escape(field)}s?\s+(?:of\s+)?(\d+(?:\.\d+)?)\b", re.I)
    m = after.search(question)
    if m:
        return float(m.group(1)), None
    asked = set(content_terms(question))  # stemmed already
    best: tuple[int, float, Sentence] | None = None
    for s in sentences:
        if s in rows:
            continue
        m = after.search(s.text)
        if m:
            shared = len(asked & set(content_terms(f"{s.context} {s.text}")))
            if best is None or shared > best[0]:
                best = (shared, float(m.group(1)), s)
    return (best[1], best[2]) if best else None
