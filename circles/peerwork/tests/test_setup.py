"""A specialist's matching profile and the organisation's settings."""

from typing import Any

import pytest

from circles.peerwork.models import PeerworkSettings, Person, Proposal, SpecialistProfile
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_a_profile_feeds_the_proposals(riverside: Any, specialist: Any, waiting: Person) -> None:
    url = "/o/riverside/peer-support/profile/"
    client = client_for(specialist)
    assert client.get(url).status_code == 200
    bad = client.post(url, {"capacity": "\u00b3", "languages": ["hmn"]})
    assert bad.status_code == 400 and "whole number" in bad.content.decode()
    ok = client.post(url, {"capacity": "4", "is_taking_people": "on", "languages": ["hmn", "en"]})
    assert ok.status_code == 302
    profile = SpecialistProfile.objects.get()
    assert profile.capacity == 4 and profile.languages == ["hmn", "en"]
    assert Proposal.objects.get(person=waiting).specialist_id == specialist.pk


def test_settings_set_the_promise_the_areas_and_the_policies(admin: Any, riverside: Any) -> None:
    url = "/o/riverside/peer-support/settings/"
    client = client_for(admin)
    bad = client.post(url, {"answer_within_days": "0", "area_lines": "Grief\nHousing"})
    assert bad.status_code == 400 and "Grief\nHousing" in bad.content.decode()
    client.post(
        url,
        {
            "answer_within_days": "5",
            "area_lines": "Grief\n\nHousing\nGrief",
            "notes_visible_to_person": "on",
        },
    )
    settings = PeerworkSettings.of(riverside)
    assert settings.answer_within_days == 5
    assert settings.areas == ["Grief", "Housing"]
    assert not settings.notes_shared_with_supervision
    page = client_for(None).get("/organisations/riverside/ask/").content.decode()
    assert "within 5 days" in page and "Housing" in page
