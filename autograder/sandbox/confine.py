"""The sandbox a submission's kernel runs in: who it runs as, what it can see, what it may use, how it ends.

Two modes:

``bwrap``
    bubblewrap builds a fresh root (read-only system directories and the interpreter's environment, a private
    ``/tmp``, the scratch home as the only writable place), with its own network, PID, IPC and UTS namespaces;
    when the grader runs as root the kernel then drops to an unprivileged uid of its own.
``process``
    the degraded mode where bubblewrap is missing: the same limits, timeouts, scrubbed environment, uid drop (when
    root and the interpreter is reachable) and kill sweep, but the kernel shares the host's filesystem view and
    network. The grader warns when it runs in this mode.
``none``
    trusted code (a learner's own check, ``grade --no-sandbox``): the kernel runs as the caller, with the limits
    (where ``prlimit`` exists) and timeouts; no uid drop, no namespaces. Works without bubblewrap, on macOS too.

Every kernel gets a uid leased for the whole batch (a lock file shared by concurrent graders on the machine), so the
grader can end every process a submission started, whatever session or process group it moved to, by uid.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from autograder.sandbox import cgroups
from autograder.sandbox.limits import SANDBOX_COURSE, Layout, Limits, kernel_environment, limit_args, nice_args
from autograder.sandbox.processes import UidLease, chown_tree, descendants, is_root, kill_uid, reap_children

SYSTEM_DIRS = ("/usr", "/etc")
LAB_FILES = "/.lab-files"  # inside bubblewrap: the prepared lab folder, read-only, copied into the working folder
MERGED_USR_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64")


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def drop_privileges_args(uid: int) -> list[str]:
    if not is_root():
        return []
    return [
        "setpriv",
        f"--reuid={uid}",
        f"--regid={uid}",
        "--clear-groups",
        "--inh-caps=-all",
        "--bounding-set=-all",
        "--no-new-privs",
        "--",
    ]


def _interpreter_paths(python: str) -> list[str]:
    """Directories the kernel's interpreter and its packages need, read-only (never a course root)."""
    probe = (
        "import sys, site, json\n"
        "paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}\n"
        "for name, module in list(sys.modules.items()):\n"
        "    if name.startswith('__editable__') and hasattr(module, 'MAPPING'):\n"
        "        paths.update(module.MAPPING.values())\n"
        "print(json.dumps(sorted(paths)))\n"
    )
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True, check=True).stdout
    paths = {os.path.realpath(p) for p in json.loads(out)} | set(json.loads(out))
    return sorted(p for p in paths if p and os.path.isdir(p) and not p.startswith(SYSTEM_DIRS))


# Run before a trusted kernel's interpreter replaces it: SIGKILL when the parent dies (Linux; elsewhere a no-op).
DIE_WITH_PARENT = (
    "import ctypes, os, signal, sys\n"
    "try:\n"
    "    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)\n"
    "except (OSError, AttributeError):\n"
    "    pass\n"
    "os.execv(sys.argv[1], sys.argv[1:])\n"
)


class Sandbox:
    """Builds the command that runs a kernel confined for one submission, and ends it."""

    def __init__(self, mode: str, limits: Limits, python: str | None = None, layout: Layout | None = None) -> None:
        self.mode = mode
        self.limits = limits
        self.layout = layout or Layout()
        self.python = python or sys.executable
        self.binds = _interpreter_paths(self.python) if mode == "bwrap" else []
        self.cgroups = cgroups.available()
        self.quotas: dict[int, cgroups.Quota] = {}
        # Per kernel (by its Popen pid): a process inside its sandbox, with its start time (see disk_full).
        self.inside: dict[int, tuple[int, str]] = {}

    @property
    def trusted(self) -> bool:
        """The code is trusted (mode ``none``): it runs as the caller."""
        return self.mode == "none"

    @staticmethod
    def choose(requested: str = "auto") -> tuple[str, str | None]:
        """The mode to use and, for a degraded one, the warning to show."""
        if requested in ("auto", "bwrap") and bwrap_path():
            return "bwrap", None
        if requested == "bwrap":
            raise RuntimeError("bubblewrap (bwrap) is not installed; install the Debian package 'bubblewrap'")
        why = "bubblewrap (bwrap) not found" if requested == "auto" else "--sandbox process chosen"
        return "process", (
            f"warning: {why}: kernels run without filesystem and network isolation; "
            "limits, timeouts, the scrubbed environment and the kill sweep still apply. "
            "Install the 'bubblewrap' package to grade untrusted submissions."
        )

    def preflight(self) -> None:
        """Fail early, with what to do, when kernels could not start in this sandbox."""
        probe = [self.python, "-c", "import ipykernel"]
        lease = UidLease() if is_root() and not self.trusted else None
        uid = lease.uid if lease else os.getuid()
        try:
            with tempfile.TemporaryDirectory() as scratch:
                home, run_dir = Layout(self.layout.lab).populate(Path(scratch)), Path(scratch) / "run"
                run_dir.mkdir()
                chown_tree(Path(scratch), uid)
                command, cwd = self.command(probe, home, run_dir, uid)
                env = kernel_environment(cwd)
                done = subprocess.run(command, cwd=home, env=env, capture_output=True, text=True, timeout=60)
        finally:
            if lease:
                lease.release()
        if done.returncode != 0 and self.trusted:
            raise RuntimeError(
                f"{self.python} cannot start a Jupyter kernel ({done.stderr.strip().splitlines()[-1:]}); "
                "pass --kernel-python with an interpreter that has ipykernel and the course's packages"
            )
        if done.returncode != 0:
            where = "inside bubblewrap" if self.mode == "bwrap" else "as an unprivileged user"
            raise RuntimeError(
                f"{self.python} cannot run ipykernel {where} ({done.stderr.strip().splitlines()[-1:]}); "
                "install the 'bubblewrap' package, or pass --kernel-python with an interpreter (with ipykernel) "
                "that other users can read, e.g. a venv made from /usr/bin/python3"
            )

    def command(self, argv: list[str], home: Path, run_dir: Path, uid: int) -> tuple[list[str], str]:
        """The full command for ``argv`` and the working directory the kernel sees."""
        if self.trusted:
            # Nothing confines a trusted kernel, so it is tied to the process that starts it: a grading worker killed
            # with its batch (a failed preflight, Ctrl-C) takes its kernels along instead of leaving them running.
            guard = [argv[0], "-c", DIE_WITH_PARENT] if argv and Path(argv[0]).name.startswith("python") else []
            return limit_args(self.limits, processes=False, required=False) + guard + argv, str(home)
        inner = drop_privileges_args(uid) + limit_args(self.limits) + nice_args(self.limits) + argv
        if self.mode != "bwrap":
            return inner, str(home)
        # The working folder is a tmpfs of fixed size (the disk quota), filled from a read-only view of the prepared
        # lab folder by the sandbox uid itself before the kernel starts, so the copies are the kernel's to change.
        fill = ["/bin/sh", "-c", f'cp -R {LAB_FILES}/. . && exec "$@"', "fill"]
        inner = drop_privileges_args(uid) + limit_args(self.limits) + nice_args(self.limits) + fill + argv
        inside = self.layout.sandbox_home
        args = [bwrap_path() or "bwrap", "--die-with-parent", "--new-session"]
        args += ["--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try"]
        for system_dir in SYSTEM_DIRS:
            if os.path.isdir(system_dir):
                args += ["--ro-bind", system_dir, system_dir]
        for link in MERGED_USR_LINKS:
            if os.path.islink(link):
                args += ["--symlink", os.readlink(link), link]
            elif os.path.isdir(link):
                args += ["--ro-bind", link, link]
        disk = str(self.limits.disk_mb * 2**20)
        args += ["--proc", "/proc", "--dev", "/dev", "--size", disk, "--tmpfs", "/tmp"]
        made = {"/", "/tmp"}
        shared = [(source, f"{SANDBOX_COURSE}/{name}") for source, name in self.layout.shared]
        for path in [*self.binds, str(run_dir), inside, *(target for _, target in shared)]:
            for parent in reversed(Path(path).parents):
                if str(parent) not in made and not str(parent).startswith(SYSTEM_DIRS):
                    made.add(str(parent))
                    args += ["--perms", "0755", "--dir", str(parent)]
        for path in self.binds:
            args += ["--ro-bind", path, path]
        for source, target in shared:
            args += ["--ro-bind", source, target]
        args += ["--bind", str(run_dir), str(run_dir), "--ro-bind", str(home), LAB_FILES]
        args += ["--perms", "0777", "--size", disk, "--tmpfs", inside, "--chdir", inside, "--"]
        return args + inner, inside

    def popen(self, argv: list[str], home: Path, run_dir: Path, uid: int, log: Path) -> subprocess.Popen:
        """Start ``argv`` confined; its stderr goes to ``log`` (to explain a kernel that fails to start)."""
        command, cwd = self.command(argv, home, run_dir, uid)
        env = kernel_environment(cwd)
        quota = None
        if self.cgroups:
            # The process joins its quota itself, before it starts anything: nothing escapes by forking early.
            quota = cgroups.Quota(f"{os.getpid()}-{run_dir.parent.name}", self.limits.cpus, self.limits.processes)
            command = ["/bin/sh", "-c", f'echo $$ > {quota.path / "cgroup.procs"} && exec "$@"', "quota", *command]
        with open(log, "wb") as stderr:
            process = subprocess.Popen(
                command,
                cwd=str(home),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        if quota is not None:
            self.quotas[process.pid] = quota
        return process

    def disk_full(self, process: subprocess.Popen, home: Path) -> bool:
        """Whether the submission's working folder has reached its quota (measured, not taken from its output)."""
        quota = self.limits.disk_mb * 2**20
        if self.mode != "bwrap":
            return _size_of(home) >= quota
        # The tmpfs is seen through a process inside the sandbox. The one found last time is used again while it is
        # the same process (same pid and start time): finding one reads every process's status, after every cell.
        known = self.inside.get(process.pid)
        candidates = [known[0]] if known and _start_time(known[0]) == known[1] else []
        for pid in candidates or reversed(descendants(process.pid)):
            try:
                stats = os.statvfs(f"/proc/{pid}/root{self.layout.sandbox_home}")
            except OSError:
                continue
            self.inside[process.pid] = (pid, _start_time(pid))
            return stats.f_bavail * stats.f_frsize < 2**20
        return False

    def end(self, process: subprocess.Popen, uid: int) -> None:
        """Kill the kernel and every process it started, wherever they went."""
        doomed = descendants(process.pid)
        for pid in [process.pid, *doomed]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        kill_uid(uid)
        reap_children()
        self.inside.pop(process.pid, None)
        quota = self.quotas.pop(process.pid, None)
        if quota is not None:
            quota.remove()


def _start_time(pid: int) -> str:
    """When process ``pid`` started (clock ticks after boot), to tell it from a later process given the same pid;
    empty if it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[-1].split()[19]  # field 22; the command name before ")" may hold spaces


def _size_of(folder: Path) -> int:
    """Bytes in the files under ``folder`` (symlinks not followed): the process mode's measured disk use."""
    total = 0
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
    return total
