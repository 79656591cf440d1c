"""The Knowledge Bases domain stays apart from the wire, and the moto and botocore behaviours the bedrock-agent and
bedrock-agent-runtime wiring relies on still hold (a moto or botocore upgrade that changes one fails here first)."""

from __future__ import annotations

import boto3
import pytest
from botocore.handlers import BUILTIN_HANDLERS
from botocore.session import get_session
from moto.bedrockagent.responses import AgentsforBedrockResponse
from moto.core.utils import camelcase_to_underscores
from moto.s3.models import FakeKey, s3_backends

import localbedrock
from localbedrock.wire import agent, agent_runtime, customization
from tests.localbedrock.test_layers import PACKAGE, imported_modules

KNOWLEDGE_BASES = sorted(f"knowledgebases/{path.name}" for path in (PACKAGE / "knowledgebases").glob("*.py"))
DOMAIN = [*KNOWLEDGE_BASES, "clock.py", "ids.py", "customization.py"]


@pytest.mark.parametrize("module", DOMAIN)
def test_part_2_domain_modules_import_neither_the_wire_layer_nor_moto_nor_boto(module):
    imports = imported_modules(PACKAGE / module)
    assert not {m for m in imports if m.startswith(("localbedrock.wire", "localbedrock.activation", "moto", "boto"))}


HANDLED = [
    ("bedrock-agent", list(agent.HANDLERS)),
    ("bedrock-agent-runtime", ["retrieve", "retrieve_and_generate", "retrieve_and_generate_stream"]),
    ("bedrock", list(customization.HANDLERS)),
]


@pytest.mark.parametrize(("service", "handlers"), HANDLED, ids=[service for service, _ in HANDLED])
def test_every_handled_operation_is_one_of_the_service_model(service, handlers):
    operations = get_session().get_service_model(service).operation_names
    assert set(handlers) <= {camelcase_to_underscores(op) for op in operations}


def test_moto_dispatches_bedrock_agent_operations_to_methods_set_on_its_response_class():
    with localbedrock.LocalBedrock(lifecycle_seconds=0):
        assert AgentsforBedrockResponse.create_data_source.__wrapped__ is agent.create_data_source.__wrapped__
        client = boto3.client("bedrock-agent", region_name="us-east-1")
        assert client.list_knowledge_bases()["knowledgeBaseSummaries"] == []
    assert not hasattr(AgentsforBedrockResponse, "create_data_source")  # stop() gives moto its class back


def test_the_agent_runtime_hook_is_a_builtin_handler_more_specific_than_motos():
    with localbedrock.LocalBedrock():
        assert (agent_runtime.EVENT, agent_runtime.before_send) in BUILTIN_HANDLERS
        client = boto3.client("bedrock-agent-runtime", region_name="us-east-1")
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            client.retrieve(knowledgeBaseId="NOSUCHKB00", retrievalQuery={"text": "x"})


def test_the_agent_runtime_hook_stands_aside_when_the_emulator_is_stopped():
    with localbedrock.LocalBedrock():
        pass
    assert agent_runtime.before_send(request=None) is None


def test_moto_s3_keeps_objects_as_fake_keys_with_etags_and_values():
    with localbedrock.LocalBedrock():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="contract-bucket")
        s3.put_object(Bucket="contract-bucket", Key="a.txt", Body=b"hello")
        stored = s3_backends["123456789012"]["aws"].get_bucket("contract-bucket").keys["a.txt"]
        assert isinstance(stored, FakeKey) and stored.value == b"hello" and stored.etag
