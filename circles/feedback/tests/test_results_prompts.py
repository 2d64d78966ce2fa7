"""Gentle prompts: raised once per period when answers dip (by the release the worker
runs every hour, never by opening a page), sent to the people who can reflect on
them, worded as an invitation and never carrying what anyone wrote."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import Membership, Role
from circles.feedback.models import FeedbackPrompt, FeedbackSettings
from circles.feedback.tasks import raise_all_prompts
from circles.testing.fixtures import (
    client_for,
    give_feedback,
    join_group,
    make_group,
    make_meeting,
    make_member,
)

pytestmark = pytest.mark.django_db

# Yesterday at a fixed hour: always in the past, whatever the time of day the tests run.
NOW = (timezone.now() - datetime.timedelta(days=1)).replace(
    hour=12, minute=0, second=0, microsecond=0
)


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def answer(group: Any, weeks: int, total: int, count: int = 5, **extra: Any) -> None:
    """``count`` answers whose four scores add up to ``total``."""
    base, extra_points = divmod(total, 4)
    scores = tuple(base + (1 if q < extra_points else 0) for q in range(4))
    when = (NOW - datetime.timedelta(weeks=weeks)).replace(hour=18)
    give_feedback(make_meeting(group, when=when), count=count, scores=scores, **extra)  # type: ignore[arg-type]


@pytest.fixture
def group(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, facilitators=[specialist], name="Tuesday circle")
    join_group(group, participant)
    return group


def visit(user: Any, capture: Any) -> str:
    """The hourly release, then the overview as ``user`` sees it."""
    with capture(execute=True):
        raise_all_prompts()
    response = client_for(user).get(reverse("feedback_overview", args=["riverside"]))
    return response.content.decode()


def test_a_period_below_the_level_invites_reflection_by_email(
    riverside: Any,
    group: Any,
    specialist: Any,
    supervisor: Any,
    participant: Any,
    admin: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer(group, 3, 24, better="The room was too cold and Pat talked over me")
    page = visit(specialist, django_capture_on_commit_callbacks)
    prompt = FeedbackPrompt.objects.get()
    assert prompt.reason == FeedbackPrompt.Reason.BELOW and str(prompt.average_total) == "24.0"
    assert "got lower answers than usual" in page and "We have talked this over" in page
    sent_to = sorted(address for message in mail.outbox for address in message.to)
    assert sent_to == [specialist.email, supervisor.email]
    assert participant.email not in sent_to
    message = mail.outbox[0]
    assert "Tuesday circle" in message.subject
    assert "This is not a grade" in message.body
    assert reverse("feedback_group", args=["riverside", group.pk]) in message.body
    for private in ("cold", "Pat", "24.0"):
        assert private not in message.body and private not in message.subject


def test_a_period_at_or_above_the_level_raises_nothing(
    riverside: Any, group: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    answer(group, 3, 28)
    page = visit(specialist, django_capture_on_commit_callbacks)
    assert not FeedbackPrompt.objects.exists() and not mail.outbox
    assert "lower answers than usual" not in page


def test_a_drop_from_the_recent_average_invites_reflection(
    riverside: Any, group: Any, supervisor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for weeks in (6, 5, 4):
        answer(group, weeks, 37)
    answer(group, 3, 32)  # 5 below the last three periods, still above 28
    visit(supervisor, django_capture_on_commit_callbacks)
    prompt = FeedbackPrompt.objects.get()
    assert prompt.reason == FeedbackPrompt.Reason.DROP and prompt.period_index == 3


def test_a_smaller_drop_raises_nothing(
    riverside: Any, group: Any, supervisor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    for weeks in (6, 5, 4):
        answer(group, weeks, 37)
    answer(group, 3, 33)  # 4 below
    visit(supervisor, django_capture_on_commit_callbacks)
    assert not FeedbackPrompt.objects.exists()


def test_the_organisations_own_levels_are_used(
    riverside: Any, group: Any, supervisor: Any, django_capture_on_commit_callbacks: Any
) -> None:
    FeedbackSettings.objects.create(organization=riverside, alert_below=10, alert_drop=2)
    answer(group, 5, 30)
    answer(group, 4, 27)
    visit(supervisor, django_capture_on_commit_callbacks)
    assert FeedbackPrompt.objects.get().reason == FeedbackPrompt.Reason.DROP


def test_each_period_prompts_only_once(
    riverside: Any,
    group: Any,
    specialist: Any,
    supervisor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    answer(group, 4, 20)
    visit(specialist, django_capture_on_commit_callbacks)
    visit(supervisor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        client_for(supervisor).get(reverse("feedback_group", args=["riverside", group.pk]))
        assert raise_all_prompts() == 0
    assert FeedbackPrompt.objects.count() == 1
    assert len(mail.outbox) == 2  # once to the facilitator, once to the supervisor
    # Even after it was talked over, the same period does not prompt again...
    prompt = FeedbackPrompt.objects.get()
    client_for(specialist).post(reverse("feedback_prompt_done", args=["riverside", prompt.pk]))
    visit(specialist, django_capture_on_commit_callbacks)
    assert FeedbackPrompt.objects.count() == 1
    # ...but a new period that dips again does.
    answer(group, 2, 20)
    visit(specialist, django_capture_on_commit_callbacks)
    assert list(
        FeedbackPrompt.objects.order_by("period_index").values_list("period_index", flat=True)
    ) == [0, 1]


def test_the_daily_job_raises_prompts_nobody_has_looked_for(
    riverside: Any, group: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    answer(group, 3, 12)
    with django_capture_on_commit_callbacks(execute=True):
        assert raise_all_prompts() == 1
    assert [m.to for m in mail.outbox] == [[specialist.email]]


def test_prompts_show_only_for_the_groups_on_the_page(
    riverside: Any, group: Any, specialist: Any, django_capture_on_commit_callbacks: Any
) -> None:
    other = make_member(riverside, Role.SPECIALIST, "other@example.org", "Dana")
    theirs = make_group(riverside, facilitators=[other], name="Thursday circle")
    answer(theirs, 3, 12)
    with django_capture_on_commit_callbacks(execute=True):
        raise_all_prompts()
    page = visit(specialist, django_capture_on_commit_callbacks)
    assert "Thursday circle" not in page
    page = visit(other, django_capture_on_commit_callbacks)
    assert "The meeting of Thursday circle on" in page


def test_a_facilitator_who_has_left_is_not_emailed(
    riverside: Any,
    group: Any,
    specialist: Any,
    supervisor: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    Membership.objects.filter(user=specialist, organization=riverside).update(is_active=False)
    answer(group, 3, 12)
    with django_capture_on_commit_callbacks(execute=True):
        raise_all_prompts()
    assert [m.to for m in mail.outbox] == [[supervisor.email]]
