"""The kernel's end of the bridge: answers the test process's requests inside the student's kernel.

Its source is sent into the kernel before any student code runs (see :mod:`autograder.sandbox.bridge`); it imports
nothing from the grader. Everything it reports is treated as untrusted: a submission can replace or subvert it, and then
it can only hurt itself, because the tests run in another process and receive values only as plain data.
"""

import builtins
import json
import sys

MAX_ANSWER_CHARS = 4 * 2**20  # below the grader's limit (bridge.MAX_ANSWER_CHARS), so honest large answers fail plainly
# An answer goes back in pieces of at most this many characters: escaped again inside its comm message, a piece stays
# under the 4 MiB the grader's iopub socket accepts per message (kernel.CHANNEL_BOUNDS).
PART_CHARS = 2**20
CHANNEL = "grader's comm channel"
SHELL_METHODS = ("run_cell", "run_ast_nodes", "run_code", "transform_cell", "showtraceback", "ex", "ev")


def _key(obj):
    """Identity that survives re-binding: a bound method is a new object on every attribute access."""
    return (id(getattr(obj, "__func__", obj)), id(getattr(obj, "__self__", None)))


class Bridge:
    def __init__(self, shell, plaindata, namespace):
        self.shell, self.pd, self.ns = shell, plaindata, namespace
        self.refs = []
        self.readonly = {}
        self.last = ""
        self.target = self.comm = None
        self.baseline = self._state()

    def listen(self, target):
        """Serve the grader's requests on the comm it opens with ``target`` (see bridge.ask): a comm message carries
        one request, or asks for the last answer again; the answer goes back on the comm in pieces."""
        self.target = target
        self.shell.kernel.comm_manager.register_target(target, self._opened)

    def _opened(self, comm, msg):
        if self.comm is not None:  # the grader opens it once
            return
        self.comm = comm
        comm.on_msg(self._on_msg)
        self.baseline[CHANNEL] = self._channel()
        self._on_msg(msg)  # the opening message carries the first request

    def _on_msg(self, msg):
        data = msg["content"]["data"]
        try:
            if "request" in data:
                self.last = ""
                self.last = self._as_in_a_cell(data["request"])
            text = self.last
            count = max(1, -(-len(text) // PART_CHARS))
            for part in range(count):
                piece = text[part * PART_CHARS : (part + 1) * PART_CHARS]
                self.comm.send({"answer": piece, "part": part, "parts": count})
        except KeyboardInterrupt:  # the grader interrupted a call that ran too long, and reports that itself
            pass

    def _as_in_a_cell(self, request_json):
        """Run a request where a cell would run it: with IPython's builtins (``get_ipython``, ``exit``), display hook
        and excepthook, and an ``input`` that cannot wait for a reader, as ipykernel sets them for a cell."""
        shell, kernel = self.shell, self.shell.kernel
        kernel._forward_input(False)
        try:
            with shell.builtin_trap, shell.display_trap:
                hook, sys.excepthook = sys.excepthook, shell.excepthook
                try:
                    return self.run(request_json)
                finally:
                    sys.excepthook = hook
        finally:
            kernel._restore_input()

    def _channel(self):
        """What carries the grader's requests: the comm manager, its handlers, the target, the comm and its methods."""
        try:
            kernel = self.shell.kernel
            manager, comm = kernel.comm_manager, self.comm
            handlers = [_key(kernel.shell_handlers.get(kind)) for kind in ("comm_open", "comm_msg")]
            own = [int(m in vars(comm)) for m in ("handle_msg", "send", "publish_msg")] if comm is not None else []
            return [
                id(manager),
                *handlers,
                _key(manager.targets.get(self.target)),
                id(manager.comms.get(getattr(comm, "comm_id", None))),
                _key(getattr(comm, "_msg_callback", None)),
                *[id(getattr(type(comm), m, None)) for m in ("handle_msg", "send", "publish_msg")],
                *own,
            ]
        except Exception:
            return ["unreadable"]

    def _state(self):
        shell = self.shell
        manager = shell.input_transformer_manager
        return {
            "input transformer": [
                id(f)
                for f in [
                    *shell.input_transformers_post,
                    *manager.cleanup_transforms,
                    *manager.line_transforms,
                    *getattr(manager, "token_transformers", []),
                ]
            ],
            "AST transformer": [id(t) for t in shell.ast_transformers],
            "custom exception handler": [repr(shell.custom_exceptions)],
            "sys.excepthook": [_key(sys.excepthook)],
            "trace or profile hook": [id(sys.gettrace()), id(sys.getprofile())],
            "IPython execution method": [id(getattr(type(shell), m, None)) for m in SHELL_METHODS]
            + [int(m in vars(shell)) for m in SHELL_METHODS]
            + [id(shell.compile)],
            CHANNEL: self._channel(),
            "builtins": {n: _key(v) for n, v in vars(builtins).items() if not n.startswith("_")},
        }

    def probe(self):
        """Signs that the submission tampered with the machinery that runs code, as ``[kind, detail]`` pairs.

        The grader words the reasons itself and quotes only names it knows, so a subverted probe cannot pass text on.
        """
        now, found = self._state(), []
        for what, before in self.baseline.items():
            if what == "builtins":
                changed = sorted(n for n, i in before.items() if now[what].get(n) != i)
                changed += sorted(set(now[what]) - set(before))
                if changed:
                    found.append(["builtins", changed[:50]])
            elif now[what] != before:
                found.append(["changed", what])
        for name, obj in self.readonly.items():
            if self.ns.get(name) is not obj:
                found.append(["redefined", name])
        return found

    def _ref(self, obj):
        self.refs.append(obj)
        kind = type(obj).__name__ if isinstance(type(obj).__name__, str) else "?"
        return {self.pd.TAG: "ref", "id": len(self.refs) - 1, "type": kind[:100], "callable": callable(obj)}

    def _resolve(self, data):
        kind = data[self.pd.TAG]
        if kind == "ref":
            return self.refs[int(data["id"])]
        if kind == "global":
            return self.ns[str(data["v"])]
        import importlib

        return importlib.import_module(str(data["v"]))

    def _encode(self, value):
        return self.pd.encode(value, self._ref)

    def _decode(self, data):
        return self.pd.decode(data, self._resolve)

    def _handle(self, request):
        op = request["op"]
        if op == "fetch":
            pairs = []
            for name in request["names"]:
                if name in self.ns:
                    try:
                        pairs.append([name, self._encode(self.ns[name])])
                    except self.pd.NotPlainData as error:
                        pairs.append([name, {"error": str(error)}])
            return pairs
        if op == "probe":
            return self.probe()
        if op == "mark":
            self.readonly.update({n: self.ns[n] for n in request["names"] if n in self.ns})
            return None
        target = self.refs[int(request["ref"])]
        if op == "call":
            args = self._decode(request["args"])
            kwargs = self._decode(request["kwargs"])
            return self._encode(target(*args, **kwargs))
        if op == "getattr":
            return self._encode(getattr(target, str(request["name"])))
        if op == "getitem":
            return self._encode(target[self._decode(request["key"])])
        if op == "len":
            return len(target)
        if op == "list":
            return self._encode(list(target))
        raise ValueError(f"unknown request {op!r}")

    def run(self, request_json):
        request = json.loads(request_json)
        try:
            response = {"ok": self._handle(request)}
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # SystemExit from student code is an answer too
            response = {"error": f"{type(error).__name__}: {error}"[:2000]}
        response["nonce"] = request.get("nonce")
        try:
            text = json.dumps(response)
        except (TypeError, ValueError) as error:
            return json.dumps({"error": f"unserialisable answer: {error}", "nonce": request.get("nonce")})
        if len(text) > MAX_ANSWER_CHARS:  # the grader would refuse it: say so here, as the submission's error
            message = f"ValueError: the answer is larger than {MAX_ANSWER_CHARS // 2**20} MiB"
            return json.dumps({"error": message, "nonce": request.get("nonce")})
        return text
