"""Opt-in fault injection: a tokens-per-minute quota and transient 5xx, reproducible, so retries can be taught."""

from __future__ import annotations

import boto3
import pytest
from bedrock_helpers import CLAUDE, user
from botocore.config import Config

import localbedrock
from localbedrock.errors import ServiceUnavailableError, ThrottlingError
from localbedrock.faults import FaultInjector, Faults

NO_RETRIES = Config(retries={"max_attempts": 1})


def test_no_faults_unless_asked(runtime):
    for _ in range(20):
        runtime.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))


def test_calls_beyond_the_token_quota_are_throttled():
    # Each call spends 8 input + 8 output tokens; a call is admitted while spent + its input <= the quota.
    with localbedrock.LocalBedrock(faults=Faults(tokens_per_minute=50)):
        client = boto3.client("bedrock-runtime", region_name="us-east-1", config=NO_RETRIES)
        for _ in range(3):
            client.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))
        with pytest.raises(client.exceptions.ThrottlingException, match="Too many tokens"):
            client.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))


def test_the_quota_window_slides_over_sixty_seconds():
    now = [0.0]
    injector = FaultInjector(Faults(tokens_per_minute=100), clock=lambda: now[0])
    injector.admit(50)
    injector.record(90)
    with pytest.raises(ThrottlingError):
        injector.admit(50)
    now[0] = 61.0
    injector.admit(50)


def test_unavailable_errors_follow_the_seed():
    def outcomes(seed: int) -> list[bool]:
        injector = FaultInjector(Faults(unavailable_rate=0.5, seed=seed))
        out = []
        for _ in range(20):
            try:
                injector.admit(1)
                out.append(True)
            except ServiceUnavailableError:
                out.append(False)
        return out

    assert outcomes(7) == outcomes(7)
    assert 0 < sum(outcomes(7)) < 20


def test_transient_errors_surface_as_503_service_unavailable():
    with localbedrock.LocalBedrock(faults=Faults(unavailable_rate=1.0)):
        client = boto3.client("bedrock-runtime", region_name="us-east-1", config=NO_RETRIES)
        with pytest.raises(client.exceptions.ServiceUnavailableException) as caught:
            client.converse(modelId=CLAUDE, messages=user("hi"))
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 503


def test_botocore_retries_recover_from_transient_errors():
    with localbedrock.LocalBedrock(faults=Faults(unavailable_rate=0.5, seed=3)):
        client = boto3.client(
            "bedrock-runtime", region_name="us-east-1", config=Config(retries={"mode": "standard", "max_attempts": 10})
        )
        responses = [client.converse(modelId=CLAUDE, messages=user("hi")) for _ in range(3)]
    assert sum(r["ResponseMetadata"]["RetryAttempts"] for r in responses) > 0
