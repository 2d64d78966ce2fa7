"""Who may see and act on safety concerns and the confidentiality records.

Nobody sees a concern except who raised it, the people on the on-duty list,
anyone it was passed to, and admins. A concern someone may not see is
answered exactly like one that does not exist (404).
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from circles.accounts.models import Membership, Role, User
from circles.lib.forms import parse_id
from circles.meetings.access import get_meeting_for
from circles.meetings.models import Meeting
from circles.safety.duty import duty_list_ids
from circles.safety.models import ConcernQuerySet, OnDutyEntry, SafetyConcern, SafetySettings


def may_raise(membership: Membership) -> bool:
    """Any staff member may raise a concern."""
    return membership.is_staff_role


def is_on_duty_list(membership: Membership) -> bool:
    return membership.user_id in duty_list_ids(membership.organization)


def sees_all_concerns(membership: Membership) -> bool:
    """Admins and everyone on the on-duty list. Kept on the membership for the request."""
    cached = getattr(membership, "_sees_all_concerns", None)
    if cached is None:
        cached = membership.is_admin or (membership.is_staff_role and is_on_duty_list(membership))
        membership._sees_all_concerns = cached  # type: ignore[attr-defined]
    return bool(cached)


def visible_concerns(membership: Membership) -> ConcernQuerySet:
    """The concerns this person may see, in their organisation only."""
    concerns = SafetyConcern.objects.for_org(membership.organization)
    if not membership.is_staff_role:
        return concerns.none()
    if sees_all_concerns(membership):
        return concerns
    return concerns.filter(
        Q(raised_by_id=membership.user_id) | Q(steps__told_id=membership.user_id)
    ).distinct()


def get_concern_for(membership: Membership, concern_id: int) -> SafetyConcern:
    if not membership.is_staff_role:
        raise PermissionDenied("Only staff see safety concerns.")
    try:
        return (
            visible_concerns(membership)
            .select_related(
                "organization",
                "about_user",
                "meeting__group",
                "raised_by",
                "acknowledged_by",
                "closed_by",
            )
            .get(pk=concern_id)
        )
    except SafetyConcern.DoesNotExist as exc:
        raise Http404("No such concern here.") from exc


def may_respond(membership: Membership, concern: SafetyConcern) -> bool:
    """Acknowledge, follow up and close: whoever was told, the on-duty list and admins.

    Not the person who raised it: the duty is to tell someone else.
    """
    if concern.raised_by_id == membership.user_id:
        return False
    if sees_all_concerns(membership):
        return True
    return concern.steps.filter(told_id=membership.user_id).exists()


def get_concern_to_respond_for(membership: Membership, concern_id: int) -> SafetyConcern:
    concern = get_concern_for(membership, concern_id)
    if not may_respond(membership, concern):
        raise PermissionDenied("Someone else on duty acknowledges and follows up on this concern.")
    return concern


def may_follow_up(membership: Membership, concern: SafetyConcern) -> bool:
    """Those who respond, and the person who raised it (what they did next)."""
    return concern.raised_by_id == membership.user_id or may_respond(membership, concern)


def get_concern_to_follow_up_for(membership: Membership, concern_id: int) -> SafetyConcern:
    concern = get_concern_for(membership, concern_id)
    if not may_follow_up(membership, concern):
        raise PermissionDenied("Only the people looking after this concern add to it.")
    return concern


# What a new concern may name: anything else is quietly left out.


def person_for_concern(membership: Membership, raw_id: Any) -> User | None:
    """A member of this organisation named in ``?about=``, or None."""
    user_id = parse_id(raw_id) if raw_id not in (None, "") else None
    if user_id is None:
        return None
    found = (
        Membership.objects.for_org(membership.organization)
        .active()
        .filter(user_id=user_id)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def meeting_for_concern(membership: Membership, raw_id: Any) -> Meeting | None:
    """A meeting of this organisation this person may see, named in ``?meeting=``, or None."""
    meeting_id = parse_id(raw_id) if raw_id not in (None, "") else None
    if meeting_id is None:
        return None
    try:
        meeting, _runs = get_meeting_for(membership, meeting_id)
    except (Http404, PermissionDenied):
        return None
    return meeting


# The person a concern is about


def person_sees_own_concerns(membership: Membership) -> bool:
    return SafetySettings.of(membership.organization).person_sees_concern


def concerns_about_me(membership: Membership) -> ConcernQuerySet:
    if not person_sees_own_concerns(membership):
        return SafetyConcern.objects.none()
    return SafetyConcern.objects.for_org(membership.organization).filter(
        about_user_id=membership.user_id
    )


# Settings, the statement and the on-duty list: admins


def require_admin(membership: Membership) -> None:
    if not membership.is_admin:
        raise PermissionDenied("Only admins change this.")


# Telling people about confidentiality: staff, for the members they support.


def people_to_tell(membership: Membership) -> list[Membership]:
    """Participants of this organisation (the people staff tell), for staff only."""
    if not membership.is_staff_role:
        raise PermissionDenied("Only staff record who has been told.")
    return list(
        Membership.objects.for_org(membership.organization)
        .active()
        .filter(role=Role.PARTICIPANT)
        .select_related("user")
    )


def get_person_to_tell_for(membership: Membership, user_id: int) -> Membership:
    """A participant here whom a staff member may record as told; 404 otherwise."""
    if not membership.is_staff_role:
        raise PermissionDenied("Only staff record who has been told.")
    found = (
        Membership.objects.for_org(membership.organization)
        .active()
        .filter(user_id=user_id, role=Role.PARTICIPANT)
        .select_related("user")
        .first()
    )
    if found is None:
        raise Http404("No such person here.")
    return found


def get_duty_entry_for(membership: Membership, entry_id: int) -> OnDutyEntry:
    require_admin(membership)
    try:
        return (
            OnDutyEntry.objects.for_org(membership.organization)
            .select_related("organization", "user")
            .get(pk=entry_id)
        )
    except OnDutyEntry.DoesNotExist as exc:
        raise Http404("No such entry here.") from exc
