"""Execute notebooks top to bottom in a fresh kernel, the way a learner's Run All would, and say where they fail."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import nbformat
from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from traitlets import Unicode, default

CELL_TIMEOUT_S = 300


class IPCKernelManager(KernelManager):
    """Kernels talk over local sockets: nothing on TCP, and no "running over TCP without encryption" warning."""

    transport = Unicode("ipc")

    @default("ip")
    def _absolute_socket_path(self) -> str:
        # The default is relative to the working directory, which differs between the kernel and its client. The
        # runtime folder does not exist until something Jupyter makes it (a fresh machine's first notebook run).
        runtime = Path(jupyter_runtime_dir())
        runtime.mkdir(parents=True, exist_ok=True)
        return str(runtime / f"kernel-{uuid.uuid4().hex}-ipc")


@dataclass
class NotebookFailure(Exception):
    """A notebook that did not run to the end: which notebook, which cell, and what went wrong."""

    notebook: Path
    cell_index: int | None
    error: str

    def __str__(self) -> str:
        where = f"cell {self.cell_index}" if self.cell_index is not None else "kernel start-up"
        return f"{self.notebook} failed at {where}:\n{self.error}"


def execute_notebook(path: Path, workdir: Path, timeout: int = CELL_TIMEOUT_S) -> nbformat.NotebookNode:
    """Run every cell of ``path`` with ``workdir`` as the kernel's working directory; return the executed notebook.

    The kernel is the one the notebook names (the course's ``bedrock-course`` kernel), started fresh.
    """
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=nb.metadata.get("kernelspec", {}).get("name", "python3"),
        resources={"metadata": {"path": str(workdir)}},
        kernel_manager_class=IPCKernelManager,
    )
    current: dict[str, int | None] = {"index": None}

    def remember(cell, cell_index, **_):
        current["index"] = cell_index

    client.on_cell_start = remember
    try:
        client.execute()
    except CellExecutionError as exc:
        raise NotebookFailure(path, current["index"], str(exc)) from None
    except (CellTimeoutError, DeadKernelError) as exc:
        raise NotebookFailure(path, current["index"], f"{type(exc).__name__}: {exc}") from None
    return nb


# What a course notebook's run depends on besides its own bytes: the packages it imports from the repository, the
# data it reads and the pinned environment. Runs are offline and deterministic, so the same inputs give the same run.
DEPENDENCIES = ("localbedrock", "bedrock_course", "data", "requirements.lock")


def files_digest(repo_root: Path, names: Iterable[str]) -> str:
    """A digest of every file under each of ``names`` (files or folders of ``repo_root``), paths included; compiled
    files and notebook checkpoints left out."""
    digest = hashlib.sha256()
    for name in names:
        root = repo_root / name
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
                digest.update(str(path.relative_to(repo_root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def dependencies_digest(repo_root: Path) -> str:
    return files_digest(repo_root, DEPENDENCIES)


def run_key(notebook: Path, dependencies: str) -> str:
    """Changes whenever the notebook or anything its run depends on changes."""
    return hashlib.sha256(notebook.read_bytes() + dependencies.encode()).hexdigest()
