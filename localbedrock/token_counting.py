"""Which models the CountTokens API counts for.

AWS Bedrock User Guide, "Monitor your token usage by counting tokens before running inference" (checked
2026-12-05): CountTokens supports Anthropic Claude models named by their bare foundation-model id (Claude 3.5 Haiku,
3.5 Sonnet, 3.5 Sonnet v2, 3.7 Sonnet, Sonnet 4, Opus 4, and the later 4.x models); cross-region inference profile
ids, Amazon Nova and the other providers' models answer ``ValidationException: The provided model doesn't support
counting tokens.`` Claude 3 Haiku is not on AWS's list. A model AWS invokes only through an inference profile
(Claude Haiku 4.5, Sonnet 4.5) is counted under its bare id and refused under the profile's (a live probe recorded
in Boise-State-Development/agentcore-public-stack PR #430, 2026-06-03; pydantic/pydantic-ai issue #4001). The count
is the input-token count the same request reports in usage, and CountTokens is free.
"""

from __future__ import annotations

from datetime import date

from localbedrock.errors import ValidationError

COUNT_TOKENS_FACTS_AS_OF = date(2026, 12, 5)
NOT_COUNTED = "The provided model doesn't support counting tokens."

COUNT_TOKENS_MODELS: frozenset[str] = frozenset(
    {
        "anthropic.claude-3-5-haiku-20241022-v1:0",
        "anthropic.claude-3-5-sonnet-20240620-v1:0",
        "anthropic.claude-3-5-sonnet-20241022-v2:0",
        "anthropic.claude-3-7-sonnet-20250219-v1:0",
        "anthropic.claude-sonnet-4-20250514-v1:0",
        "anthropic.claude-opus-4-20250514-v1:0",
        "anthropic.claude-opus-4-1-20250805-v1:0",
        "anthropic.claude-sonnet-4-5-20250929-v1:0",
        "anthropic.claude-haiku-4-5-20251001-v1:0",
        "anthropic.claude-opus-4-5-20251101-v1:0",
    }
)


def check_countable(model_id: str) -> None:
    """ValidationError unless CountTokens counts for ``model_id`` (a bare id or a foundation-model ARN)."""
    bare = model_id.rsplit("foundation-model/", 1)[-1]
    if bare not in COUNT_TOKENS_MODELS:
        raise ValidationError(NOT_COUNTED)
