"""The public groups as Meeting Guide JSON and as Open Referral HSDS services."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from circles.groups.models import Audience, Format, Frequency, ScheduleException
from circles.testing.fixtures import join_group, make_group, make_venue

pytestmark = pytest.mark.django_db


def meeting_guide() -> list[dict[str, Any]]:
    response = Client().get(reverse("meeting_guide"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


def hsds() -> dict[str, Any]:
    response = Client().get(reverse("hsds_services"))
    assert response.status_code == 200
    return json.loads(response.content)


def by_name(entries: list[dict[str, Any]], name: str) -> dict[str, Any]:
    return next(entry for entry in entries if entry["name"] == name)


# --- Meeting Guide -------------------------------------------------------------------------


def test_meeting_guide_lists_public_groups_in_its_own_words(riverside: Any) -> None:
    riverside.contact_email = "hello@riverside.example"
    riverside.website = "https://riverside.example"
    riverside.save()
    venue = make_venue(
        riverside,
        name="Riverside library",
        address="1 River St\nSpringfield, IL 62701",
        step_free=True,
        accessible_toilets=True,
    )
    group = make_group(
        riverside,
        venue=venue,
        start_time=datetime.time(18, 30),
        duration_minutes=90,
        topics=["Women's", "Grief"],
        languages=["English", "Spanish"],
    )

    entry = by_name(meeting_guide(), "Tuesday evening circle")

    assert entry["slug"] == f"group-{group.pk}"
    assert entry["day"] == 2  # Tuesday, counting from Sunday = 0
    assert entry["time"] == "18:30"
    assert entry["end_time"] == "20:00"
    assert entry["timezone"] == "America/Chicago"
    assert entry["types"] == ["O", "X", "XB", "W", "EN", "S"]
    assert entry["location"] == "Riverside library"
    assert entry["formatted_address"] == "1 River St, Springfield, IL 62701"
    assert entry["url"] == f"http://testserver/groups/{group.pk}/"
    assert entry["entity"] == "Riverside Peer Center"
    assert entry["entity_email"] == "hello@riverside.example"
    assert entry["entity_website_url"] == "https://riverside.example"
    assert "people who have been there too" in entry["notes"]
    assert "conference_url" not in entry
    datetime.datetime.strptime(entry["updated"], "%Y-%m-%d %H:%M:%S")


def test_closed_groups_and_venues_without_access_say_so(riverside: Any) -> None:
    venue = make_venue(riverside, step_free=False, accessible_toilets=False)
    make_group(riverside, venue=venue, is_open=False, audience=Audience.YOUTH)
    entry = meeting_guide()[0]
    assert entry["types"][0] == "C"
    assert "X" not in entry["types"] and "XB" not in entry["types"]
    assert "Y" in entry["types"]
    assert "asks people to join first" in entry["notes"]


def test_private_archived_and_ended_groups_are_not_exported(riverside: Any) -> None:
    make_group(riverside, name="Private", is_public=False)
    make_group(riverside, name="Archived", is_archived=True)
    make_group(riverside, name="Ended", ends_on=datetime.date(2020, 1, 1))
    make_group(riverside, name="Listed")
    assert [entry["name"] for entry in meeting_guide()] == ["Listed"]
    assert [service["name"] for service in hsds()["contents"]] == ["Listed"]


def test_online_links_go_out_only_when_the_group_allows(riverside: Any) -> None:
    make_group(
        riverside,
        name="Shares",
        format=Format.ONLINE,
        online_url="https://meet.example/shared",
        online_allowed_in_listings=True,
    )
    make_group(
        riverside, name="Keeps", format=Format.HYBRID, online_url="https://meet.example/kept"
    )

    raw = Client().get(reverse("meeting_guide")).content.decode()
    entries = json.loads(raw)

    assert by_name(entries, "Shares")["conference_url"] == "https://meet.example/shared"
    assert by_name(entries, "Shares")["region"] == "Online"
    services = hsds()["contents"]
    (online,) = by_name(services, "Shares")["service_at_locations"]
    assert online["location"]["location_type"] == "virtual"
    assert online["location"]["url"] == "https://meet.example/shared"
    assert "conference_url" not in by_name(entries, "Keeps")
    assert "meet.example/kept" not in raw
    assert "meet.example/kept" not in Client().get(reverse("hsds_services")).content.decode()
    assert "ask on the group's page" in by_name(entries, "Keeps")["notes"]


def test_member_and_facilitator_names_never_go_out(
    riverside: Any, specialist: Any, participant: Any
) -> None:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    for url in (reverse("meeting_guide"), reverse("hsds_services")):
        text = Client().get(url).content.decode()
        for person in (specialist, participant):
            assert person.preferred_name not in text
            assert person.email not in text


def test_monthly_and_every_other_week_groups_say_their_pattern(riverside: Any) -> None:
    make_group(riverside, name="Monthly", frequency=Frequency.MONTHLY, month_week=1, weekday=1)
    make_group(riverside, name="Fortnightly", frequency=Frequency.BIWEEKLY, weekday=3)
    entries = meeting_guide()
    monthly = by_name(entries, "Monthly")
    assert monthly["day"] == 2
    assert monthly["notes"].startswith("Meets: The first Tuesday of each month")
    assert ".." not in monthly["notes"]
    assert "Next: " in monthly["notes"]
    fortnightly = by_name(entries, "Fortnightly")
    assert fortnightly["day"] == 4
    assert fortnightly["notes"].startswith("Meets: Every second Thursday")


def test_a_group_meeting_on_several_days_lists_them_all(riverside: Any) -> None:
    make_group(riverside, frequency=Frequency.CUSTOM, custom_rule="FREQ=WEEKLY;BYDAY=MO,TH")
    assert meeting_guide()[0]["day"] == [1, 4]


def test_a_weekly_group_has_no_pattern_note(riverside: Any) -> None:
    make_group(riverside)
    assert not meeting_guide()[0]["notes"].startswith("Meets:")


# --- HSDS ----------------------------------------------------------------------------------


def test_hsds_service_with_schedule_and_location(riverside: Any) -> None:
    riverside.about = "A peer-run centre by the river."
    riverside.save()
    venue = make_venue(
        riverside, name="Riverside library", address="1 River St", step_free=True, hearing_loop=True
    )
    group = make_group(
        riverside,
        venue=venue,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 6, 30),
        languages=["English", "Hmong"],
        is_open=False,
    )
    ScheduleException.objects.create(
        organization=riverside, group=group, date=datetime.date(2027, 3, 2)
    )

    page = hsds()

    assert page["total_items"] == 1 and page["last_page"] is True
    service = page["contents"][0]
    assert service["name"] == "Tuesday evening circle"
    assert service["status"] == "active"
    assert service["url"] == f"http://testserver/groups/{group.pk}/"
    assert "ask to join" in service["application_process"].lower()
    assert service["organization"]["name"] == "Riverside Peer Center"
    assert service["organization"]["description"] == "A peer-run centre by the river."
    assert service["organization_id"] == service["organization"]["id"]
    assert [(lang["name"], lang.get("code")) for lang in service["languages"]] == [
        ("English", "en"),
        ("Hmong", "hmn"),
    ]

    (schedule,) = service["schedules"]
    assert schedule["service_id"] == service["id"]
    assert schedule["freq"] == "WEEKLY"
    assert schedule["interval"] == 1
    assert schedule["byday"] == "TU"
    assert schedule["dtstart"] == "2026-01-06"  # the first Tuesday on or after the start
    assert schedule["until"] == "2027-06-30"
    assert schedule["opens_at"] in ("18:00-06:00", "18:00-05:00")
    assert schedule["closes_at"] == schedule["opens_at"].replace("18:00", "19:30")
    assert schedule["timezone"] in (-6, -5)
    assert "Every Tuesday" in schedule["description"]
    assert "America/Chicago" in schedule["description"]
    assert "2 March 2027" in schedule["notes"]
    assert schedule["schedule_link"] == f"http://testserver/groups/{group.pk}/calendar.ics"

    (at_location,) = service["service_at_locations"]
    location = at_location["location"]
    assert at_location["location_id"] == location["id"]
    assert location["location_type"] == "physical"
    assert location["name"] == "Riverside library"
    assert location["description"] == "1 River St"
    access = [item["description"] for item in location["accessibility"]]
    assert any("Step-free" in item for item in access)
    assert any("Hearing loop" in item for item in access)
    assert not any("toilets" in item for item in access)


def test_hsds_ids_are_stable_uuids(riverside: Any) -> None:
    make_group(riverside)
    first, second = hsds()["contents"][0], hsds()["contents"][0]
    assert first["id"] == second["id"]
    assert len(first["id"]) == 36 and first["id"].count("-") == 4


def test_hsds_monthly_schedule(riverside: Any) -> None:
    make_group(riverside, frequency=Frequency.MONTHLY, month_week=-1, weekday=4)
    (schedule,) = hsds()["contents"][0]["schedules"]
    assert schedule["freq"] == "MONTHLY"
    assert schedule["byday"] == "-1FR"
    assert "last Friday" in schedule["description"]


def test_hsds_online_group_has_no_physical_location(riverside: Any) -> None:
    venue = make_venue(riverside)
    make_group(riverside, format=Format.ONLINE, venue=venue)
    service = hsds()["contents"][0]
    assert service["service_at_locations"] == []
    assert service["schedules"][0]["attending_type"] == "Online"


# --- Query counts -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meeting_guide", "hsds_services"])
def test_export_queries_do_not_grow_with_groups(
    name: str, riverside: Any, lakeshore: Any, specialist: Any, django_assert_max_num_queries: Any
) -> None:
    venue = make_venue(riverside)
    make_group(riverside, [specialist], venue=venue)
    # Building and storing the feed (the first request after a change; usually the worker):
    # the stored feed, the groups, their cancelled dates, then writing it.
    with django_assert_max_num_queries(10):
        assert Client().get(reverse(name)).status_code == 200
    # Served as stored: one query.
    with django_assert_max_num_queries(1):
        assert Client().get(reverse(name)).status_code == 200
    for n in range(12):
        organization = riverside if n % 2 else lakeshore
        group = make_group(
            organization,
            [specialist],
            name=f"Group {n}",
            venue=make_venue(organization, name=f"Room {n}"),
        )
        ScheduleException.objects.create(
            organization=organization, group=group, date=datetime.date(2027, 1, 5)
        )
    with django_assert_max_num_queries(10):
        response = Client().get(reverse(name))
    assert response.status_code == 200
    with django_assert_max_num_queries(1):
        assert Client().get(reverse(name)).content == response.content
    assert len(str(response.content)) > 1000


def test_a_group_with_a_broken_rule_does_not_break_the_exports(riverside: Any) -> None:
    broken = make_group(riverside, name="Broken", frequency=Frequency.CUSTOM, custom_rule="NOPE")
    make_group(riverside, name="Fine")

    assert [entry["name"] for entry in meeting_guide()] == ["Fine"]
    services = {service["name"]: service for service in hsds()["contents"]}
    assert services["Broken"]["schedules"] == []
    assert len(services["Fine"]["schedules"]) == 1
    feed = Client().get(reverse("group_calendar", kwargs={"group_id": broken.pk}))
    assert feed.status_code == 200
    assert b"BEGIN:VEVENT" not in feed.content


@pytest.mark.parametrize("name", ["meeting_guide", "hsds_services"])
def test_exports_are_read_only(name: str, riverside: Any) -> None:
    make_group(riverside)
    assert Client().head(reverse(name)).status_code == 200
    assert Client().post(reverse(name)).status_code == 405
