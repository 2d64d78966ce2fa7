from typing import Any

import pytest

from circles.accounts.models import Role
from circles.testing.fixtures import client_for
from circles.workforce.models import SupervisorLink

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


def test_supervisor_sees_the_people_they_supervise(
    everyone: dict[str, Any], riverside: Any
) -> None:
    supervisor = client_for(everyone["supervisor"])
    page = supervisor.get("/o/riverside/").content.decode()
    # Who supervises whom is the admin's to say; until then the card says so.
    assert "Jordan" not in page
    assert "Nobody is linked to you as their supervisor yet." in page
    SupervisorLink.objects.create(
        organization=riverside, worker=everyone["specialist"], supervisor=everyone["supervisor"]
    )
    page = supervisor.get("/o/riverside/").content.decode()
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
    # Two of these tell the specialist when to sign the code of ethics, two more are
    # the plans cards (plans shared with them, and their own steps), two the
    # confidentiality card (the statement, the concerns they raised) and three the
    # one-to-one card (the caseload, who they cover, today's check-ins).
    with django_assert_max_num_queries(23):
        page = client.get("/o/riverside/").content.decode()
    assert "Grief and loss support" in page
    assert "1 person asking to join" in page
    assert "Someone else&#x27;s group" not in page
    # A weekly group always meets within the next seven days.
    assert page.count("Grief and loss support") >= 2


def test_admin_home_counts_in_one_query_however_many_people(
    everyone: dict[str, Any], riverside: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from circles.testing.fixtures import make_member

    client = client_for(everyone["admin"])
    client.get("/o/riverside/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/o/riverside/").status_code == 200
        return len(captured)

    before = queries()
    for n in range(15):
        make_member(riverside, Role.PARTICIPANT, f"more{n}@example.org")
        make_member(riverside, Role.SPECIALIST, f"staff{n}@example.org")
    assert queries() == before
    response = client.get("/o/riverside/")
    counts = dict(response.context["role_counts"])
    assert counts[Role.PARTICIPANT.label] == 17
    assert counts[Role.SPECIALIST.label] == 16
    # Specialists, the supervisor and the admin.
    assert response.context["staff_count"] == 18
