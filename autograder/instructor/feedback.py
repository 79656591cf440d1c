"""Feedback for one student: a self-contained HTML page from a result record, never showing hidden tests' source."""

from __future__ import annotations

from html import escape

from autograder.course.late import describe_late
from autograder.grading.record import describe_pending

STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .4rem .6rem; text-align: left; vertical-align: top; }
.passed { color: #1a7f37; } .failed { color: #c62828; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
.status { padding: .6rem; border-radius: .3rem; background: #fff4e5; }
.rubric { white-space: pre-wrap; background: #f6f8fa; padding: .6rem; }
"""


def _points(value: float) -> str:
    return f"{value:g}"


def feedback_html(
    record: dict, student_code: list[tuple[str, str]] | None = None, rubrics: dict[str, str] | None = None
) -> str:
    """Render ``record`` as an HTML page; ``student_code`` is (label, source) per answer cell, shown at the end;
    ``rubrics`` the rubric each part graded by hand states ({cell name: text}), shown with its score and comment.

    Every test shows what its visible part printed and, when it failed, the author's hints; a hidden part's output
    never reaches the record (see :mod:`autograder.grading.record`).
    """
    lab, student = escape(record["lab"]), escape(record["student"])
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{lab}: feedback for {student}</title>',
        f"<style>{STYLE}</style></head><body>",
        f"<h1>{lab}</h1>",
        f"<p>Feedback for <strong>{student}</strong>: "
        f"<strong>{_points(record['score'])} / {_points(record['max_score'])}</strong> points.</p>",
    ]
    pending = describe_pending(record)
    if pending:
        parts.append(f'<p class="status">Not yet graded by hand, so not in the score above: {escape(pending)}.</p>')
    first_error = record.get("first_error")
    if isinstance(first_error, dict) and first_error.get("exception"):
        where = escape(str(first_error.get("cell", "")))
        error = escape(f"{first_error['exception']}: {first_error.get('message', '')}")
        parts.append(f"<p>The first error in your code was raised in <strong>{where}</strong>:</p><pre>{error}</pre>")
    late = describe_late(record)
    if late:
        parts.append(f'<p class="status">Late: {escape(late)}</p>')
    if record["status"] != "graded" or record.get("reasons"):
        reasons = "".join(f"<li>{escape(reason)}</li>" for reason in record.get("reasons", []))
        parts.append(f'<div class="status"><p>Status: <strong>{escape(record["status"])}</strong></p>')
        parts.append(f"<ul>{reasons}</ul></div>" if reasons else "</div>")
    parts.append("<table><tr><th>test</th><th>points</th><th>result</th></tr>")
    for test in record["tests"]:
        result = "passed" if test["status"] == "passed" else "failed"
        hidden = test.get("visibility") == "hidden"
        name = escape(test["name"]) + (" <em>(hidden test)</em>" if hidden else "")
        output = test.get("output", "")
        detail = f"<pre>{escape(output)}</pre>" if output else ""
        points = f"{_points(test['score'])} / {_points(test['max_score'])}"
        parts.append(f'<tr><td>{name}{detail}</td><td>{points}</td><td class="{result}">{result}</td></tr>')
    parts.append("</table>")
    parts += _graded_by_hand(record, rubrics or {})
    if student_code:
        parts.append("<h2>Your answers</h2>")
        for label, source in student_code:
            parts.append(f"<h3>{escape(label)}</h3><pre>{escape(source)}</pre>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _graded_by_hand(record: dict, rubrics: dict[str, str]) -> list[str]:
    """A section per part graded by hand: its score (or that it is not graded yet), the grader's comment, the rubric."""
    manual = record.get("manual") or []
    if not manual:
        return []
    parts = ["<h2>Graded by hand</h2>"]
    for cell in manual:
        name, score = escape(str(cell.get("name", ""))), cell.get("score")
        maximum = _points(cell.get("max_score", 0))
        given = f"{_points(score)} / {maximum} points" if score is not None else f"not graded yet ({maximum} points)"
        parts.append(f"<h3>{name}: {given}</h3>")
        if cell.get("comment"):
            parts.append(f"<p>The grader's comment:</p><pre>{escape(str(cell['comment']))}</pre>")
        rubric = rubrics.get(str(cell.get("name")))
        if rubric:
            parts.append(f'<div class="rubric">{escape(rubric)}</div>')
    return parts
