"""Polls in a real browser: the answer page and the results screen have no serious
accessibility problems at desktop and 360 px, and a poll can be answered with the
keyboard alone."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.meetings.models import Poll, PollAnswer
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


@pytest.fixture
def poll(riverside: Any, specialist: Any, participant: Any) -> Poll:
    group = make_group(riverside, facilitators=[specialist])
    join_group(group, participant)
    meeting = make_meeting(group)
    poll = Poll.objects.create(
        organization=riverside,
        meeting=meeting,
        question="What stage are you at in creating peer-to-peer support opportunities?",
        options=[
            "Haven't thought about it",
            "Have given it some thought",
            "Planning to implement",
            "Beginning to implement",
            "Partially implemented",
            "Fully implemented",
        ],
        created_by=specialist,
    )
    PollAnswer.objects.bulk_create(PollAnswer(poll=poll, option=o) for o in (0, 2, 2, 5))
    return poll


@pytest.mark.parametrize("screen", SCREENS)
def test_answer_page_is_accessible(page: Page, poll: Poll, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto("/p/")
    assert_no_serious_axe_violations(page)
    page.goto(f"/p/{poll.code}/")
    expect(page.get_by_role("radio", name="Planning to implement")).to_be_visible()
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"poll-answer-{screen}")


@pytest.mark.parametrize("screen", SCREENS)
def test_results_page_is_accessible(page: Page, poll: Poll, specialist: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    sign_in(page, specialist)
    page.goto(f"/o/riverside/polls/{poll.pk}/")
    expect(page.get_by_role("table")).to_contain_text("4 answers so far")
    expect(page.locator(".poll-code [aria-hidden]")).to_have_text(poll.code)
    assert_no_serious_axe_violations(page)
    assert_no_sideways_scroll(page)
    save_screenshot(page, f"poll-results-{screen}")

    # A new answer shows up on the screen without a reload (HTMX polling).
    PollAnswer.objects.create(poll=poll, option=1)
    expect(page.get_by_role("table")).to_contain_text("5 answers so far", timeout=6000)


def test_answering_with_the_keyboard_alone(page: Page, poll: Poll) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    page.goto("/p/")
    page.get_by_label("Code").focus()
    page.keyboard.type(poll.code.lower())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/p/{poll.code}/")

    first = page.get_by_role("radio").first
    for _ in range(30):
        page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first answer")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.get_by_role("radio", name="Planning to implement")).to_be_checked()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you, your answer is counted")
    assert PollAnswer.objects.filter(poll=poll, option=2).count() == 3
