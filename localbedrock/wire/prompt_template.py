"""Reading the raw prompts of Llama 3 and Mistral, which carry the conversation in a chat template."""

from __future__ import annotations

import re

from localbedrock.model import Message

_LLAMA_TURN = re.compile(
    r"<\|start_header_id\|>\s*(system|user|assistant)\s*<\|end_header_id\|>(.*?)(?=<\|eot_id\|>|<\|start_header_id\|>|\Z)",
    re.DOTALL,
)
_MISTRAL_TURN = re.compile(r"\[INST\](.*?)\[/INST\]([^\[]*)", re.DOTALL)


def _conversation(turns: list[tuple[str, str]]) -> tuple[tuple[str, ...], tuple[Message, ...]]:
    system = tuple(text for role, text in turns if role == "system")
    messages = tuple(Message(role, text) for role, text in turns if role != "system" and (text or role == "user"))
    return system, messages


def llama3(prompt: str) -> tuple[tuple[str, ...], tuple[Message, ...]]:
    """System texts and turns of a Llama 3 prompt; a prompt without the template is one user turn."""
    turns = [(m.group(1), m.group(2).strip()) for m in _LLAMA_TURN.finditer(prompt)]
    if not turns:
        return (), (Message("user", prompt.replace("<|begin_of_text|>", "").strip()),)
    return _conversation(turns)


def mistral(prompt: str) -> tuple[tuple[str, ...], tuple[Message, ...]]:
    """Turns of a Mistral ``<s>[INST] ... [/INST]`` prompt; without the template, one user turn."""
    turns: list[tuple[str, str]] = []
    for m in _MISTRAL_TURN.finditer(prompt):
        turns.append(("user", m.group(1).strip()))
        reply = m.group(2).replace("</s>", "").replace("<s>", "").strip()
        if reply:
            turns.append(("assistant", reply))
    if not turns:
        return (), (Message("user", prompt.replace("<s>", "").strip()),)
    return _conversation(turns)
