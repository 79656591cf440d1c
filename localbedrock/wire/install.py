"""Attaching the handlers to moto: the one place that depends on moto's internals.

moto dispatches a REST request to the method of its service's response class named after the operation
(``converse`` for Converse) and serialises an ``ActionResult`` with the operation's output shape, event streams
included (moto >= 5.2.2). ``tests/localbedrock/test_moto_contract.py`` fails loudly if an upgrade changes that.
"""

from __future__ import annotations

from typing import Any

from botocore.handlers import BUILTIN_HANDLERS
from moto.bedrock.responses import BedrockResponse
from moto.bedrockagent.responses import AgentsforBedrockResponse
from moto.bedrockruntime.responses import BedrockRuntimeResponse

from localbedrock.service import BedrockService
from localbedrock.wire import agent, agent_runtime, batch, control, customization, guardrails, runtime, serving, tags
from localbedrock.wire.guard import bind

_TARGETS: tuple[tuple[type, dict[str, Any]], ...] = (
    # use_raw_body: moto would otherwise decode an InvokeModel body as UTF-8 before any handler could reject it.
    (BedrockRuntimeResponse, {**runtime.HANDLERS, "use_raw_body": True}),
    (
        BedrockResponse,
        {
            **control.HANDLERS,
            **customization.HANDLERS,
            **serving.HANDLERS,
            **guardrails.CONTROL_HANDLERS,
            **batch.HANDLERS,
            **tags.HANDLERS,
        },
    ),
    (AgentsforBedrockResponse, {**agent.HANDLERS, **tags.AGENT_HANDLERS}),
)
_saved: list[tuple[type, str, Any]] = []


def install(svc: BedrockService) -> None:
    """Serve bedrock-runtime and bedrock from ``svc`` inside moto."""
    bind(svc)
    if (agent_runtime.EVENT, agent_runtime.before_send) not in BUILTIN_HANDLERS:
        # moto has no bedrock-agent-runtime: every botocore session made from now on asks this hook first.
        BUILTIN_HANDLERS.append((agent_runtime.EVENT, agent_runtime.before_send))
    if _saved:
        return
    for cls, handlers in _TARGETS:
        for name, handler in handlers.items():
            _saved.append((cls, name, cls.__dict__.get(name)))
            setattr(cls, name, handler)


def uninstall() -> None:
    """Give moto back its own behaviour."""
    bind(None)
    while _saved:
        cls, name, original = _saved.pop()
        if original is None:
            delattr(cls, name)
        else:
            setattr(cls, name, original)
