"""Turning Knowledge Base results into what evaluation metrics read: ranked documents, passages found, means by type.

The metrics themselves (recall@k, MRR, nDCG, faithfulness) are what lesson 4 teaches and lab 4 asks for, so they are
written in the lesson; these helpers are the bookkeeping around them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath


def doc_id(result: dict) -> str:
    """The corpus document of a Retrieve result or a citation's retrieved reference: its ``doc_id`` metadata
    attribute (every Kettlewick metadata file has one), else the name of its S3 object without the extension."""
    metadata = result.get("metadata") or {}
    if "doc_id" in metadata:
        return str(metadata["doc_id"])
    uri = result["location"]["s3Location"]["uri"]
    return PurePosixPath(uri).name.removesuffix(".md")


def ranked_doc_ids(results: Iterable[dict]) -> list[str]:
    """The documents of ranked results, best first, each once (at the rank of its best chunk)."""
    return list(dict.fromkeys(doc_id(result) for result in results))


def normalise(text: str) -> str:
    """``text`` with every run of whitespace made one space, so a quote matches across line breaks."""
    return " ".join(text.split())


def passages_found(question: dict, texts: Iterable[str]) -> float:
    """The share of a labelled question's supporting passages that lie whole in one of ``texts``."""
    texts = [normalise(text) for text in texts]
    quotes = [normalise(passage["quote"]) for passage in question["passages"]]
    return sum(any(quote in text for text in texts) for quote in quotes) / len(quotes)


def mean_by_type(questions: Sequence[dict], values: Sequence[float], types: Sequence[str]) -> dict[str, float]:
    """The mean of ``values`` (one per question, in order) over the questions of each of ``types``, and ``"all"``."""
    if len(questions) != len(values):
        raise ValueError(f"{len(values)} values for {len(questions)} questions")
    means = {}
    for kind in [*types, "all"]:
        chosen = [v for q, v in zip(questions, values, strict=True) if kind in ("all", q["type"])]
        means[kind] = sum(chosen) / len(chosen) if chosen else float("nan")
    return means
