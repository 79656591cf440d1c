"""The direct route: a request to an operation localbedrock serves goes straight to its handler.

Through moto, every request to a Bedrock endpoint is matched against the URL patterns of every service moto knows,
rebuilt as a werkzeug request from a WSGI environ, read by moto's generic ``setup_class`` (which, among other
things, parses a JSON body as if it were a form) and matched again against the service's routes to find the
operation. For an in-process Converse call that was more work than the simulated model behind it. botocore already
knows the operation (it is in the ``before-send`` event's name), so this route fills the response object moto
would have filled, from the prepared request, with the values moto's own ``setup_class`` gives them, and then
runs moto's own ``call_action``: the same handler, the same parameter parser, the same serialiser, errors and
request id. Path labels are read with the operation's ``requestUri`` the way moto's router reads them (every label
but the last up to the next ``/``, the last (or a greedy one) to the end; percent-decoded).

botocore calls every ``before-send`` hook and keeps the first answer, so moto's own hook is told to pass over a
request this route (or the agent-runtime hook) answered. Anything unusual (a compressed or streamed body, a host
that is not the service's AWS endpoint, an operation moto serves itself, a path the ``requestUri`` does not match)
returns None and moto's generic path answers as before. ``ENABLED = False`` switches this route off, and so does
``lean.ENABLED = False`` with the rest of the lean path; ``tests/localbedrock/test_lean_wire.py`` compares the raw
HTTP and parsed responses of both for every operation it touches, and ``tests/localbedrock/test_direct_route.py``
the path labels against moto's router. ``bench/localbedrock_bench.py --direct`` times the route.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import ParseResult, parse_qs, parse_qsl, unquote, urlparse

from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from moto.core.botocore_stubber import MockRawResponse
from moto.core.common_types import TYPE_RESPONSE
from moto.core.responses import BaseResponse, _decode_dict
from moto.core.utils import utcnow
from moto.moto_api import recorder
from moto.utilities.utils import get_partition
from werkzeug.datastructures import Headers, MultiDict
from werkzeug.http import http_date

from localbedrock.wire import lean
from localbedrock.wire.guard import bound
from localbedrock.wire.shapes import service_model

ENABLED = True  # this route alone; lean.ENABLED = False switches it off too
ACTION = "_localbedrock_action"  # where a response object keeps its operation (install's cached _get_action)

_LABEL = re.compile(r"{([^}]+)}")


class _Wire:
    """The parts of a request moto's parameter parser and region lookup read, without a WSGI environ."""

    __slots__ = ("content_type", "data", "form", "headers", "method", "path", "raw_path", "raw_url", "values")

    def __init__(self, request: AWSPreparedRequest, url: ParseResult) -> None:
        self.method = request.method
        body = request.body
        self.data = body if isinstance(body, bytes) else (body or "").encode("utf-8")
        self.headers = _headers(request, url.netloc, self.data)
        self.raw_path = url.path or "/"
        self.path = unquote(self.raw_path)
        self.values = MultiDict(parse_qsl(url.query, keep_blank_values=True))
        self.content_type = self.headers.get("Content-Type", "")
        self.form: MultiDict[str, str] = MultiDict()
        self.raw_url = request.url


_ENVIRON_FIRST = ("host", "content-type", "content-length")


def _headers(request: AWSPreparedRequest, host: str, body: bytes) -> Headers:
    """The request's headers as moto's werkzeug request gives them: text values, names as a WSGI environ spells
    them back (``X-Amz-Date``, ``Amz-Sdk-Invocation-Id``), in its order (the host, the content type and length,
    then the rest as sent; a bodiless request's length last)."""
    items = [
        (name.replace("_", "-").title(), value.decode("utf-8") if isinstance(value, bytes) else value)
        for name, value in request.headers.items()
    ]
    content_type = next((value for name, value in items if name == "Content-Type"), None)
    first = [("Host", host)]
    if content_type:
        first.append(("Content-Type", content_type))
    rest = [(name, value) for name, value in items if name.lower() not in _ENVIRON_FIRST]
    if body:
        first.append(("Content-Length", str(len(body))))
    else:
        rest.append(("Content-Length", "0"))  # moto sets it on a bodiless request's environ last
    return Headers(first + rest)


@functools.cache
def _path_pattern(request_uri: str) -> re.Pattern[str]:
    """The raw request path of an operation as a regex whose groups are its labels, read as moto's router reads
    them: a label up to the next ``/``, the last label (or a greedy ``+`` one) to the end of the path."""
    template = request_uri.split("?", 1)[0]
    labels = list(_LABEL.finditer(template))
    parts, at = [], 0
    for index, label in enumerate(labels):
        parts.append(re.escape(template[at : label.start()]))
        name = label.group(1)
        if name.endswith("+"):
            parts.append(f"(?P<{_group(name[:-1])}>.+?)")
        elif index == len(labels) - 1 and label.end() == len(template.rstrip("/")):
            parts.append(f"(?P<{_group(name)}>.*?[^/])")
        else:
            parts.append(f"(?P<{_group(name)}>[^/]+)")
        at = label.end()
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts) + "/*")


def _group(label: str) -> str:
    return "L_" + label.encode().hex()


def _labels(match: re.Match[str]) -> dict[str, str]:
    return {bytes.fromhex(name[2:]).decode(): unquote(value) for name, value in match.groupdict().items()}


class _Route:
    """How one operation of one service reaches its handler."""

    def __init__(self, response_class: type[BaseResponse], operation: str, request_uri: str, method: str) -> None:
        self.response_class = response_class
        self.operation = operation
        self.pattern = _path_pattern(request_uri)
        self.method = method

    def serve(self, request: AWSPreparedRequest) -> TYPE_RESPONSE | None:
        url = urlparse(request.url)
        match = self.pattern.fullmatch(url.path or "/")
        if match is None or request.method != self.method:
            return None
        response = self.response_class()
        _fill(response, request, url, _labels(match), self.operation)
        return response.call_action()  # type: ignore[no-any-return]


def _fill(response: Any, request: AWSPreparedRequest, url: ParseResult, labels: dict[str, str], operation: str) -> None:
    """What moto's ``setup_class`` sets on a response object, from the prepared request (same values)."""
    from moto.iam.models import mark_account_as_visited

    wire = _Wire(request, url)
    response.__dict__[ACTION] = operation  # the operation, as install's cached _get_action would find it
    response.is_werkzeug_request = False
    response.normalized_request = wire
    response.parsed_url = url
    response.form_data = wire.form
    body: Any = wire.data
    response.raw_body = body
    if not response.use_raw_body:
        body = body.decode("utf-8")
    response.body = body
    querystring: dict[str, Any] = dict(parse_qs(url.query, keep_blank_values=True))
    if not querystring and body and not response.use_raw_body:
        with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError, AttributeError):
            querystring.update((key, [value]) for key, value in parse_qsl(body, keep_blank_values=True))
    if not querystring:
        querystring.update(wire.headers)
    with contextlib.suppress(UnicodeDecodeError):
        querystring = _decode_dict(querystring)
    response.uri = request.url
    response.path = url.path
    response.raw_path = wire.raw_path
    response.querystring = querystring
    response.data = querystring
    response.method = request.method
    response.region = response.get_region_from_url(wire, request.url)
    response.partition = get_partition(response.region)
    response.uri_match = labels
    response.headers = wire.headers
    response.response_headers = {"server": "amazon.com", "date": http_date(utcnow())}
    if response.automated_parameter_parsing:
        response.parse_parameters(wire)
    response.access_key = response.get_access_key()
    response.current_account = response.get_current_account()
    mark_account_as_visited(
        account_id=response.current_account,
        access_key=response.access_key,
        service=response.service_name,
        region=response.region,
    )


# service -> (moto's response class, whether localbedrock's own handler serves an operation): set by install
_SERVICES: dict[str, tuple[type[BaseResponse], Callable[[str], bool]]] = {}


def register(service: str, response_class: type[BaseResponse], own: Callable[[str], bool]) -> None:
    """Let the route serve the operations of ``service`` for which ``own(operation)`` holds."""
    _SERVICES[service] = (response_class, own)
    _route.cache_clear()


@functools.cache
def _route(service: str, operation: str) -> _Route | None:
    if service not in _SERVICES:
        return None
    response_class, own = _SERVICES[service]
    if not own(operation):
        return None
    model = service_model(service).operation_model(operation)
    return _Route(response_class, operation, model.http["requestUri"], model.http.get("method", "POST"))


def usable(request: AWSPreparedRequest) -> bool:
    """Whether the request can take the direct route at all: a whole body, sent as it is, no recording."""
    headers = request.headers
    return (
        isinstance(request.body, (bytes, str, type(None)))
        and "Content-Encoding" not in headers
        and "Transfer-Encoding" not in headers
        and "Host" not in headers
        and not recorder._user_enabled
    )


def serve(request: AWSPreparedRequest, service: str, operation: str) -> TYPE_RESPONSE | None:
    """(status, headers, body) for ``request``, or None when moto's generic path should answer it."""
    route = _route(service, operation) if ENABLED else None
    if route is None or not usable(request):
        return None
    return route.serve(request)


ANSWERED = "_localbedrock_answered"


def answered(request: AWSPreparedRequest, answer: TYPE_RESPONSE) -> AWSResponse:
    """The HTTP response for ``answer``, with ``request`` marked as answered: botocore still calls every later
    ``before-send`` hook (it keeps the first response), and moto's must not serve the request a second time
    (:func:`localbedrock.wire.install.install` makes it skip a marked request)."""
    request.__dict__[ANSWERED] = True
    status, headers, body = answer
    return AWSResponse(request.url, status, headers, MockRawResponse(body))  # type: ignore[arg-type]


def hook(service: str) -> Callable[..., AWSResponse | None]:
    """The botocore ``before-send.SERVICE`` hook of the direct route for a service moto hosts (requests to its AWS
    endpoint; any other host is left to moto, as before)."""
    host = re.compile(rf"https?://{re.escape(service)}\.(.+)\.amazonaws\.com/")

    def before_send(request: AWSPreparedRequest, event_name: str = "", **_: Any) -> AWSResponse | None:
        if not (lean.ENABLED and bound()) or not host.match(request.url):
            return None
        answer = serve(request, service, event_name.rsplit(".", 1)[-1])
        return None if answer is None else answered(request, answer)

    return before_send
