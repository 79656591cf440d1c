"""Turning handler outcomes into moto results: domain errors become modelled exceptions, and anything unexpected
becomes an InternalServerException, so a bad request never surfaces a Python traceback in the client."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from moto.core.responses import ActionResult

from localbedrock.errors import BedrockError
from localbedrock.service import BedrockService, calling_from
from localbedrock.wire.errors import WireError, to_wire
from localbedrock.wire.lean import LeanResult

log = logging.getLogger("localbedrock")
INTERNAL = "The server encountered an internal error while processing the request."

_current: list[BedrockService] = []


def bind(svc: BedrockService | None) -> None:
    """Make ``svc`` the service the handlers call (None: unbind)."""
    _current.clear()
    if svc is not None:
        _current.append(svc)


def bound() -> bool:
    """Whether a service is bound (the emulator is running)."""
    return bool(_current)


def service() -> BedrockService:
    if not _current:
        raise BedrockError("localbedrock is not started: call localbedrock.start() first.")
    return _current[0]


def guarded(handler: Callable[[Any], dict[str, Any] | str]) -> Callable[[Any], ActionResult | str]:
    """A handler as a moto method: its dict is written from the output shape (by the lean path of
    :mod:`localbedrock.wire.lean` when it can, by moto's serialiser otherwise); a str is sent as the JSON body as it
    is (for large results of plain JSON)."""

    @functools.wraps(handler)
    def method(response: Any) -> ActionResult | str:
        try:
            with calling_from(response.region):
                result = handler(response)
            return result if isinstance(result, str) else LeanResult(result)
        except WireError:
            raise
        except BedrockError as error:
            raise to_wire(error) from None
        except Exception:
            log.exception("localbedrock: unexpected error in %s", handler.__name__)
            raise WireError("InternalServerException", INTERNAL) from None

    return method
