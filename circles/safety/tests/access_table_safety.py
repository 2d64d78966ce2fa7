"""Who may open the confidentiality and policy pages (see accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.safety.actions import publish_statement, save_duty_entry
from circles.safety.models import OnDutyEntry

EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}
STAFF = {"admin", "supervisor", "specialist"}
OVERSIGHT = {"admin", "supervisor"}
ADMINS = {"admin"}

ALLOWED: dict[str, set[str]] = {
    "safety_statement": EVERYONE,
    "safety_statement_acknowledge": EVERYONE,
    "safety_statement_edit": ADMINS,
    "safety_told_list": OVERSIGHT,
    "safety_tell": STAFF,
    "safety_about_me": EVERYONE,
    "safety_policy": STAFF,
    "safety_settings": ADMINS,
    "safety_duty": ADMINS,
    "safety_duty_add": ADMINS,
    "safety_duty_remove": ADMINS,
}
# The POST-only addresses answer a plain visit by going back to their page (302).
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    publish_statement(organization, "What you share stays private, with one limit.", None)
    entry = save_duty_entry(
        OnDutyEntry(organization=organization, user=people["supervisor"], position=1),
        people["admin"],
    )
    return {"user_id": people["participant"].pk, "entry_id": entry.pk}
