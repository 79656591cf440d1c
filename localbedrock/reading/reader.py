"""A grounded answer from the passages a prompt supplies, as a capable reader gives it, then degraded per model.

The reader (1) reads each passage into sentences under their headings and notes which document and which date it
comes from; (2) keeps, among versions of one document, the newest (or the one in force on the date the question
asks about); (3) ranks sentences by how well they answer: shared words (rarer ones weigh more), closeness in meaning
(localbedrock's embedder), whether the sentence is about the entity asked and holds the kind of value asked for;
(4) decides answerability from the best sentence (about the entity asked, holding the kind of value asked, covering
what is asked about it), never from similarity alone; (5) combines two values for totals, differences and
comparisons. The model's :class:`~localbedrock.reading.profiles.ReadingProfile` then applies, with draws seeded by
the request, what real models do at measured rates: losing a passage in the middle of a long context, preferring an
older version (small models), guessing instead of abstaining, mixing in a value no passage states.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from localbedrock import chance
from localbedrock.catalog import ModelProfile
from localbedrock.lexicon import STOP_WORDS, content_terms, stem, words
from localbedrock.prompt import Passage
from localbedrock.reading import values
from localbedrock.reading.adjust import adjusted_price
from localbedrock.reading.compose import composed, still_needed
from localbedrock.reading.documents import ReadPassage, Sentence, features, mentions, read_passage
from localbedrock.reading.hours import compared_hours
from localbedrock.reading.matching import similarities, word_bands
from localbedrock.reading.people import people_in, role_asked, role_of
from localbedrock.reading.profiles import ReadingProfile, profile_for
from localbedrock.reading.question import Question, analyse, asking_sentence, entities_in, parts
from localbedrock.reading.ranges import in_range
from localbedrock.tokens import count_tokens

# What counts as an answer (tuned on the reading set's dev split; _ANSWERS_MIN on the read splits dev, fresh3, fresh5).
_SUPPORT_MIN = 0.3  # share of what is asked about the entity that the sentence covers (words or meaning)
_ANSWERS_MIN = 0.25  # the same, for the best sentence to answer a question that asks no kind of value
_SUPPORT_MIN_HOLDING = 0.22  # the same, for a sentence holding the kind of value asked for
_SEMANTIC_FLOOR, _SEMANTIC_FULL = 0.2, 0.7  # a sentence's cosine with the question, mapped onto 0..1 for ranking
_SEMANTIC_WEIGHT = 0.8
_WORD_SAME, _WORD_NEAR = 0.55, 0.42  # a word this close to an asked word stands in for it fully / partly
_BAND_WEIGHTS = np.array([0.0, 0.6, 1.0])  # what a word counts for: not near, near, the same
_CONTEXT_WEIGHT = 0.6  # a question word found only in the headings above a sentence counts this much
_UNKNOWN_WEIGHT = 0.3  # an asked word no passage uses, nor a word close to it, counts this much towards support
_HOLDS_BONUS, _ABOUT_BONUS, _OFF_ENTITY_PENALTY = 0.5, 0.3, 0.8
_FOCUS_WEIGHT = 0.6
_QUARTER = re.compile(r"\bQ[1-4]\b")
_ROW = re.compile(r"[A-Z][\w'\u2019 -]{0,30}:\s")  # a table row or a labelled line, as passages are read
_KIND_BONUS = 0.3  # a sentence about the kind of thing asked about (its name's last word), not the thing itself
_LABEL_BONUS = 0.5  # a "Label: value" line whose label is what is asked
_PASSING_PENALTY = 0.4
_LOOSE_COUNT = 0.3
_SHARE = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.I)
_OTHER_MEASURE = 0.3  # how clearly "150 grams of coffee" holds the weight asked of something else
# What a measure measures: "150 grams of coffee", "a 58 mm tamper", "a 0.5-liter brew boiler".
_MEASURED = re.compile(
    r"\s+(?:of\s+)?(?!(?:of|for|to|up|and|or|in|at|per|each|with|from|a|an|the|above|below|over|under|instead|when|if|"
    r"while|as|than|but|so|then|is|are|was|were|on|by|about|more|less|plus|minus)\b)([A-Za-z][\w'-]*(?:\s+[A-Za-z]"
    r"[\w'-]*){0,2})",
    re.I,
)
# A question about what happened, and words that give only what was expected or aimed at.
_ACTUAL = re.compile(r"\b(?:actually|in fact|in the end|ended up|turned out|achieved|really)\b", re.I)
_HOPED = re.compile(
    r"\b(?:expects?|expected|expecting|targets?|targeted|goals?|aims?|aimed|plans?|planned|forecasts?|projected|"
    r"estimates?|estimated|hopes?|hoped|intends?|intended)\b",
    re.I,
)
# Nouns that name the thing itself, not another it is a measure of ("the 120-volt versions", "a 1.5-liter model").
_SAME_THING = re.compile(r"(?:versions?|models?|units?|types?|variants?|editions?|options?|kind)\b", re.I)
# Words whose opposite in a sentence says it is about the other thing ("hot foam" does not answer "cold foam"). Not
# pairs whose words are often verbs ("used to", "does the battery last").
_OPPOSITES = dict(
    pair
    for a, b in [
        ("hot", "cold"),
        ("minimum", "maximum"),
        ("domestic", "international"),
        ("inside", "outside"),
        ("weekday", "weekend"),
        ("weekdays", "weekends"),
        ("morning", "evening"),
        ("early", "late"),
        ("single", "double"),
        ("wet", "dry"),
        ("light", "dark"),
        ("iced", "hot"),
    ]
    for pair in ((a, b), (b, a))
)
_EXISTENCE = re.compile(
    r"^(?:is there|are there|do you (?:offer|have|sell|give|run)|does (?:\w+ ){1,3}(?:offer|have|sell|give|run))\b",
    re.I,
)
_VERSION_ASKED = re.compile(r"\b(?:version|firmware|v)\s?(\d+(?:\.\d+)+|\d+)\b", re.I)
_CLEAR = 0.7  # a value this clear answers before weaker forms ("8 a.m. to 8 p.m." before "closed on Sundays")
_HOLDS_MIN = 0.5  # a typed question is answered by a sentence holding its kind of value at least this clearly
_SCENE_WEIGHT = 0.5  # a word only the sentences before the asking one use counts this much
_NEIGHBOUR_WEIGHT = 0.7  # what a neighbouring sentence covers counts this much
_GUESS_MIN = 0.3  # a guess needs a sentence covering this much of what is asked
_CLOSE = 0.9  # a second sentence is given when it ranks this close to the first
# The kinds of value that answer a kind asked, and how clearly (any other kind is answered by itself alone): a time
# answers "when" as a date does, and a time span less clearly ("When do points expire?" -- "after 18 months").
_ACCEPTS: dict[str, tuple[tuple[str, float], ...]] = {
    "date": (("date", 1.0), ("time", 1.0), ("duration", 0.7)),
    "time": (("time", 1.0), ("date", 1.0)),
    "clock": (("time", 1.0),),  # "What time does the second shift start?" is not answered by a date
}
_HISTORY = re.compile(r"(?:\bwas|\bfrom|\binstead of|\bpreviously|\bformerly|\bdown from|\bup from|\bold)\s*$", re.I)
# A change told as a range: "the return window grew from 45 to 60 days" (the value now is the second).
_CHANGED = re.compile(
    r"\b(?:grew|grown|rose|risen|went|gone|increased|decreased|fell|fallen|dropped|changed|moved|extended|raised|"
    r"lowered|cut|reduced|shortened|lengthened|doubled)\s+from\s+$",
    re.I,
)
_RANGE_END = re.compile(r"(?:\s?(?:-|to)\s?)([$\u20ac\u00a3]?\d[\d,]*(?:\.\d+)?)")
_LOCATIVE = re.compile(r"\b(?:in|to|from|at|near|around|into)\s+(?:the\s+)?$", re.I)
_CODE = re.compile(r"(?=[\w-]*[a-z])(?=[\w-]*\d)[a-z\d]+(?:-[a-z\d]+)*")  # letters and digits: an error code, a serial
_LABELLED = re.compile(r"^([A-Z][\w'\u2019 -]{1,30}):\s+([^;]+?)\.?$")
# A value that reads after "is": an amount ("$129", "up to 60 minutes") or a short phrase without a verb of its own;
# "keeps water at ..." or "the kettle switches off if ..." stays as the labelled line it is.
_NOUN_VALUE = re.compile(
    r"(?:(?:up to|about|around|from|over|under|at least|at most)\s+)?[$\u20ac\u00a3]?\d"
    r"|(?!\S*s\b)(?!.*\b(?:if|when|while|that|which|because|unless)\b)(?:\S+\s+){0,4}\S+$",
    re.I,
)
_INSTRUCTED = re.compile(
    r"\bonly (?:use |from |on |the |information |using |based )|\busing only\b|\b(?:based|relying) (?:only|solely)\b"
    r"|\bsolely\b|\bnot (?:in|contained in|found in|covered by) the (?:context|documents?|passages?|search results|"
    r"information)\b|\bdo(?:es)? not contain\b"
    r"|\b(?:say|answer|reply|respond with|state)\b[^.\n]{0,30}\b(?:don't|do not) know\b|\bdon't (?:make up|guess)"
    r"|\bdo not (?:make up|guess|use (?:prior|outside|your own))|\bnot prior knowledge\b"
    r"|\bcould not find\b",
    re.I,
)


@dataclass(frozen=True)
class Reading:
    """The answer's sentences and the passage each comes from; ``abstained`` when the passages do not answer."""

    sentences: tuple[str, ...]
    refs: tuple[str, ...]
    abstained: bool


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    score: float
    support: float
    holds: float  # how clearly it holds the kind of value asked (0 = not at all)
    about: bool
    titled: bool = False  # in the document (or under the heading) of the entity asked about


def instructed_to_abstain(instructions_text: str) -> bool:
    """Whether the prompt tells the model to answer only from the context (or to say it does not know)."""
    return bool(_INSTRUCTED.search(instructions_text))


def read(
    passages: list[Passage],
    query: str,
    instructions_text: str,
    model: ModelProfile,
    wanted: int = 0,
    *,
    whole: bool = True,
) -> Reading:
    """Answer ``query`` from ``passages`` as ``model`` would (``wanted`` sentences when the prompt asks for more).
    A step of a larger question (``whole`` false) is read without the model's chance lapses (declining what it
    could answer, guessing what it cannot): the question as asked has them once."""
    profile = profile_for(model)
    seed = hashlib.blake2b(
        "\x1f".join([model.model_id, query, instructions_text, *(p.text for p in passages)]).encode(), digest_size=8
    ).hexdigest()
    asked = parts(query)
    finding = role_asked(query) if len(asked) == 1 else None
    stepped: Reading | None = None
    if len(asked) > 1:  # "Until what date can I return it, and how much is the label?": each part answered
        readings = [read(passages, part, instructions_text, model, wanted, whole=False) for part in asked]
        if any(r.abstained for r in readings):
            return Reading((), (), True)  # half an answer is no answer: the passages do not say all that is asked
        said: list[str] = []
        refs: list[str] = []
        for r in readings:
            fresh = [i for i, text in enumerate(r.sentences) if text not in said]
            said += [r.sentences[i] for i in fresh]
            refs += [r.refs[i] for i in fresh] if len(r.refs) == len(r.sentences) else list(r.refs)
        # a sentence the other part's worked answer quotes is said once
        kept = [i for i, text in enumerate(said) if not any(text in other and text != other for other in said)]
        if len(refs) == len(said):
            refs = [refs[i] for i in kept]
        said = [said[i] for i in kept]
        stepped = Reading(tuple(said), tuple(refs), False)
    elif finding is not None:  # "the job title of the person we escalate it to": who, then their role
        stepped = _role(passages, query, finding, instructions_text, model)
    if stepped is not None:
        if whole and chance.happens(profile.false_abstain, "false-abstain", seed):
            return Reading((), (), True)
        return stepped
    question = analyse(query)
    read_all = [read_passage(i, p) for i, p in enumerate(passages)]
    visible = _attended(read_all, profile, seed)
    visible = _current_versions(visible, question, profile, seed)
    candidates, reworded = _rank(question, visible)
    candidates = _cheapest_first(question, candidates)
    instructed = instructed_to_abstain(instructions_text)
    typed = question.kind is not None and not question.yes_no
    compared = compared_hours(question.text, visible) or in_range(question.text, visible)
    if compared is not None:
        return Reading((compared.text,), compared.refs, False)
    if question.operation is None:
        worked = composed(question.text, question.kind, question.entities, visible, question.counted)
        if worked is not None:
            return Reading((worked.text,), worked.refs, False)
    elif question.operation == "difference" and question.kind == "count" and question.counted:
        worked = still_needed(question.text, question.counted, question.entities, visible)
        if worked is not None:  # "how many more points do I need for a $10 reward" after a purchase
            return Reading((worked.text,), worked.refs, False)
    if question.kind == "price" and question.operation in (None, "sum") and len(visible) >= 2:
        adjusted = adjusted_price(question.text, question.entities, visible, [c.sentence for c in candidates])
        if adjusted is not None:
            return Reading((adjusted.text,), adjusted.refs, False)
    if question.operation and (len(question.entities) >= 2 or len(visible) >= 2):
        combined = _combine(question, candidates)
        if combined is not None:
            return combined
    if (
        question.kind == "date"
        and _INTRODUCED.search(question.text)
        # a document's own date line ("Catalogue entry, published June 2, 2026") does not say when something came
        and not any(
            c.holds >= 1 and c.support >= _SUPPORT_MIN and not _DATED.search(c.sentence.text) for c in candidates
        )
    ):
        introduced = _introduced(question, candidates, visible)
        if introduced is not None:
            return introduced
    answerable = bool(candidates) and _answers(question, candidates[0], read_all, reworded)
    if answerable and whole and chance.happens(profile.false_abstain, "false-abstain", seed):
        return Reading((), (), True)
    if not answerable:
        guess = profile.guess_instructed if instructed else profile.guess_free
        # A guess is a related sentence given as if it answered; with nothing related a model says so.
        related = bool(candidates) and candidates[0].support >= _GUESS_MIN and (candidates[0].holds or not typed)
        if not related or not whole or not chance.happens(guess, "guess", seed):
            return Reading((), (), True)
    picked = [candidates[0]]
    for other in candidates[1 : max(profile.sentences, wanted)]:
        close = other.score >= _CLOSE * candidates[0].score and other.support >= _SUPPORT_MIN
        close = close and (not typed or other.holds >= _HOLDS_MIN)  # a second sentence adds a value of the kind
        if (len(picked) < wanted or close) and not _repeats(other.sentence.text, [c.sentence.text for c in picked]):
            picked.append(other)
    texts = [_render(c.sentence, question) for c in picked]
    if question.hours_open and (span := _span(question, picked[0].sentence.text)) is not None:
        texts[0] = f"{texts[0]} {values.span_text(picked[0].sentence.text, span)} is {span.text}."
    texts = _slip(texts, question, picked, visible, profile, seed)
    return Reading(tuple(texts), tuple(c.sentence.ref for c in picked), False)


def _role(
    passages: list[Passage], query: str, finding: str, instructions_text: str, model: ModelProfile
) -> Reading | None:
    """The role of the person a question describes: the person found by ``finding`` ("Who is the person we escalate
    it to?"), then the role a passage gives that name; None when either step finds nothing."""
    who = read(passages, finding, instructions_text, model, whole=False)
    if who.abstained:
        return None
    texts = [line.replace("*", "") for p in passages for line in p.text.splitlines()]  # a memo's "From:" line too
    for sentence, ref in zip(who.sentences, who.refs, strict=False):
        for name in people_in(sentence, known=query):
            role = role_of(name, texts)
            if role is not None:
                return Reading((sentence, f"{name} is {role}."), (ref, ref), False)
    return None


# -- which passages are read -------------------------------------------------------------------------------------


def _attended(passages: list[ReadPassage], profile: ReadingProfile, seed: str) -> list[ReadPassage]:
    """The passages the model takes in: in a long context, one in the middle (or, less, at the end) is sometimes
    overlooked (Liu et al., "Lost in the Middle"), and every passage a little more often as the context grows."""
    if len(passages) < 3:
        return passages
    tokens = sum(count_tokens(" ".join(s.text for s in p.sentences)) for p in passages)
    scale = min(1.0, tokens / profile.position_full_tokens)
    beyond = max(0.0, math.log2(tokens / profile.position_full_tokens)) if tokens > profile.position_full_tokens else 0
    last = len(passages) - 1
    kept = []
    for p in passages:
        x = p.index / last
        # A U over the positions: 0 at the start, the full middle dip at the centre, the end dip at the end.
        dip = (
            profile.middle_dip * math.sin(math.pi * x) ** 0.7
            if x <= 0.5
            else (profile.end_dip + (profile.middle_dip - profile.end_dip) * math.sin(math.pi * x) ** 0.7)
        )
        miss = dip * scale + profile.length_loss_per_doubling * beyond
        if not chance.happens(miss, "overlooked", seed, p.index):
            kept.append(p)
    return kept


def _current_versions(
    passages: list[ReadPassage], question: Question, profile: ReadingProfile, seed: str
) -> list[ReadPassage]:
    """Among versions of one document (same series, known dates or version numbers), the newest, or the newest in
    force on the date the question asks about. Passages of different documents are never compared."""
    groups: dict[str, list[ReadPassage]] = {}
    for p in passages:
        if p.series and (p.date or p.version):
            groups.setdefault(p.series, []).append(p)
    dropped: set[int] = set()
    for series, group in groups.items():
        orders = {p.order for p in group}
        if len(orders) < 2:
            continue
        if not chance.happens(profile.recency, "recency", seed, series):
            dropped |= {p.index for p in group[1:]}  # goes by the first version it reads, whichever that is
            continue
        eligible = [p for p in group if question.as_of is None or p.date is None or p.date <= question.as_of]
        newest = max((p.order for p in eligible), default=max(orders))
        dropped |= {p.index for p in group if p.order != newest}
    return [p for p in passages if p.index not in dropped]


# -- ranking sentences ---------------------------------------------------------------------------------------------


def _kinds(question: Question) -> tuple[str, ...]:
    if question.kind is None:
        return ()
    return tuple(kind for kind, _ in _accepted(question.kind))


def _accepted(kind: str) -> tuple[tuple[str, float], ...]:
    return _ACCEPTS.get(kind, ((kind, 1.0),))


def _holds(question: Question, text: str) -> float:
    """How clearly ``text`` holds the kind of value asked for: 1 for a price, a clock time, a full date; less for
    weaker forms ("free", a weekday, a bare year); 0 when it holds none."""
    if question.kind is None:
        return 0.0
    return _holding(
        "clock" if question.clock else question.kind,
        question.dimension,
        question.named_numbers,
        question.entities,
        question.counted,
        question.terms,
        text,
        question.hours_open,
        question.once,
        question.takes,
    )


_ANCHORED = re.compile(r"\b(?:within|after|before|from|in|by|up to)\s*$", re.I)
_OF_WHAT = re.compile(r"\s+of\s+([a-z]+)", re.I)


def _measures_other(word: str, asked: frozenset[str]) -> bool:
    """Whether "N hours of <word>" is a time of something not asked ("of use"); "of the appliance reaching the
    repair center" dates from an event instead."""
    return word not in STOP_WORDS and stem(word) not in asked


_WORD_AFTER = re.compile(r"[\s-]?([A-Za-z]+)")


def _measure_follows(text: str, at: int) -> bool:
    """Whether a unit of measure follows ``at`` ("2 minutes", "a 2-liter jug")."""
    m = _WORD_AFTER.match(text, at)
    return bool(m) and values.is_measure(m.group(1))


_EVERY = re.compile(r"\b(?:every|each|once|twice|times|per)\s*$", re.I)


def _span(question: Question, text: str) -> values.Value | None:
    """The opening hours in ``text`` that the question asks about, as a number of hours: of several ("Monday to
    Friday, 8 a.m. to 8 p.m.; Saturday, 10 a.m. to 4 p.m."), the one whose words around it are the question's."""
    spans = values.clock_spans(text)
    if not spans:
        return None
    asked = set(question.terms)
    # what a span is of is said before it, back to the span before ("Monday to Friday, 8 a.m. to 6 p.m. On
    # Saturdays the line is open 9:30 a.m. to 1 p.m.")
    ends = [0] + [v.start + len(values.span_text(text, v)) for v in spans[:-1]]
    fits = [
        len(asked & set(content_terms(text[max(end, v.start - 50) : v.start])))
        for v, end in zip(spans, ends, strict=True)
    ]
    return spans[max(range(len(spans)), key=lambda i: fits[i])]


@lru_cache(maxsize=200_000)
def _holding(
    kind: str,
    dimension: str | None,
    named: frozenset[str],
    entities: tuple[str, ...],
    counted: str | None,
    asked: frozenset[str],
    text: str,
    spans: bool = False,
    once: bool = False,
    process: bool = False,
) -> float:
    # A value the question itself names (the "2" of "Ember Kettle 2", the company) does not answer it.
    # A measure that happens to share the number ("2 minutes" when the question names the Ember Kettle 2) stays.
    plain = re.sub(
        r"\d+(?:\.\d+)?",
        lambda m: " " if m.group() in named and not _measure_follows(text, m.end()) else m.group(),
        text,
    )
    for entity in entities:
        plain = re.sub(re.escape(entity), " ", plain, flags=re.I)
    found = [(v, clarity) for k, clarity in _accepted(kind) for v in values.find(k, plain, dimension)]
    if once:  # "how long does descaling take" is not answered by how often it is done ("descale every 3 months")
        found = [(v, clarity * (_OTHER_MEASURE if _EVERY.search(plain[: v.start]) else 1.0)) for v, clarity in found]
    if process:  # nor is the time a process takes by a time of something else ("30 hours of use"); "within 10
        # days of receiving the item" is a time counted from an event
        of = [
            None if _ANCHORED.search(plain[: v.start]) else _OF_WHAT.match(plain, v.start + len(v.text))
            for v, _ in found
        ]
        found = [
            (v, clarity * (_OTHER_MEASURE if m and _measures_other(m.group(1).lower(), asked) else 1.0))
            for (v, clarity), m in zip(found, of, strict=True)
        ]
    if spans:  # opening hours are a number of hours
        found += [(v, 1.0) for v in values.clock_spans(plain)]
    if kind == "version":
        found = [(v, clarity) for v, clarity in found if _version_asked(plain, v, asked)]
    if counted is not None:  # "how many agents": a number of agents, not any number; "3% of members" is a share of
        # them, not how many there are
        near = [v for v, _ in found if _counts(counted, plain, v) and not _SHARE.match(plain, v.start + len(v.text))]
        return 1.0 if near else _LOOSE_COUNT if found else 0.0
    return max(
        (
            clarity * values.strength("time" if kind == "clock" else kind, v.text) * _own_measure(kind, v, plain, asked)
            for v, clarity in found
        ),
        default=0.0,
    )


_VERSION_OWNERS = ("app", "firmware", "ios", "android", "software")  # what a version is a version of
_VERSIONED = re.compile(rf"\b({'|'.join(_VERSION_OWNERS)})\b", re.I)


def _version_asked(text: str, value: values.Value, asked: frozenset[str]) -> bool:
    """Whether a version is of what the question asks a version of: an app version does not answer "which firmware
    version", nor an iOS version "which version of the app"; a version of nothing named answers either."""
    products = {w for w in _VERSION_OWNERS if w in asked}
    owners = _VERSIONED.findall(text[max(0, value.start - 25) : value.start + len(value.text)])
    return not products or not owners or owners[-1].lower() in products


_UNIT_AFTER = re.compile(r"[\s-]?([A-Za-z]+)")


def _own_measure(kind: str, value: values.Value, text: str, asked: frozenset[str]) -> float:
    """1, or less for a measure of something the question does not ask about: "150 grams of coffee" does not say
    how much the coffee maker weighs, nor "a 58 mm tamper" how big the milk pitcher is. A count is a number of
    things, not a measure ("0.2-second steps", "150 watts" count nothing)."""
    if kind == "count":
        unit = _UNIT_AFTER.match(text, value.start + len(value.text))
        return _OTHER_MEASURE if unit and values.is_measure(unit.group(1)) else 1.0
    if kind != "quantity":
        return 1.0
    m = _MEASURED.match(text, value.start + len(value.text))
    if m and not set(content_terms(m.group(1))) & asked and not _SAME_THING.match(m.group(1)):
        return _OTHER_MEASURE
    return 1.0


def _counts(counted: str, text: str, value: values.Value) -> bool:
    """Whether ``value`` is a number of the counted thing, named within three words either side of it; named only
    before, it is the count when it is the last thing named before the number ("Grind settings: 40 numbered steps")
    or no other thing follows the number, not when the number counts something else ("members now get unlimited
    skips")."""
    following = text[value.start + len(value.text) :].split()[:3]
    if counted in content_terms(" ".join(following)):
        return True
    before = content_terms(" ".join(text[: value.start].split()[-3:]))
    if counted not in before:
        return False
    return before[-1] == counted or not (following and content_terms(following[0]))


def _coverage(question: Question, sentences: list[Sentence], weight: dict[str, float]) -> tuple[list[float], bool]:
    """Per sentence, the weighted share of what is asked about the entity that it covers: an asked word found in
    the sentence counts fully, in its headings partly, and a word close in meaning counts as much as it is close.

    An asked word that no passage uses (nor a word close to it) weighs less: its absence from a sentence says
    nothing about that sentence, since the question put in its own words what the passages say in theirs
    ("launched" for "published"). An asked word the passages use elsewhere, but not in or around this sentence,
    keeps its full weight: it says the question is about something else there ("the steam boiler's pressure" is
    not the pump's pressure). Also returns whether no asked word is used by the passages at all."""
    attribute = sorted(question.attribute_terms)
    total = sum(weight.get(t, 0.0) for t in attribute)
    if not total:  # only the entity is asked about ("Who is the CEO?"): a sentence must name it
        return [float(any(mentions(e, f"{s.context} {s.text}") for e in question.entities)) for s in sentences], False
    surface = {t: [w for w in words(question.text) if w not in STOP_WORDS and stem(w) == t] or [t] for t in attribute}
    asked = sorted({w for ws in surface.values() for w in ws})
    sentence_words = [s.words for s in sentences]
    context_words = {s.context: features(s.context).words for s in sentences}
    vocabulary = sorted(set().union(*sentence_words, *context_words.values()))
    column = {w: i for i, w in enumerate(vocabulary)}
    row = {w: i for i, w in enumerate(asked)}
    # How close each asked word is to each word of the passages: 0 (not), 1 (near), 2 (the same); per term, its
    # closest surface form.
    bands = word_bands(asked, vocabulary, (_WORD_NEAR, _WORD_SAME))
    by_term = np.stack([bands[[row[w] for w in surface[t]]].max(axis=0) for t in attribute])  # terms x words
    soft = _BAND_WEIGHTS[by_term]
    used_stems = set().union(*(s.stems for s in sentences), *(features(c).stems for c in context_words))
    known = np.array([t in used_stems for t in attribute]) | (soft.max(axis=1) > 0 if vocabulary else False)
    if _EXISTENCE.search(question.text):
        known[:] = True  # "Is there a student discount?": a word the passages never use is what is asked about
    weights = np.array([weight.get(t, 0.0) for t in attribute]) * np.where(known, 1.0, _UNKNOWN_WEIGHT)
    total = float(weights.sum())
    # Per sentence (rows) and asked term (columns): what its own words cover, then what its headings do.
    contexts = list(context_words)
    around = _CONTEXT_WEIGHT * _matched(
        attribute, [features(c).stems for c in contexts], list(context_words.values()), by_term, column
    )
    covered = _matched(attribute, [s.stems for s in sentences], sentence_words, by_term, column)
    at = {c: i for i, c in enumerate(contexts)}
    covered = np.maximum(covered, around[[at[s.context] for s in sentences]])
    # A sentence is read with its neighbours under the same heading ("Every appliance is covered for one year.
    # This applies equally to espresso machines."): what they cover counts, a little less. Two labelled lines of a
    # list ("Pump: ...", "Boilers: ...") are separate facts: one does not say what the other is about.
    labelled = [bool(_LABELLED.match(s.text)) for s in sentences]
    window = covered.copy()
    for step in (-1, 1):
        pairs = [
            (i, i + step)
            for i, s in enumerate(sentences)
            if 0 <= i + step < len(sentences)
            and sentences[i + step].passage == s.passage
            and sentences[i + step].context == s.context
            and not (labelled[i] and labelled[i + step])
        ]
        if pairs:
            rows, neighbours = (list(x) for x in zip(*pairs, strict=True))
            window[rows] = np.maximum(window[rows], _NEIGHBOUR_WEIGHT * covered[neighbours])
    shares = [float(weights @ row) / total for row in window]  # one dot product a row, as each was summed before
    return shares, not known.any()


def _matched(
    attribute: list[str],
    stems: list[frozenset[str]],
    texts_words: list[frozenset[str]],
    by_term: np.ndarray,
    column: dict[str, int],
) -> np.ndarray:
    """Per text (rows) and asked term (columns): 1 when the text has the term, else how close its closest word is
    (``by_term``: each term's band with each vocabulary word), as a weight."""
    uses = np.zeros((len(texts_words), len(column)), dtype=bool)
    uses[[i for i, ws in enumerate(texts_words) for _ in ws], [column[w] for ws in texts_words for w in ws]] = True
    band = np.zeros((len(texts_words), len(attribute)), dtype=np.intp)
    for t, bands in enumerate(by_term):
        near = np.flatnonzero(bands)  # the few words close to the term at all
        if len(near):
            band[:, t] = (uses[:, near] * bands[near]).max(axis=1)
    exact = np.array([[t in own for t in attribute] for own in stems], dtype=float).reshape(len(stems), len(attribute))
    return np.maximum(exact, _BAND_WEIGHTS[band])


def _rank(question: Question, passages: list[ReadPassage]) -> tuple[list[_Candidate], bool]:
    """Candidate answers, best first: for a question asking a kind of value, sentences holding one come first. Also
    whether the question is reworded: none of the words it asks about the entity is used by the passages."""
    ranked, reworded = _ranked(question, tuple(passages))
    return list(ranked), reworded


@lru_cache(maxsize=256)  # the same question over the same passages comes back for each model, strategy and run
def _ranked(question: Question, passages: tuple[ReadPassage, ...]) -> tuple[tuple[_Candidate, ...], bool]:
    sentences = [s for p in passages for s in p.sentences]
    if not sentences:
        return (), False
    own_terms = [s.terms for s in sentences]
    context_terms = {s.context: features(s.context).terms for s in sentences}
    n = len(sentences)
    weight = {t: math.log(1 + (n + 1) / (1 + sum(t in own for own in own_terms))) for t in question.terms}
    for t in question.scene:  # "My cabinets hang low. How tall is the grinder?": the story says less than the ask
        weight[t] *= _SCENE_WEIGHT
    for words_of in _compounds(question.text):  # "pre-infusion" is one word asked, not two
        asked = [t for t in words_of if t in weight]  # a part may be a frame word ("all-day long")
        for t in asked:
            weight[t] /= len(asked)
    total = math.fsum(weight.values()) or 1.0  # fsum: the same whatever order the set of terms came in
    coverage, reworded = _coverage(question, sentences, weight)
    meaning = similarities(question.text, [s.text for s in sentences])
    typed = question.kind is not None and not question.yes_no
    entity_terms = frozenset(t for e in question.entities for t in content_terms(e))
    attribute = question.attribute_terms
    # The kind of thing each named thing is ("Lumen Milk Frother": a frother), so a row of frothers is about it;
    # singular and plural, which the light stemmer does not always join ("kettle", "kettles").
    heads = [_head(e) for e in question.entities if " " in e]
    kinds = frozenset(stem(f) for w in heads if w for f in (w, f"{w}s"))
    titled_by_context: dict[str, bool] = {}
    out = []
    for s, own, covers, closeness in zip(sentences, own_terms, coverage, meaning, strict=True):
        around = context_terms[s.context] - own
        # The entity's own words count once, in the headings or the sentence, not twice.
        asked = question.terms - entity_terms if entity_terms & context_terms[s.context] else question.terms
        lexical = (
            math.fsum(weight[t] for t in asked & own)
            + _CONTEXT_WEIGHT * math.fsum(weight[t] for t in question.terms & around)
        ) / total
        semantic = max(0.0, (float(closeness) - _SEMANTIC_FLOOR) / (_SEMANTIC_FULL - _SEMANTIC_FLOOR))
        holds = _holds(question, s.text)
        if not holds and question.kind == "version":
            holds = _holds(question, s.context)  # release notes name their version in the title
        if s.context not in titled_by_context:
            titled_by_context[s.context] = any(mentions(e, s.context) for e in question.entities)
        titled = titled_by_context[s.context]
        about = titled or any(mentions(e, f"{s.context} {s.text}") for e in question.entities)
        focus = len(question.terms & own) / len(own) if own else 0.0  # a sentence about little else ranks higher
        score = lexical + covers + _SEMANTIC_WEIGHT * min(1.0, semantic) + _HOLDS_BONUS * holds
        score += _FOCUS_WEIGHT * focus
        label = _LABELLED.match(s.text)
        if label and set(content_terms(label.group(1))) & attribute:
            score += _LABEL_BONUS  # "Burrs: 54 mm flat burrs" under the product asked about: a specification line
        if question.entities:
            # a product's full name is strong evidence, and so is a code ("E03", "EK1-2410"); a single word (a
            # brand on everything) much weaker
            strength = max(1.0 if " " in e or _CODE.fullmatch(e) else 0.2 for e in question.entities)
            # Named in passing in a document about something else ("with the launch of the Ember Kettle 2, the
            # original kettle costs $79"), the value there belongs to that something else.
            passing = about and not titled and bool(s.context)
            score += strength * (_ABOUT_BONUS * (0.2 if passing else 1.0) if about else -_OFF_ENTITY_PENALTY)
            if passing:
                score -= _PASSING_PENALTY
            if not about and kinds & s.stems and _ROW.match(s.text):
                # a row of a table of kinds ("Product: Frothers, scales and accessories; Warranty period: one year"
                # for the Lumen Milk Frother), not any sentence naming the kind ("15% off grinders and kettles")
                score += _KIND_BONUS
        out.append(_Candidate(s, score, covers, holds, about, titled))
    # Sentences that hold the kind of value asked first, clear forms before weak ones; among them, the one that
    # answers best.
    out.sort(
        key=lambda c: (
            -(typed and c.holds >= _CLEAR),
            -(typed and c.holds >= _HOLDS_MIN),
            -c.score,
            c.sentence.passage,
            c.sentence.position,
        )
    )
    return tuple(out), reworded


@lru_cache(maxsize=4096)
def _compounds(text: str) -> tuple[tuple[str, ...], ...]:
    """The content terms of each hyphenated word of ``text`` that gives more than one ("pre-infusion")."""
    found = []
    for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)+", text):
        parts = tuple(dict.fromkeys(content_terms(word)))
        if len(parts) > 1:
            found.append(parts)
    return tuple(found)


def _unknown(entity: str, question: Question, text: str, headings: str = "") -> bool:
    """Whether ``entity`` names something the passages do not have: a multi-word name with a word no passage uses
    ("Zephyr Toaster") or a number after a different one ("Ember Kettle 3" where the passages have "Ember Kettle 2").
    A place the question mentions ("I live in Toronto") is context, not the thing asked about."""
    words = entity.split()
    at = question.text.lower().find(entity)
    if _LOCATIVE.search(question.text[: max(at, 0)]) or mentions(entity, text):
        return False
    if len(words) < 2:
        # one word: unknown only as the owner of what is asked ("the chief executive of SwiftCrate", "SwiftCrate's
        # CEO"); a name mentioned along the way ("my iPhone", "for Christmas") is context
        owner = re.search(
            rf"\bof\s+(?:the\s+)?{re.escape(entity)}\b|\b{re.escape(entity)}['\u2019]s\b", question.text, re.I
        )
        return bool(owner) and entity.isalpha()
    head = _head(entity)
    brand = [w for w in words if w != head and w.isalpha() and w not in STOP_WORDS]
    if (
        head
        and brand
        and not any(re.search(rf"\b{re.escape(w)}", text, re.I) for w in brand)
        and (_names_kind(head, text) or re.search(rf"\b{re.escape(head)}\b", headings, re.I))
    ):
        # Passages that never name the brand but name the kind of thing ("Grinders and kettles: two years" for the
        # Ember Kettle 2), or are about it ("Customer Care metrics" for Kettlewick Care), cover it.
        return False
    for previous, word in zip(["", *words], words, strict=False):
        if word.isalpha() and word not in STOP_WORDS and not re.search(rf"\b{re.escape(word)}", text, re.I):
            return True
        if (
            not word.isalpha()
            and previous
            and not re.search(rf"\b{re.escape(previous)}\w*\s+{re.escape(word)}\b", text, re.I)
            # "Android 12 or later" places Android 11 too: a range of versions, not one model
            and not re.search(rf"\b{re.escape(previous)}\w*\s+[\d.]+\s+{_OPEN_RANGE}", text, re.I)
        ):
            return True
    return False


_OPEN_RANGE = r"(?:or|and)\s+(?:later|newer|above|higher|up|earlier|older|below|lower)\b"


def _head(entity: str) -> str:
    """The last word of a name, which says what kind of thing it is ("ember kettle 2": "kettle"), or ""."""
    return next((w for w in reversed(entity.split()) if w.isalpha()), "")


_NAME_BEFORE = re.compile(r"\b[A-Z][\w'\u2019-]*\s+$")  # a capitalised word just before: part of a name


def _names_kind(head: str, text: str) -> bool:
    """Whether ``text`` uses ``head`` ("kettle") as a common noun ("Grinders and kettles", "Kettles: two years"),
    not as part of a name ("Roast Club", "Customer Care")."""
    for m in re.finditer(rf"\b{re.escape(head)}(?:s|es)?\b", text, re.I):
        if m.group()[0].islower() or not _NAME_BEFORE.search(text, max(0, m.start() - 40), m.start()):
            return True
    return False


def _hoped_for(question: Question, sentence: Sentence) -> bool:
    """Whether the question asks what actually happened and the sentence gives only what was expected or aimed at
    ("What share actually cancelled?" is not answered by "We expect up to 4% to cancel")."""
    return (
        bool(_ACTUAL.search(question.text))
        and not _HOPED.search(question.text)
        and bool(_HOPED.search(f"{sentence.context} {sentence.text}"))
    )


def _answers(question: Question, best: _Candidate, passages: list[ReadPassage], reworded: bool) -> bool:
    """Whether the best sentence answers: holding the kind of value asked, covering what is asked about the entity.
    An entity the passages do not have (a product that does not exist) is not answered by another one."""
    text = " ".join(f"{s.context} {s.text}" for p in passages for s in p.sentences)
    headings = " ".join({s.context for p in passages for s in p.sentences})
    if any(_unknown(entity, question, text, headings) for entity in question.entities):
        return False
    if any(year not in text for year in question.years):
        return False  # asks about a year the passages do not cover ("What will it cost in 2027?")
    if any(quarter not in text for quarter in _QUARTER.findall(question.text)):
        return False  # nor a quarter ("the score in Q1" where the memo gives Q2 and Q3)
    if question.kind and not question.yes_no and best.holds < _HOLDS_MIN:
        return False
    if any(m.group(1) not in text for m in _VERSION_ASKED.finditer(asking_sentence(question.text))):
        return False  # "What's new in version 5.0?" when the passages go up to 4.2 (the story's "my phone is on
        # version 11" asks nothing of version 11)
    if _opposed(question, best.sentence) or _sibling(question, best, text) or _hoped_for(question, best.sentence):
        return False
    if _siblings_document(question, best, passages):
        return False
    if reworded and best.titled and question.kind and not question.yes_no:
        return True  # the entity's own document holds the kind of value asked, and the question is reworded
    return best.support >= (_SUPPORT_MIN_HOLDING if best.holds else _ANSWERS_MIN)


def _opposed(question: Question, sentence: Sentence) -> bool:
    """Whether the sentence says the opposite of a word asked ("hot foam is ready in 2 minutes" for "how long does
    cold foam take"), or has what the question asks without ("a review with a photo" for "a review without a
    photo"): it is about the other thing."""
    asked = {w.lower() for w in words(question.text)}
    said = {w.lower() for w in words(sentence.text)}
    if any(_OPPOSITES.get(w) in said and w not in said for w in asked):
        return True
    lacking = {m.group(1).lower() for m in _WITHOUT.finditer(question.text)}
    return any(
        re.search(rf"\bwith (?:an? |the )?{re.escape(w)}", sentence.text, re.I)
        and not re.search(rf"\bwithout (?:an? |the )?{re.escape(w)}", sentence.text, re.I)
        for w in lacking
    )


_WITHOUT = re.compile(r"\bwithout (?:an? |the |any )?([a-z]+)", re.I)


def _sibling(question: Question, best: _Candidate, text: str) -> bool:
    """Whether the best sentence, not about the entity asked, names a sibling of it instead ("Fits: Millstone Burr
    Grinder" for a question about the Millstone Pro Grinder, or "Fits: Quarry Grinder" for the Quarry Grinder Pro
    when the passages name the Pro too): the value is the sibling's."""
    if best.about or not question.entities:
        return False
    named = entities_in(best.sentence.text)
    for asked in question.entities:
        mine = set(asked.split()) - STOP_WORDS
        for other in named:
            if len(other.split()) < 2 or asked in other or not mine & set(other.split()):
                continue
            if other in asked and not mentions(asked, text):
                continue  # a shorter name, and the passages know no longer one: the same thing
            return True
    return False


def _siblings_document(question: Question, best: _Candidate, passages: list[ReadPassage]) -> bool:
    """Whether the best sentence, not about the entity asked, is in the document of a sibling of it ("the base has a
    75 cm cord" under "Ember Pour-Over Kettle", asked about the Ember Kettle 2) while another passage is the
    entity's own: the value is the sibling's."""
    if best.about or not question.entities:
        return False
    named = entities_in(best.sentence.context)
    for asked in question.entities:
        if not any(mentions(asked, s.context) for p in passages for s in p.sentences):
            continue  # no passage of its own: nothing says the value is not its
        mine = set(asked.split()) - STOP_WORDS
        for other in named:
            if len(other.split()) >= 2 and asked not in other and other not in asked and mine & set(other.split()):
                return True
    return False


def _repeats(text: str, seen: list[str]) -> bool:
    words = " ".join(content_terms(text))
    return any(
        words.startswith(" ".join(content_terms(other))) or " ".join(content_terms(other)).startswith(words)
        for other in seen
    )


# -- composing ------------------------------------------------------------------------------------------------------


def _subject(sentence: Sentence, question: Question, entity: str | None = None) -> str | None:
    for name in [entity] if entity else question.entities:
        m = re.search(re.escape(name), sentence.context, re.I)
        if m:
            return m.group()
    title = re.sub(r"\s*\([^)]*\)", "", sentence.context.split("  ")[0]).strip()
    return title or None


def _render(sentence: Sentence, question: Question) -> str:
    """A sentence as an answer: a ``Label: value`` line says what it is the label of ("Price: $129." under "Ember
    Kettle 2" becomes "The price of the Ember Kettle 2 is $129.")."""
    if question.kind == "version" and not _holds(question, sentence.text) and _holds(question, sentence.context):
        # "The paddle now controls flow." under "Foundry espresso firmware 2.0 release notes": which version says it
        title = re.sub(r"\s+release notes?\b.*$", "", sentence.context, flags=re.I)
        return f"{title}: {sentence.text}"
    m = _LABELLED.match(sentence.text)
    if not m or not question.entities or not _NOUN_VALUE.match(m.group(2)):
        return sentence.text
    subject = _subject(sentence, question)
    if not subject or subject.lower() in sentence.text.lower():
        return sentence.text
    return f"The {m.group(1).lower()} of the {subject} is {m.group(2).rstrip('.')}."


def _changed_to(value: values.Value) -> values.Value:
    """The second end of a range that tells a change ("45 to 60 days" -> "60 days"); ``value`` itself when it is no
    range."""
    m = _RANGE_END.search(value.text)
    if m is None or value.number is None:
        return value
    text = value.text[m.start(1) :]
    return values.Value(text, values.numeric(text), value.start + m.start(1))


def _value(question: Question, text: str) -> values.Value | None:
    if question.hours_open and (span := _span(question, text)) is not None:
        return span
    for kind in _kinds(question):
        for v in values.find(kind, text, question.dimension):
            if v.number is None:
                continue
            if _CHANGED.search(text[: v.start]):
                now = _changed_to(v)  # "grew from 45 to 60 days": now 60 days
                if now is v:
                    continue  # "grew from 45 days to 60 days": the value now comes next
                v = now
            elif _HISTORY.search(text[: v.start]):
                continue
            if v.text.strip("$€£ ") in question.named_numbers:
                continue
            if question.counted is not None and not _counts(question.counted, text, v):
                continue  # "how many agents": a number of agents, not the year in the same sentence
            return v
    return None


_UNIT_ASKED = re.compile(r"\bhow (?:many|much) (?:more |fewer |extra |less )?([a-z]+)\b", re.I)


def _asked_unit(question: Question) -> tuple[str, str] | None:
    """The unit the question counts in, singular and as asked ("how many days longer" -> ("day", "days")), if it
    names one values are given in."""
    m = _UNIT_ASKED.search(question.text)
    if m is None:
        return None
    asked = m.group(1).lower()
    word = asked[:-1] if asked.endswith("s") and len(asked) > 2 else asked
    return (word, asked) if values.is_unit(word) else None


def _comparable(question: Question, a: values.Value, b: values.Value) -> bool:
    """Whether two values can be added or subtracted: prices always; measures and times in units that convert."""
    if question.kind == "price" or question.operation not in ("sum", "difference"):
        return True
    return values.measured_difference(a, b) is not None


def _cheapest_first(question: Question, candidates: list[_Candidate]) -> list[_Candidate]:
    """For "the cheapest delivery", the row of the first candidate's table with the lowest price first ("Service:
    Standard ($5.95); Order by: December 16" before the next-day row that ranked first)."""
    if not candidates or not _CHEAPEST.search(question.text):
        return candidates
    top = candidates[0]
    label = _ROW.match(top.sentence.text)
    if label is None:
        return candidates
    rows = [
        c
        for c in candidates
        if c.sentence.passage == top.sentence.passage
        and c.sentence.text.startswith(label.group())
        and (c.holds >= _HOLDS_MIN or not top.holds)
    ]
    priced = [(p, i) for i, c in enumerate(rows) if (p := _first_price(c.sentence.text)) is not None]
    if len(priced) < 2:
        return candidates
    cheapest = rows[min(priced)[1]]
    return [cheapest, *(c for c in candidates if c is not cheapest)]


def _first_price(text: str) -> float | None:
    found = [v for v in values.find("price", text, None) if v.number is not None]
    return min(found, key=lambda v: v.start).number if found else None


_CHEAPEST = re.compile(r"\b(?:cheapest|least expensive|lowest[- ](?:cost|priced)|most affordable)\b", re.I)


def _parallel(candidates: list[_Candidate], first: _Candidate) -> list[_Candidate]:
    """``candidates`` with those said most like ``first`` first: the value to add to or compare with one a passage
    gives is the one another passage states alike ("The update takes about 8 minutes" and "...; this takes about 6
    minutes", not "it now runs for 2 seconds")."""
    closeness = similarities(first.sentence.text, [c.sentence.text for c in candidates])
    keyed = [-(c.score + _PARALLEL_WEIGHT * float(x)) for c, x in zip(candidates, closeness, strict=True)]
    return [candidates[i] for i in sorted(range(len(candidates)), key=keyed.__getitem__)]  # stable: ties keep rank


_PARALLEL_WEIGHT = 2.0


def _combine(question: Question, candidates: list[_Candidate]) -> Reading | None:
    """Totals, differences and comparisons of one value per entity the question names."""
    found: list[tuple[str, values.Value, _Candidate]] = []

    def fit(c: _Candidate, entity: str) -> tuple[bool, bool, float, int]:
        # the entity's own document first (a sentence elsewhere may mention it in passing), then what is asked
        return (
            mentions(entity, c.sentence.context),
            c.holds >= _HOLDS_MIN,
            c.support,
            -len(content_terms(c.sentence.text)),
        )

    for entity in question.entities[:2]:
        holding = [c for c in candidates if c.holds and mentions(entity, f"{c.sentence.context} {c.sentence.text}")]
        for c in sorted(holding, key=lambda c: fit(c, entity), reverse=True):
            v = _value(question, c.sentence.text)
            if v is not None and all(c is not other for _, _, other in found):
                found.append((_subject(c.sentence, question, entity) or entity, v, c))
                break
    named = len(found)
    unit = _asked_unit(question)
    if named < 2:
        # Fewer named things than values to combine ("the return window" and "the price protection period", "a
        # Drift Cold Brew Maker and a spare filter basket set"): the best value of each other passage, in the unit
        # the question asks in when a passage has one ("how many days": "30 days" before "24 hours").
        for in_unit in (True, False) if unit else (False,):
            # once one value is found, the other is looked for among sentences said like its own
            order = _parallel(candidates, found[0][2]) if found else candidates
            at = 0
            while len(found) < 2 and at < len(order):
                c = order[at]
                at += 1
                if c.holds < _HOLDS_MIN or any(c.sentence.passage == other.sentence.passage for _, _, other in found):
                    continue
                v = _value(question, c.sentence.text)
                if v is None or (in_unit and unit is not None and values.unit(v) != unit[0]):
                    continue
                if found and not _comparable(question, found[0][1], v):
                    continue  # 60 days less 5 business days is no number of days
                found.append((_subject(c.sentence, question) or "other", v, c))
                if len(found) == 1:
                    order, at = _parallel(candidates, c), 0
    if len(found) < 2 or not _comparable(question, found[0][1], found[1][1]):
        return None
    (a_name, a, a_c), (b_name, b, b_c) = found
    if a_name.lower() == b_name.lower() and a_c.sentence.passage != b_c.sentence.passage:
        # one name for both ("Which Foundry machine ...": the Foundry and the Foundry): each passage's own title
        a_name, b_name = (_title(c.sentence.passage, candidates) or name for c, name in ((a_c, a_name), (b_c, b_name)))
    assert a.number is not None and b.number is not None

    def show(x: float) -> str:
        if question.kind == "price":
            return values.money(x)
        # bare numbers ("Power: 1,800 watts" read as a count of watts) take the unit the question counts in
        return f"{x:,.12g} {unit[1]}" if unit else f"{x:,.12g}"

    if unit and question.kind != "price":
        a, b = (
            values.Value(show(v.number), v.number, v.start) if not re.search(r"[A-Za-z]", v.text) else v for v in (a, b)
        )
    difference = show(abs(a.number - b.number))
    if question.kind != "price" and question.operation == "difference":
        difference = values.measured_difference(a, b) or difference  # with its unit: "2 minutes", not "2"
    total = show(a.number + b.number)
    if question.kind != "price" and question.operation == "sum":
        total = values.measured_sum(a, b) or total  # "14 minutes", not "14"
    if named < 2 and question.operation in ("sum", "difference"):  # values named by their sentences
        result = total if question.operation == "sum" else difference
        word = "Together" if question.operation == "sum" else "The difference"
        text = f"{_render(a_c.sentence, question)} {_render(b_c.sentence, question)} {word}: {result}."
    elif question.operation == "sum":
        text = f"The {a_name} is {a.text} and the {b_name} is {b.text}, so together they come to {total}."
    elif question.operation == "difference":
        text = f"The {a_name} is {a.text} and the {b_name} is {b.text}: a difference of {difference}."
    else:
        first = (a.number < b.number) == question.lower_wins
        (w_name, w), (l_name, loser) = ((a_name, a), (b_name, b)) if first else ((b_name, b), (a_name, a))
        text = f"The {w_name}: {w.text}, against {loser.text} for the {l_name}."
        by = values.measured_difference(a, b) if question.kind != "price" else difference
        if question.margin and by:  # "Which has the bigger tank, and by how much?"
            text = f"{text[:-1]}: {by} {'less' if question.lower_wins else 'more'}."
    return Reading((text,), (a_c.sentence.ref, b_c.sentence.ref), False)


def _title(passage: int, candidates: list[_Candidate]) -> str | None:
    """The title of a passage: the headings of the sentences right under it (the shortest of its sentences')."""
    contexts = [c.sentence.context for c in candidates if c.sentence.passage == passage and c.sentence.context]
    if not contexts:
        return None
    return re.sub(r"\s*\([^)]*\)", "", min(contexts, key=len)).strip() or None


# "When did the machine get adjustable pre-infusion?", "On what date was the dark mode added?": when something came.
_INTRODUCED = re.compile(
    r"\b(?:when|what date|which date|what day)\b[^?]*\b(?:did|was|were)\b[^?]*\b(?:get|gain|add|added|introduced?|"
    r"launch(?:ed)?|arrive|arrived|become|start|started|begin|change|changed|switch|switched|released?|come out|"
    r"appear|appeared|roll(?:ed)? out)\b",
    re.I,
)
# A document's own date line; as documents._DATED_LINE but without "from", which also starts sentences that date a
# fact ("From July 1, 2026 the Foundry costs $699"), not the document.
_DATED = re.compile(r"\b(?:effective|published|dated|updated|issued|released|valid from|as of)\b", re.I)


def _introduced(question: Question, candidates: list[_Candidate], passages: list[ReadPassage]) -> Reading | None:
    """When something came, asked where no sentence gives a date: the date of the earliest dated document (release
    notes, a memo, a policy version) that has it ("Pre-infusion: adjustable ... since firmware 1.6" in the catalogue,
    "Adjustable pre-infusion" in the firmware 1.6 notes, released August 12, 2025)."""
    dated = {p.index: p for p in passages if p.date is not None and _names_entities(question, p)}
    covering = [c for c in candidates if c.sentence.passage in dated and c.support >= _SUPPORT_MIN]
    if not covering:
        return None
    best = max(c.support for c in covering)
    covering = [c for c in covering if c.support >= _CLOSE * best]
    first = min(covering, key=lambda c: (dated[c.sentence.passage].order, -c.support))
    passage = dated[first.sentence.passage]
    line = next(
        (s for s in passage.sentences if _DATED.search(s.text) and values.parse_date(s.text) == passage.date), None
    )
    if line is None:
        return None
    said = f"{line.text} {_render(first.sentence, question)}".replace("**", "")
    text = f"{line.context}: {said}" if line.context else said
    return Reading((text,), (first.sentence.ref,), False)


def _names_entities(question: Question, passage: ReadPassage) -> bool:
    """Whether ``passage`` names every entity the question asks about, in its headings or its sentences."""
    return all(any(mentions(e, f"{s.context} {s.text}") for s in passage.sentences) for e in question.entities)


# -- faithfulness slips ---------------------------------------------------------------------------------------------

# Plausible defaults a model falls back on, from its pre-training, when it strays from its passages.
_PARAMETRIC = {
    "duration": ("30 days", "14 days", "12 months", "2 business days"),
    "price": ("$25", "$49", "$9.99", "$100"),
    "percent": ("10%", "15%", "20%"),
    "count": ("3", "5", "10"),
    "quantity": ("1 liter", "250 grams"),
    "date": ("January 1, 2026", "December 31, 2025"),
    "time": ("9 a.m. to 5 p.m.", "8 a.m. to 6 p.m."),
}


def _slip(
    texts: list[str],
    question: Question,
    picked: list[_Candidate],
    passages: list[ReadPassage],
    profile: ReadingProfile,
    seed: str,
) -> list[str]:
    """At the profile's rate, mix in a value no picked passage states: another passage's value of the same kind,
    else a plausible "parametric" default; half the time it replaces the right value, half the time it is added."""
    if not chance.happens(profile.slip_rate, "slip", seed):
        return texts
    kind = question.kind or "duration"
    used = {c.sentence.passage for c in picked}
    foreign = [
        v.text
        for p in passages
        if p.index not in used
        for s in p.sentences
        for v in values.find(kind, s.text)
        if v.text not in " ".join(texts)
    ]
    options = foreign or [v for v in _PARAMETRIC.get(kind, _PARAMETRIC["duration"]) if v not in " ".join(texts)]
    if not options:
        return texts
    wrong = options[int(chance.draw("slip-value", seed) * len(options))]
    right = _value(question, texts[0])
    if right is not None and texts[0][right.start : right.start + len(right.text)] != right.text:
        right = None  # a value worked out ("6 hours" from "10 a.m. to 4 p.m."), not written in the sentence
    if right is not None and chance.happens(0.5, "slip-replace", seed):
        first = texts[0]
        return [first[: right.start] + wrong + first[right.start + len(right.text) :], *texts[1:]]
    return [*texts, f"In most cases this is {wrong}."]
