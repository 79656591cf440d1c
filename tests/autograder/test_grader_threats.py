"""One test per threat in the threat model, against one batch that also holds honest and blank controls.

Each hostile submission pairs an attack with wrong or missing answers, so a test asserts two things: the score is
no higher than what the same answers earn without the attack (usually zero), and the record says why it needs review.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from grader_helpers import COURSE, LAB, SECRET, submissions

MAX = submissions.MAX_SCORE
# What the honest answers to add() alone earn: test_add (2) + half of test_partial (1).
ADD_ONLY = 3.0


def reasons(record: dict) -> str:
    return " | ".join(record["reasons"]).lower()


def test_honest_control_gets_full_marks_unflagged(records):
    honest = records["honest"]
    assert (honest["score"], honest["max_score"], honest["status"]) == (MAX, MAX, "graded")
    assert honest["reasons"] == []
    assert [t["status"] for t in honest["tests"]] == ["passed"] * 4


def test_blank_control_gets_zero_unflagged(records):
    assert (records["blank"]["score"], records["blank"]["status"]) == (0, "graded")


def test_partial_answers_get_partial_credit(records):
    partial = records["partial"]
    assert (partial["score"], partial["status"]) == (ADD_ONLY, "graded")
    by_name = {t["name"]: t for t in partial["tests"]}
    assert by_name["test_partial"]["score"] == 1.0 and by_name["test_partial"]["status"] == "failed"


def test_stray_metadata_and_added_cells_are_tolerated(records):
    assert (records["stray_metadata"]["score"], records["stray_metadata"]["status"]) == (MAX, "graded")


def test_every_submission_in_the_batch_has_a_valid_record(batch):
    students = set(submissions.SUBMISSIONS) | {"network"}
    assert set(batch["records"]) == students
    for record in batch["records"].values():
        assert record["status"] in ("graded", "flagged", "rejected")
        assert record["max_score"] in (MAX, 0)
        assert 0 <= record["score"] <= record["max_score"]
    lines = (batch["out"] / "grades.csv").read_text().splitlines()
    assert lines[0].startswith("student,lab,score,max_score,status") and len(lines) == len(students) + 1


def test_hidden_tests_show_their_visible_part_and_never_a_hidden_line(records):
    cells = json.loads((COURSE / "solutions" / LAB / f"{LAB}.ipynb").read_text())["cells"]
    sources = ["".join(cell["source"]) for cell in cells]
    blocks = [b for s in sources for b in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", s, re.S)]
    hidden = {line.strip() for block in blocks for line in block.splitlines() if len(line.strip()) > 8}
    assert hidden
    shown = [t["output"] for r in records.values() for t in r["tests"] if t["visibility"] == "hidden"]
    assert any("add works on small numbers" in output for output in shown)  # a visible part's print
    assert not [line for line in hidden if any(line in output for output in shown)]
    text = json.dumps(records)
    assert "check(add(-5, 5), 0)" not in text and "10**12" not in text


def test_visible_test_output_is_reported(records):
    partial_test = {t["name"]: t for t in records["blank"]["tests"]}["test_partial"]
    assert partial_test["visibility"] == "visible"


@pytest.mark.parametrize(
    ("student", "says"),
    [
        ("input_transformer", "tampers with how code runs"),
        ("ast_transformer", "tampers with how code runs"),
        ("swallow_exceptions", "exception handler"),
        ("patch_helpers", "builtins"),
        ("lying_objects", "not plain data"),
    ],
)
def test_tampering_with_the_test_machinery_earns_nothing_and_is_flagged(records, student, says):
    record = records[student]
    assert record["score"] == 0
    assert record["status"] == "flagged"
    assert says in reasons(record)


def test_redefining_a_read_only_helper_is_flagged(records):
    assert "redefined 'check'" in reasons(records["patch_helpers"])


@pytest.mark.parametrize(
    ("student", "says"),
    [
        ("edited_test", "edited the test cell 'test_add'"),
        ("deleted_tests", "deleted the test cell 'test_answer'"),
        ("retyped_test", "changed the type of the test cell 'test_count'"),
    ],
)
def test_changed_test_cells_are_restored_and_flagged(records, student, says):
    # All three answer add() wrongly: the restored tests must fail it.
    assert records[student]["score"] == 0
    assert records[student]["status"] == "flagged"
    assert says in reasons(records[student])


def test_duplicated_test_cells_count_once(records):
    record = records["duplicated_test"]
    assert (record["score"], record["max_score"]) == (ADD_ONLY, MAX)
    assert [t["name"] for t in record["tests"]].count("test_add") == 1
    assert "duplicated the locked cell 'test_add'" in reasons(record)


def test_outputs_stored_in_the_notebook_are_ignored(records):
    assert (records["forged_outputs"]["score"], records["forged_outputs"]["status"]) == (0, "graded")


def test_points_in_student_metadata_are_ignored(records):
    record = records["forged_points"]
    assert (record["score"], record["max_score"]) == (ADD_ONLY, MAX)
    assert "bonus" not in [t["name"] for t in record["tests"]]


def test_solutions_tests_and_secrets_are_out_of_reach(records):
    # The submission answers correctly only if it found hidden tests on disk or a secret in its environment.
    record = records["snoop_disk"]
    assert record["status"] == "graded", record["reasons"]  # the search ran to the end
    assert record["score"] == 0
    assert SECRET not in json.dumps(record)


def test_network_is_unreachable(batch):
    # The submission answers 42 only if it reached the host's listener.
    assert batch["records"]["network"]["score"] == 0
    assert batch["network_connections"] == 0


def test_late_writes_from_detached_children_change_nothing(batch):
    time.sleep(max(0.0, batch["finished"] + 3.5 - time.time()))  # the child would write 2.5 s after starting
    out: Path = batch["out"]
    for name, text in batch["records_at_end"].items():
        assert (out / name).read_text() == text, f"{name} changed after grading"
    assert batch["records"]["late_writer"]["score"] == 0
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if batch["late_writer_marker"].encode() in Path(f"/proc/{pid}/cmdline").read_bytes():
                alive.append(pid)
        except OSError:
            pass
    assert alive == []


def test_killing_the_parent_harms_no_one(records):
    record = records["kill_parent"]
    assert record["score"] == 0
    assert record["status"] in ("graded", "flagged")
    assert records["honest"]["score"] == MAX


@pytest.mark.parametrize(
    ("student", "says"),
    [
        ("infinite_loop", "ran longer than 4 s"),
        ("memory_bomb", "memory limit"),
        ("fork_bomb", "process limit"),
        ("output_flood", "output of add_impl was cut"),
        ("crash", "kernel died"),
    ],
)
def test_limits_are_contained_and_reported(records, student, says):
    record = records[student]
    assert record["score"] == 0
    assert record["status"] == "flagged"
    assert says in reasons(record)


def test_output_flood_does_not_bloat_the_record(batch):
    assert (batch["out"] / "output_flood.json").stat().st_size < 50_000


@pytest.mark.parametrize("student", ["not_json", "binary", "old_format", "json_list"])
def test_unreadable_files_are_rejected_and_the_batch_goes_on(records, student):
    record = records[student]
    assert record["status"] == "rejected"
    assert record["score"] == 0 and record["tests"] == []
    assert record["reasons"] and record["reasons"][0].startswith("unreadable notebook")


def test_a_forged_kernel_bridge_earns_only_what_its_answers_earn(records):
    # The kernel's end of the bridge is the submission's to subvert: it sees a call's arguments, never the expected
    # values, so answering every call with the visible test's expectation passes no test.
    record = records["forged_bridge"]
    assert record["score"] == 0
    assert {t["name"]: t["status"] for t in record["tests"]}["test_add"] == "failed"


def test_a_silenced_request_channel_earns_nothing_from_the_kernel_and_is_flagged(records):
    # Right answers, but the comm that carries the grader's requests no longer answers: every test needs the kernel.
    record = records["silenced_channel"]
    assert (record["score"], record["status"]) == (0, "flagged")
    assert "the kernel stopped answering the grader's requests" in reasons(record)
    assert "tampers with how code runs" in reasons(record)


def test_a_removed_comm_target_is_flagged(records):
    record = records["dropped_channel_target"]
    assert (record["score"], record["status"]) == (0, "flagged")
    assert "changed the grader's comm channel: it tampers with how code runs" in reasons(record)


def test_detecting_the_grader_gains_nothing(records):
    assert records["grader_hunt"]["score"] <= ADD_ONLY
