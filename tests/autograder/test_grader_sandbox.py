"""The sandbox itself: what a kernel can see, reach and leave behind; and the degraded mode's warning."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from grader_helpers import COURSE, SECRET, Listener

from autograder.course.labs import load_lab
from autograder.sandbox import confine as sandbox_module
from autograder.sandbox.confine import Sandbox
from autograder.sandbox.kernel import Kernel, KernelGone
from autograder.sandbox.limits import Limits
from autograder.sandbox.processes import UidLease, is_root, pids_of_uid

needs_bwrap = pytest.mark.skipif(not shutil.which("bwrap"), reason="bubblewrap is not installed")
LIMITS = Limits(cell_timeout=10)


@pytest.fixture
def kernel(monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    lease = UidLease() if is_root() else None
    workdir = Path(tempfile.mkdtemp(prefix="autograder-test-"))
    uid = lease.uid if lease else os.getuid()
    layout = load_lab(COURSE, "lab01_demo").layout()
    started = Kernel(Sandbox("bwrap", LIMITS, layout=layout), workdir / "k", uid)
    started.wait_ready()
    yield started
    started.end()
    if lease:
        lease.release()
    shutil.rmtree(workdir, ignore_errors=True)


def run(kernel: Kernel, code: str) -> str:
    result = kernel.run(code, 10, LIMITS)
    assert result.status == "ok", result
    return result.output.strip()


@needs_bwrap
def test_kernel_sees_only_its_scratch_home_and_the_interpreter(kernel):
    listing = run(kernel, "import os; print(os.getcwd(), [f for f in os.listdir() if f[0] != '.'])")
    assert listing == "/course/labs/lab01_demo ['words.txt']"
    assert run(kernel, "print(sorted(os.listdir('/course')), sorted(os.listdir('/course/labs')))") == (
        "['data', 'labs'] ['lab01_demo']"
    )
    assert run(kernel, "print(open('../../data/facts.txt').read().split()[0])") == "kettlewick"
    course_root = str(Path(__file__).resolve().parents[2])
    assert run(kernel, f"import os; print(os.path.exists({course_root + '/solutions'!r}))") == "False"
    assert run(kernel, f"print(os.path.exists({str(COURSE)!r}))") == "False"


@needs_bwrap
def test_kernel_root_is_read_only_and_home_is_writable(kernel):
    code = "import os\ntry:\n    open('/usr/x', 'w')\nexcept OSError as e:\n    print(type(e).__name__)\n"
    assert run(kernel, code) in ("OSError", "PermissionError")
    assert run(kernel, "open('mine.txt', 'w').write('ok'); print(open('mine.txt').read())") == "ok"
    assert run(kernel, code.replace("/usr/x", "../../data/x")) in ("OSError", "PermissionError")


@needs_bwrap
@pytest.mark.skipif(not is_root(), reason="the uid drop applies when the grader runs as root")
def test_kernel_runs_as_an_unprivileged_uid(kernel):
    assert int(run(kernel, "import os; print(os.getuid())")) == kernel.uid != 0


@needs_bwrap
def test_kernel_environment_is_scrubbed(kernel):
    assert SECRET not in run(kernel, "import os; print(dict(os.environ))")


@needs_bwrap
def test_kernel_has_no_network(kernel):
    listener = Listener()
    code = (
        "import socket\ntry:\n"
        f"    socket.create_connection(('127.0.0.1', {listener.port}), timeout=2); print('connected')\n"
        "except OSError as e:\n    print('refused')\n"
    )
    assert run(kernel, code) == "refused" and listener.connections == 0
    assert run(kernel, "print(socket.gethostbyname_ex.__name__)") == "gethostbyname_ex"
    dns = "try:\n    socket.getaddrinfo('example.com', 80)\n    print('resolved')\nexcept OSError:\n    print('no dns')"
    assert run(kernel, dns) == "no dns"
    socket.create_connection(("127.0.0.1", listener.port)).close()  # the listener itself works


@needs_bwrap
def test_limits_apply_inside(kernel):
    limits = run(kernel, "import resource as r; print(r.getrlimit(r.RLIMIT_AS)[0], r.getrlimit(r.RLIMIT_NPROC)[0])")
    assert limits == f"{LIMITS.memory_mb * 2**20} {LIMITS.processes}"


@needs_bwrap
def test_output_over_the_channel_bound_is_reported_as_cut_and_later_output_still_arrives(kernel):
    # One stream message larger than the grader's iopub bound (4 MiB) is dropped unread with its connection, as a
    # flood's first 0.2 s of output can be: the cell must still say its output was cut, and the next cell be heard.
    flood = kernel.run("print('x' * (6 * 2**20))", 10, LIMITS)
    assert (flood.status, flood.truncated) == ("ok", True)
    assert len(flood.output) <= LIMITS.output_chars
    assert run(kernel, "print('still heard')") == "still heard"
    assert kernel.run("print('short')", 10, LIMITS).truncated is False


@needs_bwrap
@pytest.mark.skipif(not is_root(), reason="the uid sweep needs root")
def test_ending_a_kernel_kills_daemonised_descendants(kernel):
    run(
        kernel,
        "import os, subprocess, sys\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)'], start_new_session=True)\n"
        "if os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n        import time; time.sleep(300)\n"
        "    os._exit(0)\nprint('spawned')",
    )
    assert len(pids_of_uid(kernel.uid)) >= 3
    kernel.end()
    deadline = time.monotonic() + 5
    while pids_of_uid(kernel.uid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert pids_of_uid(kernel.uid) == []


def test_without_bubblewrap_the_grader_degrades_with_a_warning(monkeypatch):
    monkeypatch.setattr(sandbox_module, "bwrap_path", lambda: None)
    mode, warning = Sandbox.choose("auto")
    assert mode == "process" and "bubblewrap" in warning and "limits, timeouts" in warning
    with pytest.raises(RuntimeError, match="install the Debian package 'bubblewrap'"):
        Sandbox.choose("bwrap")


def test_degraded_command_still_applies_limits_and_drops_root():
    command, cwd = Sandbox("process", LIMITS).command(["python"], Path("/x/home"), Path("/x/run"), 43999)
    assert "prlimit" in command and f"--as={LIMITS.memory_mb * 2**20}" in command
    assert ("setpriv" in command) == is_root()
    assert cwd == "/x/home" and command[-1] == "python"


def test_uid_leases_are_exclusive():
    if not is_root():
        pytest.skip("uid leases are used only as root")
    first, second = UidLease(), UidLease()
    try:
        assert first.uid != second.uid
    finally:
        first.release()
        second.release()


def test_listener_helper_is_reachable_from_the_host():
    listener = Listener()
    with socket.create_connection(("127.0.0.1", listener.port)) as conn:
        assert conn.recv(2) == b"42"


@needs_bwrap
def test_a_kernel_that_cannot_start_says_why(tmp_path):
    lease = UidLease() if is_root() else None
    # Debian's own interpreter has no ipykernel.
    kernel = Kernel(Sandbox("bwrap", LIMITS, python="/usr/bin/python3"), tmp_path / "k", lease.uid if lease else 0)
    try:
        with pytest.raises(KernelGone, match=r"could not start \(.*ipykernel"):
            kernel.wait_ready(10)
    finally:
        kernel.end()
        if lease:
            lease.release()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's parent-death signal")
def test_a_trusted_kernel_dies_with_the_process_that_started_it(tmp_path):
    """Nothing confines a trusted kernel (`check`, `grade --no-sandbox`): when its worker is killed (a batch stopped
    by a failed preflight kills its workers), the kernel must not go on running on its own."""
    layout = load_lab(COURSE, "lab01_demo").layout()
    starter = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from autograder.sandbox.confine import Sandbox\n"
        "from autograder.sandbox.kernel import Kernel\n"
        "from autograder.sandbox.limits import Limits\n"
        "from autograder.course.labs import load_lab\n"
        f"layout = load_lab(Path({str(COURSE)!r}), 'lab01_demo').layout()\n"
        f"kernel = Kernel(Sandbox('none', Limits(cell_timeout=10), layout=layout), Path({str(tmp_path)!r}) / 'k', "
        "os.getuid())\n"
        "kernel.wait_ready()\n"
        "print(kernel.process.pid, flush=True)\n"
        "time.sleep(60)\n"
    )
    assert layout  # the lab the starter loads
    parent = subprocess.Popen([sys.executable, "-c", starter], stdout=subprocess.PIPE, text=True)
    try:
        kernel_pid = int(parent.stdout.readline())
        assert Path(f"/proc/{kernel_pid}").exists()
    finally:
        parent.kill()
        parent.wait()
    for _ in range(100):
        stat = Path(f"/proc/{kernel_pid}/stat")
        if not stat.exists() or stat.read_text().rsplit(")", 1)[1].split()[0] == "Z":
            break
        time.sleep(0.1)
    else:
        os.kill(kernel_pid, 9)
        pytest.fail("the trusted kernel outlived the process that started it")
