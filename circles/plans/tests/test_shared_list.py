"""The specialist's list of what people shared with them, and the home cards."""

import datetime
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from circles.accounts.models import Role
from circles.plans import actions
from circles.plans.models import Action, Goal, Plan, PlanRead
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db


def person_sharing(riverside: Any, specialist: Any, n: int, part: str = "goal") -> Goal:
    owner = make_member(riverside, Role.PARTICIPANT, f"p{n}@example.org", f"Person {n}")
    plan = Plan.objects.create(organization=riverside, owner=owner)
    goal = Goal.objects.create(organization=riverside, plan=plan, title=f"Goal {n}")
    Action.objects.create(
        organization=riverside,
        goal=goal,
        text=f"Step of {n}",
        due_on=timezone.localdate() + datetime.timedelta(days=n),
    )
    actions.share_plan(
        plan,
        part=part,
        goal=goal if part == "goal" else None,
        shared_with=specialist,
        for_safety=False,
        purpose="",
        actor=owner,
    )
    return goal


def test_the_list_shows_shares_and_coming_steps(riverside: Any, specialist: Any) -> None:
    person_sharing(riverside, specialist, 1)
    person_sharing(riverside, specialist, 2, part="whole")
    page = client_for(specialist).get(reverse("shared_list", args=["riverside"]))
    html = page.content.decode()
    assert "Person 1’s goal “Goal 1”" in html and "Person 2’s plan" in html
    assert "Person 1: Step of 1" in html and "Person 2: Step of 2" in html
    # Each person sees that their coming steps were looked at.
    assert PlanRead.objects.count() == 2


def test_steps_of_goals_not_shared_stay_hidden(
    riverside: Any, specialist: Any, participant: Any
) -> None:
    goal = person_sharing(riverside, specialist, 1)
    other = Goal.objects.create(organization=riverside, plan=goal.plan, title="Private")
    Action.objects.create(organization=riverside, goal=other, text="Private step")
    html = client_for(specialist).get(reverse("shared_list", args=["riverside"])).content.decode()
    assert "Private step" not in html


def test_the_list_queries_do_not_grow(
    riverside: Any, specialist: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(specialist)
    person_sharing(riverside, specialist, 1)
    client.get(reverse("shared_list", args=["riverside"]))
    # Reading the list is audited: PostgreSQL locks the audit chain with one more query.
    expected = 13 if connection.vendor == "postgresql" else 12
    with django_assert_num_queries(expected) as first:
        client.get(reverse("shared_list", args=["riverside"]))
    for n in range(2, 6):
        person_sharing(riverside, specialist, n, part="whole" if n % 2 else "goal")
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("shared_list", args=["riverside"]))


def test_participant_home_shows_coming_steps(participant: Any, goal: Goal) -> None:
    Action.objects.create(organization=goal.organization, goal=goal, text="Call the library")
    html = client_for(participant).get("/o/riverside/").content.decode()
    assert "That part is not built yet" not in html
    assert "Call the library" in html and reverse("plan_home", args=["riverside"]) in html


def test_specialist_home_counts_people_not_content(riverside: Any, specialist: Any) -> None:
    person_sharing(riverside, specialist, 1)
    html = client_for(specialist).get("/o/riverside/").content.decode()
    assert "1 person shares part of their plan with you." in html
    assert "Goal 1" not in html
