"""Live polls: opening, answering without an account, one answer per device, results."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from circles.accounts.models import Organization, User
from circles.lib.models import RateCount
from circles.lib.ratelimit import DAY, Limit
from circles.meetings.models import Poll, PollAnswer
from circles.meetings.views import polls
from circles.meetings.views.polls import ANSWERED_COOKIE, CODE_GUESSES
from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(riverside: Organization, specialist: User, participant: User) -> Any:
    group = make_group(riverside, facilitators=[specialist])
    join_group(group, participant)
    return make_meeting(group)


def open_poll(org: Organization, user: User, **extra: Any) -> Poll:
    values: dict[str, Any] = {
        "question": "Which snack?",
        "options": ["Fruit", "Biscuits", "Both"],
        "created_by": user,
    }
    values.update(extra)
    return Poll.objects.create(organization=org, **values)


def test_specialist_opens_the_seed_familiarity_poll_for_a_meeting(
    riverside: Organization, specialist: User, meeting: Any
) -> None:
    client = client_for(specialist)
    url = reverse("meeting_polls", args=["riverside", meeting.pk])
    page = client.get(url)
    assert "How familiar are you with the principles of peer support?" in page.text
    assert "What stage are you at in creating peer-to-peer support" in page.text

    response = client.post(url, {"template": "familiarity"})

    poll = Poll.objects.get()
    assert response["Location"] == reverse("poll_results", args=["riverside", poll.pk])
    assert poll.meeting == meeting
    assert poll.options == ["Very familiar", "Somewhat familiar", "Not familiar"]
    assert poll.is_open
    listing = client.get(url)
    assert poll.code in listing.text


def test_the_stage_template_has_the_six_stages(specialist: User, meeting: Any) -> None:
    client_for(specialist).post(
        reverse("meeting_polls", args=["riverside", meeting.pk]), {"template": "stage"}
    )
    options = Poll.objects.get().options
    assert options[0] == "Haven't thought about it"
    assert options[-1] == "Fully implemented"
    assert len(options) == 6


def test_a_custom_question_keeps_only_the_options_typed(specialist: User) -> None:
    client_for(specialist).post(
        reverse("org_polls", args=["riverside"]),
        {"question": "Best time for training?", "option_1": "Morning", "option_3": " Evening "},
    )
    poll = Poll.objects.get()
    assert poll.meeting is None
    assert poll.options == ["Morning", "Evening"]


def test_one_option_is_refused_kindly_and_nothing_typed_is_lost(specialist: User) -> None:
    response = client_for(specialist).post(
        reverse("org_polls", args=["riverside"]),
        {"question": "Is this working?", "option_1": "Yes"},
    )
    assert response.status_code == 400
    assert not Poll.objects.exists()
    assert "at least 2 options" in response.text
    assert 'value="Is this working?"' in response.text
    assert 'value="Yes"' in response.text
    assert "everything you typed is still here" in response.text


def test_no_question_is_refused_kindly(specialist: User) -> None:
    response = client_for(specialist).post(
        reverse("org_polls", args=["riverside"]), {"option_1": "A", "option_2": "B"}
    )
    assert response.status_code == 400
    assert "type your own question" in response.text
    assert 'value="A"' in response.text


def test_a_ninth_option_cannot_be_sent(specialist: User) -> None:
    data = {"question": "Pick", **{f"option_{n}": f"O{n}" for n in range(1, 10)}}
    client_for(specialist).post(reverse("org_polls", args=["riverside"]), data)
    assert Poll.objects.get().options == [f"O{n}" for n in range(1, 9)]


def test_someone_without_an_account_answers_with_the_code(
    riverside: Organization, specialist: User
) -> None:
    poll = open_poll(riverside, specialist)
    client = client_for(None)

    start = client.post(
        reverse("poll_start"), {"code": f" {poll.code[:3].lower()} {poll.code[3:]}"}
    )
    assert start["Location"] == reverse("poll_answer", args=[poll.code])
    page = client.get(start["Location"])
    assert "Which snack?" in page.text
    assert 'type="radio"' in page.text

    sent = client.post(start["Location"], {"option": "1"}, follow=True)

    assert "Thank you, your answer is counted" in sent.text
    assert list(PollAnswer.objects.values_list("option", flat=True)) == [1]


def test_one_answer_per_device(riverside: Organization, specialist: User) -> None:
    poll = open_poll(riverside, specialist)
    client = client_for(None)
    url = reverse("poll_answer", args=[poll.code])
    client.post(url, {"option": "0"})
    assert ANSWERED_COOKIE in client.cookies

    again = client.post(url, {"option": "2"}, follow=True)

    assert "already counted" in again.text
    assert PollAnswer.objects.count() == 1
    # Another phone may answer.
    client_for(None).post(url, {"option": "2"})
    assert PollAnswer.objects.count() == 2


def test_a_tampered_cookie_is_ignored(riverside: Organization, specialist: User) -> None:
    poll = open_poll(riverside, specialist)
    client = client_for(None)
    client.cookies[ANSWERED_COOKIE] = poll.code
    client.post(reverse("poll_answer", args=[poll.code]), {"option": "0"})
    assert PollAnswer.objects.count() == 1


def test_an_answer_keeps_nothing_about_who_sent_it() -> None:
    names = {field.name for field in PollAnswer._meta.concrete_fields}
    assert names == {"id", "poll", "option"}


def test_no_choice_asks_kindly(riverside: Organization, specialist: User) -> None:
    poll = open_poll(riverside, specialist)
    response = client_for(None).post(reverse("poll_answer", args=[poll.code]), {})
    assert response.status_code == 400
    assert "Please choose one of the answers" in response.text
    assert not PollAnswer.objects.exists()


def test_a_closed_poll_refuses_kindly(riverside: Organization, specialist: User) -> None:
    poll = open_poll(riverside, specialist, is_open=False)
    url = reverse("poll_answer", args=[poll.code])
    response = client_for(None).post(url, {"option": "0"})
    assert "This poll has closed" in response.text
    assert not PollAnswer.objects.exists()


def test_an_unknown_code_shows_the_form_again_with_what_was_typed(db: Any) -> None:
    response = client_for(None).post(reverse("poll_start"), {"code": "zz99 x"})
    assert response.status_code == 404
    assert "could not find a poll with that code" in response.text
    assert 'value="zz99 x"' in response.text


def test_code_guessing_is_slowed_down_without_any_cookie(
    riverside: Organization, specialist: User
) -> None:
    poll = open_poll(riverside, specialist)
    # A new browser (no session, no cookie) for every try, all from one address.
    for _ in range(CODE_GUESSES.allowed):
        assert client_for(None).post(reverse("poll_start"), {"code": "NOPE22"}).status_code == 404

    blocked = client_for(None).post(reverse("poll_start"), {"code": "NOPE33"})

    assert blocked.status_code == 429
    assert "wait a few minutes" in blocked.text
    # Someone in the same room with the right code still gets in.
    assert client_for(None).post(reverse("poll_start"), {"code": poll.code}).status_code == 302
    assert client_for(None).get(reverse("poll_answer", args=[poll.code])).status_code == 200


def test_past_the_ceiling_no_code_is_looked_up(riverside: Organization, specialist: User) -> None:
    poll = open_poll(riverside, specialist)
    for _ in range(CODE_GUESSES.ceiling):
        client_for(None).post(reverse("poll_start"), {"code": "NOPE22"})
    assert client_for(None).post(reverse("poll_start"), {"code": poll.code}).status_code == 429


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(polls, "ANSWERS_FROM_ADDRESS", Limit("a", allowed=3, window=DAY))
    monkeypatch.setattr(polls, "ANSWERS_PER_POLL", Limit("p", allowed=5, window=DAY))


def test_answers_without_cookies_are_limited_per_address(
    riverside: Organization, specialist: User, small_limits: None
) -> None:
    poll = open_poll(riverside, specialist)
    url = reverse("poll_answer", args=[poll.code])
    statuses = [client_for(None).post(url, {"option": "1"}).status_code for _ in range(4)]
    assert statuses == [302, 302, 302, 429]
    refused = client_for(None).post(url, {"option": "2"})
    assert "cannot count another one" in refused.text
    assert 'value="2" id="option-2" required checked' in refused.text
    assert PollAnswer.objects.count() == 3


def test_answers_for_one_poll_are_limited_from_every_address(
    riverside: Organization, specialist: User, small_limits: None
) -> None:
    poll = open_poll(riverside, specialist)
    url = reverse("poll_answer", args=[poll.code])
    for n in range(5):
        assert Client(REMOTE_ADDR=f"198.51.100.{n}").post(url, {"option": "0"}).status_code == 302
    assert Client(REMOTE_ADDR="198.51.100.99").post(url, {"option": "0"}).status_code == 429
    assert PollAnswer.objects.count() == 5
    assert {row.window_start % DAY for row in RateCount.objects.all()} == {0}


def test_results_count_and_share_with_bars(
    riverside: Organization, specialist: User, meeting: Any
) -> None:
    poll = open_poll(riverside, specialist, meeting=meeting)
    for option in (0, 0, 0, 2):
        PollAnswer.objects.create(poll=poll, option=option)
    client = client_for(specialist)
    url = reverse("poll_results", args=["riverside", poll.pk])

    page = client.get(url)

    assert "4 answers so far" in page.text
    assert "75%" in page.text and "25%" in page.text
    assert "poll-bar-75" in page.text and "poll-bar-0" in page.text
    assert poll.code in page.text
    assert '<svg role="img" aria-label="QR code that opens this poll on a phone"' in page.text
    assert 'hx-trigger="every 2s"' in page.text
    assert "Refresh results" in page.text
    assert "style=" not in page.text

    PollAnswer.objects.create(poll=poll, option=1)
    live = client.get(url, headers={"HX-Request": "true"})
    assert "5 answers so far" in live.text
    assert "<html" not in live.text
    assert poll.code not in live.text


def test_closing_the_poll_stops_answers_and_live_updates(
    riverside: Organization, specialist: User
) -> None:
    poll = open_poll(riverside, specialist)
    client = client_for(specialist)
    client.post(reverse("poll_close", args=["riverside", poll.pk]))
    poll.refresh_from_db()
    assert not poll.is_open
    page = client.get(reverse("poll_results", args=["riverside", poll.pk]))
    assert "the poll is closed" in page.text
    assert "hx-trigger" not in page.text
    client.post(reverse("poll_reopen", args=["riverside", poll.pk]))
    poll.refresh_from_db()
    assert poll.is_open


def test_the_polls_list_does_not_grow_queries_with_polls(
    riverside: Organization, specialist: User, meeting: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(specialist)
    url = reverse("meeting_polls", args=["riverside", meeting.pk])
    open_poll(riverside, specialist, meeting=meeting)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(5):
        open_poll(riverside, specialist, meeting=meeting, question=f"Q{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_supervisor_cannot_read_someone_elses_session_poll(
    riverside: Organization, specialist: User, supervisor: User
) -> None:
    poll = open_poll(riverside, specialist)
    response = client_for(supervisor).get(reverse("poll_results", args=["riverside", poll.pk]))
    assert response.status_code == 403
    assert (
        poll.question
        not in client_for(supervisor).get(reverse("org_polls", args=["riverside"])).text
    )


def test_the_answer_pages_are_not_cached_or_indexed(
    riverside: Organization, specialist: User
) -> None:
    poll = open_poll(riverside, specialist)
    for response in (
        client_for(None).get(reverse("poll_start")),
        client_for(None).get(reverse("poll_answer", args=[poll.code])),
    ):
        assert "no-store" in response["Cache-Control"]
        assert "noindex" in response["X-Robots-Tag"]
        assert response["Referrer-Policy"] == "same-origin"
