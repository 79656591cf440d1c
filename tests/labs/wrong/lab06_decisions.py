"""Plausible wrong answers to lab 6 (cost model, break-even, recommend, lesson 6's cases, the measured hybrid)."""

from tests.labs.submissions import Wrong

WRONG = [
    Wrong(
        "cost_per_day",  # the traffic of one day, not of a month
        cell="cost_impl",
        old='requests = attributes["requests_per_day"] * DAYS_PER_MONTH',
        new='requests = attributes["requests_per_day"]',
        fails=("test_cost",),
    ),
    Wrong(
        "prices_taken_per_token",  # forgets that the catalogue's prices are per 1,000 tokens
        cell="cost_impl",
        old="NOVA.output_price_per_1k) / 1000",
        new="NOVA.output_price_per_1k)",
        fails=("test_cost", "test_break_even", "test_recommend", "test_lesson"),
    ),
    Wrong(
        "provisioned_throughput_ignored",  # an EU custom model priced as if it could be served on demand
        cell="cost_impl",
        old='return usd + CUSTOM.provisioned_per_hour[""] * HOURS_PER_MONTH',
        new="return usd + requests * request_cost(strategy)",
        fails=("test_cost", "test_recommend", "test_lesson"),
    ),
    Wrong(
        "break_even_per_month",  # the volume of a month reported as requests a day
        cell="break_even_impl",
        old="/ (DAYS_PER_MONTH * request_cost(strategy))",
        new="/ request_cost(strategy)",
        fails=("test_break_even",),
    ),
    Wrong(
        "always_rag",
        cell="recommend_impl",
        old='{"strategy": strategy,',
        new='{"strategy": "rag",',
        fails=("test_recommend", "test_lesson"),
    ),
    Wrong(
        "textbook_rule",  # a strict style always fine-tunes, whatever the constraints; latency at volume never does
        cell="recommend_impl",
        old="if wants and not blockers:",
        new='if a["style_consistency_need"] == "high":',
        fails=("test_recommend", "test_lesson"),
    ),
    Wrong(
        "factors_miss_the_constraint",  # names the needs, never what ruled fine-tuning out
        cell="recommend_impl",
        old="\n        factors = factors + blockers",
        new="",
        fails=("test_recommend", "test_lesson"),
    ),
    Wrong(
        "factors_copied_from_the_references",  # the references are public; only recommend's own answers count
        cell="lesson_impl",
        old='recommend(s["attributes"]) for s in SCENARIOS}',
        new='{**recommend(s["attributes"]), "driving_factors": s["driving_factors"]} for s in SCENARIOS}',
        fails=("test_lesson",),
    ),
    Wrong(
        "total_tokens_as_input_tokens",
        cell="evaluate_impl",
        old='sum(r["usage"]["inputTokens"] for r in responses)',
        new='sum(r["usage"]["totalTokens"] for r in responses)',
        fails=("test_evaluate", "test_hybrid"),
    ),
    Wrong(
        "superseded_documents_retrieved",  # no metadata filter: old policy versions reach the prompt
        cell="requests_impl",
        old='"numberOfResults": k,\n                "filter": {"equals": {"key": "status", "value": "current"}},',
        new='"numberOfResults": k,',
        fails=("test_hybrid",),
    ),
    Wrong(
        "hybrid_served_by_the_base_model",  # retrieval, but not the model that learned the house style
        cell="requests_impl",
        old='"modelId": STYLE_MODEL,',
        new='"modelId": NOVA_LITE,',
        fails=("test_hybrid",),
    ),
]
