"""Access helpers for groups and venues: 404 outside the organisation, 403 for the wrong role."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership
from circles.groups.models import GroupMembership, SupportGroup, Venue


def can_plan_groups(membership: Membership) -> bool:
    return membership.can_plan_groups


def is_group_member(membership: Membership, group: SupportGroup) -> bool:
    """A current member of the group (not someone still asking to join)."""
    return (
        GroupMembership.objects.for_org(membership.organization)
        .current()
        .filter(group=group, user_id=membership.user_id)
        .exists()
    )


def get_public_group(group_id: int) -> SupportGroup:
    """A group anyone may see on the public finder, or 404."""
    try:
        return SupportGroup.objects.public().public_details().get(pk=group_id)
    except SupportGroup.DoesNotExist as exc:
        raise Http404("No such public group.") from exc


def get_group_for(membership: Membership, group_id: int) -> tuple[SupportGroup, bool]:
    """A group of this organisation, and whether this person may edit it.

    Staff may look at every group; participants and observers only at groups
    they belong to. Admins and the group's facilitators may edit.
    """
    try:
        group = (
            SupportGroup.objects.for_org(membership.organization).with_details().get(pk=group_id)
        )
    except SupportGroup.DoesNotExist as exc:
        raise Http404("No such group here.") from exc
    can_edit = membership.is_admin or group.is_facilitator(membership.user)
    if not membership.is_staff_role and not can_edit and not is_group_member(membership, group):
        raise PermissionDenied("Only the group's members and staff see this group.")
    return group, can_edit


def get_editable_group_for(membership: Membership, group_id: int) -> SupportGroup:
    group, can_edit = get_group_for(membership, group_id)
    if not can_edit:
        raise PermissionDenied("Only the group's facilitators and admins change it.")
    return group


def get_own_group_membership_for(membership: Membership, group_id: int) -> GroupMembership:
    """The person's own place in a group they belong to or are waiting to join, to leave it.

    Not ``get_group_for``: someone still waiting for an answer may take their request back.
    """
    group = SupportGroup.objects.for_org(membership.organization).filter(pk=group_id).first()
    if group is None:
        raise Http404("No such group here.")
    gm = (
        GroupMembership.objects.for_org(membership.organization)
        .filter(group=group, user_id=membership.user_id)
        .select_related("group")
        .first()
    )
    if gm is None or gm.status not in (
        GroupMembership.Status.MEMBER,
        GroupMembership.Status.REQUESTED,
    ):
        raise PermissionDenied("Only the group's members can leave it.")
    return gm


def get_join_request_for(
    membership: Membership, group_id: int, group_membership_id: int
) -> tuple[SupportGroup, GroupMembership]:
    """A request to join (or an answered one) in a group this person may change."""
    group = get_editable_group_for(membership, group_id)
    gm = (
        GroupMembership.objects.for_org(membership.organization)
        .filter(pk=group_membership_id, group=group)
        .select_related("user")
        .first()
    )
    if gm is None:
        raise Http404("No such request in this group.")
    return group, gm


@dataclass(frozen=True)
class AvailabilityAccess:
    group: SupportGroup
    # Members and facilitators say when they could come.
    may_answer: bool
    # Facilitators and admins add or remove people who are interested.
    can_edit: bool


def get_availability_for(
    membership: Membership, group_id: int, *, answering: bool = False, editing: bool = False
) -> AvailabilityAccess:
    """A group's "when could you come" page; staff and the group's members may look."""
    group, can_edit = get_group_for(membership, group_id)
    may_answer = group.is_facilitator(membership.user) or is_group_member(membership, group)
    if answering and not may_answer:
        raise PermissionDenied("Only the group's members and facilitators fill this in.")
    if editing and not can_edit:
        raise PermissionDenied("Only the group's facilitators and admins add people here.")
    return AvailabilityAccess(group, may_answer, can_edit)


def get_assistant_group_for(membership: Membership, group_id: int) -> tuple[SupportGroup, bool]:
    """The planning assistant: the group's facilitators, admins and supervisors."""
    group, can_edit = get_group_for(membership, group_id)
    if not (can_edit or membership.has_oversight):
        raise PermissionDenied("The suggestions are for the group's facilitators.")
    return group, can_edit


def get_venue_for(membership: Membership, venue_id: int) -> Venue:
    if not membership.is_staff_role:
        raise PermissionDenied("Venues are for staff.")
    try:
        return Venue.objects.for_org(membership.organization).get(pk=venue_id)
    except Venue.DoesNotExist as exc:
        raise Http404("No such venue here.") from exc
