"""/help/ shows the lines everyone sees, then organisations' own lines ten organisations a page."""

from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import CrisisLine, Organization

pytestmark = pytest.mark.django_db


def many_organisations(count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        org = Organization.objects.create(name=f"Centre {n:03d}", slug=f"centre-{n:03d}")
        CrisisLine.objects.create(
            organization=org, name=f"Warmline {n:03d}", way="call", contact="5"
        )


def test_help_pages_through_organisations_and_keeps_988_on_each(db: Any) -> None:
    many_organisations(25)
    client = Client()
    first = client.get("/help/").content.decode()
    assert "988" in first and "Centre 000" in first and "Centre 009" in first
    assert "Centre 010" not in first
    assert "Showing 1 to 10 of 25" in first
    third = client.get("/help/", {"page": 3}).content.decode()
    assert "988" in third and "Centre 024" in third and "Centre 019" not in third


def test_help_finds_an_organisation_by_name_and_keeps_the_search_in_page_links(db: Any) -> None:
    many_organisations(25)
    page = Client().get("/help/", {"q": "Centre 01"}).content.decode()
    assert "Warmline 010" in page and "Warmline 019" in page and "Warmline 020" not in page
    assert "Showing 1 to 10 of 10" in page
    many_organisations(5, start=100)
    paged = Client().get("/help/", {"q": "Centre"}).content.decode()
    assert "Showing 1 to 10 of 30" in paged
    assert "q=Centre&amp;page=2" in paged
    nothing = Client().get("/help/", {"q": "Nowhere"}).content.decode()
    assert "No organisation with" in nothing and "988" in nothing


def test_help_costs_the_same_queries_with_10_or_50_organisations(
    db: Any, django_assert_num_queries: Any
) -> None:
    many_organisations(10)
    client = Client()
    client.get("/help/")
    with django_assert_num_queries(3):
        small = client.get("/help/").content.decode()
    many_organisations(40, start=10)
    with django_assert_num_queries(3):
        big = client.get("/help/").content.decode()
    assert small.count("Warmline") == big.count("Warmline") == 10
