"""Model customization jobs and custom models through boto3: AWS's names and ARNs, hyperparameter validation per
base model family, and the InProgress → Completed and Stopping → Stopped lifecycles on the accelerated clock."""

from __future__ import annotations

import re

import pytest
from botocore.exceptions import ClientError

from tests.localbedrock.finetune_helpers import HAIKU_FT, NOVA_MICRO, NOVA_MICRO_FT, TITAN_EXPRESS, Lab, lab_fixture  # noqa: F401
from tests.localbedrock.kb_helpers import problems


def test_a_job_is_in_progress_then_completed_and_names_its_model_consistently(lab: Lab):
    arn = lab.job(hyperParameters={"epochCount": "3", "learningRateWarmupSteps": "8"})
    assert re.fullmatch(
        rf"arn:aws:bedrock:us-east-1:123456789012:model-customization-job/{re.escape(NOVA_MICRO_FT)}/[a-z0-9]{{12}}",
        arn,
    )
    running = lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    assert problems("bedrock", "GetModelCustomizationJob", running) == []
    assert running["status"] == "InProgress" and "outputModelArn" not in running and "endTime" not in running
    assert running["outputModelName"] == "kettlewick-care"
    assert lab.bedrock.get_custom_model(modelIdentifier="kettlewick-care")["modelStatus"] == "Creating"

    lab.wait(10)
    done = lab.bedrock.get_model_customization_job(jobIdentifier="kettlewick-style")
    assert problems("bedrock", "GetModelCustomizationJob", done) == []
    assert done["status"] == "Completed" and done["endTime"] > done["creationTime"]
    model = lab.bedrock.get_custom_model(modelIdentifier=done["outputModelArn"])
    assert problems("bedrock", "GetCustomModel", model) == []
    assert model["modelName"] == done["outputModelName"] and model["modelStatus"] == "Active"
    assert model["jobArn"] == arn and model["hyperParameters"] == {"epochCount": "3", "learningRateWarmupSteps": "8"}


def test_a_stopped_job_is_stopping_then_stopped_and_its_model_failed(lab: Lab):
    arn = lab.job()
    stopped = lab.bedrock.stop_model_customization_job(jobIdentifier=arn)
    assert problems("bedrock", "StopModelCustomizationJob", stopped) == []
    assert lab.bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Stopping"
    lab.wait(4)
    stopped = lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    assert stopped["status"] == "Stopped" and "outputModelArn" not in stopped
    assert lab.bedrock.get_custom_model(modelIdentifier="kettlewick-care")["modelStatus"] == "Failed"
    with pytest.raises(lab.bedrock.exceptions.ValidationException):
        lab.bedrock.stop_model_customization_job(jobIdentifier=arn)


def test_list_jobs_and_models_match_the_service_model_and_filter(lab: Lab):
    lab.job(name="style-a", model="model-a")
    lab.job(TITAN_EXPRESS, name="style-b", model="model-b", hyperParameters={"learningRate": "0.00001"})
    lab.wait()
    jobs = lab.bedrock.list_model_customization_jobs()
    assert problems("bedrock", "ListModelCustomizationJobs", jobs) == []
    assert [j["jobName"] for j in jobs["modelCustomizationJobSummaries"]] == ["style-b", "style-a"]
    named = lab.bedrock.list_model_customization_jobs(nameContains="-a")["modelCustomizationJobSummaries"]
    assert [j["jobName"] for j in named] == ["style-a"]
    models = lab.bedrock.list_custom_models(sortOrder="Ascending")
    assert problems("bedrock", "ListCustomModels", models) == []
    assert [m["modelName"] for m in models["modelSummaries"]] == ["model-a", "model-b"]
    assert all(m["modelStatus"] == "Active" for m in models["modelSummaries"])


def test_a_deleted_custom_model_is_gone(lab: Lab):
    lab.trained()
    lab.bedrock.delete_custom_model(modelIdentifier="kettlewick-care")
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_custom_model(modelIdentifier="kettlewick-care")
    assert lab.bedrock.list_custom_models()["modelSummaries"] == []


@pytest.mark.parametrize(
    ("base", "hyperparameters", "words"),
    [
        (NOVA_MICRO_FT, {"batchSize": "8"}, "not supported"),
        (NOVA_MICRO_FT, {"learningRate": "0.001"}, "from 1e-06 to 0.0001"),
        (NOVA_MICRO_FT, {"learningRateWarmupSteps": "101"}, "from 0 to 100"),
        (NOVA_MICRO_FT, {"learningRate": "fast"}, "not a number"),
        (TITAN_EXPRESS, {"epochCount": "11"}, "from 1 to 10"),
        (TITAN_EXPRESS, {"epochCount": "2.5"}, "an integer"),
        (TITAN_EXPRESS, {"learningRateMultiplier": "1"}, "not supported"),
        (NOVA_MICRO, {"epochCount": "6"}, "from 1 to 5"),
    ],
)
def test_hyperparameters_are_validated_per_base_model_family(lab: Lab, base, hyperparameters, words):
    with pytest.raises(ClientError) as excinfo:
        lab.job(base, hyperParameters=hyperparameters)
    assert excinfo.value.response["Error"]["Code"] == "ValidationException"
    assert words in excinfo.value.response["Error"]["Message"]


@pytest.mark.parametrize(
    ("base", "kind"),
    [("mistral.mistral-7b-instruct-v0:2", "FINE_TUNING"), (NOVA_MICRO_FT, "CONTINUED_PRE_TRAINING")],
)
def test_a_base_model_that_does_not_support_the_customization_is_refused(lab: Lab, base, kind):
    with pytest.raises(lab.bedrock.exceptions.ValidationException):
        lab.job(base, customizationType=kind)


def test_job_and_model_names_are_unique(lab: Lab):
    lab.job()
    with pytest.raises(lab.bedrock.exceptions.ConflictException):
        lab.job(model="another-model")
    with pytest.raises(lab.bedrock.exceptions.ConflictException):
        lab.job(name="another-job")


def test_unknown_jobs_and_models_are_resource_not_found(lab: Lab):
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_model_customization_job(jobIdentifier="no-such-job")
    with pytest.raises(lab.bedrock.exceptions.ResourceNotFoundException):
        lab.bedrock.get_custom_model(modelIdentifier="no-such-model")


def stages(lab: Lab, arn: str) -> list[str]:
    details = lab.bedrock.get_model_customization_job(jobIdentifier=arn)["statusDetails"]
    return [details[name]["status"] for name in ("validationDetails", "dataProcessingDetails", "trainingDetails")]


def test_status_details_follow_validation_then_data_processing_then_training(lab: Lab):
    arn = lab.job()
    assert stages(lab, arn) == ["InProgress", "NotStarted", "NotStarted"]
    lab.wait(4)
    assert stages(lab, arn) == ["Completed", "InProgress", "NotStarted"]
    lab.wait(3)
    assert stages(lab, arn) == ["Completed", "Completed", "InProgress"]
    lab.wait(3)
    assert stages(lab, arn) == ["Completed", "Completed", "Completed"]


def test_status_details_show_where_a_job_was_stopped(lab: Lab):
    arn = lab.job()
    lab.wait(4)
    lab.bedrock.stop_model_customization_job(jobIdentifier=arn)
    assert stages(lab, arn) == ["Completed", "Stopping", "NotStarted"]
    lab.wait(4)
    assert stages(lab, arn) == ["Completed", "Stopped", "NotStarted"]
