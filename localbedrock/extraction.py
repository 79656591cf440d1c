"""Finding the value of a named field (an order number, an e-mail address, a date, ...) in free text, as a model
filling a JSON key or a tool argument would."""

from __future__ import annotations

import re

FIELD_PATTERNS = (
    (r"e-?mail", r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    (r"phone|tel", r"\+?\d[\d ()-]{6,}\d"),
    (r"date|day|when", r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2} [A-Z][a-z]+ \d{4}\b"),
    (r"amount|price|total|cost", r"[$€£]\s?\d[\d,]*(?:\.\d+)?"),
    (r"number|id$|_id|code|order|ticket|reference", r"#?[A-Z0-9]+(?:-[A-Z0-9]+)+|#\w+|\b\d{3,}\b"),
)


def extract_field(key: str, text: str) -> str | None:
    """A value for a field like ``order_number`` or ``email`` found in ``text``, if any."""
    for key_pattern, value_pattern in FIELD_PATTERNS:
        if re.search(key_pattern, key):
            found = re.search(value_pattern, text)
            if found:
                return found.group(0).strip()
    labelled = re.search(rf"{re.escape(key.replace('_', ' '))}\s*(?:is|:)\s*([^\n.,;]+)", text, re.IGNORECASE)
    return labelled.group(1).strip() if labelled else None
