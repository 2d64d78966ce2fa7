"""Raising and acknowledging a safety concern in a real browser: no serious accessibility
problems at 360 px and on a desktop, and both done with the keyboard alone on a phone."""

from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from circles.safety.actions import raise_concern
from circles.safety.models import SafetyConcern
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture(autouse=True)
def _warm(page: Page) -> None:
    # The first page a fresh live server renders can be slow on a busy machine.
    page.goto("/accounts/login/", timeout=60_000)


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail("Tab never reached it")


@pytest.mark.parametrize("screen", SCREENS)
def test_raising_and_acknowledging_pages_are_accessible(
    page: Page, riverside: Any, specialist: Any, supervisor: Any, participant: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/safety/concerns/new/?about={participant.pk}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Raise a safety concern")
    lines = page.locator(".safety-lines")
    expect(lines.get_by_role("link", name="988", exact=True)).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"safety-new-{screen}")

    # A refused form says why by the field, keeps what was typed, and stays accessible.
    page.get_by_label("Who do they want contacted?").fill("Their sister")
    page.get_by_role("button", name="Tell the person on duty").click()
    expect(page.get_by_text("Please choose what the concern is about.")).to_be_visible()
    expect(page.get_by_label("Who do they want contacted?")).to_have_value("Their sister")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)

    concern = raise_concern(
        organization=riverside,
        raised_by=specialist,
        kind=SafetyConcern.Kind.OTHERS,
        what_happened="They said they would hurt their neighbour, with a very long word: "
        + "supercalifragilisticexpialidocious" * 3,
        about_user=participant,
    )
    page.goto(f"/o/riverside/safety/concerns/{concern.pk}/")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)

    page.context.clear_cookies()
    sign_in(page, supervisor)
    for url in (
        f"/o/riverside/safety/concerns/{concern.pk}/",
        "/o/riverside/safety/concerns/",
        "/o/riverside/",
    ):
        page.goto(url)
        assert_no_serious_axe_violations(page)
        assert_no_sideways_scroll(page)
        save_screenshot(page, f"safety-{url.strip('/').replace('/', '-')}-{screen}")


def test_raise_and_acknowledge_with_the_keyboard_alone(
    page: Page, riverside: Any, specialist: Any, supervisor: Any, participant: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/safety/concerns/new/?about={participant.pk}")
    tab_to(page, page.get_by_label("Intended serious harm to themselves"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_label("What was said or seen?"), limit=10)
    page.keyboard.type("They said they have a plan to end their life tonight.")
    tab_to(page, page.get_by_role("button", name="Tell the person on duty"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("The person on duty has been told")).to_be_visible()
    concern = SafetyConcern.objects.get()
    assert concern.kind == SafetyConcern.Kind.SELF and concern.about_user_id == participant.pk

    page.context.clear_cookies()
    sign_in(page, supervisor)
    page.goto("/o/riverside/")
    link = page.get_by_role("link", name="Intended serious harm to themselves · Casey")
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/safety/concerns/{concern.pk}/")
    tab_to(page, page.get_by_role("button", name="I have it"))
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you: you have it.")).to_be_visible()
    concern.refresh_from_db()
    assert concern.status == SafetyConcern.Status.ACKNOWLEDGED
    assert concern.acknowledged_by_id == supervisor.pk
