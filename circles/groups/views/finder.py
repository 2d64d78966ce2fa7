"""Finding a group and asking to join it: the public finder, a group's public page, joining."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups import actions
from circles.groups.access import get_public_group
from circles.groups.finder import FinderForm, day_words, find_groups, topics_and_languages
from circles.groups.forms import JoinForm
from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError


def find_group(request: CirclesRequest) -> HttpResponse:
    public = SupportGroup.objects.public()
    topics, languages = topics_and_languages(public)
    form = FinderForm(request.GET or None, topics=topics, languages=languages)
    filters = form.filters() if request.GET else {}
    page, results = find_groups(request, public, filters)
    context = {"form": form, "page": page, "results": results, "filtered": bool(filters)}
    template = "groups/finder.html#results" if request.htmx else "groups/finder.html"
    response = render(request, template, context)
    # The same address answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _org_membership(request: CirclesRequest, group: SupportGroup) -> Membership | None:
    for membership in request.memberships:
        if membership.organization_id == group.organization_id:
            return membership
    return None


def public_group(request: CirclesRequest, group_id: int) -> HttpResponse:
    group = get_public_group(group_id)
    return render(request, "groups/public_group.html", _public_context(request, group))


def _public_context(request: CirclesRequest, group: SupportGroup) -> dict[str, Any]:
    schedule = Schedule.of(group)
    try:
        upcoming = [day_words(d) for d in schedule.next_dates(3)]
    except ScheduleError:
        upcoming = []
    in_org = _org_membership(request, group)
    mine = None
    if in_org is not None:
        mine = (
            GroupMembership.objects.for_org(group.organization)
            .filter(group=group, user_id=in_org.user_id)
            .first()
        )
    return {
        "group": group,
        "organization": group.organization,
        "schedule": schedule.describe(),
        "upcoming": upcoming,
        "venue": group.venue if group.meets_in_person else None,
        "in_org": in_org,
        "mine": mine,
        "form": JoinForm(),
        "login_url": f"{reverse('account_login')}?{urlencode({'next': request.path})}",
    }


@login_required
@require_POST
def join_group(request: CirclesRequest, group_id: int) -> HttpResponse:
    group = get_public_group(group_id)
    if _org_membership(request, group) is None:
        messages.info(
            request,
            _(
                "Only members of %(org)s can ask to join here. The organisation's "
                "contact details are below; they will gladly help."
            )
            % {"org": group.organization.name},
        )
        return redirect("public_group", group_id=group.pk)
    form = JoinForm(request.POST)
    if not form.is_valid():
        context = _public_context(request, group) | {"form": form}
        return render(request, "groups/public_group.html", context, status=400)
    gm = actions.request_to_join(group, request.user, form.cleaned_data["note"])
    return render(
        request,
        "groups/join_done.html",
        {"group": group, "organization": group.organization, "gm": gm},
    )
