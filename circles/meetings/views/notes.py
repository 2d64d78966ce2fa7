"""After the meeting: the debrief, observers and their reports."""

from datetime import timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.accounts.access import org_member
from circles.accounts.actions import audit
from circles.accounts.models import Membership, Role, User
from circles.meetings.access import get_meeting_for, sees_private_notes
from circles.meetings.models import Debrief, Meeting, ObserverAssignment, ObserverReport

# An observer may change their report until the meeting is this old.
REPORT_EDITABLE_FOR = timedelta(days=7)

SCALE = [(n, str(n)) for n in range(1, 6)]
SCORES = ("atmosphere", "interaction", "teamwork", "productive")


class DebriefForm(forms.ModelForm):
    class Meta:
        model = Debrief
        fields = ["worked_well", "challenging", "learned", "feel"]
        widgets = {f: forms.Textarea(attrs={"rows": 4}) for f in fields}


class ObserverReportForm(forms.ModelForm):
    class Meta:
        model = ObserverReport
        fields = [*SCORES, "comments", "recommendations"]
        widgets = {
            "comments": forms.Textarea(attrs={"rows": 4}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "comments": gettext_lazy("Comments"),
            "recommendations": gettext_lazy("Recommendations for the group"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in SCORES:
            field = self.fields[name]
            self.fields[name] = forms.TypedChoiceField(
                label=field.label,
                choices=SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Please choose a number from 1 to 5.")},
            )


def private_meeting(membership: Membership, meeting_id: int) -> tuple[Meeting, bool]:
    meeting, runs = get_meeting_for(membership, meeting_id)
    if not sees_private_notes(membership, runs):
        raise PermissionDenied("Debriefs and observers are for the people running the meeting.")
    return meeting, runs


@org_member()
def meeting_debrief(request: HttpRequest, membership: Membership, meeting_id: int) -> Any:
    meeting, runs = private_meeting(membership, meeting_id)
    debrief = Debrief.objects.for_org(meeting.organization).filter(meeting=meeting).first()
    if request.method == "POST":
        if not runs:
            raise PermissionDenied("Only the people running the meeting write its debrief.")
        form = DebriefForm(
            request.POST,
            instance=debrief or Debrief(organization=meeting.organization, meeting=meeting),
        )
        if form.is_valid():
            saved = form.save(commit=False)
            saved.written_by = request.user
            saved.updated = timezone.now()
            saved.save()
            audit(
                "meeting.debrief_written",
                actor=request.user,
                organization=meeting.organization,
                obj=saved,
            )
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
            audit(
                "meeting.debrief_read",
                actor=request.user,
                organization=meeting.organization,
                obj=debrief,
            )
    context = {"meeting": meeting, "debrief": debrief, "form": form, "can_write": runs}
    return render(request, "meetings/debrief.html", context)


def observer_choices(meeting: Meeting) -> list[User]:
    return list(
        User.objects.filter(
            memberships__organization=meeting.organization,
            memberships__role=Role.OBSERVER,
            memberships__is_active=True,
        ).order_by("preferred_name", "email")
    )


@org_member()
def meeting_observers(request: HttpRequest, membership: Membership, meeting_id: int) -> Any:
    meeting, _runs = private_meeting(membership, meeting_id)
    organization = meeting.organization
    assignments = ObserverAssignment.objects.for_org(organization).filter(meeting=meeting)
    if request.method == "POST":
        if "remove" in request.POST:
            assignment = assignments.filter(pk=_int(request.POST["remove"])).first()
            if assignment is None:
                raise Http404("No such observer here.")
            audit(
                "meeting.observer_removed",
                actor=request.user,
                organization=organization,
                obj=assignment,
            )
            assignment.delete()
            messages.success(request, _("Observer removed."))
        else:
            chosen = _int(request.POST.get("observer", ""))
            user = next((u for u in observer_choices(meeting) if u.pk == chosen), None)
            if user is None:
                messages.error(request, _("Please choose an observer from the list."))
            else:
                assignment, created = ObserverAssignment.objects.get_or_create(
                    organization=organization, meeting=meeting, observer=user
                )
                if created:
                    audit(
                        "meeting.observer_assigned",
                        actor=request.user,
                        organization=organization,
                        obj=assignment,
                    )
                messages.success(
                    request,
                    _("%(name)s is asked to observe this meeting.") % {"name": user.display_name},
                )
        return redirect("meeting_observers", org_slug=organization.slug, meeting_id=meeting.pk)

    listed = list(assignments.select_related("observer", "report").order_by("pk"))
    reports = [a.report for a in listed if _has_report(a)]
    if reports:
        audit(
            "meeting.observer_reports_read",
            actor=request.user,
            organization=organization,
            object_type="meetings.meeting",
            object_id=meeting.pk,
        )
    taken = {a.observer_id for a in listed}
    context = {
        "meeting": meeting,
        "assignments": [(a, a.report if _has_report(a) else None) for a in listed],
        "choices": [u for u in observer_choices(meeting) if u.pk not in taken],
        "scores": SCORES,
    }
    return render(request, "meetings/observers.html", context)


def _has_report(assignment: ObserverAssignment) -> bool:
    try:
        assignment.report  # noqa: B018
    except ObserverReport.DoesNotExist:
        return False
    return True


def _int(value: str) -> int:
    return int(value) if value.isdigit() else 0


@org_member()
def meeting_observer_report(request: HttpRequest, membership: Membership, meeting_id: int) -> Any:
    meeting, _runs = get_meeting_for(membership, meeting_id)
    assignment = (
        ObserverAssignment.objects.for_org(meeting.organization)
        .filter(meeting=meeting, observer_id=membership.user_id)
        .first()
    )
    if assignment is None:
        raise PermissionDenied("Only an observer asked to observe this meeting writes its report.")
    report = ObserverReport.objects.filter(assignment=assignment).first()
    closes = meeting.starts_at + REPORT_EDITABLE_FOR
    can_edit = timezone.now() < closes
    form = ObserverReportForm(instance=report)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied("Reports can be changed for a week after the meeting.")
        instance = report or ObserverReport(
            organization=meeting.organization, assignment=assignment
        )
        form = ObserverReportForm(request.POST, instance=instance)
        if form.is_valid():
            saved = form.save(commit=False)
            saved.submitted = timezone.now()
            saved.save()
            audit(
                "meeting.observer_report_written",
                actor=request.user,
                organization=meeting.organization,
                obj=saved,
            )
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


org_urls: list[URLPattern] = [
    path("meetings/<int:meeting_id>/debrief/", meeting_debrief, name="meeting_debrief"),
    path("meetings/<int:meeting_id>/observers/", meeting_observers, name="meeting_observers"),
    path(
        "meetings/<int:meeting_id>/observer-report/",
        meeting_observer_report,
        name="meeting_observer_report",
    ),
]
public_urls: list[URLPattern] = []
