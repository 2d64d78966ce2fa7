"""Goals: the GROW flow one question at a time, steps to take, reviews and the timeline."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.plans import actions, grow
from circles.plans.access import get_own_action_for, get_own_goal_for
from circles.plans.forms import (
    STEP_FORMS,
    ActionForm,
    GradeStepForm,
    IdeasStepForm,
    NewGoalForm,
    ReviewForm,
)
from circles.plans.models import Action, Comment, Goal, Option, PlanShare, Review
from circles.plans.views.plan import plan_context


def to_goal(goal: Goal) -> HttpResponse:
    return redirect("goal_detail", org_slug=goal.organization.slug, goal_id=goal.pk)


def to_step(goal: Goal, key: str) -> HttpResponse:
    return redirect("goal_step", org_slug=goal.organization.slug, goal_id=goal.pk, step=key)


@require_POST
@org_member()
def goal_new(request: CirclesRequest, membership: Membership) -> Any:
    form = NewGoalForm(request.POST)
    if not form.is_valid():
        return render(request, "plans/plan_home.html", plan_context(membership, form))
    title = form.cleaned_data["title"]
    plan = actions.ensure_plan(membership)
    goal = Goal.objects.create(organization=plan.organization, plan=plan, title=title)
    # A name typed on the plan page already answers the first question.
    return to_step(goal, "issue" if title else "name")


@dataclass
class Moment:
    when: Any
    kind: str
    review: Review | None = None
    action: Action | None = None


def timeline(goal: Goal, reviews: list[Review], steps: list[Action]) -> list[Moment]:
    """The goal's history, newest first: started, each review, each step done."""
    moments = [Moment(goal.created, "started")]
    moments += [Moment(r.created, "review", review=r) for r in reviews]
    moments += [Moment(a.done_at, "done", action=a) for a in steps if a.done_at]
    return sorted(moments, key=lambda m: m.when, reverse=True)


@org_member()
def goal_detail(request: CirclesRequest, membership: Membership, goal_id: int) -> Any:
    goal = get_own_goal_for(membership, goal_id)
    org = membership.organization
    steps = list(Action.objects.for_org(org).filter(goal=goal))
    reviews = list(Review.objects.for_org(org).filter(goal=goal))
    context = {
        "goal": goal,
        "answers": grow.text_answers(goal),
        "steps": grow.STEPS,
        "options": list(Option.objects.for_org(org).filter(goal=goal).ranked()),
        "actions": steps,
        "action_form": ActionForm(),
        "timeline": timeline(goal, reviews, steps),
        "celebrate": next((r for r in reversed(reviews) if r.successes), None),
        "comments": list(Comment.objects.for_org(org).filter(goal=goal).select_related("author")),
        "shares": list(PlanShare.objects.for_org(org).filter(goal=goal).active().with_parts()),
    }
    return render(request, "plans/goal_detail.html", context)


def _step_form(step: grow.Step, goal: Goal, data: Any = None) -> Any:
    org = goal.organization
    if step.kind == "grade":
        options = list(Option.objects.for_org(org).filter(goal=goal))
        return GradeStepForm(data, options=options)
    if step.kind == "ideas":
        return IdeasStepForm(data, existing=Option.objects.for_org(org).filter(goal=goal).count())
    if step.kind == "choose":
        initial = {"answer": list(Option.objects.for_org(org).filter(goal=goal, chosen=True))}
        return STEP_FORMS["choose"](data, goal=goal, initial=initial)  # type: ignore[call-arg]
    if step.kind == "dates":
        return STEP_FORMS["dates"](
            data, initial={"starts_on": goal.starts_on, "finishes_on": goal.finishes_on}
        )
    if step.kind == "actions":
        return ActionForm(data)
    value = {
        "title": goal.title,
        "date": goal.target_date,
        "commitment": goal.commitment,
    }.get(step.kind, goal.answers.get(step.key, ""))
    return STEP_FORMS[step.kind](data, initial={"answer": value})


def _save_step(step: grow.Step, goal: Goal, form: Any) -> None:
    data = form.cleaned_data
    fields = ["updated"]
    if step.kind == "title":
        goal.title = data["answer"]
        fields.append("title")
    elif step.kind == "text":
        goal.set_answer(step.key, data["answer"])
        fields.append("answers_text")
    elif step.kind == "date":
        goal.target_date = data["answer"]
        fields.append("target_date")
    elif step.kind == "ideas":
        actions.add_options(goal, data["answer"])
    elif step.kind == "grade":
        actions.grade_options(goal, form.grades())
    elif step.kind == "choose":
        actions.choose_options(goal, {o.pk for o in data["answer"]})
    elif step.kind == "dates":
        goal.starts_on, goal.finishes_on = data["starts_on"], data["finishes_on"]
        fields += ["starts_on", "finishes_on"]
    elif step.kind == "commitment":
        goal.commitment = data["answer"]
        fields.append("commitment")
    elif step.kind == "actions":
        Action.objects.create(
            organization=goal.organization, goal=goal, text=data["text"], due_on=data["due_on"]
        )
    goal.updated = timezone.now()
    goal.save(update_fields=fields)


@org_member()
def goal_step(request: CirclesRequest, membership: Membership, goal_id: int, step: str) -> Any:
    """One GROW question. Saving moves on; skipping is a link; leaving keeps what was saved."""
    goal = get_own_goal_for(membership, goal_id)
    current = grow.BY_KEY.get(step)
    if current is None or current not in grow.steps_for(goal):
        raise Http404("No such question.")
    if request.method == "POST":
        form = _step_form(current, goal, request.POST)
        if form.is_valid():
            _save_step(current, goal, form)
            if request.POST.get("then") == "leave":
                messages.success(request, _("Saved. Come back to it whenever you like."))
                return to_goal(goal)
            if current.kind in ("ideas", "actions"):
                # Lists grow one entry at a time: stay for the next one.
                messages.success(request, _("Added."))
                return to_step(goal, current.key)
            _before, after = grow.neighbours(goal, current.key)
            if after is None:
                messages.success(request, _("Well done: you worked through every question."))
                return to_goal(goal)
            return to_step(goal, after.key)
    else:
        form = _step_form(current, goal)
    steps = grow.steps_for(goal)
    before, after = grow.neighbours(goal, current.key)
    org = membership.organization
    context = {
        "goal": goal,
        "step": current,
        "form": form,
        "before": before,
        "after": after,
        "number": steps.index(current) + 1,
        "total": len(steps),
        "options": (
            list(Option.objects.for_org(org).filter(goal=goal).ranked())
            if current.kind in ("ideas", "choose")
            else []
        ),
        "actions": (
            list(Action.objects.for_org(org).filter(goal=goal)) if current.kind == "actions" else []
        ),
    }
    return render(request, "plans/goal_step.html", context)


@require_POST
@org_member()
def action_add(request: CirclesRequest, membership: Membership, goal_id: int) -> Any:
    goal = get_own_goal_for(membership, goal_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        Action.objects.create(
            organization=goal.organization,
            goal=goal,
            text=form.cleaned_data["text"],
            due_on=form.cleaned_data["due_on"],
        )
        messages.success(request, _("Step added."))
        return to_goal(goal)
    org = membership.organization
    steps = list(Action.objects.for_org(org).filter(goal=goal))
    context = {
        "goal": goal,
        "answers": grow.text_answers(goal),
        "steps": grow.STEPS,
        "options": list(Option.objects.for_org(org).filter(goal=goal).ranked()),
        "actions": steps,
        "action_form": form,
        "timeline": timeline(goal, list(Review.objects.for_org(org).filter(goal=goal)), steps),
        "comments": [],
        "shares": [],
    }
    return render(request, "plans/goal_detail.html", context)


@require_POST
@org_member()
def action_done(request: CirclesRequest, membership: Membership, action_id: int) -> Any:
    action = get_own_action_for(membership, action_id)
    action.done_at = None if action.done_at else timezone.now()
    action.save(update_fields=["done_at"])
    if action.done_at:
        messages.success(request, _("Done. Well done!"))
    return to_goal(action.goal)


@require_POST
@org_member()
def action_delete(request: CirclesRequest, membership: Membership, action_id: int) -> Any:
    action = get_own_action_for(membership, action_id)
    goal = action.goal
    action.delete()
    messages.success(request, _("Step removed."))
    return to_goal(goal)


@org_member()
def goal_review(request: CirclesRequest, membership: Membership, goal_id: int) -> Any:
    goal = get_own_goal_for(membership, goal_id)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        if form.is_valid():
            review = actions.add_review(
                goal, form.save(commit=False), status=form.cleaned_data.get("status")
            )
            if review.successes:
                messages.success(request, _("Your successes are on your goal’s page. Well done!"))
            else:
                messages.success(request, _("Your review is saved."))
            return to_goal(goal)
    else:
        form = ReviewForm(initial={"status": goal.status})
    return render(request, "plans/goal_review.html", {"goal": goal, "form": form})


@org_member()
def goal_delete(request: CirclesRequest, membership: Membership, goal_id: int) -> Any:
    goal = get_own_goal_for(membership, goal_id)
    if request.method == "POST":
        actions.delete_goal(goal, actor=request.user)
        messages.success(request, _("The goal is deleted."))
        return redirect("plan_home", org_slug=membership.organization.slug)
    return render(request, "plans/goal_delete.html", {"goal": goal})
