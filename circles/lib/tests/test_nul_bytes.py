"""A NUL character anywhere in a request is refused at the edge with a kind 400.

PostgreSQL text cannot hold NUL, so before this every one of these reached a
query and answered 500 there (SQLite stored or ignored it).
"""

from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.test.client import MULTIPART_CONTENT

from circles.testing.fixtures import client_for, join_group, make_group, make_meeting

pytestmark = pytest.mark.django_db

KIND_WORDS = "could not read"
FORM = "application/x-www-form-urlencoded"


def assert_refused(response: Any) -> None:
    assert response.status_code == 400
    assert KIND_WORDS in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/feedback/ab%00cd/",
        "/p/ab%00cd/",
        "/calendar/ab%00cd.ics",
        "/complaints/ab%00cd/",
        "/complaints/new/?org=river%00side",
        "/groups/?q=walk%00ing",
        "/checkin/ab%00cd/",
        "/invitations/ab%00cd/",
    ],
)
def test_anonymous_paths_and_queries_with_a_nul(riverside: Any, path: str) -> None:
    assert_refused(Client().get(path))


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/feedback/", {"code": "ab\x00cd"}),
        ("/p/", {"code": "ab\x00cd"}),
        ("/complaints/", {"receipt": "ab\x00cd"}),
        ("/feedback/abcd/", {"q1": "4\x00"}),
        ("/p/abcd/", {"choice": "1\x00"}),
    ],
)
def test_anonymous_forms_with_a_nul(riverside: Any, path: str, data: dict[str, str]) -> None:
    client = Client()
    assert_refused(client.post(path, urlencode(data), content_type=FORM))
    assert_refused(client.post(path, data, content_type=MULTIPART_CONTENT))


def test_a_nul_in_a_field_name(riverside: Any) -> None:
    client = Client()
    assert_refused(client.post("/feedback/", "co%00de=abcd", content_type=FORM))
    assert_refused(client.post("/feedback/", {"co\x00de": "abcd"}, content_type=MULTIPART_CONTENT))


def test_a_json_body_with_a_nul(riverside: Any) -> None:
    response = Client().post(
        "/feedback/", '{"code": "ab\\u0000cd"}', content_type="application/json"
    )
    assert_refused(response)


def test_signed_in_check_in_and_attendance_with_a_nul(
    riverside: Any, specialist: Any, participant: Any
) -> None:
    group = make_group(riverside, [specialist])
    join_group(group, participant)
    meeting = make_meeting(group)
    attendance = f"/o/riverside/meetings/{meeting.pk}/attendance/"

    assert_refused(client_for(participant).post("/checkin/", {"code": "ab\x00cd"}))
    assert_refused(client_for(participant).get("/checkin/ab%00cd/"))
    specialist_client = client_for(specialist)
    assert_refused(specialist_client.post(attendance, {"guests": "Sam\x00", "guest_count": "1"}))
    assert_refused(specialist_client.post(attendance, {"guests": "Sam", "guest_count": "1\x00"}))
    assert (
        specialist_client.post(attendance, {"guests": "Sam", "guest_count": "1"}).status_code == 302
    )


def test_a_percent_sign_followed_by_zeros_is_only_text(riverside: Any) -> None:
    # "%2500" is the text "%00", which people may type; only a real NUL is refused.
    response = Client().get("/groups/?q=%2500")
    assert response.status_code == 200
