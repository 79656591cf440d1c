"""Chunking strategies with Knowledge Bases' semantics, counted in localbedrock's one tokenizer
(:mod:`localbedrock.tokens`).

* default (no ``chunkingConfiguration``): sentences packed into chunks of at most 300 tokens, never cutting a
  sentence unless it alone is longer;
* ``FIXED_SIZE``: windows of ``maxTokens`` tokens; consecutive windows share ``overlapPercentage`` % of them;
* ``HIERARCHICAL``: parent windows (first level's ``maxTokens``) cut into child windows (second level's), both
  overlapping by ``overlapTokens``; children are indexed and a retrieved child is replaced by its parent;
* ``SEMANTIC``: each sentence with ``bufferSize`` neighbours either side is embedded; a chunk ends where the distance
  between consecutive groups is above the ``breakpointPercentileThreshold`` percentile of all distances; chunks longer
  than ``maxTokens`` are packed by sentences;
* ``NONE``: each document is one chunk.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from localbedrock.errors import ValidationError
from localbedrock.reading.text import sentence_spans as text_sentence_spans
from localbedrock.tokens import count_tokens, split_tokens

DEFAULT_MAX_TOKENS = 300
STRATEGIES = ("FIXED_SIZE", "NONE", "HIERARCHICAL", "SEMANTIC")
_MEMBER = {
    "FIXED_SIZE": "fixedSizeChunkingConfiguration",
    "HIERARCHICAL": "hierarchicalChunkingConfiguration",
    "SEMANTIC": "semanticChunkingConfiguration",
}
_TABLE_RULE = re.compile(r"^\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+[ \t]*$")

Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Chunk:
    """A piece of a document to index; ``parent`` is the text a hierarchical child is replaced by in results."""

    text: str
    parent: str | None = None


def validate(config: dict[str, Any] | None) -> None:
    """ValidationError unless ``config`` (a ChunkingConfiguration) is complete and consistent."""
    if not config:
        return
    strategy = config.get("chunkingStrategy")
    member = _MEMBER.get(strategy or "")
    if member and member not in config:
        raise ValidationError(f"{member} must be provided when chunkingStrategy is {strategy}.")
    for other in set(_MEMBER.values()) - {member}:
        if other in config:
            raise ValidationError(f"{other} can only be provided when chunkingStrategy is {_strategy_of(other)}.")
    if strategy == "HIERARCHICAL":
        parent, child = (level["maxTokens"] for level in config[member]["levelConfigurations"])
        if child > parent:
            raise ValidationError("The maxTokens of the child level must not exceed the maxTokens of the parent level.")


def _strategy_of(member: str) -> str:
    return next(s for s, m in _MEMBER.items() if m == member)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Where the sentences (and heading, list or table lines) of ``text`` are, in order: a sentence does not end
    at an abbreviation ("7 a.m. to 11 p.m. Eastern", "e.g.", "No. 4")."""
    return text_sentence_spans(text)


def table_header(text: str, at: int) -> str:
    """The header row and rule of the Markdown table whose body row starts at ``at``, with a line break after
    them; "" when ``at`` is not inside a table's body."""
    line_start = text.rfind("\n", 0, at) + 1
    lines_before = text[:line_start].split("\n")[:-1]
    if not text[line_start:].lstrip().startswith("|") or len(lines_before) < 2:
        return ""
    table: list[str] = []
    for line in reversed(lines_before):
        if not line.lstrip().startswith("|"):
            break
        table.insert(0, line)
    if len(table) >= 2 and _TABLE_RULE.match(table[1].strip()):
        return f"{table[0]}\n{table[1]}\n"
    return ""


def sentences(text: str) -> list[str]:
    """The sentences (and heading or list lines) of ``text``, in order."""
    return [text[a:b] for a, b in sentence_spans(text)]


def token_windows(text: str, max_tokens: int, overlap_tokens: int) -> list[str]:
    """``text`` in windows of ``max_tokens`` tokens; each starts ``max_tokens - overlap_tokens`` after the last."""
    tokens = split_tokens(text)
    stride = max(1, max_tokens - overlap_tokens)
    windows, start = [], 0
    while True:
        window = "".join(tokens[start : start + max_tokens]).strip()
        if window:
            windows.append(window)
        if start + max_tokens >= len(tokens):
            return windows
        start += stride


def pack(text: str, spans: Sequence[tuple[int, int]], max_tokens: int) -> list[str]:
    """Consecutive sentences (``spans`` of ``text``) kept together in chunks of at most ``max_tokens`` tokens, as
    they stand in ``text`` (line breaks included); a sentence longer than that is cut into token windows. A chunk
    that starts inside a table repeats the table's header row, so its rows still say what their cells are."""
    chunks: list[str] = []
    first = last = -1
    size = 0
    header = ""
    for start, end in spans:
        tokens = count_tokens(" " + text[start:end])
        if first >= 0 and size + tokens > max_tokens:
            chunks.append(header + text[first:last])
            first, size = -1, 0
        if tokens > max_tokens:
            chunks.extend(token_windows(text[start:end], max_tokens, 0))
            continue
        if first < 0:
            first = start
            header = table_header(text, start) if chunks else ""
            size = count_tokens(header)
        last = end
        size += tokens
    if first >= 0:
        chunks.append(header + text[first:last])
    return chunks


def _semantic(text: str, settings: dict[str, Any], embed: Embed) -> list[str]:
    spans = sentence_spans(text)
    if len(spans) < 3:
        return pack(text, spans, settings["maxTokens"])
    buffer = settings["bufferSize"]
    groups = [text[spans[max(0, i - buffer)][0] : spans[min(len(spans) - 1, i + buffer)][1]] for i in range(len(spans))]
    vectors = embed(groups)
    distances = 1.0 - np.sum(vectors[:-1] * vectors[1:], axis=1)
    threshold = np.percentile(distances, settings["breakpointPercentileThreshold"])
    chunks: list[str] = []
    start = 0
    for i, distance in enumerate(distances, start=1):
        if distance > threshold:
            chunks.extend(pack(text, spans[start:i], settings["maxTokens"]))
            start = i
    chunks.extend(pack(text, spans[start:], settings["maxTokens"]))
    return chunks


def _with_table_headers(text: str, windows: list[str]) -> list[str]:
    """Windows that start inside a table's body, with the table's header row in front."""
    out, at = [], 0
    for window in windows:
        found = text.find(window, at)
        if found >= 0:
            at = found + 1
        header = table_header(text, found) if found > 0 else ""
        out.append(header + window if header and not window.startswith(header) else window)
    return out


def chunk(text: str, config: dict[str, Any] | None, embed: Embed) -> list[Chunk]:
    """Cut a document into chunks as ``config`` (a ChunkingConfiguration, or None for the default) says."""
    strategy = (config or {}).get("chunkingStrategy")
    if not text.strip():
        return []
    if strategy == "NONE":
        return [Chunk(text.strip())]
    if strategy == "FIXED_SIZE":
        settings = config[_MEMBER[strategy]]  # type: ignore[index]
        overlap = settings["maxTokens"] * settings["overlapPercentage"] // 100
        return [Chunk(t) for t in _with_table_headers(text, token_windows(text, settings["maxTokens"], overlap))]
    if strategy == "HIERARCHICAL":
        settings = config[_MEMBER[strategy]]  # type: ignore[index]
        parent_max, child_max = (level["maxTokens"] for level in settings["levelConfigurations"])
        overlap = settings["overlapTokens"]
        return [
            Chunk(child, parent)
            for parent in token_windows(text, parent_max, overlap)
            for child in token_windows(parent, child_max, min(overlap, child_max - 1))
        ]
    if strategy == "SEMANTIC":
        return [Chunk(t) for t in _semantic(text, config[_MEMBER[strategy]], embed)]  # type: ignore[index]
    return [Chunk(t) for t in pack(text, sentence_spans(text), DEFAULT_MAX_TOKENS)]
