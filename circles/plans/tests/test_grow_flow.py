"""The GROW flow: one question a page, each saved, every one skippable."""

from typing import Any

import pytest
from django.urls import reverse

from circles.plans import grow
from circles.plans.models import Action, Goal, Option, Plan
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def step_url(goal: Goal, key: str) -> str:
    return reverse("goal_step", args=["riverside", goal.pk, key])


def test_starting_a_goal_makes_the_plan_and_asks_the_first_question(participant: Any) -> None:
    client = client_for(participant)
    assert not Plan.objects.exists()
    # Looking at the plan page writes nothing.
    assert client.get("/o/riverside/plan/").status_code == 200
    assert not Plan.objects.exists()
    response = client.post("/o/riverside/plan/goals/new/", {"title": "Sleep better"})
    goal = Goal.objects.get()
    assert goal.title == "Sleep better" and goal.plan.owner == participant
    # The name is given, so the flow goes on to the issue.
    assert response["Location"] == step_url(goal, "issue")


def test_each_answer_is_saved_and_the_flow_moves_on(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    page = client.get(step_url(goal, "issue"))
    assert "What is the issue you are facing right now?" in page.content.decode()
    response = client.post(step_url(goal, "issue"), {"answer": "I have been out of work a year"})
    assert response["Location"] == step_url(goal, "outcome")
    goal.refresh_from_db()
    assert goal.answers["issue"] == "I have been out of work a year"
    # Coming back shows what was written.
    assert "I have been out of work a year" in client.get(step_url(goal, "issue")).content.decode()


def test_save_and_stop_returns_to_the_goal(participant: Any, goal: Goal) -> None:
    response = client_for(participant).post(
        step_url(goal, "tried"), {"answer": "A course", "then": "leave"}
    )
    assert response["Location"] == reverse("goal_detail", args=["riverside", goal.pk])
    goal.refresh_from_db()
    assert goal.answers == {"tried": "A course"}


def test_skipping_is_a_link_and_writes_nothing(participant: Any, goal: Goal) -> None:
    page = client_for(participant).get(step_url(goal, "control")).content.decode()
    assert f'href="{step_url(goal, "tried")}"' in page
    assert "Skip this question" in page


def test_an_emptied_answer_is_forgotten(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    client.post(step_url(goal, "tried"), {"answer": "A course"})
    client.post(step_url(goal, "tried"), {"answer": ""})
    goal.refresh_from_db()
    assert "tried" not in goal.answers


def test_impossible_date_is_shown_kindly_with_the_page(participant: Any, goal: Goal) -> None:
    response = client_for(participant).post(step_url(goal, "by_when"), {"answer": "2026-02-31"})
    assert response.status_code == 200
    assert "Something needs another look" in response.content.decode()
    response = client_for(participant).post(step_url(goal, "by_when"), {"answer": "9999-01-01"})
    assert "between 2000 and 2100" in response.content.decode()


def test_finish_before_start_is_refused(participant: Any, goal: Goal) -> None:
    response = client_for(participant).post(
        step_url(goal, "dates"), {"starts_on": "2027-03-10", "finishes_on": "2027-03-01"}
    )
    assert response.status_code == 200
    assert "The finish comes before the start" in response.content.decode()


def test_ideas_are_listed_graded_and_ranked(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    client.post(step_url(goal, "ideas"), {"answer": "Volunteer\n\n  Ask Dana  \nA course"})
    ideas = {o.text: o for o in Option.objects.filter(goal=goal)}
    assert set(ideas) == {"Volunteer", "Ask Dana", "A course"}
    grades = {
        f"appeal_{ideas['Volunteer'].pk}": "4",
        f"helps_{ideas['Volunteer'].pk}": "5",
        f"appeal_{ideas['Ask Dana'].pk}": "9",
        f"helps_{ideas['Ask Dana'].pk}": "8",
    }
    response = client.post(step_url(goal, "grade"), grades)
    assert response["Location"] == step_url(goal, "choose")
    page = client.get(step_url(goal, "choose")).content.decode()
    # Highest graded first, ungraded last.
    assert page.index("Ask Dana") < page.index("Volunteer") < page.index("A course")
    client.post(step_url(goal, "choose"), {"answer": [ideas["Ask Dana"].pk]})
    assert list(Option.objects.filter(chosen=True).values_list("text", flat=True)) == ["Ask Dana"]


def test_a_grade_outside_one_to_ten_is_refused(participant: Any, goal: Goal) -> None:
    option = Option.objects.create(organization=goal.organization, goal=goal, text="Walk")
    response = client_for(participant).post(step_url(goal, "grade"), {f"appeal_{option.pk}": "11"})
    assert response.status_code == 200
    option.refresh_from_db()
    assert option.appeal is None


def test_below_ten_asks_what_stops_it(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    response = client.post(step_url(goal, "commitment"), {"answer": "7"})
    assert response["Location"] == step_url(goal, "not_ten")
    client.post(step_url(goal, "not_ten"), {"answer": "Mornings are hard"})
    goal.refresh_from_db()
    assert goal.commitment == 7 and goal.answers["not_ten"] == "Mornings are hard"


def test_a_ten_needs_no_more_asking(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    response = client.post(step_url(goal, "commitment"), {"answer": "10"})
    assert response["Location"] == step_url(goal, "actions")
    assert client.get(step_url(goal, "not_ten")).status_code == 404


def test_the_last_step_adds_actions(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    response = client.post(
        step_url(goal, "actions"), {"text": "Call the library", "due_on": "2027-01-05"}
    )
    assert response["Location"] == step_url(goal, "actions")
    action = Action.objects.get()
    assert action.text == "Call the library" and str(action.due_on) == "2027-01-05"


def test_an_unknown_question_is_not_found(participant: Any, goal: Goal) -> None:
    assert client_for(participant).get(step_url(goal, "nope")).status_code == 404


def test_every_step_renders(participant: Any, goal: Goal) -> None:
    goal.commitment = 6
    goal.save()
    Option.objects.create(organization=goal.organization, goal=goal, text="Walk")
    client = client_for(participant)
    for step in grow.steps_for(goal):
        response = client.get(step_url(goal, step.key))
        assert response.status_code == 200, step.key
        assert str(step.question) in response.content.decode()
