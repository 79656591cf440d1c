"""The coverage table in docs/localbedrock.md is what the emulator serves, for every operation of the four APIs."""

from __future__ import annotations

from pathlib import Path

import boto3
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError

from localbedrock.coverage import END, START, coverage, coverage_table
from localbedrock.wire.shapes import service_model

DOCS = Path(__file__).resolve().parents[2] / "docs" / "localbedrock.md"


def test_the_docs_table_is_up_to_date():
    text = DOCS.read_text(encoding="utf-8")
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == coverage_table(), "run: localbedrock coverage --write docs/localbedrock.md"


def test_every_operation_of_the_four_services_is_listed():
    found = coverage()
    assert set(found) == {"bedrock-runtime", "bedrock", "bedrock-agent", "bedrock-agent-runtime"}
    for service, operations in found.items():
        assert set(operations) == set(service_model(service).operation_names)


def test_the_core_operations_are_served_by_localbedrock():
    found = coverage()
    assert found["bedrock-runtime"]["Converse"] == "localbedrock"
    assert found["bedrock-agent-runtime"]["Retrieve"] == "localbedrock"
    assert found["bedrock"]["CreateModelCustomizationJob"] == "localbedrock"
    assert found["bedrock-agent"]["CreateAgent"] is None  # moto's agents are withheld


def test_an_operation_not_served_is_a_501_in_process_too(emulator):
    not_served = next(op for op, who in coverage()["bedrock"].items() if who is None and op.startswith("List"))
    client = boto3.client("bedrock", region_name="us-east-1")
    with pytest.raises(ClientError) as raised:
        getattr(client, xform_name(not_served))()
    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert raised.value.response["Error"]["Code"] == "NotImplementedException"
    assert not_served in str(raised.value) and "coverage table" in str(raised.value)
