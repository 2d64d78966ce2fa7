"""The anonymous complaint procedure: receipt codes, routing, and every change.

Who may read a complaint: the organisation's supervisors and admins, except
anyone it is about. "About" means the person named, and for a complaint about
a group or a meeting, the group's facilitators and the meeting's leader. Those
people are kept from it for good (Complaint.kept_from) and also by the query
(ComplaintQuerySet.visible_to). If the only supervisor is kept from it, it goes
to the admins.

Every staff read and change is an audit event. What the complainant does is
audited anonymously (no actor, no request id, the date only).
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from circles.accounts.actions import audit
from circles.accounts.models import OVERSIGHT_ROLES, Membership, Organization, Role, User
from circles.feedback.models import Complaint, ComplaintMessage, FeedbackSettings
from circles.lib import codes

# 20 characters from a 32-letter alphabet: 100 bits. Shown as five groups of four.
RECEIPT_LENGTH = 20


def new_receipt() -> str:
    return codes.generate(RECEIPT_LENGTH)


def format_receipt(code: str) -> str:
    return codes.grouped(code, 4, "-")


def receipt_hash(code: str) -> str:
    return hashlib.sha256(codes.normalise(code).encode()).hexdigest()


def find_by_receipt(code: str) -> Complaint | None:
    code = codes.normalise(code)
    if not codes.is_well_formed(code, RECEIPT_LENGTH):
        return None
    return (
        Complaint.objects.select_related("organization", "group", "venue", "about_person")
        .filter(receipt_hash=receipt_hash(code))
        .first()
    )


def today_for(organization: Organization) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(organization.timezone)).date()


# Who it is about, who handles it


def people_kept_from(complaint: Complaint) -> set[int]:
    """Everyone the complaint is about (computed from what it names)."""
    kept: set[int] = set()
    if complaint.about_person_id:
        kept.add(complaint.about_person_id)
    if complaint.group_id:
        kept.update(complaint.group.facilitators.values_list("pk", flat=True))  # type: ignore[union-attr]
    if complaint.meeting_id:
        meeting = complaint.meeting
        if meeting.leader_id:  # type: ignore[union-attr]
            kept.add(meeting.leader_id)  # type: ignore[union-attr]
        # The meeting's own group, even if the caller named no group.
        kept.update(meeting.group.facilitators.values_list("pk", flat=True))  # type: ignore[union-attr]
    return kept


def handler_memberships(organization: Organization, kept: set[int]) -> list[Membership]:
    """Supervisors then admins who may handle it, fewest open concerns first."""
    open_counts = dict(
        Complaint.objects.for_org(organization)
        .open()
        .exclude(assigned_to=None)
        .values_list("assigned_to")
        .annotate(n=Count("id"))
        .values_list("assigned_to", "n")
    )
    members = list(
        Membership.objects.for_org(organization)
        .filter(role__in=OVERSIGHT_ROLES, is_active=True, user__is_active=True)
        .exclude(user_id__in=kept)
        .select_related("user")
    )
    return sorted(
        members,
        key=lambda m: (m.role != Role.SUPERVISOR, open_counts.get(m.user_id, 0), m.pk),
    )


def can_handle(membership: Membership, complaint: Complaint) -> bool:
    return (
        membership.role in OVERSIGHT_ROLES
        and Complaint.objects.for_org(membership.organization)
        .visible_to(membership.user)
        .filter(pk=complaint.pk)
        .exists()
    )


@dataclass(frozen=True)
class Submitted:
    complaint: Complaint
    receipt: str  # shown once, never stored
    has_handler: bool


def submit_complaint(
    organization: Organization,
    *,
    about: str,
    text: str,
    hoped_for: str = "",
    group: Any = None,
    meeting: Any = None,
    meeting_date: date | None = None,
    venue: Any = None,
    about_person: User | None = None,
    contact_name: str = "",
    contact_way: str = "",
    receipt: str = "",
) -> Submitted:
    """Store a new concern, route it, and tell the handler (never the subject).

    ``receipt`` is for the demo only (a code printed for people trying it out).
    """
    from circles.feedback.tasks import notify_complaint

    receipt = codes.normalise(receipt) or new_receipt()
    with transaction.atomic():
        complaint = Complaint.objects.create(
            organization=organization,
            receipt_hash=receipt_hash(receipt),
            about=about,
            group=group,
            meeting=meeting,
            meeting_date=meeting_date,
            venue=venue,
            about_person=about_person,
            text=text.strip(),
            hoped_for=hoped_for.strip(),
            contact_name=contact_name.strip(),
            contact_way=contact_way.strip(),
            received_on=today_for(organization),
        )
        kept = people_kept_from(complaint)
        if kept:
            complaint.kept_from.set(kept)
        handlers = handler_memberships(organization, kept)
        if handlers:
            complaint.assigned_to = handlers[0].user
            complaint.save(update_fields=["assigned_to"])
        audit(
            "complaint.received",
            organization=organization,
            obj=complaint,
            detail={"about": about},
            anonymous=True,
        )
        transaction.on_commit(partial(notify_complaint.enqueue, complaint.pk, "new"))
    return Submitted(complaint, receipt, bool(handlers))


def read_by_staff(complaint: Complaint, actor: User) -> None:
    audit("complaint.read", actor=actor, organization=complaint.organization, obj=complaint)


def read_by_complainant(complaint: Complaint) -> None:
    audit(
        "complaint.read_by_complainant",
        organization=complaint.organization,
        obj=complaint,
        anonymous=True,
    )


def reply(complaint: Complaint, actor: User, text: str, internal: bool = False) -> ComplaintMessage:
    """A reply the complainant will see, or an internal note for handlers only."""
    with transaction.atomic():
        today = today_for(complaint.organization)
        message = ComplaintMessage.objects.create(
            organization=complaint.organization,
            complaint=complaint,
            author=actor,
            is_internal=internal,
            text=text.strip(),
            sent_on=today,
        )
        fields = []
        if not internal and complaint.first_reply_on is None:
            complaint.first_reply_on = today
            fields.append("first_reply_on")
        if not internal and complaint.status == Complaint.Status.RECEIVED:
            complaint.status = Complaint.Status.LOOKING
            fields.append("status")
        if fields:
            complaint.save(update_fields=fields)
        audit(
            "complaint.note" if internal else "complaint.replied",
            actor=actor,
            organization=complaint.organization,
            obj=complaint,
        )
    return message


def set_status(complaint: Complaint, actor: User, status: str) -> Complaint:
    with transaction.atomic():
        before = complaint.status
        complaint.status = status
        complaint.resolved_on = (
            today_for(complaint.organization) if status == Complaint.Status.RESOLVED else None
        )
        complaint.save(update_fields=["status", "resolved_on"])
        audit(
            "complaint.status",
            actor=actor,
            organization=complaint.organization,
            obj=complaint,
            detail={"from": before, "to": status},
        )
    return complaint


def assign(complaint: Complaint, actor: User, handler: Membership) -> Complaint:
    """Pass it to another supervisor or admin who may see it."""
    from circles.feedback.tasks import notify_complaint

    if not can_handle(handler, complaint):
        raise ValueError("That person may not handle this concern.")
    with transaction.atomic():
        complaint.assigned_to = handler.user
        complaint.save(update_fields=["assigned_to"])
        audit(
            "complaint.assigned",
            actor=actor,
            organization=complaint.organization,
            obj=complaint,
            detail={"to": handler.user_id},
        )
        transaction.on_commit(partial(notify_complaint.enqueue, complaint.pk, "assigned"))
    return complaint


def add_from_complainant(complaint: Complaint, text: str) -> ComplaintMessage:
    """More words from the complainant; a resolved concern opens again."""
    from circles.feedback.tasks import notify_complaint

    with transaction.atomic():
        message = ComplaintMessage.objects.create(
            organization=complaint.organization,
            complaint=complaint,
            from_complainant=True,
            text=text.strip(),
            sent_on=today_for(complaint.organization),
        )
        if complaint.is_resolved:
            complaint.status = Complaint.Status.LOOKING
            complaint.resolved_on = None
            complaint.save(update_fields=["status", "resolved_on"])
        audit(
            "complaint.added_by_complainant",
            organization=complaint.organization,
            obj=complaint,
            anonymous=True,
        )
        transaction.on_commit(partial(notify_complaint.enqueue, complaint.pk, "more"))
    return message


def overdue_filter(
    organization: Organization,
    today: date | None = None,
    settings: FeedbackSettings | None = None,
) -> Q:
    """Concerns past the organisation's promise with no reply yet."""
    from datetime import timedelta

    settings = settings or FeedbackSettings.of(organization)
    today = today or today_for(organization)
    return (
        Q(first_reply_on__isnull=True)
        & ~Q(status=Complaint.Status.RESOLVED)
        & Q(received_on__lt=today - timedelta(days=settings.reply_within_days))
    )


def visible_complaints(membership: Membership) -> Any:
    """The concerns this supervisor or admin may see (callers check the role)."""
    return Complaint.objects.for_org(membership.organization).visible_to(membership.user)
