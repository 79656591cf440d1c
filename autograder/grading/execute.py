"""Run one submission's plan: student cells in the sandboxed kernel, tests in the test process, under limits.

An :class:`Executor` lives in a grading worker for a whole batch. It starts the next submission's kernel and test
process as soon as the current submission begins, so their start-up overlaps its execution; it leases two sandbox
uids and alternates them, so the kill sweep of one submission can never touch the warm kernel of the next.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import json
import os
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from autograder.course.notebook import split_hidden
from autograder.grading.restore import Plan, Step
from autograder.grading.verifier import bound_names, imported_modules
from autograder.sandbox import bridge
from autograder.sandbox.confine import Sandbox
from autograder.sandbox.kernel import Kernel, KernelGone
from autograder.sandbox.limits import Limits, kernel_environment, limit_args
from autograder.sandbox.processes import UidLease, is_root, reap_children

SETUP_TIMEOUT = 60.0
ENVIRONMENT_ERROR = "environment error"  # how a reason that is the grading environment's fault begins
MISSING_MODULE = re.compile(r"No module named '([^']+)'")
VERIFIER = "autograder.grading.verifier"  # the test process's module, run with -m
OPAQUE = "a test compared or tested an object from the submission that is not plain data"


@dataclass
class GradedTest:
    name: str
    points: float
    hidden: bool
    passed: bool = False
    partial: float | None = None
    output: str = ""
    opaque: str | None = None
    blocked_by: str | None = None  # the earlier test whose failure left a name this one needs undefined
    hints: tuple[str, ...] = ()


@dataclass
class Outcome:
    results: list[GradedTest] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # Values the test process computed through autograder.grading.kept, {key: literal}: a batch keeps the reference's.
    kept: dict[str, str] = field(default_factory=dict)
    # The first exception raised in the student's own cells: {"cell", "exception", "message"}.
    first_error: dict | None = None

    def flag(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


class _SelfLease:
    """Without root there is no other uid to use: the kernel runs as the grader's own user."""

    uid = os.getuid()

    def release(self) -> None:
        pass


class ForkServer:
    """A test process started once per worker that imports the lab's modules, then forks one child per submission.

    Starting an interpreter and importing boto3, numpy or the emulator for every submission costs more CPU than most
    submissions do; a fork of a warm process costs milliseconds. It runs the grader's own code only (the test
    process is trusted), under the same memory, CPU, file-size and open-file limits as a kernel, which its children
    inherit.
    """

    def __init__(
        self,
        root: Path,
        limits: Limits,
        warm_modules: tuple[str, ...],
        trusted: bool = False,
        prelude: tuple[tuple[str, str], ...] = (),
        prelude_home: Path | None = None,
    ) -> None:
        self.warm_modules = warm_modules
        self.skipped = ""  # why the server's run of the prelude does not count, once it has said so (logged)
        self.control, theirs = socket.socketpair()
        server = [sys.executable, "-m", VERIFIER, "--fork-server"]
        if prelude and prelude_home is not None:
            # The lab's leading read-only cells run once in the server, in its own mirror of the lab folder.
            request = root / f"prelude-{id(self)}.json"
            env = kernel_environment(str(prelude_home))
            request.write_text(json.dumps({"cells": prelude, "cwd": str(prelude_home), "env": env}))
            server += ["--prelude", str(request)]
        server += warm_modules
        self.process = subprocess.Popen(
            [*limit_args(limits, processes=False, required=not trusted), *server],
            cwd=root,
            env={**kernel_environment(str(root)), "PYTHONPATH": str(Path(__file__).parents[2])},
            stdin=theirs,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        theirs.close()
        self.replies = self.control.makefile("r")

    def fork(self, home: Path, stdin_fd: int, stdout_fd: int) -> tuple[int, int] | None:
        """A new test process in ``home`` reading ``stdin_fd`` and writing ``stdout_fd``: its pid and how many of the
        prelude's cells it has already run; None if the server is dead."""
        request = json.dumps({"cwd": str(home), "env": kernel_environment(str(home))}).encode()
        try:
            socket.send_fds(self.control, [request], [stdin_fd, stdout_fd])
            line = self.replies.readline()
        except OSError:
            return None
        if not line:
            return None
        reply = json.loads(line)
        if reply.get("skipped") and not self.skipped:
            self.skipped = str(reply["skipped"])
            log(f"{self.skipped} in the fork server: each test process runs the setup cells itself")
        return int(reply["pid"]), int(reply.get("prelude", 0))

    def alive(self) -> bool:
        return self.process.poll() is None

    def end(self) -> None:
        self.process.kill()
        self.process.wait()
        with contextlib.suppress(OSError):
            self.replies.close()
            self.control.close()


class VerifierProcess:
    """The test process of one submission (see :mod:`autograder.grading.verifier`), forked by a ForkServer.

    When the server cannot fork (it died, or could not start), the test process is a fresh interpreter instead, which
    imports the lab's modules itself and runs the lab's read-only cells as the submission's plan reaches them: slower,
    graded the same.
    """

    def __init__(self, server: ForkServer, root: Path, home: Path, limits: Limits, trusted: bool = False) -> None:
        self.root = root
        self.process: subprocess.Popen | None = None
        child_in, self_out = os.pipe()
        self_in, child_out = os.pipe()
        forked = server.fork(home, child_in, child_out)
        if forked is None:
            log("the fork server of test processes is not available: this test process starts afresh")
            self.process = subprocess.Popen(
                [*limit_args(limits, processes=False, required=not trusted), sys.executable, "-m", VERIFIER],
                cwd=home,
                env={**kernel_environment(str(home)), "PYTHONPATH": str(Path(__file__).parents[2])},
                stdin=child_in,
                stdout=child_out,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        os.close(child_in)
        os.close(child_out)
        pid, self.prelude = forked or (self.process.pid, 0)
        self.pidfd = None
        with contextlib.suppress(OSError, TypeError, AttributeError):  # no pidfd_open on macOS
            self.pidfd = os.pidfd_open(pid)  # a handle on this very process, whatever pid it had
        self.stdin = os.fdopen(self_out, "w")
        self.stdout = os.fdopen(self_in, "r")
        if self.process is not None:
            self.send({"op": "warm", "modules": list(server.warm_modules)})

    def send(self, message: dict) -> None:
        with contextlib.suppress(OSError):  # a dead test process shows as no answer
            self.stdin.write(json.dumps(message) + "\n")
            self.stdin.flush()

    def receive(self, timeout: float) -> dict | None:
        ready, _, _ = select.select([self.stdout], [], [], max(timeout, 0))
        if not ready:
            return None
        line = self.stdout.readline()
        return json.loads(line) if line else None

    def end(self) -> None:
        if self.pidfd is not None:
            with contextlib.suppress(OSError):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            os.close(self.pidfd)
        if self.process is not None:
            self.process.kill()
            self.process.wait()
        for pipe in (self.stdin, self.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        shutil.rmtree(self.root, ignore_errors=True)


def log(message: str) -> None:
    """A line for whoever reads the worker's stderr (the batch shows it with ``AUTOGRADER_DEBUG=1``): how the grading
    ran, never a result, which records hold."""
    print(f"autograder worker {os.getpid()}: {message}", file=sys.stderr, flush=True)


def scratch_folder() -> str:
    """$TMPDIR, unless it is too deep for the kernel's IPC socket paths (a Unix socket path holds 107 bytes)."""
    folder = tempfile.gettempdir()
    return folder if len(folder) <= 40 else "/tmp"


def remove_stale_workroots() -> None:
    """Delete scratch folders left by workers that were killed (their pid is gone)."""
    for path in Path(scratch_folder()).glob("autograder-*-*"):
        pid = path.name.split("-")[1]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists() and path.is_dir():
            shutil.rmtree(path, ignore_errors=True)


class ReadyKernel:
    """A submission's kernel made ready before its submission arrives, in a thread of the worker: started, the bridge
    installed (and with it the integrity snapshot) and the lab's leading read-only cells run, as the plan would run
    them first. They are the instructor's code and run before any student code exists, in the submission's own
    kernel, so only their timing changes. All or nothing: unless every step went cleanly (no error, timeout, cut
    output or full disk), the kernel is not used and its submission gets a fresh kernel run the ordinary way."""

    def __init__(self, kernel: Kernel, prelude: tuple[tuple[str, str], ...], limits: Limits) -> None:
        self.kernel, self.prelude, self.limits = kernel, prelude, limits
        self.name = bridge.new_name()
        self.cells_run = -1  # prelude cells run cleanly; -1 until the bridge is installed
        self.thread = threading.Thread(target=self._prepare, daemon=True)
        self.thread.start()

    def _prepare(self) -> None:
        with contextlib.suppress(Exception):  # a kernel that fails here is replaced; the ordinary path says why
            self.kernel.wait_ready(SETUP_TIMEOUT)
            if self.kernel.run(bridge.install_code(self.name), SETUP_TIMEOUT, self.limits, silent=True).status != "ok":
                return
            if not bridge.open_channel(self.kernel, self.name, self.limits, SETUP_TIMEOUT):
                return
            self.cells_run = 0
            for _, source in self.prelude:
                run = self.kernel.run(source, self.limits.cell_timeout, self.limits)
                if run.status != "ok" or run.truncated or self.kernel.disk_full():
                    return
                self.cells_run += 1

    def ready_for(self, plan: Plan) -> bool:
        """Wait for the preparation; whether it went cleanly and ``plan`` begins with exactly the cells it ran."""
        self.thread.join()
        return self.cells_run == len(self.prelude) == leading_prelude(plan, self.prelude)

    def end(self) -> None:
        # The kernel dies first, so the preparing thread stops at once; only then are its channels closed.
        with contextlib.suppress(OSError):
            self.kernel.process.kill()
        self.thread.join()
        self.kernel.end()


def leading_prelude(plan: Plan, prelude: tuple[tuple[str, str], ...]) -> int:
    """How many of the plan's first steps are exactly the prelude's cells (name and source), in order."""
    count = 0
    for step, cell in zip(plan.steps, prelude, strict=False):
        if (step.kind, step.name, step.source) != ("readonly", *cell):
            break
        count += 1
    return count


class Executor:
    def __init__(
        self,
        sandbox: Sandbox,
        warm_modules: tuple[str, ...] = (),
        prelude: tuple[tuple[str, str], ...] = (),
        kept_dir: str | None = None,
    ) -> None:
        """``warm_modules`` are imported in each kernel and test process before its submission starts; ``prelude``
        (the lab's leading read-only cells, name and source) runs once in the fork server of test processes;
        ``kept_dir`` is the batch's folder of kept values (autograder.grading.kept)."""
        self.sandbox, self.limits = sandbox, sandbox.limits
        self.kept_dir = kept_dir
        self.warm_modules = warm_modules
        self.prelude = prelude
        self.leases = [UidLease(), UidLease()] if is_root() and not sandbox.trusted else [_SelfLease()]
        remove_stale_workroots()
        self.workroot = Path(tempfile.mkdtemp(prefix=f"autograder-{os.getpid()}-", dir=scratch_folder()))
        os.chmod(self.workroot, 0o711)
        self.turn = 0
        self.kernels = 0
        self.spare: tuple[ReadyKernel, VerifierProcess] | None = None
        self.server: ForkServer | None = None

    def _kernel(self, uid: int) -> Kernel:
        self.kernels += 1
        return Kernel(self.sandbox, self.workroot / f"kernel{self.kernels}", uid, self.warm_modules)

    def _start(self) -> tuple[ReadyKernel, VerifierProcess]:
        self.turn += 1
        lease = self.leases[self.turn % len(self.leases)]
        kernel = ReadyKernel(self._kernel(lease.uid), self.prelude, self.limits)
        tests_root = self.workroot / f"tests{self.turn}"
        tests_root.mkdir(mode=0o700)
        home = self.sandbox.layout.populate(tests_root, private=True)
        if self.server is None or not self.server.alive():
            if self.server is not None:
                self.server.end()
            self.server_turn = getattr(self, "server_turn", 0) + 1
            prelude_home = None
            if self.prelude:
                prelude_root = self.workroot / f"prelude{self.server_turn}"
                prelude_root.mkdir(mode=0o700)
                prelude_home = self.sandbox.layout.populate(prelude_root, private=True)
            self.server = ForkServer(
                self.workroot, self.limits, self.warm_modules, self.sandbox.trusted, self.prelude, prelude_home
            )
        return kernel, VerifierProcess(self.server, tests_root, home, self.limits, self.sandbox.trusted)

    def warm(self) -> None:
        """Start the next submission's kernel and test process now, while nothing else is happening; the kernel is
        made ready (see ReadyKernel) in the background."""
        if self.spare is None:
            self.spare = self._start()

    def close(self) -> None:
        if self.spare:
            for part in self.spare:
                part.end()
            self.spare = None
        if self.server is not None:
            self.server.end()
        for lease in self.leases:
            lease.release()
        shutil.rmtree(self.workroot, ignore_errors=True)

    def run(self, plan: Plan) -> Outcome:
        ready, tests = self.spare or self._start()
        self.spare = None
        if ready.ready_for(plan):
            kernel, name, ahead = ready.kernel, ready.name, len(self.prelude)
        else:  # a fresh kernel on the same uid (the sweep of the one replaced ends every process of that uid first)
            ready.end()
            kernel, name, ahead = self._kernel(ready.kernel.uid), None, 0
        if len(self.leases) > 1:
            # The next submission's kernel starts up while this one runs, on the other leased uid. With a single
            # uid (not root) this submission could reach that kernel, so it waits until this one is swept away.
            self.warm()
        try:
            return _Run(kernel, tests, self.limits, self.prelude, name, ahead, self.kept_dir).go(plan)
        finally:
            kernel.end()
            tests.end()
            reap_children()


class _Run:
    """The state of one submission's execution."""

    def __init__(
        self,
        kernel: Kernel,
        tests: VerifierProcess,
        limits: Limits,
        prelude: tuple[tuple[str, str], ...] = (),
        name: str | None = None,
        ahead: int = 0,
        kept_dir: str | None = None,
    ) -> None:
        """``name`` is the bridge's when the kernel was made ready ahead (see ReadyKernel), which also ran the plan's
        first ``ahead`` steps; ``kept_dir`` holds the batch's kept values (grading.kept) for the test process."""
        self.kernel, self.tests, self.limits, self.prelude = kernel, tests, limits, prelude
        self.kept_dir = kept_dir
        self.outcome = Outcome()
        self.stopped = ""
        self.tests_stopped = ""
        self.deadline = time.monotonic() + limits.notebook_timeout
        self.installed = name is not None
        self.name = name or bridge.new_name()
        self.ahead = ahead
        self.readonly_names: set[str] = set()
        self.lab_modules: set[str] = set()
        self.disk_flagged = False

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def go(self, plan: Plan) -> Outcome:
        for reason in plan.reasons:
            self.outcome.flag(reason)
        self.readonly_names = {name for step in plan.steps if step.kind == "readonly" for name in _bound(step.source)}
        self.lab_modules = set(imported_modules(s.source for s in plan.steps if s.kind in ("readonly", "test")))
        self.tests.send({"op": "declare", "student_names": plan.student_names, "kept": self.kept_dir})
        try:
            if not self.installed:
                self.kernel.wait_ready(SETUP_TIMEOUT)
                run = self.kernel.run(bridge.install_code(self.name), SETUP_TIMEOUT, self.limits, silent=True)
                if run.status != "ok" or not bridge.open_channel(self.kernel, self.name, self.limits, SETUP_TIMEOUT):
                    self._stop("the kernel could not be prepared")
        except KernelGone as gone:
            self._stop(f"{ENVIRONMENT_ERROR}: the kernel could not start ({gone}); the submission was not graded")
        prelude_steps = leading_prelude(plan, self.prelude[: self.tests.prelude])
        for index, step in enumerate(plan.steps):
            if not self.stopped and self.remaining() <= 0:
                self._stop(f"the notebook ran longer than its limit of {self.limits.notebook_timeout:g} s")
            if step.kind == "test":
                self.outcome.results.append(self._test(step))
                continue
            if step.kind == "readonly" and index >= prelude_steps:
                # The test process runs the read-only cells its fork server did not run before the submission.
                self._in_test_process(step, fetch=False)
            if self.stopped:
                continue
            if index < self.ahead:  # already run in this kernel, before the submission arrived
                self._mark(step)
            else:
                self._in_kernel(step)
        if not self.stopped:
            self._probe()
        return self.outcome

    def _stop(self, reason: str) -> None:
        self.stopped = reason
        self.outcome.flag(reason)

    def _in_kernel(self, step: Step) -> None:
        timeout = min(self.limits.cell_timeout, self.remaining())
        try:
            run = self.kernel.run(step.source, timeout, self.limits)
        except KernelGone as gone:
            self._stop(f"{gone} (in {step.name})")
            return
        if run.status == "timeout":
            self.outcome.flag(f"{step.name} ran longer than {timeout:g} s and was interrupted")
        if run.ename == "MemoryError":
            self.outcome.flag(f"{step.name} hit the memory limit")
        if run.ename == "BlockingIOError":  # the exception's name, never its message, which the submission chooses
            self.outcome.flag(f"{step.name} hit the process limit")
        if run.truncated:
            self.outcome.flag(f"the output of {step.name} was cut at {self.limits.output_chars} characters")
        if run.status == "error":
            self._note_error(step, run.ename, run.evalue)
        if not self.disk_flagged and self.kernel.disk_full():
            self.disk_flagged = True
            self.outcome.flag(f"{step.name} filled the working folder (its quota is {self.limits.disk_mb} MiB)")
        self._mark(step)

    def _mark(self, step: Step) -> None:
        """Have the kernel remember the objects a read-only cell defined, to report any the submission redefines."""
        if step.kind == "readonly":
            self._ask({"op": "mark", "names": _bound(step.source)})

    def _note_error(self, step: Step, ename: str, evalue: str) -> None:
        """Remember the student's first error; stop when a module the lab itself imports is missing, which is the
        grading environment's fault, not the student's."""
        if step.kind == "student" and self.outcome.first_error is None:
            self.outcome.first_error = {"cell": step.name, "exception": ename, "message": evalue[:500]}
        missing = MISSING_MODULE.search(evalue) if ename in ("ModuleNotFoundError", "ImportError") else None
        if missing and missing.group(1).split(".")[0] in self.lab_modules:
            self._stop(
                f"{ENVIRONMENT_ERROR}: the cell {step.name!r} cannot import {missing.group(1)!r}, which the lab needs "
                f"({ename}: {evalue[:200]}); the submission was not graded"
            )

    def _ask(self, request: dict) -> dict:
        answer = bridge.ask(self.kernel, self.name, request, self.limits, min(self.limits.cell_timeout, 30))
        if not self.kernel.alive() and not self.stopped:
            self._stop(self.kernel.gone_reason or "the kernel died")
        status = answer.get("status")
        if status == bridge.TIMEOUT:
            self.outcome.flag(f"a call into the submission's code ran longer than {self.limits.cell_timeout:g} s")
        elif status == bridge.TAMPERED:
            # The grader's own requests no longer run as sent: something rewrites or swallows code in the kernel.
            self.outcome.flag(
                "the kernel stopped answering the grader's requests: the submission tampers with how code runs"
            )
        elif status == bridge.TOO_LARGE:
            self.outcome.flag("an answer from the submission's code was larger than the grader accepts")
        return answer

    def _probe(self) -> None:
        answer = self._ask({"op": "probe"})
        for reason in probe_reasons(answer.get("ok"), self.readonly_names):
            self.outcome.flag(reason)

    def _in_test_process(self, step: Step, fetch: bool) -> dict | None:
        """Run a cell in the test process, serving its requests to the kernel; None if the process failed."""
        if self.tests_stopped:
            return None
        self.tests.send({"op": "cell", "name": step.name, "source": step.source, "fetch": fetch})
        wall = time.monotonic() + 2 * self.limits.cell_timeout + 10
        while True:
            message = self.tests.receive(wall - time.monotonic())
            if message is None:
                self.tests_stopped = f"the test process stopped during {step.name}"
                self.outcome.notes.append(self.tests_stopped)
                return None
            if message.get("op") == "done":
                computed = message.get("kept")
                if isinstance(computed, dict):
                    self.outcome.kept.update(computed)
                if step.kind == "readonly" and message.get("status") != "passed":
                    self.outcome.notes.append(f"read-only cell {step.name} failed in the test process")
                return message
            stopped = {"error": f"KernelGone: {self.stopped}"}
            answer = stopped if self.stopped else self._ask(message.get("request", {}))
            self.tests.send({"reply": answer})

    def _test(self, step: Step) -> GradedTest:
        result = GradedTest(step.name, step.points, step.hidden)
        if self.stopped:
            result.output = f"not run: {self.stopped}"
            return result
        result.hints = step.hints  # for a test that ran and failed
        self._probe()
        # Visible and hidden runs of the cell go to the test process one after the other: the output of the
        # visible ones is the student's to see; a hidden run's output and failure never leave this method.
        shown: list[str] = []
        for source, hidden in split_hidden(step.source):
            done = self._in_test_process(Step("test", step.name, source), fetch=True)
            if done is None:
                result.output, result.hints = f"not run: {self.tests_stopped}", ()
                return result
            if not hidden:
                shown.append(str(done.get("output", "")))
            result.passed = done.get("status") == "passed"
            result.partial = done.get("partial")
            result.opaque = result.opaque or done.get("opaque")
            blocked_by = done.get("blocked_by")
            result.blocked_by = blocked_by if isinstance(blocked_by, str) else None
            if not result.passed:
                if hidden:
                    shown.append("a hidden test failed\n")
                break
        result.output = "".join(shown)
        if result.opaque:
            self.outcome.flag(
                f"{step.name}: a test compared or tested an object from the submission that is not plain data"
            )
        return result


# What the kernel's integrity probe may report (kernel_bridge.Bridge.probe), worded here: a probe the submission
# replaced can choose among these reasons and the grader's own names, never the words.
PROBE_CHANGES = (
    "input transformer",
    "AST transformer",
    "custom exception handler",
    "sys.excepthook",
    "trace or profile hook",
    "IPython execution method",
    "grader's comm channel",
)
# The machinery that turns code, or the grader's requests, into what runs.
RUNS_CODE = frozenset({"input transformer", "AST transformer", "IPython execution method", "grader's comm channel"})
GRADER_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))


def probe_reasons(found: object, readonly_names: set[str]) -> list[str]:
    """The reasons a probe's findings give, in the grader's words; names quoted only if the grader knows them."""
    reasons: list[str] = []
    for item in found if isinstance(found, list) else []:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
            continue
        kind, detail = item
        if kind == "changed" and detail in PROBE_CHANGES:
            tampers = ": it tampers with how code runs" if detail in RUNS_CODE else ""
            reasons.append(f"the submission changed the {detail}{tampers}")
        elif kind == "redefined" and detail in readonly_names:
            reasons.append(f"the submission redefined {detail!r}, which a read-only cell defines")
        elif kind == "builtins" and isinstance(detail, list) and detail:
            known = sorted({name for name in detail if name in GRADER_BUILTINS})[:10]
            others = " and other names" if len(known) < len(detail) else ""
            reasons.append(f"the submission replaced or added builtins: {', '.join(known) or 'names'}{others}")
    return reasons


def _bound(source: str) -> list[str]:
    try:
        return bound_names(ast.parse(source))
    except SyntaxError:
        return []
