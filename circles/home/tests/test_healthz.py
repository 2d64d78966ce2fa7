from unittest import mock

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client

pytestmark = pytest.mark.django_db


def test_healthz_says_the_database_answers() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] is True
    assert "no-cache" in response["Cache-Control"]


def test_healthz_fails_when_the_database_does_not_answer() -> None:
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("could not connect to server")
    ):
        response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] is False
    assert "could not connect" not in response.content.decode(), "no internals in the answer"


def test_the_browsers_favicon_request_gets_the_icon_and_no_csrf_cookie(client: Client) -> None:
    # A "not found" page here would carry the language form and set a fresh CSRF
    # cookie, racing the sign-in form opened just after it (a flaky sign-in in CI).
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("circles/favicon.svg")
    assert "csrftoken" not in response.cookies
