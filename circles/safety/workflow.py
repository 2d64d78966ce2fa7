"""A concern's state machine and its steps, shared by actions and the escalation task.

Nothing here queues work: what must be told next comes back as a ``Passed``,
and the caller hands it to ``circles.safety.tasks.queue_passed`` once the
transaction commits.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import User
from circles.safety import duty
from circles.safety.models import ConcernStep, SafetyConcern, SafetySettings


class IllegalTransition(ValueError):
    """A concern was asked to move to a status its current one does not lead to."""


@dataclass
class Passed:
    """Who was just told (their "told" steps) and when to pass it on next, if ever."""

    concern_id: int
    step_ids: list[int] = field(default_factory=list)
    next_at: datetime | None = None


def move(concern: SafetyConcern, status: str) -> None:
    if not concern.may_become(status):
        raise IllegalTransition(f"A concern cannot go from {concern.status} to {status}.")
    concern.status = status


def lock(concern: SafetyConcern) -> SafetyConcern:
    """The concern's row, locked, with what the caller already loaded kept in step."""
    locked = SafetyConcern.objects.select_for_update().get(pk=concern.pk)
    locked.organization = concern.organization
    concern.status = locked.status
    return locked


def add_step(
    concern: SafetyConcern,
    kind: str,
    actor: Any = None,
    told: Any = None,
    note: str = "",
    at: datetime | None = None,
) -> ConcernStep:
    """Record one step and its audit event (never its note: audit details stay plain)."""
    step = ConcernStep.objects.create(
        organization_id=concern.organization_id,
        concern=concern,
        kind=kind,
        actor=actor,
        told=told,
        note=note,
        at=at or timezone.now(),
    )
    detail: dict[str, Any] = {"status": concern.status, "level": concern.level}
    if told is not None:
        detail["told_user_id"] = told.pk
    audit(
        f"safety.concern_{kind}",
        actor=actor,
        organization=concern.organization,
        obj=concern,
        detail=detail,
    )
    return step


def _already_told(concern: SafetyConcern) -> set[int]:
    return set(
        ConcernStep.objects.filter(concern=concern, kind=ConcernStep.Kind.NOTIFIED).values_list(
            "told_id", flat=True
        )
    )


def pass_on(concern: SafetyConcern, at: datetime) -> Passed:
    """Tell the next person on duty, or past the list's end every admin.

    Never the person who raised it, nor anyone told already. Sets (without
    saving) ``next_escalation_at`` and ``told_admins``.
    """
    organization = concern.organization
    skip = _already_told(concern) | {concern.raised_by_id}
    following = [u for u in duty.chain_at(organization, at) if u.pk not in skip]
    limit = timedelta(minutes=SafetySettings.of(organization).ack_limit_minutes)
    people: list[User]
    if following:
        people = following[:1]
        concern.next_escalation_at = at + limit
    elif not concern.told_admins:
        people = [u for u in duty.admins(organization) if u.pk not in skip]
        concern.told_admins = True
        # Everyone who could be told now has been: there is nobody further to pass it to.
        concern.next_escalation_at = None
    else:
        people = []
        concern.next_escalation_at = None
    steps = [add_step(concern, ConcernStep.Kind.NOTIFIED, told=p, at=at) for p in people]
    return Passed(concern.pk, [s.pk for s in steps], concern.next_escalation_at)


def escalate_if_due(concern_id: int, now: datetime) -> Passed | None:
    """Pass a still-waiting concern on once its limit has run out; None when not due."""
    with transaction.atomic():
        concern = SafetyConcern.objects.select_for_update().filter(pk=concern_id).first()
        if concern is None or not concern.is_waiting:
            return None
        due = concern.next_escalation_at
        if due is None or due > now:
            return None
        move(concern, SafetyConcern.Status.ESCALATED)
        concern.level += 1
        add_step(concern, ConcernStep.Kind.ESCALATED, at=now)
        passed = pass_on(concern, now)
        concern.save(update_fields=["status", "level", "next_escalation_at", "told_admins"])
    return passed
