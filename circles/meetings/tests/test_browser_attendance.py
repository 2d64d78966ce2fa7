"""Attendance in a real browser: accessible at desktop and 360 px, taken with the keyboard."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.accounts.models import Role
from circles.meetings.models import Attendance
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import join_group, make_group, make_meeting, make_member

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
NAMES = ["Ana", "Bo", "Chris", "Dee", "Eli", "Fran", "Gus", "Hana", "Ivo", "Jun"]


@pytest.fixture
def meeting(riverside: Any, specialist: Any) -> Any:
    group = make_group(riverside, [specialist])
    for i, name in enumerate(NAMES):
        join_group(group, make_member(riverside, Role.PARTICIPANT, f"m{i}@example.org", name))
    return make_meeting(group)


@pytest.mark.parametrize("screen", SCREENS)
def test_attendance_pages_are_accessible(
    page: Page, meeting: Any, specialist: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    for path, name in [
        (f"/o/riverside/meetings/{meeting.pk}/attendance/", "attendance"),
        (f"/o/riverside/meetings/{meeting.pk}/attendance/sheet/", "attendance-sheet"),
    ]:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        save_screenshot(page, f"{name}-{screen}")
        assert_no_serious_axe_violations(page)
        if screen == "phone":
            assert_no_sideways_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_attendance_with_the_keyboard_alone(
    page: Page, meeting: Any, specialist: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/attendance/")
    first = page.get_by_label("Ana", exact=True)
    first.focus()
    page.keyboard.press("Space")  # Ana is here
    page.keyboard.press("Tab")  # her "first meeting" box
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # Bo
    page.keyboard.press("Space")
    page.get_by_label("First-time guests").focus()
    page.keyboard.type("Zoe")
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("1")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Save attendance")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator(".attendance-total")).to_contain_text("4 people were there")
    names = sorted(a.name for a in Attendance.objects.filter(meeting=meeting))
    assert names == ["Ana", "Bo", "Zoe"]
    assert Attendance.objects.get(meeting=meeting, user__preferred_name="Ana").first_meeting
    expect(page.get_by_label("Ana", exact=True)).to_be_checked()


def test_the_paper_sheet_prints_without_the_site_around_it(
    page: Page, meeting: Any, specialist: Any
) -> None:
    sign_in(page, specialist)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/attendance/sheet/?names=1")
    expect(page.get_by_role("button", name="Print this sheet")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_text("Anyone who sees it")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this sheet")).to_be_hidden()
    expect(page.locator(".sheet-table")).to_contain_text("Jun")
    expect(page.locator(".sheet-checkin .checkin-code")).to_have_text(meeting.checkin_code)
    save_screenshot(page, "attendance-sheet-print")
