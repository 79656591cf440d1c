"""The bridge's comm channel against a real sandboxed kernel: the same answers as running requests as cells, and the
same guarantees (timeouts, output floods, large answers, a submission that silences or replaces the channel)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from grader_helpers import COURSE

from autograder.course.labs import load_lab
from autograder.grading import execute
from autograder.sandbox import bridge
from autograder.sandbox import kernel as kernel_module
from autograder.sandbox.confine import Sandbox
from autograder.sandbox.kernel import Kernel
from autograder.sandbox.limits import Limits
from autograder.sandbox.processes import UidLease, is_root

pytestmark = pytest.mark.skipif(not shutil.which("bwrap"), reason="bubblewrap is not installed")
LIMITS = Limits(cell_timeout=10)

STUDENT = """
import sys, time
import numpy as np
def add(a, b):
    return a + b
def boom(x):
    raise ValueError(f"bad {x}")
def leave():
    raise SystemExit(3)
def slow():
    time.sleep(30)
def spin():
    while True:
        pass
def noisy(n, size, flush):
    for i in range(n):
        print('f' * size, flush=flush)
    return n
def big(n):
    return 'y' * n
class Thing:
    size = 3
    def __len__(self):
        return 4
    def __getitem__(self, key):
        return key * 2
    def __iter__(self):
        return iter([1, 2, add])
thing = Thing()
values = {"a": [1, 2.5, None, True, "x"], "t": (1, 2), "s": {3}}
arr = np.arange(6).reshape(2, 3)
"""


@pytest.fixture
def kernel():
    lease = UidLease() if is_root() else None
    workdir = Path(tempfile.mkdtemp(prefix="autograder-test-"))
    layout = load_lab(COURSE, "lab01_demo").layout()
    started = Kernel(Sandbox("bwrap", LIMITS, layout=layout), workdir / "k", lease.uid if lease else os.getuid())
    started.wait_ready()
    yield started
    started.end()
    if lease:
        lease.release()
    shutil.rmtree(workdir, ignore_errors=True)


def install(kernel: Kernel, code: str = STUDENT) -> str:
    """The bridge installed and its comm opened, as the grader does before any student code; then ``code`` run."""
    name = bridge.new_name()
    assert kernel.run(bridge.install_code(name), 30, LIMITS, silent=True).status == "ok"
    assert bridge.open_channel(kernel, name, LIMITS, 30)
    assert kernel.run(code, 30, LIMITS).status == "ok"
    return name


def ask(kernel: Kernel, name: str, request: dict, timeout: float = 10) -> dict:
    return bridge.ask(kernel, name, request, LIMITS, timeout)


def ref(kernel: Kernel, name: str, variable: str) -> dict:
    answer = ask(kernel, name, {"op": "fetch", "names": [variable]})
    return answer["ok"][0][1]


def call(target: dict, *args) -> dict:
    arguments = {"$": "tuple", "v": list(args)}
    return {"op": "call", "ref": target["id"], "args": arguments, "kwargs": {"$": "dict", "v": []}}


def by_execute(kernel: Kernel, name: str, request: dict) -> dict:
    """A request run as a cell, as the bridge sent them before its comm: the reference the comm must equal."""
    code = f"{name}.last = ''\n{name}.last = {name}.run({json.dumps({**request, 'nonce': 'n'})!r})"
    run, text = kernel.evaluate(code, f"{name}.last", 10, LIMITS)
    assert run.status == "ok" and text
    answer = json.loads(text)
    assert answer.pop("nonce") == "n"
    return answer


def test_comm_answers_equal_the_answers_of_requests_run_as_cells(kernel):
    # Two bridges in one kernel, each with its own references: one asked on its comm, one through cells.
    by_comm = install(kernel)
    by_cell = install(kernel, "pass")
    names = ["add", "boom", "leave", "thing", "values", "arr", "missing"]
    fetched = ask(kernel, by_comm, {"op": "fetch", "names": names})
    assert fetched == by_execute(kernel, by_cell, {"op": "fetch", "names": names})
    refs = {name: value for name, value in fetched["ok"]}
    assert refs["add"]["$"] == "ref" and "missing" not in refs
    requests = [
        call(refs["add"], 2, 3),
        call(refs["add"], "a", [1]),
        call(refs["boom"], 1),
        call(refs["leave"]),
        {"op": "getattr", "ref": refs["thing"]["id"], "name": "size"},
        {"op": "getattr", "ref": refs["thing"]["id"], "name": "nothing"},
        {"op": "len", "ref": refs["thing"]["id"]},
        {"op": "getitem", "ref": refs["thing"]["id"], "key": 5},
        {"op": "list", "ref": refs["thing"]["id"]},
        {"op": "call", "ref": 999, "args": {"$": "tuple", "v": []}, "kwargs": {"$": "dict", "v": []}},
        {"op": "mark", "names": ["add"]},
        {"op": "probe"},
        {"op": "unknown"},
    ]
    for request in requests:
        assert ask(kernel, by_comm, request) == by_execute(kernel, by_cell, request), request
    assert ask(kernel, by_comm, requests[0]) == {"ok": 5}
    assert ask(kernel, by_comm, requests[3]) == {"error": "SystemExit: 3"}
    assert ask(kernel, by_comm, {"op": "probe"}) == {"ok": []}


def test_a_call_that_runs_too_long_is_a_timeout_and_the_kernel_answers_afterwards(kernel):
    name = install(kernel)
    for slow in ("slow", "spin"):  # interrupted in a sleep, and in a busy Python loop
        answer = ask(kernel, name, call(ref(kernel, name, slow)), timeout=1)
        assert answer["status"] == bridge.TIMEOUT, answer
        assert kernel.alive()
        assert ask(kernel, name, call(ref(kernel, name, "add"), 1, 2)) == {"ok": 3}
    assert ask(kernel, name, {"op": "probe"}) == {"ok": []}


@pytest.mark.parametrize(
    ("lines", "size", "flush", "drops"),
    [
        (2, 6 * 2**20, True, True),  # messages over iopub's bound: the connection drops, and what follows is lost
        (1, 6 * 2**20, False, True),  # the same, sent after the answer (output is flushed when the call ends)
        (200_000, 100, False, False),  # a flood in messages of 0.2 s each
        (4_000, 10, True, False),  # many small messages, which can fill iopub's queue
    ],
)
def test_a_call_that_floods_its_output_still_answers(kernel, lines, size, flush, drops):
    name = install(kernel)
    runs, reconnects = [], []
    original, reconnect = kernel.call_comm, kernel.client.reconnect_iopub

    def watched(*args, **kwargs):
        run, text = original(*args, **kwargs)
        runs.append(run)
        return run, text

    kernel.call_comm = watched
    kernel.client.reconnect_iopub = lambda: reconnects.append(1) or reconnect()
    noisy = ref(kernel, name, "noisy")
    assert ask(kernel, name, call(noisy, lines, size, flush), timeout=30) == {"ok": lines}
    assert runs[-1].status == "ok" and runs[-1].truncated and len(runs[-1].output) <= LIMITS.output_chars
    assert reconnects or not drops
    assert ask(kernel, name, call(ref(kernel, name, "add"), 1, 2)) == {"ok": 3}
    assert runs[-1].truncated is False


def test_large_answers_cross_in_pieces_and_too_large_ones_fail_plainly(kernel):
    name = install(kernel)
    big = ref(kernel, name, "big")
    size = 3 * 2**20 + 17  # four pieces
    assert ask(kernel, name, call(big, size)) == {"ok": "y" * size}
    assert ask(kernel, name, call(big, 5 * 2**20)) == {"error": "ValueError: the answer is larger than 4 MiB"}


def test_a_kernel_without_the_bridge_opens_no_channel(kernel):
    assert not bridge.open_channel(kernel, bridge.new_name(), LIMITS, 10)
    assert kernel.run("print('still usable')", 10, LIMITS).output == "still usable\n"


@pytest.mark.parametrize(
    "hijack",
    [
        "for c in list(get_ipython().kernel.comm_manager.comms.values()):\n    c.on_msg(lambda msg: None)",
        "get_ipython().kernel.comm_manager.comms.clear()",
        "get_ipython().kernel.shell_handlers['comm_msg'] = lambda *args: None",
    ],
)
def test_a_silenced_or_replaced_channel_is_tampering(kernel, hijack):
    name = install(kernel, STUDENT + hijack)
    expected = {"error": "BridgeError: no answer from the kernel", "status": bridge.TAMPERED}
    assert ask(kernel, name, {"op": "fetch", "names": ["add"]}) == expected
    assert ask(kernel, name, {"op": "probe"}) == expected
    assert kernel.alive()


def test_a_removed_comm_target_is_reported_by_the_probe(kernel):
    # The open comm still answers (the target only serves openings), but the probe sees the change.
    name = install(kernel, STUDENT + "get_ipython().kernel.comm_manager.targets.clear()")
    found = ask(kernel, name, {"op": "probe"})["ok"]
    assert found == [["changed", "grader's comm channel"]]
    assert execute.probe_reasons(found, set()) == [
        "the submission changed the grader's comm channel: it tampers with how code runs"
    ]


FORGED_ANSWERS = """
for c in list(get_ipython().kernel.comm_manager.comms.values()):
    c.on_msg(lambda msg, c=c: c.send({"answer": '{"ok": 1, "nonce": "guessed"}', "part": 0, "parts": 1}))
"""


def test_an_answer_the_submission_forges_on_the_comm_is_tampering(kernel):
    name = install(kernel, FORGED_ANSWERS)
    answer = ask(kernel, name, {"op": "fetch", "names": ["add"]})
    assert answer == {"error": "BridgeError: the answer is not the answer to this request", "status": bridge.TAMPERED}


def test_answer_pieces_are_joined_in_order_and_bounded():
    pieces = kernel_module._Pieces(max_chars=1000)
    assert pieces.add("m1", {"answer": "b", "part": 1, "parts": 2}) is None
    assert pieces.add("m1", {"answer": "x", "part": 1, "parts": 2}) is None  # a part only once
    assert pieces.add("m1", {"answer": "a", "part": 0, "parts": 2}) == "ab"
    for malformed in (None, [], {"answer": 1, "part": 0, "parts": 1}, {"answer": "a", "part": 2, "parts": 2}):
        assert pieces.add("m2", malformed) is None
    assert pieces.add("m3", {"answer": "c", "part": 0, "parts": 3}) is None
    assert pieces.add("m4", {"answer": "d", "part": 0, "parts": 1}) == "d"  # a newer message's answer replaces it
    flood = kernel_module._Pieces(max_chars=1000)
    for part in range(20):  # empty pieces weigh too
        flood.add("m", {"answer": "", "part": part, "parts": 10**6})
    assert flood.too_large and flood.parts == {}
