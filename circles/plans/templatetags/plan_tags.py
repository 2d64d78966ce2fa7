"""The plan's cards on the home pages, and small helpers for plan templates."""

from typing import Any

from django import template

from circles.accounts.models import Membership
from circles.plans import grow
from circles.plans.access import own_plan, shares_with_me
from circles.plans.models import Action, Goal

register = template.Library()

HOME_STEPS = 3


@register.simple_tag
def goal_answers(goal: Goal) -> list[tuple[grow.Step, str]]:
    return grow.text_answers(goal)


@register.inclusion_tag("plans/_home_card.html", takes_context=True)
def my_plan_card(context: template.Context) -> dict[str, Any]:
    """The member's coming steps (their own plan only): two queries at most."""
    membership: Membership | None = context.get("current_membership")
    upcoming: list[Action] = []
    if membership is not None:
        plan = own_plan(membership)
        if plan.pk is not None:
            upcoming = list(
                Action.objects.for_org(membership.organization)
                .filter(goal__plan=plan)
                .upcoming()[:HOME_STEPS]
            )
    return {"membership": membership, "upcoming": upcoming}


@register.inclusion_tag("plans/_home_shared.html", takes_context=True)
def shared_plans_card(context: template.Context) -> dict[str, Any]:
    """For staff: how many people share part of their plan with them (no content)."""
    membership: Membership | None = context.get("current_membership")
    shares = shares_with_me(membership) if membership is not None else []
    count = len({share.plan.owner_id for share in shares})
    return {"membership": membership, "count": count}
