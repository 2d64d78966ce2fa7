"""The demo specialist's workforce record, as the demo promises."""

from typing import Any

import pytest

from circles.home.demo import load_demo_data
from circles.testing.fixtures import client_for
from circles.workforce.models import DevelopmentGoal, SupervisionSession

pytestmark = pytest.mark.django_db


def test_the_demo_specialist_has_a_record_with_things_to_talk_about(settings: Any) -> None:
    from circles.accounts.models import User

    assert load_demo_data()
    jordan = User.objects.get(email="specialist@example.org")
    sam = User.objects.get(email="supervisor@example.org")
    assert SupervisionSession.objects.filter(worker=jordan).count() == 4
    assert DevelopmentGoal.objects.filter(worker=jordan).exists()

    record = client_for(jordan).get("/o/riverside/workforce/").content.decode()
    assert "14 of 20 continuing-education hours done" in record
    assert "Supervision was due on" in record

    growth = (
        client_for(jordan)
        .get(f"/o/riverside/workforce/people/{jordan.pk}/competencies/")
        .content.decode()
    )
    assert "4 items where the views differ" in growth
    assert "<polyline" in growth

    team = client_for(sam).get("/o/riverside/workforce/team/").content.decode()
    assert "Jordan" in team and "Overdue since" in team and "6 CE hours to go" in team
    home = client_for(sam).get("/o/riverside/").content.decode()
    assert "1 person is due for supervision." in home
