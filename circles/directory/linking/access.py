"""Who may see and do what with resources, reports, saved lists and referrals.

Each helper returns the object a view may work on, or raises Http404 (not
here, or not for you to know about) or PermissionDenied (here, but your role
may not). Everything is looked up inside one organisation first.

- A resource page is for anyone when its directory is published, and for the
  directory owner's members otherwise.
- Staff (specialists, supervisors, admins) keep their own directory fresh.
- A referral is seen by the person it is for and by the person who made it:
  it says something about someone's life, so other staff see only counts
  (403 for other members, 404 outside the organisation).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership, Role
from circles.directory.linking.models import OutOfDateReport, Referral, SavedResource
from circles.directory.linking.search import visible_services
from circles.directory.models import Service, ServiceStatus
from circles.lib.forms import parse_id

# People a referral or a saved list can be for.
REFERRABLE_ROLES = frozenset({Role.PARTICIPANT})


def own_org_ids(request: CirclesRequest) -> frozenset[int]:
    """Organisations whose unpublished directory this person may search: where they are staff."""
    if not request.user.is_authenticated:
        return frozenset()
    return frozenset(m.organization_id for m in request.memberships if m.is_staff_role)


def member_org_ids(request: CirclesRequest) -> frozenset[int]:
    if not request.user.is_authenticated:
        return frozenset()
    return frozenset(m.organization_id for m in request.memberships)


def get_public_service(request: CirclesRequest, service_id: int) -> Service:
    """A service anyone may read: published, or in a directory of the reader's own organisation."""
    if parse_id(service_id) is None:
        raise Http404("No such resource.")
    try:
        return (
            visible_services(member_org_ids(request))
            .select_related("organization", "owner", "last_checked_by")
            .get(pk=service_id)
        )
    except Service.DoesNotExist as exc:
        raise Http404("No such resource.") from exc


def get_reportable_service(service_id: int) -> Service:
    """A published service the public may say is out of date."""
    if parse_id(service_id) is None:
        raise Http404("No such resource.")
    try:
        return visible_services().get(pk=service_id)
    except Service.DoesNotExist as exc:
        raise Http404("No such resource.") from exc


def require_staff(membership: Membership) -> None:
    if not membership.is_staff_role:
        raise PermissionDenied("Only staff keep the directory up to date.")


def get_own_service_for(membership: Membership, service_id: int) -> Service:
    """A service of this organisation's own directory, for staff to check or correct."""
    require_staff(membership)
    try:
        return (
            Service.objects.for_owner(membership.organization)
            .exclude(status=ServiceStatus.DEFUNCT)
            .select_related("organization", "last_checked_by")
            .get(pk=service_id)
        )
    except Service.DoesNotExist as exc:
        raise Http404("No such resource here.") from exc


def get_report_for(membership: Membership, report_id: int) -> OutOfDateReport:
    require_staff(membership)
    try:
        return OutOfDateReport.objects.for_org(membership.organization).get(pk=report_id)
    except OutOfDateReport.DoesNotExist as exc:
        raise Http404("No such report here.") from exc


def get_linkable_service_for(membership: Membership, service_id: int) -> Service:
    """A service a person of this organisation may be linked to: their own or a published one."""
    try:
        return visible_services({membership.organization_id}).get(pk=service_id)
    except Service.DoesNotExist as exc:
        raise Http404("No such resource.") from exc


def may_link_others(membership: Membership) -> bool:
    return membership.is_staff_role


def people_to_link(membership: Membership) -> list[Membership]:
    """Whom a staff member may save a resource for or refer: the organisation's peers."""
    if not may_link_others(membership):
        return []
    return list(
        Membership.objects.for_org(membership.organization)
        .active()
        .filter(role__in=REFERRABLE_ROLES)
        .with_people()
        .order_by("user__preferred_name", "user__email")
    )


def get_referral_for(membership: Membership, referral_id: int) -> tuple[Referral, bool]:
    """A referral for this person or made by them, and whether they made it."""
    try:
        referral = (
            Referral.objects.for_org(membership.organization).with_service().get(pk=referral_id)
        )
    except Referral.DoesNotExist as exc:
        raise Http404("No such referral here.") from exc
    if referral.made_by_id == membership.user_id and membership.is_staff_role:
        return referral, True
    if referral.person_id == membership.user_id:
        return referral, False
    raise PermissionDenied("A referral is for the person it is for and the person who made it.")


def get_made_referral_for(membership: Membership, referral_id: int) -> Referral:
    """A referral this staff member made: only they move it along."""
    referral, made = get_referral_for(membership, referral_id)
    if not made:
        raise PermissionDenied("Only the person who made the referral records what happened.")
    return referral


def get_own_referral_for(membership: Membership, referral_id: int) -> Referral:
    """A referral for this person: only they say how it went or ask to be accompanied."""
    referral, _made = get_referral_for(membership, referral_id)
    if referral.person_id != membership.user_id:
        raise PermissionDenied("Only the person the referral is for can say this.")
    return referral


def get_saved_for(membership: Membership, saved_id: int) -> SavedResource:
    """An item on this person's own list, or one this staff member saved for someone."""
    try:
        saved = SavedResource.objects.for_org(membership.organization).get(pk=saved_id)
    except SavedResource.DoesNotExist as exc:
        raise Http404("No such saved resource here.") from exc
    if saved.person_id == membership.user_id:
        return saved
    if membership.is_staff_role and saved.saved_by_id == membership.user_id:
        return saved
    raise PermissionDenied("A saved list is the person's own.")


def require_oversight(membership: Membership) -> None:
    if not membership.has_oversight:
        raise PermissionDenied("Referral outcomes are for supervisors and admins.")


def require_admin(membership: Membership) -> None:
    if not membership.is_admin:
        raise PermissionDenied("Only admins change directory settings.")
