"""Where things are: the course root, a lab's instructor notebook and data files, and the submissions to grade."""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.notebook import Cell, Unreadable, read_bounded, read_notebook, refusal
from autograder.course.private_tests import apply, load_overlay, private_folder
from autograder.sandbox.limits import Layout

ROOT_ENV = "AUTOGRADER_COURSE_ROOT"
# Public course folders a lab may read by relative path (../../data/...); shown read-only to submissions.
SHARED_FOLDERS = ("data",)


class CourseError(Exception):
    """The grader cannot run: the message says what to do."""


def find_root(explicit: str | None = None) -> Path:
    """The course root: ``explicit``, else $AUTOGRADER_COURSE_ROOT, else the nearest folder up holding labs/."""
    if explicit or os.environ.get(ROOT_ENV):
        root = Path(explicit or os.environ[ROOT_ENV]).resolve()
        if not (root / "labs").is_dir():
            raise CourseError(f"{root} is not a course root (it has no labs/ folder)")
        return root
    here = Path.cwd().resolve()
    for candidate in [here, *here.parents]:
        if (candidate / "labs").is_dir():
            return candidate
    raise CourseError("no course found: run inside the course folder or pass --course DIR")


@dataclass
class Lab:
    name: str
    source: Path  # the instructor's notebook, with solutions and hidden tests
    release_dir: Path
    data_files: list[tuple[Path, str]]  # (file in the release, path relative to the lab folder)
    sha256: str
    shared: list[tuple[Path, str]] = field(default_factory=list)  # (folder, its name at the course root)
    cells: list[Cell] = field(default_factory=list)  # the instructor's cells, private tests merged in
    private_files: list[tuple[Path, str]] = field(default_factory=list)  # like data_files, for the tests only

    def layout(self) -> Layout:
        return Layout(
            self.name,
            tuple((str(path), relative) for path, relative in self.data_files),
            tuple((str(path), name) for path, name in self.shared),
            tuple((str(path), relative) for path, relative in self.private_files),
        )

    @property
    def max_score(self) -> float:
        return sum(cell.points for cell in self.cells if cell.is_test)

    @property
    def notebook_name(self) -> str:
        return self.source.name


def load_lab(root: Path, name: str) -> Lab:
    """The lab ``name`` (a folder under labs/), its instructor source under solutions/, and its data files."""
    root = root.resolve()  # the sandbox binds these paths from another working directory
    labs = sorted(p.name for p in (root / "labs").iterdir() if p.is_dir() and not p.name.startswith("."))
    release_dir = root / "labs" / name
    if "/" in name or name.startswith(".") or not release_dir.is_dir():
        raise CourseError(f"unknown lab {name!r}; labs in {root / 'labs'}: {', '.join(labs) or '(none)'}")
    source_dir = root / "solutions" / name
    notebooks = sorted(source_dir.glob("*.ipynb")) if source_dir.is_dir() else []
    if len(notebooks) != 1:
        raise CourseError(
            f"lab {name!r} needs exactly one instructor notebook in {source_dir} (found {len(notebooks)})"
        )
    data_files = sorted(
        (path, str(path.relative_to(release_dir)))
        for path in release_dir.rglob("*")
        if path.is_file()
        and path.suffix != ".ipynb"
        and ".ipynb_checkpoints" not in path.parts
        and "__pycache__" not in path.parts
    )
    digest = hashlib.sha256(notebooks[0].read_bytes())
    for path, relative in data_files:
        digest.update(relative.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    cells = _instructor_cells(notebooks[0])
    shared = [(root / folder, folder) for folder in SHARED_FOLDERS if (root / folder).is_dir()]
    private_files: list[tuple[Path, str]] = []
    folder = private_folder(root, name, exposed=(root / "labs", *(path for path, _ in shared)))
    if folder is not None:
        overlay = load_overlay(folder, cells)
        cells, private_files = apply(cells, overlay), list(overlay.data_files)
        digest.update(b"private\0" + overlay.sha256().encode())
    return Lab(name, notebooks[0], release_dir, data_files, digest.hexdigest(), shared, cells, private_files)


def _instructor_cells(source: Path) -> list[Cell]:
    """The instructor notebook's cells, refusing what the grader would misread (AUTOTEST directives would pass)."""
    try:
        cells = read_notebook(source)
    except Unreadable as error:
        raise CourseError(f"the instructor notebook {source} cannot be read: {error}") from None
    for cell in cells:
        if cell.is_test and any(d in cell.source for d in ("### AUTOTEST", "### HASHED AUTOTEST")):
            raise CourseError(
                f"test cell {cell.grade_id!r} in {source.name} uses nbgrader's AUTOTEST directives, which this grader "
                "does not expand; write the asserts out in the solutions notebook"
            )
    return cells


@dataclass
class Submission:
    student: str
    path: Path | None  # None when no notebook could be picked; ``problem`` says why
    problem: str = ""

    def __post_init__(self) -> None:
        # The id names the record file: keep it a plain file name whatever the folder was called.
        self.student = re.sub(r"[^A-Za-z0-9_.@+-]", "_", self.student).lstrip(".") or "unnamed"
        # A symlink, a device or a pipe, or a file too large is refused before anything reads it.
        why = refusal(self.path) if self.path is not None else ""
        if why:
            self.path, self.problem = None, why


def _pick_notebook(folder: Path, lab: Lab) -> tuple[Path | None, str]:
    named = folder / lab.notebook_name
    if named.is_file():
        return named, ""
    notebooks = sorted(p for p in folder.glob("*.ipynb") if p.is_file())
    if len(notebooks) == 1:
        return notebooks[0], ""
    return None, f"expected {lab.notebook_name} in {folder.name}/ (found {len(notebooks)} notebooks)"


def find_submissions(lab: Lab, paths: list[str]) -> list[Submission]:
    """Submissions named on the command line (files, student folders, or nbgrader's submitted/ layout)."""
    found: list[Submission] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file() or (path.exists() and not path.is_dir()):
            student = path.parent.parent.name if path.parent.name == lab.name else path.stem
            found.append(Submission(student, path))
        elif not path.is_dir():
            raise CourseError(f"no such submission: {raw} (check the path; give a notebook or a folder of them)")
        elif (path / lab.name).is_dir():
            found.append(Submission(path.resolve().name, *_pick_notebook(path / lab.name, lab)))
        elif path.resolve().name == lab.name:
            found.append(Submission(path.resolve().parent.name, *_pick_notebook(path, lab)))
        elif any((child / lab.name).is_dir() for child in path.iterdir()):
            for child in sorted(path.iterdir()):
                if (child / lab.name).is_dir():
                    found.append(Submission(child.name, *_pick_notebook(child / lab.name, lab)))
        else:
            found.extend(Submission(nb.stem, nb) for nb in sorted(path.glob("*.ipynb")) if nb.is_file())
    return found


def file_sha256(path: Path | None) -> str:
    """The submission's hash, or "" when it is refused (checked with ``lstat`` first: size, type, symlink)."""
    if path is None:
        return ""
    try:
        return hashlib.sha256(read_bounded(path)).hexdigest()
    except Unreadable:
        return ""
