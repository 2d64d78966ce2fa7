import time
from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import Membership
from circles.testing.fixtures import PASSWORD, client_for

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def shift_session(client: Client, **ago_seconds: float) -> None:
    session = client.session
    for key, seconds in ago_seconds.items():
        session[key] = time.time() - seconds
    session.save()


def is_signed_in(client: Client) -> bool:
    return client.get("/o/riverside/").status_code == 200


def test_staff_are_signed_out_after_30_quiet_minutes(specialist: Any) -> None:
    client = signed_in(specialist)
    shift_session(client, last_seen=29 * 60)
    assert is_signed_in(client)
    shift_session(client, last_seen=31 * 60)
    response = client.get("/o/riverside/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "signed out to keep your information safe" in response.content.decode()


def test_the_organisation_sets_the_staff_quiet_time(specialist: Any, riverside: Any) -> None:
    riverside.staff_idle_minutes = 10
    riverside.save()
    client = signed_in(specialist)
    shift_session(client, last_seen=11 * 60)
    assert not is_signed_in(client)


def test_participants_get_a_longer_quiet_time(participant: Any) -> None:
    client = signed_in(participant)
    shift_session(client, last_seen=2 * 60 * 60)
    assert is_signed_in(client)


def test_everyone_is_signed_out_after_12_hours(participant: Any) -> None:
    client = signed_in(participant)
    shift_session(client, started_at=12 * 60 * 60 + 60)
    assert not is_signed_in(client)


def test_signing_out_ends_the_other_sessions_too(participant: Any) -> None:
    phone, laptop = signed_in(participant), signed_in(participant)
    assert is_signed_in(phone) and is_signed_in(laptop)
    phone.post("/accounts/logout/")
    assert not is_signed_in(phone)
    assert not is_signed_in(laptop)


def test_a_password_change_ends_the_other_sessions_but_not_this_one(participant: Any) -> None:
    phone, laptop = signed_in(participant), signed_in(participant)
    new = "a different long passphrase 77"
    response = laptop.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_taking_away_access_signs_the_person_out(admin: Any, participant: Any) -> None:
    phone = signed_in(participant)
    membership = Membership.objects.get(user=participant)
    client_for(admin).post(f"/o/riverside/members/{membership.pk}/deactivate/")
    assert phone.get("/o/riverside/").status_code in (302, 404)
    assert not phone.session.get("_auth_user_id")


def session_writes(client: Client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum(
        1
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    )


def test_last_seen_is_written_at_most_once_a_minute(specialist: Any) -> None:
    client = signed_in(specialist)
    shift_session(client, last_seen=61)
    # More than a minute since it was written: this request writes it.
    assert session_writes(client, "/o/riverside/") == 1
    before = client.session["last_seen"]
    assert time.time() - before < 5
    # The next requests within the minute leave the session row alone.
    assert session_writes(client, "/o/riverside/") == 0
    assert session_writes(client, "/o/riverside/") == 0
    assert client.session["last_seen"] == before


def test_a_quiet_spell_still_ends_the_session_with_the_coarser_clock(specialist: Any) -> None:
    client = signed_in(specialist)
    assert is_signed_in(client)
    shift_session(client, last_seen=30)
    assert session_writes(client, "/o/riverside/") == 0
    shift_session(client, last_seen=31 * 60)
    assert not is_signed_in(client)
