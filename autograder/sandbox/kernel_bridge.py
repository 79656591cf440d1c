"""The kernel's end of the bridge: answers the test process's requests inside the student's kernel.

Its source is sent into the kernel before any student code runs (see :mod:`autograder.sandbox.bridge`); it imports
nothing from the grader. Everything it reports is treated as untrusted: a submission can replace or subvert it, and then
it can only hurt itself, because the tests run in another process and receive values only as plain data.
"""

import builtins
import json
import sys

MAX_ANSWER_CHARS = 4 * 2**20  # below the grader's limit (bridge.MAX_ANSWER_CHARS), so honest large answers fail plainly
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
        self.baseline = self._state()

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
