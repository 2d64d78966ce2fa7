"""When a service is open, from its HSDS 3.0 schedules.

HSDS 3.0 describes opening hours as iCalendar-like rules (``schedule.json``):
``freq`` (WEEKLY or MONTHLY), ``interval``, ``byday`` ("MO,WE" or, monthly,
"1MO,-1FR"), ``bymonthday`` ("1,15,-1"), ``dtstart``, ``until``, ``valid_from``
and ``valid_to`` (dates), and ``opens_at``/``closes_at`` (wall-clock times).
We read the times on the organisation's clock: a directory's services are in
the place the organisation serves, and HSDS's own ``timezone`` is a bare UTC
offset that does not follow daylight saving.

These functions take any object with those attribute names (a model row or a
plain dataclass) so they can be tested without a database.
"""

import calendar
import datetime
from collections.abc import Iterable
from typing import Any, Protocol

WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ScheduleLike(Protocol):
    freq: str
    interval: int | None
    byday: str
    bymonthday: str
    dtstart: datetime.date | str | None
    until: datetime.date | str | None
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    opens_at: datetime.time | None
    closes_at: datetime.time | None


def rule_text(value: Any) -> str:
    return str(value or "").strip().upper()


def day_rules(byday: str) -> list[tuple[int | None, int]]:
    """ "1MO,-1FR,WE" -> [(1, 0), (-1, 4), (None, 2)]; unreadable parts are skipped."""
    rules: list[tuple[int | None, int]] = []
    for raw in rule_text(byday).replace(" ", "").split(","):
        if len(raw) < 2 or raw[-2:] not in WEEKDAY_CODES:
            continue
        weekday = WEEKDAY_CODES.index(raw[-2:])
        ordinal_text = raw[:-2]
        if not ordinal_text:
            rules.append((None, weekday))
            continue
        try:
            ordinal = int(ordinal_text)
        except ValueError:
            continue
        if ordinal != 0 and -5 <= ordinal <= 5:
            rules.append((ordinal, weekday))
    return rules


def month_days(bymonthday: str) -> list[int]:
    days = []
    for raw in rule_text(bymonthday).replace(" ", "").split(","):
        try:
            day = int(raw)
        except ValueError:
            continue
        if day != 0 and -31 <= day <= 31:
            days.append(day)
    return days


def _nth_weekday(day: datetime.date) -> tuple[int, int]:
    """Which occurrence of its weekday this day is in its month, from the start and end."""
    last = calendar.monthrange(day.year, day.month)[1]
    return (day.day - 1) // 7 + 1, -((last - day.day) // 7 + 1)


def as_date(value: datetime.date | str | None) -> datetime.date | None:
    """HSDS keeps ``dtstart`` and ``until`` as text ("2026-12-07" or "20261207T090000")."""
    if value is None or isinstance(value, datetime.date):
        return value
    digits = str(value).strip().replace("-", "")[:8]
    if len(digits) != 8 or not (digits.isascii() and digits.isdigit()):
        return None
    try:
        return datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None


def applies_on(schedule: ScheduleLike, day: datetime.date) -> bool:
    """Whether the schedule has opening hours on this date."""
    dtstart = as_date(schedule.dtstart)
    for start in (schedule.valid_from, dtstart):
        if start and day < start:
            return False
    for end in (schedule.valid_to, as_date(schedule.until)):
        if end and day > end:
            return False
    freq = rule_text(schedule.freq) or "WEEKLY"
    interval = schedule.interval if schedule.interval and schedule.interval > 0 else 1
    rules = day_rules(schedule.byday)
    if freq == "WEEKLY":
        if rules and day.weekday() not in {weekday for _ordinal, weekday in rules}:
            return False
        if interval > 1 and dtstart:
            anchor = dtstart - datetime.timedelta(days=dtstart.weekday())
            this_week = day - datetime.timedelta(days=day.weekday())
            if ((this_week - anchor).days // 7) % interval:
                return False
        # A weekly rule with no days opens on every day (HSDS exports "every day" this way).
        return True
    if freq == "MONTHLY":
        if interval > 1 and dtstart:
            months = (day.year - dtstart.year) * 12 + day.month - dtstart.month
            if months % interval:
                return False
        days_of_month = month_days(schedule.bymonthday)
        if days_of_month:
            last = calendar.monthrange(day.year, day.month)[1]
            if day.day not in {d if d > 0 else last + d + 1 for d in days_of_month}:
                return False
        if rules:
            from_start, from_end = _nth_weekday(day)
            return any(
                weekday == day.weekday() and ordinal in (None, from_start, from_end)
                for ordinal, weekday in rules
            )
        return bool(days_of_month)
    return False


def _span(schedule: ScheduleLike) -> tuple[datetime.time, datetime.time | None]:
    """Opening and closing times; a closing time of None means to the end of the day."""
    opens = schedule.opens_at or datetime.time(0, 0)
    closes = schedule.closes_at
    if closes == datetime.time(0, 0) or (schedule.opens_at is None and closes is None):
        closes = None
    return opens, closes


def is_open_at(schedules: Iterable[ScheduleLike], moment: datetime.datetime) -> bool:
    """Whether any schedule has the service open at this local wall-clock moment.

    A closing time before the opening time runs past midnight into the next day.
    """
    day, clock = moment.date(), moment.time().replace(tzinfo=None)
    yesterday = day - datetime.timedelta(days=1)
    for schedule in schedules:
        opens, closes = _span(schedule)
        overnight = closes is not None and closes <= opens
        if (
            applies_on(schedule, day)
            and opens <= clock
            and (closes is None or overnight or clock < closes)
        ):
            return True
        if overnight and closes is not None and clock < closes and applies_on(schedule, yesterday):
            return True
    return False


def has_hours(schedules: Iterable[ScheduleLike]) -> bool:
    """Whether the schedules say anything we can read as opening hours."""
    return any(
        rule_text(s.freq) in ("WEEKLY", "MONTHLY", "") and (s.opens_at or s.closes_at or s.byday)
        for s in schedules
    )
