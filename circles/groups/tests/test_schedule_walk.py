"""The next dates walk the repeat rule once, not once per date."""

import datetime
from typing import Any

import pytest
from dateutil import rrule

from circles.groups.models import Frequency
from circles.groups.schedule import Schedule

NOW = datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC)


def weekly(**extra: Any) -> Schedule:
    values: dict[str, Any] = {
        "frequency": Frequency.WEEKLY,
        "weekday": 1,
        "month_week": 1,
        "custom_rule": "",
        "start_time": datetime.time(18, 0),
        "duration_minutes": 90,
        "starts_on": datetime.date(2020, 1, 7),
        "ends_on": None,
        "timezone": "America/Chicago",
    }
    values.update(extra)
    return Schedule(**values)


def test_next_dates_walk_the_rule_once(monkeypatch: pytest.MonkeyPatch) -> None:
    walks = []
    original = rrule.rrule._iter

    def counted(self: Any) -> Any:
        walks.append(1)
        return original(self)

    monkeypatch.setattr(rrule.rrule, "_iter", counted)
    dates = weekly().next_dates(7, now=NOW)
    assert len(dates) == 7
    assert len(walks) == 1


def test_next_dates_are_the_weekly_dates_after_now_skipping_exceptions() -> None:
    skipped = datetime.date(2026, 12, 8)
    dates = weekly(exceptions=frozenset({skipped})).next_dates(3, now=NOW)
    assert [d.date() for d in dates] == [
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 15),
        datetime.date(2026, 12, 22),
    ]
    assert all(d.hour == 18 for d in dates)
