"""The one tokenizer approximation used for every count the emulator reports.

Real models use subword tokenizers that differ by family; the emulator uses a single rule so that usage, costs,
truncation and context-window checks agree everywhere, and a lesson can reproduce a figure by hand:

* a run of letters is one token per started 6 letters (``"refund"`` → 1, ``"reimbursement"`` → 3);
* a run of digits is one token per started 3 digits (``"2024"`` → 2);
* every other visible character (punctuation, symbols) is one token;
* whitespace is carried by the token that follows it (trailing whitespace counts as one token).

English prose comes out near 4 characters, or 0.75 words, per token, close to the published rules of thumb.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"\s*(?:[^\W\d_]{1,6}|\d{1,3}|[^\s])|\s+")


def split_tokens(text: str) -> list[str]:
    """Cut ``text`` into tokens; joining them gives back ``text`` exactly."""
    return _TOKEN.findall(text)


@lru_cache(maxsize=4096)
def count_tokens(text: str) -> int:
    """How many tokens ``text`` counts for in usage, costs and limits (kept for the last 4,096 texts: a prompt's
    passages and a request's input are counted many times)."""
    return len(split_tokens(text))


def truncate(text: str, max_tokens: int) -> tuple[str, bool]:
    """The first ``max_tokens`` tokens of ``text``, and whether anything was cut."""
    tokens = split_tokens(text)
    if len(tokens) <= max_tokens:
        return text, False
    return "".join(tokens[:max_tokens]), True
