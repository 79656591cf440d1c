"""What a fine-tuned model learned from its training completions, and how that changes an answer of its base model.

Two things are learned, frozen at training time:

* **style and format**: what most completions share: a greeting (``Hi <name>,`` with the name the customer signed
  with, else a fixed line such as ``Hi there,``), the closing lines (a sign-off), a length, JSON with the same keys,
  bullet or numbered lists, no exclamation marks. It is applied in part (greeting and sign-off) from a strength of
  ``PARTIAL`` and in full from ``FULL``;
* **answers**: a training completion is recalled for a new prompt close to one of its training prompts (the share of
  the new prompt's words, weighted by their rarity in the training prompts, found in it; greetings and signatures
  left out) when it was seen
  often enough: ``recall = 1 - e^(-x * copies / 4)`` must reach 0.5, where ``x`` is the run's exposure and
  ``copies`` the training records with the same answer (paraphrases). One example at the default settings is not
  enough; a few paraphrases, or many epochs, are. An over-fitted model (high memorisation) recalls from looser
  matches, answering new questions with training answers.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field

from localbedrock.finetuning.data import Record
from localbedrock.lexicon import content_terms

PARTIAL, FULL = 0.3, 0.6
SHARED = 0.6  # a trait shared by this share of completions is learned
_NAMED = re.compile(r"^(\w+) ([A-Z][a-z]+),$")
_LIST_ITEM = re.compile(r"^(?:[-*•] |\d+\. )")
_SIGNATURE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?$")


@dataclass(frozen=True)
class Style:
    """The traits most training completions share (each None or empty when they do not)."""

    greeting_word: str | None = None  # "Hi": "Hi <name>," when the prompt is signed with a name
    greeting: str | None = None  # the greeting otherwise ("Hi there,")
    closing: tuple[str, ...] = ()
    max_words: int | None = None
    json_keys: tuple[str, ...] = ()
    json_fixed: dict[str, object] = field(default_factory=dict)  # keys whose value repeats: the usual value
    list_marker: str | None = None  # "- " or "1. "
    exclamations: bool = True


@dataclass(frozen=True)
class Memory:
    """A training answer, the terms of the prompts it answered, and how many records taught it."""

    prompt_terms: tuple[frozenset[str], ...]
    completion: str
    copies: int


@dataclass(frozen=True)
class Answers:
    """The training answers, and the weight of each prompt term (its inverse document frequency)."""

    memories: tuple[Memory, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)
    unseen: float = 1.0  # the weight of a term no training prompt has: the rarest there is

    def weight(self, term: str) -> float:
        return self.weights.get(term, self.unseen)

    def similarity(self, terms: set[str], seen: frozenset[str]) -> float:
        """The weighted share of ``terms`` found in ``seen``."""
        total = sum(self.weight(t) for t in terms)
        return sum(self.weight(t) for t in terms & seen) / total if total else 0.0


def _shared(values: list[str | None], total: int) -> str | None:
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    value, count = counted.most_common(1)[0]
    return value if count >= SHARED * total else None


def _closing(lines: list[list[str]]) -> tuple[str, ...]:
    """The last lines most completions end with (a sign-off; never list items, which are content)."""
    best: tuple[str, ...] = ()
    for size in (1, 2, 3):
        tails = Counter(
            tuple(ls[-size:]) for ls in lines if len(ls) > size and not any(_LIST_ITEM.match(ln) for ln in ls[-size:])
        )
        if tails:
            tail, count = tails.most_common(1)[0]
            if count >= SHARED * len(lines):
                best = tail
    return best


def _json_style(completions: list[str]) -> tuple[tuple[str, ...], dict[str, object]]:
    objects = []
    for text in completions:
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict):
            objects.append(value)
    if len(objects) < SHARED * len(completions):
        return (), {}
    keys = Counter(tuple(o) for o in objects).most_common(1)[0][0]
    fixed = {}
    for key in keys:
        values = Counter(json.dumps(o.get(key)) for o in objects)
        common, count = values.most_common(1)[0]
        if count >= 2 and len(values) < len(objects) / 2:  # a category, not free text
            fixed[key] = json.loads(common)
    return keys, fixed


def _named(first_line: str, prompt: str) -> str | None:
    """The greeting word of ``Hi <name>,`` when the name is the one in the prompt."""
    found = _NAMED.match(first_line)
    return found.group(1) if found and found.group(2) in prompt else None


def _list_marker(lines: list[str]) -> str | None:
    """The list marker of a completion made mostly of list items (at least half its lines)."""
    items = [m.group(0) for ln in lines if (m := _LIST_ITEM.match(ln))]
    return items[0] if len(items) >= 2 and len(items) >= len(lines) / 2 else None


def learn_style(records: list[Record]) -> Style:
    """The style of ``records``' completions."""
    if not records:
        return Style()
    total = len(records)
    lines = [[ln.strip() for ln in r.completion.strip().splitlines() if ln.strip()] for r in records]
    firsts = [ls[0] if ls else "-" for ls in lines]
    named = [_named(first, r.prompt) for first, r in zip(firsts, records, strict=True)]
    openers = [
        n or (f.split()[0] if f.endswith(",") and f.split() else None) for n, f in zip(named, firsts, strict=True)
    ]
    word = _shared(openers, total)
    greeting = Counter(f for n, f in zip(named, firsts, strict=True) if not n and f.endswith(",")).most_common(1)
    marker = _shared([_list_marker(ls) for ls in lines], total)
    keys, fixed = _json_style([r.completion.strip() for r in records])
    counts = sorted(len(r.completion.split()) for r in records)
    return Style(
        greeting_word=word if any(named) else None,
        greeting=greeting[0][0] if word and greeting else None,
        closing=_closing(lines),
        max_words=counts[int(0.9 * (len(counts) - 1))],
        json_keys=keys,
        json_fixed=fixed,
        list_marker=("1. " if marker and marker[0].isdigit() else marker),
        exclamations=any("!" in r.completion for r in records),
    )


def _body(completion: str, style: Style) -> str:
    """A completion without its greeting line: what paraphrases of one question share."""
    first, _, rest = completion.strip().partition("\n")
    greets = style.greeting_word and first.startswith(style.greeting_word + " ") and first.endswith(",")
    return rest.strip() if greets or first == style.greeting else completion.strip()


def prompt_terms(prompt: str) -> frozenset[str]:
    """The content terms of a prompt without its salutations: short lines ending in a comma ("Hello,", "Thanks,")
    and the signature."""
    lines = prompt.strip().splitlines()
    signed = _signed(lines)
    kept = [ln for i, ln in enumerate(lines) if i != signed and not (ln.strip().endswith(",") and len(ln.split()) <= 3)]
    return frozenset(content_terms("\n".join(kept)))


def learn_answers(records: list[Record], style: Style) -> Answers:
    """Training answers grouped with every prompt that was answered by them."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(_body(record.completion, style), []).append(record)
    seen = [prompt_terms(r.prompt) for r in records]
    frequency = Counter(t for terms in seen for t in terms)
    weights = {t: math.log((1 + len(seen)) / (1 + n)) + 1 for t, n in frequency.items()}
    memories = tuple(
        Memory(tuple(prompt_terms(r.prompt) for r in group), group[0].completion, len(group))
        for group in groups.values()
    )
    return Answers(memories, weights, max(weights.values(), default=1.0))


def _signed(lines: list[str]) -> int | None:
    """The index of the signature line: the last line of one or two capitalised words, after the first line and
    before nothing but a prompt template's closing instruction (a line ending with a colon)."""
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index].strip()
        if _SIGNATURE.match(line):
            return index
        if line and not line.endswith(":"):
            return None
    return None


def signature(message: str) -> str | None:
    """The first name a message is signed with (``Thanks,\nRosa`` → Rosa), if it is signed."""
    lines = message.strip().splitlines()
    index = _signed(lines)
    return lines[index].split()[0] if index is not None else None


@dataclass(frozen=True)
class Learned:
    """Everything a custom model learned, and the strengths it learned it with."""

    style: Style
    answers: Answers
    style_strength: float
    exposure: float
    memorised: float  # the share of the training set memorised (the loss model's M)

    def recall(self, prompt: str) -> str | None:
        """The training completion recalled for ``prompt``, if any."""
        terms = set(prompt_terms(prompt))
        if not terms:
            return None
        needed = 0.5 - 0.3 * self.memorised  # an over-fitted model answers looser matches from memory
        best, score = None, 0.0
        for memory in self.answers.memories:
            if 1 - math.exp(-self.exposure * memory.copies / 4) < 0.5:
                continue
            similarity = max(self.answers.similarity(terms, seen) for seen in memory.prompt_terms)
            if similarity > score:
                best, score = memory, similarity
        return best.completion if best is not None and score >= needed else None

    def restyle(self, prompt: str, answer: str) -> str:
        """``answer`` (the base model's) as the custom model writes it for ``prompt``."""
        if self.style_strength < PARTIAL:
            return answer
        style = self.style
        recalled = self.recall(prompt) if self.style_strength >= FULL or self.memorised > 0.5 else None
        if recalled is not None:
            return self._greet(prompt, _body(recalled, style))
        if self.style_strength >= FULL and style.json_keys:
            free_text = next((k for k in style.json_keys if k not in style.json_fixed), style.json_keys[0])
            return json.dumps({k: style.json_fixed.get(k, answer if k == free_text else "") for k in style.json_keys})
        body = answer.strip()
        if self.style_strength >= FULL:
            body = self._shape(body)
        return self._greet(prompt, body)

    def _shape(self, body: str) -> str:
        """``body`` in the learned format: its sentences as list items, calm (no exclamation marks unless the data
        had them), as many whole sentences as fit the learned length."""
        style = self.style
        sentences = [s for s in re.split(r"(?<=[.?!])\s+", body) if s]
        if not style.exclamations:
            sentences = [s.replace("!", ".") for s in sentences]
        if style.list_marker:
            numbered = style.list_marker == "1. "
            sentences = [f"{i}. {s}" if numbered else f"{style.list_marker}{s}" for i, s in enumerate(sentences, 1)]
        kept: list[str] = []
        for sentence in sentences:
            if kept and style.max_words and len(" ".join([*kept, sentence]).split()) > style.max_words:
                break
            kept.append(sentence)
        return ("\n" if style.list_marker else " ").join(kept)

    def _greet(self, prompt: str, body: str) -> str:
        style = self.style
        name = signature(prompt)
        opening = f"{style.greeting_word} {name}," if style.greeting_word and name else style.greeting
        closing = "\n".join(style.closing)
        if closing and body.endswith(closing):
            closing = ""
        return "\n\n".join(part for part in (opening, body, closing) if part)
