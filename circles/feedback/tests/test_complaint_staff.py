"""The concerns list and a concern's page, for the supervisors and admins who look after them."""

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse

from circles.accounts.models import AuditEvent, Organization, Role, User
from circles.feedback.actions import reply, set_status, submit_complaint
from circles.feedback.complaints import today_for
from circles.feedback.models import Complaint, ComplaintMessage, FeedbackSettings
from circles.testing.fixtures import client_for, make_group, make_member, make_venue

pytestmark = pytest.mark.django_db

LOCK = 1 if connection.vendor == "postgresql" else 0  # audit()'s advisory lock


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def raise_concern(organization: Organization, **extra: Any) -> Any:
    values: dict[str, Any] = {"about": "organization", "text": "The heating never works."}
    values.update(extra)
    return submit_complaint(organization, **values)


def age(complaint: Complaint, days: int) -> None:
    """Pretend the concern arrived ``days`` ago."""
    received = today_for(complaint.organization) - datetime.timedelta(days=days)
    Complaint.objects.filter(pk=complaint.pk).update(received_on=received)
    complaint.refresh_from_db()


def detail_url(complaint: Complaint, action: str = "detail") -> str:
    return reverse(f"complaint_{action}", args=[complaint.organization.slug, complaint.pk])


LIST = "/o/riverside/complaints/"


# The list ---------------------------------------------------------------------------


def test_the_list_shows_what_it_is_about_but_never_what_anyone_wrote(
    riverside: Organization, admin: User, supervisor: User, specialist: User
) -> None:
    group = make_group(riverside, name="Thursday walkers")
    venue = make_venue(riverside, name="Old library")
    raise_concern(riverside, about="group", group=group, text="Words about the walk.")
    raise_concern(riverside, about="venue", venue=venue, text="Words about the stairs.")
    raise_concern(
        riverside,
        about="person",
        about_person=specialist,
        text="Words about Jordan.",
        hoped_for="A quiet word.",
        contact_way="me@example.com",
    )
    page = client_for(supervisor).get(LIST).content.decode()
    assert "The group Thursday walkers" in page
    assert "The place Old library" in page
    assert "Jordan (a person in a role here)" in page
    for words in ("Words about", "A quiet word", "me@example.com"):
        assert words not in page
    assert page.count('class="card concern-card') == 3


def test_open_by_default_with_resolved_and_all_a_link_away(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    open_one = raise_concern(riverside).complaint
    done = raise_concern(riverside).complaint
    set_status(done, admin, Complaint.Status.RESOLVED)
    client = client_for(admin)

    def shown(query: str) -> set[str]:
        page = client.get(LIST + query).content.decode()
        return {str(c.pk) for c in (open_one, done) if detail_url(c) in page}

    assert shown("") == {str(open_one.pk)}
    assert shown("?show=resolved") == {str(done.pk)}
    assert shown("?show=all") == {str(open_one.pk), str(done.pk)}
    assert shown("?show=nonsense") == {str(open_one.pk)}
    assert 'href="?show=resolved"' in client.get(LIST).content.decode()


def test_overdue_concerns_are_flagged_and_listed_first_until_someone_replies(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    answered = raise_concern(riverside).complaint
    late = raise_concern(riverside).complaint
    on_the_day = raise_concern(riverside).complaint
    age(answered, 30)
    reply(answered, admin, "Thank you, we are on it.")
    age(late, 17)
    age(on_the_day, 14)  # the promise is "within 14 days": day 14 is not late yet
    client = client_for(supervisor)
    page = client.get(LIST).content.decode()
    assert page.count("No reply yet after") == 1
    assert "No reply yet after 17 days; we promise a first reply within 14." in page
    # The late one comes first, even before an older one that has had a reply.
    assert page.index(detail_url(late)) < page.index(detail_url(answered))
    assert page.index(detail_url(answered)) < page.index(detail_url(on_the_day))

    reply(late, admin, "We are looking into it.")
    page = client.get(LIST).content.decode()
    assert "No reply yet" not in page
    assert page.index(detail_url(answered)) < page.index(detail_url(late))


def test_the_promise_follows_the_organisations_setting(
    riverside: Organization, supervisor: User
) -> None:
    FeedbackSettings.objects.create(organization=riverside, reply_within_days=5)
    age(raise_concern(riverside).complaint, 6)
    page = client_for(supervisor).get(LIST).content.decode()
    assert "No reply yet after 6 days; we promise a first reply within 5." in page


def test_an_empty_list_says_so_kindly(riverside: Organization, supervisor: User) -> None:
    page = client_for(supervisor).get(LIST).content.decode()
    assert "No open concerns right now." in page


@pytest.mark.parametrize("persona", ["specialist", "observer", "participant"])
def test_other_roles_are_refused_every_page(
    persona: str, everyone: dict[str, User], riverside: Organization
) -> None:
    complaint = raise_concern(riverside).complaint
    client = client_for(everyone[persona])
    assert client.get(LIST).status_code == 403
    assert client.get(detail_url(complaint)).status_code == 403
    for action in ("reply", "note", "status", "assign"):
        response = client.post(detail_url(complaint, action), {"reply-text": "hello"})
        assert response.status_code == 403
    assert not ComplaintMessage.objects.exists()


def test_another_organisations_concern_is_not_found(
    riverside: Organization, lakeshore: Organization, admin: User, outsider: User
) -> None:
    theirs = raise_concern(lakeshore).complaint
    client = client_for(admin)
    url = reverse("complaint_detail", args=["riverside", theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url + "reply/", {"reply-text": "hello"}).status_code == 404
    assert not ComplaintMessage.objects.exists()


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_number_of_queries_however_many_concerns(
    count: int,
    riverside: Organization,
    admin: User,
    supervisor: User,
    specialist: User,
    django_assert_num_queries: Any,
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    venue = make_venue(riverside)
    abouts = [
        {"about": "group", "group": group},
        {"about": "venue", "venue": venue},
        {"about": "person", "about_person": specialist},
    ]
    for n in range(count):
        complaint = raise_concern(riverside, **abouts[n % 3]).complaint
        if n % 2:
            age(complaint, 20)
    client = client_for(supervisor)
    client.get(LIST)  # sessions and the like settle on the first request
    # session, user, memberships, the promise (read once, shared with overdue_filter),
    # the list itself, then saving the session (savepoint, update, release).
    # (membership.user is the signed-in user already: no query.)
    with django_assert_num_queries(5):
        response = client.get(LIST + "?show=all")
    assert response.content.decode().count('class="card concern-card') == count


# A concern's page ---------------------------------------------------------------------


def test_the_page_shows_the_words_contact_and_promise_and_audits_each_read(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    complaint = raise_concern(
        riverside,
        text="The heating never works.",
        hoped_for="Fix the boiler.",
        contact_name="Riley",
        contact_way="riley@example.com",
    ).complaint
    client = client_for(supervisor)
    page = client.get(detail_url(complaint)).content.decode()
    assert "The heating never works." in page
    assert "Fix the boiler." in page
    assert "Riley" in page and "riley@example.com" in page
    assert "They chose to stay anonymous" not in page
    promised = complaint.received_on + datetime.timedelta(days=14)
    assert f"that is by {promised:%-d %B %Y}" in page
    client.get(detail_url(complaint))
    reads = AuditEvent.objects.filter(action="complaint.read", object_id=str(complaint.pk))
    assert [e.actor_id for e in reads] == [supervisor.pk, supervisor.pk]


def test_an_anonymous_concern_says_they_chose_to_stay_anonymous(
    riverside: Organization, supervisor: User
) -> None:
    complaint = raise_concern(riverside).complaint
    page = client_for(supervisor).get(detail_url(complaint)).content.decode()
    assert "They chose to stay anonymous" in page


def test_a_reply_reaches_the_complainant_and_starts_the_clock(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    submitted = raise_concern(riverside)
    complaint = submitted.complaint
    client = client_for(supervisor)
    response = client.post(detail_url(complaint, "reply"), {"reply-text": "  We hear you.  "})
    assert response.status_code == 302
    assert response["Location"] == detail_url(complaint)
    complaint.refresh_from_db()
    assert complaint.first_reply_on == today_for(riverside)
    assert complaint.status == Complaint.Status.LOOKING
    message = ComplaintMessage.objects.get(complaint=complaint)
    assert (message.text, message.is_internal, message.author_id) == (
        "We hear you.",
        False,
        supervisor.pk,
    )
    page = client.get(detail_url(complaint)).content.decode()
    assert "Your reply is saved." in page
    assert "Our reply" in page and "We hear you." in page
    event = AuditEvent.objects.get(action="complaint.replied")
    assert event.actor_id == supervisor.pk and event.object_id == str(complaint.pk)
    # The person who raised it reads it with their receipt code.
    theirs = Client().get(reverse("complaint_followup", args=[submitted.receipt]))
    assert "We hear you." in theirs.content.decode()


def test_an_internal_note_never_reaches_the_complainant(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    submitted = raise_concern(riverside)
    complaint = submitted.complaint
    client = client_for(admin)
    response = client.post(
        detail_url(complaint, "note"), {"note-text": "Spoke to the landlord about it."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.first_reply_on is None
    assert complaint.status == Complaint.Status.RECEIVED
    assert ComplaintMessage.objects.get().is_internal
    page = client.get(detail_url(complaint)).content.decode()
    assert "Only people handling this concern see this." in page
    assert "Spoke to the landlord about it." in page
    assert AuditEvent.objects.get(action="complaint.note").actor_id == admin.pk
    theirs = Client().get(reverse("complaint_followup", args=[submitted.receipt]))
    assert theirs.status_code == 200
    assert "landlord" not in theirs.content.decode()


def test_replies_and_notes_are_encrypted_at_rest(riverside: Organization, supervisor: User) -> None:
    complaint = raise_concern(riverside, text="Boiler words").complaint
    client = client_for(supervisor)
    client.post(detail_url(complaint, "reply"), {"reply-text": "Distinct reply words"})
    client.post(detail_url(complaint, "note"), {"note-text": "Distinct note words"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM feedback_complaintmessage")
        stored = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT text FROM feedback_complaint")
        stored += [row[0] for row in cursor.fetchall()]
    assert len(stored) == 3
    for value in stored:
        assert "Distinct" not in value and "Boiler" not in value and "words" not in value


def test_an_empty_reply_is_refused_kindly_by_the_field(
    riverside: Organization, supervisor: User
) -> None:
    complaint = raise_concern(riverside).complaint
    response = client_for(supervisor).post(detail_url(complaint, "reply"), {"reply-text": "   "})
    assert response.status_code == 400
    assert "Please write something before sending." in response.content.decode()
    assert not ComplaintMessage.objects.exists()


def test_a_too_long_reply_keeps_every_word_typed(riverside: Organization, supervisor: User) -> None:
    complaint = raise_concern(riverside).complaint
    typed = "Thank you for telling us. " * 200  # over 5000 characters
    response = client_for(supervisor).post(detail_url(complaint, "reply"), {"reply-text": typed})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please keep this under 5000 characters." in page
    assert typed.strip() in page
    assert 'aria-invalid="true"' in page
    assert not ComplaintMessage.objects.exists()


def test_marking_it_resolved_and_opening_it_again(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    complaint = raise_concern(riverside).complaint
    client = client_for(admin)
    response = client.post(detail_url(complaint, "status"), {"status": "resolved"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RESOLVED
    assert complaint.resolved_on == today_for(riverside)
    event = AuditEvent.objects.get(action="complaint.status")
    assert event.actor_id == admin.pk
    assert event.detail == {"from": "received", "to": "resolved"}
    client.post(detail_url(complaint, "status"), {"status": "looking"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.resolved_on) == ("looking", None)


def test_a_made_up_status_is_refused(riverside: Organization, admin: User) -> None:
    complaint = raise_concern(riverside).complaint
    response = client_for(admin).post(detail_url(complaint, "status"), {"status": "binned"})
    assert response.status_code == 400
    assert "Please choose one of the options in the list." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.RECEIVED
    assert not AuditEvent.objects.filter(action="complaint.status").exists()


def test_a_plain_visit_to_an_action_goes_back_to_the_concern(
    riverside: Organization, admin: User
) -> None:
    complaint = raise_concern(riverside).complaint
    response = client_for(admin).get(detail_url(complaint, "reply"))
    assert response.status_code == 302
    assert response["Location"] == detail_url(complaint)
    assert not ComplaintMessage.objects.exists()


def test_passing_it_on_tells_the_new_handler_without_the_words(
    riverside: Organization,
    admin: User,
    supervisor: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    other = make_member(riverside, Role.SUPERVISOR, "noor@example.org", "Noor")
    complaint = raise_concern(riverside, text="Secret heating words").complaint
    assert complaint.assigned_to_id == supervisor.pk
    noor = other.memberships.get()
    client = client_for(supervisor)
    page = client.get(detail_url(complaint)).content.decode()
    assert f'<option value="{noor.pk}">Noor (Supervisor)</option>' in page
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(complaint, "assign"), {"handler": noor.pk})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.assigned_to_id == other.pk
    event = AuditEvent.objects.get(action="complaint.assigned")
    assert event.actor_id == supervisor.pk and event.detail == {"to": other.pk}
    assert [m.to for m in mail.outbox] == [[other.email]]
    assert "Secret" not in mail.outbox[0].body and "heating" not in mail.outbox[0].subject


def test_it_cannot_be_passed_to_someone_it_is_about(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    complaint = raise_concern(riverside, about="person", about_person=admin).complaint
    admin_membership = admin.memberships.get()
    client = client_for(supervisor)
    page = client.get(detail_url(complaint)).content.decode()
    assert f'value="{admin_membership.pk}"' not in page
    response = client.post(detail_url(complaint, "assign"), {"handler": admin_membership.pk})
    assert response.status_code == 400
    assert "That person cannot look after this concern" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.assigned_to_id == supervisor.pk
    assert not AuditEvent.objects.filter(action="complaint.assigned").exists()


def test_the_page_flags_a_late_concern_and_stops_after_the_first_reply(
    riverside: Organization, supervisor: User
) -> None:
    complaint = raise_concern(riverside).complaint
    age(complaint, 17)
    client = client_for(supervisor)
    assert "No reply yet after 17 days" in client.get(detail_url(complaint)).content.decode()
    client.post(detail_url(complaint, "reply"), {"reply-text": "Sorry for the wait."})
    page = client.get(detail_url(complaint)).content.decode()
    assert "No reply yet" not in page
    assert "First reply sent on" in page


def test_the_complainants_additions_show_in_the_thread(
    riverside: Organization, supervisor: User
) -> None:
    submitted = raise_concern(riverside)
    Client().post(
        reverse("complaint_followup", args=[submitted.receipt]), {"more": "It happened again."}
    )
    page = client_for(supervisor).get(detail_url(submitted.complaint)).content.decode()
    assert "More from the person who raised it" in page
    assert "It happened again." in page


def test_the_detail_page_takes_few_queries(
    riverside: Organization,
    admin: User,
    supervisor: User,
    django_assert_max_num_queries: Any,
) -> None:
    complaint = raise_concern(riverside).complaint
    for n in range(10):
        reply(complaint, admin, f"Reply {n}", internal=bool(n % 2))
    client = client_for(supervisor)
    client.get(detail_url(complaint))
    with django_assert_max_num_queries(20 + LOCK):
        response = client.get(detail_url(complaint))
    assert response.content.decode().count('<li class="concern-message') == 10


def test_with_nobody_else_allowed_it_says_so_instead_of_offering_a_list(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    complaint = raise_concern(riverside, about="person", about_person=supervisor).complaint
    assert complaint.assigned_to_id == admin.pk
    page = client_for(admin).get(detail_url(complaint)).content.decode()
    assert "There is nobody else here who may look after it." in page
    assert 'name="handler"' not in page
    # About the organisation: the supervisor has it, so only the admin is offered.
    open_one = raise_concern(riverside).complaint
    assert open_one.assigned_to_id == supervisor.pk
    page = client_for(supervisor).get(detail_url(open_one)).content.decode()
    assert f'value="{admin.memberships.get().pk}"' in page
    assert f'value="{supervisor.memberships.get().pk}"' not in page


def test_more_words_from_them_are_announced_only_to_whoever_may_read_it(
    riverside: Organization,
    admin: User,
    supervisor: User,
    release_tomorrow: Any,
) -> None:
    submitted = raise_concern(riverside, about="person", about_person=supervisor)
    release_tomorrow()
    mail.outbox.clear()
    Client().post(
        reverse("complaint_followup", args=[submitted.receipt]),
        {"more": "Saffron-5 it happened again"},
    )
    assert not mail.outbox
    release_tomorrow()
    assert [m.to for m in mail.outbox] == [[admin.email]]
    assert "has added more" in mail.outbox[0].body
    assert "Saffron" not in mail.outbox[0].body


def test_the_page_shows_dates_and_never_a_time_of_day(
    riverside: Organization, admin: User, supervisor: User
) -> None:
    complaint = raise_concern(riverside).complaint
    reply(complaint, admin, "Noted.")
    reply(complaint, admin, "Internal.", internal=True)
    page = client_for(supervisor).get(detail_url(complaint)).content.decode()
    main = page[page.index("<main") : page.index("</main>")]
    assert f"{today_for(riverside):%-d %B %Y}" in main
    assert not re.search(r"\b\d{1,2}:\d{2}\b", main)


def test_the_list_counts_days_for_open_concerns_and_gives_the_day_resolved_for_others(
    riverside: Organization, admin: User
) -> None:
    waiting = raise_concern(riverside).complaint
    age(waiting, 9)
    done = raise_concern(riverside).complaint
    age(done, 30)
    set_status(done, admin, Complaint.Status.RESOLVED)
    page = client_for(admin).get(LIST + "?show=all").content.decode()
    assert "9 days" in page
    assert "30 days" not in page
    assert f"Resolved on</dt><dd>{today_for(riverside):%-d %b %Y}" in page
