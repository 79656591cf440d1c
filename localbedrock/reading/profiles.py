"""Reading parameters per model tier: how faithfully, how cautiously and how evenly over a long context a model
reads its passages. The catalogue's ``tier`` selects a profile; a model may override single fields.

The rates are targets drawn from published findings (docs/model-behaviour.md gives each range and its source) and
are applied with draws seeded by the request (:mod:`localbedrock.chance`), so one request always gives one answer.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from localbedrock.catalog import ModelProfile


@dataclass(frozen=True)
class ReadingProfile:
    # Faithfulness (Vectara leaderboard: ~2-6 % unsupported content for recent models, 10-20 % for older/weaker):
    slip_rate: float  # share of grounded answers that mix in a parametric or distractor value
    # Abstention: answering an unanswerable question anyway, with and without "answer only from the context".
    guess_instructed: float
    guess_free: float
    false_abstain: float  # declining an answerable question the passages do answer
    # Long context (Liu et al. 2024): accuracy lost with the answering passage in the middle / at the end of a long
    # context (relative to the start), in full once the context reaches ``position_full_tokens``.
    middle_dip: float
    end_dip: float
    position_full_tokens: int
    length_loss_per_doubling: float  # further loss per doubling of the context beyond ``position_full_tokens``
    recency: float  # share of times the newest version of a document is preferred over an older one it also reads
    sentences: int  # sentences in a plain answer, when a second one ranks close to the first


PROFILES: dict[int, ReadingProfile] = {
    1: ReadingProfile(
        slip_rate=0.12,
        guess_instructed=0.12,
        guess_free=0.6,
        false_abstain=0.05,
        middle_dip=0.22,
        end_dip=0.1,
        position_full_tokens=4000,
        length_loss_per_doubling=0.08,
        recency=0.5,
        sentences=1,
    ),
    2: ReadingProfile(
        slip_rate=0.06,
        guess_instructed=0.06,
        guess_free=0.4,
        false_abstain=0.02,
        middle_dip=0.15,
        end_dip=0.07,
        position_full_tokens=4000,
        length_loss_per_doubling=0.05,
        recency=0.97,
        sentences=2,
    ),
    3: ReadingProfile(
        slip_rate=0.04,
        guess_instructed=0.03,
        guess_free=0.3,
        false_abstain=0.01,
        middle_dip=0.06,
        end_dip=0.03,
        position_full_tokens=4000,
        length_loss_per_doubling=0.03,
        recency=1.0,
        sentences=2,
    ),
}

# Per-model differences within a tier, where the published figures single a model out (Vectara, HHEM-2.1: Nova
# Micro/Lite/Pro 1.6-1.8 %, Llama 3.1 8B 5.4 %, Titan Text Express 13.5 %, Claude 3 Sonnet 16.3 %).
OVERRIDES: dict[str, dict[str, float]] = {
    "amazon.nova-micro-v1:0": {"slip_rate": 0.05},
    "amazon.nova-lite-v1:0": {"slip_rate": 0.03},
    "amazon.nova-pro-v1:0": {"slip_rate": 0.03},
    "amazon.titan-text-express-v1": {"slip_rate": 0.14},
    "meta.llama3-8b-instruct-v1:0": {"slip_rate": 0.07},  # Llama 3.1 8B: 5.4 %
}


def profile_for(model: ModelProfile) -> ReadingProfile:
    """The reading profile of ``model``: its tier's, with the model's own overrides."""
    base = PROFILES.get(model.tier, PROFILES[2])
    own = OVERRIDES.get(model.model_id)
    return replace(base, **own) if own else base
