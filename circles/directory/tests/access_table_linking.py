"""Who may open the directory's pages under /o/ (see accounts/tests/test_access.py).

The actions (checked, dismiss, move, how it went, accompany, remove) answer a
plain visit by going back to their page (302), so the ladder walks them by
GET; their POSTs are walked in test_referrals.py and test_freshness.py.
"""

import uuid
from typing import Any

from circles.accounts.models import Organization
from circles.directory.linking.actions import (
    make_referral,
    report_out_of_date,
    save_for,
)
from circles.directory.tests.factories import make_service

STAFF = {"admin", "supervisor", "specialist"}
EVERYONE = {"admin", "supervisor", "specialist", "observer", "participant"}

ALLOWED: dict[str, set[str]] = {
    "directory_freshness": STAFF,
    "directory_service_checked": STAFF,
    "directory_service_edit": STAFF,
    "directory_report_dismiss": STAFF,
    "referral_list": EVERYONE,
    "referral_new": STAFF,
    "referral_outcomes": {"admin", "supervisor"},
    # A referral: the person it is for and the specialist who made it.
    "referral_detail": {"specialist", "participant"},
    "referral_move": {"specialist"},
    "referral_how_it_went": {"participant"},
    "referral_accompany": {"participant"},
    "saved_list": EVERYONE,
    "saved_add": EVERYONE,
    # Saved by the specialist to the participant's list.
    "saved_remove": {"specialist", "participant"},
}
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    service = make_service(organization, name=f"Food bank {uuid.uuid4().hex[:6]}")
    report = report_out_of_date(service, "The phone number has changed.")
    referral = make_referral(
        organization, people["specialist"], people["participant"].pk, service=service
    )
    saved = save_for(organization, people["participant"].pk, service, people["specialist"])
    return {
        "service_id": service.pk,
        "report_id": report.pk,
        "referral_id": referral.pk,
        "saved_id": saved.pk,
    }
