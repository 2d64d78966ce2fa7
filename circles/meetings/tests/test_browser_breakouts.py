"""Breakouts and the observer report in a real browser, at desktop and 360 px."""

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from circles.accounts.models import Role
from circles.meetings.models import Attendance, ObserverAssignment, ObserverReport
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
NAMES = ["Anastasia", "Bo", "Christopher", "Dee", "Eli", "Fran", "Gus", "Hana", "Ivo"]


@pytest.fixture
def meeting(riverside: Any, specialist: Any) -> Any:
    group = make_group(riverside, [specialist])
    meeting = make_meeting(group, when=timezone.now() - timedelta(hours=1))
    for i, name in enumerate(NAMES):
        user = make_member(riverside, Role.PARTICIPANT, f"b{i}@example.org", name)
        join_group(group, user)
        Attendance.objects.create(organization=riverside, meeting=meeting, user=user)
    Attendance.objects.create(organization=riverside, meeting=meeting, user=specialist)
    return meeting


@pytest.mark.parametrize("screen", SCREENS)
def test_breakouts_split_and_move_accessibly(
    page: Page, meeting: Any, specialist: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/breakouts/")
    assert_no_serious_axe_violations(page)
    page.get_by_label("People in each group").fill("3")
    page.get_by_role("button", name="Split into groups").click()
    expect(page.get_by_role("heading", name="Group 4")).to_be_visible()
    expect(page.get_by_role("heading", name="Group 5")).to_have_count(0)
    save_screenshot(page, f"breakouts-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)

    page.get_by_label("Bo", exact=True).select_option(label="Group 4")
    page.get_by_role("button", name="Save moves").click()
    expect(page.locator(".breakout-room").nth(3)).to_contain_text("Bo")


@pytest.mark.parametrize("screen", SCREENS)
def test_observer_report_form_is_accessible(
    page: Page, meeting: Any, observer: Any, screen: str
) -> None:
    ObserverAssignment.objects.create(
        organization=meeting.organization, meeting=meeting, observer=observer
    )
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, observer)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/observer-report/")
    save_screenshot(page, f"observer-report-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)

    page.get_by_role("button", name="Save my report").click()
    expect(page.get_by_role("alert")).to_contain_text("number from 1 to 5")
    assert_no_serious_axe_violations(page)
    for question in (
        "How is the atmosphere?",
        "How do people interact?",
        "Do people work together and enjoy it?",
        "Was it a productive meeting?",
    ):
        page.get_by_role("group", name=question).get_by_label("4", exact=True).check()
    page.get_by_label("Comments").fill("A kind, steady group.")
    page.get_by_role("button", name="Save my report").click()
    expect(page.get_by_text("Your report is saved")).to_be_visible()
    assert ObserverReport.objects.get().productive == 4
