"""LangChain's Bedrock integration (langchain-aws), unchanged, against `localbedrock serve`."""

from __future__ import annotations

import json

from tests.clients.conftest import needs

HAIKU = "anthropic.claude-3-haiku-20240307-v1:0"


def test_chat_bedrock_converse_answers(run_client):
    out = run_client(
        f"""
        from langchain_aws import ChatBedrockConverse
        reply = ChatBedrockConverse(model="{HAIKU}").invoke("What is the capital of France?")
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
        chunks = list(ChatBedrockConverse(model="{HAIKU}").stream("What is the capital of France?"))
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

        llm = ChatBedrockConverse(model="{HAIKU}").with_structured_output(Person)
        person = llm.invoke("Marie Curie lived in Paris, France, and spoke Polish and French.")
        print(json.dumps(person.model_dump()))
        """
    )
    person = json.loads(out)
    assert set(person) == {"name", "address", "languages"} and set(person["address"]) == {"city", "country"}


def test_token_counting_uses_count_tokens(run_client):
    needs("bedrock-runtime", "CountTokens")
    sonnet = "anthropic.claude-3-5-sonnet-20240620-v1:0"  # langchain-aws calls CountTokens for Claude 3.5 and later
    out = run_client(
        f"""
        import logging
        from langchain_core.messages import HumanMessage, SystemMessage
        from langchain_aws import ChatBedrockConverse

        failures = []
        logging.getLogger("langchain_aws").addHandler(logging.Handler())
        logging.getLogger("langchain_aws").handlers[-1].emit = lambda record: failures.append(record.getMessage())
        llm = ChatBedrockConverse(model="{sonnet}")
        count = llm.get_num_tokens_from_messages(
            [SystemMessage("Answer briefly."), HumanMessage("What is the capital of France?")]
        )
        print(count, [f for f in failures if "count_tokens" in f])
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
