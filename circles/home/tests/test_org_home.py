from typing import Any

import pytest

from circles.accounts.models import Role
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_sign_in(riverside: Any) -> None:
    response = client_for(None).get("/o/riverside/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_outsider_gets_not_found(outsider: Any, riverside: Any) -> None:
    assert client_for(outsider).get("/o/riverside/").status_code == 404


@pytest.mark.parametrize(
    ("role", "heading"),
    [
        ("participant", "Your groups"),
        ("specialist", "Your meetings this week"),
        ("observer", "Meetings you are asked to observe"),
        ("supervisor", "Your team"),
        ("admin", "Keeping information safe"),
    ],
)
def test_each_role_lands_on_its_own_home(everyone: dict[str, Any], role: str, heading: str) -> None:
    response = client_for(everyone[role]).get("/o/riverside/")
    assert response.status_code == 200
    assert heading in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_supervisor_sees_the_specialists_on_the_team(everyone: dict[str, Any]) -> None:
    page = client_for(everyone["supervisor"]).get("/o/riverside/").content.decode()
    assert "Jordan" in page
    assert "Casey" not in page  # participants are not "the team"


def test_admin_home_counts_roles(everyone: dict[str, Any]) -> None:
    response = client_for(everyone["admin"]).get("/o/riverside/")
    counts = dict(response.context["role_counts"])
    assert counts[Role.PARTICIPANT.label] == 2
    assert counts[Role.ADMIN.label] == 1


def test_specialist_sees_the_groups_they_facilitate_and_who_is_waiting(
    specialist: Any, participant: Any, riverside: Any, django_assert_max_num_queries: Any
) -> None:
    from circles.testing.fixtures import join_group, make_group

    group = make_group(riverside, [specialist], name="Grief and loss support", is_open=False)
    join_group(group, participant, status="requested")
    make_group(riverside, [], name="Someone else's group")
    client = client_for(specialist)
    client.get("/o/riverside/")
    # Two for the plans cards (plans shared with them, their own steps), two for the
    # confidentiality card (the statement, the concerns they raised), two for when to
    # sign the code of ethics, three for the workforce card and three for the one-to-one
    # card (the caseload, who they cover, today's check-ins).
    with django_assert_max_num_queries(23):
        page = client.get("/o/riverside/").content.decode()
    assert "Grief and loss support" in page
    assert "1 person asking to join" in page
    assert "Someone else&#x27;s group" not in page
    # A weekly group always meets within the next seven days.
    assert page.count("Grief and loss support") >= 2
