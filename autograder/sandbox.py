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

Every kernel gets a uid leased for the whole batch (a lock file shared by concurrent graders on the machine), so the
grader can end every process a submission started, whatever session or process group it moved to, by uid.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

UID_BASE = int(os.environ.get("AUTOGRADER_SANDBOX_UID_BASE", "43000"))
UID_RANGE = 2000
SANDBOX_COURSE = "/course"
SYSTEM_DIRS = ("/usr", "/etc")
MERGED_USR_LINKS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64")

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
    cpu_seconds: int = 600
    processes: int = 256
    file_size_mb: int = 64
    open_files: int = 512
    cell_timeout: float = 30.0
    notebook_timeout: float = 600.0
    output_chars: int = 20_000


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


def bwrap_path() -> str | None:
    return shutil.which("bwrap")


def is_root() -> bool:
    return os.geteuid() == 0


class UidLease:
    """An unprivileged uid reserved for this process (a held ``flock``), so no two graders share one."""

    def __init__(self) -> None:
        lock_dir = Path(tempfile.gettempdir()) / "autograder-uids"
        lock_dir.mkdir(mode=0o700, exist_ok=True)
        for uid in range(UID_BASE, UID_BASE + UID_RANGE):
            fd = os.open(lock_dir / f"{uid}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue
            self.uid, self._fd = uid, fd
            kill_uid(uid)  # leftovers of a grader that was killed while holding this uid
            return
        raise RuntimeError("no free sandbox uid; too many graders are running")

    def release(self) -> None:
        kill_uid(self.uid)
        os.close(self._fd)


def _proc_status(pid: str) -> dict[str, str]:
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    return dict(line.split(":\t", 1) for line in text.splitlines() if ":\t" in line)


def pids_of_uid(uid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            status = _proc_status(entry)
            if status.get("Uid", "").split()[:1] == [str(uid)]:
                found.append(int(entry))
    return found


def kill_uid(uid: int) -> None:
    """SIGKILL every process whose real uid is ``uid``, repeating until none is left (forks race the sweep)."""
    if not is_root() or uid == 0:
        return
    for _ in range(50):
        pids = pids_of_uid(uid)
        if not pids:
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        reap_children()
        time.sleep(0.01)


def descendants(root_pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            ppid = _proc_status(entry).get("PPid", "").strip()
            if ppid.isdigit():
                children.setdefault(int(ppid), []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def chown_tree(root: Path, uid: int) -> None:
    """Give ``root``'s contents (not ``root`` itself, nor what symlinks point to) to ``uid``, when root."""
    if not is_root():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.chown(os.path.join(dirpath, name), uid, uid, follow_symlinks=False)


def reap_children() -> None:
    """Reap zombies among our own children that are not tracked by a ``Popen`` (orphans we adopted)."""
    me = str(os.getpid())
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            status = _proc_status(entry)
            if status.get("PPid", "").strip() == me and status.get("State", "").startswith("Z"):
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(int(entry), os.WNOHANG)


def become_subreaper() -> None:
    """Adopt orphaned descendants (e.g. daemonised children of a kernel) instead of letting init have them."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        pass


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (a killed grader takes its workers along)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def kernel_environment(home: str) -> dict[str, str]:
    env = {name: os.environ[name] for name in ENV_ALLOWED if name in os.environ}
    env.update(ENV_FIXED)
    env.update({"HOME": home, "IPYTHONDIR": f"{home}/.ipython", "MPLCONFIGDIR": f"{home}/.config/matplotlib"})
    return env


def limit_args(limits: Limits, processes: bool = True) -> list[str]:
    """``prlimit`` for ``limits``; ``processes=False`` for a process of the grader's own uid, whose count is shared."""
    mib = 1024 * 1024
    args = ["prlimit", f"--as={limits.memory_mb * mib}", f"--cpu={limits.cpu_seconds}"]
    if processes:
        args.append(f"--nproc={limits.processes}")
    return [*args, f"--fsize={limits.file_size_mb * mib}", f"--nofile={limits.open_files}", "--core=0", "--"]


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


class Sandbox:
    """Builds the command that runs a kernel confined for one submission, and ends it."""

    def __init__(self, mode: str, limits: Limits, python: str | None = None, layout: Layout | None = None) -> None:
        self.mode = mode
        self.limits = limits
        self.layout = layout or Layout()
        self.python = python or sys.executable
        self.binds = _interpreter_paths(self.python) if mode == "bwrap" else []

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
        lease = UidLease() if is_root() else None
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
        if done.returncode != 0:
            where = "inside bubblewrap" if self.mode == "bwrap" else "as an unprivileged user"
            raise RuntimeError(
                f"{self.python} cannot run ipykernel {where} ({done.stderr.strip().splitlines()[-1:]}); "
                "install the 'bubblewrap' package, or pass --kernel-python with an interpreter (with ipykernel) "
                "that other users can read, e.g. a venv made from /usr/bin/python3"
            )

    def command(self, argv: list[str], home: Path, run_dir: Path, uid: int) -> tuple[list[str], str]:
        """The full command for ``argv`` and the working directory the kernel sees."""
        inner = drop_privileges_args(uid) + limit_args(self.limits) + argv
        if self.mode != "bwrap":
            return inner, str(home)
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
        args += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
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
        args += ["--bind", str(run_dir), str(run_dir), "--bind", str(home), inside]
        args += ["--chdir", inside, "--"]
        return args + inner, inside

    def popen(self, argv: list[str], home: Path, run_dir: Path, uid: int, log: Path) -> subprocess.Popen:
        """Start ``argv`` confined; its stderr goes to ``log`` (to explain a kernel that fails to start)."""
        command, cwd = self.command(argv, home, run_dir, uid)
        env = kernel_environment(cwd)
        with open(log, "wb") as stderr:
            return subprocess.Popen(
                command,
                cwd=str(home),
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )

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
