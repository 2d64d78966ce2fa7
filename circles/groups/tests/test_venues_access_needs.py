"""A person says on their profile what they need at a venue (User.access_needs)."""

from typing import Any

import pytest

from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_profile_offers_the_venue_checklist_and_says_who_sees_it(participant: Any) -> None:
    html = client_for(participant).get("/profile/").content.decode()
    assert "<legend>What you need at a venue" in html
    assert 'name="access_needs" value="step_free"' in html
    assert "Hearing loop" in html
    assert "its facilitators see that someone in the group needs it, never who." in html


def test_access_needs_are_saved_in_checklist_order(participant: Any) -> None:
    client = client_for(participant)
    response = client.post(
        "/profile/",
        {
            "preferred_name": "Casey",
            "pronouns": "",
            "language": "en",
            "access_notes": "",
            "access_needs": ["hearing_loop", "step_free"],
        },
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.access_needs == ["step_free", "hearing_loop"]
    html = client.get("/profile/").content.decode()
    assert 'value="step_free" id="id_access_needs_2" checked' in html

    client.post("/profile/", {"preferred_name": "Casey", "language": "en"})
    participant.refresh_from_db()
    assert participant.access_needs == []


def test_an_unknown_need_is_refused(participant: Any) -> None:
    response = client_for(participant).post(
        "/profile/", {"preferred_name": "Casey", "language": "en", "access_needs": ["jetpack"]}
    )
    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.access_needs == []
