"""The course's own helpers for lessons and labs: loading the Kettlewick data, and what lessons do not teach.

Lessons import from here by name (``from bedrock_course.data import load_questions``) so a notebook's cells stay
short and never depend on the working directory.
"""
