"""Load the document templates, render them from the facts, and work out which version is current."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from facts import CORPUS_AS_OF, value

TEMPLATES = Path(__file__).resolve().parent / "templates"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
_HEADER_KEYS = {
    "title",
    "doc_type",
    "department",
    "topic",
    "series",
    "version",
    "date",
    "audience",
    "product_sku",
}


def render(text: str) -> str:
    """Replace every ``{{key}}`` in ``text`` with the fact of that name."""
    return _PLACEHOLDER.sub(lambda m: value(m.group(1)), text)


@dataclass
class Document:
    doc_id: str
    header: dict[str, str]
    body: str
    status: str = "current"
    superseded_by: str | None = None
    metadata: dict[str, object] = field(default_factory=dict)

    @property
    def filename(self) -> str:
        return f"{self.doc_id}.md"

    @property
    def date(self) -> str:
        return self.header["date"]

    @property
    def series(self) -> str:
        """Versions of one document share a series; a document without versions is its own series."""
        return self.header.get("series", self.doc_id)

    @property
    def version(self) -> int:
        return int(self.header["version"])


def _parse(path: Path) -> Document:
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    if not sep:
        raise ValueError(f"{path.name}: no '---' line after the header")
    header = {}
    for line in head.splitlines():
        key, _, val = line.partition(": ")
        if key not in _HEADER_KEYS:
            raise ValueError(f"{path.name}: unknown header key {key!r}")
        header[key] = val.strip()
    return Document(doc_id=path.stem, header=header, body=render(body).strip() + "\n")


def in_force(docs: list[Document], series: str, as_of: str) -> Document:
    """The version of ``series`` in force on ``as_of`` (ISO date): the newest one dated on or before it."""
    candidates = [d for d in docs if d.series == series and d.date <= as_of]
    if not candidates:
        raise ValueError(f"no version of {series} in force on {as_of}")
    return max(candidates, key=lambda d: d.version)


def load_documents() -> list[Document]:
    """Every document, rendered, with its Knowledge Base metadata, sorted by id."""
    docs = sorted((_parse(p) for p in TEMPLATES.glob("*.md")), key=lambda d: d.doc_id)
    for doc in docs:
        current = in_force(docs, doc.series, CORPUS_AS_OF)
        if current is not doc:
            doc.status = "superseded"
            newer = [d for d in docs if d.series == doc.series and d.version == doc.version + 1]
            doc.superseded_by = newer[0].doc_id
        doc.metadata = _metadata(doc)
    return docs


def _metadata(doc: Document) -> dict[str, object]:
    h = doc.header
    attrs: dict[str, object] = {
        "doc_id": doc.doc_id,
        "title": h["title"],
        "doc_type": h["doc_type"],
        "department": h["department"],
        "topic": h["topic"],
        "audience": h["audience"],
        "series": doc.series,
        "version": doc.version,
        "date": doc.date,
        # Knowledge Base filters compare numbers, not dates: greaterThan/lessThan work on this one.
        "date_num": int(doc.date.replace("-", "")),
        "year": int(doc.date[:4]),
        "status": doc.status,
    }
    if doc.superseded_by:
        attrs["superseded_by"] = doc.superseded_by
    if "product_sku" in h:
        attrs["product_sku"] = h["product_sku"]
    return {"metadataAttributes": attrs}
