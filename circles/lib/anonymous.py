"""Pages an anonymous person opens with a secret in the address (a code, a receipt).

They must not stay behind: not in a shared phone's history cache or a proxy
(``Cache-Control`` as Django's ``never_cache``), not in search engines, and the
address never goes to another site. ``Referrer-Policy`` stays ``same-origin``,
not ``no-referrer``: under ``no-referrer`` browsers send ``Origin: null`` with
every form POST (Fetch standard), which Django's CSRF check refuses, so the
forms on these pages would all fail. ``same-origin`` still never tells another
site the address, and this server already has it.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """No cache, no search engine, no referrer to other sites."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped
