"""Meetings come from each group's schedule, for a rolling horizon, idempotently."""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError
from circles.meetings.models import Meeting

HORIZON_WEEKS = 8


def leader_candidates(group: SupportGroup) -> list[int]:
    """Facilitators first, then members willing to lead, in a stable order."""
    facilitators = sorted(f.pk for f in group.facilitators.all())
    willing = sorted(
        GroupMembership.objects.for_org(group.organization)
        .current()
        .filter(group=group, willing_to_lead=True)
        .values_list("user_id", flat=True)
    )
    return facilitators + [pk for pk in willing if pk not in facilitators]


def generate_for_group(
    group: SupportGroup, now: datetime.datetime | None = None, weeks: int = HORIZON_WEEKS
) -> int:
    """Create the missing meetings of the next ``weeks`` weeks; return how many were made."""
    now = now or timezone.now()
    horizon = now + datetime.timedelta(weeks=weeks)
    try:
        schedule = Schedule.of(group)
        occurrences = []
        for when in schedule.occurrences(after=max(now, schedule.dtstart)):
            if when > horizon:
                break
            occurrences.append(when)
    except ScheduleError:
        return 0
    if not occurrences:
        return 0
    existing = set(
        Meeting.objects.filter(group=group, scheduled_for__in=occurrences).values_list(
            "scheduled_for", flat=True
        )
    )
    candidates = leader_candidates(group) if group.rotate_leader else []
    facilitators = sorted(f.pk for f in group.facilitators.all())
    already = Meeting.objects.filter(group=group).count()
    created = []
    for index, when in enumerate(o for o in occurrences if o not in existing):
        leader_id: int | None
        if candidates:
            leader_id = candidates[(already + index) % len(candidates)]
        else:
            leader_id = facilitators[0] if facilitators else None
        created.append(
            Meeting(
                organization=group.organization,
                group=group,
                scheduled_for=when,
                starts_at=when,
                duration=schedule.duration,
                leader_id=leader_id,
            )
        )
    with transaction.atomic():
        Meeting.objects.bulk_create(created, ignore_conflicts=True)
    return len(created)


def generate_all(
    groups: Iterable[SupportGroup] | None = None, now: datetime.datetime | None = None
) -> int:
    groups = (
        groups
        if groups is not None
        else (
            SupportGroup.objects.filter(is_archived=False)
            .select_related("organization")
            .prefetch_related("exceptions", "facilitators")
        )
    )
    return sum(generate_for_group(group, now=now) for group in groups)
