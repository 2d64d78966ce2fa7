"""Writes about groups, venues and who belongs to groups; each is atomic and audited.

Emails go out through tasks queued on commit, so a rolled-back write never
sends a message about something that did not happen.

When a group's schedule changes, the areas that follow it (meetings) are told
through the hooks listed in ``settings.CIRCLES_SCHEDULE_CHANGED``: dotted paths
to functions that take the group. Groups never imports those areas.
"""

import datetime
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from circles.accounts.actions import audit
from circles.accounts.models import Organization, User
from circles.groups.models import GroupMembership, ScheduleException, SupportGroup, Venue
from circles.groups.tasks import send_decision_email, send_join_request_emails

Status = GroupMembership.Status

DEFAULT_DECLINE_MESSAGE = _(
    "Thank you for asking to join. We cannot offer you a place in this group right now. "
    "This is not about you, and you are welcome to ask us about other groups or to ask "
    "again later. We would be glad to hear from you."
)


def schedule_changed(group: SupportGroup) -> None:
    """Call every hook in ``CIRCLES_SCHEDULE_CHANGED`` with the group, in order."""
    for path in settings.CIRCLES_SCHEDULE_CHANGED:
        import_string(path)(group)


# Groups and their dates ---------------------------------------------------------------


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
        schedule_changed(group)
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
        schedule_changed(group)
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
        schedule_changed(group)
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
        schedule_changed(group)


def add_facilitator(group: SupportGroup, user: User, actor: Any, reason: str = "") -> bool:
    """Make someone a facilitator of the group; False if they already were."""
    with transaction.atomic():
        if group.facilitators.filter(pk=user.pk).exists():
            return False
        group.facilitators.add(user)
        audit(
            "group.facilitator_added",
            actor=actor,
            organization=group.organization,
            obj=group,
            detail={"user": user.pk, **({"reason": reason} if reason else {})},
        )
    return True


def remove_facilitator(group: SupportGroup, user: User, actor: Any, reason: str = "") -> bool:
    """Someone no longer facilitates the group; False if they did not."""
    with transaction.atomic():
        if not group.facilitators.filter(pk=user.pk).exists():
            return False
        group.facilitators.remove(user)
        audit(
            "group.facilitator_removed",
            actor=actor,
            organization=group.organization,
            obj=group,
            detail={"user": user.pk, **({"reason": reason} if reason else {})},
        )
    return True


# Venues -------------------------------------------------------------------------------


def add_venue(venue: Venue, organization: Organization, actor: Any) -> Venue:
    """Save a new venue (already filled in) for the organisation."""
    with transaction.atomic():
        venue.organization = organization
        venue.save()
        audit("venue.added", actor=actor, organization=organization, obj=venue)
    return venue


def update_venue(venue: Venue, changed: list[str], actor: Any) -> Venue:
    with transaction.atomic():
        venue.save()
        audit(
            "venue.updated",
            actor=actor,
            organization=venue.organization,
            obj=venue,
            detail={"fields": changed},
        )
    return venue


# Joining and leaving ------------------------------------------------------------------


def request_to_join(group: SupportGroup, user: Any, note: str = "") -> GroupMembership:
    """Ask to join a group (closed groups) or join at once (open groups).

    Asking twice changes nothing; a person who left, or was not offered a place,
    may ask again.
    """
    with transaction.atomic():
        gm, created = GroupMembership.objects.select_for_update().get_or_create(
            group=group,
            user=user,
            defaults={"organization": group.organization, "status": Status.REQUESTED},
        )
        if not created and gm.status in (Status.MEMBER, Status.REQUESTED):
            return gm
        gm.status = Status.MEMBER if group.is_open else Status.REQUESTED
        gm.request_message = note.strip()
        gm.reply_message = ""
        gm.requested_at = timezone.now()
        gm.decided_at = timezone.now() if group.is_open else None
        gm.save(
            update_fields=[
                "status",
                "request_message",
                "reply_message",
                "requested_at",
                "decided_at",
            ]
        )
        audit(
            "group_membership.joined" if group.is_open else "group_membership.requested",
            actor=user,
            organization=group.organization,
            obj=gm,
            detail={"group": group.pk},
        )
        if not group.is_open:
            transaction.on_commit(
                partial(send_join_request_emails.enqueue, group_membership_id=gm.pk)
            )
    return gm


def _decide(gm: GroupMembership, status: str, message: str, actor: Any) -> GroupMembership:
    with transaction.atomic():
        gm.status = status
        gm.reply_message = message.strip()
        gm.decided_at = timezone.now()
        gm.save(update_fields=["status", "reply_message", "decided_at"])
        audit(
            f"group_membership.{'accepted' if status == Status.MEMBER else 'declined'}",
            actor=actor,
            organization=gm.organization,
            obj=gm,
            detail={"group": gm.group_id},
        )
        transaction.on_commit(partial(send_decision_email.enqueue, group_membership_id=gm.pk))
    return gm


def accept(gm: GroupMembership, actor: Any, message: str = "") -> GroupMembership:
    return _decide(gm, Status.MEMBER, message, actor)


def decline(gm: GroupMembership, actor: Any, message: str) -> GroupMembership:
    if not message.strip():
        raise ValueError("A declined request needs a kind message.")
    return _decide(gm, Status.DECLINED, message, actor)


def leave(gm: GroupMembership, actor: Any) -> GroupMembership:
    """Leave a group, or take back a request; no reason asked."""
    with transaction.atomic():
        gm.status = Status.LEFT
        gm.decided_at = timezone.now()
        gm.save(update_fields=["status", "decided_at"])
        audit(
            "group_membership.left",
            actor=actor,
            organization=gm.organization,
            obj=gm,
            detail={"group": gm.group_id},
        )
    return gm
