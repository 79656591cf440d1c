"""Applying one guardrail version to text: each configured policy's findings (the API's assessment shape), whether
the guardrail intervened, the text that replaces the content (the blocked messaging, or the text with PII masked),
and the text units each policy processed (what a guardrail is billed by).

Denied topics are matched semantically: a topic is found when a sentence of the text comes near enough its
definition or one of its examples, by the emulator's embedder (cosine) or by covering most of an example's content
words. Contextual grounding scores an answer by how much of each of its sentences the source supports (content words
and, weighted most, numbers: a figure the source does not hold pulls the score down), relevance by how much of the
query the answer takes up, both between 0 and 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from localbedrock.embeddings import TextEncoder
from localbedrock.guardrails import detectors
from localbedrock.lexicon import content_terms, sentences

TOPIC_THRESHOLD = 0.5
ENCODER_DIMENSIONS = 512
CHARACTERS_PER_TEXT_UNIT = 1000
# USD per 1,000 text units, from the Amazon Bedrock pricing page (Guardrails, after the December 2024 reduction),
# checked 2026-12-05; word filters and regex-only sensitive-information filters are free.
GUARDRAIL_PRICES_AS_OF = date(2026, 12, 5)
PRICE_PER_1K_UNITS = {
    "contentPolicyUnits": 0.15,
    "topicPolicyUnits": 0.15,
    "sensitiveInformationPolicyUnits": 0.10,
    "contextualGroundingPolicyUnits": 0.10,
    "wordPolicyUnits": 0.0,
    "sensitiveInformationPolicyFreeUnits": 0.0,
}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class Content:
    """One text block given to the guardrail, with its qualifiers (``grounding_source``, ``query``,
    ``guard_content``; none means guard it)."""

    text: str
    qualifiers: tuple[str, ...] = ()

    @property
    def guarded(self) -> bool:
        return not self.qualifiers or "guard_content" in self.qualifiers


@dataclass
class Outcome:
    """What applying the guardrail found and decided."""

    assessment: dict[str, Any]
    usage: dict[str, int]
    blocked: bool = False
    anonymized: bool = False
    texts: list[str] = field(default_factory=list)  # the guarded texts after masking
    characters: int = 0

    @property
    def intervened(self) -> bool:
        return self.blocked or self.anonymized


def text_units(text: str) -> int:
    return math.ceil(len(text) / CHARACTERS_PER_TEXT_UNIT) if text else 0


def _enabled(item: dict[str, Any], source: str) -> bool:
    return item.get("inputEnabled" if source == "INPUT" else "outputEnabled", True) is not False


def _action(item: dict[str, Any], source: str, default: str = "BLOCK") -> str:
    return item.get("inputAction" if source == "INPUT" else "outputAction") or item.get("action") or default


_TAKEN = {"BLOCK": "BLOCKED", "ANONYMIZE": "ANONYMIZED", "NONE": "NONE"}


class Assessor:
    """Applies guardrail versions with one embedder (for denied topics)."""

    def __init__(self, encoder: TextEncoder) -> None:
        self.encoder = encoder

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(self.encoder.encode(list(texts), ENCODER_DIMENSIONS), dtype=np.float64)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)

    def topic_score(self, topic: dict[str, Any], text: str) -> float:
        """How near ``text`` comes to a denied topic: the best, over the text and each of its sentences against the
        definition and each example, of cosine similarity and of word overlap (the share of the reference's content
        words the piece holds, or of the piece's words the reference holds when the piece has at least two)."""
        references = [topic["definition"], *topic.get("examples", [])]
        pieces = [text, *sentences(text)]
        similarity = float((self._vectors(pieces) @ self._vectors(references).T).max())
        overlap = 0.0
        for piece in map(set, map(content_terms, pieces)):
            for reference in map(set, map(content_terms, references)):
                shared = len(piece & reference)
                if reference:
                    overlap = max(overlap, shared / len(reference))
                if len(piece) >= 2:
                    overlap = max(overlap, shared / len(piece))
        return max(similarity, overlap)

    def apply(self, policies: dict[str, Any], source: str, content: Sequence[Content], full: bool = False) -> Outcome:
        """Apply a guardrail version's ``policies`` to ``content`` as ``source`` ("INPUT" or "OUTPUT"); ``full``
        lists every finding, not only the detected ones (outputScope FULL)."""
        guarded = [c.text for c in content if c.guarded]
        whole = "\n".join(guarded)
        units = sum(text_units(t) for t in guarded)
        outcome = Outcome({}, dict.fromkeys(PRICE_PER_1K_UNITS, 0), texts=list(guarded), characters=len(whole))
        if "topicPolicy" in policies:
            self._topics(policies["topicPolicy"], source, whole, outcome, full)
            outcome.usage["topicPolicyUnits"] = units
        if "contentPolicy" in policies:
            self._content(policies["contentPolicy"], source, whole, outcome, full)
            outcome.usage["contentPolicyUnits"] = units
        if "wordPolicy" in policies:
            self._words(policies["wordPolicy"], source, whole, outcome, full)
            outcome.usage["wordPolicyUnits"] = units
        if "sensitiveInformationPolicy" in policies:
            policy = policies["sensitiveInformationPolicy"]
            self._sensitive(policy, source, outcome, full)
            member = (
                "sensitiveInformationPolicyUnits"
                if policy.get("piiEntities")
                else "sensitiveInformationPolicyFreeUnits"
            )
            outcome.usage[member] = units
        grounding = policies.get("contextualGroundingPolicy")
        if grounding and source == "OUTPUT" and self._grounding(grounding, content, whole, outcome, full):
            outcome.usage["contextualGroundingPolicyUnits"] = units
        return outcome

    def _record(self, outcome: Outcome, policy: str, member: str, item: dict[str, Any], detected: bool, full: bool):
        if detected or full:
            entry = outcome.assessment.setdefault(policy, {}).setdefault(member, [])
            entry.append(item | {"detected": detected})
        if detected and item["action"] == "BLOCKED":
            outcome.blocked = True

    def _topics(self, policy: dict[str, Any], source: str, text: str, outcome: Outcome, full: bool) -> None:
        for topic in policy.get("topics", []):
            if not _enabled(topic, source):
                continue
            detected = bool(text) and self.topic_score(topic, text) >= TOPIC_THRESHOLD
            item = {
                "name": topic["name"],
                "type": "DENY",
                "action": _TAKEN[_action(topic, source)] if detected else "NONE",
            }
            self._record(outcome, "topicPolicy", "topics", item, detected, full)
        outcome.assessment.setdefault("topicPolicy", {"topics": []})

    def _content(self, policy: dict[str, Any], source: str, text: str, outcome: Outcome, full: bool) -> None:
        for spec in policy.get("filters", []):
            kind = spec["type"]
            strength = spec["inputStrength" if source == "INPUT" else "outputStrength"]
            if not _enabled(spec, source) or (kind == "PROMPT_ATTACK" and source == "OUTPUT"):
                continue
            found = detectors.category_confidence(kind, text)
            detected = detectors.blocks_at(strength, found)
            taken = _TAKEN[_action(spec, source)] if detected else "NONE"
            item = {"type": kind, "confidence": found, "filterStrength": strength, "action": taken}
            self._record(outcome, "contentPolicy", "filters", item, detected, full)
        outcome.assessment.setdefault("contentPolicy", {"filters": []})

    def _words(self, policy: dict[str, Any], source: str, text: str, outcome: Outcome, full: bool) -> None:
        for word in policy.get("words", []):
            if _enabled(word, source) and detectors.phrase_matches(word["text"], text):
                item = {"match": word["text"], "action": _TAKEN[_action(word, source)]}
                self._record(outcome, "wordPolicy", "customWords", item, True, full)
        for managed in policy.get("managedWordLists", []):
            if _enabled(managed, source):
                for match in detectors.profanity_in(text):
                    item = {"match": match, "type": "PROFANITY", "action": _TAKEN[_action(managed, source)]}
                    self._record(outcome, "wordPolicy", "managedWordLists", item, True, full)
        found = outcome.assessment.setdefault("wordPolicy", {})
        found.setdefault("customWords", [])
        found.setdefault("managedWordLists", [])

    def _sensitive(self, policy: dict[str, Any], source: str, outcome: Outcome, full: bool) -> None:
        masked = []
        for text in outcome.texts:
            to_mask: list[detectors.Match] = []
            for entity in policy.get("piiEntities", []):
                if not _enabled(entity, source):
                    continue
                taken = _TAKEN[_action(entity, source)]
                for match in detectors.find_pii(entity["type"], text):
                    item = {"match": match.text, "type": entity["type"], "action": taken}
                    self._record(outcome, "sensitiveInformationPolicy", "piiEntities", item, True, full)
                    to_mask += [match] if taken == "ANONYMIZED" else []
            for regex in policy.get("regexes", []):
                if not _enabled(regex, source):
                    continue
                taken = _TAKEN[_action(regex, source)]
                for match in detectors.find_regex(regex["name"], regex["pattern"], text):
                    item = {"name": regex["name"], "match": match.text, "regex": regex["pattern"], "action": taken}
                    self._record(outcome, "sensitiveInformationPolicy", "regexes", item, True, full)
                    to_mask += [match] if taken == "ANONYMIZED" else []
            outcome.anonymized = outcome.anonymized or bool(to_mask)
            masked.append(detectors.mask(text, to_mask))
        outcome.texts = masked
        found = outcome.assessment.setdefault("sensitiveInformationPolicy", {})
        found.setdefault("piiEntities", [])
        found.setdefault("regexes", [])

    def _grounding(
        self, policy: dict[str, Any], content: Sequence[Content], answer: str, outcome: Outcome, full: bool
    ) -> bool:
        source = "\n".join(c.text for c in content if "grounding_source" in c.qualifiers)
        query = "\n".join(c.text for c in content if "query" in c.qualifiers)
        if not source or not query or not answer:
            return False  # Bedrock checks grounding only with a source, a query and content to guard
        scores = {"GROUNDING": grounding_score(answer, source), "RELEVANCE": relevance_score(answer, query)}
        for spec in policy.get("filters", []):
            if spec.get("enabled") is False:
                continue
            score, threshold = scores[spec["type"]], float(spec["threshold"])
            detected = score < threshold
            taken = _TAKEN[spec.get("action") or "BLOCK"] if detected else "NONE"
            item = {"type": spec["type"], "threshold": threshold, "score": score, "action": taken}
            self._record(outcome, "contextualGroundingPolicy", "filters", item, detected, full)
        outcome.assessment.setdefault("contextualGroundingPolicy", {"filters": []})
        return True


def _sentence_support(sentence: str, source_terms: set[str], source_numbers: set[str]) -> float | None:
    terms = set(content_terms(sentence))
    numbers = set(_NUMBER.findall(sentence))
    if len(terms) < 2 and not numbers:
        return None  # too short to state a fact ("Sure.")
    covered = len(terms & source_terms) / len(terms) if terms else 1.0
    if numbers:
        covered *= (len(numbers & source_numbers) / len(numbers)) ** 2
    return covered


def grounding_score(answer: str, source: str) -> float:
    """How well ``source`` supports ``answer``: between the weakest sentence's support and the average."""
    source_terms, source_numbers = set(content_terms(source)), set(_NUMBER.findall(source))
    supports = [
        s for s in (_sentence_support(x, source_terms, source_numbers) for x in sentences(answer)) if s is not None
    ]
    if not supports:
        return 1.0
    return round(0.5 * min(supports) + 0.5 * sum(supports) / len(supports), 2)


def relevance_score(answer: str, query: str) -> float:
    """How much of the query the answer takes up (its content words, synonyms folded)."""
    query_terms = set(content_terms(query))
    if not query_terms:
        return 1.0
    return round(len(query_terms & set(content_terms(answer))) / len(query_terms), 2)
