"""Training data checked as Bedrock checks it: every broken file the course ships fails its job with the problem and
line its manifest names; the course's good files train; record counts, lengths and files are checked per family."""

from __future__ import annotations

import json

import pytest

from bedrock_course.data import FINETUNE_DIR
from localbedrock.finetuning.data import LIMITS, DataError, parse_records
from tests.localbedrock.finetune_helpers import (  # noqa: F401
    BUCKET,
    NOVA_MICRO_FT,
    TITAN_EXPRESS,
    Lab,
    course_file,
    first_lines,
    lab_fixture,
)

MANIFEST = json.loads((FINETUNE_DIR / "broken" / "manifest.json").read_text())
BASE = {"conversation": NOVA_MICRO_FT, "prompt_completion": TITAN_EXPRESS}
# Words of the failure message that name each problem of the manifest.
NAMES = {
    "invalid_json": "not valid JSON",
    "wrong_role_order": "must start with a user message and alternate",
    "last_message_not_assistant": "last message must be from the assistant",
    "missing_field": "required field completion is missing",
    "unexpected_field": "is not allowed",
    "wrong_schema_version": "schemaVersion must be bedrock-conversation-2024",
    "empty_completion": "completion is empty",
    "record_too_long": "more than the 24,576 allowed",
    "wrong_format": "must follow the",
}


def test_every_problem_of_the_manifest_has_a_name():
    assert set(NAMES) == set(MANIFEST["problems"])


@pytest.mark.parametrize("broken", MANIFEST["files"], ids=lambda f: f["file"])
def test_each_broken_file_fails_its_job_with_the_problem_and_line_the_manifest_names(lab: Lab, broken):
    """Padded to the family's minimum record count with good records, so that only the defect can fail it."""
    raw = (FINETUNE_DIR / "broken" / broken["file"]).read_bytes()
    padding = course_file(broken["format"], "train")
    arn = lab.job(BASE[broken["format"]], training=raw + padding, validation=None)
    assert lab.bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "InProgress"
    lab.wait(4)  # past the validation stage: a third of the 10-second lifecycle
    failed = lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    assert failed["status"] == "Failed" and failed["endTime"] >= failed["creationTime"]
    message = failed["failureMessage"]
    assert f"s3://{BUCKET}/kettlewick-style/train.jsonl" in message
    assert f"line {broken['line']}:" in message and NAMES[broken["problem"]] in message
    assert lab.bedrock.get_custom_model(modelIdentifier="kettlewick-care")["modelStatus"] == "Failed"
    stages = [failed["statusDetails"][f"{stage}Details"]["status"] for stage in ("validation", "dataProcessing")]
    assert stages == ["Failed", "NotStarted"]


@pytest.mark.parametrize("base", [NOVA_MICRO_FT, TITAN_EXPRESS, "amazon.nova-lite-v1:0"])
def test_the_course_files_pass_validation_and_train(lab: Lab, base):
    arn = lab.job(base)
    lab.wait()
    done = lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    assert done["status"] == "Completed" and "failureMessage" not in done


def test_a_broken_validation_file_fails_the_job_too(lab: Lab):
    broken = (FINETUNE_DIR / "broken" / "bad_json_line.jsonl").read_bytes()
    arn = lab.job(validation=broken)
    lab.wait()
    message = lab.bedrock.get_model_customization_job(jobIdentifier=arn)["failureMessage"]
    assert "validation.jsonl: line 7: the line is not valid JSON" in message


def test_a_file_in_the_other_format_fails_on_its_first_line(lab: Lab):
    arn = lab.job(TITAN_EXPRESS, training=course_file("conversation", "train"), validation=None)
    lab.wait()
    message = lab.bedrock.get_model_customization_job(jobIdentifier=arn)["failureMessage"]
    assert (
        'line 1: the record must follow the {"prompt": "<input text>", "completion": "<output text>"} format' in message
    )


def test_too_few_records_for_the_family_fail_the_job(lab: Lab):
    five = first_lines(course_file("conversation", "train"), 5)
    arn = lab.job(NOVA_MICRO_FT, training=five, validation=None)
    lab.wait()
    message = lab.bedrock.get_model_customization_job(jobIdentifier=arn)["failureMessage"]
    assert message == "The training data has 5 records; it must have from 8 to 20,000."
    assert lab.bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Failed"


def test_continued_pre_training_reads_input_records(lab: Lab):
    texts = [
        json.dumps({"input": f"Kettlewick note {i}: the Foundry espresso machine is descaled monthly."})
        for i in range(40)
    ]
    arn = lab.job(
        TITAN_EXPRESS, training="\n".join(texts).encode(), validation=None, customizationType="CONTINUED_PRE_TRAINING"
    )
    lab.wait()
    assert lab.bedrock.get_model_customization_job(jobIdentifier=arn)["status"] == "Completed"


def test_a_missing_training_file_fails_the_job(lab: Lab):
    arn = lab.bedrock.create_model_customization_job(
        jobName="no-data",
        customModelName="no-data-model",
        roleArn="arn:aws:iam::123456789012:role/BedrockFineTuning",
        baseModelIdentifier=NOVA_MICRO_FT,
        trainingDataConfig={"s3Uri": f"s3://{BUCKET}/nothing/here.jsonl"},
        outputDataConfig={"s3Uri": f"s3://{BUCKET}/output/"},
    )["jobArn"]
    lab.wait()
    failed = lab.bedrock.get_model_customization_job(jobIdentifier=arn)
    assert failed["status"] == "Failed" and "could not be read" in failed["failureMessage"]


def test_titan_allows_half_the_record_length_above_batch_size_one():
    limits = LIMITS["titan-text"]
    assert limits.max_record_chars(1) == 4_096 * 6 and limits.max_record_chars(8) == 2_048 * 6
    record = json.dumps({"prompt": "Summarise: " + "word " * 3_000, "completion": "A summary."}).encode()
    assert len(parse_records("s3://b/k", record, "prompt_completion", limits.max_record_chars(1))) == 1
    with pytest.raises(DataError, match="line 1: the record is 15,"):
        parse_records("s3://b/k", record, "prompt_completion", limits.max_record_chars(8))


@pytest.mark.parametrize(
    ("record", "problem"),
    [
        (
            {"prompt": "Hi", "completion": "Hello", "id": 3},
            "the field id is not allowed; a record has only completion, prompt",
        ),
        ({"prompt": "Hi", "completion": 3}, "prompt and completion must be strings"),
        ({"completion": "Hello"}, "the required field prompt is missing"),
        (["prompt", "completion"], "the line is not a JSON object"),
    ],
)
def test_prompt_completion_records_are_checked_field_by_field(record, problem):
    good = json.dumps({"prompt": "Hi", "completion": "Hello"})
    raw = f"{good}\n\n{json.dumps(record)}\n".encode()  # the blank line is skipped, and still counted
    with pytest.raises(DataError) as excinfo:
        parse_records("s3://b/k", raw, "prompt_completion", 24_576)
    assert str(excinfo.value) == f"Validation failed for s3://b/k: line 3: {problem}."


def test_a_conversation_record_gives_the_last_turns_to_learn():
    record = {
        "schemaVersion": "bedrock-conversation-2024",
        "system": [{"text": "Be brief."}],
        "messages": [
            {"role": "user", "content": [{"text": "Hi"}]},
            {"role": "assistant", "content": [{"text": "Hello."}]},
            {"role": "user", "content": [{"text": "Returns?"}]},
            {"role": "assistant", "content": [{"text": "45 days."}]},
        ],
    }
    [parsed] = parse_records("s3://b/k", json.dumps(record).encode(), "conversation", 24_576)
    assert (parsed.system, parsed.prompt, parsed.completion) == ("Be brief.", "Returns?", "45 days.")
