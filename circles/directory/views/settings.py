"""The organisation's directory settings: publishing, and how often to check records."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, Membership
from circles.directory.actions import save_directory_settings
from circles.directory.forms import DirectorySettingsForm
from circles.directory.models import DirectorySettings, Service


@org_member(roles=ADMIN_ROLES)
def directory_settings(request: CirclesRequest, membership: Membership) -> HttpResponse:
    owner = membership.organization
    settings = DirectorySettings.of(owner)
    form = DirectorySettingsForm(request.POST or None, instance=settings)
    if request.method == "POST" and form.is_valid():
        if save_directory_settings(form.instance, form.changed_data, membership.user):
            messages.success(request, _("Saved."))
        else:
            messages.success(request, _("Nothing had changed, so there was nothing to save."))
        return redirect("directory_settings", owner.slug)
    return render(
        request,
        "directory/settings.html",
        {"form": form, "services": Service.objects.for_owner(owner).count()},
        status=400 if form.errors else 200,
    )
