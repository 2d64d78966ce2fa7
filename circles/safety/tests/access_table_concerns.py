"""Who may open the safety concern pages (see accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.safety.actions import raise_concern

STAFF = {"admin", "supervisor", "specialist"}
# Supervisors are the on-duty list by default; admins see every concern.
RESPONDERS = {"admin", "supervisor"}

ALLOWED: dict[str, set[str]] = {
    "safety_concern_new": STAFF,
    # Raised by the specialist, so they follow it; the on-duty list and admins see it too.
    "safety_concern": STAFF,
    "safety_concern_acknowledge": RESPONDERS,
    "safety_concern_close": RESPONDERS,
    # The person who raised it adds what they did next, and keeps the person's wishes current.
    "safety_concern_follow_up": STAFF,
    "safety_concern_wishes": STAFF,
    "safety_concerns": STAFF,
}
# The actions answer a plain visit by going back to the concern (302), so the
# ladder walks them by GET; their POSTs are walked in test_concern_views.py.
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    concern = raise_concern(
        organization=organization,
        raised_by=people["specialist"],
        kind="self",
        what_happened="They said they have a plan to end their life tonight.",
        about_user=people["participant"],
    )
    return {"concern_id": concern.pk}
