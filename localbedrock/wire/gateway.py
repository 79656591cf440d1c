"""One HTTP request to the running emulator → one AWS-shaped response, whatever happens.

Used by ``localbedrock serve``. A request is routed the way moto's in-process stub routes boto3's: the service and
region come from the SigV4 credential scope of its Authorization header (bedrock, bedrock-runtime, bedrock-agent and
bedrock-agent-runtime share the signing name ``bedrock`` and are told apart by path), the URL is rewritten to that
service's AWS host, and moto dispatches it (bedrock-agent-runtime, which moto lacks, goes to localbedrock's own
handler). Before that, a Bedrock request is matched to its operation and checked against the service model, since no
client-side validation can be assumed over HTTP. Every failure is an error response in the service's protocol:
a request that breaks the model is a 400 ValidationException, an operation the emulator does not serve a 501 that
names it, and a crash a 500 InternalServerException; the connection is never dropped.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import uuid
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from xml.sax.saxutils import escape

from botocore.awsrequest import AWSPreparedRequest
from botocore.compat import HTTPHeaders
from botocore.exceptions import UnknownServiceError
from moto.core.botocore_stubber import BotocoreStubber
from moto.core.parse import PROTOCOL_PARSERS
from moto.core.request import normalize_request
from moto.core.routing import (
    ActionCandidate,
    NotFound,
    RequiredArg,
    RestRouter,
    SmithyRule,
    to_werkzeug_rule_string,
)
from moto.core.utils import get_service_model
from werkzeug import Request

from localbedrock.errors import BedrockError
from localbedrock.wire import agent_runtime
from localbedrock.wire.guard import INTERNAL
from localbedrock.wire.install import BEDROCK_SERVICES, NOT_IMPLEMENTED, not_implemented, serves
from localbedrock.wire.shapes import check_constraints, service_model

log = logging.getLogger("localbedrock")

Reply = tuple[int, dict[str, str], bytes]

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([^/]+)/([^/]+)/aws4_request")
# The four Bedrock APIs share the signing name "bedrock"; a request belongs to the first whose model has an operation
# at its method and path (bedrock-agent before bedrock-agent-runtime: both model /tags/{resourceArn}).
_BEDROCK_APIS = ("bedrock-runtime", "bedrock-agent", "bedrock-agent-runtime", "bedrock")
_GLOBAL = {"iam", "sts", "route53", "cloudfront"}
_EMPTY = "localbedrock-empty-label"
# Requests are parsed and checked in parallel but reach the emulator's state one at a time: its backends (lifecycles
# advanced on read, the throttling window, moto's stores) were written for one caller at a time.
STATE_LOCK = threading.Lock()


def aws_host(authorization: str, path: str, method: str) -> str:
    """The AWS host a signed request was meant for (``bedrock-runtime.us-east-1.amazonaws.com``)."""
    scope = _SCOPE.search(authorization)
    region, service = scope.groups() if scope else ("us-east-1", "bedrock")
    if service == "bedrock":
        service = _bedrock_api(path, method)
    if service in _GLOBAL and region == "us-east-1":
        return f"{service}.amazonaws.com"
    return f"{service}.{region}.amazonaws.com"


@functools.lru_cache(maxsize=4096)
def _bedrock_api(path: str, method: str) -> str:
    """Which Bedrock API models an operation at ``method`` and ``path`` (bedrock when none does)."""
    for service in _BEDROCK_APIS:
        url = f"https://{service}.amazonaws.com{path}"
        request = AWSPreparedRequest(method=method, url=url, headers=HTTPHeaders(), body=b"", stream_output=False)
        if _match(service, request) is not None:
            return service
    return "bedrock"


class _Refused(Exception):
    """A request answered with an error before it reaches a handler."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_reply(service: str, status: int, code: str, message: str) -> Reply:
    """An error response in ``service``'s protocol, as botocore and the other SDKs parse it."""
    try:
        protocol = service_model(service).protocol
    except UnknownServiceError:
        protocol = "rest-json"
    request_id = str(uuid.uuid4())
    headers = {"x-amzn-RequestId": request_id, "x-amzn-ErrorType": code}
    if protocol in ("rest-json", "json"):
        body: dict[str, str] = {"message": message}
        if protocol == "json":
            body = {"__type": code, **body}
        headers["Content-Type"] = "application/json" if protocol == "rest-json" else "application/x-amz-json-1.1"
        return status, headers, json.dumps(body).encode()
    error = f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message>"
    if protocol == "rest-xml":
        xml = f"<Error>{error}<RequestId>{request_id}</RequestId></Error>"
    elif protocol == "ec2":
        xml = f"<Response><Errors><Error>{error}</Error></Errors><RequestID>{request_id}</RequestID></Response>"
    else:
        sender = "Sender" if status < 500 else "Receiver"
        error = f"<Type>{sender}</Type>{error}"
        xml = f"<ErrorResponse><Error>{error}</Error><RequestId>{request_id}</RequestId></ErrorResponse>"
    headers["Content-Type"] = "text/xml"
    return status, headers, ('<?xml version="1.0" encoding="UTF-8"?>' + xml).encode()


class _LenientRule(SmithyRule):
    """moto's rule without its required query-argument and header constraints, so a request that lacks such a
    member still reaches its operation and is told which member is missing (moto would answer 404)."""

    @staticmethod
    def _initialize_candidates(operations: list[Any]) -> list[ActionCandidate]:
        return [
            ActionCandidate(
                operation, [RequiredArg(name, value) for name, value in operation.http_trait.query_args.items()]
            )
            for operation in operations
        ]


class _LenientRouter(RestRouter):
    def _create_rules(self, path: str, method: str, operations: list[Any]) -> list[Any]:
        return [_LenientRule(string=to_werkzeug_rule_string(path), operations=operations, methods=[method])]


@functools.cache
def _router(service: str) -> RestRouter:
    """The router of a Bedrock API (all four are rest-json)."""
    return _LenientRouter(get_service_model(service))


def _match(service: str, request: AWSPreparedRequest) -> tuple[Request, Any, dict[str, Any]] | None:
    """The request as moto reads it, the operation it calls and its URI labels. An empty label
    (``/model//converse``: a client that sent no model id) is matched as a label and left out, so the check of
    required members reports it as AWS reports a null member (werkzeug would merge the slashes instead)."""
    scheme, host, path, query, fragment = urlsplit(request.url)
    if "//" in path:
        filled = path.replace("//", f"/{_EMPTY}/")
        request = AWSPreparedRequest(
            method=request.method,
            url=urlunsplit((scheme, host, filled, query, fragment)),
            headers=request.headers,
            body=request.body,
            stream_output=False,
        )
    parsed = normalize_request(request)
    try:
        operation, labels = _router(service).match(parsed)
    except NotFound:
        return None
    return parsed, operation, {name: value for name, value in labels.items() if value != _EMPTY}


def _operation(service: str, request: AWSPreparedRequest) -> tuple[Any, dict[str, Any]] | None:
    """The operation model a Bedrock request calls and its parsed parameters; None when no operation matches."""
    found = _match(service, request)
    if found is None:
        return None
    werkzeug_request, operation, uri_params = found
    parser = PROTOCOL_PARSERS[service_model(service).protocol](operation)
    try:
        params = parser.parse(
            {
                "method": werkzeug_request.method,
                "values": werkzeug_request.values,
                "headers": werkzeug_request.headers,
                "body": werkzeug_request.get_data(),
                "url_path": werkzeug_request.path,
                "url_params": uri_params,
            }
        )
    except (ValueError, TypeError, AttributeError, KeyError) as error:
        unreadable = f"The request body cannot be read as {operation.name}'s input ({error})."
        raise _Refused(400, "SerializationException", unreadable) from None
    members = operation.input_shape.members if operation.input_shape else {}
    for name, member in members.items():  # moto reads a list absent from the query string as []: it is null
        if member.serialization.get("location") == "querystring" and params.get(name) == []:
            del params[name]
    return operation, params


def _admit(service: str, request: AWSPreparedRequest) -> None:
    """Refuse a Bedrock request the emulator cannot serve or the service model forbids."""
    found = _operation(service, request)
    if found is None:
        path = urlsplit(request.url).path
        raise _Refused(404, "UnknownOperationException", f"No {service} operation matches {request.method} {path}.")
    operation, params = found
    try:
        # bedrock-agent's model leaves its patterns unanchored; AWS applies them to the whole value
        check_constraints(service, operation.name, params, whole=service == "bedrock-agent")
    except BedrockError as error:
        raise _Refused(400, error.code, error.message) from None
    if not serves(service, operation.name):
        raise _Refused(501, NOT_IMPLEMENTED, not_implemented(service, operation.name))


def handle(method: str, path: str, headers: dict[str, str], body: bytes) -> Reply:
    """Answer one request (``path`` with its query string) as the emulator running in this process would."""
    service = "bedrock"  # until the request is routed: the error format of the Bedrock APIs
    try:
        host = aws_host(headers.get("Authorization", ""), path, method)
        service = host.split(".", 1)[0]
        forwarded = HTTPHeaders()
        for key, value in headers.items():
            if key.lower() != "host":
                forwarded[key] = value
        forwarded["Host"] = host
        request = AWSPreparedRequest(
            method=method, url=f"https://{host}{path}", headers=forwarded, body=body, stream_output=False
        )
        if service in BEDROCK_SERVICES:
            _admit(service, request)
        with STATE_LOCK:
            if service == "bedrock-agent-runtime":  # moto has no such service: the emulator's own handler
                response = agent_runtime.dispatch(request)
            else:
                response = BotocoreStubber().process_request(request)
    except _Refused as refused:
        return error_reply(service, refused.status, refused.code, refused.message)
    except NotImplementedError as error:  # moto's answer for an operation it lacks
        return error_reply(service, 501, "NotImplementedException", f"localbedrock (moto) cannot serve this: {error}.")
    except Exception as error:
        log.exception("localbedrock: unexpected error serving %s %s", method, path)
        return error_reply(service, 500, "InternalServerException", f"{INTERNAL} ({type(error).__name__}: {error})")
    if response is None:
        return error_reply(service, 404, "UnknownServiceException", f"localbedrock serves no service at {host}.")
    status, out_headers, out_body = response
    payload = out_body.encode() if isinstance(out_body, str) else bytes(out_body or b"")
    return int(status), {str(k): str(v) for k, v in out_headers.items() if k != "status"}, payload
