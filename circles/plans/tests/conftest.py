from typing import Any

import pytest

from circles.plans.models import Goal, Plan


@pytest.fixture
def casey_plan(riverside: Any, participant: Any) -> Plan:
    return Plan.objects.create(organization=riverside, owner=participant)


@pytest.fixture
def goal(casey_plan: Plan) -> Goal:
    return Goal.objects.create(
        organization=casey_plan.organization, plan=casey_plan, title="Back to work"
    )
