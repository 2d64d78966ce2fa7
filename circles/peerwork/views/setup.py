"""A specialist's matching profile, and the organisation's promises and policies."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, STAFF_ROLES, Membership
from circles.peerwork.actions import save_profile, update_settings
from circles.peerwork.forms import ProfileForm, SettingsForm
from circles.peerwork.models import PREFERENCE_KEYS, PeerworkSettings, SpecialistProfile


@org_member(roles=STAFF_ROLES)
def profile(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    settings = PeerworkSettings.of(organization)
    existing = SpecialistProfile.objects.for_org(organization).filter(user=membership.user).first()
    initial = (
        {key: getattr(existing, key) for key in (*PREFERENCE_KEYS, "capacity", "is_taking_people")}
        if existing
        else {"capacity": 8, "is_taking_people": True}
    )
    form = ProfileForm(request.POST or None, initial=initial)
    form.set_areas(settings)
    if request.method == "POST" and form.is_valid():
        values = {
            **form.preferences(),
            **{
                "capacity": form.cleaned_data["capacity"],
                "is_taking_people": form.cleaned_data["is_taking_people"],
            },
        }
        save_profile(organization, membership.user, values)
        messages.success(request, _("Your matching profile is saved."))
        return redirect("peer_caseload", org_slug=organization.slug)
    return render(
        request, "peerwork/profile.html", {"form": form}, status=400 if form.errors else 200
    )


@org_member(roles=ADMIN_ROLES)
def settings_page(request: CirclesRequest, membership: Membership) -> HttpResponse:
    settings = PeerworkSettings.of(membership.organization)
    form = SettingsForm(
        request.POST or None,
        instance=settings,
        initial={"area_lines": "\n".join(settings.area_list)},
    )
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        changed.areas = form.cleaned_data["area_lines"]
        update_settings(changed, membership.user)
        messages.success(request, _("The peer support settings are saved."))
        return redirect("peer_settings", org_slug=membership.organization.slug)
    return render(
        request, "peerwork/settings.html", {"form": form}, status=400 if form.errors else 200
    )
