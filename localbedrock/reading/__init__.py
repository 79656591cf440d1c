"""The reader behind grounded answers: passages and a question in, the answer's sentences (or an abstention) out.

See :mod:`localbedrock.reading.reader` for how it reads, and :mod:`localbedrock.reading.profiles` for how each
model's tier degrades it."""

from localbedrock.reading.reader import Reading, instructed_to_abstain, read

__all__ = ["Reading", "instructed_to_abstain", "read"]
