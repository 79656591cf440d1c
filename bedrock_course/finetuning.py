"""Helpers for lesson 5 and lab 5 (fine-tuning) that the lesson uses but does not teach: the Kettlewick Care house
style as a check, the fine-tuning examples with what each one teaches, the broken files' manifest, the facts that
changed after the training snapshot, polling a resource's status, and the loss-curve plot.
"""

from __future__ import annotations

import importlib.util
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from bedrock_course.data import DATA_DIR, FINETUNE_DIR, finetune_path, read_jsonl

BROKEN_DIR = FINETUNE_DIR / "broken"

#: data/README.md: the house style as a regular expression (greeting, one-sentence answer, 2 to 4 numbered steps,
#: at most one "Good to know:" line, the sign-off).
HOUSE_STYLE = re.compile(
    r"Hi (?:[A-Z][a-z]+|there),\n\n[^\n]+\n\nHere is what to do next:\n(?:[1-4]\. [^\n]+\n){2,4}"
    r"(?:\nGood to know: [^\n]+\n)?\nBrew well,\nThe Kettlewick Care team"
)

#: The house style spelled out for a prompt, for a base model that was never trained on it.
STYLE_GUIDE = """Reply in the Kettlewick Care house style: "Hi <first name>," (or "Hi there," when the customer gave
no name), one sentence that answers directly, the line "Here is what to do next:" with 2 to 4 numbered steps, at
most one "Good to know:" line, then "Brew well," and "The Kettlewick Care team" on two lines. No exclamation
marks; at most 130 words."""

_VERSIONED = re.compile(r"^(?P<series>[a-z0-9]+(?:_price)?)_v(?P<version>\d+)(?P<name>_\w+)?$")


def in_house_style(reply: str) -> bool:
    """Whether ``reply`` follows the house style exactly (surrounding whitespace aside)."""
    return HOUSE_STYLE.fullmatch(reply.strip()) is not None


def reply_body(reply: str) -> str:
    """A reply without its greeting line: what replies to paraphrases of one question share."""
    return reply.strip().split("\n", 1)[-1].strip()


@dataclass(frozen=True)
class Example:
    """One fine-tuning example: the customer's message, the house-style reply, the system prompt, and from
    ``finetune/index.jsonl`` its intent and the facts the reply states (keys of ``data/generator/facts.py``)."""

    message: str
    reply: str
    system: str
    intent: str
    facts_used: tuple[str, ...]


def load_examples(split: str) -> list[Example]:
    """The examples of a split ("train" or "validation"), in file order."""
    records = read_jsonl(finetune_path("conversation", split))
    index = [row for row in read_jsonl(FINETUNE_DIR / "index.jsonl") if row["split"] == split]
    return [
        Example(
            message=record["messages"][0]["content"][0]["text"],
            reply=record["messages"][1]["content"][0]["text"],
            system=record["system"][0]["text"],
            intent=row["intent"],
            facts_used=tuple(row["facts_used"]),
        )
        for record, row in zip(records, index, strict=True)
    ]


def load_broken_manifest() -> dict[str, Any]:
    """``finetune/broken/manifest.json``: the problem codes and, per broken file, its format, line and problem."""
    return json.loads((BROKEN_DIR / "manifest.json").read_text(encoding="utf-8"))


@cache
def _facts_module() -> Any:
    path = DATA_DIR / "generator" / "facts.py"
    spec = importlib.util.spec_from_file_location("kettlewick_facts", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(f"no facts table at {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_facts() -> dict[str, str]:
    """Every fact of the corpus by key (``data/generator/facts.py``); versioned facts carry their policy version
    in the key (``ret_v2_window`` is the return window of returns policy version 2)."""
    return dict(_facts_module().FACTS)


FT_SNAPSHOT: str = _facts_module().FT_SNAPSHOT  # the date whose facts the fine-tuning replies state
CORPUS_AS_OF: str = _facts_module().CORPUS_AS_OF  # "today" for the corpus


def changed_facts(keys: list[str] | tuple[str, ...]) -> dict[str, str | None]:
    """The facts among ``keys`` that changed after ``FT_SNAPSHOT``, each with today's value of the same fact (None
    when the new version has no fact of that name, e.g. a fee that was dropped).

    A versioned fact (``ret_v2_window``) changed when a later version of its policy exists that did not yet apply on
    the snapshot date (``ret_v3_date`` after it, or no date given); ``carrier_old`` changed to ``carrier_new``."""
    facts = load_facts()
    snapshot = date.fromisoformat(FT_SNAPSHOT)
    changed: dict[str, str | None] = {}
    for key in keys:
        if key.endswith("_old") and key.removesuffix("_old") + "_new" in facts:
            changed[key] = facts[key.removesuffix("_old") + "_new"]
            continue
        found = _VERSIONED.match(key)
        if found is None:
            continue
        series, name = found["series"], found["name"] or ""
        later = [
            v
            for v in range(int(found["version"]) + 1, 10)
            if f"{series}_v{v}{name}" in facts or f"{series}_v{v}_date" in facts
        ]
        effective = facts.get(f"{series}_v{later[0]}_date") if later else None
        if later and (effective is None or datetime.strptime(effective, "%B %d, %Y").date() > snapshot):
            changed[key] = facts.get(f"{series}_v{later[-1]}{name}")
    return changed


def wait_for(status_of: Callable[[], str], *ready: str, interval: float = 0.05) -> str:
    """Poll ``status_of()`` every ``interval`` seconds until it returns one of ``ready``; that status."""
    while (status := status_of()) not in ready:
        time.sleep(interval)
    return status


def plot_losses(ax: Any, training: list[dict], validation: list[dict], title: str) -> None:
    """Training loss by step and validation loss by epoch (rows of Bedrock's metrics files) on ``ax``, against
    epochs, with the epoch of the lowest validation loss marked."""
    steps_per_epoch = sum(1 for row in training if row["epoch_number"] == training[0]["epoch_number"])
    ax.plot(
        [(int(r["step_number"]) + 1) / steps_per_epoch for r in training],
        [float(r["training_loss"]) for r in training],
        linewidth=0.8,
        alpha=0.8,
        label="training (per step)",
    )
    if validation:
        epochs = [int(r["epoch_number"]) + 1 for r in validation]
        losses = [float(r["validation_loss"]) for r in validation]
        ax.plot(epochs, losses, "o-", label="validation (per epoch)")
        best = losses.index(min(losses))
        ax.axvline(epochs[best], color="grey", linestyle=":", linewidth=1)
    ax.set(title=title, xlabel="epoch", ylabel="loss")
    ax.legend(fontsize=8)
