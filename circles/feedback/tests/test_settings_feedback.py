"""The organisation's feedback settings: wording, levels, kind validation, audit."""

import datetime
import html
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import AuditEvent
from circles.feedback.models import FeedbackSettings
from circles.feedback.questions import default_questions
from circles.feedback.sheet import closes_at
from circles.testing.fixtures import client_for, give_feedback, make_group, make_meeting

pytestmark = pytest.mark.django_db

URL = reverse("feedback_settings", args=["riverside"])


def today(organization: Any) -> datetime.date:
    return timezone.localtime(timezone.now(), ZoneInfo(organization.timezone)).date()


def form_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "alert_below": 28,
        "alert_drop": 5,
        "link_days": 7,
        "reply_within_days": 14,
    }
    for number, question in enumerate(default_questions(), start=1):
        for part in ("text", "low", "high", "short"):
            data[f"q{number}_{part}"] = question[part]
    data.update(changes)
    return data


def test_only_admins_change_feedback_settings(everyone: dict[str, Any]) -> None:
    for persona in ["supervisor", "specialist", "observer", "participant"]:
        assert client_for(everyone[persona]).get(URL).status_code == 403
        assert client_for(everyone[persona]).post(URL, form_data()).status_code == 403
    assert client_for(everyone["outsider"]).get(URL).status_code == 404
    page = client_for(everyone["admin"]).get(URL).content.decode()
    assert "licence for a published rating scale" in page
    assert "stored by position" in page
    assert default_questions()[0]["text"] in page
    assert not FeedbackSettings.objects.exists()  # looking writes nothing


def test_saving_new_wording_records_the_date_and_an_audit_event(riverside: Any, admin: Any) -> None:
    response = client_for(admin).post(
        URL,
        form_data(q2_text="Did we talk about what mattered to you?", q2_short="What mattered"),
    )
    assert response.status_code == 302
    saved = FeedbackSettings.of(riverside)
    assert saved.questions[1] == {
        "text": "Did we talk about what mattered to you?",
        "low": default_questions()[1]["low"],
        "high": default_questions()[1]["high"],
        "short": "What mattered",
    }
    assert saved.questions_changed_on == today(riverside)
    event = AuditEvent.objects.get(action="feedback.settings")
    assert event.actor_id == admin.pk and event.detail == {"changed": ["questions"]}


def test_changing_only_the_levels_keeps_the_wording_date(riverside: Any, admin: Any) -> None:
    FeedbackSettings.objects.create(
        organization=riverside, questions_changed_on=datetime.date(2026, 1, 5)
    )
    client_for(admin).post(URL, form_data(alert_below=25, link_days=3))
    saved = FeedbackSettings.of(riverside)
    assert (saved.alert_below, saved.link_days) == (25, 3)
    assert saved.questions_changed_on == datetime.date(2026, 1, 5)
    event = AuditEvent.objects.get(action="feedback.settings")
    assert event.detail == {"changed": ["alert_below", "link_days"]}


def test_saving_nothing_new_writes_nothing(riverside: Any, admin: Any) -> None:
    response = client_for(admin).post(URL, form_data(), follow=True)
    assert "Nothing had changed" in response.content.decode()
    assert not AuditEvent.objects.filter(action="feedback.settings").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("alert_below", "41", "Please give a whole number from 0 to 40."),
        ("alert_drop", "0", "Please give a whole number from 1 to 40."),
        ("link_days", "forever", "Please give a whole number from 1 to 30."),
        ("reply_within_days", "", "Please give a whole number from 1 to 90."),
        ("q3_text", "  ", "Please write the question people answer here."),
        ("q4_short", "", "Please give the question a short name"),
        ("q1_low", "x" * 81, "Please keep this to 80 characters or fewer."),
    ],
)
def test_bad_input_is_explained_by_the_field_and_nothing_is_lost(
    riverside: Any, admin: Any, field: str, value: str, message: str
) -> None:
    typed = form_data(q2_text="My own words that must not be lost", **{field: value})
    response = client_for(admin).post(URL, typed)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "Nothing is saved yet" in page
    assert "My own words that must not be lost" in page
    assert f'href="#id_{field}"' in page
    assert 'aria-invalid="true"' in page
    assert not FeedbackSettings.objects.exists()


def test_using_circles_own_wording_again(riverside: Any, admin: Any) -> None:
    custom = default_questions()
    custom[0] = {"text": "Licensed wording", "low": "Low", "high": "High", "short": "Licensed"}
    FeedbackSettings.objects.create(organization=riverside, questions=custom, alert_below=20)
    client = client_for(admin)
    page = html.unescape(client.get(URL).content.decode())
    assert "Licensed wording" in page and "Use Circles' own wording again" in page
    restore = reverse("feedback_settings_restore", args=["riverside"])
    assert client.get(restore).status_code == 405
    # The settings address takes the settings form only; a stray "restore" changes nothing.
    assert client.post(URL, {"restore": "1"}).status_code == 400
    assert FeedbackSettings.of(riverside).questions == custom
    response = client.post(restore, follow=True)
    assert "use Circles' own wording again" in html.unescape(response.content.decode())
    saved = FeedbackSettings.of(riverside)
    assert saved.questions == default_questions()
    assert saved.alert_below == 20  # the levels stay as they were
    assert saved.questions_changed_on == today(riverside)
    assert AuditEvent.objects.filter(action="feedback.settings").count() == 1
    assert "Use Circles' own wording again</h2>" not in html.unescape(
        client.get(URL).content.decode()
    )


def test_new_wording_reaches_the_results_pages(riverside: Any, admin: Any, specialist: Any) -> None:
    client_for(admin).post(URL, form_data(q1_short="Felt welcome"))
    page = client_for(admin).get(reverse("feedback_overview", args=["riverside"])).content
    assert b"Change the questions" in page
    group = make_group(riverside, facilitators=[specialist])
    when = timezone.now() - datetime.timedelta(days=20)
    give_feedback(make_meeting(group, when=when), count=5)
    text = client_for(admin).get(reverse("feedback_group", args=["riverside", group.pk])).content
    assert b"Felt welcome" in text and b"The questions were reworded on" in text


def test_a_new_link_length_applies_to_links_without_answers(
    riverside: Any, admin: Any, specialist: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    answered = make_meeting(group, when=timezone.now() - datetime.timedelta(days=2))
    give_feedback(answered, count=1, released=False)
    fixed = answered.feedback_closes_at
    fresh = make_meeting(group)
    client_for(admin).post(URL, form_data(link_days=3))
    fresh.refresh_from_db()
    answered.refresh_from_db()
    assert closes_at(fresh) == fresh.ends_at + datetime.timedelta(days=3)
    assert closes_at(answered) == fixed
