"""National crisis lines come from data, chosen by the server's country."""

import re
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings

from circles.home.checks import country_has_crisis_lines
from circles.home.crisis import COUNTRIES, national_lines
from circles.home.errors import bad_request, server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", sorted(COUNTRIES))
def test_every_country_has_a_line_with_its_source_and_date(code: str) -> None:
    country = COUNTRIES[code]
    assert country.lines, code
    for line in country.lines:
        assert line.source.startswith("https://"), (code, line.contact)
        assert line.checked is not None, (code, line.contact)
        assert re.fullmatch(r"(tel|sms):\+?\d+", line.href), (code, line.href)
        assert line.href.split(":")[1] == re.sub(r"\D", "", line.contact), (code, line.contact)


def test_the_first_six_countries_are_there() -> None:
    assert {"US", "CA", "GB", "IE", "AU", "ES"} <= set(COUNTRIES)


@override_settings(CIRCLES_COUNTRY="GB")
def test_a_server_in_the_united_kingdom_shows_no_us_number(riverside: Any) -> None:
    client = Client()
    for url in ("/", "/help/", "/complaints/new/"):
        page = client.get(url).content.decode()
        assert "tel:116123" in page and "tel:999" in page, url
        assert "tel:988" not in page and "tel:911" not in page, url
    contacts = [line["contact"] for line in client.get("/api/v1/crisis-lines").json()["items"]]
    assert contacts[:2] == ["116 123", "999"]
    assert "988" not in contacts


@override_settings(CIRCLES_COUNTRY="ES")
def test_the_error_pages_follow_the_country_too() -> None:
    request = RequestFactory().get("/")
    for response in (bad_request(request), server_error(request)):
        page = response.content.decode()
        assert "tel:024" in page and "tel:112" in page
        assert "tel:988" not in page


def test_the_default_country_is_the_united_states() -> None:
    assert [line.contact for line in national_lines()] == ["988", "911"]


def test_a_country_without_lines_is_refused_at_start() -> None:
    assert country_has_crisis_lines(None) == []
    with override_settings(CIRCLES_COUNTRY="ZZ"):
        (error,) = country_has_crisis_lines(None)
    assert error.id == "home.E001"
    assert national_lines() != ()
