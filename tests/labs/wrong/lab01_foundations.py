"""Plausible wrong answers to lab 1 (requests, responses, cost, model choice)."""

from tests.labs.submissions import Wrong

WRONG = [
    Wrong(
        "temperature_zero_dropped",  # `if value` treats temperature 0.0 as "not given"
        cell="request_impl",
        old="if value is not None}",
        new="if value}",
        fails=("test_request",),
    ),
    Wrong(
        "total_tokens_read_as_input_tokens",
        cell="parse_impl",
        old='"input_tokens": response["usage"]["inputTokens"]',
        new='"input_tokens": response["usage"]["totalTokens"]',
        fails=("test_parse",),
    ),
    Wrong(
        "prices_taken_per_token",  # forgets that the course's prices are per 1,000 tokens
        cell="cost_impl",
        old="input_tokens / 1000 * prices.input_per_1k + output_tokens / 1000 * prices.output_per_1k",
        new="input_tokens * prices.input_per_1k + output_tokens * prices.output_per_1k",
        fails=("test_cost", "test_monthly", "test_pick"),
    ),
    Wrong(
        "output_tokens_priced_as_input",
        cell="cost_impl",
        old="output_tokens / 1000 * prices.output_per_1k",
        new="output_tokens / 1000 * prices.input_per_1k",
        fails=("test_cost",),
    ),
    Wrong(
        "month_always_thirty_days",
        cell="monthly_impl",
        old="requests_per_day * days",
        new="requests_per_day * 30",
        fails=("test_monthly",),
    ),
    Wrong(
        "cheapest_model_chosen",  # within budget and latency, but not the most capable
        cell="pick_impl",
        old="return (-MODELS[model_id].tier, monthly_cost(",
        new="return (monthly_cost(",
        fails=("test_pick",),
    ),
    Wrong(
        "latency_target_ignored",
        cell="pick_impl",
        old="\n        and latency_ms(model_id, input_tokens, output_tokens) <= latency_target_ms",
        new="",
        fails=("test_pick",),
    ),
    Wrong(
        "empty_inference_config_kept",  # an inferenceConfig of {} when no setting is given
        cell="request_impl",
        old='    if config:\n        request["inferenceConfig"] = config',
        new='    request["inferenceConfig"] = config',
        fails=("test_request",),
    ),
    Wrong(
        "stop_reason_assumed_end_turn",  # true until an answer is cut short by maxTokens
        cell="parse_impl",
        old='"stop_reason": response["stopReason"]',
        new='"stop_reason": "end_turn"',
        fails=("test_parse",),
    ),
    Wrong(
        "latency_target_exclusive",  # "at most" read as "less than": a model exactly on the target is left out
        cell="pick_impl",
        old="<= latency_target_ms",
        new="< latency_target_ms",
        fails=("test_pick",),
    ),
    Wrong(
        "nothing_fitting_returns_an_empty_list",
        cell="pick_impl",
        old="    if not fitting:\n        return None",
        new="    if not fitting:\n        return fitting",
        fails=("test_pick",),
    ),
]
