"""What the role homes show about feedback and concerns (cheap: no results computed here)."""

from typing import Any

from circles.accounts.models import Membership
from circles.feedback.complaints import overdue_filter, visible_complaints
from circles.feedback.models import FeedbackPrompt
from circles.groups.models import SupportGroup


def open_prompts(membership: Membership) -> list[FeedbackPrompt]:
    """Invitations to reflect not yet talked over: a facilitator's groups, or all groups."""
    prompts = (
        FeedbackPrompt.objects.for_org(membership.organization)
        .filter(talked_over_on__isnull=True)
        .select_related("group")
    )
    if not membership.has_oversight:
        mine = SupportGroup.objects.for_org(membership.organization).facilitated_by(membership.user)
        prompts = prompts.filter(group__in=mine)
    return list(prompts[:10])


def quality_context(membership: Membership) -> dict[str, Any]:
    context: dict[str, Any] = {}
    if membership.is_staff_role:
        context["feedback_prompts"] = open_prompts(membership)
    if membership.has_oversight:
        concerns = visible_complaints(membership).open()
        context["concerns_open"] = concerns.count()
        context["concerns_overdue"] = concerns.filter(
            overdue_filter(membership.organization)
        ).count()
    return context
