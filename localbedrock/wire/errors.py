"""Domain errors as moto service exceptions, which moto serialises from the service model's error shapes."""

from __future__ import annotations

from moto.core.exceptions import ServiceException

from localbedrock.errors import BedrockError


class WireError(ServiceException):
    """An error response; ``code`` names an exception shape of the service (``ValidationException``, ...)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message)


def to_wire(error: BedrockError) -> WireError:
    return WireError(error.code, error.message)
