"""Access helpers for meetings: 404 outside the organisation, 403 for the wrong role.

Each returns the object a view may work on, or raises Http404/PermissionDenied.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from circles.accounts.models import Membership
from circles.groups.access import get_group_for
from circles.groups.models import GroupMembership, SupportGroup
from circles.meetings.models import AgendaTemplate, Meeting, ObserverAssignment, Poll

# An observer may change their report until the meeting is this old.
REPORT_EDITABLE_FOR = datetime.timedelta(days=7)


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
    runs = (
        membership.is_admin
        or meeting.leader_id == membership.user_id
        or meeting.group.is_facilitator(membership.user)
    )
    if runs or membership.is_staff_role:
        return meeting, runs
    if is_member(meeting, membership.user_id) or is_observer(meeting, membership.user_id):
        return meeting, False
    raise PermissionDenied("Only the group's members, its observers and staff see this meeting.")


def get_run_meeting_for(membership: Membership, meeting_id: int) -> Meeting:
    """A meeting this person runs (facilitator, leader or admin)."""
    meeting, runs = get_meeting_for(membership, meeting_id)
    if not runs:
        raise PermissionDenied("Only the people running this meeting can do this.")
    return meeting


def manages(membership: Membership, group: SupportGroup) -> bool:
    """Facilitators of the group and admins cancel, move, add and name leaders."""
    return membership.is_admin or group.is_facilitator(membership.user)


def get_managed_meeting_for(membership: Membership, meeting_id: int) -> Meeting:
    """A meeting whose time, status or leader this person may change."""
    meeting, _runs = get_meeting_for(membership, meeting_id)
    if not manages(membership, meeting.group):
        raise PermissionDenied("Only the group's facilitators and admins change its meetings.")
    return meeting


def sees_private_notes(membership: Membership, runs: bool) -> bool:
    """Debriefs and attendance lists: the people running it, supervisors and admins."""
    return runs or membership.has_oversight


def get_private_meeting_for(
    membership: Membership, meeting_id: int, *, writing: bool = False
) -> tuple[Meeting, bool]:
    """A meeting whose attendance, debrief and observers this person may read.

    With ``writing``, only the people running it: supervisors read but do not write.
    """
    meeting, runs = get_meeting_for(membership, meeting_id)
    if not sees_private_notes(membership, runs):
        raise PermissionDenied("Attendance, debriefs and observers are for the people running it.")
    if writing and not runs:
        raise PermissionDenied("Only the people running the meeting write this.")
    return meeting, runs


def get_observer_assignment_for(
    membership: Membership, meeting_id: int
) -> tuple[Meeting, ObserverAssignment]:
    """This person's own assignment to observe the meeting."""
    meeting, _runs = get_meeting_for(membership, meeting_id)
    assignment = (
        ObserverAssignment.objects.for_org(meeting.organization)
        .filter(meeting=meeting, observer_id=membership.user_id)
        .first()
    )
    if assignment is None:
        raise PermissionDenied("Only an observer asked to observe this meeting writes its report.")
    return meeting, assignment


def report_open_until(meeting: Meeting) -> datetime.datetime:
    """An observer may change their report until a week after the meeting."""
    return meeting.starts_at + REPORT_EDITABLE_FOR


def get_open_report_assignment_for(
    membership: Membership, meeting_id: int
) -> tuple[Meeting, ObserverAssignment]:
    """As ``get_observer_assignment_for``, while the report may still be changed."""
    meeting, assignment = get_observer_assignment_for(membership, meeting_id)
    if timezone.now() >= report_open_until(meeting):
        raise PermissionDenied("Reports can be changed for a week after the meeting.")
    return meeting, assignment


def get_own_group_membership_for(membership: Membership, group_id: int) -> GroupMembership:
    """This person's membership of a group that takes turns leading its meetings."""
    group, _can_edit = get_group_for(membership, group_id)
    mine = (
        GroupMembership.objects.for_org(membership.organization)
        .current()
        .filter(group=group, user_id=membership.user_id)
        .select_related("group")
        .first()
    )
    if mine is None or not group.rotate_leader:
        raise PermissionDenied("Only members of a group that shares leading can offer.")
    return mine


def get_agenda_template_for(membership: Membership, template_id: int) -> AgendaTemplate:
    """An agenda template of this organisation (the view is for admins only)."""
    try:
        return AgendaTemplate.objects.for_org(membership.organization).get(pk=template_id)
    except AgendaTemplate.DoesNotExist as exc:
        raise Http404("No such agenda template here.") from exc


def get_poll_for(membership: Membership, poll_id: int) -> Poll:
    """A poll its creator, admins and the people running its meeting may run."""
    try:
        poll = (
            Poll.objects.for_org(membership.organization)
            .select_related("organization")
            .get(pk=poll_id)
        )
    except Poll.DoesNotExist as exc:
        raise Http404("No such poll here.") from exc
    if membership.is_admin or poll.created_by_id == membership.user_id:
        return poll
    if poll.meeting_id is not None:
        _meeting, runs = get_meeting_for(membership, poll.meeting_id)
        if runs:
            return poll
    raise PermissionDenied("Only the person who opened this poll and admins see its results.")


def is_member(meeting: Meeting, user_id: int) -> bool:
    """Whether the person is a current member of the meeting's group (asked once per meeting)."""
    known: dict[int, bool] = meeting.__dict__.setdefault("_members_known", {})
    if user_id not in known:
        known[user_id] = (
            GroupMembership.objects.for_org(meeting.organization)
            .current()
            .filter(group_id=meeting.group_id, user_id=user_id)
            .exists()
        )
    return known[user_id]


def is_observer(meeting: Meeting, user_id: int) -> bool:
    return ObserverAssignment.objects.filter(meeting=meeting, observer_id=user_id).exists()


def may_see_group_meetings(membership: Membership, meeting: Meeting) -> bool:
    """Whether the meeting's group page and its meetings open for this person.

    The same rule as ``get_group_for``: staff, the group's facilitators and its
    members; an observer who is none of these sees only the meetings they observe.
    """
    return (
        membership.is_staff_role
        or meeting.group.is_facilitator(membership.user)
        or is_member(meeting, membership.user_id)
    )


def find_checkin_meeting_for(
    memberships: list[Membership], user_id: int, code: str
) -> Meeting | None:
    """The meeting with this check-in code if this person is in its group; else none.

    A code of another group or organisation answers exactly as a code that does
    not exist (and the caller counts it as a guess), so check-in cannot tell
    anyone which codes are real.
    """
    meeting = Meeting.objects.with_group().filter(checkin_code=code).first()
    if meeting is None:
        return None
    in_organization = any(m.organization_id == meeting.organization_id for m in memberships)
    in_group = (
        in_organization
        and GroupMembership.objects.for_org(meeting.organization)
        .current()
        .filter(group_id=meeting.group_id, user_id=user_id)
        .exists()
    )
    return meeting if in_group else None
