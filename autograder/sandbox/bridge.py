"""The grader's end of the bridge between the test process and a student's kernel.

:func:`install_code` is the first code a kernel runs: it builds the kernel-side
:class:`~autograder.sandbox.kernel_bridge.Bridge` under a name chosen per submission, which serves requests on a
Jupyter comm whose target is named after it. :func:`open_channel` opens that comm, once per kernel; :func:`ask` sends
one request on it and returns the answer as parsed JSON (re-checked here, so nothing the kernel sends can break the
framing of the channel to the test process). A comm message is handled by the kernel directly, not run as a cell, so
a round trip costs about half an ``execute_request``'s, and no input or AST transformer sees the requests.
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


def comm_target(name: str) -> str:
    """The comm target the kernel's bridge ``name`` serves: as unguessable as the name, which is random."""
    return f"{name}_requests"


def comm_id(name: str) -> str:
    return f"{name}_channel"


def install_code(name: str) -> str:
    return (
        "def _install():\n"
        "    import types\n"
        "    pd = types.ModuleType('_autograder_plaindata')\n"
        f"    exec(compile({PLAINDATA_SOURCE!r}, '<autograder plaindata>', 'exec'), pd.__dict__)\n"
        "    br = types.ModuleType('_autograder_bridge')\n"
        f"    exec(compile({BRIDGE_SOURCE!r}, '<autograder bridge>', 'exec'), br.__dict__)\n"
        "    shell = get_ipython()\n"
        "    bridge = br.Bridge(shell, pd, shell.user_ns)\n"
        f"    bridge.listen({comm_target(name)!r})\n"
        "    return bridge\n"
        f"{name} = _install()\n"
        "del _install\n"
    )


# How ask says why a request got no answer from the submission; the kernel cannot set this key (answers are checked
# to hold exactly "ok" or "error"), so the grader's decisions never read text the submission wrote.
TIMEOUT, GONE, TAMPERED, TOO_LARGE = "timeout", "gone", "tampered", "too large"


def _failed(status: str, message: str) -> dict:
    return {"error": message, "status": status}


def open_channel(kernel: Kernel, name: str, limits: Limits, timeout: float) -> bool:
    """Open the comm of the bridge ``name`` (installed by :func:`install_code`); whether it answers."""
    return _exchange(kernel, name, {"op": "mark", "names": []}, limits, timeout, opening=True) == {"ok": None}


def ask(kernel: Kernel, name: str, request: dict, limits: Limits, timeout: float) -> dict:
    """One request to the kernel's bridge: ``{"ok": value}``, ``{"error": message}`` (the submission's code raised),
    or ``{"error": message, "status": why}`` when the grader got no usable answer (see TIMEOUT and the others).

    Requests travel only on the comm: a kernel whose comm no longer answers (its handler, manager or comm replaced
    or removed) gets TAMPERED, never a fallback to running code as a cell, which the submission could then steer."""
    return _exchange(kernel, name, request, limits, timeout)


def _exchange(kernel: Kernel, name: str, request: dict, limits: Limits, timeout: float, opening: bool = False) -> dict:
    nonce = secrets.token_hex(8)
    data = {"request": json.dumps({**request, "nonce": nonce})}
    try:
        run, text = kernel.call_comm(
            comm_id(name),
            data,
            timeout,
            limits,
            target=comm_target(name) if opening else None,
            repeat={"repeat": True},
            max_chars=MAX_ANSWER_CHARS,
        )
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
