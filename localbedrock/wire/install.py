"""Attaching the handlers to moto: the one place that patches moto (``direct.py`` also reads its internals).

moto dispatches a REST request to the method of its service's response class named after the operation
(``converse`` for Converse) and serialises an ``ActionResult`` with the operation's output shape, event streams
included (moto >= 5.2.2). ``tests/localbedrock/test_moto_contract.py`` fails loudly if an upgrade changes that.
The same tables tell which operations the emulator serves (:func:`provider`), for ``serve`` and the coverage table.
Results of localbedrock's own handlers are written by :mod:`localbedrock.wire.lean` where it can, and moto's
``_enrich_response`` skips a regex scan that cannot match (:func:`_enrich_lean`); ``lean.ENABLED = False`` gives
moto's path back. While installed, moto lists a response class's methods once, not on every request
(:func:`_methods_kept`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Literal

from botocore import xform_name
from botocore.awsrequest import AWSResponse
from botocore.handlers import BUILTIN_HANDLERS
from moto.bedrock.responses import BedrockResponse
from moto.bedrockagent.responses import AgentsforBedrockResponse
from moto.bedrockruntime.responses import BedrockRuntimeResponse
from moto.core import responses as moto_responses
from moto.core.botocore_stubber import BotocoreStubber, MockRawResponse
from moto.core.responses import BaseResponse

from localbedrock.service import BedrockService
from localbedrock.wire import (
    agent,
    agent_runtime,
    batch,
    control,
    customization,
    direct,
    guardrails,
    lean,
    runtime,
    serving,
    tags,
)
from localbedrock.wire.guard import bind, bound

# Each Bedrock service: moto's response class and the handlers localbedrock puts on it.
_TARGETS: dict[str, tuple[type, dict[str, Any]]] = {
    # use_raw_body: moto would otherwise decode an InvokeModel body as UTF-8 before any handler could reject it.
    "bedrock-runtime": (BedrockRuntimeResponse, {**runtime.HANDLERS, "use_raw_body": True}),
    "bedrock": (
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
    "bedrock-agent": (AgentsforBedrockResponse, {**agent.HANDLERS, **tags.AGENT_HANDLERS}),
    # moto has none: localbedrock's own class, reached through a botocore hook (agent_runtime.EVENT) or serve
    "bedrock-agent-runtime": (agent_runtime.AgentRuntimeResponse, {}),
}
BEDROCK_SERVICES = tuple(_TARGETS)
# The services moto hosts, whose requests to localbedrock's operations take the direct route (wire/direct.py).
_DIRECT_HOOKS = {service: direct.hook(service) for service in BEDROCK_SERVICES if service != agent_runtime.SERVICE}
NOT_IMPLEMENTED = "NotImplementedException"
_saved: list[tuple[type, str, Any]] = []


def not_implemented(service: str, operation: str) -> str:
    """The message of the error an operation the emulator does not serve gets."""
    return (
        f"localbedrock does not implement {service} {operation} yet; see the coverage table in "
        "docs/localbedrock.md (section 'What is emulated')."
    )


def refuse_unimplemented(model: Any, **_: Any) -> tuple[AWSResponse, dict[str, Any]] | None:
    """botocore ``before-call`` hook: answer an operation the running emulator does not serve with the HTTP 501
    error ``serve`` gives, instead of letting moto raise a Python NotImplementedError inside the client."""
    service, operation = model.service_model.service_name, model.name
    if not bound() or service not in _TARGETS or serves(service, operation):
        return None
    message = not_implemented(service, operation)
    http = AWSResponse("", 501, {"x-amzn-ErrorType": NOT_IMPLEMENTED}, MockRawResponse(b""))  # type: ignore[arg-type]
    metadata = {"HTTPStatusCode": 501, "HTTPHeaders": {"x-amzn-errortype": NOT_IMPLEMENTED}, "RetryAttempts": 0}
    return http, {"Error": {"Code": NOT_IMPLEMENTED, "Message": message}, "ResponseMetadata": metadata}


def _action_once(find: Callable[[Any], str]) -> Callable[[Any], str]:
    """moto's ``_get_action`` for one request, found once: moto asks it three times a request (to parse, to call,
    to serialise) and each time matches the URL against every route of the service. A response object serves one
    request, so the answer cannot change between the calls."""

    @functools.wraps(find)
    def _get_action(self: Any) -> str:
        found = self.__dict__.get(ACTION, ACTION)
        if found is ACTION:
            found = self.__dict__[ACTION] = find(self)
        return found  # type: ignore[no-any-return]

    return _get_action


ACTION = direct.ACTION


def _enrich_lean(original: Callable[..., Any]) -> staticmethod:
    """moto's ``_enrich_response`` (status cast to text, a request id drawn into the headers, then a regex that writes
    it into a ``<RequestId>`` tag of the body), given an empty body when the body holds no such tag: the regex could
    not match there, and scanning a large JSON body (an embedding) for it cost more than the rest of the response.
    The headers and the random draw are moto's own, whatever the body."""

    def _enrich_response(headers: dict[str, Any], body: Any) -> tuple[dict[str, Any], Any]:
        if lean.ENABLED and isinstance(body, str) and "<RequestId>" not in body:
            return original(headers, "")[0], body
        return original(headers, body)  # type: ignore[no-any-return]

    return staticmethod(_enrich_response)


def _skip_answered(original: Callable[..., Any]) -> Callable[..., Any]:
    """moto's ``before-send`` hook, passing over a request localbedrock's own hook already answered (botocore
    calls every hook and keeps the first answer, so moto would otherwise serve it a second time)."""

    @functools.wraps(original)
    def __call__(self: Any, event_name: str, request: Any, **kwargs: Any) -> Any:
        if request.__dict__.get(direct.ANSWERED):
            return None
        return original(self, event_name, request, **kwargs)

    return __call__


def _methods_kept(find: Callable[[type], list[str]]) -> Callable[[type], list[str]]:
    """moto's ``method_names_from_class`` (``inspect.getmembers`` over the class, which ``call_action`` runs on every
    request to find the operation's method), kept per class. The names change only when a class of its MRO gains or
    loses an attribute, and then so does the size of that class's ``__dict__``, which is part of the key."""
    kept: dict[tuple[type, tuple[int, ...]], list[str]] = {}

    @functools.wraps(find)
    def method_names_from_class(clazz: type) -> list[str]:
        key = (clazz, tuple(len(c.__dict__) for c in clazz.__mro__))
        names = kept.get(key)
        if names is None:
            names = kept[key] = find(clazz)
        return list(names)

    return method_names_from_class


def install(svc: BedrockService) -> None:
    """Serve bedrock-runtime and bedrock from ``svc`` inside moto."""
    bind(svc)
    hooks = [(f"before-call.{service}", refuse_unimplemented) for service in _TARGETS]
    # moto has no bedrock-agent-runtime: every botocore session made from now on asks this hook first.
    hooks.append((agent_runtime.EVENT, agent_runtime.before_send))
    # The others skip moto's generic request handling for the operations localbedrock serves (wire/direct.py).
    hooks += [(f"before-send.{service}", hook) for service, hook in _DIRECT_HOOKS.items()]
    for hook in hooks:
        if hook not in BUILTIN_HANDLERS:
            BUILTIN_HANDLERS.append(hook)
    if _saved:
        return
    _saved.append((BotocoreStubber, "__call__", BotocoreStubber.__dict__["__call__"]))
    BotocoreStubber.__call__ = _skip_answered(BotocoreStubber.__call__)  # type: ignore[method-assign]
    _saved.append((moto_responses, "method_names_from_class", moto_responses.method_names_from_class))
    moto_responses.method_names_from_class = _methods_kept(moto_responses.method_names_from_class)
    for cls, handlers in _TARGETS.values():
        patches = {
            **handlers,
            "_get_action": _action_once(cls._get_action),
            "_enrich_response": _enrich_lean(cls._enrich_response),
        }
        for name, handler in patches.items():
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


def _own(service: str, operation: str) -> bool:
    return provider(service, operation) == "localbedrock"


def provider(service: str, operation: str) -> Literal["localbedrock", "moto"] | None:
    """Who serves ``operation`` of a Bedrock service: localbedrock's handler, moto's own, or nobody (None)."""
    cls, handlers = _TARGETS[service]
    if service == "bedrock-agent" and operation in agent.WITHHELD:
        return None
    name = xform_name(operation)
    method = handlers.get(name) or getattr(cls, name, None)
    if not callable(method) or name in BaseResponse.__dict__:
        return None
    return "localbedrock" if method.__module__.startswith("localbedrock") else "moto"


def serves(service: str, operation: str) -> bool:
    """Whether the emulator answers ``operation`` of a Bedrock service at all."""
    return provider(service, operation) is not None


for _service, (_cls, _) in _TARGETS.items():
    direct.register(_service, _cls, functools.partial(_own, _service))
