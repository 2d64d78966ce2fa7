"""Attendance: the facilitator's one-form list, self check-in with a code or QR, a paper sheet.

Attendance is visible only to the people running the meeting, supervisors and
admins; a participant sees only whether they themselves were there.
"""

import datetime
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.groups.models import GroupMembership
from circles.lib import codes, ratelimit
from circles.lib.qr import qr_svg
from circles.meetings import actions
from circles.meetings.access import (
    find_checkin_meeting_for,
    get_meeting_for,
    get_private_meeting_for,
    get_run_meeting_for,
)
from circles.meetings.forms import AttendanceForm
from circles.meetings.models import Attendance, Meeting

CHECKIN_OPENS_BEFORE = datetime.timedelta(hours=1)
# Codes that find no meeting this person may check in to, per address bucket and per
# account: past 10 in 10 minutes such a code is told to wait (a right one still works);
# past 30 no code is looked up at all.
CODE_GUESSES = ratelimit.Limit("checkin-code-guess", allowed=10, window=10 * 60, ceiling=30)


def checkin_url(request: HttpRequest, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("checkin", args=[meeting.checkin_code]))


def checkin_qr(request: HttpRequest, meeting: Meeting) -> SafeString:
    return qr_svg(
        checkin_url(request, meeting),
        label=_("QR code that opens the check-in page for this meeting"),
        css_class="checkin-qr",
    )


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


def guess_meeting(request: CirclesRequest, code: str) -> ratelimit.Guess[Meeting]:
    return ratelimit.guess(
        CODE_GUESSES,
        [ratelimit.address_bucket(request), ratelimit.target("account", _user_id(request))],
        lambda: find_checkin_meeting_for(request.memberships, _user_id(request), code),
    )


def not_found_error() -> str:
    return _(
        "We could not find a meeting you can check in to with that code. Please check the "
        "letters, or ask the facilitator: they can mark you present."
    )


def checkin_problem(meeting: Meeting) -> str:
    """Why this person cannot check in to their group's meeting now, or "" if they can."""
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
def checkin_start(request: CirclesRequest) -> HttpResponse:
    code = ""
    error = ""
    if request.method == "POST":
        code = codes.normalise(request.POST.get("code", ""))
        found = guess_meeting(request, code) if code else None
        if found is not None and found.slow_down:
            return render_checkin(request, {"state": "slow_down", "code": code}, status=429)
        if found is None or found.found is None:
            error = not_found_error()
        else:
            return redirect("checkin", code)
    return render_checkin(
        request, {"state": "start", "code": code, "error": error}, status=400 if error else 200
    )


@login_required
def checkin(request: CirclesRequest, code: str) -> HttpResponse:
    normalised = codes.normalise(code)
    found = guess_meeting(request, normalised)
    if found.slow_down:
        return render_checkin(request, {"state": "slow_down", "code": normalised}, status=429)
    meeting = found.found
    if meeting is None:
        return render_checkin(
            request,
            {"state": "start", "code": normalised, "error": not_found_error()},
            status=404,
        )
    if normalised != code:
        return redirect("checkin", normalised)
    problem = checkin_problem(meeting)
    if problem:
        return render_checkin(
            request,
            {
                "state": problem,
                "meeting": meeting,
                "opens_at": meeting.starts_at - CHECKIN_OPENS_BEFORE,
            },
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
