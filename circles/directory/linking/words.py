"""Opening hours in plain words: "Monday to Friday, 9 a.m. to 5 p.m."."""

import datetime
from collections.abc import Iterable

from django.utils import formats
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from circles.directory.linking.opening import WEEKDAY_CODES, day_rules, month_days, rule_text

DAY_NAMES = (
    gettext_lazy("Monday"),
    gettext_lazy("Tuesday"),
    gettext_lazy("Wednesday"),
    gettext_lazy("Thursday"),
    gettext_lazy("Friday"),
    gettext_lazy("Saturday"),
    gettext_lazy("Sunday"),
)
ORDINALS = {
    1: gettext_lazy("first"),
    2: gettext_lazy("second"),
    3: gettext_lazy("third"),
    4: gettext_lazy("fourth"),
    5: gettext_lazy("fifth"),
    -1: gettext_lazy("last"),
    -2: gettext_lazy("second to last"),
}


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _weekdays(days: list[int]) -> str:
    days = sorted(set(days))
    if not days or len(days) == len(WEEKDAY_CODES):
        return _("Every day")
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return _("%(first)s to %(last)s") % {
            "first": DAY_NAMES[days[0]],
            "last": DAY_NAMES[days[-1]],
        }
    return _and_list([str(DAY_NAMES[d]) for d in days])


def _time(value: datetime.time) -> str:
    return formats.time_format(value, "TIME_FORMAT")


def _hours(opens: datetime.time | None, closes: datetime.time | None) -> str:
    if opens and closes:
        return _("%(opens)s to %(closes)s") % {"opens": _time(opens), "closes": _time(closes)}
    if opens:
        return _("from %(opens)s") % {"opens": _time(opens)}
    if closes:
        return _("until %(closes)s") % {"closes": _time(closes)}
    return _("all day")


def describe(schedule: object) -> str:
    """One schedule in words; its own description when the rule says nothing we can read."""
    freq = rule_text(getattr(schedule, "freq", "")) or "WEEKLY"
    rules = day_rules(getattr(schedule, "byday", ""))
    interval = getattr(schedule, "interval", None) or 1
    description = str(getattr(schedule, "description", "") or "").strip()
    if freq == "WEEKLY":
        days = _weekdays([weekday for _ordinal, weekday in rules])
        if interval == 2:
            days = _("Every other week: %(days)s") % {"days": days}
        elif interval > 2:
            days = _("Every %(n)s weeks: %(days)s") % {"n": interval, "days": days}
    elif freq == "MONTHLY" and rules:
        parts = [
            str(format_lazy("{} {}", ORDINALS.get(ordinal or 1, ordinal or 1), DAY_NAMES[weekday]))
            for ordinal, weekday in rules
        ]
        days = _("The %(days)s of the month") % {"days": _and_list(parts)}
    elif freq == "MONTHLY" and month_days(getattr(schedule, "bymonthday", "")):
        numbers = [str(d) if d > 0 else _("the last day") for d in month_days(schedule.bymonthday)]  # type: ignore[attr-defined]
        days = _("Day %(days)s of the month") % {"days": _and_list(numbers)}
    else:
        return description
    text = _("%(days)s, %(hours)s") % {
        "days": days,
        "hours": _hours(getattr(schedule, "opens_at", None), getattr(schedule, "closes_at", None)),
    }
    valid_to = getattr(schedule, "valid_to", None)
    if valid_to:
        text = _("%(text)s (until %(day)s)") % {
            "text": text,
            "day": formats.date_format(valid_to, "j F Y"),
        }
    if description:
        text = f"{text}. {description}"
    return text


def describe_schedules(schedules: Iterable[object]) -> list[str]:
    lines = []
    for schedule in schedules:
        line = describe(schedule)
        if line and line not in lines:
            lines.append(line)
    return lines
