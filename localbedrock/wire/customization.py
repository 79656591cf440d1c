"""bedrock model customization operations (jobs and custom models) as methods of moto's ``BedrockResponse``, in place
of moto's own (whose jobs never complete and whose output model names do not match): parameters parsed from
botocore's service model, the domain's :class:`~localbedrock.customization.CustomizationJobs` called."""

from __future__ import annotations

from typing import Any

from localbedrock.customization import CustomizationJobs, Job
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.paging import paginate
from localbedrock.wire.params import checked_params, present
from localbedrock.wire.s3store import MotoS3
from localbedrock.wire.tags import tag_on_create


def _call(response: Any, operation: str) -> tuple[CustomizationJobs, dict[str, Any]]:
    params = checked_params(response, "bedrock", operation)
    return service().customization_jobs(response.current_account, response.region), params


def _metrics(job: Job, completed: bool) -> dict[str, Any]:
    """trainingMetrics and validationMetrics (one per validator) of a completed job: the last losses."""
    if not completed or job.training is None:
        return {}
    run = job.training.run
    validators = job.validation_data.get("validators", [])
    return present(
        trainingMetrics={"trainingLoss": run.training[-1].loss},
        validationMetrics=[{"validationLoss": run.validation[-1].loss} for _ in validators] if run.validation else None,
    )


STAGES = ("validationDetails", "dataProcessingDetails", "trainingDetails")


def _job(job: Job, jobs: CustomizationJobs) -> dict[str, Any]:
    status = job.status(jobs.clock)
    stages = {name: {"status": stage} for name, stage in zip(STAGES, job.stages(jobs.clock), strict=True)}
    return present(
        jobArn=job.arn,
        jobName=job.name,
        outputModelName=job.model_name,
        outputModelArn=job.model_arn if status == "Completed" else None,
        roleArn=job.role_arn,
        status=status,
        statusDetails=stages,
        creationTime=job.creation_time,
        lastModifiedTime=job.end_time(jobs.clock) or job.creation_time,
        endTime=job.end_time(jobs.clock),
        baseModelArn=job.base_model_arn,
        hyperParameters=job.hyperparameters,
        trainingDataConfig=job.training_data,
        validationDataConfig=job.validation_data,
        outputDataConfig=job.output_data,
        customizationType=job.customization_type,
        failureMessage=job.failure if status == "Failed" else None,
        **_metrics(job, status == "Completed"),
    )


@guarded
def create_model_customization_job(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "CreateModelCustomizationJob")
    job = jobs.create(
        p["jobName"],
        p["customModelName"],
        p["roleArn"],
        p["baseModelIdentifier"],
        p["trainingDataConfig"],
        p["outputDataConfig"],
        MotoS3(response.current_account),
        p.get("customizationType"),
        p.get("hyperParameters"),
        p.get("validationDataConfig"),
    )
    tag_on_create(response, job.arn, p.get("jobTags"))
    tag_on_create(response, job.model_arn, p.get("customModelTags"))
    return {"jobArn": job.arn}


@guarded
def get_model_customization_job(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "GetModelCustomizationJob")
    return _job(jobs.job(p["jobIdentifier"]), jobs)


@guarded
def list_model_customization_jobs(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "ListModelCustomizationJobs")
    found = [
        j
        for j in jobs.all_jobs()
        if p.get("statusEquals") in (None, j.status(jobs.clock)) and p.get("nameContains", "") in j.name
    ]
    found.sort(key=lambda j: j.creation_time, reverse=p.get("sortOrder", "Descending") == "Descending")
    page, token = paginate(found, p)
    summaries = []
    for job in page:
        full = _job(job, jobs)
        summaries.append(
            present(
                jobArn=job.arn,
                baseModelArn=job.base_model_arn,
                jobName=job.name,
                status=full["status"],
                lastModifiedTime=full["lastModifiedTime"],
                creationTime=job.creation_time,
                endTime=full.get("endTime"),
                customModelArn=full.get("outputModelArn"),
                customModelName=job.model_name,
                customizationType=job.customization_type,
            )
        )
    return present(modelCustomizationJobSummaries=summaries, nextToken=token)


@guarded
def stop_model_customization_job(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "StopModelCustomizationJob")
    jobs.stop(p["jobIdentifier"])
    return {}


@guarded
def get_custom_model(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "GetCustomModel")
    job = jobs.model(p["modelIdentifier"])
    status = job.model_status(jobs.clock)
    return {
        **_metrics(job, status == "Active"),
        **present(failureMessage=job.failure if status == "Failed" else None),
        "modelArn": job.model_arn,
        "modelName": job.model_name,
        "jobName": job.name,
        "jobArn": job.arn,
        "baseModelArn": job.base_model_arn,
        "customizationType": job.customization_type,
        "hyperParameters": job.hyperparameters,
        "trainingDataConfig": job.training_data,
        "validationDataConfig": job.validation_data,
        "outputDataConfig": job.output_data,
        "creationTime": job.creation_time,
        "modelStatus": status,
    }


@guarded
def list_custom_models(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "ListCustomModels")
    models = [j for j in jobs.models() if p.get("nameContains", "") in j.model_name]
    models.sort(key=lambda j: j.creation_time, reverse=p.get("sortOrder", "Descending") == "Descending")
    page, token = paginate(models, p)
    summaries = [
        {
            "modelArn": j.model_arn,
            "modelName": j.model_name,
            "creationTime": j.creation_time,
            "baseModelArn": j.base_model_arn,
            "baseModelName": j.base_model.name,
            "customizationType": j.customization_type,
            "ownerAccountId": jobs.account,
            "modelStatus": j.model_status(jobs.clock),
        }
        for j in page
    ]
    return present(modelSummaries=summaries, nextToken=token)


@guarded
def delete_custom_model(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "DeleteCustomModel")
    jobs.delete_model(p["modelIdentifier"])
    return {}


HANDLERS = {
    "create_model_customization_job": create_model_customization_job,
    "get_model_customization_job": get_model_customization_job,
    "list_model_customization_jobs": list_model_customization_jobs,
    "stop_model_customization_job": stop_model_customization_job,
    "get_custom_model": get_custom_model,
    "list_custom_models": list_custom_models,
    "delete_custom_model": delete_custom_model,
}
