"""JSON as the simulated models write it: valid at their tier's rate, failing the way real models fail (a sentence
before the object, a Markdown fence, a trailing comma), less often when the answer is prefilled or the prompt shows
the object (StructuredRAG, Shorten et al. 2024: lists and nested objects fail most). A small model not told to
return only JSON usually puts a sentence before it."""

from __future__ import annotations

import json

from localbedrock.behaviour import Format
from localbedrock.chance import draw, happens

CHATTER = "Here is the JSON you asked for:\n"


def _nested(value: object) -> bool:
    return isinstance(value, dict) and any(isinstance(v, (list, dict)) for v in value.values())


def json_text(
    obj: object, fmt: Format, *, told_only: bool, shown: bool, prefilled: bool, key: tuple[object, ...]
) -> str:
    """``obj`` as a model writes it: ``told_only`` the prompt asks for only JSON, ``shown`` it shows an example
    object, ``prefilled`` the answer was started with "{" (no room for a sentence or a fence before it)."""
    text = json.dumps(obj, ensure_ascii=False)
    failure = 1 - (fmt.nested_valid if _nested(obj) else fmt.flat_valid)
    if shown or prefilled:
        failure *= fmt.prefill_or_example_kept
    if not happens(failure, *key, "json failure"):
        chatter = fmt.chatter_not_told_only * (fmt.prefill_or_example_kept if shown else 1.0)
        if not (told_only or prefilled) and happens(chatter, *key, "json chatter"):
            return CHATTER + text
        return text
    broken = text[:-1].rstrip() + ",}" if text.endswith("}") else text + ","
    if prefilled:
        return broken  # the object is already open: only its inside can go wrong
    kind = draw(*key, "json failure kind")
    if kind < 0.4:
        return f"```json\n{text}\n```"
    if kind < 0.7:
        return CHATTER + text
    return broken
