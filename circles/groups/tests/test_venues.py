"""Venues: the list with what each place has and lacks, adding and changing one."""

import re
from html import unescape
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from circles.accounts.models import AuditEvent
from circles.groups.models import FEATURE_KEYS, Venue
from circles.testing.fixtures import client_for, make_group, make_venue

pytestmark = pytest.mark.django_db

LIST = "/o/riverside/venues/"
NEW = "/o/riverside/venues/new/"


def venue_data(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "name": "Library meeting room",
        "address": "12 Elm Street",
        "capacity": "25",
        "step_free": "on",
        "accessible_toilets": "on",
        "hearing_loop": "on",
        "room_cost": "Free",
        "availability": ["tue-evening", "mon-morning"],
        "notes": "Ask at the front desk for the key.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_list_shows_what_each_venue_has_and_lacks(specialist: Any, riverside: Any) -> None:
    make_venue(
        riverside,
        name="St. Mark's church hall",
        capacity=40,
        room_cost="$10 an evening",
        public_transport=True,
        kitchen=True,
        after_hours=True,
    )
    page = client_for(specialist).get(LIST)

    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "St. Mark's church hall" in text
    assert "40 people" in text
    assert "$10 an evening" in text
    assert "✓ Public transport nearby" in text
    assert "✓ Kitchen access" in text
    assert (
        "Lacks: accessible parking; step-free entrance and rooms (wheelchairs, prosthetics); "
        "accessible toilets; a private, quiet room; good lighting, heating and cooling; "
        "hearing loop"
    ) in text
    # A specialist looks but does not change venues.
    assert "Add a venue" not in text
    assert "Change St. Mark" not in text


def test_a_venue_with_everything_says_so(admin: Any, riverside: Any) -> None:
    make_venue(riverside, name="Peer Center", **dict.fromkeys(FEATURE_KEYS, True))
    text = text_of(client_for(admin).get(LIST).content.decode())
    assert "It has everything on the checklist." in text
    assert "Lacks:" not in text
    assert "Add a venue" in text
    assert "Change Peer Center" in text


def test_list_shows_when_the_venue_is_available(admin: Any, riverside: Any) -> None:
    make_venue(riverside, name="Hall", availability=["tue-evening", "thu-evening"])
    make_venue(riverside, name="Room", availability=[])
    text = text_of(client_for(admin).get(LIST).content.decode())
    assert "Available Tuesday evening, Thursday evening" in text
    assert "Available Any time" in text


def test_list_has_a_fixed_number_of_queries(
    admin: Any, riverside: Any, lakeshore: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(admin)
    make_venue(riverside, name="First room")
    with CaptureQueriesContext(connection) as one_venue:
        client.get(LIST)
    for number in range(20):
        venue = make_venue(riverside, name=f"Room {number}")
        make_group(riverside, name=f"Group {number}", venue=venue)
    make_venue(lakeshore, name="Lakeshore library room")
    with django_assert_max_num_queries(len(one_venue.captured_queries)):
        response = client.get(LIST)
    text = text_of(response.content.decode())
    assert "Room 19" in text
    assert "Lakeshore library room" not in text


def test_admin_adds_a_venue_with_its_checklist_and_hours(admin: Any, riverside: Any) -> None:
    response = client_for(admin).post(NEW, venue_data())

    assert response.status_code == 302
    assert response["Location"] == LIST
    venue = Venue.objects.get(organization=riverside)
    assert venue.name == "Library meeting room"
    assert venue.capacity == 25
    assert venue.step_free and venue.accessible_toilets and venue.hearing_loop
    assert not venue.kitchen and not venue.public_transport
    # Saved in week order, whatever order the browser sent.
    assert venue.availability == ["mon-morning", "tue-evening"]
    assert venue.room_cost == "Free"
    assert AuditEvent.objects.filter(action="venue.added", object_id=str(venue.pk)).exists()


def test_the_form_has_every_field_and_a_grid_of_times(admin: Any, riverside: Any) -> None:
    html = client_for(admin).get(NEW).content.decode()
    for name in ["name", "address", "capacity", *FEATURE_KEYS, "room_cost", "notes"]:
        assert f'name="{name}"' in html, name
    assert html.count('name="availability"') == 21
    assert '<th scope="row"><span class="slot-day-long">Tuesday</span>' in html
    assert '<th scope="col">Evening</th>' in html
    # Every box in the grid has its own words for a screen reader.
    assert '<span class="visually-hidden">Tuesday evening</span>' in html
    assert "Step-free entrance and rooms (wheelchairs, prosthetics)" in html
    assert "If you tick nothing, it means any time." in html


def test_capacity_of_zero_gets_a_kind_message_and_keeps_the_input(
    admin: Any, riverside: Any
) -> None:
    response = client_for(admin).post(NEW, venue_data(capacity="0"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "A venue needs room for at least one person." in html
    assert 'aria-invalid="true"' in html
    assert 'value="Library meeting room"' in html
    assert 'value="tue-evening" id="id_availability_tue-evening" checked' in html
    assert not Venue.objects.exists()


def test_empty_capacity_is_allowed(admin: Any, riverside: Any) -> None:
    client_for(admin).post(NEW, venue_data(capacity=""))
    assert Venue.objects.get().capacity is None


def test_admin_changes_a_venue(admin: Any, riverside: Any) -> None:
    venue = make_venue(riverside, name="Hall", step_free=True, availability=["tue-evening"])
    url = f"/o/riverside/venues/{venue.pk}/edit/"
    page = client_for(admin).get(url).content.decode()
    assert 'value="Hall"' in page
    assert 'value="tue-evening" id="id_availability_tue-evening" checked' in page
    assert 'name="step_free" id="id_step_free" checked' in page

    response = client_for(admin).post(url, venue_data(name="Hall (upstairs)", availability=[]))

    assert response.status_code == 302
    venue.refresh_from_db()
    assert venue.name == "Hall (upstairs)"
    assert venue.availability == []
    assert venue.hearing_loop


def test_another_organisations_venue_is_not_found(
    admin: Any, riverside: Any, lakeshore: Any
) -> None:
    theirs = make_venue(lakeshore, name="Lakeshore library room")
    response = client_for(admin).get(f"/o/riverside/venues/{theirs.pk}/edit/")
    assert response.status_code == 404
