"""Simulated training: deterministic loss curves and how strongly the data was learned, from the data size and the
hyperparameters, with under-fitting (too few epochs, too low a rate) and over-fitting (too many epochs or too high a
rate on small data) where a real fine-tuning run shows them.

The loss model (docs/localbedrock.md, "Fine-tuning: the loss model", explains it for learners):

* every step advances the *exposure* ``x`` by ``rate * √(default batch / batchSize) / steps per epoch`` (ramped up
  linearly over the warm-up steps), where ``rate`` is the learning rate relative to the family's default
  (``learningRateMultiplier`` for Claude); at the default batch size and rate, ``x`` counts epochs;
* what the data can teach is learned as ``1 - e^(-x)``; the best reachable validation loss falls with the number of
  training records ``n``: ``L∞(n) = 0.45 + 0.55 √(50 / (n + 50))``, from ``L0 = 2.4`` before training;
* memorisation ``M = q² / (1 + q²)`` with ``q = x / (1 + 2 √(n / 50))`` grows faster on small data;
* validation loss ``L∞ + (L0 - L∞) e^(-x) + M`` falls, then turns up once memorisation outpaces learning;
  training loss ``(L∞ + (L0 - L∞) e^(-x)) (1 - 0.85 M)`` keeps falling, with step noise of ±8 % / √batchSize;
* validation runs at the end of every epoch; Claude's early stopping ends training once the validation loss has not
  improved by ``earlyStoppingThreshold`` for ``earlyStoppingPatience`` epochs.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from localbedrock.catalog import ANTHROPIC, LLAMA3, NOVA, TITAN_TEXT

INITIAL_LOSS = 2.4
MEMORISED_TRAIN_SHARE = 0.85
NOISE = 0.08


@dataclass(frozen=True)
class Defaults:
    """A family's default hyperparameters and the learning-rate hyperparameter its ``rate`` is relative to."""

    epochs: int
    batch_size: int
    rate_name: str
    rate: float
    warmup_steps: int = 0
    early_stopping: tuple[float, int] | None = None  # (threshold, patience)


DEFAULTS: dict[str, Defaults] = {
    TITAN_TEXT: Defaults(5, 1, "learningRate", 1e-5),
    ANTHROPIC: Defaults(2, 32, "learningRateMultiplier", 1.0, early_stopping=(0.001, 2)),
    LLAMA3: Defaults(5, 1, "learningRate", 1e-4),
    NOVA: Defaults(2, 1, "learningRate", 1e-5, warmup_steps=10),
}


@dataclass(frozen=True)
class Settings:
    """The hyperparameters a run uses: the job's, else the family's defaults."""

    epochs: int
    batch_size: int
    rate: float  # relative to the family's default learning rate (1.0 = default)
    warmup_steps: int
    early_stopping: tuple[float, int] | None
    default_batch: int = 1  # the family's: a larger batch makes fewer updates per epoch

    @classmethod
    def of(cls, family: str, hyperparameters: dict[str, str]) -> Settings:
        d = DEFAULTS[family]
        stopping = d.early_stopping
        if stopping is not None:
            stopping = (
                float(hyperparameters.get("earlyStoppingThreshold", stopping[0])),
                int(float(hyperparameters.get("earlyStoppingPatience", stopping[1]))),
            )
        return cls(
            epochs=int(float(hyperparameters.get("epochCount", d.epochs))),
            batch_size=int(float(hyperparameters.get("batchSize", d.batch_size))),
            rate=float(hyperparameters.get(d.rate_name, d.rate)) / d.rate,
            warmup_steps=int(float(hyperparameters.get("learningRateWarmupSteps", d.warmup_steps))),
            early_stopping=stopping,
            default_batch=d.batch_size,
        )


@dataclass(frozen=True)
class Point:
    step: int  # from 0
    epoch: int  # from 0
    loss: float

    @property
    def perplexity(self) -> float:
        return math.exp(self.loss)


@dataclass(frozen=True)
class Run:
    """A simulated training run: step-wise training loss, per-epoch validation loss (empty without validation
    data), the epochs actually trained and the final exposure ``x`` (what the custom model's strength reads)."""

    training: tuple[Point, ...]
    validation: tuple[Point, ...]
    epochs_trained: int
    exposure: float
    records: int

    @property
    def style_strength(self) -> float:
        """How strongly the shared style and format of the completions was learned, 0 to 1: ``(1 - e^(-x))`` for
        what training taught, times ``(1 - e^(-n/25))`` because a style seen in a dozen examples is not yet one."""
        return (1 - math.exp(-self.exposure)) * (1 - math.exp(-self.records / 25))


def best_loss(records: int) -> float:
    """``L∞(n)``: the validation loss that ``records`` training records can reach at best."""
    return 0.45 + 0.55 * math.sqrt(50 / (records + 50))


def memorisation(exposure: float, records: int) -> float:
    """``M``: the share of the training set memorised verbatim after ``exposure``."""
    q = exposure / (1 + 2 * math.sqrt(records / 50))
    return q * q / (1 + q * q)


def losses(exposure: float, records: int) -> tuple[float, float]:
    """(training loss without noise, validation loss) after ``exposure``."""
    floor = best_loss(records)
    learned = floor + (INITIAL_LOSS - floor) * math.exp(-exposure)
    memorised = memorisation(exposure, records)
    return learned * (1 - MEMORISED_TRAIN_SHARE * memorised), learned + memorised


def train(records: int, settings: Settings, *, validate: bool, seed: int = 0) -> Run:
    """Simulate training on ``records`` examples; ``validate``: validation data was given."""
    steps_per_epoch = max(1, math.ceil(records / settings.batch_size))
    per_step = settings.rate * math.sqrt(settings.default_batch / settings.batch_size) / steps_per_epoch
    noise = random.Random(seed)
    amplitude = NOISE / math.sqrt(settings.batch_size)
    training: list[Point] = []
    validation: list[Point] = []
    exposure, step, best, waited, epochs = 0.0, 0, math.inf, 0, 0
    for epoch in range(settings.epochs):
        for _ in range(steps_per_epoch):
            warm = min(1.0, (step + 1) / settings.warmup_steps) if settings.warmup_steps else 1.0
            exposure += per_step * warm
            train_loss = losses(exposure, records)[0] * (1 + noise.uniform(-amplitude, amplitude))
            training.append(Point(step, epoch, round(train_loss, 6)))
            step += 1
        epochs = epoch + 1
        if validate:
            loss = losses(exposure, records)[1]
            validation.append(Point(step - 1, epoch, round(loss, 6)))
            if settings.early_stopping is not None:
                threshold, patience = settings.early_stopping
                waited = 0 if best - loss > threshold else waited + 1
                best = min(best, loss)
                if waited >= patience:
                    break
    return Run(tuple(training), tuple(validation), epochs, exposure, records)


TRAINING_METRICS = "training_artifacts/step_wise_training_metrics.csv"
VALIDATION_METRICS = "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv"


def _csv(points: tuple[Point, ...], loss_column: str) -> str:
    rows = [f"step_number,epoch_number,{loss_column},perplexity"]
    rows += [f"{p.step},{p.epoch},{p.loss:.6f},{p.perplexity:.6f}" for p in points]
    return "\n".join(rows) + "\n"


def metrics_files(run: Run) -> dict[str, str]:
    """Bedrock's metrics files (path under ``model-customization-job-<job id>/`` → CSV text)."""
    files = {TRAINING_METRICS: _csv(run.training, "training_loss")}
    if run.validation:
        files[VALIDATION_METRICS] = _csv(run.validation, "validation_loss")
    return files
