"""The circles of helpers: a picture, the same in words, and forms that change it."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.plans import actions, circles_map
from circles.plans.access import get_own_helper_for, own_plan
from circles.plans.forms import HelperForm
from circles.plans.models import Helper, Plan

MAX_HELPERS = 60


def to_helpers(membership: Membership) -> HttpResponse:
    return redirect("plan_helpers", org_slug=membership.organization.slug)


def map_context(helpers: list[Helper]) -> dict[str, Any]:
    """What the picture needs (the template draws it)."""
    return {
        "helpers": helpers,
        "placed": circles_map.place(helpers),
        "rings": circles_map.rings(),
        "size": circles_map.SIZE,
        "centre": circles_map.CENTRE,
        "me_radius": circles_map.ME_RADIUS,
        "ring_choices": Helper.Ring.choices,
    }


def helpers_of(plan: Plan) -> list[Helper]:
    if plan.pk is None:
        return []
    return list(Helper.objects.for_org(plan.organization).filter(plan=plan))


@org_member()
def plan_helpers(request: CirclesRequest, membership: Membership) -> Any:
    plan = own_plan(membership)
    helpers = helpers_of(plan)
    if request.method == "POST":
        form = HelperForm(request.POST)
        if len(helpers) >= MAX_HELPERS:
            form.add_error(None, _("Your circles hold up to %(n)d helpers.") % {"n": MAX_HELPERS})
        if form.is_valid():
            plan = actions.ensure_plan(membership)
            helper = form.save(commit=False)
            helper.organization = plan.organization
            helper.plan = plan
            helper.save()
            messages.success(request, _("%(name)s is on your circles.") % {"name": helper.name})
            return to_helpers(membership)
    else:
        form = HelperForm(initial={"ring": Helper.Ring.MIDDLE})
    return render(request, "plans/helpers.html", {"form": form, **map_context(helpers)})


@org_member()
def helper_edit(request: CirclesRequest, membership: Membership, helper_id: int) -> Any:
    helper = get_own_helper_for(membership, helper_id)
    form = HelperForm(request.POST or None, instance=helper)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Saved."))
        return to_helpers(membership)
    return render(request, "plans/helper_edit.html", {"form": form, "helper": helper})


def _move(request: CirclesRequest, membership: Membership, helper_id: int, by: int) -> Any:
    helper = get_own_helper_for(membership, helper_id)
    ring = min(max(helper.ring + by, Helper.Ring.CLOSEST), Helper.Ring.OUTER)
    if ring != helper.ring:
        helper.ring = ring
        helper.save(update_fields=["ring"])
    messages.success(
        request,
        _("%(name)s is now on the ring “%(ring)s”.")
        % {"name": helper.name, "ring": helper.get_ring_display()},
    )
    return to_helpers(membership)


@require_POST
@org_member()
def helper_closer(request: CirclesRequest, membership: Membership, helper_id: int) -> Any:
    return _move(request, membership, helper_id, -1)


@require_POST
@org_member()
def helper_further(request: CirclesRequest, membership: Membership, helper_id: int) -> Any:
    return _move(request, membership, helper_id, 1)


@require_POST
@org_member()
def helper_delete(request: CirclesRequest, membership: Membership, helper_id: int) -> Any:
    helper = get_own_helper_for(membership, helper_id)
    helper.delete()
    messages.success(request, _("Taken off your circles."))
    return to_helpers(membership)
