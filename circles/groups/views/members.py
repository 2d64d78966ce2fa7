"""Who belongs to a group: the facilitators' members page with requests to answer,
the members' own page, and leaving."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups import actions
from circles.groups.access import (
    get_editable_group_for,
    get_group_for,
    get_join_request_for,
    get_own_group_membership_for,
)
from circles.groups.finder import day_words
from circles.groups.forms import AcceptForm, DeclineForm
from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError

Status = GroupMembership.Status


@dataclass
class Waiting:
    """A request to join, with what the facilitator typed and what was wrong, if any."""

    gm: GroupMembership
    welcome_typed: str = ""
    welcome_error: str = ""
    typed: str | None = None
    error: str = ""


def _members_context(group: SupportGroup) -> dict[str, Any]:
    people = list(
        GroupMembership.objects.for_org(group.organization)
        .filter(group=group, status__in=[Status.MEMBER, Status.REQUESTED])
        .select_related("user")
        .order_by("requested_at")
    )
    return {
        "group": group,
        "members": [p for p in people if p.status == Status.MEMBER],
        "requests": [Waiting(p) for p in people if p.status == Status.REQUESTED],
        "default_decline": actions.DEFAULT_DECLINE_MESSAGE,
    }


@org_member()
def group_members(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group = get_editable_group_for(membership, group_id)
    return render(request, "groups/group_members.html", _members_context(group))


def _already_answered(
    request: CirclesRequest, membership: Membership, group_id: int
) -> HttpResponse:
    messages.info(request, _("That request was already answered."))
    return redirect("group_members", org_slug=membership.organization.slug, group_id=group_id)


def _members_page_with_errors(
    request: CirclesRequest, group: SupportGroup, gm: GroupMembership, form: Any, welcome: bool
) -> HttpResponse:
    """The members page again, with what was typed for this request and what was wrong."""
    context = _members_context(group)
    typed = form.data.get("message", "")
    error = " ".join(str(e) for e in form.errors.get("message", []))
    for waiting in context["requests"]:
        if waiting.gm.pk == gm.pk:
            if welcome:
                waiting.welcome_typed, waiting.welcome_error = typed, error
            else:
                waiting.typed, waiting.error = typed, error
    return render(request, "groups/group_members.html", context)


@org_member()
@require_POST
def group_member_accept(
    request: CirclesRequest, membership: Membership, group_id: int, group_membership_id: int
) -> HttpResponse:
    group, gm = get_join_request_for(membership, group_id, group_membership_id)
    if gm.status != Status.REQUESTED:
        return _already_answered(request, membership, group.pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _members_page_with_errors(request, group, gm, form, welcome=True)
    actions.accept(gm, request.user, form.cleaned_data["message"])
    messages.success(
        request,
        _("%(name)s is now a member. We emailed them to say so.") % {"name": gm.user.display_name},
    )
    return redirect("group_members", org_slug=membership.organization.slug, group_id=group.pk)


@org_member()
@require_POST
def group_member_decline(
    request: CirclesRequest, membership: Membership, group_id: int, group_membership_id: int
) -> HttpResponse:
    group, gm = get_join_request_for(membership, group_id, group_membership_id)
    if gm.status != Status.REQUESTED:
        return _already_answered(request, membership, group.pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _members_page_with_errors(request, group, gm, form, welcome=False)
    actions.decline(gm, request.user, form.cleaned_data["message"])
    messages.success(request, _("We sent %(name)s your note.") % {"name": gm.user.display_name})
    return redirect("group_members", org_slug=membership.organization.slug, group_id=group.pk)


@org_member()
@require_POST
def leave_group(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    gm = get_own_group_membership_for(membership, group_id)
    was_request = gm.status == Status.REQUESTED
    actions.leave(gm, request.user)
    if was_request:
        text = _("You took back your request to join %(group)s.")
    else:
        text = _("You have left %(group)s. You are welcome back any time.")
    messages.success(request, text % {"group": gm.group.name})
    return redirect("org_home", org_slug=membership.organization.slug)


@org_member()
def group_people(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    mine = (
        GroupMembership.objects.for_org(membership.organization)
        .filter(group=group, user_id=membership.user_id)
        .first()
    )
    show_names = group.show_member_names or can_edit
    members = []
    if show_names:
        members = list(
            GroupMembership.objects.for_org(membership.organization)
            .current()
            .filter(group=group)
            .select_related("user")
            .order_by("user__preferred_name", "user__email")
        )
    try:
        upcoming = [day_words(d) for d in Schedule.of(group).next_dates(3)]
    except ScheduleError:
        upcoming = []
    return render(
        request,
        "groups/group_people.html",
        {
            "group": group,
            "can_edit": can_edit,
            "show_names": show_names,
            "members": members,
            "mine": mine,
            "is_member": mine is not None and mine.status == Status.MEMBER,
            "schedule": Schedule.of(group).describe(),
            "upcoming": upcoming,
        },
    )
