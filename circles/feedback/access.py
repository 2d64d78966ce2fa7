"""Access helper for concerns: 403 for roles that never handle them, 404 for the rest.

A concern someone may not see (another organisation's, or one about them, their
group or a meeting they led) is answered exactly like one that does not exist,
so the person it is about cannot even learn that it is there.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from circles.accounts.models import Membership, Role
from circles.feedback.complaints import visible_complaints
from circles.feedback.models import Complaint
from circles.feedback.sheet import window_state
from circles.meetings.access import get_meeting_for, is_member
from circles.meetings.models import Meeting


def get_complaint_for(membership: Membership, complaint_id: int) -> Complaint:
    if not membership.has_oversight:
        raise PermissionDenied("Only supervisors and admins look after concerns.")
    try:
        return (
            visible_complaints(membership)
            .select_related("organization", "group", "meeting__group", "venue", "about_person")
            .select_related("assigned_to")
            .get(pk=complaint_id)
        )
    except Complaint.DoesNotExist as exc:
        raise Http404("No such concern here.") from exc


# The feedback link of a meeting, and who is offered the sheet -------------------------


def may_share_link(membership: Membership, runs: bool) -> bool:
    """Those running the meeting, supervisors and admins show or print its feedback link."""
    return runs or membership.has_oversight


def get_link_meeting_for(membership: Membership, meeting_id: int) -> Meeting:
    """A meeting whose feedback link this person may show."""
    meeting, runs = get_meeting_for(membership, meeting_id)
    if not may_share_link(membership, runs):
        raise PermissionDenied("Only the people running this meeting share its feedback link.")
    return meeting


def member_may_answer(meeting: Meeting, now: datetime | None = None) -> bool:
    """A member is offered the sheet once the meeting has begun, while the link is open."""
    now = now or timezone.now()
    return window_state(meeting, now) == "open" and now >= meeting.starts_at


def offers_sheet_to(membership: Membership, meeting: Meeting, runs: bool) -> bool:
    """Whether the meeting page offers this person the anonymous sheet.

    Participants of the group who were there, while its link is open; the people
    running it share the link with the room instead.
    """
    return (
        not runs
        and membership.role == Role.PARTICIPANT
        and member_may_answer(meeting)
        and is_member(meeting, membership.user_id)
    )
