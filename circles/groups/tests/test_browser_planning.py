"""Planning a group in a real browser: no serious accessibility problems on the
form and the group's page, usable at 360 px, and a group can be made with the
keyboard alone."""

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.groups.models import Format, SupportGroup
from circles.testing.browser import (
    DESKTOP,
    PHONE,
    assert_no_serious_axe_violations,
    assert_no_sideways_scroll,
    save_screenshot,
    sign_in,
)
from circles.testing.fixtures import join_group, make_group, make_venue

pytestmark = [
    pytest.mark.browser,
    pytest.mark.xdist_group("browser"),
    pytest.mark.django_db(transaction=True),
]

SCREENS = {"desktop": DESKTOP, "phone": PHONE}


def check_page(page: Page, name: str, screen: str) -> None:
    expect(page.locator("h1")).to_be_visible()
    save_screenshot(page, f"{name}-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_group_form(page: Page, specialist: Any, riverside: Any, screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    make_venue(riverside)
    sign_in(page, specialist)
    page.goto("/o/riverside/groups/new/")
    check_page(page, "group-form", screen)

    # With mistakes: the messages sit next to their fields and stay accessible.
    page.get_by_label("How many people can take part?").fill("0")
    page.locator("#save-group").click()
    page.wait_for_load_state()
    expect(page.locator("#id_capacity_error")).to_contain_text("at least one person")
    check_page(page, "group-form-mistakes", screen)


def test_preview_updates_as_the_schedule_changes(
    page: Page, specialist: Any, riverside: Any
) -> None:
    sign_in(page, specialist)
    page.goto("/o/riverside/groups/new/")
    page.get_by_label("Start time").fill("18:00")
    page.get_by_label("First meeting on or after").fill("2099-12-01")
    page.get_by_label("Every two weeks").check()
    expect(page.locator("#schedule-preview")).to_contain_text(
        "Every second Tuesday, 6 p.m.\N{EN DASH}7 p.m.; next: 1 December, 15 December, 29 December"
    )
    assert not SupportGroup.objects.exists()


@pytest.mark.parametrize("screen", SCREENS)
def test_group_page(
    page: Page, specialist: Any, participant: Any, riverside: Any, screen: str
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    venue = make_venue(riverside, name="Library room", capacity=6, hearing_loop=False)
    group = make_group(
        riverside,
        facilitators=[specialist],
        venue=venue,
        format=Format.HYBRID,
        online_url="https://meet.example.org/a-very-long-meeting-room-name-that-could-overflow",
        starts_on=datetime.date(2026, 1, 6),
    )
    # A Tuesday some weeks ahead: the group meets on Tuesdays.
    ahead = datetime.date.today() + datetime.timedelta(days=56)
    ahead += datetime.timedelta(days=(1 - ahead.weekday()) % 7)
    group.exceptions.create(organization=riverside, date=ahead, reason="Public holiday")
    participant.access_needs = ["hearing_loop"]
    participant.save()
    join_group(group, participant)
    sign_in(page, specialist)
    page.goto(f"/o/riverside/groups/{group.pk}/")
    expect(page.get_by_text("Hearing loop: 1 member needs this")).to_be_visible()
    check_page(page, "group-detail", screen)

    page.get_by_role("link", name="Cancel a date").click()
    page.wait_for_url(re.compile(r"/dates/$"))
    check_page(page, "group-dates", screen)


def focused(page: Page) -> str:
    return str(page.evaluate("document.activeElement && document.activeElement.id"))


def tab_to(page: Page, element_id: str, most: int) -> None:
    for _press in range(most):
        page.keyboard.press("Tab")
        if focused(page) == element_id:
            return
    pytest.fail(f"{most} presses of Tab did not reach #{element_id}", pytrace=False)


def test_create_a_group_with_the_keyboard_alone(
    page: Page, specialist: Any, riverside: Any
) -> None:
    sign_in(page, specialist)
    page.goto("/o/riverside/groups/")

    # From the list to the form, Tab and Enter only.
    for _press in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Plan a new group":
            break
    else:
        pytest.fail("Tab did not reach the 'Plan a new group' link", pytrace=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/groups/new/$"))

    tab_to(page, "id_name", most=40)
    page.keyboard.type("Keyboard circle")
    tab_to(page, "id_purpose", most=5)
    page.keyboard.type("A friendly hour for anyone who would like company.")
    # A Space ticks a box, as a keyboard user would.
    tab_to(page, "id_support_types_0", most=20)
    page.keyboard.press("Space")
    tab_to(page, "id_start_time", most=80)
    page.keyboard.type("0600P")
    tab_to(page, "save-group", most=120)
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/o/riverside/groups/\d+/$"))
    expect(page.locator("h1")).to_have_text("Keyboard circle")
    group = SupportGroup.objects.get(name="Keyboard circle")
    assert group.start_time == datetime.time(18, 0)
    assert group.support_types == ["emotional"]
    assert list(group.facilitators.all()) == [specialist]
