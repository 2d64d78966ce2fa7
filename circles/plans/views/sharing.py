"""Sharing by consent: the person shares and withdraws; whoever they named reads and encourages."""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, Membership
from circles.plans import actions, grow
from circles.plans.access import (
    get_own_share_for,
    get_share_with_me_for,
    own_plan,
    shares_with_me,
)
from circles.plans.forms import CommentForm, ShareForm
from circles.plans.models import (
    Action,
    Comment,
    Goal,
    Helper,
    Option,
    PlanRead,
    PlanShare,
    WellnessPlan,
)
from circles.plans.views.helpers import map_context


@org_member()
def plan_sharing(request: CirclesRequest, membership: Membership) -> Any:
    """Who sees what and why, who looked and when, and a form to share more."""
    plan = own_plan(membership)
    org = membership.organization
    if request.method == "POST":
        form = ShareForm(request.POST, plan=plan, owner_id=membership.user_id)
        if form.is_valid():
            data = form.cleaned_data
            share = actions.share_plan(
                actions.ensure_plan(membership),
                part=data["part"],
                goal=data["goal"],
                shared_with=data["shared_with"],
                for_safety=data["for_safety"],
                purpose=data["purpose"],
                actor=request.user,
            )
            if share.for_safety:
                messages.success(
                    request,
                    _(
                        "Staff will see your wellness and crisis plan only if someone is worried "
                        "about your safety. You will see each time they do."
                    ),
                )
            else:
                messages.success(
                    request,
                    _("Shared with %(name)s. You can stop sharing at any time.")
                    % {"name": share.shared_with.display_name if share.shared_with else ""},
                )
            return redirect("plan_sharing", org_slug=org.slug)
    else:
        form = ShareForm(plan=plan, owner_id=membership.user_id)
    shares: list[PlanShare] = []
    reads: list[PlanRead] = []
    if plan.pk is not None:
        shares = list(PlanShare.objects.for_org(org).filter(plan=plan).with_parts())
        reads = list(PlanRead.objects.for_org(org).filter(plan=plan).select_related("reader"))
    context = {
        "form": form,
        "active": [s for s in shares if s.is_active],
        "withdrawn": [s for s in shares if not s.is_active],
        "reads": reads,
    }
    return render(request, "plans/sharing.html", context)


@require_POST
@org_member()
def share_withdraw(request: CirclesRequest, membership: Membership, share_id: int) -> Any:
    share = get_own_share_for(membership, share_id)
    actions.withdraw_share(share, actor=request.user)
    messages.success(request, _("You stopped sharing it. Nobody can open it from now on."))
    return redirect("plan_sharing", org_slug=membership.organization.slug)


@org_member(roles=STAFF_ROLES)
def shared_list(request: CirclesRequest, membership: Membership) -> Any:
    """What people shared with me, and their coming steps (which they see I looked at)."""
    shares = shares_with_me(membership)
    org = membership.organization
    whole = [s.plan_id for s in shares if s.part == PlanShare.Part.WHOLE]
    goals = [s.goal_id for s in shares if s.part == PlanShare.Part.GOAL]
    upcoming = list(
        Action.objects.for_org(org)
        .filter(Q(goal__plan_id__in=whole) | Q(goal_id__in=goals))
        .upcoming()
        .select_related("goal__plan__owner")[:30]
    )
    if upcoming:
        actions.record_steps_read(upcoming, reader=request.user, organization=org)
    return render(request, "plans/shared_list.html", {"shares": shares, "upcoming": upcoming})


@org_member()
def shared_view(request: CirclesRequest, membership: Membership, share_id: int) -> Any:
    """One shared part, exactly as shared; every opening is recorded for the person."""
    share = get_share_with_me_for(membership, share_id)
    actions.record_plan_read(
        share.plan, reader=request.user, part=share.part, goal=share.goal, share=share
    )
    context = shared_context(share, CommentForm())
    return render(request, "plans/shared_view.html", context)


def shared_context(share: PlanShare, comment_form: CommentForm) -> dict[str, Any]:
    org = share.organization
    plan = share.plan
    goals: list[Goal] = []
    if share.part == PlanShare.Part.WHOLE:
        goals = list(Goal.objects.for_org(org).of_plan(plan).prefetch_related("actions", "reviews"))
    elif share.goal is not None:
        goals = [share.goal]
    options = {o.pk: o for o in Option.objects.for_org(org).filter(goal__in=goals).ranked()}
    context: dict[str, Any] = {
        "share": share,
        "plan": plan,
        "owner": plan.owner,
        "goals": [
            (
                goal,
                grow.text_answers(goal),
                [o for o in options.values() if o.goal_id == goal.pk],
                list(goal.actions.all()),
            )
            for goal in goals
        ],
        "wellness_plan": (
            WellnessPlan.objects.for_org(org)
            .filter(plan=plan)
            .select_related("plan__owner")
            .first()
            if share.covers_wellness
            else None
        ),
        "comment_form": comment_form,
        "comments": list(Comment.objects.for_org(org).filter(share=share).select_related("author")),
    }
    if share.covers_helpers:
        context.update(map_context(list(Helper.objects.for_org(org).filter(plan=plan))))
        context["show_helpers"] = True
    return context


@require_POST
@org_member()
def shared_comment(request: CirclesRequest, membership: Membership, share_id: int) -> Any:
    share = get_share_with_me_for(membership, share_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        actions.add_comment(
            share, goal=share.goal, author=request.user, text=form.cleaned_data["text"]
        )
        messages.success(request, _("Your words are on their plan for them to read."))
        return redirect("shared_view", org_slug=membership.organization.slug, share_id=share.pk)
    return render(request, "plans/shared_view.html", shared_context(share, form))
