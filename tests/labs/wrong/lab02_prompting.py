"""Plausible wrong answers to lab 2 (JSON validation, zero-shot and few-shot requests, measurement)."""

from tests.labs.submissions import Wrong

WRONG = [
    Wrong(
        "json_not_parsed",  # looks for a category word anywhere, so chatter around the JSON passes
        cell="parse_impl",
        old="""    try:
        value = json.loads(answer)
    except json.JSONDecodeError:
        return None
    if not isinstance(value, dict) or set(value) != {"category"} or value["category"] not in CATEGORIES:
        return None
    return value["category"]""",
        new="""    return next((c for c in CATEGORIES if c in answer), None)""",
        fails=("test_parse",),
    ),
    Wrong(
        "extra_keys_accepted",
        cell="parse_impl",
        old='set(value) != {"category"}',
        new='"category" not in value',
        fails=("test_parse",),
    ),
    Wrong(
        "examples_answer_with_bare_labels",  # the model imitates the examples, so it answers a label, not JSON
        cell="requests_impl",
        old='JSON: {json.dumps({"category": label})}',
        new="JSON: {label}",
        fails=("test_requests", "test_few_shot_quality"),
    ),
    Wrong(
        "examples_written_as_python_dicts",  # str() of a dict has single quotes: the model imitates invalid JSON
        cell="requests_impl",
        old='JSON: {json.dumps({"category": label})}',
        new='JSON: {str({"category": label})}',
        fails=("test_requests", "test_few_shot_quality"),
    ),
    Wrong(
        "accuracy_over_valid_answers_only",
        cell="evaluate_impl",
        old="strict=True)) / len(labels)",
        new="strict=True)) / max(1, sum(label is not None for label in labels))",
        fails=("test_evaluate",),
    ),
    Wrong(
        "output_tokens_counted",
        cell="evaluate_impl",
        old='r["usage"]["inputTokens"]',
        new='r["usage"]["outputTokens"]',
        fails=("test_evaluate",),
    ),
    Wrong(
        "zero_shot_reported_as_few_shot",  # a copied line measures the zero-shot prompt twice
        cell="measure_impl",
        old='few_shot_request(t["text"], EXAMPLES)',
        new='zero_shot_request(t["text"])',
        fails=("test_measurements",),
    ),
    Wrong(
        "category_case_ignored",  # "Returns" is not a category the router knows
        cell="parse_impl",
        old='value["category"] not in CATEGORIES',
        new='str(value["category"]).lower() not in CATEGORIES',
        fails=("test_parse",),
    ),
    Wrong(
        "single_quotes_repaired",  # turns Python-style quotes into JSON: the router would reject that answer
        cell="parse_impl",
        old="value = json.loads(answer)",
        new="value = json.loads(answer.replace(\"'\", '\"'))",
        fails=("test_parse",),
    ),
    Wrong(
        "zero_shot_without_temperature",  # written apart from the few-shot request, the setting is forgotten
        cell="requests_impl",
        old="    return few_shot_request(text, [])",
        new='    return {key: value for key, value in few_shot_request(text, []).items() if key != "inferenceConfig"}',
        fails=("test_requests",),
    ),
    Wrong(
        "max_tokens_too_small_for_the_json",  # answers cut short are not valid JSON
        cell="requests_impl",
        old='"inferenceConfig": {"temperature": 0.0},',
        new='"inferenceConfig": {"temperature": 0.0, "maxTokens": 5},',
        fails=("test_few_shot_quality",),
    ),
]
