"""The feedback results pages and CSV: what each person sees, and how it reads."""

import csv
import datetime
import io
import re
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import AuditEvent, Role
from circles.feedback.models import FeedbackPrompt, FeedbackSettings
from circles.feedback.results import Period
from circles.feedback.tasks import raise_all_prompts
from circles.feedback.views.results import chart_for
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


def answer(group: Any, weeks: int, count: int, scores: Any = (8, 8, 8, 8), **extra: Any) -> Any:
    when = (NOW - datetime.timedelta(weeks=weeks)).replace(hour=18)
    meeting = make_meeting(group, when=when)
    give_feedback(meeting, count=count, scores=scores, **extra)
    return meeting


def overview(org: str = "riverside") -> str:
    return reverse("feedback_overview", args=[org])


def group_url(group: Any) -> str:
    return reverse("feedback_group", args=["riverside", group.pk])


@pytest.fixture
def groups(riverside: Any, specialist: Any, supervisor: Any) -> dict[str, Any]:
    other = make_member(riverside, Role.SPECIALIST, "other@example.org", "Dana")
    mine = make_group(riverside, facilitators=[specialist], name="Tuesday circle")
    theirs = make_group(riverside, facilitators=[other], name="Thursday circle")
    answer(mine, 3, 5, (9, 8, 7, 6))  # total 30
    answer(theirs, 3, 6, (5, 5, 5, 6), helped="The tea was lovely")  # total 21
    return {"mine": mine, "theirs": theirs, "other": other}


def test_a_specialist_sees_only_the_groups_they_facilitate(
    specialist: Any, groups: dict[str, Any]
) -> None:
    page = client_for(specialist).get(overview()).content.decode()
    assert "Tuesday circle" in page
    assert "30.0 out of 40" in page
    assert re.search(r"Latest period: <span class=\"feedback-date\">\d+ \w+ \d{4}</span>\.", page)
    assert "Thursday circle" not in page and "21.0" not in page
    # Asking for someone else's groups changes nothing for a specialist.
    page = (
        client_for(specialist)
        .get(overview() + f"?facilitator={groups['other'].pk}")
        .content.decode()
    )
    assert "Thursday circle" not in page and "Tuesday circle" in page
    assert 'name="facilitator"' not in page


def test_supervisors_see_every_group_and_can_choose_a_facilitator(
    supervisor: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    client = client_for(supervisor)
    page = client.get(overview()).content.decode()
    assert "Tuesday circle" in page and "Thursday circle" in page
    # Total across what is shown: (30 * 5 + 21 * 6) / 11 = 25.09...
    assert "11 answers over 2 periods" in page and "25.1 out of 40" in page
    assert "Dana" in page and "Jordan" in page  # both facilitators can be chosen
    page = client.get(overview() + f"?facilitator={groups['other'].pk}").content.decode()
    assert "Thursday circle" in page and "Tuesday circle" not in page
    assert "6 answers over 1 period: " in page
    assert f"feedback.csv?facilitator={groups['other'].pk}" in page


def test_a_facilitators_view_is_the_union_of_their_groups(
    riverside: Any, supervisor: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    second = make_group(riverside, facilitators=[specialist], name="Saturday circle")
    answer(second, 2, 5, (4, 4, 4, 4))
    page = client_for(supervisor).get(overview() + f"?facilitator={specialist.pk}").content
    text = page.decode()
    assert "Tuesday circle" in text and "Saturday circle" in text and "Thursday" not in text
    assert "10 answers over 2 periods" in text and "23.0 out of 40" in text  # (30+16)/2


def test_waiting_answers_are_counted_kindly(riverside: Any, specialist: Any) -> None:
    group = make_group(riverside, facilitators=[specialist], name="New circle")
    answer(group, 2, 3)
    page = client_for(specialist).get(overview()).content.decode()
    assert (
        "3 answers are waiting: results show once at least 5 can be shown together, "
        "after the meeting's link has closed." in page
    )
    assert "Nothing to show yet." in page


def test_participants_and_observers_are_refused(observer: Any, participant: Any) -> None:
    assert client_for(participant).get(overview()).status_code == 403
    assert client_for(observer).get(overview()).status_code == 403


def test_the_group_page_shows_chart_table_and_comments(
    riverside: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    group = groups["mine"]
    answer(group, 2, 5, (6, 6, 6, 6), helped="Being listened to", better="Start on time")
    page = client_for(specialist).get(group_url(group)).content.decode()
    assert '<svg role="img"' in page and '<title id="chart-title">' in page
    assert "30.0; " in page or ": 30.0" in page  # the chart's text summary has the values
    assert "<caption" in page and "Heard and respected" in page  # short names as headers
    assert "<td><strong>24.0</strong></td>" in page and "<td><strong>30.0</strong></td>" in page
    assert "Being listened to" in page and "Start on time" in page
    assert "10 answers" in page
    assert 'style="' not in page.split("<main", 1)[1]  # CSP: no inline styles


def test_another_specialist_may_not_read_a_group(specialist: Any, groups: dict[str, Any]) -> None:
    client = client_for(specialist)
    assert client.get(group_url(groups["theirs"])).status_code == 403
    csv_url = reverse("feedback_group_csv", args=["riverside", groups["theirs"].pk])
    assert client.get(csv_url).status_code == 403


def test_date_range_selects_whole_periods_and_says_so(
    riverside: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    group = groups["mine"]
    answer(group, 2, 5, (2, 2, 2, 2), helped="Only in the later period")
    client = client_for(specialist)
    later = (NOW - datetime.timedelta(weeks=2)).date()
    page = client.get(group_url(group), {"start": later.isoformat()}).content.decode()
    assert "1 period whose last meeting is in the dates you chose" in page
    assert "<td><strong>8.0</strong></td>" in page
    assert "<td><strong>30.0</strong></td>" not in page
    assert "Only in the later period" in page
    before = (later - datetime.timedelta(days=1)).isoformat()
    page = client.get(group_url(group), {"end": before}).content.decode()
    assert "<td><strong>30.0</strong></td>" in page and "Only in the later period" not in page
    page = client.get(
        group_url(group), {"start": "2001-01-01", "end": "2001-02-01"}
    ).content.decode()
    assert "No period of results ends between these dates" in page


def test_a_bad_date_range_is_explained_by_the_field(
    specialist: Any, groups: dict[str, Any]
) -> None:
    client = client_for(specialist)
    response = client.get(group_url(groups["mine"]), {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This date comes before the “From” date" in page
    assert 'value="2026-05-01"' in page and 'value="2026-04-01"' in page
    response = client.get(group_url(groups["mine"]), {"start": "soon"})
    assert response.status_code == 400
    assert "Please give a date" in response.content.decode()


def test_nothing_yet_is_explained(riverside: Any, specialist: Any) -> None:
    group = make_group(riverside, facilitators=[specialist], name="Quiet circle")
    page = client_for(specialist).get(group_url(group)).content.decode()
    assert "Nothing can be shown yet." in page
    assert "<svg" not in page and "<table" not in page
    assert "Which dates to show" not in page  # nothing to choose from yet


def test_the_group_page_says_when_the_questions_were_reworded(
    riverside: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    questions = FeedbackSettings.of(riverside).questions
    questions[0]["short"] = "Felt welcome"
    FeedbackSettings.objects.create(
        organization=riverside,
        questions=questions,
        questions_changed_on=datetime.date(2026, 3, 4),
    )
    page = client_for(specialist).get(group_url(groups["mine"])).content.decode()
    assert "The questions were reworded on 4 March 2026" in page
    assert "Felt welcome" in page and "Heard and respected" not in page


def read_csv(response: Any) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_csv_has_one_row_per_period_and_no_free_text(
    supervisor: Any, groups: dict[str, Any]
) -> None:
    answer(groups["mine"], 2, 5, (6, 6, 6, 6), better="A very private remark")
    client = client_for(supervisor)
    rows = read_csv(client.get(reverse("feedback_csv", args=["riverside"])))
    assert rows[0][:5] == ["Group", "First meeting", "Last meeting", "Meetings", "Answers"]
    assert rows[0][5].startswith("Heard and respected")
    assert [(r[0], r[4], r[-1]) for r in rows[1:]] == [
        ("Thursday circle", "6", "21.0"),
        ("Tuesday circle", "5", "30.0"),
        ("Tuesday circle", "5", "24.0"),
    ]
    assert rows[1][5:9] == ["5.0", "5.0", "5.0", "6.0"]
    assert "A very private remark" not in str(rows) and "tea" not in str(rows)
    only = read_csv(
        client.get(reverse("feedback_csv", args=["riverside"]), {"facilitator": groups["other"].pk})
    )
    assert [r[0] for r in only[1:]] == ["Thursday circle"]
    one = read_csv(client.get(reverse("feedback_group_csv", args=["riverside", groups["mine"].pk])))
    assert [r[-1] for r in one[1:]] == ["30.0", "24.0"]


def test_the_csv_guards_against_formulas_in_group_names(
    riverside: Any, admin: Any, specialist: Any
) -> None:
    for name in ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)"]:
        answer(make_group(riverside, facilitators=[specialist], name=name), 2, 5)
    rows = read_csv(client_for(admin).get(reverse("feedback_csv", args=["riverside"])))
    names = sorted(r[0] for r in rows[1:])
    assert names == sorted(["'=HYPERLINK(1)", "'+1", "'-2", "'@SUM(A1)"])


def test_talking_a_prompt_over_puts_it_away(
    riverside: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    FeedbackSettings.objects.create(organization=riverside, alert_below=35)
    raise_all_prompts()
    client = client_for(specialist)
    page = client.get(overview()).content.decode()
    assert "got lower answers than usual" in page
    assert "That happens for many reasons" in page
    prompt = FeedbackPrompt.objects.get(group=groups["mine"])
    response = client.post(reverse("feedback_prompt_done", args=["riverside", prompt.pk]))
    assert response.status_code == 302
    prompt.refresh_from_db()
    assert prompt.talked_over_by == specialist and prompt.talked_over_on is not None
    assert AuditEvent.objects.filter(action="feedback.prompt_done", actor_id=specialist.pk).exists()
    assert "got lower answers than usual" not in client.get(overview()).content.decode()


def test_only_the_groups_people_may_put_a_prompt_away(
    riverside: Any, specialist: Any, groups: dict[str, Any]
) -> None:
    FeedbackSettings.objects.create(organization=riverside, alert_below=35)
    theirs = FeedbackPrompt.objects.create(
        organization=riverside,
        group=groups["theirs"],
        period_index=0,
        period_first=NOW.date(),
        period_last=NOW.date(),
        reason="below",
        average_total=21,
    )
    url = reverse("feedback_prompt_done", args=["riverside", theirs.pk])
    assert client_for(specialist).post(url).status_code == 403
    assert client_for(specialist).get(url).status_code == 405
    theirs.refresh_from_db()
    assert theirs.talked_over_on is None


def test_after_putting_away_it_goes_back_only_to_this_site(
    riverside: Any, supervisor: Any, groups: dict[str, Any]
) -> None:
    FeedbackSettings.objects.create(organization=riverside, alert_below=35)
    raise_all_prompts()
    client = client_for(supervisor)
    prompt = FeedbackPrompt.objects.filter(group=groups["mine"]).get()
    url = reverse("feedback_prompt_done", args=["riverside", prompt.pk])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == overview()


def audit_locks(events: int) -> int:
    return events if connection.vendor == "postgresql" else 0


@pytest.mark.parametrize("size", [3, 30])
def test_the_overview_needs_the_same_queries_for_3_or_30_groups(
    size: int, riverside: Any, supervisor: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    for number in range(size):
        group = make_group(riverside, facilitators=[specialist], name=f"Circle {number}")
        answer(group, 3, 5)
        answer(group, 2, 7)
        answer(group, 1, 2)
    raise_all_prompts()
    client = client_for(supervisor)
    client.get(overview())
    # The session's last-seen time is written at most once a minute, so not here;
    # one query counts the groups for the page links.
    with django_assert_num_queries(9):
        response = client.get(overview())
    # 20 groups to a page, however many there are.
    assert response.content.decode().count('class="card"') == min(size, 20)
    with django_assert_num_queries(9):
        page = client.get(overview() + f"?facilitator={specialist.pk}")
    assert page.status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_group_page_and_csv_queries_do_not_grow_with_periods(
    size: int, riverside: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist])
    for week in range(size):
        answer(group, size + 1 - week, 5, helped=f"Helped {week}")
    client = client_for(specialist)
    client.get(group_url(group))
    with django_assert_num_queries(9):
        page = client.get(group_url(group)).content.decode()
    assert page.count("Helped ") == 5 * size
    with django_assert_num_queries(7):
        client.get(reverse("feedback_group_csv", args=["riverside", group.pk]))


def test_the_chart_is_drawn_from_the_periods_it_is_given() -> None:
    def period(day: int, total_per_question: int) -> Period:
        return Period(
            count=5,
            sums=(total_per_question * 5,) * 4,
            last_date=datetime.date(2026, 3, day),
            first_date=datetime.date(2026, 3, day),
        )

    assert chart_for([]) is None
    one = chart_for([period(1, 10)])
    assert one is not None
    (point,) = one.points
    assert point["x"] == one.left + one.plot_width // 2 and point["y"] == one.top  # 40 of 40
    assert one.polyline == f"{point['x']},{point['y']}" and point["show_label"]

    many = chart_for([period(day, day % 11) for day in range(1, 13)])
    assert many is not None
    xs = [p["x"] for p in many.points]
    assert xs == sorted(xs) and xs[0] == many.left and xs[-1] == many.right_edge
    bottom = many.top + many.plot_height
    assert many.points[9]["y"] == bottom - round(many.plot_height * 40 / 40)  # day 10: 40
    assert many.points[10]["y"] == bottom  # day 11: 0 of 40
    labelled = [p for p in many.points if p["show_label"]]
    assert many.points[-1] in labelled and len(labelled) <= 6
    assert "10 Mar 2026: 40.0; 11 Mar 2026: 0.0; 12 Mar 2026: 4.0." in many.summary


@pytest.mark.parametrize(
    ("next_value", "goes_to"),
    [
        ("/o/riverside/", "/o/riverside/"),
        ("-1", "/o/riverside/feedback/"),
        ("feedback_overview", "/o/riverside/feedback/"),
        ("https://elsewhere.example/", "/o/riverside/feedback/"),
        ("//elsewhere.example/", "/o/riverside/feedback/"),
    ],
)
def test_putting_a_prompt_away_goes_back_only_to_a_page_here(
    riverside: Any, specialist: Any, groups: dict[str, Any], next_value: str, goes_to: str
) -> None:
    FeedbackSettings.objects.create(organization=riverside, alert_below=35)
    raise_all_prompts()
    prompt = FeedbackPrompt.objects.get(group=groups["mine"])
    response = client_for(specialist).post(
        reverse("feedback_prompt_done", args=["riverside", prompt.pk]), {"next": next_value}
    )
    assert response.status_code == 302
    assert response["Location"] == goes_to
