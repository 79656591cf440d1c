"""Errors the simulated service raises, named after Bedrock's modelled exceptions.

The domain knows nothing about HTTP: the wire layer turns a :class:`BedrockError` into the exception of the same
``code`` in the service model, so boto3 raises ``client.exceptions.<code>``.
"""

from __future__ import annotations


class BedrockError(Exception):
    """Base class; ``code`` names an exception shape of the Bedrock service models."""

    code = "InternalServerException"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(BedrockError):
    code = "ValidationException"


class ResourceNotFoundError(BedrockError):
    code = "ResourceNotFoundException"


class AccessDeniedError(BedrockError):
    code = "AccessDeniedException"


class ThrottlingError(BedrockError):
    code = "ThrottlingException"


class ModelNotReadyError(BedrockError):
    code = "ModelNotReadyException"


class ServiceUnavailableError(BedrockError):
    code = "ServiceUnavailableException"


class InternalServerError(BedrockError):
    code = "InternalServerException"


INVALID_MODEL_ID = "The provided model identifier is invalid."


class ConflictError(BedrockError):
    code = "ConflictException"


class ServiceQuotaError(BedrockError):
    code = "ServiceQuotaExceededException"
