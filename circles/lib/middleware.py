import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Give every request an id (or keep a sane one from the proxy) for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


class NoStoreForSignedInMiddleware:
    """Pages for a signed-in person must never sit in a shared or back-button cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


NUL = "\x00"
# Form bodies Django parses into request.POST; any other body is checked as bytes.
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    if any(NUL in key or any(NUL in v for v in values) for key, values in request.GET.lists()):
        return True
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return False
    if request.content_type in _FORM_TYPES:
        # Uploaded files are not checked: Django drops NUL from their names, and
        # their contents are never text in a query.
        return any(
            NUL in key or any(NUL in v for v in values) for key, values in request.POST.lists()
        )
    # JSON and other bodies: a raw NUL, or JSON's escape for one.
    return b"\x00" in request.body or b"\\u0000" in request.body


class RejectNulMiddleware:
    """Answer 400 to a request with a NUL character in its path, query or form body.

    Nobody types one, PostgreSQL text cannot hold one (a query with it fails
    with a 500) and SQLite would store it silently; so it never reaches a view.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            refused = _has_nul(request)
        except MultiPartParserError:
            refused = True
        if refused:
            return render(request, "400.html", status=400)
        return self.get_response(request)
