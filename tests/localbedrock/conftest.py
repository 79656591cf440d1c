"""Fixtures: each test gets its own emulator activation and clients (safe under pytest-xdist: state is per process,
and every activation starts fresh)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

import localbedrock


@pytest.fixture
def emulator() -> Iterator[localbedrock.LocalBedrock]:
    with localbedrock.LocalBedrock() as running:
        yield running


@pytest.fixture
def runtime(emulator: localbedrock.LocalBedrock) -> Any:
    return boto3.client("bedrock-runtime", region_name="us-east-1")


@pytest.fixture
def control(emulator: localbedrock.LocalBedrock) -> Any:
    return boto3.client("bedrock", region_name="us-east-1")


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """The URL of a `localbedrock serve --port 0` started for the module."""
    process = subprocess.Popen(
        [sys.executable, "-m", "localbedrock", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        found = re.search(r"http://127\.0\.0\.1:\d+", line)
        assert found, f"no address in {line!r}"
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def http_client(endpoint: str) -> Callable[..., Any]:
    """A factory of boto3 clients that talk to ``endpoint`` (dummy credentials, any region)."""

    def make(service: str, region: str = "us-east-1") -> Any:
        return boto3.client(
            service, endpoint_url=endpoint, region_name=region, aws_access_key_id="x", aws_secret_access_key="y"
        )

    return make


@pytest.fixture(autouse=True)
def faithful_reader(request, monkeypatch):
    """The reader without its per-model slips (a seeded share of answers that stray or abstain), so a behaviour test
    sees what the reader does; tests named "rates" and the calibration suite measure the slips themselves."""
    if "rates" in request.node.name or "calibration" in str(request.node.path):
        return
    from localbedrock.reading import reader
    from localbedrock.reading.profiles import ReadingProfile, profile_for

    def steady(model):
        own = profile_for(model)
        return ReadingProfile(**{**vars(own), "slip_rate": 0.0, "false_abstain": 0.0, "guess_instructed": 0.0})

    monkeypatch.setattr(reader, "profile_for", steady)
