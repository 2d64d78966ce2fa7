"""When a group meets: its RFC 5545 rule, the next dates, and plain words for people.

Recurrence is python-dateutil's rrule, never hand-rolled. Times are wall-clock
times in the organisation's timezone, so a 6 pm group stays at 6 pm across
daylight-saving changes.
"""

import datetime
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from dateutil import rrule
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from circles.groups.models import Frequency, MonthWeek, Weekday

RRULE_DAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU]
ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


class ScheduleError(ValueError):
    """A schedule that cannot produce a meeting; the message is for the person."""


@dataclass(frozen=True)
class Schedule:
    """Everything needed to compute a group's dates; built from a SupportGroup or a form."""

    frequency: str
    weekday: int
    month_week: int
    custom_rule: str
    start_time: datetime.time
    duration_minutes: int
    starts_on: datetime.date
    ends_on: datetime.date | None
    timezone: str
    exceptions: frozenset[datetime.date] = frozenset()

    @classmethod
    def of(cls, group: object) -> "Schedule":
        """The schedule of a saved group (uses its prefetched exceptions)."""
        return cls(
            frequency=group.frequency,  # type: ignore[attr-defined]
            weekday=group.weekday,  # type: ignore[attr-defined]
            month_week=group.month_week,  # type: ignore[attr-defined]
            custom_rule=group.custom_rule,  # type: ignore[attr-defined]
            start_time=group.start_time,  # type: ignore[attr-defined]
            duration_minutes=group.duration_minutes,  # type: ignore[attr-defined]
            starts_on=group.starts_on,  # type: ignore[attr-defined]
            ends_on=group.ends_on,  # type: ignore[attr-defined]
            timezone=group.organization.timezone,  # type: ignore[attr-defined]
            exceptions=frozenset(e.date for e in group.exceptions.all()),  # type: ignore[attr-defined]
        )

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def dtstart(self) -> datetime.datetime:
        return datetime.datetime.combine(self.starts_on, self.start_time, tzinfo=self.zone)

    @property
    def duration(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.duration_minutes)

    def rule_text(self) -> str:
        """The RRULE value (without DTSTART), as written into calendar feeds."""
        if self.frequency == Frequency.CUSTOM:
            text = self.custom_rule.strip()
            if text.upper().startswith("RRULE:"):
                text = text[6:]
            return text.upper()
        day = ICAL_DAYS[self.weekday]
        if self.frequency == Frequency.WEEKLY:
            parts = ["FREQ=WEEKLY", f"BYDAY={day}"]
        elif self.frequency == Frequency.BIWEEKLY:
            parts = ["FREQ=WEEKLY", "INTERVAL=2", f"BYDAY={day}"]
        elif self.frequency == Frequency.MONTHLY:
            parts = ["FREQ=MONTHLY", f"BYDAY={self.month_week}{day}"]
        else:
            raise ScheduleError(_("Please choose how often the group meets."))
        if self.ends_on:
            until = datetime.datetime.combine(
                self.ends_on, datetime.time(23, 59, 59), tzinfo=self.zone
            ).astimezone(datetime.UTC)
            parts.append(f"UNTIL={until:%Y%m%dT%H%M%SZ}")
        return ";".join(parts)

    def rule(self) -> rrule.rrule:
        text = self.rule_text()
        try:
            parsed = rrule.rrulestr(text, dtstart=self.dtstart, forceset=False)
        except (ValueError, TypeError) as exc:
            raise ScheduleError(
                _("We could not read that repeat rule. Try something like FREQ=WEEKLY;BYDAY=TU.")
            ) from exc
        if not isinstance(parsed, rrule.rrule):
            raise ScheduleError(_("Please give one repeat rule, not several."))
        if self.frequency == Frequency.CUSTOM and self.ends_on:
            parsed = parsed.replace(
                until=datetime.datetime.combine(
                    self.ends_on, datetime.time(23, 59, 59), tzinfo=self.zone
                )
            )
        return parsed

    def occurrences(self, after: datetime.datetime | None = None) -> Iterator[datetime.datetime]:
        """Start times (aware, organisation timezone) from ``after`` on, skipping exceptions."""
        rule = self.rule()
        # One walk of the rule from its first date (rule.after() for each next date
        # would start again from the first date every time).
        for guard, current in enumerate(rule.xafter(after or self.dtstart, inc=True)):
            if guard >= 5000:
                return
            if current.date() not in self.exceptions:
                yield current

    def next_dates(
        self, count: int = 3, now: datetime.datetime | None = None
    ) -> list[datetime.datetime]:
        now = (now or datetime.datetime.now(datetime.UTC)).astimezone(self.zone)
        # A meeting that has started but not finished still counts as "next".
        start_from = max(now - self.duration, self.dtstart)
        result: list[datetime.datetime] = []
        for when in self.occurrences(after=start_from):
            result.append(when)
            if len(result) >= count:
                break
        return result

    def validate(self) -> None:
        """Raise ScheduleError with a plain message if this schedule never meets."""
        if self.ends_on and self.ends_on < self.starts_on:
            raise ScheduleError(_("The last date is before the first. Please check the dates."))
        rule = self.rule()
        first = rule.after(self.dtstart, inc=True)
        if first is None:
            raise ScheduleError(
                _("With these settings the group would never meet. Please check the day and dates.")
            )

    def describe(self) -> str:
        """Plain words: "Every second Tuesday, 6 p.m. to 7:30 p.m."."""
        day = Weekday(self.weekday).label
        if self.frequency == Frequency.WEEKLY:
            when = _("Every %(day)s") % {"day": day}
        elif self.frequency == Frequency.BIWEEKLY:
            when = _("Every second %(day)s") % {"day": day}
        elif self.frequency == Frequency.MONTHLY:
            when = _("The %(nth)s %(day)s of each month") % {
                "nth": MonthWeek(self.month_week).label,
                "day": day,
            }
        else:
            when = _("On a custom pattern")
        return f"{when}, {time_range(self.start_time, self.duration)}"


def time_range(start: datetime.time, duration: datetime.timedelta) -> str:
    end = (datetime.datetime.combine(datetime.date(2000, 1, 1), start) + duration).time()
    return f"{clock(start)}\N{EN DASH}{clock(end)}"


def clock(value: datetime.time) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def plain_dates(dates: Iterable[datetime.datetime]) -> str:
    """'2 December, 16 December, 30 December'."""
    return ", ".join(formats.date_format(d, "j F") for d in dates)


def duration_words(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not rest:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    if not hours:
        return ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest}
    return _("%(h)s and %(m)s") % {
        "h": ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours},
        "m": ngettext("%(n)d minute", "%(n)d minutes", rest) % {"n": rest},
    }
