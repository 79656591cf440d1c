"""LangChain's Bedrock integration (langchain-aws), unchanged, against `localbedrock serve`."""

from __future__ import annotations

import json

import pytest

from tests.clients.conftest import needs

MODEL = "amazon.nova-lite-v1:0"  # Converse with tool use, which structured output relies on


def test_chat_bedrock_converse_answers(run_client):
    out = run_client(
        f"""
        from langchain_aws import ChatBedrockConverse
        reply = ChatBedrockConverse(model="{MODEL}").invoke("What is the capital of France?")
        print(reply.content)
        print(reply.usage_metadata["input_tokens"])
        """
    )
    text, input_tokens = out.strip().splitlines()
    assert "Paris" in text and int(input_tokens) > 0


def test_chat_bedrock_converse_streams(run_client):
    out = run_client(
        f"""
        import json
        from langchain_aws import ChatBedrockConverse
        chunks = list(ChatBedrockConverse(model="{MODEL}").stream("What is the capital of France?"))
        print(json.dumps([len(chunks), "".join(c.text for c in chunks)]))
        """
    )
    count, text = json.loads(out)
    assert count > 1 and "Paris" in text


def test_nested_structured_output(run_client):
    out = run_client(
        f"""
        import json
        from pydantic import BaseModel, Field
        from langchain_aws import ChatBedrockConverse

        class Address(BaseModel):
            city: str = Field(description="the city")
            country: str = Field(description="the country")

        class Person(BaseModel):
            name: str = Field(description="the person's name")
            address: Address
            languages: list[str]

        llm = ChatBedrockConverse(model="{MODEL}").with_structured_output(Person)
        person = llm.invoke("Marie Curie lived in Paris, France, and spoke Polish and French.")
        print(json.dumps(person.model_dump()))
        """
    )
    person = json.loads(out)
    assert set(person) == {"name", "address", "languages"} and set(person["address"]) == {"city", "country"}


# The models langchain-aws asks CountTokens for (langchain_aws.utils.count_tokens_api_supported_for_model); for others
# it estimates with a Hugging Face tokenizer instead.
COUNTED_BY_LANGCHAIN = ("claude-3-5-", "claude-3-7-", "claude-opus-4-", "claude-sonnet-4-", "claude-haiku-4-")


def test_token_counting_uses_count_tokens(run_client, boto):
    needs("bedrock-runtime", "CountTokens")
    summaries = boto("bedrock").list_foundation_models(byProvider="Anthropic")["modelSummaries"]
    counted = [
        m["modelId"]
        for m in summaries
        if m.get("modelLifecycle", {}).get("status", "ACTIVE") == "ACTIVE"
        and any(pattern in m["modelId"] for pattern in COUNTED_BY_LANGCHAIN)
    ]
    if not counted:
        pytest.skip("the catalogue has no active model langchain-aws counts with CountTokens")
    sonnet = counted[-1]
    out = run_client(
        f"""
        import logging
        from langchain_core.messages import HumanMessage, SystemMessage
        from langchain_aws import ChatBedrockConverse

        class Failures(logging.Handler):  # langchain-aws logs a warning when CountTokens fails, then estimates
            def __init__(self):
                super().__init__()
                self.messages = []

            def emit(self, record):
                self.messages.append(record.getMessage())

        failures = Failures()
        logging.getLogger("langchain_aws").addHandler(failures)
        llm = ChatBedrockConverse(model="{sonnet}")
        count = llm.get_num_tokens_from_messages(
            [SystemMessage("Answer briefly."), HumanMessage("What is the capital of France?")]
        )
        print(count, [m for m in failures.messages if "count_tokens" in m])
        """
    )
    count, failures = out.split(" ", 1)
    assert int(count) > 0 and failures.strip() == "[]"


def test_bedrock_embeddings(run_client):
    out = run_client(
        """
        from langchain_aws import BedrockEmbeddings
        embeddings = BedrockEmbeddings(model_id="amazon.titan-embed-text-v2:0")
        print(len(embeddings.embed_query("return policy")), len(embeddings.embed_documents(["a", "b"])))
        """
    )
    assert out.split() == ["1024", "2"]


def test_knowledge_bases_retriever(run_client, knowledge_base):
    out = run_client(
        f"""
        from langchain_aws import AmazonKnowledgeBasesRetriever
        retriever = AmazonKnowledgeBasesRetriever(
            knowledge_base_id="{knowledge_base}",
            retrieval_config={{"vectorSearchConfiguration": {{"numberOfResults": 2}}}},
        )
        documents = retriever.invoke("How many days do I have to return an item?")
        print(len(documents))
        print(documents[0].metadata["location"]["s3Location"]["uri"])
        """
    )
    count, uri = out.strip().splitlines()
    assert count == "2" and uri.endswith("policies/returns.md")


def test_bedrock_rerank(run_client):
    needs("bedrock-agent-runtime", "Rerank")
    out = run_client(
        """
        from langchain_core.documents import Document
        from langchain_aws import BedrockRerank
        reranker = BedrockRerank(
            model_arn="arn:aws:bedrock:us-west-2::foundation-model/amazon.rerank-v1:0", region_name="us-west-2"
        )
        documents = [Document("Standard shipping is free over $75."), Document("Returns are accepted for 45 days.")]
        ranked = reranker.compress_documents(documents, "How long can I return an item?")
        print(ranked[0].page_content)
        """
    )
    assert "Returns" in out
