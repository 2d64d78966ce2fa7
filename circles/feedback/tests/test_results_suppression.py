"""Suppression holds everywhere results appear, including against differencing.

Every page, CSV and API endpoint that shows feedback is asked about a group with
only 4 released answers (nothing but the waiting count may appear), and then
about data built so that a naive "all dates" minus "all but the last week"
would reveal one person's answer. Every view on offer must be a union of whole
periods of 5 answers or more, so that any two of them differ by 0 or at least 5.
"""

import csv
import datetime
import html
import io
import itertools
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import Role
from circles.feedback.models import FeedbackPrompt, FeedbackResponse, FeedbackSettings
from circles.feedback.results import MIN_RESPONSES, results_for_groups
from circles.testing.fixtures import (
    client_for,
    give_feedback,
    make_group,
    make_meeting,
    make_member,
)

pytestmark = pytest.mark.django_db

# Yesterday at a fixed hour: always in the past, whatever the time of day the tests run.
NOW = (timezone.now() - datetime.timedelta(days=1)).replace(
    hour=12, minute=0, second=0, microsecond=0
)
SECRET = "Purple elephant in the corner"
# Four answers of these make means no other data on the page can produce.
ODD_SCORES = (3, 7, 2, 9)
ODD_VALUES = ["3.0", "7.0", "2.0", "9.0", "21.0"]


def answer(group: Any, days: int, count: int, scores: Any = (8, 8, 8, 8), **extra: Any) -> Any:
    when = (NOW - datetime.timedelta(days=days)).replace(hour=18)
    meeting = make_meeting(group, when=when)
    give_feedback(meeting, count=count, scores=scores, **extra)
    return meeting


def body(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return html.unescape(response.content.decode())


@pytest.fixture
def four(riverside: Any, specialist: Any) -> Any:
    """A group with 4 released answers (and 3 more whose link is still open)."""
    FeedbackSettings.objects.create(organization=riverside, alert_below=40)
    group = make_group(riverside, facilitators=[specialist], name="Small circle")
    answer(group, 21, 2, ODD_SCORES, helped=SECRET)
    answer(group, 14, 2, ODD_SCORES, better=SECRET)
    meeting = make_meeting(group, when=NOW - datetime.timedelta(days=1))
    give_feedback(meeting, count=3, scores=ODD_SCORES, released=False, helped=SECRET)
    return group


def every_view_of(group: Any, facilitator: Any) -> dict[str, tuple[str, dict[str, Any]]]:
    slug = "riverside"
    one = f"/api/v1/orgs/{slug}/feedback/groups/{group.pk}"
    ranges: list[dict[str, Any]] = [{}, {"start": "2000-01-01"}, {"end": NOW.date().isoformat()}]
    urls: dict[str, tuple[str, dict[str, Any]]] = {
        "overview": (reverse("feedback_overview", args=[slug]), {}),
        "overview by facilitator": (
            reverse("feedback_overview", args=[slug]),
            {"facilitator": facilitator.pk},
        ),
        "csv": (reverse("feedback_csv", args=[slug]), {}),
        "csv by facilitator": (
            reverse("feedback_csv", args=[slug]),
            {"facilitator": facilitator.pk},
        ),
        "api list": (f"/api/v1/orgs/{slug}/feedback/groups", {}),
        "api list by facilitator": (
            f"/api/v1/orgs/{slug}/feedback/groups",
            {"facilitator": facilitator.pk},
        ),
    }
    for number, dates in enumerate(ranges):
        urls[f"group page {number}"] = (reverse("feedback_group", args=[slug, group.pk]), dates)
        urls[f"group csv {number}"] = (reverse("feedback_group_csv", args=[slug, group.pk]), dates)
        urls[f"api group {number}"] = (one, dates)
    return urls


@pytest.mark.parametrize("who", ["specialist", "supervisor", "admin"])
def test_four_released_answers_show_nothing_but_the_waiting_count(
    four: Any, everyone: dict[str, Any], specialist: Any, who: str
) -> None:
    client = client_for(everyone[who])
    for name, (url, params) in every_view_of(four, specialist).items():
        text = body(client.get(url, params))
        assert SECRET not in text, name
        if "<main" in text:
            text = text.split("<main", 1)[1].split("</main>", 1)[0]
        for value in ODD_VALUES:
            assert not re.search(rf"(?<![\d.]){re.escape(value)}(?![\d.])", text), (value, name)
        assert "on average" not in text, name
        if "page" in name or "overview" in name:
            assert "7 answers are waiting" in text, name
        if name.startswith("api"):
            assert '"periods": []' in text.replace('"periods":[]', '"periods": []'), name
            assert '"waiting": 7' in text.replace('"waiting":7', '"waiting": 7'), name
        if "csv" in name:
            assert len(list(csv.reader(io.StringIO(text)))) == 1, name  # the header alone
    # No prompt is raised about answers nobody may see, whatever the threshold.
    assert not FeedbackPrompt.objects.exists()


def test_the_fifth_answer_releases_all_five_together(four: Any, specialist: Any) -> None:
    answer(four, 7, 1, ODD_SCORES, helped="Fifth")
    text = body(client_for(specialist).get(reverse("feedback_group", args=["riverside", four.pk])))
    assert "5 answers, 21.0 out of 40" in re.sub(r"<[^>]+>", "", text)
    assert SECRET in text and "Fifth" in text
    assert "3 answers are waiting" in text  # the meeting whose link is still open


@pytest.fixture
def tricky(riverside: Any, specialist: Any, supervisor: Any) -> dict[str, Any]:
    """A naive "all dates" minus "all but the last week" would expose one answer here.

    Main circle: 5 answers six weeks ago, 3 + 3 answers four and three weeks ago,
    then 1 answer last week (released). A second group of the same facilitator and
    a group of another facilitator make the facilitator filter worth differencing too.
    """
    FeedbackSettings.objects.create(organization=riverside, alert_below=0)
    other = make_member(riverside, Role.SPECIALIST, "other@example.org", "Dana")
    main = make_group(riverside, facilitators=[specialist], name="Main circle")
    answer(main, 42, 5, (8, 8, 8, 8), helped="Six weeks ago")
    answer(main, 28, 3, (6, 7, 8, 9), helped="Four weeks ago")
    answer(main, 21, 3, (9, 9, 9, 9), helped="Three weeks ago")
    answer(main, 8, 1, (0, 1, 0, 1), helped="The lonely answer")
    second = make_group(riverside, facilitators=[specialist], name="Second circle")
    answer(second, 35, 6, (5, 5, 5, 5))
    answer(second, 9, 4, (1, 1, 1, 1), helped="Second group, too few")
    shared = make_group(riverside, facilitators=[specialist, other], name="Shared circle")
    answer(shared, 30, 7, (7, 7, 7, 7))
    theirs = make_group(riverside, facilitators=[other], name="Their circle")
    answer(theirs, 20, 5, (4, 4, 4, 4))
    answer(theirs, 6, 2, (2, 2, 2, 2))
    return {"main": main, "second": second, "shared": shared, "theirs": theirs, "other": other}


def test_the_naive_difference_reveals_nothing(
    riverside: Any, specialist: Any, tricky: dict[str, Any]
) -> None:
    client = client_for(specialist)
    url = f"/api/v1/orgs/riverside/feedback/groups/{tricky['main'].pk}"
    everything = client.get(url).json()
    but_last_week = client.get(
        url, {"end": (NOW - datetime.timedelta(days=9)).date().isoformat()}
    ).json()
    assert everything["periods"] == but_last_week["periods"]
    assert everything["comments"] == but_last_week["comments"]
    assert "The lonely answer" not in str(everything)
    assert everything["waiting"] == 1


def period_key(group_id: int, first: str, last: str) -> tuple[int, str, str]:
    return (group_id, first, last)


Shown = tuple[Any, str, str, int, str]


def dates(start: datetime.date | None, end: datetime.date | None) -> dict[str, str]:
    return {k: v.isoformat() for k, v in (("start", start), ("end", end)) if v}


def api_periods(periods: list[dict[str, Any]], group_id: int) -> list[Shown]:
    return [
        (group_id, p["first_date"], p["last_date"], p["answers"], f"{p['average_total']:.1f}")
        for p in periods
    ]


def csv_rows(response: Any) -> list[Shown]:
    """Group, first date, last date, answers, average total of each CSV row."""
    rows = list(csv.reader(io.StringIO(body(response))))[1:]
    return [(r[0], r[1], r[2], int(r[4]), r[-1]) for r in rows]


def group_page(group: Any) -> str:
    return reverse("feedback_group", args=["riverside", group.pk])


def test_every_pair_of_views_differs_by_whole_periods(
    riverside: Any, supervisor: Any, specialist: Any, tricky: dict[str, Any]
) -> None:
    """Enumerate the views on offer and check any two differ by 0 or at least 5 answers."""
    groups = [tricky[k] for k in ("main", "second", "shared", "theirs")]
    truth = results_for_groups(riverside, [g.pk for g in groups])
    periods = {
        period_key(p.group_id, p.first_date.isoformat(), p.last_date.isoformat()): p
        for r in truth.values()
        for p in r.periods
    }
    assert all(p.count >= MIN_RESPONSES for p in periods.values())
    client = client_for(supervisor)
    views: dict[str, frozenset[int]] = {}

    def record(name: str, shown: list[Shown]) -> None:
        ids: set[int] = set()
        for group_id, first, last, count, total in shown:
            period = periods.get(period_key(group_id, first, last))
            assert period is not None, f"{name} shows something that is not a whole period"
            assert (count, total) == (period.count, str(period.average_total)), name
            ids.update(period.response_ids)
        views[name] = frozenset(ids)

    # Date ranges over a group, by API: the day before, of and after each of its
    # meetings, and no date, as a start and as an end (every range that can differ).
    days = [(NOW - datetime.timedelta(days=d)).date() for d in range(45, -2, -1)]
    meeting_days = {"main": (42, 28, 21, 8), "second": (35, 9)}
    for key in ("main", "second"):
        group = tricky[key]
        near = {d + shift for d in meeting_days[key] for shift in (-1, 0, 1)}
        bounds = [None, *sorted((NOW - datetime.timedelta(days=d)).date() for d in near)]
        api = f"/api/v1/orgs/riverside/feedback/groups/{group.pk}"
        for start, end in itertools.product(bounds, bounds):
            if start and end and start > end:
                continue
            params = dates(start, end)
            data = client.get(api, params).json()
            record(f"api {group.name} {params}", api_periods(data["periods"], group.pk))
            shown = sum(p["answers"] for p in data["periods"])
            if data["comments"] is not None:
                assert shown >= MIN_RESPONSES
                assert "The lonely answer" not in data["comments"]["helped"]
                assert "Second group, too few" not in data["comments"]["helped"]
            else:
                assert shown == 0
        # The page and the CSV, for some ranges, show exactly what the API shows.
        for start, end in [(None, None), (days[20], None), (None, days[40]), (days[35], days[44])]:
            params = dates(start, end)
            data = client.get(api, params).json()
            record(f"api {group.name} {params}", api_periods(data["periods"], group.pk))
            page = re.sub(r"<[^>]+>", "", body(client.get(group_page(group), params)))
            count = sum(p["answers"] for p in data["periods"])
            if count:
                assert re.search(rf"\b{count} answers, [\d.]+ out of 40 on average", page)
            else:
                assert "on average" not in page and "What helped" not in page
            csv_url = reverse("feedback_group_csv", args=["riverside", group.pk])
            rows = csv_rows(client.get(csv_url, params))
            record(f"csv {group.name} {params}", [(group.pk, *r[1:]) for r in rows])
            assert views[f"csv {group.name} {params}"] == views[f"api {group.name} {params}"]

    # Facilitator filters on the overview, its CSV and the API list.
    names = {g.name: g.pk for g in groups}
    for choice in [None, specialist.pk, tricky["other"].pk]:
        params = {"facilitator": choice} if choice else {}
        rows = csv_rows(client.get(reverse("feedback_csv", args=["riverside"]), params))
        record(f"overview csv {params}", [(names[r[0]], *r[1:]) for r in rows])
        listed = client.get("/api/v1/orgs/riverside/feedback/groups", params).json()["items"]
        record(
            f"api list {params}",
            [row for g in listed for row in api_periods(g["periods"], g["id"])],
        )
        assert views[f"api list {params}"] == views[f"overview csv {params}"]
        overview = reverse("feedback_overview", args=["riverside"])
        page = re.sub(r"<[^>]+>", "", body(client.get(overview, params)))
        total = len(views[f"api list {params}"])
        assert re.search(rf"\b{total} answers over \d+ periods?: ", page), params

    assert len(views) > 100  # ranges of both groups, CSVs, lists
    for (name_a, a), (name_b, b) in itertools.combinations(views.items(), 2):
        for difference in (a - b, b - a):
            assert len(difference) == 0 or len(difference) >= MIN_RESPONSES, (name_a, name_b)
    # Last week's single answer, the second group's last four and their circle's last
    # two are in no view at all.
    shown_ids = frozenset().union(*views.values())
    waiting = {i for r in FeedbackResponse.objects.all() if r.pk not in shown_ids for i in [r.pk]}
    assert len(waiting) == 1 + 4 + 2
    assert sum(r.waiting for r in truth.values()) == len(waiting)
