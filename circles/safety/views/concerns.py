"""Raising a safety concern, and seeing where it stands.

Staff raise a concern from a person's page, a meeting's page or their home.
Who may see each one is decided in circles.safety.access.
"""

from typing import Any

from django.contrib import messages
from django.db.models import Case, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, CrisisLine, Membership
from circles.plans.actions import record_plan_read
from circles.plans.models import PlanShare, WellnessPlan
from circles.plans.sharing import wellness_plan_for_safety
from circles.safety.access import (
    concerns_about_me,
    get_concern_for,
    get_concern_to_follow_up_for,
    get_concern_to_respond_for,
    may_follow_up,
    may_respond,
    meeting_for_concern,
    person_for_concern,
    person_sees_own_concerns,
    sees_all_concerns,
    visible_concerns,
)
from circles.safety.actions import (
    acknowledge_concern,
    add_follow_up,
    close_concern,
    raise_concern,
    read_concern,
    record_wishes,
)
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
    read_concern(concern, membership.user)
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
        "wellness_plan": shared_plan(concern, membership),
        **crisis_context(membership),
    }
    return render(request, "safety/concern_detail.html", context, status=status)


def shared_plan(concern: SafetyConcern, membership: Membership) -> WellnessPlan | None:
    """The person's own wellness and crisis plan, when they shared it for safety.

    Reading it is recorded where the person can see it (plans' own rule).
    """
    if concern.about_user is None:
        return None
    plan = wellness_plan_for_safety(concern.organization, concern.about_user)
    if plan is not None:
        record_plan_read(
            plan.plan, reader=membership.user, part=PlanShare.Part.WELLNESS, reason="safety"
        )
    return plan


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


@org_member(roles=STAFF_ROLES)
def concern_follow_up(
    request: CirclesRequest, membership: Membership, concern_id: int
) -> HttpResponse:
    concern = get_concern_to_follow_up_for(membership, concern_id)
    if request.method != "POST" or concern.is_closed:
        return _back(concern)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return _detail(request, membership, concern, {"followup": form}, status=400)
    add_follow_up(concern, membership.user, form.cleaned_data["note"])
    messages.success(request, _("Your follow-up is saved."))
    return _back(concern)


@org_member(roles=STAFF_ROLES)
def concern_wishes(
    request: CirclesRequest, membership: Membership, concern_id: int
) -> HttpResponse:
    concern = get_concern_to_follow_up_for(membership, concern_id)
    if request.method != "POST" or concern.is_closed:
        return _back(concern)
    form = WishesForm(request.POST)
    if not form.is_valid():
        return _detail(request, membership, concern, {"wishes": form}, status=400)
    record_wishes(concern, membership.user, **form.cleaned_data)
    messages.success(request, _("Saved: what they want is up to date."))
    return _back(concern)


@org_member(roles=STAFF_ROLES)
def concern_close(request: CirclesRequest, membership: Membership, concern_id: int) -> HttpResponse:
    concern = get_concern_to_respond_for(membership, concern_id)
    if request.method != "POST":
        return _back(concern)
    if not concern.may_become(SafetyConcern.Status.CLOSED):
        messages.info(
            request,
            _("Someone on duty needs to say they have it before it can be closed.")
            if concern.is_waiting
            else _("It is already closed."),
        )
        return _back(concern)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, membership, concern, {"close": form}, status=400)
    close_concern(concern, membership.user, form.cleaned_data["outcome"])
    messages.success(request, _("Closed. Thank you for looking after this."))
    return _back(concern)


SHOW_CHOICES = ("open", "closed")


@org_member(roles=STAFF_ROLES)
def concern_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    show = request.GET.get("show", "open")
    if show not in SHOW_CHOICES:
        show = "open"
    concerns = visible_concerns(membership).for_list()
    if show == "open":
        # Waiting first, the longest waiting at the top; then those someone has.
        rows = list(
            concerns.open()
            .annotate(
                has_it=Case(
                    When(status=SafetyConcern.Status.ACKNOWLEDGED, then=Value(1)),
                    default=Value(0),
                )
            )
            .order_by("has_it", "raised_at", "id")
        )
    else:
        rows = list(
            concerns.filter(status=SafetyConcern.Status.CLOSED).order_by("-closed_at", "-id")
        )
    waiting = [c for c in rows if c.is_waiting]
    return render(
        request,
        "safety/concern_list.html",
        {
            "rows": rows,
            "show": show,
            "waiting_count": len(waiting),
            "sees_all": sees_all_concerns(membership),
        },
    )


@org_member()
def about_me(request: CirclesRequest, membership: Membership) -> HttpResponse:
    """The person a concern is about: that one was raised, and what was shared with them."""
    shown = person_sees_own_concerns(membership)
    rows = list(
        concerns_about_me(membership)
        .only("pk", "raised_at", "status", "shared_with_person", "organization_id")
        .order_by("-raised_at", "-id")
    )
    return render(
        request,
        "safety/about_me.html",
        {"rows": rows, "shown": shown, **crisis_context(membership)},
    )


org_urls: list[URLPattern] = [
    path("safety/concerns/new/", concern_new, name="safety_concern_new"),
    path("safety/concerns/<int:concern_id>/", concern_detail, name="safety_concern"),
    path(
        "safety/concerns/<int:concern_id>/acknowledge/",
        concern_acknowledge,
        name="safety_concern_acknowledge",
    ),
    path(
        "safety/concerns/<int:concern_id>/follow-up/",
        concern_follow_up,
        name="safety_concern_follow_up",
    ),
    path(
        "safety/concerns/<int:concern_id>/wishes/",
        concern_wishes,
        name="safety_concern_wishes",
    ),
    path("safety/concerns/<int:concern_id>/close/", concern_close, name="safety_concern_close"),
    path("safety/concerns/", concern_list, name="safety_concerns"),
    path("safety/about-me/", about_me, name="safety_about_me"),
]
