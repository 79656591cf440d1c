"""Plausible wrong answers to lab 6 (cost model, break-even, recommend, lesson 6's cases, the measured hybrid)."""

from tests.labs.lesson6_probe import copied_decide
from tests.labs.submissions import Wrong, solution_sources

WRONG = [
    Wrong(
        "cost_per_day",  # the traffic of one day, not of a month
        cell="cost_impl",
        old='requests = attributes["requests_per_day"] * DAYS_PER_MONTH',
        new='requests = attributes["requests_per_day"]',
        fails=("test_cost",),
    ),
    Wrong(
        "prices_taken_per_token",  # forgets that the price table's prices are per 1,000 tokens
        cell="cost_impl",
        old="NOVA.output_per_1k) / 1000",
        new="NOVA.output_per_1k)",
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
        old="facts + (blockers if wants else [])",
        new="facts",
        fails=("test_recommend",),
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

WRONG += [
    Wrong(
        "copied_decide",  # lesson 6's decide() verbatim, wrapped: its thresholds and the lesson's serving price
        cell="recommend_impl",
        old=solution_sources("lab06_decisions")["recommend_impl"],
        new=copied_decide() + '\n\nprint(recommend(next(s["attributes"] for s in SCENARIOS if s["id"] == "s07")))',
        fails=("test_recommend",),
    ),
    Wrong(
        "thresholds_hard_coded_from_the_public_cases",  # "EU and under $15,000 rules a custom model out", from s07/s32
        cell="recommend_impl",
        old='if cost > a["monthly_budget_usd"]:',
        new='if in_eu and a["monthly_budget_usd"] < 15_000:',
        fails=("test_recommend",),
    ),
    Wrong(
        "factors_padded_to_pass",  # every attribute that might matter, up to four: no longer what decides
        cell="recommend_impl",
        old="factors = list(dict.fromkeys(factors))[:4]",
        new="factors = list(dict.fromkeys(factors + [f for f in ATTRIBUTES if f not in factors]))[:4]",
        fails=("test_recommend",),
    ),
    Wrong(
        "private_network_rules_out_fine_tuning",  # a crude override: regulated data, private network, no custom model
        cell="recommend_impl",
        old='    if a["time_to_launch_weeks"] < min_weeks:',
        new='    if a["deployment_constraint"] == "private-network":\n'
        '        blockers.append("deployment_constraint")\n'
        '    if a["time_to_launch_weeks"] < min_weeks:',
        fails=("test_recommend",),
    ),
    Wrong(
        "one_model_unit_whatever_the_traffic",  # Part 1's single unit taken as the bill at any volume
        cell="recommend_impl",
        old='cost += (units - 1) * CUSTOM.provisioned_per_hour[""] * HOURS_PER_MONTH  # Part 1 priced one unit',
        new="units = 1",
        fails=("test_recommend",),
    ),
    Wrong(
        "budget_never_decides_the_vector_store",  # retrieval priced on OpenSearch only, the budget never named
        cell="recommend_impl",
        old='        factors += ["monthly_budget_usd"]  # S3 Vectors: a knowledge base without the OpenSearch floor',
        new="        pass",
        fails=("test_recommend",),
    ),
]

WRONG += [
    Wrong(
        "price_levers_ignored",  # every case priced on demand and uncached: no batch, no prompt caching
        cell="recommend_impl",
        old="        usd = monthly_cost(strategy, a)\n",
        new="        return monthly_cost(strategy, a)\n",
        fails=("test_recommend",),
    ),
    Wrong(
        "shared_prefix_billed_uncached",  # the prefix counted, at the full input price: RAG looks cheaper
        cell="recommend_impl",
        old="/ 1000 * CACHE.read * NOVA.input_per_1k",
        new="/ 1000 * NOVA.input_per_1k",
        fails=("test_recommend",),
    ),
    Wrong(
        "p95_checked_against_nova_lite_only",  # no smaller model: a tight p95 at volume always fine-tunes
        cell="recommend_impl",
        old="micro_ms = MODELS[NOVA_MICRO]",
        new="micro_ms = MODELS[NOVA_LITE]",
        fails=("test_recommend",),
    ),
]
