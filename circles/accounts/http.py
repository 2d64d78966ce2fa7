"""The request as Circles' middleware leaves it, for type checkers.

Views annotate ``request: CirclesRequest`` instead of sprinkling
``# type: ignore[attr-defined]`` over ``request.memberships`` and friends.
"""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    from circles.accounts.models import Membership, Organization, User


class CirclesRequest(HttpRequest):
    # Set by OrganizationMiddleware for every request (empty when signed out).
    memberships: "list[Membership]"
    # Set by @org_member on /o/<slug>/ views only.
    membership: "Membership"
    organization: "Organization"
    # Set by django-htmx's middleware.
    htmx: "HtmxDetails"
    user: "User | AnonymousUser"
