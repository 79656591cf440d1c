"""Customer messages with a known topic, for classification and extraction exercises.

The messages are the customer turns of the fine-tuning sets (data/finetune); each carries one of 38 intents, which
``CATEGORY_OF_INTENT`` folds into five categories a support team would route on.
"""

from __future__ import annotations

from bedrock_course.data import FINETUNE_DIR, finetune_path, read_jsonl

CATEGORIES = ("returns", "shipping", "warranty", "troubleshooting", "subscription", "other")

CATEGORY_OF_INTENT = {
    **dict.fromkeys(
        [
            "return-window",
            "return-label-cost",
            "coffee-return",
            "refund-timing",
            "grinder-restocking",
            "damaged-delivery",
        ],
        "returns",
    ),
    **dict.fromkeys(
        [
            "order-tracking",
            "ship-uk-eu",
            "ship-canada",
            "ship-unsupported",
            "express-shipping",
            "shipping-cost",
            "alaska-hawaii",
        ],
        "shipping",
    ),
    **dict.fromkeys(
        ["warranty-grinder-kettle", "warranty-espresso", "out-of-warranty-repair", "lid-program"], "warranty"
    ),
    **dict.fromkeys(
        [
            "error-e03",
            "error-e07",
            "kettle-e1",
            "app-pairing",
            "sour-espresso",
            "bitter-espresso",
            "grinder-static",
            "descale-espresso",
            "firmware-update",
        ],
        "troubleshooting",
    ),
    **dict.fromkeys(
        [
            "trade-in",
            "price-match",
            "klarna",
            "gift-card",
            "order-change",
            "kettle-choice",
            "espresso-choice",
            "support-hours",
        ],
        "other",
    ),
    **dict.fromkeys(
        ["roast-club-skip", "roast-club-cancel", "roast-club-price", "wick-points"],
        "subscription",
    ),
}


def load_tickets(split: str) -> list[dict]:
    """The customer messages of a fine-tuning split ("train" or "validation"), each on one line.

    Each ticket is ``{"text", "message", "intent", "category", "customer_named"}``: ``message`` is the whole e-mail,
    ``text`` its body (the longest paragraph, without greeting and sign-off) on one line, so a ticket fits a
    ``Text: ...`` line of a few-shot prompt.
    """
    records = read_jsonl(finetune_path("conversation", split))
    index = [row for row in read_jsonl(FINETUNE_DIR / "index.jsonl") if row["split"] == split]
    tickets = []
    for record, row in zip(records, index, strict=True):
        message = record["messages"][0]["content"][0]["text"]
        body = max(message.split("\n\n"), key=lambda paragraph: len(paragraph.split()))
        tickets.append(
            {
                "text": " ".join(body.split()),
                "message": message,
                "intent": row["intent"],
                "category": CATEGORY_OF_INTENT[row["intent"]],
                "customer_named": row["customer_named"],
            }
        )
    return tickets
