"""The code of ethics on staff home pages (home comes before safety, so it loads this tag)."""

from typing import Any

from django import template

from circles.safety.ethics import queries
from circles.safety.ethics.models import StepBack

register = template.Library()


@register.inclusion_tag("safety/_ethics_home.html", takes_context=True)
def ethics_home_card(context: template.Context) -> dict[str, Any]:
    """When the reader's signature is due; for supervisors and admins, the team's too."""
    membership = context.get("current_membership")
    if membership is None or not membership.is_staff_role:
        return {"show": False}
    organization = membership.organization
    today = queries.org_today(organization)
    found: dict[str, Any] = {"show": True, "slug": organization.slug, "oversight": False}
    if membership.has_oversight:
        # The team's rows hold the reader's own: one read of the code for both.
        rows = queries.staff_signing(organization, today)
        mine = [r.status for r in rows if r.membership.user_id == membership.user_id]
        found["status"] = mine[0] if mine else queries.my_status(membership, today)
        found["oversight"] = True
        found["attention"] = sum(1 for r in rows if r.status.needs_attention)
        found["away"] = StepBack.objects.for_org(organization).covering_on(today).count()
    else:
        found["status"] = queries.my_status(membership, today)
    return found
