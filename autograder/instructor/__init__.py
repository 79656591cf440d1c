"""The instructor room: the workflow around grading.

``release`` (solutions → labs), ``bundle`` (the student zip), ``gradescope`` (the Gradescope autograder zip),
``feedback`` (HTML pages), ``exports`` (CSV, Canvas, Gradescope results), ``nbgrader_sync`` (nbgrader's gradebook)
and ``answers`` (reference submissions for checking a lab end to end). It reads records written by grading.
"""
