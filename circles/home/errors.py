"""The 400 and 500 pages: plain, and with the country's crisis lines.

They render without the request's context processors (nothing that could fail
again: no database, no session), so they are given the lines themselves.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

from circles.home.crisis import national_lines


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    body = loader.get_template("400.html").render({"always_crisis_lines": national_lines()})
    return HttpResponseBadRequest(body)


def server_error(request: HttpRequest) -> HttpResponse:
    body = loader.get_template("500.html").render({"always_crisis_lines": national_lines()})
    return HttpResponseServerError(body)
