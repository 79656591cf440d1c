"""A custom model as a :class:`~localbedrock.model.TextModel`: its base model's answer, rewritten with what training
taught (:class:`~localbedrock.finetuning.learned.Learned`)."""

from __future__ import annotations

from dataclasses import replace

from localbedrock.catalog import ModelProfile
from localbedrock.errors import ValidationError
from localbedrock.finetuning.learned import Learned
from localbedrock.generator import _apply_stops
from localbedrock.model import TextModel, TextRequest, TextResult
from localbedrock.prompt import read_prompt
from localbedrock.tokens import count_tokens


class CustomTextModel:
    """``base`` plus ``learned``, served under ``profile`` (the serving ARN as model id, the serving prices)."""

    def __init__(self, profile: ModelProfile, base: TextModel, learned: Learned) -> None:
        self.profile, self.base, self.learned = profile, base, learned

    def generate(self, request: TextRequest) -> TextResult:
        # The base writes the whole answer; stop sequences and maxTokens apply to the rewritten one.
        answer = self.base.generate(replace(request, model_id=self.base.profile.model_id, stop_sequences=()))
        if answer.tool_calls:
            return answer
        prompt = next((m.text for m in reversed(request.messages) if m.role == "user"), "")
        with_context = bool(read_prompt(request).passages)
        full = self.learned.restyle(prompt, answer.text, with_context=with_context)
        limit = self.profile.default_max_tokens if request.max_tokens is None else request.max_tokens
        text, stop_reason, matched = _apply_stops(full, limit, request.stop_sequences)
        output_tokens = count_tokens(text)
        return TextResult(
            text=text,
            stop_reason=stop_reason,
            input_tokens=answer.input_tokens,
            output_tokens=output_tokens,
            latency_ms=self.profile.latency.latency_ms(answer.input_tokens, output_tokens),
            stop_sequence=matched,
        )


NOT_ON_DEMAND = "The provided model doesn't support on-demand throughput."


class NotOnDemand:
    """What a custom model's own ARN answers: on AWS it is served only through provisioned throughput or a custom
    model deployment, whose ARN is the model id to invoke."""

    def __init__(self, profile: ModelProfile) -> None:
        self.profile = profile

    def generate(self, request: TextRequest) -> TextResult:
        raise ValidationError(NOT_ON_DEMAND)
