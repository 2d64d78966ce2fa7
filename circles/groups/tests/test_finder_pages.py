"""The finder comes a page at a time, its next dates read from the meetings table."""

import datetime
import re
from typing import Any

import pytest
from dateutil import rrule
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from circles.meetings.generation import generate_all
from circles.meetings.models import Meeting
from circles.testing.fixtures import make_group

pytestmark = pytest.mark.django_db


def names(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/groups/\d+/">([^<]+)</a></h2>', html)


@pytest.fixture
def no_rule_walking(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a repeat rule was walked while answering")

    monkeypatch.setattr(rrule.rrule, "_iter", refuse)


def test_pages_of_twenty_say_where_you_are_and_keep_the_filters(riverside: Any) -> None:
    for n in range(45):
        make_group(riverside, name=f"Circle {n:02d}", weekday=n % 7)
    generate_all()
    client = Client()
    first = client.get("/groups/", {"q": "circle"}).content.decode()
    assert "45 groups found" in first
    assert len(names(first)) == 20
    assert "Showing 1 to 20 of 45" in first
    assert 'href="?q=circle&amp;page=2" rel="next"' in first
    third = client.get("/groups/", {"q": "circle", "page": "3"}).content.decode()
    assert len(names(third)) == 5 and "Showing 41 to 45 of 45" in third
    every = set(names(first)) | set(names(client.get("/groups/?q=circle&page=2").content.decode()))
    assert len(every | set(names(third))) == 45
    # The HTMX fragment has the same page links.
    fragment = client.get("/groups/", {"q": "circle"}, headers={"HX-Request": "true"})
    assert 'rel="next"' in fragment.content.decode()


def test_soonest_first_from_the_meetings_table_and_undated_groups_last(
    riverside: Any, no_rule_walking: None
) -> None:
    later = make_group(riverside, name="Later circle")
    sooner = make_group(riverside, name="Sooner circle")
    make_group(riverside, name="Undated circle")
    now = timezone.now()
    for group, days in ((later, 3), (sooner, 1)):
        Meeting.objects.create(
            organization=riverside,
            group=group,
            starts_at=now + datetime.timedelta(days=days),
            duration=datetime.timedelta(hours=1),
        )
    # A cancelled meeting is no next meeting.
    Meeting.objects.create(
        organization=riverside,
        group=later,
        starts_at=now + datetime.timedelta(hours=2),
        duration=datetime.timedelta(hours=1),
        status=Meeting.Status.CANCELLED,
    )
    page = Client().get("/groups/").content.decode()
    assert names(page) == ["Sooner circle", "Later circle", "Undated circle"]
    undated = page.split("Undated circle")[1]
    assert "No dates planned right now." in undated.split("</li>")[0]


def test_a_meeting_going_on_now_is_still_the_next(riverside: Any) -> None:
    group = make_group(riverside, name="Going on")
    Meeting.objects.create(
        organization=riverside,
        group=group,
        starts_at=timezone.now() - datetime.timedelta(minutes=30),
        duration=datetime.timedelta(hours=1),
    )
    page = Client().get("/groups/").content.decode()
    assert "No dates planned right now." not in page


def test_a_page_walks_no_rule_and_reads_no_facilitator_row(
    riverside: Any, specialist: Any, no_rule_walking: None
) -> None:
    for n in range(5):
        make_group(riverside, [specialist], name=f"Circle {n}", frequency="monthly", month_week=2)
    with CaptureQueriesContext(connection) as queries:
        page = Client().get("/groups/", {"day": "1"}).content.decode()
    assert len(names(page)) == 5
    assert not any("password" in q["sql"] for q in queries.captured_queries)


def test_a_custom_rule_is_filtered_by_its_days_without_dates(
    riverside: Any, no_rule_walking: None
) -> None:
    make_group(
        riverside, name="Twice a week", frequency="custom", custom_rule="FREQ=WEEKLY;BYDAY=MO,TH"
    )
    make_group(
        riverside, name="Fridays", frequency="custom", custom_rule="RRULE:FREQ=WEEKLY;BYDAY=FR"
    )
    assert names(Client().get("/groups/?day=3").content.decode()) == ["Twice a week"]
    assert names(Client().get("/groups/?day=4").content.decode()) == ["Fridays"]


def test_topics_and_languages_match_whole_words_with_accents(riverside: Any) -> None:
    make_group(riverside, name="Español", languages=["Español"], topics=["Duelo"])
    make_group(riverside, name="Grief work", topics=["Griefwork"])
    make_group(riverside, name="Grief", topics=["grief"])
    client = Client()
    assert names(client.get("/groups/", {"language": "Español"}).content.decode()) == ["Español"]
    assert names(client.get("/groups/", {"topic": "Grief"}).content.decode()) == ["Grief"]
