"""Meetings of a group, the meeting page, and what facilitators change about a meeting."""

from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership, User
from circles.groups.access import get_editable_group_for, get_group_for
from circles.groups.models import GroupMembership, SupportGroup
from circles.meetings import actions
from circles.meetings.access import (
    get_managed_meeting_for,
    get_meeting_for,
    get_own_group_membership_for,
    is_observer,
    manages,
    may_see_group_meetings,
)
from circles.meetings.forms import CancelForm, LeaderForm, WhenForm
from circles.meetings.models import Meeting, ObserverAssignment

LIST_LIMIT = 60

# What the people running a meeting can open from its page.
RUN_LINKS = [
    ("meeting_runshow", gettext_lazy("Run the meeting (step by step)")),
    ("meeting_attendance", gettext_lazy("Attendance")),
    ("meeting_breakouts", gettext_lazy("Breakout groups")),
    ("meeting_polls", gettext_lazy("Live polls")),
    ("meeting_feedback", gettext_lazy("Feedback link and QR code")),
    ("meeting_debrief", gettext_lazy("Debrief notes")),
    ("meeting_observers", gettext_lazy("Observers")),
]
# Supervisors and admins read these without running the meeting.
OVERSIGHT_LINKS = [
    ("meeting_attendance", gettext_lazy("Attendance")),
    ("meeting_debrief", gettext_lazy("Debrief notes")),
    ("meeting_observers", gettext_lazy("Observers and their reports")),
    ("meeting_feedback", gettext_lazy("Feedback link and QR code")),
]
# What a member of the group, or an assigned observer, can open.
MEMBER_LINKS = [
    ("meeting_my_attendance", gettext_lazy("Were you marked as there?")),
]


def _local(membership: Membership) -> Any:
    return timezone.override(membership.organization.timezone)


@org_member()
def group_meetings(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group, can_edit = get_group_for(membership, group_id)
    # Meetings are made by the worker, the daily command and schedule changes, never here.
    meetings = Meeting.objects.filter(group=group).select_related("leader")
    upcoming = list(meetings.upcoming()[:LIST_LIMIT])
    past = list(meetings.past()[:20])
    with _local(membership):
        return render(
            request,
            "meetings/meeting_list.html",
            {
                "group": group,
                "upcoming": upcoming,
                "past": past,
                "can_manage": can_edit,
                "coming_soon": not group.is_archived,
                "title": _("Meetings of %(group)s") % {"group": group.name},
            },
        )


@org_member()
def meeting_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    meetings = Meeting.objects.for_org(membership.organization).with_group()
    staff = membership.is_staff_role
    if not staff:
        group_ids = (
            GroupMembership.objects.for_org(membership.organization)
            .current()
            .filter(user_id=membership.user_id)
            .values("group_id")
        )
        # Members see their groups' meetings; observers also the meetings they observe.
        observing = ObserverAssignment.objects.filter(observer_id=membership.user_id).values(
            "meeting_id"
        )
        meetings = meetings.filter(Q(group_id__in=group_ids) | Q(pk__in=observing))
    upcoming = list(meetings.upcoming()[:LIST_LIMIT])
    with _local(membership):
        return render(
            request,
            "meetings/meeting_list.html",
            {
                "group": None,
                "upcoming": upcoming,
                "past": [],
                "show_group": True,
                "title": _("Upcoming meetings") if staff else _("Your meetings"),
            },
        )


def meeting_links(membership: Membership, meeting: Meeting, runs: bool) -> list[tuple[Any, str]]:
    """The pages about this meeting this person may open."""
    names: list[tuple[str, Any]]
    if runs:
        names = RUN_LINKS
    elif membership.has_oversight:
        names = OVERSIGHT_LINKS
    else:
        names = MEMBER_LINKS
    links: list[tuple[Any, str]] = [
        (label, reverse(name, args=[membership.organization.slug, meeting.pk]))
        for name, label in names
    ]
    if not runs and is_observer(meeting, membership.user_id):
        links.append(
            (
                _("Your observer report"),
                reverse("meeting_observer_report", args=[membership.organization.slug, meeting.pk]),
            )
        )
    return links


@org_member()
def meeting_detail(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting, runs = get_meeting_for(membership, meeting_id)
    can_manage = manages(membership, meeting.group)
    context: dict[str, Any] = {
        "meeting": meeting,
        "group": meeting.group,
        "runs": runs,
        "can_manage": can_manage,
        "sees_group_meetings": may_see_group_meetings(membership, meeting),
        "links": meeting_links(membership, meeting, runs),
        "cancel_form": CancelForm(),
    }
    if can_manage:
        context["leader_form"] = LeaderForm(
            initial={"leader": meeting.leader_id}, choices=leader_choices(meeting.group)
        )
    with _local(membership):
        return render(request, "meetings/meeting_detail.html", context)


def leader_choices(group: SupportGroup) -> list[tuple[int, str]]:
    facilitators = list(group.facilitators.all())
    willing = User.objects.filter(
        pk__in=GroupMembership.objects.for_org(group.organization)
        .current()
        .filter(group=group, willing_to_lead=True)
        .values("user_id")
    ).order_by("preferred_name", "pk")
    seen: set[int] = set()
    choices = []
    for person in [*facilitators, *willing]:
        if person.pk not in seen:
            seen.add(person.pk)
            choices.append((person.pk, person.display_name))
    return choices


@require_POST
@org_member()
def meeting_cancel(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_managed_meeting_for(membership, meeting_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        actions.cancel_meeting(meeting, form.cleaned_data["reason"], actor=request.user)
        messages.success(request, _("The meeting is cancelled. Members were told."))
    else:
        messages.error(request, " ".join(str(e) for e in form.errors.get("reason", [])))
    return redirect("meeting_detail", membership.organization.slug, meeting.pk)


@require_POST
@org_member()
def meeting_restore(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_managed_meeting_for(membership, meeting_id)
    actions.restore_meeting(meeting, actor=request.user)
    messages.success(request, _("The meeting is going ahead again. Members were told."))
    return redirect("meeting_detail", membership.organization.slug, meeting.pk)


@org_member()
def meeting_move(request: CirclesRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = get_managed_meeting_for(membership, meeting_id)
    tz = membership.organization.timezone
    with _local(membership):
        local = timezone.localtime(meeting.starts_at)
        initial = {
            "date": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "minutes": int(meeting.duration.total_seconds() // 60),
        }
        form = WhenForm(request.POST or None, initial=initial, tz=tz)
        if request.method == "POST" and form.is_valid():
            actions.move_meeting(meeting, form.starts_at(), form.duration(), actor=request.user)
            messages.success(request, _("The meeting has its new time. Members were told."))
            return redirect("meeting_detail", membership.organization.slug, meeting.pk)
        return render(
            request,
            "meetings/meeting_form.html",
            {"form": form, "meeting": meeting, "group": meeting.group, "moving": True},
        )


@org_member()
def meeting_add(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    group = get_editable_group_for(membership, group_id)
    tz = membership.organization.timezone
    initial = {"time": group.start_time, "minutes": group.duration_minutes}
    form = WhenForm(request.POST or None, initial=initial, tz=tz)
    if request.method == "POST" and form.is_valid():
        meeting = actions.add_one_off(group, form.starts_at(), form.duration(), actor=request.user)
        messages.success(request, _("The extra meeting is added."))
        return redirect("meeting_detail", membership.organization.slug, meeting.pk)
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "meeting": None, "group": group, "moving": False},
    )


@require_POST
@org_member()
def meeting_leader(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_managed_meeting_for(membership, meeting_id)
    form = LeaderForm(request.POST, choices=leader_choices(meeting.group))
    if form.is_valid():
        actions.set_leader(meeting, form.cleaned_data["leader"], actor=request.user)
        messages.success(request, _("The meeting leader is saved."))
    else:
        messages.error(request, _("Choose someone from the list."))
    return redirect("meeting_detail", membership.organization.slug, meeting.pk)


@require_POST
@org_member()
def group_willing_to_lead(
    request: CirclesRequest, membership: Membership, group_id: int
) -> HttpResponse:
    mine = get_own_group_membership_for(membership, group_id)
    group = mine.group
    willing = request.POST.get("willing") == "1"
    actions.set_willing_to_lead(mine, willing, actor=request.user)
    if willing:
        messages.success(request, _("Thank you. The facilitators may ask you to lead a meeting."))
    else:
        messages.success(request, _("That's fine. You won't be asked to lead a meeting."))
    return redirect("group_detail", membership.organization.slug, group.pk)
