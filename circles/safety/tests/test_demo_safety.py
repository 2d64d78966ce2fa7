"""The demo organisation's safety data, as the issue describes it."""

import pytest

from circles.accounts.models import Organization
from circles.home.demo import load_demo_data
from circles.safety.confidentiality import current_statement, told_user_ids
from circles.safety.models import ConcernStep, SafetyConcern
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_demo_safety() -> None:
    load_demo_data()
    riverside = Organization.objects.get(slug="riverside")
    statement = current_statement(riverside)
    assert statement is not None and "one limit" in statement.text
    from circles.accounts.models import Membership

    participants = list(
        Membership.objects.for_org(riverside).filter(role="participant").select_related("user")
    )
    ids = [m.user_id for m in participants]
    told_ids = told_user_ids(riverside, ids)
    assert [m.user.email for m in participants if m.user_id in told_ids] == [
        "participant@example.org"
    ]
    # Casey on screen and someone without an account on paper (this area's demo), and
    # Dee, supported one to one without an account (the one-to-one demo).
    assert statement.acknowledgements.count() == 3

    waiting = SafetyConcern.objects.for_org(riverside).waiting().get()
    assert waiting.status == SafetyConcern.Status.ESCALATED and waiting.told_admins
    told = list(
        waiting.steps.filter(kind=ConcernStep.Kind.NOTIFIED).values_list("told__email", flat=True)
    )
    assert told == ["supervisor@example.org", "admin@example.org"]
    closed = SafetyConcern.objects.for_org(riverside).get(status=SafetyConcern.Status.CLOSED)
    assert closed.minutes_to_acknowledge == 6

    supervisor = Membership.objects.get(user__email="supervisor@example.org").user
    home = client_for(supervisor).get("/o/riverside/").content.decode()
    assert "Abuse by someone caring for them" in home
    listing = client_for(supervisor).get("/o/riverside/safety/concerns/").content.decode()
    assert "Passed on, still waiting" in listing
