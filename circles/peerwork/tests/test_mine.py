"""The person's own page: asking from home, who their specialist is, asking for a change."""

from typing import Any

import pytest

from circles.accounts.models import Invitation
from circles.peerwork.actions import choose_specialist, submit_request
from circles.peerwork.models import Person
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db

MINE = "/o/riverside/peer-support/"


def test_a_member_asks_from_their_home(participant2: Any) -> None:
    client = client_for(participant2)
    home = client.get("/o/riverside/").content.decode()
    assert "One-to-one peer support" in home and MINE in home
    bad = client.post(f"{MINE}ask/", {"wants": "Help with mornings", "days": ["someday"]})
    assert bad.status_code == 400 and "Help with mornings" in bad.content.decode()
    response = client.post(f"{MINE}ask/", {"wants": "Help with mornings", "days": ["mon"]})
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.user_id == participant2.pk and person.source == Person.Source.MEMBER
    assert person.preferences["days"] == ["mon"]
    assert "Someone will be in touch by" in client.get(MINE).content.decode()
    # Asking twice leads back to the first request.
    assert client.get(f"{MINE}ask/").status_code == 302


def test_a_change_goes_to_supervisors_not_the_specialist(
    specialist: Any, supervisor: Any, participant: Any, casey_record: Person
) -> None:
    client = client_for(participant)
    page = client.get(MINE).content.decode()
    assert "Your peer specialist" in page and "Jordan" in page
    client.post(f"{MINE}change/")
    casey_record.refresh_from_db()
    assert casey_record.change_requested_at is not None
    assert "asked for a change" in client.get(MINE).content.decode()
    caseload = client_for(specialist).get("/o/riverside/peer-support/caseload/")
    assert "for a change" not in caseload.content.decode()
    assert "Casey" in caseload.content.decode()
    requests = client_for(supervisor).get("/o/riverside/peer-support/requests/").content.decode()
    assert "Asking for a change from" in requests


def test_an_invited_person_finds_their_record_after_joining(
    riverside: Any, supervisor: Any, specialist: Any, participant2: Any
) -> None:
    person = submit_request(
        riverside, source=Person.Source.PUBLIC, name="Mo", email="participant2@example.org"
    )
    choose_specialist(person, specialist, by=supervisor, invite=True)
    invitation = Invitation.objects.get()
    from django.utils import timezone

    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    page = client_for(participant2).get(MINE).content.decode()
    assert "Jordan" in page
