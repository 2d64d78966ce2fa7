"""One-to-one support in a real browser at 360 px: the public request form, the
proposal page and the note form have no serious accessibility problems, keep
what was typed after a mistake, and work with the keyboard alone."""

import pytest
from playwright.sync_api import Page, expect

from circles.accounts.models import Organization, User
from circles.peerwork.models import ContactNote, Person
from circles.peerwork.tests.access_table import make_supported
from circles.peerwork.tests.conftest import profile
from circles.testing.browser import (
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


def tab_to(page: Page, selector: str, limit: int = 120) -> None:
    """Press Tab until the focused element matches, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            return
    pytest.fail(f"Tab never reached {selector} on {page.url}")


def check_page(page: Page, name: str) -> None:
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, name)


def test_public_request_form_by_keyboard(page: Page, riverside: Organization) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto("/organisations/riverside/")
    check_page(page, "peer-org-public-phone")
    page.goto("/organisations/riverside/ask/")
    check_page(page, "peer-ask-public-phone")

    # A mistake first: no way to reach them. What was typed stays.
    tab_to(page, "#id_name")
    page.keyboard.type("Mai")
    tab_to(page, "#id_wants")
    page.keyboard.type("I feel alone since the baby came.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("at least one way to reach you")
    expect(page.locator("#id_name")).to_have_value("Mai")
    expect(page.locator("#id_wants")).to_have_value("I feel alone since the baby came.")
    check_page(page, "peer-ask-public-errors-phone")

    tab_to(page, "#id_phone")
    page.keyboard.type("(555) 010-3344")
    tab_to(page, "input[name=languages][value=hmn]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your request has arrived")
    check_page(page, "peer-ask-sent-phone")
    person = Person.objects.get()
    assert person.name == "Mai" and person.preferences["languages"] == ["hmn"]


def test_proposal_page_by_keyboard(
    page: Page, riverside: Organization, supervisor: User, specialist: User, colleague: User
) -> None:
    profile(riverside, colleague, languages=["hmn", "en"], days=["tue"], parts=["evening"])
    profile(riverside, specialist, languages=["en"])
    from circles.peerwork.actions import submit_request

    mai = submit_request(
        riverside,
        source=Person.Source.PUBLIC,
        name="Mai",
        phone="1",
        preferences={"languages": ["hmn"], "days": ["tue"]},
    )
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, supervisor)
    page.goto("/o/riverside/peer-support/requests/")
    check_page(page, "peer-requests-phone")
    page.goto(f"/o/riverside/peer-support/people/{mai.pk}/proposals/")
    expect(page.get_by_text("speaks Hmong; available Tuesday")).to_be_visible()
    check_page(page, "peer-proposals-phone")
    tab_to(page, f"input[name=specialist][value='{colleague.pk}']")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Requests")
    mai.refresh_from_db()
    assert mai.specialist_id == colleague.pk


def test_note_form_by_keyboard(
    page: Page, riverside: Organization, specialist: User, participant: User
) -> None:
    casey = make_supported(riverside, specialist, participant)
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/peer-support/people/{casey.pk}/")
    check_page(page, "peer-person-phone")
    page.goto(f"/o/riverside/peer-support/people/{casey.pk}/notes/new/")
    check_page(page, "peer-note-form-phone")

    tab_to(page, "#id_minutes")
    page.keyboard.type("lots")
    tab_to(page, "#id_what_we_did")
    page.keyboard.type("We read the letter together.")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_what_we_did")).to_have_value("We read the letter together.")
    check_page(page, "peer-note-form-errors-phone")

    page.locator("#id_minutes").fill("")
    tab_to(page, "#id_minutes")
    page.keyboard.type("45")
    # Tab reaches a group of radio buttons once; the arrow keys choose within it.
    tab_to(page, "input[name=mode][value=in_person]")
    page.keyboard.press("ArrowDown")
    tab_to(page, "input[name=support_types][value=emotional]")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The note is saved.")).to_be_visible()
    note = ContactNote.objects.get()
    assert note.minutes == 45 and note.what_we_did == "We read the letter together."
    assert isinstance(participant, User) and isinstance(riverside, Organization)
