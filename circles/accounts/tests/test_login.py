import threading
import time
from functools import partial
from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import AuditEvent, User
from circles.lib.models import RateCount
from circles.testing.concurrency import at_once
from circles.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def attempt(client: Client, email: str, password: str) -> Any:
    return client.post(LOGIN, {"login": email, "password": password})


def test_sign_in_with_email_and_password_lands_on_role_home(participant: Any) -> None:
    client = Client()
    response = attempt(client, "participant@example.org", PASSWORD)
    assert response.status_code == 302
    follow = client.get(response["Location"], follow=True)
    assert follow.redirect_chain[-1][0] == "/o/riverside/"
    assert "Your groups" in follow.content.decode()


def test_email_is_not_case_sensitive(participant: Any) -> None:
    response = attempt(Client(), "Participant@Example.org", PASSWORD)
    assert response.status_code == 302


def test_wrong_password_and_unknown_email_look_the_same(participant: Any) -> None:
    wrong = attempt(Client(), "participant@example.org", "not the password")
    unknown = attempt(Client(), "nobody@example.org", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    wrong_errors = wrong.context["form"].non_field_errors()
    unknown_errors = unknown.context["form"].non_field_errors()
    assert wrong_errors == unknown_errors
    assert "did not match" in str(wrong_errors)


def test_failed_sign_in_is_audited(participant: Any) -> None:
    attempt(Client(), "participant@example.org", "not the password")
    event = AuditEvent.objects.get(action="login.failed")
    assert event.object_id == str(participant.pk)
    assert event.request_id


def test_five_failures_lock_the_account_whatever_the_address(participant: Any) -> None:
    for number in range(5):
        client = Client(REMOTE_ADDR=f"10.0.0.{number}")
        attempt(client, "participant@example.org", "wrong guess")
    # Even the right password, from yet another address, is refused for now.
    response = attempt(Client(REMOTE_ADDR="10.9.9.9"), "participant@example.org", PASSWORD)
    assert response.status_code == 200
    message = str(response.context["form"].non_field_errors())
    assert "paused for up to 15 minutes" in message
    assert AuditEvent.objects.filter(action="login.locked").count() == 1
    assert AuditEvent.objects.filter(action="login.refused_locked").count() == 1


def test_lockout_looks_the_same_for_an_unknown_email(db: Any) -> None:
    for _ in range(5):
        attempt(Client(), "nobody@example.org", "wrong guess")
    response = attempt(Client(), "nobody@example.org", "anything at all")
    assert "paused for up to 15 minutes" in str(response.context["form"].non_field_errors())


def test_four_failures_do_not_lock(participant: Any) -> None:
    for _ in range(4):
        attempt(Client(), "participant@example.org", "wrong guess")
    assert attempt(Client(), "participant@example.org", PASSWORD).status_code == 302


def test_the_pause_ends_with_its_window(participant: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    for _ in range(5):
        attempt(Client(), "participant@example.org", "wrong guess")
    assert "paused" in str(
        attempt(Client(), "participant@example.org", PASSWORD).context["form"].non_field_errors()
    )
    later = time.time() + 15 * 60
    monkeypatch.setattr(time, "time", lambda: later)
    assert attempt(Client(), "participant@example.org", PASSWORD).status_code == 302


def test_the_right_password_gives_its_place_back(participant: Any) -> None:
    # Four wrong, then right: only the wrong ones count, so one more mistake is allowed.
    for _ in range(4):
        attempt(Client(), "participant@example.org", "wrong guess")
    assert attempt(Client(), "participant@example.org", PASSWORD).status_code == 302
    assert attempt(Client(), "participant@example.org", "one more slip").status_code == 200
    assert AuditEvent.objects.filter(action="login.locked").count() == 1
    assert attempt(Client(), "participant@example.org", PASSWORD).status_code == 200


def test_the_count_keeps_no_email_address(participant: Any) -> None:
    attempt(Client(), "participant@example.org", "wrong guess")
    [row] = RateCount.objects.all()
    assert "participant" not in row.subject and "example" not in row.subject


@pytest.mark.slow
def test_simultaneous_wrong_passwords_check_at_most_the_limit(
    transactional_db: Any, participant: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    # allauth's own per-address limit would answer a SQLite retry storm with 429s.
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": False, "login": False}
    # A moment in the middle of a window, so the burst cannot straddle two windows.
    middle = 1_800_000_000 + 7 * 60
    monkeypatch.setattr(time, "time", lambda: middle)
    checked: list[str] = []
    lock = threading.Lock()
    check_password = User.check_password

    def counting_check(user: User, raw_password: str) -> bool:
        with lock:
            checked.append(raw_password)
        return check_password(user, raw_password)

    monkeypatch.setattr(User, "check_password", counting_check)

    def wrong_password_from(address: str) -> int:
        client = Client(REMOTE_ADDR=address)
        return int(attempt(client, "participant@example.org", "wrong guess").status_code)

    burst = at_once([partial(wrong_password_from, f"10.1.0.{n}") for n in range(25)])

    assert burst == [200] * 25
    assert len(checked) <= settings.LOGIN_LOCKOUT_FAILURES
    # The right password after the burst is refused without being checked.
    response = attempt(Client(REMOTE_ADDR="10.2.0.1"), "participant@example.org", PASSWORD)
    assert response.status_code == 200
    assert "paused" in str(response.context["form"].non_field_errors())
    assert PASSWORD not in checked


def test_deactivated_person_cannot_sign_in(participant: Any) -> None:
    participant.is_active = False
    participant.save()
    client = Client()
    response = attempt(client, "participant@example.org", PASSWORD)
    assert response["Location"] == "/accounts/inactive/"
    assert "_auth_user_id" not in client.session


def test_there_is_no_open_sign_up(db: Any) -> None:
    response = Client().post(
        "/accounts/signup/",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert "send you an invitation" in response.content.decode()
    assert not User.objects.filter(email="new@example.org").exists()
