"""Browser tests: Debian's Chromium driven by Playwright against the live server.

Mark a browser test with ``@pytest.mark.browser`` and
``@pytest.mark.xdist_group("browser")`` (the marker alone also puts it in the
group) so that under pytest-xdist a single worker launches Chromium once.

Playwright's own browser download is not used: the tests drive the Chromium
that Debian packages at /usr/bin/chromium. Where it is missing the tests are
skipped, and the run says so at the end, except under CI, where they fail.
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, sync_playwright

from circles.accounts.models import User
from circles.testing.fixtures import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # CI containers often have a tiny /dev/shm; Chromium then crashes mid-test.
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path("/tmp/circles-shots")  # noqa: S108 - for a human to look at, never committed

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}

NO_CHROMIUM = (
    f"BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM}. "
    "Install Debian's chromium package (apt-get install chromium) to run them."
)
SERIOUS = {"serious", "critical"}


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Runs before xdist reads the groups, so a test marked only "browser" still
    # lands on the one worker that owns Chromium.
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group("browser"))


def pytest_terminal_summary(terminalreporter: Any) -> None:
    # Skips happen on xdist workers; their reports reach the controller here.
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if NO_CHROMIUM in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        terminalreporter.write_sep("!", "browser tests skipped", yellow=True, bold=True)
        terminalreporter.write_line(f"{len(skipped)} browser tests were skipped. {NO_CHROMIUM}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        if _in_ci():
            pytest.fail(f"{NO_CHROMIUM} CI=true, so this is a failure, not a skip.")
        pytest.skip(NO_CHROMIUM)
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    """A fresh page in its own browser context (no shared cookies), desktop-sized."""
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def sign_in(page: Page, user: User, password: str = PASSWORD) -> None:
    """Sign in through the real sign-in form, as a person would."""
    page.goto("/accounts/login/")
    form = page.locator("main form")
    form.get_by_label("Email").fill(user.email)
    form.get_by_label("Password").fill(password)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert "/accounts/login/" not in page.url, f"sign-in as {user.email} did not go through"


def assert_no_serious_axe_violations(page: Page) -> None:
    """Run axe-core on the page; fail listing every serious or critical violation."""
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
    if not serious:
        return
    lines = [f"axe found {len(serious)} serious or critical problems on {page.url}:"]
    for violation in serious:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node['html'][:200]}")
    pytest.fail("\n".join(lines), pytrace=False)


def assert_no_sideways_scroll(page: Page) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        too_wide = page.evaluate(
            """(width) => [...document.querySelectorAll('body *')]
                .filter(el => el.getBoundingClientRect().right > width)
                .slice(0, 10)
                .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))""",
            width,
        )
        pytest.fail(
            f"{page.url} scrolls sideways at {width} px (content is {scroll_width} px wide); "
            f"too wide: {', '.join(too_wide)}",
            pytrace=False,
        )


def save_screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
