"""The demo shows groups and venues at work (circles.groups.demo, loaded by `circles demo`)."""

import datetime
import re
from html import unescape
from typing import Any

import pytest

from circles.accounts.models import Organization, User
from circles.groups.demo import holiday_tuesday, load_demo_groups
from circles.groups.models import (
    Availability,
    Format,
    GroupMembership,
    ScheduleException,
    SupportGroup,
    Venue,
)
from circles.groups.schedule import Schedule
from circles.home.demo import load_demo_data
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def demo() -> dict[str, Any]:
    assert load_demo_data()
    return {
        "riverside": Organization.objects.get(slug="riverside"),
        "lakeshore": Organization.objects.get(slug="lakeshore"),
        "groups": {g.name: g for g in SupportGroup.objects.with_details()},
    }


def test_at_least_six_public_groups_across_both_organisations(demo: dict[str, Any]) -> None:
    public = SupportGroup.objects.public()
    assert public.count() >= 6
    assert {g.organization.slug for g in public} == {"riverside", "lakeshore"}
    assert len({g.weekday for g in public}) >= 5
    assert {g.format for g in public} == {Format.IN_PERSON, Format.ONLINE, Format.HYBRID}
    topics = {topic for g in public for topic in g.topics}
    assert {"Grief", "LGBTQIA+", "Men's", "Mental health", "Student"} <= topics


def test_every_demo_group_has_next_dates(demo: dict[str, Any]) -> None:
    for group in demo["groups"].values():
        schedule = Schedule.of(group)
        schedule.validate()
        assert group.starts_on < datetime.date.today()
        assert len(schedule.next_dates(3)) == 3, group.name


def test_venues_have_and_lack_what_the_demo_needs(demo: dict[str, Any]) -> None:
    main_room = Venue.objects.get(name="Riverside Peer Center, main room")
    church_hall = Venue.objects.get(name="St. Mark's church hall")
    library = Venue.objects.get(name="Lakeshore library meeting room")
    assert main_room.missing() == []
    assert main_room.hearing_loop
    assert {key for key, _label in church_hall.missing()} >= {"step_free", "accessible_toilets"}
    assert church_hall.availability and all(s.endswith("evening") for s in church_hall.availability)
    assert library.organization == demo["lakeshore"]
    groups = demo["groups"]
    assert {g.venue for g in groups.values() if g.venue} == {main_room, church_hall, library}


def test_online_and_hybrid_groups(demo: dict[str, Any]) -> None:
    online = demo["groups"]["Family and caregivers circle (online)"]
    assert online.format == Format.ONLINE
    assert online.online_url == "https://meet.example.org/lakeshore-family"
    assert online.venue is None
    hybrid = [g for g in demo["groups"].values() if g.format == Format.HYBRID]
    assert len(hybrid) == 1 and hybrid[0].venue and hybrid[0].online_url


def test_who_is_in_which_group(demo: dict[str, Any]) -> None:
    specialist = User.objects.get(email="specialist@example.org")
    participant = User.objects.get(email="participant@example.org")
    participant2 = User.objects.get(email="participant2@example.org")
    facilitated = SupportGroup.objects.facilitated_by(specialist)
    assert facilitated.count() == 2
    assert {g.organization.slug for g in facilitated} == {"riverside"}

    tuesday = demo["groups"]["Tuesday evening peer circle"]
    members = GroupMembership.objects.filter(group=tuesday).current()
    assert {m.user for m in members} == {participant, participant2}

    closed = [g for g in demo["groups"].values() if not g.is_open]
    assert len(closed) == 1
    waiting = GroupMembership.objects.filter(group=closed[0]).requested()
    assert [m.user for m in waiting] == [participant2]
    assert waiting[0].request_message


def test_a_holiday_is_cancelled(demo: dict[str, Any]) -> None:
    tuesday = demo["groups"]["Tuesday evening peer circle"]
    exception = ScheduleException.objects.get(group=tuesday)
    assert exception.date.weekday() == 1
    assert exception.date >= datetime.date.today() - datetime.timedelta(days=1)
    assert exception.date not in {d.date() for d in Schedule.of(tuesday).next_dates(10)}


def test_holiday_tuesday_is_the_tuesday_of_christmas_week() -> None:
    assert holiday_tuesday(datetime.date(2026, 11, 23)) == datetime.date(2026, 12, 22)
    assert holiday_tuesday(datetime.date(2026, 12, 23)) == datetime.date(2027, 12, 21)


def test_the_facilitator_is_told_the_hall_lacks_what_a_member_needs(
    demo: dict[str, Any],
) -> None:
    participant = User.objects.get(email="participant@example.org")
    assert participant.access_needs == ["step_free"]
    tuesday = demo["groups"]["Tuesday evening peer circle"]
    specialist = User.objects.get(email="specialist@example.org")
    page = client_for(specialist).get(f"/o/riverside/groups/{tuesday.pk}/")
    text = text_of(page.content.decode())
    assert "St. Mark's church hall does not have it" in text
    assert "Casey" not in text.split("does not have it")[0][-200:]


def test_the_assistant_has_answers_to_show(demo: dict[str, Any]) -> None:
    tuesday = demo["groups"]["Tuesday evening peer circle"]
    assert Availability.objects.filter(group=tuesday).count() == 10
    specialist = User.objects.get(email="specialist@example.org")
    page = client_for(specialist).get(f"/o/riverside/groups/{tuesday.pk}/assistant/")
    text = text_of(page.content.decode())
    assert "Suggestion: Tuesday evening suits 7 of 10 people." in text
    # As many can come on Saturday morning, but the hall is open only in the evening.
    assert re.search(r"Saturday morning 7 of 10 people Venue not available", text)


def test_loading_twice_changes_nothing(demo: dict[str, Any]) -> None:
    counts = (SupportGroup.objects.count(), Venue.objects.count(), Availability.objects.count())
    assert not load_demo_data()
    assert not load_demo_groups(demo["riverside"], demo["lakeshore"])
    assert (
        SupportGroup.objects.count(),
        Venue.objects.count(),
        Availability.objects.count(),
    ) == counts
