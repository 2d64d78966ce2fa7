"""Only the owner, and whoever the owner named, read a plan; withdrawal works at once."""

from typing import Any

import pytest
from django.urls import reverse

from circles.accounts.models import AuditEvent, Role
from circles.plans import actions
from circles.plans.models import Comment, Goal, Helper, Plan, PlanRead, PlanShare, WellnessPlan
from circles.testing.fixtures import client_for, make_member

pytestmark = pytest.mark.django_db


def share(plan: Plan, part: str, person: Any, goal: Goal | None = None) -> PlanShare:
    return actions.share_plan(
        plan,
        part=part,
        goal=goal,
        shared_with=person,
        for_safety=False,
        purpose="For our sessions",
        actor=plan.owner,
    )


def view(share_: PlanShare) -> str:
    return reverse("shared_view", args=["riverside", share_.pk])


def test_the_ladder_for_a_shared_goal(everyone: Any, goal: Goal, riverside: Any) -> None:
    shared = share(goal.plan, PlanShare.Part.GOAL, everyone["specialist"], goal)
    other_specialist = make_member(riverside, Role.SPECIALIST, "pat@example.org", "Pat")
    goal_page = reverse("goal_detail", args=["riverside", goal.pk])

    # The owner reads their goal; the specialist it was shared with reads the share.
    assert client_for(everyone["participant"]).get(goal_page).status_code == 200
    response = client_for(everyone["specialist"]).get(view(shared))
    assert response.status_code == 200 and "Back to work" in response.content.decode()

    # Nobody else, whatever their role, reads either.
    for person in (other_specialist, everyone["supervisor"], everyone["admin"]):
        assert client_for(person).get(view(shared)).status_code == 403
        assert client_for(person).get(goal_page).status_code == 403
    # The specialist reads the share, not the owner's own goal pages.
    assert client_for(everyone["specialist"]).get(goal_page).status_code == 403
    # Another organisation does not learn it exists.
    assert client_for(everyone["outsider"]).get(view(shared)).status_code == 404
    lakeshore_url = reverse("shared_view", args=["lakeshore", shared.pk])
    assert client_for(everyone["outsider"]).get(lakeshore_url).status_code == 404

    # After withdrawal, the very next request is refused.
    client_for(everyone["participant"]).post(
        reverse("share_withdraw", args=["riverside", shared.pk])
    )
    assert client_for(everyone["specialist"]).get(view(shared)).status_code == 403
    comment = reverse("shared_comment", args=["riverside", shared.pk])
    assert client_for(everyone["specialist"]).post(comment, {"text": "Hi"}).status_code == 403


def test_a_shared_goal_shows_that_goal_and_nothing_else(
    participant: Any, specialist: Any, goal: Goal
) -> None:
    plan = goal.plan
    plan.strengths = "Patient and kind"
    plan.save()
    Goal.objects.create(organization=plan.organization, plan=plan, title="Sleep better")
    Helper.objects.create(organization=plan.organization, plan=plan, name="Aunt Rosa")
    WellnessPlan.objects.create(
        organization=plan.organization, plan=plan, keeps_me_well="Morning walks"
    )
    shared = share(plan, PlanShare.Part.GOAL, specialist, goal)
    page = client_for(specialist).get(view(shared)).content.decode()
    assert "Back to work" in page
    for private in ("Sleep better", "Aunt Rosa", "Morning walks", "Patient and kind"):
        assert private not in page
    listing = client_for(specialist).get(reverse("shared_list", args=["riverside"]))
    assert "Back to work" in listing.content.decode()
    assert "Sleep better" not in listing.content.decode()


def test_the_whole_plan_shows_everything(participant: Any, specialist: Any, goal: Goal) -> None:
    plan = goal.plan
    Helper.objects.create(organization=plan.organization, plan=plan, name="Aunt Rosa")
    WellnessPlan.objects.create(
        organization=plan.organization, plan=plan, keeps_me_well="Morning walks"
    )
    page = client_for(specialist).get(view(share(plan, "whole", specialist))).content.decode()
    for seen in ("Back to work", "Aunt Rosa", "Morning walks"):
        assert seen in page


def test_every_read_is_audited_and_shown_to_the_person(
    participant: Any, specialist: Any, goal: Goal
) -> None:
    shared = share(goal.plan, PlanShare.Part.GOAL, specialist, goal)
    client_for(specialist).get(view(shared))
    read = PlanRead.objects.get()
    assert read.reader == specialist and read.share == shared
    event = AuditEvent.objects.get(action="plans.read")
    assert event.actor_id == specialist.pk and event.detail["goal"] == goal.pk
    plan_page = client_for(participant).get(reverse("plan_home", args=["riverside"]))
    assert "Jordan looked at your goal “Back to work” on" in plan_page.content.decode()
    sharing = client_for(participant).get(reverse("plan_sharing", args=["riverside"]))
    assert "Jordan looked at your goal “Back to work” on" in sharing.content.decode()


def test_the_owner_reading_their_own_plan_is_no_event(participant: Any, goal: Goal) -> None:
    client_for(participant).get(reverse("goal_detail", args=["riverside", goal.pk]))
    client_for(participant).get(reverse("plan_home", args=["riverside"]))
    assert not PlanRead.objects.exists()
    assert not AuditEvent.objects.filter(action="plans.read").exists()


def test_encouraging_comments_reach_the_person(
    participant: Any, specialist: Any, goal: Goal
) -> None:
    shared = share(goal.plan, PlanShare.Part.GOAL, specialist, goal)
    url = reverse("shared_comment", args=["riverside", shared.pk])
    client_for(specialist).post(url, {"text": "You have come so far!"})
    assert Comment.objects.get().goal == goal
    page = client_for(participant).get(reverse("goal_detail", args=["riverside", goal.pk]))
    assert "You have come so far!" in page.content.decode()
    # Too long a comment is shown back with what was typed.
    long_text = "x" * 1200
    response = client_for(specialist).post(url, {"text": long_text})
    assert response.status_code == 200 and long_text in response.content.decode()


def test_sharing_through_the_page(participant: Any, specialist: Any, goal: Goal) -> None:
    client = client_for(participant)
    url = reverse("plan_sharing", args=["riverside"])
    # Nobody chosen: the form comes back, nothing is shared.
    response = client.post(url, {"part": "goal", "goal": goal.pk, "purpose": "x"})
    assert response.status_code == 200 and "Please choose the person" in response.content.decode()
    assert not PlanShare.objects.exists()
    client.post(url, {"part": "goal", "goal": goal.pk, "shared_with": specialist.pk})
    made = PlanShare.objects.get()
    assert made.shared_with == specialist and made.goal == goal
    assert AuditEvent.objects.filter(action="plans.shared").count() == 1


def test_only_staff_of_this_organisation_can_be_chosen(
    participant: Any, participant2: Any, outsider: Any, goal: Goal
) -> None:
    client = client_for(participant)
    url = reverse("plan_sharing", args=["riverside"])
    for person in (participant2, outsider, participant):
        client.post(url, {"part": "whole", "shared_with": person.pk})
    assert not PlanShare.objects.exists()


def test_another_members_goal_cannot_be_shared(
    participant: Any, participant2: Any, specialist: Any, goal: Goal
) -> None:
    client = client_for(participant2)
    url = reverse("plan_sharing", args=["riverside"])
    client.post(url, {"part": "goal", "goal": goal.pk, "shared_with": specialist.pk})
    assert not PlanShare.objects.exists()


def test_the_wellness_plan_for_safety_is_not_a_named_share(
    participant: Any, specialist: Any, casey_plan: Plan
) -> None:
    client = client_for(participant)
    url = reverse("plan_sharing", args=["riverside"])
    client.post(url, {"part": "goal", "for_safety": "on"})
    assert not PlanShare.objects.exists()
    client.post(url, {"part": "wellness", "for_safety": "on"})
    made = PlanShare.objects.get()
    assert made.for_safety and made.shared_with is None
    assert client_for(specialist).get(view(made)).status_code == 403


def test_the_owner_withdraws_only_their_own_share(
    participant: Any, participant2: Any, specialist: Any, goal: Goal
) -> None:
    shared = share(goal.plan, PlanShare.Part.GOAL, specialist, goal)
    url = reverse("share_withdraw", args=["riverside", shared.pk])
    assert client_for(participant2).post(url).status_code == 403
    assert client_for(specialist).post(url).status_code == 403
    shared.refresh_from_db()
    assert shared.is_active
    client_for(participant).post(url)
    shared.refresh_from_db()
    assert not shared.is_active
