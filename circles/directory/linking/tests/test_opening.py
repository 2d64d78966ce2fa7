"""Open now, from HSDS 3.0 schedules read on the organisation's clock."""

import datetime
from dataclasses import dataclass

from circles.directory.linking.opening import applies_on, as_date, has_hours, is_open_at


@dataclass
class Sched:
    freq: str = "WEEKLY"
    byday: str = ""
    bymonthday: str = ""
    interval: int | None = None
    dtstart: datetime.date | str | None = None
    until: datetime.date | str | None = None
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None
    opens_at: datetime.time | None = None
    closes_at: datetime.time | None = None


def at(day: str, hh: int, mm: int = 0) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=hh, minute=mm)


NINE_TO_FIVE_WEEKDAYS = Sched(
    byday="MO,TU,WE,TH,FR", opens_at=datetime.time(9), closes_at=datetime.time(17)
)
# 2026-12-07 is a Monday.


def test_weekday_hours() -> None:
    assert is_open_at([NINE_TO_FIVE_WEEKDAYS], at("2026-12-07", 9))
    assert is_open_at([NINE_TO_FIVE_WEEKDAYS], at("2026-12-07", 16, 59))
    assert not is_open_at([NINE_TO_FIVE_WEEKDAYS], at("2026-12-07", 17))
    assert not is_open_at([NINE_TO_FIVE_WEEKDAYS], at("2026-12-07", 8, 59))
    assert not is_open_at([NINE_TO_FIVE_WEEKDAYS], at("2026-12-12", 12))  # Saturday


def test_overnight_runs_into_the_next_day() -> None:
    friday_night = Sched(byday="FR", opens_at=datetime.time(22), closes_at=datetime.time(6))
    assert is_open_at([friday_night], at("2026-12-11", 23))
    assert is_open_at([friday_night], at("2026-12-12", 5, 30))  # Saturday morning
    assert not is_open_at([friday_night], at("2026-12-12", 6))
    assert not is_open_at([friday_night], at("2026-12-11", 5))  # Friday morning: Thursday shut


def test_all_day_and_closing_at_midnight() -> None:
    always = Sched(byday="MO,TU,WE,TH,FR,SA,SU")
    assert is_open_at([always], at("2026-12-13", 3))
    to_midnight = Sched(byday="SA", opens_at=datetime.time(18), closes_at=datetime.time(0))
    assert is_open_at([to_midnight], at("2026-12-12", 23, 59))
    assert not is_open_at([to_midnight], at("2026-12-13", 0, 30))


def test_monthly_nth_weekday_and_month_days() -> None:
    first_monday = Sched(
        freq="MONTHLY", byday="1MO", opens_at=datetime.time(10), closes_at=datetime.time(12)
    )
    assert is_open_at([first_monday], at("2026-12-07", 11))
    assert not is_open_at([first_monday], at("2026-12-14", 11))
    last_thursday = Sched(freq="MONTHLY", byday="-1TH")
    assert applies_on(last_thursday, datetime.date(2026, 12, 31))
    assert not applies_on(last_thursday, datetime.date(2026, 12, 24))
    fifteenth = Sched(freq="MONTHLY", bymonthday="15,-1")
    assert applies_on(fifteenth, datetime.date(2026, 12, 15))
    assert applies_on(fifteenth, datetime.date(2027, 2, 28))
    assert not applies_on(fifteenth, datetime.date(2027, 2, 27))


def test_every_other_week_counts_from_dtstart() -> None:
    fortnightly = Sched(byday="MO", interval=2, dtstart=datetime.date(2026, 12, 7))
    assert applies_on(fortnightly, datetime.date(2026, 12, 7))
    assert not applies_on(fortnightly, datetime.date(2026, 12, 14))
    assert applies_on(fortnightly, datetime.date(2026, 12, 21))
    assert not applies_on(fortnightly, datetime.date(2026, 11, 30))  # before it starts


def test_validity_dates() -> None:
    winter = Sched(
        byday="MO", valid_from=datetime.date(2026, 12, 1), valid_to=datetime.date(2027, 3, 1)
    )
    assert applies_on(winter, datetime.date(2026, 12, 7))
    assert not applies_on(winter, datetime.date(2026, 11, 30))
    assert not applies_on(winter, datetime.date(2027, 3, 8))
    ended = Sched(byday="MO", until=datetime.date(2026, 12, 1))
    assert not applies_on(ended, datetime.date(2026, 12, 7))


def test_hsds_text_dates() -> None:
    assert as_date("2026-12-07") == datetime.date(2026, 12, 7)
    assert as_date("20261207T090000") == datetime.date(2026, 12, 7)
    assert as_date("2026-02-30") is None
    assert as_date("²⁰²⁶1207") is None
    later = Sched(byday="MO", dtstart="2026-12-14", until="2027-01-31")
    assert not applies_on(later, datetime.date(2026, 12, 7))
    assert applies_on(later, datetime.date(2026, 12, 14))
    assert not applies_on(later, datetime.date(2027, 2, 1))


def test_odd_rules_never_raise_and_never_open() -> None:
    odd = [
        Sched(freq="YEARLY", byday="MO"),
        Sched(freq="MONTHLY"),
        Sched(freq="MONTHLY", byday="9MO,XX,,1", bymonthday="abc,0,99"),
    ]
    for schedule in odd:
        assert not is_open_at([schedule], at("2026-12-07", 12))


def test_has_hours() -> None:
    assert has_hours([NINE_TO_FIVE_WEEKDAYS])
    assert not has_hours([])
    assert not has_hours([Sched(freq="YEARLY", byday="MO")])
