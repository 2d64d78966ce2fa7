"""The run-of-show in a real browser: accessible, timers tick, Next works, and a
place changed while offline reaches the server once the connection is back."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from circles.meetings.models import Meeting
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import make_group, make_meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def meeting(riverside: Any, specialist: Any) -> Any:
    group = make_group(riverside, [specialist])
    return make_meeting(group, when=timezone.now() - datetime.timedelta(minutes=1))


def url(meeting: Any) -> str:
    return f"/o/riverside/meetings/{meeting.pk}/run/"


@pytest.mark.parametrize("screen", SCREENS)
def test_run_of_show_is_accessible(page: Page, meeting: Any, specialist: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(url(meeting))
    expect(page.locator("[data-item]:visible h2")).to_have_text("Greeting and introductions")
    save_screenshot(page, f"runshow-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Start the meeting").click()
    page.get_by_role("button", name="Next").click()
    save_screenshot(page, f"runshow-started-{screen}")
    assert_no_serious_axe_violations(page)


def test_timers_tick_and_next_moves_on(page: Page, meeting: Any, specialist: Any) -> None:
    sign_in(page, specialist)
    page.goto(url(meeting))
    meeting_timer = page.locator("[data-meeting-timer]")
    expect(meeting_timer).to_have_text("Not started yet")
    page.get_by_role("button", name="Start the meeting").click()
    expect(meeting_timer).to_have_text("0:02", timeout=5000)
    expect(page.locator("[data-item-timer]")).to_contain_text("/ 5:00")
    next_button = page.get_by_role("button", name="Next")
    next_button.click()
    expect(page.locator("[data-item]:visible h2")).to_have_text("The group's purpose")
    expect(page.locator("[data-announce]")).to_have_text("Now: The group's purpose")
    expect(next_button).to_be_focused()
    # The page did not reload: the whole-meeting timer kept counting.
    expect(meeting_timer).not_to_have_text("0:00")
    page.wait_for_function(
        f"() => !JSON.parse(localStorage.getItem('circles-runshow-{meeting.pk}')).pending"
    )
    meeting.refresh_from_db()
    assert meeting.current_item == 1 and meeting.started_at is not None


def test_offline_next_is_saved_when_back_online(page: Page, meeting: Any, specialist: Any) -> None:
    sign_in(page, specialist)
    page.goto(url(meeting))
    page.get_by_role("button", name="Start the meeting").click()
    key = f"circles-runshow-{meeting.pk}"
    page.wait_for_function(f"() => !JSON.parse(localStorage.getItem('{key}')).pending")

    page.context.set_offline(True)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("button", name="Next").click()
    expect(page.locator("[data-item]:visible h2")).to_have_text("Confidentiality")
    expect(page.locator("[data-offline]")).to_be_visible()
    expect(page.locator("[data-offline]")).to_contain_text("your place is kept")
    assert Meeting.objects.get(pk=meeting.pk).current_item == 0

    page.context.set_offline(False)
    page.wait_for_function(f"() => !JSON.parse(localStorage.getItem('{key}')).pending")
    expect(page.locator("[data-offline]")).to_be_hidden()
    assert Meeting.objects.get(pk=meeting.pk).current_item == 2

    # Reloading keeps the place.
    page.reload()
    expect(page.locator("[data-item]:visible h2")).to_have_text("Confidentiality")


def test_run_of_show_with_the_keyboard_on_a_phone(
    page: Page, meeting: Any, specialist: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(url(meeting))
    start = page.get_by_role("button", name="Start the meeting")
    start.focus()
    page.keyboard.press("Enter")
    next_button = page.get_by_role("button", name="Next")
    expect(next_button).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.locator("[data-item]:visible h2")).to_have_text("Confidentiality")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Back")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("[data-item]:visible h2")).to_have_text("The group's purpose")
    key = f"circles-runshow-{meeting.pk}"
    page.wait_for_function(f"() => !JSON.parse(localStorage.getItem('{key}')).pending")
    assert Meeting.objects.get(pk=meeting.pk).current_item == 1
