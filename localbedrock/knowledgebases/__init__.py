"""Knowledge Bases for Amazon Bedrock, in plain Python: knowledge bases, data sources, chunking, the vector and
lexical index, ingestion jobs, Retrieve and RetrieveAndGenerate. Nothing here knows about HTTP; the wire layer
(``localbedrock/wire/agent.py``, ``wire/agent_runtime.py``) translates the bedrock-agent and bedrock-agent-runtime APIs
into calls of :class:`~localbedrock.knowledgebases.backend.KnowledgeBases`."""

from typing import Any

from localbedrock.service import BedrockService, register_regional


def _knowledge_bases(service: BedrockService, account: str, region: str) -> Any:
    from localbedrock.knowledgebases.backend import KnowledgeBases  # loads FAISS: only when first used

    return KnowledgeBases(service, account, region)


register_regional("knowledge_bases", _knowledge_bases)
