"""The calendar page in a real browser: readable on a phone, no serious axe
problems, and a new address can be made with the keyboard alone."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.groups.models import CalendarFeed
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import join_group, make_group

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser"), pytest.mark.django_db]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("screen", SCREENS)
def test_calendar_page(
    page: Page, transactional_db: Any, riverside: Any, participant: Any, screen: str
) -> None:
    join_group(make_group(riverside, name="Grief circle"), participant)
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, participant)

    page.goto("/o/riverside/calendar/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your groups in your calendar")
    page.get_by_role("button", name="Make my calendar address").click()
    page.wait_for_load_state()

    key = CalendarFeed.objects.get(user=participant).key
    expect(page.get_by_label("Calendar address to copy")).to_have_value(
        f"{page.url.split('/o/')[0]}/calendar/{key}.ics"
    )
    page.get_by_text("Android phone (Google Calendar)").click()
    expect(page.get_by_text("From URL", exact=False)).to_be_visible()
    save_screenshot(page, f"calendar-settings-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


def test_making_a_new_address_with_the_keyboard(
    page: Page, transactional_db: Any, riverside: Any, participant: Any
) -> None:
    old = CalendarFeed.objects.create(user=participant, key=CalendarFeed.new_key()).key
    sign_in(page, participant)
    page.goto("/o/riverside/calendar/")

    button = page.get_by_role("button", name="Make a new address")
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_text("You have a new calendar address")).to_be_visible()
    new = CalendarFeed.objects.get(user=participant).key
    assert new != old
    expect(page.get_by_label("Calendar address to copy")).to_have_value(
        f"{page.url.split('/o/')[0]}/calendar/{new}.ics"
    )
