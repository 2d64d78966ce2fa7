"""Check-ins the person agreed to, and their quick results."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, Membership
from circles.peerwork.access import get_plan_for, get_supported_for
from circles.peerwork.actions import add_checkin_plan, record_checkin
from circles.peerwork.forms import CheckInForm, CheckInPlanForm


@org_member(roles=STAFF_ROLES)
def plan_new(request: CirclesRequest, membership: Membership, person_id: int) -> HttpResponse:
    person = get_supported_for(membership, person_id)
    form = CheckInPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        add_checkin_plan(
            person, membership.user, form.cleaned_data["weekday"], form.cleaned_data["way"]
        )
        messages.success(request, _("The check-ins are planned."))
        return redirect("peer_person", org_slug=membership.organization.slug, person_id=person.pk)
    return render(
        request,
        "peerwork/checkin_plan_form.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )


@org_member(roles=STAFF_ROLES)
@require_POST
def record(request: CirclesRequest, membership: Membership, plan_id: int) -> HttpResponse:
    plan = get_plan_for(membership, plan_id)
    form = CheckInForm(request.POST)
    if form.is_valid():
        record_checkin(
            plan, membership.user, form.cleaned_data["result"], form.cleaned_data["note"]
        )
        messages.success(request, _("The check-in is recorded."))
    else:
        messages.error(request, _("Please choose how the check-in went."))
    return redirect("peer_caseload", org_slug=membership.organization.slug)
