"""Lab 6 grades judgement, not transcription: lesson 6's `decide()` copied verbatim earns at most half of
`recommend`'s points, and the grade of `recommend` rests on the factors each case turns on."""

from __future__ import annotations

from tests.labs.submissions import wrong_answers

LAB = "lab06_decisions"


def recommend_score(record: dict) -> tuple[float, float]:
    test = next(t for t in record["tests"] if t["name"] == "test_recommend")
    return test["score"], test["max_score"]


def test_lab06_copying_lesson_6s_decide_earns_at_most_half_of_recommends_points(records):
    assert "copied_decide" in {wrong.name for wrong in wrong_answers(LAB)}
    record = records(LAB)["wrong-copied_decide"]
    assert record["status"] == "graded", record["reasons"]
    score, max_score = recommend_score(record)
    assert max_score > 0
    assert score <= max_score / 2, f"lesson 6's decide() copied verbatim earns {score} of {max_score}"


def test_lab06_padded_driving_factors_earn_no_more_than_the_strategies(records):
    score, max_score = recommend_score(records(LAB)["wrong-factors_padded_to_pass"])
    reference, _ = recommend_score(records(LAB)["reference"])
    assert reference == max_score
    assert score <= max_score - 1.5, "factors padded with every attribute that might matter must not pass"
