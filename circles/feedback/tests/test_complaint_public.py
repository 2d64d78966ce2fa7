"""Raising a concern: /complaints/new/ and the receipt shown once at /complaints/sent/."""

import datetime
import hashlib
import html
import json
import math
import re
import time
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from circles.accounts.models import (
    AnonymousAuditEvent,
    AuditEvent,
    CrisisLine,
    Organization,
    Role,
    User,
)
from circles.feedback.complaints import (
    RECEIPT_LENGTH,
    format_receipt,
    new_receipt,
)
from circles.feedback.models import Complaint, FeedbackSettings
from circles.feedback.views import complaint_public
from circles.feedback.views.complaint_public import SENT_COOKIE
from circles.lib.codes import ALPHABET, normalise
from circles.lib.crypto import decrypt
from circles.lib.models import RateCount
from circles.lib.ratelimit import DAY, Limit
from circles.testing.fixtures import (
    client_for,
    join_group,
    make_group,
    make_meeting,
    make_member,
    make_venue,
)

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"
AGENT = "PeculiarBrowser/7.31 (concern-test; zz-ZZ)"
RECEIPT_RE = re.compile(r'<p class="receipt-code" id="receipt-code">([A-Z0-9-]+)</p>')


@pytest.fixture(autouse=True)
def _run_tasks_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def new_url(organization: Organization) -> str:
    return reverse("complaint_new") + f"?org={organization.slug}"


def send(client: Client, organization: Organization, **data: Any) -> Any:
    values = {"about": "organization", "text": "Something did not feel right.", "contact": "no"}
    values.update(data)
    return client.post(new_url(organization), values)


def receipt_from(response: Any) -> str:
    found = RECEIPT_RE.search(response.content.decode())
    assert found, "the sent page shows no receipt code"
    return found.group(1)


def send_and_read_receipt(client: Client, organization: Organization, **data: Any) -> str:
    response = send(client, organization, **data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("complaint_sent")
    return receipt_from(client.get(reverse("complaint_sent")))


def raw_rows(table: str) -> list[dict[str, Any]]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# Choosing the organisation --------------------------------------------------------


def test_without_an_organisation_it_asks_which_one_first(
    riverside: Organization, lakeshore: Organization
) -> None:
    response = Client().get(reverse("complaint_new"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Which organisation is it about?" in page
    assert f'href="/complaints/new/?org={riverside.slug}"' in page
    assert f'href="/complaints/new/?org={lakeshore.slug}"' in page
    assert 'name="text"' not in page


def test_an_unknown_organisation_is_a_kind_404_with_the_list(riverside: Organization) -> None:
    response = Client().get(reverse("complaint_new") + "?org=nowhere")
    assert response.status_code == 404
    assert "We could not find that organisation" in response.content.decode()
    assert riverside.name in response.content.decode()


# The form ----------------------------------------------------------------------


def test_form_offers_public_groups_staff_and_venues_without_prefilling(
    riverside: Organization,
    lakeshore: Organization,
    specialist: User,
    supervisor: User,
    participant: User,
) -> None:
    public = make_group(riverside, name="Open door circle")
    private = make_group(riverside, name="Closed family circle", is_public=False)
    make_group(riverside, name="Someone else's private circle", is_public=False)
    make_group(lakeshore, name="Lakeshore walk and talk")
    join_group(private, participant)
    make_venue(riverside, name="Library meeting room")

    anonymous = Client().get(new_url(riverside)).content.decode()
    assert public.name in anonymous
    assert private.name not in anonymous
    assert "Lakeshore walk and talk" not in anonymous
    assert "Someone else, I will describe them in my own words" in anonymous
    assert "Library meeting room" in anonymous
    assert "The supervisors and admins at Riverside Peer Center" in anonymous
    assert "encrypted" in anonymous

    member = client_for(participant).get(new_url(riverside)).content.decode()
    # Only the organisation's own members are offered its staff by name.
    assert "Jordan (Peer specialist)" in member
    assert "Sam (Supervisor)" in member
    assert "Casey (Participant)" not in member  # participants are not offered
    assert private.name in member
    assert "Someone else's private circle" not in member
    assert participant.email not in member
    assert 'value="Casey"' not in member
    assert "not linked to your account" in member
    # "No, keep me anonymous" is chosen until the person changes it.
    assert re.search(r'value="no"[^>]*checked', member)


def test_staff_names_are_only_for_the_organisations_own_members(
    riverside: Organization,
    lakeshore: Organization,
    specialist: User,
    supervisor: User,
    admin: User,
    outsider: User,
) -> None:
    names = [specialist.display_name, supervisor.display_name, admin.display_name]
    for client in (Client(), client_for(outsider)):
        page = client.get(new_url(riverside)).content.decode()
        form = page[page.index('class="complaint-form"') :]
        for name in names:
            assert name not in form
        assert "(Peer specialist)" not in form and "(Supervisor)" not in form
        # They choose a role instead, and say who in their own words.
        assert 'value="role:specialist"' in form
        assert "A peer specialist or group facilitator" in form
        assert 'value="role:supervisor"' in form and 'value="role:admin"' in form
        assert "Someone else, I will describe them in my own words" in form
        # A name cannot be posted from outside either.
        response = send(client, riverside, about="person", person=str(specialist.pk))
        assert response.status_code == 400
        assert "That choice is no longer on our list" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_role_keeps_it_from_everyone_in_that_role(
    riverside: Organization, supervisor: User, admin: User, specialist: User
) -> None:
    other = make_member(riverside, Role.SUPERVISOR, "noor@example.org", "Noor")
    send_and_read_receipt(Client(), riverside, about="person", person="role:supervisor")
    complaint = Complaint.objects.get()
    assert complaint.about_person is None and complaint.about_role == Role.SUPERVISOR
    assert set(complaint.kept_from.all()) == {supervisor, other}
    assert complaint.assigned_to == admin
    page = (
        client_for(admin)
        .get(reverse("complaint_detail", args=["riverside", complaint.pk]))
        .content.decode()
    )
    assert "Someone in the role “Supervisor”" in html.unescape(page)
    for person in (supervisor, other):
        url = reverse("complaint_detail", args=["riverside", complaint.pk])
        assert client_for(person).get(url).status_code == 404


def test_bad_input_keeps_everything_typed_and_says_what_to_change(
    riverside: Organization, specialist: User
) -> None:
    response = send(
        Client(),
        riverside,
        about="person",
        person="",
        text="The facilitator talked over me <again>.",
        hoped_for="An apology & a calmer pace.",
        contact="yes",
        contact_name="Robin Q",
        contact_way="",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "The facilitator talked over me &lt;again&gt;." in page
    assert "An apology &amp; a calmer pace." in page
    assert 'value="Robin Q"' in page
    assert re.search(r'value="person"[^>]*checked', page)
    assert re.search(r'value="yes"[^>]*checked', page)
    assert 'id="id_person_error"' in page
    assert "Please choose the person" in page
    assert 'id="id_contact_way_error"' in page
    assert "Please give an email address or phone number" in page
    assert Complaint.objects.count() == 0


def test_what_happened_is_required_and_a_future_meeting_date_is_refused(
    riverside: Organization, specialist: User
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    tomorrow = datetime.date.today() + datetime.timedelta(days=2)
    response = send(
        Client(), riverside, about="meeting", group=group.pk, meeting_date=tomorrow, text="  "
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please tell us a little about what happened" in page
    assert "That date is still to come" in page
    assert f'value="{tomorrow.isoformat()}"' in page
    assert Complaint.objects.count() == 0


# What is stored ------------------------------------------------------------------


def test_raw_rows_hold_nothing_that_identifies_a_signed_in_complainant(
    riverside: Organization, specialist: User, supervisor: User, participant: User
) -> None:
    client = client_for(participant)
    client.defaults.update({"REMOTE_ADDR": ADDRESS, "HTTP_USER_AGENT": AGENT})
    text = "Jordan laughed when I shared about my brother."
    hoped = "To be taken seriously next time."
    receipt = send_and_read_receipt(
        client,
        riverside,
        about="person",
        person=str(specialist.pk),
        text=text,
        hoped_for=hoped,
        # Typed, then "No, keep me anonymous" chosen: the typed details are dropped.
        contact_name="Casey",
        contact_way=participant.email,
        contact="no",
    )
    code = normalise(receipt)
    followup = client.post(
        reverse("complaint_followup", args=[receipt]), {"more": "It happened twice."}
    )
    assert followup.status_code == 302

    rows = raw_rows("feedback_complaint")
    messages = raw_rows("feedback_complaintmessage")
    assert len(rows) == 1 and len(messages) == 1
    row = rows[0]
    forbidden = [participant.email, "Casey", ADDRESS, AGENT, "PeculiarBrowser", code, receipt]
    for stored in [*rows, *messages]:
        for column, value in stored.items():
            for secret in forbidden:
                assert secret not in str(value), f"{column} holds {secret!r}"
    for column in ("about_person_id", "assigned_to_id"):
        assert row[column] != participant.pk, column
    assert messages[0]["author_id"] is None
    assert row["about_person_id"] == specialist.pk
    assert row["assigned_to_id"] == supervisor.pk
    assert participant.pk not in [r["user_id"] for r in raw_rows("feedback_complaint_kept_from")]
    # Free text is ciphertext at rest, and decrypts to what was typed.
    assert text not in row["text"] and decrypt(row["text"]) == text
    assert hoped not in row["hoped_for"] and decrypt(row["hoped_for"]) == hoped
    assert row["contact_name"] == "" and row["contact_way"] == ""
    assert "twice" not in messages[0]["text"]
    assert decrypt(messages[0]["text"]) == "It happened twice."
    assert row["receipt_hash"] == hashlib.sha256(code.encode()).hexdigest()
    assert row["received_on"] is not None
    # Nothing the complainant did is tied to them, a request or a moment: their
    # events are anonymous ones, which have a date and no person, request or time.
    mine = ["complaint.received", "complaint.added_by_complainant"]
    complainant = list(AnonymousAuditEvent.objects.order_by("id"))
    assert [e.action for e in complainant] == mine
    assert not AuditEvent.objects.filter(action__in=mine).exists()
    assert not AuditEvent.objects.filter(actor_id=participant.pk).exists()


def test_contact_details_are_kept_only_when_chosen_and_encrypted(
    riverside: Organization, supervisor: User
) -> None:
    send_and_read_receipt(
        Client(), riverside, contact="yes", contact_name="Robin", contact_way="555-0100"
    )
    row = raw_rows("feedback_complaint")[0]
    assert "555-0100" not in row["contact_way"] and "Robin" not in row["contact_name"]
    assert decrypt(row["contact_way"]) == "555-0100"
    assert decrypt(row["contact_name"]) == "Robin"


def test_receipts_are_100_bits_from_the_alphabet_and_distinct() -> None:
    assert RECEIPT_LENGTH * math.log2(len(ALPHABET)) == 100
    codes = [new_receipt() for _ in range(2000)]
    assert len(set(codes)) == len(codes)
    assert all(len(c) == RECEIPT_LENGTH and set(c) <= set(ALPHABET) for c in codes)
    # Every letter of the alphabet turns up: the codes are not drawn from a smaller set.
    assert set("".join(codes)) == set(ALPHABET)


# The receipt, shown once -----------------------------------------------------------


# Two languages offered, so the page has a language menu to leave out.
@override_settings(LANGUAGES=settings.KNOWN_LANGUAGES)
def test_receipt_is_shown_once_then_gone_from_every_session(
    riverside: Organization, supervisor: User, participant: User
) -> None:
    FeedbackSettings.objects.create(organization=riverside, reply_within_days=9)
    CrisisLine.objects.create(
        organization=riverside, name="Riverside warmline", way="call", contact="555-0142"
    )
    for client in (Client(), client_for(participant)):
        response = send(client, riverside)
        assert response.status_code == 302
        sent = client.get(reverse("complaint_sent"))
        page = sent.content.decode()
        receipt = receipt_from(sent)
        code = normalise(receipt)
        assert receipt == format_receipt(code)
        assert f"/complaints/{receipt}/" in page
        assert "reply within 9 days" in page
        assert "only a scrambled version of it (a hash)" in page
        assert "If you are in distress right now" in page
        assert "988" in page and "Riverside warmline" in page
        assert "Print this page" in page
        assert "no-store" in sent["Cache-Control"]
        assert sent["Referrer-Policy"] == "same-origin"
        assert "noindex" in sent["X-Robots-Tag"]
        # Switching language would reload the page and lose the code shown only once.
        assert 'id="language-select"' not in page
        for session in Session.objects.all():
            assert code not in session.session_data
            assert code not in json.dumps(session.get_decoded())
        again = client.get(reverse("complaint_sent"))
        assert again.status_code == 200
        assert code not in again.content.decode()
        assert "shown once" in again.content.decode()
        assert 'id="language-select"' in again.content.decode()


def test_a_signed_in_persons_session_never_holds_the_receipt(
    riverside: Organization, supervisor: User, participant: User
) -> None:
    client = client_for(participant)
    response = send(client, riverside)
    assert response.status_code == 302
    # Until the page that shows it once is opened, the receipt waits only in a short-lived,
    # encrypted cookie for that page: never in the session, which names the person.
    sessions = [json.dumps(s.get_decoded()) + s.session_data for s in Session.objects.all()]
    assert sessions, "the signed-in person has a session"
    handed = response.cookies[SENT_COOKIE]
    assert handed["path"] == reverse("complaint_sent")
    assert handed["httponly"] and handed["samesite"] == "Lax"
    assert 0 < int(handed["max-age"]) <= 10 * 60
    sent = client.get(reverse("complaint_sent"))
    receipt = receipt_from(sent)
    code = normalise(receipt)
    for stored in sessions:
        assert code not in stored and receipt not in stored
    assert code not in handed.value and receipt not in handed.value
    # Seen once, the cookie is gone, and the page still prints and has no language switch.
    assert sent.cookies[SENT_COOKIE].value == "" and sent.cookies[SENT_COOKIE]["max-age"] == 0
    assert "Print this page" in sent.content.decode()
    assert 'id="language-select"' not in sent.content.decode()
    assert "shown once" in client.get(reverse("complaint_sent")).content.decode()


def test_a_stale_or_forged_hand_over_shows_nothing(riverside: Organization) -> None:
    client = Client()
    send(client, riverside)
    later = time.time() + 11 * 60
    with mock.patch("cryptography.fernet.time.time", return_value=later):
        page = client.get(reverse("complaint_sent")).content.decode()
    assert "shown once" in page and "receipt-code" not in page
    client.cookies[SENT_COOKIE] = "not-a-token"
    page = client.get(reverse("complaint_sent")).content.decode()
    assert "shown once" in page and "receipt-code" not in page


def test_when_only_the_subject_could_read_it_the_person_is_told_plainly(
    riverside: Organization, supervisor: User
) -> None:
    riverside.contact_phone = "555-0199"
    riverside.save()
    client = Client()
    send(client, riverside, about="person", person="role:supervisor")
    page = client.get(reverse("complaint_sent")).content.decode()
    assert "Right now there is nobody at Riverside Peer Center who may read your concern" in page
    assert "555-0199" in page


def test_a_normal_receipt_page_does_not_say_nobody_can_read_it(
    riverside: Organization, supervisor: User, admin: User
) -> None:
    client = Client()
    send(client, riverside, about="person", person="role:supervisor")
    page = client.get(reverse("complaint_sent")).content.decode()
    assert "Right now there is nobody" not in page
    assert "A supervisor or admin at Riverside Peer Center will read your concern" in page


# Who it is kept from ----------------------------------------------------------------


def test_kept_from_the_named_person(
    riverside: Organization, specialist: User, supervisor: User, participant: User
) -> None:
    client = client_for(participant)
    send_and_read_receipt(client, riverside, about="person", person=str(specialist.pk))
    complaint = Complaint.objects.get()
    assert set(complaint.kept_from.all()) == {specialist}
    assert complaint.about_person == specialist


def test_someone_else_names_nobody(riverside: Organization, supervisor: User) -> None:
    send_and_read_receipt(Client(), riverside, about="person", person="other")
    complaint = Complaint.objects.get()
    assert complaint.about_person is None
    assert complaint.kept_from.count() == 0


def test_kept_from_the_group_facilitators(
    riverside: Organization, specialist: User, supervisor: User, observer: User
) -> None:
    group = make_group(riverside, facilitators=[specialist, observer])
    venue = make_venue(riverside)
    # A venue chosen by the way is not stored with a concern about a group.
    send_and_read_receipt(Client(), riverside, about="group", group=group.pk, venue=venue.pk)
    complaint = Complaint.objects.get()
    assert complaint.group == group and complaint.venue is None
    assert set(complaint.kept_from.all()) == {specialist, observer}


def test_a_meeting_is_found_by_its_local_date_and_its_leader_is_kept_out(
    riverside: Organization, specialist: User, supervisor: User, participant2: User
) -> None:
    riverside.timezone = "America/Chicago"
    riverside.save()
    group = make_group(riverside, facilitators=[specialist])
    # 02:30 UTC on the 10th is the evening of the 9th in Chicago.
    when = datetime.datetime(2026, 3, 10, 2, 30, tzinfo=datetime.UTC)
    meeting = make_meeting(group, when=when, leader=participant2)
    make_meeting(group, when=when + datetime.timedelta(days=7))
    local_day = when.astimezone(ZoneInfo("America/Chicago")).date()
    send_and_read_receipt(
        Client(), riverside, about="meeting", group=group.pk, meeting_date=local_day
    )
    complaint = Complaint.objects.get()
    assert complaint.meeting == meeting
    assert complaint.meeting_date == datetime.date(2026, 3, 9)
    assert set(complaint.kept_from.all()) == {specialist, participant2}


def test_a_date_without_a_meeting_keeps_the_date(
    riverside: Organization, specialist: User, supervisor: User
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    send_and_read_receipt(
        Client(), riverside, about="meeting", group=group.pk, meeting_date="2026-02-02"
    )
    complaint = Complaint.objects.get()
    assert complaint.meeting is None
    assert complaint.meeting_date == datetime.date(2026, 2, 2)
    assert complaint.group == group


def test_a_group_of_another_organisation_cannot_be_named(
    riverside: Organization, lakeshore: Organization, supervisor: User
) -> None:
    theirs = make_group(lakeshore, name="Lakeshore circle")
    response = send(Client(), riverside, about="group", group=theirs.pk)
    assert response.status_code == 400
    assert "That choice is no longer on our list" in response.content.decode()
    assert "Lakeshore circle" not in response.content.decode()
    assert Complaint.objects.count() == 0


def test_the_form_page_queries_do_not_grow_with_groups_people_or_places(
    riverside: Organization,
    specialist: User,
    supervisor: User,
    participant: User,
    django_assert_num_queries: Any,
) -> None:
    client = client_for(participant)
    client.get(new_url(riverside))

    def grow(number: int) -> None:
        for n in range(number):
            group = make_group(riverside, name=f"Circle {n}-{Complaint.objects.count()}")
            join_group(group, participant)
            make_venue(riverside, name=f"Room {n}")
            make_member(riverside, Role.SPECIALIST, f"peer{n}-{group.pk}@example.org", f"Peer {n}")

    grow(1)
    # the session and the signed-in person's memberships, this organisation, its settings,
    # groups, staff and places (one query each); the session's last-seen time is
    # written at most once a minute, so not here
    expected = 8
    with django_assert_num_queries(expected):
        client.get(new_url(riverside))
    grow(8)
    with django_assert_num_queries(expected):
        page = client.get(new_url(riverside)).content.decode()
    assert "Peer 7 (Peer specialist)" in page and "Room 7" in page


# The email to the handler ----------------------------------------------------------


def test_the_handler_is_emailed_without_the_complaint_text(
    riverside: Organization,
    specialist: User,
    supervisor: User,
    admin: User,
    participant: User,
    release_tomorrow: Any,
) -> None:
    send_and_read_receipt(
        client_for(participant),
        riverside,
        about="person",
        person=str(supervisor.pk),
        text="Sam shouted at the door.",
        hoped_for="Someone else on the door.",
        contact="yes",
        contact_way="555-0123",
    )
    # The handler hears of it once the day it came is over.
    assert not mail.outbox
    assert release_tomorrow()["concerns"] == 1
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [admin.email]
    whole = f"{email.subject}\n{email.body}"
    for secret in ("shouted", "Someone else on the door", "555-0123", supervisor.display_name):
        assert secret not in whole
    assert "first reply within 14 days" in email.body


# Volume ------------------------------------------------------------------------------------


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        complaint_public, "CONCERNS_FROM_ADDRESS", Limit("a", allowed=2, window=DAY)
    )
    monkeypatch.setattr(
        complaint_public, "CONCERNS_TO_ORGANIZATION", Limit("o", allowed=4, window=DAY)
    )


def test_concerns_from_one_address_are_limited_kindly_keeping_the_words(
    riverside: Organization, supervisor: User, small_limits: None
) -> None:
    for _ in range(2):
        assert send(Client(REMOTE_ADDR=ADDRESS), riverside).status_code == 302
    refused = send(Client(REMOTE_ADDR=ADDRESS), riverside, text="The door was locked again.")
    assert refused.status_code == 429
    page = refused.content.decode()
    assert "cannot take another one until tomorrow" in page
    assert "The door was locked again." in page
    assert Complaint.objects.count() == 2
    # From elsewhere, a concern still arrives.
    assert send(Client(REMOTE_ADDR="198.51.100.20"), riverside).status_code == 302


def test_concerns_to_one_organisation_are_limited_from_every_address(
    riverside: Organization, supervisor: User, small_limits: None
) -> None:
    for n in range(4):
        assert send(Client(REMOTE_ADDR=f"198.51.100.{n}"), riverside).status_code == 302
    assert send(Client(REMOTE_ADDR="198.51.100.99"), riverside).status_code == 429
    assert Complaint.objects.count() == 4


def test_a_form_with_mistakes_is_not_counted(
    riverside: Organization, supervisor: User, small_limits: None
) -> None:
    for _ in range(3):
        assert send(Client(REMOTE_ADDR=ADDRESS), riverside, text="").status_code == 400
    assert send(Client(REMOTE_ADDR=ADDRESS), riverside).status_code == 302


def test_the_concern_counts_hold_the_date_only(riverside: Organization, supervisor: User) -> None:
    send(Client(REMOTE_ADDR=ADDRESS), riverside)
    rows = list(RateCount.objects.all())
    assert {row.scope for row in rows} == {"concern-address", "concern-org"}
    for row in rows:
        assert row.window_start % DAY == 0
        assert ADDRESS not in row.subject
