"""The assessment form and the team view in a real browser: axe at 360 px and desktop,
and the form filled in and sent with the keyboard alone."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.workforce.framework import load_framework
from circles.workforce.models import Assessment, Competency, FrameworkArea
from circles.workforce.tests.helpers import certify, link, rate, supervise, train

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(autouse=True)
def _framework(db: Any) -> None:
    # Transactional tests empty every table between tests, the migration's data too.
    load_framework(FrameworkArea, Competency)


def _warm_up(page: Page) -> None:
    # The first page a fresh browser asks of the live server can be slow on a busy machine.
    page.goto("/healthz", timeout=60_000)


@pytest.fixture
def team(riverside: Any, specialist: Any, supervisor: Any) -> Any:
    link(riverside, specialist, supervisor)
    today = timezone.localdate()
    supervise(riverside, specialist, supervisor, today - datetime.timedelta(days=40))
    certify(riverside, specialist, today + datetime.timedelta(days=60))
    train(riverside, specialist, "14", today - datetime.timedelta(days=30))
    rate(riverside, specialist, specialist, "self", 3)
    rate(riverside, specialist, supervisor, "supervisor", 2)
    return specialist


@pytest.mark.parametrize("screen", SCREENS)
def test_the_assessment_form_and_team_view_are_accessible(
    page: Page, team: Any, supervisor: Any, specialist: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    _warm_up(page)
    sign_in(page, specialist)
    page.goto(f"/o/riverside/workforce/people/{specialist.pk}/assess/")
    expect(page.get_by_role("heading", name="Rate yourself")).to_be_visible()
    expect(page.get_by_role("group", name="Privacy and trust")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"workforce-assess-{screen}")

    page.goto(f"/o/riverside/workforce/people/{specialist.pk}/competencies/")
    expect(page.get_by_role("img", name="Average stage over time")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"workforce-competencies-{screen}")

    page.context.clear_cookies()
    sign_in(page, supervisor)
    page.goto("/o/riverside/workforce/team/")
    expect(page.get_by_role("heading", name="Team view")).to_be_visible()
    expect(page.get_by_role("table", name="People you supervise")).to_contain_text("Overdue")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"workforce-team-{screen}")


def test_the_assessment_form_works_with_the_keyboard_alone(
    page: Page, riverside: Any, specialist: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    _warm_up(page)
    sign_in(page, specialist)
    page.goto(f"/o/riverside/workforce/people/{specialist.pk}/assess/")
    page.get_by_role("heading", name="Rate yourself").click()
    # Tab to the first item's choices; arrow keys move within a radio group.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "radio":
            break
    assert page.evaluate("document.activeElement.type") == "radio"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "Basic" is the second choice after "Leave unrated"
    first_name = page.evaluate("document.activeElement.name")
    # Skip the remaining items straight to the button: Shift+Tab from the end works too,
    # but a keyboard user may also press Enter on any radio to send the form.
    page.keyboard.press("Enter")
    page.wait_for_url("**/competencies/")
    expect(page.get_by_text("The ratings are saved.")).to_be_visible()
    saved = Assessment.objects.get()
    assert saved.ratings == {first_name.removeprefix("item_"): 1}
    # The focus is visible where it lands, and the page is fine for axe.
    assert_no_serious_axe_violations(page)


def test_the_team_view_works_with_the_keyboard_alone(
    page: Page, team: Any, supervisor: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    _warm_up(page)
    sign_in(page, supervisor)
    page.goto("/o/riverside/workforce/team/")
    page.get_by_role("heading", name="Team view").click()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Jordan":
            break
    expect(page.locator(":focus")).to_have_text("Jordan")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/workforce/people/{team.pk}/")
    expect(page.get_by_role("heading", name="Jordan's workforce record")).to_be_visible()
    expect(page.get_by_role("link", name="Record a supervision session")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, "workforce-record-phone")
