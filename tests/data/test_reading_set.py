"""The labelled reading set (data/calibration/reading.jsonl) is well formed and its answers are in its documents.

The reader's quality figures and several calibrations are measured on it, so a label that is not in the documents
it names would make a right answer count as wrong.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bedrock_course.calibration._reading_set import CALIBRATION_SPLITS, SPLITS, documents, reading_set

TYPES = {"single-fact", "paraphrase", "multi-passage", "changed-between-versions", "unanswerable"}
LOOKED_UP = ("single-fact", "paraphrase", "changed-between-versions")  # answers stated, not computed


def _plain(text: str) -> str:
    return re.sub(r"(?<=\d),(?=\d{3})", "", text.lower())  # "1,400" and "1400" are the same number


def test_every_record_is_well_formed():
    records = reading_set()
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert r["split"] in SPLITS and r["type"] in TYPES, r["id"]
        assert r["gold_doc_ids"] and all(d in documents() for d in r["gold_doc_ids"]), r["id"]
        assert r["answerable"] == (r["type"] != "unanswerable") == bool(r["expected"]), r["id"]


def test_the_sets_kept_for_judging_the_reader_are_apart_from_the_calibrations():
    assert set(CALIBRATION_SPLITS) < set(SPLITS)
    assert not {"fresh2", "fresh2_held", "fresh3", "fresh4", "fresh5", "fresh6"} & set(CALIBRATION_SPLITS)
    counts = Counter(r["split"] for r in reading_set())
    assert counts["fresh2"] == counts["fresh2_held"] == 60  # two halves of one set, one of them never looked at
    assert counts["fresh3"] == 120  # written after the 2026-12-07 round, only measured
    assert counts["fresh4"] == 120  # written on 2026-12-07 before the next round, only measured
    assert counts["fresh5"] == 120  # written on 2026-12-07 after fresh4's round; its misses are read
    assert counts["fresh6"] == 120  # written on 2026-12-07 during the fifth round, only measured


@pytest.mark.parametrize("record", [r for r in reading_set() if r["type"] in LOOKED_UP], ids=lambda r: r["id"])
def test_a_looked_up_answer_is_in_its_documents(record):
    text = _plain(" ".join(documents()[d] for d in record["gold_doc_ids"]))
    for expected in record["expected"]:
        assert any(_plain(alternative) in text for alternative in expected.split("|")), expected
