"""Sentences and metadata lines of a passage, as a careful reader sees them.

Sentence ends are found where a full stop, question or exclamation mark is followed by a capital or a digit, except
after an abbreviation ("7 a.m. to 11 p.m. Eastern", "e.g. Visa", "No. 4"), so a sentence is never cut inside one;
an abbreviation that can close a sentence does when a function word starts the next ("until 6 p.m. On Saturdays").
Metadata lines (``source: s3://...``, ``title: ...``, a bare URI) describe a passage; they are never an answer.
"""

from __future__ import annotations

import re

from localbedrock.lexicon import STOP_WORDS

# Abbreviations a sentence does not end at (lower case, without the final full stop).
ABBREVIATIONS = frozenset(
    [
        "a.m",
        "p.m",
        "e.g",
        "i.e",
        "etc",
        "vs",
        "no",
        "nos",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "ave",
        "rd",
        "jr",
        "sr",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "u.s",
        "u.k",
        "u.s.a",
        "ph.d",
        "min",
        "max",
        "tel",
        "ext",
        "ref",
        "vol",
        "pp",
        "op",
        "cf",
        "al",
    ]
)
_CANDIDATE_END = re.compile(r"[.!?]+[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9$€£])")
_LAST_WORD = re.compile(r"(?:^|[\s(])([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.$")
METADATA_LINE = re.compile(
    r"^\s*(?:source|uri|url|location|title|doc(?:ument)?[_ ]?id|id|date|score|chunk[_ ]?id|metadata|s3uri|"
    r"file|path|page|x-amz-bedrock-kb-[\w-]+)\s*[:=]\s*\S",
    re.IGNORECASE,
)
URI = re.compile(r"\b(?:s3|https?|file)://\S+", re.IGNORECASE)


_NUMBERING = frozenset({"no", "nos"})  # "No. 4": an abbreviation only before a number
# Abbreviations a sentence may end at: "We open at 9 a.m. On Sundays we are closed." ends after "a.m." (the next
# word a capitalised function word), "7 a.m. to 11 p.m. Eastern" does not.
_CAN_END = frozenset({"a.m", "p.m", "etc", "inc", "ltd", "co", "corp", "u.s", "u.k", "u.s.a"})
_NEXT_WORD = re.compile(r"[\"'(\[]?([A-Za-z]+)")


def _ends_abbreviation(text_before: str, text_after: str) -> bool:
    m = _LAST_WORD.search(text_before)
    if not m:
        return False
    word = m.group(1).lower()
    if word in _NUMBERING:
        return text_after[:1].isdigit()
    if word in _CAN_END:
        following = _NEXT_WORD.match(text_after)
        if following and following.group(1).lower() in STOP_WORDS:
            return False
    return word in ABBREVIATIONS or bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word)) or len(word) == 1


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences of ``text`` are (each line at least one), without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        pieces, start = [], 0
        for m in _CANDIDATE_END.finditer(line):
            if m.group().startswith(".") and _ends_abbreviation(line[start : m.start() + 1], line[m.end() :]):
                continue
            pieces.append((start, m.start() + len(m.group().rstrip())))
            start = m.end()
        pieces.append((start, len(line)))
        for a, b in pieces:
            piece = line[a:b]
            if piece.strip():
                lead = len(piece) - len(piece.lstrip())
                spans.append((offset + a + lead, offset + a + len(piece.rstrip())))
        offset += len(line) + 1
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (each line at least one), stripped, empty ones dropped."""
    return [text[a:b] for a, b in sentence_spans(text)]


def is_metadata(line: str) -> bool:
    """Whether ``line`` describes a passage (its source, title, id, date, a URI) rather than stating a fact."""
    stripped = line.strip()
    return bool(METADATA_LINE.match(stripped)) or bool(URI.fullmatch(stripped.rstrip(".")))
