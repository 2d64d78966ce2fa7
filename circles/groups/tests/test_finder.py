"""The public group finder at /groups/ and a public group page."""

import datetime
import re
from typing import Any

import pytest
from django.test import Client

from circles.groups.models import SEED_TOPICS, Audience, Format, Frequency
from circles.meetings.generation import generate_all
from circles.testing.fixtures import make_group, make_venue

pytestmark = pytest.mark.django_db

SECRET_LINK = "https://meet.example.org/secret-room-123"


def names(response: Any) -> list[str]:
    """Group names listed, in order, read from the result headings."""
    page = response.content.decode()
    found = []
    for chunk in page.split('class="card group-result"')[1:]:
        heading = chunk.split("</a></h2>")[0]
        found.append(heading.rsplit(">", 1)[-1])
    return found


def find(query: str = "", client: Client | None = None) -> Any:
    response = (client or Client()).get(f"/groups/{query}")
    assert response.status_code == 200
    return response


@pytest.fixture
def groups(riverside: Any, lakeshore: Any) -> dict[str, Any]:
    step_free = make_venue(
        riverside, name="Step-free hall", step_free=True, accessible_toilets=True
    )
    stairs = make_venue(riverside, name="Upstairs room", hearing_loop=True)
    lake_venue = make_venue(lakeshore, name="Lake house", step_free=True)
    made = {
        "grief": make_group(
            riverside,
            name="Grief circle",
            topics=["Grief"],
            weekday=0,
            start_time=datetime.time(10, 0),
            venue=step_free,
            audience=Audience.ADULTS,
        ),
        "youth": make_group(
            riverside,
            name="Young voices",
            purpose="For students finding their feet.",
            topics=["Student"],
            weekday=2,
            start_time=datetime.time(14, 0),
            venue=stairs,
            audience=Audience.YOUTH,
            languages=["Spanish"],
            is_open=False,
        ),
        "online": make_group(
            riverside,
            name="Evening online",
            topics=["Mental health"],
            weekday=1,
            start_time=datetime.time(19, 0),
            format=Format.ONLINE,
            online_url=SECRET_LINK,
        ),
        "lake": make_group(
            lakeshore,
            name="Lakeside recovery",
            topics=["Mental health", "Diabetes"],
            weekday=4,
            start_time=datetime.time(18, 30),
            venue=lake_venue,
            format=Format.HYBRID,
            online_url=SECRET_LINK,
        ),
    }
    # What the worker does: the finder reads next dates from the generated meetings.
    generate_all()
    return made


def test_lists_public_groups_of_every_organisation(groups: dict[str, Any]) -> None:
    response = find()
    assert sorted(names(response)) == [
        "Evening online",
        "Grief circle",
        "Lakeside recovery",
        "Young voices",
    ]
    page = response.content.decode()
    assert "Lakeshore Recovery Network" in page and "Riverside Peer Center" in page
    assert "4 groups found" in page


def test_each_result_says_when_where_and_how_to_join(groups: dict[str, Any]) -> None:
    page = find("?q=Grief").content.decode()
    assert "Every Monday, 10" in page
    assert "next: Monday" in page
    assert "Step-free hall" in page
    assert "Open group: just come along" in page
    assert "Closed group: ask to join" in find("?q=Young").content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?topic=Grief", ["Grief circle"]),
        ("?topic=Mental+health", ["Evening online", "Lakeside recovery"]),
        ("?day=0", ["Grief circle"]),
        ("?day=4", ["Lakeside recovery"]),
        ("?time=morning", ["Grief circle"]),
        ("?time=afternoon", ["Young voices"]),
        ("?time=evening", ["Evening online", "Lakeside recovery"]),
        ("?format=online", ["Evening online"]),
        ("?format=hybrid", ["Lakeside recovery"]),
        ("?format=in_person", ["Grief circle", "Young voices"]),
        # Online-only groups need no venue, so they match any access need.
        ("?needs=step_free", ["Evening online", "Grief circle", "Lakeside recovery"]),
        ("?needs=step_free&needs=accessible_toilets", ["Evening online", "Grief circle"]),
        ("?needs=hearing_loop", ["Evening online", "Young voices"]),
        ("?language=Spanish", ["Young voices"]),
        ("?audience=youth", ["Young voices"]),
        ("?q=students", ["Young voices"]),
        ("?q=diabetes", ["Lakeside recovery"]),
        ("?q=lakeshore", ["Lakeside recovery"]),
        ("?q=GRIEF", ["Grief circle"]),
        ("?topic=Mental+health&time=evening&format=online", ["Evening online"]),
        ("?q=nothing+like+this", []),
    ],
)
def test_filters_narrow_the_list(groups: dict[str, Any], query: str, expected: list[str]) -> None:
    assert sorted(names(find(query))) == expected


def test_a_custom_rule_is_found_on_each_of_its_days(riverside: Any) -> None:
    make_group(
        riverside,
        name="Twice a week",
        frequency=Frequency.CUSTOM,
        custom_rule="FREQ=WEEKLY;BYDAY=MO,TH",
        weekday=0,
    )
    assert names(find("?day=3")) == ["Twice a week"]
    assert names(find("?day=2")) == []


def test_an_unknown_choice_is_ignored_not_an_error(groups: dict[str, Any]) -> None:
    page = find("?topic=Nonexistent&day=banana").content.decode()
    assert "4 groups found" in page
    assert "We did not recognise that choice" in page


def test_hidden_archived_and_ended_groups_are_never_listed(riverside: Any) -> None:
    make_group(riverside, name="Private circle", is_public=False)
    make_group(riverside, name="Old circle", is_archived=True)
    make_group(riverside, name="Ended circle", ends_on=datetime.date(2020, 1, 1))
    make_group(riverside, name="Listed circle")
    assert names(find()) == ["Listed circle"]
    assert names(find("?q=circle")) == ["Listed circle"]
    for hidden in ("Private circle", "Old circle", "Ended circle"):
        assert hidden not in find().content.decode()


def test_online_link_never_shown_publicly(groups: dict[str, Any]) -> None:
    assert SECRET_LINK not in find().content.decode()
    assert (
        SECRET_LINK not in find("?format=online", Client(HTTP_HX_REQUEST="true")).content.decode()
    )
    for key in ("online", "lake"):
        page = Client().get(f"/groups/{groups[key].pk}/").content.decode()
        assert SECRET_LINK not in page
        assert "the link is shared when you join" in page


def test_htmx_request_gets_only_the_results(groups: dict[str, Any]) -> None:
    response = Client().get("/groups/?topic=Grief", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "<form" not in page
    assert 'id="finder-results"' in page
    assert "1 group found" in page
    assert "Grief circle" in page and "Young voices" not in page
    assert "HX-Request" in response["Vary"]


def test_works_without_javascript(groups: dict[str, Any]) -> None:
    page = find("?topic=Grief").content.decode()
    assert '<form method="get" action="/groups/"' in page
    assert '<button type="submit">Show groups</button>' in page
    # The chosen filter stays chosen.
    assert '<option value="Grief" selected>' in page


def test_results_count_is_announced_politely(groups: dict[str, Any]) -> None:
    page = find().content.decode()
    assert 'role="status" aria-live="polite"' in page


def make_many(riverside: Any, lakeshore: Any, n: int) -> None:
    for i in range(n):
        org = riverside if i % 2 else lakeshore
        venue = make_venue(org, name=f"Venue {i}", step_free=True)
        make_group(org, name=f"Group {i}", venue=venue, topics=["Grief", f"Topic {i}"])


@pytest.mark.parametrize("count", [3, 30])
def test_query_count_does_not_grow(
    riverside: Any, lakeshore: Any, count: int, django_assert_max_num_queries: Any
) -> None:
    make_many(riverside, lakeshore, count)
    client = Client()
    # The topics, the count, the page of groups, their cancelled dates.
    with django_assert_max_num_queries(4):
        response = client.get("/groups/?topic=Grief&needs=step_free&q=group")
    # Twenty to a page, however many match.
    assert len(names(response)) == min(count, 20)
    assert f"{count} groups found" in response.content.decode()


def test_each_topic_is_offered_once(riverside: Any) -> None:
    assert len({topic.casefold() for topic in SEED_TOPICS}) == len(SEED_TOPICS)
    make_group(riverside, name="Loss circle", topics=["grief", "Grief", "Caregivers"])
    html = Client().get("/groups/").content.decode()
    options = re.findall(
        r'<option value="([^"]*)"', html.split('name="topic"')[1].split("</select>")[0]
    )
    assert [o.casefold() for o in options].count("grief") == 1
    assert "Caregivers" in options
