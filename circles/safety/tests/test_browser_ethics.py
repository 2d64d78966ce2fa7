"""Signing the code of ethics in a real browser, at desktop and 360 px, and by keyboard."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.safety.ethics.models import EthicsSignature
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
def test_signing_page_is_accessible_and_explains_a_missing_tick(
    page: Page, specialist: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto("/o/riverside/ethics/code/")
    expect(page.get_by_role("heading", name="What I promise")).to_be_visible()
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)
    page.get_by_role("button", name="Sign the code").click()
    expect(page.get_by_text("Please tick the box to sign")).to_be_visible()
    assert_no_serious_axe_violations(page)
    save_screenshot(page, f"ethics-sign-{screen}")
    assert not EthicsSignature.objects.exists()


def test_signing_with_the_keyboard_alone(page: Page, specialist: Any) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto("/o/riverside/ethics/code/")
    box = page.get_by_label("I have read this code of ethics and I will work by it.")
    for _ in range(60):
        page.keyboard.press("Tab")
        if box.evaluate("el => el === document.activeElement"):
            break
    page.keyboard.press("Space")
    expect(box).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign the code")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you. Your signature is saved.")).to_be_visible()
    assert EthicsSignature.objects.filter(user=specialist).count() == 1
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)


@pytest.mark.parametrize(
    "path",
    ["/o/riverside/ethics/", "/o/riverside/ethics/gifts/new/", "/o/riverside/ethics/away/new/"],
)
def test_my_ethics_pages_fit_a_phone(page: Page, specialist: Any, path: str) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(path)
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
