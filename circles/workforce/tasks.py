"""Daily: tell each worker, by email, that a certification expires in 90, 30 or 7 days.

Each warning is a row (``ExpiryWarning``) claimed by a unique constraint before
its email is queued, so a second run that day, or a second worker, never warns
twice. Tasks carry ids only.
"""

import datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task

from circles.accounts.models import Membership, Organization
from circles.lib.taskqueue import keep_one_waiting
from circles.workforce.framework import progress_for, rule_packs
from circles.workforce.models import Certification, ExpiryWarning, TrainingRecord

WARN_DAYS = (90, 30, 7)
CHECK_EVERY = datetime.timedelta(days=1)


def threshold_for(days_left: int) -> int | None:
    """The nearest warning point already reached (7 before 30 before 90), or None."""
    if days_left < 0:
        return None
    reached = [d for d in WARN_DAYS if days_left <= d]
    return min(reached) if reached else None


def warn_expiring(now: datetime.datetime | None = None) -> int:
    """Claim and queue each warning that is due; returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for organization in Organization.objects.order_by("pk"):
        today = timezone.localtime(now, ZoneInfo(organization.timezone)).date()
        horizon = today + datetime.timedelta(days=max(WARN_DAYS))
        active = Membership.objects.for_org(organization).active().values("user_id")
        due = (
            Certification.objects.for_org(organization)
            .filter(expires_on__gte=today, expires_on__lte=horizon, worker_id__in=active)
            .order_by("pk")
        )
        for certification in due:
            days_before = threshold_for(certification.days_left(today))
            if days_before is None:
                continue
            # A warning that came later (say at 30) covers the earlier points too.
            if ExpiryWarning.objects.filter(
                certification=certification,
                expires_on=certification.expires_on,
                days_before__lte=days_before,
            ).exists():
                continue
            try:
                with transaction.atomic():
                    warning = ExpiryWarning.objects.create(
                        organization=organization,
                        certification=certification,
                        expires_on=certification.expires_on,
                        days_before=days_before,
                        sent_on=today,
                    )
                    transaction.on_commit(partial(send_expiry_warning.enqueue, warning.pk))
            except IntegrityError:
                continue
            queued += 1
    return queued


@task()
def send_expiry_warning(warning_id: int) -> int:
    warning = ExpiryWarning.objects.select_related("certification__worker", "organization").get(
        pk=warning_id
    )
    certification = warning.certification
    worker = certification.worker
    if not worker.email or not worker.is_active:
        return 0
    organization = warning.organization
    today = timezone.localtime(timezone.now(), ZoneInfo(organization.timezone)).date()
    records = list(
        TrainingRecord.objects.for_org(organization)
        .filter(worker=worker, counts_as_ce=True)
        .values_list("completed_on", "hours")
    )
    pack = rule_packs().get(certification.kind)
    context = {
        "worker": worker,
        "organization": organization,
        "name": pack.name if pack else certification.kind,
        "expires_on": certification.expires_on,
        "days_left": certification.days_left(today),
        "progress": progress_for(certification.kind, certification.expires_on, records, today),
        "link": settings.SITE_ROOT.rstrip("/")
        + reverse("workforce_home", args=[organization.slug]),
    }
    with translation.override(worker.language):
        subject = render_to_string("workforce/emails/expiry_subject.txt", context).strip()
        body = render_to_string("workforce/emails/expiry_body.txt", context)
    send_mail(subject, body, None, [worker.email])
    return 1


@task()
def check_certifications() -> int:
    """Daily in the worker: queue the expiry warnings that are due."""
    schedule_next_check()
    return warn_expiring()


def schedule_next_check(now: datetime.datetime | None = None) -> bool:
    return keep_one_waiting(check_certifications, (now or timezone.now()) + CHECK_EVERY)
