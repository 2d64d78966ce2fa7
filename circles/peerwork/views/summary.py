"""The monthly service summary as CSV: what a billing or funder system takes, never note text."""

import csv
from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import STAFF_ROLES, Membership
from circles.peerwork.forms import MonthForm
from circles.peerwork.models import ContactNote, today_for

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """Text a spreadsheet could run as a formula gets a leading apostrophe."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def month_bounds(first: date) -> tuple[date, date]:
    start = first.replace(day=1)
    end = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return start, end


@org_member(roles=STAFF_ROLES)
def summary(request: CirclesRequest, membership: Membership) -> HttpResponse:
    organization = membership.organization
    form = MonthForm(request.GET or None)
    if not request.GET.get("month") or not form.is_valid() or not form.cleaned_data["month"]:
        return render(
            request,
            "peerwork/summary.html",
            {"form": form, "this_month": today_for(organization).strftime("%Y-%m")},
            status=400 if request.GET.get("month") else 200,
        )
    start, end = month_bounds(form.cleaned_data["month"])
    notes = (
        ContactNote.objects.for_org(organization)
        .filter(on__gte=start, on__lt=end)
        .select_related("written_by")
        .order_by("on", "id")
    )
    # A specialist's summary is their own work; supervisors and admins get the organisation's.
    if not membership.has_oversight:
        notes = notes.filter(written_by=membership.user)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"peer-support-{start:%Y-%m}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(["date", "specialist", "person_ref", "minutes", "mode", "support_types"])
    for note in notes.values_list(
        "on", "written_by__email", "person_id", "minutes", "mode", "support_types"
    ):
        on, email, person_id, minutes, mode, types = note
        writer.writerow(
            [
                on.isoformat(),
                safe_cell(email or _("no longer here")),
                person_id,
                minutes,
                mode,
                safe_cell(";".join(types if isinstance(types, list) else [])),
            ]
        )
    return response
