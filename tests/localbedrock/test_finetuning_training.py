"""Simulated training: Bedrock's metrics files in the output prefix, deterministic, and loss curves that under-fit
with too little training and over-fit with too many epochs or too high a rate on small data."""

from __future__ import annotations

import itertools
import math

import pytest

from localbedrock.catalog import ANTHROPIC, TITAN_TEXT
from localbedrock.finetuning.training import TRAINING_METRICS, VALIDATION_METRICS, Settings, best_loss, train
from tests.localbedrock.finetune_helpers import (  # noqa: F401
    BUCKET,
    TITAN_EXPRESS,
    Lab,
    course_file,
    first_lines,
    lab_fixture,
)


def validation_losses(settings: dict[str, str], records: int, family: str = TITAN_TEXT) -> list[float]:
    run = train(records, Settings.of(family, settings), validate=True)
    return [p.loss for p in run.validation]


def test_metrics_files_are_written_where_bedrock_writes_them_when_the_job_completes(lab: Lab):
    arn = lab.job(TITAN_EXPRESS, hyperParameters={"epochCount": "2", "batchSize": "4"})
    prefix = f"output/model-customization-job-{arn.rsplit('/', 1)[-1]}/"
    assert lab.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)["KeyCount"] == 0  # not while training
    lab.wait()
    assert lab.bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Completed"
    keys = {o["Key"] for o in lab.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)["Contents"]}
    assert keys == {prefix + TRAINING_METRICS, prefix + VALIDATION_METRICS}
    assert TRAINING_METRICS == "training_artifacts/step_wise_training_metrics.csv"
    assert VALIDATION_METRICS == "validation_artifacts/post_fine_tuning_validation/validation_metrics.csv"

    steps = lab.metrics(arn, TRAINING_METRICS)
    assert list(steps[0]) == ["step_number", "epoch_number", "training_loss", "perplexity"]
    assert len(steps) == 2 * math.ceil(340 / 4)  # epochs x steps per epoch
    assert [int(r["step_number"]) for r in steps] == list(range(len(steps)))
    assert {r["epoch_number"] for r in steps} == {"0", "1"}
    assert all(math.isclose(float(r["perplexity"]), math.exp(float(r["training_loss"])), rel_tol=1e-5) for r in steps)
    validation = lab.metrics(arn, VALIDATION_METRICS)
    assert list(validation[0]) == ["step_number", "epoch_number", "validation_loss", "perplexity"]
    assert [int(r["step_number"]) for r in validation] == [84, 169]  # the last step of each epoch

    job = lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    assert job["trainingMetrics"]["trainingLoss"] == pytest.approx(float(steps[-1]["training_loss"]))
    assert job["validationMetrics"] == [{"validationLoss": pytest.approx(float(validation[-1]["validation_loss"]))}]


def test_without_validation_data_only_training_metrics_are_written(lab: Lab):
    arn = lab.job(TITAN_EXPRESS, validation=None, hyperParameters={"epochCount": "1"})
    lab.wait()
    assert "validationMetrics" not in lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    prefix = f"output/model-customization-job-{arn.rsplit('/', 1)[-1]}/"
    keys = [o["Key"] for o in lab.s3.list_objects_v2(Bucket=BUCKET, Prefix=prefix)["Contents"]]
    assert keys == [prefix + TRAINING_METRICS]


def test_the_same_data_and_hyperparameters_give_the_same_curves(lab: Lab):
    first = lab.job(name="run-1", model="model-1", hyperParameters={"epochCount": "3"})
    second = lab.job(name="run-2", model="model-2", hyperParameters={"epochCount": "3"})
    lab.wait()
    assert lab.metrics(first, TRAINING_METRICS) == lab.metrics(second, TRAINING_METRICS)
    assert lab.metrics(first, VALIDATION_METRICS) == lab.metrics(second, VALIDATION_METRICS)


def test_training_loss_falls_with_step_noise():
    run = train(340, Settings.of(TITAN_TEXT, {"epochCount": "3"}), validate=False)
    losses = [p.loss for p in run.training]
    assert losses[-1] < losses[0] / 2
    assert any(b > a for a, b in itertools.pairwise(losses))  # noisy, not monotone


def test_too_many_epochs_on_small_data_overfit():
    losses = validation_losses({"epochCount": "10"}, records=40)
    best = losses.index(min(losses))
    assert 0 < best < 4 and losses[-1] > min(losses) + 0.2
    training = train(40, Settings.of(TITAN_TEXT, {"epochCount": "10"}), validate=False).training
    assert training[-1].loss < 0.3  # memorised: far below the validation loss


def test_more_data_postpones_overfitting_and_reaches_a_lower_validation_loss():
    small, large = validation_losses({"epochCount": "10"}, 40), validation_losses({"epochCount": "10"}, 2_000)
    assert large.index(min(large)) > small.index(min(small))
    assert min(large) < min(small)
    assert best_loss(2_000) < best_loss(40)


def test_too_high_a_learning_rate_on_small_data_overfits_within_few_epochs():
    default = validation_losses({"epochCount": "3"}, 40)
    fast = validation_losses({"epochCount": "3", "learningRate": "0.00005"}, 40)
    assert fast[-1] > fast[0] and default[-1] < fast[-1]


def test_too_little_training_underfits():
    short = validation_losses({"epochCount": "1", "learningRate": "0.000002"}, 340)
    default = validation_losses({"epochCount": "2"}, 340)
    assert short[-1] > default[-1] + 0.5


def test_a_larger_batch_learns_less_per_epoch():
    small_batch = validation_losses({"epochCount": "1", "batchSize": "1"}, 340)
    large_batch = validation_losses({"epochCount": "1", "batchSize": "16"}, 340)
    assert large_batch[0] > small_batch[0]


def test_claude_stops_early_when_validation_loss_stops_improving():
    # Claude 3 Haiku, the only Anthropic model Bedrock fine-tuned, is past its end of life where it was customized
    # (us-west-2), so its early stopping is checked on the training simulation itself, not through a job.
    run = train(40, Settings.of(ANTHROPIC, {"epochCount": "10"}), validate=True)
    assert run.epochs_trained < 10
    losses = [p.loss for p in run.validation]
    assert losses[-1] > min(losses) and len(losses) == run.epochs_trained
