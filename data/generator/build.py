"""Build every generated file under data/ from the templates and facts in data/generator/.

    python data/generator/build.py              # rewrite data/ in place
    python data/generator/build.py --out DIR    # write the same files under DIR (the tests compare the two)

The build is deterministic: the same sources give the same bytes, so the committed output can be checked.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from datetime import date
from pathlib import Path

import broken
import claims
import finetune
import scenarios
from corpus import Document, in_force, load_documents, render
from facts import CORPUS_AS_OF
from questions import KEY_VALUES, QUESTIONS, UNANSWERABLE, Question

DATA = Path(__file__).resolve().parent.parent
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as prose
        "a an and are at be by can could did do does for from had has have how i if in is it its me my of on "
        "or our so that the their them there this to was we were what when where which who why will with "
        "would you your i'm i'd i'll don't"
    ).split()
)


def dumps(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False)


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(dumps(r) + "\n" for r in rows), encoding="utf-8")


def write_json(path: Path, obj: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def human_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%B} {d.day}, {d.year}"


def sentence(text: str) -> str:
    """Capitalise the first letter: facts such as "two years" can open an answer."""
    return text[:1].upper() + text[1:]


def content_words(text: str) -> set[str]:
    """Lower-cased words minus stop words, with a plural 's' stripped: a crude but stable overlap measure."""
    words = {w[:-1] if len(w) > 3 and w.endswith("s") else w for w in _WORD.findall(text.lower())}
    return words - _STOPWORDS


def lexical_overlap(question: str, quotes: list[str]) -> float:
    """Share of the question's content words that appear in its passages (0 = none, 1 = all)."""
    asked = content_words(question)
    if not asked or not quotes:
        return 0.0
    return round(len(asked & content_words(" ".join(quotes))) / len(asked), 2)


def write_corpus(out: Path, docs: list[Document]) -> None:
    folder = out / "corpus"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    index = []
    for doc in docs:
        (folder / doc.filename).write_text(doc.body, encoding="utf-8")
        write_json(folder / f"{doc.filename}.metadata.json", doc.metadata)
        index.append(
            {
                "doc_id": doc.doc_id,
                "path": f"corpus/{doc.filename}",
                "words": len(doc.body.split()),
                **doc.metadata["metadataAttributes"],
            }
        )
    write_jsonl(out / "corpus_index.jsonl", index)


def question_record(number: int, spec: Question, docs: dict[str, Document]) -> dict:
    as_of = spec.as_of or CORPUS_AS_OF
    text = render(spec.question)
    key_values = list(KEY_VALUES.get(text, ()))
    if spec.as_of:
        text = f"As of {human_date(as_of)}, {text[0].lower()}{text[1:]}"
    passages = [{"doc_id": d, "quote": render(quote)} for d, quote in spec.passages]
    relevant = list(dict.fromkeys(p["doc_id"] for p in passages))
    for p in passages:
        doc = docs[p["doc_id"]]
        if p["quote"] not in doc.body:
            raise ValueError(f"{text!r}: quote not in {doc.doc_id}: {p['quote']!r}")
        if in_force(list(docs.values()), doc.series, as_of) is not doc:
            raise ValueError(f"{text!r}: {doc.doc_id} is not the version in force on {as_of}")
    others = [
        d.doc_id for r in relevant for d in docs.values() if d.series == docs[r].series and d.doc_id not in relevant
    ]
    others += [render(s) for s in spec.stale]
    if spec.absent:
        found = [d.doc_id for d in docs.values() if re.search(spec.absent, d.body, re.IGNORECASE)]
        if found:
            raise ValueError(f"{text!r} is meant to be unanswerable, but {found} match {spec.absent!r}")
    record = {
        "id": f"q{number:03d}",
        "type": spec.type,
        "question": text,
        "reference_answer": sentence(render(spec.answer)),
        **({"key_values": key_values} if key_values else {}),
        "answerable": spec.type != UNANSWERABLE,
        "as_of": as_of,
        "relevant_doc_ids": relevant,
        "passages": passages,
        "other_version_doc_ids": sorted(set(others)),
        "lexical_overlap": lexical_overlap(text, [p["quote"] for p in passages]),
    }
    for value in key_values:
        if value.lower() not in record["reference_answer"].lower():
            raise ValueError(f"{text!r}: key value {value!r} is not in the reference answer")
    if spec.note:
        record["note"] = spec.note
    if spec.claims:
        record["claims"] = claims.records(spec.claims, record)
    return record


def write_questions(out: Path, docs: list[Document]) -> None:
    by_id = {d.doc_id: d for d in docs}
    claims.check({d.doc_id: d.body for d in docs})
    records = [question_record(i, q, by_id) for i, q in enumerate(QUESTIONS, 1)]
    unused = set(KEY_VALUES) - {r["question"] for r in records}
    if unused:
        raise ValueError(f"KEY_VALUES names questions that do not exist: {sorted(unused)}")
    write_jsonl(out / "questions.jsonl", records)


def build(out: Path) -> None:
    docs = load_documents()
    write_corpus(out, docs)
    write_questions(out, docs)
    rows = finetune.write(out, docs, write_jsonl)
    broken.write(out, rows)
    write_jsonl(out / "scenarios.jsonl", scenarios.records())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA, help="folder to write into (default: data/)")
    build(parser.parse_args().out)


if __name__ == "__main__":
    main()
