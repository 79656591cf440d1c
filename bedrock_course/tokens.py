"""Counting tokens the way Amazon Bedrock bills them: the CountTokens API of ``bedrock-runtime``.

CountTokens is free and returns the input tokens the same request would report in ``usage``. AWS counts only for some
Anthropic models, named by their bare id (Bedrock User Guide, "Monitor your token usage by counting tokens before
running inference", checked 2026-12-05): Amazon Nova, Titan, Llama and cross-Region profile ids answer a
ValidationException. So the course counts with one Claude model; other families tokenize differently, so treat the
count as an estimate for them (their responses' ``usage`` is exact).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# On AWS's list of models CountTokens counts for, and active on Bedrock as of 2026-12-05. Claude Haiku 4.5 is invoked
# only through an inference profile (us.anthropic...), but CountTokens names it by its bare id and refuses the
# profile's id: it counts, it does not invoke.
COUNTING_MODEL = "anthropic.claude-haiku-4-5-20251001-v1:0"


# A text's count never changes, and evaluations count the same chunks for many questions: ask once per client.
@lru_cache(maxsize=65_536)
def count_tokens(runtime: Any, text: str, model_id: str = COUNTING_MODEL) -> int:
    """The input tokens of one user message holding ``text``, counted by ``runtime`` (a ``bedrock-runtime`` client).
    On AWS the count includes the few tokens that frame a message, so a sum over many texts runs a little high."""
    request = {"converse": {"messages": [{"role": "user", "content": [{"text": text}]}]}}
    return runtime.count_tokens(modelId=model_id, input=request)["inputTokens"]
