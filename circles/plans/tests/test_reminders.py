"""Reminders by email: only when turned on, once per step, without the step's words."""

import datetime
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from circles.plans.models import Action, Goal
from circles.plans.tasks import send_reminders

pytestmark = pytest.mark.django_db

# 10 am in Chicago (Riverside's clock) on 4 March 2027.
MORNING = datetime.datetime(2027, 3, 4, 10, 0, tzinfo=ZoneInfo("America/Chicago"))
TOMORROW = datetime.date(2027, 3, 5)


def step(goal: Goal, due: datetime.date, text: str = "Phone the garden") -> Action:
    return Action.objects.create(organization=goal.organization, goal=goal, text=text, due_on=due)


def test_nothing_is_sent_unless_turned_on(goal: Goal) -> None:
    step(goal, TOMORROW)
    assert send_reminders(MORNING) == 0
    assert mail.outbox == []


def test_one_email_for_tomorrows_steps_without_their_words(goal: Goal, participant: Any) -> None:
    goal.plan.reminders = True
    goal.plan.save()
    step(goal, TOMORROW)
    step(goal, TOMORROW, "Go to the job club")
    step(goal, TOMORROW + datetime.timedelta(days=1))
    assert send_reminders(MORNING) == 1
    (email,) = mail.outbox
    assert email.to == [participant.email]
    assert "2 steps" in email.subject
    assert "Phone the garden" not in email.body and "job club" not in email.body
    assert "/o/riverside/plan/" in email.body
    # Once only.
    assert send_reminders(MORNING + datetime.timedelta(hours=1)) == 0
    assert len(mail.outbox) == 1


def test_not_before_nine_on_the_organisations_clock(goal: Goal) -> None:
    goal.plan.reminders = True
    goal.plan.save()
    step(goal, TOMORROW)
    assert send_reminders(MORNING.replace(hour=6)) == 0


def test_done_steps_and_set_aside_goals_are_left_alone(goal: Goal) -> None:
    goal.plan.reminders = True
    goal.plan.save()
    done = step(goal, TOMORROW)
    done.done_at = MORNING
    done.save()
    aside = Goal.objects.create(
        organization=goal.organization, plan=goal.plan, status=Goal.Status.SET_ASIDE
    )
    step(aside, TOMORROW)
    assert send_reminders(MORNING) == 0


def test_the_command_runs(goal: Goal) -> None:
    out = StringIO()
    call_command("send_plan_reminders", stdout=out)
    assert "reminder email(s) sent" in out.getvalue()
