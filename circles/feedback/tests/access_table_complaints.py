"""Who may open the pages for looking after concerns (see accounts/tests/test_access.py)."""

from typing import Any

from circles.accounts.models import Organization
from circles.feedback.actions import submit_complaint

HANDLERS = {"admin", "supervisor"}

ALLOWED: dict[str, set[str]] = {
    "complaint_list": HANDLERS,
    "complaint_detail": HANDLERS,
    "complaint_reply": HANDLERS,
    "complaint_note": HANDLERS,
    "complaint_status": HANDLERS,
    "complaint_assign": HANDLERS,
}
# The actions answer a plain visit by going back to the concern (302), so the
# ladder walks them by GET; their POSTs are walked in test_complaint_staff_access.py.
POST_ONLY: set[str] = set()


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    # About the organisation as a whole, so every supervisor and admin may see it.
    submitted = submit_complaint(
        organization, about="organization", text="The waiting room is always cold."
    )
    return {"complaint_id": submitted.complaint.pk}
