"""Looking after concerns inside the organisation: supervisors and admins only.

Everything goes through ``get_complaint_for``: a concern about the person asking
(or their group, or a meeting they led) answers 404 exactly as a missing one
does. The list never shows what anyone wrote, only what it is about.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import OVERSIGHT_ROLES, Membership, Role
from circles.feedback.access import get_complaint_for
from circles.feedback.actions import assign, read_by_staff, reply, set_status
from circles.feedback.complaints import (
    handler_memberships,
    overdue_filter,
    people_kept_from,
    today_for,
    visible_complaints,
)
from circles.feedback.forms_staff import AssignForm, MessageForm, StatusForm
from circles.feedback.models import Complaint, FeedbackSettings
from circles.feedback.sheet import meeting_date

SHOW_CHOICES = ("open", "resolved", "all")
# What the list needs; the encrypted words stay in the database (never decrypted here).
PRIVATE_FIELDS = ("text", "hoped_for", "contact_name", "contact_way")


@dataclass(frozen=True)
class Row:
    complaint: Complaint
    about: str
    days: int
    overdue: bool


def about_line(complaint: Complaint) -> str:
    """What it is about, with the group, meeting, venue or person it names."""
    if complaint.about == Complaint.About.PERSON and complaint.about_person:
        return _("%(who)s (a person in a role here)") % {"who": complaint.about_person.display_name}
    if complaint.about == Complaint.About.PERSON and complaint.about_role:
        return _("Someone in the role “%(role)s”") % {"role": Role(complaint.about_role).label}
    if complaint.about == Complaint.About.MEETING:
        group = complaint.meeting.group if complaint.meeting else complaint.group
        when = complaint.meeting_date or (
            meeting_date(complaint.meeting) if complaint.meeting else None
        )
        if group and when:
            return _("A meeting of %(group)s on %(date)s") % {
                "group": group.name,
                "date": date_format(when, "j M Y"),
            }
        if group:
            return _("A meeting of %(group)s") % {"group": group.name}
    if complaint.about == Complaint.About.GROUP and complaint.group:
        return _("The group %(group)s") % {"group": complaint.group.name}
    if complaint.about == Complaint.About.VENUE and complaint.venue:
        return _("The place %(venue)s") % {"venue": complaint.venue.name}
    return str(complaint.get_about_display())


@org_member(roles=OVERSIGHT_ROLES)
def complaint_list(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    show = request.GET.get("show", "open")
    if show not in SHOW_CHOICES:
        show = "open"
    today = today_for(organization)
    settings = FeedbackSettings.of(organization)
    complaints = (
        visible_complaints(membership)
        .defer(*PRIVATE_FIELDS)
        .select_related("group", "meeting__group", "venue", "about_person", "assigned_to")
        .annotate(
            overdue=Case(
                When(overdue_filter(organization, today, settings), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .order_by("-overdue", "received_on", "id")
    )
    if show == "open":
        complaints = complaints.open()
    elif show == "resolved":
        complaints = complaints.filter(status=Complaint.Status.RESOLVED).order_by(
            "-resolved_on", "-received_on", "-id"
        )
    else:
        resolved_last = Case(
            When(status=Complaint.Status.RESOLVED, then=Value(1)),
            default=Value(0),
        )
        complaints = complaints.order_by("-overdue", resolved_last, "-received_on", "-id")
    rows = [Row(c, about_line(c), (today - c.received_on).days, c.overdue) for c in complaints]
    return render(
        request,
        "feedback/complaint_list.html",
        {
            "rows": rows,
            "show": show,
            "promise_days": settings.reply_within_days,
            "overdue_count": sum(1 for r in rows if r.overdue),
        },
    )


def _handlers_for(complaint: Complaint) -> list[Membership]:
    """Supervisors and admins it may be passed to: never anyone it is about,
    nor whoever has it already."""
    kept = people_kept_from(complaint) | set(complaint.kept_from.values_list("pk", flat=True))
    return [
        m
        for m in handler_memberships(complaint.organization, kept)
        if m.user_id != complaint.assigned_to_id
    ]


def _detail(
    request: CirclesRequest,
    membership: Membership,
    complaint: Complaint,
    forms: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    read_by_staff(complaint, membership.user)
    organization = complaint.organization
    settings = FeedbackSettings.of(organization)
    promised_by = complaint.received_on + timedelta(days=settings.reply_within_days)
    today = today_for(organization)
    handlers = _handlers_for(complaint)
    forms = forms or {}
    context = {
        "complaint": complaint,
        "about": about_line(complaint),
        "thread": list(complaint.messages.select_related("author")),
        "promise_days": settings.reply_within_days,
        "promised_by": promised_by,
        "days": (today - complaint.received_on).days,
        "overdue": _is_overdue(complaint, today, promised_by),
        "reply_form": forms.get("reply") or MessageForm(),
        "note_form": forms.get("note") or MessageForm(internal=True),
        "status_form": forms.get("status") or StatusForm(initial={"status": complaint.status}),
        "assign_form": forms.get("assign") or AssignForm(handlers=handlers),
        "can_pass": bool(handlers),
        "is_mine": complaint.assigned_to_id == membership.user_id,
    }
    return render(request, "feedback/complaint_detail.html", context, status=status)


def _is_overdue(complaint: Complaint, today: date, promised_by: date) -> bool:
    return complaint.first_reply_on is None and not complaint.is_resolved and today > promised_by


@org_member(roles=OVERSIGHT_ROLES)
def complaint_detail(
    request: CirclesRequest, membership: Membership, complaint_id: int
) -> HttpResponse:
    complaint = get_complaint_for(membership, complaint_id)
    return _detail(request, membership, complaint)


def _back(complaint: Complaint) -> HttpResponse:
    """After a change, and for a plain visit to an action's address (say, a reload)."""
    return redirect("complaint_detail", complaint.organization.slug, complaint.pk)


@org_member(roles=OVERSIGHT_ROLES)
def complaint_reply(
    request: CirclesRequest, membership: Membership, complaint_id: int
) -> HttpResponse:
    complaint = get_complaint_for(membership, complaint_id)
    if request.method != "POST":
        return _back(complaint)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _detail(request, membership, complaint, {"reply": form}, status=400)
    reply(complaint, membership.user, form.cleaned_data["text"])
    messages.success(
        request,
        _("Your reply is saved. They will see it when they come back with their receipt code."),
    )
    return _back(complaint)


@org_member(roles=OVERSIGHT_ROLES)
def complaint_note(
    request: CirclesRequest, membership: Membership, complaint_id: int
) -> HttpResponse:
    complaint = get_complaint_for(membership, complaint_id)
    if request.method != "POST":
        return _back(complaint)
    form = MessageForm(request.POST, internal=True)
    if not form.is_valid():
        return _detail(request, membership, complaint, {"note": form}, status=400)
    reply(complaint, membership.user, form.cleaned_data["text"], internal=True)
    messages.success(
        request, _("Your note is saved. Only the people looking after this concern can read it.")
    )
    return _back(complaint)


@org_member(roles=OVERSIGHT_ROLES)
def complaint_status(
    request: CirclesRequest, membership: Membership, complaint_id: int
) -> HttpResponse:
    complaint = get_complaint_for(membership, complaint_id)
    if request.method != "POST":
        return _back(complaint)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _detail(request, membership, complaint, {"status": form}, status=400)
    status = form.cleaned_data["status"]
    label = Complaint.Status(status).label
    if status == complaint.status:
        messages.info(
            request, _("Nothing changed: it was already “%(status)s”.") % {"status": label}
        )
        return _back(complaint)
    set_status(complaint, membership.user, status)
    messages.success(request, _("Saved: it is now “%(status)s”.") % {"status": label})
    return _back(complaint)


@org_member(roles=OVERSIGHT_ROLES)
def complaint_assign(
    request: CirclesRequest, membership: Membership, complaint_id: int
) -> HttpResponse:
    complaint = get_complaint_for(membership, complaint_id)
    if request.method != "POST":
        return _back(complaint)
    form = AssignForm(request.POST, handlers=_handlers_for(complaint))
    if form.is_valid():
        handler = form.chosen()
        try:
            assign(complaint, membership.user, handler)
        except ValueError:
            form.add_error(
                "handler",
                _(
                    "%(name)s cannot look after this concern, because it is about them or "
                    "their group. Please choose someone else."
                )
                % {"name": handler.user.display_name},
            )
        else:
            messages.success(
                request,
                _(
                    "Passed to %(name)s. We have let them know by email, "
                    "without saying what it is about."
                )
                % {"name": handler.user.display_name},
            )
            return _back(complaint)
    return _detail(request, membership, complaint, {"assign": form}, status=400)


org_urls: list[URLPattern] = [
    path("complaints/", complaint_list, name="complaint_list"),
    path("complaints/<int:complaint_id>/", complaint_detail, name="complaint_detail"),
    path("complaints/<int:complaint_id>/reply/", complaint_reply, name="complaint_reply"),
    path("complaints/<int:complaint_id>/note/", complaint_note, name="complaint_note"),
    path("complaints/<int:complaint_id>/status/", complaint_status, name="complaint_status"),
    path("complaints/<int:complaint_id>/pass/", complaint_assign, name="complaint_assign"),
]
public_urls: list[URLPattern] = []
