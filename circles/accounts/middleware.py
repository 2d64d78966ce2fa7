import time
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from circles.accounts.actions import record_refused_access
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership

Handler = Callable[[HttpRequest], HttpResponse]


def _memberships(request: HttpRequest) -> list[Membership]:
    if not request.user.is_authenticated:
        return []
    return list(Membership.objects.for_user(request.user).order_by("organization__name"))


class OrganizationMiddleware:
    """Load the person's memberships once per request; show times in the organisation's zone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = SimpleLazyObject(lambda: _memberships(request))  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(
        self, request: CirclesRequest, view: Any, args: Any, kwargs: dict[str, Any]
    ) -> None:
        slug = kwargs.get("org_slug")
        zone = None
        if slug and request.user.is_authenticated:
            for membership in request.memberships:
                if membership.organization.slug == slug:
                    zone = membership.organization.timezone
        if zone:
            timezone.activate(zoneinfo.ZoneInfo(zone))
        else:
            timezone.deactivate()


LAST_SEEN_EVERY_SECONDS = 60


class SessionLimitsMiddleware:
    """End a session after 12 hours in any case, and after a quiet spell.

    Staff (peer specialists, supervisors, admins) are signed out after their
    organisation's quiet-minutes setting; everyone else after a longer default.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: CirclesRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            started = session.setdefault("started_at", now)
            last_seen = session.get("last_seen", now)
            idle_limit = self.idle_minutes(request) * 60
            if now - started > settings.SESSION_ABSOLUTE_SECONDS or now - last_seen > idle_limit:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out to keep your information safe. Please sign in again."),
                )
                return redirect(settings.LOGIN_URL)
            # Writing the session is a database write; once a minute is precise enough
            # for a quiet time counted in minutes (at worst a minute early, never late).
            if "last_seen" not in session or now - last_seen >= LAST_SEEN_EVERY_SECONDS:
                session["last_seen"] = now
        return self.get_response(request)

    @staticmethod
    def idle_minutes(request: CirclesRequest) -> int:
        staff_limits = [
            m.organization.staff_idle_minutes for m in request.memberships if m.is_staff_role
        ]
        if staff_limits:
            return min(staff_limits)
        return settings.SESSION_IDLE_MINUTES_PARTICIPANT


class UserLanguageMiddleware:
    """Use the language a signed-in person chose, wherever they sign in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class RefusedAccessAuditMiddleware:
    """Every refused access (403) is counted; the first of the day per person and page kind
    (and every power of ten after it) leaves an audit event."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if isinstance(exception, PermissionDenied):
            membership = getattr(request, "membership", None)
            record_refused_access(request, membership.organization if membership else None)
