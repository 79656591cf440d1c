"""Retrofit static token embeddings to WordNet 3.0 synonyms (Faruqui et al., NAACL 2015), at build time only.

Each whole-word token with WordNet senses is pulled towards the other lemmas of its most frequent senses (the
first ``MAX_SENSE_RANK`` senses per part of speech, the first weighing most), while staying near its original
vector: Faruqui's update q_i = (a * q^_i + sum_j b_ij q_j) / (a + sum_j b_ij), with a = 1 and the b_ij of a word
summing to ``STRENGTH``, iterated ``ITERATIONS`` times on unit directions; each row keeps its original length
(Model2Vec stores a token's weight in it). A multi-word lemma ("give back") stands as the mean of its words' rows;
an inflected token ("refunds", "returned") reaches its lemma through WordNet's own morphology (exception lists,
then detachment rules). Finally the common direction of the table (its first singular vector) is projected out
of every row, the second step of SIF sentence embeddings (Arora et al., ICLR 2017), so sentence means are not
dominated by what every text shares.

WordNet is read from Debian's ``wordnet-base`` package (WordNet 3.0, Princeton's WordNet 3.0 licence), which
``apt-get download wordnet-base`` fetches; the files used are checked against their SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import lzma
import tarfile
from pathlib import Path

import numpy as np

DEB_SHA256 = "61060d960f9ada8fa120872312eccd3ecebfbab8c4579e4f5a74e1cf67620752"  # wordnet-base 1:3.0-37
PARTS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
FILES = {
    "data.adj": "c89120dfc1f046ddff4a631bf9b7e9fa1a36b5e86565a23bf82dbe14f30b88a7",
    "data.adv": "444a63bf3955080ab7524f5079cfc07ff9bc682cb98bdb1db73b0fb9829f1139",
    "data.noun": "fea17d2f9656611334eac790e5d69e47645fa180c4aa481fb4cd9b3520754ca2",
    "data.verb": "adcf43e35b581e8036d8b5a52d63d9cd3d3b4870b2720d3c03c799df44777bc2",
    "index.adj": "c9865d7b4d1f805bdef82ccdcea5282436e23083e6f6f1b33e716327c4eda810",
    "index.adv": "6f5465ed5758fe9c8a2f7ec17b1300f3aa875756c70ff7cba162f7e71bcf88ea",
    "index.noun": "a490d99d93d017bf4822fe2f0ffa51fd73911ce271dc7535fade21f8814b5a04",
    "index.verb": "e2ac24816c3a8289dcb72aaa9cf8db81fdf25ec34d792bfc96ac5b7a20c8b4ae",
    "adj.exc": "8824cc24bbedd797b9702316b27f07cd4c2b76b629539f0a1276f03926758016",
    "adv.exc": "e7291461b629abfe63301bbe1998cee09fd575ed7107abd7ea9763adb05bf0a8",
    "noun.exc": "2b5d675c380b39ecf595af9fa9d4e7feb1d58c643b0bff08c40ed5bfe41fab7a",
    "verb.exc": "dbbcf9a601b2d77e934e413b91d90e88ec7f933a8b77cfc00602a923b891b42c",
}
# Chosen on the dev halves of the retrieval and reading sets only (held-apart halves not looked at).
MAX_SENSE_RANK = 2
STRENGTH = 1.0
ITERATIONS = 10
COMMON_DIRECTIONS = 1
# WordNet's detachment rules (morphy), per part of speech.
_DETACH = {
    "n": [
        ("s", ""),
        ("ses", "s"),
        ("xes", "x"),
        ("zes", "z"),
        ("ches", "ch"),
        ("shes", "sh"),
        ("men", "man"),
        ("ies", "y"),
    ],
    "v": [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")],
    "a": [("er", ""), ("est", ""), ("er", "e"), ("est", "e")],
}


def read_deb(path: Path) -> dict[str, str]:
    """WordNet's dictionary files from the ``wordnet-base`` .deb (an ar archive holding data.tar.xz), checked."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != DEB_SHA256:
        raise SystemExit(f"{path.name}: SHA-256 {digest}, expected {DEB_SHA256}; not the reviewed package")
    assert data[:8] == b"!<arch>\n", "not an ar archive"
    at, members = 8, {}
    while at < len(data):
        name = data[at : at + 16].decode().strip().rstrip("/")
        size = int(data[at + 48 : at + 58].decode().strip())
        members[name] = data[at + 60 : at + 60 + size]
        at += 60 + size + (size % 2)
    files = {}
    with tarfile.open(fileobj=io.BytesIO(lzma.decompress(members["data.tar.xz"]))) as tar:
        for name, expected in FILES.items():
            member = tar.extractfile(f"./usr/share/wordnet/{name}")
            assert member is not None
            content = member.read()
            if hashlib.sha256(content).hexdigest() != expected:
                raise SystemExit(f"wordnet {name}: unexpected SHA-256")
            files[name] = content.decode("latin-1")
    return files


def _synsets(files: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    """(part of speech, offset) -> lemmas, lower case, multi-word ones joined by "_"."""
    out = {}
    for name, pos in PARTS.items():
        for line in files[f"data.{name}"].splitlines():
            if line.startswith("  "):  # the licence header
                continue
            fields = line.split(" | ")[0].split()
            count = int(fields[3], 16)
            out[(pos, fields[0])] = [fields[4 + 2 * i].lower() for i in range(count)]
    return out


def _senses(files: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    """(lemma, part of speech) -> its synset offsets, most frequent sense first."""
    out = {}
    for name, pos in PARTS.items():
        for line in files[f"index.{name}"].splitlines():
            if line.startswith("  "):
                continue
            fields = line.split()
            pointers = int(fields[3])
            out[(fields[0], pos)] = fields[4 + pointers + 2 :]
    return out


def _exceptions(files: dict[str, str]) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for name, pos in PARTS.items():
        for line in files[f"{name}.exc"].splitlines():
            fields = line.split()
            out.setdefault((fields[0], pos), []).extend(fields[1:])
    return out


def _lemmas_of(word: str, senses: dict, exceptions: dict) -> list[tuple[str, str]]:
    """The (lemma, part of speech) pairs a word form can be, as WordNet's morphy finds them."""
    found = [(word, pos) for pos in "nvar" if (word, pos) in senses]
    found += [(b, pos) for pos in "nvar" for b in exceptions.get((word, pos), []) if (b, pos) in senses]
    for pos, rules in _DETACH.items():
        for suffix, ending in rules:
            if word.endswith(suffix) and len(word) > len(suffix) + 1:
                lemma = word[: -len(suffix)] + ending
                if (lemma, pos) in senses:
                    found.append((lemma, pos))
    return list(dict.fromkeys(found))


def neighbours(tokens: list[str], files: dict[str, str]) -> dict[int, list[tuple[tuple[int, ...], float]]]:
    """Per whole-word token id, its WordNet synonyms as (token ids of the lemma, weight), in a fixed order."""
    ids = {t: i for i, t in enumerate(tokens)}
    synsets, senses, exceptions = _synsets(files), _senses(files), _exceptions(files)

    def lemma_ids(lemma: str) -> tuple[int, ...] | None:
        parts = lemma.split("_")
        return tuple(ids[p] for p in parts) if all(p in ids for p in parts) else None

    by_lemma: dict[tuple[str, str], list[tuple[tuple[int, ...], float]]] = {}
    for (lemma, pos), offsets in senses.items():
        if "_" in lemma or lemma not in ids:
            continue
        found = []
        for rank, offset in enumerate(offsets[:MAX_SENSE_RANK]):
            for other in synsets[(pos, offset)]:
                rows = lemma_ids(other) if other != lemma else None
                if rows:
                    found.append((rows, 1.0 / (1 + rank)))
        if found:
            by_lemma[(lemma, pos)] = found
    out = {}
    for token in tokens:
        if not token.isalpha():
            continue
        found = [n for key in _lemmas_of(token, senses, exceptions) for n in by_lemma.get(key, [])]
        if found:
            out[ids[token]] = found
    return out


def retrofit(weights: np.ndarray, graph: dict[int, list[tuple[tuple[int, ...], float]]]) -> np.ndarray:
    """Faruqui et al.'s iterative update on unit directions; rows keep their lengths; the common direction removed."""
    lengths = np.linalg.norm(weights, axis=1)
    original = weights / np.maximum(lengths, 1e-12)[:, None]
    current = original.copy()
    for _ in range(ITERATIONS):
        updated = current.copy()
        for i, found in graph.items():
            pull = np.zeros(weights.shape[1])
            for rows, w in found:
                pull += w * (current[list(rows)].mean(axis=0) if len(rows) > 1 else current[rows[0]])
            pull *= STRENGTH / sum(w for _, w in found)
            updated[i] = (original[i] + pull) / (1 + STRENGTH)
        current = updated
    result = current / np.maximum(np.linalg.norm(current, axis=1), 1e-12)[:, None] * lengths[:, None]
    for _ in range(COMMON_DIRECTIONS):
        direction = np.linalg.svd(result, full_matrices=False)[2][0]
        result = result - np.outer(result @ direction, direction)
    return result
