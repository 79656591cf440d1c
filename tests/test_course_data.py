"""bedrock_course.data finds the course data from anywhere and reads it whole."""

from __future__ import annotations

import json
import warnings

import pytest

from bedrock_course.data import (
    SCENARIO_ATTRIBUTE_DEFAULTS,
    finetune_path,
    load_corpus,
    load_questions,
    load_scenarios,
    read_jsonl,
)


def test_corpus_loads_every_document_with_its_metadata():
    documents = load_corpus()
    assert len(documents) >= 40
    assert all(doc.text.strip() and doc.metadata.get("doc_type") for doc in documents)
    assert all(doc.path.is_file() for doc in documents)


def test_current_only_drops_superseded_versions():
    everything, current = load_corpus(), load_corpus(current_only=True)
    assert 0 < len(current) < len(everything)
    assert all(doc.metadata.get("status") != "superseded" for doc in current)


def test_questions_and_scenarios_load():
    assert len(load_questions()) >= 150
    assert len(load_scenarios()) >= 30


def test_the_course_scenarios_state_every_attribute_and_load_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        scenarios = load_scenarios()
    assert all(SCENARIO_ATTRIBUTE_DEFAULTS.keys() <= s["attributes"].keys() for s in scenarios)


def test_an_older_scenario_file_loads_with_the_new_attributes_defaulted_and_a_deprecation_warning(tmp_path):
    old = {k: v for k, v in load_scenarios()[13]["attributes"].items() if k not in SCENARIO_ATTRIBUTE_DEFAULTS}
    path = tmp_path / "scenarios.jsonl"
    path.write_text(
        json.dumps({"id": "old", "attributes": old})
        + "\n"
        + json.dumps({"id": "new", "attributes": {**old, "interactive": False, "shared_prompt_tokens": 900}})
        + "\n"
    )
    with pytest.warns(DeprecationWarning, match=r"scenarios old lack interactive or shared_prompt_tokens"):
        loaded = load_scenarios(path)
    assert loaded[0]["attributes"] == {**old, "interactive": True, "shared_prompt_tokens": 0}
    assert loaded[1]["attributes"] == {**old, "interactive": False, "shared_prompt_tokens": 900}


@pytest.mark.parametrize("kind", ["conversation", "prompt_completion"])
@pytest.mark.parametrize("split", ["train", "validation"])
def test_finetune_files_are_found(kind, split):
    assert read_jsonl(finetune_path(kind, split))


def test_unknown_finetune_file_says_what_exists():
    with pytest.raises(FileNotFoundError, match="kind is conversation or prompt_completion"):
        finetune_path("conversations", "train")
