"""What a guardrail looks for in text, deterministically: harmful categories (a weighted word list per category, so a
filter's strength is a threshold on how strongly a text matches), prompt attacks, the managed profanity list, and PII
by pattern.

Simulated, not a trained classifier: the categories react to the words listed here and their inflections, so a
harmful text phrased without them passes, and a harmless text quoting them may be flagged. PII types without a
pattern below are accepted in configurations and never detected."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from localbedrock.lexicon import words

CONFIDENCES = ("NONE", "LOW", "MEDIUM", "HIGH")

# category → {word stem: weight}; a text's score is the sum of the weights of the distinct stems it contains.
_CATEGORY_WORDS: dict[str, dict[str, float]] = {
    "VIOLENCE": {
        "kill": 2,
        "murder": 2,
        "stab": 2,
        "shoot": 2,
        "bomb": 2,
        "massacre": 2,
        "tortur": 2,
        "assault": 1.5,
        "attack": 1,
        "hurt": 1,
        "beat": 0.5,
        "weapon": 1,
        "gun": 1,
        "blood": 1,
        "strangl": 2,
        "behead": 2,
    },
    "HATE": {
        "subhuman": 2,
        "vermin": 2,
        "inferior": 1,
        "exterminat": 2,
        "hate": 1,
        "hatred": 1,
        "bigot": 1,
        "racist": 1,
        "degenerate": 1.5,
        "filth": 1,
    },
    "INSULTS": {
        "idiot": 2,
        "moron": 2,
        "stupid": 1.5,
        "dumb": 1,
        "loser": 1,
        "pathetic": 1,
        "useless": 1,
        "worthless": 1.5,
        "incompetent": 1,
        "imbecile": 2,
        "clown": 0.5,
        "ugly": 1,
    },
    "SEXUAL": {
        "sex": 1.5,
        "sexual": 1.5,
        "nude": 2,
        "naked": 1.5,
        "porn": 2,
        "pornograph": 2,
        "erotic": 2,
        "explicit": 0.5,
        "orgasm": 2,
        "fetish": 1.5,
    },
    "MISCONDUCT": {
        "steal": 2,
        "shoplift": 2,
        "launder": 2,
        "fraud": 1.5,
        "counterfeit": 2,
        "hack": 1,
        "scam": 1.5,
        "smuggl": 2,
        "cocaine": 2,
        "heroin": 2,
        "meth": 1.5,
        "bribe": 1.5,
        "forge": 1,
        "evade": 1,
        "illegal": 1,
        "phish": 2,
        "malware": 1.5,
        "ransomware": 2,
    },
}
_PROMPT_ATTACKS = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"\b(?:ignore|disregard|forget)\b.{0,30}\b(?:previous|prior|above|earlier|all|your)\b.{0,20}"
        r"\b(?:instructions?|prompts?|rules|guidelines)",
        r"\byou are now\b",
        r"\bpretend (?:you are|to be|that you)\b",
        r"\b(?:jailbreak|developer mode|DAN mode|do anything now)\b",
        r"\b(?:reveal|print|show|repeat)\b.{0,20}\b(?:system prompt|your instructions|hidden prompt)",
        r"\bno (?:restrictions|rules|filters)\b",
    )
)
PROFANITY = frozenset(
    {
        "damn",
        "damned",
        "crap",
        "shit",
        "shitty",
        "fuck",
        "fucking",
        "fucked",
        "bastard",
        "bitch",
        "asshole",
        "bollocks",
        "bugger",
        "piss",
        "pissed",
        "dickhead",
        "wanker",
        "bloody",
        "arse",
    }
)


def confidence(score: float) -> str:
    """A score as Bedrock's confidence levels."""
    return "HIGH" if score >= 3 else "MEDIUM" if score >= 2 else "LOW" if score >= 1 else "NONE"


def category_confidence(category: str, text: str) -> str:
    """How confidently ``text`` falls into a content-filter category (``PROMPT_ATTACK`` included)."""
    if category == "PROMPT_ATTACK":
        return confidence(sum(2 for pattern in _PROMPT_ATTACKS if pattern.search(text)) + 0.0)
    weights = _CATEGORY_WORDS.get(category, {})
    seen = {w.lower() for w in words(text)}
    found = {stem for stem in weights for word in seen if word == stem or (len(stem) >= 4 and word.startswith(stem))}
    return confidence(math.fsum(weights[stem] for stem in found))  # exact in any order of the set


def blocks_at(strength: str, found: str) -> bool:
    """Whether a filter of ``strength`` acts on content found with confidence ``found``: HIGH acts from LOW
    confidence, MEDIUM from MEDIUM, LOW only on HIGH, NONE never."""
    level = CONFIDENCES.index(found)
    return level > 0 and level >= 4 - CONFIDENCES.index(strength)


def phrase_matches(phrase: str, text: str) -> bool:
    """A custom word or phrase, matched whole and case-insensitively."""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text, re.IGNORECASE) is not None


def profanity_in(text: str) -> list[str]:
    return sorted({w for w in (w.lower() for w in words(text)) if w in PROFANITY})


@dataclass(frozen=True)
class Match:
    kind: str  # a PII type or a regex's name
    text: str
    start: int
    end: int


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        value = int(char) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


_NAME = r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
# PII type → pattern; a pattern's first group, when it has one, is the match.
PII_PATTERNS: dict[str, re.Pattern[str]] = {
    "EMAIL": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "PHONE": re.compile(r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?!\w)"),
    "CREDIT_DEBIT_CARD_NUMBER": re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)"),
    "US_SOCIAL_SECURITY_NUMBER": re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"),
    "IP_ADDRESS": re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])"),
    "URL": re.compile(r"\bhttps?://[^\s)>\]]+|\bwww\.[^\s)>\]]+"),
    "NAME": re.compile(
        rf"(?:\b(?:Mr|Mrs|Ms|Dr)\.?\s+|\b(?:[Mm]y name is|I am|I'm|[Tt]his is|[Ss]igned,?)\s+)({_NAME})"
    ),
    "ADDRESS": re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Court|Ct|"
        r"Way|Place|Pl)\b\.?"
    ),
    "AGE": re.compile(r"\b(\d{1,3})\s*(?:years? old|-year-old)\b", re.IGNORECASE),
    "AWS_ACCESS_KEY": re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
    "AWS_SECRET_KEY": re.compile(r"(?i:secret(?:[ _]access)?[ _]key)\s*[:=]\s*([A-Za-z0-9/+=]{40})"),
    "PASSWORD": re.compile(r"(?i:password|passcode)\s*(?:is|:|=)\s*(\S+)"),
    "USERNAME": re.compile(r"(?i:username|user name|login)\s*(?:is|:|=)\s*(\S+)"),
    "PIN": re.compile(r"\b(?i:pin)\b\s*(?:is|:|=)?\s*(\d{4,6})\b"),
    "CREDIT_DEBIT_CARD_CVV": re.compile(r"(?i:cvv|cvc|security code)\s*(?:is|:)?\s*(\d{3,4})\b"),
    "CREDIT_DEBIT_CARD_EXPIRY": re.compile(
        r"(?i:exp(?:iry|ires|iration)?(?: date)?\.?)\s*(?:is|:)?\s*((?:0[1-9]|1[0-2])/\d{2,4})"
    ),
    "INTERNATIONAL_BANK_ACCOUNT_NUMBER": re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,3})?\b"),
    "MAC_ADDRESS": re.compile(r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b"),
}


def find_pii(kind: str, text: str) -> list[Match]:
    pattern = PII_PATTERNS.get(kind)
    if pattern is None:
        return []
    found = []
    for hit in pattern.finditer(text):
        group = 1 if pattern.groups else 0
        value, start, end = hit.group(group), hit.start(group), hit.end(group)
        if kind == "CREDIT_DEBIT_CARD_NUMBER" and not _luhn(re.sub(r"\D", "", value)):
            continue
        if kind == "PHONE" and _luhn(re.sub(r"\D", "", value)) and len(re.sub(r"\D", "", value)) > 12:
            continue
        found.append(Match(kind, value, start, end))
    return found


def find_regex(name: str, pattern: str, text: str) -> list[Match]:
    return [Match(name, hit.group(0), hit.start(), hit.end()) for hit in re.finditer(pattern, text)]


def mask(text: str, matches: list[Match]) -> str:
    """``text`` with every match replaced by ``{KIND}``, as Bedrock anonymizes."""
    out, position = [], 0
    for match in sorted(matches, key=lambda m: m.start):
        if match.start < position:
            continue  # overlapping matches: the first wins
        out += [text[position : match.start], "{" + match.kind + "}"]
        position = match.end
    return "".join(out) + text[position:]
