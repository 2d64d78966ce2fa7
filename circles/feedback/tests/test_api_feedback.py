"""Feedback results in the API: the same whole periods as the pages, the same access."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from circles.accounts.models import AuditEvent, Role
from circles.testing.fixtures import (
    client_for,
    give_feedback,
    make_group,
    make_meeting,
    make_member,
)

pytestmark = pytest.mark.django_db

# Yesterday at a fixed hour: always in the past, whatever the time of day the tests run.
NOW = (timezone.now() - datetime.timedelta(days=1)).replace(
    hour=12, minute=0, second=0, microsecond=0
)
LIST = "/api/v1/orgs/riverside/feedback/groups"


def answer(group: Any, weeks: int, count: int, scores: Any = (8, 8, 8, 8), **extra: Any) -> Any:
    when = (NOW - datetime.timedelta(weeks=weeks)).replace(hour=18)
    meeting = make_meeting(group, when=when)
    give_feedback(meeting, count=count, scores=scores, **extra)
    return meeting


@pytest.fixture
def groups(riverside: Any, specialist: Any) -> dict[str, Any]:
    other = make_member(riverside, Role.SPECIALIST, "other@example.org", "Dana")
    mine = make_group(riverside, facilitators=[specialist], name="Tuesday circle")
    theirs = make_group(riverside, facilitators=[other], name="Thursday circle")
    answer(mine, 3, 5, (9, 8, 7, 6), helped="Warm welcome")
    answer(mine, 1, 2)
    answer(theirs, 3, 6, (5, 5, 5, 6))
    return {"mine": mine, "theirs": theirs, "other": other}


def test_the_openapi_document_lists_the_feedback_endpoints(db: Any) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/orgs/{slug}/feedback/groups" in paths
    assert "/api/v1/orgs/{slug}/feedback/groups/{group_id}" in paths


def test_permission_ladder(everyone: dict[str, Any], groups: dict[str, Any]) -> None:
    one = f"{LIST}/{groups['mine'].pk}"
    for url in (LIST, one):
        assert Client().get(url).status_code == 401
        assert client_for(everyone["outsider"]).get(url).status_code == 404
        for role in ["participant", "observer"]:
            assert client_for(everyone[role]).get(url).status_code == 403
        for role in ["specialist", "supervisor", "admin"]:
            assert client_for(everyone[role]).get(url).status_code == 200
    assert AuditEvent.objects.filter(action="access.refused").count() == 4
    # Another specialist's group: refused; a group of another organisation: not found.
    assert (
        client_for(everyone["specialist"]).get(f"{LIST}/{groups['theirs'].pk}").status_code == 403
    )
    lakeshore_group = make_group(everyone["outsider"].memberships.get().organization)
    assert client_for(everyone["admin"]).get(f"{LIST}/{lakeshore_group.pk}").status_code == 404
    assert (
        client_for(everyone["outsider"])
        .get(f"/api/v1/orgs/lakeshore/feedback/groups/{groups['mine'].pk}")
        .status_code
        == 404
    )


def test_the_list_gives_whole_periods_and_waiting_counts(
    specialist: Any, supervisor: Any, groups: dict[str, Any]
) -> None:
    page = client_for(specialist).get(LIST).json()
    assert page["count"] == 1
    body = page["items"]
    assert [g["name"] for g in body] == ["Tuesday circle"]
    (period,) = body[0]["periods"]
    assert period["answers"] == 5 and period["meetings"] == 1
    assert period["averages"] == [9.0, 8.0, 7.0, 6.0] and period["average_total"] == 30.0
    assert body[0]["waiting"] == 2
    assert "Warm welcome" not in str(body)  # no free text in the list
    everyone_groups = client_for(supervisor).get(LIST).json()["items"]
    assert [g["name"] for g in everyone_groups] == ["Thursday circle", "Tuesday circle"]
    only = client_for(supervisor).get(LIST, {"facilitator": groups["other"].pk}).json()["items"]
    assert [g["name"] for g in only] == ["Thursday circle"]


def test_one_group_gives_periods_in_range_and_comments(
    specialist: Any, groups: dict[str, Any]
) -> None:
    url = f"{LIST}/{groups['mine'].pk}"
    body = client_for(specialist).get(url).json()
    assert body["comments"]["helped"] == ["Warm welcome"] * 5
    assert body["questions"][0] == "Heard and respected"
    later = client_for(specialist).get(url, {"start": NOW.date().isoformat()}).json()
    assert later["periods"] == [] and later["comments"] is None and later["waiting"] == 2


@pytest.mark.parametrize("size", [2, 25])
def test_query_counts_do_not_grow_with_the_data(
    size: int, riverside: Any, supervisor: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    for number in range(size):
        group = make_group(riverside, facilitators=[specialist], name=f"Circle {number}")
        for weeks in range(1, 5):
            answer(group, weeks, 5, helped="Kind words")
    client = client_for(supervisor)
    # One more than before pagination: the count of groups.
    with django_assert_num_queries(9):
        page = client.get(LIST).json()
    body = page["items"]
    assert page["count"] == size
    # A page holds 20 groups at most, whatever the organisation has.
    assert len(body) == min(size, 20) and all(len(g["periods"]) == 4 for g in body)
    rest = client.get(LIST, {"page": 2}).json()["items"]
    assert len(rest) == max(size - 20, 0)
    with django_assert_num_queries(8):
        one = client.get(f"{LIST}/{body[0]['id']}").json()
    assert len(one["comments"]["helped"]) == 20
    refused = client_for(make_member(riverside, Role.PARTICIPANT, "p@example.org"))
    # 10 for the page, one to count the refusal, one to lock the chain on PostgreSQL.
    with django_assert_num_queries(11 + (1 if connection.vendor == "postgresql" else 0)):
        assert refused.get(LIST).status_code == 403
