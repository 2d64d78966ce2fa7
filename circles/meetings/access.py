"""Access helpers for meetings: 404 outside the organisation, 403 for the wrong role."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership, Role
from circles.groups.models import GroupMembership
from circles.meetings.models import Meeting, ObserverAssignment


def get_meeting_for(membership: Membership, meeting_id: int) -> tuple[Meeting, bool]:
    """A meeting of this organisation, and whether this person runs it.

    Facilitators of the group, the meeting's leader and admins run it. Other
    staff may look; members of the group and observers assigned to it may look
    (pages then show them only what is theirs).
    """
    try:
        meeting = (
            Meeting.objects.for_org(membership.organization)
            .with_group()
            .prefetch_related("group__facilitators")
            .get(pk=meeting_id)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404("No such meeting here.") from exc
    user_id = membership.user_id
    runs = (
        membership.role == Role.ADMIN
        or meeting.leader_id == user_id
        or meeting.group.is_facilitator(membership.user)
    )
    if runs or membership.is_staff_role:
        return meeting, runs
    if is_member(meeting, user_id) or is_observer(meeting, user_id):
        return meeting, False
    raise PermissionDenied("Only the group's members, its observers and staff see this meeting.")


def get_run_meeting_for(membership: Membership, meeting_id: int) -> Meeting:
    meeting, runs = get_meeting_for(membership, meeting_id)
    if not runs:
        raise PermissionDenied("Only the people running this meeting can do this.")
    return meeting


def is_member(meeting: Meeting, user_id: int) -> bool:
    return (
        GroupMembership.objects.for_org(meeting.organization)
        .current()
        .filter(group_id=meeting.group_id, user_id=user_id)
        .exists()
    )


def is_observer(meeting: Meeting, user_id: int) -> bool:
    return ObserverAssignment.objects.filter(meeting=meeting, observer_id=user_id).exists()


def sees_private_notes(membership: Membership, runs: bool) -> bool:
    """Debriefs and attendance lists: the people running it, supervisors and admins."""
    return runs or membership.has_oversight
