"""The person's own pages: plan, goal, reviews, helpers, wellness, print, download, delete."""

import json
from typing import Any

import pytest
from django.db import connection
from django.urls import reverse

from circles.accounts.models import AuditEvent
from circles.plans import actions
from circles.plans.models import (
    Action,
    Goal,
    Helper,
    Option,
    Plan,
    PlanShare,
    Review,
    WellnessPlan,
)
from circles.testing.fixtures import client_for

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(name, args=["riverside", *args])


def test_about_me_is_saved_and_shown(participant: Any) -> None:
    client = client_for(participant)
    client.post(
        url("plan_about"), {"strengths": "I listen well", "interests": "", "what_matters": ""}
    )
    assert Plan.objects.get().strengths == "I listen well"
    assert "I listen well" in client.get(url("plan_home")).content.decode()


def test_too_long_keeps_what_was_typed(participant: Any) -> None:
    text = "a" * 4001
    response = client_for(participant).post(url("plan_about"), {"strengths": text})
    assert response.status_code == 200 and text in response.content.decode()
    assert not Plan.objects.exists()


def test_every_role_has_a_plan_of_their_own(everyone: Any) -> None:
    for persona in ("admin", "supervisor", "specialist", "observer", "participant"):
        client_for(everyone[persona]).post(url("goal_new"), {"title": f"{persona}'s goal"})
    assert Plan.objects.count() == 5
    page = client_for(everyone["admin"]).get(url("plan_home")).content.decode()
    assert "admin&#x27;s goal" in page and "participant&#x27;s goal" not in page


def test_steps_are_added_done_and_removed(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    client.post(url("action_add", goal.pk), {"text": "Call the library", "due_on": "2027-01-05"})
    action = Action.objects.get()
    client.post(url("action_done", action.pk))
    action.refresh_from_db()
    assert action.is_done
    page = client.get(url("goal_detail", goal.pk)).content.decode()
    assert "I did it: Call the library" in page
    client.post(url("action_delete", action.pk))
    assert not Action.objects.exists()


def test_a_step_without_words_is_refused_kindly(participant: Any, goal: Goal) -> None:
    response = client_for(participant).post(url("action_add", goal.pk), {"due_on": "2027-01-05"})
    assert response.status_code == 200
    assert "Please write what you will do" in response.content.decode()


def test_a_review_celebrates_successes_on_the_timeline(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    client.post(
        url("goal_review", goal.pk),
        {
            "progress": "4",
            "successes": "I went to two interviews",
            "learned": "Rest the night before",
            "status": "active",
        },
    )
    review = Review.objects.get()
    assert review.progress == 4
    page = client.get(url("goal_detail", goal.pk)).content.decode()
    assert "Something to celebrate" in page
    assert page.count("I went to two interviews") == 2  # the celebration and the timeline
    assert "What I learned:" in page and "I started this goal." in page


def test_a_review_can_mark_the_goal_reached(participant: Any, goal: Goal) -> None:
    client_for(participant).post(url("goal_review", goal.pk), {"status": "reached"})
    goal.refresh_from_db()
    assert goal.status == Goal.Status.REACHED


def test_deleting_a_goal(participant: Any, goal: Goal) -> None:
    client = client_for(participant)
    assert client.get(url("goal_delete", goal.pk)).status_code == 200
    assert Goal.objects.exists()
    client.post(url("goal_delete", goal.pk))
    assert not Goal.objects.exists()
    assert AuditEvent.objects.filter(action="plans.goal_deleted").exists()


def test_circles_of_helpers_picture_and_words(participant: Any) -> None:
    client = client_for(participant)
    client.post(
        url("plan_helpers"),
        {"name": "Dana", "how_known": "My sister", "ring": "1", "empathy": "on"},
    )
    client.post(url("plan_helpers"), {"name": "The library", "ring": "3"})
    page = client.get(url("plan_helpers")).content.decode()
    assert "<svg" in page and 'role="img"' in page
    assert ">Dana</text>" in page  # on the picture
    assert "<strong>Dana</strong> · My sister" in page  # in words
    assert "Brings: empathy" in page
    dana = Helper.objects.get(ring=1)
    client.post(url("helper_further", dana.pk))
    client.post(url("helper_further", dana.pk))
    client.post(url("helper_further", dana.pk))
    dana.refresh_from_db()
    assert dana.ring == 3
    client.post(url("helper_closer", dana.pk))
    dana.refresh_from_db()
    assert dana.ring == 2
    client.post(url("helper_edit", dana.pk), {"name": "Dana R", "ring": "1"})
    dana.refresh_from_db()
    assert dana.name == "Dana R" and dana.ring == 1
    client.post(url("helper_delete", dana.pk))
    assert list(Helper.objects.values_list("name", flat=True)) == ["The library"]


def test_a_helper_needs_a_name(participant: Any) -> None:
    response = client_for(participant).post(url("plan_helpers"), {"how_known": "work", "ring": "2"})
    assert response.status_code == 200 and "work" in response.content.decode()
    assert not Helper.objects.exists()


def test_the_wellness_plan_has_no_required_question(participant: Any) -> None:
    client = client_for(participant)
    response = client.post(url("plan_wellness"), {"do_not_want": "Being held down"})
    assert response.status_code == 302
    assert WellnessPlan.objects.get().do_not_want == "Being held down"
    page = client.get(url("plan_wellness")).content.decode()
    assert "Being held down" in page and "Only you can see this." in page


def test_print_has_everything(participant: Any, goal: Goal) -> None:
    goal.set_answer("issue", "Out of work a year")
    goal.save()
    Helper.objects.create(organization=goal.organization, plan=goal.plan, name="Dana")
    WellnessPlan.objects.create(
        organization=goal.organization, plan=goal.plan, helps_in_crisis="Quiet"
    )
    page = client_for(participant).get(url("plan_print")).content.decode()
    for seen in ("Back to work", "Out of work a year", "Dana", "Quiet", "<svg"):
        assert seen in page


def test_download_is_the_whole_plan_as_json(participant: Any, goal: Goal) -> None:
    Option.objects.create(organization=goal.organization, goal=goal, text="Volunteer", appeal=6)
    response = client_for(participant).get(url("plan_download"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["goals"][0]["title"] == "Back to work"
    assert data["goals"][0]["options"][0] == {
        "idea": "Volunteer",
        "appeal": 6,
        "helps": None,
        "chosen": False,
    }


def test_download_with_no_plan_yet(participant: Any) -> None:
    data = json.loads(client_for(participant).get(url("plan_download")).content)
    assert data["goals"] == []


def test_delete_needs_the_box_ticked_then_removes_everything(
    participant: Any, specialist: Any, goal: Goal
) -> None:
    shared = actions.share_plan(
        goal.plan,
        part="whole",
        goal=None,
        shared_with=specialist,
        for_safety=False,
        purpose="",
        actor=participant,
    )
    client = client_for(participant)
    response = client.post(url("plan_delete"), {})
    assert response.status_code == 200 and Plan.objects.exists()
    client.post(url("plan_delete"), {"confirm": "on"})
    assert not Plan.objects.exists() and not Goal.objects.exists()
    assert not PlanShare.objects.exists()
    assert client_for(specialist).get(url("shared_view", shared.pk)).status_code == 404
    assert AuditEvent.objects.filter(action="plans.deleted").exists()


def test_reminders_are_off_until_turned_on(participant: Any) -> None:
    client = client_for(participant)
    client.post(url("plan_reminders"), {"reminders": "on"})
    assert Plan.objects.get().reminders
    client.post(url("plan_reminders"), {})
    assert not Plan.objects.get().reminders


def test_free_text_is_encrypted_at_rest(participant: Any, specialist: Any, goal: Goal) -> None:
    """Every encrypted column of every plans table holds tokens, never the words."""
    from django.apps import apps

    from circles.lib.crypto import EncryptedTextField

    client = client_for(participant)
    client.post(url("plan_about"), {"strengths": "Secret strength"})
    client.post(url("goal_step", goal.pk, "issue"), {"answer": "Secret worry"})
    client.post(url("goal_step", goal.pk, "ideas"), {"answer": "Secret idea"})
    client.post(url("action_add", goal.pk), {"text": "Secret step"})
    client.post(url("goal_review", goal.pk), {"successes": "Secret success"})
    client.post(url("plan_helpers"), {"name": "Secret helper", "how_known": "Secret", "ring": "1"})
    client.post(url("plan_wellness"), {"from_staff": "Secret wish"})
    client.post(
        url("plan_sharing"),
        {"part": "goal", "goal": goal.pk, "shared_with": specialist.pk, "purpose": "Secret why"},
    )
    share = PlanShare.objects.get()
    client_for(specialist).get(url("shared_view", share.pk))
    client_for(specialist).post(url("shared_comment", share.pk), {"text": "Secret cheer"})
    checked = 0
    checked_by: dict[str, int] = {}
    for model in apps.get_app_config("plans").get_models():
        columns = [
            str(f.column) for f in model._meta.local_fields if isinstance(f, EncryptedTextField)
        ]
        if not columns:
            continue
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(columns)} FROM {model._meta.db_table}")
            rows = cursor.fetchall()
        assert rows, f"nothing stored in {model.__name__}"
        for row in rows:
            for raw in row:
                if raw:
                    assert "Secret" not in raw and "Back to work" not in raw
                    assert raw.startswith("fernet:")
                    checked += 1
                    checked_by[model.__name__] = checked_by.get(model.__name__, 0) + 1
    assert checked == 12, checked_by


def test_an_overlong_goal_name_is_shown_back(participant: Any) -> None:
    name = "n" * 201
    response = client_for(participant).post(url("goal_new"), {"title": name})
    assert response.status_code == 200 and name in response.content.decode()
    assert not Goal.objects.exists()


def test_sharing_the_same_thing_twice_makes_one_share(
    participant: Any, specialist: Any, goal: Goal
) -> None:
    client = client_for(participant)
    for _ in range(2):
        client.post(
            url("plan_sharing"), {"part": "goal", "goal": goal.pk, "shared_with": specialist.pk}
        )
    assert PlanShare.objects.count() == 1


def test_plan_page_queries_do_not_grow(
    participant: Any, goal: Goal, specialist: Any, django_assert_num_queries: Any
) -> None:
    client = client_for(participant)

    def add_more(n: int) -> None:
        for i in range(n):
            g = Goal.objects.create(organization=goal.organization, plan=goal.plan, title=f"G{i}")
            Action.objects.create(organization=goal.organization, goal=g, text=f"Step {i}")
            Helper.objects.create(organization=goal.organization, plan=goal.plan, name=f"H{i}")
            share = actions.share_plan(
                goal.plan,
                part="goal",
                goal=g,
                shared_with=specialist,
                for_safety=False,
                purpose="",
                actor=participant,
            )
            actions.record_plan_read(goal.plan, reader=specialist, part="goal", goal=g, share=share)
            actions.add_comment(share, goal=g, author=specialist, text="Go you")

    add_more(1)
    client.get(url("plan_home"))
    with django_assert_num_queries(11) as first:
        client.get(url("plan_home"))
    add_more(4)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url("plan_home"))
