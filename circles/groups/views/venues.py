"""Venues with the seed's checklist: staff look, admins add and change."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, STAFF_ROLES, Membership
from circles.groups import actions
from circles.groups.access import get_venue_for
from circles.groups.forms import VenueForm, feature_words
from circles.groups.models import Venue
from circles.groups.planning_assistant import slots_in_words


def lacks_words(venue: Venue) -> list[str]:
    return [feature_words(key) for key, _label in venue.missing()]


@org_member(roles=STAFF_ROLES)
def venue_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    venues = Venue.objects.for_org(membership.organization).annotate(group_count=Count("groups"))
    rows = [
        {
            "venue": venue,
            "offered": venue.offered(),
            "lacks": lacks_words(venue),
            "when": slots_in_words(venue.availability),
        }
        for venue in venues
    ]
    return render(
        request,
        "groups/venue_list.html",
        {"rows": rows, "can_edit": membership.is_admin},
    )


@org_member(roles=ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def venue_create(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = VenueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        venue = actions.add_venue(form.save(commit=False), organization, actor=request.user)
        messages.success(request, _("%(venue)s is added to your venues.") % {"venue": venue})
        return redirect("venue_list", org_slug=organization.slug)
    return render(request, "groups/venue_form.html", {"form": form, "venue": None})


@org_member(roles=ADMIN_ROLES)
@require_http_methods(["GET", "POST"])
def venue_edit(request: CirclesRequest, membership: Membership, venue_id: int) -> HttpResponse:
    venue = get_venue_for(membership, venue_id)
    form = VenueForm(request.POST or None, instance=venue)
    if request.method == "POST" and form.is_valid():
        actions.update_venue(form.save(commit=False), form.changed_data, actor=request.user)
        messages.success(request, _("Saved."))
        return redirect("venue_list", org_slug=membership.organization.slug)
    return render(request, "groups/venue_form.html", {"form": form, "venue": venue})
