"""The checker that keeps a notebook's prose to the figures its own run prints."""

from __future__ import annotations

from decimal import Decimal

from tests.prose_figures import stated_figures, unsupported_figures


def markdown(text: str) -> dict:
    return {"cell_type": "markdown", "id": "prose", "source": text}


def code(source: str, *printed: str) -> dict:
    return {"cell_type": "code", "source": source, "outputs": [{"output_type": "stream", "text": t} for t in printed]}


def test_decimals_percentages_times_and_large_numbers_are_figures():
    figures = stated_figures("Accuracy 0.678, abstains 33 % and 45%, in 742 ms or 1.3 s, $1,456.20, 3,000 calls.")
    assert [f.text for f in figures] == ["0.678", "33 %", "45%", "742 ms", "1.3 s", "$1,456.20", "3,000"]


def test_counts_section_numbers_versions_dates_and_code_are_not_figures():
    text = "Section 4 shows 380 examples from 2025-03-01 with Claude 3.5 in `0.25` and\n```\nx = 0.9\n```\nv1.2.3"
    assert stated_figures(text) == []
    assert [f.text for f in stated_figures("Rerank 3.5 and Haiku 4.5 score 3.5 points")] == ["3.5"]


def test_a_figure_the_run_prints_is_supported_in_any_of_its_forms():
    cells = [
        code("print(share)", "styled 0.7586\n", "latency 1,297 ms\n", "tokens 1471\n"),
        markdown("The hybrid is styled in 76 % of replies (0.7586), in 1.3 s, reading 1,471 tokens."),
    ]
    assert unsupported_figures(cells) == []


def test_a_stale_figure_is_reported_with_its_cell():
    cells = [code("print(share)", "styled 0.65\n"), markdown("RAG alone writes 59% of its replies in the house style.")]
    assert unsupported_figures(cells) == ["cell prose: 59%"]


def test_constants_in_code_support_the_prose_that_names_them():
    cells = [code("BUDGET_USD = 2_000\nLATENCY_S = 1.5"), markdown("A budget of $2,000 and answers within 1.5 s.")]
    assert unsupported_figures(cells) == []


def test_approximate_figures_hold_within_five_percent():
    cells = [code("", "cost 14,965.00\n")]
    assert unsupported_figures([*cells, markdown("It costs about $15,000 a month.")]) == []
    assert unsupported_figures([*cells, markdown("It costs about $17,000 a month.")]) == ["cell prose: $17,000"]
    assert unsupported_figures([*cells, markdown("It costs $15,000 a month.")]) == ["cell prose: $15,000"]


def test_marked_figures_are_not_checked_against_the_run():
    text = "SimpleQA: 35 % declined <!-- cited: 35 % -->; at 20,000 requests <!-- given: 20,000 --> a day."
    assert stated_figures(text) == []
    assert stated_figures("at 20,000 requests a day")[0].value == Decimal(20000)


def test_a_figure_stated_to_two_places_holds_for_a_printed_value_that_rounds_to_it():
    cells = [code("", "recall@5 0.821  MRR@5 0.6349\n")]
    assert unsupported_figures([*cells, markdown("Recall@5 is 0.82 and MRR@5 0.63.")]) == []
    assert unsupported_figures([*cells, markdown("Recall@5 is 0.83.")]) == ["cell prose: 0.83"]
