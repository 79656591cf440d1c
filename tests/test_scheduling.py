"""How `make test` spreads tests over its workers (tests/conftest.py, ``lab_group``)."""

from __future__ import annotations

from bedrock_course.calibration import all_behaviours
from tests.conftest import lab_group

CALIBRATION = "tests/localbedrock/calibration/test_calibration.py::test_behaviour_is_inside_its_specified_range"


def test_a_labs_tests_share_its_group():
    assert lab_group("tests/labs/test_labs.py::test_reference_scores_full_marks[lab04_knowledge_bases]") == (
        "lab-lab04_knowledge_bases"
    )
    assert (
        lab_group("tests/labs/test_checks.py::test_check[lab04_knowledge_bases-blank]") == "lab-lab04_knowledge_bases"
    )


def test_the_behaviours_of_one_calibration_area_share_a_group():
    # They ask the same questions (the long-context positions, the whole corpus): one process keeps the answers.
    for behaviour in all_behaviours():
        nodeid = f"{CALIBRATION}[{behaviour.area}: {behaviour.name} ({behaviour.model_id})]"
        assert lab_group(nodeid) == f"calibration-{behaviour.area}"


def test_any_other_test_is_its_own_group():
    assert lab_group("tests/test_notebooks.py::test_x[lessons/03_rag_from_scratch.ipynb]") == (
        "tests/test_notebooks.py::test_x[lessons/03_rag_from_scratch.ipynb]"
    )
