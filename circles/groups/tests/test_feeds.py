"""Calendar feeds, read back with vobject: a second iCalendar parser with its own
VTIMEZONE handling, so the feed is checked by something other than the library
that wrote it."""

import datetime
import logging
import zoneinfo
from typing import Any

import pytest
import vobject
from django.test import Client
from django.urls import reverse

from circles.accounts.models import Membership, Role
from circles.groups.models import CalendarFeed, Format, Frequency, ScheduleException
from circles.groups.schedule import Schedule
from circles.testing.fixtures import client_for, join_group, make_group, make_venue

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
UTC = datetime.UTC


def feed(url: str, client: Client | None = None) -> Any:
    response = (client or Client()).get(url)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return vobject.readOne(response.content.decode())


def group_feed(group: Any) -> Any:
    return feed(reverse("group_calendar", kwargs={"group_id": group.pk}))


def expanded(event: Any, start: datetime.datetime, end: datetime.datetime) -> list[Any]:
    """Occurrences as the second parser computes them (RRULE, EXDATE and VTIMEZONE)."""
    return [when.astimezone(UTC) for when in event.getrruleset().between(start, end, inc=True)]


def schedule_dates(group: Any, count: int, now: datetime.datetime) -> list[Any]:
    group.refresh_from_db()
    return [when.astimezone(UTC) for when in Schedule.of(group).next_dates(count, now=now)]


@pytest.mark.django_db
def test_a_public_group_feed_has_what_a_calendar_needs(riverside: Any, specialist: Any) -> None:
    venue = make_venue(riverside, name="Riverside library", address="1 River St\nSpringfield")
    group = make_group(
        riverside,
        [specialist],
        venue=venue,
        format=Format.HYBRID,
        online_url="https://meet.example/secret-room",
    )

    calendar = group_feed(group)

    assert calendar.prodid.value.startswith("-//Circles//")
    assert calendar.vtimezone.tzid.value == "America/Chicago"
    # Calendar apps are asked to look for changes every six hours.
    assert "X-PUBLISHED-TTL:PT6H" in calendar.serialize()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in calendar.serialize()
    event = calendar.vevent
    assert event.uid.value == f"group-{group.pk}@testserver"
    assert event.summary.value == "Tuesday evening circle"
    assert "DTSTART;TZID=America/Chicago:20260106T180000" in calendar.serialize()
    assert event.dtstart.value == datetime.datetime(2026, 1, 6, 18, 0, tzinfo=CHICAGO)
    assert event.duration.value == datetime.timedelta(minutes=90)
    assert event.rrule.value == "FREQ=WEEKLY;BYDAY=TU"
    assert event.location.value == "Riverside library, 1 River St, Springfield"
    assert event.url.value == f"http://testserver/groups/{group.pk}/"
    assert "people who have been there too" in event.description.value
    assert "You do not have to speak" in event.description.value
    # The online link is for members only, never in a public feed.
    assert "secret-room" not in calendar.serialize()


@pytest.mark.django_db
def test_the_feed_and_the_page_agree_on_the_next_meetings(riverside: Any) -> None:
    group = make_group(riverside, starts_on=datetime.date(2026, 9, 1), weekday=1)
    skipped = datetime.date(2026, 9, 22)
    ScheduleException.objects.create(organization=riverside, group=group, date=skipped)
    now = datetime.datetime(2026, 9, 1, 9, 0, tzinfo=CHICAGO)

    event = group_feed(group).vevent
    assert len(event.contents["exdate"]) == 1
    from_feed = expanded(event, now, now + datetime.timedelta(days=60))
    from_page = schedule_dates(group, len(from_feed), now)

    assert from_feed == from_page
    assert len(from_feed) >= 8
    assert skipped not in {when.astimezone(CHICAGO).date() for when in from_feed}
    assert datetime.date(2026, 9, 15) in {when.astimezone(CHICAGO).date() for when in from_feed}


@pytest.mark.django_db
def test_a_6_pm_group_stays_at_6_pm_when_the_clocks_change(riverside: Any) -> None:
    riverside.timezone = "America/Chicago"
    riverside.save(update_fields=["timezone"])
    group = make_group(riverside, starts_on=datetime.date(2026, 10, 1), weekday=1)
    now = datetime.datetime(2026, 10, 1, tzinfo=CHICAGO)

    from_feed = expanded(group_feed(group).vevent, now, datetime.datetime(2026, 11, 30, tzinfo=UTC))

    assert from_feed == schedule_dates(group, len(from_feed), now)
    local = [when.astimezone(CHICAGO) for when in from_feed]
    assert {when.time() for when in local} == {datetime.time(18, 0)}
    # Before the change 6 pm is 23:00 UTC, after it 00:00 UTC the next day.
    assert datetime.datetime(2026, 10, 27, 23, 0, tzinfo=UTC) in from_feed
    assert datetime.datetime(2026, 11, 4, 0, 0, tzinfo=UTC) in from_feed


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"frequency": Frequency.BIWEEKLY, "weekday": 3},
        {"frequency": Frequency.BIWEEKLY, "weekday": 1},
        {"frequency": Frequency.MONTHLY, "weekday": 1, "month_week": 1},
        {"frequency": Frequency.MONTHLY, "weekday": 4, "month_week": -1},
        {"frequency": Frequency.CUSTOM, "custom_rule": "FREQ=WEEKLY;BYDAY=MO,TH"},
        {
            "frequency": Frequency.CUSTOM,
            "custom_rule": "FREQ=WEEKLY;BYDAY=WE",
            "ends_on": datetime.date(2026, 12, 16),
        },
    ],
    ids=[
        "every-second-thursday",
        "every-second-tuesday",
        "first-tuesday",
        "last-friday",
        "mon-and-thu",
        "ends",
    ],
)
def test_every_kind_of_schedule_expands_the_same(riverside: Any, fields: dict[str, Any]) -> None:
    # Thursday 1 October 2026: not a meeting day for most of these rules.
    group = make_group(riverside, starts_on=datetime.date(2026, 10, 1), **fields)
    ScheduleException.objects.create(
        organization=riverside, group=group, date=datetime.date(2026, 11, 19)
    )
    now = datetime.datetime(2026, 10, 1, tzinfo=CHICAGO)

    from_feed = expanded(group_feed(group).vevent, now, datetime.datetime(2027, 3, 1, tzinfo=UTC))

    assert from_feed
    assert from_feed == schedule_dates(group, len(from_feed) + 1, now)[: len(from_feed)]
    if "ends_on" in fields:
        assert from_feed[-1].astimezone(CHICAGO).date() == datetime.date(2026, 12, 16)
        assert schedule_dates(group, 50, now) == from_feed


@pytest.mark.django_db
@pytest.mark.parametrize("change", [{"is_public": False}, {"is_archived": True}])
def test_only_public_groups_have_a_public_feed(riverside: Any, change: dict[str, Any]) -> None:
    group = make_group(riverside, **change)
    url = reverse("group_calendar", kwargs={"group_id": group.pk})
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_an_online_group_says_online_and_keeps_its_link(riverside: Any) -> None:
    group = make_group(riverside, format=Format.ONLINE, online_url="https://meet.example/room-9")
    calendar = group_feed(group)
    assert calendar.vevent.location.value == "Online"
    assert "room-9" not in calendar.serialize()


# --- The personal feed ---------------------------------------------------------------------


def personal_url(user: Any) -> str:
    feed_row, _created = CalendarFeed.objects.get_or_create(
        user=user, defaults={"key": CalendarFeed.new_key()}
    )
    return reverse("personal_calendar", kwargs={"key": feed_row.key})


@pytest.mark.django_db
def test_the_personal_feed_holds_my_groups_across_organisations(
    riverside: Any, lakeshore: Any, participant: Any, specialist: Any
) -> None:
    Membership.objects.create(user=participant, organization=lakeshore, role=Role.PARTICIPANT)
    mine = make_group(
        riverside,
        [specialist],
        name="Grief circle",
        is_public=False,
        format=Format.ONLINE,
        online_url="https://meet.example/grief",
    )
    join_group(mine, participant)
    elsewhere = make_group(lakeshore, name="Lakeshore walk and talk")
    join_group(elsewhere, participant)
    asked = make_group(riverside, name="Asked to join")
    join_group(asked, participant, status="requested")
    left = make_group(riverside, name="Left already")
    join_group(left, participant, status="left")
    make_group(riverside, name="Not mine")

    calendar = feed(personal_url(participant))

    names = sorted(event.summary.value for event in calendar.vevent_list)
    assert names == ["Grief circle", "Lakeshore walk and talk"]
    grief = next(e for e in calendar.vevent_list if e.summary.value == "Grief circle")
    # Members belong, so they get the online link.
    assert grief.location.value == "https://meet.example/grief"
    assert "Join online: https://meet.example/grief" in grief.description.value
    assert grief.url.value == f"http://testserver/o/riverside/groups/{mine.pk}/"


@pytest.mark.django_db
def test_a_facilitator_sees_the_groups_they_run(riverside: Any, specialist: Any) -> None:
    make_group(riverside, [specialist], name="Run by Jordan")
    make_group(riverside, name="Someone else's")
    calendar = feed(personal_url(specialist))
    assert [event.summary.value for event in calendar.vevent_list] == ["Run by Jordan"]


@pytest.mark.django_db
def test_no_groups_from_an_organisation_i_have_left(riverside: Any, participant: Any) -> None:
    join_group(make_group(riverside), participant)
    url = personal_url(participant)
    Membership.objects.filter(user=participant).update(is_active=False)
    assert not hasattr(feed(url), "vevent")


@pytest.mark.django_db
def test_an_unknown_key_is_not_found_and_not_logged(
    caplog: pytest.LogCaptureFixture, participant: Any
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = Client().get("/calendar/not-a-real-key-123.ics")
    assert response.status_code == 404
    assert "not-a-real-key-123" not in caplog.text


@pytest.mark.django_db
def test_the_settings_page_shows_my_address_and_how_to_add_it(
    riverside: Any, participant: Any
) -> None:
    join_group(make_group(riverside, name="Grief circle"), participant)
    client = client_for(participant)
    settings_url = reverse("calendar_settings", kwargs={"org_slug": "riverside"})

    first = client.get(settings_url).content.decode()
    assert "Make my calendar address" in first
    assert not CalendarFeed.objects.exists()  # looking writes nothing

    reset_url = reverse("calendar_reset", kwargs={"org_slug": "riverside"})
    page = client.post(reset_url, follow=True)

    key = CalendarFeed.objects.get(user=participant).key
    text = page.content.decode()
    assert "Here is your calendar address." in text
    assert "Make my calendar address" not in text
    assert f"http://testserver/calendar/{key}.ics" in text
    assert f"webcal://testserver/calendar/{key}.ics" in text
    assert "iPhone" in text and "Google Calendar" in text
    assert "Grief circle" in text
    assert "Keep this address to yourself" in text
    # The same address on every visit.
    assert f"/calendar/{key}.ics" in client.get(settings_url).content.decode()
    assert CalendarFeed.objects.get(user=participant).key == key


@pytest.mark.django_db
def test_making_a_new_address_stops_the_old_one(riverside: Any, participant: Any) -> None:
    old = personal_url(participant)
    before = Client().get(old)
    assert before.status_code == 200
    assert before["Cache-Control"] == "private, no-store"
    assert before["Referrer-Policy"] == "no-referrer"
    client = client_for(participant)

    response = client.post(reverse("calendar_reset", kwargs={"org_slug": "riverside"}), follow=True)

    assert "You have a new calendar address" in response.content.decode()
    new = personal_url(participant)
    assert new != old
    assert Client().get(old).status_code == 404
    assert Client().get(new).status_code == 200
    assert new in response.content.decode()


@pytest.mark.django_db
def test_reset_is_post_only(riverside: Any, participant: Any) -> None:
    response = client_for(participant).get(
        reverse("calendar_reset", kwargs={"org_slug": "riverside"})
    )
    assert response.status_code == 405


@pytest.mark.django_db
def test_personal_feed_queries_do_not_grow_with_groups(
    riverside: Any, participant: Any, django_assert_max_num_queries: Any
) -> None:
    url = personal_url(participant)
    for n in range(2):
        join_group(make_group(riverside, name=f"Group {n}"), participant)
    with django_assert_max_num_queries(4):
        assert Client().get(url).status_code == 200
    venue = make_venue(riverside)
    for n in range(2, 12):
        group = make_group(riverside, name=f"Group {n}", venue=venue)
        ScheduleException.objects.create(
            organization=riverside, group=group, date=datetime.date(2026, 12, 29)
        )
        join_group(group, participant)
    with django_assert_max_num_queries(4):
        assert Client().get(url).status_code == 200


@pytest.mark.django_db
def test_an_inactive_person_has_no_feed(participant: Any) -> None:
    url = personal_url(participant)
    participant.is_active = False
    participant.save(update_fields=["is_active"])
    assert Client().get(url).status_code == 404
