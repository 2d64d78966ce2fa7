"""The caseload, a person's page, the team's view, and who sees what."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection

from circles.accounts.models import AuditEvent, Role
from circles.groups.models import SupportGroup
from circles.meetings.models import Attendance, Meeting
from circles.peerwork.models import ContactNote, PeerworkSettings, Person
from circles.peerwork.tests.access_table import make_supported
from circles.safety.actions import publish_statement
from circles.safety.ethics.models import StepBack
from circles.testing.fixtures import client_for, make_group, make_member

pytestmark = pytest.mark.django_db

CASELOAD = "/o/riverside/peer-support/caseload/"


def _note(person: Person, text: str = "We walked to the library.", **extra: Any) -> ContactNote:
    values: dict[str, Any] = {
        "organization": person.organization,
        "person": person,
        "written_by": person.specialist,
        "on": date(2026, 1, 12),
        "minutes": 30,
        "mode": ContactNote.Mode.IN_PERSON,
        "support_types": ["emotional"],
        "what_we_did": text,
    }
    values.update(extra)
    return ContactNote.objects.create(**values)


def test_a_specialist_sees_only_their_own_caseload(
    riverside: Any, specialist: Any, colleague: Any, casey_record: Person
) -> None:
    make_supported(riverside, colleague, name="Someone else's")
    page = client_for(specialist).get(CASELOAD).content.decode()
    assert "Casey" in page and "Someone else" not in page
    other = client_for(colleague).get(CASELOAD).content.decode()
    assert "Casey" not in other


def test_another_specialist_may_not_open_the_person(colleague: Any, casey_record: Person) -> None:
    url = f"/o/riverside/peer-support/people/{casey_record.pk}/"
    assert client_for(colleague).get(url).status_code == 403
    new_note = f"/o/riverside/peer-support/people/{casey_record.pk}/notes/new/"
    assert client_for(colleague).get(new_note).status_code == 403


def test_caseload_queries_do_not_grow(
    riverside: Any,
    specialist: Any,
    participant2: Any,
    casey_record: Person,
    django_assert_num_queries: Any,
) -> None:
    publish_statement(riverside, "Private, with one limit.", None)
    client = client_for(specialist)
    client.get(CASELOAD)
    with django_assert_num_queries(8):
        assert client.get(CASELOAD).status_code == 200
    for n in range(5):
        make_supported(riverside, specialist, name=f"Person {n}")
    make_supported(riverside, specialist, participant2)
    with django_assert_num_queries(8):
        page = client.get(CASELOAD).content.decode()
    assert "Person 4" in page


def test_person_page_queries_do_not_grow(
    riverside: Any, specialist: Any, casey_record: Person, django_assert_num_queries: Any
) -> None:
    url = f"/o/riverside/peer-support/people/{casey_record.pk}/"
    _note(casey_record)
    client = client_for(specialist)
    client.get(url)
    # Reading notes appends an audit event; PostgreSQL locks its chain with one more query.
    queries = 16 + (1 if connection.vendor == "postgresql" else 0)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    for n in range(4):
        _note(casey_record, f"Note {n}")
    with django_assert_num_queries(queries):
        page = client.get(url).content.decode()
    assert "Note 3" in page


def test_the_person_page_shows_groups_they_came_to(
    riverside: Any, specialist: Any, participant: Any, casey_record: Person
) -> None:
    group = make_group(riverside, [specialist])
    meeting = Meeting.objects.create(
        organization=riverside,
        group=group,
        starts_at=group.created,
        duration=timedelta(hours=1),
    )
    Attendance.objects.create(organization=riverside, meeting=meeting, user=participant)
    page = (
        client_for(specialist)
        .get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
        .content.decode()
    )
    assert "Groups they came to" in page and group.name in page
    assert isinstance(group, SupportGroup)


def test_supervisors_see_counts_not_notes(
    riverside: Any, supervisor: Any, casey_record: Person
) -> None:
    _note(casey_record, "Private words about the job search.")
    Person.objects.filter(pk=casey_record.pk).update(next_contact=date(2020, 1, 1))
    team = client_for(supervisor).get("/o/riverside/peer-support/team/").content.decode()
    assert "Jordan" in team and "Private words" not in team
    page = (
        client_for(supervisor)
        .get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
        .content.decode()
    )
    assert "Private words" not in page
    assert "1 more note stays between the person and their peer specialist" in page
    assert not AuditEvent.objects.filter(action="peerwork.notes.read").exists()


def test_policy_shares_notes_with_supervision(
    riverside: Any, supervisor: Any, casey_record: Person
) -> None:
    PeerworkSettings.objects.create(organization=riverside, notes_shared_with_supervision=True)
    _note(casey_record, "Private words about the job search.")
    page = (
        client_for(supervisor)
        .get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
        .content.decode()
    )
    assert "Private words" in page
    event = AuditEvent.objects.get(action="peerwork.notes.read")
    assert event.actor_id == supervisor.pk


def test_every_note_read_is_seen_by_the_person(
    riverside: Any, specialist: Any, participant: Any, casey_record: Person
) -> None:
    _note(casey_record)
    client_for(specialist).get(f"/o/riverside/peer-support/people/{casey_record.pk}/")
    mine = client_for(participant).get("/o/riverside/peer-support/").content.decode()
    assert "Who has read notes about you" in mine
    assert "Jordan" in mine.split("Who has read notes about you")[1]


def test_a_covering_colleague_sees_the_caseload_while_they_step_back(
    riverside: Any, specialist: Any, colleague: Any, casey_record: Person
) -> None:
    today = date.today()
    StepBack.objects.create(
        organization=riverside,
        worker=specialist,
        cover=colleague,
        starts_on=today - timedelta(days=2),
        ends_on=today + timedelta(days=2),
    )
    page = client_for(colleague).get(CASELOAD).content.decode()
    assert "Casey" in page and "covering for Jordan" in page
    url = f"/o/riverside/peer-support/people/{casey_record.pk}/"
    assert client_for(colleague).get(url).status_code == 200


def test_outsiders_and_observers_are_kept_out(
    riverside: Any, observer: Any, outsider: Any, casey_record: Person
) -> None:
    url = f"/o/riverside/peer-support/people/{casey_record.pk}/"
    assert client_for(observer).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).get(url.replace("riverside", "lakeshore")).status_code == 404


def test_ending_support_takes_them_off_the_caseload(specialist: Any, casey_record: Person) -> None:
    client = client_for(specialist)
    client.post(f"/o/riverside/peer-support/people/{casey_record.pk}/end/")
    casey_record.refresh_from_db()
    assert casey_record.status == Person.Status.CLOSED
    page = client.get(CASELOAD).content.decode()
    assert f"/peer-support/people/{casey_record.pk}/" not in page


def test_a_supervisor_who_also_supports_people_has_a_caseload(
    riverside: Any, supervisor: Any
) -> None:
    make_supported(riverside, supervisor, name="Robin")
    assert "Robin" in client_for(supervisor).get(CASELOAD).content.decode()
    assert make_member(riverside, Role.PARTICIPANT, "p3@example.org")
