"""bedrock_course.data finds the course data from anywhere and reads it whole."""

from __future__ import annotations

import pytest

from bedrock_course.data import finetune_path, load_corpus, load_questions, load_scenarios, read_jsonl


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


@pytest.mark.parametrize("kind", ["conversation", "prompt_completion"])
@pytest.mark.parametrize("split", ["train", "validation"])
def test_finetune_files_are_found(kind, split):
    assert read_jsonl(finetune_path(kind, split))


def test_unknown_finetune_file_says_what_exists():
    with pytest.raises(FileNotFoundError, match="kind is conversation or prompt_completion"):
        finetune_path("conversations", "train")
