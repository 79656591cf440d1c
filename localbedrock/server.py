"""``localbedrock serve``: the emulator as an HTTP endpoint, for the AWS CLI, other SDKs and any client that takes an
endpoint URL.

A threaded HTTP/1.1 server: connections are kept alive, each is served by its own thread, and the listen backlog is
deep enough for many clients connecting at once. What a request gets is decided by :mod:`localbedrock.wire.gateway`,
which answers every request, failures included, with an AWS-shaped response. Needs no extra dependency (moto's own
server mode needs Flask).
"""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from localbedrock.activation import DEFAULT_REGION, LocalBedrock
from localbedrock.wire.gateway import STATE_LOCK, aws_host, error_reply, handle

__all__ = ["DUMMY_CREDENTIALS", "BedrockHTTPServer", "aws_host", "client_environment", "serve"]

log = logging.getLogger("localbedrock")

# What a client needs besides the endpoint: any credentials are accepted, but SDKs refuse to sign without some.
DUMMY_CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}
_HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "keep-alive", "server", "date"}
_MAX_BODY = 64 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: a client reuses its connection instead of opening one per call
    server_version = "localbedrock"

    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while size := int(self.rfile.readline().split(b";")[0].strip() or b"0", 16):
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
            while self.rfile.readline().strip():  # trailers, up to the blank line
                pass
            return b"".join(chunks)
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            raise ValueError(f"request body of {length} bytes is larger than {_MAX_BODY}")
        return self.rfile.read(length) if length else b""

    def _serve(self) -> None:
        try:
            body = self._body()
        except ValueError as error:
            service = aws_host(self.headers.get("Authorization", ""), self.path, self.command).split(".", 1)[0]
            self.close_connection = True
            self._send(error_reply(service, 400, "ValidationException", f"The request cannot be read: {error}."))
            return
        self._send(handle(self.command, self.path, dict(self.headers.items()), body))

    def _send(self, reply: tuple[int, dict[str, str], bytes]) -> None:
        status, headers, payload = reply
        self.send_response(status)
        for key, value in headers.items():
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        # A HEAD response tells the length of the body a GET would have (S3's HeadObject), not of its own.
        declared = next((v for k, v in headers.items() if k.lower() == "content-length"), None)
        self.send_header("Content-Length", declared if self.command == "HEAD" and declared else str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _serve

    def log_message(self, format: str, *args: Any) -> None:  # quiet by default; details go to the logger
        log.debug("%s " + format, self.address_string(), *args)


class BedrockHTTPServer(ThreadingHTTPServer):
    """One thread per connection, a listen backlog of 128 (the kernel's default ceiling), no stall on exit."""

    request_queue_size = 128
    daemon_threads = True


def serve(port: int = 4566, host: str = "127.0.0.1", **options: Any) -> tuple[BedrockHTTPServer, LocalBedrock]:
    """Start the emulator (``options`` as :class:`~localbedrock.LocalBedrock` takes them) and bind an HTTP server
    to it (``port=0`` picks a free port); call ``serve_forever()`` on the server."""
    emulator = LocalBedrock(**options).start()
    if emulator.options.sleep > 0:
        _sleep_unlocked(emulator)
    try:
        return BedrockHTTPServer((host, port), _Handler), emulator
    except OSError:
        emulator.stop()
        raise


def _sleep_unlocked(emulator: LocalBedrock) -> None:
    """Let other requests reach the emulator while one sleeps its simulated latency (``sleep`` option), so
    concurrent clients wait in parallel as they would on AWS."""
    service = emulator.service
    assert service is not None
    wait = service._wait

    def wait_unlocked(latency_ms: int) -> None:
        STATE_LOCK.release()
        try:
            wait(latency_ms)
        finally:
            STATE_LOCK.acquire()

    service._wait = wait_unlocked  # type: ignore[method-assign]


def client_environment(url: str, region: str = DEFAULT_REGION) -> dict[str, str]:
    """The environment variables that point an SDK or the AWS CLI at ``url``."""
    return {"AWS_ENDPOINT_URL": url, **DUMMY_CREDENTIALS, "AWS_DEFAULT_REGION": region}
