"""The anonymous complaint procedure: receipt codes and routing (reads only).

Who may read a complaint: the organisation's supervisors and admins, except
anyone it is about. "About" means the person named (or, when someone chose a
role rather than a name, everyone in that role), and for a complaint about a
group or a meeting, the group's facilitators and the meeting's leader. Those
people are kept from it for good (Complaint.kept_from) and also by the query
(ComplaintQuerySet.visible_to). If the only supervisor is kept from it, it goes
to the admins.

The changes (raising, replying, passing on) are in circles.feedback.actions.
"""

import hashlib
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from circles.accounts.models import OVERSIGHT_ROLES, Membership, Organization, Role
from circles.feedback.models import Complaint, FeedbackSettings
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
    """Today's date where the organisation is: the only date anonymous things carry."""
    return timezone.localtime(timezone.now(), ZoneInfo(organization.timezone)).date()


# Who it is about, who handles it


def people_kept_from(complaint: Complaint) -> set[int]:
    """Everyone the complaint is about (computed from what it names)."""
    kept: set[int] = set()
    if complaint.about_person_id:
        kept.add(complaint.about_person_id)
    if complaint.about_role:
        kept.update(
            Membership.objects.for_org(complaint.organization)
            .filter(role=complaint.about_role, is_active=True)
            .values_list("user_id", flat=True)
        )
    if complaint.group is not None:
        kept.update(complaint.group.facilitators.values_list("pk", flat=True))
    meeting = complaint.meeting
    if meeting is not None:
        if meeting.leader_id:
            kept.add(meeting.leader_id)
        # The meeting's own group, even if the caller named no group.
        kept.update(meeting.group.facilitators.values_list("pk", flat=True))
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


def overdue_filter(
    organization: Organization,
    today: date | None = None,
    settings: FeedbackSettings | None = None,
) -> Q:
    """Concerns past the organisation's promise with no reply yet."""
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
