"""The meeting page and the agenda editor in a real browser, at desktop and 360 px."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import join_group, make_group, make_meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, facilitators=[specialist], rotate_leader=True)
    join_group(group, participant)
    return make_meeting(group, leader=specialist)


@pytest.mark.parametrize("screen", SCREENS)
def test_meeting_page(page: Page, meeting: Any, specialist: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(meeting.group.name)
    expect(page.get_by_label("Meeting leader")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"meeting-page-{screen}")


@pytest.mark.parametrize("screen", SCREENS)
def test_agenda_edit_page(page: Page, meeting: Any, specialist: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/agenda/")
    expect(page.get_by_text("The items add up to")).to_be_visible()
    assert_no_serious_axe_violations(page)
    # The organisation's agenda until someone adapts it for this meeting.
    page.get_by_role("button", name="Adapt this agenda for this meeting").click()
    expect(page.get_by_role("button", name="Move up The group's purpose")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"agenda-edit-{screen}")
    # Move the second item up without JavaScript helpers: a plain form button.
    page.get_by_role("button", name="Move up The group's purpose").click()
    expect(page.locator(".agenda-item").first).to_contain_text("The group's purpose")


def test_meetings_list_and_agenda_templates_on_a_phone(
    page: Page, meeting: Any, participant: Any, admin: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, participant)
    page.goto(f"/o/riverside/groups/{meeting.group.pk}/meetings/")
    expect(page.get_by_role("heading", name="Coming up")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, "group-meetings-phone")
    page.context.clear_cookies()
    sign_in(page, admin)
    page.goto("/o/riverside/agenda-templates/")
    page.get_by_role("button", name="Start a new agenda from the built-in one").click()
    expect(
        page.get_by_label("Items, one a line: minutes | title | what to say or do")
    ).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, "agenda-templates-phone")
