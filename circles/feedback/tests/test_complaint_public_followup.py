"""Following a concern up by its receipt code: /complaints/ and /complaints/<receipt>/."""

import hashlib
import re
import threading
import time
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from circles.accounts.models import AnonymousAuditEvent, AuditEvent, Organization, User
from circles.feedback.actions import reply, set_status, submit_complaint
from circles.feedback.complaints import format_receipt, new_receipt
from circles.feedback.models import Complaint, ComplaintMessage
from circles.feedback.views import complaint_public
from circles.feedback.views.complaint_public import RECEIPT_GUESSES
from circles.lib.models import RateCount
from circles.testing.concurrency import at_once

pytestmark = pytest.mark.django_db

HERE = "198.51.100.7"
ELSEWHERE = "192.0.2.44"
# What differs by request anyway: CSRF tokens, and the language form's way back here.
CSRF = re.compile(
    r'(name="csrfmiddlewaretoken"|name="next" type="hidden") value="[^"]*"|"X-CSRFToken": "[^"]+"'
)


@pytest.fixture
def concern(riverside: Organization, supervisor: User) -> tuple[Complaint, str]:
    submitted = submit_complaint(riverside, about="organization", text="The room was locked.")
    return submitted.complaint, submitted.receipt


def followup_url(receipt: str) -> str:
    return reverse("complaint_followup", args=[format_receipt(receipt)])


def wrong_code() -> str:
    return format_receipt(new_receipt())


# Looking a code up -------------------------------------------------------------------


def test_a_typed_code_is_forgiven_spaces_dashes_and_small_letters(
    concern: tuple[Complaint, str],
) -> None:
    _complaint, receipt = concern
    typed = " " + " ".join(receipt[i : i + 5].lower() for i in range(0, 20, 5)) + "- "
    response = Client().post(reverse("complaint_lookup"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == followup_url(receipt)
    assert Client().get(response["Location"]).status_code == 200


def test_a_pasted_follow_up_address_works_too(concern: tuple[Complaint, str]) -> None:
    _complaint, receipt = concern
    pasted = f"https://circles.example.org{followup_url(receipt)}"
    response = Client().post(reverse("complaint_lookup"), {"code": pasted})
    assert response.status_code == 302
    assert response["Location"] == followup_url(receipt)


def test_an_empty_lookup_is_a_kind_400(riverside: Organization) -> None:
    response = Client().post(reverse("complaint_lookup"), {"code": "  "})
    assert response.status_code == 400
    assert "Please type the receipt code you were given." in response.content.decode()


def test_unknown_and_malformed_codes_get_the_same_404(concern: tuple[Complaint, str]) -> None:
    client = Client()
    pages = []
    for code in (wrong_code(), "not-a-code", "O0O0-I1I1-O0O0-I1I1-O0O0", "x" * 19):
        response = client.get(reverse("complaint_followup", args=[code]))
        assert response.status_code == 404
        pages.append(CSRF.sub("", response.content.decode()))
    assert len(set(pages)) == 1
    assert "We could not find a concern with that code" in pages[0]
    # And through the form: the same message and status whether the code could exist or not.
    unknown = client.post(reverse("complaint_lookup"), {"code": wrong_code()})
    malformed = client.post(reverse("complaint_lookup"), {"code": "hello"})
    assert unknown.status_code == malformed.status_code == 404
    for response in (unknown, malformed):
        page = response.content.decode()
        assert "We could not find a concern with that code" in page
        assert 'aria-describedby="lookup-problem id_code_helptext"' in page
        assert 'aria-invalid="true"' in page


def test_lookup_pages_are_not_cached_referred_or_indexed(concern: tuple[Complaint, str]) -> None:
    _complaint, receipt = concern
    client = Client()
    for response in (
        client.get(reverse("complaint_lookup")),
        client.post(reverse("complaint_lookup"), {"code": receipt}),
        client.get(followup_url(receipt)),
        client.get(reverse("complaint_followup", args=[wrong_code()])),
    ):
        assert "no-store" in response["Cache-Control"]
        assert response["Referrer-Policy"] == "same-origin"
        assert "noindex" in response["X-Robots-Tag"]


# Guessing ---------------------------------------------------------------------------------


def guess_wrong(client: Client, times: int, address: str, via_form: bool) -> None:
    for _ in range(times):
        if via_form:
            response = client.post(
                reverse("complaint_lookup"), {"code": wrong_code()}, REMOTE_ADDR=address
            )
        else:
            response = client.get(
                reverse("complaint_followup", args=[wrong_code()]), REMOTE_ADDR=address
            )
        assert response.status_code == 404


@pytest.mark.parametrize("via_form", [True, False])
def test_ten_wrong_codes_then_wrong_codes_wait_but_the_right_one_works(
    concern: tuple[Complaint, str], via_form: bool
) -> None:
    _complaint, receipt = concern
    # No session and no cookie carries the count: a new client for every try.
    for _ in range(RECEIPT_GUESSES.allowed):
        guess_wrong(Client(), 1, HERE, via_form)

    paused = Client().post(reverse("complaint_lookup"), {"code": wrong_code()}, REMOTE_ADDR=HERE)
    assert paused.status_code == 429
    assert "Please wait 15 minutes" in paused.content.decode()
    assert (
        Client().get(reverse("complaint_followup", args=[wrong_code()]), REMOTE_ADDR=HERE)
    ).status_code == 429
    # Someone behind the same address with their own receipt is not locked out.
    assert Client().get(followup_url(receipt), REMOTE_ADDR=HERE).status_code == 200
    assert (
        Client().post(reverse("complaint_lookup"), {"code": receipt}, REMOTE_ADDR=HERE)
    ).status_code == 302
    # Elsewhere, nobody is held up.
    assert (
        Client().get(reverse("complaint_followup", args=[wrong_code()]), REMOTE_ADDR=ELSEWHERE)
    ).status_code == 404


def test_past_the_ceiling_no_code_is_looked_up(concern: tuple[Complaint, str]) -> None:
    _complaint, receipt = concern
    guess_wrong(Client(), RECEIPT_GUESSES.allowed, HERE, via_form=False)
    for _ in range(RECEIPT_GUESSES.ceiling - RECEIPT_GUESSES.allowed):
        assert (
            Client().get(reverse("complaint_followup", args=[wrong_code()]), REMOTE_ADDR=HERE)
        ).status_code == 429
    # Now even the right code waits: otherwise guessing could go on for ever.
    assert Client().get(followup_url(receipt), REMOTE_ADDR=HERE).status_code == 429
    assert Client().get(followup_url(receipt), REMOTE_ADDR=ELSEWHERE).status_code == 200


def test_simultaneous_wrong_codes_look_up_at_most_the_ceiling(
    transactional_db: Any, riverside: Organization, monkeypatch: pytest.MonkeyPatch
) -> None:
    middle = 1_800_000_000 + 7 * 60
    monkeypatch.setattr(time, "time", lambda: middle)
    looked_up: list[str] = []
    lock = threading.Lock()
    find = complaint_public.find_by_receipt

    def counting_find(code: str) -> Any:
        with lock:
            looked_up.append(code)
        return find(code)

    monkeypatch.setattr(complaint_public, "find_by_receipt", counting_find)

    def wrong_guess() -> int:
        url = reverse("complaint_followup", args=[wrong_code()])
        return int(Client().get(url, REMOTE_ADDR=HERE).status_code)

    statuses = at_once([wrong_guess for _ in range(60)])

    assert len(looked_up) <= RECEIPT_GUESSES.ceiling
    assert statuses.count(404) <= RECEIPT_GUESSES.allowed


def test_the_pause_ends_after_the_window(
    concern: tuple[Complaint, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _complaint, receipt = concern
    for _ in range(RECEIPT_GUESSES.ceiling):
        Client().get(reverse("complaint_followup", args=[wrong_code()]), REMOTE_ADDR=HERE)
    assert Client().get(followup_url(receipt), REMOTE_ADDR=HERE).status_code == 429
    later = time.time() + RECEIPT_GUESSES.window + 1
    monkeypatch.setattr(time, "time", lambda: later)
    assert Client().get(followup_url(receipt), REMOTE_ADDR=HERE).status_code == 200
    assert (
        Client()
        .get(reverse("complaint_followup", args=[wrong_code()]), REMOTE_ADDR=HERE)
        .status_code
        == 404
    )


def test_nine_wrong_codes_do_not_pause_anyone(concern: tuple[Complaint, str]) -> None:
    _complaint, receipt = concern
    client = Client()
    guess_wrong(client, RECEIPT_GUESSES.allowed - 1, HERE, via_form=True)
    assert client.get(followup_url(receipt), REMOTE_ADDR=HERE).status_code == 200
    guess_wrong(client, 1, HERE, via_form=True)


def test_the_address_is_kept_only_as_a_short_keyed_hash(
    concern: tuple[Complaint, str],
) -> None:
    _complaint, receipt = concern
    client = Client()
    guess_wrong(client, 3, HERE, via_form=False)
    client.get(followup_url(receipt), REMOTE_ADDR=HERE)
    subjects = list(RateCount.objects.values_list("subject", flat=True))
    assert subjects, "failed look-ups were not counted"
    plain_hash = hashlib.sha256(HERE.encode()).hexdigest()
    for subject in subjects:
        assert HERE not in subject and plain_hash[:5] not in subject
        # Cut short on purpose: the stored bucket cannot single out one address.
        assert len(subject.removeprefix("address:")) == 5
    # The right code was not counted: one row, three wrong guesses.
    assert list(RateCount.objects.values_list("count", flat=True)) == [3]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                assert HERE not in " ".join(str(v) for v in row), table
    assert receipt


# The follow-up page ---------------------------------------------------------------------


def test_followup_shows_status_date_replies_and_additions_in_order_without_notes(
    concern: tuple[Complaint, str], supervisor: User
) -> None:
    complaint, receipt = concern
    reply(complaint, supervisor, "Thank you for telling us. We are looking into it.")
    reply(complaint, supervisor, "Internal: check the key rota.", internal=True)
    client = Client()
    client.post(followup_url(receipt), {"more": "It was locked again on Friday."})
    reply(complaint, supervisor, "We have a new key holder now.")
    page = client.get(followup_url(receipt)).content.decode()
    assert "Where it is: Being looked into" in page
    assert "Someone at the organisation is looking into your concern" in page
    assert f"Received on {complaint.received_on:%-d %B %Y}" in page
    assert "check the key rota" not in page
    assert "The room was locked." not in page  # the original words are not shown again
    assert supervisor.display_name not in page
    first = page.index("Thank you for telling us")
    second = page.index("It was locked again on Friday.")
    third = page.index("We have a new key holder now.")
    assert first < second < third
    assert "You added" in page and "Riverside Peer Center replied" in page
    assert not re.search(r"\d{1,2}:\d{2}", page.split('id="thread-heading"')[1].split("</ol>")[0])


@pytest.mark.parametrize(
    ("status", "words"),
    [
        ("received", "Your concern has arrived safely."),
        ("resolved", "The organisation thinks this is now resolved."),
    ],
)
def test_each_status_has_its_sentence(
    concern: tuple[Complaint, str], supervisor: User, status: str, words: str
) -> None:
    complaint, receipt = concern
    if status != complaint.status:
        set_status(complaint, supervisor, status)
    assert words in Client().get(followup_url(receipt)).content.decode()


def test_each_look_is_audited_anonymously_once(concern: tuple[Complaint, str]) -> None:
    complaint, receipt = concern
    client = Client()
    client.get(followup_url(receipt))
    client.get(followup_url(receipt))
    client.post(followup_url(receipt), {"more": ""})  # a bad POST is not a read
    # Anonymous events: a date, and no person, request or time of day.
    events = AnonymousAuditEvent.objects.filter(
        action="complaint.read_by_complainant", object_id=str(complaint.pk)
    )
    assert events.count() == 2
    assert not AuditEvent.objects.filter(action="complaint.read_by_complainant").exists()


def test_adding_more_is_sent_and_an_empty_message_is_kindly_refused(
    concern: tuple[Complaint, str], supervisor: User
) -> None:
    complaint, receipt = concern
    set_status(complaint, supervisor, Complaint.Status.RESOLVED)
    client = Client()
    empty = client.post(followup_url(receipt), {"more": "   "})
    assert empty.status_code == 400
    assert "Please write what you would like to add" in empty.content.decode()
    assert 'id="id_more_error"' in empty.content.decode()
    too_long = "word " * 2500
    long = client.post(followup_url(receipt), {"more": too_long})
    assert long.status_code == 400
    assert too_long.strip()[:200] in long.content.decode()
    assert ComplaintMessage.objects.count() == 0

    sent = client.post(followup_url(receipt), {"more": "It still is not sorted."})
    assert sent.status_code == 302 and sent["Location"] == followup_url(receipt)
    message = ComplaintMessage.objects.get()
    assert message.from_complainant and message.author_id is None and not message.is_internal
    complaint.refresh_from_db()
    assert complaint.status == Complaint.Status.LOOKING  # opened again
    page = client.get(followup_url(receipt)).content.decode()
    assert "What you added has been sent." in page
    assert "It still is not sorted." in page


def test_followup_queries_do_not_grow_with_the_thread(
    concern: tuple[Complaint, str],
    supervisor: User,
    django_assert_num_queries: Any,
) -> None:
    complaint, receipt = concern
    client = Client()
    client.get(followup_url(receipt))  # the session exists from here on
    lock = 1 if connection.vendor == "postgresql" else 0
    # the code counted as a guess and given back (it was right), session, complaint,
    # settings, thread, audit (last event + insert), session save
    expected = 9 + lock
    with django_assert_num_queries(expected):
        client.get(followup_url(receipt))
    for number in range(6):
        reply(complaint, supervisor, f"Reply {number}")
    with django_assert_num_queries(expected):
        page = client.get(followup_url(receipt)).content.decode()
    assert "Reply 5" in page
