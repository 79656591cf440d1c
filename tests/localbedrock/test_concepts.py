"""The concept lexicon: which concepts a text names, and what they do to the static embedder's vectors."""

from __future__ import annotations

import numpy as np
import pytest

from localbedrock.concepts import GROUPS, concepts_in
from localbedrock.static_embeddings.model import shared_model

NAMES = list(GROUPS)


def named(text: str) -> list[str]:
    return [NAMES[i] for i in concepts_in(text)]


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("Water keeps dribbling out of the side", "leak"),
        ("It leaks.", "leak"),
        ("Someone gave me a gift card", "voucher"),
        ("I was refunded twice", "refund"),
        ("Can I spread the cost over a few months?", "instalments"),
        ("There is a chalky crust inside", "descale"),
        ("The lid cracked", "broken"),
        ("Ship it to Sydney", "city"),
    ],
)
def test_a_concept_is_found_in_its_usual_forms_and_phrases(text, concept):
    assert concept in named(text)


def test_the_longest_phrase_wins():
    assert named("customer service") == ["support"]
    assert "voucher" in named("a gift card") and "gift" not in named("a gift card")


def test_text_without_concepts_names_none_and_embeds_as_without_the_lexicon():
    model = shared_model()
    text = "The Foundry Duo (KW-FE2) has two boilers."
    assert concepts_in(text) == ()
    assert np.array_equal(model.mean_vector(text), model.mean_vector(text, concepts=False))


def test_a_shared_concept_brings_paraphrases_closer():
    model = shared_model()
    a, b = "Coffee is dribbling out around the handle.", "Water leaking from the group head."

    def cosine(concepts: bool) -> float:
        x, y = model.mean_vector(a, concepts), model.mean_vector(b, concepts)
        return float(x @ y / np.linalg.norm(x) / np.linalg.norm(y))

    assert cosine(True) > cosine(False)


def test_groups_are_well_formed():
    for name, entries in GROUPS.items():
        assert len(entries) >= 2, name
        assert len(set(entries)) == len(entries), name
        assert all(e == e.lower().strip() and e for e in entries), name


def test_every_mention_is_named_in_order():
    text = "My toddler broke the top of my kettle; can I buy a replacement part?"
    assert named(text) == ["child", "broken", "lid", "kettle", "pay", "part"]


def test_rows_kept_for_one_encoder_are_never_served_to_the_other():
    from localbedrock.embeddings import SemanticEncoder

    text = "Water dribbling from a cracked lid, a voucher for the repair"
    plain = SemanticEncoder(concepts=False).encode([text], 256)
    with_concepts = SemanticEncoder().encode([text], 256)
    assert not np.allclose(plain, with_concepts)
    assert np.array_equal(SemanticEncoder(concepts=False).encode([text], 256), plain)
