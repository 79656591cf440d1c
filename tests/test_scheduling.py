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


def test_a_lessons_browser_run_and_its_notebook_test_share_a_group():
    # The notebook test reads the notebook the browser's run saved: one worker, the browser's run first.
    browser = "tests/browser/test_lessons_in_browser.py::test_lesson_runs_all_cells_without_errors_and_shows_its_plots"
    notebook = "tests/test_notebooks.py::test_notebook_runs_top_to_bottom"
    assert lab_group(f"{browser}[03_rag_from_scratch]") == "lesson-03_rag_from_scratch"
    assert lab_group(f"{notebook}[lessons/03_rag_from_scratch.ipynb]") == "lesson-03_rag_from_scratch"


def test_any_other_test_is_its_own_group():
    solution = "tests/test_notebooks.py::test_notebook_runs_top_to_bottom[solutions/lab03_rag/lab03.ipynb]"
    assert lab_group(solution) == solution
    assert lab_group("tests/test_notebooks.py::test_x[lessons/03_rag_from_scratch.ipynb]") == (
        "tests/test_notebooks.py::test_x[lessons/03_rag_from_scratch.ipynb]"
    )
