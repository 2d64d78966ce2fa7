"""The GROW flow and the circles editor in a real browser at 360 px: axe, keyboard, no JS."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from circles.plans.models import Goal, Helper, Option, Plan
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


@pytest.fixture
def phone_without_js(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A phone-sized page with JavaScript turned off: everything must still work."""
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,  # type: ignore[arg-type]
        java_script_enabled=False,
    )
    context.set_default_timeout(30_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def check(page: Page, name: str) -> None:
    """At 360 px nothing scrolls sideways. (axe needs scripts: see the test at the end.)"""
    save_screenshot(page, f"plans-{name}")
    assert_no_sideways_scroll(page)


def test_grow_flow_by_keyboard_without_javascript(
    phone_without_js: Page, browser: Browser, participant: Any
) -> None:
    page = phone_without_js
    sign_in(page, participant)
    page.goto("/o/riverside/plan/")
    check(page, "plan-empty")

    # Start a goal with the keyboard only: type its name and press Enter.
    page.get_by_label("What would you like to call this goal?").focus()
    page.keyboard.type("Back to work")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="What is the issue you are facing")).to_be_visible()
    check(page, "grow-text")
    page.keyboard.press("Tab")  # the answer box follows the question
    page.get_by_label("What is the issue you are facing right now? Say it briefly.").fill(
        "Out of work a year"
    )
    page.get_by_role("button", name="Save and go on").click()
    expect(
        page.get_by_role("heading", name="What would you like to come out of it?")
    ).to_be_visible()

    # Skip a question: it is a link, reached and followed with the keyboard.
    skip = page.get_by_role("link", name="Skip this question")
    skip.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="By when would you like to get there?")).to_be_visible()
    check(page, "grow-date")

    goal = Goal.objects.get()
    assert goal.answers == {"issue": "Out of work a year"}

    # Options: the idea storm, grading, and the ranked list.
    page.goto(f"/o/riverside/plan/goals/{goal.pk}/grow/ideas/")
    page.get_by_label("In what ways could you go about it?").fill("Volunteer\nJob club")
    page.get_by_role("button", name="Add these ideas").click()
    expect(page.locator(".grow-ideas")).to_contain_text("Job club")
    check(page, "grow-ideas")
    page.goto(f"/o/riverside/plan/goals/{goal.pk}/grow/grade/")
    check(page, "grow-grade")
    job_club = next(o for o in Option.objects.all() if o.text == "Job club")
    page.locator(f"#id_appeal_{job_club.pk}").select_option("8")
    page.locator(f"#id_helps_{job_club.pk}").select_option("9")
    page.get_by_role("button", name="Save and go on").click()
    check(page, "grow-choose")
    first = page.locator("fieldset .field-check").first
    expect(first).to_contain_text("Job club")
    first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Save and go on").click()
    assert list(Option.objects.filter(chosen=True).values_list("text", flat=True)) == ["Job club"]

    # Will: a commitment of 7 asks what stops it being a 10.
    page.goto(f"/o/riverside/plan/goals/{goal.pk}/grow/commitment/")
    check(page, "grow-commitment")
    page.get_by_label("7", exact=True).check()
    page.get_by_role("button", name="Save and go on").click()
    expect(page.get_by_role("heading", name="What stops it being a 10?")).to_be_visible()
    page.get_by_label("What stops it being a 10?").fill("Fear of being turned down")
    page.get_by_role("button", name="Save and stop for now").click()
    expect(page.get_by_role("heading", name="Back to work")).to_be_visible()
    check(page, "goal")
    goal.refresh_from_db()
    assert goal.commitment == 7 and goal.answers["not_ten"] == "Fear of being turned down"


def test_circles_editor_by_keyboard_without_javascript(
    phone_without_js: Page, participant: Any
) -> None:
    page = phone_without_js
    sign_in(page, participant)
    page.goto("/o/riverside/plan/helpers/")
    check(page, "circles-empty")

    page.get_by_label("Who or where").focus()
    page.keyboard.type("Dana")
    page.keyboard.press("Tab")
    page.keyboard.type("My sister")
    page.get_by_label("Closest to me").check()
    page.get_by_label("Empathy").check()
    page.get_by_role("button", name="Add to my circles").click()
    expect(page.locator(".circles-map")).to_contain_text("Dana")
    expect(page.locator(".circles-list").first).to_contain_text("My sister")

    page.get_by_label("Who or where").fill("The library")
    page.get_by_role("button", name="Add to my circles").click()
    check(page, "circles-two")

    # Move Dana out with the keyboard: focus the button and press Enter.
    page.get_by_role("button", name=re.compile(r"Move further out\W+Dana")).focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_role("button", name=re.compile(r"Move closer\W+Dana"))).to_be_visible()
    assert [h.ring for h in Helper.objects.all() if h.name == "Dana"] == [Helper.Ring.MIDDLE]
    check(page, "circles-moved")


def test_every_plan_page_passes_axe_at_360_px(page: Page, participant: Any) -> None:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    plan = Plan.objects.create(
        organization=participant.memberships.get().organization, owner=participant
    )
    goal = Goal.objects.create(
        organization=plan.organization, plan=plan, title="Back to work", commitment=6
    )
    goal.set_answer("issue", "Out of work a year")
    goal.save()
    Option.objects.create(organization=plan.organization, goal=goal, text="Volunteer", appeal=7)
    Option.objects.create(organization=plan.organization, goal=goal, text="Job club")
    dana = Helper.objects.create(
        organization=plan.organization, plan=plan, name="Dana", ring=1, empathy=True
    )
    Helper.objects.create(
        organization=plan.organization, plan=plan, name="The public library", ring=3
    )
    sign_in(page, participant)
    steps = [
        "name",
        "issue",
        "by_when",
        "ideas",
        "grade",
        "choose",
        "dates",
        "commitment",
        "not_ten",
        "actions",
    ]
    addresses = [f"/o/riverside/plan/goals/{goal.pk}/grow/{key}/" for key in steps] + [
        "/o/riverside/plan/",
        f"/o/riverside/plan/goals/{goal.pk}/",
        f"/o/riverside/plan/goals/{goal.pk}/review/",
        "/o/riverside/plan/helpers/",
        f"/o/riverside/plan/helpers/{dana.pk}/",
        "/o/riverside/plan/wellness/",
        "/o/riverside/plan/sharing/",
    ]
    for address in addresses:
        page.goto(address)
        assert_no_serious_axe_violations(page)
        assert_no_sideways_scroll(page)
