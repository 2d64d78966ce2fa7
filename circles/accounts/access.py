"""Access helpers: the only way a view reaches an organisation or what it owns.

Outsiders get 404 (we do not even confirm the thing exists); members whose
role may not do something get 403, which is audited.
"""

import functools
from collections.abc import Callable, Iterable
from typing import Any, cast

from allauth.mfa.models import Authenticator
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from ninja.errors import HttpError

from circles.accounts.actions import record_refused_access
from circles.accounts.http import CirclesRequest
from circles.accounts.models import CrisisLine, Invitation, Membership


def get_membership(request: HttpRequest, org_slug: str) -> Membership:
    """The signed-in person's active membership in the organisation, or 404."""
    for membership in cast(CirclesRequest, request).memberships:
        if membership.organization.slug == org_slug:
            # The same person as request.user: spares a query wherever membership.user is read.
            membership.user = request.user  # type: ignore[assignment]
            return membership
    raise Http404("No such organisation for you.")


def needs_mfa_setup(request: HttpRequest, membership: Membership) -> bool:
    if not (membership.is_staff_role and membership.organization.require_staff_mfa):
        return False
    return not Authenticator.objects.filter(
        user=request.user, type=Authenticator.Type.TOTP
    ).exists()


class TwoStepSetupRequired(PermissionDenied):
    """Staff of an organisation that requires two-step sign-in have not set it up."""


def check_member_may(
    request: HttpRequest, membership: Membership, roles: Iterable[str] | None = None
) -> None:
    """The rules every door applies once the membership is found, pages and API alike.

    Raises TwoStepSetupRequired for staff who must set up two-step sign-in
    first, and PermissionDenied for a role outside ``roles``.
    """
    if needs_mfa_setup(request, membership):
        raise TwoStepSetupRequired("Set up two-step sign-in first.")
    if roles is not None and membership.role not in roles:
        raise PermissionDenied("Your role here does not include this.")


def org_member(roles: Iterable[str] | None = None) -> Callable[..., Any]:
    """Decorate an /o/<org_slug>/ view: sign-in, membership, role and two-step checks.

    The view receives the membership in place of the slug.
    """
    allowed = frozenset(roles) if roles is not None else None

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapper(request: CirclesRequest, org_slug: str, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            membership = get_membership(request, org_slug)
            request.membership = membership
            request.organization = membership.organization
            # Assigning marks the session changed (a database write): only when it did.
            if request.session.get("current_org") != org_slug:
                request.session["current_org"] = org_slug
            try:
                check_member_may(request, membership, allowed)
            except TwoStepSetupRequired:
                return redirect("two_factor_required", org_slug=org_slug)
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorator


def api_member(request: HttpRequest, org_slug: str, roles: Iterable[str]) -> Membership:
    """The API's door to an organisation: the pages' rules, answered in JSON.

    404 for outsiders, 403 for staff who still have to set up a required
    two-step sign-in, and 403 (audited, as the pages' refusals are) for a role
    outside ``roles``. Sign-in itself is the API's authentication (401).
    """
    try:
        membership = get_membership(request, org_slug)
    except Http404 as exc:
        raise HttpError(404, "Not found.") from exc
    try:
        check_member_may(request, membership, frozenset(roles))
    except TwoStepSetupRequired as exc:
        raise HttpError(
            403, "Your organisation asks staff to set up two-step sign-in first."
        ) from exc
    except PermissionDenied as exc:
        record_refused_access(request, membership.organization)
        raise HttpError(403, "Your role here does not include this.") from exc
    return membership


def get_member_for(membership: Membership, membership_id: int) -> Membership:
    """Another membership in the same organisation (admins only), or 404."""
    if not membership.is_admin:
        raise PermissionDenied("Only admins manage memberships.")
    try:
        return (
            Membership.objects.for_org(membership.organization)
            .select_related("user", "organization")
            .get(pk=membership_id)
        )
    except Membership.DoesNotExist as exc:
        raise Http404("No such member here.") from exc


def get_invitation_for(membership: Membership, invitation_id: int) -> Invitation:
    if not membership.is_admin:
        raise PermissionDenied("Only admins manage invitations.")
    try:
        return Invitation.objects.for_org(membership.organization).get(pk=invitation_id)
    except Invitation.DoesNotExist as exc:
        raise Http404("No such invitation here.") from exc


def get_crisis_line_for(membership: Membership, line_id: int) -> CrisisLine:
    """One of the organisation's own crisis lines (admins only), or 404."""
    if not membership.is_admin:
        raise PermissionDenied("Only admins change the crisis lines.")
    try:
        return CrisisLine.objects.for_org(membership.organization).get(pk=line_id)
    except CrisisLine.DoesNotExist as exc:
        raise Http404("No such crisis line here.") from exc
