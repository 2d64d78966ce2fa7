"""The organisation's public page and the request form for people without an account."""

import re
from typing import Any

import pytest
from django.test import Client

from circles.accounts.models import AuditEvent, CrisisLine
from circles.lib import ratelimit
from circles.peerwork.models import Person
from circles.peerwork.tests.conftest import raw_rows
from circles.peerwork.views import public

pytestmark = pytest.mark.django_db

GOOD = {
    "name": "Mai",
    "phone": "(555) 010-3344",
    "text_ok": "on",
    "email": "",
    "when_good": "Evenings",
    "wants": "I am a new mum and I feel alone.",
    "languages": ["hmn"],
    "areas": ["Parenting"],
    "ways": ["phone"],
}


def test_landing_page_links_each_organisation_to_its_public_page(riverside: Any) -> None:
    page = Client().get("/").content.decode()
    assert 'href="/organisations/riverside/"' in page


def test_public_page_offers_a_peer_specialist_groups_and_crisis_lines(riverside: Any) -> None:
    CrisisLine.objects.create(
        organization=riverside, name="Riverside warmline", way="call", contact="555 010 4040"
    )
    page = Client().get("/organisations/riverside/").content.decode()
    assert "Ask for a peer specialist" in page
    assert 'href="/organisations/riverside/ask/"' in page
    assert "Riverside warmline" in page


def test_unknown_organisation_is_404(db: Any) -> None:
    assert Client().get("/organisations/nowhere/").status_code == 404
    assert Client().get("/organisations/nowhere/ask/").status_code == 404


def test_the_form_says_what_happens_next_and_by_when(riverside: Any) -> None:
    page = Client().get("/organisations/riverside/ask/").content.decode()
    assert "within 3 days" in page
    assert "Parenting" in page  # the organisation's own areas
    assert "If you need help right now" in page


def test_a_request_arrives_encrypted_with_no_address(riverside: Any) -> None:
    response = Client(REMOTE_ADDR="203.0.113.9").post("/organisations/riverside/ask/", GOOD)
    assert response.status_code == 302
    assert response["Location"] == "/organisations/riverside/ask/sent/"
    person = Person.objects.get()
    assert person.name == "Mai" and person.status == Person.Status.WAITING
    assert person.preferences["languages"] == ["hmn"]
    assert person.user_id is None
    row = raw_rows("peerwork_person")[0]
    for column in ("name", "phone", "wants", "when_good", "preferences_json"):
        assert "Mai" not in str(row[column]) and "mum" not in str(row[column])
        assert "hmn" not in str(row[column])
    assert "203.0.113" not in str(row)
    event = AuditEvent.objects.get(action="peerwork.request.received")
    assert "Mai" not in str(event.detail)
    sent = Client().get(response["Location"]).content.decode()
    assert "within 3 days" in sent


def test_at_least_one_way_to_reach_them(riverside: Any) -> None:
    response = Client().post("/organisations/riverside/ask/", {**GOOD, "phone": "", "email": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "at least one way to reach you" in page
    assert "I am a new mum and I feel alone." in page  # everything typed is kept
    assert 'value="Mai"' in page
    assert re.search(r'<input[^>]*value="hmn"[^>]*checked', page)
    assert not re.search(r'<input[^>]*value="es"[^>]*checked', page)
    assert not Person.objects.exists()


def test_odd_choices_are_a_kind_error(riverside: Any) -> None:
    response = Client().post(
        "/organisations/riverside/ask/", {**GOOD, "languages": ["klingon"], "gender": "\u00b2"}
    )
    assert response.status_code == 400
    assert "not on the list" in response.content.decode()


def test_requests_are_limited_per_address_by_the_day(riverside: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(
        public, "REQUESTS_FROM_ADDRESS", ratelimit.Limit("peer-request-address", 2, ratelimit.DAY)
    )
    client = Client()
    for _ in range(2):
        assert client.post("/organisations/riverside/ask/", GOOD).status_code == 302
    refused = client.post("/organisations/riverside/ask/", GOOD)
    assert refused.status_code == 429
    assert "I am a new mum" in refused.content.decode()
    assert Person.objects.count() == 2
