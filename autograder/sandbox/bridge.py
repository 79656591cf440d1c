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

from autograder.sandbox.kernel import Kernel, KernelGone
from autograder.sandbox.limits import Limits

_HERE = Path(__file__).parent
MAX_ANSWER_CHARS = 8 * 2**20  # the kernel's channels hold at most 16 MiB per message (kernel.py)
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


# How ask says why a request got no answer from the submission; the kernel cannot set this key (answers are checked
# to hold exactly "ok" or "error"), so the grader's decisions never read text the submission wrote.
TIMEOUT, GONE, TAMPERED, TOO_LARGE = "timeout", "gone", "tampered", "too large"


def _failed(status: str, message: str) -> dict:
    return {"error": message, "status": status}


def ask(kernel: Kernel, name: str, request: dict, limits: Limits, timeout: float) -> dict:
    """One request to the kernel's bridge: ``{"ok": value}``, ``{"error": message}`` (the submission's code raised),
    or ``{"error": message, "status": why}`` when the grader got no usable answer (see TIMEOUT and the others)."""
    nonce = secrets.token_hex(8)
    code = f"{name}.last = ''\n{name}.last = {name}.run({json.dumps({**request, 'nonce': nonce})!r})"
    try:
        run, text = kernel.evaluate(code, f"{name}.last", timeout, limits)
    except KernelGone as gone:
        return _failed(GONE, f"KernelGone: {gone}")
    if run.status == "timeout":
        return _failed(TIMEOUT, f"TimeoutError: the submission's code did not finish within {timeout:g} s")
    if run.status == "too large" or (text is not None and len(text) > MAX_ANSWER_CHARS):
        return _failed(TOO_LARGE, f"ValueError: the answer is larger than {MAX_ANSWER_CHARS // 2**20} MiB")
    if not text:
        return _failed(TAMPERED, "BridgeError: no answer from the kernel")
    try:
        answer = json.loads(text)
    except ValueError:
        return _failed(TAMPERED, "BridgeError: the kernel's answer is not JSON")
    if not isinstance(answer, dict) or answer.pop("nonce", None) != nonce:
        return _failed(TAMPERED, "BridgeError: the answer is not the answer to this request")
    if not ({"ok"} == set(answer) or {"error"} == set(answer)):
        return _failed(TAMPERED, "BridgeError: malformed answer from the kernel")
    if "error" in answer and not isinstance(answer["error"], str):
        return _failed(TAMPERED, "BridgeError: malformed error from the kernel")
    return answer
