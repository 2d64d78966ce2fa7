"""Raising a concern in a real browser: no serious accessibility problems at desktop
and 360 px on the form, the receipt page and the follow-up page, and the whole
journey (choose the organisation, send, come back with the code, add more) works
with the keyboard alone."""

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.accounts.models import Organization, User
from circles.feedback.actions import reply
from circles.feedback.models import Complaint, ComplaintMessage
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
)
from circles.testing.fixtures import make_group, make_venue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def setting(riverside: Organization, specialist: User, supervisor: User) -> Organization:
    make_group(riverside, facilitators=[specialist], name="Tuesday evening circle")
    make_venue(riverside, name="Library meeting room")
    return riverside


def tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


@pytest.mark.parametrize("screen", SCREENS)
def test_form_receipt_and_followup_pages_are_accessible(
    page: Page, setting: Organization, supervisor: User, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto("/complaints/new/")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)

    page.goto("/complaints/new/?org=riverside")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Raise a concern")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"complaint-new-{screen}")

    # Sent with a mistake: the messages by the fields are accessible too.
    page.get_by_label("A particular meeting").check()
    page.get_by_role("button", name="Send my concern").click()
    expect(page.locator("#id_text_error")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"complaint-new-errors-{screen}")

    page.get_by_label("The organisation as a whole").check()
    page.get_by_label("What happened?").fill("The front door was locked at the start.")
    page.get_by_role("button", name="Send my concern").click()
    expect(page.locator("#receipt-code")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"complaint-sent-{screen}")
    receipt = page.locator("#receipt-code").inner_text()

    complaint = Complaint.objects.get()
    reply(complaint, supervisor, "Thank you. We have asked for the door to be opened earlier.")
    page.goto(f"/complaints/{receipt}/")
    expect(page.get_by_text("Riverside Peer Center replied")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"complaint-followup-{screen}")

    page.goto("/complaints/")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)


def test_the_whole_journey_by_keyboard_alone(
    page: Page, browser: Any, live_server: Any, setting: Organization, specialist: User
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto("/complaints/new/")
    tab_to(page, 'a[href="/complaints/new/?org=riverside"]')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?org=riverside$"))

    tab_to(page, 'input[name="about"]')
    # Arrow keys move through the choices: group, meeting, then a person.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator('input[name="about"][value="person"]')).to_be_checked()
    tab_to(page, 'select[name="person"]')
    # Not signed in: a role, never a name.
    page.keyboard.type("A peer")
    expect(page.locator('select[name="person"]')).to_have_value("role:specialist")
    tab_to(page, 'textarea[name="text"]')
    page.keyboard.type("I was interrupted every time I tried to speak.")
    tab_to(page, '.complaint-form button[type="submit"]')
    page.keyboard.press("Enter")

    code = page.locator("#receipt-code")
    expect(code).to_be_visible()
    receipt = code.inner_text()
    assert re.fullmatch(r"([A-Z0-9]{4}-){4}[A-Z0-9]{4}", receipt)
    complaint = Complaint.objects.get()
    assert complaint.about_role == "specialist" and complaint.about_person is None
    assert list(complaint.kept_from.all()) == [specialist]

    # Days later, on another device: type the code, small letters and no dashes.
    later = browser.new_context(base_url=live_server.url, viewport=PHONE)
    try:
        other = later.new_page()
        other.goto("/complaints/")
        tab_to(other, 'input[name="code"]')
        other.keyboard.type(receipt.replace("-", "").lower())
        other.keyboard.press("Enter")
        expect(other.get_by_role("heading", level=1)).to_contain_text("Your concern with")
        expect(other.get_by_text("Where it is: Received")).to_be_visible()
        tab_to(other, 'textarea[name="more"]')
        other.keyboard.type("It happened again this week.")
        tab_to(other, '.complaint-more button[type="submit"]')
        other.keyboard.press("Enter")
        expect(other.get_by_text("What you added has been sent.")).to_be_visible()
        expect(other.get_by_text("It happened again this week.")).to_be_visible()
    finally:
        later.close()
    assert ComplaintMessage.objects.get().from_complainant


def test_the_sent_page_prints_the_receipt_and_not_the_navigation(
    page: Page, setting: Organization
) -> None:
    page.goto("/complaints/new/?org=riverside")
    page.get_by_label("The organisation as a whole").check()
    page.get_by_label("What happened?").fill("Printing test.")
    page.get_by_role("button", name="Send my concern").click()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.locator("#receipt-code")).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.locator(".site-header")).to_be_hidden()


def test_only_the_questions_that_fit_show_and_all_show_without_javascript(
    page: Page, browser: Any, live_server: Any, setting: Organization
) -> None:
    page.goto("/complaints/new/?org=riverside")
    group, venue = page.get_by_label("Which group?"), page.get_by_label("Which place?")
    expect(group).to_be_hidden()
    expect(venue).to_be_hidden()
    page.get_by_label("A place where we meet").check()
    expect(venue).to_be_visible()
    expect(group).to_be_hidden()
    page.get_by_label("A particular meeting").check()
    expect(group).to_be_visible()
    expect(page.get_by_label("The date of the meeting")).to_be_visible()
    expect(venue).to_be_hidden()
    way = page.get_by_label("Your email or phone number")
    expect(way).to_be_hidden()
    page.get_by_label("Yes, you may contact me").check()
    expect(way).to_be_visible()
    page.get_by_label("No, keep me anonymous").check()
    expect(way).to_be_hidden()

    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        no_js = plain.new_page()
        no_js.goto("/complaints/new/?org=riverside")
        for label in (
            "Which group?",
            "The date of the meeting",
            "Which person?",
            "Which place?",
            "Your email or phone number",
        ):
            expect(no_js.get_by_label(label)).to_be_visible()
        expect(
            no_js.get_by_text("Only needed if it is about a place where we meet.")
        ).to_be_visible()
        no_js.get_by_label("A place where we meet").check()
        no_js.get_by_label("Which place?").select_option(label="Library meeting room")
        no_js.get_by_label("What happened?").fill("The lift was out of order again.")
        no_js.get_by_role("button", name="Send my concern").click()
        expect(no_js.locator("#receipt-code")).to_be_visible()
        expect(no_js.get_by_role("button", name="Print this page")).to_be_hidden()
    finally:
        plain.close()
    assert Complaint.objects.get().venue is not None


def test_a_double_press_sends_the_concern_once(page: Page, setting: Organization) -> None:
    page.goto("/complaints/new/?org=riverside")
    page.get_by_label("The organisation as a whole").check()
    page.get_by_label("What happened?").fill("Pressed twice on a slow phone.")
    page.get_by_role("button", name="Send my concern").dblclick()
    expect(page.locator("#receipt-code")).to_be_visible()
    assert Complaint.objects.count() == 1
