"""Raising a safety concern, and seeing where it stands.

Staff raise a concern from a person's page, a meeting's page or their home.
Who may see each one is decided in circles.safety.access.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, CrisisLine, Membership
from circles.safety.access import (
    get_concern_for,
    get_concern_to_respond_for,
    may_follow_up,
    may_respond,
    meeting_for_concern,
    person_for_concern,
)
from circles.safety.actions import acknowledge_concern, raise_concern
from circles.safety.forms import CloseForm, ConcernForm, FollowUpForm, WishesForm
from circles.safety.models import SafetyConcern


def crisis_context(membership: Membership) -> dict[str, Any]:
    return {"org_lines": list(CrisisLine.objects.for_org(membership.organization))}


@org_member(roles=STAFF_ROLES)
def concern_new(request: CirclesRequest, membership: Membership) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    about = person_for_concern(membership, source.get("about"))
    meeting = meeting_for_concern(membership, source.get("meeting"))
    if request.method == "POST":
        form = ConcernForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            concern = raise_concern(
                organization=membership.organization,
                raised_by=membership.user,
                kind=data["kind"],
                what_happened=data["what_happened"],
                already_done=data["already_done"],
                person_knows=data["person_knows"],
                person_wishes=data["person_wishes"],
                contact_yes=data["contact_yes"],
                contact_no=data["contact_no"],
                about_user=about,
                meeting=meeting,
            )
            messages.success(
                request,
                _(
                    "Thank you. The person on duty has been told, and you can see here "
                    "where it stands."
                ),
            )
            return redirect("safety_concern", membership.organization.slug, concern.pk)
        status = 400
    else:
        form = ConcernForm()
        status = 200
    return render(
        request,
        "safety/concern_new.html",
        {"form": form, "about": about, "meeting": meeting, **crisis_context(membership)},
        status=status,
    )


def _detail(
    request: CirclesRequest,
    membership: Membership,
    concern: SafetyConcern,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    forms = forms or {}
    responds = may_respond(membership, concern)
    context = {
        "concern": concern,
        "steps": list(concern.steps.select_related("actor", "told")),
        "responds": responds,
        "follows_up": may_follow_up(membership, concern) and not concern.is_closed,
        "followup_form": forms.get("followup") or FollowUpForm(),
        "close_form": forms.get("close") or CloseForm(),
        "wishes_form": forms.get("wishes")
        or WishesForm(
            initial={
                "person_knows": concern.person_knows,
                "person_wishes": concern.person_wishes,
                "contact_yes": concern.contact_yes,
                "contact_no": concern.contact_no,
                "shared_with_person": concern.shared_with_person,
            }
        ),
        "plan": shared_plan(concern),
        **crisis_context(membership),
    }
    return render(request, "safety/concern_detail.html", context, status=status)


def shared_plan(concern: SafetyConcern) -> Any:
    """The person's own wellness and crisis plan, when they shared it for safety."""
    return None


@org_member(roles=STAFF_ROLES)
def concern_detail(
    request: CirclesRequest, membership: Membership, concern_id: int
) -> HttpResponse:
    concern = get_concern_for(membership, concern_id)
    return _detail(request, membership, concern)


def _back(concern: SafetyConcern) -> HttpResponse:
    return redirect("safety_concern", concern.organization.slug, concern.pk)


@org_member(roles=STAFF_ROLES)
def concern_acknowledge(
    request: CirclesRequest, membership: Membership, concern_id: int
) -> HttpResponse:
    concern = get_concern_to_respond_for(membership, concern_id)
    if request.method != "POST":
        return _back(concern)
    if acknowledge_concern(concern, membership.user):
        messages.success(
            request,
            _("Thank you: you have it. The person who raised it can see that you do."),
        )
    else:
        messages.info(request, _("Someone on duty already has this concern."))
    return _back(concern)


org_urls: list[URLPattern] = [
    path("safety/concerns/new/", concern_new, name="safety_concern_new"),
    path("safety/concerns/<int:concern_id>/", concern_detail, name="safety_concern"),
    path(
        "safety/concerns/<int:concern_id>/acknowledge/",
        concern_acknowledge,
        name="safety_concern_acknowledge",
    ),
]
