"""LlamaIndex's Bedrock integrations (BedrockConverse, BedrockEmbedding), unchanged, against `localbedrock serve`."""

from __future__ import annotations

import json


def test_bedrock_converse_completes_and_chats(run_client):
    out = run_client(
        """
        import json
        from llama_index.core.llms import ChatMessage
        from llama_index.llms.bedrock_converse import BedrockConverse

        llm = BedrockConverse(model="amazon.nova-micro-v1:0", region_name="us-east-1")
        completion = llm.complete("What is the capital of France?").text
        chat = llm.chat([ChatMessage(role="user", content="What is the capital of France?")]).message.content
        streamed = "".join(piece.delta for piece in llm.stream_complete("What is the capital of France?"))
        print(json.dumps([completion, chat, streamed]))
        """
    )
    completion, chat, streamed = json.loads(out)
    assert "Paris" in completion and chat == completion and streamed == completion


def test_bedrock_embedding(run_client):
    out = run_client(
        """
        from llama_index.embeddings.bedrock import BedrockEmbedding

        model = BedrockEmbedding(model_name="amazon.titan-embed-text-v2:0", region_name="us-east-1")
        print(len(model.get_text_embedding("return policy")), len(model.get_query_embedding("returns?")))
        """
    )
    assert out.split() == ["1024", "1024"]
