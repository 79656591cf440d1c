"""Lab 6's copy-the-lesson probe: lesson 6's `decide()`, copied verbatim from the lesson notebook, behind the
`recommend` signature a learner would wrap it in (its reasons mapped to the attributes they name, the lab's cost
model for the cost). The lab must not reward this with more than half of `recommend`'s points."""

from __future__ import annotations

import json

from tests.conftest import REPO_ROOT

LESSON = REPO_ROOT / "lessons" / "06_decision_framework.ipynb"


def _lesson_cell(starts: str, ends: str | None = None) -> str:
    """The source of the lesson's code cell that holds ``starts``, from it up to ``ends`` (exclusive)."""
    cells = json.loads(LESSON.read_text(encoding="utf-8"))["cells"]
    source = next("".join(c["source"]) for c in cells if c["cell_type"] == "code" and starts in "".join(c["source"]))
    source = source[source.index(starts) :]
    return source[: source.index(ends)] if ends else source


# A reason's words -> the attributes it names (the lesson writes its reasons as text).
_REASON_FACTORS = (
    ("knowledge changes", ["knowledge_change_frequency"]),
    ("citations", ["citations_required"]),
    ("strict style", ["style_consistency_need"]),
    ("short prompts", ["latency_p95_ms", "requests_per_day"]),
    ("examples <", ["labelled_examples"]),
    ("week(s) to launch", ["time_to_launch_weeks"]),
    ("no allowed way", ["deployment_constraint", "region_constraint"]),
    ("> budget", ["monthly_budget_usd", "region_constraint"]),
)

WRAPPER = f"""

REASON_FACTORS = {_REASON_FACTORS!r}


def recommend(attributes):
    strategy, reasons = decide(attributes)
    factors = [f for reason in reasons for words, names in REASON_FACTORS if words in reason for f in names]
    factors = list(dict.fromkeys(factors))[:4] or ["knowledge_change_frequency"]
    return {{"strategy": strategy, "driving_factors": factors, "monthly_cost_usd": monthly_cost(strategy, attributes)}}
"""


def copied_decide() -> str:
    """A `recommend_impl` answer: the lesson's serving price and `decide()` verbatim, wrapped."""
    # The lab defines HOURS_PER_MONTH (730, as the lesson) in a read-only cell, which a submission may not redefine.
    constants = _lesson_cell("PT_HOURLY = ", "print(").replace("HOURS_PER_MONTH = 730\n", "")
    framework = _lesson_cell("MIN_EXAMPLES = ", "still_missed = ")
    return constants + "\n" + framework.rstrip() + "\n" + WRAPPER
