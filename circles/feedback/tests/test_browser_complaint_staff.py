"""Looking after a concern in a real browser: the list and a concern's page have no
serious accessibility problems at desktop and 360 px, and a supervisor can reply
and mark it resolved with the keyboard alone."""

import datetime
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from circles.feedback.actions import reply, submit_complaint
from circles.feedback.complaints import today_for
from circles.feedback.models import Complaint, ComplaintMessage
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import make_group

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


@pytest.fixture
def concerns(riverside: Any, admin: Any, supervisor: Any, specialist: Any) -> list[Complaint]:
    group = make_group(riverside, facilitators=[specialist], name="Wednesday wellbeing circle")
    late = submit_complaint(
        riverside,
        about="group",
        group=group,
        text="People kept talking over each other and nobody stepped in.\nI left early.",
        hoped_for="Ground rules read out at the start.",
        contact_name="Riley",
        contact_way="riley.long.address.for.wrapping@example.com",
    ).complaint
    Complaint.objects.filter(pk=late.pk).update(
        received_on=today_for(riverside) - datetime.timedelta(days=17)
    )
    other = submit_complaint(
        riverside, about="person", about_person=specialist, text="Jordan forgot my name."
    ).complaint
    reply(other, admin, "Thank you for telling us. We are looking into it.")
    reply(other, admin, "Talked with Jordan on Monday.", internal=True)
    return [late, other]


@pytest.mark.parametrize("screen", SCREENS)
def test_list_and_concern_pages_are_accessible(
    page: Page, concerns: list[Complaint], supervisor: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, supervisor)
    page.goto("/o/riverside/complaints/")
    expect(page.get_by_text("No reply yet after 17 days")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"complaint-list-{screen}")

    for complaint in concerns:
        page.goto(f"/o/riverside/complaints/{complaint.pk}/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("A concern received on")
        assert_no_serious_axe_violations(page)
        assert_no_sideways_scroll(page)
        save_screenshot(page, f"complaint-detail-{complaint.pk}-{screen}")

    # A refused reply says why by the field, and the page stays accessible.
    page.get_by_label("Your reply to them").fill("   ")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_text("Please write something before sending.")).to_be_visible()
    expect(page.get_by_label("Your reply to them")).to_have_attribute("aria-invalid", "true")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)


def tab_to(page: Page, target: Locator, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    pytest.fail("Tab never reached it")


def test_reply_and_resolve_with_the_keyboard_alone(
    page: Page, concerns: list[Complaint], supervisor: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, supervisor)
    page.goto("/o/riverside/complaints/")
    link = page.get_by_role("link", name="The group Wednesday wellbeing circle")
    tab_to(page, link)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/complaints/{concerns[0].pk}/")

    tab_to(page, page.get_by_label("Your reply to them"))
    page.keyboard.type("Thank you for telling us. We will talk with the facilitators.")
    tab_to(page, page.get_by_role("button", name="Send reply"), limit=3)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your reply is saved.")).to_be_visible()
    expect(page.get_by_text("No reply yet")).to_have_count(0)

    status = page.get_by_label("It is now")
    tab_to(page, status)
    page.keyboard.press("ArrowDown")
    expect(status).to_have_value("resolved")
    tab_to(page, page.get_by_role("button", name="Save", exact=True), limit=3)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Saved: it is now “Resolved”.")).to_be_visible()

    complaint = Complaint.objects.get(pk=concerns[0].pk)
    assert complaint.status == Complaint.Status.RESOLVED
    assert complaint.first_reply_on is not None
    message = ComplaintMessage.objects.get(complaint=complaint)
    assert message.text.startswith("Thank you for telling us.") and not message.is_internal
