"""The confidentiality statement: reading it, saying so, telling people, and editing it."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, OVERSIGHT_ROLES, STAFF_ROLES, Membership
from circles.safety.access import get_person_to_tell_for, people_to_tell
from circles.safety.actions import acknowledge_confidentiality, publish_statement
from circles.safety.confidentiality import (
    current_statement,
    default_statement_text,
    is_told,
    told_user_ids,
)
from circles.safety.forms import StatementForm, TellForm
from circles.safety.models import ConfidentialityAcknowledgement


@org_member()
def statement(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    current = current_statement(organization)
    return render(
        request,
        "safety/statement.html",
        {
            "statement": current,
            "told": current is not None and is_told(organization, membership.user),
            "next": _safe_next(request.GET.get("next", "")),
        },
    )


def _safe_next(value: str) -> str:
    """Only a page of this site, by path: never another site."""
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value[:500]
    return ""


@org_member()
def statement_acknowledge(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    if request.method != "POST":
        return redirect("safety_statement", organization.slug)
    current = current_statement(organization)
    if current is None:
        return redirect("safety_statement", organization.slug)
    acknowledge_confidentiality(
        statement=current,
        user=membership.user,
        recorded_by=membership.user,
        how=ConfidentialityAcknowledgement.How.SELF,
    )
    messages.success(request, _("Thank you. You can read it again here at any time."))
    target = _safe_next(request.POST.get("next", ""))
    return redirect(target) if target else redirect("safety_statement", organization.slug)


@org_member(roles=ADMIN_ROLES)
def statement_edit(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    current = current_statement(organization)
    if request.method == "POST":
        form = StatementForm(request.POST)
        if form.is_valid():
            if current is not None and form.cleaned_data["text"] == current.text:
                messages.info(request, _("Nothing changed, so no new version was published."))
                return redirect("safety_statement", organization.slug)
            published = publish_statement(organization, form.cleaned_data["text"], membership.user)
            messages.success(
                request,
                _("Version %(version)s is published. Everyone will be asked to read it again.")
                % {"version": published.version},
            )
            return redirect("safety_statement", organization.slug)
        status = 400
    else:
        text = current.text if current else default_statement_text(organization.name)
        form = StatementForm(initial={"text": text})
        status = 200
    return render(
        request,
        "safety/statement_edit.html",
        {"form": form, "statement": current},
        status=status,
    )


@org_member(roles=OVERSIGHT_ROLES)
def told_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    people = people_to_tell(membership)
    told = told_user_ids(organization, [m.user_id for m in people])
    rows = sorted(people, key=lambda m: (m.user_id in told, m.user.display_name.lower()))
    return render(
        request,
        "safety/told_list.html",
        {
            "rows": rows,
            "told": told,
            "statement": current_statement(organization),
            "not_told_count": sum(1 for m in people if m.user_id not in told),
        },
    )


@org_member(roles=STAFF_ROLES)
def tell(request: CirclesRequest, membership: Membership, user_id: int) -> HttpResponse:
    organization = membership.organization
    person = get_person_to_tell_for(membership, user_id)
    current = current_statement(organization)
    if request.method == "POST" and current is not None:
        form = TellForm(request.POST)
        if form.is_valid():
            acknowledge_confidentiality(
                statement=current,
                user=person.user,
                recorded_by=membership.user,
                how=form.cleaned_data["how"],
            )
            messages.success(
                request,
                _("Recorded: %(name)s has been told about confidentiality.")
                % {"name": person.user.display_name},
            )
            return redirect("safety_told_list", organization.slug)
        status = 400
    else:
        form = TellForm()
        status = 200
    return render(
        request,
        "safety/tell.html",
        {
            "form": form,
            "person": person,
            "statement": current,
            "told": is_told(organization, person.user),
        },
        status=status,
    )


org_urls: list[URLPattern] = [
    path("safety/confidentiality/", statement, name="safety_statement"),
    path(
        "safety/confidentiality/acknowledge/",
        statement_acknowledge,
        name="safety_statement_acknowledge",
    ),
    path("safety/confidentiality/edit/", statement_edit, name="safety_statement_edit"),
    path("safety/confidentiality/people/", told_list, name="safety_told_list"),
    path("safety/confidentiality/people/<int:user_id>/tell/", tell, name="safety_tell"),
]
