"""Who may open the directory settings (see accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization

ALLOWED: dict[str, set[str]] = {"directory_settings": {"admin"}}
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    return {}
