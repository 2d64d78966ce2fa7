"""Referrals that close the loop, and each person's saved list of resources."""

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import OVERSIGHT_ROLES, STAFF_ROLES, Membership
from circles.directory.linking import access, actions
from circles.directory.linking.forms import HowItWentForm, MoveForm, ReferralForm, SaveForm
from circles.directory.linking.models import (
    OPEN_STATES,
    IllegalTransition,
    Referral,
    SavedResource,
    State,
)
from circles.lib.forms import parse_id

# Counts below this are not shown: a small number can point at one person.
MIN_COUNT = 5
OUTCOME_MONTHS = 12


def _service_from_query(request: CirclesRequest, membership: Membership) -> Any:
    service_id = parse_id(request.GET.get("service", ""))
    if service_id is None:
        return None
    return access.get_linkable_service_for(membership, service_id)


@org_member()
def referral_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    """Referrals for me; for staff, also the ones I made."""
    mine = list(
        Referral.objects.for_org(membership.organization)
        .of_person(membership.user_id)
        .with_service()
        .order_by("-created", "-pk")
    )
    made: list[Referral] = []
    if membership.is_staff_role:
        made = list(
            Referral.objects.for_org(membership.organization)
            .made_by(membership.user_id)
            .with_service()
            .order_by("-state_changed_at", "-pk")[:200]
        )
    return render(
        request,
        "linking/referral_list.html",
        {
            "organization": membership.organization,
            "mine": mine,
            "made": made,
            "open_states": OPEN_STATES,
            "today": timezone.localdate(),
        },
    )


@org_member(roles=STAFF_ROLES)
def referral_new(request: CirclesRequest, membership: Membership) -> HttpResponse:
    """A referral to a service in a directory here (``?service=id``), or by hand to one outside."""
    service = _service_from_query(request, membership)
    people = access.people_to_link(membership)
    initial = {"person": request.GET.get("person", "")[:20]}
    form = ReferralForm(
        request.POST or None, people=people, outside=service is None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        referral = actions.make_referral(
            membership.organization,
            membership.user,
            form.person_id(),
            service=service,
            outside_name=data.get("outside_name", ""),
            outside_contact=data.get("outside_contact", ""),
            note=data.get("note", ""),
            follow_up_on=data.get("follow_up_on"),
        )
        messages.success(request, _("The referral is recorded as sent."))
        return redirect(
            "referral_detail", org_slug=membership.organization.slug, referral_id=referral.pk
        )
    return render(
        request,
        "linking/referral_new.html",
        {"organization": membership.organization, "form": form, "service": service},
        status=400 if form.errors else 200,
    )


def _detail(
    request: CirclesRequest,
    membership: Membership,
    referral: Referral,
    made: bool,
    *,
    move_form: MoveForm | None = None,
    how_form: HowItWentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if made and move_form is None and referral.is_open:
        move_form = MoveForm(choices=referral.next_states())
    is_person = referral.person_id == membership.user_id
    if is_person and how_form is None:
        how_form = HowItWentForm(initial={"how_it_went": referral.how_it_went})
    return render(
        request,
        "linking/referral_detail.html",
        {
            "organization": membership.organization,
            "referral": referral,
            "steps": referral.steps.select_related("by").all(),
            "made": made,
            "is_person": is_person,
            "move_form": move_form if made else None,
            "how_form": how_form if is_person else None,
        },
        status=status,
    )


@org_member()
def referral_detail(
    request: CirclesRequest, membership: Membership, referral_id: int
) -> HttpResponse:
    referral, made = access.get_referral_for(membership, referral_id)
    return _detail(request, membership, referral, made)


def _back_to(referral: Referral) -> HttpResponse:
    return redirect("referral_detail", org_slug=referral.organization.slug, referral_id=referral.pk)


# The actions below answer a plain visit by going back to the referral: GET never writes.


@org_member(roles=STAFF_ROLES)
def referral_move(
    request: CirclesRequest, membership: Membership, referral_id: int
) -> HttpResponse:
    referral = access.get_made_referral_for(membership, referral_id)
    if request.method != "POST":
        return _back_to(referral)
    form = MoveForm(request.POST, choices=referral.next_states())
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.move_referral(
                referral,
                membership.user,
                data["state"],
                reason=data.get("reason", ""),
                follow_up_on=data.get("follow_up_on"),
            )
        except IllegalTransition:
            # Someone moved it in another tab in the meantime.
            messages.info(
                request, _("This referral had already moved on; here is where it is now.")
            )
        else:
            messages.success(request, _("Saved."))
        return redirect(
            "referral_detail", org_slug=membership.organization.slug, referral_id=referral.pk
        )
    return _detail(request, membership, referral, True, move_form=form, status=400)


@org_member()
def referral_how_it_went(
    request: CirclesRequest, membership: Membership, referral_id: int
) -> HttpResponse:
    referral = access.get_own_referral_for(membership, referral_id)
    if request.method != "POST":
        return _back_to(referral)
    form = HowItWentForm(request.POST)
    if form.is_valid():
        actions.tell_how_it_went(referral, membership.user, form.cleaned_data["how_it_went"])
        messages.success(request, _("Thank you for telling us how it went."))
        return redirect(
            "referral_detail", org_slug=membership.organization.slug, referral_id=referral.pk
        )
    made = referral.made_by_id == membership.user_id and membership.is_staff_role
    return _detail(request, membership, referral, made, how_form=form, status=400)


@org_member()
def referral_accompany(
    request: CirclesRequest, membership: Membership, referral_id: int
) -> HttpResponse:
    referral = access.get_own_referral_for(membership, referral_id)
    if request.method != "POST":
        return _back_to(referral)
    actions.ask_to_be_accompanied(referral, membership.user)
    messages.success(
        request,
        _("We have let your specialist know you would like them to come with you."),
    )
    return redirect(
        "referral_detail", org_slug=membership.organization.slug, referral_id=referral.pk
    )


def outcome_rows(
    membership: Membership, since: datetime.datetime
) -> tuple[list[dict[str, Any]], int]:
    """How the organisation's referrals turned out, by state; counts below 5 are hidden."""
    counted = dict(
        Referral.objects.for_org(membership.organization)
        .filter(created__gte=since)
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    rows = []
    for value, label in State.choices:
        n = counted.get(value, 0)
        rows.append({"state": value, "label": label, "count": n if n >= MIN_COUNT else None})
    return rows, sum(counted.values())


@org_member(roles=OVERSIGHT_ROLES)
def referral_outcomes(request: CirclesRequest, membership: Membership) -> HttpResponse:
    since = timezone.now() - datetime.timedelta(days=round(OUTCOME_MONTHS * 30.44))
    rows, total = outcome_rows(membership, since)
    return render(
        request,
        "linking/referral_outcomes.html",
        {
            "organization": membership.organization,
            "rows": rows,
            "months": OUTCOME_MONTHS,
            "min_count": MIN_COUNT,
            "enough": total >= MIN_COUNT,
        },
    )


# Saved lists


@org_member()
def saved_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    mine = list(
        SavedResource.objects.for_org(membership.organization)
        .of_person(membership.user_id)
        .select_related("service__organization")
        .prefetch_related("service__phones")
        .order_by("service__name", "pk")
    )
    for_others: list[SavedResource] = []
    if membership.is_staff_role:
        for_others = list(
            SavedResource.objects.for_org(membership.organization)
            .filter(saved_by_id=membership.user_id)
            .exclude(person_id=membership.user_id)
            .select_related("service", "person")
            .order_by("person__preferred_name", "service__name", "pk")[:200]
        )
    return render(
        request,
        "linking/saved_list.html",
        {"organization": membership.organization, "mine": mine, "for_others": for_others},
    )


@org_member()
def saved_add(request: CirclesRequest, membership: Membership, service_id: int) -> HttpResponse:
    """Save a resource: to your own list, or (staff) to a person's list, chosen on this page."""
    service = access.get_linkable_service_for(membership, service_id)
    people = access.people_to_link(membership)
    form = SaveForm(request.POST or None, people=people) if people else None
    if request.method == "POST":
        if form is None:
            actions.save_for(membership.organization, membership.user_id, service, membership.user)
            messages.success(request, _("Saved to your list."))
            return redirect("saved_list", org_slug=membership.organization.slug)
        if form.is_valid():
            actions.save_for(membership.organization, form.person_id(), service, membership.user)
            messages.success(request, _("Saved to their list."))
            return redirect("saved_list", org_slug=membership.organization.slug)
    return render(
        request,
        "linking/saved_add.html",
        {"organization": membership.organization, "service": service, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


@org_member()
def saved_remove(request: CirclesRequest, membership: Membership, saved_id: int) -> HttpResponse:
    saved = access.get_saved_for(membership, saved_id)
    if request.method != "POST":
        return redirect("saved_list", org_slug=membership.organization.slug)
    actions.remove_saved(saved, membership.user)
    messages.success(request, _("Taken off the list."))
    return redirect("saved_list", org_slug=membership.organization.slug)
