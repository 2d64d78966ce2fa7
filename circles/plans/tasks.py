"""Reminders by email, only for people who turned them on.

Once an hour the worker looks for open steps due tomorrow on each organisation's
clock (from 9 am there, so nobody is woken by a reminder) and emails each person
once for all of them. The email never says what the step is: an inbox is not as
private as the plan. Each step is reminded about once.
"""

import datetime
import zoneinfo
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from circles.lib.taskqueue import keep_one_waiting
from circles.plans.models import Action, Goal

REMIND_FROM_HOUR = 9
REMIND_EVERY = timedelta(hours=1)


def send_reminders(now: datetime.datetime | None = None) -> int:
    """Email each person with a step due tomorrow; return how many emails went."""
    now = now or timezone.now()
    utc_today = now.date()
    candidates = (
        Action.objects.filter(
            done_at__isnull=True,
            reminded_on__isnull=True,
            due_on__gte=utc_today,
            due_on__lte=utc_today + timedelta(days=2),
            goal__plan__reminders=True,
            goal__plan__owner__is_active=True,
        )
        .exclude(goal__status=Goal.Status.SET_ASIDE)
        .select_related("organization", "goal__plan__owner")
    )
    due: dict[tuple[int, int], list[Action]] = defaultdict(list)
    for action in candidates:
        local = now.astimezone(zoneinfo.ZoneInfo(action.organization.timezone))
        if local.hour >= REMIND_FROM_HOUR and action.due_on == local.date() + timedelta(days=1):
            due[(action.organization_id, action.goal.plan.owner_id)].append(action)
    sent = 0
    for steps in due.values():
        organization = steps[0].organization
        owner = steps[0].goal.plan.owner
        local_today = now.astimezone(zoneinfo.ZoneInfo(organization.timezone)).date()
        with transaction.atomic():
            claimed = Action.objects.filter(
                pk__in=[s.pk for s in steps], reminded_on__isnull=True
            ).update(reminded_on=local_today)
        if not claimed or not owner.email:
            continue
        link = settings.SITE_ROOT.rstrip("/") + reverse("plan_home", args=[organization.slug])
        with translation.override(owner.language or organization.language):
            context = {"count": claimed, "link": link, "organization": organization}
            subject = render_to_string("plans/emails/reminder_subject.txt", context).strip()
            body = render_to_string("plans/emails/reminder_body.txt", context)
        send_mail(subject, body, None, [owner.email])
        sent += 1
    return sent


@task()
def plan_reminders() -> int:
    # Queued before the work, so a failure here never stops the hourly round.
    schedule_next_reminders()
    return send_reminders()


def schedule_next_reminders(now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return keep_one_waiting(
        plan_reminders, now.replace(minute=5, second=0, microsecond=0) + REMIND_EVERY
    )
