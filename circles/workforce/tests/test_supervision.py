"""The supervision log: both sides see it, notes are encrypted, reading is audited."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.testing.fixtures import client_for
from circles.workforce.models import AgreedAction, SupervisionSession
from circles.workforce.tests.helpers import link, supervise

pytestmark = pytest.mark.django_db


def test_the_supervisor_records_a_session_the_worker_sees_it(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    today = timezone.localdate()
    response = client_for(supervisor).post(
        f"/o/riverside/workforce/people/{specialist.pk}/supervision/new/",
        {
            "held_on": today.isoformat(),
            "format": "one_to_one",
            "minutes": "50",
            "topics": "Boundaries after a hard week",
            "notes": "Jordan spoke about saying no kindly.",
            "action_1": "Try the boundary script at Tuesday group",
            "action_1_due": (today + datetime.timedelta(days=14)).isoformat(),
        },
    )
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert session.supervisor == supervisor and session.recorded_by == supervisor
    assert AgreedAction.objects.get().text == "Try the boundary script at Tuesday group"

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT topics, notes FROM workforce_supervisionsession WHERE id = %s", [session.pk]
        )
        topics, notes = cursor.fetchone()
        cursor.execute("SELECT text FROM workforce_agreedaction")
        (action_text,) = cursor.fetchone()
    assert "Boundaries" not in topics and "saying no" not in notes
    assert "boundary script" not in action_text
    events = AuditEvent.objects.filter(action="workforce.supervision_recorded")
    assert events.count() == 1 and "saying no" not in str(events.get().detail)

    own = client_for(specialist).get("/o/riverside/workforce/").content.decode()
    assert "Jordan spoke about saying no kindly." in own
    assert "Next supervision due by" in own
    assert not AuditEvent.objects.filter(action="workforce.supervision_read").exists()

    client_for(supervisor).get(f"/o/riverside/workforce/people/{specialist.pk}/")
    assert AuditEvent.objects.filter(action="workforce.supervision_read").count() == 1


def test_a_bad_session_keeps_what_was_typed(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    response = client_for(supervisor).post(
        f"/o/riverside/workforce/people/{specialist.pk}/supervision/new/",
        {
            "held_on": "2099-02-30",
            "format": "one_to_one",
            "minutes": "99999999999999999999",
            "notes": "Kept words",
            "action_2_due": "2026-03-01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Kept words" in body and "Almost there" in body
    assert "Please say what was agreed" in body
    assert not SupervisionSession.objects.exists()


def test_a_session_in_the_future_is_refused(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client_for(supervisor).post(
        f"/o/riverside/workforce/people/{specialist.pk}/supervision/new/",
        {"held_on": tomorrow.isoformat(), "format": "group", "minutes": "60"},
    )
    assert response.status_code == 400
    assert "still to come" in response.content.decode()


def test_a_supervisor_of_someone_else_cannot_read_or_write(
    riverside: Any, specialist: Any, supervisor: Any, admin: Any
) -> None:
    link(riverside, specialist, admin)  # the admin supervises Jordan, not Sam
    supervise(riverside, specialist, admin, timezone.localdate())
    url = f"/o/riverside/workforce/people/{specialist.pk}/"
    assert client_for(supervisor).get(url).status_code == 403
    assert client_for(admin).get(url).status_code == 200


def test_both_sides_mark_an_agreed_action_done(
    riverside: Any, specialist: Any, supervisor: Any
) -> None:
    link(riverside, specialist, supervisor)
    session = supervise(riverside, specialist, supervisor, timezone.localdate())
    action = AgreedAction.objects.create(organization=riverside, session=session, text="Rest")
    client_for(specialist).post(f"/o/riverside/workforce/actions/{action.pk}/done/")
    action.refresh_from_db()
    assert action.done_at is not None


def test_admins_read_records_only_when_the_organisation_allows(
    riverside: Any, specialist: Any, admin: Any
) -> None:
    from circles.workforce.models import WorkforceSettings

    url = f"/o/riverside/workforce/people/{specialist.pk}/"
    assert client_for(admin).get(url).status_code == 403
    client_for(admin).post(
        "/o/riverside/workforce/settings/",
        {"supervision_every_days": "30", "admins_see_records": "on"},
    )
    assert WorkforceSettings.objects.get(organization=riverside).admins_see_records
    assert client_for(admin).get(url).status_code == 200
    # Reading, never writing.
    new = f"/o/riverside/workforce/people/{specialist.pk}/training/new/"
    assert client_for(admin).get(new).status_code == 403
