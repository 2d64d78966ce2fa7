"""Writes about the code of ethics; each is atomic and audited, emails go out on commit."""

import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import Organization, User
from circles.groups import actions as group_actions
from circles.groups.models import SupportGroup
from circles.safety.ethics.models import (
    DualRelationship,
    EthicsCode,
    EthicsSignature,
    Gift,
    StepBack,
    StepBackGroup,
)
from circles.safety.ethics.queries import org_today
from circles.safety.ethics.tasks import send_step_back_notice

# The code --------------------------------------------------------------------------------


def sign_code(organization: Organization, user: User, code: EthicsCode) -> EthicsSignature:
    with transaction.atomic():
        code = code.saved()
        signature = EthicsSignature.objects.create(organization=organization, user=user, code=code)
        audit(
            "ethics.code_signed",
            actor=user,
            organization=organization,
            obj=signature,
            detail={"code": code.pk, "version": code.version},
        )
    return signature


def publish_code(
    organization: Organization, title: str, points: list[str], actor: Any
) -> EthicsCode:
    """The organisation's own text, as a new version: everyone is asked to sign again."""
    with transaction.atomic():
        highest = (
            EthicsCode.objects.for_org(organization)
            .select_for_update()
            .aggregate(v=Max("version"))["v"]
            or 0
        )
        code = EthicsCode.objects.create(
            organization=organization,
            version=highest + 1,
            title=title,
            points=points,
            published_by=actor,
        )
        audit(
            "ethics.code_published",
            actor=actor,
            organization=organization,
            obj=code,
            detail={"version": code.version, "points": len(points)},
        )
    return code


# Boundaries ------------------------------------------------------------------------------


def declare_relationship(
    organization: Organization, worker: User, person: User, note: str
) -> DualRelationship:
    with transaction.atomic():
        relationship = DualRelationship.objects.create(
            organization=organization, worker=worker, person=person, note=note.strip()
        )
        # The note stays out of the audit trail: it is about the person.
        audit(
            "ethics.relationship_declared",
            actor=worker,
            organization=organization,
            obj=relationship,
            detail={"person": person.pk},
        )
    return relationship


def end_relationship(relationship: DualRelationship, actor: Any) -> DualRelationship:
    with transaction.atomic():
        if relationship.ended_at is None:
            relationship.ended_at = timezone.now()
            relationship.save(update_fields=["ended_at"])
            audit(
                "ethics.relationship_ended",
                actor=actor,
                organization=relationship.organization,
                obj=relationship,
            )
    return relationship


def log_gift(organization: Organization, gift: Gift, worker: User) -> Gift:
    with transaction.atomic():
        gift.organization = organization
        gift.worker = worker
        gift.save()
        audit(
            "ethics.gift_logged",
            actor=worker,
            organization=organization,
            obj=gift,
            detail={"value": gift.value, "decision": gift.decision},
        )
    return gift


def note_gifts_read(organization: Organization, actor: Any) -> None:
    """Supervisors reading everyone's gift log is on the record."""
    audit("ethics.gift_log_read", actor=actor, organization=organization)


# Stepping back ---------------------------------------------------------------------------


def step_back(
    organization: Organization,
    worker: User,
    cover: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date | None = None,
) -> StepBack:
    """Plan time away; if it starts today or earlier, hand over at once. Supervisors are told."""
    today = today or org_today(organization)
    with transaction.atomic():
        away = StepBack.objects.create(
            organization=organization,
            worker=worker,
            cover=cover,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        audit(
            "ethics.stepped_back",
            actor=worker,
            organization=organization,
            obj=away,
            detail={**away.describe(), "cover": cover.pk},
        )
        if starts_on <= today:
            hand_over(away, actor=worker)
        transaction.on_commit(partial(send_step_back_notice.enqueue, step_back_id=away.pk))
    return away


def hand_over(away: StepBack, actor: Any = None) -> int:
    """The cover becomes a facilitator of each of the worker's current groups."""
    with transaction.atomic():
        away = StepBack.objects.select_for_update().get(pk=away.pk)
        if away.handed_over_at is not None or away.handed_back_at is not None:
            return 0
        groups = list(
            SupportGroup.objects.for_org(away.organization)
            .facilitated_by(away.worker)
            .filter(is_archived=False)
            .order_by("pk")
        )
        for group in groups:
            added = group_actions.add_facilitator(group, away.cover, actor=actor, reason="covering")
            StepBackGroup.objects.create(
                organization=away.organization, step_back=away, group=group, added=added
            )
        away.handed_over_at = timezone.now()
        away.save(update_fields=["handed_over_at"])
        audit(
            "ethics.handed_over",
            actor=actor,
            organization=away.organization,
            obj=away,
            detail={"groups": [g.pk for g in groups], "cover": away.cover_id},
        )
    return len(groups)


def hand_back(away: StepBack, actor: Any = None) -> int:
    """The cover stops facilitating the groups they took on for this time only."""
    with transaction.atomic():
        away = StepBack.objects.select_for_update().get(pk=away.pk)
        if away.handed_back_at is not None:
            return 0
        handed = list(
            StepBackGroup.objects.for_org(away.organization)
            .filter(step_back=away, added=True)
            .select_related("group", "step_back__cover")
        )
        for item in handed:
            group_actions.remove_facilitator(
                item.group, away.cover, actor=actor, reason="cover_ended"
            )
        away.handed_back_at = timezone.now()
        away.save(update_fields=["handed_back_at"])
        audit(
            "ethics.handed_back",
            actor=actor,
            organization=away.organization,
            obj=away,
            detail={"groups": [i.group_id for i in handed]},
        )
    return len(handed)


def come_back(away: StepBack, actor: Any, today: datetime.date | None = None) -> StepBack:
    """The worker is back (or changed their mind before it began): hand back now."""
    today = today or org_today(away.organization)
    with transaction.atomic():
        if away.handed_back_at is None:
            last_day = min(away.ends_on, max(away.starts_on, today - datetime.timedelta(days=1)))
            if last_day != away.ends_on:
                away.ends_on = last_day
                away.save(update_fields=["ends_on"])
            audit(
                "ethics.came_back",
                actor=actor,
                organization=away.organization,
                obj=away,
                detail=away.describe(),
            )
            hand_back(away, actor=actor)
            away.refresh_from_db()
    return away


def step_back_rounds(today: datetime.date | None = None) -> dict[str, int]:
    """Hand over the step-backs that have begun and hand back those that are over.

    ``today`` is each organisation's own date unless given (tests).
    """
    over = begun = 0
    pending = StepBack.objects.filter(handed_back_at__isnull=True).select_related("organization")
    for away in pending.order_by("pk"):
        day = today or org_today(away.organization)
        if away.ends_on < day:
            hand_back(away)
            over += 1
        elif away.starts_on <= day and away.handed_over_at is None:
            hand_over(away)
            begun += 1
    return {"handed_over": begun, "handed_back": over}
