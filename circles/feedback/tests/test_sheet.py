"""The end-of-session sheet: answering with no account, and what is (not) kept."""

import datetime
import re
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import AuditEvent, Organization, User
from circles.feedback.models import FeedbackResponse, FeedbackSettings
from circles.feedback.views import sheet
from circles.feedback.views.sheet import ANSWERED_COOKIE, CODE_GUESSES, answered_tokens
from circles.lib.models import RateCount
from circles.lib.ratelimit import Limit
from circles.testing.fixtures import join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

ADDRESS = "203.0.113.9"
AGENT = "TestPhone/1.0"
GOOD = {"score_1": "7", "score_2": "3", "score_3": "10", "score_4": "0"}


@pytest.fixture
def group(riverside: Organization, specialist: User, participant: User) -> Any:
    group = make_group(riverside, facilitators=[specialist])
    join_group(group, participant)
    return group


@pytest.fixture
def meeting(group: Any) -> Any:
    """A meeting that began an hour ago: its link is open."""
    started = (timezone.now() - datetime.timedelta(hours=1)).replace(microsecond=0)
    return make_meeting(group, when=started)


def local_date(meeting: Any) -> datetime.date:
    """The meeting's date where the organisation is (not UTC's, which differs at night)."""
    return timezone.localtime(meeting.starts_at, ZoneInfo(meeting.organization.timezone)).date()


def sheet_url(meeting: Any) -> str:
    return reverse("feedback_answer", args=[meeting.feedback_token])


def phone() -> Client:
    return Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)


def answer(client: Client, meeting: Any, **extra: str) -> Any:
    return client.post(sheet_url(meeting), {**GOOD, **extra})


def test_the_sheet_shows_the_group_the_date_and_the_four_questions(meeting: Any) -> None:
    page = phone().get(sheet_url(meeting))
    assert page.status_code == 200
    assert "Tuesday evening circle" in page.text
    local = timezone.localtime(meeting.starts_at, ZoneInfo(meeting.organization.timezone))
    assert local.strftime("%B") in page.text
    # The date, never the time of the meeting.
    assert meeting.starts_at.strftime("%H:%M") not in page.text
    assert "we do not keep anything that could point to you" in page.text
    assert "How heard, understood and respected did you feel today" in page.text
    assert "Right for me; I belong" in page.text
    for number in range(1, 5):
        for value in range(11):
            assert f'name="score_{number}" value="{value}"' in page.text
    assert page.text.count('type="radio"') == 44
    assert 'name="helped"' in page.text and 'name="better"' in page.text


def test_an_organisations_own_wording_is_used(riverside: Organization, meeting: Any) -> None:
    questions = [
        {"text": f"Licensed question {n}", "low": f"low {n}", "high": f"high {n}"}
        for n in range(1, 5)
    ]
    FeedbackSettings.objects.create(organization=riverside, questions=questions)
    page = phone().get(sheet_url(meeting))
    assert "Licensed question 3" in page.text
    assert "high 4" in page.text
    assert "How heard, understood" not in page.text


def test_an_answer_is_stored_and_says_thank_you(meeting: Any) -> None:
    client = phone()
    response = answer(client, meeting, helped=" Being listened to ", better="More time")
    assert response.status_code == 302
    assert response["Location"] == sheet_url(meeting) + "?sent=1"
    row = FeedbackResponse.objects.get()
    assert row.scores == [7, 3, 10, 0]
    assert row.helped == "Being listened to"
    assert row.better == "More time"
    assert row.meeting == meeting
    assert row.group_id == meeting.group_id
    assert row.meeting_date == local_date(meeting)

    thanks = client.get(response["Location"])
    assert "Thank you" in thanks.text
    assert "/complaints/new/?org=riverside" in thanks.text
    assert "anonymously if you like" in thanks.text
    assert "crisis lines are at the top of every page" in thanks.text


def test_the_raw_row_holds_nothing_that_points_to_a_person(meeting: Any) -> None:
    answer(phone(), meeting, helped="The tea and the quiet", better="Start on time")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM feedback_feedbackresponse")
        columns = [c[0] for c in cursor.description]
        rows = cursor.fetchall()
    assert set(columns) == {
        "id",
        "organization_id",
        "group_id",
        "meeting_id",
        "meeting_date",
        "window_closes",
        "score_1",
        "score_2",
        "score_3",
        "score_4",
        "helped",
        "better",
    }
    assert len(rows) == 1
    raw = dict(zip(columns, rows[0], strict=True))
    text = " ".join(str(value) for value in raw.values())
    assert ADDRESS not in text
    assert AGENT not in text
    assert "TestPhone" not in text
    # Free text is ciphertext at rest.
    assert "tea" not in str(raw["helped"]) and raw["helped"]
    assert "Start on time" not in str(raw["better"]) and raw["better"]
    # No time of day: a date, and the window's close (the same for everyone, set by
    # the meeting's end, not by when this answer came in).
    assert str(raw["meeting_date"]) == local_date(meeting).isoformat()
    meeting.refresh_from_db()
    closes = meeting.ends_at + datetime.timedelta(days=7)
    assert meeting.feedback_closes_at == closes
    now = timezone.now()
    moment = re.compile(now.strftime("%H:%M"))
    assert not moment.search(text.replace(closes.strftime("%H:%M"), "")), text


def test_answering_writes_no_audit_event_and_no_session(meeting: Any) -> None:
    client = phone()
    assert client.get(sheet_url(meeting)).status_code == 200
    events = AuditEvent.objects.count()
    sessions = Session.objects.count()

    response = answer(client, meeting)

    assert response.status_code == 302
    assert FeedbackResponse.objects.count() == 1
    assert AuditEvent.objects.count() == events
    assert Session.objects.count() == sessions == 0
    assert "sessionid" not in response.cookies
    assert not client.session.items()


def test_one_answer_per_device_and_a_second_device_can_answer(meeting: Any) -> None:
    first = phone()
    answer(first, meeting)
    again = answer(first, meeting, score_1="1")
    assert again.status_code == 200
    assert "already answered" in again.text
    assert FeedbackResponse.objects.count() == 1
    assert "already answered" in first.get(sheet_url(meeting)).text

    second = phone()
    assert answer(second, meeting).status_code == 302
    assert FeedbackResponse.objects.count() == 2


def test_the_cookie_holds_only_the_tokens_answered(group: Any, meeting: Any) -> None:
    other = make_meeting(group, when=meeting.starts_at - datetime.timedelta(days=2))
    client = phone()
    answer(client, other)
    response = answer(client, meeting)
    morsel = response.cookies[ANSWERED_COOKIE]
    assert morsel["httponly"]
    assert morsel["samesite"] == "Lax"
    assert not morsel["secure"]
    request = RequestFactory().get("/")
    request.COOKIES[ANSWERED_COOKIE] = morsel.value
    # Read back the way the view reads it: the tokens, and nothing else.
    assert answered_tokens(request) == {other.feedback_token, meeting.feedback_token}
    value = morsel.value.rsplit(":", 2)[0]
    assert sorted(value.split(",")) == sorted([other.feedback_token, meeting.feedback_token])


def test_the_cookie_is_secure_on_https(meeting: Any) -> None:
    response = phone().post(sheet_url(meeting), GOOD, secure=True)
    assert response.cookies[ANSWERED_COOKIE]["secure"]


def test_a_missing_number_is_asked_for_kindly_and_nothing_is_lost(meeting: Any) -> None:
    response = phone().post(
        sheet_url(meeting),
        {"score_1": "7", "score_3": "10", "helped": "The check-in", "better": "A bigger room"},
    )
    assert response.status_code == 400
    assert not FeedbackResponse.objects.exists()
    text = response.text
    assert text.count("Please choose a number for this question, from 0 to 10.") == 2
    assert 'aria-describedby="score_2-problem"' in text
    assert 'aria-describedby="score_4-problem"' in text
    assert 'aria-describedby="score_1-problem"' not in text
    assert re.search(r'value="7" id="score_1-7" checked', text)
    assert re.search(r'value="10" id="score_3-10" checked', text)
    assert text.count(" checked") == 2
    assert ">The check-in</textarea>" in text
    assert ">A bigger room</textarea>" in text


@pytest.mark.parametrize("bad", ["11", "-1", "seven", ""])
def test_a_number_outside_0_to_10_is_refused(meeting: Any, bad: str) -> None:
    response = answer(phone(), meeting, score_4=bad)
    assert response.status_code == 400
    assert not FeedbackResponse.objects.exists()


def test_too_long_a_text_is_refused_and_kept(meeting: Any) -> None:
    long_text = "word " * 500
    response = answer(phone(), meeting, better=long_text)
    assert response.status_code == 400
    assert "Please keep this to 2000 characters" in response.text
    assert long_text.strip() in response.text
    assert not FeedbackResponse.objects.exists()


def test_not_open_yet_is_calm_and_takes_nothing(group: Any) -> None:
    later = make_meeting(group)  # tomorrow
    page = phone().get(sheet_url(later))
    assert page.status_code == 200
    assert "not open yet" in page.text
    assert 'type="radio"' not in page.text
    posted = answer(phone(), later)
    assert posted.status_code == 200
    assert "not open yet" in posted.text
    assert not FeedbackResponse.objects.exists()


def test_it_opens_fifteen_minutes_before_the_start(group: Any) -> None:
    soon = make_meeting(group, when=timezone.now() + datetime.timedelta(minutes=10))
    assert 'type="radio"' in phone().get(sheet_url(soon)).text
    later = make_meeting(group, when=timezone.now() + datetime.timedelta(minutes=20))
    assert "not open yet" in phone().get(sheet_url(later)).text


def test_closed_is_calm_and_takes_nothing(group: Any) -> None:
    old = make_meeting(group, when=timezone.now() - datetime.timedelta(days=9))
    page = phone().get(sheet_url(old))
    assert page.status_code == 200
    assert "feedback link has closed" in page.text, page.text[page.text.find("<main") :]
    assert answer(phone(), old).status_code == 200
    assert not FeedbackResponse.objects.exists()


def test_cancelled_is_calm_and_takes_nothing(meeting: Any) -> None:
    meeting.status = meeting.Status.CANCELLED
    meeting.save()
    assert meeting.is_cancelled
    page = phone().get(sheet_url(meeting))
    assert page.status_code == 200
    assert "This meeting was cancelled" in page.text
    assert answer(phone(), meeting).status_code == 200
    assert not FeedbackResponse.objects.exists()


def test_the_close_is_fixed_by_the_first_answer(riverside: Organization, meeting: Any) -> None:
    answer(phone(), meeting)
    meeting.refresh_from_db()
    fixed = meeting.feedback_closes_at
    assert fixed == meeting.ends_at + datetime.timedelta(days=7)

    FeedbackSettings.objects.create(organization=riverside, link_days=1)
    answer(phone(), meeting)
    meeting.refresh_from_db()
    assert meeting.feedback_closes_at == fixed
    assert set(FeedbackResponse.objects.values_list("window_closes", flat=True)) == {fixed}


def test_a_shorter_setting_before_any_answer_does_close_the_link(
    riverside: Organization, group: Any
) -> None:
    two_days_ago = make_meeting(group, when=timezone.now() - datetime.timedelta(days=2))
    assert 'type="radio"' in phone().get(sheet_url(two_days_ago)).text
    FeedbackSettings.objects.create(organization=riverside, link_days=1)
    assert "has closed" in phone().get(sheet_url(two_days_ago)).text


def test_the_code_can_be_typed_in_any_case_with_spaces(meeting: Any) -> None:
    token = meeting.feedback_token
    typed = f" {token[:5].lower()} - {token[5:]} "
    response = phone().post(reverse("feedback_start"), {"code": typed})
    assert response.status_code == 302
    assert response["Location"] == sheet_url(meeting)


def test_a_lowercase_link_goes_to_the_right_sheet(meeting: Any) -> None:
    response = phone().get(f"/feedback/{meeting.feedback_token.lower()}/")
    assert response.status_code == 302
    assert response["Location"] == sheet_url(meeting)


def test_an_empty_code_is_asked_for_kindly() -> None:
    response = phone().post(reverse("feedback_start"), {"code": "  "})
    assert response.status_code == 400
    assert "Please type the code" in response.text


def test_guessing_codes_is_slowed_down_without_any_cookie(meeting: Any) -> None:
    # A new phone (no cookie, no session) for every try, all from one address.
    for n in range(CODE_GUESSES.allowed):
        wrong = phone().post(reverse("feedback_start"), {"code": f"WRONGCODE{n}"})
        assert wrong.status_code == 404
        assert "could not find" in wrong.text
    paused = phone().post(reverse("feedback_start"), {"code": "WRONGAGAIN"})
    assert paused.status_code == 429
    assert "wait a few minutes" in paused.text
    # Unknown codes in the address count too, and send back to the start page.
    assert phone().get("/feedback/ANOTHERONE/").status_code == 302
    # Someone else in the same room (behind the same address) with the right code gets in.
    right = phone().post(reverse("feedback_start"), {"code": meeting.feedback_token})
    assert right.status_code == 302
    assert phone().get(sheet_url(meeting)).status_code == 200
    # Another address is not held back.
    elsewhere = Client(REMOTE_ADDR="198.51.100.20")
    assert elsewhere.post(reverse("feedback_start"), {"code": "WRONG"}).status_code == 404
    assert not Session.objects.exists()


def test_past_the_ceiling_no_code_is_looked_up(meeting: Any) -> None:
    for n in range(CODE_GUESSES.ceiling):
        phone().post(reverse("feedback_start"), {"code": f"WRONGCODE{n}"})
    # Even the right code waits now: otherwise guessing could go on for ever.
    right = phone().post(reverse("feedback_start"), {"code": meeting.feedback_token})
    assert right.status_code == 429


def test_unknown_codes_in_the_address_count_as_guesses(meeting: Any) -> None:
    for n in range(CODE_GUESSES.allowed):
        assert phone().get(f"/feedback/NOSUCH{n}/").status_code == 404
    assert phone().post(reverse("feedback_start"), {"code": "X"}).status_code == 429


def test_known_codes_do_not_count_as_guesses(meeting: Any) -> None:
    client = phone()
    for _ in range(CODE_GUESSES.allowed + 2):
        assert client.get(sheet_url(meeting)).status_code == 200
    start = client.post(reverse("feedback_start"), {"code": meeting.feedback_token})
    assert start.status_code == 302


def test_the_sheet_pages_are_not_cached_and_keep_the_token_on_this_site(meeting: Any) -> None:
    page = phone().get(sheet_url(meeting))
    assert "no-store" in page["Cache-Control"]
    # The token never travels to other sites in a Referer header.
    assert page["Referrer-Policy"] == "same-origin"
    assert "noindex" in page["X-Robots-Tag"]


# Volume ------------------------------------------------------------------------------------


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheet, "ANSWERS_FROM_ADDRESS", Limit("a", allowed=3, window=86400))
    monkeypatch.setattr(sheet, "ANSWERS_PER_MEETING", Limit("m", allowed=5, window=86400))


def test_answers_from_one_address_are_limited_without_cookies(
    meeting: Any, small_limits: None
) -> None:
    assert [answer(phone(), meeting).status_code for _ in range(4)] == [302, 302, 302, 429]
    assert FeedbackResponse.objects.count() == 3
    # The refusal is kind and keeps what was chosen and written.
    refused = answer(phone(), meeting, helped="The tea and the welcome.")
    assert refused.status_code == 429
    assert "cannot take another one until tomorrow" in refused.text
    assert "The tea and the welcome." in refused.text
    assert re.search(r'name="score_1" value="7"[^>]*checked', refused.text)
    # Someone at another address still answers.
    assert answer(Client(REMOTE_ADDR="198.51.100.20"), meeting).status_code == 302


def test_answers_for_one_meeting_are_limited_from_every_address(
    meeting: Any, small_limits: None
) -> None:
    for n in range(5):
        assert answer(Client(REMOTE_ADDR=f"198.51.100.{n}"), meeting).status_code == 302
    assert answer(Client(REMOTE_ADDR="198.51.100.99"), meeting).status_code == 429
    assert FeedbackResponse.objects.count() == 5


def test_the_counts_hold_the_day_not_the_time(meeting: Any) -> None:
    answer(phone(), meeting)
    for row in RateCount.objects.all():
        assert row.window_start % 86400 == 0 and row.expires - row.window_start == 86400
        assert ADDRESS not in row.subject
    assert set(RateCount.objects.values_list("scope", flat=True)) == {
        "feedback-answer-address",
        "feedback-answer-meeting",
    }


def test_the_sheet_is_small(meeting: Any) -> None:
    page = phone().get(sheet_url(meeting))
    assert len(page.content) < 40_000


def test_the_sheet_takes_a_few_queries_whatever_has_been_answered(
    group: Any, meeting: Any, django_assert_num_queries: Any
) -> None:
    for _ in range(3):
        answer(phone(), meeting)
    with django_assert_num_queries(4):
        # The code counted as a guess and given back (it was right), the meeting (its
        # window already fixed by the first answer), and the wording.
        assert phone().get(sheet_url(meeting)).status_code == 200
    with django_assert_num_queries(10):
        # ... then the answer counted per address and per meeting, lock the meeting and
        # store the answer, inside a savepoint.
        assert answer(phone(), meeting).status_code == 302


def test_a_made_up_cookie_does_not_stop_anyone_answering(meeting: Any) -> None:
    client = phone()
    client.cookies[ANSWERED_COOKIE] = meeting.feedback_token
    assert 'type="radio"' in client.get(sheet_url(meeting)).text
    assert answer(client, meeting).status_code == 302
    assert FeedbackResponse.objects.count() == 1


def test_the_sheet_is_small_and_loads_no_javascript(meeting: Any) -> None:
    """A slow phone downloads the page and one stylesheet: no htmx, no script at all."""
    from django.contrib.staticfiles import finders

    page = phone().get(sheet_url(meeting))
    assert "<script" not in page.text
    assert page.text.count('rel="stylesheet"') == 2  # circles.css, and print.css for paper only
    stylesheet = finders.find("circles/circles.css")
    assert stylesheet is not None
    with open(stylesheet, "rb") as css:
        css_bytes = len(css.read())
    # Uncompressed budget; both are sent gzip-compressed (about a fifth of this).
    assert len(page.content) + css_bytes < 60_000
    start = phone().get(reverse("feedback_start"))
    assert "<script" not in start.text


def test_not_open_yet_says_the_opening_time_in_the_organisations_timezone(group: Any) -> None:
    """The public page has no organisation timezone active; it must not show UTC."""
    from zoneinfo import ZoneInfo

    from django.utils.dateformat import time_format

    start = datetime.datetime(2026, 12, 1, 0, 0, tzinfo=datetime.UTC)  # 6 p.m. in Chicago
    later = make_meeting(group, when=start + datetime.timedelta(days=3650))
    page = phone().get(sheet_url(later)).text
    opens = later.starts_at - datetime.timedelta(minutes=15)
    local = time_format(opens.astimezone(ZoneInfo("America/Chicago")), "P")
    utc = time_format(opens, "P")
    assert local != utc
    assert f"open at {local}" in page
    assert f"open at {utc}" not in page
