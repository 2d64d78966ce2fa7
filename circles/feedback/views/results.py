"""Feedback results for the people who run groups, the CSV of them, gentle prompts,
and the organisation's feedback settings.

Everything shown is built from whole periods (see circles.feedback.results): the
overview, a group's page, a date range, a facilitator's groups and the CSV all
show periods or unions of periods, never a part of one. These pages only read:
prompts are raised by the hourly release in the worker (circles.feedback.tasks).
"""

import csv
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import ADMIN_ROLES, STAFF_ROLES, Membership, Organization
from circles.feedback.access import get_prompt_for, get_results_group_for, groups_shown
from circles.feedback.actions import (
    SETTINGS_NUMBERS,
    mark_prompt_talked_over,
    save_feedback_settings,
)
from circles.feedback.models import QUESTION_COUNT, FeedbackPrompt, FeedbackSettings
from circles.feedback.questions import default_questions
from circles.feedback.results import (
    MIN_RESPONSES,
    GroupResults,
    Period,
    Summary,
    combine,
    comments_for,
    facilitators_of,
    in_range,
    question_names,
    results_for_groups,
)
from circles.groups.models import SupportGroup
from circles.lib.paging import page_of

# The overview

GROUPS_PER_PAGE = 20


def labelled(questions: list[str], summary: Summary | None) -> list[tuple[str, Decimal]]:
    """Each question's short name beside its average."""
    return list(zip(questions, summary.means, strict=True)) if summary else []


@dataclass
class GroupRow:
    group: SupportGroup
    results: GroupResults
    questions: list[str]

    @property
    def latest(self) -> Period | None:
        return self.results.periods[-1] if self.results.periods else None

    @property
    def latest_means(self) -> list[tuple[str, Decimal]]:
        return labelled(self.questions, self.latest)


class FacilitatorForm(forms.Form):
    facilitator = forms.TypedChoiceField(
        label=gettext_lazy("Show the groups of"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, facilitators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].choices = [  # type: ignore[attr-defined]
            ("", _("Every group")),
            *[(f.pk, f.preferred_name or f.email) for f in facilitators],
        ]


def _facilitator_filter(request: CirclesRequest, membership: Membership) -> tuple[Any, int | None]:
    """The facilitator select (supervisors and admins only) and the chosen person's id."""
    if not membership.has_oversight:
        return None, None
    form = FacilitatorForm(
        request.GET or None, facilitators=facilitators_of(membership.organization)
    )
    chosen = form.cleaned_data.get("facilitator") if form.is_valid() else None
    return form, chosen


# Prompts wait on the overview until someone talks them over; the newest are enough to show.
PROMPTS_SHOWN = 10


def _open_prompts(
    organization: Organization, groups: QuerySet[Any] | list[int]
) -> list[FeedbackPrompt]:
    return list(
        FeedbackPrompt.objects.for_org(organization)
        .filter(group_id__in=groups, talked_over_on__isnull=True)
        .select_related("group")[:PROMPTS_SHOWN]
    )


@org_member(roles=STAFF_ROLES)
def feedback_overview(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form, facilitator_id = _facilitator_filter(request, membership)
    # A page of groups at a time: only their answers are read, whatever the organisation's size.
    shown = groups_shown(membership, facilitator_id)
    page = page_of(request, shown, per_page=GROUPS_PER_PAGE)
    groups = list(page.object_list)
    settings = FeedbackSettings.of(organization)
    results = results_for_groups(organization, [g.pk for g in groups])
    questions = question_names(settings)
    rows = [GroupRow(g, results[g.pk], questions) for g in groups]
    total = combine(p for r in rows for p in r.results.periods)
    return render(
        request,
        "feedback/results_overview.html",
        {
            "rows": rows,
            "page": page,
            "total": total,
            "total_means": labelled(questions, total),
            "period_count": sum(len(r.results.periods) for r in rows),
            "waiting": sum(r.results.waiting for r in rows),
            "form": form,
            "facilitator_id": facilitator_id,
            "prompts": _open_prompts(organization, shown.values("pk")),
            "sees_every_group": membership.has_oversight,
        },
    )


# One group


class RangeForm(forms.Form):
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Please give a date, for example 2026-03-01.")},
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": gettext_lazy("Please give a date, for example 2026-06-30.")},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error(
                "end", _("This date comes before the “From” date. Please pick a later one.")
            )
        return data


def _range(request: CirclesRequest) -> tuple[RangeForm, date | None, date | None]:
    form = RangeForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data.get("start"), form.cleaned_data.get("end")
    return form, None, None


@dataclass
class Chart:
    """A server-drawn line of each period's average total (out of 40)."""

    width: int
    height: int
    left: int
    top: int
    plot_width: int
    plot_height: int
    points: list[dict[str, Any]]
    grid: list[dict[str, Any]]

    @property
    def right_edge(self) -> int:
        return self.left + self.plot_width

    @property
    def summary(self) -> str:
        values = "; ".join(f"{date_format(p['label'], 'j M Y')}: {p['value']}" for p in self.points)
        return _("Average total out of 40 for each period, by its last meeting. %(values)s.") % {
            "values": values
        }

    @property
    def polyline(self) -> str:
        return " ".join(f"{p['x']},{p['y']}" for p in self.points)


def chart_for(periods: list[Period]) -> Chart | None:
    if not periods:
        return None
    # A narrow drawing, so the labels stay readable when a phone shrinks it.
    width, height, left, right, top, bottom = 480, 240, 40, 40, 12, 40
    plot_width, plot_height = width - left - right, height - top - bottom
    step = plot_width / max(len(periods) - 1, 1)
    # Label every period when they fit, otherwise about five of them (the last always).
    every = max(1, -(-len(periods) // 5))

    def y_of(value: Decimal | int) -> int:
        return round(top + plot_height - float(value) / 40 * plot_height)

    points = []
    for i, period in enumerate(periods):
        x = round(left + (plot_width / 2 if len(periods) == 1 else i * step))
        points.append(
            {
                "x": x,
                "y": y_of(period.average_total),
                "label": period.last_date,
                "show_label": (len(periods) - 1 - i) % every == 0,
                "value": period.average_total,
            }
        )
    grid = [{"value": v, "y": y_of(v)} for v in (0, 10, 20, 30, 40)]
    return Chart(width, height, left, top, plot_width, plot_height, points, grid)


@org_member(roles=STAFF_ROLES)
def feedback_group(request: CirclesRequest, membership: Membership, group_id: int) -> HttpResponse:
    organization = membership.organization
    group = get_results_group_for(membership, group_id)
    settings = FeedbackSettings.of(organization)
    form, start, end = _range(request)
    result = results_for_groups(organization, [group.pk])[group.pk]
    shown = in_range(result.periods, start, end)
    summary = combine(shown)
    # combine() of whole periods always holds at least 5 answers; checked again here
    # because free text is the most identifying thing on the page.
    comments = (
        comments_for(organization, shown) if summary and summary.count >= MIN_RESPONSES else None
    )
    query = request.GET.urlencode() if form.is_bound and form.is_valid() else ""
    return render(
        request,
        "feedback/results_group.html",
        {
            "group": group,
            "result": result,
            "shown": shown,
            "summary": summary,
            "comments": comments,
            "chart": chart_for(shown),
            "form": form,
            "start": start,
            "end": end,
            "filtered": bool(start or end),
            "questions": question_names(settings),
            "settings": settings,
            "csv_query": query,
            "prompts": _open_prompts(organization, [group.pk]),
        },
        status=400 if form.errors else 200,
    )


# CSV


def _cell(value: Any) -> Any:
    """Text a spreadsheet could run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _csv_response(
    filename: str, questions: list[str], rows: list[tuple[SupportGroup, Period]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    header = [
        _("Group"),
        _("First meeting"),
        _("Last meeting"),
        _("Meetings"),
        _("Answers"),
        *[_("%(question)s (average out of 10)") % {"question": q} for q in questions],
        _("Average total (out of 40)"),
    ]
    writer.writerow([_cell(h) for h in header])
    for group, period in rows:
        writer.writerow(
            [
                _cell(group.name),
                period.first_date.isoformat(),
                period.last_date.isoformat(),
                period.meetings,
                period.count,
                *period.means,
                period.average_total,
            ]
        )
    return response


@org_member(roles=STAFF_ROLES)
def feedback_group_csv(
    request: CirclesRequest, membership: Membership, group_id: int
) -> HttpResponse:
    organization = membership.organization
    group = get_results_group_for(membership, group_id)
    form, start, end = _range(request)
    if form.errors:
        return HttpResponse(
            _("Those dates could not be read. Please pick them again on the results page."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    periods = in_range(results_for_groups(organization, [group.pk])[group.pk].periods, start, end)
    questions = question_names(FeedbackSettings.of(organization))
    return _csv_response(
        f"feedback-{group.pk}.csv", questions, [(group, period) for period in periods]
    )


@org_member(roles=STAFF_ROLES)
def feedback_csv(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    _form, facilitator_id = _facilitator_filter(request, membership)
    groups = list(groups_shown(membership, facilitator_id))
    results = results_for_groups(organization, [g.pk for g in groups])
    questions = question_names(FeedbackSettings.of(organization))
    rows = [(g, p) for g in groups for p in results[g.pk].periods]
    return _csv_response(f"feedback-{organization.slug}.csv", questions, rows)


# Gentle prompts


@require_POST
@org_member(roles=STAFF_ROLES)
def feedback_prompt_done(
    request: CirclesRequest, membership: Membership, prompt_id: int
) -> HttpResponse:
    organization = membership.organization
    prompt = get_prompt_for(membership, prompt_id)
    mark_prompt_talked_over(prompt, membership.user)
    messages.success(request, _("Thank you. We have put this invitation away."))
    back = request.POST.get("next", "")
    # Only a path on this site: redirect() would take a bare word for a view name.
    is_local_path = back.startswith("/") and url_has_allowed_host_and_scheme(
        back, {request.get_host()}, request.is_secure()
    )
    if not is_local_path:
        back = reverse("feedback_overview", args=[organization.slug])
    return HttpResponseRedirect(back)


# Settings


def _number(label: str, low: int, high: int, help_text: str = "") -> forms.IntegerField:
    kind = _("Please give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        error_messages={
            "required": kind,
            "invalid": kind,
            "min_value": kind,
            "max_value": kind,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


QUESTION_PARTS = (
    ("text", gettext_lazy("The question"), 300),
    ("low", gettext_lazy("Words at 0"), 80),
    ("high", gettext_lazy("Words at 10"), 80),
    ("short", gettext_lazy("Short name for tables and charts"), 40),
)
QUESTION_MISSING = {
    "text": gettext_lazy("Please write the question people answer here."),
    "low": gettext_lazy("Please write a few words for the low end (0) of the scale."),
    "high": gettext_lazy("Please write a few words for the high end (10) of the scale."),
    "short": gettext_lazy("Please give the question a short name, for example “Felt heard”."),
}


class FeedbackSettingsForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number in range(1, QUESTION_COUNT + 1):
            for part, label, length in QUESTION_PARTS:
                self.fields[f"q{number}_{part}"] = forms.CharField(
                    label=label,
                    max_length=length,
                    widget=forms.Textarea(attrs={"rows": 3}) if part == "text" else None,
                    error_messages={
                        "required": QUESTION_MISSING[part],
                        "max_length": _("Please keep this to %(limit)s characters or fewer.")
                        % {"limit": length},
                    },
                )
        self.fields["alert_below"] = _number(
            _("Invite reflection when a period's average total is below"),
            0,
            40,
            _("Out of 40 (four answers from 0 to 10). 0 turns this off."),
        )
        self.fields["alert_drop"] = _number(
            _("Or when it falls by at least this many points"),
            1,
            40,
            _("Compared with the group's average over the periods just before it."),
        )
        self.fields["link_days"] = _number(
            _("Days a meeting's feedback link stays open"),
            1,
            30,
            _("Counted from the end of each meeting. Links that have answers keep their day."),
        )
        self.fields["reply_within_days"] = _number(
            _("Days within which we promise a first reply to a concern"),
            1,
            90,
            _("People raising a concern are told this; any waiting longer are flagged."),
        )

    def question_groups(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"q{n}_{part}"] for part, _label, _len in QUESTION_PARTS]
            for n in range(1, QUESTION_COUNT + 1)
        ]

    def number_fields(self) -> list[forms.BoundField]:
        return [self[n] for n in ("alert_below", "alert_drop", "link_days", "reply_within_days")]

    def questions(self) -> list[dict[str, str]]:
        return [
            {part: self.cleaned_data[f"q{n}_{part}"].strip() for part, _l, _m in QUESTION_PARTS}
            for n in range(1, QUESTION_COUNT + 1)
        ]


def _initial(settings: FeedbackSettings) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(settings, name) for name in SETTINGS_NUMBERS}
    defaults = default_questions()
    for number in range(1, QUESTION_COUNT + 1):
        stored = settings.questions[number - 1] if len(settings.questions) >= number else {}
        for part, _label, _length in QUESTION_PARTS:
            initial[f"q{number}_{part}"] = stored.get(part) or defaults[number - 1][part]
    return initial


@org_member(roles=ADMIN_ROLES)
def feedback_settings(request: CirclesRequest, membership: Membership) -> HttpResponse:
    settings = FeedbackSettings.of(membership.organization)
    form = FeedbackSettingsForm(request.POST or None, initial=_initial(settings))
    if request.method == "POST" and form.is_valid():
        numbers = {name: form.cleaned_data[name] for name in SETTINGS_NUMBERS}
        if save_feedback_settings(settings, membership.user, form.questions(), numbers):
            messages.success(request, _("Saved. The new settings apply from now on."))
        else:
            messages.success(request, _("Nothing had changed, so there was nothing to save."))
        return redirect("feedback_settings", membership.organization.slug)
    return render(
        request,
        "feedback/settings.html",
        {
            "form": form,
            "settings": settings,
            "is_default": settings.questions == default_questions(),
        },
        status=400 if form.errors else 200,
    )


@require_POST
@org_member(roles=ADMIN_ROLES)
def feedback_settings_restore(request: CirclesRequest, membership: Membership) -> HttpResponse:
    """Put Circles' own wording of the questions back; the numbers stay as they are."""
    settings = FeedbackSettings.of(membership.organization)
    numbers = {name: getattr(settings, name) for name in SETTINGS_NUMBERS}
    if save_feedback_settings(settings, membership.user, default_questions(), numbers):
        messages.success(request, _("The questions use Circles' own wording again."))
    else:
        messages.success(request, _("The questions already use Circles' own wording."))
    return redirect("feedback_settings", membership.organization.slug)


org_urls: list[URLPattern] = [
    path("feedback/", feedback_overview, name="feedback_overview"),
    path("feedback/feedback.csv", feedback_csv, name="feedback_csv"),
    path("feedback/settings/", feedback_settings, name="feedback_settings"),
    path(
        "feedback/settings/restore/",
        feedback_settings_restore,
        name="feedback_settings_restore",
    ),
    path("feedback/groups/<int:group_id>/", feedback_group, name="feedback_group"),
    path(
        "feedback/groups/<int:group_id>/feedback.csv",
        feedback_group_csv,
        name="feedback_group_csv",
    ),
    path(
        "feedback/prompts/<int:prompt_id>/done/",
        feedback_prompt_done,
        name="feedback_prompt_done",
    ),
]
public_urls: list[URLPattern] = []
