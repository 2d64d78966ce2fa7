"""Background work for safety concerns: telling people, and passing a concern on.

Every task takes ids only. No task, email or log line holds what anyone wrote.
"""

from functools import partial

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from circles.accounts.actions import audit
from circles.safety.models import ConcernStep
from circles.safety.notifier import channels
from circles.safety.workflow import Passed, escalate_if_due


def concern_link(org_slug: str, concern_id: int) -> str:
    return settings.SITE_ROOT.rstrip("/") + reverse("safety_concern", args=[org_slug, concern_id])


@task()
def tell_about_concern(step_id: int) -> list[str]:
    """Send the notice a "told" step records, through every channel; audit what went out."""
    step = ConcernStep.objects.select_related("concern__organization", "told").get(pk=step_id)
    concern = step.concern
    if step.told is None or not concern.is_waiting:
        return []
    organization = concern.organization
    link = concern_link(organization.slug, concern.pk)
    sent = [
        channel.name
        for channel in channels()
        if channel.send(step.told, organization, link, escalated=concern.level > 0)
    ]
    audit(
        "safety.concern_notice_sent",
        organization=organization,
        obj=concern,
        detail={"to_user_id": step.told_id, "channels": sent},
    )
    return sent


@task()
def escalate_concern(concern_id: int) -> bool:
    """Queued for the moment the acknowledgement limit runs out."""
    passed = escalate_if_due(concern_id, timezone.now())
    if passed is None:
        return False
    queue_passed(passed)
    return True


def _enqueue(passed: Passed) -> None:
    for step_id in passed.step_ids:
        tell_about_concern.enqueue(step_id)
    if passed.next_at is not None:
        escalate_concern.using(run_after=passed.next_at).enqueue(passed.concern_id)


def queue_passed(passed: Passed) -> None:
    """Send the notices and queue the next escalation, once the transaction commits."""
    transaction.on_commit(partial(_enqueue, passed))
