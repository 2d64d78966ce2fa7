"""The plan's cards on the home pages, and small helpers for plan templates."""

from typing import Any

from django import template

from circles.accounts.models import Membership
from circles.plans import grow
from circles.plans.models import Action, Goal, PlanShare

register = template.Library()

HOME_STEPS = 3


@register.simple_tag
def goal_answers(goal: Goal) -> list[tuple[grow.Step, str]]:
    return grow.text_answers(goal)


@register.inclusion_tag("plans/_home_card.html", takes_context=True)
def my_plan_card(context: template.Context) -> dict[str, Any]:
    """The member's coming steps, from their own plan only (one query)."""
    membership: Membership | None = context.get("current_membership")
    upcoming: list[Action] = []
    if membership is not None:
        upcoming = list(
            Action.objects.for_org(membership.organization)
            .of_owner(membership.user_id)
            .upcoming()[:HOME_STEPS]
        )
    return {"membership": membership, "upcoming": upcoming}


@register.inclusion_tag("plans/_home_shared.html", takes_context=True)
def shared_plans_card(context: template.Context) -> dict[str, Any]:
    """For staff: how many people share part of their plan with them (one query, no content)."""
    membership: Membership | None = context.get("current_membership")
    count = 0
    if membership is not None:
        count = (
            PlanShare.objects.for_org(membership.organization)
            .active()
            .filter(shared_with_id=membership.user_id, for_safety=False)
            .values("plan__owner_id")
            .distinct()
            .count()
        )
    return {"membership": membership, "count": count}
