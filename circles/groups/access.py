"""Access helpers for groups and venues: 404 outside the organisation, 403 for the wrong role."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.models import Membership, Role
from circles.groups.models import GroupMembership, SupportGroup, Venue


def can_plan_groups(membership: Membership) -> bool:
    return membership.can_plan_groups


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
    is_facilitator = any(f.pk == membership.user_id for f in group.facilitators.all())
    can_edit = membership.role == Role.ADMIN or is_facilitator
    if not membership.is_staff_role and not can_edit:
        belongs = (
            GroupMembership.objects.for_org(membership.organization)
            .current()
            .filter(group=group, user_id=membership.user_id)
            .exists()
        )
        if not belongs:
            raise PermissionDenied("Only the group's members and staff see this group.")
    return group, can_edit


def get_editable_group_for(membership: Membership, group_id: int) -> SupportGroup:
    group, can_edit = get_group_for(membership, group_id)
    if not can_edit:
        raise PermissionDenied("Only the group's facilitators and admins change it.")
    return group


def get_venue_for(membership: Membership, venue_id: int) -> Venue:
    if not membership.is_staff_role:
        raise PermissionDenied("Venues are for staff.")
    try:
        return Venue.objects.for_org(membership.organization).get(pk=venue_id)
    except Venue.DoesNotExist as exc:
        raise Http404("No such venue here.") from exc
