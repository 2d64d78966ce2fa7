"""`circles demo` shows signed ethics for most staff, one overdue, and a declined gift."""

from typing import Any

import pytest

from circles.accounts.models import Organization, User
from circles.home.demo import load_demo_data
from circles.safety.ethics.demo import load_demo_ethics
from circles.safety.ethics.models import Gift
from circles.safety.ethics.queries import staff_signing
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_has_signatures_one_overdue_and_a_declined_gift() -> None:
    assert load_demo_data()
    riverside = Organization.objects.get(slug="riverside")
    states = {r.membership.user.email: r.status.state for r in staff_signing(riverside)}
    assert states == {
        "admin@example.org": "signed",
        "supervisor@example.org": "signed",
        "specialist@example.org": "overdue",
        "pahoua@example.org": "signed",
        "rae@example.org": "signed",
    }
    gift = Gift.objects.get()
    assert gift.decision == Gift.Decision.DECLINED and gift.value == Gift.Value.MONEY
    assert not load_demo_ethics(riverside)
    supervisor = User.objects.get(email="supervisor@example.org")
    page = client_for(supervisor).get("/o/riverside/ethics/team/boundaries/").content.decode()
    assert "twenty-dollar bill" in page
    home: Any = client_for(User.objects.get(email="specialist@example.org")).get("/o/riverside/")
    assert "Overdue" in home.content.decode()
