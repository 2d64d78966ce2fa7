"""Attendance: the facilitator's one-form list, self check-in with a code or QR, a paper sheet.

Attendance is visible only to the people running the meeting, supervisors and
admins; a participant sees only whether they themselves were there.
"""

import datetime
import zoneinfo
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups.models import GroupMembership
from circles.meetings import actions
from circles.meetings.access import get_meeting_for, get_private_meeting_for, get_run_meeting_for
from circles.meetings.forms import AttendanceForm
from circles.meetings.models import Attendance, Meeting

CHECKIN_OPENS_BEFORE = datetime.timedelta(hours=1)
GUESS_LIMIT = 10
GUESS_WINDOW_SECONDS = 600


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def checkin_url(request: HttpRequest, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("checkin", args=[meeting.checkin_code]))


def checkin_qr(request: HttpRequest, meeting: Meeting) -> SafeString:
    """Inline SVG (presentation attributes only, so the CSP allows it) for the check-in address."""
    qr = segno.make(checkin_url(request, meeting), error="m")
    svg = qr.svg_inline(scale=4, omitsize=True, svgclass="checkin-qr", lineclass=None, border=2)
    label = _("QR code that opens the check-in page for this meeting")
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    return mark_safe(svg)  # noqa: S308 - segno's own markup and our translated label


def checkin_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    return {
        "checkin_code": meeting.checkin_code,
        "checkin_url": checkin_url(request, meeting),
        "checkin_qr": checkin_qr(request, meeting),
    }


def meeting_page_url(meeting: Meeting) -> str:
    return reverse("meeting_detail", args=[meeting.organization.slug, meeting.pk])


def current_members(meeting: Meeting) -> list[GroupMembership]:
    return list(
        GroupMembership.objects.for_org(meeting.organization)
        .current()
        .filter(group_id=meeting.group_id)
        .select_related("user")
        .order_by("user__preferred_name", "user__email")
    )


@org_member()
def meeting_attendance(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    writing = request.method == "POST"
    meeting, runs = get_private_meeting_for(membership, meeting_id, writing=writing)
    members = current_members(meeting)
    errors: dict[str, str] = {}
    guests_text = ""
    count_text = str(meeting.guest_count)
    if writing:
        form = AttendanceForm(request.POST)
        guests_text = request.POST.get("guests", "")
        count_text = request.POST.get("guest_count", "").strip() or "0"
        if form.is_valid():
            data = form.cleaned_data
            total = actions.record_attendance(
                meeting,
                member_ids={m.user_id for m in members},
                # A first meeting means they were there.
                present_ids=data["present"] | data["first_meeting"],
                first_ids=data["first_meeting"],
                was_present_ids=data["was_present"],
                guest_names=data["guests"],
                guest_count=data["guest_count"],
                actor=request.user,
            )
            messages.success(
                request, _("Attendance saved: %(n)s people were there.") % {"n": total}
            )
            return redirect("meeting_attendance", membership.organization.slug, meeting.pk)
        errors = {name: str(problems[0]) for name, problems in form.errors.items()}
        for name in ("present", "first_meeting", "was_present"):
            if errors.pop(name, None):
                errors["members"] = str(AttendanceForm.base_fields[name].error_messages["invalid"])
    attendances = list(Attendance.objects.filter(meeting=meeting).order_by("pk"))
    by_user = {a.user_id: a for a in attendances if a.user_id}
    guests = [a for a in attendances if not a.user_id]
    if not writing:
        guests_text = ", ".join(g.guest_name for g in guests)
        actions.note_attendance_viewed(meeting, actor=request.user)
    rows = [
        {
            "user_id": m.user_id,
            "name": m.user.display_name,
            "attendance": by_user.get(m.user_id),
        }
        for m in members
    ]
    present_members = sum(1 for r in rows if r["attendance"])
    context = {
        "meeting": meeting,
        "runs": runs,
        "rows": rows,
        "guests": guests,
        "guests_text": guests_text,
        "count_text": count_text,
        "errors": errors,
        "present_members": present_members,
        "total": present_members + len(guests) + meeting.guest_count,
        "meeting_url": meeting_page_url(meeting),
        **checkin_context(request, meeting),
    }
    return render(request, "meetings/attendance.html", context, status=400 if errors else 200)


@org_member()
def meeting_attendance_sheet(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    # A sheet on a table by the door can be read by anyone passing, so members'
    # names are printed only when the facilitator asks for them.
    with_names = request.GET.get("names") == "1"
    members = current_members(meeting) if with_names else []
    actions.note_attendance_sheet_viewed(meeting, with_names, actor=request.user)
    context = {
        "meeting": meeting,
        "with_names": with_names,
        "members": [m.user.display_name for m in members],
        "blank_rows": range(max(12, 20 - len(members) // 2)),
        "meeting_url": meeting_page_url(meeting),
        **checkin_context(request, meeting),
    }
    return render(request, "meetings/attendance_sheet.html", context)


@org_member()
def meeting_my_attendance(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting, _runs = get_meeting_for(membership, meeting_id)
    mine = Attendance.objects.filter(meeting=meeting, user_id=membership.user_id).first()
    return render(
        request,
        "meetings/checkin.html",
        {
            "state": "mine",
            "meeting": meeting,
            "attendance": mine,
            "meeting_url": meeting_page_url(meeting),
        },
    )


# Self check-in --------------------------------------------------------------


def _user_id(request: HttpRequest) -> int:
    return int(request.user.pk or 0)  # every check-in view needs a signed-in person


def _guess_key(request: HttpRequest) -> str:
    return f"checkin-guesses:{request.user.pk}"


def too_many_guesses(request: HttpRequest) -> bool:
    return int(cache.get(_guess_key(request), 0)) >= GUESS_LIMIT


def count_wrong_guess(request: HttpRequest) -> None:
    key = _guess_key(request)
    cache.add(key, 0, GUESS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, GUESS_WINDOW_SECONDS)


def find_meeting(code: str) -> Meeting | None:
    if not code:
        return None
    return Meeting.objects.with_group().filter(checkin_code=code).first()


def checkin_problem(request: CirclesRequest, meeting: Meeting) -> str:
    """Why this person cannot check in to this meeting now, or "" if they can."""
    membership = next(
        (m for m in request.memberships if m.organization_id == meeting.organization_id),
        None,
    )
    is_member = membership is not None and (
        GroupMembership.objects.for_org(meeting.organization)
        .current()
        .filter(group_id=meeting.group_id, user_id=_user_id(request))
        .exists()
    )
    if not is_member:
        return "not_member"
    if meeting.is_cancelled:
        return "cancelled"
    now = timezone.now()
    if now < meeting.starts_at - CHECKIN_OPENS_BEFORE:
        return "too_early"
    if now > meeting.ends_at:
        return "ended"
    return ""


def render_checkin(
    request: HttpRequest, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    meeting = context.get("meeting")
    if meeting is not None:
        with timezone.override(zoneinfo.ZoneInfo(meeting.organization.timezone)):
            return render(request, "meetings/checkin.html", context, status=status)
    return render(request, "meetings/checkin.html", context, status=status)


@login_required
def checkin_start(request: HttpRequest) -> HttpResponse:
    code = ""
    error = ""
    if request.method == "POST":
        code = normalise_code(request.POST.get("code", ""))
        if too_many_guesses(request):
            return render_checkin(request, {"state": "slow_down", "code": code}, status=429)
        meeting = find_meeting(code)
        if meeting is None:
            count_wrong_guess(request)
            error = _(
                "We could not find a meeting with that code. Check the letters with "
                "the facilitator and try again."
            )
        else:
            return redirect("checkin", code)
    return render_checkin(
        request, {"state": "start", "code": code, "error": error}, status=400 if error else 200
    )


@login_required
def checkin(request: CirclesRequest, code: str) -> HttpResponse:
    if too_many_guesses(request):
        return render_checkin(request, {"state": "slow_down", "code": code}, status=429)
    normalised = normalise_code(code)
    meeting = find_meeting(normalised)
    if meeting is None:
        count_wrong_guess(request)
        error = _(
            "We could not find a meeting with that code. Check the letters with "
            "the facilitator and try again."
        )
        return render_checkin(
            request, {"state": "start", "code": normalised, "error": error}, status=404
        )
    if normalised != code:
        return redirect("checkin", normalised)
    problem = checkin_problem(request, meeting)
    if problem:
        # Someone who is not a member learns nothing about the group.
        shown = meeting if problem != "not_member" else None
        return render_checkin(
            request,
            {
                "state": problem,
                "meeting": shown,
                "opens_at": meeting.starts_at - CHECKIN_OPENS_BEFORE,
            },
            status=403 if problem == "not_member" else 200,
        )
    attendance = Attendance.objects.filter(meeting=meeting, user_id=_user_id(request)).first()
    if request.method == "POST" and attendance is None:
        attendance = actions.check_in(meeting, request.user)
    if request.method == "POST":
        return redirect("checkin", normalised)
    return render_checkin(
        request,
        {
            "state": "done" if attendance else "confirm",
            "meeting": meeting,
            "code": normalised,
            "my_attendance_url": reverse(
                "meeting_my_attendance", args=[meeting.organization.slug, meeting.pk]
            ),
        },
    )
