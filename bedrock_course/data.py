"""The course data (see data/README.md): the Kettlewick corpus, labelled questions, fine-tuning sets, scenarios.

Paths are resolved from this package, so notebooks find the data whatever their working directory.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path


def _find_data_dir() -> Path:
    """The course's data/ folder: beside this package in a checkout (or an editable install of one).

    The autograder's sandbox shows a submission only its lab folder and the course's public folders, with data/ at
    ``../../data`` from the lab; there the package's own parent holds no data/, so the nearest data/ at or above
    the working directory is used.
    """
    beside = Path(__file__).resolve().parent.parent / "data"
    if (beside / "corpus").is_dir():
        return beside
    here = Path.cwd()
    return next((folder / "data" for folder in [here, *here.parents] if (folder / "data" / "corpus").is_dir()), beside)


DATA_DIR = _find_data_dir()
CORPUS_DIR = DATA_DIR / "corpus"
FINETUNE_DIR = DATA_DIR / "finetune"


@dataclass(frozen=True)
class Document:
    """One corpus document: its id, Markdown text and Knowledge Base metadata attributes."""

    doc_id: str
    text: str
    metadata: dict

    @property
    def title(self) -> str:
        return self.metadata.get("title", self.doc_id)

    @property
    def path(self) -> Path:
        return CORPUS_DIR / f"{self.doc_id}.md"


def read_jsonl(path: Path) -> list[dict]:
    """Every JSON object of a JSON Lines file, in order."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def load_corpus(current_only: bool = False) -> list[Document]:
    """The corpus documents sorted by id; ``current_only`` drops superseded policy versions."""
    if not CORPUS_DIR.is_dir():
        raise FileNotFoundError(f"no course corpus at {CORPUS_DIR}: run from the course folder, which holds data/")
    documents = []
    for path in sorted(CORPUS_DIR.glob("*.md")):
        metadata = json.loads(path.with_name(f"{path.name}.metadata.json").read_text(encoding="utf-8"))
        attributes = metadata.get("metadataAttributes", metadata)
        if current_only and attributes.get("status") == "superseded":
            continue
        documents.append(Document(path.stem, path.read_text(encoding="utf-8"), attributes))
    return documents


def load_questions() -> list[dict]:
    """The labelled questions (question, reference answer, relevant documents and passages, type)."""
    return read_jsonl(DATA_DIR / "questions.jsonl")


# Scenario attributes added after the first release, with the value a scenario file without them means: someone
# waits for each answer (no batch inference), and no long prefix repeats in every prompt (nothing to cache).
SCENARIO_ATTRIBUTE_DEFAULTS: dict[str, object] = {"interactive": True, "shared_prompt_tokens": 0}


def with_default_attributes(scenario: dict) -> dict:
    """``scenario`` with each attribute of :data:`SCENARIO_ATTRIBUTE_DEFAULTS` that it lacks set to its default."""
    filled = {name: value for name, value in SCENARIO_ATTRIBUTE_DEFAULTS.items() if name not in scenario["attributes"]}
    return {**scenario, "attributes": {**scenario["attributes"], **filled}} if filled else scenario


def load_scenarios(path: Path | None = None) -> list[dict]:
    """The decision scenarios (business case, structured attributes, reference recommendation and rationale), from
    the course's ``scenarios.jsonl`` or from ``path``.

    Every scenario carries ``interactive`` and ``shared_prompt_tokens``. Deprecated: a file written before they
    existed still loads, with their defaults filled in (``True`` and ``0``, :data:`SCENARIO_ATTRIBUTE_DEFAULTS`) and
    one ``DeprecationWarning`` naming the scenarios; a later release will require them.
    """
    scenarios = read_jsonl(path or DATA_DIR / "scenarios.jsonl")
    lacking = [s.get("id", "?") for s in scenarios if not SCENARIO_ATTRIBUTE_DEFAULTS.keys() <= s["attributes"].keys()]
    if lacking:
        warnings.warn(
            f"scenarios {', '.join(lacking)} lack {' or '.join(SCENARIO_ATTRIBUTE_DEFAULTS)}: filled with the "
            f"defaults {SCENARIO_ATTRIBUTE_DEFAULTS}; add them to the scenario file",
            DeprecationWarning,
            stacklevel=2,
        )
    return [with_default_attributes(s) for s in scenarios]


def finetune_path(kind: str, split: str) -> Path:
    """A fine-tuning file: ``kind`` "conversation" or "prompt_completion", ``split`` "train" or "validation"."""
    path = FINETUNE_DIR / kind / f"{split}.jsonl"
    if not path.is_file():
        raise FileNotFoundError(
            f"no fine-tuning file {path}: kind is conversation or prompt_completion, split is train or validation"
        )
    return path
