"""The demo shows each part: a public report, two referrals for Casey in different states."""

import pytest

from circles.accounts.models import User
from circles.directory.linking.models import OutOfDateReport, Referral, State
from circles.home.demo import load_demo_data
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_demo_links() -> None:
    load_demo_data()
    assert OutOfDateReport.objects.open().count() == 1
    casey = User.objects.get(email="participant@example.org")
    states = sorted(Referral.objects.filter(person=casey).values_list("state", flat=True))
    assert states == [State.COMPLETED, State.RECEIVED]
    jordan = User.objects.get(email="specialist@example.org")
    home = client_for(jordan).get("/o/riverside/").content.decode()
    assert "asked you to come along" in home
    queue = client_for(jordan).get("/o/riverside/directory/freshness/").content.decode()
    assert "the phone number on the door is new" in queue
    assert "Peer-run respite stay (demo)" in client_for(casey).get("/o/riverside/").content.decode()
