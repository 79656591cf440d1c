"""The grading room: one submission from file to record, and a batch of them.

The pipeline: ``restore`` (the plan, from the instructor's cells) → ``execute`` (student cells in a sandboxed
kernel, each test in the test process of ``verifier``) → ``record`` (the result record). ``batch`` runs a pool of
``worker`` processes over many submissions; ``check`` is the learner's dry run with the same engine.
"""
