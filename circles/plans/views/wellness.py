"""The wellness and crisis plan, in the person's own words; no question is required."""

from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.plans import actions
from circles.plans.access import own_plan
from circles.plans.forms import WellnessForm
from circles.plans.models import WELLNESS_FIELDS, PlanShare, WellnessPlan


@org_member()
def plan_wellness(request: CirclesRequest, membership: Membership) -> Any:
    plan = own_plan(membership)
    org = membership.organization
    wellness = WellnessPlan.objects.for_org(org).filter(plan=plan).first() if plan.pk else None
    if request.method == "POST":
        form = WellnessForm(request.POST, instance=wellness)
        if form.is_valid():
            plan = actions.ensure_plan(membership)
            saved = form.save(commit=False)
            saved.organization, saved.plan, saved.updated = org, plan, timezone.now()
            saved.save()
            messages.success(request, _("Saved. Only you can see it unless you share it."))
            return redirect("plan_wellness", org_slug=org.slug)
    else:
        form = WellnessForm(instance=wellness)
    for_safety = (
        plan.pk is not None
        and PlanShare.objects.for_org(org).active().filter(plan=plan, for_safety=True).exists()
    )
    context = {
        "form": form,
        "wellness": wellness,
        "for_safety": for_safety,
        "groups": [
            (_("Day to day"), WELLNESS_FIELDS[:2]),
            (_("When things get harder"), WELLNESS_FIELDS[2:4]),
            (_("If I am in crisis"), WELLNESS_FIELDS[4:]),
        ],
    }
    return render(request, "plans/wellness.html", context)
