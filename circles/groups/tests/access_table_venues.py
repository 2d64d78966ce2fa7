"""Who may open the venue pages (see circles/accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.testing.fixtures import make_venue

STAFF = {"admin", "supervisor", "specialist"}

ALLOWED: dict[str, set[str]] = {
    "venue_list": STAFF,
    "venue_create": {"admin"},
    "venue_edit": {"admin"},
}
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    venue = make_venue(organization, name="Access-table room", availability=["tue-evening"])
    return {"venue_id": venue.pk}
