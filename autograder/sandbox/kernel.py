"""A submission's kernel: started in the sandbox, fed cells one at a time under timeouts, then ended.

The kernel talks over IPC sockets in a directory shared with the grader, because inside the sandbox it has no
network (not even the host's loopback). Outputs are read with a cap, so a flood costs time, never memory.
"""

from __future__ import annotations

import ast
import contextlib
import os
import queue
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import channel_socket_types, write_connection_file
from zmq.utils.monitor import recv_monitor_message

from autograder.sandbox.confine import Sandbox
from autograder.sandbox.limits import Limits
from autograder.sandbox.processes import chown_tree

KERNEL_ARGV = ["-m", "ipykernel_launcher", "--HistoryManager.enabled=False", "-f"]
MiB = 2**20
# What the grader's end of each channel may hold, whatever the kernel sends: (largest message, messages queued).
# ZeroMQ checks a message's size from its header and drops the connection before reading a larger one, so a
# flood costs the worker at most the product, never the size of what was sent. stdin and heartbeat are not opened.
CHANNEL_BOUNDS = {"shell": (16 * MiB, 4), "iopub": (4 * MiB, 16), "control": (64 * 1024, 4)}
# How many times one comm call may ask for an answer again (Kernel.call_comm): an honest call needs one or two after a
# dropped connection; a kernel that fakes the end of every repeat cannot keep the grader sending them.
MAX_REPEATS = 32


class BoundedClient(BlockingKernelClient):
    """A kernel client whose sockets bound what a kernel can make the grader hold (see CHANNEL_BOUNDS).

    A message over its channel's bound is never read: ZeroMQ drops it with the connection, and does not reconnect
    after such a protocol error. On iopub that message is output (ipykernel sends a cell's stdout in one message per
    0.2 s, so a flood's very first message can be over the bound): the grader would see none of it, could not tell that
    output was cut, and would hear nothing more from the kernel on iopub. So the iopub socket is watched
    (:meth:`iopub_dropped`) and replaced after a drop (:meth:`reconnect_iopub`).
    """

    iopub_monitor: zmq.Socket | None = None

    def _create_connected_socket(self, channel: str, identity: bytes | None = None) -> zmq.Socket:
        largest, queued = CHANNEL_BOUNDS.get(channel, (64 * 1024, 4))
        sock = self.context.socket(channel_socket_types[channel])
        sock.linger = 0
        sock.setsockopt(zmq.MAXMSGSIZE, largest)
        sock.setsockopt(zmq.RCVHWM, queued)
        if identity:
            sock.identity = identity
        if channel == "iopub":  # watched from before it connects, so no drop goes unseen
            self.iopub_monitor = sock.get_monitor_socket(zmq.EVENT_DISCONNECTED)
            self.iopub_monitor.linger = 0
        sock.connect(self._make_url(channel))
        return sock

    def iopub_dropped(self, wait: float = 0.0) -> bool:
        """Whether the iopub connection dropped (a message over its bound) since the last call; waits up to ``wait``
        seconds for a drop that may still be on its way, and returns as soon as one is seen."""
        monitor = self.iopub_monitor
        if monitor is None or monitor.closed:
            return False
        dropped = False
        deadline = time.monotonic() + wait
        while True:
            timeout = 0 if dropped else max(deadline - time.monotonic(), 0)
            if not monitor.poll(int(timeout * 1000)):
                return dropped
            try:
                event = recv_monitor_message(monitor, zmq.NOBLOCK)
            except zmq.ZMQError:
                return dropped
            dropped = dropped or event.get("event") == zmq.EVENT_DISCONNECTED

    def reconnect_iopub(self) -> None:
        """Replace the iopub channel with a fresh connection (and its watch)."""
        self._close_iopub_monitor()
        if self._iopub_channel is not None:
            self._iopub_channel.stop()
            self._iopub_channel = None
        self.iopub_channel.start()

    def _close_iopub_monitor(self) -> None:
        if self.iopub_monitor is None:
            return
        with contextlib.suppress(zmq.ZMQError, AttributeError):
            self._iopub_channel.socket.disable_monitor()
        self.iopub_monitor.close()
        self.iopub_monitor = None

    def stop_channels(self) -> None:
        self._close_iopub_monitor()
        super().stop_channels()


def warm_code(targets: tuple[str, ...]) -> str:
    """Code that loads ``targets`` (``module`` or ``module:attribute``, from the lab's own code) in the kernel."""
    names = [t for t in targets if all(part.isidentifier() for part in t.replace(":", ".").split("."))]
    return (
        "def _autograder_warm():\n"
        "    import importlib\n"
        f"    for name in {names!r}:\n"
        "        module, _, attribute = name.partition(':')\n"
        "        try:\n"
        "            loaded = importlib.import_module(module)\n"
        "            if attribute:\n"
        "                getattr(loaded, attribute)\n"
        "        except Exception:\n"
        "            pass\n"
        "_autograder_warm()\n"
        "del _autograder_warm\n"
    )


class KernelGone(Exception):
    """The kernel died or was stopped; nothing more can run in it."""


@dataclass
class CellRun:
    """What happened when one cell ran in the kernel."""

    status: str  # "ok" | "error" | "timeout" | "dead"
    output: str = ""
    ename: str = ""
    evalue: str = ""
    truncated: bool = False
    user_expressions: dict = field(default_factory=dict)


def _output_text(kind: str, content: dict) -> str:
    """The text of an output message (stream, result or display), as a cell's output holds it."""
    if kind == "stream":
        return str(content.get("text", ""))
    if kind in ("execute_result", "display_data"):
        return str(content.get("data", {}).get("text/plain", "")) + "\n"
    return ""


class _Output:
    """What a cell printed, as the grader keeps it: the first ``limit`` characters; the rest is cut and discarded."""

    def __init__(self, limit: int) -> None:
        self.limit, self.chunks, self.size, self.truncated = limit, [], 0, False

    def add(self, text: str) -> None:
        if not text or self.truncated:
            return
        room = self.limit - self.size
        if len(text) > room:
            text, self.truncated = text[: max(room, 0)], True
        self.chunks.append(text)
        self.size += len(text)


class _Pieces:
    """An answer that arrives in pieces (``part`` of ``parts``), one message's at a time, within ``max_chars``."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars, self.too_large = max_chars, False
        self.parent, self.count, self.size = "", 0, 0
        self.parts: dict[int, str] = {}

    def add(self, parent: str, data: object) -> str | None:
        """Take one piece; returns the whole answer once its last piece is in."""
        if not isinstance(data, dict):
            return None
        text, part, count = data.get("answer"), data.get("part"), data.get("parts")
        if not (isinstance(text, str) and type(part) is int and type(count) is int and 0 <= part < count):
            return None
        if (parent, count) != (self.parent, self.count):  # a newer message's answer replaces an unfinished one
            self.parent, self.count, self.size, self.parts = parent, count, 0, {}
        if part in self.parts:
            return None
        self.size += len(text) + 64  # a piece's own weight too, so a flood of empty pieces is bounded
        if self.size > self.max_chars:
            self.too_large, self.parts = True, {}
            return None
        self.parts[part] = text
        if len(self.parts) < count:
            return None
        answer, self.parts = "".join(self.parts[i] for i in range(count)), {}
        return answer


class Kernel:
    """One sandboxed kernel process and a client connected to it."""

    def __init__(self, sandbox: Sandbox, workdir: Path, uid: int, warm_modules: tuple[str, ...] = ()) -> None:
        self.sandbox, self.uid = sandbox, uid
        self.workdir = workdir
        self.run_dir = workdir / "run"
        self.run_dir.mkdir(parents=True)
        self.home = sandbox.layout.populate(workdir)
        os.chmod(workdir, 0o711)
        connection = self.run_dir / "kernel.json"
        info = write_connection_file(str(connection), transport="ipc", ip=str(self.run_dir / "k"))[1]
        chown_tree(workdir, uid)
        python = sandbox.python
        self.log = workdir / "kernel.log"
        self.process = sandbox.popen([python, *KERNEL_ARGV, str(connection)], self.home, self.run_dir, uid, self.log)
        self.client = BoundedClient()
        self.client.load_connection_info(info)
        self.started = time.monotonic()
        self.ready = False
        self.gone_reason = ""
        self.client.start_channels(stdin=False, hb=False)
        if warm_modules:
            # Queued now, run as soon as the kernel is up: heavy imports happen before the submission arrives.
            self.client.execute(warm_code(warm_modules), silent=True, store_history=False)

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Wait until the kernel answers a kernel_info request on shell and speaks on iopub (so no output is lost)."""
        if self.ready:
            return
        deadline = time.monotonic() + timeout
        msg_id = self.client.kernel_info()
        replied = False
        while not self.ready:
            if self.process.poll() is not None:
                raise KernelGone(f"the kernel could not start ({self._last_log_line()})")
            if time.monotonic() > deadline:
                raise KernelGone(f"the kernel did not start within {timeout:g} s")
            if not replied:
                reply = self._reply(msg_id, wait=0.5)
                if reply is None:
                    msg_id = self.client.kernel_info()  # the first request can go before the kernel listens
                    continue
                replied = True
            try:
                msg = self.client.get_iopub_msg(timeout=0.5)
            except queue.Empty:
                msg_id, replied = self.client.kernel_info(), False  # iopub not joined yet: ask again
                continue
            self.ready = msg.get("parent_header", {}).get("msg_id") == msg_id
        while True:  # the rest of that request's messages
            try:
                self.client.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                break

    def _last_log_line(self) -> str:
        try:
            lines = self.log.read_text(errors="replace").strip().splitlines()
        except OSError:
            return "no log"
        return lines[-1][:300] if lines else "no output"

    def disk_full(self) -> bool:
        return self.alive() and self.sandbox.disk_full(self.process, self.home)

    def alive(self) -> bool:
        return not self.gone_reason and self.process.poll() is None

    def run(self, code: str, timeout: float, limits: Limits, silent: bool = False, user_expressions=None) -> CellRun:
        """Run ``code``; on a timeout the kernel is interrupted, and stopped if the interrupt does not take."""
        if not self.alive():
            raise KernelGone(self.gone_reason or "the kernel died")
        self._output_dropped()  # a drop after the last cell: reconnect, nothing to report for this one
        msg_id = self.client.execute(
            code, silent=silent, store_history=not silent, user_expressions=user_expressions or {}, allow_stdin=False
        )
        deadline = time.monotonic() + timeout
        output = _Output(limits.output_chars)
        dropped = False
        result = CellRun(status="ok")
        idle = False
        interrupted_at = None
        reply = None
        reply_at = 0.0
        while not idle:
            now = time.monotonic()
            if reply is None:
                # The shell reply ends the cell too: iopub drops messages when a flood fills its bounded queue, and
                # a dropped "idle" must not turn a finished cell into a timeout.
                reply = self._reply(msg_id, wait=0.0)
                reply_at = now
            elif now > reply_at + 1.0:
                break
            if now > deadline and interrupted_at is None:
                interrupted_at = now
                result.status = "timeout"
                self._interrupt()
            if interrupted_at is not None and now > interrupted_at + 3:
                self.gone_reason = f"the kernel was stopped after a cell ran longer than {timeout:g} s"
                raise KernelGone(self.gone_reason)
            if self.process.poll() is not None:
                self.gone_reason = "the kernel died (crash, or a memory or CPU limit)"
                raise KernelGone(self.gone_reason)
            try:
                msg = self.client.get_iopub_msg(timeout=0.05 if reply is not None else 0.2)
            except queue.Empty:  # keep watching the process, the clock and the iopub connection
                dropped = self._output_dropped() or dropped
                if reply is not None:
                    break
                continue
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "error":
                if result.status != "timeout":
                    result.status = "error"
                result.ename, result.evalue = str(content.get("ename", ""))[:200], str(content.get("evalue", ""))[:2000]
                output.add(f"{result.ename}: {result.evalue}\n")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
            else:
                output.add(_output_text(kind, content))
        # Without the cell's "idle", its last output may have been dropped: give that drop a moment to show.
        dropped = self._output_dropped(wait=0.0 if idle else 0.2) or dropped
        result.output = "".join(output.chunks)
        result.truncated = output.truncated or dropped
        if reply is None:
            reply = self._reply(msg_id)
        if reply is not None:
            if reply.get("status") == "error" and result.status == "ok":
                result.status = "error"
                result.ename = str(reply.get("ename", ""))[:200]
                result.evalue = str(reply.get("evalue", ""))[:2000]
            result.user_expressions = reply.get("user_expressions", {}) or {}
        return result

    def _output_dropped(self, wait: float = 0.0) -> bool:
        """Whether output over the iopub bound was dropped unread (see BoundedClient); iopub is reconnected if so."""
        if not self.client.iopub_dropped(wait):
            return False
        self.client.reconnect_iopub()
        return True

    def _reply(self, msg_id: str, wait: float = 5.0):
        deadline = time.monotonic() + wait
        while True:
            try:
                msg = self.client.get_shell_msg(timeout=min(0.5, wait))
            except queue.Empty:
                if self.process.poll() is not None or time.monotonic() >= deadline:
                    return None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg["content"]
            if time.monotonic() >= deadline:
                return None

    def _interrupt(self) -> None:
        msg = self.client.session.msg("interrupt_request", {})
        self.client.control_channel.send(msg)

    def evaluate(self, code: str, expression: str, timeout: float, limits: Limits) -> tuple[CellRun, str | None]:
        """Run ``code`` silently, then read ``expression`` (which must be a ``str``) back from the kernel."""
        run = self.run(code, timeout, limits, silent=True, user_expressions={"r": expression})
        value = run.user_expressions.get("r", {})
        if value.get("status") != "ok":
            return run, None
        try:
            text = ast.literal_eval(value.get("data", {}).get("text/plain", ""))
        except (ValueError, SyntaxError):
            return run, None
        return run, text if isinstance(text, str) else None

    def call_comm(
        self,
        comm_id: str,
        data: dict,
        timeout: float,
        limits: Limits,
        *,
        target: str | None = None,
        repeat: dict | None = None,
        max_chars: int = 8 * MiB,
    ) -> tuple[CellRun, str | None]:
        """Send ``data`` on the comm ``comm_id`` (opening it with ``target`` when given) and collect the answer the
        kernel sends back on that comm: comm messages whose data hold ``answer`` pieces (``part`` of ``parts``).

        Watched as :meth:`run` watches a cell: the deadline (then an interrupt, and the kernel stopped if that does not
        take within 3 s), the kernel's death, output counted against ``limits.output_chars`` and kept cut, a dropped
        iopub reconnected. The call ends with the kernel's idle status for it, or once its answer came and nothing
        more does. The answer travels on iopub, which can lose messages (a connection dropped by a flood, a full
        queue), so ``repeat``, a message asking the kernel for its last answer again, is sent when the call goes
        quiet, ends without an answer or loses its connection; only a repeat heard whole (from its busy status to its
        idle one on one connection) without an answer means none is coming. Returns the run (status ``ok``,
        ``timeout``, or ``too large`` when an answer exceeds ``max_chars``) and the answer, None if none came."""
        if not self.alive():
            raise KernelGone(self.gone_reason or "the kernel died")
        # A drop after the last call: reconnect, nothing to report for this one; but the new connection may miss
        # this call's first messages, so the answer is asked for again sooner.
        quiet = 0.25 if self._output_dropped() else 1.0  # the silence after which the answer is asked for again
        if target is None:
            first = self._send_comm("comm_msg", {"comm_id": comm_id, "data": data})
        else:
            first = self._send_comm("comm_open", {"comm_id": comm_id, "target_name": target, "data": data})
        deadline = time.monotonic() + timeout
        result = CellRun(status="ok")
        output = _Output(limits.output_chars)
        pieces = _Pieces(max_chars)
        sent, pending = {first}, {first}  # the request and its repeats; those not yet ended (idle)
        busy: set[str] = set()  # those whose busy status was heard on the current iopub connection
        whole: set[str] = set()  # those heard from busy to idle on one connection: nothing of theirs was dropped
        answer: str | None = None
        final, final_at = "", 0.0  # the message whose answer (or refusal: too large) is the call's, and when
        heard = time.monotonic()  # when a message of this call last arrived; quiet doubles up to 4 s
        interrupted_at: float | None = None
        settled = dropped = False  # settled: the kernel went idle after the interrupt

        def ask_again() -> None:
            if repeat is None or len(sent) > MAX_REPEATS:
                return
            msg_id = self._send_comm("comm_msg", {"comm_id": comm_id, "data": repeat})
            sent.add(msg_id)
            pending.add(msg_id)

        while True:
            now = time.monotonic()
            if final and (final not in pending or now > final_at + 1.0):
                break
            if interrupted_at is not None and settled:
                break
            if not final and interrupted_at is None and not pending:
                # Everything sent ended without a complete answer: lost on iopub, or the kernel sent none.
                if repeat is None or whole - {first} or len(sent) > MAX_REPEATS:
                    break
                ask_again()
                heard = now
            if now > deadline and interrupted_at is None:
                interrupted_at, quiet = now, 0.25
                result.status = "timeout"
                self._interrupt()
            if interrupted_at is not None and now > interrupted_at + 3:
                self.gone_reason = f"the kernel was stopped after a call ran longer than {timeout:g} s"
                raise KernelGone(self.gone_reason)
            if self.process.poll() is not None:
                self.gone_reason = "the kernel died (crash, or a memory or CPU limit)"
                raise KernelGone(self.gone_reason)
            if not final and now - heard > quiet:
                ask_again()
                heard, quiet = now, min(quiet * 2, 4.0)
            try:
                msg = self.client.get_iopub_msg(timeout=0.05 if final else 0.2)
            except queue.Empty:  # keep watching the process, the clock and the iopub connection
                if self._output_dropped():
                    dropped, busy = True, set()
                    heard, quiet = 0.0, 0.25  # what was sent meanwhile is lost: ask again at once
                if final:
                    break
                continue
            header, content = msg.get("parent_header"), msg.get("content")
            if not (isinstance(header, dict) and header.get("msg_id") in sent and isinstance(content, dict)):
                continue
            parent, kind, heard = header["msg_id"], msg.get("msg_type"), now
            if kind == "status" and content.get("execution_state") == "busy":
                busy.add(parent)
            elif kind == "status" and content.get("execution_state") == "idle":
                pending.discard(parent)
                if parent in busy:
                    whole.add(parent)
                settled = interrupted_at is not None
            elif kind == "comm_msg" and content.get("comm_id") == comm_id:
                if final:
                    continue
                answer = pieces.add(parent, content.get("data"))
                if answer is not None or pieces.too_large:
                    final, final_at = parent, now
                    if pieces.too_large and interrupted_at is None:
                        result.status = "too large"
            elif kind == "error":
                output.add(f"{str(content.get('ename', ''))[:200]}: {str(content.get('evalue', ''))[:2000]}\n")
            else:
                output.add(_output_text(kind, content))
        # Without the call's idle, its last output may have been dropped: give that drop a moment to show.
        idle = final not in pending if final else not pending or settled
        dropped = self._output_dropped(wait=0.0 if idle else 0.2) or dropped
        result.output = "".join(output.chunks)
        result.truncated = output.truncated or dropped
        return result, answer

    def _send_comm(self, msg_type: str, content: dict) -> str:
        msg = self.client.session.msg(msg_type, content)
        self.client.shell_channel.send(msg)
        return msg["header"]["msg_id"]

    def end(self) -> None:
        with contextlib.suppress(Exception):
            self.client.stop_channels()
        self.sandbox.end(self.process, self.uid)
        shutil.rmtree(self.workdir, ignore_errors=True)
