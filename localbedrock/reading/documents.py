"""Passages as a reader sees them: sentences under their headings, the document they come from, its date.

A passage's identity (which document, so which versions are versions of one document) comes from what the prompt
shows: a ``title``/``source`` attribute or metadata line, else the passage's first heading. Its date comes from a
``date`` attribute or metadata line, else a dated line near its top ("Version 3. Effective September 15, 2026.").
Passages with neither are never compared: recency is decided among versions of one document only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from localbedrock.lexicon import STOP_WORDS, content_terms, stem, words
from localbedrock.prompt import HEADING, Passage
from localbedrock.reading import values
from localbedrock.reading.text import URI, is_metadata, split_sentences

_VERSION = re.compile(r"\b(?:version|v|rev(?:ision)?)\.?\s?(\d+)\b", re.I)
_DATED_LINE = re.compile(r"\b(?:effective|published|dated|updated|issued|released|valid from|as of|from)\b", re.I)
_NAMED_VERSION = re.compile(r"^\s*([A-Z][\w' -]{2,60}?)\s*\(?\b(?:version|v|rev)\.?\s?\d+\b", re.I)
_SERIES_NOISE = re.compile(
    r"\(?\b(?:version|v|rev(?:ision)?)\.?\s?\d+\b\)?|\.(?:md|txt|html?|pdf|docx?)$|[-_ ]+$", re.I
)


@dataclass(frozen=True)
class Sentence:
    text: str
    passage: int  # the passage's index in the prompt
    position: int  # the sentence's index in its passage
    context: str  # the passage title and the headings above the sentence, for what it is about
    ref: str

    @property
    def terms(self) -> frozenset[str]:
        return features(self.text).terms

    @property
    def words(self) -> frozenset[str]:
        return features(self.text).words

    @property
    def stems(self) -> frozenset[str]:
        return features(self.text).stems


@dataclass(frozen=True)
class Features:
    """What word matching needs of a text, computed once per text."""

    terms: frozenset[str]  # content terms (stemmed, synonyms folded, stop words dropped)
    words: frozenset[str]  # its words, lower case, stop words dropped
    stems: frozenset[str]  # the stems of those words


@lru_cache(maxsize=4096)
def _mention_pattern(entity: str) -> re.Pattern[str]:
    words = entity.split()
    return re.compile(
        r"\b" + r"\s+".join(re.escape(w) + (r"\w{0,3}" if w.isalpha() else "") for w in words) + r"(?!\w)", re.I
    )


def mentions(entity: str, text: str) -> bool:
    """Whether ``text`` names ``entity`` (a lower-case name; a word may carry a short ending: "kettles")."""
    return bool(_mention_pattern(entity).search(text))


@lru_cache(maxsize=100_000)
def features(text: str) -> Features:
    own = frozenset(w for w in words(text) if w not in STOP_WORDS)
    return Features(frozenset(content_terms(text)), own, frozenset(stem(w) for w in own))


@dataclass(frozen=True)
class ReadPassage:
    index: int
    ref: str
    sentences: tuple[Sentence, ...]
    series: str | None  # which document this is a version of, when the prompt shows it
    date: date | None
    version: int | None

    @property
    def order(self) -> tuple[date, int]:
        return (self.date or date.min, self.version or 0)


def _series_of(name: str) -> str | None:
    name = URI.sub(lambda m: m.group().rsplit("/", 1)[-1], name.strip())
    name = name.rsplit("/", 1)[-1].rstrip(".")
    name = _SERIES_NOISE.sub("", name)
    name = re.sub(r"[#:]\d+$", "", name)  # a chunk number after a document id ("policy-returns#3")
    name = re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()
    return name or None


@lru_cache(maxsize=20_000)
def read_passage(index: int, passage: Passage) -> ReadPassage:
    """A passage read into sentences under their headings, with its document's identity and date (cached: the
    same passages come back in request after request)."""
    attributes = dict(passage.attributes)
    lines: list[str] = []
    for line in passage.text.splitlines():
        if is_metadata(line):
            key, _, value = line.partition(":") if ":" in line else line.partition("=")
            attributes.setdefault(key.strip().lower().replace(" ", "_"), value.strip())
        elif line.strip():
            lines.append(line)
    # A heading opening the passage titles it; a chunk that starts mid-document has none, and a later heading in it
    # names only the lines below it ("## Lid replacement program" is not what the specifications above it are about).
    title = attributes.get("title") or (HEADING.sub("", lines[0]) if lines and HEADING.match(lines[0]) else None)
    source = next(
        (attributes[k] for k in ("series", "source", "uri", "location", "doc_id", "id") if attributes.get(k)), ""
    )
    if re.fullmatch(r"\d*", source):
        source = ""  # "Search result 3": a position, not a document
    named = _NAMED_VERSION.match(lines[0]) if lines else None  # "Returns policy v2, effective ...: ..."
    series = _series_of(source or title or (named.group(1) if named else ""))
    when = values.parse_date(attributes.get("date", "")) if attributes.get("date") else None
    top = " ".join(lines[:4])
    if when is None:
        dated = [s for s in split_sentences(top) if _DATED_LINE.search(s)]
        when = next((d for s in dated if (d := values.parse_date(s))), None)
    version_text = attributes.get("version") or attributes.get("title") or top
    version = _VERSION.search(version_text) if not str(version_text).isdigit() else None
    number = int(version_text) if str(version_text).isdigit() else int(version.group(1)) if version else None
    sentences: list[Sentence] = []
    headings: dict[int, str] = {}
    for line in lines:
        heading = HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            headings = {lv: h for lv, h in headings.items() if lv < level} | {level: HEADING.sub("", line)}
            continue
        context = " ".join([title or "", *(h for lv, h in sorted(headings.items()) if h != title)]).strip()
        for text in split_sentences(line):
            if not URI.fullmatch(text.rstrip(".")):
                sentences.append(Sentence(text, index, len(sentences), context, passage.ref))
    return ReadPassage(index, passage.ref, tuple(sentences), series, when, number)
