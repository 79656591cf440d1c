"""Knowledge Bases over ``localbedrock serve``: bedrock-agent and bedrock-agent-runtime share the signing name
``bedrock`` with the other Bedrock APIs and are routed by the operation their method and path name."""

from __future__ import annotations

import pytest

from localbedrock.server import aws_host
from tests.localbedrock.kb_helpers import create_data_source, create_kb, ingest, put_corpus

SCOPE = "AWS4-HMAC-SHA256 Credential=x/20261123/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0"


@pytest.mark.parametrize(
    ("method", "path", "host"),
    [
        ("PUT", "/knowledgebases/", "bedrock-agent.us-east-1.amazonaws.com"),
        ("GET", "/knowledgebases/ABCDEFGHIJ", "bedrock-agent.us-east-1.amazonaws.com"),
        (
            "PUT",
            "/knowledgebases/ABCDEFGHIJ/datasources/KLMNOPQRST/ingestionjobs/",
            "bedrock-agent.us-east-1.amazonaws.com",
        ),
        ("POST", "/knowledgebases/ABCDEFGHIJ/retrieve", "bedrock-agent-runtime.us-east-1.amazonaws.com"),
        ("POST", "/retrieveAndGenerate", "bedrock-agent-runtime.us-east-1.amazonaws.com"),
        ("POST", "/rerank", "bedrock-agent-runtime.us-east-1.amazonaws.com"),
        ("POST", "/model/amazon.nova-micro-v1:0/converse", "bedrock-runtime.us-east-1.amazonaws.com"),
        ("POST", "/model/amazon.nova-micro-v1:0/count-tokens", "bedrock-runtime.us-east-1.amazonaws.com"),
        ("POST", "/guardrail-checks/invoke", "bedrock-runtime.us-east-1.amazonaws.com"),
        ("GET", "/foundation-models", "bedrock.us-east-1.amazonaws.com"),
        ("GET", "/guardrails", "bedrock.us-east-1.amazonaws.com"),
        (
            "POST",
            "/tags/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Aknowledge-base%2FABCDEFGHIJ",
            "bedrock-agent.us-east-1.amazonaws.com",
        ),
    ],
)
def test_bedrock_apis_are_told_apart_by_method_and_path(method, path, host):
    assert aws_host(SCOPE, path, method) == host


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
