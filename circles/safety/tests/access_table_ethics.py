"""Who may open the code of ethics pages (see circles/accounts/tests/test_access.py).

The specialist declared the relationship and planned the time away; only they may end
either. Every staff member signs the code; supervisors and admins see the team.
"""

import datetime
from typing import Any

from django.utils import timezone

from circles.accounts.models import Organization
from circles.safety.ethics.models import DualRelationship, StepBack

STAFF = {"admin", "supervisor", "specialist"}
OVERSIGHT = {"admin", "supervisor"}

ALLOWED: dict[str, set[str]] = {
    "ethics_mine": STAFF,
    "ethics_code": STAFF,
    "ethics_code_publish": {"admin"},
    "ethics_relationship_new": STAFF,
    "ethics_relationship_end": {"specialist"},
    "ethics_gift_new": STAFF,
    "ethics_step_back_new": STAFF,
    "ethics_step_back_end": {"specialist"},
    "ethics_team": OVERSIGHT,
    "ethics_team_boundaries": OVERSIGHT,
}
POST_ONLY: set[str] = {"ethics_relationship_end", "ethics_step_back_end"}


def make_objects(organization: Organization, people: dict[str, Any]) -> dict[str, int]:
    relationship = DualRelationship.objects.create(
        organization=organization, worker=people["specialist"], person=people["participant"]
    )
    today = timezone.localdate()
    away = StepBack.objects.create(
        organization=organization,
        worker=people["specialist"],
        cover=people["supervisor"],
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=40),
    )
    return {"relationship_id": relationship.pk, "step_back_id": away.pk}
