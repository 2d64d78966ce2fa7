"""The resource search and a resource's page in a real browser: no serious accessibility
problems, usable at 360 px, filters update the list, and a resource is reached and
reported out of date with the keyboard alone."""

import datetime
import re
import uuid
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.accounts.models import Organization
from circles.directory.linking.models import OutOfDateReport, Referral
from circles.directory.models import Language, Phone, Schedule, Service
from circles.directory.tests.factories import make_place, make_provider, make_service, publish
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


@pytest.fixture
def directory(riverside: Organization) -> dict[str, Service]:
    publish(riverside)
    provider = make_provider(riverside, name="Eastside Community Food Bank")
    pantry = make_service(
        riverside,
        provider,
        name="Weekly grocery pantry",
        description="A week of groceries for anyone who needs them. No questions asked.",
        fees_description="Free",
        eligibility_description="Anyone living in the county.",
    )
    Phone.objects.create(owner=riverside, hsds_id=uuid.uuid4(), service=pantry, number="555 0100")
    make_place(pantry)
    Schedule.objects.create(
        owner=riverside,
        hsds_id=uuid.uuid4(),
        service=pantry,
        freq="WEEKLY",
        byday="TU,TH",
        opens_at=datetime.time(10),
        closes_at=datetime.time(14),
    )
    legal = make_service(
        riverside,
        make_provider(riverside, name="Capitol City Legal Aid"),
        name="Tenant rights clinic",
        description="Free advice when you are facing eviction.",
    )
    Language.objects.create(
        owner=riverside, hsds_id=uuid.uuid4(), service=legal, name="Spanish", code="es"
    )
    return {"pantry": pantry, "legal": legal}


def check_page(page: Page, name: str, screen: str) -> None:
    expect(page.locator("h1")).to_be_visible()
    save_screenshot(page, f"{name}-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_search_page(page: Page, directory: dict[str, Service], screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto("/resources/?q=groceries")
    expect(page.locator("#result-count")).to_contain_text("1 resource found")
    check_page(page, "resources", screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_resource_page(page: Page, directory: dict[str, Service], screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto(f"/resources/{directory['pantry'].pk}/")
    expect(page.locator("h1")).to_have_text("Weekly grocery pantry")
    expect(page.get_by_text("Tuesday and Thursday")).to_be_visible()
    expect(page.get_by_role("button", name="Print this page")).to_be_visible()
    check_page(page, "resource", screen)
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="Print this page")).to_be_hidden()
    expect(page.get_by_text("From the community resource directory")).to_be_visible()


def test_the_list_updates_as_filters_change(page: Page, directory: dict[str, Service]) -> None:
    page.goto("/resources/")
    expect(page.locator("#result-count")).to_contain_text("2 resources found")
    page.locator("#id_language").select_option("Spanish")
    expect(page.locator("#result-count")).to_contain_text("1 resource found")
    expect(page.locator(".resource-result h2")).to_have_text(["Tenant rights clinic"])
    expect(page).to_have_url(re.compile(r"language=Spanish"))


def test_reach_a_resource_and_report_it_with_the_keyboard(
    page: Page, directory: dict[str, Service]
) -> None:
    page.goto("/resources/")
    for _press in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_q":
            break
    else:
        pytest.fail("Tab did not reach the search box", pytrace=False)
    page.keyboard.type("eviction")
    page.keyboard.press("Enter")
    expect(page.locator("#result-count")).to_contain_text("1 resource found")
    for _press in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Tenant rights clinic":
            break
    else:
        pytest.fail("Tab did not reach the resource's link", pytrace=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/resources/\d+/$"))
    for _press in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.tagName") == "SUMMARY":
            break
    else:
        pytest.fail("Tab did not reach 'Tell us this is out of date'", pytrace=False)
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("They have moved to Main Street.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("The people who keep this directory will check it.")).to_be_visible()
    assert OutOfDateReport.objects.get().what == "They have moved to Main Street."


@pytest.mark.parametrize("screen", SCREENS)
def test_referral_pages(
    page: Page,
    directory: dict[str, Service],
    specialist: Any,
    participant: Any,
    screen: str,
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/resources/{directory['pantry'].pk}/")
    page.get_by_role("link", name=re.compile("Refer someone to it")).click()
    page.get_by_label("Who is it for?").select_option(label="Casey")
    check_page(page, "referral-new", screen)
    page.get_by_role("button", name="Record the referral as sent").click()
    expect(page.get_by_text("The referral is recorded as sent.")).to_be_visible()
    check_page(page, "referral-staff", screen)
    referral = Referral.objects.get()
    page.context.clear_cookies()
    sign_in(page, participant)
    page.goto(f"/o/riverside/directory/referrals/{referral.pk}/")
    expect(page.get_by_role("button", name="Please come with me")).to_be_visible()
    check_page(page, "referral-person", screen)
