"""Applying a guardrail on the wire: resolving the guardrail a request names, applying a version and billing it, the
assessment Bedrock reports, and a model call through a guardrail (Converse, ConverseStream, InvokeModel)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from localbedrock.errors import ValidationError
from localbedrock.guardrails.assess import PRICE_PER_1K_UNITS, Content, Outcome
from localbedrock.guardrails.store import DRAFT, Guardrail, GuardrailVersion
from localbedrock.ledger import Charge
from localbedrock.model import TextRequest, TextResult
from localbedrock.wire.guard import service

GUARDRAIL_BASE_MS, GUARDRAIL_PER_POLICY_MS = 40, 15
INTERVENED = "guardrail_intervened"


@dataclass(frozen=True)
class Applied:
    """One application of a guardrail: the guardrail, its version, the outcome and the time it took."""

    guardrail: Guardrail
    version: GuardrailVersion
    outcome: Outcome
    latency_ms: int
    source: str = "INPUT"

    @property
    def replacement(self) -> str:
        """The text that replaces the guarded content when the guardrail intervened."""
        if self.outcome.blocked:
            return self.version.blocked_input if self.source == "INPUT" else self.version.blocked_output
        return "\n".join(self.outcome.texts)


def resolve(account: str, region: str, identifier: str, version: str | None) -> tuple[Guardrail, GuardrailVersion]:
    """The guardrail a request names; ResourceNotFoundError for one that does not exist (never silently ignored)."""
    if version is None:
        raise ValidationError("guardrailVersion is required when a guardrailIdentifier is given.")
    return service().guardrails(account, region).version(identifier, version or DRAFT)


def apply(
    account: str,
    region: str,
    guardrail: Guardrail,
    version: GuardrailVersion,
    source: str,
    content: list[Content],
    full: bool = False,
) -> Applied:
    """Apply a guardrail version and bill it (per policy, per 1,000 text units)."""
    outcome = service().guardrails(account, region).assessor.apply(version.policies, source, content, full)
    for member, units in outcome.usage.items():
        price = PRICE_PER_1K_UNITS[member]
        if units and price:
            service().ledger.charge(
                Charge(f"guardrail {member.removesuffix('Units')}", guardrail.arn, units, "text unit", price / 1000)
            )
    return Applied(guardrail, version, outcome, simulated_latency_ms(outcome), source)


def simulated_latency_ms(outcome: Outcome) -> int:
    """Simulated processing time: a base, plus each policy checked, plus each text unit (illustrative, like the
    models' latency profiles; Bedrock runs the policies in parallel, so they add little)."""
    units = max(outcome.usage.values(), default=0)
    return GUARDRAIL_BASE_MS + GUARDRAIL_PER_POLICY_MS * sum(1 for n in outcome.usage.values() if n) + 10 * units


def assessment(applied: Applied) -> dict[str, Any]:
    """The GuardrailAssessment of one application (policies with findings, and its invocation metrics)."""
    outcome = applied.outcome
    found = {policy: lists for policy, lists in outcome.assessment.items() if any(lists.values())}
    return found | {
        "invocationMetrics": {
            "guardrailProcessingLatency": applied.latency_ms,
            "usage": outcome.usage,
            "guardrailCoverage": {"textCharacters": {"guarded": outcome.characters, "total": outcome.characters}},
        }
    }


@dataclass(frozen=True)
class Guarding:
    """The guardrail a model request names, what of the request it guards, and whether to trace."""

    account: str
    region: str
    guardrail: Guardrail
    version: GuardrailVersion
    trace: bool
    inputs: tuple[Content, ...]  # guarded on the way in
    context: tuple[Content, ...] = ()  # grounding sources and queries, for the output's contextual grounding check


@dataclass(frozen=True)
class Guarded:
    """A model call through a guardrail: the result (replaced when the guardrail intervened) and the trace."""

    result: TextResult
    intervened: bool
    trace: dict[str, Any] | None


def requested(
    account: str,
    region: str,
    identifier: str | None,
    version: str | None,
    trace: str | None,
    inputs: list[Content],
    context: list[Content] | None = None,
) -> Guarding | None:
    """The guarding a request asks for (None without a guardrail identifier); ResourceNotFoundError for a guardrail
    or version that does not exist."""
    if not identifier:
        if version:
            raise ValidationError("A guardrail version was given without a guardrail identifier.")
        return None
    guardrail, found = resolve(account, region, identifier, version)
    traced = (trace or "").lower() in ("enabled", "enabled_full")
    return Guarding(account, region, guardrail, found, traced, tuple(inputs), tuple(context or ()))


def request_inputs(request: TextRequest) -> list[Content]:
    """What a guardrail guards of a request that marks nothing: every user turn's text."""
    return [Content(m.text) for m in request.messages if m.role == "user" and m.text]


def converse_contents(params: dict[str, Any], request: TextRequest) -> tuple[list[Content], list[Content]]:
    """A Converse request's guarded inputs and its grounding context: its ``guardContent`` blocks (qualified
    ``grounding_source`` or ``query`` ones are context), or every user turn when it has none."""
    blocks = [b["guardContent"] for b in params.get("system") or [] if "guardContent" in b]
    for message in params.get("messages") or []:
        blocks += [b["guardContent"] for b in message.get("content") or [] if "guardContent" in b]
    contents = [
        Content(str(b["text"].get("text", "")), tuple(b["text"].get("qualifiers") or ())) for b in blocks if "text" in b
    ]
    if not contents:
        return request_inputs(request), []
    return [c for c in contents if c.guarded], [c for c in contents if not c.guarded]


def generate(guard: Guarding | None, request: TextRequest) -> Guarded:
    """Generate through ``guard``: a blocked input is answered with the blocked messaging without calling the
    model (no tokens); an output the guardrail blocks or masks is replaced."""
    if guard is None:
        return Guarded(service().generate(request), False, None)
    gid = guard.guardrail.id
    checked = apply(guard.account, guard.region, guard.guardrail, guard.version, "INPUT", list(guard.inputs))
    trace: dict[str, Any] = {"inputAssessment": {gid: assessment(checked)}}
    if checked.outcome.blocked:
        result = TextResult(guard.version.blocked_input, INTERVENED, 0, 0, checked.latency_ms)
        return Guarded(result, True, _trace(guard, trace, "Guardrail blocked."))
    result = service().generate(_masked(request, guard.inputs, checked.outcome.texts))
    output = [Content(result.text, ("guard_content",)), *guard.context]
    answered = apply(guard.account, guard.region, guard.guardrail, guard.version, "OUTPUT", output)
    trace["outputAssessments"] = {gid: [assessment(answered)]}
    intervened = answered.outcome.intervened
    if intervened:
        result = replace(result, text=answered.replacement, stop_reason=INTERVENED, tool_calls=())
    reason = "Guardrail blocked." if answered.outcome.blocked else "Guardrail masked." if intervened else None
    return Guarded(result, intervened, _trace(guard, trace, reason))


def _masked(request: TextRequest, inputs: tuple[Content, ...], masked: list[str]) -> TextRequest:
    """``request`` with the PII the input check anonymized masked, as the model then reads it."""
    pairs = [(c.text, m) for c, m in zip((c for c in inputs if c.guarded), masked, strict=False) if c.text != m]
    if not pairs:
        return request
    messages = []
    for message in request.messages:
        text = message.text
        for original, replacement in pairs:
            text = text.replace(original, replacement)
        messages.append(replace(message, text=text))
    return replace(request, messages=tuple(messages))


def _trace(guard: Guarding, trace: dict[str, Any], reason: str | None) -> dict[str, Any] | None:
    if not guard.trace:
        return None
    return {"guardrail": trace | ({"actionReason": reason} if reason else {})}
