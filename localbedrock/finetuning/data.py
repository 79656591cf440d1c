"""Training and validation data as Bedrock checks it before a customization job trains: the record format each base
model family takes, per-record length, record counts and file sizes.

Formats (Bedrock User Guide, ``model-customization-prepare``):

* ``conversation`` (Claude 3 Haiku, Nova, Llama chat models): ``{"schemaVersion": "bedrock-conversation-2024",
  "system": [{"text"}], "messages": [{"role", "content": [{"text"}]}, ...]}``, user first, roles alternating, the
  assistant last, no other keys;
* ``prompt_completion`` (Titan Text): ``{"prompt", "completion"}``;
* ``input`` (continued pre-training): ``{"input"}``.

A record may have at most ``record_tokens x 6`` characters (AWS's rule of six characters per token), counted on its
JSON line. The first problem found fails the job with a message naming the file, the line and the problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from localbedrock.catalog import ANTHROPIC, LLAMA3, NOVA, TITAN_TEXT

CONVERSATION_SCHEMA = "bedrock-conversation-2024"
CONVERSATION, PROMPT_COMPLETION, INPUT = "conversation", "prompt_completion", "input"
CHARS_PER_TOKEN = 6
_MB = 1024 * 1024
_KEYS = {
    CONVERSATION: frozenset({"schemaVersion", "system", "messages"}),
    PROMPT_COMPLETION: frozenset({"prompt", "completion"}),
    INPUT: frozenset({"input"}),
}
_REQUIRED = {
    CONVERSATION: ("schemaVersion", "messages"),
    PROMPT_COMPLETION: ("prompt", "completion"),
    INPUT: ("input",),
}
_SHAPES = {
    CONVERSATION: '{"schemaVersion": "bedrock-conversation-2024", "system": [{"text": ...}], "messages": [...]}',
    PROMPT_COMPLETION: '{"prompt": "<input text>", "completion": "<output text>"}',
    INPUT: '{"input": "<text>"}',
}


class DataError(Exception):
    """Training or validation data Bedrock would refuse; the message is the job's ``failureMessage``."""


@dataclass(frozen=True)
class Record:
    """One training example: what the model is shown (``prompt``, ``system``) and what it learns to write
    (``completion``; for continued pre-training, the input text)."""

    prompt: str
    completion: str
    system: str = ""


@dataclass(frozen=True)
class DataLimits:
    """Illustrative quotas of one base model family (AWS's service quotas page has the current ones)."""

    record_tokens: int  # prompt and completion of one record, at batch size 1
    min_train_records: int
    max_train_records: int
    max_validation_records: int = 1_000
    max_train_bytes: int = 1024 * _MB
    max_validation_bytes: int = 100 * _MB
    batched_record_tokens: int | None = None  # a smaller limit when batchSize is above 1 (Titan Text)

    def max_record_chars(self, batch_size: int) -> int:
        tokens = self.record_tokens if batch_size <= 1 or not self.batched_record_tokens else self.batched_record_tokens
        return tokens * CHARS_PER_TOKEN


LIMITS: dict[str, DataLimits] = {
    TITAN_TEXT: DataLimits(4_096, 1, 10_000, batched_record_tokens=2_048),
    ANTHROPIC: DataLimits(32_000, 32, 10_000),
    NOVA: DataLimits(32_000, 8, 20_000),
    LLAMA3: DataLimits(4_096, 1, 10_000),
}
CPT_MAX_TRAIN_BYTES = 10 * 1024 * _MB


def data_format(family: str, customization_type: str) -> str:
    """The record format a job of ``customization_type`` on a base model of ``family`` reads."""
    if customization_type == "CONTINUED_PRE_TRAINING":
        return INPUT
    return PROMPT_COMPLETION if family == TITAN_TEXT else CONVERSATION


def _texts(blocks: Any) -> str | None:
    """The text of a ``[{"text": ...}]`` list (None if it is not one)."""
    if not isinstance(blocks, list) or not all(isinstance(b, dict) and isinstance(b.get("text"), str) for b in blocks):
        return None
    return "\n".join(b["text"] for b in blocks)


def _conversation(record: dict[str, Any]) -> tuple[Record | None, str | None]:
    """A conversation record, or the problem with it."""
    if record["schemaVersion"] != CONVERSATION_SCHEMA:
        return None, f"schemaVersion must be {CONVERSATION_SCHEMA} (got {record['schemaVersion']!r})"
    system = _texts(record.get("system", []))
    messages = record["messages"]
    if system is None or not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
        return None, 'system and messages must be lists of objects with "text" content blocks'
    roles = [m.get("role") for m in messages]
    if not roles or any(role != ("user", "assistant")[i % 2] for i, role in enumerate(roles)):
        return None, "messages must start with a user message and alternate between user and assistant roles"
    if roles[-1] != "assistant":
        return None, "the last message must be from the assistant"
    texts = [_texts(m.get("content")) for m in messages]
    if any(t is None for t in texts):
        return None, 'each message content must be a list of {"text": ...} blocks'
    if not texts[-1].strip():  # type: ignore[union-attr]
        return None, "the assistant's last message (the completion to learn) is empty"
    return Record(prompt=str(texts[-2]), completion=str(texts[-1]), system=system), None


def _record(record: dict[str, Any], fmt: str) -> tuple[Record | None, str | None]:
    keys = set(record)
    if not keys & _KEYS[fmt] and any(keys & k for f, k in _KEYS.items() if f != fmt):
        return None, f"the record must follow the {_SHAPES[fmt]} format"
    if extra := sorted(keys - _KEYS[fmt]):
        return None, f"the field {extra[0]} is not allowed; a record has only {', '.join(sorted(_KEYS[fmt]))}"
    if missing := [k for k in _REQUIRED[fmt] if k not in record]:
        return None, f"the required field {missing[0]} is missing"
    if fmt == CONVERSATION:
        return _conversation(record)
    if not all(isinstance(record[k], str) for k in _REQUIRED[fmt]):
        return None, f"{' and '.join(_REQUIRED[fmt])} must be strings"
    if fmt == INPUT:
        text = record["input"]
        return (Record("", text), None) if text.strip() else (None, "the input is empty")
    if not record["completion"].strip():
        return None, "the completion is empty"
    return Record(record["prompt"], record["completion"]), None


def _line(line: str, fmt: str, max_record_chars: int) -> tuple[Record | None, str | None]:
    """One JSON line as a record, or the problem with it."""
    if len(line) > max_record_chars:
        return None, (
            f"the record is {len(line):,} characters long, more than the {max_record_chars:,} allowed "
            f"({max_record_chars // CHARS_PER_TOKEN:,} tokens x {CHARS_PER_TOKEN} characters)"
        )
    try:
        parsed = json.loads(line)
    except json.JSONDecodeError:
        return None, "the line is not valid JSON"
    if not isinstance(parsed, dict):
        return None, "the line is not a JSON object"
    return _record(parsed, fmt)


def parse_records(uri: str, raw: bytes, fmt: str, max_record_chars: int) -> list[Record]:
    """The records of one JSON Lines file, or DataError naming the first bad line (blank lines are skipped)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DataError(f"Input data at {uri} must be UTF-8 encoded JSON Lines.") from None
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            record, problem = _line(line, fmt, max_record_chars)
            if record is None:
                raise DataError(f"Validation failed for {uri}: line {number}: {problem}.")
            records.append(record)
    return records


def check_size(uri: str, size: int, limit: int) -> None:
    """DataError if a file of ``size`` bytes is over ``limit``."""
    if size > limit:
        raise DataError(f"The file {uri} is {size:,} bytes; the limit is {limit:,} bytes.")


def check_counts(limits: DataLimits, train: int, validation: int | None) -> None:
    """DataError if the record counts are outside the family's quotas."""
    if not limits.min_train_records <= train <= limits.max_train_records:
        raise DataError(
            f"The training data has {train:,} records; it must have from {limits.min_train_records:,} to "
            f"{limits.max_train_records:,}."
        )
    if validation is not None and not 1 <= validation <= limits.max_validation_records:
        raise DataError(
            f"The validation data has {validation:,} records; it must have from 1 to {limits.max_validation_records:,}."
        )
