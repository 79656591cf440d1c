"""CountTokens, the Guardrails operations and Rerank over `localbedrock serve`, as other SDKs and the CLI reach them."""

from __future__ import annotations

from bedrock_helpers import SONNET, user

COHERE = "arn:aws:bedrock:us-east-1::foundation-model/cohere.rerank-v3-5:0"


def test_count_tokens_guardrails_and_rerank_over_http(http_client):
    runtime, control = http_client("bedrock-runtime"), http_client("bedrock")
    assert runtime.count_tokens(modelId=SONNET, input={"converse": {"messages": user("Hi there")}})["inputTokens"] > 0
    created = control.create_guardrail(
        name="served",
        blockedInputMessaging="No.",
        blockedOutputsMessaging="No.",
        wordPolicyConfig={"wordsConfig": [{"text": "Globex"}]},
    )
    assert [g["id"] for g in control.list_guardrails()["guardrails"]] == [created["guardrailId"]]
    applied = runtime.apply_guardrail(
        guardrailIdentifier=created["guardrailId"],
        guardrailVersion="DRAFT",
        source="INPUT",
        content=[{"text": {"text": "Is Globex cheaper?"}}],
    )
    assert applied["action"] == "GUARDRAIL_INTERVENED"
    reranked = http_client("bedrock-agent-runtime").rerank(
        queries=[{"type": "TEXT", "textQuery": {"text": "return window"}}],
        sources=[
            {"type": "INLINE", "inlineDocumentSource": {"type": "TEXT", "textDocument": {"text": t}}}
            for t in ("Shipping is free.", "The return window is 45 days.")
        ],
        rerankingConfiguration={
            "type": "BEDROCK_RERANKING_MODEL",
            "bedrockRerankingConfiguration": {"modelConfiguration": {"modelArn": COHERE}},
        },
    )
    assert reranked["results"][0]["index"] == 1
