"""RetrieveAndGenerate: search results into a prompt template, an answer from a text model, and citations that tie
each sentence of the answer to the results it came from. Conversation turns are kept per session."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from random import Random

from localbedrock.knowledgebases.chunking import sentences
from localbedrock.lexicon import content_terms, term_set
from localbedrock.model import Message, TextRequest, TextResult

SEARCH_RESULTS = "$search_results$"
QUERY = "$query$"
OUTPUT_FORMAT = "$output_format_instructions$"
DEFAULT_TEMPLATE = f"""You are a question answering agent. I will provide you with a set of search results. The \
user will provide you with a question. Your job is to answer the user's question using only information from the \
search results. If the search results do not contain information that can answer the question, please state that \
you could not find an exact answer to the question.

Here are the search results in numbered order:
{SEARCH_RESULTS}

{OUTPUT_FORMAT}"""
OUTPUT_FORMAT_INSTRUCTIONS = "Cite the number of the search result that supports each sentence of your answer."
_MARKER = re.compile(r"\s*\[(\d+)\]")


@dataclass(frozen=True)
class Source:
    """A passage given to the model: its text and what a retrieved reference reports about it."""

    text: str
    uri: str | None = None
    metadata: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Citation:
    """A part of the answer (``text`` at ``start``..``end`` of the output) and the sources it came from."""

    text: str
    start: int
    end: int
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Answer:
    text: str
    citations: tuple[Citation, ...]
    session_id: str
    result: TextResult


def format_results(sources: Sequence[Source]) -> str:
    """The numbered search results the template's ``$search_results$`` becomes."""
    return "\n".join(
        f"<search_result>\n<source>{i}</source>\n<content>{s.text}</content>\n</search_result>"
        for i, s in enumerate(sources, start=1)
    )


def build_request(
    model_id: str,
    query: str,
    sources: Sequence[Source],
    template: str | None,
    history: Sequence[Message],
    inference: dict[str, object] | None = None,
) -> TextRequest:
    """The model request: the filled template as the system prompt and the question as the last user turn (or the
    template alone as that turn when it places ``$query$`` itself)."""
    filled = (template or DEFAULT_TEMPLATE).replace(SEARCH_RESULTS, format_results(sources))
    filled = filled.replace(OUTPUT_FORMAT, OUTPUT_FORMAT_INSTRUCTIONS)
    if QUERY in filled:
        system, turn = (), filled.replace(QUERY, query)
    else:
        system, turn = (filled,), query
    settings = inference or {}
    return TextRequest(
        model_id=model_id,
        messages=(*history, Message("user", turn)),
        system=system,
        max_tokens=settings.get("maxTokens"),  # type: ignore[arg-type]
        temperature=settings.get("temperature"),  # type: ignore[arg-type]
        top_p=settings.get("topP"),  # type: ignore[arg-type]
        stop_sequences=tuple(settings.get("stopSequences") or ()),  # type: ignore[arg-type]
    )


def _supporting(sentence: str, markers: list[int], sources: Sequence[Source]) -> tuple[Source, ...]:
    cited: list[Source] = []
    for n in markers:
        if 1 <= n <= len(sources) and sources[n - 1] not in cited:
            cited.append(sources[n - 1])
    if cited:
        return tuple(cited)
    terms = set(content_terms(sentence))
    if not terms:
        return ()
    scored = [(len(terms & term_set(s.text)) / len(terms), i) for i, s in enumerate(sources)]
    best, i = max(scored, default=(0.0, -1))
    return (sources[i],) if best > 0.5 else ()


def cite(raw: str, sources: Sequence[Source]) -> tuple[str, tuple[Citation, ...]]:
    """The answer without ``[n]`` markers, and a citation per sentence that a source supports (a marker names the
    source; otherwise the source sharing most of the sentence's words)."""
    parts: list[tuple[str, list[int]]] = []
    for sentence in sentences(raw) or [raw]:
        markers = [int(n) for n in _MARKER.findall(sentence)]
        parts.append((_MARKER.sub("", sentence).strip(), markers))
    text, citations, at = "", [], 0
    for clean, markers in parts:
        if not clean:
            continue
        if text:
            text += " "
            at += 1
        text += clean
        supported = _supporting(clean, markers, sources)
        if supported:
            citations.append(Citation(clean, at, at + len(clean), supported))
        at += len(clean)
    return text, tuple(citations)


@dataclass
class Sessions:
    """Conversation history per session id, for follow-up questions."""

    seed: int = 0
    turns: dict[str, list[Message]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._random = Random(self.seed)

    def open(self, session_id: str | None) -> tuple[str, list[Message]]:
        if session_id is None:
            session_id = str(uuid.UUID(int=self._random.getrandbits(128), version=4))
            self.turns[session_id] = []
        return session_id, self.turns[session_id]

    def known(self, session_id: str) -> bool:
        return session_id in self.turns

    def record(self, session_id: str, question: str, answer: str) -> None:
        self.turns[session_id] += [Message("user", question), Message("assistant", answer)]
