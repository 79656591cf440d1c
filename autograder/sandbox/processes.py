"""Who a kernel runs as and how everything it started ends: leased uids, kill sweeps, reaping, parent death."""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import signal
import time
from pathlib import Path

# A range apart from 43000-44999, which earlier graders leased through locks under $TMPDIR: the two never meet.
UID_BASE = int(os.environ.get("AUTOGRADER_SANDBOX_UID_BASE", "46000"))
UID_RANGE = 2000
# Leases are host-wide: a fixed system folder, never $TMPDIR, so graders started with different temporary folders
# still see each other's leases and can never share a uid (and kill each other's kernels).
UID_LOCK_DIR = Path("/run/autograder-uids")


def is_root() -> bool:
    return os.geteuid() == 0


class UidLease:
    """An unprivileged uid reserved for this process (a held ``flock``), so no two graders share one."""

    def __init__(self) -> None:
        lock_dir = UID_LOCK_DIR
        lock_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
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


def _pids() -> list[str]:
    """Process ids from /proc; none where there is no /proc (macOS, where only trusted runs happen)."""
    try:
        return [entry for entry in os.listdir("/proc") if entry.isdigit()]
    except FileNotFoundError:
        return []


def _proc_status(pid: str, *keys: str) -> dict[str, str]:
    """The fields ``keys`` of /proc/PID/status that it has (none if the process is gone). Only those are looked
    for: the sweeps read every process's status, several times per submission."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    found = {}
    for key in keys:
        start = text.find(f"\n{key}:\t")
        if start >= 0:
            start += len(key) + 3
            end = text.find("\n", start)
            found[key] = text[start : end if end >= 0 else len(text)]
    return found


def pids_of_uid(uid: int) -> list[int]:
    found = []
    for entry in _pids():
        status = _proc_status(entry, "Uid")
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
    for entry in _pids():
        ppid = _proc_status(entry, "PPid").get("PPid", "").strip()
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
    for entry in _pids():
        status = _proc_status(entry, "PPid", "State")
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
