"""Venues and the planning assistant in a real browser: no serious axe problems at
desktop width or on a 360 px phone, nothing to scroll sideways, the grid works by keyboard."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.groups.models import Availability, Venue
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import join_group, make_group, make_venue

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


def check(page: Page, name: str, screen: str) -> None:
    save_screenshot(page, f"{name}-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


@pytest.fixture
def hall(riverside: Any) -> Any:
    return make_venue(
        riverside,
        name="St. Mark's church hall",
        capacity=40,
        room_cost="$15 an evening",
        public_transport=True,
        kitchen=True,
        after_hours=True,
        availability=["mon-evening", "tue-evening", "wed-evening", "thu-evening"],
        notes="Three steps up to the front door.",
    )


@pytest.mark.parametrize("screen", SCREENS)
def test_venue_list(
    page: Page, transactional_db: Any, riverside: Any, admin: Any, hall: Any, screen: str
) -> None:
    make_venue(riverside, name="Riverside Peer Center, main room", step_free=True)
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, admin)

    page.goto("/o/riverside/venues/")

    expect(page.get_by_role("heading", level=1)).to_have_text("Venues")
    expect(page.get_by_role("heading", name="St. Mark's church hall")).to_be_visible()
    expect(page.get_by_text("Lacks:").first).to_be_visible()
    check(page, "venue-list", screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_venue_form_with_a_problem(
    page: Page, transactional_db: Any, riverside: Any, admin: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, admin)
    page.goto("/o/riverside/venues/new/")
    page.get_by_label("Name of the venue").fill("Library room")
    page.get_by_label("How many people fit (optional)").fill("0")
    page.get_by_label("Hearing loop").check()
    page.get_by_label("Tuesday evening").check()

    page.get_by_role("button", name="Add the venue").click()
    page.wait_for_load_state()

    expect(page.get_by_text("A venue needs room for at least one person.")).to_be_visible()
    expect(page.get_by_label("Name of the venue")).to_have_value("Library room")
    expect(page.get_by_label("Tuesday evening")).to_be_checked()
    check(page, "venue-form", screen)


def test_ticking_times_with_the_keyboard(
    page: Page, transactional_db: Any, riverside: Any, admin: Any, hall: Any
) -> None:
    sign_in(page, admin)
    page.goto(f"/o/riverside/venues/{hall.pk}/edit/")
    page.get_by_label("Friday evening").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Shift+Tab")  # back to Friday afternoon
    page.keyboard.press("Space")
    page.get_by_role("button", name="Save changes").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_text("Saved.")).to_be_visible()
    hall.refresh_from_db()
    assert "fri-evening" in hall.availability and "fri-afternoon" in hall.availability
    assert Venue.objects.count() == 1


@pytest.mark.parametrize("screen", SCREENS)
def test_assistant_page(
    page: Page,
    transactional_db: Any,
    riverside: Any,
    specialist: Any,
    participant: Any,
    hall: Any,
    screen: str,
) -> None:
    group = make_group(riverside, facilitators=[specialist], venue=hall)
    join_group(group, participant)
    answers = [["tue-evening", "sat-morning"]] * 5 + [["thu-evening", "sat-morning"]] * 3
    for slots in answers:
        Availability.objects.create(organization=riverside, group=group, slots=slots)
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)

    page.goto(f"/o/riverside/groups/{group.pk}/assistant/")

    expect(page.get_by_text("Tuesday evening suits 5 of 8 people.")).to_be_visible()
    expect(page.get_by_role("row", name="Saturday morning")).to_contain_text("Venue not available")
    check(page, "assistant", screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_availability_page(
    page: Page,
    transactional_db: Any,
    riverside: Any,
    specialist: Any,
    participant: Any,
    hall: Any,
    screen: str,
) -> None:
    group = make_group(riverside, facilitators=[specialist], venue=hall)
    join_group(group, participant)
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, participant)

    page.goto(f"/o/riverside/groups/{group.pk}/availability/")
    page.get_by_label("Wednesday evening").check()
    page.get_by_role("button", name="Save my times").click()
    page.wait_for_load_state()

    expect(page.get_by_text("Thank you. Your times are saved.")).to_be_visible()
    expect(page.get_by_label("Wednesday evening")).to_be_checked()
    check(page, "availability", screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_profile_access_needs(
    page: Page, transactional_db: Any, participant: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, participant)
    page.goto("/profile/")
    page.get_by_role("group", name="What you need at a venue").get_by_label("Hearing loop").check()
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    participant.refresh_from_db()
    assert participant.access_needs == ["hearing_loop"]
    check(page, "profile-access-needs", screen)


def test_facilitator_adds_someone_interested_on_a_phone(
    page: Page, transactional_db: Any, riverside: Any, specialist: Any, hall: Any
) -> None:
    group = make_group(riverside, facilitators=[specialist], venue=hall)
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/groups/{group.pk}/availability/")

    form = page.locator("form", has=page.get_by_label("Their first name or initials"))
    form.get_by_label("Their first name or initials").fill("A.K.")
    form.get_by_label("Thursday evening").check()
    form.get_by_role("button", name="Add their times").click()
    page.wait_for_load_state()

    expect(page.get_by_text("The times for A.K. are added.")).to_be_visible()
    expect(page.get_by_role("list", name="People who are interested")).to_contain_text(
        "A.K.: Thursday evening"
    )
    check(page, "availability-facilitator", "phone")
