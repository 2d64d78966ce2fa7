from typing import Any

from django.conf import settings
from django.http import HttpRequest

from circles.home.crisis import national_lines


def circles(request: HttpRequest) -> dict[str, Any]:
    memberships = getattr(request, "memberships", [])
    current = getattr(request, "membership", None)
    return {
        "site_name": settings.SITE_NAME,
        "always_crisis_lines": national_lines(),
        "memberships": memberships,
        "current_membership": current,
        "current_org": current.organization if current else None,
        "is_demo": settings.DEMO,
    }
