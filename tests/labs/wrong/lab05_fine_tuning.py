"""Plausible wrong answers to lab 5 (dataset formats, validation, a customization job, epochs from the loss files,
provisioned throughput against on-demand)."""

from tests.labs.submissions import Wrong

WRONG = [
    Wrong(
        "nova_written_as_prompt_completion",  # every Amazon model taken for Titan: Nova's conversations are refused
        cell="format_impl",
        old='model.startswith("amazon.titan-text")',
        new='model.startswith("amazon.")',
        fails=("test_format",),
    ),
    Wrong(
        "line_numbers_counted_from_zero",
        cell="validate_impl",
        old="enumerate(text.splitlines(), start=1)",
        new="enumerate(text.splitlines())",
        fails=("test_validate",),
    ),
    Wrong(
        "blank_lines_not_counted",  # blank lines dropped before numbering: every later line number is too small
        cell="validate_impl",
        old="enumerate(text.splitlines(), start=1)",
        new="enumerate([line for line in text.splitlines() if line.strip()], start=1)",
        fails=("test_validate",),
    ),
    Wrong(
        "warm_up_left_at_the_default",  # the lab asks for no warm-up steps
        cell="job_impl",
        old='"learningRateWarmupSteps": "0"',
        new='"learningRateWarmupSteps": "10"',
        fails=("test_job",),
    ),
    Wrong(
        "default_learning_rate_kept",
        cell="job_impl",
        old='"learningRate": "0.000005"',
        new='"learningRate": "0.00001"',
        fails=("test_job",),
    ),
    Wrong(
        "epochs_at_the_lowest_training_loss",  # the training loss keeps falling while the model over-fits
        cell="epochs_impl",
        old=(
            "rows = list(csv.DictReader(io.StringIO(validation_csv)))\n"
            '    best = min(rows, key=lambda row: float(row["validation_loss"]))'
        ),
        new=(
            "rows = list(csv.DictReader(io.StringIO(training_csv)))\n"
            '    best = min(rows, key=lambda row: float(row["training_loss"]))'
        ),
        fails=("test_epochs",),
    ),
    Wrong(
        "epoch_number_taken_as_a_count",  # epoch_number counts from 0
        cell="epochs_impl",
        old='return int(best["epoch_number"]) + 1',
        new='return int(best["epoch_number"])',
        fails=("test_epochs",),
    ),
    Wrong(
        "provisioned_price_taken_per_month",  # the hourly price, without the 730 hours of a month
        cell="cost_impl",
        old="prices.provisioned_per_hour[commitment] * HOURS_PER_MONTH",
        new="prices.provisioned_per_hour[commitment]",
        fails=("test_costs",),
    ),
    Wrong(
        "storage_left_out_on_demand",  # the custom model's storage is paid however it is served
        cell="cost_impl",
        old="return prices.storage_per_month + requests * price",
        new="return requests * price",
        fails=("test_costs",),
    ),
    Wrong(
        "foundation_model_arn_not_recognised",  # an ARN starts with arn:aws:bedrock, so Titan's looks like any other
        cell="format_impl",
        old='model = base_model_id.rsplit("/", 1)[-1]',
        new="model = base_model_id",
        fails=("test_format",),
    ),
    Wrong(
        "unknown_format_unnoticed_without_records",  # the format is checked only inside the loop over records
        cell="format_impl",
        old='    if fmt not in ("conversation", "prompt_completion"):\n        raise ValueError(',
        new='    if records and fmt not in ("conversation", "prompt_completion"):\n        raise ValueError(',
        fails=("test_format",),
    ),
    Wrong(
        "other_format_reported_as_unexpected_field",  # a record of the other format is a wrong_format, not a field
        cell="validate_impl",
        old="if not isinstance(record, dict) or not FIELDS[fmt] & set(record):",
        new="if not isinstance(record, dict):",
        fails=("test_validate",),
    ),
    Wrong(
        "unknown_model_raises_key_error",
        cell="cost_impl",
        old=(
            "    if base_model_id not in CUSTOMIZATION_PRICES:\n"
            '        raise ValueError(f"no customization prices for {base_model_id}")\n'
        ),
        new="",
        fails=("test_costs",),
    ),
    Wrong(
        "break_even_from_prices_alone",  # a break-even with a serving option that does not exist for the model
        cell="cost_impl",
        old="    args = (input_tokens, output_tokens, model_units, commitment)\n",
        new=(
            "    hourly = CUSTOMIZATION_PRICES[base_model_id].provisioned_per_hour[commitment]\n"
            "    cost = price(base_model_id).cost(input_tokens, output_tokens)\n"
            "    return model_units * hourly * HOURS_PER_MONTH / cost\n"
            "    args = (input_tokens, output_tokens, model_units, commitment)\n"
        ),
        fails=("test_costs",),
    ),
]
