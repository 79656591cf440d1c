"""The WordPiece tokenizer's fast path for ASCII text gives what its general path gives."""

from __future__ import annotations

import random

from bedrock_course.data import load_corpus, load_questions
from localbedrock.static_embeddings.wordpiece import _normalize_any, _pre_tokenize_any, normalize, pre_tokenize


def ascii_samples() -> list[str]:
    rng = random.Random(7)
    noise = ["".join(chr(rng.randrange(128)) for _ in range(rng.randrange(60))) for _ in range(3000)]
    course = [str(document) for document in load_corpus()] + [q["question"] for q in load_questions()]
    edges = ["", " ", "\t\n\r", "\x0b\x0c\x1c\x7f", "$1,299.00!", "KW-1 (v2): 'don't'", "a\x00b", "UPPER lower"]
    return edges + course + noise


def test_ascii_text_normalizes_as_the_general_path_does():
    for text in ascii_samples():
        assert normalize(text) == _normalize_any(text), repr(text)


def test_ascii_text_splits_into_the_same_pieces():
    for text in ascii_samples():
        assert pre_tokenize(text) == _pre_tokenize_any(text), repr(text)
        assert pre_tokenize(normalize(text)) == _pre_tokenize_any(_normalize_any(text)), repr(text)


def test_text_beyond_ascii_keeps_the_general_path():
    assert normalize("Café  NAÏVE\u00a0x") == "cafe  naive x"
    assert pre_tokenize("naïve—word") == ["naïve", "—", "word"]


def test_unpack5_inverts_pack5_and_reads_bytes_as_little_endian_40_bit_words():
    import numpy as np

    from localbedrock.static_embeddings.model import pack5, unpack5

    codes = np.random.default_rng(0).integers(0, 32, size=(7, 64)).astype(np.uint8)
    assert np.array_equal(unpack5(pack5(codes)), codes)
    word = sum(int(c) << (5 * k) for k, c in enumerate(codes[0, :8]))
    assert pack5(codes)[0, :5].tolist() == [(word >> (8 * b)) & 255 for b in range(5)]
