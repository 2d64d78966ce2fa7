"""The decorator for anonymous pages that carry a secret in their address."""

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from circles.lib.anonymous import private_page


@private_page
def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("a receipt lives here")


def test_not_cached_not_indexed_and_the_address_stays_on_this_site() -> None:
    response = page(RequestFactory().get("/complaints/ABCD/"))
    cache_control = response["Cache-Control"]
    for word in ("no-store", "no-cache", "must-revalidate", "private", "max-age=0"):
        assert word in cache_control
    assert "noindex" in response["X-Robots-Tag"]
    # Not "no-referrer": under it browsers send "Origin: null" with form posts, which
    # the CSRF check refuses.
    assert response["Referrer-Policy"] == "same-origin"


def test_the_headers_hold_for_every_status() -> None:
    @private_page
    def missing(request: HttpRequest) -> HttpResponse:
        return HttpResponse("not found", status=404)

    response = missing(RequestFactory().post("/feedback/"))
    assert response.status_code == 404
    assert "no-store" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
