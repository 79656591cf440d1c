"""What makes a lab's grade mean something, checked with the real grader (`autograder grade`) on every lab.

The reference solution earns every autograded point, the blank release earns none, and each plausible wrong answer
(``tests/labs/wrong/<lab>.py``) loses points on the test cells it names; together the wrong answers are caught by
every test cell, so no test cell is one that nothing fails.
"""

from __future__ import annotations

import pytest

from tests.labs.submissions import LABS, apply, graded_cells, solution_sources, wrong_answers

WRONG = [(lab, wrong) for lab in LABS for wrong in wrong_answers(lab)]
WRONG_IDS = [f"{lab}-{wrong.name}" for lab, wrong in WRONG]


def scores(record: dict) -> dict[str, tuple[float, float]]:
    return {test["name"]: (test["score"], test["max_score"]) for test in record["tests"]}


@pytest.mark.parametrize("lab", LABS)
def test_reference_solution_earns_every_autograded_point(lab, records):
    record = records(lab)["reference"]
    assert record["status"] == "graded", record["reasons"]
    assert record["max_score"] > 0
    lost = {name: s for name, s in scores(record).items() if s[0] < s[1]}
    assert not lost, f"{lab}: the reference loses points on {lost}:\n" + "\n".join(t["output"] for t in record["tests"])
    assert record["score"] == record["max_score"]


@pytest.mark.parametrize("lab", LABS)
def test_blank_release_earns_nothing(lab, records):
    record = records(lab)["blank"]
    assert record["status"] == "graded", record["reasons"]
    assert record["score"] == 0, scores(record)


@pytest.mark.parametrize("lab", LABS)
def test_lab_has_three_to_eight_graded_parts_and_a_part_graded_by_hand(lab, records):
    record = records(lab)["reference"]
    assert 3 <= len(record["tests"]) <= 8
    assert record["manual"], f"{lab} has no free-text answer graded by hand"


@pytest.mark.parametrize(("lab", "wrong"), WRONG, ids=WRONG_IDS)
def test_wrong_answer_scores_less_than_full_marks_on_the_tests_it_breaks(lab, wrong, records):
    record = records(lab)[f"wrong-{wrong.name}"]
    assert record["status"] == "graded", record["reasons"]
    assert record["score"] < record["max_score"]
    by_test = scores(record)
    missed = [name for name in wrong.fails if by_test[name][0] == by_test[name][1]]
    assert not missed, f"{wrong.name} keeps every point of {missed}"


@pytest.mark.parametrize("lab", LABS)
def test_every_test_cell_catches_at_least_one_wrong_answer(lab):
    caught = {name for wrong in wrong_answers(lab) for name in wrong.fails}
    assert len(wrong_answers(lab)) >= 5, f"keep at least five plausible wrong answers in tests/labs/wrong/{lab}.py"
    assert set(graded_cells(lab)) <= caught, f"{lab}: no wrong answer fails {set(graded_cells(lab)) - caught}"


@pytest.mark.parametrize(("lab", "wrong"), WRONG, ids=WRONG_IDS)
def test_wrong_answer_edits_its_solution_cell(lab, wrong):
    answers = solution_sources(lab)
    assert apply(wrong, answers)[wrong.cell] != answers[wrong.cell]
    assert set(wrong.fails) <= set(graded_cells(lab))
