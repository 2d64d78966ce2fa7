from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import AuditEvent, CrisisLine, Membership, Role, User
from circles.testing.fixtures import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def test_openapi_document_describes_the_api(db: Any) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    assert document["info"]["title"] == "Circles API"
    assert "/api/v1/me" in document["paths"]
    assert "/api/v1/organizations/{slug}/members" in document["paths"]


def test_me_needs_sign_in(db: Any) -> None:
    assert Client().get("/api/v1/me").status_code == 401


def test_me_lists_the_persons_memberships(participant: Any) -> None:
    body = client_for(participant).get("/api/v1/me").json()
    assert body["email"] == "participant@example.org"
    assert body["memberships"] == [
        {
            "organization": {"slug": "riverside", "name": "Riverside Peer Center"},
            "role": "participant",
        }
    ]


def test_crisis_lines_are_public_and_988_comes_first(riverside: Any) -> None:
    CrisisLine.objects.create(organization=riverside, name="Warmline", way="call", contact="555")
    page = Client().get("/api/v1/crisis-lines").json()
    lines = page["items"]
    assert page["count"] == 3
    assert lines[0]["contact"] == "988"
    assert {"Warmline", "Emergency"} <= {line["name"] for line in lines}


def test_crisis_lines_come_a_page_at_a_time(
    riverside: Any, lakeshore: Any, django_assert_num_queries: Any
) -> None:
    for n in range(60):
        CrisisLine.objects.create(
            organization=riverside if n % 2 else lakeshore,
            name=f"Line {n:02d}",
            way="call",
            contact=f"555-{n:04d}",
            position=n,
        )
    client = Client()
    # The count, then the page's lines with their organisation: two queries, whatever the size.
    with django_assert_num_queries(2):
        first = client.get("/api/v1/crisis-lines").json()
    assert first["count"] == 62
    assert len(first["items"]) == 50
    assert [line["contact"] for line in first["items"][:2]] == ["988", "911"]
    second = client.get("/api/v1/crisis-lines", {"page": 2}).json()["items"]
    assert len(second) == 12
    names = [line["name"] for line in first["items"][2:] + second]
    assert len(set(names)) == 60
    # Lakeshore comes before Riverside; within each, by position.
    assert names[:2] == ["Line 00", "Line 02"]
    across = client.get("/api/v1/crisis-lines", {"page": 2, "page_size": 30}).json()["items"]
    assert [line["name"] for line in across][:1] == [names[28]]
    assert client.get("/api/v1/crisis-lines", {"page_size": 1000}).status_code == 200
    assert len(client.get("/api/v1/crisis-lines", {"page_size": 1000}).json()["items"]) == 62


def test_members_permission_ladder(everyone: dict[str, Any]) -> None:
    url = "/api/v1/organizations/riverside/members"
    assert Client().get(url).status_code == 401
    assert client_for(everyone["outsider"]).get(url).status_code == 404
    for role in ["participant", "specialist", "observer", "supervisor"]:
        assert client_for(everyone[role]).get(url).status_code == 403
    assert AuditEvent.objects.filter(action="access.refused").count() == 4
    body = client_for(everyone["admin"]).get(url).json()
    assert body["count"] == 6
    assert {"email", "preferred_name", "role", "is_active"} <= set(body["items"][0])


def test_members_list_has_a_fixed_number_of_queries(
    admin: Any, riverside: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(admin)
    for number in range(60):
        user = User.objects.create_user(f"p{number}@example.org", PASSWORD)
        Membership.objects.create(user=user, organization=riverside, role=Role.PARTICIPANT)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/organizations/riverside/members").json()
    assert body["count"] == 61
    assert len(body["items"]) == 50
