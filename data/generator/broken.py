"""Deliberately broken fine-tuning files for the dataset-validation exercise, and the manifest of their defects.

Each file holds valid records from the validation split except one line, which has exactly one kind of defect.
The manifest names the file, its format, the defective line (1-based) and the problem code, so a learner's
validator can be graded against it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from finetune import conversation, prompt_completion

#: Bedrock's documented per-record limit: input plus output within 4,096 tokens at about 6 characters per token.
MAX_RECORD_CHARS = 4096 * 6
LINES_PER_FILE = 12

PROBLEMS = {
    "invalid_json": "the line is not valid JSON",
    "wrong_role_order": "messages do not start with a user turn and alternate user/assistant",
    "last_message_not_assistant": "the conversation does not end with an assistant turn",
    "missing_field": "a required field is absent",
    "unexpected_field": "a field the format does not define is present",
    "wrong_schema_version": "schemaVersion is not bedrock-conversation-2024",
    "empty_completion": "the completion (the text to learn) is empty",
    "record_too_long": f"the record is longer than {MAX_RECORD_CHARS} characters (4,096 tokens x 6)",
    "wrong_format": "a prompt/completion record inside a conversation file",
}


def _truncate(record: dict) -> str:
    text = json.dumps(record, ensure_ascii=False)
    return text[: len(text) // 2]


def _assistant_first(record: dict) -> dict:
    # Still alternating and still ending with the assistant: the only defect is who speaks first.
    record["messages"].insert(0, dict(record["messages"][1]))
    return record


def _drop_last(record: dict) -> dict:
    record["messages"].pop()
    return record


def _without(key: str) -> Callable[[dict], dict]:
    def apply(record: dict) -> dict:
        del record[key]
        return record

    return apply


def _with(key: str, value: object) -> Callable[[dict], dict]:
    def apply(record: dict) -> dict:
        record[key] = value
        return record

    return apply


def _too_long(record: dict) -> dict:
    # A customer pasting a long order log: realistic, and well over the per-record limit.
    log = "".join(f"\nOrder KW-{400000 + i}: shipped, delivered, no issues reported." for i in range(420))
    record["prompt"] = record["prompt"].replace(
        "Customer message:\n", "Customer message:\nMy order history:" + log + "\n\n"
    )
    return record


# (file name, format, defective line, problem, how to break a valid record there)
BROKEN = (
    ("bad_json_line.jsonl", "conversation", 7, "invalid_json", _truncate),
    ("wrong_role_order.jsonl", "conversation", 4, "wrong_role_order", _assistant_first),
    ("missing_assistant_turn.jsonl", "conversation", 10, "last_message_not_assistant", _drop_last),
    (
        "wrong_schema_version.jsonl",
        "conversation",
        6,
        "wrong_schema_version",
        _with("schemaVersion", "bedrock-conversion-2024"),
    ),
    ("extra_field.jsonl", "conversation", 2, "unexpected_field", _with("customer_id", "C-20931")),
    ("mixed_formats.jsonl", "conversation", 8, "wrong_format", None),
    ("missing_completion.jsonl", "prompt_completion", 9, "missing_field", _without("completion")),
    ("empty_completion.jsonl", "prompt_completion", 3, "empty_completion", _with("completion", "")),
    ("over_long_record.jsonl", "prompt_completion", 5, "record_too_long", _too_long),
)


def write(out: Path, rows: list[dict]) -> None:
    folder = out / "finetune" / "broken"
    folder.mkdir(parents=True, exist_ok=True)
    valid = [r for r in rows if r["split"] == "validation"][:LINES_PER_FILE]
    manifest = []
    for name, fmt, line, problem, breaker in BROKEN:
        make = conversation if fmt == "conversation" else prompt_completion
        lines = [json.dumps(make(r), ensure_ascii=False) for r in valid]
        target = valid[line - 1]
        if problem == "wrong_format":
            bad = json.dumps(prompt_completion(target), ensure_ascii=False)
        else:
            changed = breaker(make(target))
            bad = changed if isinstance(changed, str) else json.dumps(changed, ensure_ascii=False)
        lines[line - 1] = bad
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        manifest.append({"file": name, "format": fmt, "line": line, "problem": problem, "detail": PROBLEMS[problem]})
    (folder / "manifest.json").write_text(
        json.dumps(
            {
                "max_record_chars": MAX_RECORD_CHARS,
                "lines_per_file": LINES_PER_FILE,
                "problems": PROBLEMS,
                "files": manifest,
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
