"""autograder: grades nbgrader-format notebook labs safely and in parallel, with feedback and exports.

It serves any nbgrader-format course and never imports the course's own packages.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bedrock-adaptation-course")
except PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
