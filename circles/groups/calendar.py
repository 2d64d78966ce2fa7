"""Calendar feeds (RFC 5545) for support groups, built with the icalendar package.

One VEVENT per group: its first meeting as DTSTART in the organisation's
timezone (with a VTIMEZONE), the repeat rule from Schedule.rule_text(), and an
EXDATE for each date the group does not meet. The recurrence itself is never
computed here: calendar apps expand the rule, and the tests check that what they
get equals Schedule.next_dates().
"""

import datetime
import functools
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vDuration, vRecur

from circles.groups.models import Frequency, SupportGroup
from circles.groups.schedule import Schedule, ScheduleError

PRODID = "-//Circles//Peer support groups//EN"
# Ask calendar apps to look for changes a few times a day.
REFRESH = datetime.timedelta(hours=6)
# VTIMEZONE rules are written out for this many years ahead of today.
TIMEZONE_YEARS_AHEAD = 10


@dataclass(frozen=True)
class FeedContext:
    """What a feed needs to know about where it is served and who reads it."""

    host: str
    # Turns a group into the address of a page about it ("" when there is none).
    page_url: Callable[[SupportGroup], str]
    # Members may see the online link; the public never does.
    include_online_link: bool = False


def event_uid(group: SupportGroup, host: str) -> str:
    """Stable across edits and feeds, so a calendar updates the event instead of adding one."""
    return f"group-{group.pk}@{host}"


def first_meeting(schedule: Schedule) -> datetime.datetime | None:
    return schedule.rule().after(schedule.dtstart, inc=True)


def feed_rule(schedule: Schedule) -> vRecur:
    """The RRULE for the feed: Schedule.rule_text(), plus the last date for custom rules.

    Schedule.rule() applies the group's last date to a custom rule itself, so
    the feed must say it too, in UTC as RFC 5545 asks when DTSTART has a TZID.
    """
    recur = vRecur.from_ical(schedule.rule_text())
    if schedule.frequency == Frequency.CUSTOM and schedule.ends_on and "COUNT" not in recur:
        last = datetime.datetime.combine(
            schedule.ends_on, datetime.time(23, 59, 59), tzinfo=schedule.zone
        ).astimezone(datetime.UTC)
        recur["UNTIL"] = [last]
    return recur


def describe_for_calendar(group: SupportGroup, context: FeedContext) -> str:
    parts = [group.purpose.strip()]
    expect = [_("What to expect: you are welcome just to listen. You do not have to speak.")]
    if group.is_open:
        expect.append(_("Anyone may come: there is no need to sign up."))
    else:
        expect.append(_("This group asks people to join first; the group's page says how."))
    parts.append(" ".join(expect))
    if context.include_online_link and group.meets_online and group.online_url:
        parts.append(_("Join online: %(link)s") % {"link": group.online_url})
    url = context.page_url(group)
    if url:
        parts.append(_("More about this group: %(url)s") % {"url": url})
    return "\n\n".join(part for part in parts if part)


def location_for_calendar(group: SupportGroup, context: FeedContext) -> str:
    if group.meets_in_person and group.venue is not None:
        address = ", ".join(
            line.strip() for line in group.venue.address.splitlines() if line.strip()
        )
        return ", ".join(part for part in [group.venue.name, address] if part)
    if context.include_online_link and group.format == "online" and group.online_url:
        return group.online_url
    if group.meets_online:
        return _("Online")
    return ""


def group_event(group: SupportGroup, context: FeedContext) -> Event | None:
    """The group as one recurring VEVENT, or None when its schedule cannot produce a meeting."""
    schedule = Schedule.of(group)
    try:
        schedule.validate()
        start = first_meeting(schedule)
        rule = feed_rule(schedule)
    except (ScheduleError, ValueError):
        return None
    if start is None:
        return None
    with translation.override(group.organization.language):
        event = Event()
        event.add("uid", event_uid(group, context.host))
        event.add("dtstamp", group.updated.astimezone(datetime.UTC))
        event.add("last-modified", group.updated.astimezone(datetime.UTC))
        event.add("dtstart", start)
        event.add("duration", schedule.duration)
        event.add("rrule", rule)
        for day in sorted(schedule.exceptions):
            event.add(
                "exdate", datetime.datetime.combine(day, schedule.start_time, tzinfo=schedule.zone)
            )
        event.add("summary", group.name)
        event.add("description", describe_for_calendar(group, context))
        location = location_for_calendar(group, context)
        if location:
            event.add("location", location)
        url = context.page_url(group)
        if url:
            event.add("url", url)
        event.add("class", "PUBLIC" if group.is_public else "PRIVATE")
    return event


@functools.lru_cache(maxsize=64)
def vtimezone(tzid: str, first_year: int, last_year: int) -> Timezone:
    return Timezone.from_tzinfo(
        zoneinfo.ZoneInfo(tzid),
        tzid,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year, 1, 1),
    )


def build_calendar(name: str, groups: Iterable[SupportGroup], context: FeedContext) -> bytes:
    """A VCALENDAR with one VEVENT per group and a VTIMEZONE for each timezone used."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))

    events: list[Event] = []
    first_years: dict[str, int] = {}
    for group in groups:
        event = group_event(group, context)
        if event is None:
            continue
        events.append(event)
        tzid = group.organization.timezone
        year = event.DTSTART.year
        first_years[tzid] = min(year, first_years.get(tzid, year))

    last_year = datetime.date.today().year + TIMEZONE_YEARS_AHEAD
    for tzid in sorted(first_years):
        calendar.add_component(vtimezone(tzid, first_years[tzid], last_year))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()
