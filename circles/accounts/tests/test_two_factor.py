import time
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client

from circles.accounts.models import Organization
from circles.testing.fixtures import PASSWORD, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(riverside: Any) -> Any:
    riverside.require_staff_mfa = True
    riverside.save()
    return riverside


@pytest.mark.parametrize("role", ["specialist", "supervisor", "admin"])
def test_staff_without_two_step_are_asked_to_set_it_up(
    mfa_required: Any, everyone: dict[str, Any], role: str
) -> None:
    response = client_for(everyone[role]).get("/o/riverside/", follow=True)
    assert response.redirect_chain[-1][0] == "/o/riverside/two-step-sign-in/"
    assert "Set up two-step sign-in" in response.content.decode()


@pytest.mark.parametrize("role", ["participant", "observer"])
def test_participants_and_observers_are_not_asked(
    mfa_required: Any, everyone: dict[str, Any], role: str
) -> None:
    assert client_for(everyone[role]).get("/o/riverside/").status_code == 200


def test_staff_with_an_authenticator_go_straight_in(mfa_required: Any, specialist: Any) -> None:
    Authenticator.objects.create(user=specialist, type=Authenticator.Type.TOTP, data={})
    assert client_for(specialist).get("/o/riverside/").status_code == 200


def test_not_required_when_the_organisation_turns_it_off(riverside: Any, specialist: Any) -> None:
    assert client_for(specialist).get("/o/riverside/").status_code == 200


def test_new_organisations_require_it_by_default() -> None:
    assert Organization(name="New", slug="new").require_staff_mfa is True


def current_code(secret: str) -> str:
    counter = int(time.time()) // 30
    return format_hotp_value(hotp_value(secret, counter))


def test_enrol_an_authenticator_then_sign_in_with_a_code(
    mfa_required: Any, specialist: Any
) -> None:
    client = Client()
    client.post("/accounts/login/", {"login": specialist.email, "password": PASSWORD})
    # Asked to set it up before anything else.
    assert client.get("/o/riverside/")["Location"] == "/o/riverside/two-step-sign-in/"
    page = client.get("/accounts/2fa/totp/activate/")
    if page.status_code == 302:  # allauth asks to confirm the password first
        assert page["Location"].startswith("/accounts/reauthenticate/")
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post("/accounts/2fa/totp/activate/", {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=specialist, type=Authenticator.Type.TOTP).exists()
    # Single-use recovery codes come with it.
    assert Authenticator.objects.filter(
        user=specialist, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get("/o/riverside/").status_code == 200

    # Next time, the password alone is not enough.
    client.post("/accounts/logout/")
    fresh = Client()
    response = fresh.post("/accounts/login/", {"login": specialist.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert fresh.get("/o/riverside/").status_code == 302
    cache.clear()  # the code just used is remembered as spent; use a recovery code instead
    recovery = Authenticator.objects.get(user=specialist, type=Authenticator.Type.RECOVERY_CODES)
    code = recovery.wrap().get_unused_codes()[0]
    assert fresh.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert fresh.get("/o/riverside/").status_code == 200
    # A recovery code works once.
    recovery.refresh_from_db()
    assert code not in recovery.wrap().get_unused_codes()
