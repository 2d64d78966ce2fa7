"""Run-of-show: the facilitator's phone or tablet during the meeting.

Without JavaScript it is a server-rendered page whose Next and Back buttons
post the item to go to. With runshow.js the timers tick in the page, the place
is kept in localStorage, and changes are sent to ``meeting_runshow_state``,
queued while the connection is down.
"""

import datetime
import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.models import Membership
from circles.feedback.views.sheet import link_context
from circles.meetings.access import get_run_meeting_for
from circles.meetings.agenda import ensure_agenda
from circles.meetings.models import Meeting
from circles.meetings.views.attendance import checkin_context, meeting_page_url

CLOSING_WARNING = datetime.timedelta(minutes=5)
# A device's clock may be a little ahead; a start further in the future is a mistake.
CLOCK_SLACK = datetime.timedelta(minutes=5)


def _minutes(delta: datetime.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def clamp(index: int, count: int) -> int:
    return min(max(index, 0), max(count - 1, 0))


def move_to(meeting: Meeting, index: int) -> None:
    """Save the facilitator's place; the first move starts the meeting's clock."""
    fields = ["current_item"]
    meeting.current_item = index
    if meeting.started_at is None:
        meeting.started_at = timezone.now()
        fields.append("started_at")
    meeting.save(update_fields=fields)


@org_member()
def meeting_runshow(request: HttpRequest, membership: Membership, meeting_id: int) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    items = ensure_agenda(meeting)
    for item, following in zip(items, [*items[1:], None], strict=True):
        item.next_title = following.title if following else ""  # type: ignore[attr-defined]
    url = reverse("meeting_runshow", args=[membership.organization.slug, meeting.pk])
    if request.method == "POST":
        try:
            target = int(request.POST.get("item", ""))
        except ValueError:
            target = meeting.current_item
        move_to(meeting, clamp(target, len(items)))
        return redirect(url)
    try:
        index = int(request.GET.get("item", meeting.current_item))
    except ValueError:
        index = meeting.current_item
    index = clamp(index, len(items))
    now = timezone.now()
    left = meeting.ends_at - now
    planned_before = sum(item.minutes for item in items[:index])
    context: dict[str, Any] = {
        "meeting": meeting,
        "items": items,
        "index": index,
        "item": items[index] if items else None,
        "next_item": items[index + 1] if index + 1 < len(items) else None,
        "is_current": index == meeting.current_item,
        "elapsed_minutes": _minutes(now - meeting.started_at) if meeting.started_at else None,
        "planned_before": planned_before,
        "minutes_left": _minutes(left),
        "closing_soon": datetime.timedelta(0) < left <= CLOSING_WARNING,
        "past_closing": left <= datetime.timedelta(0),
        "state_url": reverse(
            "meeting_runshow_state", args=[membership.organization.slug, meeting.pk]
        ),
        "runshow_url": url,
        "now": now,
        "meeting_url": meeting_page_url(meeting),
        **checkin_context(request, meeting),
        # The feedback link and QR, shown at the closing item.
        **link_context(request, meeting),
    }
    return render(request, "meetings/runshow.html", context)


def _state_from(request: HttpRequest) -> dict[str, Any]:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {"error": "bad_json"}
        return data if isinstance(data, dict) else {"error": "bad_json"}
    return {k: request.POST[k] for k in ("current_item", "started_at") if k in request.POST}


@require_POST
@org_member()
def meeting_runshow_state(
    request: HttpRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    """Save where the meeting is. Fields are optional; an empty post just reads the state."""
    meeting = get_run_meeting_for(membership, meeting_id)
    data = _state_from(request)
    errors: dict[str, str] = {}
    if "error" in data:
        errors["body"] = _("This is not the form we expected.")
    fields: list[str] = []
    if "current_item" in data:
        count = meeting.agenda_items.count()
        value = data["current_item"]
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < max(count, 1):
            errors["current_item"] = _("There is no such item on this meeting's agenda.")
        else:
            meeting.current_item = value
            fields.append("current_item")
    if data.get("started_at"):
        started = parse_datetime(str(data["started_at"]))
        if started is None or timezone.is_naive(started):
            errors["started_at"] = _("The start time must be a full date and time with its zone.")
        elif not (
            meeting.starts_at - datetime.timedelta(hours=12)
            <= started
            <= timezone.now() + CLOCK_SLACK
        ):
            errors["started_at"] = _("That start time does not fit this meeting.")
        elif meeting.started_at is None or started < meeting.started_at:
            # The earliest start any device saw is the meeting's start.
            meeting.started_at = started
            fields.append("started_at")
    if errors:
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    if fields:
        meeting.save(update_fields=fields)
    return JsonResponse(
        {
            "ok": True,
            "current_item": meeting.current_item,
            "started_at": meeting.started_at.isoformat() if meeting.started_at else None,
        }
    )


org_urls: list[URLPattern] = [
    path("meetings/<int:meeting_id>/run/", meeting_runshow, name="meeting_runshow"),
    path(
        "meetings/<int:meeting_id>/run/state/",
        meeting_runshow_state,
        name="meeting_runshow_state",
    ),
]
public_urls: list[URLPattern] = []
