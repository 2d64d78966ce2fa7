"""How answers become periods: the only unit any result is shown in."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from circles.feedback.models import FeedbackResponse
from circles.feedback.results import combine, in_range, results_for_groups
from circles.testing.fixtures import give_feedback, make_group, make_meeting

pytestmark = pytest.mark.django_db

# Yesterday at a fixed hour: always in the past, whatever the time of day the tests run.
NOW = (timezone.now() - datetime.timedelta(days=1)).replace(
    hour=12, minute=0, second=0, microsecond=0
)


def meeting_weeks_ago(group: Any, weeks: int) -> Any:
    when = (NOW - datetime.timedelta(weeks=weeks)).replace(hour=18)
    return make_meeting(group, when=when)


def answer(group: Any, weeks: int, count: int, score: int = 8, **extra: Any) -> Any:
    meeting = meeting_weeks_ago(group, weeks)
    give_feedback(meeting, count=count, scores=(score, score, score, score), **extra)
    return meeting


@pytest.fixture
def group(riverside: Any, specialist: Any) -> Any:
    return make_group(riverside, facilitators=[specialist])


def periods_of(riverside: Any, group: Any, now: Any = None) -> Any:
    return results_for_groups(riverside, [group.pk], now)[group.pk]


def test_fewer_than_five_released_answers_make_no_period(riverside: Any, group: Any) -> None:
    answer(group, 3, 2)
    answer(group, 2, 2)
    result = periods_of(riverside, group)
    assert result.periods == []
    assert result.waiting == 4


def test_a_period_holds_whole_meetings(riverside: Any, group: Any) -> None:
    answer(group, 4, 3, score=2)
    answer(group, 3, 4, score=6)  # 7 answers: the meeting is not split at 5
    answer(group, 2, 5, score=9)
    result = periods_of(riverside, group)
    assert [p.count for p in result.periods] == [7, 5]
    assert [p.meetings for p in result.periods] == [2, 1]
    first = result.periods[0]
    assert first.sums == (2 * 3 + 6 * 4,) * 4
    assert str(first.average_total) == "17.1"  # (6 + 24) * 4 / 7 = 17.14
    assert result.waiting == 0


def test_open_links_wait_and_never_change_released_periods(riverside: Any, group: Any) -> None:
    answer(group, 3, 5, score=4)
    answer(group, 2, 3, score=6)
    before = periods_of(riverside, group)
    # Answers about a meeting whose link is still open are only counted as waiting.
    open_meeting = make_meeting(group, when=NOW - datetime.timedelta(days=1))
    give_feedback(open_meeting, count=6, scores=(0, 0, 0, 0), released=False)
    during = periods_of(riverside, group)
    assert during.periods == before.periods
    assert during.waiting == 3 + 6
    # Once that link closes, the three earlier answers and these six form the next
    # period; the first period is exactly what it was.
    later = periods_of(riverside, group, NOW + datetime.timedelta(days=30))
    assert later.periods[0] == before.periods[0]
    assert [p.count for p in later.periods] == [5, 9]
    assert later.waiting == 0


def test_periods_are_stable_as_new_meetings_are_released(riverside: Any, group: Any) -> None:
    for weeks, count in [(10, 2), (9, 4), (8, 1), (7, 3), (6, 5), (5, 2)]:
        answer(group, weeks, count, score=weeks)
    first = periods_of(riverside, group).periods
    for weeks, count in [(4, 4), (3, 1), (2, 6)]:
        answer(group, weeks, count, score=weeks)
        again = periods_of(riverside, group).periods
        assert again[: len(first)] == first
        first = again
    assert [p.count for p in first] == [6, 9, 6, 7]
    assert all(p.count >= 5 for p in first)
    assert [p.index for p in first] == [0, 1, 2, 3]


def test_each_answer_is_in_exactly_one_period_or_waiting(riverside: Any, group: Any) -> None:
    for weeks, count in [(9, 1), (8, 7), (7, 2), (6, 2), (5, 1), (4, 3)]:
        answer(group, weeks, count)
    result = periods_of(riverside, group)
    in_periods = [i for p in result.periods for i in p.response_ids]
    assert len(in_periods) == len(set(in_periods))
    assert len(in_periods) + result.waiting == FeedbackResponse.objects.count()


def test_groups_do_not_mix(riverside: Any, group: Any, specialist: Any) -> None:
    other = make_group(riverside, facilitators=[specialist], name="Other circle")
    answer(group, 3, 3)
    answer(other, 3, 3)
    found = results_for_groups(riverside, [group.pk, other.pk])
    assert found[group.pk].periods == [] and found[other.pk].periods == []
    assert found[group.pk].waiting == 3


def test_other_organisations_answers_never_count(riverside: Any, lakeshore: Any) -> None:
    theirs = make_group(lakeshore, name="Lakeshore circle")
    answer(theirs, 3, 9)
    assert results_for_groups(riverside, [theirs.pk])[theirs.pk].periods == []


def test_in_range_takes_whole_periods_by_their_last_meeting(riverside: Any, group: Any) -> None:
    answer(group, 6, 3)
    answer(group, 5, 3)  # period 0 ends here
    answer(group, 4, 5)  # period 1
    periods = periods_of(riverside, group).periods
    start_of_first = periods[0].first_date
    # A range starting inside period 0 does not cut it: it is in or out as a whole.
    assert in_range(periods, start_of_first + datetime.timedelta(days=1), None) == periods
    assert in_range(periods, periods[0].last_date + datetime.timedelta(days=1), None) == [
        periods[1]
    ]
    assert in_range(periods, None, periods[0].last_date - datetime.timedelta(days=1)) == []
    assert combine([]) is None
    summary = combine(periods)
    assert summary is not None and summary.count == 11
