"""Word-level text analysis shared by the simulated generator and the embedder.

A crude, deterministic stand-in for what a language model "knows" about words: stop words, a light stemmer, and a
table of synonyms for everyday English and the course's domain (support, policies, prices, cloud), so that
paraphrases share features.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])|\n+")

_STOP_WORDS = """
    a an the and or but if then so of to in on at by for with from into onto about as is are was were be been
    being am do does did doing have has had having i me my we our you your he she it its they them their this that
    these those there here what which who whom whose when where why how can could would should will shall may might
    must not no nor than too very just also only own same such both each few more most other some any all again
    further once up down out over under off s t don't isn't aren't wasn't weren't won't can't please tell me us
    know let give get got want need like"""
STOP_WORDS = frozenset(_STOP_WORDS.split())

# Each group maps to its first word: paraphrases then share a feature.
_SYNONYM_GROUPS = (
    "refund reimbursement repayment rebate moneyback",
    "return send-back",
    "price cost fee charge rate pricing expense",
    "cheap inexpensive affordable low-cost",
    "expensive costly pricey",
    "buy purchase order acquire",
    "sell vend",
    "customer client buyer shopper consumer",
    "employee staff worker personnel",
    "policy rule guideline regulation terms",
    "ship shipping deliver delivery dispatch shipment parcel package",
    "fast quick rapid speedy swift",
    "slow sluggish",
    "big large huge enormous",
    "small little tiny",
    "help assist support aid",
    "problem issue trouble fault defect",
    "start begin commence",
    "end finish stop conclude",
    "car automobile vehicle",
    "house home residence dwelling",
    "doctor physician",
    "good great excellent love loved loves amazing wonderful fantastic awesome superb delightful happy glad pleased",
    "bad terrible awful hate hated horrible worst poor disappointing disappointed dreadful sad unhappy upset angry"
    " broken broke damaged faulty defective leaked leaking leaky",
    "latest newest recent current",
    "furious irate annoyed",
    "answer reply respond response",
    "question query ask inquiry",
    "error bug failure mistake",
    "day days daily",
    "week weeks weekly",
    "month months monthly",
    "year years yearly annual annually",
    "warranty guarantee",
    "cancel terminate",
    "subscription plan membership",
    "account profile",
    "password passcode",
    "discount coupon voucher promo",
    "model llm",
    "document doc file",
    "fine-tune fine-tuning finetune finetuning",
    "embedding embeddings vector vectors",
    "retrieve retrieval search lookup",
    "latency delay lag",
    "token tokens",
    "hour hours hourly",
    "allow permit let",
    "require need mandatory",
    "eat dine",
    "food meal",
    "movie film",
    "talk speak chat",
    "kid child children kids",
    "picture photo image",
    "smart clever intelligent",
)

SYNONYMS: dict[str, str] = {}
for _group in _SYNONYM_GROUPS:
    _words = _group.split()
    for _word in _words:
        SYNONYMS.setdefault(_word, _words[0])

_SUFFIXES = (
    "ements",
    "ement",
    "ations",
    "ation",
    "ingly",
    "ings",
    "ing",
    "edly",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "s",
    "ly",
)


def words(text: str) -> list[str]:
    """Lower-cased words of ``text``, in order."""
    return [w.lower() for w in _WORD.findall(text)]


def _strip_suffix(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


# Synonyms by stem too, so inflections ("reimbursed") join their group ("reimbursement" → refund).
_SYNONYMS_BY_STEM: dict[str, str] = {}
for _word, _head in SYNONYMS.items():
    _SYNONYMS_BY_STEM.setdefault(_strip_suffix(_word), _head)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stem; a word of a synonym group (or an inflection of one) maps to the group's head."""
    head = SYNONYMS.get(word)
    if head is not None:
        return head
    base = _strip_suffix(word)
    for candidate in (base, base + "e"):  # "delivered" → deliver, "charges" → charge
        head = SYNONYMS.get(candidate) or _SYNONYMS_BY_STEM.get(candidate)
        if head is not None:
            return head
    return base


def content_terms(text: str) -> list[str]:
    """Stemmed words of ``text`` that carry meaning (stop words dropped)."""
    return [stem(w) for w in words(text) if w not in STOP_WORDS]


@lru_cache(maxsize=16_384)
def term_set(text: str) -> frozenset[str]:
    """The set of :func:`content_terms` of ``text``, kept per text: the same sources, passages and step lines are
    compared with request after request."""
    return frozenset(content_terms(text))


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and lines), stripped, empty ones dropped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def overlap(query_terms: set[str], text: str) -> float:
    """Share of the query's terms that ``text`` contains (0 to 1)."""
    if not query_terms:
        return 0.0
    return len(query_terms & set(content_terms(text))) / len(query_terms)
