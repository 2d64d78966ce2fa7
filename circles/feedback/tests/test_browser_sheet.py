"""The end-of-session sheet in a real browser: no serious accessibility problems at
desktop and 360 px, no sideways scroll, answered with the keyboard alone; and the
link page for the people running the meeting."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from circles.feedback.models import FeedbackResponse
from circles.meetings.agenda import agenda_for
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import join_group, make_group, make_meeting

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}
QR_NAME = "QR code that opens the feedback sheet"


@pytest.fixture
def meeting(riverside: Any, specialist: Any, participant: Any) -> Any:
    group = make_group(riverside, facilitators=[specialist])
    join_group(group, participant)
    return make_meeting(group, when=timezone.now() - datetime.timedelta(hours=1))


@pytest.mark.parametrize("screen", SCREENS)
def test_the_sheet_is_accessible_asking_and_thanking(page: Page, meeting: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto("/feedback/")
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)

    page.goto(f"/feedback/{meeting.feedback_token}/")
    expect(page.get_by_role("heading", name="How was the meeting?")).to_be_visible()
    expect(page.get_by_role("group")).to_have_count(4)
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    # Every 0-10 choice is a comfortable target.
    sizes = page.eval_on_selector_all(
        ".fb-choice label", "els => els.map(e => [e.offsetWidth, e.offsetHeight])"
    )
    assert len(sizes) == 44
    assert min(w for w, _h in sizes) >= 44 and min(h for _w, h in sizes) >= 44
    save_screenshot(page, f"feedback-sheet-{screen}")

    # Send with one answer missing: the problem shows by that question.
    for number, value in ((1, 6), (2, 7), (3, 8)):
        page.locator(f"#score_{number}-{value}").click()
    page.get_by_label("What helped?").fill("Being listened to")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator("#score_4-problem")).to_be_visible()
    expect(page.get_by_label("What helped?")).to_have_value("Being listened to")
    expect(page.locator("#score_2-7")).to_be_checked()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)

    page.locator("#score_4-10").click()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"feedback-thanks-{screen}")
    assert FeedbackResponse.objects.get().scores == [6, 7, 8, 10]


def test_the_sheet_can_be_answered_with_the_keyboard_alone(page: Page, meeting: Any) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto(f"/feedback/{meeting.feedback_token}/")
    # Tab to the first question's choices (skip link, crisis lines and header come first).
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "score_1":
            break
    assert page.evaluate("document.activeElement.id") == "score_1-0"
    # A visible focus ring on the chosen tile.
    outline = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=score_1-0]')).outlineStyle"
    )
    assert outline == "solid"
    # Question 1: Space picks 0, then arrows move the choice to 3.
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    # Questions 2 to 4: Tab into the group, arrows to choose.
    for presses in (5, 9, 10):
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        for _ in range(presses):
            page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.type("The welcome")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent").strip() == "Send my answers"
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    answer = FeedbackResponse.objects.get()
    assert answer.scores == [3, 5, 9, 10]
    assert answer.helped == "The welcome"

    # The same device cannot answer twice.
    page.goto(f"/feedback/{meeting.feedback_token}/")
    expect(page.get_by_role("heading", name="Your answers are already in")).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_the_link_page_is_accessible(
    page: Page, meeting: Any, specialist: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/feedback/")
    expect(page.get_by_role("img", name=QR_NAME)).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"feedback-link-{screen}")
    if screen == "desktop":
        # Paper is about as wide as a desktop window; the header and counts stay off it.
        page.emulate_media(media="print")
        expect(page.locator(".site-header")).to_be_hidden()
        expect(page.get_by_text("answers so far")).to_be_hidden()
        expect(page.get_by_role("img", name=QR_NAME)).to_be_visible()
        assert_no_sideways_scroll(page)
        save_screenshot(page, "feedback-link-print")


def test_the_run_of_show_closing_item_shows_the_code_at_360_px(
    page: Page, meeting: Any, specialist: Any
) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, specialist)
    url = f"/o/riverside/meetings/{meeting.pk}/run/"
    page.goto(url)
    closing = [item.key for item in agenda_for(meeting)].index("closing")
    page.goto(f"{url}?item={closing}")
    code = meeting.feedback_token
    expect(page.get_by_text(f"{code[:5]} {code[5:]}")).to_be_visible()
    expect(page.get_by_role("img", name=QR_NAME)).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, "feedback-runshow-closing-phone")
    # On the other items the box stays out of the way.
    page.goto(f"{url}?item=0")
    expect(page.get_by_role("img", name=QR_NAME)).to_be_hidden()


def test_the_printed_agenda_ends_with_the_code(page: Page, meeting: Any, participant: Any) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    sign_in(page, participant)
    page.goto(f"/o/riverside/meetings/{meeting.pk}/agenda/print/")
    code = meeting.feedback_token
    expect(page.get_by_text(f"{code[:5]} {code[5:]}")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    page.emulate_media(media="print")
    expect(page.get_by_role("img", name=QR_NAME)).to_be_visible()
    save_screenshot(page, "feedback-agenda-print")
