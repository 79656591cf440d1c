"""A CPU and process quota for a submission's whole process tree, where cgroups v2 is delegated to the grader.

RLIMIT_CPU bounds each process, not the tree: sixteen busy processes take sixteen times the CPU. A cgroup bounds the
tree: ``cpu.max`` (one CPU by default) and ``pids.max``. It needs a cgroup v2 hierarchy whose ``cpu`` and ``pids``
controllers the grader may enable and write (root on a cgroups v2 host, or a delegated subtree, e.g. a systemd
service with ``Delegate=yes``). Where there is none (cgroups v1, no delegation), kernels keep their per-process
limits and ``nice``, and :func:`available` says so.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
PERIOD_US = 100_000


def _own_group(root: Path) -> Path:
    """The cgroup this process is in (``0::/path`` in /proc/self/cgroup on cgroups v2)."""
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            if line.startswith("0::"):
                return root / line[3:].lstrip("/")
    except OSError:
        pass
    return root


def available(root: Path = ROOT) -> bool:
    """Whether submissions can get a cgroup of their own under ``root``."""
    try:
        controllers = (root / "cgroup.controllers").read_text().split()
    except OSError:
        return False
    return {"cpu", "pids"} <= set(controllers) and os.access(_own_group(root), os.W_OK)


class Quota:
    """One submission's cgroup: at most ``cpus`` CPUs and ``processes`` processes for everything it starts."""

    def __init__(self, name: str, cpus: float, processes: int, root: Path = ROOT) -> None:
        parent = _own_group(root) / "autograder"
        parent.mkdir(exist_ok=True)
        # A cgroup with processes may not enable controllers for its children: ours live under a leaf of their own.
        with contextlib.suppress(OSError):
            (parent.parent / "cgroup.subtree_control").write_text("+cpu +pids")
        with contextlib.suppress(OSError):
            (parent / "cgroup.subtree_control").write_text("+cpu +pids")
        self.path = parent / name
        self.path.mkdir(exist_ok=True)
        (self.path / "cpu.max").write_text(f"{int(cpus * PERIOD_US)} {PERIOD_US}")
        (self.path / "pids.max").write_text(str(processes))

    def add(self, pid: int) -> None:
        """Move ``pid`` (and so everything it starts later) into the quota."""
        (self.path / "cgroup.procs").write_text(str(pid))

    def remove(self) -> None:
        """Delete the cgroup once its processes are gone."""
        with contextlib.suppress(OSError):
            self.path.rmdir()
