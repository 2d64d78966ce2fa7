"""The demo shows one-to-one support as the issue describes it."""

from typing import Any

import pytest

from circles.accounts.models import User
from circles.home.demo import load_demo_data
from circles.peerwork.models import CheckInPlan, ContactNote, Person, Proposal, today_for
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_demo_caseload_waiting_people_and_proposals(db: Any) -> None:
    assert load_demo_data()
    jordan = User.objects.get(email="specialist@example.org")
    caseload = Person.objects.filter(specialist=jordan, status=Person.Status.SUPPORTED)
    assert caseload.count() == 4
    assert caseload.filter(user__isnull=True).count() == 1
    waiting = Person.objects.filter(status=Person.Status.WAITING)
    assert {p.source for p in waiting} == {Person.Source.PUBLIC, Person.Source.MEMBER}
    for person in waiting:
        assert Proposal.objects.filter(person=person).exists()
    mai = waiting.get(source=Person.Source.PUBLIC)
    reasons = Proposal.objects.get(person=mai, rank=1).reasons
    assert "speaks Hmong" in reasons
    assert ContactNote.objects.filter(cosigned_at__isnull=False).count() == 1
    casey = caseload.get(user__email="participant@example.org")
    today = today_for(casey.organization)
    assert CheckInPlan.objects.filter(person=casey, weekday=today.weekday()).exists()

    home = client_for(jordan).get("/o/riverside/").content.decode()
    assert "4 people on your caseload" in home
    assert "Casey" in home.split("Today's check-ins")[1]
    supervisor = User.objects.get(email="supervisor@example.org")
    requests = client_for(supervisor).get("/o/riverside/peer-support/requests/").content.decode()
    assert "Mai" in requests and "Morgan" in requests
