"""Build data/calibration/reading.jsonl: the labelled reading set that calibrates the simulated models' reader.

Written before the reader was tuned. Each record gives a question, the documents whose passages a reader is
given (``gold_doc_ids``: the documents that answer; for unanswerable questions the documents about the entity
asked, or none when the entity does not exist), and ``expected``: the strings a right answer contains, all of
them (``a|b`` = either), compared case-insensitively with thousands separators ignored; a comparison's ``rival``
(the other option) may be named, but after the expected one. ``split`` is ``dev``
(tuning allowed) or ``held_apart`` (measured, never tuned on), fixed by a hash of the id.

Sources: the answerable single-fact, paraphrase and changed-between-versions questions and the unanswerable
questions of data/questions.jsonl (their expected values are the numbers of the reference answer, or a phrase
written here), plus questions written here: totals, differences and comparisons over two documents, questions
about the current version of a changed document, and questions about entities the corpus does not have.

Run: .venv/bin/python data/calibration/build_reading.py
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent

# Expected phrases for reference answers that state no number.
PHRASES = {
    "q011": ["October 1, 2025"],
    "q022": ["duty paid|included"],
    "q025": ["never expire"],
    "q029": ["too little water|boiled dry|dry"],
    "q035": ["December 31, 2026"],
    "q037": ["Duo|rotary"],
    "q044": ["SC"],
    "q048": ["citric"],
    "q052": ["finer|under-extract"],
    "q055": ["never expire"],
    "q058": ["static|drop of water"],
    "q064": ["in-house|not outsourced"],
    "q066": ["spice|burrs"],
    "q069": ["unlimited|skip"],
    "q070": ["Duo"],
    "q074": ["gift card"],
    "q075": ["United States|only"],
    "q077": ["distilled|minerals|filtered"],
    "q078": ["temperature"],
    "q081": ["no restocking fee"],
    "q082": ["free"],
    "q089": ["SwiftCrate"],
    "q090": ["Columbus"],
    "q092": ["two years|2 years"],
    "q100": ["unlimited"],
    "q112": ["one year|1 year|one-year"],
    "q113": ["two years|2 years"],
    "q115": ["no|not"],
    "q123": ["not|no"],
}

# name, doc id, price: the catalogue as on the corpus date (current versions).
PRODUCTS = [
    ("Ember Pour-Over Kettle", "product-ember-kettle-v2", 79),
    ("Ember Kettle 2", "product-ember-kettle-2", 129),
    ("Millstone Burr Grinder", "product-millstone-grinder", 179),
    ("Millstone Pro Grinder", "product-millstone-pro", 299),
    ("Foundry Espresso Machine", "product-foundry-espresso-v2", 699),
    ("Foundry Duo Espresso Machine", "product-foundry-duo", 1149),
    ("Drift Cold Brew Maker", "product-drift-cold-brew", 59),
    ("Ledger Brew Scale", "product-ledger-scale", 49),
    ("Lumen Milk Frother", "product-lumen-frother", 69),
]
PAIRS = [(0, 1), (2, 3), (4, 5), (6, 7), (8, 0), (1, 2), (3, 4), (5, 6), (7, 8), (0, 3), (2, 6), (1, 8)]


def article(name: str) -> str:
    return "an" if name[0] in "AEIOU" else "a"


def money(amount: int) -> str:
    return f"${amount:,}"


def written() -> list[dict]:
    out: list[dict] = []
    for n, (i, j) in enumerate(PAIRS):
        (a, da, pa), (b, db, pb) = PRODUCTS[i], PRODUCTS[j]
        total = {"question": f"What do the {a} and the {b} cost together?", "expected": [money(pa + pb)]}
        if n % 2:
            total["question"] = f"If I buy {article(a)} {a} and {article(b)} {b}, what is the total price?"
        cheaper, other = (a, b) if pa < pb else (b, a)
        comparison = {"question": f"Which is cheaper, the {a} or the {b}?", "expected": [cheaper], "rival": other}
        if n % 3 == 1:
            comparison = {"question": f"Which costs more: the {a} or the {b}?", "expected": [other], "rival": cheaper}
        difference = {
            "question": f"How much more does the {max((a, pa), (b, pb), key=lambda x: x[1])[0]} cost than "
            f"the {min((a, pa), (b, pb), key=lambda x: x[1])[0]}?",
            "expected": [money(abs(pa - pb))],
        }
        for record in (total, comparison, difference):
            out.append({**record, "type": "multi-passage", "gold_doc_ids": [da, db], "answerable": True})
    current = [
        ("What is the current return window?", ["60 days"], "policy-returns-v3", ["policy-returns-v2"]),
        (
            "How much does the Ember Pour-Over Kettle cost now?",
            ["$79"],
            "product-ember-kettle-v2",
            ["product-ember-kettle-v1"],
        ),
        (
            "What is the price of the Foundry Espresso Machine today?",
            ["$699"],
            "product-foundry-espresso-v2",
            ["product-foundry-espresso-v1"],
        ),
        (
            "What does standard shipping cost under the current policy?",
            ["$5.95"],
            "policy-shipping-v3",
            ["policy-shipping-v1"],
        ),
        ("How long are chat transcripts kept now?", ["12 months"], "policy-privacy-v2", ["policy-privacy-v1"]),
        (
            "How many Wick Points are needed for a $10 reward today?",
            ["400"],
            "policy-loyalty-v2",
            ["policy-loyalty-v1"],
        ),
        ("What does a Roast Club bag cost now?", ["$18"], "policy-roast-club-v2", ["policy-roast-club-v1"]),
        (
            "How quickly are emails answered under the latest support hours?",
            ["12 hours"],
            "policy-support-hours-v3",
            ["policy-support-hours-v2"],
        ),
    ]
    for question, expected, gold, older in current:
        out.append(
            {
                "question": question,
                "expected": expected,
                "type": "changed-between-versions",
                "gold_doc_ids": [*older, gold],
                "answer_doc_ids": [gold],
                "answerable": True,
            }
        )
    missing = [
        ("How much does the Ember Kettle 3 cost?", ["product-ember-kettle-2"]),
        ("What is the capacity of the Foundry Trio Espresso Machine?", ["product-foundry-duo"]),
        ("How many grind settings does the Millstone Mini Grinder have?", ["product-millstone-grinder"]),
        ("What is the price of the Zephyr Toaster?", ["product-lumen-frother"]),
        ("How long is the warranty on the Kettlewick Blender?", ["policy-warranty-v3"]),
        ("When was the Ledger Brew Scale Pro launched?", ["product-ledger-scale"]),
        ("How much does the Drift Iced Tea Maker cost?", ["product-drift-cold-brew"]),
        ("Who designed the Lumen Milk Frother 2?", ["product-lumen-frother"]),
        ("What is the return window for the Cinder Smart Oven?", ["policy-returns-v3"]),
        ("How much is shipping for the Harbor Espresso Cart?", ["policy-shipping-v3"]),
        ("What is the hold time of the Ember Travel Mug?", ["product-ember-kettle-2"]),
        ("How many Wick Points does the Platinum Club tier earn per dollar?", ["policy-loyalty-v2"]),
    ]
    lacking = [
        ("How much does the Drift Cold Brew Maker weigh?", ["product-drift-cold-brew"]),
        ("What is the wattage of the Lumen Milk Frother?", ["product-lumen-frother"]),
        ("How many grams does the Ledger Brew Scale itself weigh?", ["product-ledger-scale"]),
        ("What is the price of a gift card shipped abroad?", ["policy-gift-cards"]),
        ("When does the Roast Club summer blend ship?", ["policy-roast-club-v2"]),
        ("How long is the warranty on a refurbished Millstone Pro Grinder?", ["policy-warranty-v3"]),
    ]
    for questions, note in (
        (missing, "the entity asked about does not exist in the corpus"),
        (lacking, "the entity exists; the value asked is not in the corpus"),
    ):
        out += [
            {
                "question": question,
                "expected": [],
                "type": "unanswerable",
                "gold_doc_ids": docs,
                "answerable": False,
                "note": note,
            }
            for question, docs in questions
        ]
    for n, record in enumerate(out, start=1):
        record["id"] = f"r{n:03d}"
    return out


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _about(question: str, corpus: dict[str, str], k: int = 2) -> list[str]:
    """The documents sharing most words with an unanswerable question: what a reader would be given."""
    asked = _words(question)
    ranked = sorted(corpus, key=lambda d: (-len(asked & _words(corpus[d])), d))
    return ranked[:k]


def from_questions(corpus: dict[str, str]) -> list[dict]:
    out = []
    numbers = re.compile(r"[$€£]?\d[\d,]*(?:\.\d+)?%?")
    dates = re.compile(
        r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2},\s+"
        r"\d{4}"
    )
    for line in (DATA / "questions.jsonl").read_text().splitlines():
        q = json.loads(line)
        if q["type"] not in ("single-fact", "paraphrase", "changed-between-versions", "unanswerable"):
            continue  # the multi-passage questions there need several reasoning steps, beyond a reader
        record = {"id": q["id"], "question": q["question"], "type": q["type"], "answerable": q["answerable"]}
        if q["answerable"]:
            reference = re.sub(r"\([^)]*\)", " ", q["reference_answer"])
            asked = set(re.findall(r"\d+(?:\.\d+)?", q["question"]))
            asks_date = re.search(r"\b(?:when|what date|until when|since when|by when)\b", q["question"], re.I)
            found = [d.group() for d in dates.finditer(reference)] if asks_date else []
            reference = dates.sub(" ", reference)  # a date in a reference that was not asked for is context
            found += [n.rstrip(".,") for n in numbers.findall(reference) if n.strip("$€£%,.") not in asked]
            record["expected"] = PHRASES.get(q["id"]) or list(dict.fromkeys(found))
            record["gold_doc_ids"] = q["relevant_doc_ids"]
            if q["type"] == "changed-between-versions":
                record["gold_doc_ids"] = [*q["other_version_doc_ids"][:1], *q["relevant_doc_ids"]]
                record["answer_doc_ids"] = q["relevant_doc_ids"]
        else:
            record["expected"] = []
            record["gold_doc_ids"] = _about(q["question"], corpus)
            record["note"] = q.get("note", "")
        out.append(record)
    return out


def split_of(record_id: str) -> str:
    return "dev" if hashlib.sha256(record_id.encode()).digest()[0] % 2 == 0 else "held_apart"


def main() -> None:
    corpus = {p.stem: p.read_text() for p in sorted((DATA / "corpus").glob("*.md"))}
    records = from_questions(corpus) + written()
    for record in records:
        assert all(d in corpus for d in record["gold_doc_ids"]), record
        assert record["expected"] or not record["answerable"], record
        record["split"] = split_of(record["id"])
    with (HERE / "reading.jsonl").open("w") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} questions written to {HERE / 'reading.jsonl'}")


if __name__ == "__main__":
    main()
