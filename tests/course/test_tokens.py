"""bedrock_course.tokens counts a text with Bedrock's CountTokens API: the count a Converse request reports."""

import boto3
import pytest

import localbedrock
from bedrock_course.tokens import COUNTING_MODEL, count_tokens


@pytest.fixture
def runtime():
    localbedrock.start()
    yield boto3.client("bedrock-runtime", region_name="us-east-1")
    localbedrock.stop()


def test_count_tokens_is_the_input_tokens_a_converse_request_reports(runtime):
    text = "Kettlewick's return window is 60 days."
    # Claude Haiku 4.5 is counted by its bare id and invoked through its US inference profile
    invoked = f"us.{COUNTING_MODEL}"
    usage = runtime.converse(modelId=invoked, messages=[{"role": "user", "content": [{"text": text}]}])["usage"]
    assert count_tokens(runtime, text) == usage["inputTokens"]


def test_count_tokens_refuses_a_model_countTokens_does_not_count(runtime):
    with pytest.raises(runtime.exceptions.ValidationException, match="doesn't support counting tokens"):
        count_tokens(runtime, "hello", model_id="amazon.nova-micro-v1:0")
