"""A standard-library BERT WordPiece tokenizer (uncased), enough to look up static token embeddings.

It reproduces what Hugging Face ``tokenizers`` does with a ``BertNormalizer`` (clean text, spaces around CJK
characters, lower case with accents stripped), a ``BertPreTokenizer`` (split on whitespace and punctuation) and a
``WordPiece`` model (greedy longest match, ``##`` continuations, a word that cannot be covered becomes ``[UNK]``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

MAX_WORD_CHARS = 100
# ASCII text (most of the course's) takes a fast path with the same result: tab, newline and return become spaces,
# the other control characters go, and every non-alphanumeric printable is a word of its own.
_ASCII_CLEAN = str.maketrans({**{c: None for c in [*range(32), 127]}, 9: " ", 10: " ", 13: " "})
_ASCII_PIECES = re.compile(r"[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~\s]+")


def _is_punctuation(char: str) -> bool:
    code = ord(char)
    # BERT treats every non-alphanumeric ASCII printable as punctuation, "$" and "^" included.
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x2A6DF
        or 0x2A700 <= code <= 0x2B81F
        or 0xF900 <= code <= 0xFAFF
        or 0x2F800 <= code <= 0x2FA1F
    )


def normalize(text: str) -> str:
    """BertNormalizer: drop control characters, whitespace to spaces, CJK spaced, lower case without accents."""
    return text.translate(_ASCII_CLEAN).lower() if text.isascii() else _normalize_any(text)


def _normalize_any(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if code == 0 or code == 0xFFFD:
            continue
        category = unicodedata.category(char)
        if char in "\t\n\r" or category == "Zs":
            out.append(" ")
        elif category.startswith("C"):
            continue
        elif _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFD", "".join(out).lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def pre_tokenize(text: str) -> list[str]:
    """BertPreTokenizer: words split on whitespace, every punctuation character a word of its own."""
    return _ASCII_PIECES.findall(text) if text.isascii() else _pre_tokenize_any(text)


def _pre_tokenize_any(text: str) -> list[str]:
    pieces: list[str] = []
    for word in text.split():
        start = 0
        for index, char in enumerate(word):
            if _is_punctuation(char):
                if index > start:
                    pieces.append(word[start:index])
                pieces.append(char)
                start = index + 1
        if start < len(word):
            pieces.append(word[start:])
    return pieces


class WordPiece:
    """Token ids of a text under a WordPiece vocabulary (a sequence of tokens, id = position)."""

    def __init__(self, vocabulary: Sequence[str], unknown: str = "[UNK]") -> None:
        self.ids = {token: index for index, token in enumerate(vocabulary)}
        self.unknown_id = self.ids[unknown]
        self._cache: dict[str, tuple[int, ...]] = {}

    def word_ids(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match pieces of one pre-tokenized word; ``(unknown_id,)`` when it cannot be covered."""
        cached = self._cache.get(word)
        if cached is not None:
            return cached
        pieces: list[int] = []
        start = 0
        while start < len(word) and len(word) <= MAX_WORD_CHARS:
            end = len(word)
            while end > start:
                candidate = word[start:end] if start == 0 else "##" + word[start:end]
                piece = self.ids.get(candidate)
                if piece is not None:
                    pieces.append(piece)
                    break
                end -= 1
            if end == start:
                break
            start = end
        result = tuple(pieces) if start == len(word) else (self.unknown_id,)
        if len(self._cache) < 200_000:
            self._cache[word] = result
        return result

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text``, without special tokens."""
        ids: list[int] = []
        for word in pre_tokenize(normalize(text)):
            ids.extend(self.word_ids(word))
        return ids
