"""``localbedrock serve``: the emulator as an HTTP endpoint on 127.0.0.1, for the AWS CLI, other SDKs and any
client that takes an ``--endpoint-url``.

Each request is routed the way moto's in-process stub routes boto3's: the service and region come from the SigV4
credential scope of its Authorization header (bedrock, bedrock-runtime, bedrock-agent and bedrock-agent-runtime share
the signing name ``bedrock`` and are told apart by path), the URL is rewritten to that service's AWS host, and moto
dispatches it (bedrock-agent-runtime, which moto lacks, goes to localbedrock's own handler). Requests are handled one
at a time. Needs no extra dependency (moto's own server mode needs Flask).
"""

from __future__ import annotations

import re
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

from localbedrock.activation import LocalBedrock

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
_RUNTIME_PATH = re.compile(r"^/(?:model|async-invoke|guardrail)/")
_AGENT_RUNTIME_PATH = re.compile(
    r"^/(?:retrieveAndGenerate(?:Stream)?|rerank)(?:\?|$)|^/knowledgebases/[^/]+/retrieve(?:\?|$)"
    r"|^/agents/[^/]+/agentAliases/[^/]+/sessions/"
)
_AGENT_PATH = re.compile(r"^/(?:knowledgebases|agents|flows|prompts|tags)(?:/|\?|$)")  # /tags/{arn}: agent tags
_HOP_BY_HOP = {"content-length", "transfer-encoding", "connection", "server", "date"}


def aws_host(authorization: str, path: str) -> str:
    """The AWS host a signed request was meant for (``bedrock-runtime.us-east-1.amazonaws.com``)."""
    scope = _SCOPE.search(authorization)
    region, service = scope.groups() if scope else ("us-east-1", "bedrock")
    if service == "bedrock":  # the four Bedrock APIs share one signing name: their paths tell them apart
        if _RUNTIME_PATH.match(path):
            service = "bedrock-runtime"
        elif _AGENT_RUNTIME_PATH.match(path):
            service = "bedrock-agent-runtime"
        elif _AGENT_PATH.match(path):
            service = "bedrock-agent"
    if service in ("iam", "sts", "route53", "cloudfront") and region == "us-east-1":
        return f"{service}.amazonaws.com"
    return f"{service}.{region}.amazonaws.com"


class _Handler(BaseHTTPRequestHandler):
    server_version = "localbedrock"

    def _forward(self) -> None:
        from botocore.awsrequest import AWSPreparedRequest
        from botocore.compat import HTTPHeaders
        from moto.core.botocore_stubber import BotocoreStubber

        from localbedrock.wire import agent_runtime

        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        host = aws_host(self.headers.get("Authorization", ""), self.path)
        headers = HTTPHeaders()
        for key, value in self.headers.items():
            headers[key] = value
        del headers["Host"]
        headers["Host"] = host
        request = AWSPreparedRequest(
            method=self.command, url=f"https://{host}{self.path}", headers=headers, body=body, stream_output=False
        )
        if host.startswith("bedrock-agent-runtime."):  # moto has no such service: the emulator's own handler
            response = agent_runtime.dispatch(request)
        else:
            response = BotocoreStubber().process_request(request)
        status, out_headers, out_body = response if response is not None else (404, {}, b"Not found")
        payload = out_body.encode() if isinstance(out_body, str) else bytes(out_body or b"")
        self.send_response(int(status))
        for key, value in out_headers.items():
            if key.lower() not in _HOP_BY_HOP and key != "status":
                self.send_header(key, str(value))
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _forward

    def log_message(self, format: str, *args: Any) -> None:  # quiet by default, like a test double should be
        return


def serve(port: int = 4566, host: str = "127.0.0.1", **options: Any) -> tuple[HTTPServer, LocalBedrock]:
    """Start the emulator and bind an HTTP server to it (``port=0`` picks a free port); call ``serve_forever()``."""
    emulator = LocalBedrock(**options).start()
    return HTTPServer((host, port), _Handler), emulator
