"""The main pages in a real browser: no serious accessibility problems, usable
on a 360 px phone, and sign-in works with the keyboard alone."""

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
from circles.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
PUBLIC_PAGES = {"landing": "/", "sign-in": "/accounts/login/", "help": "/help/"}
ROLES = ["admin", "supervisor", "specialist", "observer", "participant"]


PAPER = "rgb(251, 250, 247)"  # the page background set by circles.css


def check_page(page: Page, name: str, screen: str) -> None:
    expect(page.locator("h1")).to_be_visible()
    # axe's contrast checks mean little on an unstyled page.
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == PAPER
    save_screenshot(page, f"{name}-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("name", "path"), PUBLIC_PAGES.items())
def test_public_page(page: Page, riverside: Any, name: str, path: str, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    response = page.goto(path)
    assert response is not None and response.ok
    check_page(page, name, screen)


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("role", ROLES)
def test_role_home(page: Page, everyone: dict[str, Any], role: str, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, everyone[role])
    page.goto("/o/riverside/")
    expect(page.get_by_text("Riverside Peer Center").first).to_be_visible()
    check_page(page, f"home-{role}", screen)


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def tab_to(page: Page, element_id: str, most: int) -> None:
    for _press in range(most):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return
    pytest.fail(f"{most} presses of Tab did not reach #{element_id}", pytrace=False)


def test_sign_in_with_the_keyboard_alone(page: Page, participant: Any) -> None:
    page.goto("/accounts/login/")

    page.keyboard.press("Tab")
    skip_link = page.locator(":focus")
    expect(skip_link).to_have_text("Skip to main content")
    expect(skip_link).to_be_visible()  # it shows itself when focused

    # On through the crisis lines and the menu to the form.
    tab_to(page, "id_login", most=20)
    page.keyboard.type(participant.email)
    # "Forgot your password?" may sit between the two fields.
    tab_to(page, "id_password", most=2)
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url("**/o/riverside/")
    expect(page.get_by_role("heading", name="Your groups")).to_be_visible()


def test_pages_load_their_stylesheet_and_scripts(page: Page, riverside: Any) -> None:
    missing: list[str] = []
    page.on(
        "response", lambda r: missing.append(r.url) if "/static/" in r.url and not r.ok else None
    )
    page.goto("/")
    assert missing == []
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == PAPER
