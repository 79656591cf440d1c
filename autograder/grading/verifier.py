"""The test process: runs the instructor's test cells in a fresh interpreter the submission never touches.

One per submission, forked by a grading worker's fork server (``python -m autograder.grading.verifier
--fork-server MODULE...``, which imports the lab's modules once), talking JSON lines over stdin/stdout. It executes
read-only cells (so helpers and expected values the tests use are the instructor's) and
test cells; every name a test needs from the student is fetched from the kernel as plain data
(:mod:`autograder.sandbox.plaindata`), and student functions and objects arrive as :class:`StudentValue` references
that can be called or inspected through the bridge but never compared. Assertions, comparisons and partial-credit
arithmetic therefore all run here, on builtin values, where the submission's hooks, transformers and patched
builtins do not exist. Hidden test source never leaves this process or the grader.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import importlib
import io
import json
import numbers
import os
import signal
import socket
import sys
import threading
import traceback

from autograder.grading import kept
from autograder.sandbox import plaindata

MAX_OUTPUT = 4_000  # per test: what a visible test printed and its failure, shown to the student
# Text the submission chose (an exception message from its code) reaches a test's output only as a short excerpt.
MAX_EXCERPT = 300
# Top-level packages the test process may import when a student's global names one (see import_trusted).
lab_modules: set[str] = set()


class StudentError(Exception):
    """The submission's code raised, timed out or stopped while a test used it."""


class OpaqueValue(TypeError):
    """A test tried to compare or test the truth of a student object that is not plain data."""


class Channel:
    """JSON lines to and from the grading worker."""

    def __init__(self, rfile, wfile) -> None:
        self.rfile, self.wfile = rfile, wfile

    def send(self, message: dict) -> None:
        self.wfile.write(json.dumps(message) + "\n")
        self.wfile.flush()

    def receive(self) -> dict:
        line = self.rfile.readline()
        if not line:
            raise SystemExit(0)
        return json.loads(line)

    def kernel(self, request: dict):
        self.send({"op": "kernel", "request": request})
        reply = self.receive()["reply"]
        if "error" in reply:
            raise StudentError(reply["error"])
        return reply["ok"]


class StudentValue:
    """A value that lives in the student's kernel: callable and inspectable through the bridge, never comparable."""

    __slots__ = ("_channel", "_ref", "_type")

    def __init__(self, channel: Channel, data: dict) -> None:
        object.__setattr__(self, "_channel", channel)
        object.__setattr__(self, "_ref", int(data["id"]))
        object.__setattr__(self, "_type", str(data.get("type", "object")))

    def _ask(self, op: str, **fields):
        return decode(self._channel, self._channel.kernel({"op": op, "ref": self._ref, **fields}))

    def __call__(self, *args, **kwargs):
        return self._ask("call", args=encode(args), kwargs=encode(kwargs))

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return self._ask("getattr", name=name)

    def __getitem__(self, key):
        return self._ask("getitem", key=encode(key))

    def __len__(self) -> int:
        result = self._channel.kernel({"op": "len", "ref": self._ref})
        if type(result) is not int:
            raise StudentError("len() of a student object did not return an int")
        return result

    def __iter__(self):
        return iter(self._ask("list"))

    def _opaque(self, *_args):
        # The class name is the submission's choice: never quoted, so it cannot carry a message to the record.
        raise OpaqueValue("a test compared or tested an object from the submission that is not plain data")

    __eq__ = __ne__ = __lt__ = __le__ = __gt__ = __ge__ = __bool__ = __contains__ = _opaque
    __hash__ = _opaque  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<an object from the submission>"


_current_globals: dict = {}


def _make_ref(value):
    if isinstance(value, StudentValue):
        return {plaindata.TAG: "ref", "id": object.__getattribute__(value, "_ref")}
    for name, candidate in _current_globals.items():
        if candidate is value and not name.startswith("__"):
            return {plaindata.TAG: "global", "v": name}
    raise plaindata.NotPlainData(f"a {type(value).__name__} cannot be passed to the submission's code")


def encode(value):
    return plaindata.encode(value, _make_ref)


def decode(channel: Channel, data):
    def resolve(ref: dict):
        kind = ref[plaindata.TAG]
        if kind == "ref":
            return StudentValue(channel, ref)
        if kind == "module":
            return import_trusted(str(ref["v"]))
        raise plaindata.NotPlainData("the kernel sent a reference kind it may not send")

    return plaindata.decode(data, resolve)


def import_trusted(name: str):
    """The module a student's global names, imported here (never the student's module object).

    Only modules already imported here or belonging to a package the lab itself imports, and never a ``__main__``:
    a name chosen by the submission must not run arbitrary importable code in this process.
    """
    parts = name.split(".")
    if name in sys.modules and "__main__" not in parts:
        return sys.modules[name]
    if "__main__" in parts or parts[0] not in lab_modules:
        raise ImportError(name)
    return importlib.import_module(name)


def free_names(tree: ast.AST) -> set[str]:
    """Names a cell reads but never binds anywhere (so they must come from the student's kernel)."""
    loaded, bound = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loaded - bound - set(dir(builtins))


def bound_names(tree: ast.Module) -> list[str]:
    """Top-level names a cell defines (what a read-only cell provides to the tests)."""
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.extend((alias.asname or alias.name).split(".")[0] for alias in node.names)
        else:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Store):
                    names.append(sub.id)
    return sorted(set(names))


def imported_modules(sources) -> list[str]:
    """Top-level modules that code imports (absolute imports only): what to import before a submission starts."""
    found = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module.split(".")[0])
    return sorted(found)


def warm_targets(sources) -> list[str]:
    """What to load before a submission starts: the modules the lab's code imports (``a.b``, and ``a.b.c`` for
    ``from a.b import c`` in case it is a module) and the attributes it reads from them (``a.b:start``), since a
    package that loads its parts lazily on attribute access would otherwise do so while the submission runs."""
    found: set[str] = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        aliases: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    found.add(alias.name)
                    aliases[alias.asname or alias.name.split(".")[0]] = (
                        alias.name if alias.asname else alias.name.split(".")[0]
                    )
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.add(node.module)
                for alias in node.names:
                    if alias.name != "*":
                        found.add(f"{node.module}.{alias.name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                found.add(f"{aliases[node.value.id]}:{node.attr}")
    return sorted(found)


def warm(targets) -> None:
    """Load ``targets`` (see warm_targets) now, errors ignored, so the submission does not wait for them."""
    for target in map(str, targets):
        module_name, _, attribute = target.partition(":")
        lab_modules.add(module_name.split(".")[0])
        with contextlib.suppress(Exception):
            module = importlib.import_module(module_name)
            if attribute:
                getattr(module, attribute)


class Verifier:
    """The test process's state for one submission: the namespace the instructor's cells build, as in a kernel.

    Each cell's definitions are kept whether or not its assertions pass (those made before the first failing
    statement, as nbgrader's kernel would have them). A name is fetched from the student's kernel only if the lab
    declares it as the student's (``student_names``: what the solution cells define, never what a test or read-only
    cell defines), so a test never borrows a helper from the submission.
    """

    def __init__(self, channel: Channel) -> None:
        self.channel = channel
        self.namespace: dict = {}
        self.student_names: set[str] = set()
        self.left_undefined: dict[str, str] = {}  # name -> the failed cell that should have defined it

    def run_cell(self, name: str, source: str, fetch: bool) -> dict:
        global _current_globals
        filename = f"<cell {name}>"
        output = io.StringIO()
        result: dict = {"op": "done", "status": "passed", "partial": None, "opaque": None, "blocked_by": None}
        scope: dict = {}
        fetched: dict = {}
        tree = None
        try:
            tree = ast.parse(source, filename)
            scope = {"__name__": "__main__", "__builtins__": builtins, **self.namespace}
            fetched = self._fetch((free_names(tree) - set(scope)) & self.student_names) if fetch else {}
            scope.update(fetched)
            _current_globals = scope
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
                exec(compile(tree, filename, "exec"), scope)
                value = eval(compile(ast.Expression(last.value), filename, "eval"), scope) if last else None
            if isinstance(value, numbers.Real) and not isinstance(value, bool):
                result["partial"] = float(value)
        except BaseException as error:
            result["status"] = "failed"
            if isinstance(error, OpaqueValue):
                result["opaque"] = str(error)
            blocked_by = (
                self.left_undefined.get(getattr(error, "name", None) or "") if type(error) is NameError else None
            )
            if blocked_by:
                result["blocked_by"] = blocked_by
                output.write(
                    f"could not run: it uses {error.name}, which {blocked_by} did not define because it failed\n"
                )
            else:
                output.write(describe_failure(error, filename, source))
            if tree is not None:
                for missing in set(bound_names(tree)) - set(scope):
                    self.left_undefined.setdefault(missing, name)
        self.namespace.update(
            {k: v for k, v in scope.items() if not k.startswith("__") and fetched.get(k, self) is not v}
        )
        for defined in set(scope) & set(self.left_undefined):
            del self.left_undefined[defined]
        result["output"] = output.getvalue()[:MAX_OUTPUT]
        result["kept"] = kept.take()  # values this cell computed that a batch may keep (autograder.grading.kept)
        return result

    def _fetch(self, names: set[str]) -> dict:
        if not names:
            return {}
        values = {}
        for name, data in self.channel.kernel({"op": "fetch", "names": sorted(names)}):
            if not isinstance(name, str) or name not in names or (isinstance(data, dict) and "error" in data):
                continue
            try:
                values[name] = decode(self.channel, data)
            except (ImportError, plaindata.NotPlainData, ValueError, TypeError, KeyError):
                continue
        return values

    def serve(self) -> None:
        while True:
            message = self.channel.receive()
            if message.get("op") == "declare":  # no answer, like warm
                self.student_names = {str(n) for n in message.get("student_names", [])}
                kept.use(message.get("kept") if isinstance(message.get("kept"), str) else None)
            elif message.get("op") == "cell":
                self.channel.send(self.run_cell(message["name"], message["source"], message.get("fetch", True)))
            elif message.get("op") == "warm":  # no answer: the next request simply waits for it
                warm(message.get("modules", []))


def describe_failure(error: BaseException, filename: str, source: str) -> str:
    """The failing line of the cell and the exception, without frames from inside this module."""
    lines = source.splitlines()
    where = ""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == filename and frame.lineno and frame.lineno <= len(lines):
            where = f"line {frame.lineno}: {lines[frame.lineno - 1].strip()}\n"
            break
    if isinstance(error, StudentError):
        message = f"the submission's code failed: {excerpt(str(error))}"
    elif isinstance(error, OpaqueValue):
        message = f"OpaqueValue: {error}"
    else:
        message = excerpt("".join(traceback.format_exception_only(type(error), error)).strip(), 1_000)
    return f"{where}{message}\n"


def excerpt(text: str, limit: int = MAX_EXCERPT) -> str:
    """``text`` cut to ``limit`` characters with control characters escaped: safe to quote in a test's output."""
    cut = text[:limit]
    shown = "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in cut)
    return shown + ("…" if len(text) > limit else "")


# The read-only cells the fork server ran before any submission (see run_prelude): how many, and the namespace they
# built, which every forked test process starts from instead of running them again.
prelude_done = 0
prelude_namespace: dict = {}


def main() -> None:
    protocol_out = sys.stdout
    sys.stdout = sys.stderr  # stray prints from imported modules must never reach the protocol stream
    verifier = Verifier(Channel(sys.stdin, protocol_out))
    verifier.namespace.update(prelude_namespace)
    verifier.serve()


def _files(folder: str) -> dict[str, tuple[int, int]]:
    found = {}
    for parent, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(parent, name)
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                found[path] = (info.st_size, info.st_mtime_ns)
    return found


def run_prelude(path: str) -> None:
    """Run the lab's leading read-only cells (``path``: JSON with their sources and the server's own mirror of the
    lab folder) once in the fork server, so each test process starts with their namespace (the emulator started,
    its clients made) instead of running them again. They are the instructor's code and run before any submission
    exists. All or nothing: if one fails, writes a file, or leaves a thread running (which a fork would not copy),
    none counts and every test process runs them itself."""
    global prelude_done, prelude_skipped
    with open(path) as file:
        request = json.load(file)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    before = _files(request["cwd"])
    verifier = Verifier(Channel(None, None))
    with contextlib.redirect_stdout(io.StringIO()):
        statuses = [verifier.run_cell(name, source, fetch=False)["status"] for name, source in request["cells"]]
    if not all(status == "passed" for status in statuses):
        prelude_skipped = "a setup cell failed"
    elif _files(request["cwd"]) != before:
        prelude_skipped = "a setup cell wrote in the lab folder"
    elif threading.active_count() != 1:
        prelude_skipped = "a setup cell left a thread running"
    else:
        prelude_skipped = ""
        prelude_done = len(statuses)
        prelude_namespace.update(verifier.namespace)
        prelude_env.update({k: v for k, v in os.environ.items() if request["env"].get(k) != v})


prelude_env: dict[str, str] = {}  # variables the prelude set (localbedrock sets a default region), kept after a fork
prelude_skipped = ""  # why the fork server's run of the prelude does not count, for the worker's log


def fork_server(control: socket.socket) -> None:
    """Serve forks of this process, already warm, one per submission (``python -m ... --fork-server``).

    Each request on ``control`` carries the new test process's two pipe ends (as file descriptors) and its folder
    and environment; the answer is the child's pid. Imports happen once here, not once per submission. The children
    are reaped by the kernel (SIGCHLD ignored); the grader kills one through a pidfd when its submission ends.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 65536, 2)
        except OSError:
            return
        if not message or len(fds) != 2:
            return
        request = json.loads(message)
        pid = os.fork()
        if pid == 0:
            try:
                control.close()
                os.dup2(fds[0], 0)
                os.dup2(fds[1], 1)
                for fd in fds:
                    os.close(fd)
                os.setsid()
                os.chdir(request["cwd"])
                os.environ.clear()
                os.environ.update({**request["env"], **prelude_env})
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                main()
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        reply = {"pid": pid, "prelude": prelude_done, "skipped": prelude_skipped}
        control.sendall(json.dumps(reply).encode() + b"\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fork-server"]:
        prelude = sys.argv[3] if sys.argv[2:3] == ["--prelude"] else None
        warm(sys.argv[4:] if prelude else sys.argv[2:])
        if prelude:
            prelude_skipped = "the setup cells could not run"
            with contextlib.suppress(Exception):
                run_prelude(prelude)
        fork_server(socket.socket(fileno=0))
    else:
        main()
