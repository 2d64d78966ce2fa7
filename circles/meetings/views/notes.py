"""After the meeting: the debrief, observers and their reports."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership, Role, User
from circles.groups.models import GroupMembership
from circles.meetings import actions
from circles.meetings.access import (
    get_observer_assignment_for,
    get_open_report_assignment_for,
    get_private_meeting_for,
    report_open_until,
)
from circles.meetings.forms import SCORES, DebriefForm, ObserverForm, ObserverReportForm
from circles.meetings.keep_apart import kept_apart_from, kept_apart_pairs
from circles.meetings.models import (
    Attendance,
    Debrief,
    Meeting,
    ObserverAssignment,
    ObserverReport,
)


@org_member()
def meeting_debrief(request: CirclesRequest, membership: Membership, meeting_id: int) -> Any:
    writing = request.method == "POST"
    meeting, runs = get_private_meeting_for(membership, meeting_id, writing=writing)
    debrief = Debrief.objects.for_org(meeting.organization).filter(meeting=meeting).first()
    if writing:
        form = DebriefForm(
            request.POST,
            instance=debrief or Debrief(organization=meeting.organization, meeting=meeting),
        )
        if form.is_valid():
            actions.write_debrief(meeting, form.save(commit=False), actor=request.user)
            messages.success(
                request,
                _(
                    "Debrief saved. Only the people running the meeting and supervisors "
                    "can read it."
                ),
            )
            return redirect(
                "meeting_debrief", org_slug=meeting.organization.slug, meeting_id=meeting.pk
            )
    else:
        form = DebriefForm(instance=debrief)
        if debrief is not None:
            actions.note_debrief_read(meeting, debrief, actor=request.user)
    context = {"meeting": meeting, "debrief": debrief, "form": form, "can_write": runs}
    return render(request, "meetings/debrief.html", context)


def observer_choices(meeting: Meeting) -> Any:
    """Observers here, except anyone kept apart from someone in the meeting."""
    return (
        User.objects.filter(
            memberships__organization=meeting.organization,
            memberships__role=Role.OBSERVER,
            memberships__is_active=True,
        )
        .exclude(pk__in=_kept_apart_from_meeting(meeting))
        .order_by("preferred_name", "email")
    )


def _kept_apart_from_meeting(meeting: Meeting) -> set[int]:
    """Everyone kept apart from the meeting's facilitators, leader, members or those present."""
    pairs = kept_apart_pairs(meeting.organization)
    if not pairs:
        return set()
    people = set(meeting.group.facilitators.values_list("pk", flat=True))
    if meeting.leader_id:
        people.add(meeting.leader_id)
    people.update(
        GroupMembership.objects.for_org(meeting.organization)
        .current()
        .filter(group_id=meeting.group_id)
        .values_list("user_id", flat=True)
    )
    people.update(
        Attendance.objects.for_org(meeting.organization)
        .filter(meeting=meeting, user__isnull=False)
        .values_list("user_id", flat=True)
    )
    return kept_apart_from(pairs, people)


def _observers_page(meeting: Meeting) -> HttpResponse:
    return redirect("meeting_observers", org_slug=meeting.organization.slug, meeting_id=meeting.pk)


@org_member()
def meeting_observers(request: CirclesRequest, membership: Membership, meeting_id: int) -> Any:
    """Who is asked to observe, and their reports; the form asks one more person."""
    meeting, _runs = get_private_meeting_for(membership, meeting_id)
    if request.method == "POST":
        return _add_observer(request, meeting)
    assignments = ObserverAssignment.objects.for_org(meeting.organization).filter(meeting=meeting)
    listed = list(assignments.select_related("observer", "report").order_by("pk"))
    if any(_has_report(a) for a in listed):
        actions.note_observer_reports_read(meeting, actor=request.user)
    taken = {a.observer_id for a in listed}
    context = {
        "meeting": meeting,
        "assignments": [(a, a.report if _has_report(a) else None) for a in listed],
        "choices": [u for u in observer_choices(meeting) if u.pk not in taken],
        "scores": SCORES,
    }
    return render(request, "meetings/observers.html", context)


def _add_observer(request: CirclesRequest, meeting: Meeting) -> HttpResponse:
    form = ObserverForm(request.POST, choices=observer_choices(meeting))
    if form.is_valid():
        observer = form.cleaned_data["observer"]
        actions.assign_observer(meeting, observer, actor=request.user)
        messages.success(
            request,
            _("%(name)s is asked to observe this meeting.") % {"name": observer.display_name},
        )
    else:
        messages.error(request, _("Please choose an observer from the list."))
    return _observers_page(meeting)


@require_POST
@org_member()
def meeting_observer_remove(
    request: CirclesRequest, membership: Membership, meeting_id: int, assignment_id: int
) -> HttpResponse:
    meeting, _runs = get_private_meeting_for(membership, meeting_id)
    assignment = (
        ObserverAssignment.objects.for_org(meeting.organization)
        .filter(meeting=meeting, pk=assignment_id)
        .first()
    )
    # Pressed twice, or removed by someone else meanwhile: the outcome is the same.
    if assignment is not None:
        actions.remove_observer(meeting, assignment, actor=request.user)
    messages.success(request, _("Observer removed."))
    return _observers_page(meeting)


def _has_report(assignment: ObserverAssignment) -> bool:
    try:
        assignment.report  # noqa: B018
    except ObserverReport.DoesNotExist:
        return False
    return True


@org_member()
def meeting_observer_report(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> Any:
    if request.method == "POST":
        meeting, assignment = get_open_report_assignment_for(membership, meeting_id)
    else:
        meeting, assignment = get_observer_assignment_for(membership, meeting_id)
    report = ObserverReport.objects.filter(assignment=assignment).first()
    closes = report_open_until(meeting)
    can_edit = timezone.now() < closes
    form = ObserverReportForm(instance=report)
    if request.method == "POST":
        instance = report or ObserverReport(
            organization=meeting.organization, assignment=assignment
        )
        form = ObserverReportForm(request.POST, instance=instance)
        if form.is_valid():
            actions.save_observer_report(meeting, form.save(commit=False), actor=request.user)
            messages.success(
                request,
                _("Thank you. Your report is saved, and you can change it until %(date)s.")
                % {"date": closes.strftime("%d %B")},
            )
            return redirect(
                "meeting_observer_report", org_slug=meeting.organization.slug, meeting_id=meeting.pk
            )
    context = {
        "meeting": meeting,
        "form": form,
        "report": report,
        "can_edit": can_edit,
        "closes": closes,
        "scores": [form[name] for name in SCORES],
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/observer_report.html", context, status=status)
