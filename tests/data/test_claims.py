"""The labelled claims of the questions about facts that changed (data/README.md, "Labelled claims").

Faithfulness is measured from these labels (lesson 4, lab 4), so they must be right: every evidence quote is in its
document and states the claim, a claim is correct exactly when a document in force on the question's date states
it, and the reference answers agree with the labels.
"""

from __future__ import annotations

import pytest

from tests.data.test_corpus import documents, questions

CHANGED = [q for q in questions() if q["type"] == "changed-between-versions"]


def makes(answer: str, claim: dict) -> bool:
    return all(m.lower() in answer.lower() for m in claim["match"])


def test_exactly_the_questions_about_changed_facts_carry_claims():
    assert [q["id"] for q in questions() if "claims" in q] == [q["id"] for q in CHANGED]


@pytest.mark.parametrize("q", CHANGED, ids=lambda q: q["id"])
def test_claim_fields_have_their_types(q):
    for claim in q["claims"]:
        assert set(claim) == {"claim", "match", "correct", "evidence"}
        assert isinstance(claim["claim"], str) and claim["claim"].endswith(".") and "{{" not in claim["claim"]
        assert claim["match"] and all(isinstance(m, str) and m.strip() for m in claim["match"])
        assert type(claim["correct"]) is bool
        assert claim["evidence"] and all(set(e) == {"doc_id", "quote"} for e in claim["evidence"])


@pytest.mark.parametrize("q", CHANGED, ids=lambda q: q["id"])
def test_every_evidence_quote_is_in_its_document_and_states_the_claim(q):
    for claim in q["claims"]:
        for evidence in claim["evidence"]:
            assert evidence["quote"] in documents()[evidence["doc_id"]], evidence
            assert makes(evidence["quote"], claim), (claim["match"], evidence["quote"])


@pytest.mark.parametrize("q", CHANGED, ids=lambda q: q["id"])
def test_correct_claims_are_stated_by_a_relevant_document_and_wrong_ones_only_elsewhere(q):
    assert any(claim["correct"] for claim in q["claims"])
    for claim in q["claims"]:
        stated_by = {e["doc_id"] for e in claim["evidence"]}
        if claim["correct"]:
            assert stated_by & set(q["relevant_doc_ids"]), claim["claim"]
        else:
            assert stated_by & set(q["other_version_doc_ids"]), claim["claim"]


def test_a_claim_that_changed_is_correct_for_some_dates_and_wrong_for_others():
    truth: dict[str, set[bool]] = {}
    for q in CHANGED:
        for claim in q["claims"]:
            truth.setdefault(claim["claim"], set()).add(claim["correct"])
    assert sum(values == {True, False} for values in truth.values()) >= 15


def test_most_questions_have_a_wrong_claim_a_superseded_passage_could_give():
    with_wrong = [q for q in CHANGED if not all(claim["correct"] for claim in q["claims"])]
    assert len(with_wrong) >= len(CHANGED) - 2


def test_reference_answers_agree_with_the_labels():
    made_correct = 0
    for q in CHANGED:
        reference = q["reference_answer"].split("(")[0]  # a remark in parentheses may recall the old value
        made = [claim for claim in q["claims"] if makes(reference, claim)]
        assert all(claim["correct"] for claim in made), (q["id"], [c["claim"] for c in made])
        made_correct += bool(made)
    assert made_correct >= 0.9 * len(CHANGED)
