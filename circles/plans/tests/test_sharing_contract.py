"""What the safety area reads of a plan: the wellness plan, only while shared for safety."""

from typing import Any

import pytest
from django.db import connection
from django.template.loader import render_to_string

from circles.accounts.models import AuditEvent
from circles.plans import actions
from circles.plans.models import Plan, PlanRead, PlanShare, WellnessPlan
from circles.plans.sharing import wellness_plan_for_safety

pytestmark = pytest.mark.django_db


def wellness_of(person: Any, organization: Any) -> WellnessPlan:
    plan = Plan.objects.create(organization=organization, owner=person)
    return WellnessPlan.objects.create(
        organization=organization,
        plan=plan,
        keeps_me_well="Walking the dog every morning",
        contact_please="My sister Dana",
    )


def share_for_safety(wellness: WellnessPlan, person: Any) -> PlanShare:
    return actions.share_plan(
        wellness.plan,
        part=PlanShare.Part.WELLNESS,
        goal=None,
        shared_with=None,
        for_safety=True,
        purpose="So staff know what helps",
        actor=person,
    )


def test_nothing_until_shared_for_safety(riverside: Any, participant: Any, specialist: Any) -> None:
    wellness = wellness_of(participant, riverside)
    assert wellness_plan_for_safety(riverside, participant) is None
    # Shared with one person by name is not shared with the staff for safety.
    actions.share_plan(
        wellness.plan,
        part=PlanShare.Part.WELLNESS,
        goal=None,
        shared_with=specialist,
        for_safety=False,
        purpose="",
        actor=participant,
    )
    assert wellness_plan_for_safety(riverside, participant) is None
    share_for_safety(wellness, participant)
    assert wellness_plan_for_safety(riverside, participant) == wellness


def test_withdrawal_takes_effect_at_once(riverside: Any, participant: Any) -> None:
    wellness = wellness_of(participant, riverside)
    share = share_for_safety(wellness, participant)
    assert wellness_plan_for_safety(riverside, participant) == wellness
    actions.withdraw_share(share, actor=participant)
    assert wellness_plan_for_safety(riverside, participant) is None


def test_another_organisation_never_sees_it(
    riverside: Any, lakeshore: Any, participant: Any
) -> None:
    share_for_safety(wellness_of(participant, riverside), participant)
    assert wellness_plan_for_safety(lakeshore, participant) is None


def test_the_readonly_partial_shows_the_persons_words(riverside: Any, participant: Any) -> None:
    wellness = wellness_of(participant, riverside)
    html = render_to_string("plans/_wellness_plan_readonly.html", {"wellness_plan": wellness})
    assert "Walking the dog every morning" in html
    assert "My sister Dana" in html
    assert "What keeps me well, day to day" in html
    # Unanswered questions are left out rather than shown empty.
    assert "What does not help" not in html


def test_reading_it_is_audited_and_the_person_sees_who(
    riverside: Any, participant: Any, supervisor: Any
) -> None:
    wellness = wellness_of(participant, riverside)
    share_for_safety(wellness, participant)
    actions.record_plan_read(
        wellness.plan, reader=supervisor, part=PlanShare.Part.WELLNESS, reason="safety"
    )
    read = PlanRead.objects.get()
    assert read.reader == supervisor and read.plan == wellness.plan
    assert read.what == "your wellness and crisis plan"
    event = AuditEvent.objects.get(action="plans.read")
    assert event.actor_id == supervisor.pk and event.detail["reason"] == "safety"


def test_the_words_are_encrypted_at_rest(riverside: Any, participant: Any) -> None:
    wellness_of(participant, riverside)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT keeps_me_well FROM {WellnessPlan._meta.db_table}")
        (raw,) = cursor.fetchone()
    assert "dog" not in raw and raw.startswith("fernet:")
