"""The end-of-session sheet: when a meeting's link is open (recording an answer is an action).

One answer per device per meeting is kept without identity: a signed cookie
lists only the tokens this device has answered (see views/sheet.py).
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from circles.feedback.models import FeedbackSettings
from circles.meetings.models import Meeting

# The link opens 15 minutes before the meeting starts (so a phone can be ready at the door).
OPENS_BEFORE_START = timedelta(minutes=15)


def closes_at(meeting: Meeting, settings: FeedbackSettings | None = None) -> datetime:
    """When the link stops taking answers: fixed once the first answer arrived."""
    if meeting.feedback_closes_at is not None:
        return meeting.feedback_closes_at
    settings = settings or FeedbackSettings.of(meeting.organization)
    return meeting.ends_at + timedelta(days=settings.link_days)


def opens_at(meeting: Meeting) -> datetime:
    return meeting.starts_at - OPENS_BEFORE_START


def window_state(meeting: Meeting, now: datetime | None = None) -> str:
    """'cancelled', 'not_yet', 'open' or 'closed'."""
    now = now or timezone.now()
    if meeting.is_cancelled:
        return "cancelled"
    if now < opens_at(meeting):
        return "not_yet"
    if now >= closes_at(meeting):
        return "closed"
    return "open"


def meeting_date(meeting: Meeting) -> date:
    """The meeting's date in the organisation's timezone: the only date an answer carries."""
    zone = ZoneInfo(meeting.organization.timezone)
    return timezone.localtime(meeting.starts_at, zone).date()
