"""Plausible wrong answers to lab 4 (a knowledge base with boto3, polling, a metadata filter, retrieval metrics,
faithfulness, a chunking sweep and a choice)."""

from tests.labs.submissions import Wrong

WRONG = [
    Wrong(
        "data_source_over_the_whole_bucket",  # no inclusion prefix: anything else put in the bucket is indexed too
        cell="kb_impl",
        old=', "inclusionPrefixes": ["corpus/"]}',
        new="}",
        fails=("test_kb",),
    ),
    Wrong(
        "chunking_configuration_dropped",  # every data source gets the default chunking, so the sweep compares nothing
        cell="kb_impl",
        old='ingestion = {"vectorIngestionConfiguration": {"chunkingConfiguration": chunking}} if chunking else {}',
        new="ingestion = {}",
        fails=("test_kb", "test_sweep"),
    ),
    Wrong(
        "polling_waits_only_for_complete",  # a stopped or failed job never ends the loop
        cell="ingest_impl",
        old='if job["ingestionJob"]["status"] in ("COMPLETE", "FAILED", "STOPPED"):',
        new='if job["ingestionJob"]["status"] == "COMPLETE":',
        fails=("test_ingest",),
    ),
    Wrong(
        "filter_keeps_superseded_versions",  # superseded_by is set on old versions, so notEquals "" keeps everything
        cell="retrieve_impl",
        old='CURRENT_ONLY = {"equals": {"key": "status", "value": "current"}}',
        new='CURRENT_ONLY = {"notEquals": {"key": "superseded_by", "value": ""}}',
        fails=("test_retrieve",),
    ),
    Wrong(
        "rank_counted_from_zero",
        cell="metrics_impl",
        old="for rank, doc in enumerate(ranked[:k], start=1):\n        if doc in relevant:",
        new="for rank, doc in enumerate(ranked[:k]):\n        if doc in relevant:",
        fails=("test_metrics",),
    ),
    Wrong(
        "recall_divided_by_k",
        cell="metrics_impl",
        old="/ len(relevant)",
        new="/ k",
        fails=("test_metrics",),
    ),
    Wrong(
        "ideal_dcg_from_the_retrieved_list",  # relevant documents that were not retrieved no longer lower the score
        cell="metrics_impl",
        old="best = sorted(gains.values(), reverse=True)[:k]",
        new="best = sorted((gains.get(doc, 0) for doc in ranked[:k]), reverse=True)",
        fails=("test_metrics",),
    ),
    Wrong(
        "ideal_dcg_not_cut_at_k",  # more relevant documents than k make a perfect top k score below 1
        cell="metrics_impl",
        old="best = sorted(gains.values(), reverse=True)[:k]",
        new="best = sorted(gains.values(), reverse=True)",
        fails=("test_metrics",),
    ),
    Wrong(
        "claims_matched_with_case",
        cell="faithfulness_impl",
        old="m.lower() in answer.lower()",
        new="m in answer",
        fails=("test_faithfulness",),
    ),
    Wrong(
        "faithfulness_over_every_labelled_claim",  # claims the answer never made count as unsupported
        cell="faithfulness_impl",
        old="return sum(supported(c) for c in made) / len(made)",
        new="return sum(supported(c) for c in made) / len(claims)",
        fails=("test_faithfulness",),
    ),
    Wrong(
        "correctness_taken_for_faithfulness",  # a stale answer copied from its passage is faithful, not correct
        cell="faithfulness_impl",
        old="return sum(supported(c) for c in made) / len(made)",
        new='return sum(c["correct"] for c in made) / len(made)',
        fails=("test_faithfulness",),
    ),
    Wrong(
        "prompt_tokens_counted_as_words",
        cell="evaluate_impl",
        old='"prompt tokens": sum(count_tokens(bedrock_runtime, text) for text in texts)',
        new='"prompt tokens": sum(len(text.split()) for text in texts)',
        fails=("test_sweep",),
    ),
    Wrong(
        "dominated_configuration_chosen",  # fixed-size chunks find more passages whole, for fewer tokens
        cell="choose_impl",
        old='CHOSEN = "default"',
        new='CHOSEN = "SEMANTIC"',
        fails=("test_sweep",),
    ),
    Wrong(
        "failed_or_stopped_job_raised",  # the job has ended, but the caller never gets to read its status
        cell="ingest_impl",
        old='        if job["ingestionJob"]["status"] in ("COMPLETE", "FAILED", "STOPPED"):',
        new=(
            '        if job["ingestionJob"]["status"] in ("FAILED", "STOPPED"):\n'
            "            raise RuntimeError(f\"ingestion job {job_id} ended {job['ingestionJob']['status']}\")\n"
            '        if job["ingestionJob"]["status"] == "COMPLETE":'
        ),
        fails=("test_ingest",),
    ),
    Wrong(
        "number_of_results_left_to_the_service",  # Retrieve's default number of results, whatever k says
        cell="retrieve_impl",
        old='    config = {"numberOfResults": k}',
        new="    config = {}",
        fails=("test_retrieve",),
    ),
    Wrong(
        "recall_without_relevant_documents_divides_by_zero",
        cell="metrics_impl",
        old="/ len(relevant) if relevant else 0.0",
        new="/ len(relevant)",
        fails=("test_metrics",),
    ),
    Wrong(
        "no_passages_read_as_no_claims",  # claims with nothing to support them are unsupported, not unjudged
        cell="faithfulness_impl",
        old="    if not made:",
        new="    if not made or not passages:",
        fails=("test_faithfulness",),
    ),
]
