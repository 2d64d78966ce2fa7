"""Writes about plans that touch several rows, audit, or are read by someone else."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.actions import audit
from circles.accounts.models import Membership
from circles.plans.models import (
    Action,
    Comment,
    Goal,
    Option,
    Plan,
    PlanRead,
    PlanShare,
    Review,
)


def ensure_plan(membership: Membership) -> Plan:
    """The member's plan, made on their first write (reading never creates one)."""
    plan, _created = Plan.objects.get_or_create(
        organization=membership.organization, owner_id=membership.user_id
    )
    return plan


def describe_part(part: str, goal: Goal | None) -> str:
    share = PlanShare(part=part, goal=goal)
    return share.describe()


@transaction.atomic
def record_plan_read(
    plan: Plan,
    *,
    reader: Any,
    part: str,
    goal: Goal | None = None,
    share: PlanShare | None = None,
    reason: str = "",
) -> PlanRead:
    """Someone other than the owner opened part of the plan: audit it and tell the owner.

    ``part`` is a ``PlanShare.Part``; ``reason`` says why when no named share
    stands behind the read (the safety area passes "safety").
    """
    read = PlanRead.objects.create(
        organization=plan.organization,
        plan=plan,
        share=share,
        reader=reader,
        what=describe_part(part, goal),
        reason=reason[:40],
    )
    audit(
        "plans.read",
        actor=reader,
        organization=plan.organization,
        obj=plan,
        detail={
            "part": part,
            "goal": goal.pk if goal else None,
            "share": share.pk if share else None,
            "reason": reason[:40],
        },
    )
    return read


@transaction.atomic
def share_plan(
    plan: Plan,
    *,
    part: str,
    goal: Goal | None,
    shared_with: Any,
    for_safety: bool,
    purpose: str,
    actor: Any,
) -> PlanShare:
    """Share a part of the plan; sharing what is already shared changes nothing."""
    same = (
        PlanShare.objects.for_org(plan.organization)
        .active()
        .filter(
            plan=plan,
            part=part,
            goal=goal if part == PlanShare.Part.GOAL else None,
            shared_with=None if for_safety else shared_with,
            for_safety=for_safety,
        )
        .first()
    )
    if same is not None:
        return same
    share = PlanShare.objects.create(
        organization=plan.organization,
        plan=plan,
        part=part,
        goal=goal if part == PlanShare.Part.GOAL else None,
        shared_with=None if for_safety else shared_with,
        for_safety=for_safety,
        purpose=purpose,
    )
    audit(
        "plans.shared",
        actor=actor,
        organization=plan.organization,
        obj=share,
        detail={
            "part": part,
            "with": share.shared_with_id,
            "for_safety": for_safety,
        },
    )
    return share


@transaction.atomic
def withdraw_share(share: PlanShare, *, actor: Any) -> PlanShare:
    if share.withdrawn_at is None:
        share.withdrawn_at = timezone.now()
        share.save(update_fields=["withdrawn_at"])
        audit("plans.share_withdrawn", actor=actor, organization=share.organization, obj=share)
    return share


@transaction.atomic
def add_comment(share: PlanShare, *, goal: Goal | None, author: Any, text: str) -> Comment:
    comment = Comment.objects.create(
        organization=share.organization,
        plan=share.plan,
        share=share,
        goal=goal,
        author=author,
        text=text,
    )
    audit("plans.comment_added", actor=author, organization=share.organization, obj=comment)
    return comment


@transaction.atomic
def add_options(goal: Goal, texts: Iterable[str]) -> list[Option]:
    """The idea storm: every idea kept, in the order written."""
    start = (
        Option.objects.for_org(goal.organization)
        .filter(goal=goal)
        .aggregate(top=Max("position"))["top"]
        or 0
    )
    made = [
        Option(organization=goal.organization, goal=goal, text=text, position=start + n)
        for n, text in enumerate(texts, start=1)
    ]
    return Option.objects.bulk_create(made)


@transaction.atomic
def grade_options(goal: Goal, grades: dict[int, tuple[int | None, int | None]]) -> None:
    options = list(Option.objects.for_org(goal.organization).filter(goal=goal, pk__in=grades))
    for option in options:
        option.appeal, option.helps = grades[option.pk]
    Option.objects.bulk_update(options, ["appeal", "helps"])


@transaction.atomic
def choose_options(goal: Goal, chosen_ids: set[int]) -> None:
    mine = Option.objects.for_org(goal.organization).filter(goal=goal)
    mine.filter(pk__in=chosen_ids).update(chosen=True)
    mine.exclude(pk__in=chosen_ids).update(chosen=False)


@transaction.atomic
def add_review(goal: Goal, review: Review, *, status: str | None) -> Review:
    review.organization = goal.organization
    review.goal = goal
    review.save()
    goal.updated = timezone.now()
    fields = ["updated"]
    if status and status != goal.status:
        goal.status = status
        fields.append("status")
    goal.save(update_fields=fields)
    return review


@transaction.atomic
def delete_goal(goal: Goal, *, actor: Any) -> None:
    audit("plans.goal_deleted", actor=actor, organization=goal.organization, obj=goal)
    goal.delete()


@transaction.atomic
def delete_plan(plan: Plan, *, actor: Any) -> None:
    """Everything in it goes: goals, helpers, wellness plan, shares, reads and comments."""
    audit("plans.deleted", actor=actor, organization=plan.organization, obj=plan)
    plan.delete()


@transaction.atomic
def record_steps_read(steps: list[Action], *, reader: Any, organization: Any) -> None:
    """A list showed people's coming steps: one read for each person, one audit event."""
    plans: dict[int, Plan] = {}
    for step in steps:
        plans.setdefault(step.goal.plan_id, step.goal.plan)
    what = str(_("the coming steps of the goals you shared"))
    PlanRead.objects.bulk_create(
        [
            PlanRead(organization=organization, plan=plan, reader=reader, what=what)
            for plan in plans.values()
        ]
    )
    audit(
        "plans.steps_read",
        actor=reader,
        organization=organization,
        object_type="plans.plan",
        detail={"plans": sorted(plans)},
    )
