"""An organisation's meetings are read by time through meeting_org_starts, without a sort."""

from typing import Any

import pytest

from circles.meetings.models import Meeting
from circles.testing.plans import query_plan, sorts

pytestmark = pytest.mark.django_db


def test_upcoming_meetings_of_an_organisation_come_in_index_order(riverside: Any) -> None:
    plan = query_plan(Meeting.objects.for_org(riverside).upcoming())
    assert "meeting_org_starts" in plan, plan
    assert not sorts(plan), plan
