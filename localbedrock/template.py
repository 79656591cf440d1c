"""Reply templates: the layout a house style asks for (greeting, a direct answer, a list of steps under a fixed line,
an optional note, a sign-off), read from a style guide and its example reply or learned from training replies, and
an answer written in it rule by rule.

Which rules a reply keeps is decided by the caller (a prompted model keeps each at its tier's rate, a fine-tuned one
at a rate that grows with training); this module only knows what keeping or breaking a rule looks like.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import groupby

from localbedrock.chance import draw
from localbedrock.lexicon import content_terms, sentences, term_set

RULES = ("greeting", "structure", "sign-off", "banned", "length")
SHARED = 0.6  # a trait shared by this share of replies is part of the style
LIST_ITEM = re.compile(r"^(?:[-*•] |\d+\. )")
_SIGNATURE = re.compile(r"^[A-Z][a-z]+(?: [A-Z][a-z]+)?$")
_NOTE = re.compile(r"^([A-Z][\w ]{2,24}):\s+\S")
_NAMED_GREETING = re.compile(r"^(\w+) ([A-Z][a-z]+),$")
_QUOTED = re.compile(r"[\"“]([^\"”\n]{2,60})[\"”]")
_EXAMPLE_REPLY = re.compile(
    r"^[ \t]*(?:example|sample)[ \t]+(?:reply|response|answer)[ \t]*:[ \t]*\n(.+?)"
    r"(?=^[ \t]*(?:example|sample)[ \t]+[\w ]{0,20}:|\Z)",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)
_STEPS_RANGE = re.compile(r"(\d+)\s*(?:to|-|\u2013)\s*(\d+)\s+(?:numbered\s+)?(?:steps|items|points)", re.IGNORECASE)
_MAX_WORDS = re.compile(r"(?:at most|no more than|under|maximum of)\s+(\d+)\s+words", re.IGNORECASE)
_NO_EXCLAMATION = re.compile(r"\bno exclamation(?: marks?| points?)?\b|\bnever use exclamation", re.IGNORECASE)

# Steps a support reply can always offer when the message gives nothing more specific: what any assistant writes.
GENERIC_STEPS = (
    "Reply to this message with your order number.",
    "Tell us the model of your appliance and when you bought it.",
    "Describe what happened, with a photo if you can.",
    "We will confirm the next steps by email.",
)
_BROKEN_GREETING = ("Hello {name},", "Dear {name},", "Hello,")
_BROKEN_SIGN_OFF = "Best regards,"
_EXCLAIMED = "Thanks for reaching out!"
_PADDING = "If you have any other questions, just reply to this message and we will be glad to help with anything else."


@dataclass(frozen=True)
class Template:
    """A reply layout; a part is None (or empty) when the style does not have it."""

    greeting_word: str | None = None  # "Hi": "Hi <name>," when the message is signed
    greeting: str | None = None  # the greeting otherwise ("Hi there,")
    list_intro: str | None = None  # the line before the steps
    steps: tuple[int, int] = (2, 4)
    numbered: bool = True
    note_prefix: str | None = None  # "Good to know:"
    closing: tuple[str, ...] = ()
    max_words: int | None = None
    no_exclamations: bool = False
    step_lines: tuple[str, ...] = ()  # steps seen in the style's replies, most frequent first

    @property
    def rules(self) -> tuple[str, ...]:
        """The rules this template has, each of which a reply keeps or breaks."""
        has = {
            "greeting": bool(self.greeting_word or self.greeting),
            "structure": self.list_intro is not None,
            "sign-off": bool(self.closing),
            "banned": self.no_exclamations,
            "length": self.max_words is not None,
        }
        return tuple(rule for rule in RULES if has[rule])


def signature(message: str) -> str | None:
    """The first name a message is signed with (``Thanks,\\nRosa`` → Rosa), if it is signed."""
    lines = message.strip().splitlines()
    index = signed_line(lines)
    return lines[index].split()[0] if index is not None else None


def signed_line(lines: list[str]) -> int | None:
    """The index of the signature line: the last line of one or two capitalised words, after the first line and
    before nothing but a prompt template's closing instruction (a line ending with a colon)."""
    for index in range(len(lines) - 1, 0, -1):
        line = lines[index].strip()
        if _SIGNATURE.match(line):
            return index
        if line and not line.endswith(":"):
            return None
    return None


def _lines(reply: str) -> list[str]:
    return [ln.strip() for ln in reply.strip().splitlines() if ln.strip()]


def closing_lines(lines: list[list[str]]) -> tuple[str, ...]:
    """The last lines most replies (each a list of its lines) end with: a sign-off, never list items (content)."""
    best: tuple[str, ...] = ()
    for size in (1, 2, 3):
        tails = Counter(
            tuple(ls[-size:]) for ls in lines if len(ls) > size and not any(LIST_ITEM.match(ln) for ln in ls[-size:])
        )
        if tails:
            tail, count = tails.most_common(1)[0]
            if count >= SHARED * len(lines):
                best = tail
    return best


def shared_value(values: Sequence[str | None], total: int, share: float = SHARED) -> str | None:
    """The most common value when at least ``share`` of ``total`` replies have it, else None."""
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    value, count = counted.most_common(1)[0]
    return value if count >= share * total else None


def learn_template(pairs: Sequence[tuple[str, str]]) -> Template | None:
    """The layout most ``(message, reply)`` pairs' replies share, or None when they share no letter-like frame
    (neither a greeting nor a sign-off)."""
    if not pairs:
        return None
    total = len(pairs)
    lines = [_lines(reply) for _, reply in pairs]
    firsts = [ls[0] if ls else "" for ls in lines]
    named = []
    for first, (message, _) in zip(firsts, pairs, strict=True):
        found = _NAMED_GREETING.match(first)
        named.append(found.group(1) if found and found.group(2) == signature(message) else None)
    openers = [n or (f.split()[0] if f.endswith(",") else None) for n, f in zip(named, firsts, strict=True)]
    word = shared_value(openers, total)
    plain = Counter(f for n, f in zip(named, firsts, strict=True) if not n and f.endswith(","))
    closing = closing_lines(lines)
    if not word and not closing:
        return None
    intros, counts, items, notes = [], [], Counter(), []
    for ls in lines:
        at = next((i for i, ln in enumerate(ls) if LIST_ITEM.match(ln)), None)
        listed = [LIST_ITEM.sub("", ln) for ln in ls if LIST_ITEM.match(ln)]
        intros.append(ls[at - 1] if at and ls[at - 1].endswith(":") else None)
        if listed:
            counts.append(len(listed))
            items.update(listed)
        notes.append(next((m.group(1) + ":" for ln in ls[1:] if (m := _NOTE.match(ln)) and ln not in closing), None))
    intro = shared_value(intros, total)
    words = sorted(len(reply.split()) for _, reply in pairs)
    numbered = sum(bool(re.match(r"\d", ln)) for ls in lines for ln in ls if LIST_ITEM.match(ln))
    return Template(
        greeting_word=word if any(named) else None,
        greeting=plain.most_common(1)[0][0] if word and plain else None,
        list_intro=intro,
        steps=(min(counts), max(counts)) if intro and counts else (2, 4),
        numbered=numbered * 2 >= sum(counts),
        note_prefix=shared_value([n for n in notes if n != intro], total, 0.15),
        closing=closing,
        max_words=words[int(0.9 * (len(words) - 1))] if total > 1 else None,
        no_exclamations=not any("!" in reply for _, reply in pairs),
        step_lines=tuple(item for item, _ in items.most_common(40)),
    )


def _from_guide(guide: str, example: Template | None) -> Template | None:
    """The layout a style guide spells out in quoted lines ("Hi <first name>," ... "Brew well,"), completed by its
    example reply's layout where the guide is silent."""
    quoted = [q.strip() for q in _QUOTED.findall(guide)]
    greeting_word = greeting = intro = note = None
    closing: list[str] = []
    for q in quoted:
        named = re.fullmatch(r"(\w+) <[^>]+>,", q)
        if named:
            greeting_word = named.group(1)
        elif greeting_word and q.startswith(greeting_word + " ") and q.endswith(","):
            greeting = q
        elif q.endswith(":") and intro is None and _STEPS_RANGE.search(guide[guide.find(q) :][:80]):
            intro = q
        elif q.endswith(":"):
            note = q
        elif intro or closing:
            closing.append(q)
    steps = _STEPS_RANGE.search(guide)
    max_words = _MAX_WORDS.search(guide)
    if not (greeting_word or closing or intro):
        return example
    base = example or Template()
    return Template(
        greeting_word=greeting_word or base.greeting_word,
        greeting=greeting or base.greeting,
        list_intro=intro or base.list_intro,
        steps=(int(steps.group(1)), int(steps.group(2))) if steps else base.steps,
        numbered=bool(re.search(r"\bnumbered\b", guide, re.I)) or base.numbered,
        note_prefix=note or base.note_prefix,
        closing=tuple(closing) or base.closing,
        max_words=int(max_words.group(1)) if max_words else base.max_words,
        no_exclamations=bool(_NO_EXCLAMATION.search(guide)) or base.no_exclamations,
        step_lines=base.step_lines,
    )


@lru_cache(maxsize=256)
def template_in_prompt(system: str) -> tuple[Template | None, bool]:
    """The house style a system prompt asks for, and whether it shows an example reply."""
    if '"' not in system and "“" not in system and not re.search(r"example|sample", system, re.I):
        return None, False  # the common case, decided cheaply
    shown = _EXAMPLE_REPLY.search(system)
    example = None
    if shown:
        reply = shown.group(1).strip()
        before = system[: shown.start()]
        message = re.split(r"(?:example|sample)[ \t]+[\w ]{0,20}message[ \t]*:", before, flags=re.I)[-1]
        example = learn_template([(message.strip(), reply)])
    guide = system[: shown.start()] if shown else system
    return _from_guide(guide, example), example is not None


def _steps(template: Template, message: str, key: tuple[object, ...]) -> list[str]:
    """Steps for ``message``: the style's own steps that share its words first, then generic ones."""
    low, high = template.steps
    count = low + int(draw(*key, "step count") * (high - low + 1))
    terms = set(content_terms(message))
    candidates = list(dict.fromkeys((*template.step_lines, *GENERIC_STEPS)))

    # Ranked by (shared words, own before generic, a draw per step); the draws are taken only where they order
    # steps that make the cut (a draw depends on its key alone, so the steps kept are the same).
    def rank(step: str) -> tuple[int, bool]:
        return -len(terms & term_set(step)), step not in GENERIC_STEPS

    ranked: list[str] = []
    for _, group in groupby(sorted(candidates, key=rank), key=rank):
        if len(ranked) >= count:
            break
        ranked += sorted(group, key=lambda s: draw(*key, "step", s))
    return ranked[:count]


def write(template: Template, answer: str, message: str, keeps: Callable[[str], bool], key: tuple[object, ...]) -> str:
    """``answer`` written in ``template`` for ``message``; ``keeps(rule)`` says whether each rule is kept."""
    said = [s for s in sentences(answer.replace("\n", " ")) if s.strip()] or [answer.strip()]
    name = signature(message)
    parts: list[str] = []
    if template.greeting_word or template.greeting:
        if keeps("greeting"):
            greeting = f"{template.greeting_word} {name}," if template.greeting_word and name else template.greeting
            greeting = greeting or f"{template.greeting_word} there,"
        else:
            pick = _BROKEN_GREETING[int(draw(*key, "broken greeting") * len(_BROKEN_GREETING))]
            greeting = pick.format(name=name) if name or "{name}" not in pick else "Hello,"
        parts.append(greeting)
    first = said[0]
    if template.no_exclamations and not keeps("banned"):
        first = f"{_EXCLAIMED} {first}"
    elif template.no_exclamations:
        first = first.replace("!", ".")
    parts.append(first)
    if template.list_intro is not None:
        steps = _steps(template, message, key)
        structured = keeps("structure")
        marks = [f"{i}. " if structured and template.numbered else "- " for i in range(1, len(steps) + 1)]
        listed = "\n".join(m + s for m, s in zip(marks, steps, strict=True))
        parts.append(f"{template.list_intro}\n{listed}" if structured else listed)
    if template.note_prefix and len(said) > 1 and draw(*key, "note") < 0.5:
        parts.append(f"{template.note_prefix} {said[1]}")
    if template.max_words is not None and not keeps("length"):
        parts.append(" ".join([*said[1:3], _PADDING]))
    if template.closing:
        closing = template.closing if keeps("sign-off") else (_BROKEN_SIGN_OFF, *template.closing[1:])
        parts.append("\n".join(closing))
    return "\n\n".join(parts)
