"""The grader's end of the bridge between the test process and a student's kernel.

:func:`install_code` is the first code a kernel runs: it builds the kernel-side
:class:`~autograder.sandbox.kernel_bridge.Bridge` under a name chosen per submission. :func:`ask` sends one request
and returns the answer as parsed JSON (re-checked here, so nothing the kernel sends can break the framing of the
channel to the test process).
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from autograder.sandbox.kernel import CellRun, Kernel, KernelGone
from autograder.sandbox.limits import Limits

_HERE = Path(__file__).parent
MAX_ANSWER_CHARS = 64 * 2**20
PLAINDATA_SOURCE = (_HERE / "plaindata.py").read_text()
BRIDGE_SOURCE = (_HERE / "kernel_bridge.py").read_text()


def new_name() -> str:
    return f"_autograder_{secrets.token_hex(6)}"


def install_code(name: str) -> str:
    return (
        "def _install():\n"
        "    import types\n"
        "    pd = types.ModuleType('_autograder_plaindata')\n"
        f"    exec(compile({PLAINDATA_SOURCE!r}, '<autograder plaindata>', 'exec'), pd.__dict__)\n"
        "    br = types.ModuleType('_autograder_bridge')\n"
        f"    exec(compile({BRIDGE_SOURCE!r}, '<autograder bridge>', 'exec'), br.__dict__)\n"
        "    shell = get_ipython()\n"
        "    return br.Bridge(shell, pd, shell.user_ns)\n"
        f"{name} = _install()\n"
        "del _install\n"
    )


# How ask reports a call the kernel did not finish in time; a submission's own TimeoutError reads otherwise.
TIMED_OUT = "TimeoutError: the submission's code did not finish within"


def ask(kernel: Kernel, name: str, request: dict, limits: Limits, timeout: float) -> dict:
    """One request to the kernel's bridge: ``{"ok": value}`` or ``{"error": message}``."""
    nonce = secrets.token_hex(8)
    code = f"{name}.last = ''\n{name}.last = {name}.run({json.dumps({**request, 'nonce': nonce})!r})"
    try:
        run, text = kernel.evaluate(code, f"{name}.last", timeout, limits)
    except KernelGone as gone:
        return {"error": f"KernelGone: {gone}"}
    if run.status == "timeout":
        return {"error": f"{TIMED_OUT} {timeout:g} s"}
    if not text:
        return {"error": f"BridgeError: no answer from the kernel ({_describe(run)})"}
    if len(text) > MAX_ANSWER_CHARS:
        return {"error": f"ValueError: the answer is larger than {MAX_ANSWER_CHARS // 2**20} MiB"}
    try:
        answer = json.loads(text)
    except ValueError:
        return {"error": "BridgeError: the kernel's answer is not JSON"}
    if not isinstance(answer, dict) or answer.pop("nonce", None) != nonce:
        return {"error": "BridgeError: the answer is not the answer to this request"}
    if not ({"ok"} == set(answer) or {"error"} == set(answer)):
        return {"error": "BridgeError: malformed answer from the kernel"}
    if "error" in answer and not isinstance(answer["error"], str):
        return {"error": "BridgeError: malformed error from the kernel"}
    return answer


def _describe(run: CellRun) -> str:
    return f"{run.ename}: {run.evalue}" if run.ename else run.status
