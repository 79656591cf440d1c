"""`make grade-demo` grades a class of three on a course lab: the solution earns full marks, half of it fewer, the
blank release nothing, and each student gets a feedback page and a Gradescope result."""

from __future__ import annotations

import csv
import subprocess
import sys

from tests.conftest import REPO_ROOT


def test_grade_demo_grades_full_half_and_blank_submissions(tmp_path, venv_env):
    out = tmp_path / "demo"
    command = [sys.executable, str(REPO_ROOT / "scripts" / "grade_demo.py"), "--out", str(out)]
    done = subprocess.run(command, env=venv_env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    rows = {r["student"]: r for r in csv.DictReader((out / "results" / "lab01_foundations" / "grades.csv").open())}
    scores = {student: float(row["score"]) for student, row in rows.items()}
    full = float(rows["ada"]["max_score"])
    assert scores["ada"] == full > scores["bob"] > scores["cyd"] == 0.0
    for student in rows:
        assert (out / "feedback" / "lab01_foundations" / f"{student}.html").is_file()
        assert (out / "gradescope" / student / "lab01_foundations" / "results.json").is_file()
    assert "ada" in done.stdout and f"{full:.1f}" in done.stdout


def test_grade_demo_names_the_labs_when_the_lab_is_unknown(tmp_path, venv_env):
    command = [sys.executable, str(REPO_ROOT / "scripts" / "grade_demo.py"), "--lab", "lab99", "--out", str(tmp_path)]
    done = subprocess.run(command, env=venv_env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "no lab lab99 in solutions/" in done.stderr and "lab01_foundations" in done.stderr
