"""The organisation's safety policy, its jurisdiction notes and the on-duty list."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, STAFF_ROLES, Membership
from circles.safety.access import get_duty_entry_for
from circles.safety.actions import remove_duty_entry, save_duty_entry, save_safety_settings
from circles.safety.duty import active_staff, default_duty_users, duty_entries
from circles.safety.forms import DutyEntryForm, SettingsForm
from circles.safety.models import WEEKDAYS, OnDutyEntry, SafetySettings

DAY_NAMES = dict(WEEKDAYS)


def _duty_rows(membership: Membership) -> list[dict[str, object]]:
    entries = duty_entries(membership.organization)
    return [
        {
            "entry": e,
            "days": [DAY_NAMES[int(d)] for d in e.days],
        }
        for e in entries
    ]


@org_member(roles=STAFF_ROLES)
def policy(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    rows = _duty_rows(membership)
    return render(
        request,
        "safety/policy.html",
        {
            "settings": SafetySettings.of(organization),
            "rows": rows,
            "default_people": [] if rows else default_duty_users(organization),
        },
    )


@org_member(roles=ADMIN_ROLES)
def settings_edit(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    settings = SafetySettings.of(organization)
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            changed = save_safety_settings(settings, membership.user, form.cleaned_data)
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("safety_policy", organization.slug)
        status = 400
    else:
        form = SettingsForm(
            initial={
                "ack_limit_minutes": settings.ack_limit_minutes,
                "person_sees_concern": settings.person_sees_concern,
                "policy_text": settings.policy_text,
                "jurisdiction_notes": settings.jurisdiction_notes,
            }
        )
        status = 200
    return render(request, "safety/settings.html", {"form": form}, status=status)


def _duty_page(
    request: CirclesRequest, membership: Membership, form: DutyEntryForm, status: int = 200
) -> HttpResponse:
    rows = _duty_rows(membership)
    return render(
        request,
        "safety/duty.html",
        {
            "rows": rows,
            "form": form,
            "default_people": [] if rows else default_duty_users(membership.organization),
        },
        status=status,
    )


@org_member(roles=ADMIN_ROLES)
def duty(request: CirclesRequest, membership: Membership) -> HttpResponse:
    staff = list(active_staff(membership.organization).order_by("user__preferred_name", "id"))
    return _duty_page(request, membership, DutyEntryForm(staff=staff))


@org_member(roles=ADMIN_ROLES)
def duty_add(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    if request.method != "POST":
        return redirect("safety_duty", organization.slug)
    staff = list(active_staff(organization).order_by("user__preferred_name", "id"))
    form = DutyEntryForm(request.POST, staff=staff)
    if not form.is_valid():
        return _duty_page(request, membership, form, status=400)
    data = form.cleaned_data
    entry = OnDutyEntry.objects.for_org(organization).filter(user_id=data["person"]).first()
    entry = entry or OnDutyEntry(organization=organization, user_id=data["person"])
    entry.position = data["position"]
    entry.days = form.days_text()
    entry.starts = data["starts"]
    entry.ends = data["ends"]
    save_duty_entry(entry, membership.user)
    messages.success(
        request,
        _("%(name)s is on the list.") % {"name": form.staff[data["person"]].user.display_name},
    )
    return redirect("safety_duty", organization.slug)


@org_member(roles=ADMIN_ROLES)
def duty_remove(request: CirclesRequest, membership: Membership, entry_id: int) -> HttpResponse:
    entry = get_duty_entry_for(membership, entry_id)
    if request.method == "POST":
        remove_duty_entry(entry, membership.user)
        messages.success(request, _("Taken off the list."))
    return redirect("safety_duty", membership.organization.slug)


org_urls: list[URLPattern] = [
    path("safety/", policy, name="safety_policy"),
    path("safety/settings/", settings_edit, name="safety_settings"),
    path("safety/on-duty/", duty, name="safety_duty"),
    path("safety/on-duty/add/", duty_add, name="safety_duty_add"),
    path("safety/on-duty/<int:entry_id>/remove/", duty_remove, name="safety_duty_remove"),
]
