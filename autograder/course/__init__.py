"""The course room: what is graded and under which rules.

``notebook`` (reading a notebook into plain cells), ``labs`` (finding the course, a lab and its submissions),
``config`` (course.toml), ``private_tests`` (instructor-only tests added to a lab) and ``late`` (late policy).
It builds on :mod:`autograder.sandbox` only for the lab's file layout.
"""
