"""The simulated text model: deterministic answers shaped by what the prompt gives and asks.

No language model runs. An answer is assembled from the prompt's own material, in this order:

1. few-shot examples with short outputs: the label of the most similar example (imitation);
2. passages in the prompt: the passage sentences most relevant to the question, with ``[ref]`` citations when
   asked (grounding); when no passage is relevant, the prompt's own "say ..." fallback or a plain "not in the
   context" reply;
3. no passages: a fact from the model's pre-training knowledge, as of its cutoff (possibly stale), else a hedge
   that names the cutoff (never a private fact);
4. otherwise a simple task reply (greeting, summary, sentiment, a generic acknowledgement).

The instructions found in the prompt (JSON keys, bullets, sentence and word limits, case, prefix/suffix, tone) are then
applied. A model follows at most ``INSTRUCTION_CAPACITY[tier]`` of them, those asked first, and a tier-1 model puts
a sentence before JSON unless told to return only JSON: lower tiers follow complex instructions less reliably,
deterministically. Temperature above 0 picks among equivalent phrasings with a seed derived from the request, so
identical requests give identical answers.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from localbedrock.behaviour import Behaviour, behaviour_of
from localbedrock.catalog import ModelProfile
from localbedrock.chance import draw, happens
from localbedrock.errors import ValidationError
from localbedrock.extraction import extract_field
from localbedrock.formatting import json_text
from localbedrock.knowledge import GENERAL_KNOWLEDGE, Knowledge, plausible_guess
from localbedrock.labels import choose_label, label_evidence, labels_offered
from localbedrock.lexicon import STOP_WORDS, content_terms, sentences, words
from localbedrock.model import END_TURN, MAX_TOKENS, STOP_SEQUENCE, TOOL_USE, TextRequest, TextResult
from localbedrock.prompt import Example, Instructions, Prompt, read_prompt
from localbedrock.reading import read
from localbedrock.template import Template, template_in_prompt, write
from localbedrock.tokens import count_tokens, truncate
from localbedrock.tools import choose_tool

INSTRUCTION_CAPACITY = {1: 2, 2: 4, 3: 100}
# An instruction to answer only from what is given, or to say "I don't know", makes a model hedge more (reference:
# docs/model-behaviour.md, "Closed-book answers").
_ABSTAIN_ASKED = re.compile(
    r"\b(?:say|answer|reply|respond)(?: with)?\s*(?:that\s+)?[\"'“]?(?:you|I) (?:don't|do not|can't|cannot) know"
    r"|\bonly (?:from|use|using|on|with|based on)\b[^.\n]{0,40}\b(?:context|documents?|information|passages?|"
    r"sources?|given|provided)|\bif you (?:don't|do not) know\b|\b(?:do not|don't|never) (?:guess|make up|invent)",
    re.IGNORECASE,
)
HEDGE = re.compile(r"^I (?:don't have reliable information|'m not able to confirm|don't know the specifics)")
DEFAULT_TEMPERATURE = 0.7
_ARITHMETIC = re.compile(r"(-?\d+(?:\.\d+)?)\s*([-+*/x\u00d7\u00f7])\s*(-?\d+(?:\.\d+)?)")
_REQUEST_VERB = re.compile(
    r"\b(?:write|draft|compose|create|generate|give me|list|describe|explain|suggest|propose|translate)\s+(?:me\s+)?"
    r"([^.!?\n]{3,80})",
    re.IGNORECASE,
)
_CLASSIFY = re.compile(r"\b(?:classify|categori[sz]e|label|tag|which (?:category|label))")
_OPTIONS = re.compile(r"\b(?:as|into|one of|from|categories|labels)\s*:?\s*((?:[\w-]+\s*,\s*)+(?:or\s+)?[\w-]+)", re.I)
_POSITIVE, _NEGATIVE = content_terms("good")[0], content_terms("bad")[0]
_TONE_OPENERS = {
    "pirate": "Arr, matey! ",
    "enthusiastic": "Great question! ",
    "cheerful": "Happy to help! ",
    "friendly": "Happy to help! ",
    "playful": "Ooh, fun one! ",
    "empathetic": "I understand, and I'm sorry for the trouble. ",
    "formal": "Thank you for your enquiry. ",
    "professional": "Thank you for your question. ",
}


class Phrasing:
    """Chooses among equivalent phrasings: always the first at temperature 0, else seeded by the request."""

    def __init__(self, request: TextRequest) -> None:
        temperature = DEFAULT_TEMPERATURE if request.temperature is None else request.temperature
        varied = temperature > 0 and (request.top_p is None or request.top_p > 0.1)
        seed = hashlib.sha256(repr(request).encode()).digest()
        self._rng = random.Random(seed) if varied else None

    def pick(self, options: Sequence[str]) -> str:
        return options[0] if self._rng is None else self._rng.choice(options)


def request_input_tokens(request: TextRequest) -> int:
    """Input tokens of a request: every text of the system prompt, the messages and their documents, and the tool
    definitions (name, description and JSON schema)."""
    texts = list(request.system)
    texts += [f"{t.name} {t.description} {json.dumps(t.input_schema)}" for t in request.tools]
    for message in request.messages:
        texts.append(message.text)
        texts.extend(d.text for d in message.documents)
    return sum(count_tokens(t) for t in texts)


def _month(day: date | None) -> str:
    return day.strftime("%B %Y") if day else "an unknown date"


def _topic(query: str) -> str:
    names = re.findall(r"(?<![.?!]\s)(?<!^)\b([A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*)", query.strip())
    names = [n.removesuffix("'s") for n in names if len(n) > 1 and n.lower() not in STOP_WORDS]
    if names:
        return names[0]
    kept = [w for w in re.findall(r"[\w'-]+", query) if w.lower() not in STOP_WORDS]
    return " ".join(kept[:6]) or "that"


def _sentiment(text: str) -> str:
    terms = content_terms(text)
    score = terms.count(_POSITIVE) - terms.count(_NEGATIVE)
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"


class SimulatedTextModel:
    """The default :class:`~localbedrock.model.TextModel` backend for every catalogue text model."""

    def __init__(
        self,
        profile: ModelProfile,
        knowledge: Knowledge = GENERAL_KNOWLEDGE,
        rules: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.profile = profile
        self.knowledge = knowledge
        # Scripted replies: the first pattern found in the last user turn gives the whole answer.
        self.rules = [(re.compile(pattern, re.IGNORECASE), reply) for pattern, reply in rules]

    def generate(self, request: TextRequest) -> TextResult:
        profile = self.profile
        max_tokens = profile.default_max_tokens if request.max_tokens is None else request.max_tokens
        if max_tokens > profile.max_output_tokens:
            raise ValidationError(
                f"The maximum tokens you requested exceeds the model limit of {profile.max_output_tokens}. "
                f"Try again with a maximum tokens value that is lower than {profile.max_output_tokens}."
            )
        input_tokens = request_input_tokens(request)
        if input_tokens > profile.context_window:
            raise ValidationError("Input is too long for requested model.")

        last_turn = request.messages[-1].text if request.messages else ""
        scripted = next((reply for pattern, reply in self.rules if pattern.search(last_turn)), None)
        if scripted is not None:
            return self._finish(scripted, request, max_tokens, input_tokens)
        prefill = ""
        reading = request
        if len(request.messages) > 1 and request.messages[-1].role == "assistant":
            # A prefilled answer ("{" to force JSON): read the conversation up to the user's turn, then continue.
            prefill = request.messages[-1].text
            reading = replace(request, messages=request.messages[:-1])
        prompt, phrasing = read_prompt(reading), Phrasing(request)
        call = None if prefill else choose_tool(request, prompt.query)
        if call is not None:
            text = phrasing.pick((f"I'll use the {call.name} tool.", f"Let me call {call.name}."))
            output_tokens = count_tokens(text) + count_tokens(json.dumps(call.input))
            return TextResult(
                text=text,
                stop_reason=TOOL_USE,
                input_tokens=input_tokens,
                output_tokens=output_tokens,
                latency_ms=profile.latency.latency_ms(input_tokens, output_tokens),
                tool_calls=(call,),
            )
        full = self.compose(prompt, phrasing, (profile.model_id, request.system, last_turn), bool(prefill))
        if prefill and full.lstrip().startswith(prefill.strip()):
            full = full.lstrip()[len(prefill.strip()) :]
        return self._finish(full, request, max_tokens, input_tokens)

    def _finish(self, full: str, request: TextRequest, max_tokens: int, input_tokens: int) -> TextResult:
        """Apply maxTokens and stop sequences to a complete answer, and count it."""
        text, stop_reason, matched = _apply_stops(full, max_tokens, request.stop_sequences)
        output_tokens = count_tokens(text)
        return TextResult(
            text=text,
            stop_reason=stop_reason,
            input_tokens=input_tokens,
            output_tokens=output_tokens,
            latency_ms=self.profile.latency.latency_ms(input_tokens, output_tokens),
            stop_sequence=matched,
        )

    # -- composing the answer -------------------------------------------------------------------------------------

    def compose(self, prompt: Prompt, phrasing: Phrasing, key: tuple[object, ...] = (), prefilled: bool = False) -> str:
        """The complete answer before maxTokens and stop sequences; ``key`` names the request for seeded draws,
        ``prefilled``: the request started the answer (with "{" for JSON)."""
        behaviour = behaviour_of(self.profile)
        label = _imitated_label(prompt.examples, prompt.query, behaviour.classification.label_sense)
        if label is not None:
            return label
        instructions = _within_capacity(prompt.instructions, self.profile.tier)
        body, refs = self._body(prompt, instructions, phrasing, behaviour, key)
        template, shown = template_in_prompt(prompt.system)
        if template is not None and instructions.json_keys is None:
            return _in_template(template, shown, " ".join(body), prompt, behaviour, key)
        rendered = _render(body, refs, prompt, instructions, behaviour, key, prefilled)
        return _imitate_style(rendered, prompt.examples)

    def _body(
        self,
        prompt: Prompt,
        instructions: Instructions,
        phrasing: Phrasing,
        behaviour: Behaviour,
        key: tuple[object, ...],
    ) -> tuple[list[str], list[str]]:
        if prompt.passages:
            return _grounded(prompt, instructions, self.profile, phrasing)
        fact = self.knowledge.lookup(prompt.query, self.profile.knowledge_cutoff)
        if fact is not None:
            body = [fact.answer]
            if self.profile.tier >= 2 and self.knowledge.changes(fact):
                body.append(f"This reflects my training data, which ends in {_month(self.profile.knowledge_cutoff)}.")
            return body, []
        guess = _closed_book_guess(prompt, instructions, behaviour, key)
        if guess is not None:
            return [guess], []
        return _task_reply(prompt, self.profile, phrasing), []


def _closed_book_guess(
    prompt: Prompt, instructions: Instructions, behaviour: Behaviour, key: tuple[object, ...]
) -> str | None:
    """A confident generic answer to a question the model cannot know, at its tier's rate (lower when told to
    abstain), else None: the model hedges."""
    query = prompt.query.strip()
    if not (query.endswith("?") or re.match(r"(?:what|who|when|where|which|how|why)\b", query, re.I)):
        return None
    told = instructions.not_found_reply is not None or _ABSTAIN_ASKED.search(f"{prompt.system}\n{prompt.task_text}")
    rate = behaviour.closed_book.guess_told_to_abstain if told else behaviour.closed_book.guess
    if not happens(rate, *key, "closed-book guess"):
        return None
    return plausible_guess(query, draw(*key, "which guess"))


def _in_template(
    template: Template, shown: bool, answer: str, prompt: Prompt, behaviour: Behaviour, key: tuple[object, ...]
) -> str:
    """``answer`` in the house style the system prompt asks for, each rule kept at the tier's rate: lower without an
    example reply, for long messages, for long retrieved context (the guide is far from where the model writes) and
    for messages unlike the example (several questions, unsigned)."""
    style = behaviour.style
    message = prompt.task_text
    unusual = message.count("?") > 1 or not re.search(r"\n\s*[A-Z][a-z]+\s*$", message.strip())
    context_words = sum(len(p.text.split()) for p in prompt.passages)
    rate = (
        style.rule
        - (0.0 if shown else style.guide_only)
        - style.long_input * (min(1.0, len(message.split()) / 150) + min(1.0, context_words / 600))
        - (style.unusual_input if unusual else 0.0)
    )
    return write(template, answer, message, lambda rule: happens(rate, *key, "style rule", rule), key)


def _imitated_label(examples: list[Example], query: str, sense: bool) -> str | None:
    """When the examples' outputs are short labels, the label whose examples are most like ``query``; a model with
    ``sense`` also weighs what each label means (few-shot helps small models most, and capable ones still gain)."""
    if len(examples) < 2 or any(len(e.output.split()) > 4 or e.output.rstrip()[-1:] in ".!?" for e in examples):
        return None  # labels are a few words without sentence punctuation; "Sure!" or "Of course." are chat
    if query.rstrip().endswith("?"):
        return None  # a question is answered; the examples can still shape the format
    query_terms = set(content_terms(query))

    def similarity(example: Example) -> float:
        terms = set(content_terms(example.input))
        return len(terms & query_terms) / (len(terms | query_terms) or 1)

    outputs = list(dict.fromkeys(e.output for e in examples))
    nearest = {o: max(similarity(e) for e in examples if e.output == o) for o in outputs}
    meaning = {o: label_evidence(o, query, sense) for o in outputs}
    most = max(meaning.values())
    return max(outputs, key=lambda o: nearest[o] + (0.4 if sense else 0.05) * meaning[o] / (most + 1))


def _common_affixes(outputs: list[str]) -> tuple[str, str]:
    """The words every output starts with and the last line every output ends with."""
    split = [o.split() for o in outputs]
    prefix: list[str] = []
    for column in zip(*split, strict=False):
        if len(set(column)) != 1:
            break
        prefix.append(column[0])
    last_lines = {o.strip().splitlines()[-1] for o in outputs if o.strip()}
    suffix = last_lines.pop() if len(last_lines) == 1 and len(outputs[0].strip().splitlines()) > 1 else ""
    return " ".join(prefix), suffix


def _imitate_style(text: str, examples: list[Example]) -> str:
    """Answers shaped like the examples' outputs: their shared opening words and sign-off, their case."""
    if len(examples) < 2 or text.lstrip().startswith("{"):
        return text
    outputs = [e.output for e in examples]
    prefix, suffix = _common_affixes(outputs)
    if all(o == o.lower() for o in outputs):
        text = text.lower()
    if prefix.endswith(":") and not text.startswith(prefix):  # a label such as "Answer:", not a shared first word
        text = f"{prefix} {text}"
    if suffix and not text.endswith(suffix):
        text = f"{text}\n{suffix}"
    return text


def _within_capacity(found: Instructions, tier: int) -> Instructions:
    capacity = INSTRUCTION_CAPACITY[tier]
    ignored = sorted(found.positions, key=found.positions.__getitem__)[capacity:]
    kept = Instructions(**{k: v for k, v in vars(found).items() if k != "positions"})
    defaults = Instructions()
    for name in ignored:
        key = "json_keys" if name == "json" else name
        setattr(kept, key, getattr(defaults, key))
    return kept


def _grounded(
    prompt: Prompt, instructions: Instructions, profile: ModelProfile, phrasing: Phrasing
) -> tuple[list[str], list[str]]:
    results = [p for p in prompt.passages if p.tool_result]
    if results:
        opener = phrasing.pick(("", "According to the tool result, "))
        body = [s for p in results for s in sentences(p.text)]
        if opener and body:
            body[0] = opener + body[0]
        return body, [p.ref for p in results for _ in sentences(p.text)]
    wanted = max(instructions.bullets or 0, instructions.sentences or 0)
    reading = read(prompt.passages, prompt.query, f"{prompt.system}\n{prompt.task_text}", profile, wanted)
    if reading.abstained:
        if instructions.not_found_reply:
            return [instructions.not_found_reply], []
        return [
            phrasing.pick(
                (
                    f"The provided context does not contain information about {_topic(prompt.query)}.",
                    f"I could not find anything about {_topic(prompt.query)} in the provided documents.",
                )
            )
        ], []
    opener = phrasing.pick(("", "According to the provided documents, ", "Based on the context, "))
    body = list(reading.sentences)
    if opener and body:
        first, _, rest = body[0].partition(" ")
        body[0] = f"{opener}{first.lower() if first.lower() in STOP_WORDS else first} {rest}"
    return body, list(reading.refs)


def _task_reply(prompt: Prompt, profile: ModelProfile, phrasing: Phrasing) -> list[str]:
    task = prompt.task_text.strip()
    lowered = task.lower()
    if re.fullmatch(r"(?:hi|hello|hey|good (?:morning|afternoon|evening))\b[\s!.,]*\w*[\s!.]*", lowered):
        name = re.match(r"([A-Z][a-z]+)\b", prompt.instructions.persona or "")
        intro = f"I'm {name.group(1)}. " if name else ""
        return [f"Hello! {intro}How can I help you today?"]
    if re.search(r"\bsummar(?:y|ise|ize)", lowered):
        material = task.split(":", 1)[1] if ":" in task else task
        picked = [s for s in sentences(material) if not re.search(r"\bsummar", s, re.I)]
        return picked[:2] or [f"This text is about {_topic(task)}."]
    arithmetic = _ARITHMETIC.search(prompt.query)
    if arithmetic:
        return [_calculate(*arithmetic.groups())]
    if re.search(r"\bsentiment\b|positive or negative", lowered):
        material = task.split(":", 1)[1] if ":" in task else task
        return [_sentiment(material).capitalize() + "."]
    options = _OPTIONS.search(task) if _CLASSIFY.search(lowered) else None
    if options:
        labels = re.split(r"\s*,\s*(?:or\s+)?|\s+or\s+", options.group(1))
        sense = behaviour_of(profile).classification.label_sense
        return [choose_label([o.strip() for o in labels if o.strip()], task.replace(options.group(0), " "), sense)]
    if prompt.query.rstrip().endswith("?") or re.match(r"(?:what|who|when|where|which|how|why)\b", lowered):
        cutoff = _month(profile.knowledge_cutoff)
        topic = _topic(prompt.query)
        return [
            phrasing.pick(
                (
                    f"I don't have reliable information about {topic}.",
                    f"I'm not able to confirm details about {topic}.",
                    f"I don't know the specifics of {topic}.",
                )
            ),
            f"My training data ends in {cutoff} and I cannot see private or more recent sources, "
            "so please check an up-to-date official source.",
        ]
    request = _REQUEST_VERB.search(task)
    subject = request.group(1).strip().rstrip(".!") if request else _topic(task)
    return [
        phrasing.pick((f"Here is {subject}.", f"Sure, here is {subject}.", f"Certainly! Here is {subject}.")),
        "(A simulated model writes no new text beyond what the prompt provides.)",
    ]


def _calculate(left: str, operator: str, right: str) -> str:
    a, b = float(left), float(right)
    results = {"+": a + b, "-": a - b, "*": a * b, "x": a * b, "\u00d7": a * b}
    value = results.get(operator, a / b if b else float("nan"))
    shown = int(value) if value == int(value) else round(value, 6)
    return f"{left} {operator} {right} = {shown}."


def _json_value(key: str, body: list[str], refs: list[str], prompt: Prompt, sense: bool) -> object:
    k = key.lower()
    answer = " ".join(body)
    extracted = extract_field(k, prompt.task_text)
    if extracted is not None and not re.search(r"answer|summary|response|reply", k):
        return extracted
    if re.search(r"label|category|class|intent|topic|department|queue", k):
        options = labels_offered(f"{prompt.system}\n{prompt.task_text}")
        if options:
            return choose_label(options, prompt.query, sense)
    if re.search(r"sentiment|label|category|class|polarity", k):
        return _sentiment(prompt.task_text)
    if re.search(r"source|citation|reference|ref", k):
        return list(dict.fromkeys(refs))
    if re.search(r"confidence|score|probability", k):
        return 0.9 if refs else 0.5
    if re.search(r"keyword|tag|topic", k):
        return list(dict.fromkeys(w for w in words(prompt.query) if w not in STOP_WORDS))[:5]
    if re.search(r"title|subject|headline", k):
        return _topic(prompt.query).capitalize()
    if re.search(r"urgen|priority", k):
        return "high" if re.search(r"urgent|asap|immediately|broken|outage", prompt.task_text, re.I) else "medium"
    if re.search(r"language|lang", k):
        return "en"
    return answer


def _limit_words(text: str, limit: int) -> str:
    kept = text.split()[:limit]
    return " ".join(kept).rstrip(",;:") + ("" if kept and kept[-1][-1] in ".!?" else ".")


def _render(
    body: list[str],
    refs: list[str],
    prompt: Prompt,
    ins: Instructions,
    behaviour: Behaviour,
    key: tuple[object, ...],
    prefilled: bool,
) -> str:
    if ins.cite and refs:
        body = [f"{s} [{r}]" for s, r in zip(body, refs, strict=False)] + body[len(refs) :]
    if ins.json_keys is not None:
        keys = ins.json_keys or ("answer",)
        sense = behaviour.classification.label_sense
        obj = {k: _json_value(k, body, refs, prompt, sense) for k in keys}
        shown = bool(re.search(r"\{[^{}]*[\"']\w+[\"']\s*:", f"{prompt.system}\n{prompt.task_text}"))
        return json_text(obj, behaviour.format, told_only=ins.json_only, shown=shown, prefilled=prefilled, key=key)

    parts = [s for text in body for s in sentences(text)] or body
    if ins.sentences is not None:
        parts = parts[: ins.sentences]
    if ins.tone in _TONE_OPENERS and parts and not parts[0].startswith("Hello"):
        parts[0] = _TONE_OPENERS[ins.tone] + parts[0]
    elif ins.tone in ("concise", "terse", "brief"):
        parts = parts[:1]
    if ins.bullets is not None:
        count = ins.bullets or len(parts)
        items = parts[:count]
        text = "\n".join(f"- {item}" for item in items)
    else:
        text = " ".join(parts)
    if ins.max_words is not None and len(text.split()) > ins.max_words:
        text = _limit_words(text, ins.max_words)
    if ins.uppercase:
        text = text.upper()
    if ins.prefix:
        text = f"{ins.prefix} {text}"
    if ins.suffix:
        text = f"{text}\n{ins.suffix}"
    return text


def _apply_stops(text: str, max_tokens: int, stop_sequences: Sequence[str]) -> tuple[str, str, str | None]:
    cut, matched = len(text), None
    for seq in stop_sequences:
        at = text.find(seq) if seq else -1
        if 0 <= at < cut:
            cut, matched = at, seq
    shown, truncated = truncate(text[:cut], max_tokens)
    if truncated:
        return shown, MAX_TOKENS, None
    if matched is not None:
        return shown, STOP_SEQUENCE, matched
    return shown, END_TURN, None
