"""Continuing-education periods and hours: boundaries, leap days, expiry."""

import datetime
import itertools
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from circles.workforce.framework import (
    Period,
    hours_in,
    period_ending,
    periods_ending,
    progress_for,
    years_before,
)

D = datetime.date


def test_a_period_is_the_two_years_ending_on_the_expiry_date() -> None:
    assert period_ending(D(2027, 6, 30), 2) == Period(D(2025, 7, 1), D(2027, 6, 30))


def test_a_leap_day_expiry_starts_its_period_on_the_first_of_march() -> None:
    assert period_ending(D(2028, 2, 29), 2) == Period(D(2026, 3, 1), D(2028, 2, 29))
    assert years_before(D(2028, 2, 29), 2) == D(2026, 2, 28)
    assert years_before(D(2028, 2, 29), 4) == D(2024, 2, 29)


def test_hours_on_each_side_of_a_boundary_count_once_each() -> None:
    newer, older = periods_ending(D(2027, 1, 15), 2, 2)
    assert older.last + datetime.timedelta(days=1) == newer.first
    records = [
        (older.last, Decimal("3")),  # the last day of the older period
        (newer.first, Decimal("5")),  # the first day of the newer one
        (newer.last, Decimal("2")),  # the expiry date itself counts
        (newer.last + datetime.timedelta(days=1), Decimal("7")),  # after expiry: neither
    ]
    assert hours_in(newer, records) == Decimal("7")
    assert hours_in(older, records) == Decimal("3")


def test_a_course_spanning_two_periods_counts_in_the_one_it_ends_in() -> None:
    newer, older = periods_ending(D(2026, 9, 1), 2, 2)
    # Began in the older period, finished on the first day of the newer one.
    records = [(newer.first, Decimal("12"))]
    assert hours_in(newer, records) == Decimal("12")
    assert hours_in(older, records) == Decimal("0")


def test_progress_says_what_is_still_needed_and_by_when() -> None:
    expires = D(2027, 1, 30)
    records = [(D(2025, 3, 1), Decimal("8")), (D(2026, 2, 1), Decimal("6.5"))]
    progress = progress_for("wi-cps", expires, records, today=D(2026, 12, 1))
    assert progress is not None
    assert progress.done == Decimal("14.5")
    assert progress.still_needed == Decimal("5.5")
    assert not progress.met and not progress.expired
    assert progress.days_left == 60
    assert progress_for("wi-cps", expires, records, today=D(2027, 1, 31)).expired  # type: ignore[union-attr]
    assert progress_for("no-such-pack", expires, records, today=D(2026, 12, 1)) is None


def test_more_hours_than_needed_leave_nothing_to_do() -> None:
    progress = progress_for(
        "wi-cps", D(2027, 1, 1), [(D(2026, 1, 1), Decimal("25"))], D(2026, 6, 1)
    )
    assert progress is not None and progress.met and progress.still_needed == 0


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    last=st.dates(min_value=D(1996, 1, 1), max_value=D(2099, 12, 31)),
    years=st.integers(min_value=1, max_value=5),
    offset=st.integers(min_value=0, max_value=6 * 366),
)
def test_consecutive_periods_cover_every_day_exactly_once(
    last: datetime.date, years: int, offset: int
) -> None:
    periods = periods_ending(last, years, 3)
    day = last - datetime.timedelta(days=offset)
    holding = [p for p in periods if day in p]
    earliest = periods[-1].first
    assert len(holding) == (1 if day >= earliest else 0)
    for newer, older in itertools.pairwise(periods):
        assert older.last + datetime.timedelta(days=1) == newer.first
        # Each period is as long as the calendar says: 365 or 366 days a year.
        length = (newer.last - newer.first).days + 1
        assert 365 * years <= length <= 366 * years


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    last=st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31)),
    days=st.lists(st.integers(min_value=0, max_value=1500), max_size=12),
)
def test_hours_split_across_periods_add_up_to_the_whole(
    last: datetime.date, days: list[int]
) -> None:
    periods = periods_ending(last, 2, 3)
    records = [(last - datetime.timedelta(days=d), Decimal("1.25")) for d in days]
    inside = [r for r in records if r[0] >= periods[-1].first]
    assert sum(hours_in(p, records) for p in periods) == Decimal("1.25") * len(inside)
