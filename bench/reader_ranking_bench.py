"""How far re-weighting the reader's ranking could go: the sentence it puts first, against weights fitted to data.

Run: .venv/bin/python bench/reader_ranking_bench.py

For each answerable direct, paraphrased and current-version question of the reading set (its answering documents in
the prompt, one-part questions), the reader ranks the passages' sentences by a sum of weighted signals (shared
words, coverage of what is asked, closeness of the sentence vectors, holding the kind of value asked, being about the
entity asked, ...; localbedrock/reading/reader.py, ``_ranked``). A sentence "answers" when it holds every expected
value. Prints, for the read splits (dev, fresh3, fresh4, fresh5) and the unread ones (held_apart, fresh,
fresh2_held, fresh6): where the first answering sentence is ranked, and the share of questions whose first-ranked
sentence answers (top-1) with the reader's own weights and with weights fitted on the read splits (a softmax over each
question's sentences, gradient descent from the reader's weights, the tiers for holding the kind of value kept),
first with the reader's signals, then with two more: how closely, word by word, the static word vectors align the
question's words with the sentence's. If fitting raised top-1 on the unread splits, the ranking would be mis-weighted;
if it does not, the signals themselves are what limits it. Asserts nothing.
"""

from __future__ import annotations

import collections
import math
import sys
import types

import numpy as np

import localbedrock.reading.reader as reader
from bedrock_course.calibration._reading_set import _holds, questions, xml_prompt
from localbedrock.catalog import CATALOG
from localbedrock.lexicon import STOP_WORDS, stem, words
from localbedrock.model import Message, TextRequest
from localbedrock.prompt import read_prompt
from localbedrock.reading.documents import read_passage
from localbedrock.reading.matching import word_similarities
from localbedrock.reading.question import analyse, parts

READ = ["dev", "fresh3", "fresh4", "fresh5"]
UNREAD = ["held_apart", "fresh", "fresh2_held", "fresh6"]
TYPES = ("single-fact", "paraphrase", "changed-between-versions")
MODEL = "amazon.nova-lite-v1:0"

# The signals _ranked sums, recorded per sentence by a copy of the reader whose scoring line also appends them.
_MARKER = "        out.append(_Candidate(s, score, covers, holds, about, titled))"
_RECORD = (
    "        _ent = strength if question.entities else 0.0\n"
    "        _label = bool(label and set(content_terms(label.group(1))) & attribute)\n"
    "        _kind = bool(question.entities and not about and kinds & s.stems and _ROW.match(s.text))\n"
    "        _about = _ent * about * (0.2 if passing else 1.0)\n"
    "        SIGNALS.append([lexical, covers, min(1.0, semantic), holds, focus, float(_label), _about,\n"
    "            _ent * (not about), float(bool(question.entities) and passing), float(_kind),\n"
    "            float(typed and holds >= _CLEAR), float(typed and holds >= _HOLDS_MIN)])\n"
)
NAMES = ["words", "covers", "meaning", "holds", "focus", "label", "about", "off entity", "in passing", "kind row"]
TIERS = 2  # the last two signals order sentences before the score does (fixed, never fitted)
WEIGHTS = np.array(
    [
        1.0,
        1.0,
        reader._SEMANTIC_WEIGHT,
        reader._HOLDS_BONUS,
        reader._FOCUS_WEIGHT,
        reader._LABEL_BONUS,
        reader._ABOUT_BONUS,
        -reader._OFF_ENTITY_PENALTY,
        -reader._PASSING_PENALTY,
        reader._KIND_BONUS,
        100.0,
        50.0,
    ]
)


def _recording_reader() -> types.ModuleType:
    with open(reader.__file__, encoding="utf-8") as handle:
        source = handle.read()
    if _MARKER not in source or "passing = about and not titled" not in source:
        sys.exit("reader.py's _ranked changed: update this bench's copy of its signals")
    source = source.replace(_MARKER, _RECORD + _MARKER).replace("@lru_cache(maxsize=256)  #", "#")
    source = source.replace("    out = []\n", "    out = []\n    passing = False\n", 1)
    module = types.ModuleType("recording_reader")
    module.SIGNALS = []
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, reader.__file__, "exec"), module.__dict__)
    return module


def _alignment(question, sentences) -> np.ndarray:
    """Per sentence: the IDF-weighted mean, over the question's asked words, of the best cosine with one of the
    sentence's words (static word vectors), and of its cube (close matches count most)."""
    asked = sorted(
        {
            w.lower()
            for w in words(question.text)
            if w.lower() not in STOP_WORDS and stem(w.lower()) in question.attribute_terms
        }
    )
    if not asked or not sentences:
        return np.zeros((len(sentences), 2))
    n = len(sentences)
    idf = np.array([math.log(1 + (n + 1) / (1 + sum(stem(w) in s.stems for s in sentences))) for w in asked])
    vocabulary = sorted(set().union(*(s.words for s in sentences)))
    cosines = word_similarities(asked, vocabulary)
    column = {w: i for i, w in enumerate(vocabulary)}
    rows = []
    for s in sentences:
        own = [column[w] for w in s.words if w in column]
        best = np.clip(cosines[:, own].max(axis=1), 0, 1) if own else np.zeros(len(asked))
        rows.append([float(idf @ best / idf.sum()), float(idf @ best**3 / idf.sum())])
    return np.array(rows)


def dataset(recording: types.ModuleType, splits: list[str]) -> list[tuple[str, str, np.ndarray, np.ndarray, list]]:
    """(split, type, signals per sentence, whether each sentence answers, the reader's own order of the sentences)
    for each question with an answering sentence."""
    profile = reader.profile_for(CATALOG[MODEL])
    found = []
    for split in splits:
        for record in questions(split, answerable=True):
            if record["type"] not in TYPES:
                continue
            prompt = read_prompt(
                TextRequest(MODEL, (Message("user", xml_prompt(record["question"], record["gold_doc_ids"])),))
            )
            if len(parts(prompt.query)) > 1:
                continue
            question = analyse(prompt.query)
            passages = [read_passage(i, p) for i, p in enumerate(prompt.passages)]
            passages = reader._current_versions(passages, question, profile, "bench")
            sentences = [s for p in passages for s in p.sentences]
            recording.SIGNALS.clear()
            ranked, _ = recording._ranked(question, tuple(passages))
            at = {id(s): i for i, s in enumerate(sentences)}
            order = [at[id(c.sentence)] for c in ranked]
            signals = np.hstack([np.array(recording.SIGNALS), _alignment(question, sentences)])
            answers = np.array([all(_holds(s.text, e) for e in record["expected"]) for s in sentences], float)
            if answers.any():
                found.append((split, record["type"], signals, answers, order))
    return found


def top1(data, weights: np.ndarray) -> float:
    hits = [answers[int(np.argmax(signals[:, : len(weights)] @ weights))] > 0 for _, _, signals, answers, _ in data]
    return sum(hits) / len(hits)


def agreement(data) -> int:
    """Questions whose first sentence by the signals and the reader's weights is the reader's own first one."""
    return sum(int(np.argmax(signals[:, : len(WEIGHTS)] @ WEIGHTS)) == order[0] for _, _, signals, _, order in data)


def ranks(data) -> collections.Counter:
    """Where the reader itself ranks the first answering sentence (0 = first; 5 = sixth or lower)."""
    counted = collections.Counter()
    for _, _, _, answers, order in data:
        counted[min(int(np.flatnonzero(answers[order])[0]), 5)] += 1
    return counted


def fit(data, start: np.ndarray, steps: int = 3000, rate: float = 0.05, l2: float = 0.01) -> np.ndarray:
    """Weights maximising the likelihood of the answering sentences under a softmax per question."""
    weights = start.copy()
    free = np.ones_like(weights)
    free[len(WEIGHTS) - TIERS : len(WEIGHTS)] = 0
    for _ in range(steps):
        gradient = np.zeros_like(weights)
        for _, _, signals, answers, _ in data:
            x = signals[:, : len(weights)]
            scores = x @ weights
            p = np.exp(scores - scores.max())
            p /= p.sum()
            q = p * answers / (p * answers).sum()
            gradient += x.T @ (p - q)
        weights -= rate * free * (gradient / len(data) + l2 * (weights - start))
    return weights


def main() -> None:
    recording = _recording_reader()
    read, unread = dataset(recording, READ), dataset(recording, UNREAD)
    print(f"questions: read {len(read)}, unread {len(unread)}")
    for name, data in (("read", read), ("unread", unread)):
        counted = ranks(data)
        middle = sum(counted[i] for i in (1, 2, 3, 4))
        print(f"  {name}: first answering sentence ranked 1st {counted[0]}, 2nd-5th {middle}, lower {counted[5]}")
        print(
            f"    the signals with the reader's weights pick its own first sentence in {agreement(data)} of {len(data)}"
        )
    fitted = fit(read, WEIGHTS)
    extended = fit(read, np.concatenate([WEIGHTS, [0.0, 0.0]]))
    print("top-1            read   unread")
    print(f"  reader's       {top1(read, WEIGHTS):.3f}  {top1(unread, WEIGHTS):.3f}")
    print(f"  fitted         {top1(read, fitted):.3f}  {top1(unread, fitted):.3f}")
    print(f"  fitted + align {top1(read, extended):.3f}  {top1(unread, extended):.3f}")
    print("fitted weights: " + ", ".join(f"{n} {w:.2f}" for n, w in zip(NAMES, fitted, strict=False)))


if __name__ == "__main__":
    main()
