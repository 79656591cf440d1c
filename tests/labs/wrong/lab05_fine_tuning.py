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
        "batch_size_out_of_range",  # Titan's smallest batch size; Claude 3 Haiku's range starts at 4
        cell="job_impl",
        old='"batchSize": "4"',
        new='"batchSize": "1"',
        fails=("test_job",),
    ),
    Wrong(
        "default_learning_rate_kept",
        cell="job_impl",
        old='"learningRateMultiplier": "0.5"',
        new='"learningRateMultiplier": "1.0"',
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
]
