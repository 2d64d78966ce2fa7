"""Who may see which feedback and concerns: 404 outside the organisation, 403 for the wrong role.

A concern someone may not see (another organisation's, or one about them, their
group or a meeting they led) is answered exactly like one that does not exist,
so the person it is about cannot even learn that it is there.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from circles.accounts.models import Membership, Role
from circles.feedback.complaints import visible_complaints
from circles.feedback.models import Complaint, FeedbackPrompt
from circles.feedback.sheet import window_state
from circles.groups.models import SupportGroup
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


# Results: supervisors and admins see every group; a peer specialist sees the groups
# they facilitate; nobody else sees any.


def groups_shown(
    membership: Membership, facilitator_id: int | None = None
) -> QuerySet[SupportGroup]:
    """The groups this person's results pages show; a facilitator narrows it for supervisors.

    A query, not a list, so that pages and the API can take one page of it.
    """
    groups = SupportGroup.objects.for_org(membership.organization).order_by("name", "pk")
    if not membership.has_oversight:
        # A specialist always sees exactly their own groups, whatever they ask for.
        return groups.facilitated_by(membership.user_id)
    if facilitator_id is not None:
        groups = groups.facilitated_by(facilitator_id)
    return groups


def get_results_group_for(membership: Membership, group_id: int) -> SupportGroup:
    """A group whose results this person may read: 404 elsewhere, 403 for the wrong role."""
    try:
        group = (
            SupportGroup.objects.for_org(membership.organization)
            .prefetch_related("facilitators")
            .get(pk=group_id)
        )
    except SupportGroup.DoesNotExist as exc:
        raise Http404("No such group here.") from exc
    if membership.has_oversight:
        return group
    if membership.role == Role.SPECIALIST and group.is_facilitator(membership.user):
        return group
    raise PermissionDenied("Only the group's facilitators, supervisors and admins see this.")


def get_prompt_for(membership: Membership, prompt_id: int) -> FeedbackPrompt:
    """An invitation to reflect about a group whose results this person may read."""
    try:
        prompt = (
            FeedbackPrompt.objects.for_org(membership.organization)
            .select_related("organization")
            .get(pk=prompt_id)
        )
    except FeedbackPrompt.DoesNotExist as exc:
        raise Http404("No such prompt here.") from exc
    get_results_group_for(membership, prompt.group_id)
    return prompt
