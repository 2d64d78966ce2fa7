"""The workforce cards on the home pages: a worker's own record, a supervisor's team."""

from typing import Any

from django import template
from django.utils import timezone

from circles.accounts.models import Membership
from circles.workforce.access import WORKER_ROLES, team_links
from circles.workforce.record import compliance, team_rows

register = template.Library()


@register.inclusion_tag("workforce/_home_team.html", takes_context=True)
def workforce_team_card(context: template.Context, membership: Membership) -> dict[str, Any]:
    """A supervisor's team: last supervision, what is due, certifications, per person."""
    organization = membership.organization
    today = timezone.localdate()
    rows = team_rows(organization, [link.worker for link in team_links(membership)], today)
    return {
        "current_org": organization,
        "current_membership": membership,
        "team": rows,
        "overdue": compliance(rows).overdue,
    }


@register.inclusion_tag("workforce/_home_mine.html", takes_context=True)
def workforce_my_card(context: template.Context, membership: Membership) -> dict[str, Any]:
    """A worker's own: when supervision is due and what their certification still needs."""
    organization = membership.organization
    if membership.role not in WORKER_ROLES:
        return {"shown": False}
    today = timezone.localdate()
    row = team_rows(organization, [membership.user], today)[0]
    return {"shown": True, "current_org": organization, "row": row}


@register.inclusion_tag("workforce/_home_compliance.html", takes_context=True)
def workforce_compliance_card(context: template.Context, membership: Membership) -> dict[str, Any]:
    """For admins: how many are overdue for supervision or close to a certification's expiry."""
    organization = membership.organization
    workers = [
        m.user
        for m in Membership.objects.for_org(organization)
        .active()
        .filter(role__in=WORKER_ROLES)
        .select_related("user")
    ]
    rows = team_rows(organization, workers, timezone.localdate())
    return {"current_org": organization, "counts": compliance(rows)}
