import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.groups.actions import create_group, update_group
from circles.groups.models import GroupMembership
from circles.meetings.actions import refresh_group_meetings
from circles.meetings.models import Attendance, Meeting, ObserverAssignment
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def group(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, facilitators=[specialist], starts_on=datetime.date.today())
    join_group(group, participant)
    return group


def url(org: Any, *parts: Any) -> str:
    return "/o/" + org.slug + "/" + "/".join(str(p) for p in parts) + "/"


# Generation through the group actions ---------------------------------------------------


def test_creating_a_group_makes_about_eight_weeks_of_meetings(
    riverside: Any, specialist: Any
) -> None:
    from circles.groups.models import SupportGroup

    group = SupportGroup(
        organization=riverside,
        name="Wednesday circle",
        purpose="Sharing.",
        start_time=datetime.time(18, 0),
        duration_minutes=90,
        starts_on=datetime.date.today(),
    )
    create_group(group, [specialist], actor=specialist)
    assert 7 <= Meeting.objects.filter(group=group).count() <= 9
    # Running it again makes nothing new.
    assert refresh_group_meetings(group) == 0


def test_changing_the_schedule_moves_future_meetings_but_keeps_ones_with_attendance(
    group: Any, specialist: Any, participant: Any
) -> None:
    refresh_group_meetings(group)
    meetings = list(Meeting.objects.filter(group=group))
    assert meetings
    kept = meetings[1]
    Attendance.objects.create(organization=group.organization, meeting=kept, user=participant)
    group.start_time = datetime.time(10, 30)
    update_group(group, [specialist], ["start_time"], actor=specialist)
    remaining = list(Meeting.objects.filter(group=group).order_by("starts_at"))
    assert kept in remaining
    others = [m for m in remaining if m.pk != kept.pk]
    assert others
    assert all(m.pk not in {x.pk for x in meetings} for m in others)
    assert len(others) == len(meetings)


# Pages ----------------------------------------------------------------------------------


def test_group_meetings_page_only_reads(group: Any, participant: Any, riverside: Any) -> None:
    client = client_for(participant)
    response = client.get(url(riverside, "groups", group.pk, "meetings"))
    assert response.status_code == 200
    # Looking makes no meetings; the page says they are coming.
    assert not Meeting.objects.filter(group=group).exists()
    assert "Meetings appear here shortly" in response.content.decode()
    assert "Add a one-off meeting" not in response.content.decode()
    refresh_group_meetings(group)
    response = client.get(url(riverside, "groups", group.pk, "meetings"))
    assert Meeting.objects.filter(group=group).count() >= 7
    assert "Meetings appear here shortly" not in response.content.decode()


def test_facilitator_sees_add_one_off(group: Any, specialist: Any, riverside: Any) -> None:
    response = client_for(specialist).get(url(riverside, "groups", group.pk, "meetings"))
    assert "Add a one-off meeting" in response.content.decode()


def test_meeting_page_shows_when_leader_and_run_links(
    group: Any, specialist: Any, participant: Any, riverside: Any
) -> None:
    meeting = make_meeting(group, leader=specialist)
    page = client_for(specialist).get(url(riverside, "meetings", meeting.pk)).content.decode()
    assert group.name in page
    assert specialist.display_name in page
    assert "Change the agenda" in page
    assert "Cancel this meeting" in page
    member_page = client_for(participant).get(url(riverside, "meetings", meeting.pk))
    text = member_page.content.decode()
    assert "Change the agenda" not in text
    assert "Cancel this meeting" not in text


def test_cancel_tells_only_opted_in_members_by_email(
    group: Any,
    specialist: Any,
    participant: Any,
    participant2: Any,
    riverside: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    join_group(group, participant2)
    participant.email_about_groups = True
    participant.save()
    meeting = make_meeting(group)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(specialist).post(
            url(riverside, "meetings", meeting.pk, "cancel"), {"reason": "The room is closed"}
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert "The room is closed" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="meeting.cancelled").exists()
    page = client_for(participant2).get(url(riverside, "meetings", meeting.pk)).content.decode()
    assert "This meeting is cancelled." in page


def test_move_notifies_and_changes_time(
    group: Any,
    specialist: Any,
    participant: Any,
    riverside: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    participant.email_about_groups = True
    participant.save()
    meeting = make_meeting(group)
    new_day = (meeting.starts_at + datetime.timedelta(days=2)).date()
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(specialist).post(
            url(riverside, "meetings", meeting.pk, "move"),
            {"date": new_day.isoformat(), "time": "19:15", "minutes": "60"},
        )
    assert response.status_code == 302
    meeting.refresh_from_db()
    local = meeting.starts_at.astimezone(__import__("zoneinfo").ZoneInfo(riverside.timezone))
    assert (local.date(), local.hour, local.minute) == (new_day, 19, 15)
    assert meeting.duration == datetime.timedelta(minutes=60)
    assert len(mail.outbox) == 1
    assert "new time" in mail.outbox[0].subject


def test_going_ahead_after_all_has_its_own_address(
    group: Any, specialist: Any, riverside: Any
) -> None:
    meeting = make_meeting(group)
    client = client_for(specialist)
    client.post(url(riverside, "meetings", meeting.pk, "cancel"), {"reason": "Snow"})
    page = client.get(url(riverside, "meetings", meeting.pk)).content.decode()
    restore = url(riverside, "meetings", meeting.pk, "restore")
    assert f'action="{restore}"' in page
    assert client.post(restore).status_code == 302
    meeting.refresh_from_db()
    assert not meeting.is_cancelled and meeting.cancel_reason == ""
    # A reason the form refuses (too long) cancels nothing and says why.
    response = client.post(
        url(riverside, "meetings", meeting.pk, "cancel"), {"reason": "x" * 301}, follow=True
    )
    meeting.refresh_from_db()
    assert not meeting.is_cancelled
    assert "at most 300 characters" in response.content.decode()


def test_participant_cannot_cancel(group: Any, participant: Any, riverside: Any) -> None:
    meeting = make_meeting(group)
    response = client_for(participant).post(url(riverside, "meetings", meeting.pk, "cancel"))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert not meeting.is_cancelled


def test_add_one_off(group: Any, specialist: Any, riverside: Any) -> None:
    day = datetime.date.today() + datetime.timedelta(days=3)
    response = client_for(specialist).post(
        url(riverside, "groups", group.pk, "meetings", "new"),
        {"date": day.isoformat(), "time": "12:00", "minutes": "45"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(group=group, is_one_off=True)
    assert meeting.duration == datetime.timedelta(minutes=45)
    page = client_for(specialist).get(response["Location"]).content.decode()
    assert "an extra meeting" in page


def test_leader_is_chosen_among_facilitators_and_willing_members(
    group: Any, specialist: Any, participant: Any, participant2: Any, riverside: Any
) -> None:
    group.rotate_leader = True
    group.save()
    membership2 = join_group(group, participant2)
    meeting = make_meeting(group)
    client = client_for(specialist)
    # Not willing yet: refused.
    client.post(url(riverside, "meetings", meeting.pk, "leader"), {"leader": participant2.pk})
    meeting.refresh_from_db()
    assert meeting.leader_id != participant2.pk
    # Offers to lead from the group page.
    client_for(participant2).post(url(riverside, "groups", group.pk, "willing"), {"willing": "1"})
    membership2.refresh_from_db()
    assert membership2.willing_to_lead
    client.post(url(riverside, "meetings", meeting.pk, "leader"), {"leader": participant2.pk})
    meeting.refresh_from_db()
    assert meeting.leader_id == participant2.pk
    # The leader now runs the meeting: the agenda is theirs to change.
    assert (
        client_for(participant2).get(url(riverside, "meetings", meeting.pk, "agenda")).status_code
        == 200
    )


def test_meeting_page_query_count_is_fixed(
    group: Any,
    specialist: Any,
    participant: Any,
    participant2: Any,
    riverside: Any,
    django_assert_max_num_queries: Any,
) -> None:
    meeting = make_meeting(group, leader=specialist)
    for user, limit in [(specialist, 9), (participant, 11)]:
        client = client_for(user)
        client.get(url(riverside, "meetings", meeting.pk))
        with django_assert_max_num_queries(limit):
            assert client.get(url(riverside, "meetings", meeting.pk)).status_code == 200
    # More willing members to choose a leader from: still the same count.
    group.rotate_leader = True
    group.save()
    join_group(group, participant2)
    GroupMembership.objects.filter(group=group).update(willing_to_lead=True)
    client = client_for(specialist)
    with django_assert_max_num_queries(9):
        page = client.get(url(riverside, "meetings", meeting.pk)).content.decode()
    assert participant2.display_name in page


def test_lists_do_not_grow_queries_with_meetings(
    group: Any,
    specialist: Any,
    participant: Any,
    riverside: Any,
    django_assert_max_num_queries: Any,
) -> None:
    refresh_group_meetings(group)
    for user, path, limit in [
        (specialist, url(riverside, "meetings"), 7),
        (participant, url(riverside, "meetings"), 7),
        (specialist, url(riverside, "groups", group.pk, "meetings"), 12),
    ]:
        client = client_for(user)
        client.get(path)
        with django_assert_max_num_queries(limit):
            page = client.get(path)
        assert page.status_code == 200
        assert group.name in page.content.decode()
    other = make_group(riverside, facilitators=[specialist], name="Another circle")
    join_group(other, participant)
    refresh_group_meetings(other)
    client = client_for(participant)
    with django_assert_max_num_queries(7):
        assert "Another circle" in client.get(url(riverside, "meetings")).content.decode()


def test_group_page_links_to_meetings_and_offers_to_lead(
    group: Any, participant: Any, riverside: Any
) -> None:
    client = client_for(participant)
    page = client.get(url(riverside, "groups", group.pk)).content.decode()
    assert f"/o/riverside/groups/{group.pk}/meetings/" in page
    assert "m willing to lead" not in page
    group.rotate_leader = True
    group.save()
    page = client.get(url(riverside, "groups", group.pk)).content.decode()
    assert "m willing to lead a meeting now and then" in page
    response = client.post(url(riverside, "groups", group.pk, "willing"), {"willing": "1"})
    page = client.get(response["Location"]).content.decode()
    assert "You offered to lead a meeting now and then" in page


def test_profile_offers_emails_about_groups(participant: Any) -> None:
    page = client_for(participant).get("/profile/")
    text = page.content.decode().lower()
    assert "email me when a meeting of my groups is cancelled or moved" in text
    assert 'name="email_about_groups"' in text


# Home pages ------------------------------------------------------------------------------


def test_specialist_week_lists_real_meetings_with_cancelled_ones(
    group: Any, specialist: Any, riverside: Any, django_assert_max_num_queries: Any
) -> None:
    going = make_meeting(group)
    cancelled = make_meeting(
        group, when=going.starts_at + datetime.timedelta(days=2), status=Meeting.Status.CANCELLED
    )
    client = client_for(specialist)
    client.get("/o/riverside/")
    # The home carries every area's card (home/tests/test_org_home.py pins the whole page).
    with django_assert_max_num_queries(23) as first:
        page = client.get("/o/riverside/").content.decode()
    assert f"/o/riverside/meetings/{going.pk}/" in page
    assert f"/o/riverside/meetings/{cancelled.pk}/" in page
    assert "Cancelled" in page
    other = make_group(riverside, facilitators=[specialist], name="Another circle")
    make_meeting(other)
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert "Another circle" in client.get("/o/riverside/").content.decode()


def test_participant_home_says_the_next_meeting_is_cancelled(group: Any, participant: Any) -> None:
    make_meeting(group, status=Meeting.Status.CANCELLED, cancel_reason="Snow day")
    page = client_for(participant).get("/o/riverside/").content.decode()
    assert "is cancelled" in page
    assert "Snow day" in page


def test_observer_sees_the_meetings_they_observe(group: Any, observer: Any, riverside: Any) -> None:
    meeting = make_meeting(group)
    client = client_for(observer)
    assert group.name not in client.get(url(riverside, "meetings")).content.decode()
    ObserverAssignment.objects.create(organization=riverside, meeting=meeting, observer=observer)
    page = client.get(url(riverside, "meetings")).content.decode()
    assert f"/o/riverside/meetings/{meeting.pk}/" in page
    # The meeting page leads back to their meetings, not the group's page (403 for them).
    page = client.get(url(riverside, "meetings", meeting.pk)).content.decode()
    group_meetings = url(riverside, "groups", group.pk, "meetings")
    assert group_meetings not in page
    assert client.get(group_meetings).status_code == 403
    assert 'href="/o/riverside/meetings/"' in page


def test_cancelling_a_date_on_the_group_marks_its_meeting_cancelled(
    group: Any, specialist: Any, participant: Any
) -> None:
    from circles.groups.actions import add_exception

    refresh_group_meetings(group)
    meeting = Meeting.objects.filter(group=group).order_by("starts_at")[1]
    day = timezone.localtime(meeting.starts_at, ZoneInfo(group.organization.timezone)).date()
    add_exception(group, day, "Holiday", actor=specialist)
    meeting.refresh_from_db()
    assert meeting.is_cancelled
    assert meeting.cancel_reason == "Holiday"
    page = client_for(participant).get(url(group.organization, "meetings", meeting.pk))
    assert "This meeting is cancelled." in page.content.decode()


def test_each_person_is_offered_only_the_meeting_pages_they_may_open(
    group: Any, everyone: dict[str, Any], riverside: Any
) -> None:
    meeting = make_meeting(group, leader=everyone["specialist"])
    ObserverAssignment.objects.create(
        organization=riverside, meeting=meeting, observer=everyone["observer"]
    )
    pages = {
        persona: client_for(everyone[persona])
        .get(url(riverside, "meetings", meeting.pk))
        .content.decode()
        for persona in ["specialist", "supervisor", "participant", "observer"]
    }
    assert "Run the meeting" in pages["specialist"]
    assert "Debrief notes" in pages["supervisor"] and "Run the meeting" not in pages["supervisor"]
    assert "Debrief notes" not in pages["participant"]
    assert "Were you marked as there?" in pages["participant"]
    assert "Your observer report" in pages["observer"]
