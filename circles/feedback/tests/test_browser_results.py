"""Feedback results in a real browser: axe at desktop and 360 px, and the date filter
used with the keyboard alone."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from circles.feedback.models import FeedbackSettings
from circles.feedback.tasks import raise_all_prompts
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import give_feedback, make_group, make_meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
# Yesterday at a fixed hour: always in the past, whatever the time of day the tests run.
NOW = (timezone.now() - datetime.timedelta(days=1)).replace(
    hour=18, minute=0, second=0, microsecond=0
)


@pytest.fixture
def group(riverside: Any, specialist: Any) -> Any:
    FeedbackSettings.objects.create(organization=riverside, alert_below=30)
    group = make_group(riverside, facilitators=[specialist], name="Tuesday evening circle")
    weeks = [(10, (9, 9, 8, 9)), (8, (8, 9, 8, 8)), (6, (7, 8, 7, 8)), (4, (6, 7, 6, 6))]
    for number, (ago, scores) in enumerate(weeks):
        meeting = make_meeting(group, when=NOW - datetime.timedelta(weeks=ago))
        give_feedback(
            meeting,
            count=5 + number,
            scores=scores,
            helped=f"Hearing from people who have been there ({number})",
            better="More time at the end to talk" if number % 2 else "",
        )
    give_feedback(make_meeting(group, when=NOW - datetime.timedelta(weeks=2)), count=3)
    make_group(riverside, facilitators=[specialist], name="Saturday morning walk")
    raise_all_prompts()  # the worker's hourly release
    return group


@pytest.mark.parametrize("screen", SCREENS)
def test_overview_and_group_pages_are_accessible(
    page: Page, group: Any, supervisor: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, supervisor)
    page.goto("/o/riverside/feedback/")
    expect(page.get_by_role("heading", name="Feedback from groups")).to_be_visible()
    expect(page.get_by_text("got lower answers than usual")).to_be_visible()
    expect(
        page.get_by_role("list", name="Groups").get_by_text("3 answers are waiting")
    ).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"feedback-overview-{screen}")

    page.get_by_role("link", name="Tuesday evening circle").first.click()
    expect(page.get_by_role("img", name="Average total out of 40")).to_be_visible()
    expect(page.get_by_role("table", name="Each period's averages")).to_be_visible()
    expect(page.get_by_role("heading", name="What helped")).to_be_visible()
    expect(page.get_by_text("More time at the end to talk").first).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"feedback-group-{screen}")


@pytest.mark.parametrize("screen", SCREENS)
def test_settings_page_is_accessible(page: Page, admin: Any, riverside: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, admin)
    page.goto("/o/riverside/feedback/settings/")
    expect(page.get_by_role("group", name="Question 1")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    page.get_by_label("Days a meeting's feedback link stays open").fill("45")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Please give a whole number from 1 to 30.").first).to_be_visible()
    assert_no_serious_axe_violations(page)
    save_screenshot(page, f"feedback-settings-error-{screen}")


def test_the_date_filter_works_with_the_keyboard_alone(
    page: Page, group: Any, specialist: Any
) -> None:
    sign_in(page, specialist)
    page.goto(f"/o/riverside/feedback/groups/{group.pk}/")
    expect(
        page.get_by_role("table", name="Each period's averages").locator("tbody tr")
    ).to_have_count(4)
    start = (NOW - datetime.timedelta(weeks=7)).date()
    page.get_by_role("link", name="Back to feedback from groups").focus()
    # Tab through the page to the first date, as a keyboard user would.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "start":
            break
    assert page.evaluate("document.activeElement.name") == "start"
    page.keyboard.type(start.strftime("%m%d%Y"))
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the "To" date's month, day and year is one Tab
    while page.evaluate("document.activeElement.tagName") != "BUTTON":
        page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_text("Show these dates")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**start={start.isoformat()}**")
    expect(page.get_by_text("periods whose last meeting is in the dates you chose")).to_be_visible()
    rows = page.get_by_role("table", name="Each period's averages").locator("tbody tr")
    expect(rows).to_have_count(2)
    assert_no_serious_axe_violations(page)
