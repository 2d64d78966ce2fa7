"""The API keeps the pages' rules: two-step sign-in for staff, and no 500 on odd numbers."""

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from circles.accounts.models import AuditEvent
from circles.testing.fixtures import client_for, make_group

pytestmark = pytest.mark.django_db

MEMBERS = "/api/v1/organizations/riverside/members"
FEEDBACK = "/api/v1/orgs/riverside/feedback/groups"
HUGE = "99999999999999999999"


@pytest.fixture
def two_step_required(riverside: Any) -> Any:
    riverside.require_staff_mfa = True
    riverside.save(update_fields=["require_staff_mfa"])
    return riverside


def test_staff_without_two_step_sign_in_are_refused_like_on_the_pages(
    two_step_required: Any, admin: Any, specialist: Any, participant: Any
) -> None:
    group = make_group(two_step_required, facilitators=[specialist])
    # The pages send them to set it up first ...
    page = client_for(admin).get("/o/riverside/members/")
    assert page.status_code == 302 and "two-step" in page["Location"]
    # ... and the API answers no member list, no feedback.
    response = client_for(admin).get(MEMBERS)
    assert response.status_code == 403
    assert "two-step" in response.json()["detail"]
    assert "admin@example.org" not in response.content.decode()
    for url in (FEEDBACK, f"{FEEDBACK}/{group.pk}"):
        assert client_for(specialist).get(url).status_code == 403
    # A participant is not staff: their own details stay open to them.
    assert client_for(participant).get("/api/v1/me").status_code == 200


def test_staff_who_set_it_up_get_through(two_step_required: Any, admin: Any) -> None:
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    assert client_for(admin).get(MEMBERS).status_code == 200


def test_a_wrong_role_is_still_refused_and_audited(riverside: Any, participant: Any) -> None:
    assert client_for(participant).get(MEMBERS).status_code == 403
    assert AuditEvent.objects.filter(action="access.refused").count() == 1


@pytest.mark.parametrize(
    "url",
    [
        f"{MEMBERS}?page={HUGE}",
        f"{MEMBERS}?page=0",
        f"{MEMBERS}?page=-1",
        f"{MEMBERS}?page=two",
        f"{FEEDBACK}?facilitator={HUGE}",
        f"{FEEDBACK}?facilitator=-{HUGE}",
        f"{FEEDBACK}?facilitator=0",
        f"{FEEDBACK}/{HUGE}",
        f"{FEEDBACK}/1?start=2026-02-30",
        f"/api/v1/hsds/services?page={HUGE}",
        "/api/v1/hsds/services?per_page=-1",
        "/api/v1/hsds/organizations?page=0",
    ],
)
def test_numbers_out_of_range_are_a_plain_422(admin: Any, url: str) -> None:
    response = client_for(admin).get(url)
    assert response.status_code == 422
    assert "detail" in response.json()


def test_a_page_past_the_end_is_empty(admin: Any) -> None:
    body = client_for(admin).get(f"{MEMBERS}?page=1000000").json()
    assert body["items"] == []


def test_the_openapi_document_still_describes_every_endpoint(db: Any) -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/me",
        "/api/v1/crisis-lines",
        "/api/v1/organizations/{slug}/members",
        "/api/v1/orgs/{slug}/feedback/groups",
        "/api/v1/orgs/{slug}/feedback/groups/{group_id}",
        "/api/v1/hsds/",
        "/api/v1/hsds/services",
        "/api/v1/hsds/services/{id}",
        "/api/v1/hsds/organizations",
        "/api/v1/hsds/organizations/{id}",
    } <= set(paths)
