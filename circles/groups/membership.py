"""Joining and leaving groups: requests, decisions and leaving, each audited.

Emails go out through tasks queued on commit, so a rolled-back write never
sends a message about something that did not happen.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from circles.accounts.actions import audit
from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.tasks import send_decision_email, send_join_request_emails

Status = GroupMembership.Status

DEFAULT_DECLINE_MESSAGE = _(
    "Thank you for asking to join. We cannot offer you a place in this group right now. "
    "This is not about you, and you are welcome to ask us about other groups or to ask "
    "again later. We would be glad to hear from you."
)


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
