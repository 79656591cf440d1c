"""Labs read the course data through bedrock_course, also inside the grader's sandbox, where the package's folder
has no data/ beside it and the course's data/ is at ../../data from the lab."""

from __future__ import annotations

import bedrock_course.data as course_data


def test_data_dir_is_found_above_the_lab_folder_when_the_package_has_none_beside_it(tmp_path, monkeypatch):
    (tmp_path / "course" / "data" / "corpus").mkdir(parents=True)
    lab = tmp_path / "course" / "labs" / "lab03_rag"
    lab.mkdir(parents=True)
    monkeypatch.setattr(course_data, "__file__", str(tmp_path / "site-packages" / "bedrock_course" / "data.py"))
    monkeypatch.chdir(lab)
    assert course_data._find_data_dir() == tmp_path / "course" / "data"


def test_data_dir_beside_the_package_comes_first(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert course_data._find_data_dir() == course_data.DATA_DIR
    assert (course_data.DATA_DIR / "corpus").is_dir()
