"""search_services: words ranked by full text, filters, open now, distance, visibility."""

import datetime
import uuid
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from circles.accounts.models import Organization
from circles.directory.linking import fulltext
from circles.directory.linking.geo import Point
from circles.directory.linking.search import (
    MAX_MATCHES,
    PAGE_SIZE,
    SearchFilters,
    filter_choices,
    search_services,
    words_of,
)
from circles.directory.models import (
    Accessibility,
    Attribute,
    CostOption,
    Language,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    TaxonomyTerm,
)
from circles.directory.tests.factories import make_place, make_provider, make_service, publish

pytestmark = pytest.mark.django_db


def names(page: Any) -> list[str]:
    return [r.service.name for r in page.results]


def find(query: str = "", **filters: Any) -> Any:
    own = filters.pop("own", frozenset())
    now = filters.pop("now", None)
    return search_services(query, SearchFilters(**filters), own_org_ids=own, now=now)


@pytest.fixture
def town(riverside: Organization) -> dict[str, Service]:
    publish(riverside)
    provider = make_provider(riverside)
    made = {
        "pantry": make_service(
            riverside,
            provider,
            name="Community food pantry",
            description="Groceries for anyone who needs them.",
        ),
        "meals": make_service(
            riverside,
            provider,
            name="Hot meals",
            description="A warm dinner and food to take home, every weeknight.",
        ),
        "legal": make_service(
            riverside,
            provider,
            name="Tenant legal aid",
            description="Advice when you are facing eviction from your housing.",
        ),
        "line": make_service(
            riverside,
            provider,
            name="Peer warmline",
            description="Talk with a peer by phone.",
        ),
    }
    return made


def test_words_are_ranked_name_first(town: dict[str, Service]) -> None:
    page = find("food")
    assert names(page) == ["Community food pantry", "Hot meals"]
    assert page.count == 2


def test_words_are_stemmed_and_all_required(town: dict[str, Service]) -> None:
    assert names(find("evicted")) == ["Tenant legal aid"]
    assert names(find("housing advice")) == ["Tenant legal aid"]
    assert names(find("housing groceries")) == []


def test_search_syntax_is_just_words(town: dict[str, Service]) -> None:
    for odd in ['"', "food OR", "NEAR(food", "*", "food:", "'; drop table", "\u00b2"]:
        find(odd)  # never raises
    assert words_of('food" OR "x') == ["food", "or", "x"]


def test_edits_and_deletes_reach_the_index(town: dict[str, Service]) -> None:
    town["line"].name = "Peer listening line"
    town["line"].save(update_fields=["name"])
    assert names(find("listening")) == ["Peer listening line"]
    town["legal"].delete()
    assert names(find("eviction")) == []


def test_no_words_lists_alphabetically_and_pages(riverside: Organization) -> None:
    publish(riverside)
    provider = make_provider(riverside)
    for n in range(PAGE_SIZE + 3):
        make_service(riverside, provider, name=f"Service {n:02d}")
    first = find()
    assert first.count == PAGE_SIZE + 3
    assert first.num_pages == 2
    assert names(first)[0] == "Service 00"
    second = search_services("", SearchFilters(), 2)
    assert names(second) == ["Service 20", "Service 21", "Service 22"]
    assert search_services("", SearchFilters(), 99).number == 2


def test_only_published_directories_and_own_for_staff(
    riverside: Organization, lakeshore: Organization
) -> None:
    publish(riverside)
    make_service(riverside, name="Riverside pantry")
    make_service(lakeshore, name="Lakeshore pantry")
    make_service(riverside, name="Closed pantry", status=ServiceStatus.DEFUNCT)
    assert names(find("pantry")) == ["Riverside pantry"]
    assert sorted(names(find("pantry", own=frozenset({lakeshore.pk})))) == [
        "Lakeshore pantry",
        "Riverside pantry",
    ]


def _term(owner: Organization, name: str, parent: TaxonomyTerm | None = None) -> TaxonomyTerm:
    return TaxonomyTerm.objects.create(owner=owner, hsds_id=uuid.uuid4(), name=name, parent=parent)


def _tag(service: Service, term: TaxonomyTerm) -> None:
    Attribute.objects.create(
        owner=service.owner,
        hsds_id=uuid.uuid4(),
        link_id=service.hsds_id,
        link_entity="service",
        taxonomy_term=term,
    )


def test_category_includes_child_terms(town: dict[str, Service], riverside: Organization) -> None:
    food = _term(riverside, "Food")
    _tag(town["pantry"], _term(riverside, "Food pantry", parent=food))
    _tag(town["meals"], food)
    _tag(town["legal"], _term(riverside, "Legal"))
    assert names(find(category="food")) == ["Community food pantry", "Hot meals"]
    assert names(find("groceries", category="Legal")) == []
    # A category's name finds what is filed under it, after the text matches.
    assert names(find("legal")) == ["Tenant legal aid"]
    _tag(town["line"], food)
    assert names(find("food")) == ["Community food pantry", "Hot meals", "Peer warmline"]
    assert filter_choices() == (["Food", "Legal"], [])


def test_language_access_free_and_remote(town: dict[str, Service], riverside: Organization) -> None:
    Language.objects.create(
        owner=riverside, hsds_id=uuid.uuid4(), service=town["meals"], name="Spanish", code="es"
    )
    place = make_place(town["pantry"])
    Accessibility.objects.create(
        owner=riverside,
        hsds_id=uuid.uuid4(),
        location=place.location,
        description="Step-free entrance, wheelchair accessible",
    )
    CostOption.objects.create(
        owner=riverside, hsds_id=uuid.uuid4(), service=town["pantry"], amount=Decimal("0")
    )
    town["line"].fees_description = "Free to call"
    town["line"].save()
    assert names(find(language="es")) == ["Hot meals"]
    assert names(find(language="Spanish")) == ["Hot meals"]
    assert names(find(access="wheelchair")) == ["Community food pantry"]
    assert sorted(names(find(free=True))) == ["Community food pantry", "Peer warmline"]
    # Everything but the pantry has no place to visit.
    assert "Community food pantry" not in names(find(remote=True))
    assert filter_choices()[1] == ["Spanish"]


def test_near_a_point_nearest_first(town: dict[str, Service]) -> None:
    make_place(town["pantry"], latitude=41.90, longitude=-87.63)  # about 1.4 miles north
    make_place(town["meals"], latitude=41.885, longitude=-87.63)  # about 0.3 miles
    make_place(town["legal"], latitude=42.88, longitude=-87.63)  # about 69 miles
    centre = Point(41.88, -87.63)
    page = find(near=centre, within_miles=10)
    assert names(page) == ["Hot meals", "Community food pantry"]
    assert page.results[0].distance == pytest.approx(0.35, abs=0.05)
    # With words, relevance decides the order and the distance is still shown.
    page = find("food", near=centre, within_miles=10)
    assert names(page) == ["Community food pantry", "Hot meals"]
    assert all(r.distance is not None for r in page.results)


def _hours(service: Service, byday: str, opens: int, closes: int) -> None:
    Schedule.objects.create(
        owner=service.owner,
        hsds_id=uuid.uuid4(),
        service=service,
        freq="WEEKLY",
        byday=byday,
        opens_at=datetime.time(opens),
        closes_at=datetime.time(closes),
    )


def test_open_now_on_the_owners_clock(town: dict[str, Service], riverside: Organization) -> None:
    riverside.timezone = "America/Chicago"
    riverside.save()
    _hours(town["pantry"], "MO,TU,WE,TH,FR", 9, 17)
    _hours(town["meals"], "MO,TU,WE,TH,FR", 17, 20)
    # Monday 7 December 2026, 15:30 UTC = 9:30 in Chicago.
    monday_morning = datetime.datetime(2026, 12, 7, 15, 30, tzinfo=datetime.UTC)
    page = find(open_now=True, now=monday_morning)
    assert names(page) == ["Community food pantry"]
    assert page.results[0].open_now is True
    assert names(find("food", open_now=True, now=monday_morning)) == ["Community food pantry"]
    everything = find(now=monday_morning)
    states = {r.service.name: r.open_now for r in everything.results}
    assert states == {
        "Community food pantry": True,
        "Hot meals": False,
        "Peer warmline": None,
        "Tenant legal aid": None,
    }


def test_schedule_on_a_place_counts(town: dict[str, Service], riverside: Organization) -> None:
    place = make_place(town["legal"])
    Schedule.objects.create(
        owner=riverside,
        hsds_id=uuid.uuid4(),
        service_at_location=place,
        freq="WEEKLY",
        byday="MO",
        opens_at=datetime.time(9),
        closes_at=datetime.time(12),
    )
    monday = datetime.datetime(2026, 12, 7, 16, 0, tzinfo=datetime.UTC)  # morning in the US
    assert names(find(open_now=True, now=monday)) == ["Tenant legal aid"]


def test_matches_are_capped(riverside: Organization, monkeypatch: pytest.MonkeyPatch) -> None:
    from circles.directory.linking import search

    monkeypatch.setattr(search, "MAX_MATCHES", 3)
    publish(riverside)
    provider = make_provider(riverside)
    for n in range(5):
        make_service(riverside, provider, name=f"Shelter {n}")
    page = find("shelter")
    assert page.count == 3
    assert page.capped
    assert MAX_MATCHES == 1000


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's trigger repair")
def test_index_repairs_itself_after_a_table_rebuild(town: dict[str, Service]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {fulltext.FTS_TABLE}_ai")
    assert fulltext.ensure(connection)
    make_service(town["pantry"].owner, name="New shelter")
    assert names(find("shelter")) == ["New shelter"]
    assert not fulltext.ensure(connection)


def test_page_queries_do_not_grow(
    town: dict[str, Service], riverside: Organization, django_assert_num_queries: Any
) -> None:
    for service in town.values():
        make_place(service)
        Phone.objects.create(
            owner=riverside, hsds_id=uuid.uuid4(), service=service, number="555-0100"
        )
        _hours(service, "MO", 9, 17)

    def count_queries() -> int:
        from django.db import connection as conn
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(conn) as captured:
            find("food", open_now=True)
            find()
        return len(captured)

    before = count_queries()
    provider = make_provider(riverside)
    for n in range(6):
        extra = make_service(riverside, provider, name=f"Food stop {n}")
        make_place(extra)
        _hours(extra, "TU", 9, 17)
    assert count_queries() == before
    assert Location.objects.count() == ServiceAtLocation.objects.count()


def test_open_now_in_the_database_agrees_with_opening_py(riverside: Organization) -> None:
    """The database filter for plain weekly hours gives what opening.is_open_at gives."""
    from zoneinfo import ZoneInfo

    from circles.directory.linking.opening import is_open_at

    publish(riverside)
    provider = make_provider(riverside)
    t = datetime.time
    rules: list[dict[str, Any]] = [
        {"byday": "MO,TU,WE,TH,FR", "opens_at": t(9), "closes_at": t(17)},
        {"byday": "SA", "opens_at": t(22), "closes_at": t(6)},  # overnight
        {"byday": "SU", "opens_at": t(18), "closes_at": t(0)},  # to midnight
        {"byday": "", "opens_at": None, "closes_at": None},  # every day, all day
        {"byday": "TU", "opens_at": None, "closes_at": t(12)},
        {"byday": "WE", "opens_at": t(12), "closes_at": None},
        {"byday": "MO", "valid_from": datetime.date(2026, 12, 8), "opens_at": t(9)},
        {"byday": "MO", "valid_to": datetime.date(2026, 12, 6), "opens_at": t(9)},
        {"freq": "MONTHLY", "byday": "1MO", "opens_at": t(9), "closes_at": t(17)},
        {"byday": "MO", "interval": 2, "dtstart": "2026-11-30", "opens_at": t(8)},
        {"byday": "SU", "opens_at": t(20), "closes_at": t(2), "until": "2026-12-31"},
    ]
    made = []
    for n, rule in enumerate(rules):
        service = make_service(riverside, provider, name=f"Hours {n}")
        fields = {"freq": "WEEKLY", **rule}
        made.append(
            (
                service,
                Schedule.objects.create(
                    owner=riverside, hsds_id=uuid.uuid4(), service=service, **fields
                ),
            )
        )
    zone = ZoneInfo(riverside.timezone)
    start = datetime.datetime(2026, 12, 5, 0, 0, tzinfo=zone)  # a Saturday
    for hour in range(0, 24 * 4, 3):
        local = start + datetime.timedelta(hours=hour, minutes=30)
        expected = sorted(s.name for s, schedule in made if is_open_at([schedule], local))
        found = search_services("", SearchFilters(open_now=True), now=local)
        assert sorted(names(found)) == expected, local


def test_words_with_filters_that_rule_everything_out(town: dict[str, Service]) -> None:
    # No service is near, so "open now" has no owner's clock to read: an empty answer.
    page = find("food", open_now=True, near=Point(-1, -1), within_miles=1)
    assert page.count == 0
