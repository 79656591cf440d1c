"""nbgrader's configuration for this course: instructor sources in solutions/, student releases in labs/.

JupyterLab's nbgrader extension (formgrader, Validate) and the `nbgrader` command read this file when run from
the repository root. The gradebook and the exchange live in the repository (both git-ignored), so nothing needs
/srv or root.
"""

from pathlib import Path

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

ROOT = Path(__file__).resolve().parent

c.CourseDirectory.course_id = "bedrock-adaptation"
c.CourseDirectory.root = str(ROOT)
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "labs"
c.Exchange.root = str(ROOT / ".nbgrader" / "exchange")
