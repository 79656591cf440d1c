"""bedrock batch inference operations (CreateModelInvocationJob, Get, List, Stop) as methods of moto's
``BedrockResponse``, and the record runner that answers one record as InvokeModel (the family's native body) or
Converse would: parameters parsed from botocore's service model, the domain's
:class:`~localbedrock.batch.BatchJobs` called."""

from __future__ import annotations

import json
from typing import Any

from localbedrock.batch import BatchJob, BatchJobs
from localbedrock.model import TextResult
from localbedrock.wire import converse as converse_api
from localbedrock.wire.body import parse_body
from localbedrock.wire.guard import guarded, service
from localbedrock.wire.paging import paginate
from localbedrock.wire.params import checked_params, present
from localbedrock.wire.runtime import TEXT_CODECS
from localbedrock.wire.s3store import MotoS3
from localbedrock.wire.tags import tag_on_create


def run_record(model_id: str, invocation_type: str, model_input: dict[str, Any]) -> tuple[dict[str, Any], TextResult]:
    """One record's modelOutput: the model's answer in the format its InvokeModel body (or Converse) answers."""
    model = service().text_model(model_id)
    if invocation_type == "Converse":
        result = model.generate(converse_api.to_request({**model_input, "modelId": model_id}))
        return converse_api.to_response(result), result
    codec = TEXT_CODECS[model.profile.family]
    result = model.generate(codec.parse(parse_body(json.dumps(model_input), codec.schema(model.profile)), model_id))
    return codec.render(result, model.profile), result


def _call(response: Any, operation: str) -> tuple[BatchJobs, dict[str, Any]]:
    params = checked_params(response, "bedrock", operation)
    return service().regional("batch_jobs", response.current_account, response.region), params


def _job(job: BatchJob, jobs: BatchJobs) -> dict[str, Any]:
    status = job.status(jobs.clock)
    done = status in ("Completed", "PartiallyCompleted")
    counts = {}
    if done:
        counts = {
            "totalRecordCount": len(job.records),
            "processedRecordCount": len(job.records),
            "successRecordCount": len(job.records) - job.errors,
            "errorRecordCount": job.errors,
        }
    return present(
        jobArn=job.arn,
        jobName=job.name,
        modelId=job.model_id,
        clientRequestToken=job.client_token,
        roleArn=job.role_arn,
        status=status,
        message=job.failure if status == "Failed" else None,
        submitTime=job.submit_time,
        lastModifiedTime=job.end_time(jobs.clock) or job.stop_time or job.submit_time,
        endTime=job.end_time(jobs.clock),
        inputDataConfig=job.input_config,
        outputDataConfig=job.output_config,
        timeoutDurationInHours=job.timeout_hours,
        jobExpirationTime=job.expiration_time(),
        modelInvocationType=job.invocation_type,
        **counts,
    )


@guarded
def create_model_invocation_job(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "CreateModelInvocationJob")
    job = jobs.create(
        p["jobName"],
        p["roleArn"],
        p["modelId"],
        p["inputDataConfig"],
        p["outputDataConfig"],
        MotoS3(response.current_account),
        run_record,
        p.get("modelInvocationType", "InvokeModel"),
        p.get("timeoutDurationInHours", 168),
        p.get("clientRequestToken"),
    )
    tag_on_create(response, job.arn, p.get("tags"))
    return {"jobArn": job.arn}


@guarded
def get_model_invocation_job(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "GetModelInvocationJob")
    return _job(jobs.job(p["jobIdentifier"]), jobs)


@guarded
def list_model_invocation_jobs(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "ListModelInvocationJobs")
    after, before = p.get("submitTimeAfter"), p.get("submitTimeBefore")
    found = [
        j
        for j in jobs.all_jobs()
        if p.get("statusEquals") in (None, j.status(jobs.clock))
        and p.get("nameContains", "") in j.name
        and (after is None or j.submit_time > after)
        and (before is None or j.submit_time < before)
    ]
    found.sort(key=lambda j: j.submit_time, reverse=p.get("sortOrder", "Descending") == "Descending")
    page, token = paginate(found, p)
    return present(invocationJobSummaries=[_job(j, jobs) for j in page], nextToken=token)


@guarded
def stop_model_invocation_job(response: Any) -> dict[str, Any]:
    jobs, p = _call(response, "StopModelInvocationJob")
    jobs.stop(p["jobIdentifier"])
    return {}


HANDLERS = {
    "create_model_invocation_job": create_model_invocation_job,
    "get_model_invocation_job": get_model_invocation_job,
    "list_model_invocation_jobs": list_model_invocation_jobs,
    "stop_model_invocation_job": stop_model_invocation_job,
}
