"""What a question asks: the kind of value, the entities it is about, the words that say which attribute, and
whether it needs two values combined (a total, a difference, a comparison)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from localbedrock.lexicon import STOP_WORDS, content_terms
from localbedrock.reading import values

# Words that frame a question without saying what it is about.
_FRAME = frozenset(
    content_terms(
        "answer context document documents passage passages provided based according following text using source "
        "sources information cite citing search results tell know please question much many long often soon "
        "exactly currently current today now still actually kind sort i'd i'll i'm i've someone somebody something "
        "anything everything anyone usually normally typically would like got get take takes live living wondering "
        "wonder want wanted need needed after before during since while once upon"
    )
)
# Words a kind of value already says: a sentence holding a price answers "cost" without the word.
_IMPLIED = {
    "price": frozenset(content_terms("price cost pay paid charge spend fee amount set back")),
    "duration": frozenset(content_terms("long time soon quick quickly fast period")),
    "date": frozenset(content_terms("date day time year")),
    "time": frozenset(content_terms("time hours hour open")),
    "count": frozenset(content_terms("number many count")),
    "quantity": frozenset(content_terms("big large size amount")),
    # "Which town should I travel to?": the kind of place is the value, not a word the sentence must use
    "place": frozenset(content_terms("place places location town city state country located based")),
}
# Words a narrower unit already says: "how much water does it hold" asks for a volume, which "Capacity: 0.9
# liters" holds. Not a mass: "how much does it weigh" is not answered by a capacity, nor by "150 grams of coffee".
_IMPLIED_BY_DIMENSION = {
    "volume": frozenset(content_terms("volume capacity hold holds")),
    "loudness": frozenset(content_terms("loud noise decibels")),
    "temperature": frozenset(content_terms("temperature hot")),
    "pressure": frozenset(content_terms("pressure")),
    "power": frozenset(content_terms("power wattage voltage")),
}
# The verbs a question asking whether opens with (and "had"): "Is it ...?", "Will the driver ...?"
_AUXILIARY = r"(?:is|are|was|were|do|does|did|can|could|will|would|should|may|must|has|have)"
# "When my order shows up, will ...?": a clause that says when (or if), then a question asking whether
_WHEN_CLAUSE = re.compile(rf"(?:^|(?<=[.!?]\s))\W*(?:when|if|once|after|before)\b[^,?]*,\s*(?={_AUXILIARY}\b)", re.I)
_YES_NO = re.compile(rf"^(?:{_AUXILIARY}|had)\b", re.I)
_QUESTION_WORDS = frozenset(
    [
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "must",
        "has",
        "have",
        "had",
        "i",
        "my",
        "if",
        "as",
        "in",
        "for",
        "on",
        "at",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "please",
        "tell",
    ]
)
_ENTITY = re.compile(
    r"\b(?:[A-Z][A-Za-z0-9'\u2019-]*|[A-Z]{2,}-[A-Z0-9]+)(?:\s+(?:[A-Z][A-Za-z0-9'\u2019-]*|\d+(?:\.\d+)?|of|de|du))*"
    r"(?:\s+\d+(?:\.\d+)?)?"
)
_AS_OF = re.compile(
    r"\b(?:as of|on|in|back in|during|before|until|at the start of)\s+((?:[A-Z][a-z]+\s+)?"
    r"(?:\d{1,2},?\s+)?(?:19|20)\d{2}(?:-\d{2}-\d{2})?)",
    re.I,
)

# What a "... time" is the length of ("the pre-infusion time", "the delivery time"), not a time of day.
_PROCESS = (
    r"(?:pre-?infusion|brew(?:ing)?|heat(?:ing)?(?:-up)?|warm(?:ing)?-?up|charg(?:e|ing)|delivery|shipping|"
    r"processing|transit|wait(?:ing)?|turnaround|repair|lead|install(?:ation)?|update|steeping|extraction|"
    r"response|resolution|refund|cooling|descaling|cycle|run(?:ning)?|auto-?off|shut-?off|switch-?off|idle|standby|"
    r"boil(?:ing)?|grind(?:ing)?|recharge|reset|setup|set-?up|drying|soak(?:ing)?)"
)

_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "what number" is a phone number only when it is to call ("What number should I start at?" asks a setting)
    (
        "phone",
        re.compile(
            r"\bphone number\b|\bnumber (?:do i|should i|to) (?:call|ring|text)\b"
            r"|\bwhat number\b(?=.*\b(?:call|ring|text|phone|dial|reach)\b)",
            re.I,
        ),
    ),
    ("email", re.compile(r"\bemail address\b|\bwhich email\b|\bwhat email\b", re.I)),
    # "Which firmware version turned on the paddle?", "What's the newest version of the app I can run?"
    (
        "version",
        re.compile(
            r"\b(?:which|what)(?:'s| is| was| were| are)?\s+(?:the\s+)?(?:(?:newest|latest|oldest|earliest|first|last|"
            r"minimum|lowest|highest|current|required|most recent)\s+)?(?:(?:app|firmware|software|ios|android|os|"
            r"operating system)\s+)?(?:versions?|releases?)\b"
            r"|\bwhich (?:(?:app|firmware|software)\s+)?(?:firmware|update)\b|\bversion number\b",
            re.I,
        ),
    ),
    # "How long does the battery last on a charge?": the question word decides before a price word does.
    (
        "duration",
        re.compile(
            r"^(?:[^,]*,\s*)?how (?:long|soon|often|quickly)\b"
            r"|\bhow many (?:more |fewer |extra |additional )?(?:business |working |calendar )?"
            r"(?:days|hours|minutes|weeks|months|years)\b"
            r"|\bhow far (?:in advance|ahead|back|out)\b",
            re.I,
        ),
    ),
    (
        "quantity",
        re.compile(
            r"\bhow many (?:milli|centi|kilo)?(?:met(?:er|re)s|grams|liters|litres|watts|volts|degrees)\b", re.I
        ),
    ),
    ("percent", re.compile(r"\bwhat percent(?:age)?\b|\bhow many percent\b|\bwhat share\b|\bwhat rate\b", re.I)),
    (
        "price",
        re.compile(
            r"\bhow much (?:does|do|did|is|are|was|were|will|would|should|to|it|for|more|less|cheaper)\b"
            r"(?!.*\b(?:water|coffee|"
            r"beans|milk|weigh|hold|space|time|longer|power|ground))"
            r"|\b(?:price|prices|priced|cost|costs|costing|fee|fees|charge|charges|charged|pay|paid|spend|set me back|"
            r"what amount|(?:biggest|largest|highest|maximum|max|smallest|lowest|minimum) (?:dollar )?amount|"
            r"cheaper|pricier|more expensive|less expensive|cheapest|expensive|refund amount|credit|total)\b"
            r"|\bworth\b(?!\s+(?:it|the|buying|getting|a try|waiting))",  # "what are 1,000 points worth"
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            r"\bhow (?:long|soon|quickly|often|fast)\b|\bhow many (?:more |fewer |extra |additional )?"
            r"(?:business |working )?(?:days|hours|minutes|weeks|"
            r"months|years)\b|\bwithin what\b|\bwhat (?:is|'s) the (?:return |warranty )?(?:window|period|term)\b"
            r"|\b(?:window|period)\b.*\bhow\b|\bhow much time\b|\bdoes it take\b"
            # "how much longer does the update take" (not "take a card", "take effect")
            r"|\b(?:does|do|will|would)\b[^?,]{0,60}\btake\b"
            r"(?!\s+(?:a|an|the|my|your|it|them|cards?|returns?|effect|place|part|care|advantage|back)\b)"
            rf"|\b{_PROCESS} times?\b|\btime-?outs?\b",
            re.I,
        ),
    ),
    (
        "time",
        re.compile(
            r"\bwhat time\b|\bwhat hours\b|\bwhich hours\b|\bopening hours\b|\bopen (?:on|at)\b|\bhours\b", re.I
        ),
    ),
    (
        "date",
        re.compile(
            # "when" as the question word, not in a clause ("when I box it up to send it in")
            rf"^\W*when\b(?![^,?]*,\s*{_AUXILIARY}\b)"
            r"|[,;:]\s*when\b|\bwhen (?:is|are|was|were|will|would|does|do|did|can|could|should|must|has|"
            r"have|might)\b|\bwhat date\b|\bwhich date\b|\bwhat day\b|\bwhich day\b|\bby when\b|\buntil when\b|"
            r"\bsince when\b|\bwhat year\b|\bwhich year\b|\bdeadline\b|\bcutoff\b",
            re.I,
        ),
    ),
    (
        "quantity",
        re.compile(
            r"\bhow (?:big|heavy|large|hot|loud|powerful|fine|coarse|precise|close|near|wide|tall|"
            r"far(?! (?:in advance|ahead|back|out)\b)|"
            r"much (?:water|coffee|beans|milk|ground))\b"
            # "how much padding do I need": a measure, unless the word is money, time or a comparative
            r"|\bhow much (?!(?:money|cash|credit|refund|discount|time|more|less|extra|[a-z]+er)\b)[a-z]+ "
            r"(?:do|does|did|should|will|would|can|must|is|are)\b"
            r"|\b(?:capacity|weigh|weighs|weight|volume|size|dimensions|wattage|power|voltage|temperature|pressure|"
            r"decibels|resolution)\b|\bhow much .*\b(?:hold|make)\b",
            re.I,
        ),
    ),
    ("count", re.compile(r"\bhow many\b|\bnumber of\b", re.I)),
    ("person", re.compile(r"\bwho\b|\bwhose\b|\bwhich (?:person|manager|lead|executive)\b", re.I)),
    (
        "name",
        re.compile(
            r"\b(?:which|what) (?:carrier|company|courier|brand|partner|provider|roaster|app|service)\b|"
            r"\bwhat is the name\b|\bwhat is .* called\b",
            re.I,
        ),
    ),
    ("place", re.compile(r"\bwhere\b|\bwhich (?:city|town|state|country|countries|warehouse)\b", re.I)),
)
_DIMENSION = (
    ("mass", re.compile(r"\bweigh|\bheav(?:y|ier)\b|\blighter\b|\bweight\b|\b(?:kilo)?grams\b", re.I)),
    (
        "volume",
        re.compile(
            r"\bvolume\b|\bhow much (?:water|milk)\b|\bholds? (?:more|less) (?:water|milk)\b"
            r"|\btank\b|\b(?:milli)?lit(?:er|re)s\b",
            re.I,
        ),
    ),
    ("capacity", re.compile(r"\bcapacity\b", re.I)),  # a volume or a mass, as the thing holds
    (
        "length",
        re.compile(
            r"\b(?:milli|centi)?met(?:er|re)s\b|\bwider\b|\bnarrower\b|\btaller\b|\bhow long (?:is|are)\b"
            r"|\bhow (?:close|far(?! (?:in advance|ahead|back|out)\b)|near|wide|tall)\b",
            re.I,
        ),
    ),
    ("loudness", re.compile(r"\bloud|\bdecibel|\bnoise\b", re.I)),
    ("temperature", re.compile(r"\btemperature\b|\bhow hot\b", re.I)),
    ("pressure", re.compile(r"\bpressure\b", re.I)),
    ("energy", re.compile(r"\benergy (?:rating|class|label)\b", re.I)),
    ("power", re.compile(r"\bwattage\b|\bpower\b|\bvoltage\b", re.I)),
)
_SUM = re.compile(r"\b(?:total|together|combined|in all|altogether|sum|both|plus)\b", re.I)
# a duration summed: "in total", "altogether", "combined" (not "both", "plus": "how long do both take" may ask each)
_DURATION_SUM = re.compile(r"\b(?:in total|altogether|combined|in all)\b", re.I)
# "How many hours is the phone line open on Saturdays?": opening hours ("10 a.m. to 4 p.m.") as a number of hours
_OPEN_HOURS_ASKED = re.compile(
    r"\bhow many (?:more |fewer |extra )?hours\b(?=[^?]*\b(?:open|staffed|available|answered|reach|run|runs|operates?|"
    r"on duty)\b)|\bhow long\b[^?]*\bopen\b",
    re.I,
)
_COMPARATIVES = r"(?:larger|smaller|longer|shorter|bigger|heavier|lighter|higher|lower|wider)"
_DIFFERENCE = re.compile(
    # "the price difference between", not "refunds the difference" (money owed back, asked about otherwise)
    r"\bhow much (?:more|less|cheaper|dearer)\b|\bdifference (?:between|in|of)\b|\bwhat(?:'s| is) the difference\b"
    r"|\bhow (?:many|much) (?:[\w-]+ ){0,2}(?:more|fewer|extra)\b|\bmore than\b|"
    r"\bless than\b|\bhow much (?:[\w']+ ){0,3}save\b|\bsave (?:by|if)\b"
    rf"|\bhow (?:many|much) (?:[\w-]+ ){{0,2}}{_COMPARATIVES}\b|\b{_COMPARATIVES} than\b",
    re.I,
)
# "Which is ready first, A or B?": the one that takes less time
_SOONER_WORDS = r"sooner|quicker|faster|(?:ready|done|finished|arrives?|there|boils?) first"
_SOONER = re.compile(rf"\b(?:{_SOONER_WORDS})\b", re.I)
_COMPARE = re.compile(
    r"\b(?:which|who|what)\b.*\b(?:cheaper|cheapest|less expensive|more expensive|pricier|dearer|costs? (?:more|less)|"
    rf"longer|shorter|bigger|larger|smaller|heavier|lighter|slower|more|fewer|higher|lower|most|least|{_SOONER_WORDS})\b",
    re.I,
)
_LOWER_WINS = re.compile(
    r"\b(?:cheaper|cheapest|less expensive|costs? less|shorter|smaller|lighter|fewer|lower|least|faster|sooner|"
    r"quicker|first)\b",
    re.I,
)
# "How long is the power cord on the kettle?" asks for a length; "How long is the filter good for?" for a time.
# "How long can the gift message be?" asks for a length too (in characters).
_PHYSICAL_LENGTH = re.compile(
    r"\bhow long (?:is|are) (?:the|a|an|its|your|my)\s+(?:[\w-]+\s+){0,2}(?:cord|cable|hose|wand|spout|handle|tube|"
    r"pipe|lead|strap|carafe|box|counter|shelf|base|filter)s?\b(?=\s*(?:\?|$|,|on\b|of\b|in\b|that\b))"
    r"|\bhow long (?:can|could|may|should|must) (?:the|a|an|my|your|its)\b[^?]*\bbe\s*\?",
    re.I,
)
# "How much larger are A's burrs than B's?": the comparative says the kind of value when nothing else does.
_COMPARATIVE_KIND = re.compile(
    rf"\bhow (?:much|many) (?:[\w-]+ ){{0,2}}(?P<word>{_COMPARATIVES})\b|\b(?P<than>{_COMPARATIVES}) than\b", re.I
)
# A holiday names a date, not a thing the passages must name ("before Christmas 2026"); whole names only, so a
# product called "Black Pearl" or "New Wave" is still an entity.
_HOLIDAY = re.compile(
    r"^(?:christmas|easter|thanksgiving|halloween|hanukkah|diwali|ramadan|eid|new year(?:'s)?|black friday|"
    r"cyber monday|labou?r day|memorial day|independence day|valentine's day|boxing day)\b",
    re.I,
)
_POSSESSIVE = re.compile(r"(?<=\w)['\u2019]s\b")
_MEASURE_ADJECTIVES = frozenset(["long", "wide", "tall", "high", "deep", "old", "big", "large", "heavy"])
_CLOCK_ASKED = re.compile(r"\b(?:what|which|at what) time\b", re.I)
# "How often should I descale?", "How long between descales?": asks for an interval, which "every 3 months" gives
_HOW_OFTEN = re.compile(r"\bhow (?:often|frequently)\b|\bbetween\b|\bintervals?\b|\bfrequency\b|\bevery\b", re.I)
_TAKES = re.compile(r"\b(?:take|takes|took|taking)\b", re.I)
_MARGIN = re.compile(r"\bby how (?:much|many)\b|\band how (?:much|many) (?:more|less|bigger|smaller)\b", re.I)
_BETWEEN_DATES = re.compile(r"\bhow many days (?:are there )?(?:between|from|after|before|until)\b", re.I)


@dataclass(frozen=True)
class Question:
    text: str
    kind: str | None  # a key of values.PATTERNS, or None for a question that asks for no particular kind of value
    dimension: str | None  # the narrower unit asked for ("mass" for "how heavy"), or None
    yes_no: bool
    terms: frozenset[str]  # content terms that say what is asked
    entities: tuple[str, ...]  # named things the question is about, lower case ("ember kettle 2")
    operation: str | None  # "sum", "difference", "compare", "days-between" or None
    lower_wins: bool  # for "compare": the smaller value answers ("which is cheaper")
    as_of: date | None  # "As of March 2025, ...": the versions in force then answer
    named_numbers: frozenset[str] = field(default_factory=frozenset)  # numbers in the question ("Kettle 2")
    years: frozenset[str] = field(default_factory=frozenset)  # years asked about, other than an "as of" date
    counted: str | None = None  # for "how many X": the stem of X, which a count must be a count of
    hours_open: bool = False  # "How many hours is the line open?": opening hours asked as a number of hours
    scene: frozenset[str] = field(default_factory=frozenset)  # terms only the sentences before the asking one use
    clock: bool = False  # "What time does the shift start?": a time of day, which a date does not give
    once: bool = False  # a duration that is no interval ("how long does descaling take", not "how often")
    takes: bool = False  # the time a process takes ("how long does it take to charge")
    margin: bool = False  # a comparison asked "by how much"

    @property
    def attribute_terms(self) -> frozenset[str]:
        """The question's terms that are not part of a named entity nor said by the kind of value asked ("cost"
        for a price): what is asked about the entity."""
        entity_terms = {t for e in self.entities for t in content_terms(e)}
        asked = self.terms - entity_terms - _IMPLIED.get(self.kind or "", frozenset())
        asked -= _IMPLIED_BY_DIMENSION.get(self.dimension or "", frozenset())
        return frozenset(t for t in asked if len(t) > 1 and not t.isdigit())  # "2 a.m." names a time, not a topic


def _starts_sentence(text: str, at: int) -> bool:
    return not text[:at].strip() or text[:at].rstrip()[-1] in '.?!:;"('


def entities_in(text: str) -> tuple[str, ...]:
    """Named things in ``text``, lower case: capitalised phrases (a sentence's first word only when the phrase goes
    on: "Ember Kettle 2", not "Someone"), product codes."""
    found: list[str] = []
    for m in _ENTITY.finditer(text):
        phrase = m.group().strip()
        words = phrase.split()
        if _starts_sentence(text, m.start()):
            words = words[1:] if len(words) == 1 or words[0].lower() in _QUESTION_WORDS else words
        while words and (words[0].lower() in _QUESTION_WORDS or words[0].lower() in STOP_WORDS):
            words = words[1:]
        while words and words[-1].lower() in {"of", "de", "du"}:
            words = words[:-1]
        if not words:
            continue
        phrase = " ".join(words).removesuffix("'s").removesuffix("\u2019s")
        if len(phrase) > 1 and not re.fullmatch(r"[\d.,]+|I|I'm|I'd|I've", phrase) and not _month_or_day(phrase):
            found.append(phrase.lower())
    return tuple(dict.fromkeys(found))


def _month_or_day(phrase: str) -> bool:
    first = phrase.split()[0].lower()
    return (
        first in {m.lower() for m in values.MONTHS}
        or first.rstrip("s") in {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
        or first in {"q1", "q2", "q3", "q4", "as", "ok", "yes", "no"}
        or bool(_HOLIDAY.match(phrase))
    )


@lru_cache(maxsize=4096)
def analyse(text: str) -> Question:
    """Read a question (a pure function of its text, so kept: the same question comes with many prompts)."""
    cleaned = text.strip()
    as_of = None
    m = _AS_OF.search(cleaned)
    if m and re.match(r"\s*(?:as of|back in)\b", cleaned[m.start() :], re.I):
        as_of = values.parse_date(m.group(1)) or _year_start(m.group(1))
    kind = _kind(cleaned) or _comparative_kind(cleaned)
    named_dimension = next((name for name, pattern in _DIMENSION if pattern.search(cleaned)), None)
    dimension = named_dimension
    if kind != "quantity" and dimension not in ("energy", "loudness"):
        dimension = None
    if dimension in ("energy", "loudness"):
        kind = "quantity"
    plain = _AS_OF.sub(" ", cleaned).lstrip(" ,") if as_of else cleaned
    last_clause = re.split(r",\s+", plain)[-1]  # "If the price drops, do I lose out?" asks whether
    # "When my order shows up, will the driver ask me for money?": a clause that says when, then asks whether
    unclaused = _WHEN_CLAUSE.sub("", plain)
    yes_no = bool(_YES_NO.match(plain) or _YES_NO.match(last_clause)) and not re.search(
        r"\b(?:how|what|which|when|where|who)\b", unclaused, re.I
    )
    if yes_no and kind in ("count", "place", "person", "name"):
        kind = None  # "Did Kettlewick deliver to Alaska?" asks whether, not where
    operation = None
    if _BETWEEN_DATES.search(cleaned):
        operation, kind = "days-between", "date"
    elif _COMPARE.search(cleaned) and (" or " in cleaned or " and " in cleaned or " than " in cleaned):
        operation = "compare"
        if kind is None and _SOONER.search(cleaned):
            kind = "duration"  # "which is ready first": the one that takes less time
        if kind is None:  # "Which holds more water, A or B?": a measure, of the dimension named if one is
            kind, dimension = "quantity", named_dimension
    elif _DIFFERENCE.search(cleaned) and kind in ("price", "duration", "quantity", "count"):
        operation = "difference"
    elif _SUM.search(cleaned) and kind == "price":
        operation = "sum"
    elif _DURATION_SUM.search(cleaned) and kind == "duration":
        operation = "sum"  # "how many minutes will the two updates take in total"
    # An "as of" date names the version, not what is asked; a possessive names its owner ("the Duo's boiler").
    terms = frozenset(content_terms(_POSSESSIVE.sub("", plain))) - _FRAME
    if kind == "price":  # "which is cheaper", "what do I pay": asks for the price
        terms |= frozenset(content_terms("price"))
    named = frozenset(re.findall(r"\d+(?:\.\d+)?", cleaned))
    years = frozenset(re.findall(r"\b(?:19|20)\d{2}\b", plain))
    counted = None
    many = re.search(
        r"\bhow many ((?:[\w'-]+ ){0,3}?[\w'-]+?)(?= (?:are|is|do|does|did|can|could|will|would|have|has|had|"
        r"there|must|should|may)\b|\?|$)",
        plain,
        re.I,
    )
    if kind == "count" and many:
        # the counted noun, not a measure word after it ("how many characters long is the code")
        named_words = [w for w in many.group(1).split() if w.lower() not in _MEASURE_ADJECTIVES] or [""]
        counted = next(iter(content_terms(named_words[-1])), None)
    entities = entities_in(cleaned)
    return Question(
        cleaned,
        kind,
        dimension,
        yes_no,
        terms,
        entities,
        operation,
        bool(_LOWER_WINS.search(cleaned)),
        as_of,
        named,
        years,
        counted,
        kind == "duration" and bool(_OPEN_HOURS_ASKED.search(cleaned)),
        terms - frozenset(content_terms(_POSSESSIVE.sub("", asking_sentence(plain)))),
        kind == "time" and bool(_CLOCK_ASKED.search(cleaned)),
        kind == "duration" and not _HOW_OFTEN.search(cleaned),
        kind == "duration" and bool(_TAKES.search(cleaned)),
        bool(_MARGIN.search(cleaned)),
    )


# "Until what date can I return it, and how much is deducted for the label?": two questions asked in one. The
# second starts after "and" with words that ask (a yes/no opening only after a comma: "Can I return it and get a
# refund?" is one question).
_SECOND_QUESTION = re.compile(
    r",?\s+and\s+(?:(?:if (?:not|so)|then|also),?\s+)?"
    r"(?=(?:about\s+)?(?:what|which|who|whose|when|where|how|until when|within what|by when)\b)"
    r"|,\s+and\s+(?:(?:if (?:not|so)|then|also),?\s+)?(?=(?:is|are|can|does|do|will|would|should|must)\s)",
    re.I,
)
_BY_HOW_MUCH = re.compile(r"^(?:by )?how (?:much|many)(?: more| less)?\s*\??$", re.I)
# Pronouns and auxiliaries are stop words already; "one" ("and which one is cheaper?") is not.
_REFERS_BACK = frozenset(content_terms("one"))


def parts(text: str) -> tuple[str, ...]:
    """The questions one question asks: two when its asking sentence joins two with "and" ("..., and how much is
    deducted for the label?"), each after the sentences that set the scene, the second after the first; itself
    otherwise. A second part that only refers back ("and by how much?", "and how many does it have?") stays with the
    first: it asks for more of the same answer."""
    sentences = _ASKING_SENTENCE.split(text.strip())
    at = next((i for i in range(len(sentences) - 1, -1, -1) if "?" in sentences[i]), len(sentences) - 1)
    asking = sentences[at]
    m = _SECOND_QUESTION.search(asking)
    if m is None:
        return (text,)
    first, second = asking[: m.start()].rstrip(" ,"), asking[m.end() :].strip()
    own = set(content_terms(second)) - _FRAME - _REFERS_BACK
    if _BY_HOW_MUCH.match(second) or not own or len(first.split()) < 3:
        return (text,)
    scene = " ".join(sentences[:at])
    first = f"{first[0].upper()}{first[1:]}{'' if first.endswith('?') else '?'}"
    second = f"{second[0].upper()}{second[1:]}"
    # the second is read after the first, as it was asked ("Do you ship to Hawaii now? What does it cost?")
    return (f"{scene} {first}".strip(), f"{scene} {first} {second}".strip())


_ASKING_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
# Words that ask (a question word and what it asks for), as against a topic word that only names what it is about.
_ASKING_WORDS = re.compile(r"(?:how|what|which|when|who|whose|where|within what|by when|until when|since when)\b", re.I)


def asking_sentence(text: str) -> str:
    """The sentence that asks (the last with a question mark), after any that tell the story."""
    sentences = _ASKING_SENTENCE.split(text.strip())
    return next((sentence for sentence in reversed(sentences) if "?" in sentence), sentences[-1])


def _kind(text: str) -> str | None:
    """The kind of value asked: the one the question's words say first ("How many reports had we received when
    the program was announced?" asks for a count, not a date); the table's order breaks a tie. When a question
    tells its story first ("I got credit for my old machine. How long do I have to send it?"), the sentence that
    asks decides, and the story only when that sentence says no kind."""
    asking = asking_sentence(text)
    return _kind_in(asking) or (_kind_in(text) if asking != text.strip() else None)


def _kind_in(text: str) -> str | None:
    """The kind the asking words say ("within how many days ... the difference" asks for days, though "price" comes
    first); a topic word ("price", "capacity") decides only when no asking words do. Earliest first within each."""
    asking: list[tuple[int, int, str]] = []
    topic: list[tuple[int, int, str]] = []
    for i, (name, pattern) in enumerate(_KINDS):
        for m in pattern.finditer(text):
            found = asking if _ASKING_WORDS.match(m.group().lstrip(" ,;:")) else topic
            found.append((m.start(), i, name))
    if not asking and not topic:
        return None
    kind = min(asking or topic)[2]
    if kind == "duration" and _PHYSICAL_LENGTH.search(text):
        return "quantity"  # "How long is the power cord?" asks for a length
    return kind


def _comparative_kind(text: str) -> str | None:
    """For a difference asked with a comparative and no other word for the kind: a measure ("how much larger"),
    or a time when it is about taking or lasting longer ("how much longer does the update take")."""
    m = _COMPARATIVE_KIND.search(text)
    if not m or not _DIFFERENCE.search(text):
        return None
    word = (m.group("word") or m.group("than")).lower()
    if word in ("longer", "shorter") and re.search(
        r"\b(?:take|takes|last|lasts|wait|keep|keeps|stay|run)\b", text, re.I
    ):
        return "duration"
    return "quantity" if word not in ("higher", "lower") else None


def _year_start(text: str) -> date | None:
    m = re.search(r"(?:19|20)\d{2}", text)
    return date(int(m.group()), 12, 31) if m else None
