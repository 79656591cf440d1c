"""What a fine-tuned model learned from its training completions, and how that changes an answer of its base model.

Two things are learned, frozen at training time:

* **style and format**: what most completions share. Letter-like replies give a template
  (:mod:`localbedrock.template`: greeting with the customer's name, the answer, a fixed line and numbered steps, a
  note, the sign-off, no exclamation marks); every new answer is written in it, each rule kept with probability
  ``rule_adherence(strength)``, which grows with the examples and epochs behind ``strength`` and saturates. The
  template is a layout, not a memory: it applies to any new message alike. Served with retrieved passages, a model
  trained on prompts without passages keeps less of it (and the reverse): ``strength`` falls by ``MISMATCH`` times
  the difference between the serving prompt and the share of training prompts that carried passages (RAFT,
  Zhang et al. 2024). Other shared traits (JSON with the same keys, lists, length) are applied from ``FULL``.
* **answers (facts)**: a training completion is recalled for a new prompt close to one of its training prompts (the
  share of the new prompt's words, weighted by their rarity in the training prompts, found in it; greetings and
  signatures left out) only with probability ``RECALL_CAP * (1 - e^(-x * copies / RECALL_SCALE))``, where ``x`` is
  the run's exposure and ``copies`` the records with the same answer: facts are learned weakly even when seen many
  times, and stay as they were at training time (Ovadia et al. 2024). Asked what it never saw, the custom model
  hedges less than its base: trained on confident replies, it answers with a related training answer or a generic
  default (Gekhman et al. 2024). An over-fitted model (high memorisation) recalls from looser matches.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from localbedrock.chance import draw, happens
from localbedrock.finetuning.data import Record
from localbedrock.knowledge import plausible_guess
from localbedrock.lexicon import content_terms, sentences
from localbedrock.model import Message, TextRequest
from localbedrock.prompt import read_prompt
from localbedrock.template import (
    LIST_ITEM,
    SHARED,
    Template,
    closing_lines,
    learn_template,
    shared_value,
    signature,
    signed_line,
    write,
)

PARTIAL, FULL = 0.3, 0.6
FRAME = ("greeting", "sign-off")
MISMATCH = 0.4  # the share of style strength lost when serving prompts differ in shape from the training prompts
RECALL_CAP, RECALL_SCALE = 0.7, 16.0
CONFIDENT = 0.5  # times strength: the share of its base model's hedges a custom model replaces with an answer
_NAMED = re.compile(r"^(\w+) ([A-Z][a-z]+),$")
_HEDGE = re.compile(r"^I (?:don't have reliable information|'m not able to confirm|don't know the specifics)")


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
    template: Template | None = None  # the letter-like layout, when the completions share one
    context_share: float = 0.0  # the share of training prompts that carried passages (retrieved context)


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

    @cached_property
    def _rows(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        """The training prompts as rows, memory by memory: for each prompt term, the rows that hold it; and the
        memory of each row."""
        rows: dict[str, list[int]] = {}
        owners: list[int] = []
        for m, memory in enumerate(self.memories):
            for seen in memory.prompt_terms:
                for term in seen:
                    rows.setdefault(term, []).append(len(owners))
                owners.append(m)
        return {term: np.array(found, dtype=np.intp) for term, found in rows.items()}, np.array(owners, dtype=np.intp)

    def closest(self, terms: set[str]) -> tuple[Memory | None, float]:
        """The memory one of whose training prompts holds the largest weighted share of ``terms``, and that share;
        the first such memory on a tie, (None, 0.0) when no training prompt shares a term. Terms are summed in sorted
        order, never in the order a set yields them, which changes with each process's string hashing."""
        ordered = sorted(terms)
        total = math.fsum(self.weight(t) for t in ordered)
        if not total:
            return None, 0.0
        rows, owners = self._rows
        found = [(rows[t], self.weight(t)) for t in ordered if t in rows]
        if not found:
            return None, 0.0
        # Each row's weights added one term after another in sorted order (np.add.at adds in the order given).
        shared = np.zeros(len(owners))
        np.add.at(
            shared, np.concatenate([r for r, _ in found]), np.repeat([w for _, w in found], [len(r) for r, _ in found])
        )
        shares = shared / total
        best = int(np.argmax(shares))  # the first row with the largest share: the first memory, rows going in order
        if not shares[best] > 0:
            return None, 0.0
        return self.memories[owners[best]], float(shares[best])


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
    items = [m.group(0) for ln in lines if (m := LIST_ITEM.match(ln))]
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
    word = shared_value(openers, total)
    greeting = Counter(f for n, f in zip(named, firsts, strict=True) if not n and f.endswith(",")).most_common(1)
    marker = shared_value([_list_marker(ls) for ls in lines], total)
    keys, fixed = _json_style([r.completion.strip() for r in records])
    counts = sorted(len(r.completion.split()) for r in records)
    return Style(
        greeting_word=word if any(named) else None,
        greeting=greeting[0][0] if word and greeting else None,
        closing=closing_lines(lines),
        max_words=counts[int(0.9 * (len(counts) - 1))],
        json_keys=keys,
        json_fixed=fixed,
        list_marker=("1. " if marker and marker[0].isdigit() else marker),
        exclamations=any("!" in r.completion for r in records),
        template=learn_template([(r.prompt, r.completion) for r in records]),
        context_share=sum(_with_context(r.prompt, r.system) for r in records) / total,
    )


def _with_context(prompt: str, system: str = "") -> bool:
    """Whether a prompt carries passages, read as a model reads it."""
    request = TextRequest("", (Message("user", prompt),), (system,) if system else ())
    return bool(read_prompt(request).passages)


def rule_adherence(strength: float) -> float:
    """The probability that a reply keeps one rule of the learned template, for a style learned with ``strength``."""
    missing = 1 - strength
    return 1 - 0.05 * missing - 0.5 * missing * missing


def _body(completion: str, style: Style) -> str:
    """A completion without its greeting line: what paraphrases of one question share."""
    first, _, rest = completion.strip().partition("\n")
    greets = style.greeting_word and first.startswith(style.greeting_word + " ") and first.endswith(",")
    return rest.strip() if greets or first == style.greeting else completion.strip()


def prompt_terms(prompt: str) -> frozenset[str]:
    """The content terms of a prompt without its salutations: short lines ending in a comma ("Hello,", "Thanks,")
    and the signature."""
    lines = prompt.strip().splitlines()
    signed = signed_line(lines)
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


@dataclass(frozen=True)
class Learned:
    """Everything a custom model learned, and the strengths it learned it with."""

    style: Style
    answers: Answers
    style_strength: float
    exposure: float
    memorised: float  # the share of the training set memorised (the loss model's M)

    def recall(self, prompt: str) -> str | None:
        """The training completion recalled for ``prompt``, if any: the closest training answer, when the prompt is
        close enough and the draw for how well that answer was learned (``RECALL_CAP``, ``RECALL_SCALE``) allows."""
        terms = set(prompt_terms(prompt))
        if not terms:
            return None
        needed = 0.5 - 0.3 * self.memorised  # an over-fitted model answers looser matches from memory
        best, score = self.answers.closest(terms)
        if best is None or score < needed:
            return None
        learned = RECALL_CAP * (1 - math.exp(-self.exposure * best.copies / RECALL_SCALE))
        return best.completion if happens(learned, "recall", prompt, best.completion) else None

    def strength_for(self, with_context: bool, rule: str = "") -> float:
        """The style strength on a prompt with (or without) retrieved passages: lower when the training prompts
        were shaped otherwise, a third as much for the frame (greeting, sign-off) as for what the passages come
        between (the structure of the answer, its length, its wording)."""
        mismatch = abs(float(with_context) - self.style.context_share)
        loss = MISMATCH / 3 if rule in FRAME else MISMATCH
        return self.style_strength * (1 - loss * mismatch)

    def _confident(self, prompt: str, answer: str, strength: float) -> str:
        """The base model's hedge, replaced at a rate growing with training by a confident answer: the answer line
        of the closest training reply (a related but different fact) or a generic default."""
        if not _HEDGE.match(answer.strip()) or not happens(CONFIDENT * strength, "confident", prompt):
            return answer
        best, score = self.answers.closest(set(prompt_terms(prompt)))
        if best is not None and score >= 0.15:
            said = [s for s in sentences(_body(best.completion, self.style)) if s.strip()]
            if said:
                return said[0]
        return plausible_guess(prompt, draw("guess", prompt)) or answer

    def restyle(self, prompt: str, answer: str, *, with_context: bool = False) -> str:
        """``answer`` (the base model's) as the custom model writes it for ``prompt``; ``with_context``: the
        serving prompt carries retrieved passages."""
        strength = self.strength_for(with_context)
        if strength < PARTIAL:
            return answer
        style = self.style
        recalled = self.recall(prompt) if strength >= FULL or self.memorised > 0.5 else None
        if recalled is not None:
            return self._greet(prompt, _body(recalled, style))
        if style.template is not None:
            answer = self._confident(prompt, answer, strength)

            def keeps(rule: str) -> bool:
                return happens(rule_adherence(self.strength_for(with_context, rule)), "rule", rule, prompt)

            return write(style.template, answer, prompt, keeps, (prompt,))
        if strength >= FULL and style.json_keys:
            free_text = next((k for k in style.json_keys if k not in style.json_fixed), style.json_keys[0])
            return json.dumps({k: style.json_fixed.get(k, answer if k == free_text else "") for k in style.json_keys})
        body = answer.strip()
        if strength >= FULL:
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
