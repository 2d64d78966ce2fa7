"""The headers and cookies that keep a browser from leaking or framing Circles pages."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import User
from circles.testing.fixtures import PASSWORD, client_for

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2]

# What settings.py gives outside DEBUG (test_deploy_check.py checks it there).
PRODUCTION = {
    "SECURE_HSTS_SECONDS": 63072000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
}


def csp_directives(header: str) -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_content_security_policy_allows_only_our_own_scripts() -> None:
    response = Client().get("/")
    assert response.status_code == 200
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["default-src"] == ["'self'"]


def test_pages_cannot_be_framed_or_sniffed_and_keep_their_address_to_themselves() -> None:
    response = Client().get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Addresses name organisations (/o/<slug>/); other sites must not learn them.
    assert response["Referrer-Policy"] in {"same-origin", "no-referrer"}


def test_production_insists_on_https(settings: Any) -> None:
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)
    client = Client()

    secure = client.get("/", secure=True)
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=63072000; includeSubDomains; preload"

    plain = client.get("/groups/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/groups/"
    assert "Strict-Transport-Security" not in plain

    # Load balancers probe over plain HTTP; the health check must not redirect.
    assert client.get("/healthz").status_code == 200


def test_signed_in_pages_are_never_stored_but_the_landing_page_may_be(
    participant: User,
) -> None:
    public = Client().get("/")
    assert "no-store" not in public.get("Cache-Control", "")

    signed_in = client_for(participant).get("/o/riverside/")
    assert signed_in.status_code == 200
    assert "no-store" in signed_in["Cache-Control"]


@pytest.mark.parametrize("production", [False, True])
def test_the_session_cookie_is_out_of_reach_of_scripts_and_other_sites(
    participant: User, settings: Any, production: bool
) -> None:
    if production:
        for name, value in PRODUCTION.items():
            setattr(settings, name, value)
    response = Client().post(
        "/accounts/login/",
        {"login": participant.email, "password": PASSWORD},
        secure=production,
    )
    assert response.status_code == 302, "the sign-in should succeed"
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is production


def template_files() -> list[Path]:
    return sorted(TEMPLATES.glob("**/templates/**/*.html"))


INLINE_SCRIPT = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
INLINE_STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[^>]*\s(on[a-z]+|hx-on\S*)\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)


def test_the_template_search_finds_our_templates() -> None:
    names = {path.name for path in template_files()}
    assert {"base.html", "landing.html"} <= names


@pytest.mark.parametrize(
    ("pattern", "what"),
    [
        (INLINE_SCRIPT, "an inline <script> with code"),
        (INLINE_STYLE_ELEMENT, "a <style> element"),
        (INLINE_HANDLER, "an inline event handler"),
        (STYLE_ATTRIBUTE, "a style= attribute"),
    ],
)
def test_no_template_needs_what_the_policy_forbids(pattern: re.Pattern[str], what: str) -> None:
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in template_files()
        if pattern.search(path.read_text())
    ]
    assert not offenders, f"{what} is blocked by the Content-Security-Policy in: {offenders}"


@pytest.mark.parametrize(
    ("pattern", "snippet"),
    [
        (INLINE_SCRIPT, "<script>\n  alert(1)</script>"),
        (INLINE_STYLE_ELEMENT, "<style>p { color: red }</style>"),
        (INLINE_HANDLER, '<button type="button" onclick="go()">'),
        (INLINE_HANDLER, '<form hx-on::after-request="this.reset()">'),
        (STYLE_ATTRIBUTE, '<p class="note" style="color: red">'),
    ],
)
def test_the_template_checks_notice_forbidden_markup(
    pattern: re.Pattern[str], snippet: str
) -> None:
    assert pattern.search(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/circles/vendor/htmx.min.js" defer></script>',
        "<p>Based on= nothing, styled=no</p>",
        '<a href="/o/riverside/" data-online="yes">',
    ],
)
def test_the_template_checks_allow_ordinary_markup(snippet: str) -> None:
    for pattern in (INLINE_SCRIPT, INLINE_STYLE_ELEMENT, INLINE_HANDLER, STYLE_ATTRIBUTE):
        assert not pattern.search(snippet), (pattern.pattern, snippet)
