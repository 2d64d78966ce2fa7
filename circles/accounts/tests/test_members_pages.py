"""The members list comes a page at a time: its size and its queries do not grow."""

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles.accounts.models import Role
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db


def add_people(organization: Any, count: int, start: int = 0) -> None:
    for n in range(start, start + count):
        make_member(organization, Role.PARTICIPANT, f"person{n:03d}@example.org", f"P{n:03d}")


def rows(page: str) -> int:
    return len(re.findall(r'href="/o/riverside/members/\d+/"', page))


def queries_for(client: Any, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_members_come_25_to_a_page_and_say_where_you_are(admin: Any, riverside: Any) -> None:
    add_people(riverside, 30)
    client = client_for(admin)
    _n, first = queries_for(client, "/o/riverside/members/")
    assert "Showing 1 to 25 of 31" in first
    assert "Page 1 of 2" in first
    assert 'href="?page=2" rel="next"' in first
    assert rows(first) == 25
    _n, second = queries_for(client, "/o/riverside/members/?page=2")
    assert "Showing 26 to 31 of 31" in second
    assert 'rel="prev"' in second
    assert rows(second) == 6


def test_more_members_add_no_queries_and_no_rows(admin: Any, riverside: Any) -> None:
    add_people(riverside, 30)
    client = client_for(admin)
    client.get("/o/riverside/members/")
    before, page = queries_for(client, "/o/riverside/members/")
    add_people(riverside, 40, start=100)
    after, bigger = queries_for(client, "/o/riverside/members/")
    assert after == before
    assert rows(bigger) == rows(page) == 25


@pytest.mark.parametrize("odd", ["0", "-1", "abc", "²", "99999999999999999999999", "1e3", ""])
def test_odd_page_numbers_show_a_page(admin: Any, riverside: Any, odd: str) -> None:
    add_people(riverside, 30)
    response = client_for(admin).get("/o/riverside/members/", {"page": odd})
    assert response.status_code == 200
    assert "Showing" in response.content.decode()
