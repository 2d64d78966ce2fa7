"""The team view: last supervision, who is overdue, certifications; counts for admins."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from circles.accounts.models import Membership, Role
from circles.testing.fixtures import client_for, make_person
from circles.workforce.models import WorkforceSettings
from circles.workforce.tests.helpers import certify, link, supervise, train

pytestmark = pytest.mark.django_db


def _worker(riverside: Any, supervisor: Any, n: int) -> Any:
    person = make_person(f"worker{n}@example.org", f"Worker {n}")
    Membership.objects.create(user=person, organization=riverside, role=Role.SPECIALIST)
    link(riverside, person, supervisor)
    today = timezone.localdate()
    supervise(riverside, person, supervisor, today - datetime.timedelta(days=10 + n))
    certify(riverside, person, today + datetime.timedelta(days=40 + n))
    train(riverside, person, "3", today - datetime.timedelta(days=5))
    return person


def test_the_team_view_shows_who_is_overdue(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    today = timezone.localdate()
    supervise(riverside, specialist, supervisor, today - datetime.timedelta(days=45))
    on_time = _worker(riverside, supervisor, 1)
    body = client_for(supervisor).get("/o/riverside/workforce/team/").content.decode()
    assert "Jordan" in body and on_time.display_name in body
    assert body.count("Overdue since") == 1
    assert "17 CE hours to go" in body

    WorkforceSettings.objects.create(organization=riverside, supervision_every_days=60)
    body = client_for(supervisor).get("/o/riverside/workforce/team/").content.decode()
    assert "Overdue since" not in body


def test_the_team_view_does_not_grow_in_queries(
    riverside: Any, specialist: Any, supervisor: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(supervisor)
    _worker(riverside, supervisor, 1)
    client.get("/o/riverside/workforce/team/")  # warm the session
    with django_assert_num_queries(9):
        assert client.get("/o/riverside/workforce/team/").status_code == 200
    for n in range(2, 7):
        _worker(riverside, supervisor, n)
    with django_assert_num_queries(9):
        body = client.get("/o/riverside/workforce/team/").content.decode()
    assert "Worker 6" in body


def test_the_home_team_card_does_not_grow_in_queries(
    riverside: Any, supervisor: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(supervisor)
    _worker(riverside, supervisor, 1)
    client.get("/o/riverside/")
    # The supervisor's home carries a card from every area (safety concerns, requests
    # for a peer, referrals, plans, the code of ethics); the team card must not grow.
    with django_assert_num_queries(25):
        assert "Worker 1" in client.get("/o/riverside/").content.decode()
    for n in range(2, 6):
        _worker(riverside, supervisor, n)
    with django_assert_num_queries(25):
        assert "Worker 5" in client.get("/o/riverside/").content.decode()


def test_admins_see_counts_and_names_only_by_policy(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any
) -> None:
    _worker(riverside, supervisor, 1)
    body = client_for(admin).get("/o/riverside/workforce/team/").content.decode()
    assert "Certifications expiring within 90 days" in body
    assert "Worker 1" not in body
    home = client_for(admin).get("/o/riverside/").content.decode()
    assert "1 certification expires within 90 days." in home
    assert "workforce records" not in home
    WorkforceSettings.objects.create(organization=riverside, admins_see_records=True)
    body = client_for(admin).get("/o/riverside/workforce/team/").content.decode()
    assert "Worker 1" in body


def test_an_admin_links_workers_to_their_supervisor(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any, participant: Any
) -> None:
    from circles.workforce.models import SupervisorLink

    client = client_for(admin)
    page = client.get("/o/riverside/workforce/supervisors/").content.decode()
    assert "Supervisor of Jordan" in page and "Casey" not in page
    client.post(
        f"/o/riverside/workforce/supervisors/{specialist.pk}/",
        {f"w{specialist.pk}-supervisor": supervisor.pk},
    )
    assert SupervisorLink.objects.get().supervisor == supervisor
    # Only supervisors and admins can supervise; a participant is no choice.
    client.post(
        f"/o/riverside/workforce/supervisors/{specialist.pk}/",
        {f"w{specialist.pk}-supervisor": participant.pk},
    )
    assert SupervisorLink.objects.get().supervisor == supervisor
    client.post(
        f"/o/riverside/workforce/supervisors/{supervisor.pk}/",
        {f"w{supervisor.pk}-supervisor": supervisor.pk},
    )
    assert not SupervisorLink.objects.filter(worker=supervisor).exists()
    client.post(f"/o/riverside/workforce/supervisors/{specialist.pk}/", {})
    assert not SupervisorLink.objects.exists()
