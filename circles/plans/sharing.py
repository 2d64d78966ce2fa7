"""What other areas may read of a plan, and only with the person's consent.

The safety area shows a person's wellness and crisis plan on a concern about them
when, and only while, the person shared it with their organisation's staff for
safety. Whoever reads it must record the reading with
``circles.plans.actions.record_plan_read`` so the person sees it on their plan.
"""

from typing import Any

from circles.accounts.models import Organization
from circles.plans.models import PlanShare, WellnessPlan


def wellness_plan_for_safety(organization: Organization, user: Any) -> WellnessPlan | None:
    """The person's wellness plan if they share it with staff for safety; None otherwise.

    Withdrawing the share takes effect on the very next call.
    """
    user_id = getattr(user, "pk", user)
    shared = (
        PlanShare.objects.for_org(organization)
        .active()
        .filter(for_safety=True, part=PlanShare.Part.WELLNESS, plan__owner_id=user_id)
        .exists()
    )
    if not shared:
        return None
    return (
        WellnessPlan.objects.for_org(organization)
        .filter(plan__owner_id=user_id)
        .select_related("plan", "plan__owner")
        .first()
    )
