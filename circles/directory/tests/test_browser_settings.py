"""The directory settings page in a real browser: axe at desktop and 360 px."""

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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.mark.parametrize("screen", SCREENS)
def test_settings_page_is_accessible(page: Page, admin: Any, riverside: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, admin)
    page.goto("/o/riverside/directory/settings/")
    expect(page.get_by_role("heading", name="Community resources settings")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    page.get_by_label("Check each resource at least every this many months").fill("99")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Please give a whole number of months from 1 to 36.")).to_be_visible()
    assert_no_serious_axe_violations(page)
    save_screenshot(page, f"directory-settings-error-{screen}")
    page.get_by_label("Publish my directory to everyone on this server").check()
    page.get_by_label("Check each resource at least every this many months").fill("4")
    page.get_by_role("button", name="Save the settings").click()
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_label("Publish my directory to everyone on this server")).to_be_checked()
