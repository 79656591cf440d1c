"""What a submission may use and what it sees: resource limits and timeouts, the course mirror, the environment."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

SANDBOX_COURSE = "/course"

# Only these reach the kernel from the grader's environment; everything else (AWS keys, tokens) is dropped.
ENV_ALLOWED = ("LANG", "LC_ALL", "TZ")
ENV_FIXED = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "PYTHONDONTWRITEBYTECODE": "1",
    "PYTHONNOUSERSITE": "1",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    "MPLBACKEND": "Agg",
    "OMP_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "JUPYTER_PLATFORM_DIRS": "1",
}


@dataclass(frozen=True)
class Limits:
    """Resource limits and timeouts for one submission (defaults suit a small lab on a laptop-sized machine)."""

    memory_mb: int = 2048
    cpu_seconds: int = 600  # per process (RLIMIT_CPU); a cgroup caps the whole tree where cgroups v2 is delegated
    processes: int = 64  # processes and threads of the sandbox uid: a lab kernel uses about 20
    file_size_mb: int = 64
    open_files: int = 512
    cell_timeout: float = 30.0
    notebook_timeout: float = 600.0
    output_chars: int = 20_000
    disk_mb: int = 256  # the working folder (a tmpfs of this size with bubblewrap; measured after each cell without)
    nice: int = 10  # kernels yield the CPU to the grader's own processes
    cpus: float = 1.0  # CPUs a submission's whole process tree may use, where cgroups v2 is delegated (cgroups.py)


@dataclass(frozen=True)
class Layout:
    """Where a submission's files appear: a copy of the lab folder inside a mirror of the course root.

    The lab's data files are copied into the (writable) lab folder; the course's shared public folders (e.g.
    ``data/``) appear read-only beside ``labs/``, so a lab's relative paths such as ``../../data/x`` work as in
    the course. Nothing else of the course exists there. Private data files (private tests' scenarios) are copied
    only into the test process's mirror, never into a kernel's.
    """

    lab: str = "lab"
    data_files: tuple[tuple[str, str], ...] = ()  # (file on the host, path relative to the lab folder)
    shared: tuple[tuple[str, str], ...] = ()  # (folder on the host, its name at the course root)
    private_files: tuple[tuple[str, str], ...] = ()  # like data_files, for the test process only

    @property
    def sandbox_home(self) -> str:
        return f"{SANDBOX_COURSE}/labs/{self.lab}"

    def populate(self, root: Path, private: bool = False) -> Path:
        """Build the mirror under ``root`` (shared folders as symlinks; private files too if asked); the lab folder."""
        home = root / "course" / "labs" / self.lab
        home.mkdir(parents=True)
        for source, relative in [*self.data_files, *(self.private_files if private else ())]:
            target = home / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for source, name in self.shared:
            (root / "course" / name).symlink_to(source, target_is_directory=True)
        return home


def kernel_environment(home: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in ENV_ALLOWED if name in os.environ}
    env.update(ENV_FIXED)
    env.update({"HOME": home, "IPYTHONDIR": f"{home}/.ipython", "MPLCONFIGDIR": f"{home}/.config/matplotlib"})
    return env


def nice_args(limits: Limits) -> list[str]:
    return ["nice", "-n", str(limits.nice), "--"] if limits.nice else []


def limit_args(limits: Limits, processes: bool = True, required: bool = True) -> list[str]:
    """``prlimit`` for ``limits``; ``processes=False`` for a process of the grader's own uid, whose count is shared.

    ``required=False`` (trusted runs) gives no arguments where prlimit is missing (macOS): timeouts still apply.
    """
    if not required and shutil.which("prlimit") is None:
        return []
    mib = 1024 * 1024
    args = ["prlimit", f"--as={limits.memory_mb * mib}", f"--cpu={limits.cpu_seconds}"]
    if processes:
        args.append(f"--nproc={limits.processes}")
    return [*args, f"--fsize={limits.file_size_mb * mib}", f"--nofile={limits.open_files}", "--core=0", "--"]
