"""Private tests from course.toml: merged in at grading, in max_score, never shown, never seen by a submission."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.course.config import ConfigError
from autograder.course.labs import load_lab
from autograder.course.private_tests import PrivateTestsError
from tests.instructor.fixture_lab import ANSWERS, FIXTURE, LAB, MAX_SCORE, filled_release

# The kernel looks for the private folder and spoils ANSWER (a name the lab gives the student) if it finds anything;
# the private test reads ANSWER back, so the reference solution passes it too.
SNOOP = "import os\nif any(os.path.exists(p) for p in ('scenarios.json', {private!r})):\n    ANSWER = -1\n"
PRIVATE_COUNT = (
    "import json\nfrom pathlib import Path\n"
    "for text, expected in json.loads(Path('scenarios.json').read_text()):\n"
    "    assert count_words(text) == expected  # PRIVATE-COUNT-SOURCE\n"
)
PRIVATE_SNOOP = "assert ANSWER == 42, ANSWER  # PRIVATE-SNOOP-SOURCE\n"
PRIVATE_ADD = "check(add(7, 8), 15)  # PRIVATE-ADD-SOURCE\n"
MANIFEST = """
[[test]]
grade_id = "test_count_private"
points = 2
source = "count_more.py"
after = "test_count"

[[test]]
grade_id = "test_snoop"
points = 1
source = "snoop.py"

[[test]]
grade_id = "test_add"
source = "add_hidden.py"
points = 3
"""
PRIVATE_MAX = MAX_SCORE + 2 + 1 + 1  # two new cells, and test_add worth 3 instead of 2


def write_private(folder: Path, manifest: str = MANIFEST) -> Path:
    lab = folder / LAB
    lab.mkdir(parents=True)
    (lab / "tests.toml").write_text(manifest)
    (lab / "count_more.py").write_text(PRIVATE_COUNT)
    (lab / "snoop.py").write_text(PRIVATE_SNOOP)
    (lab / "add_hidden.py").write_text(PRIVATE_ADD)
    (lab / "scenarios.json").write_text(json.dumps([["x y x", {"x": 2, "y": 1}], ["", {}]]))
    return lab


@pytest.fixture
def course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    write_private(tmp_path / "private")
    (course / "course.toml").write_text('[grading]\nprivate_tests = "../private"\n')
    return course


def test_private_tests_are_merged_as_hidden_test_cells(course: Path):
    lab = load_lab(course, LAB)
    tests = {cell.grade_id: cell for cell in lab.cells if cell.is_test}
    order = [cell.grade_id for cell in lab.cells if cell.is_test]
    assert order.index("test_count_private") == order.index("test_count") + 1
    assert order[-1] == "test_snoop"
    assert "PRIVATE-ADD-SOURCE" in tests["test_add"].source
    assert "10**12" not in tests["test_add"].source  # its hidden section was replaced
    assert tests["test_add"].source.startswith("check(add(1, 2), 3)")  # its visible part was kept
    assert lab.max_score == PRIVATE_MAX
    assert [relative for _, relative in lab.private_files] == ["scenarios.json"]
    assert [relative for _, relative in lab.data_files] == ["words.txt"]


def test_a_lab_key_overrides_the_course_wide_folder(course: Path, tmp_path: Path):
    write_private(tmp_path / "other", '[[test]]\ngrade_id = "test_more"\npoints = 5\nsource = "add_hidden.py"\n')
    (course / "course.toml").write_text(
        f'[grading]\nprivate_tests = "../private"\n\n[labs.{LAB}]\nprivate_tests = "../other/{LAB}"\n'
    )
    assert load_lab(course, LAB).max_score == MAX_SCORE + 5


def test_changing_a_private_test_makes_records_stale(course: Path, tmp_path: Path):
    before = load_lab(course, LAB).sha256
    (tmp_path / "private" / LAB / "scenarios.json").write_text("[]")
    assert load_lab(course, LAB).sha256 != before


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("[[test]]\ngrade_id = 'a b'\npoints = 1\nsource = 'snoop.py'\n", "grade_id must be letters"),
        ("[[test]]\ngrade_id = 'new'\nsource = 'snoop.py'\n", "'new' is a new test cell: give its points"),
        ("[[test]]\ngrade_id = 'new'\npoints = -1\nsource = 'snoop.py'\n", "points must be a number of at least 0"),
        ("[[test]]\ngrade_id = 'new'\npoints = 1\nsource = 'missing.py'\n", "'missing.py' is not a file inside"),
        ("[[test]]\ngrade_id = 'new'\npoints = 1\nsource = '../x.py'\n", "'../x.py' is not a file inside"),
        ("[[test]]\ngrade_id = 'new'\npoints = 1\nsource = 'snoop.py'\nwhen = 1\n", "unknown key"),
        ("[[test]]\ngrade_id = 'add_impl'\npoints = 1\nsource = 'snoop.py'\n", "not an autograded test cell"),
        ("[[test]]\ngrade_id = 'n'\npoints = 1\nsource = 'snoop.py'\nafter = 'nope'\n", "after names 'nope'"),
        ("[[test]]\ngrade_id = 'test_add'\nsource = 'snoop.py'\nafter = 'setup'\n", "drop after"),
        ("[[test]]\ngrade_id='n'\npoints=1\nsource='snoop.py'\n" * 2, "'n' is listed twice"),
        ("[test]\ngrade_id = 'n'\n", r"must hold only \[\[test\]\] tables"),
        ("[[test\n", "is not valid TOML"),
    ],
)
def test_a_malformed_private_folder_is_refused_naming_the_file(course: Path, tmp_path: Path, manifest, message):
    (tmp_path / "private" / LAB / "tests.toml").write_text(manifest)
    with pytest.raises(PrivateTestsError, match=message) as error:
        load_lab(course, LAB)
    assert "tests.toml" in str(error.value)


def test_a_private_test_with_a_syntax_error_names_the_file_and_line(course: Path, tmp_path: Path):
    (tmp_path / "private" / LAB / "snoop.py").write_text("x = 1\nassert (\n")
    with pytest.raises(PrivateTestsError, match=r"snoop\.py, line 2"):
        load_lab(course, LAB)


def test_a_private_folder_without_its_manifest_is_refused(course: Path, tmp_path: Path):
    (tmp_path / "private" / LAB / "tests.toml").unlink()
    with pytest.raises(PrivateTestsError, match=r"has no tests\.toml"):
        load_lab(course, LAB)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('[grading]\nprivate_tests = "missing"\n', r"\[grading\] private_tests: .*missing is not a folder"),
        (f"[labs.{LAB}]\nprivate_tests = 3\n", rf"\[labs.{LAB}\] private_tests must be the path of a folder"),
        ('[grading]\nprivate_tests = "data"\n', "students can read; move it out"),
        (f'[grading]\nprivate_tests = "labs/{LAB}"\n', "students can read; move it out"),
    ],
)
def test_a_private_folder_setting_is_checked(course: Path, setting, message):
    (course / "course.toml").write_text(setting)
    with pytest.raises(ConfigError, match=message):
        load_lab(course, LAB)


def grade(course: Path, venv_env: dict, students: dict[str, str]) -> dict[str, dict]:
    for student, extra in students.items():
        folder = course / "submitted" / student / LAB
        folder.mkdir(parents=True)
        nb = json.loads(filled_release(FIXTURE / "labs" / LAB / f"{LAB}.ipynb", ANSWERS))
        nb["cells"].append(
            {"cell_type": "code", "metadata": {}, "source": extra, "outputs": [], "execution_count": None}
        )
        (folder / f"{LAB}.ipynb").write_text(json.dumps(nb))
    subprocess.run(
        ["autograder", "grade", LAB, "submitted", "--out", "results", "--cell-timeout", "10"],
        cwd=course,
        env=venv_env,
        check=True,
        capture_output=True,
    )
    return {s: json.loads((course / "results" / f"{s}.json").read_text()) for s in students}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, venv_env) -> tuple[Path, dict[str, dict]]:
    """Ada solves the lab and also looks for the private folder from her kernel."""
    root = tmp_path_factory.mktemp("private")
    course = root / "course"
    shutil.copytree(FIXTURE, course)
    write_private(root / "private")
    (course / "course.toml").write_text('[grading]\nprivate_tests = "../private"\n')
    private = root / "private" / LAB / "scenarios.json"
    return course, grade(course, venv_env, {"ada": SNOOP.format(private=str(private))})


def test_private_tests_are_graded_and_counted_in_max_score(graded):
    _, records = graded
    ada = records["ada"]
    scores = {test["name"]: test["score"] for test in ada["tests"]}
    assert ada["status"] == "graded", ada["reasons"]
    assert (ada["score"], ada["max_score"]) == (PRIVATE_MAX, PRIVATE_MAX)
    assert scores["test_count_private"] == 2 and scores["test_add"] == 3
    assert scores["test_snoop"] == 1  # the kernel found neither the private data file nor the private folder


def test_private_tests_are_hidden_in_the_record(graded):
    _, records = graded
    tests = {test["name"]: test for test in records["ada"]["tests"]}
    for name in ("test_count_private", "test_snoop", "test_add"):
        assert tests[name]["visibility"] == "hidden"
    # Only what a visible part printed: test_add keeps its visible part, the other two are wholly private.
    outputs = {name: tests[name]["output"] for name in ("test_count_private", "test_snoop", "test_add")}
    assert outputs == {"test_count_private": "", "test_snoop": "", "test_add": "add works on small numbers\n"}


def test_private_test_source_reaches_no_feedback_or_export(graded, venv_env):
    course, _ = graded
    for command in (
        ["feedback", LAB, "--results", "results", "--out", "feedback", "--submissions", "submitted"],
        ["export", "--format", "csv", "--results", "results", "--out", "gradebook.csv"],
        ["export", "--format", "gradescope", "--results", "results", "--out", "gradescope"],
    ):
        subprocess.run(["autograder", *command], cwd=course, env=venv_env, check=True, capture_output=True)
    written = [course / "gradebook.csv", *(course / "feedback").rglob("*"), *(course / "gradescope").rglob("*")]
    written += list((course / "results").iterdir())
    for path in (p for p in written if p.is_file()):
        text = path.read_text()
        for marker in ("PRIVATE-COUNT-SOURCE", "PRIVATE-SNOOP-SOURCE", "PRIVATE-ADD-SOURCE", "x y x"):
            assert marker not in text, f"{marker} leaked into {path}"
