"""Writes about groups that leave an audit event."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from circles.accounts.actions import audit
from circles.accounts.models import User
from circles.groups.models import ScheduleException, SupportGroup


def generate_for_group(group: SupportGroup) -> int:
    from circles.meetings.generation import generate_for_group as generate

    return generate(group)


def refresh_group_meetings(group: SupportGroup) -> int:
    from circles.meetings.actions import refresh_group_meetings as refresh

    return refresh(group)


def create_group(group: SupportGroup, facilitators: Iterable[User], actor: Any) -> SupportGroup:
    """Save a new group (already filled in, with its organisation) and its facilitators."""
    with transaction.atomic():
        group.save()
        group.facilitators.set(list(facilitators))
        audit(
            "group.created",
            actor=actor,
            organization=group.organization,
            obj=group,
            detail={"name": group.name},
        )
        generate_for_group(group)
    return group


def update_group(
    group: SupportGroup,
    facilitators: Iterable[User],
    changed: list[str],
    actor: Any,
) -> SupportGroup:
    with transaction.atomic():
        group.save()
        group.facilitators.set(list(facilitators))
        audit(
            "group.updated",
            actor=actor,
            organization=group.organization,
            obj=group,
            detail={"fields": sorted(changed)},
        )
        # Future meetings follow the schedule (those with attendance are kept).
        refresh_group_meetings(group)
    return group


def add_exception(
    group: SupportGroup, day: datetime.date, reason: str, actor: Any
) -> ScheduleException:
    """The group will not meet on ``day`` (a cancelled week, a holiday)."""
    with transaction.atomic():
        exception = ScheduleException.objects.create(
            organization=group.organization, group=group, date=day, reason=reason
        )
        audit(
            "group.date_cancelled",
            actor=actor,
            organization=group.organization,
            obj=group,
            detail={"date": day.isoformat()},
        )
        refresh_group_meetings(group)
    return exception


def remove_exception(exception: ScheduleException, actor: Any) -> None:
    """The group meets on that date after all."""
    with transaction.atomic():
        group = exception.group
        day = exception.date
        exception.delete()
        audit(
            "group.date_restored",
            actor=actor,
            organization=group.organization,
            obj=group,
            detail={"date": day.isoformat()},
        )
        refresh_group_meetings(group)
