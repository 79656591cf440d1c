"""Knowledge Bases for Amazon Bedrock, in plain Python: knowledge bases, data sources, chunking, the vector and
lexical index, ingestion jobs, Retrieve and RetrieveAndGenerate. Nothing here knows about HTTP; the wire layer
(``localbedrock/wire/agent.py``, ``wire/agent_runtime.py``) translates the bedrock-agent and bedrock-agent-runtime APIs
into calls of :class:`~localbedrock.knowledgebases.backend.KnowledgeBases`."""
