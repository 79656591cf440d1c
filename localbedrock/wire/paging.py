"""Pagination of List* operations: ``maxResults`` and an opaque ``nextToken`` (an offset)."""

from __future__ import annotations

from typing import Any

from localbedrock.errors import ValidationError

DEFAULT_PAGE_SIZE = 1000


def paginate(items: list[Any], params: dict[str, Any]) -> tuple[list[Any], str | None]:
    """One page of ``items`` for the request's ``maxResults`` and ``nextToken``, and the token of the next page."""
    token = params.get("nextToken")
    try:
        start = int(token) if token else 0
    except ValueError:
        raise ValidationError("The provided nextToken is not valid.") from None
    end = start + (params.get("maxResults") or DEFAULT_PAGE_SIZE)
    return items[start:end], (str(end) if end < len(items) else None)
