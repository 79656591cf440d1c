from __future__ import annotations

import os
import subprocess
import sys

import boto3
import pytest
from bedrock_helpers import CLAUDE, reply_text, user
from moto.bedrockruntime.responses import BedrockRuntimeResponse

import localbedrock


def _ask(region: str = "us-east-1") -> str:
    client = boto3.client("bedrock-runtime", region_name=region)
    return reply_text(client.converse(modelId=CLAUDE, messages=user("What is the capital of France?")))


def test_start_and_stop_turn_the_emulator_on_and_off():
    emulator = localbedrock.start()
    try:
        assert emulator.started and localbedrock.active() is emulator
        assert "Paris" in _ask()
    finally:
        localbedrock.stop()
    assert localbedrock.active() is None
    assert "converse" not in vars(BedrockRuntimeResponse)


def test_start_returns_a_context_manager():
    with localbedrock.start():
        assert "Paris" in _ask()
    assert localbedrock.active() is None


def test_decorator_runs_the_function_inside_the_emulator():
    @localbedrock.LocalBedrock()
    def ask() -> str:
        return _ask()

    assert "Paris" in ask()
    assert localbedrock.active() is None


@pytest.mark.parametrize("region", ["us-east-1", "eu-west-3", "ap-southeast-2"])
def test_any_region_reaches_the_emulator(emulator, region):
    assert "Paris" in _ask(region)


def test_other_services_are_served_by_moto(emulator):
    s3 = boto3.client("s3", region_name="us-east-1")
    s3.create_bucket(Bucket="course-data")
    s3.put_object(Bucket="course-data", Key="a.txt", Body=b"hello")
    assert s3.get_object(Bucket="course-data", Key="a.txt")["Body"].read() == b"hello"


def test_clients_need_no_region_while_running(monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.delenv("AWS_REGION", raising=False)
    with localbedrock.LocalBedrock():
        client = boto3.client("bedrock-runtime")
        assert client.meta.region_name == "us-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_nested_activations_restore_the_outer_one():
    with localbedrock.LocalBedrock() as outer:
        with localbedrock.LocalBedrock(denied_models=[CLAUDE]):
            pass
        assert localbedrock.active() is outer
        assert "Paris" in _ask()


def test_moto_lists_a_response_class_s_methods_once_while_running_and_gets_its_own_lookup_back():
    from moto.core import responses, utils

    with localbedrock.LocalBedrock():
        names = responses.method_names_from_class
        assert names is not utils.method_names_from_class
        assert names(BedrockRuntimeResponse) == utils.method_names_from_class(BedrockRuntimeResponse)
        assert "converse" in names(BedrockRuntimeResponse)
        BedrockRuntimeResponse.added_later = lambda self: None  # a class that gains a method is listed again
        try:
            assert "added_later" in names(BedrockRuntimeResponse)
        finally:
            del BedrockRuntimeResponse.added_later
        assert "added_later" not in names(BedrockRuntimeResponse)
        assert "Paris" in _ask()
    assert responses.method_names_from_class is utils.method_names_from_class


def test_importing_localbedrock_defers_numpy_and_the_models_to_start():
    code = "import sys, localbedrock; print('numpy' in sys.modules, 'localbedrock.generator' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "False"]


def test_a_client_created_before_start_is_served_by_the_emulator(monkeypatch):
    # Real-looking credentials: without the emulator this call would be signed and sent to AWS.
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAEXAMPLEEXAMPLE00")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    client = boto3.client("bedrock-runtime", region_name="us-east-1")
    with localbedrock.LocalBedrock():
        response = client.converse(modelId=CLAUDE, messages=user("What is the capital of France?"))
    assert reply_text(response) == "The capital of France is Paris."
