"""Run-of-show: the facilitator's phone or tablet during the meeting.

Without JavaScript it is a server-rendered page whose Next and Back buttons
post the item to go to. With runshow.js the timers tick in the page, the place
is kept in localStorage, and changes are sent to ``meeting_runshow_state``,
queued while the connection is down.
"""

import datetime
import json
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from circles.accounts.access import org_member
from circles.accounts.http import CirclesRequest
from circles.accounts.models import Membership
from circles.meetings import actions
from circles.meetings.access import get_run_meeting_for
from circles.meetings.agenda import agenda_for
from circles.meetings.forms import RunshowItemForm, RunshowStateForm
from circles.meetings.views.attendance import checkin_context, meeting_page_url

CLOSING_WARNING = datetime.timedelta(minutes=5)
# A device's clock may be a little ahead; a start further in the future is a mistake.
CLOCK_SLACK = datetime.timedelta(minutes=5)


def _minutes(delta: datetime.timedelta) -> int:
    return max(0, int(delta.total_seconds() // 60))


def clamp(index: int, count: int) -> int:
    return min(max(index, 0), max(count - 1, 0))


@org_member()
def meeting_runshow(
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    meeting = get_run_meeting_for(membership, meeting_id)
    items = agenda_for(meeting)
    for item, following in zip(items, [*items[1:], None], strict=True):
        item.next_title = following.title if following else ""  # type: ignore[attr-defined]
    url = reverse("meeting_runshow", args=[membership.organization.slug, meeting.pk])
    if request.method == "POST":
        form = RunshowItemForm(request.POST)
        target = form.cleaned_data["item"] if form.is_valid() else meeting.current_item
        actions.move_to_item(meeting, clamp(target, len(items)))
        return redirect(url)
    shown = RunshowItemForm(request.GET)
    index = clamp(
        shown.cleaned_data["item"] if shown.is_valid() else meeting.current_item, len(items)
    )
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
    }
    return render(request, "meetings/runshow.html", context)


def _state_from(request: CirclesRequest) -> dict[str, Any]:
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
    request: CirclesRequest, membership: Membership, meeting_id: int
) -> HttpResponse:
    """Save where the meeting is. Fields are optional; an empty post just reads the state."""
    meeting = get_run_meeting_for(membership, meeting_id)
    data = _state_from(request)
    if "error" in data:
        errors = {"body": _("This is not the form we expected.")}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    form = RunshowStateForm(
        {k: v for k, v in data.items() if v is not None}, items=len(agenda_for(meeting))
    )
    if form.is_valid():
        started = form.cleaned_data["started_at"]
        if started is not None and not (
            meeting.starts_at - datetime.timedelta(hours=12)
            <= started
            <= timezone.now() + CLOCK_SLACK
        ):
            form.add_error("started_at", _("That start time does not fit this meeting."))
    if not form.is_valid():
        errors = {name: str(problems[0]) for name, problems in form.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    current_item, started = form.cleaned_data["current_item"], form.cleaned_data["started_at"]
    if current_item is not None or started is not None:
        actions.save_runshow_state(meeting, current_item, started)
    return JsonResponse(
        {
            "ok": True,
            "current_item": meeting.current_item,
            "started_at": meeting.started_at.isoformat() if meeting.started_at else None,
        }
    )
