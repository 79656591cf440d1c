"""A concept lexicon of everyday English: words and short phrases that people use for the same thing.

A static word vector places a word near the words it co-occurred with, not always near the words that mean the same
("dribbling" is far from "leaking", "voucher" from "gift card", "instalments" from "pay later"). A real embedding
model reads such pairs as close. :func:`concepts_in` names the concepts a text mentions; the static embedder adds
one shared vector per concept to the text's mean (``localbedrock/static_embeddings/model.py``), so two texts naming
a concept in different words share that part of their vectors.

The groups are general English for shopping, delivery, payments, appliances, support and companies (the domains
the course's corpus and everyday support questions live in), written from ordinary usage, with no reference to the
course's labelled questions (docs/model-behaviour.md, "Retrieval"). A word may belong to several groups. Entries are
base forms; :func:`concepts_in` also finds plurals, past tenses and -ing forms.
"""

from __future__ import annotations

import re
from functools import lru_cache

GROUPS: dict[str, tuple[str, ...]] = {
    # money
    "price": (
        "price",
        "cost",
        "fee",
        "charge",
        "pricing",
        "priced",
        "pricey",
        "expensive",
        "cheap",
        "cheaper",
        "affordable",
        "how much",
        "set back",
        "sticker price",
        "list price",
    ),
    "pay": ("pay", "payment", "paid", "checkout", "purchase", "buy", "bought", "spend", "spent"),
    "instalments": (
        "instalment",
        "installment",
        "instalments",
        "installments",
        "finance",
        "financing",
        "pay later",
        "pay over time",
        "monthly payments",
        "split the cost",
        "spread the cost",
        "in parts",
        "buy now",
    ),
    "refund": ("refund", "reimburse", "reimbursement", "money back", "credit back", "repay", "refunded"),
    "return": ("return", "send back", "sent back", "bring back", "give back", "returned"),
    "exchange": ("exchange", "swap", "replace", "replacement", "trade"),
    "discount": (
        "discount",
        "coupon",
        "promo",
        "promotion",
        "sale",
        "deal",
        "bargain",
        "markdown",
        "offer",
        "reduction",
    ),
    "voucher": (
        "voucher",
        "gift card",
        "giftcard",
        "gift certificate",
        "present card",
        "store credit",
        "e-gift",
        "egift",
        "gift voucher",
    ),
    "gift": ("gift", "present", "birthday", "christmas", "holiday gift"),
    "price match": (
        "price match",
        "match",
        "beat",
        "undercut",
        "competitor",
        "rival",
        "another shop",
        "another store",
        "elsewhere",
        "other retailer",
        "lower price",
        "cheaper elsewhere",
    ),
    "price drop": (
        "price drop",
        "drops",
        "reduced",
        "lowered",
        "goes down",
        "went down",
        "marked down",
        "cheaper later",
        "price protection",
        "price adjustment",
    ),
    "loyalty": ("loyalty", "points", "rewards", "reward", "member", "membership", "perks", "tier"),
    "referral": ("referral", "refer", "invite", "recommend", "friend", "bring a friend", "word of mouth"),
    "expire": (
        "expire",
        "expiry",
        "expiration",
        "lapse",
        "valid",
        "validity",
        "still good",
        "run out",
        "use by",
        "deadline",
    ),
    # delivery
    "shipping": (
        "shipping",
        "ship",
        "delivery",
        "deliver",
        "shipment",
        "postage",
        "post",
        "courier",
        "dispatch",
        "mail",
        "parcel",
        "package",
        "send",
        "sent",
        "arrive",
        "arrival",
    ),
    "international": (
        "international",
        "abroad",
        "overseas",
        "foreign",
        "worldwide",
        "another country",
        "outside the us",
        "outside the united states",
        "country",
        "countries",
        "customs",
        "import",
        "duties",
    ),
    "country": (
        "canada",
        "australia",
        "germany",
        "france",
        "britain",
        "uk",
        "united kingdom",
        "england",
        "japan",
        "mexico",
        "europe",
        "european",
        "ireland",
        "italy",
        "spain",
        "netherlands",
        "new zealand",
        "brazil",
        "india",
        "china",
        "singapore",
        "switzerland",
        "sweden",
    ),
    "city": (
        "sydney",
        "melbourne",
        "london",
        "paris",
        "berlin",
        "munich",
        "toronto",
        "vancouver",
        "montreal",
        "tokyo",
        "dublin",
        "madrid",
        "rome",
        "amsterdam",
        "auckland",
        "mumbai",
        "singapore",
        "zurich",
        "stockholm",
        "manchester",
        "edinburgh",
    ),
    "late": (
        "late",
        "delay",
        "delayed",
        "slow",
        "overdue",
        "taking forever",
        "still waiting",
        "not arrived",
        "hasn't arrived",
        "never arrived",
    ),
    "lost": ("lost", "missing", "stolen", "never came", "never arrived", "disappeared"),
    "address": ("address", "location", "destination"),
    # power
    "voltage": (
        "voltage",
        "volt",
        "volts",
        "plug",
        "socket",
        "outlet",
        "adapter",
        "adaptor",
        "converter",
        "mains",
        "electrical",
        "wall socket",
        "power supply",
        "transformer",
        "hertz",
    ),
    # damage, faults, repair
    "broken": (
        "broken",
        "broke",
        "break",
        "cracked",
        "crack",
        "damaged",
        "damage",
        "smashed",
        "shattered",
        "dented",
        "chipped",
    ),
    "faulty": (
        "faulty",
        "defective",
        "defect",
        "fault",
        "malfunction",
        "not working",
        "stopped working",
        "doesn't work",
        "dead",
        "won't turn on",
    ),
    "leak": (
        "leak",
        "leaking",
        "drip",
        "dripping",
        "dribble",
        "dribbling",
        "seep",
        "seeping",
        "ooze",
        "oozing",
        "trickle",
        "trickling",
        "spill",
        "spilling",
        "escaping",
        "puddle",
    ),
    "repair": ("repair", "fix", "mend", "service", "servicing", "restore", "refurbish"),
    "part": ("part", "parts", "piece", "spare", "component", "accessory", "replacement part"),
    "lid": ("lid", "top", "cap", "cover"),
    "handle": ("handle", "grip", "portafilter", "group head"),
    "warranty": ("warranty", "guarantee", "guaranteed", "covered", "coverage", "protection plan"),
    # cleaning and care
    "descale": (
        "descale",
        "descaling",
        "limescale",
        "scale build-up",
        "scaling",
        "calcium",
        "mineral",
        "minerals",
        "deposits",
        "build-up",
        "buildup",
        "chalky",
        "crust",
        "crusty",
        "residue",
        "white film",
        "hard water",
    ),
    "clean": ("clean", "cleaning", "wash", "washing", "rinse", "wipe", "scrub", "backflush", "dishwasher"),
    # coffee and kitchen
    "grind": ("grind", "grinder", "grinding", "mill", "milling", "burr", "burrs", "ground"),
    "spice": (
        "spice",
        "spices",
        "pepper",
        "cinnamon",
        "nutmeg",
        "cumin",
        "cardamom",
        "herbs",
    ),
    "kettle": ("kettle", "gooseneck", "boil", "boiling"),
    "espresso": ("espresso", "shot", "extraction", "brew", "brewing"),
    "milk": ("milk", "froth", "frothing", "steam", "steaming", "foam", "latte", "cappuccino", "wand"),
    "temperature": ("temperature", "hot", "warm", "heat", "degrees", "celsius", "fahrenheit", "keep warm"),
    "noise": ("noise", "noisy", "loud", "quiet", "rattle", "rattling", "whine", "grinding noise"),
    "size": (
        "size",
        "big",
        "large",
        "small",
        "dimensions",
        "wide",
        "tall",
        "height",
        "width",
    ),
    "capacity": ("capacity", "hold", "holds", "maximum", "max", "up to", "limit", "how much can"),
    "weight": ("weight", "weigh", "weighs", "heavy", "kilogram", "kilograms", "gram", "grams", "pounds"),
    # time
    "duration": ("how long", "turnaround", "wait", "business days", "processing time", "lead time"),
    "launch": (
        "launch",
        "launched",
        "release",
        "released",
        "introduce",
        "introduced",
        "debut",
        "came out",
        "come out",
        "available since",
        "first sold",
        "announced",
        "publish",
        "published",
    ),
    "hours": ("hours", "open", "opening", "closed", "close", "schedule", "weekend", "weekends", "holiday", "staffed"),
    # orders and accounts
    "change order": ("change", "edit", "modify", "amend", "mistake", "error", "wrong", "typo", "fix my order"),
    "cancel": ("cancel", "cancellation", "call off", "stop my order", "withdraw", "undo"),
    "account": ("account", "login", "log in", "sign in", "password", "profile", "username", "two-factor"),
    "app": ("app", "application", "smartphone", "phone app", "mobile app", "firmware", "software", "update"),
    "privacy": ("privacy", "personal data", "data", "delete my data", "gdpr", "tracking"),
    "subscription": ("subscription", "subscribe", "recurring", "auto-ship", "autoship", "plan", "every month"),
    "bulk": ("bulk", "wholesale", "business", "office", "corporate", "large order", "many units"),
    # people and companies
    "staff": ("staff", "employees", "employee", "team", "workforce", "headcount", "personnel", "workers", "colleagues"),
    "company": ("company", "business", "firm", "founded", "founder", "headquarters", "history"),
    "support": (
        "support",
        "help",
        "contact",
        "customer service",
        "care",
        "agent",
        "representative",
        "rep",
        "helpline",
        "hotline",
        "chat",
        "call",
    ),
    "child": ("child", "children", "kid", "kids", "toddler", "baby", "son", "daughter"),
    "complaint": ("complaint", "complain", "unhappy", "angry", "dissatisfied", "disappointed", "escalate", "manager"),
}

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_SUFFIXES = ("ing", "ed", "es", "s")
_MAX_PHRASE = 4


@lru_cache(maxsize=1)
def _index() -> dict[str, tuple[int, ...]]:
    """Entry (lower case, words joined by one space) -> the groups it belongs to, by position in GROUPS."""
    index: dict[str, set[int]] = {}
    for number, entries in enumerate(GROUPS.values()):
        for entry in entries:
            index.setdefault(" ".join(entry.lower().split()), set()).add(number)
    return {entry: tuple(sorted(groups)) for entry, groups in index.items()}


@lru_cache(maxsize=1)
def _phrase_words() -> dict[str, int]:
    """The first word of each entry of two or more words -> the most words such an entry has: a phrase starting
    with any other word is no entry."""
    longest: dict[str, int] = {}
    for entry in _index():
        first, *rest = entry.split(" ")
        if rest:
            longest[first] = max(longest.get(first, 0), 1 + len(rest))
    return longest


@lru_cache(maxsize=65536)
def _base_forms(word: str) -> tuple[str, ...]:
    forms = [word]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            forms += [stem, stem + "e"]
            if len(stem) > 3 and stem[-1] == stem[-2]:  # "dropped" -> "drop"
                forms.append(stem[:-1])
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    return tuple(forms)


def concepts_in(text: str) -> tuple[int, ...]:
    """The groups ``text`` mentions, one entry per mention (a phrase of up to four words, or a word in any of its
    usual forms), in the order they occur; numbers index :data:`GROUPS`. Not cached: the encoder keeps each text's
    row (``localbedrock.embeddings``), so a text is read here once."""
    index = _index()
    phrase_words = _phrase_words()
    words = _WORD.findall(text.lower())
    found: list[int] = []
    i = 0
    while i < len(words):
        for size in range(min(_MAX_PHRASE, phrase_words.get(words[i], 1), len(words) - i), 1, -1):
            groups = index.get(" ".join(words[i : i + size]))
            if groups:
                found.extend(groups)
                i += size
                break
        else:
            for form in _base_forms(words[i]):
                groups = index.get(form)
                if groups:
                    found.extend(groups)
                    break
            i += 1
    return tuple(found)
