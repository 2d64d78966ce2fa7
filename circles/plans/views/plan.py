"""The person's own plan page, what they say about themselves, print, download, delete."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.plans import actions
from circles.plans.access import own_plan
from circles.plans.export import plan_as_dict
from circles.plans.forms import AboutForm, DeletePlanForm, NewGoalForm, RemindersForm
from circles.plans.models import Action, Comment, Goal, PlanRead, PlanShare, WellnessPlan
from circles.plans.views.helpers import helpers_of, map_context


def to_plan(membership: Membership) -> HttpResponse:
    return redirect("plan_home", org_slug=membership.organization.slug)


def plan_context(
    membership: Membership, new_goal_form: NewGoalForm | None = None
) -> dict[str, Any]:
    plan = own_plan(membership)
    context: dict[str, Any] = {
        "plan": plan,
        "new_goal_form": new_goal_form or NewGoalForm(),
        "reminders_form": RemindersForm(initial={"reminders": plan.reminders}),
        "goals": [],
        "upcoming": [],
        "reads": [],
        "comments": [],
        "helper_count": 0,
        "wellness": None,
        "share_count": 0,
    }
    if plan.pk is not None:
        org = membership.organization
        context.update(
            goals=list(Goal.objects.for_org(org).of_plan(plan)),
            upcoming=list(Action.objects.for_org(org).filter(goal__plan=plan).upcoming()[:5]),
            reads=list(
                PlanRead.objects.for_org(org).filter(plan=plan).select_related("reader")[:5]
            ),
            comments=list(
                Comment.objects.for_org(org).filter(plan=plan).select_related("author", "goal")[:5]
            ),
            helper_count=plan.helpers.count(),
            wellness=WellnessPlan.objects.for_org(org).filter(plan=plan).first(),
            share_count=PlanShare.objects.for_org(org).filter(plan=plan).active().count(),
        )
    return context


@org_member()
def plan_home(request: CirclesRequest, membership: Membership) -> Any:
    return render(request, "plans/plan_home.html", plan_context(membership))


@org_member()
def plan_about(request: CirclesRequest, membership: Membership) -> Any:
    plan = own_plan(membership)
    if request.method == "POST":
        form = AboutForm(request.POST, instance=plan)
        if form.is_valid():
            plan = actions.ensure_plan(membership)
            for name in AboutForm.Meta.fields:
                setattr(plan, name, form.cleaned_data[name])
            plan.updated = timezone.now()
            plan.save(update_fields=[*AboutForm.Meta.fields, "updated"])
            messages.success(request, _("Saved. Only you can see this unless you share it."))
            return to_plan(membership)
    else:
        form = AboutForm(instance=plan)
    return render(request, "plans/about.html", {"form": form, "plan": plan})


@require_POST
@org_member()
def plan_reminders(request: CirclesRequest, membership: Membership) -> Any:
    form = RemindersForm(request.POST)
    if form.is_valid():
        plan = actions.ensure_plan(membership)
        plan.reminders = form.cleaned_data["reminders"]
        plan.save(update_fields=["reminders"])
        if plan.reminders:
            messages.success(
                request, _("We will email you the day before a step you gave a date to.")
            )
        else:
            messages.success(request, _("Reminders are off. We will not email you about steps."))
    return to_plan(membership)


@org_member()
def plan_print(request: CirclesRequest, membership: Membership) -> Any:
    """The whole plan on paper: every answer, the circles picture and the wellness plan."""
    plan = own_plan(membership)
    org = membership.organization
    goals: list[Goal] = []
    wellness = None
    if plan.pk is not None:
        goals = list(
            Goal.objects.for_org(org)
            .of_plan(plan)
            .prefetch_related("options", "actions", "reviews")
        )
        wellness = WellnessPlan.objects.for_org(org).filter(plan=plan).first()
    context = {
        "plan": plan,
        "goals": goals,
        "wellness": wellness,
        "printed": timezone.now(),
        **map_context(helpers_of(plan)),
    }
    return render(request, "plans/plan_print.html", context)


@org_member()
def plan_download(request: CirclesRequest, membership: Membership) -> Any:
    plan = own_plan(membership)
    body = json.dumps(plan_as_dict(plan), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-plan.json"'
    return response


@org_member()
def plan_delete(request: CirclesRequest, membership: Membership) -> Any:
    plan = own_plan(membership)
    if request.method == "POST":
        form = DeletePlanForm(request.POST)
        if form.is_valid():
            if plan.pk is not None:
                actions.delete_plan(plan, actor=request.user)
            messages.success(request, _("Your plan is deleted. You can start a new one any time."))
            return to_plan(membership)
    else:
        form = DeletePlanForm()
    return render(request, "plans/plan_delete.html", {"form": form, "plan": plan})
