"""Fixtures: each test gets its own emulator activation and clients (safe under pytest-xdist: state is per process,
and every activation starts fresh)."""

from __future__ import annotations

from collections.abc import Iterator
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
