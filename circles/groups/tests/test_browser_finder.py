"""The group finder and a public group page in a real browser: no serious
accessibility problems, usable at 360 px, and a topic can be chosen and a
group reached with the keyboard alone."""

import datetime
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from circles.groups.models import Format
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


@pytest.fixture
def a_few_groups(riverside: Any, lakeshore: Any) -> dict[str, Any]:
    riverside.contact_phone = "555-0100"
    riverside.contact_email = "hello@riverside.example"
    riverside.save()
    hall = make_venue(riverside, name="Step-free hall", step_free=True, accessible_toilets=True)
    return {
        "grief": make_group(
            riverside,
            name="Grief circle",
            topics=["Grief"],
            weekday=0,
            start_time=datetime.time(10, 0),
            venue=hall,
            is_open=False,
        ),
        "online": make_group(
            riverside,
            name="Evening online",
            topics=["Mental health"],
            format=Format.ONLINE,
            online_url="https://meet.example.org/secret",
        ),
        "lake": make_group(
            lakeshore,
            name="Lakeside recovery",
            topics=["Diabetes"],
            venue=make_venue(lakeshore, name="Lake house"),
            format=Format.HYBRID,
        ),
    }


def check_page(page: Page, name: str, screen: str) -> None:
    expect(page.locator("h1")).to_be_visible()
    save_screenshot(page, f"{name}-{screen}")
    assert_no_serious_axe_violations(page)
    if screen == "phone":
        assert_no_sideways_scroll(page)


@pytest.mark.parametrize("screen", SCREENS)
def test_finder(page: Page, a_few_groups: dict[str, Any], screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto("/groups/")
    expect(page.locator("#result-count")).to_contain_text("3 groups found")
    check_page(page, "finder", screen)


@pytest.mark.parametrize("screen", SCREENS)
def test_public_group_page(page: Page, a_few_groups: dict[str, Any], screen: str) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    page.goto(f"/groups/{a_few_groups['grief'].pk}/")
    expect(page.locator("h1")).to_have_text("Grief circle")
    check_page(page, "public-group", screen)


def test_the_list_updates_as_filters_change(page: Page, a_few_groups: dict[str, Any]) -> None:
    page.goto("/groups/")
    page.get_by_label("How it meets").select_option("online")
    expect(page.locator("#result-count")).to_contain_text("1 group found")
    expect(page.locator(".group-result h2")).to_have_text(["Evening online"])
    # The address follows, so the list can be shared or come back to.
    expect(page).to_have_url(re.compile(r"format=online"))
    page.get_by_label("Search").fill("lakeshore")
    page.get_by_label("How it meets").select_option("")
    expect(page.locator(".group-result h2")).to_have_text(["Lakeside recovery"])


def test_filter_by_topic_and_reach_a_group_with_the_keyboard(
    page: Page, a_few_groups: dict[str, Any]
) -> None:
    page.goto("/groups/")
    for _press in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_topic":
            break
    else:
        pytest.fail("Tab did not reach the topic list", pytrace=False)
    page.keyboard.type("Grief")
    expect(page.locator("#result-count")).to_contain_text("1 group found")
    for _press in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == "Grief circle":
            break
    else:
        pytest.fail("Tab did not reach the group's link", pytrace=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/groups/\d+/$"))
    expect(page.locator("h1")).to_have_text("Grief circle")
    expect(page.get_by_text("Closed group: ask to join.")).to_be_visible()


@pytest.mark.parametrize("screen", SCREENS)
def test_members_page_and_participant_home(
    page: Page,
    a_few_groups: dict[str, Any],
    specialist: Any,
    participant: Any,
    participant2: Any,
    screen: str,
) -> None:
    page.set_viewport_size(SCREENS[screen])  # type: ignore[arg-type]
    grief = a_few_groups["grief"]
    grief.facilitators.set([specialist])
    join_group(grief, participant2, status="requested")
    join_group(a_few_groups["online"], participant)
    sign_in(page, specialist)
    page.goto(f"/o/riverside/groups/{grief.pk}/members/")
    expect(page.get_by_label("Or reply with a kind note")).to_contain_text("not about you")
    check_page(page, "group-members", screen)

    page.context.clear_cookies()
    sign_in(page, participant)
    page.goto("/o/riverside/")
    expect(page.get_by_role("link", name="Evening online")).to_be_visible()
    check_page(page, "home-participant-groups", screen)
