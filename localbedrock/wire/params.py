"""Request parameters for the handlers installed on moto's response classes, and response dicts without nulls."""

from __future__ import annotations

from typing import Any

from localbedrock.wire.shapes import check_constraints


def checked_params(response: Any, service_name: str, operation: str, *, whole: bool = False) -> dict[str, Any]:
    """The request's parameters (parsed by moto from botocore's service model on first use), checked against the
    constraints botocore leaves to the service; ``whole`` anchors the service model's patterns."""
    if not hasattr(response, "params"):
        response.parse_parameters(response.normalized_request)
    check_constraints(service_name, operation, response.params, whole=whole)
    return response.params


def present(**fields: Any) -> dict[str, Any]:
    """``fields`` without the ones that are None: AWS omits absent members rather than sending null."""
    return {key: value for key, value in fields.items() if value is not None}
