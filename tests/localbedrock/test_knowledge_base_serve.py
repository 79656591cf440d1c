"""Knowledge Bases over ``localbedrock serve``: bedrock-agent and bedrock-agent-runtime share the signing name
``bedrock`` with the other Bedrock APIs and are routed by path."""

from __future__ import annotations

import pytest

from localbedrock.server import aws_host
from tests.localbedrock.kb_helpers import create_data_source, create_kb, ingest, put_corpus

SCOPE = "AWS4-HMAC-SHA256 Credential=x/20261123/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0"


@pytest.mark.parametrize(
    ("path", "host"),
    [
        ("/knowledgebases/", "bedrock-agent.us-east-1.amazonaws.com"),
        ("/knowledgebases/ABCDEFGHIJ/datasources/KLMNOPQRST/ingestionjobs/", "bedrock-agent.us-east-1.amazonaws.com"),
        ("/knowledgebases/ABCDEFGHIJ/retrieve", "bedrock-agent-runtime.us-east-1.amazonaws.com"),
        ("/retrieveAndGenerate", "bedrock-agent-runtime.us-east-1.amazonaws.com"),
        ("/model/amazon.nova-micro-v1:0/converse", "bedrock-runtime.us-east-1.amazonaws.com"),
        ("/foundation-models", "bedrock.us-east-1.amazonaws.com"),
    ],
)
def test_bedrock_apis_are_told_apart_by_path(path, host):
    assert aws_host(SCOPE, path) == host


def test_a_knowledge_base_is_built_polled_and_queried_over_http(http_client):
    agent, s3 = http_client("bedrock-agent"), http_client("s3")
    runtime = http_client("bedrock-agent-runtime")
    put_corpus(s3)
    kb_id = create_kb(agent)
    ds_id = create_data_source(agent, kb_id)
    assert ingest(agent, kb_id, ds_id, timeout=60)["status"] == "COMPLETE"
    results = runtime.retrieve(knowledgeBaseId=kb_id, retrievalQuery={"text": "How many days to return an item?"})
    assert results["retrievalResults"][0]["location"]["s3Location"]["uri"].endswith("policies/returns.md")
    with pytest.raises(runtime.exceptions.ResourceNotFoundException):
        runtime.retrieve(knowledgeBaseId="NOSUCHKB00", retrievalQuery={"text": "x"})
