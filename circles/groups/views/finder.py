"""Finding a group and joining it: the public finder and group page, join requests,
the facilitators' members page, and leaving."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.models import Membership
from circles.groups import membership as actions
from circles.groups.access import get_editable_group_for, get_group_for
from circles.groups.finder import FinderForm, day_words, find_groups, topics_and_languages
from circles.groups.models import GroupMembership, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError

Status = GroupMembership.Status


class JoinForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("A note to the facilitators (optional)"),
        help_text=gettext_lazy(
            "Anything you would like them to know. You do not have to write anything."
        ),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "accept"), ("decline", "decline")])
    message = forms.CharField(
        label=gettext_lazy("A kind note to them"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "decline" and not data.get("message", "").strip():
            self.add_error(
                "message",
                _("Please write a kind note, so the person knows this is not about them."),
            )
        return data


# --- Public pages ----------------------------------------------------------------


def find_group(request: HttpRequest) -> HttpResponse:
    public = SupportGroup.objects.public()
    topics, languages = topics_and_languages(public)
    form = FinderForm(request.GET or None, topics=topics, languages=languages)
    filters = form.filters() if request.GET else {}
    results = find_groups(public, filters)
    context = {"form": form, "results": results, "filtered": bool(filters)}
    template = "groups/finder.html#results" if request.htmx else "groups/finder.html"  # type: ignore[attr-defined]
    response = render(request, template, context)
    # The same address answers with a fragment or a page: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request"])
    return response


def _public_group(group_id: int) -> SupportGroup:
    try:
        return SupportGroup.objects.public().with_details().get(pk=group_id)
    except SupportGroup.DoesNotExist as exc:
        raise Http404("No such public group.") from exc


def _org_membership(request: HttpRequest, group: SupportGroup) -> Membership | None:
    for membership in request.memberships:  # type: ignore[attr-defined]
        if membership.organization_id == group.organization_id:
            return membership
    return None


def public_group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _public_group(group_id)
    return render(request, "groups/public_group.html", _public_context(request, group))


def _public_context(request: HttpRequest, group: SupportGroup) -> dict[str, Any]:
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
def join_group(request: HttpRequest, group_id: int) -> HttpResponse:
    group = _public_group(group_id)
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


# --- Under /o/<org_slug>/ ----------------------------------------------------------


def _members_context(group: SupportGroup) -> dict[str, Any]:
    people = list(
        GroupMembership.objects.for_org(group.organization)
        .filter(group=group, status__in=[Status.MEMBER, Status.REQUESTED])
        .select_related("user")
        .order_by("requested_at")
    )
    requests = [p for p in people if p.status == Status.REQUESTED]
    for waiting in requests:
        # What the facilitator typed and what was wrong, if a decision came back.
        waiting.typed = None  # type: ignore[attr-defined]
        waiting.error = ""  # type: ignore[attr-defined]
    return {
        "group": group,
        "members": [p for p in people if p.status == Status.MEMBER],
        "requests": requests,
        "default_decline": actions.DEFAULT_DECLINE_MESSAGE,
    }


@org_member()
def group_members(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    group = get_editable_group_for(membership, group_id)
    return render(request, "groups/group_members.html", _members_context(group))


@org_member()
@require_POST
def group_member_decide(
    request: HttpRequest, membership: Membership, joining_group_id: int, group_membership_id: int
) -> HttpResponse:
    # The kwarg has its own name so the access tables' objects for it stay paired.
    group = get_editable_group_for(membership, joining_group_id)
    gm = (
        GroupMembership.objects.for_org(membership.organization)
        .filter(pk=group_membership_id, group=group)
        .select_related("user")
        .first()
    )
    if gm is None:
        raise Http404("No such request in this group.")
    if gm.status != Status.REQUESTED:
        messages.info(request, _("That request was already answered."))
        return redirect("group_members", org_slug=membership.organization.slug, group_id=group.pk)
    form = DecideForm(request.POST)
    if not form.is_valid():
        context = _members_context(group)
        for waiting in context["requests"]:
            if waiting.pk == gm.pk:
                waiting.typed = form.data.get("message", "")
                waiting.error = " ".join(
                    str(e) for e in form.errors.get("message", form.errors.get("decision", []))
                )
        return render(request, "groups/group_members.html", context)
    name = gm.user.display_name
    if form.cleaned_data["decision"] == "accept":
        actions.accept(gm, request.user, form.cleaned_data["message"])
        messages.success(
            request, _("%(name)s is now a member. We emailed them to say so.") % {"name": name}
        )
    else:
        actions.decline(gm, request.user, form.cleaned_data["message"])
        messages.success(request, _("We sent %(name)s your note.") % {"name": name})
    return redirect("group_members", org_slug=membership.organization.slug, group_id=group.pk)


def _own_membership(membership: Membership, group: SupportGroup) -> GroupMembership | None:
    return (
        GroupMembership.objects.for_org(membership.organization)
        .filter(group=group, user_id=membership.user_id)
        .first()
    )


@org_member()
@require_POST
def leave_group(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    # Not get_group_for: someone still waiting for an answer may take their request back.
    group = SupportGroup.objects.for_org(membership.organization).filter(pk=group_id).first()
    if group is None:
        raise Http404("No such group here.")
    gm = _own_membership(membership, group)
    if gm is None or gm.status not in (Status.MEMBER, Status.REQUESTED):
        raise PermissionDenied("Only the group's members can leave it.")
    was_request = gm.status == Status.REQUESTED
    actions.leave(gm, request.user)
    if was_request:
        text = _("You took back your request to join %(group)s.")
    else:
        text = _("You have left %(group)s. You are welcome back any time.")
    messages.success(request, text % {"group": group.name})
    return redirect("org_home", org_slug=membership.organization.slug)


@org_member()
def group_people(request: HttpRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    mine = _own_membership(membership, group)
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


org_urls: list[URLPattern] = [
    path("groups/<int:group_id>/members/", group_members, name="group_members"),
    path(
        "groups/<int:joining_group_id>/members/<int:group_membership_id>/decide/",
        group_member_decide,
        name="group_member_decide",
    ),
    path("groups/<int:group_id>/leave/", leave_group, name="leave_group"),
    path("groups/<int:group_id>/people/", group_people, name="group_people"),
]
public_urls: list[URLPattern] = [
    path("groups/", find_group, name="find_group"),
    path("groups/<int:group_id>/", public_group, name="public_group"),
    path("groups/<int:group_id>/join/", join_group, name="join_group"),
]
