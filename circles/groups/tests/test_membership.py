"""Joining a group: requests, the facilitators' answer, leaving, and who sees whose name."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from circles.accounts.models import AuditEvent
from circles.groups.models import GroupMembership
from circles.testing.fixtures import client_for, join_group, make_group, make_member, make_venue

pytestmark = pytest.mark.django_db

Status = GroupMembership.Status


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def closed(riverside: Any, specialist: Any) -> Any:
    riverside.contact_phone = "555-0100"
    riverside.contact_email = "hello@riverside.example"
    riverside.save()
    return make_group(
        riverside,
        name="Closed circle",
        facilitators=[specialist],
        is_open=False,
        venue=make_venue(riverside, name="Garden room", step_free=True),
    )


def ask(user: Any, group: Any, note: str = "", capture: Any = None) -> Any:
    client = client_for(user)
    if capture is None:
        return client.post(f"/groups/{group.pk}/join/", {"note": note})
    with capture(execute=True):
        return client.post(f"/groups/{group.pk}/join/", {"note": note})


def test_closed_group_join_request_reaches_facilitators_and_confirms(
    closed: Any,
    participant: Any,
    specialist: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    page = Client().get(f"/groups/{closed.pk}/").content.decode()
    assert "Closed group: ask to join." in page
    assert "sign in</a> to ask to join" in page
    client = client_for(participant)
    assert 'name="note"' in client.get(f"/groups/{closed.pk}/").content.decode()

    response = ask(participant, closed, "I am a bit nervous.", django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Your request is on its way" in response.content.decode()
    gm = GroupMembership.objects.get(group=closed, user=participant)
    assert gm.status == Status.REQUESTED
    assert gm.request_message == "I am a bit nervous."

    to_facilitator = next(m for m in mail.outbox if m.to == [specialist.email])
    assert "Casey asked to join Closed circle" in to_facilitator.body
    assert "I am a bit nervous." in to_facilitator.body
    assert f"/o/riverside/groups/{closed.pk}/members/" in to_facilitator.body
    to_person = next(m for m in mail.outbox if m.to == [participant.email])
    assert "We received your request to join Closed circle" in to_person.subject
    assert AuditEvent.objects.filter(action="group_membership.requested").exists()

    # The group page now says the request is waiting, with no second form.
    page = client.get(f"/groups/{closed.pk}/").content.decode()
    assert "The facilitators have your request" in page
    assert 'name="note"' not in page


def test_asking_twice_changes_nothing(
    closed: Any, participant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ask(participant, closed, "first", django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    ask(participant, closed, "second", django_capture_on_commit_callbacks)
    gm = GroupMembership.objects.get(group=closed, user=participant)
    assert gm.request_message == "first"
    assert len(mail.outbox) == sent


def test_anonymous_visitors_sign_in_to_ask(closed: Any) -> None:
    response = Client().post(f"/groups/{closed.pk}/join/", {"note": ""})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not GroupMembership.objects.exists()


def test_people_of_another_organisation_get_contact_details(closed: Any, outsider: Any) -> None:
    client = client_for(outsider)
    page = client.get(f"/groups/{closed.pk}/").content.decode()
    assert 'name="note"' not in page
    assert "555-0100" in page and "hello@riverside.example" in page
    response = client.post(f"/groups/{closed.pk}/join/", {"note": "hi"}, follow=True)
    assert "Only members of Riverside Peer Center can ask to join" in response.content.decode()
    assert not GroupMembership.objects.exists()


def test_non_public_and_archived_groups_have_no_public_page(
    riverside: Any, participant: Any
) -> None:
    hidden = make_group(riverside, is_public=False)
    old = make_group(riverside, is_archived=True)
    for group in (hidden, old):
        assert Client().get(f"/groups/{group.pk}/").status_code == 404
        assert client_for(participant).post(f"/groups/{group.pk}/join/").status_code == 404
    assert Client().get("/groups/99999/").status_code == 404


def test_open_group_just_come_along_and_add_to_my_groups(
    riverside: Any, participant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    group = make_group(riverside, name="Open circle", is_open=True)
    assert "Open group: just come along." in Client().get(f"/groups/{group.pk}/").content.decode()
    ask(participant, group, "", django_capture_on_commit_callbacks)
    assert GroupMembership.objects.get(group=group, user=participant).status == Status.MEMBER
    assert mail.outbox == []
    home = client_for(participant).get("/o/riverside/").content.decode()
    assert "Open circle" in home


def members_page(user: Any, group: Any) -> str:
    response = client_for(user).get(f"/o/riverside/groups/{group.pk}/members/")
    assert response.status_code == 200
    return response.content.decode()


def decide(user: Any, gm: Any, decision: str, message: str, capture: Any) -> Any:
    url = f"/o/riverside/groups/{gm.group_id}/members/{gm.pk}/{decision}/"
    with capture(execute=True):
        return client_for(user).post(url, {"message": message}, follow=True)


def test_facilitator_accepts(
    closed: Any, participant: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gm = join_group(closed, participant, status=Status.REQUESTED)
    page = members_page(specialist, closed)
    assert "Casey" in page and "Welcome Casey to the group" in page
    response = decide(
        specialist, gm, "accept", "See you Tuesday!", django_capture_on_commit_callbacks
    )
    assert "Casey is now a member" in response.content.decode()
    gm.refresh_from_db()
    assert gm.status == Status.MEMBER
    assert mail.outbox[-1].to == [participant.email]
    assert "Welcome to Closed circle" in mail.outbox[-1].subject
    assert "See you Tuesday!" in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="group_membership.accepted").exists()
    home = client_for(participant).get("/o/riverside/").content.decode()
    assert "Closed circle" in home and "Next meeting: Tuesday" in home


def test_facilitator_declines_with_a_kind_message_the_person_sees(
    closed: Any, participant: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gm = join_group(closed, participant, status=Status.REQUESTED)
    page = members_page(specialist, closed)
    assert "This is not about you" in page  # the warm default, ready to edit
    note = "The group is full this season. Our Thursday circle has room; we would love to see you."
    decide(specialist, gm, "decline", note, django_capture_on_commit_callbacks)
    gm.refresh_from_db()
    assert gm.status == Status.DECLINED and gm.reply_message == note
    assert note in mail.outbox[-1].body
    assert AuditEvent.objects.filter(action="group_membership.declined").exists()
    client = client_for(participant)
    assert "Thursday circle has room" in client.get("/o/riverside/").content.decode()
    assert "Thursday circle has room" in client.get(f"/groups/{closed.pk}/").content.decode()


def test_declining_needs_a_message_and_keeps_what_was_typed(
    closed: Any, participant: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gm = join_group(closed, participant, status=Status.REQUESTED)
    response = decide(specialist, gm, "decline", "   ", django_capture_on_commit_callbacks)
    assert "Please write a kind note" in response.content.decode()
    gm.refresh_from_db()
    assert gm.status == Status.REQUESTED
    assert mail.outbox == []


def test_a_welcome_note_too_long_is_explained_and_kept(
    closed: Any, participant: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    gm = join_group(closed, participant, status=Status.REQUESTED)
    note = "Welcome! " * 300
    response = decide(specialist, gm, "accept", note, django_capture_on_commit_callbacks)
    html = response.content.decode()
    assert f'id="welcome-error-{gm.pk}"' in html
    assert note.strip() in html
    gm.refresh_from_db()
    assert gm.status == Status.REQUESTED
    assert mail.outbox == []


def test_supervisor_and_other_facilitators_cannot_decide(
    closed: Any, participant: Any, supervisor: Any, riverside: Any
) -> None:
    gm = join_group(closed, participant, status=Status.REQUESTED)
    url = f"/o/riverside/groups/{closed.pk}/members/{gm.pk}/accept/"
    assert client_for(supervisor).post(url).status_code == 403
    # A request of another group cannot be answered through this group's address.
    other = make_group(riverside, facilitators=[], name="Other")
    other_url = f"/o/riverside/groups/{other.pk}/members/{gm.pk}/accept/"
    other_facilitator = make_member(riverside, "specialist", "other@example.org", "Pat")
    other.facilitators.set([other_facilitator])
    assert client_for(other_facilitator).post(other_url).status_code == 404
    gm.refresh_from_db()
    assert gm.status == Status.REQUESTED


def test_member_leaves_and_may_ask_again(
    closed: Any, participant: Any, django_capture_on_commit_callbacks: Any
) -> None:
    join_group(closed, participant)
    client = client_for(participant)
    response = client.post(f"/o/riverside/groups/{closed.pk}/leave/", follow=True)
    assert (
        "You have left Closed circle. You are welcome back any time." in response.content.decode()
    )
    assert GroupMembership.objects.get(user=participant).status == Status.LEFT
    assert "Closed circle" not in client.get("/o/riverside/").content.decode()
    assert AuditEvent.objects.filter(action="group_membership.left").exists()
    # Leaving twice is refused, not an error page about something else.
    assert client.post(f"/o/riverside/groups/{closed.pk}/leave/").status_code == 403
    ask(participant, closed, "back again", django_capture_on_commit_callbacks)
    assert GroupMembership.objects.get(user=participant).status == Status.REQUESTED


def test_a_request_can_be_taken_back(closed: Any, participant: Any) -> None:
    join_group(closed, participant, status=Status.REQUESTED)
    page = client_for(participant).get(f"/groups/{closed.pk}/").content.decode()
    assert "Take back my request" in page
    response = client_for(participant).post(f"/o/riverside/groups/{closed.pk}/leave/", follow=True)
    assert "You took back your request" in response.content.decode()


def test_member_names_private_by_default_and_shown_when_allowed(
    closed: Any, participant: Any, participant2: Any, specialist: Any
) -> None:
    join_group(closed, participant)
    join_group(closed, participant2)
    url = f"/o/riverside/groups/{closed.pk}/people/"
    page = client_for(participant).get(url).content.decode()
    assert "Names are private in this group." in page
    assert "Morgan" not in page
    assert "Jordan" in page  # facilitators are named
    # Facilitators always see who belongs.
    assert "Morgan" in client_for(specialist).get(url).content.decode()
    closed.show_member_names = True
    closed.save()
    page = client_for(participant).get(url).content.decode()
    assert "Morgan" in page and "Names are private" not in page


def test_participant_home_lists_groups_with_next_date_and_waiting_requests(
    riverside: Any, participant: Any
) -> None:
    mine = make_group(
        riverside,
        name="Thursday circle",
        weekday=3,
        starts_on=datetime.date.today(),
    )
    waiting = make_group(riverside, name="Waiting circle", is_open=False)
    make_group(riverside, name="Not mine")
    join_group(mine, participant)
    join_group(waiting, participant, status=Status.REQUESTED)
    page = client_for(participant).get("/o/riverside/").content.decode()
    assert "Thursday circle" in page
    assert "Next meeting: Thursday" in page
    assert f"/o/riverside/groups/{mine.pk}/" in page
    assert "Waiting circle" in page and "Waiting for the facilitators to reply." in page
    assert "Not mine" not in page
    assert 'href="/groups/"' in page


def test_public_group_page_says_what_to_expect_when_and_where(closed: Any) -> None:
    page = Client().get(f"/groups/{closed.pk}/").content.decode()
    assert "You do not have to speak. You can just listen" in page
    assert "stays in the group" in page
    assert "serious harm" in page
    assert "Every Tuesday" in page and "Next dates:" in page
    assert "Garden room" in page and "1 River St" in page
    assert "It has:" in page and "Step-free entrance" in page
    assert "It does not have:" in page and "Hearing loop" in page
    assert "555-0100" in page


@pytest.mark.parametrize("count", [1, 10])
def test_public_group_page_query_count(
    riverside: Any, specialist: Any, count: int, django_assert_max_num_queries: Any
) -> None:
    for i in range(count):
        make_group(riverside, name=f"Group {i}", facilitators=[specialist])
    group = make_group(riverside, name="This one", facilitators=[specialist])
    with django_assert_max_num_queries(3):
        assert Client().get(f"/groups/{group.pk}/").status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_list_pages_query_counts_do_not_grow(
    riverside: Any,
    specialist: Any,
    participant: Any,
    count: int,
    django_assert_max_num_queries: Any,
) -> None:
    closed = make_group(riverside, name="Closed", facilitators=[specialist], is_open=False)
    for i in range(count):
        group = make_group(riverside, name=f"Group {i}")
        join_group(group, participant)
        person = make_member(riverside, "participant", f"p{i}@example.org", f"P{i}")
        join_group(closed, person, status=Status.REQUESTED if i % 2 else Status.MEMBER)
    home = client_for(participant)
    members = client_for(specialist)
    home.get("/o/riverside/")  # the session's first request does one-off work
    members.get(f"/o/riverside/groups/{closed.pk}/members/")
    # One is the confidentiality notice (the statement and whether they read it), one the
    # person's own plan card.
    with django_assert_max_num_queries(11):
        page = home.get("/o/riverside/").content.decode()
    assert page.count("Next meeting:") == count
    with django_assert_max_num_queries(10):
        page = members.get(f"/o/riverside/groups/{closed.pk}/members/").content.decode()
    assert page.count("Send the note") == count // 2
