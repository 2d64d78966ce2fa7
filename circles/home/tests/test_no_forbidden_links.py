"""A page shows only links its reader may follow.

For each role, start at the person's home page in the demo organisation and
follow every same-site /o/ link breadth-first (GET only, a bounded number of
pages): none may answer 403 to that person.
"""

import html
import re
from collections import Counter, deque
from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import User
from circles.home.demo import load_demo_data
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

ROLES = ["admin", "supervisor", "specialist", "observer", "participant"]
MAX_PAGES = 150
# Pages of one kind (every meeting's page, say) are much alike: a few of each will do,
# so the walk reaches every kind of page within its bound.
PER_KIND = 3
HREF = re.compile(r'href="(/o/[^"#]*)"')


def links_on(page: str) -> list[str]:
    return [html.unescape(link) for link in HREF.findall(page)]


def kind(url: str) -> str:
    return re.sub(r"\d+", "N", url)


def walk(client: Client, start: str) -> list[tuple[str, str]]:
    """Visit pages from ``start``; return (page, link) for every link answering 403."""
    seen = {start}
    kinds: Counter[str] = Counter([kind(start)])
    queue: deque[tuple[str, str]] = deque([("", start)])
    forbidden = []
    visited = 0
    while queue and visited < MAX_PAGES:
        source, url = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code == 403:
            forbidden.append((source, url))
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(response.content.decode()):
            if link not in seen and kinds[kind(link)] < PER_KIND:
                seen.add(link)
                kinds[kind(link)] += 1
                queue.append((url, link))
    return forbidden


@pytest.fixture
def demo(db: Any) -> None:
    assert load_demo_data()


@pytest.mark.parametrize("role", ROLES)
def test_no_page_links_to_a_page_the_reader_may_not_open(demo: None, role: str) -> None:
    person = User.objects.get(email=f"{role}@example.org")
    forbidden = walk(client_for(person), "/o/riverside/")
    assert forbidden == [], f"{role} is offered links that answer 403: {forbidden}"


def test_the_walk_finds_a_forbidden_link(demo: None) -> None:
    """The walk itself can fail: a page offering a 403 link is reported."""
    participant = User.objects.get(email="participant@example.org")
    client = client_for(participant)
    forbidden = walk(client, "/o/riverside/members/")
    assert forbidden == [("", "/o/riverside/members/")]
