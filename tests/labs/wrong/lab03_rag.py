"""Plausible wrong answers to lab 3 (chunking, embeddings, FAISS, retrieval, recall@k, grounded answers)."""

from tests.labs.submissions import Wrong

WRONG = [
    Wrong(
        "overlap_off_by_one",  # each window starts one word too late, so consecutive windows share overlap - 1 words
        cell="chunk_impl",
        old="size - overlap)",
        new="size - overlap + 1)",
        fails=("test_chunk",),
    ),
    Wrong(
        "tail_dropped",  # only full windows: the last words of most documents are never indexed
        cell="chunk_impl",
        old="max(len(words) - overlap, 1)",
        new="max(len(words) - size + 1, 1)",
        fails=("test_chunk", "test_index"),
    ),
    Wrong(
        "unnormalised_vectors_with_inner_product",
        cell="embed_impl",
        old='"normalize": True',
        new='"normalize": False',
        fails=("test_embed", "test_retrieve"),
    ),
    Wrong(
        "l2_distance_index",  # same ranking on unit vectors, but the scores are distances, smallest first
        cell="index_impl",
        old="faiss.IndexFlatIP(DIMENSIONS)",
        new="faiss.IndexFlatL2(DIMENSIONS)",
        fails=("test_retrieve",),
    ),
    Wrong(
        "rank_counted_from_zero",
        cell="retrieve_impl",
        old="enumerate(hits, start=1)",
        new="enumerate(hits)",
        fails=("test_retrieve",),
    ),
    Wrong(
        "recall_divided_by_k",
        cell="recall_impl",
        old="/ len(relevant)",
        new="/ k",
        fails=("test_recall",),
    ),
    Wrong(
        "recall_counts_chunks_not_documents",  # a document retrieved twice counts twice
        cell="recall_impl",
        old="len(set(retrieved_doc_ids[:k]) & relevant)",
        new="sum(doc_id in relevant for doc_id in retrieved_doc_ids[:k])",
        fails=("test_recall",),
    ),
    Wrong(
        "chunk_ids_left_out_of_the_prompt",  # the model can only cite passage numbers
        cell="prompt_impl",
        old='<document id="{c["chunk_id"]}">',
        new="<document>",
        fails=("test_prompt", "test_answer"),
    ),
    Wrong(
        "every_retrieved_chunk_cited",  # claims sources the answer never used
        cell="answer_impl",
        old='"citations": list(dict.fromkeys(cited))',
        new='"citations": [c["chunk_id"] for c in top]',
        fails=("test_answer",),
    ),
    Wrong(
        "embed_of_nothing_raises",  # np.vstack needs at least one row: embed([]) raises instead of returning no rows
        cell="embed_impl",
        old='return np.array(rows, dtype="float32").reshape(len(texts), DIMENSIONS)',
        new='return np.vstack(rows).astype("float32")',
        fails=("test_embed",),
    ),
    Wrong(
        "embed_of_nothing_without_columns",  # np.array([]) has shape (0,): no rows, but no DIMENSIONS columns either
        cell="embed_impl",
        old='return np.array(rows, dtype="float32").reshape(len(texts), DIMENSIONS)',
        new='return np.array(rows, dtype="float32")',
        fails=("test_embed",),
    ),
    Wrong(
        "faiss_padding_kept",  # with k beyond the index FAISS pads with id -1, read here as the last chunk
        cell="retrieve_impl",
        old=" if i >= 0]",
        new="]",
        fails=("test_retrieve",),
    ),
    Wrong(
        "recall_without_relevant_documents_divides_by_zero",
        cell="recall_impl",
        old="/ len(relevant) if relevant else 0.0",
        new="/ len(relevant)",
        fails=("test_recall",),
    ),
    Wrong(
        "relevant_documents_not_made_distinct",  # a document listed twice as relevant is counted twice
        cell="recall_impl",
        old="/ len(relevant) if relevant else 0.0",
        new="/ len(relevant_doc_ids) if relevant else 0.0",
        fails=("test_recall",),
    ),
]
